"""Faults while running: keys and signals during a question, a resized or tiny
terminal, a closed output pipe, and an internal bug. Never a traceback; the terminal is left
sane; the exit status is the documented one (SECURITY.md, "Exit codes on interruption").

The pseudo-terminal tests drive ``python -m popquiz`` with pexpect (PROMPT_TOOLKIT_NO_CPR=1);
they wait for what a person would wait for and press real keys or send real signals.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from banks import write_bank
from hostile.corpus import BASE_BANK
from popquiz.bank.loader import load_bank
from popquiz.engine.session import Session
from popquiz.i18n import Locale, t
from ptyutil import (
    ANSI,
    CTRL_C,
    CTRL_D,
    REVEAL_PROMPT,
    TIMEOUT,
    clean_env,
    needs_pty,
    page_through,
    pexpect,
)

# Documented exit codes (SECURITY.md): 130 for Ctrl-C / Ctrl-D, 128 + signal number for
# SIGTERM (143) and SIGHUP (129). In every case progress is saved and the terminal restored.
EXPECTED_STATUS = {"ctrl-c": 130, "ctrl-d": 130, "SIGTERM": 143, "SIGHUP": 129}


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_bank(tmp_path, BASE_BANK, "hostile.yaml")


def _in_shell(home: Path, argv: list[str], *, cols: int = 100, rows: int = 40) -> Any:
    """popquiz ARGV in a pty, followed by its exit status and the terminal settings."""
    assert pexpect is not None
    quoted = " ".join(f"'{a}'" for a in argv)
    script = f"{sys.executable} -m popquiz {quoted}; echo EXIT=$?; stty -a; echo STTY-DONE"
    child = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-c", script],
        env=clean_env(home),
        dimensions=(rows, cols),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.logfile_read = io.StringIO()
    return child


def _popquiz_pid(shell: Any) -> int:
    """The pid of popquiz, the shell's only child (Linux /proc)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell.pid}/task/{shell.pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("popquiz did not start")


def _words(text: str) -> str:
    """A pattern for ``text`` as shown, however the terminal wrapped or styled it."""
    gap = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z]|[│╭╮╰╯─])+"
    return gap.join(re.escape(word) for word in text.split())


def _wait_for_question(child: Any, n: int = 1) -> None:
    child.expect(_words(t("en", "welcome.start")))
    child.send("\r")
    child.expect(rf"{n} / \D{{0,8}}\d+")
    hints = [_words(t("en", k)) for k in ("keys.instruction", "keys.instruction_short")]
    child.expect([*hints, r"1\) "])  # below 20 columns even the short hint is broken up
    child.expect(r"\r\n")  # the choices are being drawn: the prompt is live


def _status_and_stty(child: Any) -> tuple[int, str, str]:
    """Exit status, what was shown (Enter pressed at the result's reveal) and ``stty -a``."""
    before = ""
    if child.expect([REVEAL_PROMPT, r"EXIT=(\d+)"]) == 0:
        before = child.before + child.after
        child.send("\r")
        before += page_through(child, r"EXIT=(\d+)")  # Enter at each further page
    else:
        before = child.before
    status = int(child.match.group(1))
    shown = ANSI.sub("", before)
    child.expect("STTY-DONE")
    stty = child.before
    child.expect(pexpect.EOF)
    return status, shown, stty


def _assert_sane(stty: str) -> None:
    """The terminal is back in cooked mode: echo and line editing on."""
    assert re.search(r"(?<![-\w])echo(?![\w-])", stty), stty
    assert re.search(r"(?<![-\w])icanon(?![\w-])", stty), stty
    assert re.search(r"(?<![-\w])isig(?![\w-])", stty), stty


def _saved_progress(home: Path, bank_id: str) -> Any:
    from popquiz.store.history import open_store

    old = os.environ.get("POPQUIZ_HOME")
    os.environ["POPQUIZ_HOME"] = str(home)
    try:
        with open_store() as store:
            return store.paused.load(bank_id)
    finally:
        if old is not None:
            os.environ["POPQUIZ_HOME"] = old


