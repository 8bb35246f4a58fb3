"""Outcome shares under uniformly random answering: exact when the bank is small enough, else
sampled. Pure and deterministic (sampling is seeded).

The exact shares come from a dynamic programme over the reachable states, where a state is the
vector of raw per-axis sums, the per-axis achievable ranges (they differ per path once questions
are conditional) and the answers later conditions still need; equal states merge with their
probabilities summed. Answer paths are never enumerated. Past ``state_budget`` states it falls
back to seeded sampling with enough answer sets for a 99 % confidence half-width of at most
``max_error``.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.analysis.budget import (
    BATCH,
    MAX_ERROR,
    MAX_GATES,
    STATE_BUDGET,
    Z99,
    half_width,
    sample_size,
)
from popquiz.engine.compiled import compiled

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.analysis.arrays import Ints
    from popquiz.engine.analysis.budget import Budget
    from popquiz.engine.compiled import Compiled

_GRID = 1e9  # raw sums are merged on this grid, so 0.1 + 0.2 and 0.3 are one state


@dataclass(frozen=True)
class Shares:
    """Outcome shares under uniformly random answering."""

    method: str  # "exact" or "sampled"
    shares: dict[str, float]  # outcome id -> fraction of random takers, bank order
    error: float  # 99 % confidence half-width (worst case over outcomes); 0 when exact
    samples: int = 0  # answer sets drawn (sampled)
    states: int = 0  # final distinct states (exact)


def outcome_shares(
    bank: Bank,
    *,
    state_budget: int = STATE_BUDGET,
    max_error: float = MAX_ERROR,
    seed: int = 0,
) -> Shares:
    """Shares of each outcome under random answering: exact if possible, else sampled."""
    c = compiled(bank)
    exact = exact_shares(c, state_budget)
    if exact is not None:
        return Shares(
            "exact", dict(zip(c.outcome_ids, exact[0], strict=True)), 0.0, states=exact[1]
        )
    return sample_shares(c, seed, max_error)[0]


def sample_shares(
    c: Compiled,
    seed: int,
    max_error: float,
    *,
    cap: int | None = None,
    batch: int = 0,
    keep: int | None = None,
) -> tuple[Shares, Ints]:
    """Sample answer sets in batches until every share's 99 % half-width is ≤ ``max_error``.

    The half-width is the Agresti–Coull interval's plus the distance between its centre and the
    reported share, so the statement holds for the share we print. At ``sample_size(max_error)``
    answer sets the worst-case bound holds whatever the shares, so sampling always stops there.
    Returns the shares and the first batch of answer sets (one row each; only the first
    ``keep`` of them when given, so a huge bank's batches are not held on to).
    """
    rng = random.Random(f"popquiz-analysis:{seed}")
    cap = sample_size(max_error) if cap is None else min(cap, sample_size(max_error))
    batch = batch or BATCH
    counts = [0] * len(c.outcome_ids)
    first: Ints | None = None
    n = 0
    while True:
        size = min(batch, cap - n)
        assign = arrays.columns_answers(c, rng, size)
        if first is None:
            first = assign if keep is None else assign[:keep].copy()
        found = np.bincount(arrays.outcomes(c, assign), minlength=len(counts))
        del assign
        counts = [k + int(x) for k, x in zip(counts, found, strict=True)]
        n += size
        error = max(_stated_error(k, n) for k in counts)
        if n >= cap:
            error = min(error, half_width(0.5, n))
        if error <= max_error or n >= cap:
            break
    shares = {oid: k / n for oid, k in zip(c.outcome_ids, counts, strict=True)}
    assert first is not None
    return Shares("sampled", shares, error, samples=n), first


def _stated_error(k: int, n: int) -> float:
    z2 = Z99 * Z99
    centre = (k + z2 / 2) / (n + z2)
    return Z99 * math.sqrt(centre * (1 - centre) / (n + z2)) + abs(centre - k / n)


def exact_shares(c: Compiled, budget: int) -> tuple[list[float], int] | None:
    """Exact shares by dynamic programming over merged states, or None past ``budget``.

    A state is the raw per-axis sums on a fine integer grid (so float noise cannot split equal
    sums), which conditional questions were asked (that fixes the achievable ranges, hence the
    normalisation) and the answers that later conditions still look at
    (:mod:`popquiz.engine.analysis.exact` builds them on arrays). Each final state is then
    decided by the compiled bank's own rule.
    """
    from popquiz.engine.analysis.exact import merged_states

    n = len(c.axes)
    if sum(1 for conds in c.conds if conds) > MAX_GATES:
        return None  # a state per answer path prefix would carry thousands of flags
    deltas = [[_delta(n, terms) for terms in options] for options in c.terms]
    found = merged_states(c, budget, deltas)
    if found is None:
        return None
    gate_of = {qi: s for s, qi in enumerate(found.gated)}
    probs = [0.0] * len(c.outcome_ids)
    ranges: dict[tuple[int, ...], tuple[list[float], list[float]]] = {}
    keys = found.keys.tolist()
    for key, p in zip(keys, found.probs.tolist(), strict=True):
        gates = tuple(key[n : n + len(gate_of)])
        if gates not in ranges:
            lo, hi = [0.0] * n, [0.0] * n
            for qi in range(c.nq):
                if qi in gate_of and not gates[gate_of[qi]]:
                    continue
                for i, low, high in c.ranges[qi]:
                    lo[i] += low
                    hi[i] += high
            ranges[gates] = (lo, hi)
        lo, hi = ranges[gates]
        probs[c.decide(*c.scores([x / _GRID for x in key[:n]], lo, hi))] += p
    return probs, len(keys)


def _delta(n: int, terms: Sequence[tuple[int, float]]) -> tuple[int, ...] | None:
    if not terms:
        return None
    d = [0] * n
    for i, v in terms:
        d[i] += round(v * _GRID)
    return tuple(d)


def shares_and_answer_sets(
    c: Compiled, budget: Budget, seed: int, state_budget: int, max_error: float
) -> tuple[Shares, Ints]:
    """The outcome shares and the answer sets influence is measured on (one row each): every
    combination once for a tiny bank, else the first sampled (or, when exact, freshly drawn)
    answer sets, at most ``budget.influence`` of them."""
    exact = exact_shares(c, state_budget)
    if exact is None:
        shares, assigns = sample_shares(
            c, seed, max_error, cap=budget.samples, batch=budget.batch, keep=budget.influence
        )
        return shares, assigns
    shares = Shares("exact", dict(zip(c.outcome_ids, exact[0], strict=True)), 0.0, states=exact[1])
    if math.prod(len(v) for v in c.values) <= budget.influence:
        options = [range(len(v)) for v in c.values]
        every = np.array(list(itertools.product(*options)), dtype=np.int64)
        return shares, every.reshape(-1, c.nq)
    rng = random.Random(f"popquiz-analysis:{seed}")
    return shares, arrays.uniform_answers(c, rng, budget.influence)
