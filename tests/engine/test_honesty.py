"""What a taker reads is true of their own answers, over thousands of answer sets.

For 10,000 uniform and 10,000 consistent takers of the default bank (and fewer of the starter
bank and the coffee example), every result is built exactly as `take --json` builds it and
checked: no "you both lean X" where the taker is not on X's side; no "why" answer pointing
away from a non-balanced verdict; no explanation phrase on the other side of the taker's
score; strength words that are never an outcome's name; bridge picks from scenes the picks
are not from; and, for a non-balanced verdict, most picks from the verdict's own scene.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from conftest import DEFAULT_BANK, ROOT
from popquiz.bank.loader import load_bank
from popquiz.bank.model import STRENGTHS, Bank
from popquiz.engine.analysis.takermodels import taker_stats
from popquiz.engine.compiled import LEAN, compiled
from popquiz.engine.recommend import OWN_MIN, PER_SCENE, guests, recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.engine.session import Session
from popquiz.engine.takers import consistent_assignment
from popquiz.i18n import Locale
from popquiz.ui.interactive import prompt_spec

COFFEE = ROOT / "quizzes" / "examples" / "coffee.yaml"
STARTER = ROOT / "src" / "popquiz" / "templates" / "starter.yaml"


def _starter(tmp: Path) -> Bank:
    text = STARTER.read_text(encoding="utf-8")
    for key, value in {"schema": "bank.schema.json", "file": "s.yaml", "id": "starter"}.items():
        text = text.replace("{{" + key + "}}", value)
    text = text.replace("{{title}}", "Cats or dogs?")
    (tmp / "s.yaml").write_text(text, encoding="utf-8")
    return load_bank(tmp / "s.yaml")


def _side(value: float) -> str:
    return "high" if value > 0 else "low"


def check_report(bank: Bank, report: dict[str, Any]) -> None:
    """Every claim of one result against its own scores."""
    scores = {a["id"]: a["score"] for a in report["axes"]}
    outcome = bank.outcomes_by_id[report["outcome"]["id"]]
    balanced = bank.balanced_outcome
    # Strength: its own word, never an outcome's name or nature.
    strength = report["outcome"]["strength"]
    assert strength in STRENGTHS
    names = {bank.text(o.title, report["language"]) for o in bank.outcomes}
    assert report["outcome"]["strength_label"] not in names
    assert report["outcome"]["strength_label"].lower() not in {"balanced", "strong"}
    if balanced is not None and not outcome.balanced:
        assert bank.text(balanced.title, report["language"]) not in report["outcome"]["title"]
    # Explanation phrases: only the pole the score is on, and by at least LEAN.
    for e in report["outcome"]["explanation"]:
        s = scores[e["axis"]]
        assert abs(s) >= LEAN - 1e-4 and e["pole"] == _side(s), (e, s)
        if not outcome.balanced:
            assert e["pole"] == _side(outcome.profile[e["axis"]])
    # "Why" entries point toward a non-balanced verdict; at most one per axis.
    axes = [w["axis"] for w in report["why"]]
    assert len(axes) == len(set(axes)) <= 3
    if not outcome.balanced:
        for w in report["why"]:
            assert w["delta"] != 0 and _side(w["delta"]) == _side(outcome.profile[w["axis"]]), w
            for m in w.get("moves", []):
                assert _side(m["delta"]) == _side(outcome.profile[m["axis"]]), w
    # Reasons: "you both lean X" only when both really do; "you both sit in the middle" only
    # when both do; "as you asked" only for a value the answers asked for; "they lean" only
    # when nothing is shared, or after a shared reason.
    acts = {a.id: a for a in bank.acts}
    asked = {(p["facet"], p["value"]) for p in report.get("preferences", []) if p["score"] >= 0.5}
    for r in report["recommendations"]:
        act = acts[r["id"]]
        for reason in r["reasons"]:
            if reason.get("kind") == "asked":
                pair = (reason["facet"], reason["value"])
                assert pair in asked and reason["value"] in act.values_of(reason["facet"])
                continue
            p = act.profile[reason["axis"]]
            s = scores[reason["axis"]]
            if reason["pole"] == "middle":
                assert abs(p) < LEAN and abs(s) < LEAN + 1e-4, (reason, s, p)
                continue
            assert reason["pole"] == _side(p) and abs(p) >= LEAN
            if reason["shared"]:
                assert abs(s) >= LEAN - 1e-4 and _side(s) == reason["pole"], (reason, s)
        kinds = [x.get("kind", "lean" if x["shared"] else "theirs") for x in r["reasons"]]
        assert r["reasons"] and ("theirs" not in kinds or kinds == ["theirs"]), kinds
    # Each answer once under "the answers that moved you most".
    questions = [w["question"] for w in report["why"]]
    assert len(questions) == len(set(questions)), questions
    # Bridges come from scenes the picks are not from; most picks from the verdict's scene.
    picks = [r for r in report["recommendations"] if not r["bridge"]]
    bridges = [r for r in report["recommendations"] if r["bridge"]]
    assert not {b["scene"] for b in bridges} & {p["scene"] for p in picks}
    home = bank.scene_of(outcome)
    home_acts = sum(a.scene == home for a in bank.acts)
    own = [p["scene"] == home for p in picks]
    if home is not None and outcome.balanced and home_acts:
        # The one scene rule for a taker between the scenes: its own scene first and for
        # OWN_MIN of the picks (while it has acts), at most PER_SCENE from each other scene.
        assert own[0] and sum(own) >= min(OWN_MIN, home_acts, len(picks)), own
        others = [p["scene"] for p in picks if p["scene"] != home]
        assert all(others.count(x) <= PER_SCENE for x in others) or sum(own) == home_acts
    elif home is not None:
        # Only the verdict's scene, unless it has too few acts, and at most one act of the
        # balanced scene that sits nearest this verdict (recommend.guests), never first.
        here = list(bank.outcomes).index(outcome)
        visiting = {bank.acts[i].id for i, k in enumerate(guests(bank)) if k == here}
        guest_picks = [p["id"] for p in picks if p["scene"] != home and p["id"] in visiting]
        assert len(guest_picks) <= PER_SCENE and (not picks or own[0] or not home_acts)
        assert sum(own) + len(guest_picks) == min(home_acts + len(guest_picks), len(picks))
    # Scene names label the acts; outcome titles never do.
    for r in report["recommendations"]:
        assert r["scene_name"] == bank.text(bank.scenes_by_id[r["scene"]].name, report["language"])


def takers(bank: Bank, model: str, n: int, seed: int = 0) -> int:
    c = compiled(bank)
    rng = random.Random(f"honesty:{model}:{seed}")
    seen = set()
    for _ in range(n):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        result = score(bank, c.answers(assign))
        lang = bank.all_languages[int(rng.random() * len(bank.all_languages))]
        check_report(bank, build_report(bank, result, recommend(bank, result), lang))
        seen.add((result.outcome, result.strength))
    return len(seen)


@pytest.mark.parametrize("model", ["uniform", "consistent"])
def test_ten_thousand_results_of_the_default_bank_are_true_of_their_takers(model: str) -> None:
    bank = load_bank(DEFAULT_BANK)
    # Every (outcome, strength) pair that can come up did come up, so no branch went unchecked.
    assert takers(bank, model, 10_000) >= 7


@pytest.mark.parametrize("model", ["uniform", "consistent"])
@pytest.mark.parametrize("which", ["starter", "coffee"])
def test_results_of_the_starter_and_the_coffee_example_are_true(
    which: str, model: str, tmp_path: Path
) -> None:
    bank = _starter(tmp_path) if which == "starter" else load_bank(COFFEE)
    assert takers(bank, model, 3_000) >= 3


def test_consistent_takers_meet_the_default_banks_targets() -> None:
    bank = load_bank(DEFAULT_BANK)
    stats = taker_stats(compiled(bank), "consistent", 10_000, seed=1)
    shares = stats.outcomes
    assert 0.30 <= shares["kpop"] <= 0.50 and 0.30 <= shares["jpop"] <= 0.50, shares
    assert 0.15 <= shares["crossover"] <= 0.30, shares
    assert min(stats.why_axes.values()) >= 0.05, stats.why_axes  # every axis explains someone
    assert max(stats.first_why.values()) <= 0.20, stats.first_why  # no question dominates


def test_pressing_enter_everywhere_never_gives_a_clear_verdict() -> None:
    """The default cursor on every screen (answers shuffled, agree/disagree on neutral), for
    1,000 different shuffles: never a clear verdict, mostly the crossover."""
    bank = load_bank(DEFAULT_BANK)
    outcomes = []
    for seed in range(1000):
        session = Session.start(bank, seed=seed)
        while (q := session.current()) is not None:
            spec = prompt_spec(session, q, Locale("en", session.bank.language))
            if q.kind == "likert":
                assert spec.default == 3
            session.answer(spec.default if spec.default is not None else spec.choices[0].value)
        result = score(bank, session.final_answers())
        assert result.strength != "clear", (seed, result.outcome)
        outcomes.append(result.outcome)
    assert outcomes.count("crossover") > len(outcomes) / 2


def test_shuffled_answers_keep_their_order_on_resume_and_score_the_same() -> None:
    bank = load_bank(DEFAULT_BANK)
    a = Session.start(bank, seed=5)
    b = Session.start(bank, seed=6)
    assert a.answer_order != b.answer_order  # shuffled per seed
    assert a.answer_order == Session.start(bank, seed=5).answer_order  # and reproducible
    q = a.current()
    assert q is not None and q.kind == "choice"
    first = a.answer_order[q.id][0]
    a.answer(first)
    resumed = Session.from_state(bank, a.to_state())
    assert resumed.answer_order == a.answer_order
    assert score(bank, resumed.final_answers()) == score(bank, {q.id: first})
