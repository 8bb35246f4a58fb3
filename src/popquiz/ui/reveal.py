"""The reveal after the last answer: the payoff on one screen, then the rest.

The screen was just cleared by the quiz. First comes what the taker waited for: the result's
title, the verdict and its strength, then one bar per axis, laid out to fit the terminal's
height (80×24 included; the outcome's description joins them only when it still fits) and
closed by the next-steps line. Enter then prints the rest below: the description, why it fits,
the answers that moved you most and the acts to play first, ending with the next-steps line
again, so that the last thing on screen is always what to do next.

``--plain`` (screen readers), ``--answers``, ``--random`` and ``--json`` keep the single,
linear result of :func:`popquiz.ui.render.result_renderable`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
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

RESERVED_ROWS = 2  # the "Press Enter" line and the row the cursor waits on


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
    steps = plain_text(next_steps, "dim")
    top = headline(report, width, previous=previous, describe=True)
    described = rows(console, Group(top, Text(""), steps)) + RESERVED_ROWS <= height
    if not described:
        top = headline(report, width, previous=previous, describe=False)
    console.print(top)
    console.print()
    console.print(steps)
    rest = details(report, width, described=described, links=links)
    if not rest:
        return
    try:
        ask_wrapped(console, t(lang, "reveal.more"), wait)
    except (EOFError, KeyboardInterrupt):  # the result is shown and saved: just stop here
        console.print()
        return
    console.print(Group(*rest))
    console.print()
    console.print(steps)
