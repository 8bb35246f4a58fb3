"""Why a result is what it is, in terms that are true of this taker's own answers. Pure.

* :func:`explanation` — "why this fits you": the bank's phrase for each pole the taker leans
  to (``|score| ≥ LEAN``, only the pole the score is on), strongest lean first. For a
  non-balanced verdict only axes where the verdict's profile leans the same way count; for a
  balanced one, the taker's strongest leans whichever way they go.
* :func:`moved_most` — "the answers that moved you most": each answer once, with every axis it
  moved toward the verdict, in the order of :func:`why_entries`.
* :func:`why_entries` — the strongest pulls: at most one answer per axis, each
  one that moved the taker *toward* the verdict (for a non-balanced verdict: its contribution
  has the sign of the verdict's profile on that axis), or for a balanced verdict toward either
  of the two outcomes it sits between.

Ties are never broken by file order or floating-point noise. Within an axis the biggest pull
``|delta|`` (to 9 decimals) wins, then the answer that sits further toward its end of the
question's own range, then the question with the smaller id. Across axes pulls are compared in
tenths of an axis (a taker cannot tell them apart), then the axis where the
taker's score is more extreme (the answer behind their clearest lean) comes first, then the axis
the verdict's profile leans on more strongly, then the axis with the smaller id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import EPS, LEAN, compiled

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.engine.scoring import Contribution, Result

WHY_MAX = 3
EXPLAIN_MAX = 3


class Lean(NamedTuple):
    axis: str
    pole: str  # 'low' or 'high'
    score: float


PULL_STEP = 0.1  # across axes, pulls within the same tenth of an axis count as equal


def _pull(delta: float) -> float:
    """An answer's pull on its axis in steps of PULL_STEP, so that pulls a taker could not
    tell apart leave the choice to how far they lean on each axis."""
    return round(abs(delta) / PULL_STEP)


def _sign(x: float) -> int:
    return 1 if x > EPS else -1 if x < -EPS else 0


def explanation(bank: Bank, result: Result, n: int = EXPLAIN_MAX) -> list[Lean]:
    """The poles the taker leans to that explain the verdict, strongest first (axes without
    phrases are left out, as there is nothing to say)."""
    outcome = bank.outcomes_by_id[result.outcome]
    phrased = {a.id for a in bank.axes if a.phrases is not None}
    leans = []
    for a in result.axes:
        if not a.measured or a.id not in phrased or abs(a.score) < LEAN:
            continue
        if not outcome.balanced and _sign(outcome.profile.get(a.id, 0.0)) != _sign(a.score):
            continue
        leans.append(Lean(a.id, "high" if a.score > 0 else "low", a.score))
    leans.sort(key=lambda x: (-round(abs(x.score), 9), x.axis))
    return leans[:n]


def _targets(bank: Bank, result: Result) -> list[Mapping[str, float]]:
    """The profiles the verdict's answers pull toward: its own, or for a balanced verdict
    those of the two outcomes it sits between."""
    outcome = bank.outcomes_by_id[result.outcome]
    if outcome.balanced:
        leaders = [f.id for f in result.fits if f.id != outcome.id][:2]
        return [bank.outcomes_by_id[oid].profile for oid in leaders]
    return [outcome.profile]


def _toward(bank: Bank, result: Result) -> Callable[[Contribution], bool]:
    targets = _targets(bank, result)
    signs = {a: {_sign(p.get(a, 0.0)) for p in targets} - {0} for a in bank.axis_ids}

    def toward(x: Contribution) -> bool:
        return _sign(x.delta) in signs[x.axis]

    return toward


class Moved(NamedTuple):
    """One of "the answers that moved you most": the answer, and every axis it moved toward
    the verdict (largest first)."""

    question: str
    answer: AnswerValue
    moves: tuple[Contribution, ...]


def moved_most(bank: Bank, result: Result, n: int = WHY_MAX) -> list[Moved]:
    """The answers that moved the taker most toward the verdict, each once: in the order of
    :func:`why_entries` (an answer's place is that of its strongest axis), each with every axis
    it moved toward the verdict."""
    toward = _toward(bank, result)
    out: list[Moved] = []
    seen: set[str] = set()
    for x in why_entries(bank, result, len(bank.axis_ids)):
        if x.question in seen:
            continue
        seen.add(x.question)
        moves = [x] + [
            y
            for y in result.contributions
            if y.question == x.question and y.axis != x.axis and y.delta and toward(y)
        ]
        out.append(Moved(x.question, x.answer, tuple(moves)))
        if len(out) == n:
            break
    return out


def why_entries(bank: Bank, result: Result, n: int = WHY_MAX) -> list[Contribution]:
    """The answers that moved the taker most toward the verdict, one per axis."""
    c = compiled(bank)
    outcome = bank.outcomes_by_id[result.outcome]
    scores = result.scores
    targets = _targets(bank, result)
    toward = _toward(bank, result)

    def key(x: Contribution) -> tuple[float, float, str]:
        """Bigger pull first; then the answer further toward its end of the question's own
        range; then the smaller question id."""
        qi = bank.question_index[x.question]
        k = c.values[qi].index(x.answer)
        extreme = abs(c.positions[qi][k].get(c.axes.index(x.axis), 0.0))
        return (-round(abs(x.delta), 9), -round(extreme, 9), x.question)

    best: dict[str, tuple[tuple[float, float, str], Contribution]] = {}
    for x in result.contributions:
        if toward(x):
            mine = key(x)
            held = best.get(x.axis)
            if held is None or mine < held[0]:
                best[x.axis] = (mine, x)

    def rank(x: Contribution) -> tuple[float, float, float, str]:
        weight = max(abs(p.get(x.axis, 0.0)) for p in targets)
        return (-_pull(x.delta), -round(abs(scores[x.axis]), 9), -weight, x.axis)

    ranked = sorted((x for _, x in best.values()), key=rank)
    if outcome.balanced and len(targets) == 2:
        # Sitting between two outcomes: show the strongest pull toward each before the rest.
        sides = [
            next((x for x in ranked if _sign(x.delta) == _sign(p.get(x.axis, 0.0))), None)
            for p in targets
        ]
        first = list(dict.fromkeys(s for s in sides if s is not None))
        ranked = first + [x for x in ranked if x not in first]
    return ranked[:n]
