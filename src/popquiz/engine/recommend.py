"""Axis scores and facet preferences → acts to play first, with reasons that are true. Pure.

The formula (docs/authoring.md, "How picks are chosen", has a worked example):

* **Place** ``xᵢ = (1 − KAPPA)·sᵢ + KAPPA·(μᵢ + gᵢ·(sᵢ − oᵢ))``, *s* the taker's scores, *o*
  the verdict's profile, *μ* the mean profile of the acts of the verdict's scene and ``gᵢ`` their
  spread (standard deviation) over ``SIGMA``, the spread of a verdict's takers around its profile
  in the taker model (:mod:`popquiz.engine.takers`). A taker who sits where the verdict's typical
  taker does is looked for where the scene's typical act is, and one who leans further than most
  of its takers, among the acts that lean further than most of the scene: the acts of a scene
  are spread more widely than its takers, and without this the few acts at the scene's edge
  would be nearest for nearly everyone. A scene with fewer than two acts leaves ``x = s``.
* **Match** ``match(a) = max(0, 1 − √(Σ wᵢ (xᵢ − pᵢ)² / Σ wᵢ))`` over the measured axes (all
  axes if none is), *p* the act's profile and ``wᵢ = EPSILON + |sᵢ|``: an axis where the taker
  sits at an extreme counts up to five times one where they shrug. 0 % once the act is on
  (weighted) average a whole pole-length away. A bank that declares its own distance ranks by it
  instead (:meth:`popquiz.engine.compiled.Compiled.act_matches`, each axis's weight times
  ``wᵢ``).
* **Facet fit** ``F(a)``: for each facet the taker has a measured preference on, the strongest
  pull toward one of the act's values of it (``max(0, max pᵥ)``) plus the strongest push away
  (``min(0, min pᵥ)``), 0 for an act without the facet; ``F`` is the mean over those facets
  (−1 … 1). A multi-valued act is thus lifted by the value the taker wants most and held back
  by the one they want least.
* **Relevance** ``rel(a) = match(a) · (1 − GAMMA · h(a)) + BETA · F(a)``, ``h(a)`` the act's
  *hubness* (:func:`hubness`; only the verdict's own scene's acts are scaled): an act near most
  of its scene's takers would otherwise fill most lists and one at the scene's edge almost none,
  so, as in hubness reduction for nearest-neighbour search (local scaling, CSLS), a hub must
  match a taker better, and an edge act less well, to be picked.
* **Variety** (maximal marginal relevance): picks are chosen one at a time, each the act with
  the largest ``rel(a) − LAMBDA · max sim(a, b)`` over the picks *b* already chosen, where
  ``sim = PROFILE_SHARE · closeness + (1 − PROFILE_SHARE) · overlap``: *closeness* is the match
  formula between the two profiles (unweighted), *overlap* the Jaccard index of their facet
  values, leaving out the values the taker asked for (preference ≥ ``REQUESTED``), and
  *closeness* counts 0 between two acts that share a value the taker asked for, so five bands
  are no penalty for a taker who asked for bands. Only a taker who asked for at most
  ``FOCUSED`` values is treated so; one who asked for more wants a spread of them, and every
  value counts.
* **Something shared first**: an act *shares* something with the taker when it leans to the
  pole the taker leans to on some axis (both by at least ``LEAN``), has a facet value the taker
  asked for, or sits in the middle of an axis where the taker does too. The first pick is an act
  that shares a leaning or an asked-for value whenever one of the candidates does (else one that
  shares a middle); every later pick is one that shares something while any candidate does.
  Among the acts sharing the most, the first pick carries no facet value the taker *refused*
  (preference ≤ ``−REQUESTED``) whenever one of them does, and each later pick is one that
  carries none while a candidate sharing something does: a fan who chose idol formations over
  solo stages is not handed soloists.
* **Scene**: the picks of a verdict are acts of its scene (``outcome.scene``), filled from the
  other scenes by the same rule only when that scene has too few acts, plus up to
  ``PER_SCENE`` *visitor* (never first): an act of the balanced verdict's scene whose profile
  is nearest this verdict's (:func:`guests`). The balanced verdict (a taker between the
  scenes) also takes up to ``PER_SCENE`` act from each other scene, matched from the taker's
  place among that scene (:func:`matches`): its first pick and at least ``OWN_MIN`` of its
  picks are from its own scene (while it has candidates), the rest from any scene by the same
  rule. Every pick carries its scene. Without a scene, every act is a candidate.
* **Active first**: when the first pick is inactive (``facts.active`` false: a classic), the
  most relevant active act of the verdict's scene within ``ACTIVE_WITHIN`` of it (sharing as
  much) goes first and the classic right after. Acts with no ``active`` fact count as active.
* **Bridge**: then one act from a scene none of the picks is from (for a balanced verdict, one
  from each such scene, best first): the most relevant such act that shares a leaning or an
  asked-for value with the taker (else a middle; a scene with no act sharing anything gives no
  bridge), active first as above. It is shown with what it shares, never with a percentage.
* **Ties**: equal scores go to the act listed first in the catalogue.
* **Reasons** (at most ``REASONS_MAX``): the shared leanings (the act's most distinctive first)
  and asked-for values, interleaved; else a shared middle; only when the act shares nothing,
  its own strongest lean ("they lean …"), which claims nothing about the taker.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import LEAN, compiled
from popquiz.engine.compiled import matches as match_profiles
from popquiz.engine.takers import SIGMA

if TYPE_CHECKING:
    from popquiz.bank.model import Act, Bank
    from popquiz.engine.scoring import Result

SHOWN = 5  # the picks a result shows (its first three are an act's "top 3")
EPSILON = 0.25  # an axis's weight is EPSILON + |score|: a shrug still counts a little
BETA = 0.4  # how much the facet fit F (−1 … 1) adds to the match (0 … 1)
LAMBDA = 0.6  # how much resembling a pick already chosen costs
PROFILE_SHARE = 0.5  # similarity: this much profile closeness, the rest facet overlap
REQUESTED = 0.5  # a facet value the taker asked for: their preference is at least this
FOCUSED = 2  # a taker who asked for at most this many values wants picks alike in them
ACTIVE_WITHIN = 0.05  # an active act this close to an inactive first pick goes first
REASONS_MAX = 2
KAPPA = 0.4  # how far the taker is placed among the verdict's scene (0: at their own scores)
PER_SCENE = 1  # a balanced verdict's picks from each other scene, at most
OWN_MIN = 3  # a balanced verdict's picks from its own scene, the first among them
GAMMA = 0.5  # local scaling: an own-scene act's match is scaled by 1 − GAMMA · its hubness

ASKED, LEANS, MIDDLE = 2, 1, 0  # how much an act shares: see shares()


class Reason(NamedTuple):
    axis: str  # the axis ("" for an asked-for facet value)
    pole: str  # 'low'/'high': the pole the act leans to; 'middle': both sit in the middle
    shared: bool  # True: the taker is on that pole too (or in the middle too, or asked for it)
    facet: str = ""  # an asked-for facet value: its facet and value
    value: str = ""

    @property
    def kind(self) -> str:
        """'lean' (you both lean …), 'middle', 'asked' (a value you asked for) or 'theirs'."""
        if self.facet:
            return "asked"
        if self.pole == "middle":
            return "middle"
        return "lean" if self.shared else "theirs"


class Recommendation(NamedTuple):
    act: Act
    match: float  # 0 .. 1, the weighted axis match
    reasons: tuple[Reason, ...]
    bridge: bool = False
    relevance: float = 0.0  # match + BETA · facet fit

    @property
    def id(self) -> str:
        return self.act.id


class Taker(NamedTuple):
    """What the ranking knows of a taker: scores and which axes were measured (in the bank's
    axis order), and the measured facet preferences."""

    scores: tuple[float, ...]
    used: tuple[bool, ...]
    preferred: dict[tuple[str, str], float]

    @classmethod
    def of(cls, bank: Bank, result: Result) -> Taker:
        measured = {a.id for a in result.axes if a.measured}
        used = tuple(a in measured for a in bank.axis_ids)
        if not any(used):
            used = (True,) * len(used)
        scores = tuple(result.scores.get(a, 0.0) for a in bank.axis_ids)
        return cls(scores, used, result.preferred)

    @property
    def requested(self) -> frozenset[tuple[str, str]]:
        return frozenset(p for p, v in self.preferred.items() if v >= REQUESTED)

    @property
    def refused(self) -> frozenset[tuple[str, str]]:
        """The facet values the taker asked not to get: preference at most ``−REQUESTED``."""
        return frozenset(p for p, v in self.preferred.items() if v <= -REQUESTED)

    @property
    def focus(self) -> frozenset[tuple[str, str]]:
        """The asked-for values that make no two picks alike: all of them when the taker asked
        for at most FOCUSED, none when they asked for more (they want a spread of those)."""
        requested = self.requested
        return requested if len(requested) <= FOCUSED else frozenset()


def _facet_pairs(bank: Bank) -> list[frozenset[tuple[str, str]]]:
    found = bank.memo.get("act_facets")
    if isinstance(found, list):
        return found
    out = [frozenset((f, v) for f in act.facets for v in act.values_of(f)) for act in bank.acts]
    bank.memo["act_facets"] = out
    return out


def scene_frames(bank: Bank) -> list[tuple[tuple[float, ...], tuple[float, ...]] | None]:
    """Per outcome (bank order): the centre ``μ`` and gain ``g`` (per axis) that place a taker
    of that verdict among the acts of its scene, or None when the scene has fewer than two
    acts. ``μ`` is the mean profile of the scene's acts and ``g`` their spread (population
    standard deviation) over ``SIGMA``, the spread of a verdict's takers around its profile in
    the taker model."""
    found = bank.memo.get("scene_frames")
    if isinstance(found, list):
        return found
    profiles = compiled(bank).act_profiles
    out: list[tuple[tuple[float, ...], tuple[float, ...]] | None] = []
    for outcome in bank.outcomes:
        home = bank.scene_of(outcome)
        cloud = [p for p, a in zip(profiles, bank.acts, strict=True) if a.scene == home]
        if len(cloud) < 2:
            out.append(None)
            continue
        n = len(cloud)
        mu = tuple(sum(p[i] for p in cloud) / n for i in range(len(bank.axes)))
        gain = tuple(
            math.sqrt(sum((p[i] - mu[i]) ** 2 for p in cloud) / n) / SIGMA
            for i in range(len(bank.axes))
        )
        out.append((mu, gain))
    bank.memo["scene_frames"] = out
    return out


def act_frames(bank: Bank) -> list[int | None]:
    """Per act (catalogue order): the index of the first outcome whose scene is the act's."""
    found = bank.memo.get("act_frames")
    if isinstance(found, list):
        return found
    home: dict[str | None, int] = {}
    for k, outcome in enumerate(bank.outcomes):
        home.setdefault(bank.scene_of(outcome), k)
    out = [home.get(a.scene) for a in bank.acts]
    bank.memo["act_frames"] = out
    return out


