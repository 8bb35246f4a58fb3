"""Answers → axis scores → outcome, confidence and per-answer contributions. Pure and deterministic.

The formula (documented with a worked example in docs/authoring.md, "Scoring"):

* Each asked and answered question *q* gives axis *a* a raw value ``c`` (the chosen answer's
  weight on *a*, 0 if it has none; for likert, ``weight × (v − 3) / 2``, negated when reversed),
  and an achievable range ``[lo, hi]`` (the smallest and largest ``c`` any of its options gives).
* The axis score is the position of ``Σc`` within ``[Σlo, Σhi]``, mapped to [-1, 1]:
  ``score = (2·Σc − Σhi − Σlo) / (Σhi − Σlo)``. Picking the top option everywhere gives +1, the
  bottom option −1. An axis no answered question can move scores 0 and is "unmeasured".
* Each answer's contribution to an axis is its own term of that sum,
  ``(2c − hi − lo) / (Σhi − Σlo)``; the contributions add up to the score exactly.
* Each outcome's fit is ``1 − d / (2·√n)``, where *d* is the Euclidean distance between the
  taker's scores and the outcome's profile over the *n* measured axes (1 = identical, 0 = opposite
  corners).
* The non-balanced outcome with the best fit wins (ties: declaration order), unless the bank
  declares a balanced outcome and the winner leads the runner-up by less than ``rule.margin``
  in fit: then the balanced outcome wins. The balanced outcome never wins on fit alone; its
  profile describes where it sits (for recommendations and analysis).
* Confidence: for a non-balanced winner, ``1 − d_win / d_runner_up`` (the nearer the winner
  and the farther the runner-up, the surer); for a balanced result, ``1 − lead / margin`` (how
  close to a perfect tie); clipped to [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from popquiz.model import AnyQuestion, Bank

AnswerValue = str | int  # an answer id, or 1..5 for likert
Answers = Mapping[str, AnswerValue]


class AxisScore(NamedTuple):
    id: str
    score: float  # -1 .. 1
    measured: bool  # False when no answered question can move the axis


class Contribution(NamedTuple):
    question: str
    answer: AnswerValue
    axis: str
    delta: float  # this answer's share of the axis score


class OutcomeFit(NamedTuple):
    id: str
    fit: float  # 0 .. 1
    distance: float


class Result(NamedTuple):
    bank_id: str
    outcome: str
    confidence: float
    axes: tuple[AxisScore, ...]
    fits: tuple[OutcomeFit, ...]  # best first
    answers: tuple[tuple[str, AnswerValue], ...]  # counted answers, in bank order
    contributions: tuple[Contribution, ...] = ()  # largest |delta| first
    won_on_margin: bool = False

    @property
    def scores(self) -> dict[str, float]:
        return {a.id: a.score for a in self.axes}

    def top_contributions(self, n: int = 3) -> list[Contribution]:
        """The ``n`` largest contributions from distinct questions."""
        out: list[Contribution] = []
        seen: set[str] = set()
        for c in self.contributions:
            if c.question not in seen and abs(c.delta) > 0:
                out.append(c)
                seen.add(c.question)
            if len(out) == n:
                break
        return out


def confidence_label(confidence: float, balanced: bool) -> str:
    """'strong', 'leaning' or 'balanced' (a balanced outcome is always 'balanced')."""
    if balanced:
        return "balanced"
    if confidence >= 0.6:
        return "strong"
    if confidence >= 0.25:
        return "leaning"
    return "balanced"


def question_terms(q: AnyQuestion, value: AnswerValue) -> dict[str, tuple[float, float, float]]:
    """Axis → (c, lo, hi) for one answered question."""
    if q.kind == "likert":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValueError(f"likert answer must be 1-5, got {value!r}")
        sign = -1.0 if q.reverse else 1.0
        return {q.axis: (sign * q.weight * (value - 3) / 2, -q.weight, q.weight)}
    chosen = next((a for a in q.answers if a.id == value), None)
    if chosen is None:
        raise ValueError(f"question {q.id!r} has no answer {value!r}")
    return {axis: (chosen.weights.get(axis, 0.0), lo, hi) for axis, (lo, hi) in q.ranges.items()}


def is_asked(bank: Bank, q: AnyQuestion, answers: Answers) -> bool:
    """Whether ``q``'s conditions hold given the answers so far."""
    return all(
        c.question in answers
        and answers[c.question] in c.answers
        and not isinstance(answers[c.question], bool)
        for c in q.when
    )


