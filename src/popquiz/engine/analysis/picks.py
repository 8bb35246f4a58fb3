"""What many takers are told to play first: the ranking of :mod:`popquiz.engine.recommend`
on arrays, and the statistics ``analyze`` reports about it (numpy; imported by ``analyze``
alone).

:func:`array_picks` is the same rule as :func:`popquiz.engine.recommend.ranked_picks` for the
picks (bridges left out): the taker placed among the verdict's scene, weighted match, facet
fit, something shared first, maximal marginal relevance within the verdict's scene (with the
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
import sys
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


_TABLE = 1 << 21  # similarity-table entries built at once (16 MiB): bounds memory on big catalogues
_ROWS = 4096  # takers ranked together: their working arrays stay small enough to stay in cache


def _python_sum(terms: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    """Element by element, the float Python's own ``sum`` gives for these terms in this order:
    one addition after another before 3.12, Neumaier's compensated sum since. The pure rule
    totals weights and squares with ``sum``; the last bit of such a total can decide a tie."""
    total = terms[0] + 0.0  # sum() starts from the integer 0
    if sys.version_info < (3, 12):
        for x in terms[1:]:
            total = total + x
        return total
    comp = np.zeros_like(total)
    for x in terms[1:]:
        t = total + x
        comp += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return np.where((comp != 0) & np.isfinite(comp), total + comp, total)


def _words(bits: NDArray[np.bool_]) -> NDArray[np.uint32]:
    """Rows of booleans as rows of 32-bit words: whether two rows share a set bit is then an
    AND per word, not a product over every column."""
    packed = np.packbits(bits, axis=1, bitorder="little")
    out = np.zeros((len(bits), max(4, -(-packed.shape[1] // 4) * 4)), dtype=np.uint8)
    out[:, : packed.shape[1]] = packed
    return out.view(np.uint32)


def _common(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> NDArray[np.bool_]:
    """Rows of ``a`` × rows of ``b`` (:func:`_words`): whether they share a set bit."""
    out: NDArray[np.bool_] = (a[:, 0, None] & b[None, :, 0]) != 0
    for w in range(1, a.shape[1]):
        out |= (a[:, w, None] & b[None, :, w]) != 0
    return out


@dataclass(frozen=True)
class _Catalogue:
    """The acts as arrays, built once per call."""

    profiles: NDArray[np.float64]  # acts × axes
    member: NDArray[np.bool_]  # acts × facet values: the act has the value
    strong: NDArray[np.uint32]  # words of: has each facet value, leans high, leans low per axis
    middle: NDArray[np.uint32]  # words of: sits in the middle of each axis
    scene: NDArray[np.int64]  # each act's scene, numbered
    active: NDArray[np.bool_]
    # Per facet, the distinct sets of its values acts carry (value columns); the acts' distinct
    # combinations of those sets (signatures × facets) and each act's signature: a taker's
    # facet fit is the same for every act of one signature.
    value_sets: tuple[list[list[int]], ...]
    signatures: NDArray[np.int64]
    signature: NDArray[np.int64]


def _catalogue(bank: Bank, c: Compiled) -> _Catalogue:
    acts = bank.acts
    profiles = np.array(c.act_profiles, dtype=float).reshape(len(acts), len(bank.axes))
    pairs = list(bank.facet_values)
    member: NDArray[np.bool_] = np.array(
        [[v in a.values_of(f) for f, v in pairs] for a in acts], dtype=bool
    ).reshape(len(acts), len(pairs))
    scenes = {s: i for i, s in enumerate(dict.fromkeys(a.scene for a in acts))}
    value_sets, keys = [], []
    for facet in dict.fromkeys(f for f, _ in pairs):
        cols = [k for k, (f, _) in enumerate(pairs) if f == facet]
        found: dict[tuple[int, ...], int] = {}
        keys.append(
            [found.setdefault(tuple(k for k in cols if row[k]), len(found)) for row in member]
        )
        value_sets.append([list(key) for key in found])
    signatures: dict[tuple[int, ...], int] = {} if keys else {(): 0}
    each = zip(*keys, strict=True)
    signature = [signatures.setdefault(key, len(signatures)) for key in each] if keys else []
    return _Catalogue(
        profiles,
        member,
        _words(np.hstack([member, profiles >= LEAN, profiles <= -LEAN])),
        _words(np.abs(profiles) < LEAN),
        np.array([scenes[a.scene] for a in acts], dtype=np.int64),
        np.array([a.facts.active is not False for a in acts], dtype=bool),
        tuple(value_sets),
        np.array(list(signatures), dtype=np.int64).reshape(len(signatures), len(keys)),
        np.array(signature if keys else [0] * len(acts), dtype=np.int64),
    )


def _similarities(cat: _Catalogue, patterns: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(patterns · acts) × acts: row ``g·acts + j`` holds every act's similarity to act ``j``
    for takers of pattern ``g`` (their measured axes, then the asked-for values that make no
    two picks alike), by the operations of ``recommend._Ranker.similarity``."""
    profiles, member = cat.profiles, cat.member
    n_acts, n_axes = profiles.shape
    out = np.empty((len(patterns), n_acts, n_acts))
    closeness: dict[tuple[int, ...], NDArray[np.float64]] = {}
    for g, pattern in enumerate(patterns):
        axes = tuple(int(i) for i in np.flatnonzero(pattern[:n_axes]))
        close = closeness.get(axes)
        if close is None:
            # Row j, column i: (act i − act j)², as the pure rule's close[i][j] takes it.
            terms = [(profiles[None, :, i] - profiles[:, None, i]) ** 2 for i in axes]
            close = np.maximum(0.0, 1 - np.sqrt(_python_sum(terms) / len(axes)))
            closeness[axes] = close
        focus = pattern[n_axes:]
        kept = member[:, ~focus].astype(float)
        inter = kept @ kept.T  # counts of small integers: exact in floating point
        size = kept.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        overlap = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        # Acts sharing a value the taker asked for: their closeness does not count.
        asked = member[:, focus].astype(float)
        both = (asked @ asked.T) > 0
        out[g] = R.PROFILE_SHARE * np.where(both, 0.0, close) + (1 - R.PROFILE_SHARE) * overlap
    return out.reshape(len(patterns) * n_acts, n_acts)


