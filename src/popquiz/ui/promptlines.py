"""The lines of a questionary prompt, broken by popquiz's line breaker (popquiz.text.linebreak)
rather than left to the terminal, which would split a Korean word, start a line with a small
kana or draw a long answer echo over the choices: the prompt's message and key hint, each
choice's title, and the echo of the answer chosen (questionary's own is erased)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from popquiz.text.linebreak import hanging_breaks
from popquiz.ui.richtext import plain_text

if TYPE_CHECKING:
    from rich.console import Console

CHOICE_INDENT = 6  # questionary's " ❯ " pointer column plus the "1) " shortcut
PROMPT_INDENT = 2  # under the text after questionary's "? "


def prompt_message(message: str, hint: str, width: int) -> str:
    """The prompt's message, with line breaks where popquiz's line breaker puts them, so that
    "? message hint" never reaches the terminal's edge; the key hint stays whole, on a line
    of its own when it does not fit after the message."""
    room = max(width - 1, 10)
    line = f"? {message}"
    cuts = hanging_breaks(line, room, PROMPT_INDENT)
    pieces = [line[a:b].rstrip(" ") for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    joined = ("\n" + " " * PROMPT_INDENT).join(pieces)[2:]
    last = joined.rsplit("\n", 1)[-1] if cuts else line
    if cell_len(f"{last} {hint}") > room:
        joined += "\n" + " " * (PROMPT_INDENT - 1)  # questionary adds a space before the hint
    return joined


def echo(message: str, title: str, width: int, *, plain: bool) -> Text:
    """ "? message answer" after a choice, the answer's whole ``title`` broken by popquiz's
    line breaker, later lines indented under the message."""
    line = Text("?", style="" if plain else "bold magenta")
    line.append(f" {message} ", style="" if plain else "bold")
    line.append(title, style="" if plain else "bold cyan")
    cuts = hanging_breaks(line.plain, max(width - 1, 10), PROMPT_INDENT)
    out = Text()
    for i, piece in enumerate(line.divide(cuts)):
        piece.rstrip()
        if i:
            out.append("\n" + " " * PROMPT_INDENT)
        out.append_text(piece)
    out.no_wrap = True
    return out


def wrap_title(console: Console, title: str, width: int) -> str:
    """A choice's title wrapped to ``width`` cells, continuation lines indented under it.

    prompt_toolkit does not wrap the choice list; a long answer would be cut at the edge.
    """
    if console.measure(Text(title)).maximum <= width:
        return title
    lines = plain_text(title).wrap(console, max(width, 10))
    return ("\n" + " " * CHOICE_INDENT).join(line.plain.rstrip() for line in lines)
