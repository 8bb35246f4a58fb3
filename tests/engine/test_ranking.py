"""The ranking of picks (popquiz.engine.recommend): weighted match, facet fit, variety, the
one-scene rule, something shared first, reasons and "the answers that moved you most"; the
worked example of docs/authoring.md checked number by number; Hypothesis properties."""

from __future__ import annotations

import copy
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import facetbank
from checking import check_text
from conftest import DEFAULT_BANK, ROOT
from popquiz.bank.loader import check
from popquiz.bank.model import Bank
from popquiz.engine import recommend as R
from popquiz.engine.compiled import LEAN, compiled
from popquiz.engine.explain import moved_most
from popquiz.engine.report import build_report
from popquiz.engine.scoring import Result, score
from popquiz.engine.session import random_answers
from popquiz.engine.takers import SIGMA
from strategies import answer_sets, banks_and_answers

sys.path.insert(0, str(Path(__file__).parent))

FACETS = facetbank.build()
DEFAULT = Bank.from_data(check(DEFAULT_BANK).data or {})


def _ids(picks: list[R.Recommendation]) -> list[tuple[str, bool]]:
    return [(p.act.id, p.bridge) for p in picks]


# --- the formula ----------------------------------------------------------------------------


def test_an_extreme_axis_counts_more_than_a_middle_one() -> None:
    # x (north) at the extreme, y (loud) nearly in the middle: n-rockers, near on x and far on
    # y, beats s-mc, near on y and far on x, though plain distance says the opposite.
    result = score(FACETS, {"where": "north", "north-again": "yes", "loud": 3})
    taker = R.Taker.of(FACETS, result)
    found = dict(zip([a.id for a in FACETS.acts], R.matches(FACETS, taker), strict=True))
    x, y = result.scores["x"], result.scores["y"]
    w = [R.EPSILON + abs(x), R.EPSILON + abs(y)]
    for act in FACETS.acts:
        px, py = act.profile["x"], act.profile["y"]
        d = (w[0] * (x - px) ** 2 + w[1] * (y - py) ** 2) / sum(w)
        assert abs(found[act.id] - max(0.0, 1 - d**0.5)) < 1e-12


def test_facet_fit_takes_the_strongest_pull_and_push_of_each_facet() -> None:
    crew = next(a for a in FACETS.acts if a.id == "n-crew")  # group, [dance, rap]
    prefs = {("style", "dance"): 1.0, ("style", "rap"): -0.5, ("kind", "band"): 1.0}
    # style: +1 (dance) − 0.5 (rap); kind: nothing of band → 0; mean over two facets.
    assert R.facet_fit(crew, prefs) == (1.0 - 0.5 + 0.0) / 2
    assert R.facet_fit(crew, {}) == 0.0


def test_a_taker_who_asks_for_bands_gets_bands_first() -> None:
    result = score(FACETS, {"where": "north", "sound": "guitar", "north-again": "yes"})
    picks = R.recommend(FACETS, result)
    assert picks[0].act.values_of("kind") == ("band",)
    assert any(r.kind == "asked" for r in picks[0].reasons)
    # The same taker without the preference: the nearest north act, a group, leads.
    plain = score(FACETS, {"where": "north", "sound": "any", "north-again": "yes"})
    assert R.recommend(FACETS, plain)[0].act.values_of("kind") != ("band",)


def test_variety_keeps_near_twins_apart_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # At the taker's own scores the twins are the nearest acts: what variety must overcome.
    monkeypatch.setattr(R, "KAPPA", 0.0)
    d = facetbank.data()
    twins = [
        facetbank._act(f"n-twin-{i}", "north", 0.9, 0.8 - i / 100, "group", ["dance"])
        for i in range(4)
    ]
    d["acts"] = d["acts"] + twins
    bank = facetbank.build(d)
    # A taker who turns nothing down (a refused value would leave variety fewer candidates).
    result = score(bank, {"where": "north", "sound": "any", "north-again": "yes", "loud": 3})
    assert not R.Taker.of(bank, result).refused
    chosen = [p.act.id for p in R.recommend(bank, result) if not p.bridge]
    varied = sum(a.startswith(("n-twin", "n-dancers")) for a in chosen)
    assert varied <= 2, chosen
    original = R.LAMBDA
    try:
        R.LAMBDA = 0.0  # without the variety term, more twins fill the list
        chosen = [p.act.id for p in R.recommend(bank, result) if not p.bridge]
        assert sum(a.startswith(("n-twin", "n-dancers")) for a in chosen) > varied, chosen
    finally:
        R.LAMBDA = original


