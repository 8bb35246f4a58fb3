"""The progress line of a long ``analyze``: on a terminal, in the screen's language, only once
the work has run for a while, and never on a pipe, in a file or with --json."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from popquiz.cli import run
from popquiz.i18n import Locale
from popquiz.ui import progress as P
from popquiz.ui.console import make_console


class Stream(io.StringIO):
    """Standard output or error, a terminal or not."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def _console(out: io.StringIO) -> object:
    return make_console(file=out, force_terminal=True, width=100)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Simulating takers"),
        ("ko", "응답자를 모의 실험하는 중"),
        ("ja", "回答者をシミュレーション"),
    ],
)
def test_the_line_names_the_part_under_way_in_the_screens_language(lang: str, words: str) -> None:
    out = io.StringIO()
    line = P.AnalysisProgress(Locale(lang, "en"), _console(out), delay=0)  # type: ignore[arg-type]
    line("shares", 0, 10)
    line("takers", 3, 10)
    line.close()
    assert words in out.getvalue()


def test_quick_work_shows_nothing() -> None:
    out = io.StringIO()
    line = P.AnalysisProgress(Locale("en", "en"), _console(out), delay=60)  # type: ignore[arg-type]
    for done, part in enumerate(("shares", "influence", "reach", "takers", "findings")):
        line(part, done, 5)
    line("findings", 5, 5)
    line.close()
    assert out.getvalue() == ""


def test_a_long_part_shows_the_line_when_the_delay_is_up() -> None:
    """A part may run for seconds without another call (ranking 10,000 takers' picks): the
    line appears when the delay is up, naming that part, not at the next call."""
    out = io.StringIO()
    line = P.AnalysisProgress(Locale("en", "en"), _console(out), delay=0.05)  # type: ignore[arg-type]
    line("picks", 4, 7)
    deadline = time.monotonic() + 5
    while "Ranking picks" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    line.close()
    assert "Ranking picks for simulated takers" in out.getvalue()


def test_work_done_before_the_delay_leaves_no_line_behind() -> None:
    out = io.StringIO()
    line = P.AnalysisProgress(Locale("en", "en"), _console(out), delay=0.1)  # type: ignore[arg-type]
    line("shares", 0, 7)
    line.close()
    time.sleep(0.2)  # past the delay: the timer was cancelled
    assert out.getvalue() == ""


def test_the_longest_part_is_a_step_per_taker_model() -> None:
    """The progress a caller hears: every part in order, the picks once per taker model, and
    the steps counted to the total."""
    from popquiz.bank.loader import load_bank
    from popquiz.engine.analysis import STEPS, analyze

    heard: list[tuple[str, int, int]] = []
    analyze(
        load_bank(COFFEE),
        takers=60,
        pick_takers=100,
        influence_samples=20,
        restarts=0,
        progress=lambda *a: heard.append(a),
    )
    parts = [p for p, _, _ in heard]
    assert parts == [
        "shares",
        "influence",
        "takers",
        "picks",
        "picks",
        "reach",
        "findings",
        "findings",
    ]
    assert [d for _, d, _ in heard] == [*range(STEPS), STEPS]
    assert {t for _, _, t in heard} == {STEPS}


COFFEE = ROOT / "quizzes" / "examples" / "coffee.yaml"


def _analyze(
    args: list[str],
    terminal: bool,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    err_terminal: bool | None = None,
) -> tuple[int, str, str]:
    monkeypatch.setattr(P, "DELAY", 0.0)  # every analysis counts as long, even a small bank's
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    out, err = Stream(terminal), Stream(terminal if err_terminal is None else err_terminal)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    status = run(["analyze", *args, str(COFFEE)])
    return status, out.getvalue(), err.getvalue()


def test_a_terminal_sees_the_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, out, err = _analyze([], True, monkeypatch, tmp_path)
    assert status == 0
    assert "Counting outcome shares" in err and "Simulating takers" in err
    assert "Counting outcome shares" not in out  # the report alone goes to standard output


def test_a_pipe_never_sees_the_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, out, err = _analyze([], False, monkeypatch, tmp_path)
    assert status == 0 and out
    assert err == ""


def test_a_report_piped_away_from_the_terminal_gets_no_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``popquiz analyze bank.yaml > report.txt``: no one is watching the report come."""
    status, out, err = _analyze([], False, monkeypatch, tmp_path, err_terminal=True)
    assert status == 0 and "Counting outcome shares" not in out
    assert err == ""


def test_json_never_gets_the_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, out, err = _analyze(["--json"], True, monkeypatch, tmp_path)
    assert status == 0
    assert json.loads(out)["bank"] == "coffee"
    assert err == ""
