"""A stored result's outcome in another language, rebuilt from its ids (pure).

A screen shows one language: the "last time" line of a Korean result screen after a Japanese
run, or a history listing of results taken in several languages, must not quote the stored
title in the language it was taken in. The outcome id and strength find the title again in
the bank, in the language wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.bank.model import Bank, Strength
    from popquiz.engine.report_types import Report, ReportOutcome
    from popquiz.i18n import Locale

STRENGTHS: tuple[Strength, ...] = ("clear", "leaning", "close")


def outcome_in(bank: Bank, outcome: ReportOutcome, locale: Locale) -> ReportOutcome | None:
    """``outcome`` (a report's outcome of ``bank``) with its title and strength label in the
    ``locale``'s language, or None when the bank no longer has that outcome."""
    found = bank.outcomes_by_id.get(str(outcome.get("id")))
    strength = next((s for s in STRENGTHS if s == outcome.get("strength")), None)
    if found is None or strength is None:
        return None
    relocalised: ReportOutcome = {
        **outcome,
        "title": locale.text(found.title_for(strength)),
        "strength_label": locale.t(f"strength.{strength}"),
    }
    return relocalised


def report_outcome_in(bank: Bank, report: Report | None, locale: Locale) -> Report | None:
    """``report`` with its outcome in the ``locale``'s language: itself if it is in that
    language already, None if it cannot be re-localised (rather than mixing languages on one
    screen)."""
    if report is None or report.get("language") == locale.lang:
        return report
    if report.get("bank", {}).get("id") != bank.id:
        return None
    outcome = outcome_in(bank, report.get("outcome", {}), locale)
    return None if outcome is None else {**report, "outcome": outcome}