def guests(bank: Bank) -> list[int]:
    """Per act (catalogue order): the index of the scene verdict whose list the act may visit,
    or -1. An act of the balanced verdict's scene (between the scenes) visits the list of the
    verdict whose profile is nearest its own (the bank's distance), when that verdict is not the
    balanced one: a crossover act that sits nearer K-pop's profile than the crossover's competes
    in the K-pop list."""
    found = bank.memo.get("guests")
    if isinstance(found, list):
        return found
    c = compiled(bank)
    between = {bank.scene_of(o) for o in bank.outcomes if o.balanced}
    everything = [True] * len(bank.axes)
    out = []
    for act, profile in zip(bank.acts, c.act_profiles, strict=True):
        fits = c.fits(profile, everything) if act.scene in between else []
        k = fits.index(max(fits)) if fits else -1
        out.append(-1 if k < 0 or bank.outcomes[k].balanced else k)
    bank.memo["guests"] = out
    return out


def placed(bank: Bank, taker: Taker, verdict: int) -> tuple[float, ...]:
    """Where the ranking looks for acts: ``(1 − KAPPA)·s + KAPPA·(μ + g·(s − o))``, the
    taker's scores ``s`` moved toward the same place relative to the verdict's scene as they
    hold relative to the verdict's profile ``o`` (see :func:`scene_frames`)."""
    frame = scene_frames(bank)[verdict]
    if frame is None:
        return taker.scores
    mu, gain = frame
    o = compiled(bank).outcome_profiles[verdict]
    return tuple(
        (1 - KAPPA) * s + KAPPA * (m + g * (s - p))
        for s, m, g, p in zip(taker.scores, mu, gain, o, strict=True)
    )