def test_values_count_toward_likeness_once_a_taker_asks_for_more_than_two() -> None:
    # A taker who asked for bands alone wants bands: sharing "band" does not make two bands
    # alike. One who asked for bands, rock and ballads wants a spread of them: it does.
    verdict = FACETS.outcomes[0].id
    rockers, quiet = (
        next(i for i, a in enumerate(FACETS.acts) if a.id == x) for x in ("n-rockers", "n-quiet")
    )
    one = R.Taker((0.5, -0.5), (True, True), {("kind", "band"): 1.0})
    many = R.Taker(
        (0.5, -0.5),
        (True, True),
        {("kind", "band"): 1.0, ("style", "rock"): 0.8, ("style", "ballad"): 0.6},
    )
    assert one.focus == one.requested and many.focus == frozenset()
    focused, spread = R._Ranker(FACETS, one, verdict), R._Ranker(FACETS, many, verdict)
    assert focused.similarity(rockers, quiet) < spread.similarity(rockers, quiet)
    # Sharing an asked-for value, their profile closeness does not count for the focused taker.
    assert focused.similarity(rockers, quiet) == (1 - R.PROFILE_SHARE) * 1 / 2


def test_the_first_pick_carries_no_value_the_taker_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the facet fit only the rule can keep the nearest act, a group, from leading.
    monkeypatch.setattr(R, "BETA", 0.0)
    verdict = FACETS.outcomes[0].id
    scores, used = (0.9, 0.8), (True, True)
    plain = R.Taker(scores, used, {("kind", "group"): -0.25})
    refusing = R.Taker(scores, used, {("kind", "group"): -0.5})
    assert refusing.refused == {("kind", "group")} and plain.refused == frozenset()

    def first(taker: R.Taker) -> str:
        r = R._Ranker(FACETS, taker, verdict)
        return FACETS.acts[R._ranked(FACETS, r, verdict, R.SHOWN)[0][0]].id

    assert first(plain) == "n-dancers"
    kinds = {a.id: a.values_of("kind") for a in FACETS.acts}
    assert kinds[first(refusing)] != ("group",)
    # It may still follow: a refusal orders the first pick, it removes nothing.
    r = R._Ranker(FACETS, refusing, verdict)
    assert "n-dancers" in [FACETS.acts[i].id for i, _ in R._ranked(FACETS, r, verdict, R.SHOWN)]


