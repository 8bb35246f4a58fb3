"""The scoring rule of :mod:`popquiz.engine.compiled` on many answer sets at once, with numpy.

``analyze`` scores hundreds of thousands of answer sets; one Python call per taker made it take
seconds. Here an answer set is a row of an ``(answer sets × questions)`` array of option indices
(``-1``: not answered) and every step runs over whole columns. The arithmetic is the compiled
bank's, operation for operation and in the same order (sums added in question order, squares
taken with ``pow`` as Python's ``**`` does, the same comparisons), so a row's outcome here is
exactly the one :meth:`~popquiz.engine.compiled.Compiled.outcome` gives it; the tests compare
the two on every answer set they draw.

:func:`floats` turns a seeded :class:`random.Random` into the very numbers its ``random()``
would have returned, many at a time, so sampled figures are the same draws as before.

Only ``analyze`` imports this module (numpy costs ~60 ms to import; ``take``, ``validate`` and
``--help`` never pay it).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from popquiz.engine.compiled import EPS

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled, Metric

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_MANTISSA = 1.0 / 9007199254740992.0  # 2**-53, as random.random() scales its 53 bits


def floats(rng: random.Random, n: int) -> Floats:
    """The next ``n`` values of ``rng.random()``, drawn at once (the generator advances as if
    ``random()`` had been called ``n`` times).

    CPython's ``random()`` takes two 32-bit outputs of the Mersenne Twister, ``a`` (top 27
    bits) and ``b`` (top 26), as ``(a·2**26 + b) / 2**53``; ``getrandbits(64·n)`` hands over
    the same outputs in order, least significant word first. They are converted
    :data:`_CHUNK` at a time, so the temporaries stay small whatever ``n`` is.
    """
    if n <= 64:  # a few: calling random() is cheaper than converting the bits
        r = rng.random
        return np.array([r() for _ in range(n)], dtype=np.float64)
    out = np.empty(n, dtype=np.float64)
    for start in range(0, n, _CHUNK):
        size = min(_CHUNK, n - start)
        words = np.frombuffer(rng.getrandbits(64 * size).to_bytes(8 * size, "little"), "<u4")
        high = (words[0::2] >> 5).astype(np.float64)
        low = (words[1::2] >> 6).astype(np.float64)
        out[start : start + size] = (high * 67108864.0 + low) * _MANTISSA
    return out


_CHUNK = 1 << 16  # random numbers converted at a time (1 MiB of temporaries)


def uniform_answers(c: Compiled, rng: random.Random, n: int) -> Ints:
    """``n`` uniformly random answer sets, row by row the ones ``c.random_assignment(rng)``
    would draw in turn."""
    sizes = np.array([len(v) for v in c.values], dtype=np.float64)
    out = np.empty((n, c.nq), dtype=np.int64)
    rows = max(1, _CHUNK // max(c.nq, 1))
    for start in range(0, n, rows):
        size = min(rows, n - start)
        u = floats(rng, size * c.nq).reshape(size, c.nq)
        out[start : start + size] = (u * sizes).astype(np.int64)
    return out


def columns_answers(c: Compiled, rng: random.Random, n: int) -> Ints:
    """``n`` uniformly random answer sets drawn question by question (all of the first
    question's answers, then the second's), as sampled shares draw each batch."""
    out = np.empty((n, c.nq), dtype=np.int64)
    step = max(1, _CHUNK // max(n, 1))
    for first in range(0, c.nq, step):
        last = min(c.nq, first + step)
        sizes = np.array([len(v) for v in c.values[first:last]], dtype=np.float64)
        u = floats(rng, n * (last - first)).reshape(last - first, n)
        out[:, first:last] = (u * sizes[:, None]).astype(np.int64).T
    return out


class Sums(NamedTuple):
    """Per answer set: raw sums and achievable ranges per axis, and which questions counted."""

    raw: Floats  # answer sets × axes
    lo: Floats
    hi: Floats
    asked: Bools  # answer sets × questions: asked (conditions hold) and answered


def sums(c: Compiled, assign: Ints) -> Sums:
    """:meth:`Compiled.sums` for every row of ``assign``."""
    n, axes = assign.shape[0], len(c.axes)
    raw = np.zeros((axes, n))
    complete = not c.conditional and bool((assign >= 0).all())
    if complete:
        for qi, options in enumerate(c.terms):
            col = assign[:, qi]
            for slot, (i, _) in enumerate(options[0]):
                raw[i] += _table(options, slot)[col]
        every = np.ones((n, c.nq), dtype=bool)
        lo = np.broadcast_to(np.array(c.lo_all), (n, axes))
        hi = np.broadcast_to(np.array(c.hi_all), (n, axes))
        return Sums(raw.T, lo, hi, every)
    low, high = np.zeros((axes, n)), np.zeros((axes, n))
    asked = np.zeros((c.nq, n), dtype=bool)
    for qi, options in enumerate(c.terms):
        col = assign[:, qi]
        mask = col >= 0
        for j, allowed in c.conds[qi]:
            mask &= asked[j] & np.isin(assign[:, j], list(allowed))
        asked[qi] = mask
        safe = np.where(mask, col, 0)
        for slot, (i, _) in enumerate(options[0]):
            raw[i] = np.where(mask, raw[i] + _table(options, slot)[safe], raw[i])
        for i, lo_q, hi_q in c.ranges[qi]:
            low[i] = np.where(mask, low[i] + lo_q, low[i])
            high[i] = np.where(mask, high[i] + hi_q, high[i])
    return Sums(raw.T, low.T, high.T, asked.T)


def _table(options: list[tuple[tuple[int, float], ...]], slot: int) -> Floats:
    return np.array([opt[slot][1] for opt in options], dtype=np.float64)


def scores(raw: Floats, lo: Floats, hi: Floats) -> tuple[Floats, Bools]:
    """:meth:`Compiled.scores` row by row: axis scores (0 where unmeasured) and the measured
    mask."""
    span = hi - lo
    measured = span > EPS
    safe = np.where(measured, span, 1.0)
    # min/max as position() clips (np.clip is the same, at several times the call cost)
    v = np.minimum(np.maximum((2 * raw - hi - lo) / safe, -1.0), 1.0)
    return np.where(measured, v, 0.0), measured


def mean_squares(scores: Floats, measured: Bools, profiles: Floats) -> Floats:
    """:meth:`Metric.mean` for straight-line distance, per row: answer sets × profiles, each
    squared difference added in axis order, only on measured axes (0 where none is)."""
    n = scores.shape[0]
    total = np.zeros((n, profiles.shape[0]))
    for i in range(scores.shape[1]):
        sq = _power(scores[:, i], profiles[:, i], 2.0)
        total = np.where(measured[:, i, None], total + sq, total)
    count = measured.sum(axis=1)
    out: Floats = np.where(count[:, None] > 0, total / np.maximum(count, 1)[:, None], 0.0)
    return out


def _power(scores: Floats, positions: Floats, p: float) -> Floats:
    """``|s − x|^p`` for every score (rows) and position (columns), as Python's ``**`` gives
    it: ``np.float_power`` calls the same C ``pow`` (``np.power`` may round otherwise)."""
    d = scores[:, None] - positions[None, :]
    out: Floats = np.float_power(d if p == 2.0 else np.abs(d), p)
    return out


def means(metric: Metric, scores: Floats, measured: Bools, profiles: Floats) -> Floats:
    """:meth:`Metric.mean` per row (answer sets × profiles), under any declared distance:
    ``wᵢ·|dᵢ|^pᵢ`` added in axis order over the measured axes, over their weights' sum."""
    if metric.plain:
        return mean_squares(scores, measured, profiles)
    n = scores.shape[0]
    acc = np.zeros((n, profiles.shape[0]))
    total = np.zeros(n)
    for i, (w, p) in enumerate(zip(metric.weights, metric.powers, strict=True)):
        on = measured[:, i]
        total = np.where(on, total + w, total)
        if not w:
            continue
        term = w * _power(scores[:, i], profiles[:, i], p)
        acc = np.where(on[:, None], acc + term, acc)
    ok = total > 0
    out: Floats = np.where(ok[:, None], acc / np.where(ok, total, 1.0)[:, None], 0.0)
    return out