def unplaced(bank: Bank, point: list[float], verdict: int) -> list[float]:
    """The scores a taker of ``verdict`` needs to be looked for at ``point``: :func:`placed`
    undone, axis by axis (``1 − KAPPA + KAPPA·g`` is never below ``1 − KAPPA``)."""
    frame = scene_frames(bank)[verdict]
    if frame is None:
        return list(point)
    mu, gain = frame
    o = compiled(bank).outcome_profiles[verdict]
    return [
        (x - KAPPA * (m - g * p)) / (1 - KAPPA + KAPPA * g)
        for x, m, g, p in zip(point, mu, gain, o, strict=True)
    ]


def hubness(bank: Bank, frame: int | None = None) -> list[float]:
    """Per act (catalogue order): ``h(a) = r(a) − r̄``, how much better the act matches its
    scene's typical takers than the acts of that scene do on average (0 for an act whose scene
    no verdict has). ``r(a)`` is the act's mean :func:`matches` over the sigma points of the
    taker model around that scene's verdict: its profile ``o`` moved by ``±√n·SIGMA`` along one
    axis at a time (``n`` axes; clipped to −1 … 1), the ``2n`` fixed points whose mean and
    spread are the model's (the unscented transform). No sampling; each scene's part is built
    once per bank. ``frame``: only the acts of that outcome's scene (:func:`act_frames`), the
    others 0."""
    homes = act_frames(bank)
    if frame is None:
        parts = [hubness(bank, k) for k in sorted({h for h in homes if h is not None})]
        return [sum(h) for h in zip(*parts, strict=True)] if parts else [0.0] * len(homes)
    key = f"hubness:{frame}"
    found = bank.memo.get(key)
    if isinstance(found, list):
        return found
    c = compiled(bank)
    o = c.outcome_profiles[frame]
    n = len(o)
    step = math.sqrt(n) * SIGMA
    everything = (True,) * n
    mine = [i for i, h in enumerate(homes) if h == frame]
    profiles = [c.act_profiles[i] for i in mine]
    total = [0.0] * len(mine)
    for i in range(n):
        for sign in (-1.0, 1.0):
            point = list(o)
            point[i] = max(-1.0, min(1.0, o[i] + sign * step))
            emphasis = [EPSILON + abs(x) for x in point]
            at = placed(bank, Taker(tuple(point), everything, {}), frame)
            found_ = match_profiles(at, everything, profiles, c.metric, emphasis)
            total = [t + m for t, m in zip(total, found_, strict=True)]
    out = [0.0] * len(homes)
    mean = sum(total) / len(total) if total else 0.0
    for i, t in zip(mine, total, strict=True):
        out[i] = (t - mean) / (2 * n)
    bank.memo[key] = out
    return out


