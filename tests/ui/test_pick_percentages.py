"""No output puts a percentage beside a pick: the picks are in the order to play them (relevance
and variety), not ranked by match, so "1. … 67%", "4. … 50%", "5. … 60%" would read as an order
that contradicts its own figures. Checked on the result screen (rich and plain), in the HTML
report under the card and in the Markdown export, in en, ko and ja for each outcome; ``--json``
keeps each pick's match for tools. (The social card: tests/ui/test_card_picks.py.)"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from test_card_hook import _default, _golden, _report

from popquiz.ui.card import card_data, report_html
from popquiz.ui.console import make_console
from popquiz.ui.export import report_markdown
from popquiz.ui.render import render_report

CASES = [
    (lang, outcome) for lang in ("en", "ko", "ja") for outcome in ("kpop", "jpop", "crossover")
]
PERCENT = re.compile(r"[0-9]\s?%(?![0-9A-F]{2})")  # not a URL's %XX escape


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], dict[str, Any]]:
    bank = _default()
    return {(lang, o): _report(bank, _golden(o), lang) for lang, o in CASES}


def _blocks(text: str, names: list[str]) -> list[str]:
    """Each pick's block on the screen: from its name's line to the next blank line."""
    lines = text.split("\n")
    out = []
    for name in names:
        at = next(i for i, line in enumerate(lines) if name in line)
        end = next((j for j in range(at + 1, len(lines)) if not lines[j].strip()), len(lines))
        out.append("\n".join(lines[at:end]))
    return out


@pytest.mark.parametrize(("lang", "outcome"), CASES)
@pytest.mark.parametrize("plain", [False, True])
def test_the_screen_shows_no_percentage_beside_a_pick(
    reports: dict[tuple[str, str], dict[str, Any]], lang: str, outcome: str, plain: bool
) -> None:
    report = reports[lang, outcome]
    buffer = io.StringIO()
    console = make_console(width=120, file=buffer, no_color=True, plain=plain)
    render_report(report, console, plain=plain)
    screen = buffer.getvalue()
    picks = report["recommendations"]
    assert picks and all("match" in r for r in picks)  # the data keeps it
    heading = screen.index(next(r["name"] for r in picks if not r["bridge"]))
    for block in _blocks(screen[heading:], [r["name"] for r in picks]):
        assert not PERCENT.search(block), block


@pytest.mark.parametrize(("lang", "outcome"), CASES)
def test_the_html_report_and_markdown_show_no_percentage_beside_a_pick(
    reports: dict[tuple[str, str], dict[str, Any]], lang: str, outcome: str
) -> None:
    report = reports[lang, outcome]
    html = report_html(card_data(report, date="2026-12-05", version="test"))
    acts = re.findall(r'<li class="act">.*?</li>', html, flags=re.S)
    assert len(acts) == len(report["recommendations"])
    assert not [a for a in acts if PERCENT.search(a)]
    markdown = report_markdown(report)
    names = [r["name"] for r in report["recommendations"] if not r["bridge"]]
    rows = [line for line in markdown.split("\n") if line.startswith("| ")]
    picked = [row for row in rows if any(row.startswith(f"| {n} |") for n in names)]
    assert len(picked) == len(names), rows
    assert not [row for row in picked if PERCENT.search(row)]
    header = rows[rows.index(picked[0]) - 1]
    assert header.count("|") == picked[0].count("|")
