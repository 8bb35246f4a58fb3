"""Another process holding the history database's lock: popquiz says it waits, waits a few
seconds at most, and never loses a result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE_BANK
from ptyutil import ANSI, TIMEOUT, answer_rest, finish, needs_pty, spawn, start

#: How long the other process would hold the lock (as in the review's repro); the test
#: releases it as soon as its own commands are done.
LOCK_HELD_S = 90
#: Generous bounds for a loaded 2-core machine: popquiz waits 3 s at most.
SAYS_WHY_WITHIN_S = 10.0
DONE_AFTER_SAYING_S = 15.0

HOLD_LOCK = (
    "import sqlite3, sys, time\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('begin exclusive')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


def popquiz(*args: str) -> list[str]:
    return [sys.executable, "-m", "popquiz", *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(popquiz(*args), capture_output=True, text=True, timeout=120)


class Timed:
    """A finished command, with when its first stderr line came and when it ended."""

    def __init__(self, *args: str) -> None:
        start = time.monotonic()
        proc = subprocess.Popen(
            popquiz(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stderr is not None
        first = proc.stderr.readline()
        self.first_line_after = time.monotonic() - start
        out, rest = proc.communicate(timeout=120)
        self.done_after = time.monotonic() - start
        self.returncode = proc.returncode
        self.stdout, self.stderr = out, first + rest

    def check_never_silent(self) -> None:
        assert self.first_line_after < SAYS_WHY_WITHIN_S, (self.first_line_after, self.stderr)
        assert "waiting for another popquiz" in self.stderr.splitlines()[0], self.stderr
        assert self.done_after - self.first_line_after < DONE_AFTER_SAYING_S, self.done_after


class Lock:
    """The other process and the data folder it locks."""

    def __init__(self, home: Path, holder: subprocess.Popen[str]) -> None:
        self.home = home
        self.holder = holder

    def release(self) -> None:
        self.holder.kill()
        self.holder.wait(timeout=30)


@pytest.fixture
def locked_history() -> Iterator[Lock]:
    home = Path(os.environ["POPQUIZ_HOME"])
    done = run("take", str(EXAMPLE_BANK), "--random", "--seed", "1", "--json")
    assert done.returncode == 0, done.stderr
    db = home / "history.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(LOCK_HELD_S)],
        stdout=subprocess.PIPE,
        text=True,
    )
    lock = Lock(home, holder)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield lock
    finally:
        lock.release()


def test_N4_a_locked_history_keeps_the_result_aside_and_adds_it_later(
    locked_history: Lock,
) -> None:
    take = Timed("take", str(EXAMPLE_BANK), "--random", "--seed", "2", "--json")
    assert take.returncode == 0, take.stderr
    take.check_never_silent()
    assert json.loads(take.stdout)["bank"]["id"] == "tea-or-coffee"  # the result is shown
    assert "history-pending" in take.stderr and "next popquiz" in take.stderr
    assert len(list((locked_history.home / "history-pending").glob("*.json"))) == 1

    listing = Timed("history", "--json")  # a reader does not need the write lock
    assert listing.returncode == 0, listing.stderr
    assert listing.done_after < SAYS_WHY_WITHIN_S or "waiting" in listing.stderr
    assert len(json.loads(listing.stdout)) == 1


def test_N4_the_kept_result_appears_in_history_once_the_lock_is_released(
    locked_history: Lock,
) -> None:
    take = Timed("take", str(EXAMPLE_BANK), "--random", "--seed", "2", "--json")
    assert take.returncode == 0, take.stderr
    kept = json.loads(take.stdout)
    locked_history.release()
    listing = run("history", "--json")
    assert listing.returncode == 0, listing.stderr
    stored = json.loads(listing.stdout)
    assert len(stored) == 2 and "added" in listing.stderr
    assert stored[0]["answers"] == kept["answers"]
    assert list((locked_history.home / "history-pending").glob("*.json")) == []
    again = run("history", "--json")  # added once, not again
    assert len(json.loads(again.stdout)) == 2 and "added" not in again.stderr


def test_N4_a_result_that_cannot_be_kept_either_is_shown_exported_and_exits_75(
    locked_history: Lock, tmp_path: Path
) -> None:
    (locked_history.home / "history-pending").write_text("not a folder")
    card = tmp_path / "card.html"
    take = Timed(
        "take", str(EXAMPLE_BANK), "--random", "--seed", "2", "--json", "--export", str(card)
    )
    assert take.returncode == 75, take.stderr
    take.check_never_silent()
    assert json.loads(take.stdout)["bank"]["id"] == "tea-or-coffee"
    assert card.is_file() and "<html" in card.read_text()
    assert "not saved" in take.stderr and "--export" in take.stderr


@needs_pty
def test_N4_the_interactive_quiz_says_why_it_waits_after_the_last_answer(
    locked_history: Lock,
) -> None:
    child = spawn(locked_history.home, ["take", str(EXAMPLE_BANK)], timeout=TIMEOUT)
    start(child)
    assert answer_rest(child) > 0
    shown = finish(child)
    transcript = ANSI.sub("", child.logfile_read.getvalue())
    assert child.exitstatus == 0, transcript[-2000:]
    assert "waiting for another popquiz" in transcript
    assert "history-pending" in " ".join(transcript.split()), transcript[-2000:]
    assert shown
    assert len(list((locked_history.home / "history-pending").glob("*.json"))) == 1
