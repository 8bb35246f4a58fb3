"""Balance analysis of a bank: outcome shares, reachability, influence, coverage and findings.

Pure and deterministic (every random choice comes from a seeded generator); never prints.

* **Shares** of each outcome when every asked question is answered uniformly at random (no
  skipping, conditions respected). Exact when the bank is small enough: a dynamic programme over
  the reachable states, where a state is the vector of raw per-axis sums, the per-axis achievable
  ranges (they differ per path once questions are conditional) and the answers later conditions
  still need; equal states merge with their probabilities summed. Answer paths are never
  enumerated. Past ``state_budget`` states it falls back to seeded sampling with enough answer
  sets for a 99 % confidence half-width of at most ``max_error``.
* **Reachability**: for every outcome (wins) and act (top pick / top 3 of
  :func:`popquiz.engine.recommend.recommend`) one example answer set, found by coordinate descent
  towards the target's profile, then hill climbing on the winning margin with seeded restarts.
  Every example is confirmed with the real :func:`popquiz.engine.scoring.score`.
* **Influence**: per question, the fraction of sampled answer sets in which changing only its
  answer changes the outcome.
* **Coverage**: questions per axis and tag, the raw push available towards each pole, and
  translation coverage per language.

Findings are :class:`popquiz.errors.Diagnostic` warnings with codes ``W1xx``, located at the
YAML node they concern when the bank's :class:`popquiz.bank.yamlsafe.Document` is given.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from popquiz.engine.compiled import EPS, compiled, position
from popquiz.engine.takers import SIGMA as SIGMA
from popquiz.engine.takers import TEMPERATURE as TEMPERATURE
from popquiz.engine.takers import consistent_assignment as consistent_assignment
from popquiz.errors import Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.bank.yamlsafe import Document, PathKey
    from popquiz.engine.adaptive import PlayStats
    from popquiz.engine.compiled import Compiled

Z99 = 2.5758293035489004  # two-sided 99 % quantile of the normal distribution
CONFIDENCE = 0.99
MAX_ERROR = 0.01  # the largest sampling half-width we accept: one percentage point
STATE_BUDGET = 20_000
INFLUENCE_SAMPLES = 300
DOMINANCE = 0.5  # one question supplying more than this share of an axis's range dominates it
DECIDES_MIN_SAMPLES = 50
_GRID = 1e9  # raw sums are merged on this grid, so 0.1 + 0.2 and 0.3 are one state

CODES: dict[str, str] = {
    "W101": "outcome can never win",
    "W102": "act never reaches the top 3",
    "W103": "act is never the top pick",
    "W104": "question never changes the outcome",
    "W105": "no question moves this axis",
    "W106": "one question dominates an axis",
    "W107": "one answer decides the outcome alone",
    "W108": "question can never be asked",
    "W109": "outcome wins more often than rule.max_share",
    "W110": "outcome wins less often than rule.min_share",
    "W111": "the bank is too big for every part of the analysis in full",
}


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shares:
    """Outcome shares under uniformly random answering."""

    method: str  # "exact" or "sampled"
    shares: dict[str, float]  # outcome id -> fraction of random takers, bank order
    error: float  # 99 % confidence half-width (worst case over outcomes); 0 when exact
    samples: int = 0  # answer sets drawn (sampled)
    states: int = 0  # final distinct states (exact)


@dataclass(frozen=True)
class Reach:
    """Whether an outcome can win, or an act can be recommended, with an example."""

    kind: str  # "outcome" or "act"
    id: str
    target: str  # "win" (outcomes), "top1" or "top3" (acts)
    reachable: bool
    example: dict[str, AnswerValue] | None = None


@dataclass(frozen=True)
class Influence:
    question: str
    influence: float  # fraction of sampled answer sets where changing it changes the outcome
    asked: float  # fraction of sampled answer sets in which it is asked
    samples: int
    exhaustive: bool = False  # the answer sets were every combination once, not a sample


@dataclass(frozen=True)
class AxisCoverage:
    id: str
    questions: int  # questions that can move it
    low: float  # total raw push available towards the low pole (positive number)
    high: float  # total raw push available towards the high pole
    largest: str | None  # the question with the largest range on it
    largest_share: float  # that question's share of the axis's total range


@dataclass(frozen=True)
class Coverage:
    axes: tuple[AxisCoverage, ...]
    tags: dict[str, int]  # tag -> number of questions; "" counts untagged questions
    languages: dict[str, float]  # language -> fraction of texts written in it


@dataclass(frozen=True)
class Analysis:
    bank_id: str
    questions: int
    shares: Shares
    reach: tuple[Reach, ...]
    influence: tuple[Influence, ...]
    coverage: Coverage
    findings: tuple[Diagnostic, ...] = field(default=())
    seed: int = 0
    models: tuple[ModelStats, ...] = ()
    play: tuple[PlayStats, ...] = ()  # adaptive play per taker model (issue 20)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``popquiz analyze --json`` prints)."""
        from popquiz.bank.diagnostics import as_dict

        def r4(x: float) -> float:
            return round(x, 6)

        outcomes = [r for r in self.reach if r.kind == "outcome"]
        acts: dict[str, dict[str, Any]] = {}
        for r in self.reach:
            if r.kind == "act":
                entry = acts.setdefault(r.id, {"id": r.id})
                entry[r.target] = r.reachable
                entry[f"example_{r.target}"] = r.example
        return {
            "bank": self.bank_id,
            "questions": self.questions,
            "seed": self.seed,
            "shares": {
                "method": self.shares.method,
                "confidence": CONFIDENCE,
                "error": r4(self.shares.error),
                "samples": self.shares.samples,
                "states": self.shares.states,
                "outcomes": [{"id": k, "share": r4(v)} for k, v in self.shares.shares.items()],
            },
            "models": {
                m.model: {
                    "samples": m.samples,
                    "error": r4(m.error),
                    "outcomes": [{"id": k, "share": r4(v)} for k, v in m.outcomes.items()],
                    "acts_top5": [{"id": k, "share": r4(v)} for k, v in m.acts_top5.items()],
                    "first_why": [
                        {"id": k, "share": r4(v)}
                        for k, v in sorted(m.first_why.items(), key=lambda kv: -kv[1])
                    ],
                    "why_axes": [{"id": k, "share": r4(v)} for k, v in m.why_axes.items()],
                    "first_pick_active": [
                        {"outcome": k, "share": r4(v)} for k, v in m.first_active.items()
                    ],
                }
                for m in self.models
            },
            "reachability": {
                "outcomes": [
                    {"id": r.id, "reachable": r.reachable, "example": r.example} for r in outcomes
                ],
                "acts": list(acts.values()),
            },
            "influence": [
                {
                    "id": i.question,
                    "influence": r4(i.influence),
                    "asked": r4(i.asked),
                    "samples": i.samples,
                    "exhaustive": i.exhaustive,
                }
                for i in self.influence
            ],
            "coverage": {
                "axes": [
                    {
                        "id": a.id,
                        "questions": a.questions,
                        "low": r4(a.low),
                        "high": r4(a.high),
                        "largest": a.largest,
                        "largest_share": r4(a.largest_share),
                    }
                    for a in self.coverage.axes
                ],
                "tags": dict(self.coverage.tags),
                "languages": {k: r4(v) for k, v in self.coverage.languages.items()},
            },
            "adaptive": {p.model: _play_dict(p, self.questions) for p in self.play},
            "warnings": [as_dict(d) for d in self.findings],
        }


