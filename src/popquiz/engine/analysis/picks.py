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

It is laid out for speed, since ``analyze`` ranks tens of thousands of takers: one verdict's
takers at a time, a thousand or so together (their arrays stay in cache), over only the acts
that verdict may be given. What depends on few values is worked out once per value and then
gathered: an axis's match term per distinct score on it, the facet fit per combination of
value sets an act carries, the similarities per pattern of measured axes and asked-for values
(built once, then a table row per pick). Sharing is an AND of packed bits, and the candidates
are relevance with −inf where an act may not be picked, so an MMR step is a subtraction and
an argmax. The floats that decide a pick are the pure rule's, by the same operations in the
same order (sums term after term, as Python's ``sum`` adds), so even ties break alike: a
faster form that is nearly equal would still change picks.

:func:`pick_stats` runs it over seeded takers of one model and reports each act's top-5
share, each facet value's preferred and picked rates, the share of takers whose five picks
all carry one facet value, and the mean top-5 overlap (Jaccard) of two takers with the same
verdict (consecutive takers of each verdict, in the order they were drawn, paired).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

import popquiz.engine.analysis.pickarrays as A
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


_TABLE = 1 << 21  # similarity-table entries built at once (16 MiB): bounds memory on big catalogues
_CELLS = 1 << 17  # taker × act cells ranked together: arrays of 1 MiB, which stay in cache


@dataclass(frozen=True)
class _Call:
    """What one call of :func:`array_picks` knows of every taker, rows as in ``takers``."""

    bank: Bank
    c: Compiled
    cat: A.Catalogue
    # Per axis, the distinct scores on it; takers × axes, each taker's among them (past the
    # last where the axis is not measured): an act's terms are then tables of few rows.
    values: tuple[NDArray[np.float64], ...]
    index: NDArray[np.intp]
    weight_total: NDArray[np.float64]  # Σ (EPSILON + |score|) over the measured axes
    declared: NDArray[np.float64] | None  # takers × acts: the match under a declared distance
    lift: NDArray[np.float64]  # takers × signatures: BETA · facet fit
    strong: NDArray[np.uint32]  # words of: asked for each value, leans high, leans low
    refused: NDArray[np.uint32]  # words of: refused each value (preference ≤ −REQUESTED)
    middle: NDArray[np.uint32]  # words of: measured and in the middle of each axis


def array_picks(bank: Bank, c: Compiled, takers: Takers, n: int = TOP_N) -> NDArray[np.int64]:
    """Takers × ``n`` act indices: each taker's picks in order (−1 where there are fewer)."""
    t_count = len(takers.verdicts)
    n_acts = len(bank.acts)
    out = np.full((t_count, n), -1, dtype=np.int64)
    if n_acts == 0 or t_count == 0:
        return out
    cat = A.catalogue(bank, c)
    used = takers.used.copy()
    used[~used.any(axis=1)] = True
    s = takers.scores

    # Weighted match: each axis's weight, and their total added as the pure rule adds it.
    w = np.where(used, R.EPSILON + np.abs(s), 0.0)
    values = []
    index = np.empty(s.shape, dtype=np.intp)
    for i in range(s.shape[1]):
        found, index[:, i] = np.unique(s[:, i], return_inverse=True)
        index[~used[:, i], i] = len(found)
        values.append(found)
    declared = None
    if not c.metric.plain:
        # A declared distance: the one rule, taker by taker (banks that declare one are small).
        each = zip(s.tolist(), used.tolist(), takers.verdicts.tolist(), strict=True)
        declared = np.array(
            [R.matches(bank, R.Taker(tuple(row), tuple(u), {}), int(k)) for row, u, k in each],
            dtype=float,
        ).reshape(t_count, n_acts)

    # Facet fit: per facet, the pull toward plus the push away from each set of its values an
    # act may carry (max(0, max p) + min(0, min p)); an act's fit sums its sets' in facet order
    # over the facets the taker has a preference on.
    prefs = np.where(takers.measured, takers.prefs, 0.0)
    pulls, pushes = np.maximum(prefs, 0.0), np.minimum(prefs, 0.0)
    fit = np.zeros((t_count, len(cat.signatures)))
    counted = np.zeros(t_count)
    for f, sets in enumerate(cat.value_sets):
        table = np.zeros((t_count, len(sets)))  # an act without the facet: 0
        for size in {len(cols) for cols in sets} - {0}:
            # The sets of this many values together, value by value.
            alike = [j for j, cols in enumerate(sets) if len(cols) == size]
            value = np.array([sets[j] for j in alike])
            pull, push = pulls[:, value[:, 0]], pushes[:, value[:, 0]]
            for k in range(1, size):
                np.maximum(pull, pulls[:, value[:, k]], out=pull)
                np.minimum(push, pushes[:, value[:, k]], out=push)
            table[:, alike] = pull + push
        fit += table[:, cat.signatures[:, f]]
        counted += takers.measured[:, sorted({k for cols in sets for k in cols})].any(axis=1)
    lift = R.BETA * (fit / np.maximum(counted, 1)[:, None])

    requested = takers.measured & (takers.prefs >= R.REQUESTED)
    # Similarity: one table per pattern of measured axes and asked-for values that make no two
    # picks alike (recommend.Taker.focus); most takers share a few patterns.
    focus = requested & (requested.sum(axis=1) <= R.FOCUSED)[:, None]
    patterns, which = A.distinct_rows(np.hstack([used, focus]))

    call = _Call(
        bank,
        c,
        cat,
        tuple(values),
        index,
        A.python_sum([w[:, i] for i in range(w.shape[1])]),
        declared,
        lift,
        A.bit_words(np.hstack([requested, used & (s >= LEAN), used & (s <= -LEAN)])),
        A.bit_words(takers.measured & (takers.prefs <= -R.REQUESTED)),
        A.bit_words(used & (np.abs(s) < LEAN)),
    )
    per_table = max(1, _TABLE // (n_acts * n_acts))
    for first in range(0, len(patterns), per_table):
        sims = A.similarities(cat, patterns[first : first + per_table])
        inside = (which >= first) & (which < first + per_table)
        for v in np.unique(takers.verdicts[inside]).tolist():
            lists = _lists(bank, int(v), n)
            lam = R.LAMBDA * sims[:, lists.cols]
            rows = np.flatnonzero(inside & (takers.verdicts == v))
            step = max(1, _CELLS // len(lists.cols))
            for start in range(0, len(rows), step):
                part = rows[start : start + step]
                base = (which[part] - first) * n_acts
                out[part] = _rank(call, int(v), lists, part, lam, base, n)
    return out


class _Lists(NamedTuple):
    """Where one verdict's picks come from."""

    cols: NDArray[np.int64]  # the acts ranked: the pool, or every act when it must be filled
    own: NDArray[np.bool_]  # per column: of the verdict's scene (every act when it has none)
    pool: NDArray[np.bool_]  # per column: a candidate before any filling
    limited: bool  # the list keeps to its scene first, taking PER_SCENE from each other
    short: bool  # the pool has fewer than n acts: filled from the others
    scale: NDArray[np.float64]  # per column: 1 − GAMMA · hubness, what its match is scaled by


def _lists(bank: Bank, v: int, n: int) -> _Lists:
    acts = bank.acts
    outcome = bank.outcomes[v]
    balanced = outcome.balanced
    # The verdict's scene (all acts when it has none of its own), a scene verdict's visitors
    # from the balanced scene (recommend.guests), and the pool they are ranked in.
    home = bank.scene_of(outcome)
    own = np.array([a.scene == home for a in acts], dtype=bool)
    # The scene's hubness scales its own acts' matches; a scene with no acts ranks every act,
    # each scaled within its own scene (recommend._Ranker).
    frame = R.act_frames(bank)[int(np.argmax(own))] if own.any() else None
    scale = 1 - R.GAMMA * np.array(R.hubness(bank, frame), dtype=float)
    own |= not own.any()
    visiting = np.array(R.guests(bank)) == v
    visiting &= ~own & (not balanced)
    pool = own | visiting | balanced
    # A balanced verdict's list, or one with visitors, keeps its first pick and OWN_MIN of them
    # in its own scene (while it has candidates) and takes at most PER_SCENE from each other.
    limited = balanced or bool(visiting.any())
    short = int(pool.sum()) < n
    cols = np.arange(len(acts)) if short else np.flatnonzero(pool)
    return _Lists(cols, own[cols], pool[cols], limited, short, scale[cols])


def _rank(
    call: _Call,
    v: int,
    lists: _Lists,
    rows: NDArray[np.int64],
    sims: NDArray[np.float64],
    base: NDArray[np.intp],
    n: int,
) -> NDArray[np.int64]:
    """The picks of takers ``rows``, all of verdict ``v``: their rows of :func:`array_picks`.
    ``sims``/``base``: LAMBDA · the similarity table's columns of ``lists.cols``, and each
    taker's first row in it."""
    bank, cat = call.bank, call.cat
    n_acts = len(bank.acts)
    balanced = bank.outcomes[v].balanced
    cols, own, pool, limited, short, scale = lists
    t_count, width = len(rows), len(cols)

    # Placement and match: each act matched from the taker's place among its frame's scene
    # (recommend.placed): the verdict's, or for a balanced verdict the act's own scene's.
    if call.declared is not None:
        rel = call.declared[rows][:, cols]
    else:
        index, total = call.index[rows], call.weight_total[rows][:, None]
        homes = R.act_frames(bank)
        frame = np.array(
            [h if balanced and h is not None and h != v else v for h in (homes[i] for i in cols)]
        )
        rel = np.empty((t_count, width))
        for k in dict.fromkeys(frame.tolist()):
            at = np.flatnonzero(frame == k)
            part = _match(call, k, cat.profiles[cols[at]], index, total)
            if len(at) == width:
                rel = part
            elif at[-1] - at[0] == len(at) - 1:  # the acts of a scene are usually listed together
                rel[:, at[0] : at[-1] + 1] = part
            else:
                rel[:, at] = part
    # Relevance: the match, an own-scene act's scaled by its hubness, plus BETA · facet fit.
    rel = rel * scale
    rel += call.lift[rows][:, cat.signature[cols]]

    # Something shared (recommend.shares): a value asked for or a leaning, else a middle.
    strong = A.share_bits(call.strong[rows], cat.strong[cols])
    middle = A.share_bits(call.middle[rows], cat.middle[cols])
    clean = ~A.share_bits(call.refused[rows], cat.values[cols])  # carries no refused value

    # Maximal marginal relevance, one pick per step for every taker at once; while the pool
    # lasts every taker has a candidate, so all of them pick at every step.
    mmr = A.Mmr(rel, strong, middle, clean, sims, base, cols, n, pool)
    count = min(n, int(pool.sum()))
    scene = cat.scene[cols]
    own_total = int(own.sum())
    own_count = np.zeros(t_count, dtype=np.int64)
    scene_count = np.zeros((t_count, int(cat.scene.max()) + 1), dtype=np.int64)
    for k in range(count):
        shut = None
        if limited:
            mine = own_count < own_total
            need = ((k == 0) | (R.OWN_MIN - own_count >= n - k)) & mine
            full = scene_count >= R.PER_SCENE
            if need.all():  # every list keeps to its own scene this step (always the first)
                shut = ~own[None, :]
            elif need.any() or (mine & full.any(axis=1)).any():
                shut = ~own & (need[:, None] | (mine[:, None] & full[:, scene]))
        best = mmr.step(k, shut, first=k == 0, last=k == count - 1 and not short)
        if limited:
            own_count += own[best]
            scene_count[mmr.line, scene[best]] += 1

    # Active first: an inactive first pick gives way to the most relevant active act of the
    # scene within ACTIVE_WITHIN of it that shares as much.
    mmr.active_first(own, cat.active[cols], count)

    # Fill from the other scenes when the verdict's scene has too few acts; the worst
    # similarity must then be that to the (final) picks.
    if short:
        mmr.penalty[:] = 0.0
        for k in range(count):
            mmr.see(mmr.picks[:, k])
        mmr.allow(~pool)
        end = min(n, n_acts)
        for k in range(count, end):
            mmr.step(k, None, first=False, last=k == end - 1)
    return np.where(mmr.picks >= 0, cols[mmr.picks], -1)


def _match(
    call: _Call,
    k: int,
    profiles: NDArray[np.float64],
    index: NDArray[np.intp],
    total: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Takers × acts: ``max(0, 1 − √(Σ wᵢ (xᵢ − pᵢ)² / Σ wᵢ))``, ``x`` the scores placed among
    outcome ``k``'s scene (recommend.placed). Each term is that of the taker's score in a table
    of the axis's distinct scores (the same operations on the same numbers), and the terms
    are added axis after axis as the pure rule adds them (not a pairwise sum)."""
    frame = R.scene_frames(call.bank)[k]
    o = call.c.outcome_profiles[k]
    acc = np.empty((len(index), len(profiles)))
    term = np.empty_like(acc)
    for i, s in enumerate(call.values):
        x = s
        if frame is not None:
            x = (1 - R.KAPPA) * s + R.KAPPA * (frame[0][i] + frame[1][i] * (s - o[i]))
        table = np.zeros((len(s) + 1, len(profiles)))
        table[:-1] = (R.EPSILON + np.abs(s))[:, None] * (x[:, None] - profiles[None, :, i]) ** 2
        # The first term is the sum so far (0 + term, as the pure rule starts).
        # Indices are in range by construction: "clip" skips a bounds-checked copy.
        np.take(table, index[:, i], axis=0, out=acc if i == 0 else term, mode="clip")
        if i:
            acc += term
    acc /= total
    np.sqrt(acc, out=acc)
    np.subtract(1.0, acc, out=acc)
    return np.maximum(acc, 0.0, out=acc)


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
        # Per option (and a last row for "not answered"): its terms and its caps, added to
        # each taker's sums in question order as the pure rule adds them.
        cols = [index[found.pairs[i]] for i in caps]
        where = {i: k for k, i in enumerate(caps)}
        gives = np.zeros((len(terms) + 1, len(cols)))
        for k, option in enumerate(terms):
            for i, w in option.items():
                gives[k, where[i]] = w
        caps_of = np.zeros((2, len(cols)))
        caps_of[0] = list(caps.values())
        asked = sample.asked[:, qi] & (sample.answers[:, qi] >= 0)
        total[:, cols] += gives[np.where(asked, sample.answers[:, qi], len(terms))]
        cap[:, cols] += caps_of[(~asked).astype(np.intp)]
    measured = cap > 0
    prefs = np.where(measured, total / np.where(measured, cap, 1.0), 0.0)
    return Takers(sample.scores, sample.measured, prefs, measured, sample.outcome)


def pick_stats(
    c: Compiled,
    sample: TakerSample,
    picks: NDArray[np.int64] | None = None,
    takers: Takers | None = None,
) -> PickStats:
    """The pick statistics of a sample of takers
    (:func:`~popquiz.engine.analysis.takermodels.taker_sample`); ``picks`` and ``takers``:
    their :func:`array_picks` and :func:`takers_of_sample`, when the caller has them already."""
    bank = c.bank
    model, count = sample.model, len(sample.outcome)
    if takers is None:
        takers = takers_of_sample(c, sample)
    if picks is None:
        picks = array_picks(bank, c, takers)
    n = max(count, 1)
    valid = picks >= 0
    counts = np.bincount(picks[valid], minlength=len(bank.acts))
    acts_top5 = {a.id: float(counts[i]) / n for i, a in enumerate(bank.acts)}
    pairs = list(bank.facet_values)
    member: NDArray[np.bool_] = np.array(
        [[v in a.values_of(f) for f, v in pairs] for a in bank.acts], dtype=bool
    ).reshape(len(bank.acts), len(pairs))
    carried = (member[np.where(valid, picks, 0)] & valid[:, :, None]).sum(axis=1)  # per pair
    sizes = valid.sum(axis=1)
    asked = takers.measured & (takers.prefs >= R.REQUESTED)
    names = [f"{f}:{v}" for f, v in pairs]

    def means(x: NDArray[Any]) -> dict[str, float]:
        # Column by column (each a contiguous row here), as a column's own mean() adds it.
        found = np.ascontiguousarray(x.T).mean(axis=1) if count else np.zeros(len(names))
        return dict(zip(names, found.tolist(), strict=True))

    preferred = means(asked)
    picked = means(carried / np.maximum(sizes, 1)[:, None])
    # A taker who asked for a value may get five of it (the variety rule lets them): counted
    # here are the takers whose five picks all carry a value they did not ask for.
    all_five = means((carried == sizes[:, None]) & (sizes >= TOP_N)[:, None] & ~asked)
    # Two takers' overlap: the Jaccard index of their picks, as sets of acts (rows of booleans).
    held = np.zeros((count, len(bank.acts) + 1), dtype=bool)
    held[np.arange(count)[:, None], np.where(valid, picks, len(bank.acts))] = True
    held = held[:, :-1]
    overlaps = []
    for v in np.unique(takers.verdicts):
        group = np.flatnonzero(takers.verdicts == v)
        a, b = group[0 : len(group) - 1 : 2], group[1::2]
        union = (held[a] | held[b]).sum(axis=1)
        both = (held[a] & held[b]).sum(axis=1)
        overlaps.append(both[union > 0] / union[union > 0])
    found = np.concatenate(overlaps) if overlaps else np.zeros(0)
    overlap = float(np.mean(found)) if found.size else 0.0
    return PickStats(model, count, acts_top5, preferred, picked, all_five, overlap)
