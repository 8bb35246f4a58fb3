"""Every act's status is shown with one date, never a second bracket, in en, ko and ja: on the
result screen and on the HTML card, from the report as `take --json` prints it (that the
catalogue's `as_of` is never before the event a status names is
tests/test_default_bank.py::test_every_status_is_one_short_line_dated_no_earlier_than_its_event)."""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

import pytest

from conftest import ROOT
from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.recommend import Recommendation, recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.text.typography import status_line
from popquiz.ui.card import card_data, report_html
from popquiz.ui.console import make_console
from popquiz.ui.render import render_report

# A date as the statuses and the as-of part write it: a year, with its month where given.
DATE = re.compile(
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* )?(?<![0-9])(?:19|20)[0-9]{2}"
    r"(?:-[0-9]{2}|年[0-9]{1,2}月|년 [0-9]{1,2}월)?(?![0-9])"
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "quizzes" / "kpop-vs-jpop.yaml")


def _every_act_report(bank: Bank, lang: str) -> Any:
    """A real result whose picks are every act of the catalogue, in catalogue order."""
    answers = {q.id: q.options[0].id for q in bank.questions if hasattr(q, "options")}
    result = score(bank, answers)
    first = recommend(bank, result)[0]
    picks = [Recommendation(act, first.match, first.reasons) for act in bank.acts]
    return build_report(bank, result, picks, lang)


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_every_status_is_shown_with_one_date(bank: Bank, lang: str) -> None:
    report = json.loads(json.dumps(_every_act_report(bank, lang)))  # as `take --json` prints it
    buffer = io.StringIO()
    console = make_console(width=400, file=buffer, no_color=True, plain=True)
    render_report(report, console, plain=True)
    screen = buffer.getvalue()
    card = report_html(card_data(report, date="2026-12-05", version="test"))
    wrong = []
    for pick in report["recommendations"]:
        status = pick["status"]
        assert status is not None, pick["id"]
        line = status_line(lang, status)
        dates = set(DATE.findall(line))
        if len(dates) != 1:
            wrong.append((pick["id"], "dates", line))
        if re.search(r"[)）]\s*[(（]", line) and line != status["text"]:
            wrong.append((pick["id"], "a second bracket", line))
        if line not in screen:
            wrong.append((pick["id"], "not on screen", line))
        if html.escape(line, quote=True) not in card:
            wrong.append((pick["id"], "not on the card", line))
    assert wrong == []
