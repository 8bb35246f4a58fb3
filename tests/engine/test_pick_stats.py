"""The array ranking of `analyze` (popquiz.engine.analysis.picks) gives exactly the picks of
the pure ranking, taker for taker, and the pick statistics and their warnings."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("numpy")

import facetbank
from conftest import DEFAULT_BANK, EXAMPLE_BANK, ROOT
from popquiz.bank.loader import check, load_bank
from popquiz.bank.model import Bank
from popquiz.engine.analysis.picks import (
    array_picks,
    pick_stats,
    sample_takers,
    takers_of,
    takers_of_sample,
)
from popquiz.engine.analysis.takermodels import taker_sample
from popquiz.engine.compiled import compiled
from popquiz.engine.recommend import ranked_picks
from popquiz.errors import Diagnostic

sys.path.insert(0, str(Path(__file__).parent))

DEFAULT = Bank.from_data(check(DEFAULT_BANK).data or {})


def _small(name: str) -> Bank:
    """The small banks the array ranking is checked on, each for a path of its own."""
    if name == "example":  # one act per scene: every list is filled from the other scene
        return load_bank(EXAMPLE_BANK)
    if name == "coffee":  # no facets
        return load_bank(ROOT / "quizzes" / "examples" / "coffee.yaml")
    d = facetbank.data()
    if name == "declared":  # a declared distance (weights and powers per axis)
        d["axes"][0].update(weight=2, power=1.5)
        d["axes"][1].update(weight=1, power=1)
    if name == "short":  # a north scene of three acts: north lists are filled from the others
        d["acts"] = [a for a in d["acts"] if a["scene"] != "north" or a["id"] < "n-r"]
    return facetbank.build(d)


def _compare(bank: Bank, model: str, count: int, seed: int) -> list[tuple[Any, ...]]:
    c = compiled(bank)
    results = sample_takers(c, model, count, seed=seed)
    got = array_picks(bank, c, takers_of(bank, results))
    mismatches = []
    for t, result in enumerate(results):
        want = [i for i, bridge in ranked_picks(bank, result) if not bridge]
        have = [int(i) for i in got[t] if i >= 0]
        if have != want:
            mismatches.append((t, result.outcome, want, have))
    return mismatches


# 2,000 takers of each model of the default bank, in parts that can run side by side.
@pytest.mark.parametrize("model", ["consistent", "uniform"])
@pytest.mark.parametrize("seed", [3, 4])
def test_the_array_ranking_gives_the_pure_rankings_picks(model: str, seed: int) -> None:
    assert _compare(DEFAULT, model, 1000, seed) == []


@pytest.mark.parametrize("model", ["consistent", "uniform"])
@pytest.mark.parametrize("name", ["facets", "declared", "short", "example", "coffee"])
def test_the_array_ranking_gives_the_pure_rankings_picks_on_small_banks(
    name: str, model: str
) -> None:
    bank = _small(name)
    if name == "short":
        counts = Counter(a.scene for a in bank.acts)
        assert counts["north"] == 3 and counts["middle"] == 2, counts
    # A declared distance is ranked by the pure rule's slower arithmetic: fewer takers.
    assert _compare(bank, model, 150 if name == "declared" else 400, 3) == []


def test_the_arrays_add_as_pythons_own_sum() -> None:
    """The pure rule totals weights and squared differences with ``sum``, whose rounding
    changed in Python 3.12; the array form must round as the running Python does, or a tie
    between two acts can break the other way."""
    import random

    import numpy as np

    from popquiz.engine.analysis.pickarrays import python_sum

    rng = random.Random(5)
    rows = [
        [
            rng.choice([rng.random(), 0.25 + rng.random(), rng.uniform(-1, 1) * 1e8])
            for _ in range(7)
        ]
        for _ in range(2000)
    ]
    columns = [np.array(column) for column in zip(*rows, strict=True)]
    assert python_sum(columns).tolist() == [sum(row) for row in rows]


@pytest.mark.parametrize("width", [0, 5, 40, 70])
def test_packed_rows_keep_their_bits(width: int) -> None:
    """Rows of booleans packed into words (one word, several, and more than an integer key
    holds) still tell the distinct rows apart and which rows share a set bit."""
    import numpy as np

    from popquiz.engine.analysis.pickarrays import bit_words, distinct_rows, share_bits

    rng = np.random.default_rng(width)
    bits = rng.random((300, width)) < 0.05  # sparse, so that rows repeat
    found, which = distinct_rows(bits)
    assert np.array_equal(found[which], bits)
    assert len(found) == len({tuple(row) for row in bits.tolist()})
    other = rng.random((20, width)) < 0.3
    want = (bits[:, None, :] & other[None, :, :]).any(axis=2)
    assert np.array_equal(share_bits(bit_words(bits), bit_words(other)), want)


def test_the_sampled_taker_arrays_are_those_of_the_scored_takers() -> None:
    import numpy as np

    bank = facetbank.build()
    c = compiled(bank)
    full = takers_of(bank, sample_takers(c, "uniform", 200, seed=2))
    lean = takers_of_sample(c, taker_sample(c, "uniform", 200, seed=2))
    for field in ("scores", "used", "prefs", "measured", "verdicts"):
        assert np.array_equal(getattr(full, field), getattr(lean, field)), field


def test_pick_stats_count_what_the_picks_hold() -> None:
    bank = facetbank.build()
    c = compiled(bank)
    stats = pick_stats(c, taker_sample(c, "consistent", 400, seed=1))
    results = sample_takers(c, "consistent", 400, seed=1)
    picks = [[i for i, b in ranked_picks(bank, r) if not b] for r in results]
    for i, act in enumerate(bank.acts):
        assert stats.acts_top5[act.id] == pytest.approx(sum(i in p for p in picks) / 400)
    band = [i for i, a in enumerate(bank.acts) if a.values_of("kind") == ("band",)]
    all_bands = sum(len(p) == 5 and all(i in band for i in p) for p in picks) / 400
    assert stats.all_five["kind:band"] == pytest.approx(all_bands)
    asked = sum(r.preferred.get(("kind", "band"), 0) >= 0.5 for r in results) / 400
    assert stats.preferred["kind:band"] == pytest.approx(asked)
    assert 0 <= stats.overlap <= 1


def _analysed(d: dict[str, Any]) -> tuple[list[str], list[Diagnostic]]:
    from checking import check_text
    from popquiz.bank.yamlsafe import parse
    from popquiz.engine import analysis as A

    text = json.dumps(d, indent=1)
    bank, problems = check_text(text, "facets.yaml")
    assert bank is not None, problems
    found = A.analyze(bank, doc=parse(text, "facets.yaml"), pick_takers=600)
    assert found.to_dict()["picks"]["consistent"]["samples"] == 600
    return text.splitlines(), list(found.findings)


def test_w113_to_w115_are_located_at_the_act_the_value_and_the_acts() -> None:
    d = facetbank.data()
    # An act of a scene no verdict recommends, far from everyone: met only when a small scene
    # is filled from elsewhere, and then last.
    far = facetbank._act("n-far", "elsewhere", -1.0, -1.0, "solo", ["rock"])
    d["acts"] = [*d["acts"], far]
    d["scenes"] = [*d["scenes"], {"id": "elsewhere", "name": "Elsewhere"}]
    for act in d["acts"]:  # every north act a group: five of a kind for north takers
        if act["scene"] == "north":
            act["facets"]["kind"] = "group"
    # Scenes with room for variety (15 acts each), their acts in a tight cluster: W114, W116.
    for scene, x, n in (("north", 0.8, 10), ("south", -0.8, 10), ("middle", 0.0, 13)):
        d["acts"] += [
            facetbank._act(f"{scene}-{i}", scene, x, 0.5 + i / 100, "group", ["dance"])
            for i in range(n)
        ]
    lines, found = _analysed(d)
    codes = {f.code for f in found}
    assert {"W113", "W114", "W115", "W116"} <= codes, codes
    [w113] = [f for f in found if f.code == "W113" and "'n-far'" in f.message]
    assert '"id": "n-far"' in "".join(lines[w113.line - 1 : w113.line + 1])  # at the act
    [w115] = [f for f in found if f.code == "W115" and "'group'" in f.message]
    assert '"id": "group"' in lines[w115.line - 1]


def test_analyze_text_shows_the_pick_statistics() -> None:
    import io

    from rich.console import Console

    from popquiz.engine import analysis as A
    from popquiz.ui.analyze_view import render_analysis

    data = A.analyze(facetbank.build(), pick_takers=300).to_dict()
    overlap = data["picks"]["consistent"]["overlap"]
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_analysis(data, console, plain=True)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert f"overlap {overlap:.0%} on average" in text
    assert "kind:band asked" in text and "picked" in text
    # One figure per act and taker model: the acts line is the pick statistics' (300 takers
    # here), never a second one from the taker model's own, smaller sample.
    for model in ("uniform", "consistent"):
        assert data["models"][model]["samples"] != 300
        who = "Random answering" if model == "uniform" else "Consistent takers"
        lines = [line for line in text.split("\n") if "most often in the top 5" in line]
        assert [line for line in lines if line.startswith(who)] == [
            line for line in lines if line.startswith(f"{who} (300 takers): most often")
        ]
        assert len([line for line in lines if line.startswith(who)]) == 1
        top = max(data["picks"][model]["acts_top5"], key=lambda a: a["share"])
        assert f"{top['id']} {top['share']:.1%}" in text


def test_analyze_section_titles_are_not_wrapped_by_narrow_tables() -> None:
    """A two-column table is narrower than its title: the title must still read on one line
    wherever the terminal has room for it."""
    import io

    from rich.console import Console

    from popquiz.engine import analysis as A
    from popquiz.ui.analyze_view import render_analysis

    data = A.analyze(facetbank.build(), pick_takers=100).to_dict()
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_analysis(data, console, plain=False)
    lines = console.file.getvalue().split("\n")  # type: ignore[attr-defined]
    titles = [
        "Outcome shares when every question is answered at random",
        "Outcome shares by kind of taker",
    ]
    for title in titles:
        assert any(line.strip() == title for line in lines), title
