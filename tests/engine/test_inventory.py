"""A published, public-domain agree/disagree inventory still scores exactly as its authors key
it: the 50-item IPIP Big-Five Factor Markers (tests/data/ipip-50.yaml). A factor's raw score is
the sum of its ten ratings (6 − rating where an item is keyed "-"), 10 to 50; popquiz's axis
score must be ``(raw − 30) / 20`` for every answer set, whichever way the items are written:
keyed to one axis (`axis` + `reverse`), as `weights` on several axes, or shown top point
first."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checking import check_text
from conftest import ROOT
from popquiz.bank.model import Bank
from popquiz.engine.scoring import score

SOURCE = (ROOT / "tests" / "data" / "ipip-50.yaml").read_text(encoding="utf-8")
ITEM = re.compile(r"\{id: (item-\d\d), kind: likert, text: (.*?), axis: (\w+)(, reverse: true)?\}")
KEYS = [(m[1], m[3], -1 if m[4] else 1) for m in ITEM.finditer(SOURCE)]


def _bank(text: str) -> Bank:
    bank, problems = check_text(text)
    assert bank is not None, problems
    return bank


AS_WRITTEN = _bank(SOURCE)
# The same items as agree/disagree statements with `weights`: each point's multiplier applied
# to every axis named (here one, with the key's sign), shown with the top point first.
AS_WEIGHTS = _bank(
    ITEM.sub(
        lambda m: (
            f"{{id: {m[1]}, kind: likert, text: {m[2]}, weights: {{{m[3]}: {-1 if m[4] else 1}}}}}"
        ),
        SOURCE,
    ).replace("scale:\n", "scale:\n  order: descending\n", 1)
)


def test_the_fixture_is_the_whole_inventory() -> None:
    assert len(KEYS) == 50
    per_factor: dict[str, list[int]] = {}
    for _, axis, key in KEYS:
        per_factor.setdefault(axis, []).append(key)
    assert {a: len(k) for a, k in per_factor.items()} == dict.fromkeys(per_factor, 10)
    # The published keying: how many items of each factor are keyed "-".
    assert {a: k.count(-1) for a, k in per_factor.items()} == {
        "extraversion": 5,
        "agreeableness": 4,
        "conscientiousness": 4,
        "stability": 8,
        "intellect": 3,
    }


def official(ratings: dict[str, int]) -> dict[str, float]:
    """The inventory's own scoring, as (raw − 30) / 20."""
    raw: dict[str, int] = {}
    for item, axis, key in KEYS:
        v = ratings[item]
        raw[axis] = raw.get(axis, 0) + (v if key > 0 else 6 - v)
    return {axis: (total - 30) / 20 for axis, total in raw.items()}


ANSWERS = st.fixed_dictionaries({item: st.integers(1, 5) for item, _, _ in KEYS})


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_every_answer_set_scores_exactly(ratings: dict[str, int]) -> None:
    expected = official(ratings)
    for bank in (AS_WRITTEN, AS_WEIGHTS):
        got = score(bank, ratings).scores
        assert got == pytest.approx(expected, abs=1e-12)


def test_the_extremes() -> None:
    agree_all = {item: 5 for item, _, _ in KEYS}
    assert score(AS_WRITTEN, agree_all).scores == pytest.approx(
        {
            "extraversion": 0,
            "agreeableness": 0.2,
            "conscientiousness": 0.2,
            "stability": -0.6,
            "intellect": 0.4,
        }
    )
    keyed_high = {item: 5 if key > 0 else 1 for item, _, key in KEYS}
    assert set(score(AS_WEIGHTS, keyed_high).scores.values()) == {1.0}
