"""Scoring and recommendation: unit tests and Hypothesis properties on the pure engine."""

from __future__ import annotations

import dataclasses
import math
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DEFAULT_BANK, EXAMPLE_BANK
from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.bank.spec import runtime_bank
from popquiz.engine.recommend import recommend
from popquiz.engine.scoring import confidence_label, score
from popquiz.engine.session import random_answers

AXES = ["a", "b", "c"]


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    n_axes = draw(st.integers(1, 3))
    axes = AXES[:n_axes]
    weight = st.integers(-3, 3)
    questions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            questions.append(
                {
                    "id": f"q{i}",
                    "kind": "likert",
                    "text": "s",
                    "axis": draw(st.sampled_from(axes)),
                    "weight": draw(st.sampled_from([1, 2, 1.5])),
                    "reverse": draw(st.booleans()),
                }
            )
        else:
            answers = [
                {
                    "id": f"a{j}",
                    "text": "t",
                    "weights": {ax: draw(weight) for ax in axes if draw(st.booleans())},
                }
                for j in range(draw(st.integers(2, 4)))
            ]
            questions.append({"id": f"q{i}", "text": "q", "answers": answers})
    unit = st.sampled_from([-1, -0.5, 0, 0.5, 1])
    outcomes = [
        {
            "id": f"o{k}",
            "title": "o",
            "description": "d",
            "profile": {ax: draw(unit) for ax in axes},
            "balanced": k == 2,
        }
        for k in range(draw(st.integers(2, 3)))
    ]
    acts = [
        {
            "id": f"x{k}",
            "name": "n",
            "scene": draw(st.sampled_from([o["id"] for o in outcomes])),
            "profile": {ax: draw(unit) for ax in axes},
            "blurb": "b",
        }
        for k in range(draw(st.integers(0, 4)))
    ]
    return runtime_bank(
        {
            "id": "gen",
            "title": "t",
            "description": "d",
            "axes": [{"id": ax, "low": "l", "high": "h"} for ax in axes],
            "questions": questions,
            "outcomes": outcomes,
            "rule": {"margin": draw(st.sampled_from([0, 0.05, 0.2]))},
            "acts": acts,
        }
    )


def answers_for(bank: Bank, data: st.DataObject) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in bank.questions:
        if data.draw(st.booleans(), label="skip") and len(bank.questions) > 1:
            continue
        if q.kind == "likert":
            out[q.id] = data.draw(st.integers(1, 5))
        else:
            out[q.id] = data.draw(st.sampled_from([a.id for a in q.answers]))
    return out


@given(banks(), st.data())
def test_scores_are_bounded_deterministic_and_sum_of_contributions(
    bank: Bank, data: st.DataObject
) -> None:
    answers = answers_for(bank, data)
    first, second = score(bank, answers), score(bank, dict(reversed(list(answers.items()))))
    assert first == second
    assert 0.0 <= first.confidence <= 1.0
    assert first.outcome in bank.outcomes_by_id
    for axis in first.axes:
        assert -1.0 <= axis.score <= 1.0
        total = sum(c.delta for c in first.contributions if c.axis == axis.id)
        assert math.isclose(total, axis.score, abs_tol=1e-9)
        if not axis.measured:
            assert axis.score == 0.0


@given(banks(), st.data(), st.randoms(use_true_random=False))
def test_question_order_does_not_change_the_result(
    bank: Bank, data: st.DataObject, rnd: random.Random
) -> None:
    answers = answers_for(bank, data)
    questions = list(bank.questions)
    rnd.shuffle(questions)
    shuffled = dataclasses.replace(bank, questions=tuple(questions))
    a, b = score(bank, answers), score(shuffled, answers)
    assert (a.outcome, a.confidence, a.scores) == (b.outcome, b.confidence, b.scores)


