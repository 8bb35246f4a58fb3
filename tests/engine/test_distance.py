"""The declared distance (``axes[].weight`` and ``axes[].power``): outcome fit, act match,
the verdict's lead and strength all follow ``D = Σ wᵢ·|sᵢ − pᵢ|^pᵢ``; the default is the
straight-line rule, unchanged; and bad values are located errors with a help line."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banks import bank_yaml, likert, outcome
from checking import check_text
from popquiz.bank.model import Bank
from popquiz.engine.compiled import Metric, compiled, matches
from popquiz.engine.scoring import score
from strategies import answer_sets, banks

POSITION = st.floats(-1, 1, allow_nan=False)
WEIGHT = st.floats(0.01, 100, allow_nan=False)
POWER = st.floats(0.5, 8, allow_nan=False)
RULES = st.tuples(WEIGHT, POWER)


def declared(scores: list[float], profile: list[float], metric: Metric) -> float:
    """The published rule, written out independently of the engine."""
    return sum(
        w * abs(s - p) ** q
        for s, p, w, q in zip(scores, profile, metric.weights, metric.powers, strict=True)
    )


def ceiling(metric: Metric) -> float:
    return sum(w * 2**q for w, q in zip(metric.weights, metric.powers, strict=True))


@st.composite
def metrics_and_points(draw: st.DrawFn) -> tuple[Metric, list[float], list[list[float]]]:
    n = draw(st.integers(1, 5))
    rules = draw(st.lists(RULES, min_size=n, max_size=n))
    metric = Metric(tuple(w for w, _ in rules), tuple(p for _, p in rules))
    scores = draw(st.lists(POSITION, min_size=n, max_size=n))
    profiles = draw(st.lists(st.lists(POSITION, min_size=n, max_size=n), min_size=1, max_size=6))
    return metric, scores, profiles


@given(metrics_and_points())
def test_fit_is_one_minus_the_declared_distance_over_its_largest_value(
    case: tuple[Metric, list[float], list[list[float]]],
) -> None:
    metric, scores, profiles = case
    everywhere = [True] * len(scores)
    means = metric.mean(scores, everywhere, profiles)
    top = metric.ceiling(everywhere)
    for d, p in zip(means, profiles, strict=True):
        fit = 1 - d / top
        assert fit == pytest.approx(1 - declared(scores, p, metric) / ceiling(metric), abs=1e-9)
        assert -1e-12 <= fit <= 1 + 1e-12
    # At its own profile a taker fits perfectly; at the opposite corner not at all.
    assert metric.mean(scores, everywhere, [scores]) == [0.0]
    corner = [[-1.0 if s >= 0 else 1.0 for s in scores]]
    far = [[1.0 if s >= 0 else -1.0 for s in scores]]
    assert metric.mean(far[0], everywhere, corner)[0] == pytest.approx(top)


@given(metrics_and_points(), st.floats(0.1, 50))
def test_only_the_ratios_between_weights_matter(
    case: tuple[Metric, list[float], list[list[float]]], factor: float
) -> None:
    metric, scores, profiles = case
    scaled = Metric(tuple(w * factor for w in metric.weights), metric.powers)
    everywhere = [True] * len(scores)
    a = [1 - d / metric.ceiling(everywhere) for d in metric.mean(scores, everywhere, profiles)]
    b = [1 - d / scaled.ceiling(everywhere) for d in scaled.mean(scores, everywhere, profiles)]
    assert a == pytest.approx(b, abs=1e-9)


@given(metrics_and_points())
def test_a_match_ranks_exactly_as_the_declared_distance(
    case: tuple[Metric, list[float], list[list[float]]],
) -> None:
    metric, scores, profiles = case
    everywhere = [True] * len(scores)
    found = matches(scores, everywhere, profiles, metric)
    distances = [declared(scores, p, metric) for p in profiles]
    for i in range(len(profiles)):
        assert 0 <= found[i] <= 1
        for j in range(len(profiles)):
            if distances[i] < distances[j] - 1e-9 and found[j] > 0:
                assert found[i] > found[j]


@given(metrics_and_points())
def test_the_radius_gives_back_the_distance(
    case: tuple[Metric, list[float], list[list[float]]],
) -> None:
    metric, scores, profiles = case
    everywhere = [True] * len(scores)
    for d in metric.mean(scores, everywhere, profiles):
        r = metric.radius(d, everywhere)
        back = sum(w * r**q for w, q in zip(metric.weights, metric.powers, strict=True))
        assert back / sum(metric.weights) == pytest.approx(d, rel=1e-7, abs=1e-9)


@given(metrics_and_points(), st.lists(st.floats(0, 5), min_size=5, max_size=5))
def test_emphasis_multiplies_the_weights(
    case: tuple[Metric, list[float], list[list[float]]], extra: list[float]
) -> None:
    metric, scores, profiles = case
    n = len(scores)
    emphasis = extra[:n]
    everywhere = [True] * n
    if not any(w * e for w, e in zip(metric.weights, emphasis, strict=True)):
        return
    weights = tuple(w * e for w, e in zip(metric.weights, emphasis, strict=True))
    folded = Metric(weights, metric.powers)
    assert matches(scores, everywhere, profiles, metric, emphasis) == pytest.approx(
        [max(0.0, x) for x in matches(scores, everywhere, profiles, folded)], abs=1e-7
    )
    assert matches(scores, everywhere, profiles, metric, [1.0] * n) == pytest.approx(
        matches(scores, everywhere, profiles, metric), abs=1e-12
    )


@settings(max_examples=60)
@given(
    banks(axes=(1, 3), questions=(2, 5), outcomes=(2, 5), acts=(1, 4), distance=RULES).flatmap(
        lambda bank: answer_sets(bank).map(lambda a: (bank, a))
    )
)
def test_verdict_and_picks_follow_the_declared_distance(case: tuple[Bank, dict]) -> None:  # type: ignore[type-arg]
    """A generated bank with any weights and powers, scored by the real engine: every fit, the
    lead and the winner, and the act ranking, as the declared rule computed here says."""
    bank, answers = case
    result = score(bank, answers)
    c = compiled(bank)
    metric = c.metric
    ids = list(c.axes)
    s = [result.scores[a] for a in ids]
    measured = [a.measured for a in result.axes]
    used = [i for i, m in enumerate(measured) if m]
    if not used:
        return
    part = Metric(tuple(metric.weights[i] for i in used), tuple(metric.powers[i] for i in used))
    su = [s[i] for i in used]
    expected = {}
    for o in bank.outcomes:
        pu = [o.profile.get(ids[i], 0.0) for i in used]
        expected[o.id] = 1 - declared(su, pu, part) / ceiling(part)
    for f in result.fits:
        assert f.fit == pytest.approx(expected[f.id], abs=1e-9)
    if c.balanced is None and all(c.eligible(measured) or [True]):
        best = max(expected.values())
        leaders = [o for o, v in expected.items() if v > best - 1e-9]
        if len(leaders) == 1:
            assert result.outcome == leaders[0]
    distance = {
        act.id: declared(su, [act.profile.get(ids[i], 0.0) for i in used], part)
        for act in bank.acts
    }
    # The match acts are ranked from (before the ranking weighs axes by how strongly the
    # taker leans, see test_ranking): best first, catalogue order on ties.
    found = c.act_matches(s, measured)
    order = sorted(range(len(bank.acts)), key=lambda i: (-found[i], i))
    ranked = [(found[i], bank.acts[i].id) for i in order]
    for (_, x), (m, y) in itertools.pairwise(ranked):
        if m > 0:  # matches stop at 0: acts further than that keep catalogue order
            assert distance[x] <= distance[y] + 1e-9


def test_the_default_is_straight_line_distance() -> None:
    """No weight or power declared: fits are ``1 − (D/n)/4`` exactly as before."""
    bank, problems = check_text(
        bank_yaml(
            questions=[likert("q1", "Q", "x"), likert("q2", "Q", "y", reverse=True)],
            outcomes=[outcome("a", {"x": 0.8, "y": -0.5}), outcome("b", {"x": -0.8, "y": 0.7})],
        )
    )
    assert bank is not None, problems
    assert compiled(bank).metric.plain
    result = score(bank, {"q1": 5, "q2": 2})
    s = [result.scores["x"], result.scores["y"]]
    for f in result.fits:
        p = bank.outcomes_by_id[f.id].profile
        mean = ((s[0] - p["x"]) ** 2 + (s[1] - p["y"]) ** 2) / 2
        assert f.fit == 1 - mean / 4
        assert f.distance == pytest.approx(math.sqrt(2 * mean))


def test_weights_and_powers_change_the_verdict_as_declared() -> None:
    """Scores (0.5, 0.5): by straight-line distance ``a`` (0.5, -0.1) is nearer than ``b``
    (-0.2, 0.5); weighting x four times makes x's difference count more: ``b`` is further."""
    questions = [likert("q1", "Q", "x"), likert("q2", "Q", "y")]
    outcomes = [outcome("a", {"x": 0.5, "y": -0.1}), outcome("b", {"x": -0.2, "y": 0.5})]
    plain, problems = check_text(bank_yaml(questions=questions, outcomes=outcomes))
    assert plain is not None, problems
    answers = {"q1": 4, "q2": 4}
    assert score(plain, answers).outcome == "a"
    axes = [
        {"id": "x", "low": "left", "high": "right", "weight": 1},
        {"id": "y", "low": "down", "high": "up", "weight": 4},
    ]
    weighted, problems = check_text(bank_yaml(axes=axes, questions=questions, outcomes=outcomes))
    assert weighted is not None, problems
    assert score(weighted, answers).outcome == "b"
    axes[1] = {"id": "y", "low": "down", "high": "up", "power": 1}
    axes[0] = {"id": "x", "low": "left", "high": "right", "power": 4}
    curved, problems = check_text(bank_yaml(axes=axes, questions=questions, outcomes=outcomes))
    assert curved is not None, problems
    # x: |0.5-0.5|^4 = 0 vs 0.7^4 = 0.24; y: |0.5+0.1| = 0.6 vs 0: a 0.6, b 0.24.
    assert score(curved, answers).outcome == "b"


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("weight", 0, "must be above 0 and at most 100, got 0"),
        ("weight", -2, "must be above 0 and at most 100, got -2"),
        ("weight", "2", "expected a number"),
        ("power", 0.2, "a power must be between 0.5 and 8, got 0.2"),
        ("power", 9, "a power must be between 0.5 and 8, got 9"),
    ],
)
def test_a_bad_weight_or_power_is_a_located_error(field: str, value: object, words: str) -> None:
    axes = [{"id": "x", "low": "left", "high": "right", field: value}, dict(XY_Y)]
    bank, problems = check_text(
        bank_yaml(
            axes=axes,
            questions=[likert("q1", "Q", "x"), likert("q2", "Q", "y")],
            outcomes=[outcome("a", {"x": 0.5, "y": 0.5}), outcome("b", {"x": -0.5, "y": -0.5})],
        ),
        "inv.yaml",
    )
    assert bank is None
    (problem,) = problems
    assert problem.code == "E103"
    assert f"axes[0].{field}" in problem.message and words in problem.message
    assert problem.line == 5 and problem.col > 3 and "Declared distance" in problem.help


XY_Y = {"id": "y", "low": "down", "high": "up"}