def matches(bank: Bank, taker: Taker, verdict: int | None = None) -> list[float]:
    """The weighted match of every act, in catalogue order: the bank's distance (straight-line
    unless it declares one, :meth:`~popquiz.engine.compiled.Compiled.act_matches`) from the
    taker's place among the verdict's scene (:func:`placed`; the scores themselves without a
    verdict), each axis's weight lifted to ``EPSILON + |score|`` as the taker leans on it."""
    emphasis = [EPSILON + abs(x) for x in taker.scores]
    c = compiled(bank)
    if verdict is None:
        return c.act_matches(taker.scores, taker.used, emphasis)
    out = c.act_matches(placed(bank, taker, verdict), taker.used, emphasis)
    if not bank.outcomes[verdict].balanced:
        return out
    # The balanced verdict's picks from another scene are looked for from the taker's place
    # among that scene: a crossover fan's K-pop pick is the K-pop act nearest their side of it.
    homes = act_frames(bank)
    for k in sorted({h for h in homes if h is not None and h != verdict}):
        theirs = c.act_matches(placed(bank, taker, k), taker.used, emphasis)
        out = [m2 if h == k else m for m, m2, h in zip(out, theirs, homes, strict=True)]
    return out


def facet_fit(
    act: Act, preferred: dict[tuple[str, str], float], facets: list[str] | None = None
) -> float:
    """``F(act)``: the mean over the facets the taker has a preference on (``facets``, when
    the caller has them already) of the strongest pull toward plus the strongest push away
    from the act's values of it."""
    if facets is None:
        facets = list(dict.fromkeys(f for f, _ in preferred))
    if not facets:
        return 0.0
    total = 0.0
    for f in facets:
        prefs = [preferred.get((f, v), 0.0) for v in act.values_of(f)]
        if prefs:
            total += max(0.0, max(prefs)) + min(0.0, min(prefs))
    return total / len(facets)


