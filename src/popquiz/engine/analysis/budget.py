"""What ``analyze`` may spend on a bank, and the sampling statistics its budget is sized by.

Sampled shares are stated with a 99 % confidence half-width (:func:`half_width`);
:func:`sample_size` answer sets always reach :data:`MAX_ERROR`. :func:`plan` gives each part of
the analysis its share of the budget: past it, a part runs on fewer answer sets (its stated
error grows) or is skipped, and W111 says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled

Z99 = 2.5758293035489004  # two-sided 99 % quantile of the normal distribution
CONFIDENCE = 0.99
MAX_ERROR = 0.01  # the largest sampling half-width we accept: one percentage point
STATE_BUDGET = 20_000  # distinct states the exact shares may hold before sampling takes over
INFLUENCE_SAMPLES = 300
BATCH = 2000  # sampled answer sets drawn at a time

# What `analyze` may spend, in units of about a microsecond of work on this kind of machine;
# past these, a part runs on fewer answer sets (its stated error grows) or is skipped, and W111
# says which. The default bank and any bank up to a few hundred questions fit every one.
SAMPLE_BUDGET = 6_000_000  # sampled shares: answer sets × questions
BATCH_CELLS = 2_000_000  # one batch of sampled answer sets: answer sets × questions in memory
INFLUENCE_BUDGET = 150_000  # influence: answer sets × cost of trying every answer once
REACH_BUDGET = 600_000  # reachability: searches × cost of trying every answer × (restarts + 1)
TAKER_BUDGET = 80_000  # each taker model: answer sets × questions
# Adaptive play (`analyze --adaptive`): walks × questions² × estimate takers, about
# 4 per µs here; the default bank (30 questions) gets all ADAPTIVE_TAKERS walks per model.
ADAPTIVE_BUDGET = 100_000_000
ADAPTIVE_TAKERS = 200
MIN_ADAPTIVE = 20
MIN_TAKERS = 50  # fewer answer sets than this say nothing: the model is skipped
MAX_GATES = 64  # the exact computation follows at most this many conditional questions
MAX_CHAINED = 2_000  # W108 follows conditions back through at most this many questions


def sample_size(max_error: float = MAX_ERROR) -> int:
    """Answer sets needed for a 99 % half-width of at most ``max_error`` at any share."""
    return math.ceil(Z99 * Z99 * 0.25 / (max_error * max_error))


def half_width(share: float, samples: int) -> float:
    """The 99 % normal-approximation half-width of a sampled share."""
    return Z99 * math.sqrt(max(share * (1 - share), 0.0) / samples) if samples else 0.0


@dataclass(frozen=True)
class Budget:
    """How much of each part of the analysis a bank of this size gets."""

    samples: int | None  # cap on sampled answer sets (None: as many as ``max_error`` needs)
    batch: int
    influence: int
    restarts: int
    reach: bool
    takers: int  # 0: the taker models are skipped
    never_asked: bool  # whether W108 (questions that can never be asked) is looked for
    limited: tuple[str, ...]  # what was cut, in words (empty: nothing)
    play: int = 0  # adaptive walks per taker model (0: not measured)


def plan(c: Compiled, *, influence: int, restarts: int, takers: int, play: int = 0) -> Budget:
    """The budget for ``c``: every part in full for small banks, less for huge ones."""
    nq = max(c.nq, 1)
    searches = len(c.outcome_ids) + 2 * len(c.bank.acts)
    limited = []
    # Trying another answer costs one question's terms, or, for a question that others depend
    # on, adding everything up again.
    per_sample = sum(len(v) * (nq if qi in c.referenced else 1) for qi, v in enumerate(c.values))
    samples: int | None = SAMPLE_BUDGET // nq
    if samples is not None and samples < sample_size():
        limited.append(f"outcome shares from {samples} random answer sets")
    else:
        samples = None
    n_influence = min(influence, INFLUENCE_BUDGET // max(per_sample, 1))
    if n_influence < 5:
        n_influence = 0
        limited.append("influence not sampled (W104 and W107 are not checked)")
    elif n_influence < influence:
        limited.append(f"influence from {n_influence} answer sets")
    gated = sum(1 for conds in c.conds if conds)
    never_asked = gated <= MAX_CHAINED
    if not never_asked:
        limited.append("questions that can never be asked are not looked for (W108)")
    n_restarts = restarts
    while n_restarts > 0 and searches * per_sample * (n_restarts + 1) > REACH_BUDGET:
        n_restarts -= 1
    reach = searches * per_sample <= REACH_BUDGET
    if not reach:
        limited.append("reachability not searched (W101-W103 are not checked)")
    elif n_restarts < restarts:
        limited.append(f"reachability with {n_restarts} random restarts")
    n_takers = min(takers, TAKER_BUDGET // nq)
    if n_takers < MIN_TAKERS:
        n_takers = 0
        limited.append("taker models skipped")
    elif n_takers < takers:
        limited.append(f"taker models from {n_takers} answer sets each")
    batch = max(50, min(BATCH, BATCH_CELLS // nq))
    n_play = 0
    if play:  # the estimate is imported only for adaptive play
        from popquiz.engine.estimate import PARTICLES

        n_play = min(play, ADAPTIVE_BUDGET // (2 * nq * nq * PARTICLES))
    if n_play < MIN_ADAPTIVE:
        n_play = 0
        if play:
            limited.append("adaptive play not measured")
    elif n_play < play:
        limited.append(f"adaptive play from {n_play} answer sets per taker model")
    return Budget(
        samples,
        batch,
        n_influence,
        n_restarts,
        reach,
        n_takers,
        never_asked,
        tuple(limited),
        n_play,
    )
