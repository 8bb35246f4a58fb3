"""The command line: the entry point, the fast path, the typer app and one module per command.

May import: every layer below (``ui`` down to ``bank``) and ``errors``/``text``/``i18n``;
it is the top layer, so nothing imports it. Importing this package costs only the standard library:
``main``/``run`` live in :mod:`popquiz.cli.entry`, the typer app (``app``) is built on first use.
"""

from __future__ import annotations

from typing import Any

from popquiz.cli.entry import main, run

__all__ = ["app", "main", "run"]


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer app, for typer's test runner and documentation tools
        from popquiz.cli.typer_app import app

        return app
    raise AttributeError(f"module 'popquiz.cli' has no attribute {name!r}")
