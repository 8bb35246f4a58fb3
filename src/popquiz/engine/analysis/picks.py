"""What many takers are told to play first: the ranking of :mod:`popquiz.engine.recommend`
on arrays, and the statistics ``analyze`` reports about it (numpy; imported by ``analyze``
alone).

:func:`array_picks` is the same rule as :func:`popquiz.engine.recommend.ranked_picks` for the
picks (bridges left out): the taker placed among the verdict's scene, weighted match scaled by
the own scene's hubness, facet fit, something shared first and refused values last, maximal
marginal relevance within the verdict's scene (with the
balanced verdict's share of other scenes, each matched from the taker's place among that scene,
and a scene verdict's one visitor from the balanced scene), active first, filled from other
scenes when the scene has too few acts. A test checks that both give the same picks, taker for
taker.

:func:`pick_stats` runs it over seeded takers of one model and reports each act's top-5
share, each facet value's preferred and picked rates, the share of takers whose five picks
all carry one facet value, and the mean top-5 overlap (Jaccard) of two takers with the same
verdict (consecutive takers of each verdict, in the order they were drawn, paired).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from popquiz.engine import recommend as R
from popquiz.engine.compiled import LEAN
from popquiz.engine.takers import consistent_assignment

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from popquiz.bank.model import Bank
    from popquiz.engine.analysis.arrays import TakerSample
    from popquiz.engine.compiled import Compiled

PICK_TAKERS = 10_000  # takers per model for the pick statistics
TOP_N = R.SHOWN  # the picks a result shows


@dataclass(frozen=True)
class Takers:
    """Takers as arrays: scores and which axes were measured (takers × axes), preferences
    and which were measured (takers × the bank's facet values), and each verdict's index."""

    scores: NDArray[np.float64]
    used: NDArray[np.bool_]
    prefs: NDArray[np.float64]
    measured: NDArray[np.bool_]
    verdicts: NDArray[np.int64]


@dataclass(frozen=True)
class PickStats:
    model: str
    samples: int
    acts_top5: dict[str, float]  # act id -> share of takers with it among their picks
    preferred: dict[str, float]  # "facet:value" -> share of takers who asked for it
    picked: dict[str, float]  # "facet:value" -> mean share of a taker's picks carrying it
    all_five: dict[str, float]  # "facet:value" -> share of takers whose picks all carry it
    overlap: float  # mean Jaccard of two takers' picks with the same verdict

    def as_dict(self) -> dict[str, Any]:
        def r(x: float) -> float:
            return round(x, 6)

        return {
            "samples": self.samples,
            "acts_top5": [{"id": k, "share": r(v)} for k, v in self.acts_top5.items()],
            "facets": [
                {
                    "id": k,
                    "preferred": r(self.preferred[k]),
                    "picked": r(self.picked[k]),
                    "all_five": r(self.all_five[k]),
                }
                for k in self.preferred
            ],
            "overlap": r(self.overlap),
        }


def takers_of(bank: Bank, results: list[Any]) -> Takers:
    """The :class:`Takers` arrays of scored results (``popquiz.engine.scoring.Result``)."""
    pairs = {p: i for i, p in enumerate(bank.facet_values)}
    n, a, f = len(results), len(bank.axes), len(pairs)
    scores, used = np.zeros((n, a)), np.zeros((n, a), dtype=bool)
    prefs, measured = np.zeros((n, f)), np.zeros((n, f), dtype=bool)
    order = {o.id: i for i, o in enumerate(bank.outcomes)}
    verdicts = np.zeros(n, dtype=np.int64)
    for t, res in enumerate(results):
        scores[t] = [x.score for x in res.axes]
        used[t] = [x.measured for x in res.axes]
        for p in res.preferences:
            if p.measured:
                prefs[t, pairs[p.facet, p.value]] = p.score
                measured[t, pairs[p.facet, p.value]] = True
        verdicts[t] = order[res.outcome]
    return Takers(scores, used, prefs, measured, verdicts)


def array_picks(bank: Bank, c: Compiled, takers: Takers, n: int = TOP_N) -> NDArray[np.int64]:
    """Takers × ``n`` act indices: each taker's picks in order (−1 where there are fewer)."""
    t_count = len(takers.verdicts)
    acts = bank.acts
    n_acts = len(acts)
    if n_acts == 0:
        return np.full((t_count, n), -1, dtype=np.int64)
    profiles = np.array(c.act_profiles, dtype=float).reshape(n_acts, len(bank.axes))
    used = takers.used.copy()
    used[~used.any(axis=1)] = True
    s = takers.scores

    # Weighted match (takers × acts).
    w = np.where(used, R.EPSILON + np.abs(s), 0.0)
    # Each taker placed among the verdict's scene (recommend.placed), row by row the same
    # operations as the pure rule.
    frames = R.scene_frames(bank)
    o_prof = np.array(c.outcome_profiles, dtype=float).reshape(len(bank.outcomes), -1)
    mu = np.array([f[0] if f else [0.0] * len(bank.axes) for f in frames]).reshape(o_prof.shape)
    gain = np.array([f[1] if f else [0.0] * len(bank.axes) for f in frames]).reshape(o_prof.shape)
    framed = np.array([f is not None for f in frames], dtype=bool)[takers.verdicts]
    v = takers.verdicts
    moved = (1 - R.KAPPA) * s + R.KAPPA * (mu[v] + gain[v] * (s - o_prof[v]))
    s_m = np.where(framed[:, None], moved, s)
    diff2 = (s_m[:, None, :] - profiles[None, :, :]) ** 2
    d = (w[:, None, :] * diff2).sum(axis=2) / w.sum(axis=1)[:, None]
    match = np.maximum(0.0, 1 - np.sqrt(d))
    balanced = np.array([o.balanced for o in bank.outcomes], dtype=bool)[v]
    # A balanced verdict's acts of another scene: matched from the taker's place among that
    # scene (recommend.matches).
    homes = R.act_frames(bank)
    for k in sorted({h for h in homes if h is not None}):
        in_scene = np.array([h == k for h in homes], dtype=bool)
        at = (1 - R.KAPPA) * s + R.KAPPA * (mu[k] + gain[k] * (s - o_prof[k]))
        at = at if frames[k] is not None else s
        dk = (w[:, None, :] * (at[:, None, :] - profiles[None, :, :]) ** 2).sum(axis=2)
        theirs = np.maximum(0.0, 1 - np.sqrt(dk / w.sum(axis=1)[:, None]))
        match = np.where(balanced[:, None] & in_scene[None, :] & (v != k)[:, None], theirs, match)
    if not c.metric.plain:
        # A declared distance: the one rule, taker by taker (banks that declare one are small).
        match = np.array(
            [
                R.matches(bank, R.Taker(tuple(row), tuple(u), {}), int(k))
                for row, u, k in zip(s.tolist(), used.tolist(), v.tolist(), strict=True)
            ],
            dtype=float,
        ).reshape(t_count, n_acts)

    # Facet fit and asked-for values.
    pairs = list(bank.facet_values)
    member: NDArray[np.bool_] = np.array(
        [[v in a.values_of(f) for f, v in pairs] for a in acts], dtype=bool
    ).reshape(n_acts, len(pairs))
    prefs = np.where(takers.measured, takers.prefs, 0.0)
    fit = np.zeros((t_count, n_acts))
    counted = np.zeros(t_count)
    for facet in dict.fromkeys(f for f, _ in pairs):
        cols = [k for k, (f, _) in enumerate(pairs) if f == facet]
        has = np.asarray(takers.measured[:, cols].any(axis=1))
        pull = np.zeros((t_count, n_acts))
        push = np.zeros((t_count, n_acts))
        for k in cols:
            on = member[:, k][None, :]
            pull = np.maximum(pull, np.where(on, np.maximum(prefs[:, k : k + 1], 0.0), 0.0))
            push = np.minimum(push, np.where(on, np.minimum(prefs[:, k : k + 1], 0.0), 0.0))
        fit += np.where(has[:, None], pull + push, 0.0)
        counted += has
    fit = np.where(counted[:, None] > 0, fit / np.maximum(counted, 1)[:, None], 0.0)

    requested = takers.measured & (takers.prefs >= R.REQUESTED)
    asked = (member[None, :, :] & requested[:, None, :]).any(axis=2)
    sp = s[:, None, :]
    pp = profiles[None, :, :]
    u = used[:, None, :]
    lean = (u & (np.abs(sp) >= LEAN) & (np.abs(pp) >= LEAN) & ((sp > 0) == (pp > 0))).any(axis=2)
    middle = (u & (np.abs(sp) < LEAN) & (np.abs(pp) < LEAN)).any(axis=2)
    shared = np.where(asked, R.ASKED, np.where(lean, R.LEANS, np.where(middle, R.MIDDLE, -1)))
    refused = takers.measured & (takers.prefs <= -R.REQUESTED)
    clean = ~(member[None, :, :] & refused[:, None, :]).any(axis=2)
    level = 2 * np.minimum(shared, R.LEANS) + clean  # recommend._Ranker.lead

    # Similarity parts: profile closeness per measured-axis pattern, facets without requests.
    patterns, which = np.unique(used, axis=0, return_inverse=True)
    which = which.reshape(-1)
    closeness = np.zeros((len(patterns), n_acts, n_acts))  # per pattern of measured axes
    for k, pattern in enumerate(patterns):
        p = profiles[:, pattern]
        dd = ((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=2) / max(int(pattern.sum()), 1)
        closeness[k] = np.maximum(0.0, 1 - np.sqrt(dd))
    # The asked-for values that make no two picks alike (recommend.Taker.focus).
    focus = requested & (requested.sum(axis=1) <= R.FOCUSED)[:, None]
    keep = (~focus).astype(float)  # takers × pairs: the values that count
    asked_f = focus.astype(float)
    member_f = member.astype(float)
    sizes = keep @ member_f.T  # takers × acts: each act's values that count

    def similarity(j: NDArray[np.int64]) -> NDArray[np.float64]:
        """Takers × acts: every act's similarity to each taker's act ``j``."""
        mj = member_f[j] * keep  # takers × pairs
        inter = mj @ member_f.T  # counts of small integers: exact in floating point
        union = sizes + mj.sum(axis=1)[:, None] - inter
        overlap = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        close = closeness[which, :, j]
        # Acts sharing a value the taker asked for with act j: their closeness does not count.
        both = ((member_f[j] * asked_f) @ member_f.T) > 0
        close = np.where(both, 0.0, close)
        return R.PROFILE_SHARE * close + (1 - R.PROFILE_SHARE) * overlap

    scene_of = {o: i for i, o in enumerate(dict.fromkeys(a.scene for a in acts))}
    act_scene = np.array([scene_of[a.scene] for a in acts])
    home = np.array([scene_of.get(bank.scene_of(o) or "", -1) for o in bank.outcomes])[
        takers.verdicts
    ]
    own = act_scene[None, :] == home[:, None]
    own[~own.any(axis=1)] = True
    # Local scaling of the own scene's acts by their hubness (recommend.hubness).
    rel = match * (1 - R.GAMMA * np.array(R.hubness(bank))[None, :] * own) + R.BETA * fit
    # A K- or J-leaning act of the balanced scene visits its verdict's list (recommend.guests):
    # that list then keeps its first pick in its own scene and takes one such act at most.
    visiting = np.array(R.guests(bank))[None, :] == takers.verdicts[:, None]
    visiting &= ~balanced[:, None] & ~own  # a scene with no acts of its own ranks them all
    pool = own | balanced[:, None] | visiting
    limited = balanced | visiting.any(axis=1)
    rows = np.arange(t_count)
    out = np.full((t_count, n), -1, dtype=np.int64)
    worst = np.zeros((t_count, n_acts))
    chosen = np.zeros((t_count, n_acts), dtype=bool)

    own_count = np.zeros(t_count, dtype=np.int64)
    scene_count = np.zeros((t_count, len(scene_of)), dtype=np.int64)

    def step(k: int, candidates: NDArray[np.bool_], first: NDArray[np.bool_]) -> None:
        # A balanced verdict keeps its first pick and OWN_MIN of them in its own scene (while
        # it has candidates) and takes at most PER_SCENE from each other scene.
        mine = np.asarray((candidates & own & ~chosen).any(axis=1))
        need = (first | (np.maximum(R.OWN_MIN - own_count, 0) >= n - k)) & mine
        candidates = np.where(need[:, None] & limited[:, None], candidates & own, candidates)
        full = scene_count >= R.PER_SCENE  # takers × scenes
        open_ = ~full[:, act_scene] | own | ~mine[:, None]
        candidates = np.where(limited[:, None], candidates & open_, candidates)
        left = candidates & ~chosen
        any_left = left.any(axis=1)
        top = np.where(left, level, -9).max(axis=1)
        first_ok = left & (level == top[:, None])
        sharing = left & (shared >= R.MIDDLE)
        later_ok = np.where(np.asarray(sharing.any(axis=1))[:, None], sharing, left)
        tidy = sharing & clean  # no refused value (recommend._Ranker._allowed)
        later_ok = np.where(np.asarray(tidy.any(axis=1))[:, None], tidy, later_ok)
        allowed = np.where(first[:, None], first_ok, later_ok)
        value = np.where(allowed, rel - R.LAMBDA * worst, -np.inf)
        best = value.argmax(axis=1)
        go = any_left & (out[:, k] < 0)
        out[go, k] = best[go]
        chosen[rows[go], best[go]] = True
        own_count[go] += own[rows[go], best[go]]
        np.add.at(scene_count, (rows[go], act_scene[best[go]]), 1)
        sim = similarity(best)
        worst[go] = np.maximum(worst[go], sim[go])

    for k in range(n):
        step(k, pool, np.full(t_count, k == 0))

    # Active first: an inactive first pick gives way to the most relevant active candidate
    # within ACTIVE_WITHIN of it that shares as much.
    active = np.array([a.facts.active is not False for a in acts])
    head = out[:, 0]
    has = head >= 0
    safe = np.where(has, head, 0)
    inactive = has & ~active[safe]
    near = (
        own
        & active[None, :]
        & (rel >= (rel[rows, safe] - R.ACTIVE_WITHIN)[:, None])
        & (level >= level[rows, safe][:, None])
    )
    swap = inactive & near.any(axis=1)
    lead = np.where(near, rel, -np.inf).argmax(axis=1)
    for t in np.flatnonzero(swap):
        picks = [int(i) for i in out[t] if i >= 0]
        rest = [i for i in picks if i != lead[t]]
        new = [int(lead[t]), *rest][: len(picks)]
        out[t, : len(new)] = new
        chosen[t] = False
        chosen[t, new] = True

    # Fill from the other scenes when the verdict's scene has too few acts; the worst
    # similarity must then be that to the (final) picks.
    short = np.asarray((out < 0).any(axis=1))
    if short.any():
        worst[:] = 0.0
        for k in range(n):
            j = out[:, k]
            sim = similarity(np.where(j >= 0, j, 0))
            worst = np.where((j >= 0)[:, None], np.maximum(worst, sim), worst)
        others = ~pool & short[:, None]
        for k in range(n):
            step(k, others, np.zeros(t_count, dtype=bool))
    return out


def sample_takers(c: Compiled, model: str, count: int, seed: int = 0) -> list[Any]:
    """``count`` seeded takers of ``model``, scored one at a time: the same takers
    :func:`~popquiz.engine.analysis.takermodels.taker_sample` draws on arrays."""
    from popquiz.engine.scoring import score_assignment

    rng = random.Random(f"popquiz-takers:{model}:{seed}")
    bank = c.bank
    out = []
    for _ in range(count):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        out.append(score_assignment(bank, assign))
    return out


def takers_of_sample(c: Compiled, sample: TakerSample) -> Takers:
    """The :class:`Takers` of a :func:`~popquiz.engine.analysis.takermodels.taker_sample`:
    its scores and verdicts, and each taker's facet preferences from its answers by the rule of
    :func:`popquiz.engine.preferences.preferences` (``Σc / Σm`` over the answered questions)."""
    from popquiz.engine.preferences import table

    bank = c.bank
    index = {p: i for i, p in enumerate(bank.facet_values)}
    n = len(sample.outcome)
    total = np.zeros((n, len(index)))
    cap = np.zeros((n, len(index)))
    found = table(bank)
    for qi, terms, caps in found.rows:
        asked = sample.asked[:, qi] & (sample.answers[:, qi] >= 0)
        chosen = sample.answers[:, qi]
        for k, option in enumerate(terms):
            hit = asked & (chosen == k)
            for i, w in option.items():
                total[hit, index[found.pairs[i]]] += w
        for i, m in caps.items():
            cap[asked, index[found.pairs[i]]] += m
    measured = cap > 0
    prefs = np.where(measured, total / np.where(measured, cap, 1.0), 0.0)
    return Takers(sample.scores, sample.measured, prefs, measured, sample.outcome)


def pick_stats(
    c: Compiled, sample: TakerSample, picks: NDArray[np.int64] | None = None
) -> PickStats:
    """The pick statistics of a sample of takers
    (:func:`~popquiz.engine.analysis.takermodels.taker_sample`); ``picks``: their
    :func:`array_picks`, when the caller has them already."""
    bank = c.bank
    model, count = sample.model, len(sample.outcome)
    takers = takers_of_sample(c, sample)
    if picks is None:
        picks = array_picks(bank, c, takers)
    n = max(count, 1)
    counts = np.zeros(len(bank.acts))
    for k in range(picks.shape[1]):
        valid = picks[:, k] >= 0
        np.add.at(counts, picks[valid, k], 1)
    acts_top5 = {a.id: float(counts[i]) / n for i, a in enumerate(bank.acts)}
    pairs = list(bank.facet_values)
    member: NDArray[np.bool_] = np.array(
        [[v in a.values_of(f) for f, v in pairs] for a in bank.acts], dtype=bool
    ).reshape(len(bank.acts), len(pairs))
    valid = picks >= 0
    carried = member[np.where(valid, picks, 0)] & valid[:, :, None]  # takers × picks × pairs
    sizes = np.maximum(valid.sum(axis=1), 1)
    full = valid.sum(axis=1) >= TOP_N
    asked = takers.measured & (takers.prefs >= R.REQUESTED)
    names = [f"{f}:{v}" for f, v in pairs]
    preferred = {k: float(asked[:, i].mean()) if count else 0.0 for i, k in enumerate(names)}
    picked_share = carried.sum(axis=1) / sizes[:, None]
    picked = {k: float(picked_share[:, i].mean()) if count else 0.0 for i, k in enumerate(names)}
    everyone = carried.sum(axis=1) == valid.sum(axis=1)[:, None]
    # A taker who asked for a value may get five of it (the variety rule lets them): counted
    # here are the takers whose five picks all carry a value they did not ask for.
    all_five = {
        k: float((everyone[:, i] & full & ~asked[:, i]).mean()) if count else 0.0
        for i, k in enumerate(names)
    }
    overlaps = []
    for v in np.unique(takers.verdicts):
        group = np.flatnonzero(takers.verdicts == v)
        for a, b in zip(group[0::2], group[1::2], strict=False):
            x = {int(i) for i in picks[a] if i >= 0}
            y = {int(i) for i in picks[b] if i >= 0}
            if x | y:
                overlaps.append(len(x & y) / len(x | y))
    overlap = float(np.mean(overlaps)) if overlaps else 0.0
    return PickStats(model, count, acts_top5, preferred, picked, all_five, overlap)
