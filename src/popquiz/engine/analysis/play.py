"""How much adaptive play saves (``analyze --adaptive``): seeded answer sets played with
lock-in and ``--quick``, against the full quiz. Pure and deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from popquiz.engine.adaptive import settings_for, step
from popquiz.engine.analysis.budget import half_width
from popquiz.engine.analysis.particles import ArrayParticles
from popquiz.engine.takers import consistent_assignment

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled


class PlayStats(NamedTuple):
    """Adaptive play over ``takers`` seeded answer sets of one taker model (``analyze``)."""

    model: str  # "uniform" or "consistent"
    takers: int
    full_mean: float  # questions the full quiz asks, on average
    lock_asked: dict[int, int]  # lock-in: questions asked -> takers
    lock_agreement: float  # share whose lock-in verdict is the full quiz's (1 by construction)
    lock_stopped: float  # share stopped early (locked), the rest answered everything
    lock_by_outcome: dict[str, float]  # mean questions asked, by the full quiz's verdict
    quick_asked: dict[int, int]
    quick_agreement: float

    def mean(self, asked: dict[int, int]) -> float:
        return sum(k * v for k, v in asked.items()) / max(self.takers, 1)


def simulate(
    c: Compiled,
    model: str,
    takers: int,
    seed: int = 0,
    tick: Callable[[int], None] | None = None,
) -> PlayStats:
    """Play ``takers`` seeded answer sets adaptively: lock-in and ``--quick`` (at the bank's
    settings) ask the same questions in the same order until quick stops, so one walk per
    answer set measures both. ``tick`` hears how many walks are done after each one."""
    rng = random.Random(f"popquiz-adaptive-analysis:{model}:{seed}")
    rules = settings_for(c.bank)
    est = ArrayParticles(c)
    lock_asked: dict[int, int] = {}
    quick_asked: dict[int, int] = {}
    by_outcome: dict[int, list[int]] = {}
    agree_lock = agree_quick = stopped = 0
    full_total = 0
    for walked in range(takers):
        if tick is not None:
            tick(walked)
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        full = c.outcome(assign)
        full_total += sum(c.sums(assign)[3])
        state: list[int | None] = [None] * c.nq
        quick_at: int | None = None
        while True:
            asked = sum(1 for k in state if k is not None)
            now = step(c, state, "adaptive", rules, model=est)
            if quick_at is None and (
                now.next is None
                or asked >= rules.max_questions
                or (
                    asked >= rules.min_questions
                    and est.estimate(state).confidence >= rules.confidence
                )
            ):
                quick_at = asked
                agree_quick += c.outcome([-1 if k is None else k for k in state]) == full
            if now.next is None:
                break
            state[now.next] = assign[now.next]
        lock_asked[asked] = lock_asked.get(asked, 0) + 1
        assert quick_at is not None
        quick_asked[quick_at] = quick_asked.get(quick_at, 0) + 1
        agree_lock += c.outcome([-1 if k is None else k for k in state]) == full
        stopped += now.stopped == "locked"
        by_outcome.setdefault(full, []).append(asked)
    n = max(takers, 1)
    return PlayStats(
        model,
        takers,
        full_total / n,
        dict(sorted(lock_asked.items())),
        agree_lock / n,
        stopped / n,
        {c.outcome_ids[o]: sum(v) / len(v) for o, v in sorted(by_outcome.items())},
        dict(sorted(quick_asked.items())),
        agree_quick / n,
    )


def play_dict(p: PlayStats, questions: int) -> dict[str, Any]:
    """One taker model's adaptive figures; shares of the questions are of the full quiz's
    mean (what the same answer sets are asked without stopping)."""
    full = p.full_mean or 1.0
    lock_mean, quick_mean = p.mean(p.lock_asked), p.mean(p.quick_asked)
    return {
        "takers": p.takers,
        "error": round(half_width(0.5, p.takers), 6),
        "full_mean_asked": round(p.full_mean, 6),
        "lock_in": {
            "mean_asked": round(lock_mean, 6),
            "mean_share": round(lock_mean / full, 6),
            "agreement": round(p.lock_agreement, 6),
            "stopped_early": round(p.lock_stopped, 6),
            "mean_asked_by_outcome": {k: round(v, 6) for k, v in p.lock_by_outcome.items()},
            "asked": {str(k): v for k, v in p.lock_asked.items()},
        },
        "quick": {
            "mean_asked": round(quick_mean, 6),
            "mean_share": round(quick_mean / full, 6),
            "agreement": round(p.quick_agreement, 6),
            "asked": {str(k): v for k, v in p.quick_asked.items()},
        },
    }
