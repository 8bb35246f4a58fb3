"""The lines that end an interactive result: what can be done next, one command a line (the
reveal's layout around it is the interactive screen's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.i18n import t

if TYPE_CHECKING:
    from rich.console import Console


def next_steps(
    lang: str, number: int | None, *, prog: str = "popquiz", bank_ref: str | None = None
) -> str:
    """The hint: export (from history when the result was saved as ``number``), compare,
    retake (the same bank), history; each command as the user can type it (``prog``: popquiz
    as it was started, see popquiz.cli.common.invoked_as)."""
    import shlex

    from popquiz.errors import printable

    take = f"{prog} take"
    retake = f"{take} {shlex.quote(bank_ref)}" if bank_ref else take
    if number is None:
        export = f"{retake} --export card.html"
    else:
        export = f"{prog} history show {number} --export card.html"
    commands = {
        "export": export,
        "compare": f"{prog} compare",
        "retake": retake,
        "history": f"{prog} history",
    }
    return t(lang, "hint.next", **{k: printable(v) for k, v in commands.items()})


def print_next_steps(console: Console, text: str, *, plain: bool) -> None:
    from popquiz.ui.render import plain_text

    console.print(plain_text(text, "" if plain else "dim"))