def shares(
    bank: Bank, taker: Taker, act: Act, requested: frozenset[tuple[str, str]] | None = None
) -> int:
    """How much ``act`` shares with the taker: ASKED or LEANS (a value they asked for, or a
    leaning), MIDDLE (only a middle), or -1 (nothing). ``requested``: the taker's asked-for
    values, when the caller has them already."""
    requested = taker.requested if requested is None else requested
    if any((f, v) in requested for f in act.facets for v in act.values_of(f)):
        return ASKED
    middle = False
    for i, axis in enumerate(bank.axis_ids):
        if not taker.used[i]:
            continue
        s, p = taker.scores[i], act.profile.get(axis, 0.0)
        if abs(s) >= LEAN and abs(p) >= LEAN and (s > 0) == (p > 0):
            return LEANS
        middle = middle or (abs(s) < LEAN and abs(p) < LEAN)
    return MIDDLE if middle else -1


class _Closeness:
    """Two acts' profile closeness over ``axes`` (the match formula, unweighted), each pair
    worked out the first time it is asked for: a result compares a few hundred of the
    catalogue's pairs, and all of them (~9,000 for 96 acts) would be most of ``take``'s own
    work. Kept per bank and pattern of measured axes."""

    def __init__(self, bank: Bank, axes: tuple[int, ...]) -> None:
        self.profiles = [[p[i] for i in axes] for p in compiled(bank).act_profiles]
        self.known: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)  # (x - y)² and (y - x)² are the same float
        found = self.known.get(key)
        if found is None:
            pi, pj = self.profiles[i], self.profiles[j]
            found = max(
                0.0, 1 - math.sqrt(sum((x - y) ** 2 for x, y in zip(pi, pj, strict=True)) / len(pi))
            )
            self.known[key] = found
        return found


def _closeness(bank: Bank, axes: tuple[int, ...]) -> _Closeness:
    found = bank.memo.get(f"closeness:{axes}")
    if not isinstance(found, _Closeness):
        found = bank.memo[f"closeness:{axes}"] = _Closeness(bank, axes)
    return found


