"""The lock-in proof of adaptive play: when the verdict is certain whatever comes. Pure.

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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import EPS

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled

State = Sequence[int | None]

TOLERANCE = 1e-9  # slack (in squared-distance units) below which a comparison is not called
MAX_CASES = 4  # up to this many undecided questions, every answered/not-answered subset is tried
NEVER, CERTAIN, MAYBE = 0, 1, 2  # what open_status says of an open question


def open_status(c: Compiled, state: State, skippable: Sequence[bool] | None = None) -> list[int]:
    """Per question: for open ones whether they will surely be answered (``CERTAIN``), may be
    (``MAYBE``: skippable, or conditions that may fail) or never can be (``NEVER``); settled
    questions are ``-1``. ``skippable`` overrides the bank's flags (an answers file may leave
    any question out)."""
    skip = [q.skippable for q in c.bank.questions] if skippable is None else skippable
    status = [-1] * c.nq
    for qi in range(c.nq):
        if state[qi] is not None:
            continue
        st = MAYBE if skip[qi] else CERTAIN
        for j, allowed in c.conds[qi]:
            k = state[j]
            if k is not None:
                holds = k in allowed
            elif status[j] == NEVER or not allowed:
                holds = False
            else:
                if status[j] != CERTAIN or len(allowed) < len(c.values[j]):
                    st = MAYBE
                continue
            if not holds:
                st = NEVER
                break
        status[qi] = st
    return status


class _Sums(NamedTuple):
    u: list[float]  # per axis: Σ (2c − hi − lo) over answered questions
    w: list[float]  # per axis: Σ (hi − lo)


# Per question, per option: (axis, 2c − hi − lo, hi − lo) for each axis it moves.
_Parts = list[list[tuple[tuple[int, float, float], ...]]]
_MEMO_KEY = "popquiz.engine.lockin"


def _parts(c: Compiled) -> _Parts:
    """Each option's terms as the proof uses them, worked out once per bank (kept with it)."""
    memo = c.bank.memo
    found = memo.get(_MEMO_KEY)
    if found is None or found[0] is not c:
        parts = [
            [
                tuple(
                    (i, 2 * term - high - low, high - low)
                    for (i, term), (_, low, high) in zip(option, c.ranges[qi], strict=True)
                )
                for option in c.terms[qi]
            ]
            for qi in range(c.nq)
        ]
        found = memo[_MEMO_KEY] = (c, parts)
    table: _Parts = found[1]
    return table


def _answered_sums(c: Compiled, state: State) -> _Sums:
    n = len(c.axes)
    u, w = [0.0] * n, [0.0] * n
    parts = _parts(c)
    for qi, k in enumerate(state):
        if k is None or k < 0:
            continue
        for i, ui, wi in parts[qi][k]:
            u[i] += ui
            w[i] += wi
    return _Sums(u, w)


def _margin(c: Compiled) -> float:
    """The margin a winner needs (0 without a balanced outcome)."""
    return c.margin if c.balanced is not None else 0.0


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
    maybe = [qi for qi, st in enumerate(status) if st == MAYBE]
    if len(maybe) > MAX_CASES:
        return None
    certain = [qi for qi, st in enumerate(status) if st == CERTAIN]
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
    """Per axis: measured by an answer, or by an open question of ``kinds`` (``CERTAIN``:
    then measured in every completion; with ``MAYBE`` too: in some)."""
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
    ok = c.eligible(_measured(c, sums, status, (CERTAIN,)))
    if ok is None or ok[only]:
        return only  # more measured axes never take eligibility away
    ok = c.eligible(_measured(c, sums, status, (CERTAIN, MAYBE)))
    return c.balanced if ok is not None and not ok[only] else None


