"""A quiz starts without the cyclic garbage collector rescanning what it has just loaded.

``popquiz.cli.main.run`` pauses the collector while a quiz starts (``cli.startup.starting``);
the quiz calls ``startup_over`` just before its first question, which freezes what was loaded
and turns the collector back on. Every other command collects as usual from its parse on, and
an in-process caller gets its own settings back. And ``take --json`` skips what only a screen
or an export shows.
"""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from popquiz.cli.startup import starting, startup_over

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_BANK = ROOT / "tests" / "data" / "format-example.yaml"

# Counts the collections made while `popquiz ARGS` runs in a fresh interpreter (its imports
# included), then checks the collector is as it was.
_COUNT = """
import gc, sys
from popquiz.cli import run
made = []
gc.callbacks.append(lambda phase, info: phase == "start" and made.append(info["generation"]))
status = run(sys.argv[1:])
gc.callbacks.clear()
print(status, len(made), gc.isenabled(), gc.get_freeze_count())
"""


def _collections(args: list[str], tmp_path: Path) -> tuple[int, int, bool, int]:
    env = {**os.environ, "POPQUIZ_HOME": str(tmp_path / "home")}
    env.pop("POPQUIZ_CACHE_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-c", _COUNT, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    status, made, enabled, frozen = proc.stdout.split()[-4:]
    return int(status), int(made), enabled == "True", int(frozen)


def test_a_quiz_starts_without_a_collection(tmp_path: Path) -> None:
    """A first play (the bank checked in full: PyYAML, pydantic) imports everything a later
    play from the compiled-bank cache does, and more."""
    args = ["take", str(EXAMPLE_BANK), "--random", "--seed", "1", "--json", "--no-save"]
    assert _collections(args, tmp_path) == (0, 0, True, 0)


def test_other_commands_collect_as_usual(tmp_path: Path) -> None:
    status, made, enabled, frozen = _collections(["schema"], tmp_path)
    assert status == 0 and made > 0 and enabled and frozen == 0


def test_the_quiz_resumes_collecting_just_before_its_first_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from popquiz.bank.loader import load_bank
    from popquiz.engine.session import Session
    from popquiz.i18n import Locale
    from popquiz.ui import interactive

    bank = load_bank(EXAMPLE_BANK)
    session = Session.start(bank, shuffle=False, seed=1, mode="full")
    seen: list[tuple[bool, bool]] = []
    monkeypatch.setattr(interactive, "read_line", lambda: "")  # Enter at the welcome
    monkeypatch.setattr(
        interactive,
        "_loop",
        lambda *_, **__: seen.append((gc.isenabled(), gc.get_freeze_count() > 0)),
    )
    monkeypatch.setattr(interactive, "make_console", lambda **_: _console())
    assert gc.isenabled()
    with starting():
        assert not gc.isenabled()
        interactive.run_quiz(
            session,
            locale=Locale("en", "en"),
            plain=True,
            no_color=True,
            resumed=False,
            started=startup_over,
        )
    assert seen == [(True, True)]  # collecting again, with the start-up frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0  # as before for this process


def _console() -> object:
    from rich.console import Console

    return Console(file=io.StringIO(), width=80)


def test_startup_over_outside_a_start_changes_nothing() -> None:
    startup_over()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        with starting():  # a caller that turned the collector off keeps it off
            startup_over()
            assert not gc.isenabled()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_json_output_reads_no_previous_result_but_an_export_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The "last time" line is on screens and exports only: `take --json` does not read and
    re-localise the previous stored result for nothing."""
    from popquiz.cli import run
    from popquiz.store.history import HistoryStore

    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("POPQUIZ_CACHE_DIR", str(tmp_path / "cache"))
    reads: list[str] = []
    original = HistoryStore.previous_result

    def spy(self: HistoryStore, bank_id: str) -> Any:
        reads.append(bank_id)
        return original(self, bank_id)

    monkeypatch.setattr(HistoryStore, "previous_result", spy)
    take = ["take", str(EXAMPLE_BANK), "--random", "--seed", "1", "--json"]
    assert run(take) == 0 and run(take) == 0  # the second play has a previous result
    assert reads == []
    export = tmp_path / "result.md"
    assert run([*take, "--export", str(export)]) == 0
    assert reads == ["tea-or-coffee"] and export.exists()
    capsys.readouterr()


def test_one_result_compares_only_the_pairs_of_acts_its_picks_need() -> None:
    """Variety compares each candidate with the picks chosen so far: a few hundred pairs of
    the default catalogue's ~9,000, each worked out when first asked for (all of them were
    most of `take --json`'s own work), and each equal to the formula's value."""
    import math
    import random

    from popquiz.bank.loader import load_bank
    from popquiz.engine.compiled import compiled
    from popquiz.engine.recommend import _Closeness, recommend
    from popquiz.engine.scoring import score
    from popquiz.engine.session import random_answers

    bank = load_bank(ROOT / "quizzes" / "kpop-vs-jpop.yaml")
    picks = recommend(bank, score(bank, random_answers(bank, random.Random(1))))
    assert picks
    [closeness] = [v for v in bank.memo.values() if isinstance(v, _Closeness)]
    acts = len(bank.acts)
    assert 0 < len(closeness.known) < acts * acts // 10
    profiles = compiled(bank).act_profiles
    axes = range(len(profiles[0]))
    for (i, j), value in closeness.known.items():
        squares = sum((profiles[i][k] - profiles[j][k]) ** 2 for k in axes) / len(axes)
        assert value == max(0.0, 1 - math.sqrt(squares))
        assert closeness(j, i) == value
