"""What many simulated takers are told, from their score arrays: their "why" entries
(:func:`popquiz.engine.explain.why_entries`), as that function tells one taker (their picks:
:mod:`popquiz.engine.analysis.picks`).

The arithmetic (matches, each answer's share of its axis, the signs toward the verdict) runs on
whole arrays; the choices (scene quotas, active first, which answer per axis, the order of the
axes) follow the same rules per taker, on the few candidates the arrays leave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from popquiz.engine.compiled import EPS
from popquiz.engine.explain import WHY_MAX, _pull

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Floats, Ints, TakerSample
    from popquiz.engine.compiled import Compiled

_TIE = 2e-9  # pulls closer than this may round to the same 9 decimals: compare them exactly


def _sign(x: Floats) -> Ints:
    out: Ints = np.where(x > EPS, 1, np.where(x < -EPS, -1, 0))
    return out


def why_rows(c: Compiled, sample: TakerSample) -> list[list[tuple[str, str]]]:
    """Each taker's ``why_entries`` as ``(question id, axis id)`` pairs, most telling first."""
    n = sample.answers.shape[0]
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
    if not deltas:
        return [[] for _ in range(n)]
    delta = np.stack(deltas, axis=1)  # takers × cells
    axis_of = np.array(cell_axis, dtype=np.int64)
    counted = sample.asked[:, np.array(cell_q, dtype=np.int64)]
    # The signs that count as "toward the verdict" per taker and axis: the verdict's profile,
    # or for a balanced verdict the two best-fitting other outcomes' profiles.
    profiles = np.array(c.outcome_profiles, dtype=np.float64).reshape(len(c.outcome_ids), -1)
    signs = _sign(profiles)  # outcomes × axes
    first = signs[sample.outcome]
    second = np.zeros_like(first)
    weight = np.abs(profiles[sample.outcome])
    leaders: list[list[int]] = [[] for _ in range(n)]
    b = c.balanced
    if b is not None:
        balanced = sample.outcome == b
        if balanced.any():
            others = np.argsort(-sample.fits, axis=1, kind="stable")
            others = others[others != b].reshape(n, -1)
            picked = np.flatnonzero(balanced)
            for t in picked.tolist():
                leaders[t] = others[t, :2].tolist()
            one = others[:, 0] if others.shape[1] else np.full(n, b)
            two = others[:, 1] if others.shape[1] > 1 else one
            has_two = others.shape[1] > 1
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
    best = np.full((n, len(c.axes)), -1.0)
    for cell, i in enumerate(cell_axis):
        best[:, i] = np.maximum(best[:, i], pull[:, cell])
    candidate = toward & (pull >= best[:, axis_of] - _TIE)
    qids, axes = c.qids, c.axes
    answers = sample.answers
    scores = sample.scores
    out: list[list[tuple[str, str]]] = []
    cand_rows, cand_cells = np.nonzero(candidate)
    by_row = np.split(cand_cells, np.searchsorted(cand_rows, rows[1:]))
    delta_rows = delta.tolist()
    answer_rows, score_rows, weight_rows = answers.tolist(), scores.tolist(), weight.tolist()
    aims = signs.tolist()
    for t, cells in enumerate(by_row):
        d_row, a_row, s_row, w_row = delta_rows[t], answer_rows[t], score_rows[t], weight_rows[t]
        held: dict[int, tuple[tuple[float, float, str], int]] = {}
        for cell in cells.tolist():
            qi = cell_q[cell]
            d = d_row[cell]
            key = (-round(abs(d), 9), extremes[cell][a_row[qi]], qids[qi])
            i = cell_axis[cell]
            seen = held.get(i)
            if seen is None or key < seen[0]:
                held[i] = (key, cell)
        ranked = sorted(
            (cell for _, cell in held.values()),
            key=lambda cell: (
                -_pull(d_row[cell]),
                -round(abs(s_row[cell_axis[cell]]), 9),
                -w_row[cell_axis[cell]],
                axes[cell_axis[cell]],
            ),
        )
        if len(leaders[t]) == 2:
            # Sitting between two outcomes: the strongest pull toward each comes first.
            sides = []
            for oi in leaders[t]:
                aim = aims[oi]
                hit = next((x for x in ranked if _one_sign(d_row[x]) == aim[cell_axis[x]]), None)
                if hit is not None and hit not in sides:
                    sides.append(hit)
            ranked = sides + [x for x in ranked if x not in sides]
        out.append([(qids[cell_q[x]], axes[cell_axis[x]]) for x in ranked[:WHY_MAX]])
    return out


def _one_sign(x: float) -> int:
    return 1 if x > EPS else -1 if x < -EPS else 0
