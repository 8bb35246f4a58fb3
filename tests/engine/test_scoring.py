"""Scoring and recommendation: unit tests and Hypothesis properties on the pure engine."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DEFAULT_BANK, EXAMPLE_BANK
from popquiz.bank.loader import load_bank
from popquiz.bank.model import STRENGTHS, Bank
from popquiz.engine.compiled import compiled
from popquiz.engine.recommend import Taker, recommend, shares
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers
from strategies import answer_sets, banks

# Up to 3 axes, 6 questions, 4 answers, 3 outcomes (each its own scene) and 4 acts.
BANKS = banks(
    axes=(1, 3),
    questions=(1, 6),
    answers=(2, 4),
    outcomes=(2, 3),
    acts=(0, 4),
    likert_one_in=2,
    likert_weight=st.sampled_from([1, 2, 1.5]),
    weight=st.integers(-3, 3),
    profile=st.sampled_from([-1, -0.5, 0, 0.5, 1]),
    margins=[0, 0.05, 0.2],
    scenes=True,
)


def answers_for(bank: Bank, data: st.DataObject) -> dict[str, Any]:
    """Answers with about half the questions left out, but never the only one."""
    skip_one_in = 2 if len(bank.questions) > 1 else 0
    return data.draw(answer_sets(bank, skip_one_in=skip_one_in), label="answers")


@given(BANKS, st.data())
def test_scores_are_bounded_deterministic_and_sum_of_contributions(
    bank: Bank, data: st.DataObject
) -> None:
    answers = answers_for(bank, data)
    first, second = score(bank, answers), score(bank, dict(reversed(list(answers.items()))))
    assert first == second
    assert first.lead >= 0.0 and first.strength in STRENGTHS
    assert first.outcome in bank.outcomes_by_id
    for axis in first.axes:
        assert -1.0 <= axis.score <= 1.0
        total = sum(c.delta for c in first.contributions if c.axis == axis.id)
        assert math.isclose(total, axis.score, abs_tol=1e-9)
        if not axis.measured:
            assert axis.score == 0.0


@given(BANKS, st.data(), st.randoms(use_true_random=False))
def test_question_order_does_not_change_the_result(
    bank: Bank, data: st.DataObject, rnd: random.Random
) -> None:
    answers = answers_for(bank, data)
    questions = list(bank.questions)
    rnd.shuffle(questions)
    shuffled = bank._replace(questions=tuple(questions))
    a, b = score(bank, answers), score(shuffled, answers)
    assert (a.outcome, a.strength, a.scores) == (b.outcome, b.strength, b.scores)
    assert a.lead == pytest.approx(b.lead, abs=1e-12)


@given(BANKS, st.data())
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


@given(BANKS, st.data())
def test_recommendations_come_from_the_verdict_scene_with_bridges_from_others(
    bank: Bank, data: st.DataObject
) -> None:
    result = score(bank, answers_for(bank, data))
    picks = recommend(bank, result, n=2)
    if not bank.acts:
        assert picks == []
        return
    outcome = bank.outcomes_by_id[result.outcome]
    main = [p for p in picks if not p.bridge]
    bridges = [p for p in picks if p.bridge]
    assert all(0.0 <= p.match <= 1.0 for p in picks)
    assert len({p.id for p in picks}) == len(picks)
    home = [a for a in bank.acts if a.scene == bank.scene_of(outcome)]
    if home:  # the verdict's scene only, filled from elsewhere when it has too few acts
        assert [p.act.scene for p in main][: len(home)] == [home[0].scene] * min(2, len(home))
    assert main == [p for p in picks if not p.bridge][: len(main)]  # bridges come last
    main_scenes = {p.act.scene for p in main}
    assert not any(b.act.scene in main_scenes for b in bridges)  # a bridge is another scene
    other_scenes = {a.scene for a in bank.acts} - main_scenes
    # A bridge is there for what it shares: one from every other scene that has an act sharing
    # something with the taker (balanced verdict), else one from any such scene.
    taker = Taker.of(bank, result)
    sharing = {
        a.scene for a in bank.acts if a.scene in other_scenes and shares(bank, taker, a) >= 0
    }
    if outcome.balanced:
        assert sorted(b.act.scene for b in bridges) == sorted(sharing)
    else:
        assert len(bridges) == (1 if sharing else 0)
    for p in picks:  # a shared reason is true of the taker and the act
        for r in p.reasons:
            if r.kind == "asked":
                assert result.preferred[r.facet, r.value] >= 0.5
                continue
            s, a = result.scores[r.axis], p.act.profile[r.axis]
            if r.kind == "middle":
                assert abs(s) < 0.15 and abs(a) < 0.15
                continue
            sign = 1 if r.pole == "high" else -1
            assert a * sign >= 0.15
            if r.shared:
                assert s * sign >= 0.15


def test_worked_example_matches_the_documented_formula() -> None:
    bank = load_bank(EXAMPLE_BANK)
    # morning=run: energy +2 (range -2..2), ritual -1 (range -1..1)
    # brew=5: ritual +1.5 (range ±1.5); afternoon=2: energy -0.5 (range ±1)
    result = score(bank, {"morning": "run", "brew": 5, "afternoon": 2})
    scores = result.scores
    assert scores["energy"] == pytest.approx(0.5)
    assert scores["ritual"] == pytest.approx((2 * 0.5 - 2.5 + 2.5) / 5)  # = 0.2
    # coffee (0.8, -0.5) vs tea (-0.8, 0.7): distances 0.806 and 1.36, n = 2
    # coffee (0.8, -0.5) vs tea (-0.8, 0.7): squared distances 0.58 and 1.94 over n = 2 axes
    d2_coffee = (0.5 - 0.8) ** 2 + (0.2 + 0.5) ** 2
    d2_tea = (0.5 + 0.8) ** 2 + (0.2 - 0.7) ** 2
    fits = {f.id: f.fit for f in result.fits}
    assert fits["coffee"] == pytest.approx(1 - d2_coffee / 2 / 4)
    assert fits["tea"] == pytest.approx(1 - d2_tea / 2 / 4)
    assert result.outcome == "coffee"
    assert result.lead == pytest.approx((d2_tea - d2_coffee) / 8)  # 0.17
    # lead − margin = 0.12: past `leaning` (0.05), short of `clear` (0.15)
    assert result.strength == "leaning"
    assert not result.won_on_margin
    top = result.contributions[0]
    assert (top.question, top.axis) == ("morning", "energy")


def _every_answer_set(bank: Bank) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = [{}]
    for q in bank.questions:
        values: list[Any] = [1, 2, 3, 4, 5] if q.kind == "likert" else [a.id for a in q.answers]
        sets = [{**s, q.id: v} for s in sets for v in values]
    return sets


def test_near_ties_and_only_near_ties_go_to_the_balanced_outcome() -> None:
    """Every answer set of the example bank: the balanced outcome wins exactly when the two
    leaders' fits are within the margin, and both branches are really taken."""
    bank = load_bank(EXAMPLE_BANK)
    seen = set()
    for answers in _every_answer_set(bank):
        result = score(bank, answers)
        fits = {f.id: f.fit for f in result.fits}
        lead = abs(fits["coffee"] - fits["tea"])
        assert (result.outcome == "both") == (lead < bank.rule.margin), answers
        assert result.won_on_margin == (result.outcome == "both")
        seen.add(result.outcome)
    assert seen == {"coffee", "tea", "both"}


