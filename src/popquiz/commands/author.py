"""`popquiz new` and `popquiz analyze` (see popquiz.analysis)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    del app
