"""Render a bank analysis (``Analysis.to_dict()``) with Rich. Bank text is always plain Text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

INFLUENCE_ROWS = 40  # rows of the influence table before the rest is summarised


def _bar(fraction: float, width: int, plain: bool) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    if plain:
        return Text("#" * filled + "." * (width - filled))
    bar = Text("█" * filled, style="magenta")
    bar.append("░" * (width - filled), style="dim")
    return bar


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _table(title: str, plain: bool) -> Table:
    """A section's table, at least as wide as its title: a narrow table (two short columns)
    would otherwise wrap the title, and its caption, after a few words."""
    return Table(
        title=Text(title, style="bold"),
        title_justify="left",
        box=None if plain else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        min_width=len(title),
    )


def _strengths(
    models: dict[str, Any], names: dict[str, str], console: Console, plain: bool
) -> None:
    """How the verdicts' strengths are spread per kind of taker, with the leads behind them."""
    if not all(m.get("strengths") for m in models.values()):
        return
    table = _table("Verdict strengths by kind of taker", plain)
    table.add_column("strength")
    for model in models:
        table.add_column(names.get(model, model), justify="right")
    for i, s in enumerate(next(iter(models.values()))["strengths"]):
        table.add_row(Text(s["id"]), *(_pct(m["strengths"][i]["share"]) for m in models.values()))
    quartiles = [
        f"{names.get(model, model)} {' / '.join(f'{x:.3f}' for x in m['lead_quartiles'])}"
        for model, m in models.items()
        if m.get("lead_quartiles")
    ]
    if quartiles:
        table.caption = Text(
            "leads past the margin (quartiles, the numbers rule.leaning and rule.clear are "
            "compared with): " + "; ".join(quartiles)
        )
        table.caption_justify = "left"
    console.print(table)


def render_analysis(data: dict[str, Any], console: Console, *, plain: bool = False) -> None:
    """Print the report: shares, reachability, influence, coverage and a warnings summary."""
    width = max(10, min(30, console.width - 40))
    console.print(Text(f"Analysis of {data['bank']} ({data['questions']} questions)", style="bold"))
    if data.get("distance"):
        axes = "; ".join(
            f"{a['id']} weight {a['weight']:g}, power {a['power']:g}" for a in data["distance"]
        )
        console.print(Text(f"Distance to a profile: Σ weight·|difference|^power ({axes})"))
    console.print()

    shares = data["shares"]
    if shares["method"] == "exact":
        how = f"exact, over {shares['states']} distinct score states"
    else:
        how = (
            f"sampled from {shares['samples']} random answer sets; within "
            f"±{shares['error'] * 100:.2f} percentage points at {shares['confidence']:.0%} "
            "confidence"
        )
    table = _table("Outcome shares when every question is answered at random", plain)
    table.caption = Text(how)
    table.caption_justify = "left"
    table.add_column("outcome")
    table.add_column("share", justify="right")
    table.add_column("")
    for o in shares["outcomes"]:
        table.add_row(Text(o["id"]), _pct(o["share"]), _bar(o["share"], width, plain))
    console.print(table)
    console.print()

    models = data.get("models", {})
    if models:
        names = {"uniform": "random answering", "consistent": "consistent takers"}
        table = _table("Outcome shares by kind of taker", plain)
        any_model = next(iter(models.values()))
        table.caption = Text(
            f"{any_model['samples']} answer sets each; within ±{any_model['error'] * 100:.1f} "
            "percentage points at 99% confidence (consistent takers: docs/authoring.md, "
            "section 10)"
        )
        table.caption_justify = "left"
        table.add_column("outcome")
        for model in models:
            table.add_column(names.get(model, model), justify="right")
        for i, o in enumerate(any_model["outcomes"]):
            table.add_row(
                Text(o["id"]), *(_pct(m["outcomes"][i]["share"]) for m in models.values())
            )
        console.print(table)
        console.print()
        _strengths(models, names, console, plain)
        for model, m in models.items():
            who = names.get(model, model).capitalize()
            picks = data.get("picks", {}).get(model)
            # The pick statistics' takers include the model's first ones: where they were
            # ranked, their acts are the figure (a second, smaller sample would disagree).
            if picks:
                _picks(who, picks, console)
            elif m["acts_top5"]:
                console.print(_acts_line(f"{who} ({m['samples']} takers)", m["acts_top5"]))
            if m.get("first_pick_active"):
                shares = ", ".join(
                    f"{f['outcome']} {_pct(f['share'])}" for f in m["first_pick_active"]
                )
                console.print(
                    Text(
                        f"{names.get(model, model).capitalize()}: first pick is an active act "
                        f"for {shares}"
                    )
                )
            if m["first_why"]:
                first = m["first_why"][0]
                console.print(
                    Text(
                        f"{names.get(model, model).capitalize()}: the most frequent first "
                        f'"why" answer is {first["id"]} ({_pct(first["share"])} of takers)'
                    )
                )
        console.print()

    if data.get("adaptive"):
        _adaptive(data["adaptive"], console, plain)

    reach = data["reachability"]
    table = _table("Reachability", plain)
    table.add_column("outcome")
    table.add_column("can win")
    for o in reach["outcomes"]:
        table.add_row(Text(o["id"]), _yes(o["reachable"], plain))
    console.print(table)
    acts = reach["acts"]
    if acts:
        top1 = sum(1 for a in acts if a["top1"])
        top3 = sum(1 for a in acts if a["top3"])
        console.print(
            Text(
                f"Acts: {top1} of {len(acts)} can be the top pick, {top3} of {len(acts)} can "
                "reach the top 3."
            )
        )
        missing = [a["id"] for a in acts if not a["top1"]]
        if missing:
            console.print(Text("Never the top pick: " + ", ".join(missing)))
    console.print()

    table = _table("Influence: how often changing only this answer changes the outcome", plain)
    samples = data["influence"][0]["samples"] if data["influence"] else 0
    if data["influence"] and data["influence"][0].get("exhaustive"):
        table.caption = Text(f"exact, over all {samples} answer combinations")
    else:
        table.caption = Text(f"over {samples} random answer sets")
    table.caption_justify = "left"
    table.add_column("question")
    table.add_column("influence", justify="right")
    table.add_column("")
    table.add_column("asked", justify="right")
    rows = data["influence"]
    if len(rows) > INFLUENCE_ROWS:  # a huge bank: the most influential, in bank order
        keep = {q["id"] for q in sorted(rows, key=lambda q: -q["influence"])[:INFLUENCE_ROWS]}
        rows = [q for q in rows if q["id"] in keep]
    for q in rows:
        table.add_row(
            Text(q["id"]),
            _pct(q["influence"]),
            _bar(q["influence"], width, plain),
            _pct(q["asked"]),
        )
    console.print(table)
    if len(rows) < len(data["influence"]):
        hidden = len(data["influence"]) - len(rows)
        console.print(Text(f"… and {hidden} questions with less influence (--json lists all)"))
    console.print()

    cov = data["coverage"]
    table = _table("Coverage per axis", plain)
    table.add_column("axis")
    table.add_column("questions", justify="right")
    table.add_column("push to low", justify="right")
    table.add_column("push to high", justify="right")
    table.add_column("largest question")
    for a in cov["axes"]:
        largest = Text(f"{a['largest']} ({a['largest_share']:.0%})") if a["largest"] else Text("-")
        table.add_row(
            Text(a["id"]), str(a["questions"]), f"{a['low']:g}", f"{a['high']:g}", largest
        )
    console.print(table)
    tags = ", ".join(f"{k or '(untagged)'} {v}" for k, v in cov["tags"].items())
    console.print(Text("Questions per tag: " + tags))
    langs = ", ".join(f"{k} {_pct(v)}" for k, v in cov["languages"].items())
    console.print(Text("Translation coverage: " + langs))
    console.print()

    n = len(data["warnings"])
    if n:
        console.print(Text(f"{n} warning{'s' if n != 1 else ''}:", style="bold yellow"))
    else:
        console.print(Text("No warnings.", style="bold green"))