def test_later_picks_carry_no_refused_value_while_others_share_something(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(R, "BETA", 0.0)  # the rule alone, not the facet fit, keeps them out
    verdict = FACETS.outcomes[0].id
    scores, used = (1.0, 0.5), (True, True)

    def chosen(preferred: dict[tuple[str, str], float]) -> list[str]:
        r = R._Ranker(FACETS, R.Taker(scores, used, preferred), verdict)
        return [FACETS.acts[i].id for i, bridge in R._ranked(FACETS, r, verdict, 5) if not bridge]

    ballads = {a.id for a in FACETS.acts if "ballad" in a.values_of("style")}
    assert set(chosen({("style", "ballad"): -0.25})[:4]) & ballads
    # The north has four acts without ballads: they come first, a ballad act only after.
    refusing = chosen({("style", "ballad"): -0.5})
    assert not set(refusing[:4]) & ballads and refusing[4] in ballads


def _own_scene_scaling(bank: Bank, verdict: str) -> list[float]:
    home = bank.scene_of(bank.outcomes_by_id[verdict])
    hub = R.hubness(bank)
    return [
        1 - R.GAMMA * h if a.scene == home else 1.0 for a, h in zip(bank.acts, hub, strict=True)
    ]


def test_hubness_is_each_acts_mean_match_over_the_sigma_points_less_its_scenes() -> None:
    bank = DEFAULT
    c = compiled(bank)
    hub = R.hubness(bank)
    n = len(bank.axes)
    for k, outcome in enumerate(bank.outcomes):
        if outcome.balanced:
            continue
        mine = [i for i, a in enumerate(bank.acts) if a.scene == bank.scene_of(outcome)]
        total = np.zeros(len(bank.acts))
        for i in range(n):
            for sign in (-1, 1):
                point = list(c.outcome_profiles[k])
                point[i] = min(1.0, max(-1.0, point[i] + sign * n**0.5 * SIGMA))
                total += R.matches(bank, R.Taker(tuple(point), (True,) * n, {}), k)
        r = total[mine] / (2 * n)
        assert np.allclose([hub[i] for i in mine], r - r.mean(), atol=1e-12)
    # Near most of its scene's takers: a hub. K-pop's most typical act and its edge.
    kpop = {a.id: h for a, h in zip(bank.acts, hub, strict=True) if a.scene == "kpop"}
    assert max(kpop, key=kpop.__getitem__) not in {"jannabi", "day6", "iu"}
    assert min(kpop.values()) < -0.3 < 0.1 < max(kpop.values())


def test_relevance_scales_the_own_scenes_matches_by_hubness() -> None:
    n = len(DEFAULT.axes)
    profile = compiled(DEFAULT).outcome_profiles[0]
    taker = R.Taker(tuple(profile), (True,) * n, {("style", "idol"): 0.75})
    verdict = DEFAULT.outcomes[0].id
    r = R._Ranker(DEFAULT, taker, verdict)
    scale = _own_scene_scaling(DEFAULT, verdict)
    for i, act in enumerate(DEFAULT.acts):
        fit = R.facet_fit(act, taker.preferred)
        assert r.rel[i] == pytest.approx(r.match[i] * scale[i] + R.BETA * fit, abs=1e-12)
    home = DEFAULT.scene_of(DEFAULT.outcomes[0])
    assert any(x != 1.0 for x in scale)
    assert {x for x, a in zip(scale, DEFAULT.acts, strict=True) if a.scene != home} == {1.0}


def test_picks_come_from_the_verdicts_scene_and_the_bridge_from_another() -> None:
    result = score(FACETS, {"where": "south", "north-again": "no", "sound": "guitar"})
    assert result.outcome == "south"
    picks = R.recommend(FACETS, result)
    assert {p.act.scene for p in picks if not p.bridge} == {"south"}
    [bridge] = [p for p in picks if p.bridge]
    assert bridge.act.scene != "south" and any(r.shared for r in bridge.reasons)


def test_a_balanced_verdict_picks_from_its_own_scene_and_fills_from_elsewhere() -> None:
    result = score(FACETS, {"where": "both"})
    assert result.outcome == "middle"
    picks = R.recommend(FACETS, result)
    main = [p for p in picks if not p.bridge]
    assert [p.act.scene for p in main[:2]] == ["middle", "middle"]  # its two acts first
    assert len(main) == 5
    shown = {p.act.scene for p in main}
    assert {p.act.scene for p in picks if p.bridge} == {"north", "south"} - shown


def test_a_taker_is_placed_among_the_verdicts_scene() -> None:
    """x = (1 − KAPPA)·s + KAPPA·(μ + g·(s − o)) with the scene's mean and spread; undone by
    unplaced; a scene of one act leaves the scores alone."""
    bank = DEFAULT
    result = score(bank, random_answers(bank, random.Random(3)))
    verdict = [o.id for o in bank.outcomes].index(result.outcome)
    taker = R.Taker.of(bank, result)
    scene = bank.scene_of(bank.outcomes[verdict])
    cloud = [[a.profile.get(x, 0.0) for x in bank.axis_ids] for a in bank.acts if a.scene == scene]
    o = [bank.outcomes[verdict].profile.get(x, 0.0) for x in bank.axis_ids]
    for i, s in enumerate(taker.scores):
        mu = sum(p[i] for p in cloud) / len(cloud)
        g = (sum((p[i] - mu) ** 2 for p in cloud) / len(cloud)) ** 0.5 / SIGMA
        want = (1 - R.KAPPA) * s + R.KAPPA * (mu + g * (s - o[i]))
        assert abs(R.placed(bank, taker, verdict)[i] - want) < 1e-12
    back = R.unplaced(bank, list(R.placed(bank, taker, verdict)), verdict)
    assert back == pytest.approx(list(taker.scores), abs=1e-12)
    assert R.matches(bank, taker, verdict) != R.matches(bank, taker)
    assert R.scene_frames(FACETS)[[o.id for o in FACETS.outcomes].index("middle")] is not None
    assert all(f is None for f in R.scene_frames(_docs_bank()))  # one act per scene


def test_placing_takers_spreads_the_picks_over_the_scene() -> None:
    """Over 2,000 consistent takers of the default bank, placing each among the verdict's scene
    reaches more acts and keeps the most-picked act in fewer lists than the raw scores do."""
    from popquiz.engine.analysis.picks import array_picks, takers_of_sample
    from popquiz.engine.analysis.takermodels import taker_sample

    c = compiled(DEFAULT)
    takers = takers_of_sample(c, taker_sample(c, "consistent", 2000, seed=5))

    def spread(kappa: float) -> tuple[int, float]:
        original = R.KAPPA
        try:
            R.KAPPA = kappa
            picks = array_picks(DEFAULT, c, takers)
        finally:
            R.KAPPA = original
        counts = np.bincount(picks[picks >= 0], minlength=len(DEFAULT.acts)) / len(picks)
        return int((counts < 0.005).sum()), float(counts.max())

    placed_low, placed_max = spread(R.KAPPA)
    raw_low, raw_max = spread(0.0)
    assert placed_low < raw_low and placed_max < raw_max, (placed_low, raw_low, placed_max, raw_max)
    assert placed_max <= 0.25


def test_the_balanced_verdict_spans_the_scenes_by_one_rule() -> None:
    """On the default bank: a crossover list's first pick and at least three are crossover acts,
    at most one comes from K-pop and one from J-pop, and bridges come from the scenes it lacks;
    a K-pop or J-pop list stays in its scene."""
    bank = DEFAULT
    seen_mixed = False
    for seed in range(80):
        result = score(bank, random_answers(bank, random.Random(seed)))
        picks = R.recommend(bank, result)
        main = [p.act.scene for p in picks if not p.bridge]
        home = bank.scene_of(bank.outcomes_by_id[result.outcome])
        if bank.outcomes_by_id[result.outcome].balanced:
            assert main[0] == home and main.count(home) >= R.OWN_MIN, main
            assert all(main.count(x) <= R.PER_SCENE for x in set(main) - {home}), main
            seen_mixed = seen_mixed or len(set(main)) > 1
        else:
            here = [o.id for o in bank.outcomes].index(result.outcome)
            visitors = [p.act for p in picks if not p.bridge and p.act.scene != home]
            assert main[0] == home and len(visitors) <= R.PER_SCENE, main
            assert all(R.guests(bank)[bank.acts.index(a)] == here for a in visitors), main
        assert not {p.act.scene for p in picks if p.bridge} & set(main)
    assert seen_mixed  # the case the rule is for does occur


def test_a_crossover_act_nearest_a_scene_verdict_visits_its_list() -> None:
    # On the default bank: the crossover acts whose profiles sit nearest K-pop's (README).
    visiting = {a.id: k for a, k in zip(DEFAULT.acts, R.guests(DEFAULT), strict=True) if k >= 0}
    assert visiting == {"twice": 0, "xg": 0, "nexz": 0}
    # A middle act at the north's profile joins a north list, once and never first.
    d = facetbank.data()
    d["acts"] = [*d["acts"], facetbank._act("m-northish", "middle", 0.8, 0.7, "group", ["dance"])]
    bank = facetbank.build(d)
    assert R.guests(bank)[-1] == 0
    result = score(bank, {"where": "north", "sound": "any", "north-again": "yes", "loud": 5})
    main = [p.act.id for p in R.recommend(bank, result) if not p.bridge]
    assert "m-northish" in main[1:], main
    assert sum(bank.acts[[a.id for a in bank.acts].index(i)].scene != "north" for i in main) == 1


def test_the_balanced_verdicts_other_scenes_are_matched_from_the_takers_side() -> None:
    taker = R.Taker((-0.3, 0.2), (True, True), {})
    order = [o.id for o in FACETS.outcomes]
    mid, north, south = order.index("middle"), order.index("north"), order.index("south")
    balanced = R.matches(FACETS, taker, mid)
    for k, scene in ((north, "north"), (south, "south")):
        theirs = R.matches(FACETS, taker, k)
        for i, act in enumerate(FACETS.acts):
            if act.scene == scene:
                assert balanced[i] == theirs[i], act.id
    # ... which is not where the middle's own frame would look for them.
    plain = FACETS.acts.index(next(a for a in FACETS.acts if a.scene == "north"))
    own_frame = compiled(FACETS).act_matches(
        R.placed(FACETS, taker, mid), taker.used, [R.EPSILON + abs(x) for x in taker.scores]
    )
    assert own_frame[plain] != balanced[plain]


def test_the_report_marks_reasons_and_bridges_in_every_language() -> None:
    result = score(FACETS, {"where": "north", "sound": "guitar", "north-again": "yes"})
    for lang, needle in (("en", "as you asked"), ("ko", "원하던"), ("ja", "希望どおり")):
        report = build_report(FACETS, result, R.recommend(FACETS, result), lang)
        texts = [x["text"] for r in report["recommendations"] for x in r["reasons"]]
        assert any(needle in t for t in texts), texts


# --- the worked example in docs/authoring.md -------------------------------------------------


def _docs_bank() -> Bank:
    sys.path.insert(0, str(ROOT / "tests"))
    import test_docs as td
    from popquiz.bank.yamlsafe import parse

    state: Any = None
    for marker, body, _ in td.blocks():
        parts = {p.strip() for p in marker.split(",") if p.strip()}
        if "base" in parts:
            state = parse(body, "docs").data
        elif "fragment" in parts:
            state = td.merge(copy.deepcopy(state), parse(body, "docs").data)
        elif parts == {"example"} and body.startswith("facets:"):
            merged = td.merge(copy.deepcopy(state), parse(body, "docs").data)
            bank, problems = check_text(json.dumps(merged))
            assert bank is not None, problems
            return bank
    raise AssertionError("no facets example in docs/authoring.md")


def test_the_worked_example_of_the_ranking_matches_the_code() -> None:
    import test_docs as td

    bank = _docs_bank()
    answers = {
        "morning": "double-shot",
        "bitter": 5,
        "coffee-break": "five-minutes",
        "on-the-move": 2,
        "at-home": "never",
    }
    text = td.section("How picks are chosen")
    assert all(f"`{q}: {a}`" in text for q, a in answers.items())
    result = score(bank, answers)
    assert result.outcome == "espresso" and f"`{result.outcome}`" in text
    for axis, value in result.scores.items():
        assert f"{axis} **{value:.3f}**" in text
    for (_, value), pref in result.preferred.items():
        assert f"`{value}` **{pref:.3f}**" in text
    taker = R.Taker.of(bank, result)
    ranker = R._Ranker(bank, taker, result.outcome)
    for i, act in enumerate(bank.acts):
        label = {"cafe-latte": "caffè latte", "flat-white": "flat white"}.get(act.id, act.id)
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} ("))
        numbers = re.findall(r"\*\*(-?[0-9.]+)\*\*", row)
        fit = R.facet_fit(act, taker.preferred)
        assert numbers == [f"{ranker.match[i]:.3f}", f"{fit:.3f}", f"{ranker.rel[i]:.3f}"], row
    index = {a.id: i for i, a in enumerate(bank.acts)}
    v60, flat, rist = index["v60"], index["flat-white"], index["ristretto"]
    assert f"**{ranker.rel[v60] - R.LAMBDA * ranker.similarity(v60, rist):.3f}**" in text
    assert f"(similarity **{ranker.similarity(flat, rist):.3f}**)" in text
    assert f"**{ranker.rel[flat] - R.LAMBDA * ranker.similarity(flat, rist):.3f}**" in text
    order = [p.act.id for p in R.recommend(bank, result)]
    assert order == ["ristretto", "v60", "flat-white", "cafe-latte"]
    for constant in ("0.4 · F", "0.25 + |sᵢ|", "0.6 · (largest", "(1 − 0.5 · h)"):
        assert constant in text
    assert (R.BETA, R.EPSILON, R.LAMBDA, R.GAMMA) == (0.4, 0.25, 0.6, 0.5)
    # Each scene of the tutorial bank has one act: no act is nearer its scene's takers than
    # the scene's other acts, so every hubness is 0, as the example says.
    assert R.hubness(bank) == [0.0] * len(bank.acts)


# --- "the answers that moved you most" ------------------------------------------------------


def test_an_answer_that_moved_two_axes_is_listed_once_with_both() -> None:
    bank = DEFAULT
    seen_multi = False
    for seed in range(60):
        result = score(bank, random_answers(bank, random.Random(seed)))
        moved = moved_most(bank, result)
        assert len({m.question for m in moved}) == len(moved)
        seen_multi = seen_multi or any(len(m.moves) > 1 for m in moved)
    assert seen_multi  # the case the rule is for does occur


# --- properties -----------------------------------------------------------------------------


def _pool(bank: Bank, result: Result) -> list[int]:
    home = bank.scene_of(bank.outcomes_by_id[result.outcome])
    everyone = list(range(len(bank.acts)))
    return [i for i in everyone if bank.acts[i].scene == home] or everyone


def _check(bank: Bank, result: Result) -> None:
    picks = R.recommend(bank, result)
    assert picks == R.recommend(bank, result)  # deterministic
    if not picks:
        return
    taker = R.Taker.of(bank, result)
    # Whenever a candidate shares a leaning or an asked-for value, the first pick does.
    if any(R.shares(bank, taker, bank.acts[i]) >= R.LEANS for i in _pool(bank, result)):
        assert R.shares(bank, taker, picks[0].act) >= R.LEANS
        assert picks[0].reasons[0].kind in ("lean", "asked")
    # Among those sharing the most, one that carries no refused value leads when there is one.
    r = R._Ranker(bank, taker, result.outcome)
    assert r.lead[bank.acts.index(picks[0].act)] == max(r.lead[i] for i in _pool(bank, result))
    main = [p for p in picks if not p.bridge]
    shown = {p.act.scene for p in main}
    assert not any(p.act.scene in shown for p in picks if p.bridge)
    outcome = bank.outcomes_by_id[result.outcome]
    own = [p.act.scene == bank.scene_of(outcome) for p in main]
    home_acts = sum(a.scene == bank.scene_of(outcome) for a in bank.acts)
    if outcome.balanced and home_acts:  # its own scene first, and OWN_MIN of it when it can
        assert own[0] and sum(own) >= min(R.OWN_MIN, home_acts, len(main)), own
    scores = result.scores
    for p in picks:
        kinds = [r.kind for r in p.reasons]
        assert "theirs" not in kinds or kinds == ["theirs"]
        # Every pick says something true: what it shares, or else how it leans.
        assert kinds or not any(
            abs(p.act.profile.get(a.id, 0.0)) >= LEAN for a in result.axes if a.measured
        )
        if p.bridge:
            assert kinds and kinds != ["theirs"]  # a bridge is there for what it shares
        for r in p.reasons:
            if r.kind == "lean":  # no "you both lean" the scores contradict
                s, a = scores[r.axis], p.act.profile[r.axis]
                sign = 1 if r.pole == "high" else -1
                assert s * sign >= LEAN and a * sign >= LEAN
            elif r.kind == "middle":
                assert abs(scores[r.axis]) < LEAN and abs(p.act.profile[r.axis]) < LEAN
            elif r.kind == "asked":
                assert result.preferred[r.facet, r.value] >= R.REQUESTED
                assert r.value in p.act.values_of(r.facet)
    assert len({m.question for m in moved_most(bank, result)}) == len(moved_most(bank, result))


@settings(max_examples=150, deadline=None)
@given(banks_and_answers())
def test_properties_on_generated_banks(bank_and_answers: tuple[Bank, dict[str, Any]]) -> None:
    bank, answers = bank_and_answers
    _check(bank, score(bank, answers))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_properties_on_a_bank_with_facets(data: st.DataObject) -> None:
    _check(FACETS, score(FACETS, data.draw(answer_sets(FACETS))))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_properties_on_the_default_bank_with_facets(data: st.DataObject) -> None:
    bank = DEFAULT
    _check(bank, score(bank, data.draw(answer_sets(bank))))
