"""Reachability: for every outcome (wins) and act (top pick / top 3 of
:func:`popquiz.engine.recommend.recommend`) one example answer set, or none. Seeded.

Each search starts by coordinate ascent towards the target's profile (for an act, the
scores a taker of its scene's verdict needs to be looked for at it), then climbs on the
winning margin with seeded restarts. Every example is confirmed by the rules a taker's result
comes from: the compiled bank's outcome rule (what :func:`popquiz.engine.scoring.score`
decides with) and the ranking (:func:`popquiz.engine.analysis.picks.array_picks`, which a test
keeps equal to :func:`~popquiz.engine.recommend.recommend`, pick for pick).

The search runs on arrays (numpy). A climb scores every answer change it could make next in
one go, and scores them again only after it takes one; the acts' searches run side by side so
that each round of their candidate examples is ranked in one call. The arithmetic is the
scalar rule's, operation for operation, so the climbs take the same steps and find the same
examples as one change at a time would (``tests/analysis_reference.py`` keeps that form, and
the tests compare the two).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.compiled import EPS

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue
    from popquiz.engine.analysis.arrays import Bools, Floats, Ints
    from popquiz.engine.compiled import Compiled, Metric


@dataclass(frozen=True)
class Reach:
    """Whether an outcome can win, or an act can be recommended, with an example."""

    kind: str  # "outcome" or "act"
    id: str
    target: str  # "win" (outcomes), "top1" or "top3" (acts)
    reachable: bool
    example: dict[str, AnswerValue] | None = None


# Rows of axis scores and measured flags (answer sets × axes) -> the objective per row.
Objective = Callable[["Floats", "Bools"], "Floats"]


@dataclass(frozen=True)
class _Moves:
    """Every (question, answer) a climb can move to, flattened question by question."""

    first: list[int]  # per question: the index of its first move
    question: Ints  # per move: its question
    option: Ints  # per move: its answer's index
    terms: Floats  # moves × axes: the answer's term on each axis its question moves (else 0)
    touched: Bools  # moves × axes: the axes its question moves
    referenced: Bools  # per move: some condition reads its question
    first_of: Ints  # :attr:`first` as an array
    parts: Floats  # moves × 3·axes: the move's terms, then its question's low and high ends
    conds: list[tuple[int, int, Bools]]  # (question, question it reads, answers allowed)

    @staticmethod
    def of(c: Compiled) -> _Moves:
        axes = len(c.axes)
        first: list[int] = []
        rows: list[list[float]] = []
        moved: list[list[bool]] = []
        question: list[int] = []
        option: list[int] = []
        for qi, options in enumerate(c.terms):
            first.append(len(rows))
            on = [False] * axes
            for i, _ in options[0]:
                on[i] = True
            for k, terms in enumerate(options):
                row = [0.0] * axes
                for i, term in terms:
                    row[i] = term
                rows.append(row)
                moved.append(on)
                question.append(qi)
                option.append(k)
        n = len(rows)
        changes = np.array(rows, dtype=np.float64).reshape(n, axes)
        ends = np.zeros((c.nq, 2 * axes))
        for qi, ranges in enumerate(c.ranges):
            for i, lo_q, hi_q in ranges:
                ends[qi, i], ends[qi, axes + i] = lo_q, hi_q
        moves = np.array(question, dtype=np.int64)
        conds = [
            (qi, j, np.isin(np.arange(len(c.values[j])), list(allowed)))
            for qi, each in enumerate(c.conds)
            for j, allowed in each
        ]
        return _Moves(
            first,
            moves,
            np.array(option, dtype=np.int64),
            changes,
            np.array(moved, dtype=bool).reshape(n, axes),
            np.array([qi in c.referenced for qi in question], dtype=bool),
            np.array(first, dtype=np.int64),
            np.concatenate([changes, ends[moves]], axis=1),
            conds,
        )

    def scores(self, assign: Ints) -> tuple[Floats, Bools]:
        """:meth:`Compiled.sums` then :meth:`Compiled.scores` for many answer sets (rows of
        ``assign``, every question answered) at once. Each sum is the running sum over the
        questions in order, from 0.0 (``cumsum`` adds one after the other; a question that is
        not asked adds 0.0, which leaves a sum as it is), so every bit is the scalar rule's."""
        asked = np.ones(assign.shape, dtype=bool)
        for qi, j, allowed in self.conds:  # in question order: a condition reads earlier ones
            asked[:, qi] &= asked[:, j] & allowed[assign[:, j]]
        # Per question: its answer's terms and its low and high ends, side by side.
        parts = self.parts[self.first_of[None, :] + assign]
        parts[~asked] = 0.0
        start = np.zeros((assign.shape[0], 1, parts.shape[2]))
        total = np.cumsum(np.concatenate([start, parts], axis=1), axis=1)[:, -1]
        axes = self.terms.shape[1]
        return arrays.scores(total[:, :axes], total[:, axes : 2 * axes], total[:, 2 * axes :])


