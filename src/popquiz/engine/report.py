"""Building the result object: what `take --json` prints, what history stores and what every
result screen and export is rendered from (so a past result renders exactly as it did). Pure.

Its shape (schema 2) is described once in :mod:`popquiz.engine.report_types` and for readers
in the README ("The result object"); :func:`upgrade` reads a stored schema 1 report into it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, cast

from popquiz.engine.card_hook import card_hook
from popquiz.engine.compiled import pole_percentages
from popquiz.engine.explain import explanation, moved_most
from popquiz.engine.likert import likert_label
from popquiz.i18n import Locale, t
from popquiz.text.typography import join

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.recommend import Reason, Recommendation
    from popquiz.engine.report_types import (
        Report,
        ReportCard,
        ReportCardPart,
        ReportLean,
        ReportMove,
        ReportPick,
        ReportPlay,
        ReportPreference,
        ReportReason,
        ReportStatus,
        ReportWhy,
    )
    from popquiz.engine.scoring import Result

REPORT_SCHEMA = 2
DIGITS = 4  # every number in the report is rounded to this many decimals


def build_report(
    bank: Bank,
    result: Result,
    recommendations: list[Recommendation],
    lang: Locale | str,
    *,
    quick: bool = False,
    play: Play | None = None,
) -> Report:
    """The result object for ``result``, every text in one language: ``lang`` is the screen's
    :class:`~popquiz.i18n.Locale`, or just its language (the bank's own is then the fallback)."""
    locale = lang if isinstance(lang, Locale) else Locale(lang, bank.language)

    outcome = bank.outcomes_by_id[result.outcome]
    axes_by_id = {a.id: a for a in bank.axes}

    def pole_label(axis_id: str, pole: str) -> str:
        axis = axes_by_id[axis_id]
        return locale.text(axis.high if pole == "high" else axis.low)

    def answer_text(question: str, answer: Any) -> str:
        q = bank.questions_by_id[question]
        if q.kind == "likert":
            return likert_label(q, answer, locale)
        return locale.text(next(a.text for a in q.answers if a.id == answer))

    facet_names = {(f.id, v.id): v.name for f in bank.facets for v in f.values}

    def reason(r: Reason) -> ReportReason:
        kind = r.kind
        if kind == "asked":
            text = locale.t("reason.asked", value=locale.text(facet_names[r.facet, r.value]))
        elif kind == "middle":
            low, high = pole_label(r.axis, "low"), pole_label(r.axis, "high")
            text = locale.t("reason.middle", low=low, high=high)
        else:
            key = "reason.shared" if r.shared else "reason.theirs"
            text = locale.t(key, pole=pole_label(r.axis, r.pole))
        out: ReportReason = {"axis": r.axis, "pole": r.pole, "shared": r.shared, "text": text}
        out["kind"] = kind
        if kind == "asked":
            out["facet"], out["value"] = r.facet, r.value
        return out

    recs: list[ReportPick] = []
    for rec in recommendations:
        act = rec.act
        facts = act.facts
        scene = bank.scenes_by_id.get(act.scene)
        status: ReportStatus | None = None
        if facts.status is not None:
            status = {"text": locale.text(facts.status.text), "as_of": str(facts.status.as_of)}
        recs.append(
            {
                "id": act.id,
                "name": locale.text(act.name),
                "scene": act.scene,
                "scene_name": locale.text(scene.name) if scene else act.scene,
                "match": round(rec.match, DIGITS),
                "reasons": [reason(r) for r in rec.reasons],
                "songs": [locale.text(song) for song in facts.songs],
                "blurb": locale.text(act.blurb),
                "agency": locale.text(facts.agency) if facts.agency is not None else None,
                "debut": facts.debut,
                "status": status,
                "classic": facts.active is False,
                "bridge": rec.bridge,
            }
        )

    why: list[ReportWhy] = []
    for moved in moved_most(bank, result):
        main = moved.moves[0]
        moves: list[ReportMove] = [
            {
                "axis": m.axis,
                "delta": round(m.delta, DIGITS),
                "toward": pole_label(m.axis, "high" if m.delta > 0 else "low"),
            }
            for m in moved.moves
        ]
        why.append(
            {
                "question": moved.question,
                "question_text": locale.text(bank.questions_by_id[moved.question].text),
                "answer": moved.answer,
                "answer_text": answer_text(moved.question, moved.answer),
                "axis": main.axis,
                "delta": moves[0]["delta"],
                "toward": join(locale.lang, [m["toward"] for m in moves]),
                "moves": moves,
            }
        )
    explained: list[ReportLean] = []
    for lean in explanation(bank, result):
        phrases = axes_by_id[lean.axis].phrases
        assert phrases is not None  # explanation() only returns axes that have phrases
        text = phrases.high if lean.pole == "high" else phrases.low
        explained.append({"axis": lean.axis, "pole": lean.pole, "text": locale.text(text)})

    facets = {f.id: f for f in bank.facets}
    preferences: list[ReportPreference] = []
    for p in result.preferences:
        if not p.measured:
            continue
        facet = facets[p.facet]
        value = next(v for v in facet.values if v.id == p.value)
        preferences.append(
            {
                "facet": p.facet,
                "value": p.value,
                "facet_name": locale.text(facet.name),
                "name": locale.text(value.name),
                "score": round(p.score, DIGITS),
            }
        )

    report: Report = {
        "schema": REPORT_SCHEMA,
        "bank": {
            "id": bank.id,
            "version": bank.version,
            "title": locale.text(bank.title),
            "words": {
                key: locale.text(value)
                for key, value in (bank.words._asdict() if bank.words else {}).items()
                if value is not None
            },
            "listen": list(bank.listen),
        },
        "language": locale.lang,
        "outcome": {
            "id": outcome.id,
            "title": locale.text(outcome.title_for(result.strength)),
            "strength": result.strength,
            "strength_label": locale.t(f"strength.{result.strength}"),
            "lead": round(result.lead, DIGITS),
            "balanced": bool(outcome.balanced),
            "description": locale.text(outcome.description),
            "why": locale.text(outcome.why) if outcome.why is not None else "",
            "explanation": explained,
        },
        "axes": [
            {
                "id": a.id,
                "label": locale.text(axes_by_id[a.id].label) if axes_by_id[a.id].label else "",
                "score": round(a.score, DIGITS),
                "low": locale.text(axes_by_id[a.id].low),
                "high": locale.text(axes_by_id[a.id].high),
                "measured": a.measured,
            }
            for a in result.axes
        ],
        "fits": [{"id": f.id, "fit": round(f.fit, DIGITS)} for f in result.fits],
        "recommendations": recs,
        "answers": dict(result.answers),
        "why": why,
        "contributions": [
            {"question": c.question, "answer": c.answer, "axis": c.axis, "delta": round(c.delta, 4)}
            for c in result.contributions
        ],
        "preferences": preferences,
        "quick": quick,
        **(play or full_play(bank, result)).as_dict(),
        **_card_part(card_hook(bank, result, locale)),
    }
    if (up := runner_up(bank, result)) is not None:
        report["outcome"]["runner_up"] = up
        report["outcome"]["runner_up_name"] = outcome_name(bank, up, locale)
    if bank.percentages:
        for entry, a in zip(report["axes"], result.axes, strict=True):
            if a.measured:
                entry["percent"] = list(pole_percentages(a.score))
    return report


def _card_part(card: ReportCard | None) -> ReportCardPart:
    return {} if card is None else {"card": card}


def outcome_name(bank: Bank, outcome_id: str, locale: Locale) -> str:
    """What an outcome is called in a sentence about another one ("leaning J-pop"): its
    scene's name where the bank declares scenes, else its title."""
    outcome = bank.outcomes_by_id[outcome_id]
    scene = bank.scenes_by_id.get(outcome.scene) if bank.scenes and outcome.scene else None
    return locale.text(scene.name if scene is not None else outcome.title)


def runner_up(bank: Bank, result: Result) -> str | None:
    """The best-fitting outcome that takes a side, other than the verdict: the one a verdict
    is ahead of, or the side a balanced verdict leans to (None when there is no such one)."""
    balanced = {o.id for o in bank.outcomes if o.balanced}
    for fit in result.fits:  # best first
        if fit.id != result.outcome and fit.id not in balanced:
            return fit.id
    return None


class Play(NamedTuple):
    """How the quiz was played: its mode, how many questions it asked of how many it
    could have, and how it stopped (``confidence``: the estimate a quick quiz stopped on)."""

    mode: str  # "full", "adaptive" or "quick"
    asked: int
    total: int
    stopped: str  # "locked", "confident" or "complete"
    confidence: float | None = None

    def as_dict(self) -> ReportPlay:
        confidence = None if self.confidence is None else round(self.confidence, DIGITS)
        return {
            "mode": self.mode,
            "asked": self.asked,
            "total": self.total,
            "stopped": self.stopped,
            "confidence": confidence,
        }


def full_play(bank: Bank, result: Result) -> Play:
    """The whole quiz: every question whose conditions held was asked (answered or skipped)."""
    from popquiz.engine.compiled import compiled

    c = compiled(bank)
    answers = dict(result.answers)
    asked = sum(1 for qi in range(c.nq) if c.asked_given(qi, answers))
    return Play("full", asked, asked, "complete")


_OLD_LABELS = {"strong": "clear", "leaning": "leaning", "balanced": "close"}


def upgrade(report: dict[str, Any]) -> Report:
    """A stored report in the current shape (schema 1 reports are converted; their words and
    numbers are kept as they were shown, nothing is recomputed). Reports of older versions may
    have no ``mode``/``asked``/``total``/``stopped``/``confidence``: they were full quizzes (or
    a fixed-subset ``quick`` one), and every reader treats the missing keys so."""
    if report.get("schema") != 1:
        return cast("Report", report)
    lang = str(report.get("language", "en"))
    outcome = dict(report["outcome"])
    strength = _OLD_LABELS.get(str(outcome.get("label")), "close")
    outcome.setdefault("strength", strength)
    outcome.setdefault("strength_label", t(lang, f"strength.{strength}"))
    outcome.setdefault("explanation", [])
    recs = []
    for rec in report.get("recommendations", []):
        rec = dict(rec)
        rec.setdefault("scene_name", rec.get("scene_title", rec.get("scene", "")))
        axes = rec.get("reason_axes") or [""] * len(rec.get("reasons", []))
        rec["reasons"] = [
            r if isinstance(r, dict) else {"axis": a, "pole": "", "shared": True, "text": str(r)}
            for a, r in zip(axes, rec.get("reasons", []), strict=False)
        ]
        recs.append(rec)
    upgraded = {**report, "schema": REPORT_SCHEMA, "outcome": outcome, "recommendations": recs}
    upgraded.setdefault("why", list(report.get("contributions", []))[:3])
    return cast("Report", upgraded)
