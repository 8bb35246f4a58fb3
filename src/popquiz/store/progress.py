"""Paused quizzes: the progress of an unfinished quiz, saved per bank in the history database,
and the rules for keeping it.

A paused quiz is never overwritten without asking: pausing with nothing answered keeps the one
already saved, and progress another terminal saved meanwhile with more answers is kept rather
than replaced unless the taker, asked, chooses to replace it (:func:`pause` with
``replacing``, :func:`finish`). A resumed quiz goes on in the language and with
the display options it was paused with, unless they are given again (:func:`kept_display`).
The command line only asks and prints.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

from popquiz.store.database import dumps, load_dict, now

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.session import Session

T = TypeVar("T")
Write = Callable[[Callable[[sqlite3.Connection], T], str], T]


class PausedQuizzes:
    """The paused quizzes of one history database, at most one per bank. ``write`` runs a
    change in one transaction (the history store's, with its retries and errors)."""

    def __init__(self, conn: sqlite3.Connection, write: Write[Any]) -> None:
        self._conn = conn
        self._write = write

    def save(self, bank_id: str, state: dict[str, Any]) -> None:
        text = dumps(state)
        self._write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO progress (bank_id, saved_at, state) VALUES (?, ?, ?)",
                (bank_id, now(), text),
            ),
            "save your progress",
        )

    def load(self, bank_id: str) -> dict[str, Any] | None:
        try:
            row = self._conn.execute(
                "SELECT state FROM progress WHERE bank_id = ?", (bank_id,)
            ).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else load_dict(row[0])

    def clear(self, bank_id: str) -> None:
        self._write(
            lambda c: c.execute("DELETE FROM progress WHERE bank_id = ?", (bank_id,)),
            "clear saved progress",
        )


def answered(state: Any) -> int:
    """How many questions a saved state has answered."""
    history = state.get("history") if isinstance(state, dict) else None
    return len(history) if isinstance(history, list) else 0


class Display(NamedTuple):
    """The language and display options a quiz is played with (saved with its progress)."""

    language: str
    plain: bool
    no_color: bool


def kept_options(saved: Any) -> dict[str, Any]:
    """The options a paused session was played with."""
    kept = saved.get("options") if isinstance(saved, dict) else None
    return kept if isinstance(kept, dict) else {}


def kept_language(saved: Any, quiz: Bank, language: str, lang_given: bool) -> str:
    """The paused session's language (the bank's, or one the chrome speaks while the bank
    text falls back), unless --lang was given now."""
    from popquiz.i18n import LANGUAGES

    kept = kept_options(saved).get("language")
    if not lang_given and isinstance(kept, str) and kept in (*quiz.all_languages, *LANGUAGES):
        return kept
    return language


def kept_display(saved: Any, quiz: Bank, given: Display, *, lang_given: bool) -> Display:
    """What a resumed quiz is played with: the paused session's language and display options,
    unless given again now."""
    kept = kept_options(saved)
    return Display(
        kept_language(saved, quiz, given.language, lang_given),
        given.plain or kept.get("plain") is True,
        given.no_color or kept.get("no_color") is True,
    )


class Paused(NamedTuple):
    """What pausing did: ``saved`` the progress; ``replaced`` the other terminal's progress
    with it, as asked; ``kept`` the paused quiz already there (nothing was answered);
    ``nothing`` to save; kept ``other`` progress with ``answered`` answers that another terminal
    saved meanwhile (``found``: that progress, to name when asking whether to replace it); or
    ``failed`` to save (``error``)."""

    outcome: Literal["saved", "replaced", "kept", "nothing", "other", "failed"]
    answered: int = 0
    error: OSError | None = None
    found: dict[str, Any] | None = None


def pause(
    paused: PausedQuizzes,
    bank_id: str,
    session: Session,
    baseline: dict[str, Any] | None,
    display: Display,
    *,
    replacing: dict[str, Any] | None = None,
) -> Paused:
    """Save the session's progress unless that would destroy a better paused quiz.
    ``baseline`` is the paused quiz found when this session started (None if there was none);
    ``replacing`` is the other terminal's progress the taker chose to replace (an earlier
    :func:`pause`'s ``found``): it is replaced only if it is still the one saved, so progress
    a third terminal saved while the taker was asked is never overwritten unseen."""
    current = paused.load(bank_id)
    if current is not None and not session.history:
        return Paused("kept")
    if not session.history:  # stopped on the welcome screen or the first question
        return Paused("nothing")
    other = current is not None and current != baseline
    if other and current != replacing and answered(current) > len(session.history):
        return Paused("other", answered(current), found=current)
    try:
        # The options are saved too: a resumed quiz goes on in the language it was paused in.
        paused.save(bank_id, {**session.to_state(), "options": display._asdict()})
    except OSError as error:
        return Paused("failed", error=error)
    return Paused("replaced" if other and current == replacing else "saved")


def finish(
    paused: PausedQuizzes, bank_id: str, session: Session, baseline: dict[str, Any] | None
) -> None:
    """The session ended with a result: clear its paused progress, unless another terminal
    saved more answers meanwhile."""
    current = paused.load(bank_id)
    if current is None:
        return  # nothing to clear: no write, so no wait for another process's lock
    if current == baseline or answered(current) <= len(session.history):
        # The result matters more than tidying up: a history locked by another process must
        # not stop it being shown and kept (the progress is offered again, never lost).
        with suppress(OSError):
            paused.clear(bank_id)
