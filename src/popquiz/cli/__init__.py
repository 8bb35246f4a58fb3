"""The command line: the entry point, the quick parser, the typer app and one module per command.

- :mod:`~popquiz.cli.main`: ``main``/``run``, the one place errors become messages and exit
  statuses (re-exported here: the console script is ``popquiz.cli:main``, as
  ``unittest.main`` is re-exported by :mod:`unittest`);
- :mod:`~popquiz.cli.startup`: the garbage collector paused while a quiz starts;
- :mod:`~popquiz.cli.quickparse`: the command lines run most often, parsed without typer;
- :mod:`~popquiz.cli.options`: the options of ``take``, declared once for both parsers;
- :mod:`~popquiz.cli.typer_app` and :mod:`~popquiz.cli.completion`: the typer app, and the
  finish on its help and shell completion;
- one module per command or group: ``take``, ``validate``, ``library`` (``list``),
  ``history``, ``author`` (``new``, ``analyze``, ``test``), ``compare``, ``migrate``.

May import: every layer below (``ui`` down to ``bank``) and ``errors``/``text``/``i18n``;
it is the top layer, so nothing imports it. Importing this package costs only the standard library:
the typer app (``app``) is built on first use. No module here imports this package's namespace
(``from popquiz.cli import ...``): the package imports them, so that would be an import cycle.
"""

from __future__ import annotations

from typing import Any

from popquiz.cli.main import main, run

__all__ = ["app", "main", "run"]


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer app, for typer's test runner and documentation tools
        from popquiz.cli.typer_app import app

        return app
    raise AttributeError(f"module 'popquiz.cli' has no attribute {name!r}")
