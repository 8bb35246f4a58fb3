"""The result as one plain, JSON-ready dict: what `take --json` prints, what history stores and
what every result screen and export is rendered from (so a past result renders exactly as it
did). Pure; the shape is documented in the README ("The result object").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from popquiz.bank.model import resolve_text
from popquiz.engine.scoring import confidence_label
from popquiz.i18n import t

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.recommend import Recommendation
    from popquiz.engine.scoring import Result

REPORT_SCHEMA = 1


def build_report(
    bank: Bank,
    result: Result,
    recommendations: list[Recommendation],
    lang: str,
    *,
    quick: bool = False,
) -> dict[str, Any]:
    def tx(value: Any) -> str:
        return resolve_text(value, lang, bank.language)

    outcome = bank.outcomes_by_id[result.outcome]
    balanced = bool(outcome.balanced)
    axes_by_id = {a.id: a for a in bank.axes}
    scores = result.scores

    def pole(axis_id: str, value: float) -> str:
        axis = axes_by_id[axis_id]
        return tx(axis.high if value >= 0 else axis.low)

    recs = []
    for rec in recommendations:
        act = rec.act
        facts = act.facts
        scene = bank.outcomes_by_id.get(act.scene)
        status = None
        if facts.status is not None:
            status = {"text": tx(facts.status.text), "as_of": str(facts.status.as_of)}
        recs.append(
            {
                "id": act.id,
                "name": tx(act.name),
                "scene": act.scene,
                "scene_title": tx(scene.title) if scene else act.scene,
                "match": round(rec.match, 4),
                "reasons": [
                    t(lang, "reason", pole=pole(axis, act.profile.get(axis, 0.0)))
                    for axis in rec.reasons
                ],
                "reason_axes": list(rec.reasons),
                "songs": list(facts.songs),
                "blurb": tx(act.blurb),
                "agency": tx(facts.agency) if facts.agency is not None else None,
                "debut": facts.debut,
                "status": status,
                "bridge": rec.bridge,
            }
        )

    contributions = []
    for c in result.top_contributions(5):
        q = bank.questions_by_id[c.question]
        if q.kind == "likert":
            answer_text = t(lang, f"likert{c.answer}")
        else:
            answer_text = tx(next(a.text for a in q.answers if a.id == c.answer))
        contributions.append(
            {
                "question": c.question,
                "question_text": tx(q.text),
                "answer": c.answer,
                "answer_text": answer_text,
                "axis": c.axis,
                "delta": round(c.delta, 4),
                "toward": pole(c.axis, c.delta),
            }
        )

    return {
        "schema": REPORT_SCHEMA,
        "bank": {"id": bank.id, "version": bank.version, "title": tx(bank.title)},
        "language": lang,
        "outcome": {
            "id": outcome.id,
            "title": tx(outcome.title),
            "confidence": round(result.confidence, 4),
            "label": confidence_label(result.confidence, balanced),
            "balanced": balanced,
            "description": tx(outcome.description),
            "why": tx(outcome.why) if outcome.why is not None else "",
        },
        "axes": [
            {
                "id": a.id,
                "label": tx(axes_by_id[a.id].label) if axes_by_id[a.id].label else "",
                "score": round(scores[a.id], 4),
                "low": tx(axes_by_id[a.id].low),
                "high": tx(axes_by_id[a.id].high),
                "measured": a.measured,
            }
            for a in result.axes
        ],
        "fits": [{"id": f.id, "fit": round(f.fit, 4)} for f in result.fits],
        "recommendations": recs,
        "answers": dict(result.answers),
        "contributions": contributions,
        "quick": quick,
    }
