"""The analysis findings: warnings ``W1xx``, one small function per code, each fed the parts
the analysis computed and located at the YAML node it concerns. Pure.

A :class:`Locator` turns a node's path into ``file:line:col`` when the bank's (and its
catalogue's) :class:`popquiz.bank.yamlsafe.Document` is given; without them findings name only
the file. :func:`findings` runs every rule and sorts what they found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from popquiz.errors import Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.yamlsafe import Document, PathKey
    from popquiz.engine.analysis.budget import Budget
    from popquiz.engine.analysis.coverage import Coverage
    from popquiz.engine.analysis.influence import Influence
    from popquiz.engine.analysis.picks import PickStats
    from popquiz.engine.analysis.reach import Reach
    from popquiz.engine.analysis.shares import Shares
    from popquiz.engine.analysis.takermodels import ModelStats
    from popquiz.engine.compiled import Compiled

DOMINANCE = 0.5  # one question supplying more than this share of an axis's range dominates it
DECIDES_MIN_SAMPLES = 50
STRENGTH_MAX = 0.8  # one verdict strength given to more than this share of takers says little

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
    "W112": "one verdict strength is given to most takers",
    "W113": "act is almost never among the picks",
    "W114": "act is among the picks too often",
    "W115": "one facet value fills all five picks too often",
    "W116": "takers with the same verdict get too much the same picks",
}


class Locator:
    """Positions of bank nodes (acts in a catalogue file when there is one)."""

    def __init__(self, doc: Document | None, catalogue: Document | None, path: str) -> None:
        self.doc, self.catalogue, self.path = doc, catalogue, path

    def diag(
        self, code: str, message: str, loc: PathKey, help: str, *, key: bool = False
    ) -> Diagnostic:
        in_catalogue = loc[:1] in (("acts",), ("facets",))
        doc = self.catalogue if self.catalogue is not None and in_catalogue else self.doc
        if doc is None:
            return Diagnostic(code, message, self.path, help=help, severity="warning")
        line, col = doc.pos(loc, key=key)
        return Diagnostic(code, message, doc.path, line, col, help, "warning")


@dataclass(frozen=True)
class Parts:
    """What the analysis computed, as the rules read it."""

    c: Compiled
    budget: Budget
    shares: Shares
    reach: Sequence[Reach]
    influence: Sequence[Influence]
    seen: dict[tuple[int, int], set[int]]  # (question, option) -> outcomes seen with it forced
    asked_counts: Sequence[int]  # per question: sampled answer sets that asked it
    coverage: Coverage
    models: Sequence[ModelStats]
    never: frozenset[int]  # questions that can never be asked (empty when not looked for)
    picks: Sequence[PickStats] = ()  # pick statistics per taker model

    def model_shares(self) -> list[tuple[str, dict[str, float]]]:
        """Outcome shares per taker model, named as the messages name them."""
        out = [("random answering", self.shares.shares)]
        if self.models:
            out.append(("consistent takers", self.models[1].outcomes))
        return out

    def unreachable(self) -> set[str]:
        return {r.id for r in self.reach if r.kind == "outcome" and not r.reachable}


Rule = Callable[[Parts, Locator], Iterator[Diagnostic]]


def never_asked(c: Compiled) -> list[int]:
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


def budget_limited(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W111: what the cost budget cut."""
    if p.budget.limited:
        yield loc.diag(
            "W111",
            f"a bank of {p.c.nq} questions is analysed within the cost budget: "
            + "; ".join(p.budget.limited),
            ("id",),
            "split the bank, or read the stated errors; SECURITY.md lists the budget",
        )


