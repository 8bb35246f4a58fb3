"""The adaptive estimate of :mod:`popquiz.engine.estimate` on arrays (numpy), for ``analyze
--adaptive``, which plays hundreds of adaptive quizzes at once: the same seeded takers, and for
many states side by side (one row per quiz) their verdicts, weights, estimate and the
information of every question. ``take`` keeps the pure form: numpy is ``analyze``'s alone.

Verdicts are the pure form's, taker for taker. The quick form sums in another order (a matrix
product), so a state with a taker within :data:`TIE` of a boundary of the rule, and every state
of a bank the quick form does not cover, is decided by :meth:`ArrayParticles.outcomes`: the
pure form's sums in the pure form's order. Weights and information differ from the pure
form's by rounding in the last places, far below the nine decimals a question's information
is compared at. The tests compare both forms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.compiled import EPS
from popquiz.engine.estimate import TIE, Particles, particle_count

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Bools, Floats, Ints
    from popquiz.engine.compiled import Compiled
    from popquiz.engine.lockin import State


OPEN = -2  # a question not settled yet, in a row of states (-1: skipped, else the option)
MAX_FORMS = 16  # more contenders than this: every state's verdicts decided one by one
CELLS = 1 << 20  # cells of the information's tables at a time (8 MiB each)


class ArrayParticles(Particles):
    """:class:`~popquiz.engine.estimate.Particles` on arrays: one state at a time
    (:meth:`outcomes`, the pure form's sums in its order) or many (:meth:`verdicts`,
    :meth:`weights_of`, :meth:`information_of`, :meth:`confidence_of`)."""

    def __init__(self, c: Compiled, size: int | None = None, seed: int = 0) -> None:
        super().__init__(c, particle_count(c) if size is None else size, seed)
        self.col_arrays: list[Ints] = [np.array(col, dtype=np.int64) for col in self.cols]
        self.term_arrays: list[list[Floats]] = [
            [np.array(slot, dtype=np.float64) for slot in q] for q in self.terms
        ]
        self.plain_arrays: list[Floats] = [np.array(t, dtype=np.float64) for t in self.plain_total]
        # Per condition (question, allowed answers): the takers whose own answer meets it.
        self.meets: dict[tuple[int, frozenset[int]], Bools] = {
            (j, allowed): np.isin(self.col_arrays[j], list(allowed))
            for conds in c.conds
            for j, allowed in conds
        }
        nq, size, n = c.nq, self.size, len(c.axes)
        width = max(len(v) for v in c.values)
        # Per question and option: log P(option | taker) (rows padded with zeros).
        self.loglik_table: Floats = np.zeros((nq, width, size))
        for qi, options in enumerate(self.loglik):
            for k, col in enumerate(options):
                self.loglik_table[qi, k] = col
        # Each option's term per axis (0 on axes it does not move), the question's range per
        # axis, and each taker's own term per question and axis.
        self.option_terms: Floats = np.zeros((nq, width, n))
        self.low: Floats = np.zeros((nq, n))
        self.high: Floats = np.zeros((nq, n))
        self.touches: Bools = np.zeros((nq, n), dtype=bool)
        own = np.zeros((nq, size, n))
        for qi in range(nq):
            for k, option in enumerate(c.terms[qi]):
                for i, term in option:
                    self.option_terms[qi, k, i] = term
            for slot, (i, low, high) in enumerate(c.ranges[qi]):
                self.low[qi, i], self.high[qi, i] = low, high
                self.touches[qi, i] = True
                own[qi, :, i] = self.term_arrays[qi][slot]
        # Each taker's own terms, (question, axis) × taker, and per axis question × taker.
        self.own_by_axis: Floats = np.ascontiguousarray(own.transpose(0, 2, 1)).reshape(
            nq * n, size
        )
        self.own_axis: list[Floats] = [np.ascontiguousarray(own[:, :, i]) for i in range(n)]
        self.is_plain: Bools = np.array([not conds for conds in c.conds], dtype=bool)
        self.gated = [qi for qi in range(nq) if c.conds[qi]]
        # Per question and option: which takers chose it (a 0/1 matrix, takers × options).
        self.first_option = np.cumsum([0] + [len(v) for v in c.values])[:-1]
        chosen = np.zeros((size, int(sum(len(v) for v in c.values))))
        for qi, answers in enumerate(self.col_arrays):
            chosen[np.arange(size), self.first_option[qi] + answers] = 1.0
        self.chosen: Floats = chosen
        self.breadth_array: Floats = np.array(self.breadth, dtype=np.float64)
        # The linear forms the quick verdicts weigh the scores by (profile, its squares):
        # the first contender's lead with two, each contender's fit with a few more; none
        # (every state decided one by one) under a declared distance or with many outcomes.
        profiles = np.array([c.outcome_profiles[o] for o in c.contenders], dtype=np.float64)
        profiles = profiles.reshape(len(c.contenders), n)
        squares = profiles**2
        if not c.metric.plain or not 2 <= len(c.contenders) <= MAX_FORMS:
            profiles = squares = np.zeros((0, n))
        elif len(c.contenders) == 2:  # one form: the first contender's lead over the second
            profiles, squares = profiles[:1] - profiles[1:], squares[:1] - squares[1:]
        self.forms: tuple[Floats, Floats] = (profiles, squares)

    def outcomes(self, state: State) -> list[int]:
        """:meth:`Particles.outcomes` on arrays: the same sums in the same order."""
        c, size = self.c, self.size
        n = len(c.axes)
        raw_s, lo_s, hi_s = [0.0] * n, [0.0] * n, [0.0] * n
        raw: list[Floats | None] = [None] * n
        lo: list[Floats | None] = [None] * n
        hi: list[Floats | None] = [None] * n
        asked: dict[int, Bools] = {}  # open questions others depend on: asked per taker

        def add(col: Floats | None, values: Floats) -> Floats:
            return values.copy() if col is None else col + values

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
            mask: Bools | None = None
            if conds:
                everyone = True
                for j, allowed in conds:
                    kj = state[j]
                    if kj is not None:
                        if kj not in allowed:
                            everyone = False
                            mask = np.zeros(size, dtype=bool)
                            break
                        continue
                    part = self.meets[j, allowed]
                    aj = asked.get(j)
                    if aj is not None:
                        part = aj & part
                    mask = part if mask is None else mask & part
                if not everyone or (mask is not None and not mask.any()):
                    if qi in c.referenced:
                        asked[qi] = np.zeros(size, dtype=bool)
                    continue
            if qi in c.referenced:
                asked[qi] = np.ones(size, dtype=bool) if mask is None else mask
            if not conds:  # summed below, from whichever side is shorter
                for i, low, high in c.ranges[qi]:
                    lo_s[i] += low
                    hi_s[i] += high
                continue
            for slot, (i, low, high) in enumerate(c.ranges[qi]):
                terms = self.term_arrays[qi][slot]
                if mask is None:
                    raw[i] = add(raw[i], terms)
                    lo_s[i] += low
                    hi_s[i] += high
                else:
                    raw[i] = add(raw[i], np.where(mask, terms, 0.0))
                    lo[i] = add(lo[i], np.where(mask, low, 0.0))
                    hi[i] = add(hi[i], np.where(mask, high, 0.0))
        open_plain = [qi for qi in self.plain if state[qi] is None]
        if len(open_plain) * 2 <= len(self.plain):
            for qi in open_plain:
                for slot, (i, _, _) in enumerate(c.ranges[qi]):
                    raw[i] = add(raw[i], self.term_arrays[qi][slot])
        else:  # the unconditional questions' total, less the settled ones
            totals = list(self.plain_arrays)
            for qi in self.plain:
                if state[qi] is not None:
                    for slot, (i, _, _) in enumerate(c.ranges[qi]):
                        totals[i] = totals[i] - self.term_arrays[qi][slot]
            for i in range(n):
                found = raw[i]
                raw[i] = totals[i] if found is None else found + totals[i]
        score_cols: list[Floats] = []
        measured_cols: list[Bools] = []
        used: list[int] = []
        for i in range(n):
            found = raw[i]
            r = np.full(size, raw_s[i]) if found is None else found + raw_s[i]
            low_i, high_i = lo[i], hi[i]
            if low_i is None and high_i is None:
                low, high = lo_s[i], hi_s[i]
                span = high - low
                if span <= EPS:
                    continue
                score_cols.append(np.clip((2 * r - high - low) / span, -1.0, 1.0))
                measured_cols.append(np.ones(size, dtype=bool))
                used.append(i)
                continue
            lows = lo_s[i] + (np.zeros(size) if low_i is None else low_i)
            highs = hi_s[i] + (np.zeros(size) if high_i is None else high_i)
            spans = highs - lows
            meas = spans > EPS
            value = np.clip((2 * r - highs - lows) / np.where(meas, spans, 1.0), -1.0, 1.0)
            score_cols.append(np.where(meas, value, 0.0))
            measured_cols.append(meas)
            used.append(i)
        no = len(c.outcome_ids)
        if not score_cols:
            return [c.pick([1.0] * no)] * size
        all_axes: Bools = np.ones((size, n), dtype=bool)
        if c.metric.plain and all(bool(m.all()) for m in measured_cols):
            # The linear rest of each fit decides alike (see Particles.outcomes).
            scale = 1 / (4 * len(used))
            fit_cols: dict[int, Floats] = {}
            for o in c.contenders:
                p = c.outcome_profiles[o]
                col = np.full(size, -sum(p[i] * p[i] for i in used) * scale)
                for i, scores in zip(used, score_cols, strict=True):
                    f = 2 * p[i] * scale
                    if f:
                        col = col + f * scores
                fit_cols[o] = col
            if len(c.contenders) == 2:
                a, b = c.contenders  # a is declared first: it wins ties
                fa, fb = fit_cols[a], fit_cols[b]
                first = np.where(fa >= fb, a, b)
                if c.balanced is not None:
                    first = np.where(np.abs(fa - fb) < c.margin, c.balanced, first)
                picked: list[int] = first.tolist()
                return picked
            rows = np.stack([fit_cols.get(o, np.zeros(size)) for o in range(no)], axis=1)
            linear: list[int] = arrays.decide(c, rows, all_axes).winner.tolist()
            return linear
        full = np.zeros((size, n))
        shape = np.zeros((size, n), dtype=bool)
        for i, scores, meas in zip(used, score_cols, measured_cols, strict=True):
            full[:, i] = scores
            shape[:, i] = meas
        # Fits by the measured axes; every outcome may win (the pure form picks so too).
        winners = arrays.decide(c, arrays.fits(c, full, shape), all_axes).winner
        out: list[int] = winners.tolist()
        return out

    def askable_of(self, states: Ints) -> Bools:
        """Per state and question: open, with every condition met by a settled answer
        (:func:`~popquiz.engine.adaptive.askable`, row by row)."""
        ok: Bools = states == OPEN
        for qi in self.gated:
            for j, allowed in self.c.conds[qi]:
                ok[:, qi] &= np.isin(states[:, j], list(allowed))
        return ok

    def verdicts(self, states: Ints) -> Ints:
        """Each taker's final outcome in each state (states × takers): the answers of the
        state, completed by the taker's own, as :meth:`outcomes` decides them."""
        out = np.empty((len(states), self.size), dtype=np.int64)
        again = np.ones(len(states), dtype=bool)
        if self.forms[0].size and len(states):
            first, again = self._linear_verdicts(states)
            out[:] = first
        for row in np.flatnonzero(again):
            out[row] = self.outcomes(as_state(states[row]))
        return out

    def _linear_verdicts(self, states: Ints) -> tuple[Ints, Bools]:
        """A straight-line distance and a few contenders: per state and taker, the first
        contender's lead over the second (two contenders) or each contender's fit, as one
        matrix product; and the states some taker of which must be decided again (near a
        boundary, or an axis some taker leaves unmeasured: the general rule).

        ``fit = 1 − Σ(s − p)²/(4n)``: less ``Σs²/(4n)``, the same for every outcome, it is
        linear in the scores, and each score is linear in the answers (the clip to [−1, 1]
        only trims rounding: a sum of terms lies within the sum of their ranges). An axis
        whose range differs by taker (a gated question some takers are asked) is added on its
        own."""
        c, size = self.c, self.size
        rows, n, nq = len(states), len(c.axes), c.nq
        settled, answered = states != OPEN, states >= 0
        picked = np.where(answered, states, 0)
        chosen = self.option_terms[np.arange(nq), picked] * answered[:, :, None]
        raw_s = chosen.sum(axis=1)
        # Open questions every taker answers (unconditional, or gated by settled answers).
        whole = ~settled & self.is_plain
        eached: list[tuple[int, Ints, Bools]] = []  # (question, states, takers asked)
        asked: dict[int, Bools] = {}
        for qi in self.gated:
            ok = ~settled[:, qi]
            mask = np.ones((rows, size), dtype=bool)
            waits = np.zeros(rows, dtype=bool)  # some condition's question is open
            for j, allowed in c.conds[qi]:
                open_j = ~settled[:, j]
                ok &= open_j | np.isin(states[:, j], list(allowed))
                part = self.meets[j, allowed]
                aj = asked.get(j)
                mask &= np.where(open_j[:, None], part if aj is None else aj & part, True)
                waits |= open_j
            taken = mask & ok[:, None]
            asked[qi] = taken
            whole[:, qi] = ok & ~waits
            some = np.flatnonzero(ok & waits & taken.any(axis=1))
            if some.size:
                eached.append((qi, some, taken[some]))
        counted = answered | whole
        lo_s = counted @ self.low
        hi_s = counted @ self.high
        per_taker = np.zeros((rows, n), dtype=bool)
        for qi, some, _ in eached:
            per_taker[some] |= self.touches[qi]
        used = per_taker | (hi_s - lo_s > EPS)
        forms, squares = self.forms
        scale = 1 / (4 * np.maximum(used.sum(axis=1), 1))
        slope = 2 * forms[None, :, :] * (used * scale[:, None])[:, None, :]  # states × forms × axes
        base = -(used @ squares.T) * scale[:, None]
        # The axes whose range is the same for every taker: score = (2r − hi − lo)/span.
        alike = (used & ~per_taker)[:, None, :]
        span = np.where(alike, (hi_s - lo_s)[:, None, :], 1.0)
        k = np.where(alike, 2 * slope / span, 0.0)
        base += (k * raw_s[:, None, :]).sum(axis=2)
        base -= (np.where(alike, slope, 0.0) * (hi_s + lo_s)[:, None, :] / span).sum(axis=2)
        spread = (whole[:, None, :, None] * k[:, :, None, :]).reshape(rows * len(forms), nq * n)
        values = (base.reshape(-1, 1) + spread @ self.own_by_axis).reshape(rows, len(forms), size)
        fine = used.any(axis=1)
        for i in np.flatnonzero(per_taker.any(axis=0)):
            at = np.flatnonzero(per_taker[:, i])
            r = raw_s[at, i][:, None] + whole[at].astype(np.float64) @ self.own_axis[i]
            lows = np.repeat(lo_s[at, i][:, None], size, axis=1)
            highs = np.repeat(hi_s[at, i][:, None], size, axis=1)
            for qi, some, taken in eached:
                if not self.touches[qi, i]:
                    continue
                hit = np.isin(at, some)
                rows_taken = np.zeros((len(at), size), dtype=bool)
                rows_taken[hit] = taken[np.isin(some, at)]
                r += rows_taken * self.own_axis[i][qi]
                lows += rows_taken * self.low[qi, i]
                highs += rows_taken * self.high[qi, i]
            spans = highs - lows
            measured = spans > EPS
            fine[at] &= measured.all(axis=1)
            score = (2 * r - highs - lows) / np.where(measured, spans, 1.0)
            values[at] += slope[at, :, i][:, :, None] * score[:, None, :]
        contenders = np.array(c.contenders, dtype=np.int64)
        if len(contenders) == 2:  # the one form is the first contender's lead
            leads = values[:, 0, :]
            first = np.where(leads >= 0, contenders[0], contenders[1])
            gap = np.abs(leads)
        else:  # each contender's fit (less what is the same for all): the best wins
            best = values.argmax(axis=1)
            ordered = np.sort(values, axis=1)
            gap = ordered[:, -1, :] - ordered[:, -2, :]
            first = contenders[best]
        near = gap < TIE
        if c.balanced is not None:
            first = np.where(gap < c.margin, c.balanced, first)
            near |= np.abs(gap - c.margin) < TIE
        return first, ~fine | near.any(axis=1)

    def weights_of(self, logw: Floats) -> Floats:
        """Normalised weights from each state's log-likelihoods (states × takers)."""
        w = np.exp(logw - logw.max(axis=1, keepdims=True))
        normal: Floats = w / np.cumsum(w, axis=1)[:, -1:]  # a running sum: sum()'s order
        return normal

    def confidence_of(self, w: Floats, verdicts: Ints) -> Floats:
        """:attr:`Estimate.confidence <popquiz.engine.estimate.Estimate.confidence>` per
        state."""
        rows, no = len(w), len(self.c.outcome_ids)
        # bincount adds each bin's weights in taker order, as the pure form does.
        bins = (np.arange(rows)[:, None] * no + verdicts).ravel()
        probs = np.bincount(bins, w.ravel(), minlength=rows * no).reshape(rows, no)
        lead = probs.max(axis=1)
        effective = 1.0 / np.cumsum(w * w, axis=1)[:, -1]
        confidence: Floats = (effective * lead + 1) / (effective + no)
        return confidence

    def information_of(self, w: Floats, verdicts: Ints) -> Floats:
        """Per state and question: the mutual information between its answer and the final
        outcome (:meth:`Particles.information <popquiz.engine.estimate.Particles.information>`)."""
        rows, size = len(w), self.size
        reached = np.bincount(verdicts.ravel(), minlength=len(self.c.outcome_ids))
        present = np.flatnonzero(reached)
        # A bank of many outcomes: a few states at a time, so the tables stay a few MiB.
        cells = len(present) * max(size, self.chosen.shape[1])
        step = max(1, CELLS // cells)
        if rows > step:
            parts = [
                self.information_of(w[at : at + step], verdicts[at : at + step])
                for at in range(0, rows, step)
            ]
            return np.concatenate(parts)
        where = np.cumsum(reached > 0) - 1  # outcome -> its row among the present ones
        spread = np.zeros((rows, len(present), size))
        spread[np.arange(rows)[:, None], where[verdicts], np.arange(size)] = w
        # States × outcomes × options: the weight of each cell, as one matrix product.
        table = (spread.reshape(-1, size) @ self.chosen).reshape(rows, len(present), -1)
        pk = table.sum(axis=1, keepdims=True)
        some = (table > 0) & (pk > 0)
        ratio = np.where(some, table / np.where(pk > 0, pk, 1.0), 1.0)
        terms = np.where(some, table * np.log(ratio), 0.0).sum(axis=1)
        info = np.add.reduceat(terms, self.first_option, axis=1)
        marginal = np.add.reduceat(table, self.first_option, axis=2)
        safe = np.where(marginal > 0, marginal, 1.0)
        info -= np.where(marginal > 0, marginal * np.log(safe), 0.0).sum(axis=1)
        return info

    def next_of(self, candidates: Bools, information: Floats) -> Ints:
        """Per state, the candidate :meth:`Particles.next_question
        <popquiz.engine.estimate.Particles.next_question>` chooses (-1: none): the most
        information at nine decimals, then the broadest, then the first."""
        top = np.where(candidates, np.round(information, 9), -np.inf)
        best = top == top.max(axis=1, keepdims=True)
        wide = np.where(best & candidates, self.breadth_array, -np.inf)
        chosen = np.argmax(wide == wide.max(axis=1, keepdims=True), axis=1)
        out: Ints = np.where(candidates.any(axis=1), chosen, -1)
        return out


def as_state(row: Ints) -> list[int | None]:
    """A row of states as the pure code's state (None: open)."""
    return [None if k == OPEN else k for k in row.tolist()]


def particles_of(c: Compiled) -> ArrayParticles:
    """The bank's estimate on arrays, built on first use and kept with the bank."""
    memo = c.bank.memo
    found = memo.get(_MEMO_KEY)
    if found is None or found.c is not c:
        found = memo[_MEMO_KEY] = ArrayParticles(c)
    assert isinstance(found, ArrayParticles)
    return found


_MEMO_KEY = "popquiz.engine.analysis.particles"
