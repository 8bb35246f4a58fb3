"""The bank format and reading it: what a question bank is, and how a file becomes one.

* :mod:`~popquiz.bank.spec` — the pydantic models: the one definition of the format, its
  JSON Schema and its reference; :mod:`~popquiz.bank.spec_values` — the value types they are
  built from (ids, texts, positions, weights); :mod:`~popquiz.bank.spec_card` — the ``card:``
  section (the shared card's type names, number, looks and readable colours);
* :mod:`~popquiz.bank.safeio` — the one safe way to read a file (no FIFOs, size limits, UTF-8);
* :mod:`~popquiz.bank.yamlsafe` — the hardened YAML reader: text → located ``Document``
  (:mod:`~popquiz.bank.yamldoc`); :mod:`~popquiz.bank.yamltext` — how it resolves plain
  values and which characters it refuses in text; :mod:`~popquiz.bank.yamlform` — the YAML
  forms it refuses so that libyaml and the pure-Python parser give one verdict;
* :mod:`~popquiz.bank.jsonsafe` — the hardened JSON reader for files others write (a friend's
  result): a bank's size, depth and item limits, bounded strings, finite numbers;
* :mod:`~popquiz.bank.loader` — checking a file: ``check(path or bytes)`` → ``Checked`` (its
  kind, data, every problem and the parsed document), and ``load_bank``; the checks it runs
  are :mod:`~popquiz.bank.schema_errors` (the format's errors, located, with "did you mean"),
  :mod:`~popquiz.bank.crosscheck` (ids, axes, scenes, conditions, languages, the bank's own
  tests) and :mod:`~popquiz.bank.catalogue` (act catalogues), sharing
  :mod:`~popquiz.bank.checked`; :mod:`~popquiz.bank.filekind` says whether a file is a bank
  or a catalogue;
* :mod:`~popquiz.bank.lint` — warnings for valid files (untranslated text, parser
  differences);
* :mod:`~popquiz.bank.model` — the runtime bank: plain immutable records, no pydantic;
* :mod:`~popquiz.bank.editor_schema` — the JSON Schemas of a bank and a catalogue, shaped
  for editors (completion, hover, messages in words);
* :mod:`~popquiz.bank.migrate` — upgrading an older format's file as text (comments kept);
* :mod:`~popquiz.bank.answers` — answers files; :mod:`~popquiz.bank.diagnostics` — a list of
  diagnostics as text, JSON or GitHub annotations.

May import: ``popquiz.errors``, ``popquiz.text`` and ``popquiz.i18n`` only (the lowest layer
above them: never the engine, the store, the UI or the command line). Nothing here prints or
reads the terminal.
"""
