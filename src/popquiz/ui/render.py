"""Render a result report (see popquiz.report) with Rich. Bank text is always plain Text."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from popquiz.i18n import t


def axis_bar(score: float, width: int, plain: bool = False) -> Text:
    """A bar of ``width`` cells with a marker at ``score`` (-1 … 1)."""
    width = max(width, 5)
    pos = round((score + 1) / 2 * (width - 1))
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
    report: dict[str, Any],
    console: Console,
    *,
    plain: bool = False,
    previous: dict[str, Any] | None = None,
) -> None:
    """Print the whole result screen for ``report``."""
    console.print(result_renderable(report, console.width, plain=plain, previous=previous))


def result_renderable(
    report: dict[str, Any],
    width: int,
    *,
    plain: bool = False,
    previous: dict[str, Any] | None = None,
) -> RenderableType:
    lang = report["language"]
    outcome = report["outcome"]
    parts: list[RenderableType] = []

    label = t(lang, f"label.{outcome['label']}")
    head = Text()
    head.append(outcome["title"], style="bold")
    head.append(f"  ({label}, {t(lang, 'result.confidence')} {outcome['confidence']:.0%})")
    body = Group(head, Text(""), Text(outcome["description"]), *_why_paragraph(outcome))
    if plain:
        parts += [Text(t(lang, "result.heading") + ": ", style="bold"), body]
    else:
        parts.append(
            Panel(body, title=Text(t(lang, "result.heading")), box=box.ROUNDED, expand=True)
        )
    if report.get("quick"):
        parts.append(Text(t(lang, "result.quick"), style="italic"))
    if previous is not None:
        prev_outcome = previous["outcome"]
        parts.append(
            Text(
                t(
                    lang,
                    "result.previous",
                    title=prev_outcome["title"],
                    label=t(lang, f"label.{prev_outcome['label']}"),
                    now=outcome["title"],
                    now_label=label,
                ),
                style="dim",
            )
        )

    parts.append(_heading(t(lang, "result.axes"), plain))
    parts.append(_axes_table(report, width, plain))

    if report["contributions"]:
        parts.append(_heading(t(lang, "result.why"), plain))
        for c in report["contributions"][:3]:
            line = Text("• " if not plain else "- ")
            line.append(c["question_text"], style="italic")
            line.append(" → ")
            line.append(c["answer_text"], style="bold")
            line.append(f"  ({c['toward']})", style="dim")
            parts.append(line)

    recs = [r for r in report["recommendations"] if not r["bridge"]]
    bridge = [r for r in report["recommendations"] if r["bridge"]]
    if recs:
        parts.append(_heading(t(lang, "result.recs"), plain))
        parts.append(_recs_table(recs, lang, width, plain))
    for r in bridge:
        line = Text(f"{t(lang, 'result.bridge')}: ", style="bold")
        line.append(f"{r['name']} ({r['scene_title']}, {r['match']:.0%})")
        if r["songs"]:
            line.append(f" — {r['songs'][0]}")
        line.append(f"\n  {r['blurb']}", style="dim")
        parts.append(line)
    return Group(*parts)


def _why_paragraph(outcome: dict[str, Any]) -> list[Text]:
    return [Text(""), Text(outcome["why"], style="italic")] if outcome.get("why") else []


def _heading(text: str, plain: bool) -> Text:
    return Text("\n" + text, style="" if plain else "bold cyan")


def _axes_table(report: dict[str, Any], width: int, plain: bool) -> Table:
    lang = report["language"]
    narrow = width < 60
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    if narrow:
        table.add_column(overflow="fold")
        bar_width = max(width - 4, 10)
        for a in report["axes"]:
            labels = Text(a["low"])
            labels.append(" ↔ " if not plain else " <-> ")
            labels.append(a["high"])
            table.add_row(labels)
            table.add_row(_bar_or_note(a, bar_width, plain, lang))
        return table
    side = max(12, (width - 24) // 2 - 2)
    table.add_column(justify="right", max_width=side, overflow="fold")
    table.add_column(no_wrap=True)
    table.add_column(justify="left", max_width=side, overflow="fold")
    for a in report["axes"]:
        table.add_row(Text(a["low"]), _bar_or_note(a, 21, plain, lang), Text(a["high"]))
    return table


def _bar_or_note(axis: dict[str, Any], width: int, plain: bool, lang: str) -> Text:
    if not axis["measured"]:
        return Text(t(lang, "unmeasured").center(width), style="dim")
    return axis_bar(axis["score"], width, plain)


def _recs_table(recs: list[dict[str, Any]], lang: str, width: int, plain: bool) -> Table:
    narrow = width < 70
    table = Table(
        box=None if plain else box.SIMPLE_HEAD,
        show_header=True,
        header_style="" if plain else "bold",
        expand=False,
        padding=(0, 1),
    )
    table.add_column(t(lang, "col.name"), overflow="fold", min_width=6)
    if not narrow:
        table.add_column(t(lang, "col.scene"), overflow="ellipsis", no_wrap=True)
    table.add_column(t(lang, "col.match"), justify="right", no_wrap=True)
    if not narrow:
        table.add_column(t(lang, "col.why"), overflow="fold", ratio=1)
    table.add_column(t(lang, "col.song"), overflow="fold")
    for r in recs:
        song = r["songs"][0] if r["songs"] else "—"
        row: list[Text] = [Text(r["name"])]
        if not narrow:
            row.append(Text(r["scene_title"]))
        row.append(Text(f"{r['match']:.0%}"))
        if not narrow:
            row.append(Text("; ".join(r["reasons"])))
        row.append(Text(song))
        table.add_row(*row)
    return table