def _patterns(bits: NDArray[np.bool_]) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """The distinct rows of ``bits`` and each row's among them (rows packed into integers:
    sorting rows of booleans is slow)."""
    packed = np.packbits(bits, axis=1)
    if packed.shape[1] > 8:
        found, which = np.unique(packed, axis=0, return_inverse=True)
        return np.unpackbits(found, axis=1, count=bits.shape[1]).astype(bool), which.reshape(-1)
    wide = np.zeros((len(bits), 8), dtype=np.uint8)
    wide[:, : packed.shape[1]] = packed
    keys = wide.view(np.uint64).reshape(-1)
    _, first, which = np.unique(keys, return_index=True, return_inverse=True)
    return bits[first], which.reshape(-1)


@dataclass(frozen=True)
class _Call:
    """What one call of :func:`array_picks` knows of every taker, rows as in ``takers``."""

    bank: Bank
    c: Compiled
    cat: _Catalogue
    # Per axis, the distinct scores on it; takers × axes, each taker's among them (past the
    # last where the axis is not measured): an act's terms are then tables of few rows.
    values: tuple[NDArray[np.float64], ...]
    index: NDArray[np.intp]
    weight_total: NDArray[np.float64]  # Σ (EPSILON + |score|) over the measured axes
    declared: NDArray[np.float64] | None  # takers × acts: the match under a declared distance
    lift: NDArray[np.float64]  # takers × signatures: BETA · facet fit
    strong: NDArray[np.uint32]  # words of: asked for each value, leans high, leans low
    middle: NDArray[np.uint32]  # words of: measured and in the middle of each axis