def _decide_bounds(
    c: Compiled,
    bound: Callable[[int, int], tuple[float, float]],
    witness: Sequence[float],
    counted: Sequence[bool],
    surely: Sequence[bool],
    possibly: Sequence[bool],
) -> int | None:
    """The rule applied to bounds of ``Σ_axes [(s − b)² − (s − a)² − 4m]`` (the declared
    distance's terms) for an ordered pair (a, b) of contenders: ``bound(a, b)`` gives
    ``(lower, upper)`` with lower ≤ it ≤ upper in every completion.

    ``witness``: scores at which every lower bound is at most the sum over the ``counted``
    axes. A winner beats every rival there, so it is the contender nearest the witness: only
    that one is tried, and rivals are taken nearest first, which keeps a bank with hundreds of
    outcomes to a number of pairs in proportion to its outcomes, not their square.

    ``surely``: the axes measured in every completion; ``possibly``: in some. An outcome that
    takes sides only on unmeasured axes may not win (:meth:`Compiled.eligible`), so a winner is
    proved only if it may win on the surely measured axes (more measured axes never take that
    away); beating every contender, eligible or not, by the margin then makes it the best
    eligible outcome with a lead of at least the margin. An outcome that may not win even on
    every possibly measured axis may win in no completion, so it need not be outdone for a
    balanced verdict."""
    contenders = c.contenders  # the margin is folded into the bounds by the callers
    tolerance = _tolerance(c)
    near = c.metric.mean(witness, counted, [c.outcome_profiles[o] for o in contenders])
    order = [o for _, o in sorted(zip(near, contenders, strict=True))]
    a = order[0]
    ok = c.eligible(surely)
    if (ok is None or ok[a]) and all(bound(a, b)[0] > tolerance for b in order if b != a):
        return a
    if c.balanced is None:
        return None
    # Balanced: whoever is best leads some rival by less than the margin, in every completion
    # (so does the best outcome that may win; and if none may, the balanced one wins anyway).
    ever = c.eligible(possibly)
    if c.margin <= 0:
        # No lead is below a zero margin: the balanced outcome wins only when no outcome may.
        nobody = ever is not None and not any(ever[a] for a in contenders)
        return c.balanced if nobody else None
    for a in contenders:
        if ever is not None and not ever[a]:
            continue
        if not any(bound(a, b)[1] < -tolerance for b in order if b != a):
            return None
    return c.balanced


def _tolerance(c: Compiled) -> float:
    """:data:`TOLERANCE` in the units of the bank's distance (weights and powers scale it)."""
    metric = c.metric
    if metric.plain:
        return TOLERANCE
    top = float(max(w * 2.0**p for w, p in zip(metric.weights, metric.powers, strict=True)))
    return TOLERANCE * max(1.0, top / 4)


