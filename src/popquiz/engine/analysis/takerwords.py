"""What many simulated takers are told, from their score arrays: their "why" entries
(:func:`popquiz.engine.explain.why_entries`), as that function tells one taker (their picks:
:mod:`popquiz.engine.analysis.picks`).

Everything runs on whole arrays: the arithmetic (each answer's share of its axis, the signs
toward the verdict) and the choices too (the answer that speaks for each axis, the order of the
axes, the two sides of a balanced verdict), each a lexicographic minimum or sort over the same
keys ``why_entries`` sorts by. Where a key is a number rounded to 9 decimals it is rounded by
Python's own ``round`` (once per distinct value), so ties fall exactly as they do for one taker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from popquiz.engine.compiled import EPS
from popquiz.engine.explain import PULL_STEP, WHY_MAX

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Bools, Floats, Ints, TakerSample
    from popquiz.engine.compiled import Compiled

_TIE = 2e-9  # pulls closer than this may round to the same 9 decimals: compare them exactly


class Why(NamedTuple):
    """What each taker's ``why_entries`` show: the question of the first entry (−1: none) and
    the axes the entries are on (takers × axes)."""

    first: Ints
    axes: Bools


def _sign(x: Floats) -> Ints:
    out: Ints = np.where(x > EPS, 1, np.where(x < -EPS, -1, 0))
    return out


def _rounded(x: Floats, where: Bools) -> Floats:
    """``round(v, 9)`` as Python rounds it, for the entries of ``x`` where ``where`` holds
    (0 elsewhere): numpy's rounding may differ in the last bit, and these values are compared
    for ties."""
    out = np.zeros(x.shape)
    values, inverse = np.unique(x[where], return_inverse=True)
    out[where] = np.array([round(v, 9) for v in values.tolist()], dtype=np.float64)[inverse]
    return out


def _ranks(names: list[str]) -> Ints:
    """Each name's place in sorted order (ids are compared as strings)."""
    out = np.empty(len(names), dtype=np.int64)
    out[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    return out


def why_shown(c: Compiled, sample: TakerSample) -> Why:
    """Each taker's ``why_entries``: the first entry's question and the axes shown."""
    n, n_axes = sample.answers.shape[0], len(c.axes)
    rows = np.arange(n)
    # One cell per (question, axis it moves), in question order.
    cell_q: list[int] = []
    cell_axis: list[int] = []
    deltas = []
    extremes: list[list[float]] = []
    for qi, options in enumerate(c.terms):
        for slot, (i, low, high) in enumerate(c.ranges[qi]):
            table = np.array([opt[slot][1] for opt in options], dtype=np.float64)
            picked = np.where(sample.asked[:, qi], sample.answers[:, qi], 0)
            span = sample.span[:, i]
            with np.errstate(divide="ignore", invalid="ignore"):
                deltas.append((2 * table[picked] - high - low) / span)
            cell_q.append(qi)
            cell_axis.append(i)
            extremes.append(
                [-round(abs(c.positions[qi][k].get(i, 0.0)), 9) for k in range(len(options))]
            )
    none = Why(np.full(n, -1, dtype=np.int64), np.zeros((n, n_axes), dtype=bool))
    if not deltas or n == 0:
        return none
    delta = np.stack(deltas, axis=1)  # takers × cells
    axis_of = np.array(cell_axis, dtype=np.int64)
    q_of = np.array(cell_q, dtype=np.int64)
    counted = sample.asked[:, q_of]
    # The signs that count as "toward the verdict" per taker and axis: the verdict's profile,
    # or for a balanced verdict the two best-fitting other outcomes' profiles.
    profiles = np.array(c.outcome_profiles, dtype=np.float64).reshape(len(c.outcome_ids), -1)
    signs = _sign(profiles)  # outcomes × axes
    first = signs[sample.outcome]
    second = np.zeros_like(first)
    weight = np.abs(profiles[sample.outcome])
    two_sides = np.zeros(n, dtype=bool)  # a balanced verdict between two outcomes
    one = two = sample.outcome
    b = c.balanced
    if b is not None:
        balanced = sample.outcome == b
        if balanced.any():
            others = np.argsort(-sample.fits, axis=1, kind="stable")
            others = others[others != b].reshape(n, -1)
            one = others[:, 0] if others.shape[1] else np.full(n, b)
            two = others[:, 1] if others.shape[1] > 1 else one
            has_two = others.shape[1] > 1
            two_sides = balanced & has_two
            first = np.where(balanced[:, None], signs[one] if others.shape[1] else 0, first)
            second = np.where(balanced[:, None] & has_two, signs[two], 0)
            lead_weight = np.abs(profiles[one]) if others.shape[1] else np.zeros_like(weight)
            if has_two:
                lead_weight = np.maximum(lead_weight, np.abs(profiles[two]))
            weight = np.where(balanced[:, None], lead_weight, weight)
    d_sign = _sign(delta)
    aim1, aim2 = first[:, axis_of], second[:, axis_of]
    toward = counted & (((d_sign == aim1) & (aim1 != 0)) | ((d_sign == aim2) & (aim2 != 0)))
    pull = np.where(toward, np.abs(delta), -1.0)
    best = np.full((n, n_axes), -1.0)
    for cell, i in enumerate(cell_axis):
        best[:, i] = np.maximum(best[:, i], pull[:, cell])
    candidate = toward & (pull >= best[:, axis_of] - _TIE)

    # Per axis, the answer that speaks for it: the least (−round(|share|, 9), −round(its
    # position's size, 9), question id) among the candidates.
    key1 = np.where(candidate, -_rounded(np.abs(delta), candidate), np.inf)
    width = max(len(row) for row in extremes)
    table2 = np.array([row + [0.0] * (width - len(row)) for row in extremes], dtype=np.float64)
    answered = np.where(counted, sample.answers[:, q_of], 0)
    key2 = table2[np.arange(len(cell_q))[None, :], answered]
    key3 = _ranks(list(c.qids))[q_of].astype(np.float64)
    has = np.zeros((n, n_axes), dtype=bool)
    held = np.zeros((n, n_axes), dtype=np.int64)  # the cell that speaks for each axis
    for i in range(n_axes):
        cells = np.flatnonzero(axis_of == i)
        if not cells.size:
            continue
        tied = candidate[:, cells]
        for key in (key1[:, cells], np.broadcast_to(key2[:, cells], tied.shape)):
            low = np.where(tied, key, np.inf).min(axis=1)
            tied = tied & (key == low[:, None])
        pick = np.where(tied, key3[cells][None, :], np.inf).argmin(axis=1)
        has[:, i] = candidate[:, cells].any(axis=1)
        held[:, i] = cells[pick]
    held_d = np.where(has, delta[rows[:, None], held], 0.0)

    # The axes in order: the strongest pull (in steps), then how far the taker leans, the
    # verdict's weight on the axis, the axis id.
    pulls = np.where(has, np.rint(np.abs(held_d) / PULL_STEP), 0.0)
    leans = _rounded(np.abs(sample.scores), has)
    names = np.broadcast_to(_ranks(list(c.axes)), (n, n_axes))
    order = np.lexsort((names, -weight, -leans, -pulls, ~has), axis=-1)
    count = has.sum(axis=1)
    place = np.arange(n_axes)[None, :]
    valid = place < count[:, None]
    # Sitting between two outcomes: the strongest pull toward each comes first.
    priority = np.where(valid, place + 2, n_axes + 2)
    d_ranked = np.take_along_axis(_sign(held_d), order, axis=1)
    taken = np.full(n, -1)
    for side, outcome in enumerate((one, two)):
        aim = np.take_along_axis(signs[outcome], order, axis=1)
        hit = valid & (d_ranked == aim) & two_sides[:, None]
        at = hit.argmax(axis=1)
        new = hit.any(axis=1) & (at != taken)
        priority[rows[new], at[new]] = side
        taken = np.where(new, at, taken)
    final = np.take_along_axis(order, np.argsort(priority, axis=1, kind="stable"), axis=1)
    lead_axis = final[:, 0]
    first_q = np.where(count > 0, q_of[held[rows, lead_axis]], -1)
    shown = np.zeros((n, n_axes), dtype=bool)
    for k in range(min(WHY_MAX, n_axes)):
        on = k < count
        shown[rows[on], final[on, k]] = True
    return Why(first_q, shown)
