"""The adaptive quiz: when the verdict is certain (lock-in), how likely it is (``--quick``), and
which question to ask next. Pure and deterministic.

A *state* is one entry per question in bank order: ``None`` while it is not settled, ``-1``
once it was skipped, else the index of the chosen option. Questions whose conditions failed are
simply never settled.

**Lock-in** (:func:`locked`) is *sound*: it names an outcome only if every way of answering the
questions that are still open (any option, a skip where one is allowed, any question whose
conditions may still hold asked or not) ends in that outcome under the real rule in
:mod:`popquiz.engine.compiled`. Why it can be proved cheaply:

* Per axis, the score is ``s = (U + Σu) / (W + Σw)``: ``U`` and ``W`` sum ``2c − hi − lo`` and
  ``hi − lo`` over the answered questions, and each further answered question adds its own
  ``u ∈ [−w, w]`` and ``w``. Once the set of answered questions is fixed, the denominators are
  fixed and ``s`` is linear in the answers.
* Fit differences are linear in the scores: ``(s − b)² − (s − a)² = (a − b)(2s − a − b)``, so
  "A beats B by the margin whatever comes" is ``Σ_axes (a−b)(2s−a−b) − 4·margin ≥ 0`` over the
  measured axes; with the set fixed its minimum is a sum of per-question minima (**exact**).
* When the set is not fixed (skips, conditions), two sound bounds are used. The *box*: per axis,
  ``s`` lies in ``[(U − R)/(W + R), (U + R)/(W + R)]`` (R: the open questions' ``w``), because an
  extra answer at an extreme only pushes ``s`` towards that extreme; over that box the linear
  comparison's minimum is taken per axis. It ignores that one option moves several axes at once.
  And, when at most :data:`MAX_CASES` questions are undecided, every subset of them is tried as
  "answered" with the exact per-question minima (a conditional question's condition is relaxed to
  "maybe").
* A non-balanced winner needs a win by the margin over every rival: exact per pair. A
  **balanced** verdict needs "no outcome leads all others by the margin" in every completion, a
  max-min that is not separable: it is proved when every outcome has *one* rival it cannot lead
  by the margin (exact with two contenders, incomplete with more; ``analyze`` measures the cost).
* Ties within :data:`TOLERANCE` of a boundary are never called: the float sums of the real rule
  could fall either way.

Only the outcome is locked, not its strength, the scores or the recommendations: answering on
gives a finer profile.

**Estimates** (:class:`Particles`) come from the consistent-taker model of
:mod:`popquiz.engine.takers`, with no calibration data: seeded takers (an equal number per
outcome type), each with a latent position and a complete answer set. Given the answers so far,
a taker is weighted by how likely it was to answer that way, and its verdict is the one of the
answers so far completed by its own. That gives the probability of each final outcome and, per
open question, the mutual information between its answer and the outcome: the next question is
the most informative one (ties: the largest share of the axes' ranges, then bank order).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Literal, NamedTuple

from popquiz.engine.compiled import EPS, compiled

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.engine.compiled import Compiled

State = Sequence[int | None]
Mode = Literal["full", "adaptive", "quick"]
Stopped = Literal["locked", "confident", "complete"]

TOLERANCE = 1e-9  # slack (in squared-distance units) below which a comparison is not called
MAX_CASES = 4  # up to this many undecided questions, every answered/not-answered subset is tried
PARTICLES = 240  # seeded consistent takers behind the estimates (a multiple of 2, 3, 4, 5, 6)
# A step costs about takers × questions; past this many, big banks get fewer takers (at least
# MIN_PARTICLES), so a 10,000-question bank still chooses its next question in tens of ms.
PARTICLE_CELLS = 48_000
MIN_PARTICLES = 24
_NEVER, _CERTAIN, _MAYBE = 0, 1, 2
_MEMO_KEY = "popquiz.engine.adaptive"


# --- lock-in ---------------------------------------------------------------------------------


def open_status(c: Compiled, state: State, skippable: Sequence[bool] | None = None) -> list[int]:
    """Per question: for open ones whether they will surely be answered (``_CERTAIN``), may be
    (``_MAYBE``: skippable, or conditions that may fail) or never can be (``_NEVER``); settled
    questions are ``-1``. ``skippable`` overrides the bank's flags (an answers file may leave
    any question out)."""
    skip = [q.skippable for q in c.bank.questions] if skippable is None else skippable
    status = [-1] * c.nq
    for qi in range(c.nq):
        if state[qi] is not None:
            continue
        st = _MAYBE if skip[qi] else _CERTAIN
        for j, allowed in c.conds[qi]:
            k = state[j]
            if k is not None:
                holds = k in allowed
            elif status[j] == _NEVER or not allowed:
                holds = False
            else:
                if status[j] != _CERTAIN or len(allowed) < len(c.values[j]):
                    st = _MAYBE
                continue
            if not holds:
                st = _NEVER
                break
        status[qi] = st
    return status


class _Sums(NamedTuple):
    u: list[float]  # per axis: Σ (2c − hi − lo) over answered questions
    w: list[float]  # per axis: Σ (hi − lo)


def _answered_sums(c: Compiled, state: State) -> _Sums:
    n = len(c.axes)
    u, w = [0.0] * n, [0.0] * n
    for qi, k in enumerate(state):
        if k is None or k < 0:
            continue
        for (i, term), (_, low, high) in zip(c.terms[qi][k], c.ranges[qi], strict=True):
            u[i] += 2 * term - high - low
            w[i] += high - low
    return _Sums(u, w)


def _pairs(c: Compiled) -> tuple[list[int], float]:
    """The contenders and the margin a winner needs (0 without a balanced outcome)."""
    margin = c.margin if c.balanced is not None else 0.0
    return c.contenders, margin


def locked(c: Compiled, state: State, skippable: Sequence[bool] | None = None) -> int | None:
    """The outcome every completion of ``state`` ends in, if that can be proved; else None.

    Sound (see the module docstring): a returned outcome is the full quiz's whatever the open
    questions are answered; None may also mean "true but not proved" (balanced verdicts with
    three or more contenders, ties at a boundary, or more than :data:`MAX_CASES` undecided
    questions where the box bound is too loose)."""
    contenders = c.contenders
    status = open_status(c, state, skippable)
    sums = _answered_sums(c, state)
    if len(contenders) == 1:
        return _single(c, sums, status)
    if not any(w > EPS for w in sums.w):
        return None  # no axis is surely measured: every fit could still be 1
    found = _box(c, sums, status)
    if found is not None:
        return found
    maybe = [qi for qi, st in enumerate(status) if st == _MAYBE]
    if len(maybe) > MAX_CASES:
        return None
    certain = [qi for qi, st in enumerate(status) if st == _CERTAIN]
    verdict: int | None = None
    for size in range(len(maybe) + 1):
        for subset in combinations(maybe, size):
            got = _exact(c, sums, certain + list(subset))
            if got is None or (verdict is not None and got != verdict):
                return None
            verdict = got
    return verdict


def _measured(
    c: Compiled, sums: _Sums, status: Sequence[int], kinds: tuple[int, ...]
) -> list[bool]:
    """Per axis: measured by an answer, or by an open question of ``kinds`` (``_CERTAIN``:
    then measured in every completion; with ``_MAYBE`` too: in some)."""
    out = [w > EPS for w in sums.w]
    for qi, st in enumerate(status):
        if st in kinds:
            for i, low, high in c.ranges[qi]:
                out[i] = out[i] or high - low > EPS
    return out


def _single(c: Compiled, sums: _Sums, status: Sequence[int]) -> int | None:
    """One non-balanced outcome: it wins unless it may not (:meth:`Compiled.eligible`) and the
    bank has a balanced outcome, which then wins; proved when that cannot change."""
    (only,) = c.contenders
    if c.balanced is None:
        return only  # the rule has nothing to choose between
    ok = c.eligible(_measured(c, sums, status, (_CERTAIN,)))
    if ok is None or ok[only]:
        return only  # more measured axes never take eligibility away
    ok = c.eligible(_measured(c, sums, status, (_CERTAIN, _MAYBE)))
    return c.balanced if ok is not None and not ok[only] else None


def _decide_bounds(
    c: Compiled, lower: list[list[float]], upper: list[list[float]], surely: Sequence[bool]
) -> int | None:
    """The rule applied to bounds of ``Σ_axes [(s − b)² − (s − a)² − 4m]`` for each ordered
    pair (a, b) of contenders: ``lower[a][b]`` ≤ it ≤ ``upper[a][b]`` in every completion.
    ``surely``: the axes measured in every completion. An outcome that takes sides only on
    unmeasured axes may not win (:meth:`Compiled.eligible`), so a winner is proved only if it
    may win on the surely measured axes (more measured axes never take that away); beating
    every contender, eligible or not, by the margin then makes it the best eligible outcome
    with a lead of at least the margin."""
    contenders = c.contenders  # the margin is folded into the bounds by the callers
    ok = c.eligible(surely)
    for a in contenders:
        if ok is not None and not ok[a]:
            continue
        if all(lower[a][b] > TOLERANCE for b in contenders if b != a):
            return a
    if c.balanced is None:
        return None
    # Balanced: whoever is best leads some rival by less than the margin, in every completion
    # (so does the best outcome that may win; and if none may, the balanced one wins anyway).
    for a in contenders:
        if not any(upper[a][b] < -TOLERANCE for b in contenders if b != a):
            return None
    return c.balanced


def _box(c: Compiled, sums: _Sums, status: Sequence[int]) -> int | None:
    n = len(c.axes)
    rest = [0.0] * n
    for qi, st in enumerate(status):
        if st in (_CERTAIN, _MAYBE):
            for i, low, high in c.ranges[qi]:
                rest[i] += high - low
    contenders, margin = _pairs(c)
    # Per axis: always measured (interval of s), maybe measured, or never.
    axes: list[tuple[bool, float, float]] = []
    for i in range(n):
        w0, r = sums.w[i], rest[i]
        if w0 + r <= EPS:
            continue
        low, high = (sums.u[i] - r) / (w0 + r), (sums.u[i] + r) / (w0 + r)
        axes.append((w0 > EPS, max(-1.0, low), min(1.0, high)))
    indices = [i for i in range(n) if sums.w[i] + rest[i] > EPS]
    profiles = c.outcome_profiles
    no = len(profiles)
    lower = [[0.0] * no for _ in range(no)]
    upper = [[0.0] * no for _ in range(no)]
    for a in contenders:
        pa = profiles[a]
        for b in contenders:
            if a == b:
                continue
            pb = profiles[b]
            lo_sum = hi_sum = 0.0
            for i, (surely, s_lo, s_hi) in zip(indices, axes, strict=True):
                slope = 2 * (pa[i] - pb[i])
                base = pb[i] * pb[i] - pa[i] * pa[i] - 4 * margin
                t1, t2 = slope * s_lo + base, slope * s_hi + base
                least, most = min(t1, t2), max(t1, t2)
                if not surely:  # the axis may stay unmeasured and then counts nothing
                    least, most = min(least, 0.0), max(most, 0.0)
                lo_sum += least
                hi_sum += most
            lower[a][b], upper[a][b] = lo_sum, hi_sum
    return _decide_bounds(c, lower, upper, _measured(c, sums, status, (_CERTAIN,)))


def _exact(c: Compiled, sums: _Sums, answered: Sequence[int]) -> int | None:
    """The proved outcome when exactly the open questions ``answered`` get answered."""
    n = len(c.axes)
    span = list(sums.w)
    for qi in answered:
        for i, low, high in c.ranges[qi]:
            span[i] += high - low
    measured = [i for i in range(n) if span[i] > EPS]
    if not measured:
        return None
    contenders, margin = _pairs(c)
    profiles = c.outcome_profiles
    no = len(profiles)
    lower = [[0.0] * no for _ in range(no)]
    upper = [[0.0] * no for _ in range(no)]
    # u of each option of each answered question, per axis, divided by the fixed span.
    scaled = [
        [
            [
                (i, (2 * term - high - low) / span[i])
                for (i, term), (_, low, high) in zip(option, c.ranges[qi], strict=True)
                if span[i] > EPS
            ]
            for option in c.terms[qi]
        ]
        for qi in answered
    ]
    for a in contenders:
        pa = profiles[a]
        for b in contenders:
            if a == b:
                continue
            pb = profiles[b]
            slope = [2 * (pa[i] - pb[i]) for i in range(n)]
            base = sum(
                slope[i] * sums.u[i] / span[i] + pb[i] * pb[i] - pa[i] * pa[i] - 4 * margin
                for i in measured
            )
            lo_sum = hi_sum = base
            for options in scaled:
                values = [sum(slope[i] * x for i, x in option) for option in options]
                lo_sum += min(values)
                hi_sum += max(values)
            lower[a][b], upper[a][b] = lo_sum, hi_sum
    return _decide_bounds(c, lower, upper, [x > EPS for x in span])


# --- estimates from consistent takers --------------------------------------------------------


class Estimate(NamedTuple):
    probabilities: list[float]  # per outcome, in declaration order
    leader: int
    confidence: float  # the leader's probability, shrunk towards uniform by the effective size
    effective: float  # effective number of takers behind it (Kish)


class Particles:
    """Seeded consistent takers for one bank (built once, kept with the bank)."""

    def __init__(self, c: Compiled, size: int = PARTICLES, seed: int = 0) -> None:
        from popquiz.engine.takers import answer_weights, draw, latent_position

        rng = random.Random(f"popquiz-adaptive:{c.bank.id}:{seed}")
        no = len(c.outcome_profiles)
        assigns: list[list[int]] = []
        # log P(option k of question q | taker p), stored [q][k][p]
        self.loglik: list[list[list[float]]] = [[[] for _ in v] for v in c.values]
        for p in range(size):
            theta = latent_position(c, rng, p % no)
            weights = answer_weights(c, theta)
            assigns.append([draw(w, rng) for w in weights])
            for qi, w in enumerate(weights):
                total = sum(w)
                for k, x in enumerate(w):
                    self.loglik[qi][k].append(math.log(max(x / total, 1e-300)))
        self.c = c
        self.size = size
        self._cache: dict[tuple[int | None, ...], tuple[list[float], list[int]]] = {}
        self._last: tuple[tuple[int | None, ...], list[float]] | None = None
        self.cols = [list(col) for col in zip(*assigns, strict=True)]  # [q][p]
        # Each taker's own term per question and axis slot (the order of ``c.ranges[q]``).
        self.terms = [
            [[c.terms[qi][k][slot][1] for k in self.cols[qi]] for slot in range(len(c.ranges[qi]))]
            for qi in range(c.nq)
        ]
        # The unconditional questions, and each taker's total over them per axis.
        self.plain = [qi for qi in range(c.nq) if not c.conds[qi]]
        self.plain_total = [[0.0] * size for _ in c.axes]
        for qi in self.plain:
            for slot, (i, _, _) in enumerate(c.ranges[qi]):
                self.plain_total[i] = [
                    x + y for x, y in zip(self.plain_total[i], self.terms[qi][slot], strict=True)
                ]
        # The takers who answered each option of each question (to sum weights in C).
        self.members = [
            [[p for p, v in enumerate(col) if v == k] for k in range(len(c.values[qi]))]
            for qi, col in enumerate(self.cols)
        ]
        # Tie-break: a question's share of each axis's total range, summed over its axes.
        spans = [0.0] * len(c.axes)
        for ranges in c.ranges:
            for i, low, high in ranges:
                spans[i] += high - low
        self.breadth = [
            sum((high - low) / spans[i] for i, low, high in ranges if spans[i] > EPS)
            for ranges in c.ranges
        ]

    def weights(self, state: State) -> list[float]:
        """Each taker's likelihood of the answers in ``state`` (normalised to sum 1)."""
        return self._posterior(state)[0]

    def _posterior(self, state: State) -> tuple[list[float], list[int]]:
        """Weights and outcomes per taker; the last few states are remembered, since a quiz
        asks about the same state several times (stop? next question?)."""
        key = tuple(state)
        found = self._cache.get(key)
        if found is None:
            found = (self._weights(key), self.outcomes(key))
            if len(self._cache) >= 8:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = found
        return found

    def _weights(self, state: tuple[int | None, ...]) -> list[float]:
        logw: list[float] | None = None
        last = self._last
        if last is not None and all(
            a is None or a == b for a, b in zip(last[0], state, strict=True)
        ):
            # One answer more than last time (the usual step): add only the new columns.
            logw = last[1]
            changed = [
                qi
                for qi, (a, b) in enumerate(zip(last[0], state, strict=True))
                if a is None and b is not None
            ]
        else:
            changed = list(range(self.c.nq))
        logw = [0.0] * self.size if logw is None else logw
        for qi in changed:
            k = state[qi]
            if k is not None and k >= 0:
                col = self.loglik[qi][k]
                logw = [x + y for x, y in zip(logw, col, strict=True)]
        self._last = (state, logw)
        top = max(logw)
        w = [math.exp(x - top) for x in logw]
        total = sum(w)
        return [x / total for x in w]

    def outcomes(self, state: State) -> list[int]:
        """Each taker's final outcome: the answers in ``state``, completed by its own.

        Column-wise over the takers (one list per axis), with the settled answers added once as
        numbers, so a step costs about (open questions × takers) additions; decided by the same
        :meth:`Compiled.pick` as one taker is."""
        c, size = self.c, self.size
        n = len(c.axes)
        raw_s, lo_s, hi_s = [0.0] * n, [0.0] * n, [0.0] * n
        raw: list[list[float] | None] = [None] * n
        lo: list[list[float] | None] = [None] * n
        hi: list[list[float] | None] = [None] * n
        asked: dict[int, list[bool]] = {}  # open questions others depend on: asked per taker

        def add(col: list[float] | None, values: list[float]) -> list[float]:
            return (
                list(values) if col is None else [x + y for x, y in zip(col, values, strict=True)]
            )

        for qi in range(c.nq):
            k = state[qi]
            conds = c.conds[qi]
            if k is not None:
                if k >= 0:
                    for (i, term), (_, low, high) in zip(c.terms[qi][k], c.ranges[qi], strict=True):
                        raw_s[i] += term
                        lo_s[i] += low
                        hi_s[i] += high
                continue
            mask: list[bool] | None = None
            if conds:
                everyone = True
                for j, allowed in conds:
                    kj = state[j]
                    if kj is not None:
                        if kj not in allowed:
                            everyone = False
                            mask = [False] * size
                            break
                        continue
                    aj = asked.get(j)
                    col = self.cols[j]
                    part = (
                        [v in allowed for v in col]
                        if aj is None
                        else [a and v in allowed for a, v in zip(aj, col, strict=True)]
                    )
                    mask = (
                        part if mask is None else [x and y for x, y in zip(mask, part, strict=True)]
                    )
                if not everyone or (mask is not None and not any(mask)):
                    if qi in c.referenced:
                        asked[qi] = [False] * size
                    continue
            if qi in c.referenced:
                asked[qi] = [True] * size if mask is None else mask
            if not conds:  # summed below, from whichever side is shorter
                for i, low, high in c.ranges[qi]:
                    lo_s[i] += low
                    hi_s[i] += high
                continue
            for slot, (i, low, high) in enumerate(c.ranges[qi]):
                terms = self.terms[qi][slot]
                if mask is None:
                    raw[i] = add(raw[i], terms)
                    lo_s[i] += low
                    hi_s[i] += high
                else:
                    raw[i] = add(
                        raw[i], [t if m else 0.0 for t, m in zip(terms, mask, strict=True)]
                    )
                    lo[i] = add(lo[i], [low if m else 0.0 for m in mask])
                    hi[i] = add(hi[i], [high if m else 0.0 for m in mask])
        open_plain = [qi for qi in self.plain if state[qi] is None]
        if len(open_plain) * 2 <= len(self.plain):
            for qi in open_plain:
                for slot, (i, _, _) in enumerate(c.ranges[qi]):
                    raw[i] = add(raw[i], self.terms[qi][slot])
        else:  # the unconditional questions' total, less the settled ones
            totals = list(self.plain_total)
            for qi in self.plain:
                if state[qi] is not None:
                    for slot, (i, _, _) in enumerate(c.ranges[qi]):
                        totals[i] = [
                            x - y for x, y in zip(totals[i], self.terms[qi][slot], strict=True)
                        ]
            for i in range(n):
                raw[i] = totals[i] if raw[i] is None else add(raw[i], totals[i])
        score_cols: list[list[float]] = []
        measured_cols: list[list[bool]] = []
        for i in range(n):
            r = [raw_s[i]] * size if raw[i] is None else [x + raw_s[i] for x in raw[i]]  # type: ignore[union-attr]
            if lo[i] is None and hi[i] is None:
                low, high = lo_s[i], hi_s[i]
                span = high - low
                if span <= EPS:
                    continue
                score_cols.append(
                    [
                        -1.0 if v < -1.0 else 1.0 if v > 1.0 else v
                        for v in [(2 * x - high - low) / span for x in r]
                    ]
                )
                measured_cols.append([True] * size)
                continue
            lows = [lo_s[i] + x for x in (lo[i] or [0.0] * size)]
            highs = [hi_s[i] + x for x in (hi[i] or [0.0] * size)]
            col, meas = [], []
            for x, low, high in zip(r, lows, highs, strict=True):
                span = high - low
                meas.append(span > EPS)
                col.append(_clip((2 * x - high - low) / span) if span > EPS else 0.0)
            score_cols.append(col)
            measured_cols.append(meas)
        no = len(c.outcome_ids)
        pick = c.pick
        if not score_cols:
            return [pick([1.0] * no)] * size
        used = [
            i
            for i in range(n)
            if not (lo[i] is None and hi[i] is None and hi_s[i] - lo_s[i] <= EPS)
        ]
        if all(all(m) for m in measured_cols):  # the usual case: one n for every taker
            # fit_o = 1 − (Σs² − 2·Σ s·p_o + Σp_o²)/(4n): the Σs² part is the same for every
            # outcome, and the rule only compares fits, so the linear rest decides alike.
            scale = 1 / (4 * len(used))
            fit_cols: dict[int, list[float]] = {}
            for o in c.contenders:
                p = c.outcome_profiles[o]
                col = [-sum(p[i] * p[i] for i in used) * scale] * size
                for i, scores in zip(used, score_cols, strict=True):
                    f = 2 * p[i] * scale
                    if f:
                        col = [g + f * x for g, x in zip(col, scores, strict=True)]
                fit_cols[o] = col
            if len(c.contenders) == 2:
                a, b = c.contenders  # a is declared first: it wins ties
                fa, fb = fit_cols[a], fit_cols[b]
                if c.balanced is None:
                    return [a if x >= y else b for x, y in zip(fa, fb, strict=True)]
                bal, margin = c.balanced, c.margin
                return [
                    bal if abs(x - y) < margin else a if x >= y else b
                    for x, y in zip(fa, fb, strict=True)
                ]
            rows = zip(*(fit_cols.get(o, [0.0] * size) for o in range(no)), strict=True)
            return [pick(list(fits)) for fits in rows]
        profiles = [[p[i] for i in used] for p in c.outcome_profiles]
        out = []
        for row, flags in zip(
            zip(*score_cols, strict=True), zip(*measured_cols, strict=True), strict=True
        ):
            m = sum(flags)
            if not m:
                out.append(pick([1.0] * no))
                continue
            out.append(
                pick(
                    [
                        1
                        - sum([(x - t) ** 2 for x, t, u in zip(row, p, flags, strict=True) if u])
                        / m
                        / 4
                        for p in profiles
                    ]
                )
            )
        return out

    def estimate(self, state: State) -> Estimate:
        """The probability of each final outcome given the answers in ``state``."""
        return self._estimate(*self._posterior(state))

    def _estimate(self, w: Sequence[float], outcomes: Sequence[int]) -> Estimate:
        no = len(self.c.outcome_ids)
        probs = [0.0] * no
        for x, o in zip(w, outcomes, strict=True):
            probs[o] += x
        leader = max(range(no), key=lambda o: (probs[o], -o))
        effective = 1.0 / sum(x * x for x in w)
        # Few effective takers make a sharp estimate unreliable: count one pseudo-taker per
        # outcome, so a unanimous handful never reads as certainty.
        confidence = (effective * probs[leader] + 1) / (effective + no)
        return Estimate(probs, leader, confidence, effective)

    def next_question(self, state: State, candidates: Sequence[int]) -> int | None:
        """The most informative of ``candidates`` about the final outcome (None: none left)."""
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        w, outcomes = self._posterior(state)
        no = len(self.c.outcome_ids)
        best, best_key = candidates[0], (-math.inf, 0.0)
        by_outcome = [
            [x if oo == o else 0.0 for x, oo in zip(w, outcomes, strict=True)] for o in range(no)
        ]
        present = [o for o in range(no) if any(by_outcome[o])]
        for qi in candidates:
            info = 0.0
            marginal = [0.0] * no
            for members in self.members[qi]:
                row = [sum(map(by_outcome[o].__getitem__, members)) for o in present]
                pk = sum(row)
                if pk <= 0:
                    continue
                for o, pko in zip(present, row, strict=True):
                    marginal[o] += pko
                    if pko > 0:
                        info += pko * math.log(pko / pk)
            info -= sum(p * math.log(p) for p in marginal if p > 0)
            key = (round(info, 9), self.breadth[qi])
            if key > best_key:
                best, best_key = qi, key
        return best


