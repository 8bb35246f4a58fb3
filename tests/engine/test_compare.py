"""popquiz.engine.compare: similarity with the matches geometry, shared acts, widest gap, and
clear errors for inputs that are not results or not of the same quiz."""

from __future__ import annotations

import copy
import math
import random
from typing import Any

import pytest

from conftest import DEFAULT_BANK, EXAMPLE_BANK
from popquiz.bank.loader import load_bank
from popquiz.engine.compare import CompareError, checked, compare
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers
from popquiz.errors import ExitStatus


def _report(seed: int, lang: str = "en", path: Any = DEFAULT_BANK) -> dict[str, Any]:
    bank = load_bank(path)
    result = score(bank, random_answers(bank, random.Random(seed)))
    return build_report(bank, result, recommend(bank, result), lang)


def test_a_result_is_wholly_like_itself() -> None:
    a = _report(7)
    data = compare(a, copy.deepcopy(a))
    assert data["similarity"] == 1.0
    assert data["most_different"] is None
    assert [s["id"] for s in data["shared"]] == [r["id"] for r in a["recommendations"]]


def test_similarity_is_the_matches_geometry() -> None:
    a, b = _report(7), _report(3, "ko")
    data = compare(a, b)
    both = [
        (x["score"], y["score"])
        for x, y in zip(a["axes"], b["axes"], strict=True)
        if x["measured"] and y["measured"]
    ]
    mean_square = sum((p - q) ** 2 for p, q in both) / len(both)
    assert data["similarity"] == round(max(0.0, 1 - math.sqrt(mean_square)), 4)
    assert 0 < data["similarity"] < 1
    widest = max(data["axes"], key=lambda r: r["gap"])
    assert data["most_different"] == widest
    assert widest["gap"] == round(abs(widest["a"] - widest["b"]), 4)
    b_ids = {r["id"] for r in b["recommendations"]}
    assert [s["id"] for s in data["shared"]] == [
        r["id"] for r in a["recommendations"] if r["id"] in b_ids
    ]
    assert (data["a"]["language"], data["b"]["language"]) == ("en", "ko")


def test_opposite_corners_are_zero_alike() -> None:
    a = _report(7)
    b = copy.deepcopy(a)
    for x, y in zip(a["axes"], b["axes"], strict=True):
        x["score"], y["score"] = 1.0, -1.0
    assert compare(a, b)["similarity"] == 0.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "is not a popquiz result"),
        ({"outcome": "x"}, "is not a popquiz result"),
        ({"schema": 9, "bank": {}}, "schema 9"),
        ({"schema": 2, "bank": {"id": "x"}}, "damaged result"),
    ],
)
def test_what_is_not_a_result_is_named(data: Any, message: str) -> None:
    with pytest.raises(CompareError, match=message) as caught:
        checked(data, "'friend.json'")
    assert "'friend.json'" in str(caught.value)
    assert caught.value.exit_status == ExitStatus.INVALID


def test_a_history_record_is_accepted_as_its_report() -> None:
    a = _report(7)
    assert checked({"id": 3, "report": a}, "x") == a


def test_results_of_different_banks_or_versions_are_refused() -> None:
    a = _report(7)
    other = _report(1, path=EXAMPLE_BANK)
    with pytest.raises(CompareError, match="different quizzes: 'kpop-vs-jpop'"):
        compare(a, other, ("'a.json'", "'b.json'"))
    newer = copy.deepcopy(a)
    newer["bank"]["version"] = "2.0"
    with pytest.raises(CompareError, match="different versions of the quiz"):
        compare(a, newer)
    fewer = copy.deepcopy(a)
    fewer["axes"] = fewer["axes"][1:]
    with pytest.raises(CompareError, match="same axes"):
        compare(a, fewer)
