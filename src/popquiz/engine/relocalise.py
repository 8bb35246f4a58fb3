"""A stored result's outcome in another language, rebuilt from its ids (pure).

A screen shows one language: the "last time" line of a Korean result screen after a Japanese
run, a history listing of results taken in several languages, or a comparison with a friend's
result must not quote the stored texts in the language they were taken in. Ids (outcome and
strength, axis, act) find each text again in the bank, in the language wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.text.typography import paren

if TYPE_CHECKING:
    from popquiz.bank.model import Bank, Strength
    from popquiz.engine.report_types import (
        ComparedAct,
        ComparedAxis,
        ComparedSide,
        Comparison,
        Report,
        ReportOutcome,
    )
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
    _runner_up_in(bank, relocalised, locale)
    return relocalised


def _runner_up_in(bank: Bank, outcome: ReportOutcome | ComparedSide, locale: Locale) -> None:
    """The runner-up's name in the ``locale``'s language (dropped, with its id, when the
    bank no longer has that outcome: the verdict is then told without it)."""
    from popquiz.engine.report import outcome_name

    up = outcome.get("runner_up")
    if up is None:
        return
    if up in bank.outcomes_by_id:
        outcome["runner_up_name"] = outcome_name(bank, up, locale)
    else:
        outcome.pop("runner_up", None)
        outcome.pop("runner_up_name", None)


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


def comparison_in(bank: Bank | None, data: Comparison, locale: Locale) -> Comparison:
    """``data`` (a comparison) with the bank's texts in the ``locale``'s language: its title,
    both verdicts, the axes' poles and the shared acts, found again by their ids. What the bank
    (None: not installed here) cannot give again keeps the words stored in the result, marked
    with their language, so that a screen never passes them off as its own."""
    if bank is not None and data["bank"]["id"] != bank.id:
        bank = None
    stored = data["a"]["language"]  # the bank title, poles and acts are the first result's

    def kept(text: str, language: str) -> str:
        if language == locale.lang:
            return text
        try:
            name = locale.t(f"lang.{language}")
        except KeyError:
            name = language
        return text + paren(locale.lang, name)

    axes = {a.id: a for a in bank.axes} if bank is not None else {}
    acts = {a.id: a for a in bank.acts} if bank is not None else {}

    def axis_in(axis: ComparedAxis) -> ComparedAxis:
        found = axes.get(axis["id"])
        if found is None:
            return {**axis, "low": kept(axis["low"], stored), "high": kept(axis["high"], stored)}
        return {**axis, "low": locale.text(found.low), "high": locale.text(found.high)}

    def side_in(side: ComparedSide) -> ComparedSide:
        outcome = bank.outcomes_by_id.get(side["outcome"]) if bank is not None else None
        strength = next((s for s in STRENGTHS if s == side["strength"]), None)
        if outcome is None or strength is None or bank is None:
            kept_side: ComparedSide = {**side, "title": kept(side["title"], side["language"])}
            if side["language"] != locale.lang:  # its runner-up's name is in another language
                kept_side.pop("runner_up", None)
                kept_side.pop("runner_up_name", None)
            return kept_side
        found: ComparedSide = {
            **side,
            "title": locale.text(outcome.title_for(strength)),
            "language": locale.lang,
        }
        _runner_up_in(bank, found, locale)
        return found

    shared: list[ComparedAct] = []
    for act in data["shared"]:
        found_act = acts.get(act["id"])
        name = locale.text(found_act.name) if found_act else kept(act["name"], stored)
        shared.append({"id": act["id"], "name": name})
    title = data["bank"].get("title", "")
    widest = data["most_different"]
    return {
        **data,
        "bank": {
            **data["bank"],
            "title": locale.text(bank.title) if bank is not None else kept(title, stored),
        },
        "a": side_in(data["a"]),
        "b": side_in(data["b"]),
        "axes": [axis_in(a) for a in data["axes"]],
        "shared": shared,
        "most_different": None if widest is None else axis_in(widest),
    }