def array_picks(bank: Bank, c: Compiled, takers: Takers, n: int = TOP_N) -> NDArray[np.int64]:
    """Takers × ``n`` act indices: each taker's picks in order (−1 where there are fewer)."""
    t_count = len(takers.verdicts)
    n_acts = len(bank.acts)
    out = np.full((t_count, n), -1, dtype=np.int64)
    if n_acts == 0 or t_count == 0:
        return out
    cat = _catalogue(bank, c)
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
    # A last column of zeros stands for "no value": an act without the facet gets 0 + 0.
    pulls = np.hstack([np.maximum(prefs, 0.0), np.zeros((t_count, 1))])
    pushes = np.hstack([np.minimum(prefs, 0.0), np.zeros((t_count, 1))])
    fit = np.zeros((t_count, len(cat.signatures)))
    counted = np.zeros(t_count)
    for f, sets in enumerate(cat.value_sets):
        # Each set padded to the longest with its own first value (max and min unchanged).
        longest = max(len(cols) for cols in sets)
        pad = np.array(
            [cols + cols[:1] * (longest - len(cols)) if cols else [-1] * longest for cols in sets]
        )
        table = pulls[:, pad].max(axis=2) + pushes[:, pad].min(axis=2)
        fit += table[:, cat.signatures[:, f]]
        counted += takers.measured[:, sorted({k for cols in sets for k in cols})].any(axis=1)
    lift = R.BETA * (fit / np.maximum(counted, 1)[:, None])

    requested = takers.measured & (takers.prefs >= R.REQUESTED)
    # Similarity: one table per pattern of measured axes and asked-for values that make no two
    # picks alike (recommend.Taker.focus); most takers share a few patterns.
    focus = requested & (requested.sum(axis=1) <= R.FOCUSED)[:, None]
    patterns, which = _patterns(np.hstack([used, focus]))

    call = _Call(
        bank,
        c,
        cat,
        tuple(values),
        index,
        _python_sum([w[:, i] for i in range(w.shape[1])]),
        declared,
        lift,
        _words(np.hstack([requested, used & (s >= LEAN), used & (s <= -LEAN)])),
        _words(used & (np.abs(s) < LEAN)),
    )
    per_table = max(1, _TABLE // (n_acts * n_acts))
    for first in range(0, len(patterns), per_table):
        sims = _similarities(cat, patterns[first : first + per_table])
        inside = (which >= first) & (which < first + per_table)
        for v in np.unique(takers.verdicts[inside]).tolist():
            rows = np.flatnonzero(inside & (takers.verdicts == v))
            for start in range(0, len(rows), _ROWS):
                part = rows[start : start + _ROWS]
                out[part] = _rank(call, int(v), part, sims, (which[part] - first) * n_acts, n)
    return out


def _rank(
    call: _Call,
    v: int,
    rows: NDArray[np.int64],
    sims: NDArray[np.float64],
    base: NDArray[np.intp],
    n: int,
) -> NDArray[np.int64]:
    """The picks of takers ``rows``, all of verdict ``v``: their rows of :func:`array_picks`.
    ``sims``/``base``: the similarity table and each taker's first row in it."""
    bank, cat = call.bank, call.cat
    acts = bank.acts
    n_acts = len(acts)
    outcome = bank.outcomes[v]
    balanced = outcome.balanced
    # The verdict's scene (all acts when it has none of its own), a scene verdict's visitors
    # from the balanced scene (recommend.guests), and the pool they are ranked in.
    home = bank.scene_of(outcome)
    own_all = np.array([a.scene == home for a in acts], dtype=bool)
    own_all |= not own_all.any()
    visiting = np.array(R.guests(bank)) == v
    visiting &= ~own_all & (not balanced)
    pool_all = own_all | visiting | balanced
    # A balanced verdict's list, or one with visitors, keeps its first pick and OWN_MIN of them
    # in its own scene (while it has candidates) and takes at most PER_SCENE from each other.
    limited = balanced or bool(visiting.any())
    short = int(pool_all.sum()) < n
    # The acts ranked: the pool, or every act when the pool must be filled from the others.
    cols = np.arange(n_acts) if short else np.flatnonzero(pool_all)
    own, pool = own_all[cols], pool_all[cols]
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
    # Relevance: the match plus BETA · facet fit.
    rel += call.lift[rows][:, cat.signature[cols]]

    # Something shared (recommend.shares): a value asked for or a leaning, else a middle.
    strong = _common(call.strong[rows], cat.strong[cols])
    middle = _common(call.middle[rows], cat.middle[cols])

    # Maximal marginal relevance, one pick per step for every taker at once; while the pool
    # lasts every taker has a candidate, so all of them pick at every step.
    mmr = _Mmr(rel, strong, middle, R.LAMBDA * sims[:, cols], base, cols, n, pool)
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
            full = (scene_count >= R.PER_SCENE)[:, scene]
            shut = ~own & (need[:, None] | (mine[:, None] & full))
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
    acc: NDArray[np.float64] | None = None
    for i, s in enumerate(call.values):
        x = s
        if frame is not None:
            x = (1 - R.KAPPA) * s + R.KAPPA * (frame[0][i] + frame[1][i] * (s - o[i]))
        table = np.zeros((len(s) + 1, len(profiles)))
        table[:-1] = (R.EPSILON + np.abs(s))[:, None] * (x[:, None] - profiles[None, :, i]) ** 2
        term = np.take(table, index[:, i], axis=0)
        if acc is None:
            acc = term  # 0 + term, as the pure rule starts
        else:
            acc += term
    assert acc is not None
    acc /= total
    np.sqrt(acc, out=acc)
    np.subtract(1.0, acc, out=acc)
    return np.maximum(acc, 0.0, out=acc)


class _Mmr:
    """Maximal marginal relevance for many takers at once, over the same acts (columns):
    each step picks, for every taker, the allowed act with the largest
    ``rel − LAMBDA · (largest similarity to a pick so far)``, ties to the first.

    The candidates are kept as relevance with −inf where an act may not be picked (picked
    already, outside the acts allowed, or sharing nothing), so a step is one subtraction and
    one argmax; LAMBDA · max(sim) is kept as max(LAMBDA · sim), the same float."""

    def __init__(
        self,
        rel: NDArray[np.float64],
        strong: NDArray[np.bool_],
        middle: NDArray[np.bool_],
        sims: NDArray[np.float64],
        base: NDArray[np.intp],
        cols: NDArray[np.int64],
        n: int,
        columns: NDArray[np.bool_],
    ) -> None:
        # What each act shares with the taker: a leaning or an asked-for value; a middle.
        self.rel, self.strong, self.middle = rel, strong, middle
        # LAMBDA · similarity: a taker's row for act j is base + j (an act index, not a column)
        self.sims, self.base, self.cols = sims, base, cols
        self.chosen = np.zeros(rel.shape, dtype=bool)
        self.penalty = np.zeros(rel.shape)  # LAMBDA · each act's largest similarity to a pick
        self.picks = np.full((len(rel), n), -1, dtype=np.int64)  # columns, in order
        self.value = np.empty(rel.shape)
        self.line = np.arange(len(rel))
        self.allow(columns)

    def allow(self, columns: NDArray[np.bool_]) -> None:
        """The candidates from now on: ``columns`` not chosen yet."""
        left = columns & ~self.chosen
        self.any = np.where(left, self.rel, -np.inf)  # rel of the candidates, −inf elsewhere
        sharing = left & (self.strong | self.middle)
        self.some = np.where(sharing, self.rel, -np.inf)  # those sharing something

    def step(
        self, k: int, shut: NDArray[np.bool_] | None, first: bool, last: bool
    ) -> NDArray[np.int64]:
        """Pick ``k`` of every taker from the candidates, but those ``shut`` (each taker has
        one); ``last``: no pick follows."""
        value = self.value
        if first:
            # The first pick shares the most: a leaning or an asked-for value before a middle,
            # and a middle before nothing.
            np.copyto(value, -np.inf)
            np.copyto(value, self.any, where=self.strong)
            fallbacks = [self.middle, None]
        else:
            # Later picks share something while any candidate does.
            np.subtract(self.some, self.penalty, out=value)
            fallbacks = [None]
        if shut is not None:
            np.copyto(value, -np.inf, where=shut)
        best: NDArray[np.int64] = value.argmax(axis=1)
        for among in fallbacks:
            stuck = np.flatnonzero(value[self.line, best] == -np.inf)
            if not stuck.size:
                break
            again = self.any[stuck] - self.penalty[stuck]
            if among is not None:
                again[~among[stuck]] = -np.inf
            if shut is not None:
                again[shut[stuck]] = -np.inf
            value[stuck] = again
            best[stuck] = again.argmax(axis=1)
        self.chosen[self.line, best] = True
        self.any[self.line, best] = -np.inf
        self.some[self.line, best] = -np.inf
        self.picks[:, k] = best
        if not last:
            self.see(best)
        return best

    def see(self, best: NDArray[np.int64]) -> None:
        """Each act's largest similarity to a pick so far, after picks ``best`` (columns)."""
        sim = np.take(self.sims, self.base + self.cols[best], axis=0)
        np.maximum(self.penalty, sim, out=self.penalty)

    def active_first(self, own: NDArray[np.bool_], active: NDArray[np.bool_], count: int) -> None:
        """Put before an inactive first pick the most relevant active act of ``own`` within
        ACTIVE_WITHIN of it that shares as much; the picks keep their number (``count``)."""
        if count == 0:
            return
        head = self.picks[:, 0]
        late = np.flatnonzero(~active[head])
        if not late.size:
            return
        rel = self.rel[late]
        # min(shares(), LEANS)
        level = np.where(self.strong[late], R.LEANS, np.where(self.middle[late], R.MIDDLE, -1))
        at = np.arange(len(late))
        h = head[late]
        near = (
            own
            & active
            & (rel >= (rel[at, h] - R.ACTIVE_WITHIN)[:, None])
            & (level >= level[at, h][:, None])
        )
        swap = near.any(axis=1)
        late = late[swap]
        lead = np.where(near[swap], rel[swap], -np.inf).argmax(axis=1)
        picks = self.picks[late, :count]
        # The picks without the lead, in order (a stable sort moves it last), after it.
        rest = np.take_along_axis(
            picks, np.argsort(picks == lead[:, None], axis=1, kind="stable"), axis=1
        )
        new = np.hstack([lead[:, None], rest[:, : count - 1]])
        self.picks[late, :count] = new
        self.chosen[late] = False
        self.chosen[late[:, None], new] = True


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
