"""The terminal layer: prompts, screens and exports; the only package that imports rich and
questionary, and only when it is about to render or prompt (never at import of this package).

May import: ``popquiz.store``, ``popquiz.engine``, ``popquiz.bank``, ``popquiz.errors`` and
``popquiz.i18n``; only ``popquiz.cli`` imports it.
"""