def _clip(v: float) -> float:
    return -1.0 if v < -1.0 else 1.0 if v > 1.0 else v


def particles(bank: Bank) -> Particles:
    """The bank's consistent takers, built on first use and kept with the bank."""
    memo = bank.memo
    found = memo.get(_MEMO_KEY)
    if found is None:
        c = compiled(bank)
        size = max(MIN_PARTICLES, min(PARTICLES, PARTICLE_CELLS // max(c.nq, 1)))
        found = memo[_MEMO_KEY] = Particles(c, size)
    assert isinstance(found, Particles)
    return found


# --- the adaptive walk -------------------------------------------------------------------------


class Settings(NamedTuple):
    """When ``--quick`` may stop (the bank's ``adaptive:`` settings, resolved)."""

    confidence: float
    min_questions: int
    max_questions: int


def askable(c: Compiled, state: State) -> list[int]:
    """Open questions whose conditions hold now (each condition's question is settled)."""
    out = []
    for qi in range(c.nq):
        if state[qi] is not None:
            continue
        if all(state[j] is not None and state[j] in allowed for j, allowed in c.conds[qi]):
            out.append(qi)
    return out


class Step(NamedTuple):
    """Where an adaptive quiz stands: the next question (None: stop) and why it would stop."""

    next: int | None
    stopped: Stopped | None  # None while it goes on
    outcome: int | None  # the locked outcome, when locked
    confidence: float | None  # the estimate's confidence (quick mode)


def step(
    c: Compiled,
    state: State,
    mode: Mode,
    settings: Settings,
    *,
    go_on: bool = False,
    skippable: Sequence[bool] | None = None,
) -> Step:
    """What an adaptive (or quick) quiz does next in ``state``. ``go_on``: the taker chose to
    answer on after a stop, so only the end of the questions stops it."""
    candidates = askable(c, state)
    if not candidates:
        return Step(None, "complete", None, None)
    asked = sum(1 for k in state if k is not None)
    model = particles(c.bank)
    if not go_on:
        outcome = locked(c, state, skippable)
        if outcome is not None:
            return Step(None, "locked", outcome, None)
        if mode == "quick":
            est = model.estimate(state)
            if asked >= settings.max_questions or (
                asked >= settings.min_questions and est.confidence >= settings.confidence
            ):
                return Step(None, "confident", None, est.confidence)
    return Step(model.next_question(state, candidates), None, None, None)


def settings_for(bank: Bank) -> Settings:
    """The bank's quick-mode settings with the documented defaults filled in."""
    spec = bank.quick
    nq = len(bank.questions)
    low = spec.min_questions if spec.min_questions is not None else min(nq, len(bank.axes))
    high = spec.max_questions if spec.max_questions is not None else nq
    return Settings(spec.confidence, min(low, nq), max(min(high, nq), min(low, nq)))


def total_questions(c: Compiled, state: State) -> int:
    """The questions asked so far plus those that may still be asked."""
    status = open_status(c, state)
    return sum(1 for k in state if k is not None) + sum(
        1 for st in status if st in (_CERTAIN, _MAYBE)
    )


class Walk(NamedTuple):
    """An adaptive quiz played from known answers: what it asked and why it stopped."""

    answers: dict[str, AnswerValue]  # the answers it counted
    asked: int
    total: int  # questions asked plus those that could still have been asked
    stopped: Stopped
    confidence: float | None


def walk(bank: Bank, answers: Mapping[str, AnswerValue], mode: Mode) -> Walk:
    """Play ``bank`` adaptively, answering each question it asks from ``answers`` (a missing
    answer is a skip; lock-in then treats every question as one that may be skipped, so the
    verdict is the one of ``answers`` in full whatever they leave out)."""
    c = compiled(bank)
    settings = settings_for(bank)
    skippable = [q.skippable or q.id not in answers for q in bank.questions]
    state: list[int | None] = [None] * c.nq
    while True:
        now = step(c, state, mode, settings, skippable=skippable)
        if now.next is None:
            break
        value = answers.get(c.qids[now.next])
        state[now.next] = -1 if value is None else c.option(now.next, value)
    counted = {
        c.qids[qi]: c.values[qi][k] for qi, k in enumerate(state) if k is not None and k >= 0
    }
    asked = sum(1 for k in state if k is not None)
    return Walk(
        counted, asked, total_questions(c, state), now.stopped or "complete", now.confidence
    )


# --- how much adaptive play saves (for analyze) ------------------------------------------------


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


def simulate(c: Compiled, model: str, takers: int, seed: int = 0) -> PlayStats:
    """Play ``takers`` seeded answer sets adaptively: lock-in and ``--quick`` (at the bank's
    settings) ask the same questions in the same order until quick stops, so one walk per
    answer set measures both."""
    from popquiz.engine.takers import consistent_assignment

    rng = random.Random(f"popquiz-adaptive-analysis:{model}:{seed}")
    rules = settings_for(c.bank)
    est = particles(c.bank)
    lock_asked: dict[int, int] = {}
    quick_asked: dict[int, int] = {}
    by_outcome: dict[int, list[int]] = {}
    agree_lock = agree_quick = stopped = 0
    full_total = 0
    for _ in range(takers):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        full = c.outcome(assign)
        full_total += sum(c.sums(assign)[3])
        state: list[int | None] = [None] * c.nq
        quick_at: int | None = None
        while True:
            asked = sum(1 for k in state if k is not None)
            now = step(c, state, "adaptive", rules)
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
