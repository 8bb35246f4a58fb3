"""popquiz.engine.compare: similarity with the matches geometry, shared acts, widest gap, and
clear errors for inputs that are not results or not of the same quiz."""

from __future__ import annotations

import copy
import math
import random
from typing import Any

import pytest

from banks import EXTRAVERSION, bank_yaml, likert, outcome
from checking import check_text
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
    unread = {"fits": [], "answers": {}, "why": [], "contributions": []}
    assert checked({"id": 3, "report": a}, "x") == {**a, **unread}


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


def _skippable_bank() -> Any:
    """Two axes; every openness statement may be skipped."""
    bank, problems = check_text(
        bank_yaml(
            id="traits",
            title="Strongest trait",
            description="d",
            axes=[{"id": "open", "low": "conventional", "high": "curious"}, EXTRAVERSION],
            questions=[
                likert("o1", "Love new ideas.", "open", skippable=True),
                likert("o2", "Enjoy art.", "open", skippable=True),
                likert("e1", "Am the life of the party.", "extra"),
                likert("e2", "Talk to a lot of people.", "extra"),
            ],
            outcomes=[
                outcome("openness", {"open": 1, "extra": 0}),
                outcome("extraversion", {"open": 0, "extra": 1}),
                outcome("neither", {"open": 0, "extra": 0}, balanced=True),
            ],
        )
    )
    assert bank is not None, problems
    return bank


def test_similarity_uses_only_the_axes_both_results_measured() -> None:
    bank = _skippable_bank()

    def report(answers: dict[str, Any]) -> dict[str, Any]:
        result = score(bank, answers)
        return build_report(bank, result, recommend(bank, result), "en")

    a = report({"o1": 5, "o2": 5, "e1": 4, "e2": 2})
    b = report({"e1": 2, "e2": 1})  # skipped every openness statement
    measured = {
        x["id"]: (x["measured"], y["measured"]) for x, y in zip(a["axes"], b["axes"], strict=True)
    }
    assert measured == {"open": (True, False), "extra": (True, True)}
    by_id = {x["id"]: (x["score"], y["score"]) for x, y in zip(a["axes"], b["axes"], strict=True)}
    (a_open, b_open), (a_extra, b_extra) = by_id["open"], by_id["extra"]
    assert a_open != b_open  # counting the open axis would change the similarity
    # By hand: one axis, so the root mean square is the gap on it.
    assert compare(a, b)["similarity"] == round(max(0.0, 1 - abs(a_extra - b_extra)), 4)
    both_axes = math.sqrt(((a_open - b_open) ** 2 + (a_extra - b_extra) ** 2) / 2)
    assert compare(a, b)["similarity"] != round(max(0.0, 1 - both_axes), 4)
    assert (
        compare(a, b)["most_different"] is None or compare(a, b)["most_different"]["id"] == "extra"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["axes"][1].update(score=math.nan), "axes[1].score is not a finite number"),
        (lambda r: r["axes"][0].update(score=-math.inf), "axes[0].score is not a finite number"),
        (lambda r: r["axes"][0].update(score=10**5000), "axes[0].score is not a finite number"),
        (lambda r: r["axes"][0].update(score=2), "axes[0].score is 2, outside -1 … 1"),
        (lambda r: r["axes"][0].update(score=True), "axes[0].score is not a number"),
        (lambda r: r["outcome"].update(title="W" * 4001), "outcome.title is 4,001 characters"),
        (lambda r: r.update(recommendations=r["recommendations"] * 30), "has at most 100"),
        (lambda r: r.update(axes=r["axes"] * 9), "at most 32"),
    ],
)
def test_N3_a_stored_result_with_a_number_that_is_not_finite_is_refused(
    change: Any, message: str
) -> None:
    """A history record is checked like a friend's file: finite numbers, bounded strings."""
    record = {"id": 3, "report": _report(7)}
    change(record["report"])
    with pytest.raises(CompareError) as caught:
        checked(record, "result #3")
    assert str(caught.value).startswith("result #3")
    assert message in str(caught.value)
