"""``analyze --adaptive`` plays its walks side by side on arrays (popquiz.engine.analysis.play
and particles); every walk must ask the questions, stop where and report what one walk at a
time through ``adaptive.step`` and the pure estimate does (tests/analysis_reference.py)."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

import analysis_reference as ref
from banks import bank_yaml, choice, likert, outcome
from checking import check_text
from conftest import DEFAULT_BANK, EXAMPLE_BANK
from popquiz.bank.loader import load_bank
from popquiz.engine import estimate
from popquiz.engine.adaptive import askable, settings_for, step
from popquiz.engine.analysis import particles as particles_module
from popquiz.engine.analysis.particles import OPEN, ArrayParticles
from popquiz.engine.analysis.play import simulate
from popquiz.engine.compiled import compiled
from popquiz.engine.estimate import Particles, particle_count
from popquiz.engine.lockin import locked
from popquiz.engine.takers import consistent_assignment

# Two contenders and a balanced outcome (the quick form), mirror images of each other so that
# many completions tie exactly; gates on one and on two earlier answers, and a chain of them.
MIRRORED = bank_yaml(
    axes=[
        {"id": "x", "low": "West", "high": "East"},
        {"id": "y", "low": "South", "high": "North"},
        {"id": "z", "low": "Low", "high": "High"},
    ],
    questions=[
        choice("gate", "Gate?", {"open": {"x": 1}, "shut": {"x": -1}, "ajar": {}}),
        choice(
            "inner",
            "Inner?",
            {"a": {"y": 2, "z": 1}, "b": {"y": -2, "x": 1}},
            when=[{"question": "gate", "answers": ["open", "ajar"]}],
        ),
        likert("deeper", "Deeper.", "z", when=[{"question": "inner", "answers": ["b"]}]),
        likert("rate", "Rate.", "x"),
        choice(
            "late",
            "Late?",
            {"a": {"y": 1}, "b": {"y": -1}, "c": {"z": 1, "x": -1}},
            when=[
                {"question": "rate", "answers": [1, 2]},
                {"question": "gate", "answers": ["shut", "ajar"]},
            ],
        ),
        likert("north", "North.", "y"),
        likert("west", "West.", "x", reverse=True),
        choice("even", "Even?", {"e": {"x": 1, "y": -1}, "w": {"x": -1, "y": 1}}),
    ],
    outcomes=[
        outcome("east", {"x": 0.6, "y": 0.6, "z": 0}),
        outcome("west", {"x": -0.6, "y": -0.6, "z": 0}),
        outcome("mid", {"x": 0, "y": 0, "z": 0}, title="Mid", balanced=True),
    ],
    rule={"margin": 0.05},
)

# Two contenders with no balanced outcome, on tenths: a completion of 0.1 + 0.2 − 0.3 is
# 5.6e-17, not 0, so the order of the sums decides a near tie.
TENTHS = bank_yaml(
    axes=[
        {"id": "x", "low": "West", "high": "East"},
        {"id": "y", "low": "South", "high": "North"},
    ],
    questions=[
        choice("a", "A?", {"e": {"x": 0.1}, "w": {"x": -0.1}}),
        choice("b", "B?", {"e": {"x": 0.2}, "w": {"x": -0.2}}),
        choice("c", "C?", {"e": {"x": 0.3, "y": 0.1}, "w": {"x": -0.3, "y": -0.1}}),
        choice(
            "d",
            "D?",
            {"e": {"x": 0.7}, "w": {"x": -0.7}},
            when=[{"question": "a", "answers": ["e"]}],
        ),
        choice("f", "F?", {"n": {"y": 0.3}, "s": {"y": -0.3}}),
    ],
    outcomes=[outcome("east", {"x": 0.6, "y": 0.2}), outcome("west", {"x": -0.6, "y": -0.2})],
)
# The same with a third contender and a balanced outcome: each contender's fit decides.
THIRDS = TENTHS + (
    "  - {id: north, title: NORTH, description: d, profile: {x: 0, y: 0.6}}\n"
    "  - {id: mid, title: Mid, description: d, balanced: true, profile: {x: 0, y: 0}}\n"
)


def _bank(source: str) -> Any:
    if source == "default":
        return load_bank(DEFAULT_BANK)
    if source == "example":  # four contenders: the general rule, state by state
        return load_bank(EXAMPLE_BANK)
    text = {"tenths": TENTHS, "thirds": THIRDS}.get(source, MIRRORED)
    bank, problems = check_text(text, f"{source}.yaml")
    assert bank is not None, "\n".join(d.format() for d in problems)
    return bank


@pytest.mark.parametrize(
    ("source", "model", "walks"),
    [
        ("mirrored", "uniform", 15),
        ("mirrored", "consistent", 15),
        ("tenths", "uniform", 40),
        ("thirds", "consistent", 40),
        ("example", "consistent", 30),
        ("default", "consistent", 2),
    ],
)
def test_walks_side_by_side_report_what_one_walk_at_a_time_does(
    source: str, model: str, walks: int
) -> None:
    c = compiled(_bank(source))
    got = simulate(c, model, walks, seed=4)
    assert got == ref.adaptive_play(c, model, walks, seed=4)
    assert sum(got.lock_asked.values()) == walks


def _states(c: Any, walks: int) -> list[list[int | None]]:
    """Every state of seeded adaptive walks (skips among the answers), as the pure estimate
    chooses them."""
    pure = Particles(c, particle_count(c))
    rng = random.Random(8)
    out: list[list[int | None]] = []
    for walk in range(walks):
        assign = consistent_assignment(c, rng) if walk % 2 else c.random_assignment(rng)
        state: list[int | None] = [None] * c.nq
        while candidates := askable(c, state):
            out.append(list(state))
            chosen = pure.next_question(state, candidates)
            assert chosen is not None
            state[chosen] = -1 if rng.random() < 0.15 else assign[chosen]
    return out


@pytest.mark.parametrize("source", ["mirrored", "tenths", "thirds", "example", "default"])
def test_many_states_at_once_are_the_pure_estimate_state_by_state(source: str) -> None:
    """The verdicts per taker exactly; weights, confidence and information to rounding; and
    the same next question."""
    c = compiled(_bank(source))
    pure, ours = Particles(c, particle_count(c)), ArrayParticles(c)
    states = _states(c, {"default": 1, "mirrored": 4}.get(source, 8))
    rows = np.array([[OPEN if k is None else k for k in s] for s in states], dtype=np.int64)
    verdicts = ours.verdicts(rows)
    logw = np.zeros((len(states), ours.size))
    for r, state in enumerate(states):
        for qi, k in enumerate(state):
            if k is not None and k >= 0:
                logw[r] += ours.loglik_table[qi, k]
    weights = ours.weights_of(logw)
    confidence = ours.confidence_of(weights, verdicts)
    candidates = ours.askable_of(rows)
    info = ours.information_of(weights, verdicts)
    chosen = ours.next_of(candidates, info)
    for r, state in enumerate(states):
        assert verdicts[r].tolist() == pure.outcomes(state)
        assert weights[r].tolist() == pytest.approx(pure.weights(state), rel=1e-12, abs=1e-15)
        assert confidence[r] == pytest.approx(pure.estimate(state).confidence, rel=1e-12)
        open_ = askable(c, state)
        assert np.flatnonzero(candidates[r]).tolist() == open_
        expected = pure.information(state, open_)
        assert info[r, open_].tolist() == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert chosen[r] == pure.next_question(state, open_)


@pytest.mark.parametrize("source", ["tenths", "thirds"])
def test_a_taker_at_a_boundary_of_the_rule_is_decided_in_the_pure_order(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Near ties (of two contenders' fits, or of a lead and the margin) fall on either side by
    the order of the sums, so the states of such takers are decided again in the pure order
    (without that, some verdict differs)."""
    c = compiled(_bank(source))
    ours = ArrayParticles(c)
    rows = np.array([[OPEN if k is None else k for k in s] for s in _states(c, 15)], dtype=np.int64)
    _, again = ours._linear_verdicts(rows)
    assert again.any()
    pure_rows = [ours.outcomes(particles_module.as_state(row)) for row in rows]
    assert ours.verdicts(rows).tolist() == pure_rows
    monkeypatch.setattr(particles_module, "TIE", -1.0)  # never decided again
    assert ours.verdicts(rows).tolist() != pure_rows


