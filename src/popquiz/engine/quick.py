"""Choose the short, informative subset of questions that ``--quick`` asks. Pure."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from popquiz.engine.compiled import compiled

if TYPE_CHECKING:
    from popquiz.bank.model import Bank


def quick_subset(bank: Bank, fraction: float = 1 / 3) -> list[str]:
    """About ``fraction`` of the questions, greedily maximising information per axis.

    A question's information on an axis is its achievable range there as a share of the range
    all questions give that axis; gains on an axis shrink as it gets covered, so every axis is
    measured before any axis is measured twice. Conditional questions are left out (their
    condition may not hold), and the result keeps bank order.
    """
    c = compiled(bank)
    candidates = [qi for qi in range(c.nq) if not c.conds[qi]]
    want = min(len(candidates), max(len(c.axes), math.ceil(c.nq * fraction)))
    total = [0.0] * len(c.axes)
    for qi in candidates:
        for i, lo, hi in c.ranges[qi]:
            total[i] += hi - lo
    covered = [0.0] * len(c.axes)
    chosen: list[int] = []
    pool = list(candidates)

    def gain(qi: int) -> float:
        value = 0.0
        for i, lo, hi in c.ranges[qi]:
            if total[i]:
                value += (hi - lo) / total[i] / (1 + covered[i])
        return value

    while pool and len(chosen) < want:
        best = max(pool, key=gain)
        pool.remove(best)
        chosen.append(best)
        for i, lo, hi in c.ranges[best]:
            covered[i] += (hi - lo) / total[i] * len(candidates) / max(want, 1)
    return [c.qids[qi] for qi in sorted(chosen)]
