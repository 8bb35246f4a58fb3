"""The states of the exact shares' dynamic programme, built on arrays.

A state is one row of integers: the raw per-axis sums on the fine grid of
:mod:`popquiz.engine.analysis.shares`, then one flag per conditional question (asked or
not), then the answers later conditions still look at (``-1``: not answered, ``-2``:
forgotten, no later condition looks at it). Each question turns every state into one row per
option (or passes it on, when its conditions fail); equal rows merge, their probabilities
added. Past ``budget`` distinct states the programme gives up, as the dict version did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Floats, Ints
    from popquiz.engine.compiled import Compiled

_CHUNK_BYTES = 32 * 1024 * 1024  # rows waiting to be merged, at most this much memory


class States(NamedTuple):
    keys: Ints  # states × (axes + gated questions + remembered answers)
    probs: Floats
    axes: int  # the first ``axes`` columns are the raw sums
    gated: list[int]  # the conditional questions, in order: columns axes … axes + len - 1


def merged_states(
    c: Compiled, budget: int, deltas: list[list[tuple[int, ...] | None]]
) -> States | None:
    """The final distinct states with their probabilities, or None past ``budget``."""
    n = len(c.axes)
    last_use: dict[int, int] = {}
    for qi, conds in enumerate(c.conds):
        for j, _ in conds:
            last_use[j] = max(last_use.get(j, -1), qi)
    remembered = sorted(last_use)
    gated = [qi for qi in range(c.nq) if c.conds[qi]]
    gate_col = {qi: n + s for s, qi in enumerate(gated)}
    kept_col = {j: n + len(gated) + s for s, j in enumerate(remembered)}
    released = {
        qi: [kept_col[j] for j, last in last_use.items() if last == qi] for qi in range(c.nq)
    }
    width = n + len(gated) + len(remembered)
    keys = np.zeros((1, width), dtype=np.int64)
    keys[:, n + len(gated) :] = -1
    probs = np.ones(1)
    limit = max(1, _CHUNK_BYTES // (8 * width))
    for qi in range(c.nq):
        options = np.array([d if d is not None else (0,) * n for d in deltas[qi]], dtype=np.int64)
        asked = np.ones(len(keys), dtype=bool)
        for j, allowed in c.conds[qi]:
            asked &= np.isin(keys[:, kept_col[j]], list(allowed))
        col = kept_col.get(qi)
        pending: list[tuple[Ints, Floats]] = []
        rows = 0
        merged: tuple[Ints, Floats] | None = None
        if not asked.all():
            passed = keys[~asked].copy()
            if col is not None:
                passed[:, col] = -1
            pending.append((passed, probs[~asked]))
            rows += len(passed)
        base, share = keys[asked], probs[asked] / len(options)
        if qi in gate_col:
            base = base.copy()
            base[:, gate_col[qi]] = 1
        for k, d in enumerate(options):
            moved = base.copy()
            moved[:, :n] += d
            if col is not None:
                moved[:, col] = k
            pending.append((moved, share))
            rows += len(moved)
            if rows > limit:
                merged = _merge(pending, released[qi], merged)
                if len(merged[0]) > budget:
                    return None
                pending, rows = [], 0
        merged = _merge(pending, released[qi], merged)
        if len(merged[0]) > budget:
            return None
        keys, probs = merged
    return States(keys, probs, n, gated)


def _merge(
    pending: list[tuple[Ints, Floats]], drop: list[int], merged: tuple[Ints, Floats] | None
) -> tuple[Ints, Floats]:
    parts = pending + ([merged] if merged is not None else [])
    keys = np.concatenate([k for k, _ in parts]) if parts else np.zeros((0, 0), dtype=np.int64)
    probs = np.concatenate([p for _, p in parts]) if parts else np.zeros(0)
    if drop:
        keys[:, drop] = -2  # no later condition looks at these answers: forget them
    unique, inverse = _unique_rows(keys)
    out = np.bincount(inverse, weights=probs, minlength=len(unique))
    return unique, out.astype(np.float64)


_MIX = np.random.default_rng(20261205).integers(1, 2**62, size=256, dtype=np.int64) | 1


def _unique_rows(keys: Ints) -> tuple[Ints, Ints]:
    """The distinct rows of ``keys`` and, per row, the index of its distinct row. Rows are
    grouped by a 64-bit mix of their columns (one sort of integers), and every row is then
    compared with its group's first: a collision, however unlikely, falls back to sorting
    the rows themselves."""
    if len(keys) == 0 or keys.shape[1] > len(_MIX):
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        return unique, inverse.reshape(-1)
    with np.errstate(over="ignore"):
        mixed = (keys * _MIX[: keys.shape[1]]).sum(axis=1)
    _, first, inverse = np.unique(mixed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    unique = keys[first]
    if not np.array_equal(unique[inverse], keys):
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
    return unique, inverse