@needs_pty
@pytest.mark.parametrize("fault", ["ctrl-c", "ctrl-d", "SIGTERM", "SIGHUP"])
def test_interrupting_a_question(fault: str, tmp_path: Path, bank: Path) -> None:
    home = tmp_path / "home"
    child = _in_shell(home, ["take", str(bank), "--no-save"])
    _wait_for_question(child)
    child.send("1")  # answer the first question, so there is progress to keep
    child.expect(r"2 / \D{0,8}\d+")
    child.expect(_words(t("en", "keys.instruction")))
    child.expect(r"\r\n")
    if fault == "ctrl-c":
        child.send(CTRL_C)
    elif fault == "ctrl-d":
        child.send(CTRL_D)
    else:
        os.kill(_popquiz_pid(child), getattr(signal, fault))
    status, shown, stty = _status_and_stty(child)
    assert "Traceback" not in shown and "internal error" not in shown, shown
    assert status == EXPECTED_STATUS[fault], shown
    _assert_sane(stty)
    state = _saved_progress(home, "hostile")
    assert state is not None, "progress was not saved"
    # What was saved is the answer given, and resuming continues at the next question
    # (not just "something was saved").
    assert state["answers"] == {"q1": "a"} and state["history"] == ["q1"], state
    resumed = Session.from_state(load_bank(bank), state)
    assert resumed.current() is not None and resumed.current().id == "q2"  # type: ignore[union-attr]
    if fault != "SIGHUP":  # after a hangup nobody reads the terminal
        assert "--resume" in shown, shown


@needs_pty
def test_resizing_the_terminal_mid_question(tmp_path: Path, bank: Path) -> None:
    child = _in_shell(tmp_path / "home", ["take", str(bank), "--no-save"], cols=100)
    _wait_for_question(child)
    for rows, cols in [(20, 40), (12, 20), (50, 160), (30, 80)]:
        child.setwinsize(rows, cols)
        time.sleep(0.15)  # let prompt_toolkit handle SIGWINCH and redraw
    child.send("1")
    child.expect(r"2 / \D{0,8}\d+")
    child.expect(_words(t("en", "keys.instruction")))
    child.setwinsize(24, 30)
    child.send("5")
    status, shown, stty = _status_and_stty(child)
    assert status == 0, shown
    assert "Traceback" not in shown
    assert t("en", "result.heading") in shown
    _assert_sane(stty)


def _answer_both_in(tmp_path: Path, bank: Path, *, cols: int, rows: int) -> str:
    """Answer both questions in a terminal this size; the quiz ends cleanly. What it showed."""
    child = _in_shell(tmp_path / "home", ["take", str(bank), "--no-save"], cols=cols, rows=rows)
    _wait_for_question(child)
    child.send("1")
    child.expect(r"2 / \D{0,8}\d+")
    child.expect(r"\r\n")
    child.send("5")
    status, shown, stty = _status_and_stty(child)
    assert status == 0, shown
    assert "Traceback" not in shown
    _assert_sane(stty)
    return shown


@needs_pty
def test_a_twenty_column_terminal(tmp_path: Path, bank: Path) -> None:
    shown = _answer_both_in(tmp_path, bank, cols=20, rows=30)
    # The result screen really came, whole, within 20 columns.
    flat = " ".join(shown.split())
    assert t("en", "result.heading") in flat and ("Up" in flat or "Down" in flat), flat
    assert t("en", "words.picks") in flat


@needs_pty
def test_minor_11_a_ten_by_five_terminal_still_finishes_cleanly(tmp_path: Path, bank: Path) -> None:
    """Below the supported 20 columns (SECURITY.md) words may be cut, but the quiz still runs to
    its result, exits 0 and leaves the terminal sane."""
    _answer_both_in(tmp_path, bank, cols=10, rows=5)


