"""The bank format and reading it: what a question bank is, and how a file becomes one.

* :mod:`~popquiz.bank.spec` — the pydantic models: the one definition of the format, its
  JSON Schema and its reference;
* :mod:`~popquiz.bank.yamlsafe` — the hardened YAML reader (events only, located values);
* :mod:`~popquiz.bank.loader` — checks a file in full and reports every problem at once;
* :mod:`~popquiz.bank.model` — the runtime bank: plain immutable records, no pydantic;
* :mod:`~popquiz.bank.answers` — answers files; :mod:`~popquiz.bank.diagnostics` — a list of
  diagnostics as text, JSON or GitHub annotations.

May import: ``popquiz.errors``, ``popquiz.text`` and ``popquiz.i18n`` only (the lowest layer
above them: never the engine, the store, the UI or the command line). Nothing here prints or
reads the terminal.
"""
