"""How much adaptive play saves (``analyze --adaptive``): seeded answer sets played with
lock-in and ``--quick``, against the full quiz. Pure and deterministic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.adaptive import settings_for
from popquiz.engine.analysis.budget import half_width
from popquiz.engine.analysis.particles import OPEN, as_state, particles_of
from popquiz.engine.lockin import locked
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
    answer set measures both. The walks go side by side, a step of every one at a time, each
    asking what :func:`~popquiz.engine.adaptive.step` would. ``tick`` hears how many walks are
    done as each one ends."""
    rng = random.Random(f"popquiz-adaptive-analysis:{model}:{seed}")
    rules = settings_for(c.bank)
    est = particles_of(c)
    drawn = [
        consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        for _ in range(takers)
    ]
    answers = np.array(drawn, dtype=np.int64).reshape(takers, c.nq)
    full = arrays.outcomes(c, answers)  # the full quiz's verdicts, as Compiled.outcome gives
    full_total = int(arrays.sums(c, answers).asked.sum())
    quick_rows = np.zeros((takers, c.nq), dtype=np.int64)  # each walk's state when quick stops
    states = np.full((takers, c.nq), OPEN, dtype=np.int64)
    logw = np.zeros((takers, est.size))
    lock_asked: dict[int, int] = {}
    quick_asked: dict[int, int] = {}
    by_outcome: dict[int, list[int]] = {}
    stopped = done = 0
    quick_done = np.zeros(takers, dtype=bool)
    live = np.arange(takers)
    asked = 0  # every walk still going has answered as many questions as the others
    while live.size:
        rows = states[live]
        candidates = est.askable_of(rows)
        going = np.flatnonzero(candidates.any(axis=1))
        verdicts = est.verdicts(rows[going])
        weights = est.weights_of(logw[live[going]])
        # Lock-in is proved only if every taker's completion ends in one outcome, so the pure
        # proof is asked only where they agree (and only it decides).
        locked_here = np.zeros(len(live), dtype=bool)
        for g in np.flatnonzero((verdicts == verdicts[:, :1]).all(axis=1)):
            locked_here[going[g]] = locked(c, as_state(rows[going[g]])) is not None
        ends = ~candidates.any(axis=1) | locked_here
        if asked >= rules.max_questions:
            quick_ends = np.ones(len(live), dtype=bool)
        elif asked >= rules.min_questions:
            quick_ends = ends.copy()
            quick_ends[going] |= est.confidence_of(weights, verdicts) >= rules.confidence
        else:
            quick_ends = ends
        for at in np.flatnonzero(quick_ends & ~quick_done[live]):
            walk = int(live[at])
            quick_done[walk] = True
            quick_asked[asked] = quick_asked.get(asked, 0) + 1
            quick_rows[walk] = states[walk]
        for at in np.flatnonzero(ends):
            walk = int(live[at])
            lock_asked[asked] = lock_asked.get(asked, 0) + 1
            stopped += bool(locked_here[at])
            by_outcome.setdefault(int(full[walk]), []).append(asked)
            done += 1
            if tick is not None:
                tick(done)
        on = ~ends[going]
        if on.any():
            info = est.information_of(weights[on], verdicts[on])
            chosen = est.next_of(candidates[going[on]], info)
            walks = live[going[on]]
            picked = answers[walks, chosen]
            states[walks, chosen] = picked
            logw[walks] += est.loglik_table[chosen, picked]
        live = live[~ends]
        asked += 1
    # Open questions count as unanswered: the verdict of what each stop had.
    agree_lock = int((arrays.outcomes(c, np.maximum(states, -1)) == full).sum())
    agree_quick = int((arrays.outcomes(c, np.maximum(quick_rows, -1)) == full).sum())
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