def _play_dict(p: PlayStats, questions: int) -> dict[str, Any]:
    """One taker model's adaptive figures; shares of the questions are of the full quiz's
    mean (what the same answer sets are asked without stopping)."""
    full = p.full_mean or 1.0
    lock_mean, quick_mean = p.mean(p.lock_asked), p.mean(p.quick_asked)
    return {
        "takers": p.takers,
        "error": round(half_width(0.5, p.takers), 6),
        "full_mean_asked": round(p.full_mean, 6),
        "lock_in": {
            "mean_asked": round(lock_mean, 6),
            "mean_share": round(lock_mean / full, 6),
            "agreement": round(p.lock_agreement, 6),
            "stopped_early": round(p.lock_stopped, 6),
            "mean_asked_by_outcome": {k: round(v, 6) for k, v in p.lock_by_outcome.items()},
            "asked": {str(k): v for k, v in p.lock_asked.items()},
        },
        "quick": {
            "mean_asked": round(quick_mean, 6),
            "mean_share": round(quick_mean / full, 6),
            "agreement": round(p.quick_agreement, 6),
            "asked": {str(k): v for k, v in p.quick_asked.items()},
        },
    }


# --- outcome shares -------------------------------------------------------------------------


def sample_size(max_error: float = MAX_ERROR) -> int:
    """Answer sets needed for a 99 % half-width of at most ``max_error`` at any share."""
    return math.ceil(Z99 * Z99 * 0.25 / (max_error * max_error))


def half_width(share: float, samples: int) -> float:
    """The 99 % normal-approximation half-width of a sampled share."""
    return Z99 * math.sqrt(max(share * (1 - share), 0.0) / samples) if samples else 0.0


def outcome_shares(
    bank: Bank,
    *,
    state_budget: int = STATE_BUDGET,
    max_error: float = MAX_ERROR,
    seed: int = 0,
) -> Shares:
    """Shares of each outcome under random answering: exact if possible, else sampled."""
    c = compiled(bank)
    exact = _exact_shares(c, state_budget)
    if exact is not None:
        return Shares(
            "exact", dict(zip(c.outcome_ids, exact[0], strict=True)), 0.0, states=exact[1]
        )
    return _sample_shares(c, seed, max_error)[0]


BATCH = 2000


def _sample_shares(
    c: Compiled, seed: int, max_error: float, *, cap: int | None = None, batch: int = 0
) -> tuple[Shares, list[list[int]]]:
    """Sample answer sets in batches until every share's 99 % half-width is ≤ ``max_error``.

    The half-width is the Agresti–Coull interval's plus the distance between its centre and the
    reported share, so the statement holds for the share we print. At ``sample_size(max_error)``
    answer sets the worst-case bound holds whatever the shares, so sampling always stops there.
    """
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
        if not first:
            first = [list(row) for row in zip(*cols, strict=True)]
        for o in c.outcomes_batch(cols):
            counts[o] += 1
        n += size
        error = max(_stated_error(k, n) for k in counts)
        if n >= cap:
            error = min(error, half_width(0.5, n))
        if error <= max_error or n >= cap:
            break
    shares = {oid: k / n for oid, k in zip(c.outcome_ids, counts, strict=True)}
    return Shares("sampled", shares, error, samples=n), first


def _stated_error(k: int, n: int) -> float:
    z2 = Z99 * Z99
    centre = (k + z2 / 2) / (n + z2)
    return Z99 * math.sqrt(centre * (1 - centre) / (n + z2)) + abs(centre - k / n)