def test_result_and_question_screens_fit_twenty_columns(bank: Path) -> None:
    from rich.console import Console

    from popquiz.bank.loader import load_bank
    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score
    from popquiz.engine.session import Session
    from popquiz.ui.interactive import progress_renderable, prompt_spec, question_renderable
    from popquiz.ui.render import render_report

    quiz = load_bank(bank)
    console = Console(record=True, width=20, force_terminal=True, file=io.StringIO())
    session = Session.start(quiz)
    q = session.current()
    assert q is not None
    console.print(
        progress_renderable(session, Locale("en", session.bank.language), 20, plain=False)
    )
    console.print(
        question_renderable(
            prompt_spec(session, q, Locale("en", session.bank.language)), plain=False
        )
    )
    result = score(quiz, {"q1": "a", "q2": 5})
    render_report(build_report(quiz, result, recommend(quiz, result), "en"), console)
    lines = console.export_text().splitlines()
    assert lines
    too_wide = [line for line in lines if console.measure(line).maximum > 20]
    assert not too_wide, too_wide


# --- a closed output pipe --------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["list"], ["history"], ["take", "--random", "--no-save"]])
def test_writing_into_a_closed_pipe_exits_quietly(argv: list[str], tmp_path: Path) -> None:
    """The reader is already gone (as after `head -1`): every write fails with EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "popquiz", *argv],
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=clean_env(tmp_path / "home"),
            timeout=60,
        )
    finally:
        os.close(write_end)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert "BrokenPipeError" not in stderr, stderr


@pytest.mark.parametrize("command", ["list", "history"])
def test_piped_into_head(command: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    # Some history, so `history` has rows to print.
    for seed in range(3):
        subprocess.run(
            [sys.executable, "-m", "popquiz", "take", "--random", "--seed", str(seed), "--json"],
            env=clean_env(home),
            stdout=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )
    script = f"{sys.executable} -m popquiz {command} | head -1; echo STATUS=${{PIPESTATUS[0]}}"
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env=clean_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    out_lines = proc.stdout.splitlines()
    assert len(out_lines) == 2 and out_lines[0].strip(), proc.stdout
    assert out_lines[1] == "STATUS=0", proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


# --- an internal bug -----------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("simulated bug")


def test_an_internal_error_is_one_line_and_exit_70(
    bank: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import popquiz.bank.loader
    from popquiz.cli import run

    monkeypatch.delenv("POPQUIZ_DEBUG", raising=False)
    monkeypatch.setattr(popquiz.bank.loader, "check", _boom)  # what validate calls
    status = run(["validate", str(bank)])
    out, err = capsys.readouterr()
    assert status == 70
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    [line] = lines
    assert "bug" in line and "--debug" in line and "POPQUIZ_DEBUG=1" in line
    assert "Traceback" not in line and "simulated bug" not in line


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_full_traceback(
    how: str, bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import popquiz.bank.loader
    from popquiz.cli import run

    monkeypatch.delenv("POPQUIZ_DEBUG", raising=False)
    if how == "env":
        monkeypatch.setenv("POPQUIZ_DEBUG", "1")
    monkeypatch.setattr(popquiz.bank.loader, "check", _boom)
    with pytest.raises(RuntimeError, match="simulated bug"):
        run(["--debug", "validate", str(bank)] if how == "flag" else ["validate", str(bank)])


def test_an_internal_error_in_a_real_process_exits_70(tmp_path: Path, bank: Path) -> None:
    """The same through the console entry point, with the bug planted before it runs."""
    code = (
        "import sys, popquiz.bank.loader, popquiz.cli\n"
        "def boom(*a, **k): raise ZeroDivisionError('planted')\n"
        "popquiz.bank.loader.check = boom\n"
        f"sys.argv = ['popquiz', 'validate', {str(bank)!r}]\n"
        "popquiz.cli.main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 70
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "--debug" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
