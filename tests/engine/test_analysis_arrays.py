"""The analysis on arrays (popquiz.engine.analysis.arrays and its users) gives, answer set by
answer set, what the scalar rule and the real score, picks and why_entries give one taker: the
same draws from the same seeds, the same outcomes, the same figures. The reference is the
pure-Python analysis in tests/analysis_reference.py."""

from __future__ import annotations

import random
import sys
from typing import Any

import numpy as np
import pytest

import analysis_reference as ref
import reach_reference
from banks import answer, bank_yaml, choice, likert, outcome
from checking import check_text
from conftest import DEFAULT_BANK, EXAMPLE_BANK, ROOT
from popquiz.bank.loader import load_bank
from popquiz.engine.analysis import arrays
from popquiz.engine.analysis import influence as I
from popquiz.engine.analysis import reach as R
from popquiz.engine.analysis import shares as S
from popquiz.engine.analysis import takermodels as T
from popquiz.engine.compiled import compiled
from popquiz.engine.scoring import score_assignment
from popquiz.engine.takers import consistent_assignment

# Gated questions (one gate reads two earlier answers), a balanced outcome, acts in two
# scenes with inactive ones, and an axis only a skipped-able branch measures.
GATED = bank_yaml(
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
        likert("rate", "Rate.", "x", weight=0.5),
        choice(
            "late",
            "Late?",
            [answer("a", {"y": 1}), answer("b", {"y": -1}), answer("c", {"y": 0.5, "x": 0.1})],
            when=[
                {"question": "rate", "answers": [1, 2]},
                {"question": "gate", "answers": ["shut", "ajar"]},
            ],
        ),
    ],
    outcomes=[
        outcome("ne", {"x": 0.6, "y": 0.6, "z": 0}),
        outcome("sw", {"x": -0.6, "y": -0.6, "z": 0}),
        outcome("up", {"x": 0, "y": 0, "z": 0.8}),
        outcome("mid", {"x": 0, "y": 0, "z": 0}, title="Mid", balanced=True),
    ],
    acts=[
        {
            "id": f"act{i}",
            "name": f"Act {i}",
            "blurb": f"The act numbered {i}.",
            "scene": "ne" if i % 3 else "sw",
            "profile": {"x": (i % 5 - 2) / 2, "y": (i % 7 - 3) / 3, "z": (i % 4 - 1.5) / 1.5},
            **({"facts": {"active": False}} if i in (1, 4) else {}),
        }
        for i in range(9)
    ],
    rule={"margin": 0.05},
)


def _generated() -> Any:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_bank import make_bank
    finally:
        sys.path.pop(0)
    return make_bank(40, seed=3)


def _bank(source: str) -> Any:
    if source == "default":
        return load_bank(DEFAULT_BANK)
    if source == "example":
        return load_bank(EXAMPLE_BANK)
    if source == "compass":  # a declared distance (weights and powers per axis), 40 outcomes
        return load_bank(ROOT / "tests" / "data" / "compass.yaml")
    text = GATED if source == "gated" else _generated()
    bank, problems = check_text(text, f"{source}.yaml")
    assert bank is not None, "\n".join(d.format() for d in problems)
    return bank


BANKS = ["gated", "generated", "example", "default", "compass"]


@pytest.mark.parametrize("n", [0, 1, 30, 64, 65, 1000])
def test_floats_are_the_generators_own_random_calls(n: int) -> None:
    ours, theirs = random.Random(f"seed:{n}"), random.Random(f"seed:{n}")
    assert arrays.floats(ours, n).tolist() == [theirs.random() for _ in range(n)]
    assert ours.random() == theirs.random()  # and the generator is left where random() leaves it


@pytest.mark.parametrize("source", BANKS)
def test_outcomes_on_arrays_are_the_scalar_rules_row_by_row(source: str) -> None:
    bank = _bank(source)
    c = compiled(bank)
    rng = random.Random(11)
    rows = [c.random_assignment(rng) for _ in range(600)]
    for row in rows[200:400]:  # skipped answers: partial answer sets, unmeasured axes
        for q in range(c.nq):
            if rng.random() < 0.4:
                row[q] = -1
    for row in rows[400:450]:
        row[:] = [-1] * c.nq
    got = arrays.outcomes(c, np.array(rows, dtype=np.int64)).tolist()
    assert got == [c.outcome(row) for row in rows]


@pytest.mark.parametrize("model", ["uniform", "consistent"])
@pytest.mark.parametrize("source", BANKS)
def test_taker_sample_is_each_takers_own_score(source: str, model: str) -> None:
    bank = _bank(source)
    c = compiled(bank)
    sample = T.taker_sample(c, model, 150, seed=4)
    rng = random.Random(f"popquiz-takers:{model}:4")
    for t in range(150):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        assert sample.answers[t].tolist() == assign
        result = score_assignment(bank, assign)
        assert sample.scores[t].tolist() == [a.score for a in result.axes]
        assert sample.measured[t].tolist() == [a.measured for a in result.axes]
        assert c.outcome_ids[sample.outcome[t]] == result.outcome
        by_id = {f.id: f.fit for f in result.fits}
        assert sample.fits[t].tolist() == [by_id[o] for o in c.outcome_ids]


