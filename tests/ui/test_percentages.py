"""Pole percentages (``percentages: true``): the rule (Hypothesis: they add up to 100, are the
nearest whole numbers to 50·(1 ∓ s), and mirror), the report's ``percent``, and every place a
result is shown: the screen (rich, narrow, plain), the Markdown export and both cards."""

from __future__ import annotations

import copy
import io
import json
import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from banks import bank_yaml, likert, outcome
from checking import check_text
from conftest import ROOT
from popquiz.engine.compiled import pole_percentages
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.ui.card import card_data
from popquiz.ui.card_page import card_html
from popquiz.ui.card_svg import card_svg
from popquiz.ui.console import make_console
from popquiz.ui.export import report_markdown
from popquiz.ui.render import render_report
from popquiz.ui.result_words import axis_percent

SCORE = st.floats(-1, 1, allow_nan=False)


@given(SCORE)
def test_the_two_poles_add_up_to_100_and_round_to_the_nearest(s: float) -> None:
    low, high = pole_percentages(s)
    assert low + high == 100
    assert 0 <= low <= 100 and 0 <= high <= 100
    assert abs(high - 50 * (1 + s)) <= 0.5 + 1e-9
    assert pole_percentages(-s) == (high, low)


@given(SCORE, SCORE)
def test_a_higher_score_never_shows_less_towards_the_high_pole(a: float, b: float) -> None:
    if a <= b:
        assert pole_percentages(a)[1] <= pole_percentages(b)[1]


def test_the_ends_and_the_middle() -> None:
    assert pole_percentages(1.0) == (0, 100)
    assert pole_percentages(-1.0) == (100, 0)
    assert pole_percentages(0.0) == (50, 50)
    assert pole_percentages(0.25) == (37, 63)  # 62.5 rounds away from the middle
    assert pole_percentages(-0.25) == (63, 37)


def _bank(percentages: bool) -> Any:
    fields = {"percentages": True} if percentages else {}
    bank, problems = check_text(
        bank_yaml(
            questions=[likert("q1", "Q1", "x"), likert("q2", "Q2", "y", weight=2)],
            outcomes=[outcome("a", {"x": 0.5, "y": 0.5}), outcome("b", {"x": -0.5, "y": -0.5})],
            **fields,
        )
    )
    assert bank is not None, problems
    return bank


ANSWERS = {"q1": 4, "q2": 2}  # x 0.5, y -0.5


def _report(percentages: bool = True, lang: str = "en") -> dict[str, Any]:
    bank = _bank(percentages)
    result = score(bank, ANSWERS)
    return dict(build_report(bank, result, recommend(bank, result), lang))


def test_the_report_carries_the_percentages_only_when_the_bank_asks() -> None:
    report = _report()
    for axis in report["axes"]:
        assert axis["percent"] == list(pole_percentages(axis["score"]))
    assert [a["percent"] for a in report["axes"]] == [[25, 75], [75, 25]]
    json.dumps(report, allow_nan=False)
    assert all("percent" not in a for a in _report(percentages=False)["axes"])


def _screen(report: dict[str, Any], width: int, plain: bool) -> str:
    buffer = io.StringIO()
    console = make_console(
        width=width, file=buffer, force_terminal=False, no_color=True, plain=plain
    )
    render_report(report, console, plain=plain)  # type: ignore[arg-type]
    return buffer.getvalue()


@pytest.mark.parametrize(("width", "plain"), [(80, False), (40, False), (80, True)])
def test_the_screen_shows_each_pole_with_its_percentage(width: int, plain: bool) -> None:
    text = _screen(_report(), width, plain)
    if plain:
        assert "left 25% · right 75%" in text and "down 75% · up 25%" in text
    else:
        assert re.search(r"left 25%.*75% right", text) and re.search(r"down 75%.*25% up", text)
    assert "toward" not in text
    assert "25%" not in _screen(_report(percentages=False), width, plain)


def test_the_exports_and_cards_show_them_too() -> None:
    report = _report()
    markdown = report_markdown(report)  # type: ignore[arg-type]
    assert "left 25% · right 75%" in markdown and "down 75% · up 25%" in markdown
    card = card_data(report, date="2026-12-05", version="1")  # type: ignore[arg-type]
    html = card_html(report, date="2026-12-05", version="1")  # type: ignore[arg-type]
    assert "left 25%" in html and "75% right" in html
    svg = card_svg(card)
    assert "left 25%" in svg and "75% right" in svg
    plain = card_data(_report(percentages=False), date="2026-12-05", version="1")  # type: ignore[arg-type]
    assert "25%" not in card_svg(plain)


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_the_percentages_read_in_every_language(lang: str) -> None:
    text = _screen(_report(lang=lang), 80, True)
    assert "25%" in text and "75%" in text


@pytest.mark.parametrize(
    "stored", [[90, 90], [50], ["50", "50"], [True, 99], [-10, 110], None, [50.5, 49.5]]
)
def test_a_stored_reports_odd_percentages_are_ignored(stored: object) -> None:
    report = copy.deepcopy(_report())
    report["axes"][0]["percent"] = stored
    assert axis_percent(report["axes"][0]) is None
    text = _screen(report, 80, True)
    assert "50% toward right" in text  # words instead of the odd numbers
    assert not math.isnan(report["axes"][0]["score"])


def test_the_docs_example_is_what_the_screen_shows() -> None:
    """docs/authoring.md, "Pole percentages": the worked example's axes, as `--plain` shows
    them with `percentages: true`."""
    docs = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    body = re.search(r"<!-- worked-example -->\n```yaml\n(.*?)```", docs, re.S)
    shown = re.search(r"### Pole percentages\n.*?```text\n(.*?)```", docs, re.S)
    assert body is not None and shown is not None
    data = yaml.safe_load(body.group(1))
    data["percentages"] = True
    bank, problems = check_text(json.dumps(data))
    assert bank is not None, problems
    answers = {"morning": "kettle", "bitter": 4, "on-the-move": 2}
    result = score(bank, answers)
    report = dict(build_report(bank, result, recommend(bank, result), "en"))
    screen = _screen(report, 100, True)
    for line in shown.group(1).strip().splitlines():
        assert line in screen
