"""Paused quizzes: a better paused quiz is never overwritten, a resumed one keeps its options."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from popquiz.store import progress
from popquiz.store.history import HistoryStore, open_store
from popquiz.store.progress import Display

DISPLAY = Display("ko", plain=True, no_color=False)


def _session(answered: int) -> Any:
    history = [f"q{i}" for i in range(answered)]
    return SimpleNamespace(history=history, to_state=lambda: {"history": list(history)})


def _state(answered: int) -> dict[str, Any]:
    return {"history": [f"q{i}" for i in range(answered)]}


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return open_store(tmp_path / "h.db")


def test_pausing_saves_the_progress_with_its_display_options(store: HistoryStore) -> None:
    done = progress.pause(store.paused, "b", _session(2), None, DISPLAY)
    assert done == progress.Paused("saved")
    assert store.paused.load("b") == {
        **_state(2),
        "options": {"language": "ko", "plain": True, "no_color": False},
    }


def test_pausing_with_nothing_answered_keeps_the_paused_quiz(store: HistoryStore) -> None:
    store.paused.save("b", _state(3))
    assert progress.pause(store.paused, "b", _session(0), _state(3), DISPLAY).outcome == "kept"
    assert store.paused.load("b") == _state(3)


def test_pausing_with_nothing_answered_and_nothing_paused_saves_nothing(
    store: HistoryStore,
) -> None:
    assert progress.pause(store.paused, "b", _session(0), None, DISPLAY).outcome == "nothing"
    assert store.paused.load("b") is None


def test_more_progress_another_terminal_saved_meanwhile_is_kept(store: HistoryStore) -> None:
    store.paused.save("b", _state(5))  # saved by another terminal after this session began
    done = progress.pause(store.paused, "b", _session(2), None, DISPLAY)
    assert done == progress.Paused("other", answered=5, found=_state(5))
    assert store.paused.load("b") == _state(5)
    # The paused quiz this session started from is replaced, even with more answers.
    assert progress.pause(store.paused, "b", _session(2), _state(5), DISPLAY).outcome == "saved"


def test_N11_the_taker_may_replace_the_other_terminals_progress(store: HistoryStore) -> None:
    # A answered 3 and paused while B, started before, had answered 2.
    store.paused.save("b", _state(3))
    first = progress.pause(store.paused, "b", _session(2), None, DISPLAY)
    assert first.outcome == "other" and first.found == _state(3)
    # Asked, B's taker chooses to keep B's answers instead.
    done = progress.pause(store.paused, "b", _session(2), None, DISPLAY, replacing=first.found)
    assert done == progress.Paused("replaced")
    assert progress.answered(store.paused.load("b")) == 2


def test_N11_progress_saved_while_the_taker_was_asked_is_not_replaced(
    store: HistoryStore,
) -> None:
    store.paused.save("b", _state(3))
    first = progress.pause(store.paused, "b", _session(2), None, DISPLAY)
    store.paused.save("b", _state(4))  # a third terminal pauses during the question
    done = progress.pause(store.paused, "b", _session(2), None, DISPLAY, replacing=first.found)
    assert done == progress.Paused("other", answered=4, found=_state(4))
    assert store.paused.load("b") == _state(4)


def test_a_failed_save_is_reported_not_raised(store: HistoryStore) -> None:
    store.writable = False
    done = progress.pause(store.paused, "b", _session(1), None, DISPLAY)
    assert done.outcome == "failed" and isinstance(done.error, OSError)


def test_finishing_clears_the_progress_unless_another_terminal_saved_more(
    store: HistoryStore,
) -> None:
    store.paused.save("b", _state(2))
    progress.finish(store.paused, "b", _session(3), _state(2))
    assert store.paused.load("b") is None
    store.paused.save("b", _state(9))
    progress.finish(store.paused, "b", _session(3), None)
    assert store.paused.load("b") == _state(9)


def test_a_resumed_quiz_keeps_its_language_and_display_unless_given_again() -> None:
    quiz = cast(Any, SimpleNamespace(all_languages=("en", "ko")))
    saved = {"options": {"language": "ko", "plain": True, "no_color": True}}
    now = Display("en", plain=False, no_color=False)
    assert progress.kept_display(saved, quiz, now, lang_given=False) == Display("ko", True, True)
    assert progress.kept_display(saved, quiz, now, lang_given=True).language == "en"
    odd = {"options": {"language": "xx", "plain": "yes"}}
    assert progress.kept_display(odd, quiz, now, lang_given=False) == now
    assert progress.answered(odd) == 0 and progress.answered(_state(4)) == 4