def _exact_shares(c: Compiled, budget: int) -> tuple[list[float], int] | None:
    """Exact shares by dynamic programming over merged states, or None past ``budget``.

    A state is the raw per-axis sums on a fine integer grid (so float noise cannot split equal
    sums), which conditional questions were asked (that fixes the achievable ranges, hence the
    normalisation) and the answers that later conditions still look at.
    """
    from operator import add

    n = len(c.axes)
    deltas = [[_delta(n, terms) for terms in options] for options in c.terms]
    if sum(1 for conds in c.conds if conds) > MAX_GATES:
        return None  # a state per answer path prefix would carry thousands of flags
    if not c.conditional:
        states: dict[tuple[int, ...], float] = {(0,) * n: 1.0}
        for qi in range(c.nq):
            new: dict[tuple[int, ...], float] = {}
            share = 1.0 / len(deltas[qi])
            get = new.get
            for key, p in states.items():
                q = p * share
                for d in deltas[qi]:
                    k2 = tuple(map(add, key, d)) if d is not None else key
                    new[k2] = get(k2, 0.0) + q
                if len(new) > budget:
                    return None
            states = new
        probs = [0.0] * len(c.outcome_ids)
        for key, p in states.items():
            raw = [x / _GRID for x in key]
            probs[c.decide(*c.scores(raw, c.lo_all, c.hi_all))] += p
        return probs, len(states)
    return _exact_conditional(c, budget, deltas)


def _delta(n: int, terms: Sequence[tuple[int, float]]) -> tuple[int, ...] | None:
    if not terms:
        return None
    d = [0] * n
    for i, v in terms:
        d[i] += round(v * _GRID)
    return tuple(d)


def _exact_conditional(
    c: Compiled, budget: int, deltas: list[list[tuple[int, ...] | None]]
) -> tuple[list[float], int] | None:
    from operator import add

    last_use: dict[int, int] = {}
    for qi, conds in enumerate(c.conds):
        for j, _ in conds:
            last_use[j] = max(last_use.get(j, -1), qi)
    slots = {j: s for s, j in enumerate(sorted(last_use))}
    released = {qi: [slots[j] for j, last in last_use.items() if last == qi] for qi in range(c.nq)}
    gated = [qi for qi in range(c.nq) if c.conds[qi]]
    gate_slot = {qi: s for s, qi in enumerate(gated)}
    n = len(c.axes)
    # key: (raw sums on the grid, asked flags of conditional questions, remembered answers)
    Key = tuple[tuple[int, ...], tuple[bool, ...], tuple[int, ...]]
    states: dict[Key, float] = {((0,) * n, (False,) * len(gated), (-1,) * len(slots)): 1.0}
    for qi in range(c.nq):
        new: dict[Key, float] = {}
        get = new.get
        conds = c.conds[qi]
        slot = slots.get(qi)
        drop = released[qi]
        share = 1.0 / len(deltas[qi])
        for (raw, gates, kept), p in states.items():
            asked = all(kept[slots[j]] in allowed for j, allowed in conds)
            if not asked:
                k2 = (raw, gates, _kept(kept, slot, -1, drop))
                new[k2] = get(k2, 0.0) + p
                continue
            if conds:
                g = list(gates)
                g[gate_slot[qi]] = True
                gates = tuple(g)
            q = p * share
            for k, d in enumerate(deltas[qi]):
                raw2 = tuple(map(add, raw, d)) if d is not None else raw
                k2 = (raw2, gates, _kept(kept, slot, k, drop))
                new[k2] = get(k2, 0.0) + q
            if len(new) > budget:
                return None
        states = new
    probs = [0.0] * len(c.outcome_ids)
    ranges: dict[tuple[bool, ...], tuple[list[float], list[float]]] = {}
    for (raw, gates, _), p in states.items():
        if gates not in ranges:
            lo, hi = [0.0] * n, [0.0] * n
            for qi in range(c.nq):
                if c.conds[qi] and not gates[gate_slot[qi]]:
                    continue
                for i, low, high in c.ranges[qi]:
                    lo[i] += low
                    hi[i] += high
            ranges[gates] = (lo, hi)
        lo, hi = ranges[gates]
        probs[c.decide(*c.scores([x / _GRID for x in raw], lo, hi))] += p
    return probs, len(states)


def _kept(kept: tuple[int, ...], slot: int | None, value: int, drop: list[int]) -> tuple[int, ...]:
    if slot is None and not drop:
        return kept
    out = list(kept)
    if slot is not None:
        out[slot] = value
    for s in drop:
        out[s] = -2  # no later condition looks at it: forget it so states merge
    return tuple(out)


# --- influence ------------------------------------------------------------------------------


