"""The adaptive estimate of :mod:`popquiz.engine.estimate` on arrays (numpy), for ``analyze
--adaptive``, which plays hundreds of adaptive quizzes: the same seeded takers, and for every
state the same verdicts, estimate and next question, operation for operation (the tests
compare the two step by step). ``take`` keeps the pure form: numpy is ``analyze``'s alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.compiled import EPS
from popquiz.engine.estimate import Particles, particle_count

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Bools, Floats, Ints
    from popquiz.engine.compiled import Compiled
    from popquiz.engine.lockin import State


class ArrayParticles(Particles):
    """:class:`~popquiz.engine.estimate.Particles` whose verdicts and information sums run
    on arrays over the takers."""

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
        # Every option's takers, one row per (question, option), padded with the index of a
        # zero weight (``size``) to one length, so a row's running sum adds its takers in
        # order, as ``sum`` over them does.
        self.first_option: list[int] = []
        rows: list[list[int]] = []
        for members in self.members:
            self.first_option.append(len(rows))
            rows.extend(members)
        width = max((len(m) for m in rows), default=0)
        padded = [m + [self.size] * (width - len(m)) for m in rows]
        self.groups: Ints = np.array(padded, dtype=np.int64).reshape(len(rows), width)

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

    def information(self, state: State, candidates: Sequence[int]) -> list[float]:
        """:meth:`Particles.information`, each option's weight per outcome added on arrays
        (in taker order, as the pure form adds them)."""
        w, outcomes = self._posterior(state)
        no = len(self.c.outcome_ids)
        weights = np.array([*w, 0.0], dtype=np.float64)
        verdict = np.array([*outcomes, -1], dtype=np.int64)
        present = [o for o in range(no) if bool((weights[verdict == o] != 0).any())]
        by_outcome = [np.where(verdict == o, weights, 0.0) for o in present]
        c = self.c
        rows = np.concatenate(
            [
                np.arange(self.first_option[qi], self.first_option[qi] + len(c.values[qi]))
                for qi in candidates
            ]
        )
        idx = self.groups[rows]
        # Per candidate option and outcome: its takers' weights added in taker order.
        parts = np.stack([np.cumsum(b[idx], axis=1)[:, -1] for b in by_outcome], axis=1)
        width = max(len(c.values[qi]) for qi in candidates)
        table = np.zeros((len(candidates), width, len(present)))
        at = 0
        for n, qi in enumerate(candidates):
            k = len(c.values[qi])
            table[n, :k] = parts[at : at + k]
            at += k
        # Each sum below runs in the pure form's order (options, then outcomes), as running
        # sums: the same additions, so the same information to the last bit.
        pk = np.cumsum(table, axis=2)[:, :, -1:]
        some = (table > 0) & (pk > 0)
        ratio = np.where(some, table / np.where(pk > 0, pk, 1.0), 1.0)
        terms = np.where(some, table * np.log(ratio), 0.0)
        info = np.cumsum(terms.reshape(len(candidates), -1), axis=1)[:, -1]
        marginal = np.cumsum(table, axis=1)[:, -1, :]
        spread = np.where(
            marginal > 0, marginal * np.log(np.where(marginal > 0, marginal, 1.0)), 0.0
        )
        info = info - np.cumsum(spread, axis=1)[:, -1]
        found: list[float] = info.tolist()
        return found