@pytest.mark.parametrize("model", ["uniform", "consistent"])
@pytest.mark.parametrize("source", BANKS)
def test_taker_statistics_equal_the_one_taker_at_a_time_reference(source: str, model: str) -> None:
    bank = _bank(source)
    c = compiled(bank)
    takers = 400 if source == "default" else 800
    got = T.taker_stats(c, model, takers, seed=2)
    want = ref.taker_stats(c, model, takers, seed=2)
    assert got.outcomes == want["outcomes"]
    assert got.strengths == want["strengths"]
    assert got.lead_quartiles == want["lead_quartiles"]
    assert got.acts_top5 == want["acts_top5"]
    assert got.first_why == want["first_why"]
    assert got.why_axes == want["why_axes"]
    assert got.first_active == want["first_active"]
    if source in ("gated", "default"):  # the banks whose catalogue marks an act inactive
        assert got.first_active


@pytest.mark.parametrize("source", BANKS)
def test_sampled_shares_and_influence_equal_the_reference(source: str) -> None:
    bank = _bank(source)
    c = compiled(bank)
    shares, first = S.sample_shares(c, 3, 0.02, batch=700)
    want, error, n, want_first = ref.sample_shares(c, 3, 0.02, batch=700)
    assert (shares.shares, shares.error, shares.samples) == (want, error, n)
    assert first.tolist() == want_first
    found, seen, asked = I.influence(c, first[:150])
    figures, want_seen, want_asked = ref.influence(c, want_first[:150])
    assert [(i.influence, i.asked) for i in found] == figures
    assert (seen, asked) == (want_seen, want_asked)


def test_the_written_out_row_mix_is_the_generators_draw() -> None:
    from popquiz.engine.analysis import exact

    drawn = np.random.default_rng(20261205).integers(1, 2**62, size=256, dtype=np.int64) | 1
    assert exact._MIX.dtype == np.int64 and exact._MIX.tolist() == drawn.tolist()