def ceilings(metric: Metric, measured: Bools) -> Floats:
    """:meth:`Metric.ceiling` per row of measured axes."""
    if metric.plain:
        return np.full(measured.shape[0], 4.0)
    shapes, which = np.unique(measured, axis=0, return_inverse=True)
    found = np.array([metric.ceiling(row) for row in shapes.tolist()], dtype=np.float64)
    out: Floats = found[which.reshape(-1)]
    return out


def fits(c: Compiled, scores: Floats, measured: Bools) -> Floats:
    """Every outcome's fit per answer set (answer sets × outcomes), as :meth:`Compiled.fits`
    gives it: ``1 − D/Dmax`` under the bank's distance (``1 − (D/n)/4`` for straight-line)."""
    profiles = np.array(c.outcome_profiles, dtype=np.float64).reshape(len(c.outcome_ids), -1)
    d = means(c.metric, scores, measured, profiles)
    if c.metric.plain:
        plain: Floats = 1 - d / 4
        return plain
    out: Floats = 1 - d / ceilings(c.metric, measured)[:, None]
    return out


def eligible(c: Compiled, measured: Bools) -> Bools:
    """:meth:`Compiled.eligible` per answer set (answer sets × outcomes; all True where every
    outcome may win)."""
    ok = np.ones((measured.shape[0], len(c.outcome_ids)), dtype=bool)
    for oi, sided in c.sided:
        if sided:
            ok[:, oi] = measured[:, sided].any(axis=1)
    return ok


