"""Pausing, resuming and signals in a real terminal (reliability review C5, M8, minor 4) and
the movement keys: each test is named after the finding it guards."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from banks import FAR_EAST, SIDES, TINY, WEST, WEST_EAST, bank_yaml, choice, write_bank
from popquiz.i18n import t
from ptyutil import (
    ANSI,
    CTRL_C,
    DOWN,
    clean_env,
    finish,
    needs_pty,
    next_prompt,
    pexpect,
    pointer_on,
    spawn,
    start,
)

pytestmark = [needs_pty, pytest.mark.timeout(120)]


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_bank(tmp_path, TINY, "tiny.yaml")


def saved_state(home: Path, bank_id: str = "tiny") -> dict[str, Any] | None:
    db = home / "history.sqlite3"
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT state FROM progress WHERE bank_id = ?", (bank_id,)).fetchone()
    finally:
        conn.close()
    return None if row is None else dict(json.loads(row[0]))


def _pause_after_one_answer(home: Path, tiny: Path) -> None:
    child = spawn(home, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    child.send("2")  # West
    next_prompt(child)
    child.send(CTRL_C)
    out = finish(child)
    assert child.exitstatus == 130, out
    state = saved_state(home)
    assert state is not None and state["answers"] == {"first": "west"}


def test_C5_a_paused_quiz_is_offered_and_ctrl_c_at_the_welcome_keeps_it(
    tmp_path: Path, tiny: Path
) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
    assert "1 answered" in ANSI.sub("", child.before)
    child.send("n")  # start afresh ...
    start(child)
    child.expect(re.escape(t("en", "keys.instruction")))
    child.send(CTRL_C)  # ... but stop before answering anything
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130
    assert "the paused quiz is kept" in out and "Traceback" not in out
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}  # not 0 answers

    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
    child.send("\r")  # Enter: resume
    welcome = start(child)
    assert "Welcome back" in welcome
    n, _, _ = next_prompt(child)
    assert n == 2
    child.send("3")
    out = finish(child)
    assert child.exitstatus == 0, out
    assert saved_state(tmp_path) is None  # finished: cleared


def test_C5_ctrl_c_at_the_resume_question_keeps_the_paused_quiz(tmp_path: Path, tiny: Path) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
    child.send(CTRL_C)
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130 and "kept" in out
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}


# Seconds between the prompt appearing and Ctrl-C: at 0 the signal lands while popquiz is still
# between writing the prompt and waiting for the line, the window in which it was once missed.
CTRL_C_DELAYS = (0, 0, 0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)


def test_C5_ctrl_c_at_any_moment_after_the_resume_question_keeps_the_paused_quiz(
    tmp_path: Path, tiny: Path
) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    for delay in CTRL_C_DELAYS:
        child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
        child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
        time.sleep(delay)
        child.send(CTRL_C)
        out = " ".join(finish(child).split())
        assert child.exitstatus == 130 and "kept" in out, (delay, out)
        state = saved_state(tmp_path)
        assert state is not None and state["answers"] == {"first": "west"}, delay


# popquiz with SIGINT blocked in its main thread and a second thread idle: the terminal's Ctrl-C
# then reaches the idle thread, so the main thread's read() is never interrupted, exactly as
# when the signal lands after the prompt is written and before read() begins. The only way
# out is the signal's own wake-up (Python runs the handler in the main thread once it wakes).
_READ_NOT_INTERRUPTED = """
import signal, sys, threading
threading.Thread(target=threading.Event().wait, daemon=True).start()
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
from popquiz.cli import run
sys.exit(run(sys.argv[1:]))
"""


def test_C5_a_ctrl_c_that_does_not_interrupt_the_read_still_stops_the_resume_question(
    tmp_path: Path, tiny: Path
) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    child = spawn(
        tmp_path,
        ["take", str(tiny), "--no-save"],
        program=("-c", _READ_NOT_INTERRUPTED),
        timeout=20,
        NO_COLOR="1",
    )
    child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
    child.send(CTRL_C)
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130 and "kept" in out, out
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}


def test_C5_ctrl_c_at_any_moment_after_the_welcome_saves_nothing_and_exits(
    tmp_path: Path, tiny: Path
) -> None:
    for delay in CTRL_C_DELAYS:
        child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
        child.expect(re.escape(t("en", "welcome.start")))
        time.sleep(delay)
        child.send(CTRL_C)
        out = " ".join(finish(child).split())
        assert child.exitstatus == 130, (delay, out)
        assert "Traceback" not in out, (delay, out)
    assert saved_state(tmp_path) is None


def test_C5_a_second_terminal_does_not_overwrite_more_progress(tmp_path: Path, tiny: Path) -> None:
    # Terminal A starts afresh (while nothing is saved) ...
    first = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(first)
    next_prompt(first)
    # ... terminal B pauses after one answer meanwhile ...
    _pause_after_one_answer(tmp_path, tiny)
    # ... and A pauses with nothing answered: B's progress stays.
    first.send(CTRL_C)
    out = " ".join(finish(first).split())
    assert first.exitstatus == 130 and "kept" in out
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}


def _four_questions(home: Path) -> Path:
    questions = [choice(f"q{i}", f"Which way, {i}?", (FAR_EAST, WEST)) for i in range(1, 5)]
    text = bank_yaml(
        id="four",
        title="Four ways",
        description="Four questions.",
        axes=[WEST_EAST],
        questions=questions,
        outcomes=SIDES,
    )
    return write_bank(home, text, "four.yaml")


def _two_terminals(home: Path) -> Any:
    """Terminal B answers 2 and waits at the third question; meanwhile terminal A, started
    after B, answers 3 and pauses. Returns B, at the question, about to press Ctrl-C."""
    bank = _four_questions(home)
    b = spawn(home, ["take", str(bank), "--no-save"], NO_COLOR="1")
    start(b)
    for _ in range(2):
        next_prompt(b)
        b.send("1")
    next_prompt(b)
    a = spawn(home, ["take", str(bank), "--no-save"], NO_COLOR="1")
    start(a)
    for _ in range(3):
        next_prompt(a)
        a.send("1")
    next_prompt(a)
    a.send(CTRL_C)
    out = finish(a)
    assert a.exitstatus == 130, out
    assert len(_four_state(home)["history"]) == 3
    b.send(CTRL_C)
    b.expect(re.escape(t("en", "quiz.replace_ask").strip()))
    assert "with 3 answered; you answered 2" in " ".join(ANSI.sub("", b.before).split())
    return b


def _four_state(home: Path) -> dict[str, Any]:
    state = saved_state(home, "four")
    assert state is not None
    return state


def test_N11_the_second_terminal_may_keep_its_answers_instead(tmp_path: Path) -> None:
    b = _two_terminals(tmp_path)
    b.send("y")
    out = " ".join(finish(b).split())
    assert b.exitstatus == 130 and "in place of the other paused quiz" in out, out
    assert len(_four_state(tmp_path)["history"]) == 2  # B's answers, as chosen


@pytest.mark.parametrize("key", ["\r", "n\r", CTRL_C], ids=["enter", "no", "ctrl-c"])
def test_N11_the_other_terminals_progress_stays_unless_replaced(tmp_path: Path, key: str) -> None:
    b = _two_terminals(tmp_path)
    b.send(key)
    out = " ".join(finish(b).split())
    assert b.exitstatus == 130 and "it was kept, not overwritten" in out, out
    assert len(_four_state(tmp_path)["history"]) == 3  # A's answers


@pytest.mark.parametrize(
    "state",
    [
        {"order": 5},
        {"order": None},
        {"order": [["a"]]},
        {"history": 3},
        {"answer_order": None},
        {"answer_order": [1, 2]},
        "not a mapping",
    ],
    ids=[
        "order-5",
        "order-null",
        "order-nested",
        "history-3",
        "answer-order-null",
        "answer-order-list",
        "not-a-mapping",
    ],
)
def test_M8_saved_progress_of_the_wrong_shape_is_a_clear_message(
    tmp_path: Path, tiny: Path, state: Any
) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    good = saved_state(tmp_path)
    assert good is not None
    bad = {**good, **state} if isinstance(state, dict) else state
    conn = sqlite3.connect(tmp_path / "history.sqlite3")
    with conn:
        conn.execute("UPDATE progress SET state = ? WHERE bank_id = 'tiny'", (json.dumps(bad),))
    conn.close()
    child = spawn(tmp_path, ["take", str(tiny), "--resume", "--no-save"], NO_COLOR="1")
    out = " ".join(finish(child).split())
    if isinstance(state, str):  # not a session at all: no saved progress
        assert child.exitstatus == 2 and "no saved progress" in out, out
    else:
        assert child.exitstatus == 2 and "saved progress cannot be used" in out, out
    assert "internal error" not in out and "Traceback" not in out


def test_minor_4_kill_int_at_a_question_pauses_like_ctrl_c(tmp_path: Path, tiny: Path) -> None:
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    child.send("1")
    next_prompt(child)
    child.kill(signal.SIGINT)
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130, out
    assert "--resume" in out and "Traceback" not in out
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "east"}


def test_minor_4_ctrl_backslash_is_handled_like_ctrl_c(tmp_path: Path, tiny: Path) -> None:
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    child.send("1")
    next_prompt(child)
    child.send("\x1c")  # Ctrl-\ at a question
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130 and child.signalstatus is None, out
    assert saved_state(tmp_path) is not None
    child = spawn(tmp_path, ["take", str(tiny), "--resume", "--no-save"], NO_COLOR="1")
    child.expect(re.escape(t("en", "welcome.start")))
    child.send("\x1c")  # Ctrl-\ at the welcome: SIGQUIT, not a core dump with 131
    finish(child)
    assert child.exitstatus == 130 and child.signalstatus is None


def test_minor_4_sighup_then_sigterm_still_saves(tmp_path: Path, tiny: Path) -> None:
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    child.send("2")
    next_prompt(child)
    child.kill(signal.SIGHUP)
    child.kill(signal.SIGTERM)
    finish(child)
    assert child.signalstatus is None and child.exitstatus in (129, 143)
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}


def _pointer(child: Any, label: str) -> None:
    child.expect(pointer_on(label))


def test_defect_3_arrow_keys_and_j_k_move_the_pointer(tmp_path: Path, tiny: Path) -> None:
    """Each key must really move the pointer (planted bugs: arrows or j/k disabled)."""
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    _pointer(child, "1) East")
    child.send(DOWN)
    _pointer(child, "2) West")
    child.send("k")
    _pointer(child, "1) East")
    child.send("j")
    _pointer(child, "2) West")
    child.send("\x1b[A")  # up arrow
    _pointer(child, "1) East")
    child.send("j\r")  # West
    next_prompt(child)
    child.send("3")
    out = finish(child)
    assert child.exitstatus == 0, out
    assert "Moonset side" in " ".join(out.split())


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_M3_a_non_utf8_terminal_plays_the_korean_quiz(tmp_path: Path, encoding: str) -> None:
    """With a stream that cannot encode Hangul the quiz shows '?' and ASCII boxes, and every
    step (welcome, question, pause) works instead of exiting 70 at the welcome."""
    argv = ["take", "--lang", "ko", "--no-save"]
    child = spawn(
        tmp_path, argv, cols=100, rows=40, encoding="latin-1", timeout=30,
        PYTHONIOENCODING=encoding, LANG="C",
    )  # fmt: skip
    child.expect(r"\+-{20,}")  # an ASCII box, not ╭──
    child.expect(r"\?\?\?")  # Hangul replaced, not a crash
    child.send("\r")
    child.expect(r"1 / \D{0,8}\d+")
    child.send("1")
    child.expect(r"2 / \D{0,8}\d+")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "Traceback" not in child.before and "internal error" not in child.before
    assert saved_state(tmp_path, "kpop-vs-jpop") is not None


def test_C5_answering_non_interactively_says_the_paused_quiz_is_kept(
    tmp_path: Path, tiny: Path
) -> None:
    _pause_after_one_answer(tmp_path, tiny)
    proc = subprocess.run(
        [sys.executable, "-m", "popquiz", "take", str(tiny), "--random", "--json"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "paused quiz" in proc.stderr and "--resume" in proc.stderr
    state = saved_state(tmp_path)
    assert state is not None and state["answers"] == {"first": "west"}
