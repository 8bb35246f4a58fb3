"""Axis scores → acts to play first, grouped by scene, with reasons that are true. Pure.

* **Match**: ``max(0, 1 − √(D/n))`` over the *n* measured axes (all axes if none is), *D* the
  squared distance between the taker's scores and the act's profile
  (:func:`popquiz.engine.compiled.matches`): 100 % at the taker's own scores, 0 % once the act
  is on average a whole pole-length away per axis.
* **Picks**: the ``n`` best matches (ties: catalogue order), of which at most
  ``n − (n // 2 + 1)`` (2 of 5) may come from outside the scene the verdict's outcome names
  (``outcome.scene``): most picks are that scene's. Without a scene, the best matches overall.
* **Active first**: when a scene's best match is an act whose ``facts.active`` is false (a
  classic: disbanded, on hiatus), the best *active* act of that scene within ``ACTIVE_WITHIN``
  (5 match points) of it goes first instead, so a taker's first play in each scene is an act
  they can still follow; the classic keeps its place right after it. Acts with no ``active``
  fact count as active, so a catalogue without the fact ranks by match alone.
* **Bridge**: one more pick from a scene none of the picks is from: the best match of those
  scenes. For a balanced verdict, one bridge from each such scene (best first), so a taker
  between two scenes sees both.
* **Reasons** (at most two per act): an axis where the taker and the act lean the same way,
  each by at least ``LEAN`` (``shared``: "you both lean …"), the act's most distinctive such
  axes first; where they share none, the act's own strongest lean (not shared: "they lean …"),
  which claims nothing about the taker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import LEAN, compiled, matches

if TYPE_CHECKING:
    from popquiz.bank.model import Act, Bank
    from popquiz.engine.scoring import Result

REASONS_MAX = 2
ACTIVE_WITHIN = 0.05  # an active act this close to a scene's best (inactive) match goes first


class Reason(NamedTuple):
    axis: str
    pole: str  # 'low' or 'high': the pole the act (and, when shared, the taker) leans to
    shared: bool  # True: the taker leans to the same pole by at least LEAN


class Recommendation(NamedTuple):
    act: Act
    match: float  # 0 .. 1
    reasons: tuple[Reason, ...]
    bridge: bool = False

    @property
    def id(self) -> str:
        return self.act.id


def rank(bank: Bank, scores: dict[str, float], measured: set[str]) -> list[tuple[float, Act]]:
    """Every act with its match, best first (ties: catalogue order)."""
    c = compiled(bank)
    row = [scores.get(a, 0.0) for a in c.axes]
    used = [a in measured for a in c.axes]
    if not any(used):
        used = [True] * len(used)
    found = matches(row, used, c.act_profiles)
    order = sorted(range(len(found)), key=lambda i: (-found[i], i))
    return ordered(bank, found, order)


def ordered(bank: Bank, found: Sequence[float], order: Sequence[int]) -> list[tuple[float, Act]]:
    """The acts with their matches ``found`` (catalogue order), in ``order`` (best match
    first, ties in catalogue order), with the active-first rule applied."""
    acts = bank.acts
    return _active_first([(found[i], acts[i]) for i in order])


def _active_first(ranked: list[tuple[float, Act]]) -> list[tuple[float, Act]]:
    """``ranked`` with, in each scene whose best match is inactive, the best active act within
    ``ACTIVE_WITHIN`` of it moved to just before it."""
    before: dict[int, int] = {}  # a scene's first (inactive) position -> the act put before it
    seen: set[str] = set()
    for first, (m, act) in enumerate(ranked):
        if act.scene in seen:
            continue
        seen.add(act.scene)
        if act.facts.active is not False:
            continue
        for j in range(first + 1, len(ranked)):
            m2, other = ranked[j]
            if m2 < m - ACTIVE_WITHIN:
                break
            if other.scene == act.scene and other.facts.active is not False:
                before[first] = j
                break
    if not before:
        return ranked
    moved = set(before.values())
    out = []
    for i, pick in enumerate(ranked):
        if i in before:
            out.append(ranked[before[i]])
        if i not in moved:
            out.append(pick)
    return out


def picks(bank: Bank, result: Result, n: int = 5) -> list[tuple[float, Act, bool]]:
    """``(match, act, bridge)`` for the top ``n`` acts of the verdict's scene, then the bridge
    pick(s) from the other scenes."""
    ranked = rank(bank, result.scores, {a.id for a in result.axes if a.measured})
    return choose(bank, ranked, result.outcome, n)


def choose(
    bank: Bank, ranked: list[tuple[float, Act]], outcome_id: str, n: int = 5
) -> list[tuple[float, Act, bool]]:
    """:func:`picks` from acts already ranked by :func:`rank` (``analyze`` ranks thousands of
    takers at once) for a verdict of ``outcome_id``."""
    outcome = bank.outcomes_by_id[outcome_id]
    home = bank.scene_of(outcome)
    has_home = any(a.scene == home for _, a in ranked)
    away = n - (n // 2 + 1)  # at most this many picks from other scenes: most are home's
    main: list[tuple[float, Act]] = []
    for m, a in ranked:
        if len(main) == n:
            break
        if has_home and a.scene != home:
            if away == 0:
                continue
            away -= 1
        main.append((m, a))
    shown = {a.scene for _, a in main}
    others = [(m, a) for m, a in ranked if a.scene not in shown]
    bridges: list[tuple[float, Act]] = []
    if outcome.balanced:
        seen: set[str] = set()
        for m, a in others:
            if a.scene not in seen:
                seen.add(a.scene)
                bridges.append((m, a))
    elif others:
        bridges.append(others[0])
    return [(m, a, False) for m, a in main] + [(m, a, True) for m, a in bridges]


def recommend(bank: Bank, result: Result, n: int = 5) -> list[Recommendation]:
    """:func:`picks` with the reasons for each."""
    scores = result.scores
    measured = {a.id for a in result.axes if a.measured}
    return [
        Recommendation(act, m, reasons(bank, scores, measured, act), bridge)
        for m, act, bridge in picks(bank, result, n)
    ]


def reasons(
    bank: Bank, scores: dict[str, float], measured: set[str], act: Act, k: int = REASONS_MAX
) -> tuple[Reason, ...]:
    """Why ``act``: the leans it shares with the taker, else its own strongest lean."""
    axes = [a for a in bank.axis_ids if a in measured]
    shared = []
    own = []
    for a in axes:
        p, s = act.profile.get(a, 0.0), scores.get(a, 0.0)
        if abs(p) < LEAN:
            continue
        pole = "high" if p > 0 else "low"
        if abs(s) >= LEAN and (s > 0) == (p > 0):
            shared.append((-round(abs(p), 9), -round(abs(s), 9), a, pole))
        own.append((-round(abs(p), 9), 0.0, a, pole))
    if shared:
        return tuple(Reason(a, pole, True) for *_, a, pole in sorted(shared)[:k])
    return tuple(Reason(a, pole, False) for *_, a, pole in sorted(own)[:1])