def _information(pure: Particles, state: list[int | None], candidates: list[int]) -> list[float]:
    """The mutual information of each candidate's answer and the final outcome, as written:
    each option's weight per outcome added taker by taker."""
    w, outcomes = pure.weights(state), pure.outcomes(state)
    found = []
    for qi in candidates:
        cells = [
            [sum(w[p] for p in members if outcomes[p] == o) for o in sorted(set(outcomes))]
            for members in pure.members[qi]
        ]
        info = 0.0
        marginal = [0.0] * len(set(outcomes))
        for row in cells:
            pk = sum(row)
            if pk <= 0:
                continue
            for o, pko in enumerate(row):
                marginal[o] += pko
                if pko > 0:
                    info += pko * math.log(pko / pk)
        found.append(info - sum(p * math.log(p) for p in marginal if p > 0))
    return found


@pytest.mark.parametrize("source", ["mirrored", "tenths", "example", "default"])
def test_take_adaptive_asks_and_stops_as_the_proof_and_the_information_say(source: str) -> None:
    """``take --adaptive``'s step (the pure estimate) at every state of seeded walks: locked
    exactly when the proof says so (it is tried only where the estimate's takers agree), the
    information to the last bit of the formula summed taker by taker, and the next question
    the most informative at nine decimals, then the broadest, then the first."""
    c = compiled(_bank(source))
    pure = Particles(c, particle_count(c))
    rules = settings_for(c.bank)
    for state in _states(c, {"default": 1, "mirrored": 4}.get(source, 8)):
        open_ = askable(c, state)
        expected = _information(pure, state, open_)
        assert pure.information(state, open_) == expected
        now = step(c, state, "adaptive", rules, model=pure)
        proved = locked(c, state)
        assert now.outcome == proved
        if proved is None:
            keys = [
                (round(info, 9), pure.breadth[q]) for info, q in zip(expected, open_, strict=True)
            ]
            assert now.next == open_[keys.index(max(keys))]


