"""A bank's own tests: run the expectations it declares under ``tests:`` (``popquiz test``). Pure.

Each expectation's answers are scored exactly as ``take --answers`` scores them (a question
left out or ``null`` is skipped); the test passes when the winning outcome is the expected one,
and, if given, so is the strength, and the act is among the top ``top`` recommendations
(the picks a taker sees, bridges included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.recommend import SHOWN, recommend
from popquiz.engine.scoring import score

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank, Expectation


class Failure(NamedTuple):
    """One failed expectation: its index in ``tests``, the field that failed, and why."""

    test: int
    field: str  # "outcome", "strength" or "act"
    message: str


def run(bank: Bank) -> list[Failure]:
    """Every failure among the bank's tests (an empty list: all passed)."""
    out: list[Failure] = []
    for i, test in enumerate(bank.tests):
        out += check(bank, i, test)
    return out


def check(bank: Bank, index: int, test: Expectation) -> list[Failure]:
    answers: dict[str, AnswerValue] = {k: v for k, v in test.answers.items() if v is not None}
    result = score(bank, answers)
    got = f"{result.outcome!r} ({result.strength}, lead {result.lead:.3f})"
    failures = []
    if result.outcome != test.outcome:
        failures.append(Failure(index, "outcome", f"expected outcome {test.outcome!r}, got {got}"))
    elif test.strength is not None and result.strength != test.strength:
        failures.append(
            Failure(index, "strength", f"expected a {test.strength} verdict, got {got}")
        )
    if test.act is not None:
        # The first picks of the list a taker is shown: a shorter list may be another one
        # (the variety and scene rules fill the list as a whole).
        shown = recommend(bank, result, max(test.top, SHOWN))
        top = [r.act.id for r in shown if not r.bridge][: test.top]
        if test.act not in top:
            failures.append(
                Failure(
                    index,
                    "act",
                    f"expected act {test.act!r} in the top {test.top}, got " + ", ".join(top),
                )
            )
    return failures
