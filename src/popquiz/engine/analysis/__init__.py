"""Balance analysis of a bank (``popquiz analyze``): outcome shares, reachability, influence,
coverage, taker models, adaptive play and findings. Pure and deterministic (every random choice
comes from a seeded generator); never prints and never opens a file.

:func:`analyze` only orchestrates; each part lives in its own module:

* :mod:`~popquiz.engine.analysis.shares` — outcome shares under random answering (an exact
  dynamic programme, else seeded sampling);
* :mod:`~popquiz.engine.analysis.influence` — how often changing one answer changes the outcome;
* :mod:`~popquiz.engine.analysis.reach` — an example answer set for every outcome and act
  (a simulated taker who was shown the act, else a search on arrays);
* :mod:`~popquiz.engine.analysis.coverage` — questions per axis and tag, translation coverage;
* :mod:`~popquiz.engine.analysis.arrays` — the scoring rule on numpy arrays of answer sets,
  exactly :mod:`popquiz.engine.compiled`'s (only ``analyze`` imports numpy);
* :mod:`~popquiz.engine.analysis.takermodels` — what uniform and consistent takers are told
  (:func:`~popquiz.engine.analysis.takermodels.taker_sample`: their answers and score matrices;
  :mod:`~popquiz.engine.analysis.takerwords`: their picks and "why" entries);
* :mod:`~popquiz.engine.analysis.picks` — what many takers are told to play first (the
  ranking on arrays, numpy): act and facet rates, five-of-a-kind lists, overlap;
* :mod:`~popquiz.engine.analysis.play` — what lock-in and ``--quick`` save (``--adaptive``),
  asking :mod:`~popquiz.engine.analysis.particles`, the adaptive estimate on arrays;
* :mod:`~popquiz.engine.analysis.budget` — the cost budget and the sampling statistics;
* :mod:`~popquiz.engine.analysis.findings` — the ``W1xx`` warnings, one function per code,
  located at the YAML node they concern when the caller passes the parsed
  :class:`popquiz.bank.yamlsafe.Document`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from popquiz.engine.analysis.budget import (
    CONFIDENCE,
    INFLUENCE_SAMPLES,
    MAX_ERROR,
    STATE_BUDGET,
    plan,
)
from popquiz.engine.analysis.coverage import Coverage
from popquiz.engine.analysis.coverage import coverage as measure_coverage
from popquiz.engine.analysis.findings import Locator, Parts, never_asked
from popquiz.engine.analysis.findings import findings as collect_findings
from popquiz.engine.analysis.influence import Influence
from popquiz.engine.analysis.influence import influence as measure_influence
from popquiz.engine.analysis.reach import Reach, Seen, merge_seen, reachability, seen_in_picks
from popquiz.engine.analysis.shares import Shares, shares_and_answer_sets
from popquiz.engine.analysis.takermodels import (
    TAKERS,
    ModelStats,
    head,
    taker_sample,
    taker_stats,
)
from popquiz.engine.compiled import compiled
from popquiz.errors import Diagnostic

PICK_TAKERS = 10_000  # takers per model for the pick statistics (popquiz.engine.analysis.picks)

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.bank.yamlsafe import Document
    from popquiz.engine.analysis.arrays import Ints
    from popquiz.engine.analysis.picks import PickStats
    from popquiz.engine.analysis.play import PlayStats

__all__ = ["PARTS", "Analysis", "Progress", "analyze"]
# The parts are imported under other names, so that ``analysis.influence``, ``.coverage`` and
# ``.findings`` stay the submodules.

MODELS = ("uniform", "consistent")  # the taker models, in the order the report lists them
# What :func:`analyze` tells its ``progress`` callback: the part under way, then steps done
# and in all. Each part is one step (the picks one per taker model) and each adaptive walk
# ("play") another; the last call says every step is done.
PARTS = ("shares", "influence", "takers", "play", "picks", "reach", "findings")
STEPS = 7
Progress = Callable[[str, int, int], None]


def _quiet(part: str, done: int, total: int) -> None:
    """No one is listening."""


@dataclass(frozen=True)
class Analysis:
    """Everything :func:`analyze` found about one bank; :meth:`to_dict` is its JSON form."""

    bank_id: str
    questions: int
    shares: Shares
    reach: tuple[Reach, ...]
    influence: tuple[Influence, ...]
    coverage: Coverage
    findings: tuple[Diagnostic, ...] = field(default=())
    seed: int = 0
    models: tuple[ModelStats, ...] = ()
    play: tuple[PlayStats, ...] = ()  # adaptive play per taker model
    # The declared distance, per axis (id, weight, power); empty for straight-line distance.
    distance: tuple[tuple[str, float, float], ...] = ()
    picks: tuple[PickStats, ...] = ()  # pick statistics per taker model

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
                    "strengths": [{"id": k, "share": r4(v)} for k, v in m.strengths.items()],
                    "lead_quartiles": [r4(x) for x in m.lead_quartiles],
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
            "adaptive": _adaptive(self.play, self.questions),
            "distance": [{"id": a, "weight": w, "power": p} for a, w, p in self.distance],
            "picks": {p.model: p.as_dict() for p in self.picks},
            "warnings": [as_dict(d) for d in self.findings],
        }


def _adaptive(play: tuple[PlayStats, ...], questions: int) -> dict[str, Any]:
    if not play:
        return {}
    from popquiz.engine.analysis.play import play_dict

    return {p.model: play_dict(p, questions) for p in play}


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
    pick_takers: int = PICK_TAKERS,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse a valid bank; ``doc`` (and ``catalogue``) locate the findings in the YAML the
    caller read and parsed. ``play``: adaptive walks per taker model (``analyze --adaptive``;
    0: not measured). ``pick_takers``: takers per model for the pick statistics (0: none).
    ``progress`` hears ``(part, done, total)`` as the work goes on, in steps of :data:`STEPS`
    (the part is one of :data:`PARTS`)."""
    tell: Progress = progress or _quiet
    c = compiled(bank)
    budget = plan(c, influence=influence_samples, restarts=restarts, takers=takers, play=play)
    walks = budget.play * len(MODELS)
    steps = [0, STEPS + walks]  # done, total: the parts, then one step per adaptive walk

    def step(part: str) -> None:
        tell(part, steps[0], steps[1])
        steps[0] += 1

    step("shares")
    shares, assigns = shares_and_answer_sets(c, budget, seed, state_budget, max_error)
    step("influence")
    infl, seen, asked_counts = measure_influence(c, assigns)
    if shares.method == "exact" and len(assigns) == math.prod(len(v) for v in c.values):
        infl = [replace(i, exhaustive=True) for i in infl]
    cov = measure_coverage(c)
    step("takers")
    # The cost budget cuts the pick takers as it cuts the taker models' (a huge bank: fewer).
    pick_count = pick_takers * budget.takers // takers if takers and bank.acts else 0
    # One sample per model serves both: the taker models' takers are its first ones.
    drawn = max(budget.takers, pick_count)
    sampled = {m: taker_sample(c, m, drawn, seed) for m in MODELS} if drawn else {}
    play_stats: tuple[PlayStats, ...] = ()
    if budget.play:  # adaptive play (and its estimate) is imported only when it is played
        from popquiz.engine.analysis.play import simulate

        play_stats = tuple(
            simulate(c, m, budget.play, seed, lambda _: step("play")) for m in MODELS
        )
    met: Seen = {}
    picked: dict[str, Ints] = {}
    figures: list[PickStats] = []
    for m in MODELS:  # a step per model: ranking the picks is the longest part
        step("picks")
        if pick_count:
            from popquiz.engine.analysis.picks import array_picks, pick_stats, takers_of_sample

            sample = head(sampled[m], pick_count)
            # Each model's takers are ranked once: the taker models read their first rows.
            takers_m = takers_of_sample(c, sample)
            picked[m] = array_picks(bank, c, takers_m)
            figures.append(pick_stats(c, sample, picked[m], takers_m))
            met = merge_seen(met, seen_in_picks(sample.answers, picked[m]))
    pick_figures = tuple(figures)
    models = (
        tuple(taker_stats(c, m, budget.takers, seed, sampled[m], picked.get(m)) for m in MODELS)
        if budget.takers
        else ()
    )
    step("reach")
    # An act some simulated taker was recommended needs no search: that taker is the example.
    reach = reachability(c, seed, budget.restarts, seen=met) if budget.reach else []
    step("findings")
    parts = Parts(
        c=c,
        budget=budget,
        shares=shares,
        reach=reach,
        influence=infl,
        seen=seen,
        asked_counts=asked_counts,
        coverage=cov,
        models=models,
        never=frozenset(never_asked(c)) if budget.never_asked else frozenset(),
        picks=pick_figures,
    )
    found = collect_findings(parts, Locator(doc, catalogue, path))
    tell("findings", steps[1], steps[1])
    return Analysis(
        bank_id=bank.id,
        questions=len(bank.questions),
        shares=shares,
        reach=tuple(reach),
        influence=tuple(infl),
        coverage=cov,
        findings=found,
        seed=seed,
        models=models,
        play=play_stats,
        distance=()
        if c.metric.plain
        else tuple(zip(c.axes, c.metric.weights, c.metric.powers, strict=True)),
        picks=pick_figures,
    )