class _Ranker:
    """One taker's relevance, sharing and similarity, over the acts of one bank."""

    def __init__(self, bank: Bank, taker: Taker, verdict: str) -> None:
        self.bank = bank
        self.acts = bank.acts
        order = [o.id for o in bank.outcomes]
        self.match = matches(bank, taker, order.index(verdict))
        facets = list(dict.fromkeys(f for f, _ in taker.preferred))
        home = bank.scene_of(bank.outcomes_by_id[verdict])
        mine = [a.scene == home for a in self.acts]
        # A scene with no acts ranks every act as its own, each scaled within its own scene.
        hub = hubness(bank, act_frames(bank)[mine.index(True)]) if any(mine) else hubness(bank)
        self.rel = [
            m * (1 - GAMMA * h) + BETA * facet_fit(a, taker.preferred, facets)
            for m, a, h in zip(self.match, self.acts, hub, strict=True)
        ]
        requested = taker.requested
        self.shared = [shares(bank, taker, a, requested) for a in self.acts]
        refused = taker.refused
        self.clean = [not pairs & refused for pairs in _facet_pairs(bank)]
        # What a first pick stands on: how much it shares (a leaning or an asked-for value
        # before a middle), then whether it carries no value the taker refused.
        self.lead = [
            2 * min(sh, LEANS) + clean for sh, clean in zip(self.shared, self.clean, strict=True)
        ]
        self.axes = [i for i, u in enumerate(taker.used) if u]
        self.close = _closeness(bank, tuple(self.axes))
        focus = taker.focus
        self.facets = [pairs - focus for pairs in _facet_pairs(bank)]
        self.asked = [pairs & focus for pairs in _facet_pairs(bank)]

    def similarity(self, i: int, j: int) -> float:
        # Two acts with a value the taker asked for in common are what they asked for, however
        # alike their profiles: only their other values make them alike.
        closeness = 0.0 if self.asked[i] & self.asked[j] else self.close(i, j)
        fi, fj = self.facets[i], self.facets[j]
        union = len(fi | fj)
        overlap = len(fi & fj) / union if union else 0.0
        return PROFILE_SHARE * closeness + (1 - PROFILE_SHARE) * overlap

    def choose(
        self, pool: list[int], k: int, chosen: list[int], own: list[int] | None = None
    ) -> list[int]:
        """Up to ``k`` more picks from ``pool`` by maximal marginal relevance, after
        ``chosen`` (which they must not resemble). With ``own`` (a balanced verdict's own
        scene), while ``own`` has candidates the first pick and OWN_MIN of the ``k`` come from
        it, and at most PER_SCENE from each other scene."""
        out: list[int] = []
        left = [i for i in pool if i not in chosen]
        worst = {i: 0.0 for i in left}  # the largest similarity to any pick so far
        for j in chosen:
            for i in left:
                worst[i] = max(worst[i], self.similarity(i, j))
        mine = None if own is None else set(own)
        while left and len(out) < k:
            first = not chosen and not out
            open_ = left if mine is None else self._open(left, out, k, mine)
            if not open_:
                break
            allowed = self._allowed(open_, first)
            best = max(allowed, key=lambda i: (self.rel[i] - LAMBDA * worst[i], -i))
            out.append(best)
            left.remove(best)
            for i in left:
                worst[i] = max(worst[i], self.similarity(i, best))
        return out

    def _open(self, left: list[int], out: list[int], k: int, own: set[int]) -> list[int]:
        mine = [i for i in left if i in own]
        if not mine:
            return left
        if not out or OWN_MIN - sum(i in own for i in out) >= k - len(out):
            return mine
        taken = [self.acts[i].scene for i in out if i not in own]
        return [i for i in left if i in own or taken.count(self.acts[i].scene) < PER_SCENE]

    def _allowed(self, left: list[int], first: bool) -> list[int]:
        """The candidates a pick may come from: for the first, those sharing the most (a
        leaning or an asked-for value before a middle) and, among them, carrying no value the
        taker refused when some do not; later, any that shares something, and among those the
        ones carrying no refused value while there are any."""
        if first:
            top = max(self.lead[i] for i in left)
            return [i for i in left if self.lead[i] == top]
        sharing = [i for i in left if self.shared[i] >= MIDDLE]
        clean = [i for i in sharing if self.clean[i]]
        return clean or sharing or left

    def active_first(self, picks: list[int], pool: list[int]) -> list[int]:
        """``picks`` with an active act from ``pool`` put before an inactive first pick when
        one is within ACTIVE_WITHIN of it and stands on as much (see ``lead``)."""
        if not picks or self.acts[picks[0]].facts.active is not False:
            return picks
        head = picks[0]
        level = self.lead[head]
        near = [
            i
            for i in pool
            if self.acts[i].facts.active is not False
            and self.rel[i] >= self.rel[head] - ACTIVE_WITHIN
            and self.lead[i] >= level
        ]
        if not near:
            return picks
        lead = max(near, key=lambda i: (self.rel[i], -i))
        rest = [i for i in picks if i != lead]
        return [lead, *rest][: max(len(picks), 1)]

    def bridge(self, pool: list[int]) -> int | None:
        """The bridge from ``pool``: the most relevant act sharing the most with the taker
        (None when none shares anything: a bridge is there for what it shares)."""
        if not pool:
            return None
        top = max(min(self.shared[i], LEANS) for i in pool)
        if top < MIDDLE:
            return None
        allowed = [i for i in pool if min(self.shared[i], LEANS) == top]
        best = max(allowed, key=lambda i: (self.rel[i], -i))
        return self.active_first([best], allowed)[0]


def ranked_picks(bank: Bank, result: Result, n: int = SHOWN) -> list[tuple[int, bool]]:
    """``(act index, bridge)`` for the picks and then the bridge(s); see the module's rules."""
    if not bank.acts:
        return []
    r = _Ranker(bank, Taker.of(bank, result), result.outcome)
    return _ranked(bank, r, result.outcome, n)