class _Climber:
    """One answer assignment with its sums and scores, changed one question at a time: raw
    sums follow each change by the changed terms alone (a question others' conditions read
    makes everything add up again), as the scalar search keeps them."""

    def __init__(self, c: Compiled, moves: _Moves, assign: Sequence[int]) -> None:
        self.c = c
        self.moves = moves
        self.assign = list(assign)
        self.refresh()

    def refresh(self) -> None:
        raw, lo, hi, asked = self.c.sums(self.assign)
        self.raw = np.array(raw, dtype=np.float64)
        self.lo = np.array(lo, dtype=np.float64)
        self.hi = np.array(hi, dtype=np.float64)
        self.asked = np.array(asked, dtype=bool)
        self.s, self.m = arrays.scores(self.raw, self.lo, self.hi)

    def values(self, objective: Objective, start: int) -> list[float]:
        """Per move of the questions from ``start`` on, the objective after it (``-inf`` where
        it changes nothing: the answer a question has, or a question that is not asked and no
        condition reads; and before ``start``)."""
        mv = self.moves
        assign = np.array(self.assign, dtype=np.int64)
        q = mv.question
        live = (q >= start) & (mv.option != assign[q])
        plain = np.flatnonzero(live & ~mv.referenced & self.asked[q])
        recount = np.flatnonzero(live & mv.referenced)
        # An asked question no condition reads: only its own terms change.
        current = np.array(mv.first, dtype=np.int64)[q[plain]] + assign[q[plain]]
        touched = mv.touched[plain]
        raw = np.where(touched, self.raw + (mv.terms[plain] - mv.terms[current]), self.raw)
        s = np.where(touched, arrays.scores(raw, self.lo, self.hi)[0], self.s)
        m = np.broadcast_to(self.m, s.shape)
        if recount.size:  # conditions may change what is asked: everything adds up again
            changed = np.repeat(assign[None, :], recount.size, axis=0)
            changed[np.arange(recount.size), q[recount]] = mv.option[recount]
            extra_s, extra_m = mv.scores(changed)
            s = np.concatenate([s, extra_s])
            m = np.concatenate([m, extra_m])
        out = np.full(q.size, -np.inf)
        rows = np.concatenate([plain, recount])
        if rows.size:
            out[rows] = objective(s, m)
        found: list[float] = out.tolist()
        return found

    def set(self, qi: int, k: int) -> None:
        if qi in self.c.referenced:  # conditions may change what is asked: add up again
            self.assign[qi] = k
            self.refresh()
            return
        if self.asked[qi] and k != self.assign[qi]:  # only this question's terms change
            mv = self.moves
            new, old = mv.first[qi] + k, mv.first[qi] + self.assign[qi]
            delta = mv.terms[new] - mv.terms[old]
            self.raw = np.where(mv.touched[new], self.raw + delta, self.raw)
            self.s, self.m = arrays.scores(self.raw, self.lo, self.hi)
        self.assign[qi] = k


def _climb(
    c: Compiled, moves: _Moves, assign: Sequence[int], objective: Objective, passes: int = 25
) -> list[int]:
    """Coordinate ascent: per question in turn, take the answer that most improves
    ``objective`` (by more than ``EPS``; ties: the earlier answer)."""
    w = _Climber(c, moves, assign)
    best = float(objective(w.s[None, :], w.m[None, :])[0])
    first = moves.first
    for _ in range(passes):
        improved = False
        values = w.values(objective, 0)
        for qi in range(c.nq):
            cur = w.assign[qi]
            best_k, best_v = cur, best
            base = first[qi]
            for k in range(len(c.values[qi])):
                v = values[base + k]
                if k != cur and v > best_v + EPS:
                    best_k, best_v = k, v
            if best_k != cur:
                w.set(qi, best_k)
                best = best_v
                improved = True
                values = w.values(objective, qi + 1)
        if not improved:
            break
    return w.assign


