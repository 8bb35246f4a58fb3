"""The hook of a shared result card, from the bank's ``card:`` section and the taker's scores:
a type named after the taker's strongest leaning, one big number (the average position over
the axes as a percentage toward one end), the look of the verdict's outcome and the command
that starts the quiz. Pure; the words are the bank's, the choice is this module's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.engine.compiled import LEAN

if TYPE_CHECKING:
    from popquiz.bank.model import Bank, Card, Outcome
    from popquiz.engine.report_types import (
        ReportCard,
        ReportCardNumber,
        ReportCardType,
    )
    from popquiz.engine.scoring import Result
    from popquiz.i18n import Locale

# Below this, an outcome's profile leans to neither end, and the number follows the taker.
_SIDED = 0.05


def card_hook(bank: Bank, result: Result, locale: Locale) -> ReportCard | None:
    """The card part of the report, or None when the bank has no ``card:`` section."""
    card = bank.card
    if card is None:
        return None
    outcome = next(o for o in bank.outcomes if o.id == result.outcome)
    out: ReportCard = {}
    if card.take is not None:
        out["take"] = card.take
    if (number := _number(bank, card, result, outcome, locale)) is not None:
        out["number"] = number
    if (named := _type(bank, card, result, locale)) is not None:
        out["type"] = named
    look = next((x for x in card.looks if x.outcome == outcome.id), None)
    if look is not None:
        out["look"] = {
            "background": list(look.background),
            "accent": look.accent,
            "mark": look.mark,
        }
    return out


def _number(
    bank: Bank, card: Card, result: Result, outcome: Outcome, locale: Locale
) -> ReportCardNumber | None:
    """The weighted mean of the measured axes' scores, as a percentage toward the end the
    verdict's outcome leans to (the taker's own end when the outcome leans to neither)."""
    if card.number is None:
        return None
    weights = {a.id: a.weight for a in bank.axes}
    measured = [(a.score, weights[a.id]) for a in result.axes if a.measured]
    total = sum(w for _, w in measured)
    if not measured or total <= 0:
        return None
    mean = sum(s * w for s, w in measured) / total
    lean = sum(outcome.profile.get(a.id, 0.0) * a.weight for a in bank.axes) / sum(
        a.weight for a in bank.axes
    )
    high = lean > 0 if abs(lean) >= _SIDED else mean >= 0
    toward = mean if high else -mean
    percent = max(0, min(100, round(50 + 50 * toward)))
    low, high_name = (locale.text(x) for x in card.number)
    if percent == 50:  # neither end: "50% K-pop" would read as a lean
        return {"percent": 50, "side": locale.t("card.even", low=low, high=high_name)}
    return {"percent": percent, "side": high_name if high else low}


def _type(bank: Bank, card: Card, result: Result, locale: Locale) -> ReportCardType | None:
    """The bank's name for the taker's strongest leaning on a named axis (ties: the bank's
    first axis), or its name for a taker who leans on none."""
    named = {t.axis: t for t in card.types}
    axes = {a.id: a for a in bank.axes}
    best = None
    for score in result.axes:
        strong = score.measured and score.id in named and abs(score.score) >= LEAN
        if strong and (best is None or abs(score.score) > abs(best.score)):
            best = score
    if best is None:
        if card.middle is None:
            return None
        return {"name": locale.text(card.middle), "axis": "", "pole": "", "pole_label": ""}
    pole = "high" if best.score > 0 else "low"
    kind = named[best.id]
    axis = axes[best.id]
    return {
        "name": locale.text(kind.high if pole == "high" else kind.low),
        "axis": best.id,
        "pole": pole,
        "pole_label": locale.text(axis.high if pole == "high" else axis.low),
    }
