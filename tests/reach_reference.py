"""The pure-Python reachability search and answer walker that popquiz.engine.analysis.reach
must reproduce: one answer change at a time through the compiled bank's scalar rule, every
example checked with the real recommend. Kept as the reference the tests compare against;
popquiz itself no longer runs it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from popquiz.engine.analysis.reach import Reach
from popquiz.engine.compiled import EPS, position

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue
    from popquiz.engine.compiled import Compiled


class Walker:
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


Objective = Callable[[Sequence[float], Sequence[bool]], float]


def _climb(w: Walker, objective: Objective, passes: int = 25) -> float:
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
    start = Walker(c, [0] * c.nq)
    _climb(start, _toward(profile))
    found: list[list[int] | None] = []
    for objective, check in goals:
        hit: list[int] | None = None
        for r in range(restarts + 1):
            w = Walker(c, start.assign if r == 0 else c.random_assignment(rng))
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


def _as_scores(c: Compiled, scene: str) -> list[list[float]]:
    """Where a taker of the first outcome recommending ``scene`` must score to be looked for at
    each act (the ranking's placement undone); the profiles when no outcome recommends it."""
    from popquiz.engine.recommend import unplaced

    bank = c.bank
    home = next((i for i, o in enumerate(bank.outcomes) if bank.scene_of(o) == scene), None)
    return [list(p) if home is None else unplaced(bank, list(p), home) for p in c.act_profiles]


def _act_objective(c: Compiled, target: int, place: int) -> Objective:
    """How far act ``target`` is from being among the top ``place`` picks (positive: it is).

    Picks come from the verdict's scene, so an act gets there by beating the acts of its own
    scene while an outcome recommending that scene wins.
    Every part is a lead in fit units (the declared distance over its largest value).
    """
    acts = c.bank.acts
    scene = acts[target].scene
    profiles = _as_scores(c, scene)
    mine_p = profiles[target]
    rivals = [profiles[x] for x, a in enumerate(acts) if a.scene == scene and x != target]
    bank = c.bank
    homes = [
        _outcome_objective(c, oi) for oi, o in enumerate(bank.outcomes) if bank.scene_of(o) == scene
    ]

    everyone = [p for x, p in enumerate(profiles) if x != target]

    metric = c.metric

    def objective(s: Sequence[float], m: Sequence[bool]) -> float:
        shape = list(m) if any(m) else [True] * len(s)
        scale = metric.ceiling(shape)
        mine = metric.mean(s, shape, [mine_p])[0] / scale

        def among(profiles: list[list[float]]) -> float:
            others = sorted(d / scale for d in metric.mean(s, shape, profiles))
            return 1.0 if len(others) < place else others[place - 1] - mine

        # Picks come from the verdict's scene only: best of its own scene while an outcome
        # recommending that scene wins (best overall when no outcome recommends it).
        if not homes:
            return among(everyone)
        return min(among(rivals), max(home(s, m) for home in homes))

    return objective


def reachability(
    c: Compiled, seed: int = 0, restarts: int = 4, acts: Sequence[int] | None = None
) -> list[Reach]:
    """Whether each outcome can win and each act (of ``acts``: all by default) reach the top
    pick / top 3, with examples."""
    from popquiz.engine.recommend import recommend
    from popquiz.engine.scoring import score

    bank = c.bank
    out: list[Reach] = []
    for oi in range(len(c.outcome_ids)):

        def wins(assign: list[int], oi: int = oi) -> bool:
            return c.outcome(assign) == oi

        oid = c.outcome_ids[oi]
        rng = random.Random(f"popquiz-reach:{seed}:outcome:{oid}")
        (hit,) = _search(
            c, rng, c.outcome_profiles[oi], [(_outcome_objective(c, oi), wins)], restarts
        )
        out.append(Reach("outcome", oid, "win", hit is not None, _example(c, hit)))

    for ai, act in enumerate(bank.acts):
        if acts is not None and ai not in acts:
            continue

        def placed(assign: list[int], place: int, aid: str = act.id) -> bool:
            # The real ranking, preferences included (picks depend on the answers' prefer:).
            recs = recommend(bank, score(bank, c.answers(assign)))
            return any(r.act.id == aid for r in recs[:place] if not r.bridge)

        rng = random.Random(f"popquiz-reach:{seed}:act:{act.id}")
        top1, top3 = _search(
            c,
            rng,
            _as_scores(c, act.scene)[ai],
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
