"""Estimates of adaptive play: how likely each verdict is (``--quick``) and which question
tells most about it. Pure and deterministic.

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
from collections.abc import Sequence
from operator import add as _add
from operator import itemgetter
from operator import sub as _sub
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import EPS, compiled

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.compiled import Compiled
    from popquiz.engine.lockin import State

PARTICLES = 240  # seeded consistent takers behind the estimates (a multiple of 2, 3, 4, 5, 6)
# A step costs about takers × questions; past this many, big banks get fewer takers (at least
# MIN_PARTICLES), so a 10,000-question bank still chooses its next question in tens of ms.
PARTICLE_CELLS = 48_000
MIN_PARTICLES = 24
# A lead this close to a boundary of the rule (a tie, the balanced margin) is decided by the
# fits in their own order: the lead alone is summed in another, with rounding of ~1e-15.
TIE = 1e-9
_MEMO_KEY = "popquiz.engine.estimate"


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
        # Per question and option, its takers' entries of a list (in taker order), as a tuple.
        self.getters = [
            [itemgetter(*members, size) if members else _nothing for members in options]
            for options in self.members
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
        # Two contenders on a straight-line distance: the first one's lead decides alone.
        self.linear = c.metric.plain and len(c.contenders) == 2

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
                logw = list(map(_add, logw, col))
        self._last = (state, logw)
        top = max(logw)
        w = [math.exp(x - top) for x in logw]
        total = sum(w)
        return [x / total for x in w]

    def unanimous(self, state: State) -> bool:
        """Whether every taker's completion of ``state`` ends in the same outcome."""
        found = self._posterior(state)[1]
        return found.count(found[0]) == len(found)

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
            return list(values) if col is None else list(map(_add, col, values))

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
                        totals[i] = list(map(_sub, totals[i], self.terms[qi][slot]))
            for i in range(n):
                raw[i] = totals[i] if raw[i] is None else add(raw[i], totals[i])
        if self.linear:
            found = self._by_lead(raw, raw_s, lo_s, hi_s, lo, hi)
            if found is not None:
                return found
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
        if c.metric.plain and all(all(m) for m in measured_cols):  # the usual case: one n
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
        out = []
        where = {i: k for k, i in enumerate(used)}
        for row, flags in zip(
            zip(*score_cols, strict=True), zip(*measured_cols, strict=True), strict=True
        ):
            if not any(flags):
                out.append(pick([1.0] * no))
                continue
            full = [row[where[i]] if i in where else 0.0 for i in range(n)]
            shape = [i in where and flags[where[i]] for i in range(n)]
            out.append(pick(c.fits(full, shape)))
        return out

    def _by_lead(
        self,
        raw: Sequence[list[float] | None],
        raw_s: Sequence[float],
        lo_s: Sequence[float],
        hi_s: Sequence[float],
        lo: Sequence[list[float] | None],
        hi: Sequence[list[float] | None],
    ) -> list[int] | None:
        """Two contenders: each verdict from the lead ``fit_a − fit_b = Σ 2(a−b)·s/(4n) −
        Σ(a² − b²)/(4n)`` alone, linear in the taker's scores (a score's clip to [−1, 1] only
        trims rounding: a sum of terms lies within the sum of their ranges). None when some
        lead is within :data:`TIE` of a boundary, or some taker leaves an axis unmeasured."""
        c, size = self.c, self.size
        a, b = c.contenders
        pa, pb = c.outcome_profiles[a], c.outcome_profiles[b]
        used = [
            i
            for i in range(len(c.axes))
            if lo[i] is not None or hi[i] is not None or hi_s[i] - lo_s[i] > EPS
        ]
        if not used:
            return None
        scale = 1 / (4 * len(used))
        base = 0.0
        lead: list[float] | None = None
        for i in used:
            base += (pb[i] * pb[i] - pa[i] * pa[i]) * scale
            slope = 2 * (pa[i] - pb[i]) * scale
            col, low_i, high_i = raw[i], lo[i], hi[i]
            if low_i is not None or high_i is not None:  # a range of its own per taker
                r = [raw_s[i]] * size if col is None else [x + raw_s[i] for x in col]
                lows = [lo_s[i]] * size if low_i is None else [lo_s[i] + x for x in low_i]
                highs = [hi_s[i]] * size if high_i is None else [hi_s[i] + x for x in high_i]
                spans = list(map(_sub, highs, lows))
                if min(spans) <= EPS:
                    return None
                if slope:
                    part = [
                        slope * (2 * x - h - lw) / sp
                        for x, h, lw, sp in zip(r, highs, lows, spans, strict=True)
                    ]
                    lead = part if lead is None else list(map(_add, lead, part))
                continue
            if not slope:
                continue
            span = hi_s[i] - lo_s[i]
            base += slope * (2 * raw_s[i] - hi_s[i] - lo_s[i]) / span
            if col is not None:
                part = list(map((2 * slope / span).__mul__, col))
                lead = part if lead is None else list(map(_add, lead, part))
        leads = [base] * size if lead is None else list(map(base.__add__, lead))
        gaps = list(map(abs, leads))
        if min(gaps) < TIE:
            return None
        if c.balanced is None:
            return [a if x >= 0 else b for x in leads]
        bal, margin = c.balanced, c.margin
        if min([abs(g - margin) for g in gaps]) < TIE:
            return None
        return [bal if g < margin else a if x >= 0 else b for x, g in zip(leads, gaps, strict=True)]

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
        best, best_key = candidates[0], (-math.inf, 0.0)
        for qi, info in zip(candidates, self.information(state, candidates), strict=True):
            key = (round(info, 9), self.breadth[qi])
            if key > best_key:
                best, best_key = qi, key
        return best

    def information(self, state: State, candidates: Sequence[int]) -> list[float]:
        """Per candidate question: the mutual information between its answer and the final
        outcome, given the answers in ``state``."""
        w, outcomes = self._posterior(state)
        log = math.log
        # Per outcome some taker ends in with a weight: each taker's weight if it ends there,
        # else 0.0; and one 0.0 more at the end (index ``size``), which every getter reads so
        # that one taker alone still makes a tuple (adding 0.0 changes no sum).
        by_outcome = [
            [x if oo == o else 0.0 for x, oo in zip(w, outcomes, strict=True)] + [0.0]
            for o in sorted(set(outcomes))
        ]
        by_outcome = [col for col in by_outcome if any(col)]
        found = []
        for qi in candidates:
            info = 0.0
            marginal = [0.0] * len(by_outcome)
            for members in self.getters[qi]:
                row = list(map(sum, map(members, by_outcome)))
                pk = sum(row)
                if pk <= 0:
                    continue
                marginal = list(map(_add, marginal, row))
                for pko in row:
                    if pko > 0:
                        info += pko * log(pko / pk)
            info -= sum([p * log(p) for p in marginal if p > 0])
            found.append(info)
        return found


def _nothing(values: Sequence[float]) -> tuple[float, ...]:
    return ()


def _clip(v: float) -> float:
    return -1.0 if v < -1.0 else 1.0 if v > 1.0 else v


def particle_count(c: Compiled) -> int:
    """How many takers a bank's estimate uses (fewer for big banks; see PARTICLE_CELLS)."""
    return max(MIN_PARTICLES, min(PARTICLES, PARTICLE_CELLS // max(c.nq, 1)))


def particles(bank: Bank) -> Particles:
    """The bank's consistent takers, built on first use and kept with the bank."""
    memo = bank.memo
    found = memo.get(_MEMO_KEY)
    if found is None:
        c = compiled(bank)
        found = memo[_MEMO_KEY] = Particles(c, particle_count(c))
    assert isinstance(found, Particles)
    return found
