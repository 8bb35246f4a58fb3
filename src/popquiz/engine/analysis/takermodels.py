"""What takers answering under one model are told: outcome shares, verdict strengths, top-5
acts and the "why" entries, over seeded answer sets of uniform or consistent takers
(:mod:`popquiz.engine.takers`). Pure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from popquiz.engine.analysis.budget import half_width
from popquiz.engine.takers import consistent_assignment

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled

TAKERS = 1000  # answer sets per taker model for act and "why" statistics
TOP_N = 5


@dataclass(frozen=True)
class ModelStats:
    """What takers answering under one model are told, over ``samples`` answer sets."""

    model: str  # "uniform" or "consistent"
    samples: int
    error: float  # 99 % half-width of any share below (worst case)
    outcomes: dict[str, float]  # outcome id -> share of takers
    acts_top5: dict[str, float]  # act id -> share of takers with it among the top-5 picks
    first_why: dict[str, float]  # question id -> share of takers for whom it is the first "why"
    why_axes: dict[str, float]  # axis id -> share of takers shown a "why" entry on that axis
    # outcome id -> share of that outcome's takers whose first pick is an active act (only when
    # the catalogue marks some act inactive, and only for outcomes some taker got)
    first_active: dict[str, float] = field(default_factory=dict)
    # 'clear' / 'leaning' / 'close' -> share of takers whose verdict has that strength
    strengths: dict[str, float] = field(default_factory=dict)
    # The lower quartile, median and upper quartile of the non-balanced verdicts' leads past
    # the margin (what rule.leaning and rule.clear are compared with); empty without any.
    lead_quartiles: tuple[float, ...] = ()


def taker_stats(c: Compiled, model: str, samples: int = TAKERS, seed: int = 0) -> ModelStats:
    """Outcome shares, top-5 act shares and "why" statistics under one taker model, from
    ``samples`` seeded answer sets scored by the real :func:`~popquiz.engine.scoring.score`,
    :func:`~popquiz.engine.recommend.recommend` and :func:`~popquiz.engine.explain.why_entries`."""
    from popquiz.engine.explain import why_entries
    from popquiz.engine.recommend import picks
    from popquiz.engine.scoring import score_assignment

    bank = c.bank
    bank_balanced = None if c.balanced is None else c.outcome_ids[c.balanced]
    rng = random.Random(f"popquiz-takers:{model}:{seed}")
    outcomes = dict.fromkeys(c.outcome_ids, 0)
    acts = {a.id: 0 for a in bank.acts}
    first_why: dict[str, int] = dict.fromkeys(c.qids, 0)
    why_axes = dict.fromkeys(c.axes, 0)
    first_active = dict.fromkeys(c.outcome_ids, 0)
    strengths = {"clear": 0, "leaning": 0, "close": 0}
    margin = c.margin if c.balanced is not None else 0.0
    excess: list[float] = []
    for _ in range(samples):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        result = score_assignment(bank, assign)
        outcomes[result.outcome] += 1
        strengths[result.strength] += 1
        if not result.won_on_margin and result.outcome != bank_balanced:
            excess.append(result.lead - margin)
        if bank.acts:
            chosen = picks(bank, result, TOP_N)
            for _, act, bridge in chosen:
                if not bridge:
                    acts[act.id] += 1
            if chosen and chosen[0][1].facts.active is not False:
                first_active[result.outcome] += 1
        why = why_entries(bank, result)
        if why:
            first_why[why[0].question] += 1
        for axis in {w.axis for w in why}:
            why_axes[axis] += 1
    n = max(samples, 1)
    excess.sort()
    quartiles = (
        tuple(excess[min(len(excess) - 1, int(q * len(excess)))] for q in (0.25, 0.5, 0.75))
        if excess
        else ()
    )
    return ModelStats(
        model,
        samples,
        half_width(0.5, samples),
        {k: v / n for k, v in outcomes.items()},
        {k: v / n for k, v in acts.items()},
        {k: v / n for k, v in first_why.items() if v},
        {k: v / n for k, v in why_axes.items()},
        {k: first_active[k] / v for k, v in outcomes.items() if v}
        if any(a.facts.active is False for a in bank.acts)
        else {},
        {k: v / n for k, v in strengths.items()},
        quartiles,
    )
