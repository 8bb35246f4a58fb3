"""Axis profile → ranked acts with match percentages and reasons. Pure and deterministic.

An act's match is ``1 − d / (2·√n)`` over the *n* measured axes, *d* the Euclidean distance
between the taker's scores and the act's profile (the same geometry as outcome fit, and the
same code: :func:`popquiz.engine.compiled.nearness`). Reasons are the axes where taker and act
sit closest, among those where the taker has a clear lean (|score| ≥ 0.15) when there are any.
The bridge pick is the best act from a scene other than the result (for a balanced result:
from a scene absent from the top picks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import compiled, nearness

if TYPE_CHECKING:
    from popquiz.bank.model import Act, Bank
    from popquiz.engine.scoring import Result

LEAN = 0.15


class Recommendation(NamedTuple):
    act: Act
    match: float  # 0 .. 1
    reasons: tuple[str, ...]  # axis ids, closest first
    bridge: bool = False

    @property
    def id(self) -> str:
        return self.act.id


def rank(bank: Bank, scores: dict[str, float], measured: set[str]) -> list[tuple[float, Act]]:
    """Every act with its match, best first (ties: catalogue order)."""
    c = compiled(bank)
    row = [scores.get(a, 0.0) for a in c.axes]
    used = [a in measured for a in c.axes]
    if not any(used):
        used = [True] * len(used)
    ranked = [
        (nearness(row, used, profile)[0], i, act)
        for i, (act, profile) in enumerate(zip(bank.acts, c.act_profiles, strict=True))
    ]
    ranked.sort(key=lambda t: (-t[0], t[1]))
    return [(m, act) for m, _, act in ranked]


def recommend(bank: Bank, result: Result, n: int = 5) -> list[Recommendation]:
    """The top ``n`` acts for a result, plus one bridge pick from another scene (last)."""
    scores = result.scores
    measured = {a.id for a in result.axes if a.measured}
    ranked = rank(bank, scores, measured)
    top = ranked[:n]
    picks = [Recommendation(act, m, _reasons(bank, scores, act, measured)) for m, act in top]
    balanced = bank.balanced_outcome
    if balanced is not None and result.outcome == balanced.id:
        shown = {act.scene for _, act in top}
        candidates = [(m, a) for m, a in ranked[n:] if a.scene not in shown]
    else:
        candidates = [(m, a) for m, a in ranked if a.scene != result.outcome]
        top_ids = {act.id for _, act in top}
        candidates = [(m, a) for m, a in candidates if a.id not in top_ids]
    if not candidates:  # everything already differs, or only one scene exists
        candidates = ranked[n:]
    if candidates:
        m, act = candidates[0]
        picks.append(Recommendation(act, m, _reasons(bank, scores, act, measured), bridge=True))
    return picks


def _reasons(
    bank: Bank, scores: dict[str, float], act: Act, measured: set[str], k: int = 2
) -> tuple[str, ...]:
    axes = [a for a in bank.axis_ids if a in measured]
    leaning = [a for a in axes if abs(scores.get(a, 0.0)) >= LEAN] or axes
    leaning.sort(key=lambda a: (abs(scores.get(a, 0.0) - act.profile.get(a, 0.0)), a))
    return tuple(leaning[:k])