def _toward(profile: Sequence[float]) -> Objective:
    target = list(profile)

    def objective(s: Floats, m: Bools) -> Floats:
        total = np.zeros(s.shape[0])
        for i, t in enumerate(target):
            d = s[:, i] - t
            total = np.where(m[:, i], total + d * d, total)
        out: Floats = -total
        return out

    return objective


def _means(metric: Metric, s: Floats, used: Bools, profiles: Floats) -> Floats:
    """The declared distance per unit of weight, rows × profiles: :meth:`Metric.mean`. A
    guide for the climb only (every example is then checked by the real rule), so it is
    worked out the fast way: for straight-line distance ``Σs² − 2·s·p + Σp²`` as matrix
    products, else with squares as products. It may differ from the scalar rule in the last
    bits, far below the ``EPS`` a climb step must gain."""
    if metric.plain:
        on = used.astype(np.float64)
        squares = np.where(used, s * s, 0.0).sum(axis=1)
        total = squares[:, None] - 2.0 * ((s * on) @ profiles.T) + on @ (profiles * profiles).T
        count = on.sum(axis=1)
        some = count > 0
        plain: Floats = np.where(
            some[:, None], np.maximum(total, 0.0) / np.where(some, count, 1.0)[:, None], 0.0
        )
        return plain
    acc = np.zeros((s.shape[0], profiles.shape[0]))
    weights = np.zeros(s.shape[0])
    for i, (w, p) in enumerate(zip(metric.weights, metric.powers, strict=True)):
        measured = used[:, i]
        weights = np.where(measured, weights + w, weights)
        if not w:
            continue
        d = s[:, i, None] - profiles[None, :, i]
        term = d * d if p == 2.0 else np.float_power(np.abs(d), p)
        acc = np.where(measured[:, None], acc + w * term, acc)
    ok = weights > 0
    out: Floats = np.where(ok[:, None], acc / np.where(ok, weights, 1.0)[:, None], 0.0)
    return out


def _fits(c: Compiled, profiles: Floats, s: Floats, m: Bools) -> Floats:
    """Every outcome's fit per row (:meth:`Compiled.fits`, by :func:`_means`)."""
    d = _means(c.metric, s, m, profiles)
    out: Floats = 1 - d / (4.0 if c.metric.plain else arrays.ceilings(c.metric, m)[:, None])
    return out


def _outcome_value(c: Compiled, target: int, fits: Floats, measured: Bools) -> Floats:
    """How far ``target`` is from winning (positive: it wins), per row of fits."""
    b = c.balanced
    n = fits.shape[0]
    if target == b:
        if len(c.contenders) < 2:
            return np.full(n, -1.0)
        lead = arrays.decide(c, fits, measured).lead
        out: Floats = c.margin - lead
        return out
    ok = arrays.eligible(c, measured)[:, target]
    mine = fits[:, target]
    others = [oi for oi in c.contenders if oi != target]
    best_other = fits[:, others].max(axis=1) if others else mine - 1
    value = mine - best_other - (c.margin if b is not None else 0.0)
    found: Floats = np.where(ok, value, -1.0)
    return found


def _outcome_objective(c: Compiled, target: int) -> Objective:
    profiles = _outcome_profiles(c)

    def objective(s: Floats, m: Bools) -> Floats:
        return _outcome_value(c, target, _fits(c, profiles, s, m), m)

    return objective


def _as_scores(c: Compiled, scene: str) -> list[list[float]]:
    """The act profiles where a taker of the first outcome recommending ``scene`` would have to
    score to be looked for at them (:func:`popquiz.engine.recommend.unplaced`); the profiles
    themselves when no outcome recommends it."""
    from popquiz.engine.recommend import unplaced

    bank = c.bank
    key = f"reach-as-scores:{scene}"
    found = bank.memo.get(key)
    if isinstance(found, list):
        return found
    home = next((i for i, o in enumerate(bank.outcomes) if bank.scene_of(o) == scene), None)
    out = [list(p) if home is None else unplaced(bank, list(p), home) for p in c.act_profiles]
    bank.memo[key] = out
    return out