class Decision(NamedTuple):
    winner: Ints  # outcome index per answer set
    lead: Floats  # :meth:`Compiled.lead` per answer set


def decide(c: Compiled, fit: Floats, measured: Bools) -> Decision:
    """:meth:`Compiled.pick` and :meth:`Compiled.lead` per answer set."""
    n = fit.shape[0]
    contenders = np.array(c.contenders, dtype=np.int64)
    if contenders.size == 0:  # only a balanced outcome: it always wins
        return Decision(np.full(n, c.balanced or 0, dtype=np.int64), np.zeros(n))
    rows = np.arange(n)
    f = fit[:, contenders]
    ok = eligible(c, measured)[:, contenders]
    has = ok.any(axis=1)
    best = np.argmax(np.where(ok, f, -np.inf), axis=1)  # the first best, as the scan keeps it
    top = f[rows, best]
    others = f.copy()
    others[rows, best] = -np.inf
    second = others.max(axis=1)
    lead = np.where(has, np.where(second == -np.inf, 1.0, np.maximum(0.0, top - second)), 0.0)
    b = c.balanced
    if b is None:
        best = np.where(has, best, np.argmax(f, axis=1))
        return Decision(contenders[best], lead)
    winner = contenders[best]
    fall_back = ~has
    if len(c.contenders) > 1:
        fall_back |= lead < c.margin
    out: Ints = np.where(fall_back, b, winner)
    return Decision(out, lead)


class TakerSample(NamedTuple):
    """``n`` seeded takers of one model, one row each: what they answered and what scoring
    made of it. The arrays are numpy arrays; the values are those
    :func:`~popquiz.engine.scoring.score_assignment` gives each taker, exactly."""

    model: str  # "uniform" or "consistent"
    answers: Ints  # takers × questions: the option index of each answer (-1: not asked)
    asked: Bools  # takers × questions: asked (its conditions hold) and answered
    scores: Floats  # takers × axes: axis scores, -1 … 1 (0 where unmeasured)
    measured: Bools  # takers × axes: whether an answered question moves the axis
    fits: Floats  # takers × outcomes: each outcome's fit, declaration order
    outcome: Ints  # the verdict's outcome index per taker
    span: Floats  # takers × axes: the achievable range each answer's share is taken of


def outcomes(c: Compiled, assign: Ints) -> Ints:
    """The winning outcome's index for every row of ``assign``."""
    s = sums(c, assign)
    sc, measured = scores(s.raw, s.lo, s.hi)
    return decide(c, fits(c, sc, measured), measured).winner
