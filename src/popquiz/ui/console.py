"""The one place a Rich console is configured (colour, width, plain mode)."""

from __future__ import annotations

import os

from rich.console import Console


def make_console(
    *, plain: bool = False, no_color: bool = False, stderr: bool = False, width: int | None = None
) -> Console:
    """A console honouring NO_COLOR / --no-color and --plain; never emits hyperlinks."""
    colourless = no_color or plain or bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr,
        no_color=colourless,
        color_system=None if colourless else "auto",
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        safe_box=True,
    )
