"""A stored result's outcome in another language, rebuilt from its ids (pure).

A screen shows one language: the "last time" line of a Korean result screen after a Japanese
run, or a history listing of results taken in several languages, must not quote the stored
title in the language it was taken in. The outcome id and strength find the title again in
the bank, in the language wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.bank.model import resolve_text
from popquiz.i18n import t

if TYPE_CHECKING:
    from popquiz.bank.model import Bank, Strength
    from popquiz.engine.report_types import Report, ReportOutcome

STRENGTHS: tuple[Strength, ...] = ("clear", "leaning", "close")


def outcome_in(bank: Bank, outcome: ReportOutcome, lang: str) -> ReportOutcome | None:
    """``outcome`` (a report's outcome) with its title and strength label in ``lang``, or
    None when the bank no longer has that outcome."""
    found = bank.outcomes_by_id.get(str(outcome.get("id")))
    strength = next((s for s in STRENGTHS if s == outcome.get("strength")), None)
    if found is None or strength is None:
        return None
    relocalised: ReportOutcome = {
        **outcome,
        "title": resolve_text(found.title_for(strength), lang, bank.language),
        "strength_label": t(lang, f"strength.{strength}"),
    }
    return relocalised


def report_outcome_in(bank: Bank | None, report: Report | None, lang: str) -> Report | None:
    """``report`` with its outcome in ``lang``: itself if it is in ``lang`` already, None if
    it cannot be re-localised (rather than mixing languages on one screen)."""
    if report is None or report.get("language") == lang:
        return report
    if bank is None or report.get("bank", {}).get("id") != bank.id:
        return None
    outcome = outcome_in(bank, report.get("outcome", {}), lang)
    return None if outcome is None else {**report, "outcome": outcome}
