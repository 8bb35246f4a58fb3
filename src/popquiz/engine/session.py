"""The quiz as a state machine: which question is next, back, skip, resume. No terminal I/O.

A session walks the bank's questions in a presentation order (the bank's order, or a seeded
shuffle). A question is asked when its conditions hold given the answers so far; going back
re-evaluates conditions, so changing an earlier answer can add or remove later questions, and
answers to questions that are no longer asked are dropped.

In the ``adaptive`` and ``quick`` modes the next question is chosen by
:mod:`popquiz.engine.adaptive` from the answers so far, and the quiz stops once the verdict is
locked in (or, quick, likely enough); :meth:`Session.go_on` answers on after such a stop. The
choice is a function of the answers alone, so Back reopens the question it left and a resumed
session continues in the same mode. :func:`play_mode` says which mode a quiz is played in,
:func:`session_play` how an interactive session went; a session restricted to a subset of the
questions (saved progress may hold one) resumes as that subset and counts as quick.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from popquiz.bank.model import AnswerValue
from popquiz.engine.compiled import compiled

if TYPE_CHECKING:
    from collections.abc import Mapping

    from popquiz.bank.model import AnyQuestion, Bank
    from popquiz.engine.adaptive import Mode, Step
    from popquiz.engine.report import Play

MODES = ("full", "adaptive", "quick")


def _asked(bank: Bank, q: AnyQuestion, answers: Mapping[str, AnswerValue]) -> bool:
    """Whether ``q``'s conditions hold given the answers so far (the compiled bank's rule, as
    :func:`popquiz.engine.scoring.is_asked` asks it: scoring and its result types load only
    after the last answer)."""
    return compiled(bank).asked_given(bank.question_index[q.id], answers)


SKIPPED = "__skipped__"


class Session:
    """One taker's way through a bank. A plain class: a dataclass would cost ~1 ms of every
    start-up to define (and ``dataclasses`` itself ~5 ms to import on ``take --json``)."""

    def __init__(
        self,
        bank: Bank,
        order: list[str],  # question ids in presentation order
        answers: dict[str, AnswerValue | None] | None = None,  # None = skipped
        history: list[str] | None = None,  # asked question ids, in the order shown
        answer_order: dict[str, list[str]] | None = None,  # shuffled answer ids
        notes: list[str] | None = None,
        mode: Mode = "full",  # "adaptive": stop at lock-in; "quick": stop when confident
        going_on_from: int | None = None,
    ) -> None:
        self.bank = bank
        self.order = order
        self.answers: dict[str, AnswerValue | None] = {} if answers is None else answers
        self.history: list[str] = [] if history is None else history
        self.answer_order: dict[str, list[str]] = {} if answer_order is None else answer_order
        # What from_state had to drop or repair in saved progress (shown to the taker).
        self.notes: list[str] = [] if notes is None else notes
        self.mode: Mode = mode
        # After a stop the taker may answer on: from this many answers on, only the end stops it.
        self.going_on_from = going_on_from
        self._step: tuple[tuple[int | None, ...], bool, Step] | None = None

    def __repr__(self) -> str:
        return (
            f"Session(bank={self.bank.id!r}, order={self.order!r}, answers={self.answers!r}, "
            f"history={self.history!r}, mode={self.mode!r})"
        )

    @classmethod
    def start(
        cls,
        bank: Bank,
        *,
        shuffle: bool = False,
        seed: int | None = None,
        only: list[str] | None = None,
        mode: Mode = "full",
    ) -> Session:
        """A new session; ``only`` restricts it to a subset of questions (saved progress may
        name one)."""
        wanted = None if only is None else set(only)
        ids = [q.id for q in bank.questions if wanted is None or q.id in wanted]
        answer_order: dict[str, list[str]] = {}
        rng = random.Random(seed)
        if shuffle:
            ids = _shuffle_respecting_conditions(bank, ids, rng)
        if shuffle or bank.shuffle_answers:  # display order only: scoring never sees it
            for q in bank.questions:
                if q.kind == "choice":
                    order = [a.id for a in q.answers]
                    rng.shuffle(order)
                    answer_order[q.id] = order
        return cls(bank, ids, answer_order=answer_order, mode=mode)

    # --- the adaptive modes -----------------------------------------------------------------

    def state(self) -> list[int | None]:
        """The answers so far as :mod:`popquiz.engine.adaptive` reads them."""
        from popquiz.engine.compiled import compiled

        c = compiled(self.bank)
        out: list[int | None] = [None] * c.nq
        index = self.bank.question_index
        for qid in self.history:
            value = self.answers.get(qid)
            out[index[qid]] = -1 if value is None else c.option(index[qid], value)
        return out

    def step(self) -> Step:
        """Where an adaptive session stands: its next question, or why it stops."""
        from popquiz.engine.adaptive import settings_for, step
        from popquiz.engine.compiled import compiled

        key = tuple(self.state())
        going_on = self.going_on_from is not None and len(self.history) >= self.going_on_from
        if self._step is not None and self._step[:2] == (key, going_on):
            return self._step[2]
        mode = self.mode if self.mode != "full" else "adaptive"
        found = step(compiled(self.bank), key, mode, settings_for(self.bank), go_on=going_on)
        self._step = (key, going_on, found)
        return found

    @property
    def stopped(self) -> str | None:
        """``"locked"`` or ``"confident"`` while an adaptive session stops early, ``"complete"``
        once every question that could be asked was, None while it goes on."""
        if self.mode == "full":
            return "complete" if self.finished else None
        return self.step().stopped

    def go_on(self) -> None:
        """Answer on after an early stop (for a finer profile), up to the end of the quiz."""
        self.going_on_from = len(self.history)

    # --- navigation -------------------------------------------------------------------------

    def _counted(self) -> dict[str, AnswerValue]:
        return {k: v for k, v in self.answers.items() if v is not None}

    def current(self) -> AnyQuestion | None:
        """The next question to ask, or None when the quiz is finished (or stops early)."""
        if self.mode != "full":
            nxt = self.step().next
            return None if nxt is None else self.bank.questions[nxt]
        done = set(self.history)
        counted = self._counted()
        for qid in self.order:
            if qid in done:
                continue
            q = self.bank.questions_by_id[qid]
            if _asked(self.bank, q, counted):
                return q
        return None

    def answer(self, value: AnswerValue | None) -> None:
        """Answer (or, with None, skip) the current question."""
        q = self.current()
        if q is None:
            raise RuntimeError("the quiz is finished")
        if value is None and not q.skippable:
            raise ValueError(f"question {q.id!r} cannot be skipped")
        self.answers[q.id] = value
        self.history.append(q.id)

    def back(self) -> AnyQuestion | None:
        """Return to the previous asked question; its earlier answer stays as the default."""
        if not self.history:
            return None
        self.history.pop()
        self._prune()
        if self.going_on_from is not None and len(self.history) < self.going_on_from:
            self.going_on_from = None  # back before the stop: it may stop there again
        return self.current()

    def _prune(self) -> None:
        """Drop history entries whose conditions no longer hold (after an answer changed)."""
        kept: list[str] = []
        counted: dict[str, AnswerValue] = {}
        for qid in self.history:
            q = self.bank.questions_by_id[qid]
            if _asked(self.bank, q, counted):
                kept.append(qid)
                value = self.answers.get(qid)
                if value is not None:
                    counted[qid] = value
        self.history = kept

    def previous_answer(self, q: AnyQuestion) -> AnswerValue | None:
        return self.answers.get(q.id)

    @property
    def finished(self) -> bool:
        return self.current() is None

    def final_answers(self) -> dict[str, AnswerValue]:
        """The answers that count: asked, in the history, not skipped."""
        return {qid: v for qid in self.history if (v := self.answers.get(qid)) is not None}

    def progress(self) -> tuple[int, int]:
        """(number of the current question, 1-based; expected total given answers so far)."""
        if self.mode != "full":
            from popquiz.engine.adaptive import total_questions
            from popquiz.engine.compiled import compiled

            total = total_questions(compiled(self.bank), self.state())
            return min(len(self.history) + 1, max(total, 1)), max(total, 1)
        counted = self._counted()
        done = set(self.history)  # a set: with a list this is quadratic in the bank's size
        total = sum(
            1
            for qid in self.order
            if qid in done or _asked(self.bank, self.bank.questions_by_id[qid], counted)
        )
        return min(len(self.history) + 1, max(total, 1)), max(total, 1)

    def most(self) -> int:
        """The most questions this session can still come to ask: the ones answered, plus every
        remaining one whose conditions hold or can still hold (they depend on a question not
        answered yet). Never below :meth:`progress`'s total; it only shrinks as answers rule
        follow-ups out, so a bar drawn against it never moves backwards."""
        done = set(self.history)
        counted = self._counted()
        in_order = set(self.order)
        total = 0
        for qid in self.order:
            q = self.bank.questions_by_id[qid]
            if qid in done or all(
                counted.get(c.question) in c.answers
                or (c.question in in_order and c.question not in done)
                for c in q.when
            ):
                total += 1
        return max(total, self.progress()[1])

    def count(self) -> tuple[int, bool]:
        """The question count every screen of this session says: the most questions it can
        come to ask, and whether that is an "up to" (follow-ups that may not be asked)."""
        if self.mode != "full":
            from popquiz.engine.compiled import compiled
            from popquiz.engine.lockin import MAYBE, open_status

            total = self.progress()[1]
            return total, MAYBE in open_status(compiled(self.bank), self.state())
        most = self.most()
        return most, most > self.progress()[1]

    # --- persistence (for --resume) ---------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        return {
            "bank": self.bank.id,
            "version": self.bank.version,
            "order": list(self.order),
            # A subset session (--quick) must not grow back to the whole bank on resume.
            "subset": len(self.order) < len(self.bank.questions),
            "answers": dict(self.answers),
            "history": list(self.history),
            "answer_order": {k: list(v) for k, v in self.answer_order.items()},
            "mode": self.mode,
            "going_on_from": self.going_on_from,
        }

    @classmethod
    def from_state(cls, bank: Bank, state: Any) -> Session:
        """Rebuild a saved session; raises ValueError if it does not fit this bank.

        Saved progress is data from an earlier run, maybe of another version of the bank (a
        pack update) or damaged: every part is checked against the current bank. What no longer
        fits (unknown questions, answers that no longer exist, an answer order that is not the
        question's answers) is dropped or repaired, and :attr:`notes` says so; a shape that is
        not a saved session at all raises ValueError.
        """
        if not isinstance(state, dict):
            raise ValueError("it is not a saved session")
        if state.get("bank") != bank.id:
            raise ValueError("saved progress belongs to another bank")
        notes: list[str] = []
        known = bank.questions_by_id
        saved_order = _id_list(state.get("order", []), "order")
        order = [q for q in dict.fromkeys(saved_order) if q in known]
        if len(order) < len(saved_order):
            notes.append(f"{len(saved_order) - len(order)} saved question(s) no longer fit")
        # Questions added to the bank since the pause join at the end, unless the session was
        # deliberately a subset.
        in_order = set(order)  # a set: a 10,000-question bank would be quadratic otherwise
        missing = (
            [] if state.get("subset") else [q.id for q in bank.questions if q.id not in in_order]
        )
        raw_answers = state.get("answers", {})
        if not isinstance(raw_answers, dict):
            raise ValueError("`answers` is not a mapping")
        answers: dict[str, AnswerValue | None] = {}
        for qid, value in raw_answers.items():
            if qid in known and (value is None or _valid(known[qid], value)):
                answers[qid] = value
        if len(answers) < len(raw_answers):
            notes.append(f"{len(raw_answers) - len(answers)} saved answer(s) no longer fit")
        history = [
            q for q in dict.fromkeys(_id_list(state.get("history", []), "history")) if q in answers
        ]
        raw_order = state.get("answer_order", {})
        if not isinstance(raw_order, dict):
            raise ValueError("`answer_order` is not a mapping")
        answer_order: dict[str, list[str]] = {}
        repaired = 0
        for qid, ids in raw_order.items():
            q = known.get(qid)
            if q is None or q.kind != "choice":
                continue
            current = [a.id for a in q.answers]
            if not isinstance(ids, list):
                ids = []
            # The saved shuffle for the answers that still exist; answers added since are
            # offered too (at the end), answers removed are dropped.
            kept = [a for a in dict.fromkeys(ids) if isinstance(a, str) and a in current]
            fixed = kept + [a for a in current if a not in kept]
            if fixed != ids:
                repaired += 1
            answer_order[qid] = fixed
        if repaired:
            notes.append(f"the answer order of {repaired} question(s) was updated for this bank")
        mode = state.get("mode", "full")
        if mode not in MODES:
            raise ValueError(f"`mode` is not one of {', '.join(MODES)}")
        going_on_from = state.get("going_on_from")
        if going_on_from is not None and (
            not isinstance(going_on_from, int) or isinstance(going_on_from, bool)
        ):
            raise ValueError("`going_on_from` is not a number")
        session = cls(bank, order + missing, answers, history, answer_order, mode=mode)
        session.going_on_from = going_on_from
        session._prune()
        session.notes = notes
        return session


def _id_list(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"`{name}` is not a list of question ids")
    return value


def _valid(q: AnyQuestion, value: Any) -> bool:
    if q.kind == "likert":
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= q.points
    return any(a.id == value for a in q.answers)


def _shuffle_respecting_conditions(bank: Bank, ids: list[str], rng: random.Random) -> list[str]:
    """Shuffle, but keep every question after the questions its conditions name.

    Kahn's topological sort that always takes, among the questions whose conditions are
    placed, the one earliest in a plain shuffle: the same order as repeatedly scanning the
    shuffle for the first placeable question, in O((n + conditions) log n) instead of O(n³)
    (a 10,000-question chain took minutes that way).
    """
    import heapq

    shuffled = list(ids)
    rng.shuffle(shuffled)
    rank = {qid: i for i, qid in enumerate(shuffled)}
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {}
    for qid in shuffled:
        deps = {c.question for c in bank.questions_by_id[qid].when if c.question in rank}
        deps.discard(qid)
        waiting[qid] = len(deps)
        for d in deps:
            dependents.setdefault(d, []).append(qid)
    ready = [rank[q] for q in shuffled if waiting[q] == 0]
    heapq.heapify(ready)
    placed: list[str] = []
    while ready:
        qid = shuffled[heapq.heappop(ready)]
        placed.append(qid)
        for later in dependents.get(qid, ()):
            waiting[later] -= 1
            if waiting[later] == 0:
                heapq.heappush(ready, rank[later])
    if len(placed) < len(shuffled):  # a cycle (the loader refuses them): keep the rest as is
        done = set(placed)
        placed += [q for q in shuffled if q not in done]
    return placed


def random_answers(bank: Bank, rng: random.Random) -> dict[str, AnswerValue]:
    """Uniformly random answers to every question that gets asked (never skipping)."""
    answers: dict[str, AnswerValue] = {}
    for q in bank.questions:
        if not _asked(bank, q, answers):
            continue
        if q.kind == "likert":
            answers[q.id] = rng.randint(1, q.points)
        else:
            answers[q.id] = rng.choice(q.answers).id
    return answers


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
