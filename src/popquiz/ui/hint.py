"""The one line that ends an interactive result: what can be done next (issue 17 owns its text;
the reveal's layout around it is the interactive screen's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.i18n import t

if TYPE_CHECKING:
    from rich.console import Console


def next_steps(lang: str, number: int | None) -> str:
    """The hint: export (from history when the result was saved as ``number``), compare,
    retake, history."""
    if number is None:
        export = "popquiz take --export card.html"
    else:
        export = f"popquiz history show {number} --export card.html"
    return t(lang, "hint.next", export=export)


def print_next_steps(console: Console, lang: str, number: int | None, *, plain: bool) -> None:
    from rich.text import Text

    console.print(Text(next_steps(lang, number), style="" if plain else "dim"))
