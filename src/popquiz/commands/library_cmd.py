"""`popquiz list` (bank library; see popquiz.library)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    del app
