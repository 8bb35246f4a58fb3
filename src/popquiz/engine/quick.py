"""Which way a quiz is played (full, adaptive lock-in or ``--quick``) and how it went. Pure.

``--quick`` used to ask a fixed third of the questions chosen before the quiz started; it is
now the estimate-based stop of :mod:`popquiz.engine.adaptive` (issue 20). Saved progress from
before, a session restricted to a subset of the questions, still resumes as that subset and
still counts as quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.adaptive import Mode
    from popquiz.engine.report import Play
    from popquiz.engine.session import Session


def play_mode(bank: Bank, *, adaptive: bool, quick: bool, interactive: bool) -> Mode:
    """``--quick`` wins over ``--adaptive`` (a quick quiz stops at a lock-in too); a bank with
    ``adaptive: true`` makes lock-in the default of interactive play."""
    if quick:
        return "quick"
    if adaptive or (interactive and bank.adaptive):
        return "adaptive"
    return "full"


def session_play(session: Session) -> Play:
    """How an interactive session was played, for the report."""
    from popquiz.engine.report import Play

    asked = len(session.history)
    if session.mode == "full":
        subset = len(session.order) < len(session.bank.questions)
        return Play("quick" if subset else "full", asked, asked, "complete")
    step = session.step()
    _, total = session.progress()
    return Play(session.mode, asked, max(total, asked), step.stopped or "complete", step.confidence)
