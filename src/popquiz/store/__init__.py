"""What lives on the user's machine: folders, banks found there, caches and history.

* :mod:`~popquiz.store.paths` — the data, cache and built-in bank folders, and the atomic cache
  writer;
* :mod:`~popquiz.store.library` — bank discovery (paths, user folder, packs, built-in) and ids;
* :mod:`~popquiz.store.bankcache` — the compiled-bank cache and ``open_bank``, which composes
  cache lookup → :mod:`popquiz.bank.loader` → cache store;
* :mod:`~popquiz.store.history` — finished results, in one SQLite database per user;
* :mod:`~popquiz.store.results` — the columns of one stored result, and reading them back
  inertly;
* :mod:`~popquiz.store.pending` — results kept aside while another process locked the
  history, added by the next popquiz that can write it;
* :mod:`~popquiz.store.progress` — paused quizzes, kept in the same database, and the rules
  that never let a better paused quiz be overwritten;
* :mod:`~popquiz.store.database` — opening that SQLite file safely (damaged, foreign,
  read-only or newer files), transactions and JSON columns;
* :mod:`~popquiz.store.outputs` — writing exported files safely.

May import: ``popquiz.engine``, ``popquiz.bank``, ``popquiz.errors``, ``popquiz.text`` and
``popquiz.i18n``; never the UI or the command line. It reads and writes files but never prints.
"""