def _ranked(bank: Bank, r: _Ranker, verdict: str, n: int) -> list[tuple[int, bool]]:
    outcome = bank.outcomes_by_id[verdict]
    home = bank.scene_of(outcome)
    everyone = list(range(len(bank.acts)))
    own = [i for i in everyone if bank.acts[i].scene == home] or everyone
    verdict_index = bank.outcomes.index(outcome)
    # A scene with no acts of its own ranks every act (``own``): its guests are among them.
    visiting = [i for i, k in enumerate(guests(bank)) if k == verdict_index and i not in own]
    if outcome.balanced:
        chosen = r.active_first(r.choose(everyone, n, [], own), own)
    elif visiting:
        chosen = r.active_first(r.choose(own + visiting, n, [], own), own)
    else:
        chosen = r.active_first(r.choose(own, n, []), own)
    pool = everyone if outcome.balanced else own + visiting
    if len(chosen) < n:
        others = [i for i in everyone if i not in pool]
        chosen += r.choose(others, n - len(chosen), chosen)
    shown = {bank.acts[i].scene for i in chosen}
    scenes = list(dict.fromkeys(a.scene for a in bank.acts if a.scene not in shown))
    bridges: list[int] = []
    if outcome.balanced:
        found = [r.bridge([i for i in everyone if bank.acts[i].scene == s]) for s in scenes]
        bridges = sorted((b for b in found if b is not None), key=lambda i: (-r.rel[i], i))
    else:
        one = r.bridge([i for i in everyone if bank.acts[i].scene not in shown])
        bridges = [] if one is None else [one]
    return [(i, False) for i in chosen] + [(i, True) for i in bridges]


def picks(bank: Bank, result: Result, n: int = SHOWN) -> list[tuple[float, Act, bool]]:
    """``(match, act, bridge)`` for the picks of the verdict's scene, then the bridge pick(s)."""
    if not bank.acts:
        return []
    r = _Ranker(bank, Taker.of(bank, result), result.outcome)
    return [(r.match[i], bank.acts[i], b) for i, b in _ranked(bank, r, result.outcome, n)]


def recommend(bank: Bank, result: Result, n: int = SHOWN) -> list[Recommendation]:
    """:func:`picks` with the reasons for each."""
    if not bank.acts:
        return []
    taker = Taker.of(bank, result)
    r = _Ranker(bank, taker, result.outcome)
    return [
        Recommendation(bank.acts[i], r.match[i], reasons(bank, taker, bank.acts[i]), b, r.rel[i])
        for i, b in _ranked(bank, r, result.outcome, n)
    ]


def reasons(bank: Bank, taker: Taker, act: Act, k: int = REASONS_MAX) -> tuple[Reason, ...]:
    """Why ``act``: what it shares with the taker (see the module's rules)."""
    leans = []
    middles = []
    own = []
    for i, axis in enumerate(bank.axis_ids):
        if not taker.used[i]:
            continue
        p, s = act.profile.get(axis, 0.0), taker.scores[i]
        if abs(p) < LEAN:
            if abs(s) < LEAN:
                middles.append((-round(abs(s) + abs(p), 9), axis))
            continue
        pole = "high" if p > 0 else "low"
        if abs(s) >= LEAN and (s > 0) == (p > 0):
            leans.append((-round(abs(p), 9), -round(abs(s), 9), axis, pole))
        own.append((-round(abs(p), 9), axis, pole))
    order = {pair: i for i, pair in enumerate(bank.facet_values)}
    requested = taker.requested
    asked = sorted(
        ((f, v) for f in act.facets for v in act.values_of(f) if (f, v) in requested),
        key=lambda fv: (-round(taker.preferred[fv], 9), order.get(fv, 0)),
    )
    shared_leans = [Reason(a, pole, True) for *_, a, pole in sorted(leans)]
    asked_for = [Reason("", "", True, f, v) for f, v in asked]
    mixed = shared_leans[:1] + asked_for[:1] + shared_leans[1:] + asked_for[1:]
    if mixed:
        return tuple(mixed[:k])
    if middles:
        return (Reason(sorted(middles, reverse=True)[0][1], "middle", True),)
    return tuple(Reason(a, pole, False) for _, a, pole in sorted(own)[:1])
