"""The lines that end an interactive result: what can be done next, one command a line (the
reveal's layout around it is the interactive screen's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.i18n import t

if TYPE_CHECKING:
    from rich.console import Console


def next_steps(
    lang: str,
    number: int | None,
    *,
    prog: str = "popquiz",
    bank_ref: str | None = None,
    reach: tuple[str, str] | None = None,
) -> str:
    """What can be done next, one line each: save a card (from history when the result was
    saved as ``number``), compare it with a friend's result (only a saved result has a number
    to compare), play again and see past results. ``prog`` is popquiz as the commands name it;
    ``reach`` says once how to get it when that name is not on PATH: ``("activate", command)``
    or ``("program", path)`` (see popquiz.cli.common.reaching_popquiz)."""
    import shlex

    from popquiz.errors import printable

    take = f"{prog} take"
    retake = f"{take} {shlex.quote(bank_ref)}" if bank_ref else take
    if number is None:
        export = f"{retake} --export card.png"
    else:
        export = f"{prog} history show {number} --export card.png"
    lines = [t(lang, "hint.head"), "  " + t(lang, "hint.export", command=printable(export))]
    if number is not None:
        compare = f"{prog} compare {number} friend.json"
        lines.append("  " + t(lang, "hint.compare", command=printable(compare)))
    again = t(lang, "hint.again", retake=printable(retake), history=printable(f"{prog} history"))
    lines.append("  " + again)
    if reach is not None:  # the command alone on its line: whole, and easy to copy
        how, command = reach
        lines += ["  " + t(lang, f"hint.{how}"), "    " + printable(command)]
    return "\n".join(lines)


def print_next_steps(console: Console, text: str, *, plain: bool) -> None:
    from popquiz.ui.render import plain_text

    console.print(plain_text(text, "" if plain else "dim"))