@pytest.mark.parametrize("source", ["gated", "example"])
def test_exact_states_merge_exactly_even_when_their_mixes_collide(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are grouped by a 64-bit mix of their columns and then compared in full: with a mix
    that makes many rows collide (every column weighted 1), the states are still the same."""
    from popquiz.engine.analysis import exact

    bank = _bank(source)
    c = compiled(bank)
    want = S.exact_shares(c, 10**6)
    assert want is not None
    monkeypatch.setattr(exact, "_MIX", np.ones_like(exact._MIX))
    got = S.exact_shares(c, 10**6)
    assert got is not None and got[1] == want[1]  # as many distinct states
    assert got[0] == pytest.approx(want[0], abs=1e-12)  # added in another order


@pytest.mark.parametrize("source", ["gated", "generated", "default"])
def test_each_simulated_takers_picks_are_their_own(source: str) -> None:
    """The five picks analyze works out for a whole sample (preferences from each sample's
    answers, then the ranking on arrays) are, taker by taker, what recommend.picks gives that
    taker's scored result."""
    from popquiz.engine.analysis.picks import array_picks, takers_of_sample
    from popquiz.engine.recommend import picks

    bank = _bank(source)
    c = compiled(bank)
    sample = T.taker_sample(c, "consistent", 300, seed=8)
    got = array_picks(bank, c, takers_of_sample(c, sample), 5)
    for t in range(300):
        want = picks(bank, score_assignment(bank, sample.answers[t].tolist()), 5)
        assert [int(i) for i in got[t] if i >= 0] == [
            bank.acts.index(a) for _, a, bridge in want if not bridge
        ]


@pytest.mark.parametrize("source", ["gated", "generated", "example", "compass"])
def test_reach_on_arrays_takes_the_steps_of_one_change_at_a_time(source: str) -> None:
    """Every climb scores its candidate changes on arrays and the acts' examples are ranked
    together; the examples are still the ones the scalar search, checking each with the real
    recommend, finds (gated questions, inactive acts, a declared distance, 40 outcomes)."""
    c = compiled(_bank(source))
    assert R.reachability(c, seed=2, restarts=2) == reach_reference.reachability(
        c, seed=2, restarts=2
    )


def test_reach_on_arrays_finds_the_scalar_examples_on_the_default_bank() -> None:
    """Acts that reach the top 3 but not the top pick (0), neither (7), both (40), the top
    pick only (78), on the bank with gated questions and 91 acts. Each act's search has its
    own seed, so a few acts stand for all."""
    c = compiled(_bank("default"))
    acts = [0, 7, 40, 78]
    assert R.reachability(c, acts=acts) == reach_reference.reachability(c, acts=acts)


@pytest.mark.parametrize(
    ("source", "walks"),
    [("gated", 8), ("generated", 2), ("example", 8), ("default", 4), ("compass", 1)],
)
def test_the_estimate_on_arrays_walks_as_the_pure_one(source: str, walks: int) -> None:
    """At every step of seeded adaptive walks (skipped answers among them) the estimate on
    arrays decides each taker's verdict one state at a time as the pure estimate does,
    exactly (the form :meth:`ArrayParticles.verdicts` falls back on; its many-states form is
    tested in tests/engine/test_adaptive_walks.py)."""
    from popquiz.engine.adaptive import askable
    from popquiz.engine.analysis.particles import ArrayParticles
    from popquiz.engine.estimate import Particles, particle_count

    c = compiled(_bank(source))
    pure, ours = Particles(c, particle_count(c)), ArrayParticles(c)
    rng = random.Random(5)
    steps = 0
    for walk in range(walks):
        assign = consistent_assignment(c, rng) if walk % 2 else c.random_assignment(rng)
        state: list[int | None] = [None] * c.nq
        while candidates := askable(c, state):
            assert ours.outcomes(state) == pure.outcomes(state)
            chosen = pure.next_question(state, candidates)
            assert chosen is not None
            state[chosen] = -1 if rng.random() < 0.15 else assign[chosen]
            steps += 1
    assert steps >= 2 * walks  # every walk took steps


@pytest.mark.parametrize("model", ["uniform", "consistent"])
def test_the_taker_models_are_the_first_takers_of_the_pick_sample(model: str) -> None:
    """analyze draws each model's takers once: the taker models' figures from the first of
    the pick statistics' takers are those of a sample of their own."""
    c = compiled(_bank("gated"))
    from popquiz.engine.analysis.picks import array_picks, takers_of_sample

    drawn = T.taker_sample(c, model, 700, seed=6)
    assert T.taker_stats(c, model, 250, 6, drawn) == T.taker_stats(c, model, 250, 6)
    assert T.taker_stats(c, model, 250, 6, drawn) != T.taker_stats(c, model, 250, 7)
    picks = array_picks(c.bank, c, takers_of_sample(c, drawn))
    assert T.taker_stats(c, model, 250, 6, drawn, picks) == T.taker_stats(c, model, 250, 6)


def test_each_models_takers_are_ranked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The taker models read their picks from the pick statistics' ranking of the same
    takers: no sample of takers is ranked twice (the reach search ranks its own examples)."""
    from popquiz.engine import analysis
    from popquiz.engine.analysis import picks as P

    ranked: list[int] = []
    real = P.array_picks

    def counting(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        ranked.append(len(found))
        return found

    monkeypatch.setattr(P, "array_picks", counting)
    bank = _bank("gated")
    found = analysis.analyze(bank, takers=200, pick_takers=600, restarts=0, influence_samples=50)
    assert [m.samples for m in found.models] == [200, 200]
    assert ranked.count(600) == 2  # each model's sample, once
    assert 200 not in ranked  # the taker models' first 200 takers are not ranked again


@pytest.mark.parametrize("source", ["gated", "default", "compass"])
def test_consistent_takers_draws_are_the_generators_own(source: str) -> None:
    """The latent positions and uniform numbers of consistent takers, made on arrays from the
    generator's words, are bit for bit latent_position's and random()'s, taker after taker
    (3, 4 and 40 outcomes: type draws retried a quarter, half and a third of the time)."""
    from popquiz.engine.takers import latent_position

    c = compiled(_bank(source))
    theta, u = T._latent_and_uniform(c, random.Random(f"draws:{source}"), 400)
    rng = random.Random(f"draws:{source}")
    for t in range(400):
        assert theta[t].tolist() == latent_position(c, rng)
        assert u[t].tolist() == [rng.random() for _ in range(c.nq)]


def test_a_known_top3_example_is_not_searched_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """An act a simulated taker already had among their first three is searched for the top
    pick alone: the same top-pick example as a full search, the taker's top-3 example, and no
    top-3 climb at all."""
    c = compiled(_bank("gated"))
    full = R.reachability(c, seed=2, restarts=2)
    given = [1] * c.nq  # some answer set standing for a simulated taker's
    known: R.Seen = {ai: (None, given) for ai in range(len(c.bank.acts))}
    places: list[int] = []
    real = R._act_objective

    def objective(c: Any, target: int, place: int) -> Any:
        places.append(place)
        return real(c, target, place)

    monkeypatch.setattr(R, "_act_objective", objective)
    found = R.reachability(c, seed=2, restarts=2, seen=known)
    assert places and set(places) == {1}
    example = c.answers(given)
    for ours, theirs in zip(found, full, strict=True):
        if ours.target == "top3":
            assert (ours.reachable, ours.example) == (True, example)
        else:
            assert ours == theirs