class _Walker:
    """An answer assignment with its sums and scores, changed one question at a time."""

    def __init__(self, c: Compiled, assign: Sequence[int]) -> None:
        self.c = c
        self.assign = list(assign)
        self.refresh()

    def refresh(self) -> None:
        self.raw, self.lo, self.hi, self.asked = self.c.sums(self.assign)
        self.s, self.m = self.c.scores(self.raw, self.lo, self.hi)

    def scores_if(self, qi: int, k: int) -> tuple[list[float], list[bool]]:
        """Scores (and measured flags) if question ``qi`` were answered ``k``."""
        c = self.c
        if qi in c.referenced:
            changed = list(self.assign)
            changed[qi] = k
            raw, lo, hi, _ = c.sums(changed)
            return c.scores(raw, lo, hi)
        if not self.asked[qi] or k == self.assign[qi]:
            return self.s, self.m
        raw = self._raw_if(qi, k)
        s = list(self.s)
        for i, _ in c.terms[qi][k]:
            v = position(raw[i], self.lo[i], self.hi[i])
            s[i] = 0.0 if v is None else v  # measured: this question's own range is in it
        return s, self.m

    def _raw_if(self, qi: int, k: int) -> list[float]:
        """The raw sums if asked question ``qi`` (not one others depend on) were answered ``k``."""
        raw = list(self.raw)
        for (i, new), (_, old) in zip(
            self.c.terms[qi][k], self.c.terms[qi][self.assign[qi]], strict=True
        ):
            raw[i] += new - old
        return raw

    def set(self, qi: int, k: int) -> None:
        if qi in self.c.referenced:  # conditions may change what is asked: add everything up again
            self.assign[qi] = k
            self.refresh()
            return
        if self.asked[qi] and k != self.assign[qi]:  # only this question's terms change
            self.raw = self._raw_if(qi, k)
            self.s, self.m = self.c.scores(self.raw, self.lo, self.hi)
        self.assign[qi] = k


def influence(
    c: Compiled, assigns: Sequence[Sequence[int]]
) -> tuple[list[Influence], dict[tuple[int, int], set[int]], list[int]]:
    """Per question: how often changing only its answer changes the outcome.

    Also returns, per (question, option), the outcomes seen with that option forced, and how
    many sampled answer sets asked each question.
    """
    swings = [0] * c.nq
    asked_counts = [0] * c.nq
    seen: dict[tuple[int, int], set[int]] = {}
    for assign in assigns:
        w = _Walker(c, assign)
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
    out = [
        Influence(
            c.qids[qi],
            swings[qi] / asked_counts[qi] if asked_counts[qi] else 0.0,
            asked_counts[qi] / n if n else 0.0,
            n,
        )
        for qi in range(c.nq)
    ]
    return out, seen, asked_counts


# --- reachability -----------------------------------------------------------------------------


Objective = Callable[[Sequence[float], Sequence[bool]], float]


def _climb(w: _Walker, objective: Objective, passes: int = 25) -> float:
    """Coordinate ascent: per question, take the answer that most improves ``objective``."""
    c = w.c
    best = objective(w.s, w.m)
    for _ in range(passes):
        improved = False
        for qi in range(c.nq):
            cur = w.assign[qi]
            best_k, best_v = cur, best
            for k in range(len(c.values[qi])):
                if k != cur:
                    v = objective(*w.scores_if(qi, k))
                    if v > best_v + EPS:
                        best_k, best_v = k, v
            if best_k != cur:
                w.set(qi, best_k)
                best = best_v
                improved = True
        if not improved:
            break
    return best


def _toward(profile: Sequence[float]) -> Objective:
    def objective(s: Sequence[float], m: Sequence[bool]) -> float:
        return -sum([(x - t) ** 2 for x, t, mm in zip(s, profile, m, strict=True) if mm])

    return objective


def _search(
    c: Compiled,
    rng: random.Random,
    profile: Sequence[float],
    goals: Sequence[tuple[Objective, Callable[[list[int]], bool]]],
    restarts: int,
) -> list[list[int] | None]:
    """One example assignment per goal (or None), starting near ``profile``."""
    start = _Walker(c, [0] * c.nq)
    _climb(start, _toward(profile))
    found: list[list[int] | None] = []
    for objective, check in goals:
        hit: list[int] | None = None
        for r in range(restarts + 1):
            w = _Walker(c, start.assign if r == 0 else c.random_assignment(rng))
            if r > 0 or not check(w.assign):
                _climb(w, objective)
            if check(w.assign):
                hit = list(w.assign)
                break
        found.append(hit)
    return found


def _outcome_objective(c: Compiled, target: int) -> Objective:
    """How far ``target`` is from winning (positive: it wins), for hill climbing."""
    b = c.balanced

    def objective(s: Sequence[float], m: Sequence[bool]) -> float:
        fits = c.fits(s, m)
        if target == b:
            if len(c.contenders) < 2:
                return -1.0
            return c.margin - c.lead(fits, m)
        ok = c.eligible(m)
        if ok is not None and not ok[target]:
            return -1.0
        mine = fits[target]
        best_other = max((fits[oi] for oi in c.contenders if oi != target), default=mine - 1)
        return mine - best_other - (c.margin if b is not None else 0.0)

    return objective


def _act_objective(c: Compiled, target: int, place: int) -> Objective:
    """How far act ``target`` is from being among the top ``place`` picks (positive: it is).

    Most picks come from the verdict's scene, so an act gets there either by beating every other
    act, or by beating the acts of its own scene while an outcome recommending that scene wins.
    Every part is a lead in fit units (per-axis mean squared distance / 4).
    """
    acts = c.bank.acts
    scene = acts[target].scene
    mine_p = c.act_profiles[target]
    rivals = [c.act_profiles[x] for x, a in enumerate(acts) if a.scene == scene and x != target]
    bank = c.bank
    homes = [
        _outcome_objective(c, oi) for oi, o in enumerate(bank.outcomes) if bank.scene_of(o) == scene
    ]

    everyone = [p for x, p in enumerate(c.act_profiles) if x != target]

    def objective(s: Sequence[float], m: Sequence[bool]) -> float:
        axes = [i for i, mm in enumerate(m) if mm] or list(range(len(s)))
        scale = 4 * len(axes)
        mine = sum([(s[i] - mine_p[i]) ** 2 for i in axes]) / scale

        def among(profiles: list[list[float]]) -> float:
            others = sorted(sum([(s[i] - p[i]) ** 2 for i in axes]) / scale for p in profiles)
            return 1.0 if len(others) < place else others[place - 1] - mine

        # Best overall (a few picks may come from other scenes), or best of its own scene
        # while an outcome recommending that scene wins.
        overall = among(everyone)
        if not homes:
            return overall
        return max(overall, min(among(rivals), max(home(s, m) for home in homes)))

    return objective


