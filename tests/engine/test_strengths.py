"""How `analyze` reports the spread of verdict strengths (clear / leaning / close) under both
taker models, and W112 when one strength is nearly every verdict under both, with thresholds
that, applied, spread them; and how it names a bank's declared distance."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from rich.console import Console

from conftest import DEFAULT_BANK, ROOT
from popquiz.bank.loader import load_bank
from popquiz.cli.analyze import read_for_analysis
from popquiz.engine import analysis as A
from popquiz.engine.analysis.findings import STRENGTH_MAX
from popquiz.engine.analysis.takermodels import taker_stats
from popquiz.engine.compiled import compiled
from popquiz.engine.scoring import score_assignment
from popquiz.engine.takers import consistent_assignment
from popquiz.ui.analyze_view import render_analysis

COMPASS = ROOT / "tests" / "data" / "compass.yaml"
QUICK = {"influence_samples": 200, "restarts": 1, "takers": 400}


@pytest.mark.parametrize("model", ["uniform", "consistent"])
def test_the_spread_counts_the_verdicts_the_takers_really_get(model: str) -> None:
    bank = load_bank(DEFAULT_BANK)
    c = compiled(bank)
    stats = taker_stats(c, model, 300, seed=4)
    rng = random.Random(f"popquiz-takers:{model}:4")
    counts = {"clear": 0, "leaning": 0, "close": 0}
    excess = []
    for _ in range(300):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        result = score_assignment(bank, assign)
        counts[result.strength] += 1
        if result.outcome != "crossover":
            excess.append(result.lead - bank.rule.margin)
    assert stats.strengths == {k: v / 300 for k, v in counts.items()}
    assert sum(stats.strengths.values()) == pytest.approx(1.0)
    excess.sort()
    assert stats.lead_quartiles[1] == excess[len(excess) // 2]


def _analyze(path: Path) -> A.Analysis:
    read = read_for_analysis(path)
    assert read.bank is not None, read.problems
    return A.analyze(read.bank, doc=read.doc, path=str(path), **QUICK)  # type: ignore[arg-type]


def test_close_calls_everywhere_get_w112_and_its_thresholds_spread_them(tmp_path: Path) -> None:
    """The inventory's neighbouring profiles with the default thresholds: nearly every verdict
    is a close call under both models. W112 says so and suggests thresholds; with them the
    warning goes and no strength takes more than 80% of consistent takers."""
    text = COMPASS.read_text(encoding="utf-8")
    text = re.sub(r"^rule: .*\n", "", text, flags=re.M)
    path = tmp_path / "compass.yaml"
    path.write_text(text, encoding="utf-8")
    analysis = _analyze(path)
    (w112,) = [d for d in analysis.findings if d.code == "W112"]
    assert "'close'" in w112.message and "random answering" in w112.message
    assert text.splitlines()[w112.line - 1].startswith("id: compass")  # no rule: the bank's id
    leaning, clear = map(float, re.findall(r"rule\.(?:leaning|clear): ([\d.]+)", w112.help))
    strengths = {m.model: m.strengths for m in analysis.models}
    assert strengths["consistent"]["close"] > STRENGTH_MAX
    assert strengths["uniform"]["close"] > STRENGTH_MAX

    tuned = text.replace("axes:\n", f"rule: {{leaning: {leaning}, clear: {clear}}}\naxes:\n", 1)
    path.write_text(tuned, encoding="utf-8")
    again = _analyze(path)
    assert not [d for d in again.findings if d.code == "W112"]
    spread = {m.model: m.strengths for m in again.models}["consistent"]
    assert max(spread.values()) <= STRENGTH_MAX and min(spread.values()) > 0.1


def test_a_w112_with_a_rule_points_at_the_rule(tmp_path: Path) -> None:
    text = COMPASS.read_text(encoding="utf-8")
    text = re.sub(r"^rule: .*\n", "rule: {margin: 0.05}\n", text, flags=re.M)
    if "rule:" not in text:
        text = text.replace("axes:\n", "rule: {margin: 0.05}\naxes:\n", 1)
    path = tmp_path / "compass.yaml"
    path.write_text(text, encoding="utf-8")
    (w112,) = [d for d in _analyze(path).findings if d.code == "W112"]
    assert text.splitlines()[w112.line - 1].startswith("rule:")


def test_the_shipped_inventory_is_calibrated_as_the_docs_say() -> None:
    read = read_for_analysis(COMPASS)
    assert read.bank is not None
    analysis = A.analyze(read.bank, doc=read.doc, path=str(COMPASS))
    assert not [d for d in analysis.findings if d.code == "W112"]
    docs = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    spread = {m.model: m.strengths for m in analysis.models}["consistent"]
    for strength, share in spread.items():
        assert f"**{share:.1%}** {strength}" in docs


def test_the_report_shows_the_spread_per_model() -> None:
    data = A.analyze(load_bank(DEFAULT_BANK), **QUICK).to_dict()  # type: ignore[arg-type]
    for model in ("uniform", "consistent"):
        shares = {s["id"]: s["share"] for s in data["models"][model]["strengths"]}
        assert set(shares) == {"clear", "leaning", "close"}
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-5)
        assert len(data["models"][model]["lead_quartiles"]) == 3
    out = io.StringIO()
    render_analysis(data, Console(file=out, width=100, color_system=None), plain=True)
    text = out.getvalue()
    assert "Verdict strengths by kind of taker" in text
    close = {s["id"]: s["share"] for s in data["models"]["consistent"]["strengths"]}["close"]
    assert re.search(rf"close\s+[\d.]+%\s+{close * 100:.1f}%", text)


def test_the_report_names_a_declared_distance() -> None:
    bank = load_bank(COMPASS)
    data = A.analyze(bank, **QUICK).to_dict()  # type: ignore[arg-type]
    assert [(d["id"], d["power"]) for d in data["distance"]] == [(a.id, a.power) for a in bank.axes]
    out = io.StringIO()
    render_analysis(data, Console(file=out, width=200, color_system=None), plain=True)
    assert "warmth weight 28.2843, power 1.5" in out.getvalue()
    plain = A.analyze(load_bank(DEFAULT_BANK), **QUICK).to_dict()  # type: ignore[arg-type]
    assert plain["distance"] == []
