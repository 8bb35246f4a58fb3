"""Adaptive play driven with real keys in a pseudo-terminal: the lock-in stop, Back from
it, going on, and a paused adaptive quiz that resumes adaptively."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from banks import bank_yaml, choice, outcome, write_bank
from popquiz.i18n import t
from ptyutil import ANSI, CTRL_C, needs_pty, page_through, spawn

# Six questions on one axis: east (+1) or west (-1). Two outcomes, no balanced one, so after
# four answers the same way the other two cannot turn the verdict round.
ROW = bank_yaml(
    id="row",
    title="Which way?",
    description="Six questions.",
    axes=[{"id": "x", "low": "west", "high": "east"}],
    questions=[
        choice(f"q{i}", f"Step {i}, which way?", {"east": {"x": 1}, "west": {"x": -1}})
        for i in range(6)
    ],
    outcomes=[
        outcome("sunrise", {"x": 1}, title="Sunrise side", description="You face the dawn."),
        outcome("moonset", {"x": -1}, title="Moonset side", description="You face the dusk."),
    ],
)


@pytest.fixture
def row(tmp_path: Path) -> Path:
    return write_bank(tmp_path, ROW, "row.yaml")


def _spawn(home: Path, argv: list[str]) -> Any:
    return spawn(home, argv, cols=100, rows=40)


# The question's key hint, full or short as the width allows.
INSTRUCTION = "|".join(
    re.escape(t("en", k)) for k in ("keys.instruction", "keys.instruction_short")
)


def _flat(raw: str) -> str:
    text = ANSI.sub("", raw)
    text = re.sub(r"[│╭╮╰╯─━]", " ", text)
    return " ".join(text.split())


def _start(child) -> str:  # type: ignore[no-untyped-def]
    child.expect(re.escape(t("en", "welcome.start")))
    welcome = _flat(child.before)
    child.send("\r")
    return welcome


def _question(child) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    """Wait for a question; (number, total, which step it asks about)."""
    child.expect(r"(\d+) / (\d+)")
    n, total = int(child.match.group(1)), int(child.match.group(2))
    child.expect(INSTRUCTION)
    found = re.search(r"Step (\d), which way\?", _flat(child.before))
    assert found is not None, child.before
    child.expect(r"\r\n")
    return n, total, found.group(0)


def _stop_screen(child) -> str:  # type: ignore[no-untyped-def]
    child.expect(re.escape(t("en", "adaptive.next")))
    screen = _flat(child.before)
    child.expect(re.escape(t("en", "adaptive.instruction")))
    child.expect(r"\r\n")
    return screen


def _finish(child) -> str:  # type: ignore[no-untyped-def]
    """Wait for the end, pressing Enter at the reveal for the rest; what was shown since."""
    shown = page_through(child)
    child.close()
    return _flat(shown)


@needs_pty
def test_adaptive_run_stops_at_lock_in_back_reopens_and_going_on_finishes(
    tmp_path: Path, row: Path
) -> None:
    child = _spawn(tmp_path, ["take", str(row), "--adaptive", "--no-save"])
    welcome = _start(child)
    assert t("en", "adaptive.welcome") in welcome
    seen = []
    for step in range(4):
        n, total, asked = _question(child)
        assert (n, total) == (step + 1, 6)
        seen.append(asked)
        child.send("1")  # East
    assert len(set(seen)) == 4
    stop = _stop_screen(child)
    assert "Locked in after 4 of 6: the remaining questions could not change it." in stop
    child.send("b\r")  # Back: the last question again
    assert _question(child)[::2] == (4, seen[-1])
    child.send("1")
    assert "Locked in after 4 of 6" in _stop_screen(child)
    child.send("2\r")  # go on for a finer profile
    for step in (4, 5):
        n, _, asked = _question(child)
        assert n == step + 1 and asked not in seen
        seen.append(asked)
        child.send("2")  # West: the verdict stays locked whatever comes
    out = _finish(child)
    assert child.exitstatus == 0, out
    assert "Sunrise side" in out
    assert t("en", "result.locked", n=4, total=6) not in out  # it went on to the end


@needs_pty
def test_result_says_locked_and_a_paused_adaptive_quiz_resumes_adaptively(
    tmp_path: Path, row: Path
) -> None:
    child = _spawn(tmp_path, ["take", str(row), "--adaptive"])
    _start(child)
    for _ in range(2):
        _question(child)
        child.send("2")  # West
    _question(child)
    child.send(CTRL_C)
    _finish(child)
    assert child.exitstatus == 130
    # No --adaptive this time: the saved session keeps its mode.
    child = _spawn(tmp_path, ["take", str(row), "--resume"])
    welcome = _start(child)
    assert t("en", "adaptive.welcome") in welcome
    assert _question(child)[:2] == (3, 6)
    child.send("2")
    _question(child)
    child.send("2")
    assert "Locked in after 4 of 6" in _stop_screen(child)
    child.send("1\r")  # see the result
    out = _finish(child)
    assert child.exitstatus == 0, out
    assert "Moonset side" in out
    assert t("en", "result.locked", n=4, total=6) in out