def reachability(c: Compiled, seed: int = 0, restarts: int = 4) -> list[Reach]:
    """Whether each outcome can win and each act reach the top pick / top 3, with examples."""
    from popquiz.engine.recommend import recommend
    from popquiz.engine.scoring import score

    bank = c.bank
    out: list[Reach] = []
    for oi, oid in enumerate(c.outcome_ids):

        def wins(assign: list[int], oid: str = oid) -> bool:
            return score(bank, c.answers(assign)).outcome == oid

        rng = random.Random(f"popquiz-reach:{seed}:outcome:{oid}")
        (hit,) = _search(
            c, rng, c.outcome_profiles[oi], [(_outcome_objective(c, oi), wins)], restarts
        )
        out.append(Reach("outcome", oid, "win", hit is not None, _example(c, hit)))

    for ai, act in enumerate(bank.acts):

        def placed(assign: list[int], place: int, aid: str = act.id) -> bool:
            recs = recommend(bank, score(bank, c.answers(assign)), n=3)
            return any(r.act.id == aid for r in recs[:place] if not r.bridge)

        rng = random.Random(f"popquiz-reach:{seed}:act:{act.id}")
        top1, top3 = _search(
            c,
            rng,
            c.act_profiles[ai],
            [
                (_act_objective(c, ai, 1), lambda a: placed(a, 1)),
                (_act_objective(c, ai, 3), lambda a: placed(a, 3)),
            ],
            restarts,
        )
        out.append(Reach("act", act.id, "top1", top1 is not None, _example(c, top1)))
        out.append(Reach("act", act.id, "top3", top3 is not None, _example(c, top3)))
    return out


def _example(c: Compiled, assign: list[int] | None) -> dict[str, AnswerValue] | None:
    return None if assign is None else c.answers(assign)


# --- coverage ---------------------------------------------------------------------------------


def coverage(c: Compiled) -> Coverage:
    bank = c.bank
    axes = []
    for ai, axis in enumerate(c.axes):
        count, low, high, total = 0, 0.0, 0.0, 0.0
        largest: str | None = None
        largest_range = 0.0
        for qi, ranges in enumerate(c.ranges):
            for i, lo, hi in ranges:
                if i != ai:
                    continue
                count += 1
                low += max(0.0, -lo)
                high += max(0.0, hi)
                total += hi - lo
                if hi - lo > largest_range:
                    largest, largest_range = c.qids[qi], hi - lo
        share = largest_range / total if total > 0 else 0.0
        axes.append(AxisCoverage(axis, count, low, high, largest, share))
    tags: dict[str, int] = {}
    for q in bank.questions:
        for tag in q.tags or [""]:
            tags[tag] = tags.get(tag, 0) + 1
    return Coverage(tuple(axes), dict(sorted(tags.items())), _translation_coverage(bank))


def _texts(bank: Bank) -> Iterator[tuple[Any, bool]]:
    """Every user-visible text of the bank, with whether it is a proper name."""
    yield bank.title, False
    yield bank.description, False
    for axis in bank.axes:
        yield from ((t, False) for t in (axis.low, axis.high, axis.label) if t is not None)
    for q in bank.questions:
        yield q.text, False
        if q.kind == "choice":
            yield from ((a.text, False) for a in q.answers)
    for o in bank.outcomes:
        yield from ((t, False) for t in (o.title, o.description, o.why) if t is not None)
    for act in bank.acts:
        yield act.name, True
        yield act.blurb, False
        if act.facts.agency is not None:
            yield act.facts.agency, True
        if act.facts.status is not None:
            yield act.facts.status.text, False


def _translation_coverage(bank: Bank) -> dict[str, float]:
    """Per language, the share of texts written in it. A text identical to the default
    language's (what ``validate`` warns about, W202) counts as untranslated, unless it is a
    name, has no letters or is listed in ``same_in_all_languages``."""
    langs = bank.all_languages
    have = dict.fromkeys(langs, 0)
    total = 0
    same_ok = set(bank.same_in_all_languages)
    for text, is_name in _texts(bank):
        total += 1
        for lang in langs:
            if isinstance(text, str):
                have[lang] += is_name or lang == bank.language
            elif lang in text:
                base = text.get(bank.language)
                have[lang] += (
                    is_name
                    or lang == bank.language
                    or text[lang] != base
                    or base in same_ok
                    or not any(ch.isalpha() for ch in text[lang])
                )
    return {lang: have[lang] / total if total else 1.0 for lang in langs}


# --- taker models -----------------------------------------------------------------------------

TAKERS = 1000  # answer sets per taker model for act and "why" statistics
TOP_N = 5


@dataclass(frozen=True)
class ModelStats:
    """What takers answering under one model are told, over ``samples`` answer sets."""

    model: str  # "uniform" or "consistent"
    samples: int
    error: float  # 99 % half-width of any share below (worst case)
    outcomes: dict[str, float]  # outcome id -> share of takers
    acts_top5: dict[str, float]  # act id -> share of takers with it among the top-5 picks
    first_why: dict[str, float]  # question id -> share of takers for whom it is the first "why"
    why_axes: dict[str, float]  # axis id -> share of takers shown a "why" entry on that axis
    # outcome id -> share of that outcome's takers whose first pick is an active act (only when
    # the catalogue marks some act inactive, and only for outcomes some taker got)
    first_active: dict[str, float] = field(default_factory=dict)


