"""Render a result report (see popquiz.engine.report) with Rich. Bank text is always plain Text.

Layouts adapt to the width: at 60+ columns the axes are one row each (low pole, bar, high
pole; the poles whole when they fit beside the bar); below that (and always in plain mode)
they are stacked. The recommendations are one block per act at every width, with its status
on one line from 60 columns. Text containing wide (CJK) characters may wrap between
characters; other text only wraps between words, and a word too long for its column is
shortened with an ellipsis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from popquiz.i18n import t
from popquiz.text.cells import cell_width
from popquiz.text.typography import colon, names_a_date, paren, status_line
from popquiz.ui.result_words import (
    axis_percent,
    bridge_heading,
    listen_services,
    play_note,
    position_words,
    previous_line,
    recs_heading,
    scene_line,
    start_line,
    verdict_words,
    word,
)
from popquiz.ui.richtext import WrapText
from popquiz.ui.richtext import fit as fit
from popquiz.ui.richtext import plain_text as plain_text

if TYPE_CHECKING:
    from popquiz.engine.report_types import (
        Report,
        ReportAxis,
        ReportOutcome,
        ReportPick,
        ReportStatus,
        ReportWhy,
    )

NARROW = 60  # below this many columns, stack instead of side-by-side
ONE_LINE_MIN = 60  # from this many columns an act's status is kept to one line
BAR_WIDTH = 21
BAR_MIN = 11  # a bar narrows to this to keep its pole labels whole beside it


def axis_bar(score: float, width: int, plain: bool = False) -> Text:
    """A bar of ``width`` cells with a marker at ``score`` (-1 … 1)."""
    width = max(width, 5)
    pos = round((max(-1.0, min(1.0, score)) + 1) / 2 * (width - 1))
    if plain:
        cells = ["-"] * width
        cells[width // 2] = "|"
        cells[pos] = "#"
        return Text("".join(cells))
    bar = Text()
    for i in range(width):
        if i == pos:
            bar.append("●", style="bold magenta")
        elif i == width // 2:
            bar.append("┼", style="dim")
        else:
            bar.append("─", style="dim")
    return bar


def render_report(
    report: Report,
    console: Console,
    *,
    plain: bool = False,
    previous: Report | None = None,
    links: bool = False,
) -> None:
    """Print the whole result screen for ``report`` (``links``: with listen links as OSC 8
    hyperlinks, see popquiz.ui.links.terminal_links)."""
    console.print(
        result_renderable(report, console.width, plain=plain, previous=previous, links=links)
    )


def result_renderable(
    report: Report,
    width: int,
    *,
    plain: bool = False,
    previous: Report | None = None,
    links: bool = False,
) -> RenderableType:
    """The result screen as one renderable, laid out for ``width`` columns."""
    lang = report["language"]
    outcome = report["outcome"]
    parts: list[RenderableType] = []

    head = plain_text(outcome["title"], "bold")
    verdict = plain_text(verdict_words(lang, outcome), "" if plain else "magenta")
    body_parts: list[RenderableType] = [head, verdict]
    if outcome["description"]:  # a bank may leave it out where the title says enough
        body_parts += [Text(""), plain_text(outcome["description"])]
    body = Group(*body_parts, *why_it_fits(report, plain=plain))
    if plain:
        parts += [plain_text(t(lang, "result.heading") + colon(lang)), body, Text("")]
    else:
        title = Text(t(lang, "result.heading"), style="bold")
        parts.append(Panel(body, title=title, box=box.ROUNDED, padding=(0, 1)))
    if (note := play_note(lang, report)) is not None:
        parts.append(plain_text(note, "" if plain else "italic yellow"))
    if previous is not None:
        parts.append(_previous_line(lang, outcome, previous["outcome"], plain))

    parts.append(_heading(t(lang, "result.axes"), plain))
    parts.append(_axes(report, width, plain))
    parts += answers_and_picks(report, width, plain=plain, links=links)
    return Group(*parts)


def why_it_fits(report: Report, *, plain: bool) -> list[RenderableType]:
    """The outcome's fixed "why" and the explanation of the taker's own leans (the result
    screen's panel, and the part of the reveal that follows Enter)."""
    lang = report["language"]
    outcome = report["outcome"]
    parts: list[RenderableType] = []
    if outcome.get("why"):
        parts += [Text(""), plain_text(outcome["why"], "italic")]
    if outcome.get("explanation"):
        parts += [Text(""), plain_text(t(lang, "result.explain") + colon(lang), "bold")]
        parts += [plain_text(("- " if plain else "• ") + e["text"]) for e in outcome["explanation"]]
    return parts


def answers_and_picks(
    report: Report, width: int, *, plain: bool, links: bool
) -> list[RenderableType]:
    """The answers that moved the taker most, the acts to play first and the bridge pick(s):
    the lower half of the result screen (the reveal prints them after Enter)."""
    lang = report["language"]
    parts: list[RenderableType] = []
    if report["why"]:
        parts.append(_heading(t(lang, "result.why"), plain))
        parts.append(_why(report["why"], lang, plain))
    recs = [r for r in report["recommendations"] if not r["bridge"]]
    bridge = [r for r in report["recommendations"] if r["bridge"]]
    words = Words(report, links)
    if recs:
        parts.append(_heading(recs_heading(report, recs), plain))
        parts.append(_recs_list(recs, words, plain, width=width))
    if bridge:
        parts.append(_heading(bridge_heading(report, len(bridge)), plain))
        parts.append(_recs_list(bridge, words, plain, width=width, numbered=False))
    return parts


class Words:
    """What one result calls its recommendations, and where it may link them."""

    def __init__(self, report: Report, links: bool) -> None:
        self.lang = report["language"]
        self.picks, self.bridge, self.bridges, self.name = (
            word(report, key) for key in ("picks", "bridge", "bridges", "name")
        )
        self.start = word(report, "start")
        self.report = report
        # Terminal hyperlinks where the terminal draws them, on the services the bank lists.
        self.services = listen_services(report) if links else ()


def _previous_line(lang: str, now: ReportOutcome, before: ReportOutcome, plain: bool) -> Text:
    line = previous_line(lang, now, before)
    if plain:
        line = line.replace("→", "-")
    return plain_text(line, "" if plain else "dim")


def _heading(text: str, plain: bool) -> Text:
    return plain_text("\n" + text, "" if plain else "bold cyan")


def _axes(report: Report, width: int, plain: bool) -> RenderableType:
    lang = report["language"]
    if plain:
        lines = []
        for a in report["axes"]:
            poles = f"{a['low']}／{a['high']}：" if lang == "ja" else f"{a['low']} / {a['high']}: "
            line = plain_text(poles)
            line.append(
                position_words(
                    lang, a["low"], a["high"], a["score"], a["measured"], axis_percent(a)
                )
            )
            lines.append(fit(line))
        return Group(*lines)
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    if width < NARROW:
        table.add_column()
        bar_width = max(width - 2, 10)
        for a in report["axes"]:
            low, high = _pole_labels(a)
            labels = plain_text(low)
            labels.append(" ↔ ", style="dim")
            labels.append(high)
            table.add_row(fit(labels))
            table.add_row(_bar_or_note(a, bar_width, lang))
        return table
    sides = [_pole_labels(a) for a in report["axes"]]
    lows = max((cell_width(low) for low, _ in sides), default=0)
    highs = max((cell_width(high) for _, high in sides), default=0)
    # Every label whole on its line beside its bar, the bar giving up cells for it (down to
    # BAR_MIN); labels too wide even so share the room in halves and wrap.
    bar = min(BAR_WIDTH, width - lows - highs - 6)
    if bar >= BAR_MIN:
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="left", no_wrap=True)
    else:
        bar = BAR_WIDTH
        side = max(12, (width - BAR_WIDTH - 6) // 2)
        table.add_column(justify="right", max_width=side)
        table.add_column(no_wrap=True)
        table.add_column(justify="left", max_width=side)
    for a in report["axes"]:
        low, high = _pole_labels(a)
        table.add_row(plain_text(low), _bar_or_note(a, bar, lang), plain_text(high))
    return table


def _pole_labels(axis: ReportAxis) -> tuple[str, str]:
    """The poles beside the bar, each with its percentage when the bank shows them."""
    percent = axis_percent(axis) if axis["measured"] else None
    if percent is None:
        return axis["low"], axis["high"]
    return f"{axis['low']} {percent[0]}%", f"{percent[1]}% {axis['high']}"


def _bar_or_note(axis: ReportAxis, width: int, lang: str) -> Text:
    if not axis["measured"]:
        note = Text(t(lang, "unmeasured"), style="dim")
        note.align("center", width)  # by terminal cells, so CJK notes centre too
        return note
    return axis_bar(axis["score"], width)


def _why(contributions: list[ReportWhy], lang: str, plain: bool) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column(no_wrap=True)
    table.add_column()
    for c in contributions:
        line = plain_text(c["question_text"], "" if plain else "italic")
        if plain:
            line.append(" " + t(lang, "result.answer", answer=c["answer_text"]))
        else:
            # Japanese sets no space after a full stop (。→)
            line.append("→ " if line.plain.endswith(("。", "！", "？")) else " → ", style="dim")
            line.append(c["answer_text"], style="bold")
        line.append(paren(lang, c["toward"]), style="" if plain else "dim")
        table.add_row(Text("-" if plain else "•"), fit(line))
    return table


def _song(r: ReportPick) -> str:
    return str(r["songs"][0]) if r["songs"] else ""


def _listen(r: ReportPick, words: Words) -> Text:
    """The listen links of an act as OSC 8 hyperlinks: the only link markup popquiz emits, with
    its own percent-encoded URLs (bank text never carries a link style)."""
    from rich.style import Style

    from popquiz.ui.links import listen_links

    song = str(r["songs"][0]) if r.get("songs") else None
    line = Text(t(words.lang, "listen.label") + ": ", style="dim")
    for i, link in enumerate(listen_links(str(r["name"]), song, words.services)):
        if i:
            line.append(" · ", style="dim")
        line.append(link.service, style=Style(link=link.url, underline=True))
    return line


def _recs_list(
    recs: list[ReportPick],
    words: Words,
    plain: bool,
    *,
    width: int,
    numbered: bool = True,
) -> Table:
    """One act per block, blocks apart by a blank line (where a page of the reveal may end):
    name, scene, status on one line, song to start with, one reason a line."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column(no_wrap=True)
    table.add_column()
    dim = "" if plain else "dim"
    lang = words.lang
    room = width - 4  # the number column, its gap and the right padding
    for i, r in enumerate(recs, 1):
        # No percentage beside a pick: the list is ordered by relevance and variety, not by
        # match, so a figure per act would seem to contradict the order (the card says the same).
        lines = [
            fit(plain_text(r["name"], "" if plain else "bold")),
            plain_text(scene_line(lang, r), dim),
        ]
        if status := r.get("status"):
            lines.append(_status(lang, status, room, dim))
        if r["songs"]:
            lines.append(plain_text(start_line(words.report, _song(r))))
        lines += [unbroken_quotes(reason["text"], dim) for reason in r["reasons"]]
        if not numbered and r.get("blurb"):
            lines.append(plain_text(r["blurb"], "" if plain else "italic"))
        if words.services and not plain:
            lines.append(_listen(r, words))
        table.add_row(Text(f"{i}." if numbered else ("-" if plain else "•")), Group(*lines))
        if i < len(recs):
            table.add_row("", "")
    return table


def _status(lang: str, status: ReportStatus, room: int, style: str) -> Text:
    """An act's status with its one date, on one line from ONE_LINE_MIN columns: a status
    too long for the line loses the last words of its text ("…"), never its date (the
    bracketed date that ends the text stays, or the as-of date is said instead)."""
    line = status_line(lang, status)
    if room + 4 < ONE_LINE_MIN or cell_width(line) <= room:
        return plain_text(line, style)
    text, tail = str(status["text"]), ""
    dated = _DATED_END.search(text)
    if dated and names_a_date(dated.group()):
        text, tail = text[: dated.start()], dated.group()
    while text:
        # Whole words go (a Korean or English word is never cut); Japanese, a character.
        text = text[:-1] if lang == "ja" else re.sub(r"\s*\S+$", "", text)
        text = text.rstrip(" ,;、，")
        opened = max(text.rfind("("), text.rfind("（"))
        if opened > max(text.rfind(")"), text.rfind("）")):  # no bracket left open
            text = text[:opened].rstrip(" ,;、，")
        line = status_line(lang, {**status, "text": text + "…" + tail})
        if cell_width(line) <= room:
            break
    shown = Text(line, style=style, no_wrap=True, overflow="ellipsis")
    return shown


# A bracket that ends a status and names its date: " (Apr 2025)", "（2025年4月）".
_DATED_END = re.compile(r"\s*[(（][^()（）]*[)）]$")


def unbroken_quotes(value: str, style: str = "") -> Text:
    """Untrusted text that may break between words but never inside a quotation (“…”, 「…」):
    a pole's name stays whole, on the next line if need be."""
    kept = re.sub(
        r"“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|\"[^\"]*\"",
        lambda m: m.group(0).replace(" ", "\u00a0"),
        value,
    )
    text = WrapText(kept, style=style, overflow="fold")
    return text
