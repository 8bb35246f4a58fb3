"""Choose the short, informative subset of questions that ``--quick`` asks. Pure."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.model import AnyQuestion, Bank


def quick_subset(bank: Bank, fraction: float = 1 / 3) -> list[str]:
    """About ``fraction`` of the questions, greedily maximising information per axis.

    A question's information on an axis is its achievable range there as a share of the range
    all questions give that axis; gains on an axis shrink as it gets covered, so every axis is
    measured before any axis is measured twice. Conditional questions are left out (their
    condition may not hold), and the result keeps bank order.
    """
    candidates = [q for q in bank.questions if not q.when]
    want = min(len(candidates), max(len(bank.axes), math.ceil(len(bank.questions) * fraction)))
    total: dict[str, float] = {}
    for q in candidates:
        for axis, (lo, hi) in q.ranges.items():
            total[axis] = total.get(axis, 0.0) + (hi - lo)
    covered = dict.fromkeys(total, 0.0)
    chosen: list[str] = []
    pool = list(candidates)

    def gain(q: AnyQuestion) -> float:
        value = 0.0
        for axis, (lo, hi) in q.ranges.items():
            if total.get(axis):
                value += (hi - lo) / total[axis] / (1 + covered[axis])
        return value

    while pool and len(chosen) < want:
        best = max(pool, key=gain)
        pool.remove(best)
        chosen.append(best.id)
        for axis, (lo, hi) in best.ranges.items():
            covered[axis] += (hi - lo) / total[axis] * len(candidates) / max(want, 1)
    order = bank.question_index
    return sorted(chosen, key=order.__getitem__)