def taker_stats(c: Compiled, model: str, samples: int = TAKERS, seed: int = 0) -> ModelStats:
    """Outcome shares, top-5 act shares and "why" statistics under one taker model, from
    ``samples`` seeded answer sets scored by the real :func:`~popquiz.engine.scoring.score`,
    :func:`~popquiz.engine.recommend.recommend` and :func:`~popquiz.engine.explain.why_entries`."""
    from popquiz.engine.explain import why_entries
    from popquiz.engine.recommend import picks
    from popquiz.engine.scoring import score_assignment

    bank = c.bank
    rng = random.Random(f"popquiz-takers:{model}:{seed}")
    outcomes = dict.fromkeys(c.outcome_ids, 0)
    acts = {a.id: 0 for a in bank.acts}
    first_why: dict[str, int] = dict.fromkeys(c.qids, 0)
    why_axes = dict.fromkeys(c.axes, 0)
    first_active = dict.fromkeys(c.outcome_ids, 0)
    for _ in range(samples):
        assign = (
            consistent_assignment(c, rng) if model == "consistent" else c.random_assignment(rng)
        )
        result = score_assignment(bank, assign)
        outcomes[result.outcome] += 1
        if bank.acts:
            chosen = picks(bank, result, TOP_N)
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
    return ModelStats(
        model,
        samples,
        half_width(0.5, samples),
        {k: v / n for k, v in outcomes.items()},
        {k: v / n for k, v in acts.items()},
        {k: v / n for k, v in first_why.items() if v},
        {k: v / n for k, v in why_axes.items()},
        {k: first_active[k] / v for k, v in outcomes.items() if v}
        if any(a.facts.active is False for a in bank.acts)
        else {},
    )


# --- findings ---------------------------------------------------------------------------------


class _Locator:
    """Positions of bank nodes (acts in a catalogue file when there is one)."""

    def __init__(self, doc: Document | None, catalogue: Document | None, path: str) -> None:
        self.doc, self.catalogue, self.path = doc, catalogue, path

    def diag(
        self, code: str, message: str, loc: PathKey, help: str, *, key: bool = False
    ) -> Diagnostic:
        doc = self.catalogue if self.catalogue is not None and loc[:1] == ("acts",) else self.doc
        if doc is None:
            return Diagnostic(code, message, self.path, help=help, severity="warning")
        line, col = doc.pos(loc, key=key)
        return Diagnostic(code, message, doc.path, line, col, help, "warning")


def _never_asked(c: Compiled) -> list[int]:
    """Questions whose conditions can never all hold together."""
    out = []
    for qi in range(c.nq):
        need: dict[int, frozenset[int]] = {}
        todo = [qi]
        ok = True
        while todo and ok:
            q = todo.pop()
            for j, allowed in c.conds[q]:
                if j not in need:
                    todo.append(j)
                    need[j] = allowed
                else:
                    need[j] = need[j] & allowed
                if not need[j]:
                    ok = False
        if not ok:
            out.append(qi)
    return out


# --- the cost budget ---------------------------------------------------------------------------

# What `analyze` may spend, in units of about a microsecond of work on this kind of machine;
# past these, a part runs on fewer answer sets (its stated error grows) or is skipped, and W111
# says which. The default bank and any bank up to a few hundred questions fit every one.
SAMPLE_BUDGET = 6_000_000  # sampled shares: answer sets × questions
BATCH_CELLS = 2_000_000  # one batch of sampled answer sets: answer sets × questions in memory
INFLUENCE_BUDGET = 150_000  # influence: answer sets × cost of trying every answer once
REACH_BUDGET = 600_000  # reachability: searches × cost of trying every answer × (restarts + 1)
TAKER_BUDGET = 80_000  # each taker model: answer sets × questions
# Adaptive play (issue 20, `analyze --adaptive`): walks × questions² × estimate takers, about
# 4 per µs here; the default bank (30 questions) gets all ADAPTIVE_TAKERS walks per model.
ADAPTIVE_BUDGET = 100_000_000
ADAPTIVE_TAKERS = 200
MIN_ADAPTIVE = 20
MIN_TAKERS = 50  # fewer answer sets than this say nothing: the model is skipped
MAX_GATES = 64  # the exact computation follows at most this many conditional questions
MAX_CHAINED = 2_000  # W108 follows conditions back through at most this many questions


@dataclass(frozen=True)
class Budget:
    """How much of each part of the analysis a bank of this size gets."""

    samples: int | None  # cap on sampled answer sets (None: as many as ``max_error`` needs)
    batch: int
    influence: int
    restarts: int
    reach: bool
    takers: int  # 0: the taker models are skipped
    never_asked: bool  # whether W108 (questions that can never be asked) is looked for
    limited: tuple[str, ...]  # what was cut, in words (empty: nothing)
    play: int = 0  # adaptive walks per taker model (0: not measured)


