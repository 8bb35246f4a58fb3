"""Influence: per question, how often changing only its answer changes the outcome. Pure.

:class:`Walker` holds one answer assignment with its sums and scores and changes it one question
at a time; the reachability search climbs with it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from popquiz.engine.compiled import position

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


class Walker:
    """An answer assignment with its sums and scores, changed one question at a time."""

    def __init__(self, c: Compiled, assign: Sequence[int]) -> None:
        self.c = c
        self.assign = list(assign)
        self.refresh()

    def refresh(self) -> None:
        self.raw, self.lo, self.hi, self.asked = self.c.sums(self.assign)
        self.s, self.m = self.c.scores(self.raw, self.lo, self.hi)

    def scores_if(self, qi: int, k: int) -> tuple[list[float], list[bool]]:
        """Scores (and measured flags) if question ``qi`` were answered ``k``."""
        c = self.c
        if qi in c.referenced:
            changed = list(self.assign)
            changed[qi] = k
            raw, lo, hi, _ = c.sums(changed)
            return c.scores(raw, lo, hi)
        if not self.asked[qi] or k == self.assign[qi]:
            return self.s, self.m
        raw = self._raw_if(qi, k)
        s = list(self.s)
        for i, _ in c.terms[qi][k]:
            v = position(raw[i], self.lo[i], self.hi[i])
            s[i] = 0.0 if v is None else v  # measured: this question's own range is in it
        return s, self.m

    def _raw_if(self, qi: int, k: int) -> list[float]:
        """The raw sums if asked question ``qi`` (not one others depend on) were answered ``k``."""
        raw = list(self.raw)
        for (i, new), (_, old) in zip(
            self.c.terms[qi][k], self.c.terms[qi][self.assign[qi]], strict=True
        ):
            raw[i] += new - old
        return raw

    def set(self, qi: int, k: int) -> None:
        if qi in self.c.referenced:  # conditions may change what is asked: add everything up again
            self.assign[qi] = k
            self.refresh()
            return
        if self.asked[qi] and k != self.assign[qi]:  # only this question's terms change
            self.raw = self._raw_if(qi, k)
            self.s, self.m = self.c.scores(self.raw, self.lo, self.hi)
        self.assign[qi] = k


def influence(
    c: Compiled, assigns: Ints
) -> tuple[list[Influence], dict[tuple[int, int], set[int]], list[int]]:
    """Per question: how often changing only its answer changes the outcome, over the answer
    sets ``assigns`` (one row each).

    Also returns, per (question, option), the outcomes seen with that option forced, and how
    many sampled answer sets asked each question. Each changed answer is scored as
    :class:`Walker` scores it (only the question's own terms change, unless other questions'
    conditions look at it: then everything is added up again), for all answer sets at once.
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
    """:meth:`Walker.scores_if` for the answer sets ``rows`` (whose answers to ``qi`` are
    ``old``) if question ``qi``, which no condition looks at, were answered ``k``."""
    import popquiz.engine.analysis.arrays as arrays

    options = c.terms[qi]
    out = scores[rows]
    for slot, (i, new) in enumerate(options[k]):
        before = np.array([option[slot][1] for option in options], dtype=np.float64)[old]
        raw = sums.raw[rows, i] + (new - before)
        out[:, i] = arrays.scores(raw, sums.lo[rows, i], sums.hi[rows, i])[0]
    return out
