"""Banks with many outcomes (nearest profile): the self-written inventory in
tests/data/compass.yaml (40 profiles, a weighted, non-Euclidean distance) against an independent
computation of its published rule; a 256-outcome bank; and the limit as one located error."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml

from checking import check_bank, check_text
from conftest import ROOT
from popquiz.bank.model import Bank
from popquiz.bank.spec import MAX_OUTCOMES
from popquiz.engine.scoring import score

COMPASS = ROOT / "tests" / "data" / "compass.yaml"
# The inventory's own rule, on its percentages (see the file's header): coefficient and power
# per scale, in the order energy, order, warmth, depth.
PUBLISHED = {"energy": (1.0, 2.0), "order": (0.5, 2.0), "warmth": (4.0, 1.5), "depth": (60.0, 1.0)}
MULTIPLIER = {1: -1.0, 2: -0.5, 3: 0.0, 4: 0.5, 5: 1.0}


@pytest.fixture(scope="module")
def compass() -> tuple[Bank, dict]:  # type: ignore[type-arg]
    bank, problems = check_bank(COMPASS)
    assert bank is not None, problems
    return bank, yaml.safe_load(COMPASS.read_text(encoding="utf-8"))


def published(data: dict, answers: dict[str, int]) -> tuple[dict[str, float], list[str], float]:  # type: ignore[type-arg]
    """The inventory's own scoring, from the raw file: percentages per scale, the profiles in
    order of distance, and the gap between the nearest two (relative to the nearest's)."""
    sums = dict.fromkeys(PUBLISHED, 0.0)
    most = dict.fromkeys(PUBLISHED, 0.0)
    for q in data["questions"]:
        sign = -1.0 if q.get("reverse") else 1.0
        sums[q["axis"]] += sign * q["weight"] * MULTIPLIER[answers[q["id"]]]
        most[q["axis"]] += q["weight"]
    percent = {a: 100 * (most[a] + sums[a]) / (2 * most[a]) for a in PUBLISHED}
    distances = []
    for o in data["outcomes"]:
        # Each profile's percentages are in its description, as the inventory publishes them.
        found = re.search(r"Profile (\d+) / (\d+) / (\d+) / (\d+)", o["description"])
        assert found is not None
        target = dict(zip(PUBLISHED, map(int, found.groups()), strict=True))
        d = sum(c * abs(percent[a] - target[a]) ** p for a, (c, p) in PUBLISHED.items())
        distances.append((d, o["id"]))
    distances.sort()
    gap = (distances[1][0] - distances[0][0]) / max(distances[0][0], 1.0)
    return percent, [oid for _, oid in distances], gap


def test_the_inventory_scores_and_chooses_as_its_published_rule(compass: tuple[Bank, dict]) -> None:  # type: ignore[type-arg]
    bank, data = compass
    assert len(bank.outcomes) > 32
    powers = {a.power for a in bank.axes}
    assert powers - {2.0}, "the rule must not be straight-line distance"
    rnd = random.Random(26)
    unique = agreed = 0
    winners = set()
    for n in range(1500):
        if n % 2:  # a taker with a stable position: answers near a latent point per scale
            lean = {a: rnd.uniform(-1, 1) for a in PUBLISHED}
            answers = {}
            for q in data["questions"]:
                x = lean[q["axis"]] * (-1 if q.get("reverse") else 1) + rnd.gauss(0, 0.4)
                answers[q["id"]] = max(1, min(5, round(3 + 2 * x)))
        else:
            answers = {q["id"]: rnd.randint(1, 5) for q in data["questions"]}
        percent, order, gap = published(data, answers)
        result = score(bank, answers)
        for axis in result.axes:
            assert 50 + 50 * axis.score == pytest.approx(percent[axis.id], abs=1e-9)
        if gap > 1e-6:  # the inventory's choice is unique
            unique += 1
            agreed += result.outcome == order[0]
            winners.add(order[0])
    assert agreed == unique
    assert unique > 1400 and len(winners) > 20  # the check covers most answer sets and profiles


def test_straight_line_distance_would_choose_otherwise(compass: tuple[Bank, dict]) -> None:  # type: ignore[type-arg]
    """The declared rule matters here: without it popquiz would disagree with the inventory."""
    bank, data = compass
    plain = json.loads(json.dumps(data))
    for axis in plain["axes"]:
        del axis["weight"], axis["power"]
    euclid, problems = check_text(json.dumps(plain))
    assert euclid is not None, problems
    rnd = random.Random(5)
    differ = 0
    for _ in range(300):
        answers = {q["id"]: rnd.randint(1, 5) for q in data["questions"]}
        _, order, gap = published(data, answers)
        if gap > 1e-6:
            assert score(bank, answers).outcome == order[0]
            differ += score(euclid, answers).outcome != order[0]
    assert differ > 30


def _many(outcomes: int) -> str:
    rnd = random.Random(outcomes)
    lines = ["id: many", "title: Many", "description: d", "axes:"]
    lines += [f"  - {{id: a{i}, low: l, high: h}}" for i in range(3)]
    lines.append("questions:")
    lines += [
        f"  - {{id: q{q}, kind: likert, text: Q{q}, axis: a{q % 3}, weight: {1 + q % 2}}}"
        for q in range(12)
    ]
    lines.append("outcomes:")
    for o in range(outcomes):
        profile = ", ".join(f"a{i}: {rnd.uniform(-1, 1):.4f}" for i in range(3))
        lines.append(f"  - {{id: o{o}, title: O{o}, description: d, profile: {{{profile}}}}}")
    return "\n".join(lines) + "\n"


def test_256_outcomes_play_the_nearest_profile() -> None:
    bank, problems = check_text(_many(256))
    assert bank is not None, problems
    rnd = random.Random(1)
    for _ in range(50):
        answers = {q.id: rnd.randint(1, 5) for q in bank.questions}
        result = score(bank, answers)
        s = result.scores
        nearest = min(
            bank.outcomes, key=lambda o: sum((s[a] - o.profile[a]) ** 2 for a in bank.axis_ids)
        )
        assert result.outcome == nearest.id


def test_more_outcomes_than_the_limit_is_one_located_error(tmp_path: Path) -> None:
    text = _many(MAX_OUTCOMES + 1)
    bank, problems = check_text(text, "big.yaml")
    assert bank is None
    (problem,) = problems
    assert problem.code == "E103"
    assert f"{MAX_OUTCOMES + 1} outcomes" in problem.message
    assert str(MAX_OUTCOMES) in problem.message and str(MAX_OUTCOMES) in problem.help
    # Located at the first outcome past the limit.
    line = text.splitlines()[problem.line - 1]
    assert f"id: o{MAX_OUTCOMES}," in line
    assert "Many outcomes" in problem.help


def test_influence_fits_fewer_answer_sets_at_a_time_the_more_outcomes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each changed answer set is fitted to every outcome: a 256-outcome bank scores them in
    smaller batches (the format's memory bound), with the same figures as in one batch."""
    import numpy as np

    from popquiz.engine.analysis import influence as inf
    from popquiz.engine.compiled import compiled

    bank, problems = check_text(_many(256))
    assert bank is not None, problems
    c = compiled(bank)
    assigns = np.random.default_rng(0).integers(0, 5, size=(400, len(bank.questions)))
    sizes: list[int] = []
    real = inf._outcomes_of_scores

    def spy(*args: object) -> object:
        sizes.append(sum(len(s) for s in args[1]))  # type: ignore[attr-defined]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(inf, "_outcomes_of_scores", spy)
    batched = inf.influence(c, assigns)
    assert max(sizes) < inf._ROWS // 4
    sizes.clear()
    monkeypatch.setattr(inf, "_CELLS", 1 << 40)
    whole = inf.influence(c, assigns)
    assert max(sizes) >= inf._ROWS
    assert batched == whole