def _box(c: Compiled, sums: _Sums, status: Sequence[int]) -> int | None:
    n = len(c.axes)
    rest = [0.0] * n
    for qi, st in enumerate(status):
        if st in (CERTAIN, MAYBE):
            for i, low, high in c.ranges[qi]:
                rest[i] += high - low
    margin = _margin(c)
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

    def bound(a: int, b: int) -> tuple[float, float]:
        pa, pb = profiles[a], profiles[b]
        lo_sum = hi_sum = 0.0
        for i, (surely, s_lo, s_hi) in zip(indices, axes, strict=True):
            least, most = _term_bounds(c, i, pa[i], pb[i], margin, s_lo, s_hi)
            if not surely:  # the axis may stay unmeasured and then counts nothing
                least, most = min(least, 0.0), max(most, 0.0)
            lo_sum += least
            hi_sum += most
        return lo_sum, hi_sum

    # Any point of the box bounds every lower bound from above, the maybe-measured axes
    # counted (a lower bound takes them as 0 where that is less).
    witness = [0.0] * n
    for i, (_, s_lo, s_hi) in zip(indices, axes, strict=True):
        witness[i] = (s_lo + s_hi) / 2
    counted = [False] * n
    for i in indices:
        counted[i] = True
    return _decide_bounds(
        c,
        _memo(bound),
        witness,
        counted,
        _measured(c, sums, status, (CERTAIN,)),
        _measured(c, sums, status, (CERTAIN, MAYBE)),
    )


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
    margin = _margin(c)
    profiles = c.outcome_profiles
    metric = c.metric
    # Axes with power 2 compare linearly, so their minimum is a sum of per-question minima
    # (exact); on the others the score's interval bounds each comparison (sound).
    linear = [metric.powers[i] == 2.0 for i in range(n)]
    parts = _parts(c)
    counts = [span[i] > EPS and linear[i] for i in range(n)]
    # u of each option of each answered question, per linear axis, divided by the fixed span.
    scaled = [
        [[(i, u / span[i]) for i, u, _ in option if counts[i]] for option in parts[qi]]
        for qi in answered
    ]
    # The other measured axes: the interval their score lies in, whatever the answers.
    curved: list[tuple[int, float, float]] = []
    for i in measured:
        if linear[i]:
            continue
        least = most = sums.u[i]
        for qi in answered:
            us = [u for option in parts[qi] for j, u, _ in option if j == i]
            if us:
                least += min(us)
                most += max(us)
        curved.append((i, max(-1.0, least / span[i]), min(1.0, most / span[i])))
    weights = metric.weights

    def bound(a: int, b: int) -> tuple[float, float]:
        pa, pb = profiles[a], profiles[b]
        slope = [2 * weights[i] * (pa[i] - pb[i]) for i in range(n)]
        base = sum(
            slope[i] * sums.u[i] / span[i]
            + weights[i] * (pb[i] * pb[i] - pa[i] * pa[i] - 4 * margin)
            for i in measured
            if linear[i]
        )
        lo_sum = hi_sum = base
        for options in scaled:
            values = []
            for option in options:
                value: float = 0  # as sum() starts
                for i, x in option:
                    value += slope[i] * x
                values.append(value)
            lo_sum += min(values)
            hi_sum += max(values)
        for i, s_lo, s_hi in curved:
            least, most = _term_bounds(c, i, pa[i], pb[i], margin, s_lo, s_hi)
            lo_sum += least
            hi_sum += most
        return lo_sum, hi_sum

    # One completion (each answered question's first option) bounds every lower bound.
    witness = [0.0] * n
    for i in measured:
        total = sums.u[i]
        for qi in answered:
            for j, u, _ in parts[qi][0]:
                if j == i:
                    total += u
        witness[i] = max(-1.0, min(1.0, total / span[i]))
    exactly = [x > EPS for x in span]  # this case's answers measure exactly these axes
    return _decide_bounds(c, _memo(bound), witness, exactly, exactly, exactly)


def _memo(
    bound: Callable[[int, int], tuple[float, float]],
) -> Callable[[int, int], tuple[float, float]]:
    """``bound`` computed once per pair, on first use."""
    found: dict[tuple[int, int], tuple[float, float]] = {}

    def get(a: int, b: int) -> tuple[float, float]:
        key = (a, b)
        got = found.get(key)
        if got is None:
            got = found[key] = bound(a, b)
        return got

    return get


def _term_bounds(
    c: Compiled, i: int, a: float, b: float, margin: float, s_lo: float, s_hi: float
) -> tuple[float, float]:
    """The least and largest value of axis ``i``'s part of "A beats B by the margin",
    ``w·(|s − b|^p − |s − a|^p − margin·2^p)``, for ``s`` in ``[s_lo, s_hi]``.

    With ``p = 2`` it is linear in ``s``. For any other ``p > 0`` its derivative,
    ``p·(g(s − b) − g(s − a))`` with ``g(x) = sign(x)·|x|^(p−1)``, is never 0 away from
    ``s = a`` and ``s = b``: for ``p > 1`` ``g`` is increasing, for ``p < 1`` decreasing on
    each side of 0 with the sign of ``x``, and for ``p = 1`` the part is flat or linear
    between the two. So its extremes over the interval are at the ends or at ``a`` or ``b``."""
    w, p = c.metric.weights[i], c.metric.powers[i]
    if p == 2.0:
        slope = 2 * (a - b)
        base = b * b - a * a - 4 * margin
        t1, t2 = slope * s_lo + base, slope * s_hi + base
        return w * min(t1, t2), w * max(t1, t2)
    cut = margin * 2.0**p
    points = [s_lo, s_hi] + [x for x in (a, b) if s_lo < x < s_hi]
    values = [abs(s - b) ** p - abs(s - a) ** p - cut for s in points]
    return w * min(values), w * max(values)
