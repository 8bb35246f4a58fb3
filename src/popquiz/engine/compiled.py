"""The bank compiled to flat arrays, once per bank: the one home of the scoring arithmetic.

:func:`compiled` turns a bank into index arrays (axes, options and conditions by position) and
keeps the result with the bank, so it is built once however often a bank is scored. Everything
that turns answers into a verdict goes through it: :func:`popquiz.engine.scoring.score` (one
taker), :mod:`popquiz.engine.analysis` (many answer sets) and the adaptive modules. That
is why they agree: there is one implementation of each rule, not several kept equal by tests.

* **Normalisation** (:func:`position`): an axis's raw sum ``Σc`` within its achievable range
  ``[Σlo, Σhi]``, mapped to [-1, 1] as ``(2·Σc − Σhi − Σlo) / (Σhi − Σlo)``; one answer's share
  of it is its own term (:func:`share`), so the shares of an axis add up to its score.
* **Geometry** (:func:`mean_squares`): the mean squared distance ``D/n`` between the scores
  and a profile over the *n* measured axes (0 … 4). An outcome's fit is ``1 − (D/n)/4``; an
  act's match is ``max(0, 1 − √(D/n))`` (:func:`match`).
* **The outcome rule** (:meth:`Compiled.pick`): the best fit wins, unless the bank has a
  balanced outcome and the lead of the best over the runner-up is below ``rule.margin``. A
  lead in fit is ``(D_B − D_A)/(4n)``: linear in the axis scores and per axis, so one margin
  means the same in any bank.
* **Strength** (:meth:`Compiled.strength`): ``clear``, ``leaning`` or ``close``, from the lead
  (or, for a balanced verdict, from how centred the taker is).

An *assignment* is one option index per question (``-1``: not answered, i.e. skipped, or not
asked because its conditions fail).
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from popquiz.bank.model import AnswerValue, Strength

if TYPE_CHECKING:
    from popquiz.bank.model import Bank

EPS = 1e-12  # a range narrower than this measures nothing
LEAN = 0.15  # |score| from which a taker (or an act) leans to a pole, in words and reasons
MIDDLE = 0.05  # |score| below which a taker is "right in the middle" of an axis
# A balanced verdict is clear while the taker's scores are this close to its profile (root mean
# square per axis), leaning up to the second figure: in-between answers everywhere, not a mix
# of opposite ones that happens to cancel out.
CENTRED_CLEAR = 0.08
CENTRED_LEANING = 0.2
_MEMO_KEY = "popquiz.engine.compiled"


def compiled(bank: Bank) -> Compiled:
    """The compiled form of ``bank``, built on first use and kept with the bank."""
    memo = bank.memo
    found = memo.get(_MEMO_KEY)
    if found is None:
        found = memo[_MEMO_KEY] = Compiled(bank)
    assert isinstance(found, Compiled)
    return found


def share(term: float, low: float, high: float, span: float) -> float:
    """One answer's share of an axis score: its term ``(2c − hi − lo)`` over the axis's span."""
    return (2 * term - high - low) / span


def position(total: float, low: float, high: float) -> float | None:
    """Where ``total`` sits in ``[low, high]``, mapped to [-1, 1] and clipped; None when the
    range is empty (no answered question moves the axis: it is unmeasured)."""
    span = high - low
    if span <= EPS:
        return None
    v = share(total, low, high, span)
    return -1.0 if v < -1.0 else 1.0 if v > 1.0 else v


def mean_squares(
    scores: Sequence[float], measured: Sequence[bool], profiles: Sequence[Sequence[float]]
) -> list[float]:
    """For each profile, the mean squared distance between ``scores`` and it over the measured
    axes (0 when none is measured)."""
    used = [i for i, m in enumerate(measured) if m]
    if not used:
        return [0.0] * len(profiles)
    n = len(used)
    return [sum([(scores[i] - p[i]) ** 2 for i in used]) / n for p in profiles]


def matches(
    scores: Sequence[float], measured: Sequence[bool], profiles: Sequence[Sequence[float]]
) -> list[float]:
    """How well each act's profile matches: 1 at the taker's own scores, 0 once the profile is
    on average a whole pole-length (1) away per axis: ``max(0, 1 − √(D/n))``."""
    return [max(0.0, 1.0 - math.sqrt(d)) for d in mean_squares(scores, measured, profiles)]


class Verdict(NamedTuple):
    winner: int  # outcome index
    lead: float  # fit of the best non-balanced outcome minus the runner-up's (≥ 0)
    strength: Strength  # 'clear', 'leaning' or 'close'
    fits: list[float]  # fit per outcome, in declaration order
    on_margin: bool  # the balanced outcome won because the leaders were within the margin


class Compiled:
    """A bank as index arrays, with the normalisation and outcome rule applied to them."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.axes = list(bank.axis_ids)
        index = {a: i for i, a in enumerate(self.axes)}
        qindex = bank.question_index
        self.nq = len(bank.questions)
        self.qids = [q.id for q in bank.questions]
        # Per question: its answer values, per option the (axis, movement) terms on the axes
        # it can move, and those axes' (axis, lowest, highest) movements, in the same order.
        self.values: list[list[AnswerValue]] = []
        self.terms: list[list[tuple[tuple[int, float], ...]]] = []
        self.ranges: list[tuple[tuple[int, float, float], ...]] = []
        self.conds: list[tuple[tuple[int, frozenset[int]], ...]] = []
        self._choice_index: list[dict[str, int] | None] = []
        for q in bank.questions:
            ranges = tuple((index[axis], lo, hi) for axis, (lo, hi) in q.ranges.items())
            values: list[AnswerValue]
            terms: list[tuple[tuple[int, float], ...]]
            if q.kind == "likert":
                values = list(q.values)
                keyed = q.keyed  # in the order of q.ranges, so terms and ranges line up
                terms = [
                    tuple((index[a], w * q.multiplier(v)) for a, w in keyed.items())
                    for v in q.values
                ]
                self._choice_index.append(None)
            else:
                values = [a.id for a in q.answers]
                terms = [
                    tuple((i, a.weights.get(self.axes[i], 0.0)) for i, _, _ in ranges)
                    for a in q.answers
                ]
                self._choice_index.append({a.id: k for k, a in enumerate(q.answers)})
            self.values.append(values)
            self.terms.append(terms)
            self.ranges.append(ranges)
            conds = []
            for cond in q.when:
                j = qindex[cond.question]
                allowed = frozenset(
                    k for k, v in enumerate(self.values[j]) if _matches(v, cond.answers)
                )
                conds.append((j, allowed))
            self.conds.append(tuple(conds))
        self.referenced = {j for conds in self.conds for j, _ in conds}
        self.conditional = any(self.conds)
        self.lo_all, self.hi_all = [0.0] * len(self.axes), [0.0] * len(self.axes)
        for ranges in self.ranges:  # in question order, as every evaluation adds them
            for i, low, high in ranges:
                self.lo_all[i] += low
                self.hi_all[i] += high
        self.all_asked = [True] * self.nq
        self.outcome_ids = [o.id for o in bank.outcomes]
        self.outcome_profiles = [[o.profile.get(a, 0.0) for a in self.axes] for o in bank.outcomes]
        balanced = bank.balanced_outcome
        self.balanced = None if balanced is None else self.outcome_ids.index(balanced.id)
        self.contenders = [i for i in range(len(self.outcome_ids)) if i != self.balanced]
        # The axes each non-balanced outcome takes a side on (a non-zero position).
        self.sided = [
            (oi, [i for i, p in enumerate(self.outcome_profiles[oi]) if p != 0.0])
            for oi in self.contenders
        ]
        self.margin = bank.rule.margin
        self.act_profiles = [[act.profile.get(a, 0.0) for a in self.axes] for act in bank.acts]

    @cached_property
    def positions(self) -> list[list[dict[int, float]]]:
        """Per question, per option: axis → where the option sits within the question's own
        range on that axis (-1 … 1), for the axes the question moves."""
        return [
            [
                {
                    i: share(term, low, high, high - low)
                    for (i, term), (_, low, high) in zip(option, ranges, strict=True)
                }
                for option in options
            ]
            for options, ranges in zip(self.terms, self.ranges, strict=True)
        ]

    # Answers ---------------------------------------------------------------------------------

    def assignment(self, answers: Mapping[str, AnswerValue]) -> list[int]:
        """The option index of each question's answer, ``-1`` where it is not answered or not
        asked (its conditions fail given the earlier answers). Answers to questions that are
        not asked are ignored; an asked question's answer must be one the bank has
        (``ValueError`` otherwise)."""
        out = [-1] * self.nq
        for qi, qid in enumerate(self.qids):
            if qid not in answers or not self.is_asked(qi, out):
                continue
            out[qi] = self._option(qi, answers[qid])
        return out

    def is_asked(self, qi: int, assign: Sequence[int]) -> bool:
        """The condition rule: whether question ``qi``'s conditions hold for the (earlier)
        answers in ``assign``, where a question that was not asked or not answered is ``-1``."""
        return all(assign[j] in allowed for j, allowed in self.conds[qi])

    def asked_given(self, qi: int, answers: Mapping[str, AnswerValue]) -> bool:
        """:meth:`is_asked` for answers by id (a missing or unknown answer meets no condition)."""
        chosen = [-1] * self.nq
        for j, _ in self.conds[qi]:
            value = answers.get(self.qids[j])
            if value is not None:
                with contextlib.suppress(ValueError):
                    chosen[j] = self._option(j, value)
        return self.is_asked(qi, chosen)

    def option(self, qi: int, value: AnswerValue) -> int:
        """The option index of ``value`` as an answer to question ``qi`` (``ValueError`` if
        the question has no such answer)."""
        return self._option(qi, value)

    def _option(self, qi: int, value: AnswerValue) -> int:
        choices = self._choice_index[qi]
        if choices is None:
            points = len(self.values[qi])
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= points:
                raise ValueError(f"likert answer must be 1-{points}, got {value!r}")
            return value - 1
        k = choices.get(value) if isinstance(value, str) else None
        if k is None:
            raise ValueError(f"question {self.qids[qi]!r} has no answer {value!r}")
        return k

    def answers(self, assign: Sequence[int]) -> dict[str, AnswerValue]:
        """The asked questions' answers, as an answers file would give them."""
        _, _, _, asked = self.sums(assign)
        return {self.qids[q]: self.values[q][assign[q]] for q in range(self.nq) if asked[q]}

    def random_assignment(self, rng: random.Random) -> list[int]:
        r = rng.random
        return [int(r() * len(v)) for v in self.values]

    # Evaluation ------------------------------------------------------------------------------

    def sums(
        self, assign: Sequence[int]
    ) -> tuple[list[float], list[float], list[float], list[bool]]:
        """Raw sums, low and high range sums per axis, and which questions counted (asked and
        answered), adding in question order."""
        n = len(self.axes)
        raw = [0.0] * n
        if not self.conditional and min(assign, default=0) >= 0:
            for terms, k in zip(self.terms, assign, strict=True):
                for i, c in terms[k]:
                    raw[i] += c
            return raw, self.lo_all, self.hi_all, self.all_asked
        lo, hi = [0.0] * n, [0.0] * n
        asked = [False] * self.nq
        counted = [-1] * self.nq  # the answers that count so far, as the condition rule reads
        for qi in range(self.nq):
            k = assign[qi]
            if k < 0 or (self.conds[qi] and not self.is_asked(qi, counted)):
                continue
            asked[qi] = True
            counted[qi] = k
            for i, c in self.terms[qi][k]:
                raw[i] += c
            for i, low, high in self.ranges[qi]:
                lo[i] += low
                hi[i] += high
        return raw, lo, hi, asked

    @staticmethod
    def scores(
        raw: Sequence[float], lo: Sequence[float], hi: Sequence[float]
    ) -> tuple[list[float], list[bool]]:
        """Axis scores (0 where unmeasured) and which axes are measured."""
        found = [position(r, low, high) for r, low, high in zip(raw, lo, hi, strict=True)]
        return [0.0 if v is None else v for v in found], [v is not None for v in found]

    def fits(self, scores: Sequence[float], measured: Sequence[bool]) -> list[float]:
        """Every outcome's fit ``1 − (D/n)/4`` (1 = at its profile), in declaration order."""
        return [1 - d / 4 for d in mean_squares(scores, measured, self.outcome_profiles)]

    def eligible(self, measured: Sequence[bool] | None) -> list[bool] | None:
        """Per outcome: whether it may win. A non-balanced outcome that takes a side (a
        non-zero position) only on axes the answers left unmeasured may not: nothing the taker
        answered speaks for it ("openness is your strongest trait" with every openness item
        skipped). It still counts as a runner-up, so the lead stays honest. None: every
        outcome may (the common case, kept cheap: the rule runs for every sampled answer set)."""
        if measured is None or all(measured):
            return None
        ok = [True] * len(self.outcome_ids)
        for oi, sided in self.sided:
            if sided and not any(measured[i] for i in sided):
                ok[oi] = False
        return ok

    def lead(self, fits: Sequence[float], measured: Sequence[bool] | None = None) -> float:
        """How far the best non-balanced outcome that may win is ahead of the best other
        non-balanced outcome, at least 0 (1 when there is no other; 0 when none may win)."""
        ok = self.eligible(measured)
        best_i, best = -1, -math.inf
        for oi in self.contenders:
            if (ok is None or ok[oi]) and fits[oi] > best:
                best_i, best = oi, fits[oi]
        if best_i < 0:
            return 0.0
        second = max((fits[oi] for oi in self.contenders if oi != best_i), default=-math.inf)
        # Never negative: an outcome that may not win but fits better leaves no lead at all.
        return 1.0 if second == -math.inf else max(0.0, best - second)

    def pick(self, fits: Sequence[float], measured: Sequence[bool] | None = None) -> int:
        """The outcome rule, on a row of fits in declaration order: the non-balanced outcome
        with the best fit wins (ties: the earlier one), unless the bank has a balanced outcome
        and the winner leads the runner-up by less than ``rule.margin``: then it wins. Only
        outcomes that may win (:meth:`eligible`) are candidates; if none may, the balanced
        outcome wins (without one: the best fit)."""
        ok = self.eligible(measured)
        best = -1
        fbest = 0.0
        for oi in self.contenders:
            f = fits[oi]
            if (ok is None or ok[oi]) and (best < 0 or f > fbest):
                best, fbest = oi, f
        b = self.balanced
        if best < 0:
            return b if b is not None else self.pick(fits)
        if b is not None and len(self.contenders) > 1 and self.lead(fits, measured) < self.margin:
            return b
        return best

    def strength(
        self, fits: Sequence[float], winner: int, measured: Sequence[bool] | None = None
    ) -> Strength:
        """How sure the verdict is. A non-balanced verdict by how far its lead exceeds the
        margin (``rule.leaning`` and ``rule.clear`` are those excesses). A balanced verdict by
        how centred the taker is: the root-mean-square distance of their scores from the
        balanced outcome's profile, ``2·√(1 − fit)``, is 'clear' up to ``CENTRED_CLEAR``,
        'leaning' up to ``CENTRED_LEANING``, a 'close' call beyond."""
        rule = self.bank.rule
        if winner == self.balanced:
            off_centre = 2 * math.sqrt(max(0.0, 1 - fits[winner]))
            if off_centre <= CENTRED_CLEAR:
                return "clear"
            return "leaning" if off_centre <= CENTRED_LEANING else "close"
        excess = self.lead(fits, measured) - (self.margin if self.balanced is not None else 0.0)
        if excess >= rule.clear:
            return "clear"
        return "leaning" if excess >= rule.leaning else "close"

    def decide(self, scores: Sequence[float], measured: Sequence[bool]) -> int:
        """The winning outcome's index for these axis scores."""
        return self.pick(self.fits(scores, measured), measured)

    def verdict(self, scores: Sequence[float], measured: Sequence[bool]) -> Verdict:
        """The winner with its lead, strength and every outcome's fit."""
        fits = self.fits(scores, measured)
        winner = self.pick(fits, measured)
        lead = self.lead(fits, measured)
        strength = self.strength(fits, winner, measured)
        return Verdict(winner, lead, strength, fits, winner == self.balanced)

    def outcome(self, assign: Sequence[int]) -> int:
        raw, lo, hi, _ = self.sums(assign)
        return self.decide(*self.scores(raw, lo, hi))

    def outcomes_batch(self, cols: Sequence[Sequence[int]]) -> list[int]:
        """Outcomes of many complete assignments at once, given column-wise (one list per
        question): the sums are accumulated a column at a time, then each answer set is scored
        and decided by the same :meth:`scores` and :meth:`pick` as one taker is."""
        size = len(cols[0]) if cols else 0
        n = len(self.axes)
        raw = [[0.0] * size for _ in range(n)]
        lo: list[list[float]] = []
        hi: list[list[float]] = []
        asked: list[list[bool]] = []
        everyone = [True] * size
        if self.conditional:
            lo = [[0.0] * size for _ in range(n)]
            hi = [[0.0] * size for _ in range(n)]
        for qi in range(self.nq):
            col = cols[qi]
            conds = self.conds[qi]
            mask = everyone
            for j, allowed in conds:
                mask = [
                    m and a and v in allowed
                    for m, a, v in zip(mask, asked[j], cols[j], strict=True)
                ]
            asked.append(mask)
            options = self.terms[qi]
            for slot, (i, _) in enumerate(options[0]):
                tbl = [opt[slot][1] for opt in options]
                if conds:
                    raw[i] = [
                        x + tbl[k] if a else x for x, k, a in zip(raw[i], col, mask, strict=True)
                    ]
                else:
                    raw[i] = [x + tbl[k] for x, k in zip(raw[i], col, strict=True)]
            if conds:
                for i, low, high in self.ranges[qi]:
                    lo[i] = [x + low if a else x for x, a in zip(lo[i], mask, strict=True)]
                    hi[i] = [x + high if a else x for x, a in zip(hi[i], mask, strict=True)]
            elif self.conditional:  # added in question order, as one taker's sums are
                for i, low, high in self.ranges[qi]:
                    lo[i] = [x + low for x in lo[i]]
                    hi[i] = [x + high for x in hi[i]]
        decide, scores = self.decide, self.scores
        raw_rows = zip(*raw, strict=True)
        if not self.conditional:
            lo_all, hi_all = self.lo_all, self.hi_all
            return [decide(*scores(r, lo_all, hi_all)) for r in raw_rows]
        rows = zip(raw_rows, zip(*lo, strict=True), zip(*hi, strict=True), strict=True)
        return [decide(*scores(r, lw, h)) for r, lw, h in rows]


def _matches(value: AnswerValue, allowed: Sequence[Any]) -> bool:
    return any(value == a and isinstance(a, bool) is isinstance(value, bool) for a in allowed)