def _outcome_profiles(c: Compiled) -> Floats:
    found: Floats = np.array(c.outcome_profiles, dtype=np.float64).reshape(
        len(c.outcome_ids), len(c.axes)
    )
    return found


def _act_objective(c: Compiled, target: int, place: int) -> Objective:
    """How far act ``target`` is from being among the top ``place`` picks (positive: it is).

    Picks come from the verdict's scene, so an act gets there by beating the acts of its own
    scene while an outcome recommending that scene wins (best overall when no outcome
    recommends it). Every part is a lead in fit units (the declared distance over its largest
    value).
    """
    acts = c.bank.acts
    bank = c.bank
    scene = acts[target].scene
    homes = [oi for oi, o in enumerate(bank.outcomes) if bank.scene_of(o) == scene]
    group = [x for x, a in enumerate(acts) if x != target and (a.scene == scene or not homes)]
    profiles = np.array(_as_scores(c, scene), dtype=np.float64).reshape(len(acts), len(c.axes))
    chosen = profiles[[target, *group]]
    metric = c.metric
    outcomes = _outcome_profiles(c)

    def objective(s: Floats, m: Bools) -> Floats:
        shape: Bools = np.where(m.any(axis=1, keepdims=True), m, True)
        scale = 4.0 if metric.plain else arrays.ceilings(metric, shape)[:, None]
        d = _means(metric, s, shape, chosen) / scale
        if len(group) < place:
            lead = np.ones(s.shape[0])
        else:
            lead = np.partition(d[:, 1:], place - 1, axis=1)[:, place - 1] - d[:, 0]
        if not homes:
            return lead
        fits = _fits(c, outcomes, s, m)
        home = _outcome_value(c, homes[0], fits, m)
        for oi in homes[1:]:
            home = np.maximum(home, _outcome_value(c, oi, fits, m))
        out: Floats = np.minimum(lead, home)
        return out

    return objective


def _top3(c: Compiled, assigns: list[list[int]]) -> list[list[int]]:
    """Each answer set's first three picks (act indices; bridges left out)."""
    from popquiz.engine.analysis.picks import array_picks, takers_of_sample
    from popquiz.engine.analysis.takermodels import sample_of

    sample = sample_of(c, "reach", np.array(assigns, dtype=np.int64))
    # The first three of the five a taker is shown (a list of three may be another one).
    picked = array_picks(c.bank, c, takers_of_sample(c, sample))[:, :3]
    return [[int(i) for i in row if i >= 0] for row in picked.tolist()]


# An act's search: yields answer sets to be ranked, is sent each one's first three picks, and
# returns its top-pick and top-3 examples.
Search = Generator[list[int], list[int], list[list[int] | None]]


def _act_search(
    c: Compiled, moves: _Moves, ai: int, seed: int, restarts: int, top3: bool = True
) -> Search:
    """``top3``: the top-3 example is wanted too (the top pick's alone when a simulated taker
    already gave the other: searching on would only find what is thrown away)."""
    act = c.bank.acts[ai]
    rng = random.Random(f"popquiz-reach:{seed}:act:{act.id}")
    start = _climb(c, moves, [0] * c.nq, _toward(_as_scores(c, act.scene)[ai]))
    start_picks = yield start
    found: list[list[int] | None] = []
    for place in (1, 3) if top3 else (1,):
        objective = _act_objective(c, ai, place)
        hit: list[int] | None = None
        for r in range(restarts + 1):
            if r == 0 and ai in start_picks[:place]:
                hit = start
                break
            assign = c.random_assignment(rng) if r else start
            assign = _climb(c, moves, assign, objective)
            picks = yield assign
            if ai in picks[:place]:
                hit = assign
                break
        found.append(hit)
    return found if top3 else [*found, None]