def _yes(ok: bool, plain: bool) -> Text:
    if plain:
        return Text("yes" if ok else "NO")
    return Text("yes", style="green") if ok else Text("no", style="bold red")


def _adaptive(play: dict[str, Any], console: Console, plain: bool) -> None:
    """Adaptive play: how many questions lock-in and --quick ask, and how often
    their verdict is the full quiz's."""
    names = {"uniform": "random answering", "consistent": "consistent takers"}
    table = _table("Adaptive play: questions asked and agreement with the full quiz", plain)
    any_model = next(iter(play.values()))
    table.caption = Text(
        f"{any_model['takers']} answer sets each; shares within ±{any_model['error'] * 100:.0f} "
        "percentage points at 99% confidence. Lock-in is exact: its agreement is 100% by proof."
    )
    table.caption_justify = "left"
    table.add_column("")
    for model in play:
        table.add_column(names.get(model, model), justify="right")
    rows: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
        ("full quiz: questions", lambda m: f"{m['full_mean_asked']:.1f}"),
        (
            "lock-in: questions",
            lambda m: f"{m['lock_in']['mean_asked']:.1f} ({_pct(m['lock_in']['mean_share'])})",
        ),
        ("lock-in: agreement", lambda m: _pct(m["lock_in"]["agreement"])),
        ("lock-in: stopped early", lambda m: _pct(m["lock_in"]["stopped_early"])),
        (
            "--quick: questions",
            lambda m: f"{m['quick']['mean_asked']:.1f} ({_pct(m['quick']['mean_share'])})",
        ),
        ("--quick: agreement", lambda m: _pct(m["quick"]["agreement"])),
    )
    for label, cell in rows:
        table.add_row(Text(label), *(Text(cell(m)) for m in play.values()))
    console.print(table)
    console.print()


def _acts_line(who: str, acts_top5: list[dict[str, Any]]) -> Text:
    """The acts most often among takers' five picks, and those in under 0.5% of them."""
    acts = sorted(acts_top5, key=lambda a: -a["share"])
    top = ", ".join(f"{a['id']} {_pct(a['share'])}" for a in acts[:5])
    rare = [a["id"] for a in acts if a["share"] < 0.005]
    return Text(
        f"{who}: most often in the top 5: {top}; in under 0.5% of top 5s: "
        f"{', '.join(rare) or 'none'}"
    )


def _picks(who: str, picks: dict[str, Any], console: Console) -> None:
    """The pick statistics of one taker model, in three lines."""
    console.print(_acts_line(f"{who} ({picks['samples']} takers)", picks["acts_top5"]))
    console.print(
        Text(
            f"{who}: picks of two takers with the same verdict overlap {picks['overlap']:.0%} "
            "on average (Jaccard)"
        )
    )
    facets = [f for f in picks["facets"] if f["preferred"] or f["picked"]]
    if facets:
        shown = ", ".join(
            f"{f['id']} asked {_pct(f['preferred'])} / picked {_pct(f['picked'])}"
            + (f" / all five {_pct(f['all_five'])}" if f["all_five"] >= 0.01 else "")
            for f in facets
        )
        console.print(Text(f"{who}: facet values asked for and picked: {shown}"))
