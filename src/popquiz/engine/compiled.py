"""The bank compiled to flat arrays, once per bank: the one home of the scoring arithmetic.

:func:`compiled` turns a bank into index arrays (axes, options and conditions by position) and
keeps the result with the bank, so it is built once however often a bank is scored. Everything
that turns answers into a verdict goes through it: :func:`popquiz.engine.scoring.score` (one
taker), :mod:`popquiz.engine.analysis` (many answer sets) and the adaptive modules. That
is why they agree: there is one implementation of each rule, not several kept equal by tests.

* **Normalisation** (:func:`position`): an axis's raw sum ``Σc`` within its achievable range
  ``[Σlo, Σhi]``, mapped to [-1, 1] as ``(2·Σc − Σhi − Σlo) / (Σhi − Σlo)``; one answer's share
  of it is its own term (:func:`share`), so the shares of an axis add up to its score.
* **Geometry** (:class:`Metric`): the bank's declared distance ``D = Σ wᵢ·|sᵢ − pᵢ|^pᵢ``
  between the scores and a profile over the measured axes (each axis's ``weight`` and
  ``power``; by default 1 and 2, the squared straight-line distance). An outcome's fit is
  ``1 − D/Dmax``, ``Dmax`` the distance when every difference is a whole pole-to-pole length
  (``1 − (D/n)/4`` by default); an act's match is ``max(0, 1 − r)`` (:func:`matches`), ``r``
  the difference that on every axis at once would give ``D`` (``√(D/n)`` by default).
* **The outcome rule** (:meth:`Compiled.pick`): the best fit wins, unless the bank has a
  balanced outcome and the lead of the best over the runner-up is below ``rule.margin``. A
  lead in fit is ``(D_B − D_A)/Dmax``: per axis, so one margin means the same in any bank
  (and, with power 2 on every axis, linear in the axis scores).
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


def pole_percentages(score: float) -> tuple[int, int]:
    """A score (-1 … 1) as whole percentages towards its low and high pole, ``50·(1 ∓ s)``
    rounded half away from the middle, so the two always add up to 100 and a score and its
    mirror image give the same pair swapped."""
    s = -1.0 if score < -1.0 else 1.0 if score > 1.0 else float(score)
    step = math.floor(abs(s) * 50 + 0.5)
    high = 50 + step if s >= 0 else 50 - step
    return 100 - high, high


def position(total: float, low: float, high: float) -> float | None:
    """Where ``total`` sits in ``[low, high]``, mapped to [-1, 1] and clipped; None when the
    range is empty (no answered question moves the axis: it is unmeasured)."""
    span = high - low
    if span <= EPS:
        return None
    v = share(total, low, high, span)
    return -1.0 if v < -1.0 else 1.0 if v > 1.0 else v


class Metric:
    """The bank's declared distance: per axis a weight and a power (``axes[].weight``,
    ``axes[].power``), giving ``D = Σ wᵢ·|sᵢ − pᵢ|^pᵢ`` over the measured axes."""

    __slots__ = ("_ceilings", "plain", "powers", "squared", "weights")

    def __init__(self, weights: Sequence[float], powers: Sequence[float]) -> None:
        self.weights = tuple(weights)
        self.powers = tuple(powers)
        # Power 2 on every axis: a difference of fits is then linear in the scores.
        self.squared = all(p == 2.0 for p in self.powers)
        # Straight-line distance: power 2 and the same weight on every axis.
        self.plain = self.squared and len(set(self.weights)) <= 1
        self._ceilings: dict[tuple[bool, ...], float] = {}

    @staticmethod
    def straight(n: int) -> Metric:
        return Metric((1.0,) * n, (2.0,) * n)

    def mean(
        self,
        scores: Sequence[float],
        measured: Sequence[bool],
        profiles: Sequence[Sequence[float]],
        emphasis: Sequence[float] | None = None,
    ) -> list[float]:
        """For each profile, the distance per unit of weight, ``D / Σwᵢ`` over the measured
        axes (0 when none is measured). ``emphasis``: extra per-axis factors on the weights."""
        columns = [list(col) for col in zip(*profiles, strict=True)] if profiles else []
        return self.mean_columns(scores, measured, columns, len(profiles), emphasis)

    def mean_columns(
        self,
        scores: Sequence[float],
        measured: Sequence[bool],
        columns: Sequence[Sequence[float]],
        count: int,
        emphasis: Sequence[float] | None = None,
    ) -> list[float]:
        """:meth:`mean` for ``count`` profiles given axis by axis (``columns[i]``: every
        profile's position on axis ``i``), the form many profiles are compared fastest in."""
        used = [i for i, m in enumerate(measured) if m]
        if not used or not count:
            return [0.0] * count
        # Axis by axis, in axis order: each profile's sum adds its terms in the same order as
        # a per-profile sum would, so the default rule gives the very same floats.
        acc = [0.0] * count
        if emphasis is None and self.plain:
            for i in used:
                s = scores[i]
                acc = [a + (s - x) ** 2 for a, x in zip(acc, columns[i], strict=True)]
            n = len(used)
            return [a / n for a in acc]
        w = self._weights(used, emphasis)
        total = sum(w)
        if total <= 0:
            return [0.0] * count
        for i, wi in zip(used, w, strict=True):
            if not wi:
                continue
            s, q = scores[i], self.powers[i]
            if q == 2.0:
                acc = [a + wi * (s - x) ** 2 for a, x in zip(acc, columns[i], strict=True)]
            else:
                acc = [a + wi * abs(s - x) ** q for a, x in zip(acc, columns[i], strict=True)]
        return [a / total for a in acc]

    def ceiling(self, measured: Sequence[bool], emphasis: Sequence[float] | None = None) -> float:
        """The largest :meth:`mean` any two positions can have: every difference a whole
        pole-to-pole length (2). 4 for straight-line distance."""
        if emphasis is None:
            if self.plain:
                return 4.0
            key = tuple(measured)
            found = self._ceilings.get(key)
            if found is None:
                found = self._ceilings[key] = self._ceiling(measured, None)
            return found
        return self._ceiling(measured, emphasis)

    def _ceiling(self, measured: Sequence[bool], emphasis: Sequence[float] | None) -> float:
        used = [i for i, m in enumerate(measured) if m]
        w = self._weights(used, emphasis)
        total = sum(w)
        if not used or total <= 0:
            return 4.0
        return float(sum(wi * 2.0 ** self.powers[i] for i, wi in zip(used, w, strict=True))) / total

    def radius(
        self, mean: float, measured: Sequence[bool], emphasis: Sequence[float] | None = None
    ) -> float:
        """The difference ``r`` that, on every measured axis at once, gives this :meth:`mean`:
        ``Σ wᵢ·r^pᵢ / Σ wᵢ = mean``. The root mean square difference for straight-line
        distance; in any rule it grows with the distance, so it ranks alike."""
        used = [i for i, m in enumerate(measured) if m] or list(range(len(self.powers)))
        if mean <= 0:
            return 0.0
        powers = {self.powers[i] for i in used}
        if len(powers) == 1:
            (p,) = powers
            return math.sqrt(mean) if p == 2.0 else float(mean ** (1.0 / p))
        w = self._weights(used, emphasis)
        total = sum(w) or 1.0
        pw = [self.powers[i] for i in used]

        def at(r: float) -> float:
            return float(sum(wi * r**pi for wi, pi in zip(w, pw, strict=True))) / total

        low, high = 0.0, 2.0
        while at(high) < mean:  # only past a pole-length when given an outside mean
            high *= 2
        for _ in range(60):  # bisection: the sum grows with r
            mid = (low + high) / 2
            if at(mid) < mean:
                low = mid
            else:
                high = mid
        return (low + high) / 2

    def _weights(self, used: Sequence[int], emphasis: Sequence[float] | None) -> list[float]:
        if emphasis is None:
            return [self.weights[i] for i in used]
        return [self.weights[i] * max(0.0, emphasis[i]) for i in used]


def matches(
    scores: Sequence[float],
    measured: Sequence[bool],
    profiles: Sequence[Sequence[float]],
    metric: Metric | None = None,
    emphasis: Sequence[float] | None = None,
) -> list[float]:
    """How well each profile matches: 1 at the taker's own scores, 0 once it is as far as a
    whole pole-length (1) on every measured axis would be: ``max(0, 1 − r)`` with ``r`` the
    :meth:`Metric.radius` of the distance (``√(D/n)`` for straight-line distance).

    ``metric``: the bank's declared distance (straight-line if None); ``emphasis``: optional
    extra per-axis factors on its weights (a ranking that cares more about some axes)."""
    rule = Metric.straight(len(scores)) if metric is None else metric
    means = rule.mean(scores, measured, profiles, emphasis)
    if emphasis is None and rule.plain:
        return [max(0.0, 1.0 - math.sqrt(d)) for d in means]
    return [max(0.0, 1.0 - rule.radius(d, measured, emphasis)) for d in means]


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
        self.outcome_columns = [
            [p[i] for p in self.outcome_profiles] for i in range(len(self.axes))
        ]
        balanced = bank.balanced_outcome
        self.balanced = None if balanced is None else self.outcome_ids.index(balanced.id)
        self.contenders = [i for i in range(len(self.outcome_ids)) if i != self.balanced]
        # The axes each non-balanced outcome takes a side on (a non-zero position).
        self.sided = [
            (oi, [i for i, p in enumerate(self.outcome_profiles[oi]) if p != 0.0])
            for oi in self.contenders
        ]
        self.margin = bank.rule.margin
        self.metric = Metric(tuple(a.weight for a in bank.axes), tuple(a.power for a in bank.axes))
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
        """Every outcome's fit ``1 − D/Dmax`` (1 = at its profile, 0 = every difference a
        whole pole-to-pole length), in declaration order: ``1 − (D/n)/4`` for straight-line
        distance."""
        metric = self.metric
        means = metric.mean_columns(
            scores, measured, self.outcome_columns, len(self.outcome_profiles)
        )
        if metric.plain:
            return [1 - d / 4 for d in means]
        top = metric.ceiling(measured)
        return [1 - d / top for d in means]

    def act_matches(
        self,
        scores: Sequence[float],
        measured: Sequence[bool],
        emphasis: Sequence[float] | None = None,
    ) -> list[float]:
        """Every act's :func:`matches` under the bank's declared distance, in catalogue order."""
        return matches(scores, measured, self.act_profiles, self.metric, emphasis)

    def distance(self, fit: float, measured: Sequence[bool]) -> float:
        """The distance behind a fit: the straight-line distance ``√D`` by default, else the
        declared ``D = Σ wᵢ·|dᵢ|^pᵢ`` itself."""
        metric = self.metric
        if metric.plain:
            return 2 * math.sqrt(max(0.0, 1 - fit) * sum(measured))
        used = [i for i, m in enumerate(measured) if m]
        total = sum(metric.weights[i] for i in used)
        return max(0.0, 1 - fit) * metric.ceiling(measured) * total

    def off_centre(self, fit: float, measured: Sequence[bool]) -> float:
        """How far a taker with this fit is from a profile, as one difference on every
        measured axis (:meth:`Metric.radius`; root mean square for straight-line distance)."""
        metric = self.metric
        if metric.plain:
            return 2 * math.sqrt(max(0.0, 1 - fit))
        return metric.radius(max(0.0, 1 - fit) * metric.ceiling(measured), measured)

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
            shape = [True] * len(self.axes) if measured is None else measured
            off_centre = self.off_centre(fits[winner], shape)
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
