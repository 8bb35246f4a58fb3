"""The adaptive quiz: the next question, when to stop, and a quiz played from known answers.

Each step asks :mod:`popquiz.engine.lockin` whether the verdict is proved whatever comes (only
where the estimate's simulated takers all end in one outcome: a proved verdict is every
completion's, theirs among them), and (``--quick``) :mod:`popquiz.engine.estimate` whether it
is likely enough; otherwise the estimate's most informative open question comes next. Pure and
deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from popquiz.engine.compiled import compiled
from popquiz.engine.estimate import particles
from popquiz.engine.lockin import CERTAIN, MAYBE, State, locked, open_status

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.engine.compiled import Compiled
    from popquiz.engine.estimate import Particles

Mode = Literal["full", "adaptive", "quick"]
Stopped = Literal["locked", "confident", "complete"]


class Settings(NamedTuple):
    """When ``--quick`` may stop (the bank's ``adaptive:`` settings, resolved)."""

    confidence: float
    min_questions: int
    max_questions: int


def askable(c: Compiled, state: State) -> list[int]:
    """Open questions whose conditions hold now (each condition's question is settled)."""
    out = []
    for qi in range(c.nq):
        if state[qi] is not None:
            continue
        if all(state[j] is not None and state[j] in allowed for j, allowed in c.conds[qi]):
            out.append(qi)
    return out


class Step(NamedTuple):
    """Where an adaptive quiz stands: the next question (None: stop) and why it would stop."""

    next: int | None
    stopped: Stopped | None  # None while it goes on
    outcome: int | None  # the locked outcome, when locked
    confidence: float | None  # the estimate's confidence (quick mode)


def step(
    c: Compiled,
    state: State,
    mode: Mode,
    settings: Settings,
    *,
    go_on: bool = False,
    skippable: Sequence[bool] | None = None,
    model: Particles | None = None,
) -> Step:
    """What an adaptive (or quick) quiz does next in ``state``. ``go_on``: the taker chose to
    answer on after a stop, so only the end of the questions stops it. ``model``: the
    estimate to ask (the bank's own :func:`~popquiz.engine.estimate.particles` by default;
    ``analyze`` passes the same takers on arrays)."""
    candidates = askable(c, state)
    if not candidates:
        return Step(None, "complete", None, None)
    asked = sum(1 for k in state if k is not None)
    model = particles(c.bank) if model is None else model
    if not go_on:
        # A locked verdict is every completion's, so it is the estimate's takers' too: where
        # their completions end in different outcomes, the proof is not tried.
        outcome = locked(c, state, skippable) if model.unanimous(state) else None
        if outcome is not None:
            return Step(None, "locked", outcome, None)
        if mode == "quick":
            est = model.estimate(state)
            if asked >= settings.max_questions or (
                asked >= settings.min_questions and est.confidence >= settings.confidence
            ):
                return Step(None, "confident", None, est.confidence)
    return Step(model.next_question(state, candidates), None, None, None)


def settings_for(bank: Bank) -> Settings:
    """The bank's quick-mode settings with the documented defaults filled in."""
    spec = bank.quick
    nq = len(bank.questions)
    low = spec.min_questions if spec.min_questions is not None else min(nq, len(bank.axes))
    high = spec.max_questions if spec.max_questions is not None else nq
    return Settings(spec.confidence, min(low, nq), max(min(high, nq), min(low, nq)))


def total_questions(c: Compiled, state: State) -> int:
    """The questions asked so far plus those that may still be asked."""
    status = open_status(c, state)
    return sum(1 for k in state if k is not None) + sum(
        1 for st in status if st in (CERTAIN, MAYBE)
    )


class Walk(NamedTuple):
    """An adaptive quiz played from known answers: what it asked and why it stopped."""

    answers: dict[str, AnswerValue]  # the answers it counted
    asked: int
    total: int  # questions asked plus those that could still have been asked
    stopped: Stopped
    confidence: float | None


def walk(
    bank: Bank, answers: Mapping[str, AnswerValue], mode: Mode, model: Particles | None = None
) -> Walk:
    """Play ``bank`` adaptively, answering each question it asks from ``answers`` (a missing
    answer is a skip; lock-in then treats every question as one that may be skipped, so the
    verdict is the one of ``answers`` in full whatever they leave out). ``model``: as for
    :func:`step`."""
    c = compiled(bank)
    settings = settings_for(bank)
    skippable = [q.skippable or q.id not in answers for q in bank.questions]
    state: list[int | None] = [None] * c.nq
    while True:
        now = step(c, state, mode, settings, skippable=skippable, model=model)
        if now.next is None:
            break
        value = answers.get(c.qids[now.next])
        state[now.next] = -1 if value is None else c.option(now.next, value)
    counted = {
        c.qids[qi]: c.values[qi][k] for qi, k in enumerate(state) if k is not None and k >= 0
    }
    asked = sum(1 for k in state if k is not None)
    return Walk(
        counted, asked, total_questions(c, state), now.stopped or "complete", now.confidence
    )