@pytest.mark.parametrize(
    ("lead", "expected"),
    [  # the lead's excess over the margin (0.05) against leaning 0.05 and clear 0.15
        (0.05, "close"),
        (0.0999, "close"),
        (0.1001, "leaning"),
        (0.1999, "leaning"),
        (0.2001, "clear"),
        (0.9, "clear"),
    ],
)
def test_strength_thresholds_of_a_non_balanced_verdict(lead: float, expected: str) -> None:
    bank = load_bank(EXAMPLE_BANK)
    c = compiled(bank)
    assert (bank.rule.margin, bank.rule.leaning, bank.rule.clear) == (0.05, 0.05, 0.15)
    fits = [0.6 + lead, 0.6, 0.99]  # coffee, tea, both (the balanced fit does not matter)
    assert c.strength(fits, c.outcome_ids.index("coffee")) == expected


@pytest.mark.parametrize(
    ("off_centre", "expected"),
    [(0.0, "clear"), (0.079, "clear"), (0.081, "leaning"), (0.199, "leaning"), (0.201, "close")],
)
def test_strength_of_a_balanced_verdict_is_how_centred_the_taker_is(
    off_centre: float, expected: str
) -> None:
    bank = load_bank(EXAMPLE_BANK)
    c = compiled(bank)
    fit = 1 - (off_centre / 2) ** 2  # root mean square distance 2·√(1 − fit)
    assert c.strength([0.5, 0.5, fit], c.outcome_ids.index("both")) == expected


def test_unanswered_conditional_question_does_not_count() -> None:
    bank = load_bank(EXAMPLE_BANK)
    # `cup` is only asked after morning=read; an answer to it is ignored otherwise.
    with_cup = score(bank, {"morning": "run", "cup": "porcelain"})
    without = score(bank, {"morning": "run"})
    assert with_cup == without
    asked = score(bank, {"morning": "read", "cup": "porcelain"})
    assert ("cup", "porcelain") in asked.answers


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
