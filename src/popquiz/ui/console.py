"""The one place a Rich console is configured (colour, width, plain mode)."""

from __future__ import annotations

import os
from typing import IO, Literal

from rich.console import Console

ColorSystem = Literal["auto", "standard", "256", "truecolor", "windows"]


def colourless(*, plain: bool = False, no_color: bool = False) -> bool:
    """True when no colour (and no other style codes) may be written: --plain, --no-color or
    a non-empty NO_COLOR (https://no-color.org)."""
    return no_color or plain or bool(os.environ.get("NO_COLOR"))


def make_console(
    *,
    plain: bool = False,
    no_color: bool = False,
    stderr: bool = False,
    width: int | None = None,
    file: IO[str] | None = None,
    force_terminal: bool | None = None,
    record: bool = False,
    color_system: ColorSystem = "auto",
) -> Console:
    """A console honouring NO_COLOR / --no-color and --plain; never emits hyperlinks.

    Markup, emoji codes and highlighting are off: every string printed is shown as written.
    """
    none = colourless(plain=plain, no_color=no_color)
    return Console(
        stderr=stderr,
        file=file,
        no_color=none,
        color_system=None if none else color_system,
        force_terminal=force_terminal,
        record=record,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        safe_box=True,
    )
