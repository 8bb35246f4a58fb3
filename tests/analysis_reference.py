"""The pure-Python analysis the array versions (popquiz.engine.analysis.arrays and its users)
must reproduce: one taker, one answer set at a time, through the compiled bank's scalar rule
and the real score, picks and why_entries. Kept here as the reference the tests compare
against, answer set by answer set; popquiz itself no longer runs it.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from popquiz.engine.analysis.budget import BATCH, half_width, sample_size
from popquiz.engine.analysis.shares import _stated_error
from popquiz.engine.compiled import Compiled
from popquiz.engine.explain import why_entries
from popquiz.engine.recommend import picks
from popquiz.engine.scoring import score_assignment
from popquiz.engine.takers import consistent_assignment


def taker_stats(c: Compiled, model: str, samples: int, seed: int = 0) -> dict[str, Any]:
    """What ``takermodels.taker_stats`` reports, one taker at a time."""
    bank = c.bank
    rng = random.Random(f"popquiz-takers:{model}:{seed}")
    outcomes = dict.fromkeys(c.outcome_ids, 0)
    acts = {a.id: 0 for a in bank.acts}
    first_why: dict[str, int] = dict.fromkeys(c.qids, 0)
    why_axes = dict.fromkeys(c.axes, 0)
    first_active = dict.fromkeys(c.outcome_ids, 0)
    strengths = {"clear": 0, "leaning": 0, "close": 0}
    margin = c.margin if c.balanced is not None else 0.0
    excess: list[float] = []
    for _ in range(samples):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        result = score_assignment(bank, assign)
        outcomes[result.outcome] += 1
        by_id = {f.id: f.fit for f in result.fits}
        fits = [by_id[o] for o in c.outcome_ids]
        winner = c.outcome_ids.index(result.outcome)
        used = [a.measured for a in result.axes]
        strengths[c.strength(fits, winner, used)] += 1
        if winner != c.balanced:
            excess.append(c.lead(fits, used) - margin)
        if bank.acts:
            chosen = picks(bank, result, 5)
            for _, act, bridge in chosen:
                if not bridge:
                    acts[act.id] += 1
            if chosen and chosen[0][1].facts.active is not False:
                first_active[result.outcome] += 1
        why = why_entries(bank, result)
        if why:
            first_why[why[0].question] += 1
        for axis in {w.axis for w in why}:
            why_axes[axis] += 1
    n = max(samples, 1)
    excess.sort()
    quartiles = tuple(excess[min(len(excess) - 1, int(q * len(excess)))] for q in (0.25, 0.5, 0.75))
    return {
        "strengths": {k: v / n for k, v in strengths.items()},
        "lead_quartiles": quartiles if excess else (),
        "outcomes": {k: v / n for k, v in outcomes.items()},
        "acts_top5": {k: v / n for k, v in acts.items()},
        "first_why": {k: v / n for k, v in first_why.items() if v},
        "why_axes": {k: v / n for k, v in why_axes.items()},
        "first_active": {k: first_active[k] / v for k, v in outcomes.items() if v}
        if any(a.facts.active is False for a in bank.acts)
        else {},
    }


def sample_shares(
    c: Compiled, seed: int, max_error: float, cap: int | None = None, batch: int = 0
) -> tuple[dict[str, float], float, int, list[list[int]]]:
    """(shares, stated error, answer sets drawn, first batch) as ``shares.sample_shares``
    reports them, scoring each answer set with ``Compiled.outcome``."""
    rng = random.Random(f"popquiz-analysis:{seed}")
    r = rng.random
    cap = sample_size(max_error) if cap is None else min(cap, sample_size(max_error))
    batch = batch or BATCH
    counts = [0] * len(c.outcome_ids)
    first: list[list[int]] = []
    n = 0
    while True:
        size = min(batch, cap - n)
        cols = [[int(r() * len(v)) for _ in range(size)] for v in c.values]
        rows = [list(row) for row in zip(*cols, strict=True)]
        if not first:
            first = rows
        for row in rows:
            counts[c.outcome(row)] += 1
        n += size
        error = max(_stated_error(k, n) for k in counts)
        if n >= cap:
            error = min(error, half_width(0.5, n))
        if error <= max_error or n >= cap:
            break
    return {o: k / n for o, k in zip(c.outcome_ids, counts, strict=True)}, error, n, first


def influence(
    c: Compiled, assigns: list[list[int]]
) -> tuple[list[tuple[float, float]], dict[tuple[int, int], set[int]], list[int]]:
    """((influence, asked) per question, outcomes seen per forced option, asked counts) as
    ``influence.influence`` reports them, one answer set and one changed answer at a time."""
    from reach_reference import Walker

    swings = [0] * c.nq
    asked_counts = [0] * c.nq
    seen: dict[tuple[int, int], set[int]] = {}
    for assign in assigns:
        w = Walker(c, assign)
        base = c.decide(w.s, w.m)
        for qi in range(c.nq):
            if not w.asked[qi]:
                continue
            asked_counts[qi] += 1
            cur = w.assign[qi]
            seen.setdefault((qi, cur), set()).add(base)
            swung = False
            for k in range(len(c.values[qi])):
                if k == cur:
                    continue
                o = c.decide(*w.scores_if(qi, k))
                seen.setdefault((qi, k), set()).add(o)
                swung = swung or o != base
            swings[qi] += swung
    n = len(assigns)
    figures = [
        (swings[q] / asked_counts[q] if asked_counts[q] else 0.0, asked_counts[q] / n)
        for q in range(c.nq)
    ]
    return figures, seen, asked_counts


def adaptive_play(c: Compiled, model: str, takers: int, seed: int = 0) -> Any:
    """What ``play.simulate`` reports, one walk at a time with the pure estimate: each step
    tries the lock-in proof, then asks the estimate's next question: ``adaptive.step``
    without its shortcut (the proof is tried at every step, whatever the takers say)."""
    from popquiz.engine.adaptive import askable, settings_for
    from popquiz.engine.analysis.play import PlayStats
    from popquiz.engine.estimate import Particles, particle_count
    from popquiz.engine.lockin import locked

    class Now(NamedTuple):
        next: int | None
        stopped: str | None

    def step(state: list[int | None]) -> Now:
        candidates = askable(c, state)
        if not candidates:
            return Now(None, "complete")
        if locked(c, state) is not None:
            return Now(None, "locked")
        return Now(est.next_question(state, candidates), None)

    rng = random.Random(f"popquiz-adaptive-analysis:{model}:{seed}")
    rules = settings_for(c.bank)
    est = Particles(c, particle_count(c))
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
            now = step(state)
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
