"""What the quiz's screens promise about keys is true, in a real pseudo-terminal:

- "s skip" is shown on a question that may be skipped and only there (the welcome screen names
  `s` only in a quiz that has such a question);
- a key typed while no prompt is reading (between two questions) is never echoed onto the
  screen, and a line typed at a question popquiz asks in words (pausing) still is.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from banks import TINY, bank_yaml, choice, write_bank
from popquiz.bank.loader import load_bank
from popquiz.engine.session import Session
from popquiz.i18n import Locale, t
from popquiz.ui.interactive import _instruction, apply_choice, prompt_spec
from popquiz.ui.lineinput import no_echo, read_line
from ptyutil import ANSI, PROGRESS, finish, instruction, needs_pty, spawn, start

SKIP_HINTS = ("keys.instruction_skip", "keys.instruction_short_skip")


def _hint(bank: Path, answered: list[str], lang: str = "en", width: int = 80) -> str:
    session = Session.start(load_bank(bank))
    for value in answered:
        apply_choice(session, value)
    q = session.current()
    assert q is not None
    locale = Locale(lang, session.bank.language)
    return _instruction(prompt_spec(session, q, locale), locale, width, plain=False)


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
@pytest.mark.parametrize("width", [80, 30])
def test_the_skip_hint_is_on_skippable_questions_only(
    tmp_path: Path, lang: str, width: int
) -> None:
    bank = write_bank(tmp_path, TINY, "tiny.yaml")  # "first" must be answered, "second" not
    first, second = _hint(bank, [], lang, width), _hint(bank, ["east"], lang, width)
    assert first in (t(lang, "keys.instruction"), t(lang, "keys.instruction_short"))
    assert second in (t(lang, k) for k in SKIP_HINTS)
    # The two differ exactly by the skip key: "s" appears as a key only in the second.
    assert not re.search(r"(?<![a-z])s(?![a-z])", first)
    assert re.search(r"(?<![a-z])s(?![a-z])", second)


NO_SKIP = bank_yaml(
    id="firm",
    title="Three turns",
    description="Every question needs an answer.",
    axes=[{"id": "x", "low": "West", "high": "East"}],
    questions=[
        choice(f"q{i}", f"Which way, round {i}?", {"east": {"x": 1}, "west": {"x": -1}})
        for i in range(1, 4)
    ],
    outcomes=[
        {"id": "e", "title": "East", "description": "East it is.", "profile": {"x": 1}},
        {"id": "w", "title": "West", "description": "West it is.", "profile": {"x": -1}},
    ],
)


@needs_pty
def test_a_quiz_without_skippable_questions_never_offers_skip(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, NO_SKIP, "firm.yaml")
    child = spawn(tmp_path / "home", ["take", str(bank), "--no-save"])
    welcome = start(child)
    assert " ".join(t("en", "keys.welcome").split()) in welcome
    assert "skip" not in welcome.lower()
    for _ in range(3):
        child.expect(PROGRESS)
        child.expect(instruction())
        assert child.after == t("en", "keys.instruction")
        child.send("1")
    finish(child)


@needs_pty
def test_the_skip_hint_follows_the_question_on_screen(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, TINY, "tiny.yaml")
    child = spawn(tmp_path / "home", ["take", str(bank), "--no-save"])
    welcome = start(child)
    assert " ".join(t("en", "keys.welcome_skip").split()) in welcome
    child.expect(PROGRESS)
    child.expect(instruction())
    assert child.after == t("en", "keys.instruction")  # "first": no skip
    child.send("1")
    child.expect(PROGRESS)
    child.expect(instruction())
    assert child.after == t("en", "keys.instruction_skip")  # "second" is skippable
    child.send("s")  # and s does skip it
    finish(child)


# --- keys typed ahead ---------------------------------------------------------------------


def _echoed(master: int) -> bytes:
    time.sleep(0.05)
    out = b""
    while True:
        try:
            chunk = os.read(master, 1024)
        except (BlockingIOError, OSError):
            return out
        if not chunk:
            return out
        out += chunk


def _type_at_prompt(master: int, prompt: bytes, line: bytes) -> None:
    """Wait (at most 10 s) until ``prompt`` reaches the screen, then type ``line``."""
    shown = b""
    deadline = time.monotonic() + 10
    while prompt not in shown and time.monotonic() < deadline:
        shown += _echoed(master)
    os.write(master, line)


@pytest.mark.skipif(os.name != "posix", reason="a POSIX pseudo-terminal")
def test_no_echo_keeps_typed_keys_off_screen_and_read_line_shows_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    termios = pytest.importorskip("termios")
    master, slave = os.openpty()
    os.set_blocking(master, False)
    stdin = os.fdopen(slave, "r", encoding="utf-8", closefd=False)
    monkeypatch.setattr(sys, "stdin", stdin)
    # read_line writes its prompt where input() would on a terminal: the same terminal.
    screen = os.fdopen(slave, "w", encoding="utf-8", closefd=False)
    monkeypatch.setattr(sys, "stderr", screen)
    try:
        os.write(master, b"a")
        assert _echoed(master) == b"a"  # an ordinary terminal echoes
        termios.tcflush(slave, termios.TCIFLUSH)  # a partial line: reading it would block
        with no_echo():
            os.write(master, b"7")
            assert _echoed(master) == b""  # typed ahead: not shown
            termios.tcflush(slave, termios.TCIFLUSH)  # a partial line: reading it would block
            # The terminal echoes a key when it arrives, so the line is typed as a person types
            # it: once the prompt is on screen, not ahead of it (that would be typing ahead).
            typist = threading.Thread(target=_type_at_prompt, args=(master, b"Pause? ", b"no\n"))
            typist.start()
            try:
                assert read_line("Pause? ") == "no"
            finally:
                typist.join()
            assert b"no" in _echoed(master)  # a typed line is seen as it is typed
            os.write(master, b"8")
            assert _echoed(master) == b""  # and quiet again after it
            termios.tcflush(slave, termios.TCIFLUSH)  # a partial line: reading it would block
        os.write(master, b"b")
        assert _echoed(master) == b"b"  # the terminal is left as it was
    finally:
        stdin.close()
        screen.close()
        os.close(slave)
        os.close(master)


@needs_pty
def test_keys_typed_between_questions_are_not_echoed(tmp_path: Path) -> None:
    """A burst of a key no prompt uses, sent while popquiz moves from one question to the
    next: whatever the timing, none of it may reach the screen."""
    bank = write_bank(tmp_path, NO_SKIP, "firm.yaml")
    child: Any = spawn(tmp_path / "home", ["take", str(bank), "--no-save"])
    start(child)
    for turn in range(3):
        child.expect(PROGRESS)
        child.expect(instruction())
        child.send("1")
        if turn < 2:  # after the last answer the result screen is not a prompt
            for _ in range(40):  # about 120 ms of typing ahead, across the redraw
                child.send("z")
                time.sleep(0.003)
    child.expect(re.escape(t("en", "result.heading")))
    # Up to the result (whose next-steps line names "popquiz"): the quiz's own screens.
    transcript = ANSI.sub("", child.logfile_read.getvalue()).split(t("en", "result.heading"))[0]
    finish(child)
    assert "z" not in transcript
