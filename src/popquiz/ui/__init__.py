"""The terminal layer: prompts, screens and exports; the only package that imports rich and
questionary, and only when it is about to render or prompt (never at import of this package).

Every result renderer reads the typed result (:mod:`popquiz.engine.report_types`) and words it
through :mod:`~popquiz.ui.result_words` (verdict line, axis position, last time, how it stopped).

May import: ``popquiz.store``, ``popquiz.engine``, ``popquiz.bank``, ``popquiz.errors``,
``popquiz.text`` and ``popquiz.i18n``; only ``popquiz.cli`` imports it. The line-breaking,
cell-width and typography rules it renders with live in :mod:`popquiz.text`;
:mod:`~popquiz.ui.richtext` is the Rich ``Text`` that applies them.
"""