def test_the_pure_estimate_decides_near_ties_by_the_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure estimate decides two contenders by the first one's lead alone; near a tie it
    decides by the fits in their order, as the arrays' one-state form does (without that, some
    verdict differs)."""
    c = compiled(_bank("tenths"))
    pure, ours = Particles(c, particle_count(c)), ArrayParticles(c)
    states = _states(c, 15)
    expected = [ours.outcomes(state) for state in states]
    assert [pure.outcomes(state) for state in states] == expected
    monkeypatch.setattr(estimate, "TIE", -1.0)
    again = Particles(c, particle_count(c))  # nothing remembered
    assert [again.outcomes(state) for state in states] != expected


def test_information_of_many_outcomes_is_taken_a_few_states_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tables of states × outcomes × options are bounded: in pieces, the same figures."""
    c = compiled(_bank("thirds"))
    ours = ArrayParticles(c)
    rows = np.array([[OPEN if k is None else k for k in s] for s in _states(c, 3)], dtype=np.int64)
    weights = ours.weights_of(np.zeros((len(rows), ours.size)))
    verdicts = ours.verdicts(rows)
    whole = ours.information_of(weights, verdicts)
    monkeypatch.setattr(particles_module, "CELLS", 1)  # one state at a time
    assert ours.information_of(weights, verdicts) == pytest.approx(whole, rel=1e-12, abs=1e-12)
    assert len(rows) > 1 and whole.shape == (len(rows), c.nq)