@given(banks(), st.data())
def test_maximal_option_on_every_question_of_an_axis_gives_plus_one(
    bank: Bank, data: st.DataObject
) -> None:
    axis = data.draw(st.sampled_from(list(bank.axis_ids)))
    answers: dict[str, Any] = {}
    for q in bank.questions:
        if q.kind == "likert":
            if q.axis == axis:
                answers[q.id] = 1 if q.reverse else 5
            else:
                answers[q.id] = data.draw(st.integers(1, 5))
        else:
            answers[q.id] = max(q.answers, key=lambda a: a.weights.get(axis, 0.0)).id
    result = score(bank, answers)
    [axis_score] = [a for a in result.axes if a.id == axis]
    if axis_score.measured:
        assert axis_score.score == 1.0
    else:
        assert axis_score.score == 0.0


@given(banks(), st.data())
def test_recommendations_are_ranked_with_a_bridge(bank: Bank, data: st.DataObject) -> None:
    result = score(bank, answers_for(bank, data))
    picks = recommend(bank, result, n=2)
    if not bank.acts:
        assert picks == []
        return
    main = [p for p in picks if not p.bridge]
    assert [p.match for p in main] == sorted((p.match for p in main), reverse=True)
    assert all(0.0 <= p.match <= 1.0 for p in picks)
    assert len({p.id for p in picks}) == len(picks)
    bridges = [p for p in picks if p.bridge]
    assert len(bridges) <= 1
    if bridges and not bank.outcomes_by_id[result.outcome].balanced:
        others = [
            a for a in bank.acts if a.scene != result.outcome and a.id not in {p.id for p in main}
        ]
        if others:
            assert bridges[0].act.scene != result.outcome


def test_worked_example_matches_the_documented_formula() -> None:
    bank = load_bank(EXAMPLE_BANK)
    # morning=run: energy +2 (range -2..2), ritual -1 (range -1..1)
    # brew=5: ritual +1.5 (range ±1.5); afternoon=2: energy -0.5 (range ±1)
    result = score(bank, {"morning": "run", "brew": 5, "afternoon": 2})
    scores = result.scores
    assert scores["energy"] == pytest.approx(0.5)
    assert scores["ritual"] == pytest.approx((2 * 0.5 - 2.5 + 2.5) / 5)  # = 0.2
    # coffee (0.8, -0.5) vs tea (-0.8, 0.7): distances 0.806 and 1.36, n = 2
    d_coffee = math.hypot(0.5 - 0.8, 0.2 + 0.5)
    d_tea = math.hypot(0.5 + 0.8, 0.2 - 0.7)
    assert result.outcome == "coffee"
    assert result.confidence == pytest.approx(1 - d_coffee / d_tea)
    assert not result.won_on_margin
    top = result.top_contributions(1)[0]
    assert (top.question, top.axis) == ("morning", "energy")


def test_unanswered_conditional_question_does_not_count() -> None:
    bank = load_bank(EXAMPLE_BANK)
    # `cup` is only asked after morning=read; an answer to it is ignored otherwise.
    with_cup = score(bank, {"morning": "run", "cup": "porcelain"})
    without = score(bank, {"morning": "run"})
    assert with_cup == without
    asked = score(bank, {"morning": "read", "cup": "porcelain"})
    assert ("cup", "porcelain") in asked.answers


def test_near_tie_goes_to_the_balanced_outcome() -> None:
    bank = load_bank(EXAMPLE_BANK)
    result = score(bank, {"morning": "run", "brew": 5, "afternoon": 1, "cup": "none"})
    fits = {f.id: f.fit for f in result.fits}
    lead = abs(fits["coffee"] - fits["tea"])
    assert (result.outcome == "both") == (lead < bank.rule.margin)
    assert confidence_label(0.9, balanced=False) == "strong"
    assert confidence_label(0.9, balanced=True) == "balanced"


def test_invalid_answers_are_value_errors() -> None:
    bank = load_bank(EXAMPLE_BANK)
    with pytest.raises(ValueError, match="no answer"):
        score(bank, {"morning": "nap"})
    with pytest.raises(ValueError, match="1-5"):
        score(bank, {"brew": 6})


def test_default_bank_random_results_are_deterministic_by_seed() -> None:
    bank = load_bank(DEFAULT_BANK)
    a = score(bank, random_answers(bank, random.Random(7)))
    b = score(bank, random_answers(bank, random.Random(7)))
    assert a == b
