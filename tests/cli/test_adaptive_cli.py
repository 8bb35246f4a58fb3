"""`take --adaptive` / `--quick` through the CLI (issue 20): same outcome as the full quiz from
the same complete answers file, fewer questions, and the play fields in `--json`."""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import yaml

from conftest import DEFAULT_BANK
from popquiz.bank.loader import load_bank
from popquiz.cli import run
from popquiz.engine.compiled import compiled
from popquiz.engine.takers import consistent_assignment


def take_json(*args: str) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["take", *args, "--json", "--no-save"])
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert isinstance(data, dict)
    return data


def test_adaptive_answers_file_gives_the_full_outcome_with_fewer_questions(
    tmp_path: Path,
) -> None:
    c = compiled(load_bank(DEFAULT_BANK))
    rnd = random.Random(2020)
    asked = total = 0
    for n in range(6):
        assign = consistent_assignment(c, rnd) if n % 2 else c.random_assignment(rnd)
        path = tmp_path / f"full-{n}.yaml"
        path.write_text(yaml.safe_dump(c.answers(assign)), encoding="utf-8")
        full = take_json("--answers", str(path))
        adaptive = take_json("--adaptive", "--answers", str(path))
        assert adaptive["outcome"]["id"] == full["outcome"]["id"]  # type: ignore[index]
        assert (full["mode"], full["stopped"]) == ("full", "complete")
        assert full["asked"] == full["total"]
        assert adaptive["mode"] == "adaptive"
        assert adaptive["stopped"] in ("locked", "complete")
        # Locked early, a follow-up whose trigger was never asked may still come: the adaptive
        # total counts it, the full run knows it did not.
        assert full["total"] <= adaptive["total"] <= len(c.qids)
        assert adaptive["confidence"] is None
        assert set(adaptive["answers"]) <= set(full["answers"])  # type: ignore[arg-type]
        asked += adaptive["asked"]  # type: ignore[operator]
        total += adaptive["total"]  # type: ignore[operator]
    assert asked < total


def test_quick_stops_early_for_a_clear_taker_and_says_how(tmp_path: Path) -> None:
    c = compiled(load_bank(DEFAULT_BANK))
    # Everywhere the answer that pushes hardest towards the high poles: a clear taker.
    assign = [
        max(range(len(options)), key=lambda k: sum(x for _, x in options[k])) for options in c.terms
    ]
    path = tmp_path / "clear.yaml"
    path.write_text(yaml.safe_dump(c.answers(assign)), encoding="utf-8")
    data = take_json("--quick", "--answers", str(path))
    assert data["mode"] == "quick" and data["quick"] is True
    assert data["stopped"] in ("confident", "locked")
    if data["stopped"] == "confident":
        assert isinstance(data["confidence"], float) and 0.5 <= data["confidence"] <= 1
    assert data["asked"] < data["total"]  # type: ignore[operator]
    assert data["outcome"] == take_json("--answers", str(path))["outcome"]