def too_common(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W109: an outcome wins more often than ``rule.max_share`` under a taker model."""
    rule = p.c.bank.rule
    for label, shares in p.model_shares():
        for i, oid in enumerate(p.c.outcome_ids):
            if shares[oid] > rule.max_share:
                yield loc.diag(
                    "W109",
                    f"outcome {oid!r} wins {shares[oid]:.0%} of {label}, above "
                    f"rule.max_share ({rule.max_share:.0%})",
                    ("outcomes", i),
                    "move its profile away from the middle of what the questions produce, "
                    "or lower rule.margin if it is the balanced outcome",
                )


def too_rare(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W110: a reachable outcome wins less often than ``rule.min_share`` (W101 says it better
    of an outcome that never wins)."""
    rule = p.c.bank.rule
    unreachable = p.unreachable()
    for label, shares in p.model_shares():
        for i, oid in enumerate(p.c.outcome_ids):
            share = shares[oid]
            if share <= rule.max_share and share < rule.min_share and oid not in unreachable:
                yield loc.diag(
                    "W110",
                    f"outcome {oid!r} wins only {share:.1%} of {label}, below "
                    f"rule.min_share ({rule.min_share:.0%})",
                    ("outcomes", i),
                    "move its profile towards scores the questions produce, or raise "
                    "rule.margin if it is the balanced outcome",
                )


def never_wins(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W101: no answer set that makes an outcome win was found."""
    for r in p.reach:
        if r.kind == "outcome" and not r.reachable:
            yield loc.diag(
                "W101",
                f"outcome {r.id!r} never wins: no answer set that reaches it was found",
                ("outcomes", p.c.outcome_ids.index(r.id)),
                "move its profile towards scores the questions can produce, or give the "
                "questions answers that lead there",
            )


def _act_reach(p: Parts) -> Iterator[tuple[int, str, bool, bool]]:
    """Per act: its position, id, and whether it reaches the top 3 and the top pick."""
    if not p.budget.reach:
        return
    placed = {(r.id, r.target): r.reachable for r in p.reach if r.kind == "act"}
    for i, act in enumerate(p.c.bank.acts):
        yield i, act.id, placed[(act.id, "top3")], placed[(act.id, "top1")]


def never_top3(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W102: an act is never among the top 3 recommendations."""
    for i, aid, top3, _ in _act_reach(p):
        if not top3:
            yield loc.diag(
                "W102",
                f"act {aid!r} is never among the top 3 recommendations",
                ("acts", i),
                "its profile is crowded out by other acts; make it more distinctive",
            )


def never_top1(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W103: an act reaches the top 3 but never the top pick."""
    for i, aid, top3, top1 in _act_reach(p):
        if top3 and not top1:
            yield loc.diag(
                "W103",
                f"act {aid!r} is never the top recommendation (only in the top 3)",
                ("acts", i),
                "another act sits between it and every reachable score; make its profile "
                "more distinctive",
            )


def never_asked_questions(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W108: a question whose conditions cannot all hold."""
    for qi in sorted(p.never):
        yield loc.diag(
            "W108",
            f"question {p.c.qids[qi]!r} is never asked: its conditions cannot all hold",
            ("questions", qi, "when"),
            "check the answers its `when` conditions (and theirs) require",
            key=True,
        )


def changes_nothing(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W104: a question that cannot change any score, or never changed the outcome."""
    qpos = {qid: i for i, qid in enumerate(p.c.qids)}
    for inf in p.influence:
        qi = qpos[inf.question]
        if qi in p.never:
            continue
        if not p.c.ranges[qi]:
            yield loc.diag(
                "W104",
                f"question {inf.question!r} cannot change any score: every answer moves "
                "the axes equally",
                ("questions", qi),
                "give its answers different weights, or remove it",
            )
        elif p.asked_counts[qi] and inf.influence == 0.0:
            yield loc.diag(
                "W104",
                f"question {inf.question!r} never changed the outcome in "
                f"{p.asked_counts[qi]} random answer sets",
                ("questions", qi),
                "raise its weights or move them to axes that separate the outcomes",
            )


def decides_alone(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W107: some answer of a question led to one outcome in every sampled answer set."""
    c, seen = p.c, p.seen
    if len({o for s in seen.values() for o in s}) < 2:
        return
    for qi in range(c.nq):
        if p.asked_counts[qi] < DECIDES_MIN_SAMPLES:
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
        if len(decisive) == 1 and c.bank.questions[qi].kind == "choice":
            where = ("questions", qi, "answers", decisive[0][0])
        yield loc.diag(
            "W107",
            f"question {c.qids[qi]!r} alone decides the outcome: in all "
            f"{p.asked_counts[qi]} random answer sets, answer {listed}",
            where,
            "lower its weights or add questions on the same axes, so the other answers still count",
        )


def unmoved_axis(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W105: no question moves an axis."""
    for ai, ax in enumerate(p.coverage.axes):
        if ax.questions == 0:
            yield loc.diag(
                "W105",
                f"no question moves axis {ax.id!r}; it always scores 0",
                ("axes", ai),
                "add questions (or answer weights) on this axis, or remove it",
            )


def dominated_axis(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W106: one question supplies more than :data:`DOMINANCE` of an axis's range."""
    qpos = {qid: i for i, qid in enumerate(p.c.qids)}
    for ax in p.coverage.axes:
        if ax.questions == 0 or ax.largest is None or ax.largest_share <= DOMINANCE:
            continue
        if ax.questions == 1:
            msg = f"axis {ax.id!r} is moved by one question only ({ax.largest!r})"
        else:
            msg = (
                f"question {ax.largest!r} supplies {ax.largest_share:.0%} of axis "
                f"{ax.id!r}'s range, so it alone decides that axis"
            )
        yield loc.diag(
            "W106",
            msg,
            ("questions", qpos[ax.largest]),
            "add more questions on the axis or lower this question's weights",
        )


def one_strength(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W112: one strength ('clear', 'leaning', 'close') is more than :data:`STRENGTH_MAX` of
    the verdicts under both taker models, so it tells takers little: random answering alone
    piles takers in the middle (close calls), and consistent takers alone sit near the
    profiles (clear verdicts), but a grade that both get almost always is miscalibrated. The
    help suggests thresholds from the leads consistent takers actually get."""
    rule = p.c.bank.rule
    by_model = {m.model: m for m in p.models}
    uniform, consistent = by_model.get("uniform"), by_model.get("consistent")
    if uniform is None or consistent is None:
        return
    for strength, share in consistent.strengths.items():
        also = uniform.strengths.get(strength, 0.0)
        if share <= STRENGTH_MAX or also <= STRENGTH_MAX:
            continue
        if len(consistent.lead_quartiles) == 3:
            _, mid, upper = consistent.lead_quartiles
            hint = (
                f"half of consistent takers' leads pass the margin by {mid:.3f} and a quarter "
                f"by {upper:.3f}: rule.leaning: {max(mid, 0.0):.3f} and rule.clear: "
                f"{max(upper, 0.0):.3f} would spread them (now {rule.leaning:g} and "
                f"{rule.clear:g})"
            )
        else:
            hint = "lower rule.margin so that fewer verdicts are the balanced outcome"
        yield loc.diag(
            "W112",
            f"{share:.0%} of consistent takers' verdicts and {also:.0%} under random answering "
            f"are {strength!r}, more than {STRENGTH_MAX:.0%}: the strength says little",
            ("rule",) if "rule" in _keys(loc) else ("id",),
            hint,
        )


PICKS_MIN = 0.005  # W113: an act among fewer takers' picks than this
PICKS_MAX = 0.25  # W114: ... or more than this
ALL_FIVE_MAX = 0.05  # W115: takers whose five picks all carry one facet value
OVERLAP_MAX = 0.35  # W116: mean top-5 Jaccard overlap of two takers with the same verdict
# W114 and W116 concern scenes with room for variety: in a scene of a handful of acts every act
# is in most lists, whatever the ranking.
SCENE_MIN = 15


def _roomy(p: Parts) -> set[str]:
    """The scenes with at least SCENE_MIN acts."""
    counts: dict[str, int] = {}
    for act in p.c.bank.acts:
        counts[act.scene] = counts.get(act.scene, 0) + 1
    return {s for s, n in counts.items() if n >= SCENE_MIN}


def _consistent_picks(p: Parts) -> PickStats | None:
    return next((s for s in p.picks if s.model == "consistent"), None)


def rare_picks(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W113: an act among too few consistent takers' five picks."""
    stats = _consistent_picks(p)
    if stats is None:
        return
    for i, act in enumerate(p.c.bank.acts):
        share = stats.acts_top5[act.id]
        if share < PICKS_MIN:
            yield loc.diag(
                "W113",
                f"act {act.id!r} is among the five picks of {share:.2%} of consistent takers "
                f"(under {PICKS_MIN:.1%})",
                ("acts", i),
                "its profile or facets make it lose to the acts of its scene for nearly every "
                "taker; check its profile against its facts, or give the scene more variety",
            )


def common_picks(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W114: an act of a scene with room for variety among too many consistent takers' picks."""
    stats = _consistent_picks(p)
    if stats is None:
        return
    roomy = _roomy(p)
    for i, act in enumerate(p.c.bank.acts):
        share = stats.acts_top5[act.id]
        if act.scene in roomy and share > PICKS_MAX:
            yield loc.diag(
                "W114",
                f"act {act.id!r} is among the five picks of {share:.1%} of consistent takers "
                f"(over {PICKS_MAX:.0%})",
                ("acts", i),
                "it sits where most takers of its scene are; add acts near it or check its profile",
            )


def five_of_a_kind(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W115: one facet value carried by all five picks of too many consistent takers who did
    not ask for it (a taker who asked for bands may get five bands)."""
    stats = _consistent_picks(p)
    if stats is None:
        return
    index = {
        (f.id, v.id): (fi, vi)
        for fi, f in enumerate(p.c.bank.facets)
        for vi, v in enumerate(f.values)
    }
    for key, share in stats.all_five.items():
        if share > ALL_FIVE_MAX:
            facet, value = key.split(":", 1)
            fi, vi = index[facet, value]
            yield loc.diag(
                "W115",
                f"all five picks are {facet} {value!r} for {share:.1%} of consistent takers "
                f"who did not ask for it (over {ALL_FIVE_MAX:.0%})",
                ("facets", fi, "values", vi, "id"),
                "the scenes have too few acts without this value; add some, or check which "
                "answers prefer it",
            )


def same_picks(p: Parts, loc: Locator) -> Iterator[Diagnostic]:
    """W116: two takers with the same verdict share too many of their picks on average."""
    stats = _consistent_picks(p)
    bank = p.c.bank
    homes = {bank.scene_of(o) for o in bank.outcomes} & {a.scene for a in bank.acts}
    if stats is not None and homes <= _roomy(p) and stats.overlap > OVERLAP_MAX:
        yield loc.diag(
            "W116",
            f"two consistent takers with the same verdict share {stats.overlap:.0%} of their "
            f"picks on average (Jaccard; over {OVERLAP_MAX:.0%})",
            ("acts",) if p.c.bank.acts else (),
            "add acts of each scene that differ in profile and facets",
            key=True,
        )


def _keys(loc: Locator) -> set[str]:
    doc = loc.doc
    data = getattr(doc, "data", None)
    return set(data) if isinstance(data, dict) else set()


RULES: tuple[Rule, ...] = (
    budget_limited,
    too_common,
    too_rare,
    never_wins,
    never_top3,
    never_top1,
    never_asked_questions,
    changes_nothing,
    decides_alone,
    unmoved_axis,
    dominated_axis,
    one_strength,
    rare_picks,
    common_picks,
    five_of_a_kind,
    same_picks,
)


def findings(parts: Parts, loc: Locator) -> tuple[Diagnostic, ...]:
    """Every rule's findings, in file, line, column and code order."""
    found = [d for rule in RULES for d in rule(parts, loc)]
    found.sort(key=Diagnostic.sort_key)
    return tuple(found)