def asked_answers(bank: Bank, answers: Answers) -> list[tuple[AnyQuestion, AnswerValue]]:
    """The answers that count: for questions that are asked given the earlier answers."""
    counted: dict[str, AnswerValue] = {}
    out: list[tuple[AnyQuestion, AnswerValue]] = []
    for q in bank.questions:
        if q.id in answers and is_asked(bank, q, counted):
            value = answers[q.id]
            counted[q.id] = value
            out.append((q, value))
    return out


def score(bank: Bank, answers: Answers) -> Result:
    """Score a set of answers (question id → answer id, or 1-5 for likert).

    Answers to questions that are not asked (their condition fails) are ignored; missing
    answers are skipped questions. Raises ``ValueError`` for an answer the bank does not have.
    """
    counted = asked_answers(bank, answers)
    raw = dict.fromkeys(bank.axis_ids, 0.0)
    lo_sum = dict.fromkeys(bank.axis_ids, 0.0)
    hi_sum = dict.fromkeys(bank.axis_ids, 0.0)
    terms: list[tuple[str, AnswerValue, str, float, float, float]] = []
    for q, value in counted:
        for axis, (c, lo, hi) in question_terms(q, value).items():
            raw[axis] += c
            lo_sum[axis] += lo
            hi_sum[axis] += hi
            terms.append((q.id, value, axis, c, lo, hi))

    axes: list[AxisScore] = []
    for axis in bank.axis_ids:
        span = hi_sum[axis] - lo_sum[axis]
        if span <= 1e-12:
            axes.append(AxisScore(axis, 0.0, False))
        else:
            position = (2 * raw[axis] - hi_sum[axis] - lo_sum[axis]) / span
            axes.append(AxisScore(axis, _clip(position, -1.0, 1.0), True))

    contributions = []
    for qid, value, axis, c, lo, hi in terms:
        span = hi_sum[axis] - lo_sum[axis]
        contributions.append(Contribution(qid, value, axis, (2 * c - hi - lo) / span))
    contributions.sort(key=lambda t: (-abs(t.delta), bank.question_index[t.question], t.axis))

    outcome, confidence, fits, on_margin = decide(bank, axes)
    return Result(
        bank_id=bank.id,
        outcome=outcome,
        confidence=confidence,
        axes=tuple(axes),
        fits=fits,
        answers=tuple((q.id, v) for q, v in counted),
        contributions=tuple(contributions),
        won_on_margin=on_margin,
    )


def decide(
    bank: Bank, axes: Iterable[AxisScore]
) -> tuple[str, float, tuple[OutcomeFit, ...], bool]:
    """Apply the outcome rule to axis scores: (outcome id, confidence, fits, won on margin)."""
    measured = [a for a in axes if a.measured]
    n = len(measured)
    scale = 2 * math.sqrt(n) if n else 1.0
    fits = []
    for o in bank.outcomes:
        d = math.sqrt(sum((a.score - o.profile.get(a.id, 0.0)) ** 2 for a in measured))
        fits.append(OutcomeFit(o.id, 1 - d / scale, d))
    order = {o.id: i for i, o in enumerate(bank.outcomes)}
    fits.sort(key=lambda f: (-f.fit, order[f.id]))
    balanced = bank.balanced_outcome
    contenders = [f for f in fits if balanced is None or f.id != balanced.id]
    winner, rival = contenders[0], contenders[1] if len(contenders) > 1 else None
    if balanced is not None and rival is not None:
        lead = winner.fit - rival.fit
        margin = bank.rule.margin
        if lead < margin:
            confidence = 1 - lead / margin if margin > 0 else 1.0
            return balanced.id, _clip(confidence, 0.0, 1.0), tuple(fits), True
    if rival is None or rival.distance <= 1e-12:
        confidence = 1.0 if rival is None else 0.0
    else:
        confidence = 1 - winner.distance / rival.distance
    return winner.id, _clip(confidence, 0.0, 1.0), tuple(fits), False


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x
