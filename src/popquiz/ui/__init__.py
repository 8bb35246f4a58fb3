"""The terminal layer: prompts, screens and exports; the only package that imports rich and
questionary, and only when it is about to render or prompt (never at import of this package).

The shared result card is laid out once, as SVG (:mod:`~popquiz.ui.card_svg`, from what
:mod:`~popquiz.ui.card` takes out of the report); :mod:`~popquiz.ui.card_page` embeds it in the
HTML card, :mod:`~popquiz.ui.card_png` draws it as PNG after :mod:`~popquiz.ui.card_fonts`
found every character in the installed fonts, and :mod:`~popquiz.ui.card_compare` draws a
comparison the same way.

Every result renderer reads the typed result (:mod:`popquiz.engine.report_types`) and words it
through :mod:`~popquiz.ui.result_words` (verdict line, axis position, last time, how it stopped).

May import: ``popquiz.store``, ``popquiz.engine``, ``popquiz.bank``, ``popquiz.errors``,
``popquiz.text`` and ``popquiz.i18n``; only ``popquiz.cli`` imports it. The line-breaking,
cell-width and typography rules it renders with live in :mod:`popquiz.text`;
:mod:`~popquiz.ui.richtext` is the Rich ``Text`` that applies them.
"""
