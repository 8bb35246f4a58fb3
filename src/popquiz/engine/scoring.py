"""Answers → axis scores → outcome, its strength and per-answer contributions. Pure.

The formula (documented with a worked example in docs/authoring.md, "Scoring"):

* Each asked and answered question *q* gives axis *a* a raw value ``c`` (the chosen answer's
  weight on *a*, 0 if it has none; for likert, ``weight × (v − 3) / 2``, negated when reversed),
  and an achievable range ``[lo, hi]`` (the smallest and largest ``c`` any of its options gives).
* The axis score is the position of ``Σc`` within ``[Σlo, Σhi]``, mapped to [-1, 1]:
  ``score = (2·Σc − Σhi − Σlo) / (Σhi − Σlo)``. Picking the top option everywhere gives +1, the
  bottom option −1. An axis no answered question can move scores 0 and is "unmeasured".
* Each answer's contribution to an axis is its own term of that sum,
  ``(2c − hi − lo) / (Σhi − Σlo)``; the contributions add up to the score exactly.
* Each outcome's fit is ``1 − D/Dmax``, where *D* is the bank's declared distance between the
  taker's scores and the outcome's profile over the measured axes, ``Σ wᵢ·|sᵢ − pᵢ|^pᵢ`` (each
  axis's ``weight`` and ``power``, by default 1 and 2: the squared Euclidean distance), and
  *Dmax* its value when every difference is 2 (1 = identical, 0 = opposite corners; with the
  default rule ``1 − (D/n)/4`` over the *n* measured axes).
* The non-balanced outcome with the best fit wins (ties: declaration order), unless the bank
  declares a balanced outcome and the winner's *lead* (its fit minus the runner-up's) is below
  ``rule.margin``: then the balanced outcome wins. The balanced outcome never wins on fit alone;
  its profile describes where it sits (for recommendations and analysis).
* Facet preferences (:mod:`popquiz.engine.preferences`): what the answers' ``prefer`` say
  about the acts the taker wants, each in −1 … 1.
* Strength: a non-balanced verdict is ``clear`` once its lead exceeds the margin by
  ``rule.clear``, ``leaning`` once it exceeds it by ``rule.leaning``, else ``close``; a balanced
  verdict is ``clear`` while the taker's scores are within 0.08 of its profile (as one
  difference on every axis: the root mean square by default), ``leaning`` within 0.2,
  ``close`` beyond.

Each rule is implemented once, in :mod:`popquiz.engine.compiled`, which analysis and the quick
subset use too; this module turns its arrays into the result records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from popquiz.bank.model import AnswerValue, Strength
from popquiz.engine.compiled import compiled, share
from popquiz.engine.preferences import Preference, preferences

if TYPE_CHECKING:
    from popquiz.bank.model import AnyQuestion, Bank

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
    strength: Strength  # 'clear', 'leaning' or 'close'
    lead: float  # the best non-balanced fit minus the runner-up's
    axes: tuple[AxisScore, ...]
    fits: tuple[OutcomeFit, ...]  # best first
    answers: tuple[tuple[str, AnswerValue], ...]  # counted answers, in bank order
    contributions: tuple[Contribution, ...] = ()  # largest |delta| first
    won_on_margin: bool = False
    preferences: tuple[Preference, ...] = ()  # facet values the bank's answers speak of

    @property
    def preferred(self) -> dict[tuple[str, str], float]:
        """(facet, value) → the taker's preference, for the measured ones."""
        return {(p.facet, p.value): p.score for p in self.preferences if p.measured}

    @property
    def scores(self) -> dict[str, float]:
        return {a.id: a.score for a in self.axes}


def is_asked(bank: Bank, q: AnyQuestion, answers: Answers) -> bool:
    """Whether ``q``'s conditions hold given the answers so far."""
    return compiled(bank).asked_given(bank.question_index[q.id], answers)


def score(bank: Bank, answers: Answers) -> Result:
    """Score a set of answers (question id → answer id, or 1-5 for likert).

    Answers to questions that are not asked (their condition fails) are ignored; missing
    answers are skipped questions. Raises ``ValueError`` for an answer the bank does not have.
    """
    return score_assignment(bank, compiled(bank).assignment(answers))


def score_assignment(bank: Bank, assign: list[int]) -> Result:
    """:func:`score` for answers given as option indices (``Compiled.assignment``'s form);
    analysis scores its sampled answer sets this way, without building answer mappings."""
    c = compiled(bank)
    raw, lo, hi, counted = c.sums(assign)
    values, measured = c.scores(raw, lo, hi)
    axes = tuple(AxisScore(axis, v, m) for axis, v, m in zip(c.axes, values, measured, strict=True))
    contributions = []
    for qi, k in enumerate(assign):
        if not counted[qi]:
            continue
        value = c.values[qi][k]
        for (i, term), (_, low, high) in zip(c.terms[qi][k], c.ranges[qi], strict=True):
            span = hi[i] - lo[i]
            contributions.append(
                Contribution(c.qids[qi], value, c.axes[i], share(term, low, high, span))
            )
    contributions.sort(key=lambda t: (-abs(t.delta), bank.question_index[t.question], t.axis))

    verdict = c.verdict(values, measured)
    order = {oid: i for i, oid in enumerate(c.outcome_ids)}
    fits = sorted(
        (
            OutcomeFit(oid, f, c.distance(f, measured))
            for oid, f in zip(c.outcome_ids, verdict.fits, strict=True)
        ),
        key=lambda f: (-f.fit, order[f.id]),
    )
    return Result(
        bank_id=bank.id,
        outcome=c.outcome_ids[verdict.winner],
        strength=verdict.strength,
        lead=verdict.lead,
        axes=axes,
        fits=tuple(fits),
        answers=tuple((c.qids[qi], c.values[qi][k]) for qi, k in enumerate(assign) if counted[qi]),
        contributions=tuple(contributions),
        won_on_margin=verdict.on_margin,
        preferences=preferences(bank, assign, counted),
    )
