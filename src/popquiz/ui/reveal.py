"""The reveal after the last answer: the payoff on one screen, then the rest, a page at a time.

The screen was just cleared by the quiz. First comes what the taker waited for: the result's
title, the verdict and the outcome's description, then one bar per axis, laid out to fit the
terminal's height (80×24 included; the description joins them only when it still fits, else
it opens the next page). Enter then shows the rest: why it fits, the answers that moved you
most and the acts to play first, in pages that each fit the terminal with their "Press Enter"
line (cut between blocks, never through an act), so nothing scrolls off before it was seen.
The last page ends with the next steps, said once, so that the last thing on screen is what to
do next.

``--plain`` (screen readers), ``--answers``, ``--random`` and ``--json`` keep the single,
linear result of :func:`popquiz.ui.render.result_renderable`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

from popquiz.i18n import t
from popquiz.ui.lineinput import ask_wrapped
from popquiz.ui.render import (
    _axes,
    _heading,
    _previous_line,
    answers_and_picks,
    plain_text,
    why_it_fits,
)
from popquiz.ui.result_words import play_note, verdict_words

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report


def headline(
    report: Report, width: int, *, previous: Report | None, describe: bool
) -> RenderableType:
    """The verdict panel (title, verdict, optionally the description) and the axis bars."""
    lang = report["language"]
    outcome = report["outcome"]
    body: list[RenderableType] = [
        plain_text(outcome["title"], "bold"),
        plain_text(verdict_words(lang, outcome), "magenta"),
    ]
    if describe and outcome["description"]:
        body += [Text(""), plain_text(outcome["description"])]
    parts: list[RenderableType] = [
        Panel(
            Group(*body),
            title=Text(t(lang, "result.heading"), style="bold"),
            box=box.ROUNDED,
            padding=(0, 1),
        )
    ]
    if (note := play_note(lang, report)) is not None:  # locked in, or a quick estimate
        parts.append(plain_text(note, "italic yellow"))
    if previous is not None:
        parts.append(_previous_line(lang, outcome, previous["outcome"], False))
    parts.append(_heading(t(lang, "result.axes"), False))
    parts.append(_axes(report, width, False))
    return Group(*parts)


def details(
    report: Report, width: int, *, described: bool, links: bool = False
) -> list[RenderableType]:
    """Everything the headline left out, in the order of the full result screen."""
    parts: list[RenderableType] = []
    if not described and report["outcome"]["description"]:
        parts.append(plain_text(report["outcome"]["description"]))
    parts += why_it_fits(report, plain=False)
    parts += answers_and_picks(report, width, plain=False, links=links)
    return parts


def rows(console: Console, renderable: RenderableType) -> int:
    """How many terminal rows ``renderable`` takes at the console's width."""
    return len(console.render_lines(renderable, console.options, pad=False))


def _rows_of(question: str, width: int) -> int:
    """The rows popquiz.ui.lineinput.ask_wrapped shows ``question`` on."""
    from popquiz.text.linebreak import hang

    return len(hang(question.rstrip(" "), max(width - 1, 10)).split("\n"))


class _Lines:
    """Lines already laid out for the console (a page of the reveal)."""

    def __init__(self, lines: list[list[Segment]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


def _blank(line: list[Segment]) -> bool:
    return not "".join(segment.text for segment in line).strip()


def pages(console: Console, renderable: RenderableType, room: int) -> list[list[list[Segment]]]:
    """``renderable`` laid out and cut into pages of at most ``room`` rows, each cut at the
    last blank line of the page when there is one in its lower half (between two blocks, not
    through an act's lines); blank lines never open a page."""
    lines = console.render_lines(renderable, console.options, pad=False)
    room = max(room, 3)
    out: list[list[list[Segment]]] = []
    while lines:
        while out and lines and _blank(lines[0]):
            lines = lines[1:]
        if not lines:
            break
        if len(lines) <= room:
            out.append(lines)
            break
        cut = next((i for i in range(room, room // 2, -1) if _blank(lines[i])), room)
        out.append(lines[:cut])
        lines = lines[cut:]
    return out


def reveal(
    report: Report,
    console: Console,
    *,
    previous: Report | None,
    next_steps: str,
    links: bool = False,
    wait: Any = input,
) -> None:
    """Show the result as a reveal (see the module docstring). ``next_steps`` is the line of
    popquiz.ui.hint.next_steps; ``links`` as in popquiz.ui.render.render_report; ``wait``
    reads the Enter."""
    lang = report["language"]
    width, height = console.size
    # The rows a page may take: the terminal's, less its "Press Enter" question (as broken at
    # this width: a Korean one at 40 columns takes two) and the row the cursor waits on.
    asked = (t(lang, "reveal.more"), t(lang, "reveal.page", n=88, total=88))
    room = height - 1 - max(_rows_of(question, width) for question in asked)
    steps = plain_text(next_steps, "dim")
    top = headline(report, width, previous=previous, describe=True)
    described = rows(console, top) <= room
    if not described:
        top = headline(report, width, previous=previous, describe=False)
    rest = details(report, width, described=described, links=links)
    if not rest:  # nothing more to show: the next steps close the one screen
        first = pages(console, Group(top, Text(""), steps), room)
        later = []
    else:
        first = pages(console, top, room)
        later = pages(console, Group(*rest, Text(""), steps), room)
    shown = [*first, *later]
    for i, page in enumerate(shown):
        if i:
            if i == len(first):
                question = t(lang, "reveal.more")
            elif i < len(first):  # a headline taller than the terminal (many axes)
                question = t(lang, "reveal.page", n=i + 1, total=len(first))
            else:
                question = t(lang, "reveal.page", n=i + 1 - len(first), total=len(later))
            try:
                ask_wrapped(console, question, wait)
            except (EOFError, KeyboardInterrupt):  # the result is shown and saved: stop here
                console.print()
                return
        console.print(_Lines(page), soft_wrap=True)
