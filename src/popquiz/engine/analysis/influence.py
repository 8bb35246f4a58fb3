"""Influence: per question, how often changing only its answer changes the outcome, for many
answer sets at once (numpy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Floats, Ints, Sums
    from popquiz.engine.compiled import Compiled


@dataclass(frozen=True)
class Influence:
    question: str
    influence: float  # fraction of sampled answer sets where changing it changes the outcome
    asked: float  # fraction of sampled answer sets in which it is asked
    samples: int
    exhaustive: bool = False  # the answer sets were every combination once, not a sample


def influence(
    c: Compiled, assigns: Ints
) -> tuple[list[Influence], dict[tuple[int, int], set[int]], list[int]]:
    """Per question: how often changing only its answer changes the outcome, over the answer
    sets ``assigns`` (one row each).

    Also returns, per (question, option), the outcomes seen with that option forced, and how
    many sampled answer sets asked each question. Only a changed question's own terms change
    its sums, unless other questions' conditions look at it: then everything is added up
    again (``tests/reach_reference.py``'s ``Walker`` is the same rule one answer set at a
    time).
    """
    import popquiz.engine.analysis.arrays as arrays

    sums = arrays.sums(c, assigns)
    scores, measured = arrays.scores(sums.raw, sums.lo, sums.hi)
    base = arrays.decide(c, arrays.fits(c, scores, measured), measured).winner
    swings = [0] * c.nq
    asked_counts = [0] * c.nq
    seen: dict[tuple[int, int], set[int]] = {}
    for qi in range(c.nq):
        rows = np.flatnonzero(sums.asked[:, qi])
        asked_counts[qi] = int(rows.size)
        if not rows.size:
            continue
        cur = assigns[rows, qi]
        swung = np.zeros(rows.size, dtype=bool)
        for k in range(len(c.values[qi])):
            same = cur == k
            if same.any():
                seen.setdefault((qi, k), set()).update(base[rows[same]].tolist())
            other = rows[~same]
            if not other.size:
                continue
            if qi in c.referenced:
                changed = assigns[other].copy()
                changed[:, qi] = k
                found = arrays.outcomes(c, changed)
            else:
                changed_scores = _scores_if(c, qi, k, assigns[other, qi], sums, other, scores)
                fit = arrays.fits(c, changed_scores, measured[other])
                found = arrays.decide(c, fit, measured[other]).winner
            seen.setdefault((qi, k), set()).update(found.tolist())
            swung[~same] |= found != base[other]
        swings[qi] = int(swung.sum())
    n = int(assigns.shape[0])
    out = [
        Influence(
            c.qids[qi],
            swings[qi] / asked_counts[qi] if asked_counts[qi] else 0.0,
            asked_counts[qi] / n if n else 0.0,
            n,
        )
        for qi in range(c.nq)
    ]
    return out, seen, asked_counts


def _scores_if(
    c: Compiled, qi: int, k: int, old: Ints, sums: Sums, rows: Ints, scores: Floats
) -> Floats:
    """The scores of the answer sets ``rows`` (whose answers to ``qi`` are
    ``old``) if question ``qi``, which no condition looks at, were answered ``k``."""
    import popquiz.engine.analysis.arrays as arrays

    options = c.terms[qi]
    out = scores[rows]
    for slot, (i, new) in enumerate(options[k]):
        before = np.array([option[slot][1] for option in options], dtype=np.float64)[old]
        raw = sums.raw[rows, i] + (new - before)
        out[:, i] = arrays.scores(raw, sums.lo[rows, i], sums.hi[rows, i])[0]
    return out
