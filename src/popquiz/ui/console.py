"""The one place a Rich console is configured (colour, width, plain mode)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import IO, Literal

from rich.console import Console
from rich.segment import Segment

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
    return (_PlainConsole if plain else Console)(
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


class _PlainConsole(Console):
    """``--plain`` output: no line ends in spaces (Rich pads table cells and justified lines to
    their width), which a screen reader reads out and a copy carries along."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        text = super()._render_buffer(buffer)
        return _TRAILING.sub("", text)


_TRAILING = re.compile(r"[ \t]+(?=\n)")