def _act_examples(
    c: Compiled,
    moves: _Moves,
    seed: int,
    restarts: int,
    acts: Sequence[int],
    known: Seen | None = None,
) -> list[list[list[int] | None]]:
    """Every act's search, run side by side: each round's answer sets are ranked at once.
    ``known``: the examples simulated takers gave (a known top-3 example is not searched)."""
    met = known or {}
    searches = [
        _act_search(c, moves, ai, seed, restarts, met.get(ai, (None, None))[1] is None)
        for ai in acts
    ]
    results: list[list[list[int] | None]] = [[] for _ in searches]
    waiting = {n: next(search) for n, search in enumerate(searches)}
    while waiting:
        ranked = _top3(c, list(waiting.values()))
        after: dict[int, list[int]] = {}
        for (n, _), picks in zip(waiting.items(), ranked, strict=True):
            try:
                after[n] = searches[n].send(picks)
            except StopIteration as done:
                results[n] = done.value
        waiting = after
    return results


# Where a sample of takers already met an act: its first answer set with the act as first pick,
# and its first with the act among the first three (either may be missing).
Seen = dict[int, tuple[list[int] | None, list[int] | None]]


def seen_in_picks(answers: Ints, picks: Ints) -> Seen:
    """The acts some taker of a sample met (``answers``: one answer set per row; ``picks``: their
    picks in order, −1 for none, as :func:`~popquiz.engine.analysis.picks.array_picks` gives
    them), each with the first such answer set for the top pick and for the top three."""
    first: dict[int, list[int]] = {}
    three: dict[int, int] = {}
    for k in range(min(3, picks.shape[1])):
        acts, rows = np.unique(picks[:, k], return_index=True)
        for act, row in zip(acts.tolist(), rows.tolist(), strict=True):
            if act < 0:
                continue
            if k == 0:
                first[act] = [int(x) for x in answers[row]]
            three[act] = min(three.get(act, row), row)
    return {act: (first.get(act), [int(x) for x in answers[row]]) for act, row in three.items()}


def merge_seen(a: Seen, b: Seen) -> Seen:
    """What either of two samples met, the first sample's example first."""
    out = dict(b)
    for act, (one, three) in a.items():
        other = out.get(act, (None, None))
        out[act] = (one if one is not None else other[0], three if three is not None else other[1])
    return out


def reachability(
    c: Compiled,
    seed: int = 0,
    restarts: int = 4,
    acts: Sequence[int] | None = None,
    seen: Seen | None = None,
) -> list[Reach]:
    """Whether each outcome can win and each act (of ``acts``, by catalogue index: all by
    default) reach the top pick / top 3, with examples. Each search has a seed of its own, so
    an act's examples do not depend on which others are searched. ``seen``: examples simulated
    takers already gave (:func:`seen_in_picks`); an act they met in both places is not searched,
    and a place they met takes their example."""
    known = seen or {}
    wanted = range(len(c.bank.acts)) if acts is None else acts
    chosen = [ai for ai in wanted if None in known.get(ai, (None, None))]
    moves = _Moves.of(c)
    out: list[Reach] = []
    for oi, oid in enumerate(c.outcome_ids):
        rng = random.Random(f"popquiz-reach:{seed}:outcome:{oid}")
        start = _climb(c, moves, [0] * c.nq, _toward(c.outcome_profiles[oi]))
        hit: list[int] | None = None
        for r in range(restarts + 1):
            assign = start if r == 0 else c.random_assignment(rng)
            if r > 0 or c.outcome(assign) != oi:
                assign = _climb(c, moves, assign, _outcome_objective(c, oi))
            if c.outcome(assign) == oi:
                hit = assign
                break
        out.append(Reach("outcome", oid, "win", hit is not None, _example(c, hit)))
    found_now = _act_examples(c, moves, seed, restarts, chosen, known)
    searched = dict(zip(chosen, found_now, strict=True))
    for ai in wanted:
        act = c.bank.acts[ai]
        met = known.get(ai, (None, None))
        found = searched.get(ai, [None, None])
        top1 = met[0] if met[0] is not None else found[0]
        top3 = met[1] if met[1] is not None else found[1]
        out.append(Reach("act", act.id, "top1", top1 is not None, _example(c, top1)))
        out.append(Reach("act", act.id, "top3", top3 is not None, _example(c, top3)))
    return out


def _example(c: Compiled, assign: list[int] | None) -> dict[str, AnswerValue] | None:
    return None if assign is None else c.answers(assign)