def plan(c: Compiled, *, influence: int, restarts: int, takers: int, play: int = 0) -> Budget:
    """The budget for ``c``: every part in full for small banks, less for huge ones."""
    nq = max(c.nq, 1)
    searches = len(c.outcome_ids) + 2 * len(c.bank.acts)
    limited = []
    # Trying another answer costs one question's terms, or, for a question that others depend
    # on, adding everything up again.
    per_sample = sum(len(v) * (nq if qi in c.referenced else 1) for qi, v in enumerate(c.values))
    samples: int | None = SAMPLE_BUDGET // nq
    if samples is not None and samples < sample_size():
        limited.append(f"outcome shares from {samples} random answer sets")
    else:
        samples = None
    n_influence = min(influence, INFLUENCE_BUDGET // max(per_sample, 1))
    if n_influence < 5:
        n_influence = 0
        limited.append("influence not sampled (W104 and W107 are not checked)")
    elif n_influence < influence:
        limited.append(f"influence from {n_influence} answer sets")
    gated = sum(1 for conds in c.conds if conds)
    never_asked = gated <= MAX_CHAINED
    if not never_asked:
        limited.append("questions that can never be asked are not looked for (W108)")
    n_restarts = restarts
    while n_restarts > 0 and searches * per_sample * (n_restarts + 1) > REACH_BUDGET:
        n_restarts -= 1
    reach = searches * per_sample <= REACH_BUDGET
    if not reach:
        limited.append("reachability not searched (W101-W103 are not checked)")
    elif n_restarts < restarts:
        limited.append(f"reachability with {n_restarts} random restarts")
    n_takers = min(takers, TAKER_BUDGET // nq)
    if n_takers < MIN_TAKERS:
        n_takers = 0
        limited.append("taker models skipped")
    elif n_takers < takers:
        limited.append(f"taker models from {n_takers} answer sets each")
    batch = max(50, min(BATCH, BATCH_CELLS // nq))
    from popquiz.engine.adaptive import PARTICLES

    n_play = min(play, ADAPTIVE_BUDGET // (2 * nq * nq * PARTICLES))
    if n_play < MIN_ADAPTIVE:
        n_play = 0
        if play:
            limited.append("adaptive play not measured")
    elif n_play < play:
        limited.append(f"adaptive play from {n_play} answer sets per taker model")
    return Budget(
        samples,
        batch,
        n_influence,
        n_restarts,
        reach,
        n_takers,
        never_asked,
        tuple(limited),
        n_play,
    )


def analyze(
    bank: Bank,
    *,
    doc: Document | None = None,
    catalogue: Document | None = None,
    path: str = "<input>",
    seed: int = 0,
    state_budget: int = STATE_BUDGET,
    max_error: float = MAX_ERROR,
    influence_samples: int = INFLUENCE_SAMPLES,
    restarts: int = 4,
    takers: int = TAKERS,
    play: int = 0,
) -> Analysis:
    """Analyse a valid bank; ``doc`` (and ``catalogue``) locate the findings in the YAML.
    ``play``: adaptive walks per taker model (``analyze --adaptive``; 0: not measured)."""
    c = compiled(bank)
    loc = _Locator(doc, catalogue, path)
    budget = plan(c, influence=influence_samples, restarts=restarts, takers=takers, play=play)
    exact = _exact_shares(c, state_budget)
    if exact is not None:
        shares = Shares(
            "exact", dict(zip(c.outcome_ids, exact[0], strict=True)), 0.0, states=exact[1]
        )
        combinations = math.prod(len(v) for v in c.values)
        if combinations <= budget.influence:  # a tiny bank: every combination once, exactly
            import itertools

            options = [range(len(v)) for v in c.values]
            assigns = [list(p) for p in itertools.product(*options)]
        else:
            rng = random.Random(f"popquiz-analysis:{seed}")
            assigns = [c.random_assignment(rng) for _ in range(budget.influence)]
    else:
        shares, assigns = _sample_shares(c, seed, max_error, cap=budget.samples, batch=budget.batch)
        assigns = assigns[: budget.influence]
    infl, seen, asked_counts = influence(c, assigns)
    if exact is not None and len(assigns) == math.prod(len(v) for v in c.values):
        infl = [replace(i, exhaustive=True) for i in infl]
    reach = reachability(c, seed, budget.restarts) if budget.reach else []
    cov = coverage(c)
    models = (
        tuple(taker_stats(c, m, budget.takers, seed) for m in ("uniform", "consistent"))
        if budget.takers
        else ()
    )
    from popquiz.engine.adaptive import simulate

    play_stats = tuple(
        simulate(c, m, budget.play, seed) for m in ("uniform", "consistent") if budget.play
    )

    findings: list[Diagnostic] = []
    if budget.limited:
        findings.append(
            loc.diag(
                "W111",
                f"a bank of {c.nq} questions is analysed within the cost budget: "
                + "; ".join(budget.limited),
                ("id",),
                "split the bank, or read the stated errors; SECURITY.md lists the budget",
            )
        )
    rule = bank.rule
    unreachable = {r.id for r in reach if r.kind == "outcome" and not r.reachable}
    model_shares_list = [("random answering", shares.shares)]
    if models:
        model_shares_list.append(("consistent takers", models[1].outcomes))
    for label, model_shares in model_shares_list:
        for i, oid in enumerate(c.outcome_ids):
            share = model_shares[oid]
            if share > rule.max_share:
                findings.append(
                    loc.diag(
                        "W109",
                        f"outcome {oid!r} wins {share:.0%} of {label}, above "
                        f"rule.max_share ({rule.max_share:.0%})",
                        ("outcomes", i),
                        "move its profile away from the middle of what the questions produce, "
                        "or lower rule.margin if it is the balanced outcome",
                    )
                )
            elif share < rule.min_share and oid not in unreachable:  # W101 says it better
                findings.append(
                    loc.diag(
                        "W110",
                        f"outcome {oid!r} wins only {share:.1%} of {label}, below "
                        f"rule.min_share ({rule.min_share:.0%})",
                        ("outcomes", i),
                        "move its profile towards scores the questions produce, or raise "
                        "rule.margin if it is the balanced outcome",
                    )
                )
    qpos = {q.id: i for i, q in enumerate(bank.questions)}
    for r in reach:
        if r.reachable:
            continue
        if r.kind == "outcome":
            i = c.outcome_ids.index(r.id)
            findings.append(
                loc.diag(
                    "W101",
                    f"outcome {r.id!r} never wins: no answer set that reaches it was found",
                    ("outcomes", i),
                    "move its profile towards scores the questions can produce, or give the "
                    "questions answers that lead there",
                )
            )
    acts = {a.id: i for i, a in enumerate(bank.acts)} if budget.reach else {}
    act_reach = {(r.id, r.target): r.reachable for r in reach if r.kind == "act"}
    for aid, i in acts.items():
        if not act_reach[(aid, "top3")]:
            findings.append(
                loc.diag(
                    "W102",
                    f"act {aid!r} is never among the top 3 recommendations",
                    ("acts", i),
                    "its profile is crowded out by other acts; make it more distinctive",
                )
            )
        elif not act_reach[(aid, "top1")]:
            findings.append(
                loc.diag(
                    "W103",
                    f"act {aid!r} is never the top recommendation (only in the top 3)",
                    ("acts", i),
                    "another act sits between it and every reachable score; make its profile "
                    "more distinctive",
                )
            )
    never = set(_never_asked(c)) if budget.never_asked else set()
    for qi in sorted(never):
        findings.append(
            loc.diag(
                "W108",
                f"question {c.qids[qi]!r} is never asked: its conditions cannot all hold",
                ("questions", qi, "when"),
                "check the answers its `when` conditions (and theirs) require",
                key=True,
            )
        )
    for inf in infl:
        qi = qpos[inf.question]
        if qi in never:
            continue
        if not c.ranges[qi]:
            findings.append(
                loc.diag(
                    "W104",
                    f"question {inf.question!r} cannot change any score: every answer moves "
                    "the axes equally",
                    ("questions", qi),
                    "give its answers different weights, or remove it",
                )
            )
        elif asked_counts[qi] and inf.influence == 0.0:
            findings.append(
                loc.diag(
                    "W104",
                    f"question {inf.question!r} never changed the outcome in "
                    f"{asked_counts[qi]} random answer sets",
                    ("questions", qi),
                    "raise its weights or move them to axes that separate the outcomes",
                )
            )
    outcomes_seen = {o for s in seen.values() for o in s}
    if len(outcomes_seen) >= 2:
        for qi in range(c.nq):
            if asked_counts[qi] < DECIDES_MIN_SAMPLES:
                continue
            decisive = [
                (k, next(iter(seen[(qi, k)])))
                for k in range(len(c.values[qi]))
                if len(seen.get((qi, k), ())) == 1
            ]
            if not decisive:
                continue
            listed = ", ".join(f"{c.values[qi][k]!r} → {c.outcome_ids[o]!r}" for k, o in decisive)
            where: PathKey = ("questions", qi)
            if len(decisive) == 1 and bank.questions[qi].kind == "choice":
                where = ("questions", qi, "answers", decisive[0][0])
            findings.append(
                loc.diag(
                    "W107",
                    f"question {c.qids[qi]!r} alone decides the outcome: in all "
                    f"{asked_counts[qi]} random answer sets, answer {listed}",
                    where,
                    "lower its weights or add questions on the same axes, so the other "
                    "answers still count",
                )
            )
    for ai, ax in enumerate(cov.axes):
        if ax.questions == 0:
            findings.append(
                loc.diag(
                    "W105",
                    f"no question moves axis {ax.id!r}; it always scores 0",
                    ("axes", ai),
                    "add questions (or answer weights) on this axis, or remove it",
                )
            )
        elif ax.largest is not None and ax.largest_share > DOMINANCE:
            qi = qpos[ax.largest]
            if ax.questions == 1:
                msg = f"axis {ax.id!r} is moved by one question only ({ax.largest!r})"
            else:
                msg = (
                    f"question {ax.largest!r} supplies {ax.largest_share:.0%} of axis "
                    f"{ax.id!r}'s range, so it alone decides that axis"
                )
            findings.append(
                loc.diag(
                    "W106",
                    msg,
                    ("questions", qi),
                    "add more questions on the axis or lower this question's weights",
                )
            )
    findings.sort(key=Diagnostic.sort_key)
    return Analysis(
        bank_id=bank.id,
        questions=len(bank.questions),
        shares=shares,
        reach=tuple(reach),
        influence=tuple(infl),
        coverage=cov,
        findings=tuple(findings),
        seed=seed,
        models=models,
        play=play_stats,
    )


def analyze_file(
    path: str | Path, *, display: str | None = None, seed: int = 0, **options: Any
) -> tuple[Analysis | None, list[Diagnostic]]:
    """Validate and analyse a bank file: ``(analysis, [])`` or ``(None, validation errors)``."""
    from popquiz.bank.loader import check

    shown = display or str(path)
    checked = check(Path(path), display=shown, kind="bank")
    bank, problems = checked.result()
    if bank is None:
        return None, problems
    doc, catalogue = checked.document, checked.catalogue
    return analyze(bank, doc=doc, catalogue=catalogue, path=shown, seed=seed, **options), []
