"""The command line through typer's runner and, where the process matters, a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from banks import bank_yaml, choice, outcome, write_bank
from conftest import DEFAULT_BANK, EXAMPLE_BANK, ROOT
from needs import need
from popquiz import __version__
from popquiz.cli import app, run
from popquiz.i18n import t

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process through the same error boundary as the console script."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def popquiz(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popquiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"popquiz {__version__}"


def test_every_command_has_help_with_examples() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    for name in group.commands:  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Examples" in result.stdout, f"`popquiz {name} --help` has no examples"


def test_take_random_json_from_any_directory(tmp_path: Path) -> None:
    proc = popquiz("take", "--random", "--seed", "1", "--json", "--no-save", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["bank"]["id"] == "kpop-vs-jpop"
    assert report["outcome"]["id"] in {"kpop", "jpop", "crossover"}
    assert report["outcome"]["strength"] in {"clear", "leaning", "close"}
    assert report["outcome"]["lead"] >= 0
    assert {a["id"] for a in report["axes"]} >= {"performance", "sound", "reach"}
    for axis in report["axes"]:
        assert -1 <= axis["score"] <= 1 and axis["low"] and axis["high"]
    recs = report["recommendations"]
    picks = [r for r in recs if not r["bridge"]]
    bridges = [r for r in recs if r["bridge"]]
    assert len(picks) == 5 and recs == picks + bridges  # bridges last
    assert not {r["scene"] for r in bridges} & {r["scene"] for r in picks}
    # The bridges cover exactly the scenes the picks do not (one of them unless balanced).
    missing = {"kpop", "jpop", "crossover"} - {r["scene"] for r in picks}
    if report["outcome"]["balanced"]:
        assert {r["scene"] for r in bridges} == missing
    else:
        assert len(bridges) == min(1, len(missing))
    assert all({"id", "name", "scene", "match", "reasons", "songs"} <= r.keys() for r in recs)
    assert report["answers"] and report["contributions"]
    # Same seed, same result.
    again = popquiz("take", "--random", "--seed", "1", "--json", "--no-save", cwd=tmp_path)
    assert json.loads(again.stdout) == report


def test_python_dash_m_and_validate_quizzes() -> None:
    banks = sorted(str(p) for p in (ROOT / "quizzes").glob("*.yaml") if "-acts" not in p.name)
    proc = popquiz("validate", *banks)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok (kpop-vs-jpop" in proc.stdout


def test_validate_exit_codes_and_formats(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_BANK.read_text(encoding="utf-8").replace("ritual: -1}", "ritul: -1}"),
        encoding="utf-8",
    )
    code, out, _ = invoke("validate", str(EXAMPLE_BANK), str(bad))
    assert code == 1
    assert f"{bad}:" in out and "error[E202]" in out and "help: did you mean 'ritual'?" in out
    assert "1 problem in 1 file" in out

    code, out, _ = invoke("validate", "--format", "json", str(bad))
    [item] = json.loads(out)
    assert code == 1 and item["code"] == "E202" and item["line"] > 1 and item["column"] > 1

    code, out, _ = invoke("validate", "--format", "github", str(bad))
    assert code == 1 and out.startswith(f"::error file={bad},line=")

    code, _, err = invoke("validate", "--format", "xml", str(bad))
    assert code == 2 and "unknown --format" in err
    code, _, _ = invoke("validate")
    assert code == 2
    code, out, _ = invoke("validate", str(tmp_path / "missing.yaml"))
    assert code == 1 and "E010" in out


def test_schema_is_in_sync_with_checked_in_copy() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    checked_in = (ROOT / "schema" / "bank.schema.json").read_text(encoding="utf-8")
    assert json.loads(out) == json.loads(checked_in), (
        "schema/bank.schema.json is stale: run `popquiz schema > schema/bank.schema.json`"
    )


def test_schema_validates_the_shipped_banks() -> None:
    jsonschema = need("jsonschema")
    import yaml

    schema = json.loads((ROOT / "schema" / "bank.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    for path in (DEFAULT_BANK, EXAMPLE_BANK):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []


def test_take_with_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("morning: run\nbrew: 1\nafternoon: 5\n")
    code, out, err = invoke(
        "take", str(EXAMPLE_BANK), "--answers", str(answers), "--json", "--no-save"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["outcome"]["id"] == "coffee"
    assert report["answers"] == {"morning": "run", "brew": 1, "afternoon": 5}
    json_answers = tmp_path / "answers.json"
    json_answers.write_text(json.dumps({"morning": "run", "brew": 1, "afternoon": 5}))
    code, out2, _ = invoke(
        "take", str(EXAMPLE_BANK), "--answers", str(json_answers), "--json", "--no-save"
    )
    assert code == 0 and json.loads(out2) == report


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        ("morning: run\nbrew: 6\n", "A003", 2),
        ("morning: run\nbrw: 4\n", "A002", 2),
        ("morning: nap\n", "A004", 1),
        ("morning: run\nbrew: true\n", "A003", 2),
        ("morning: [run\n", "E001", 2),
        ("- morning\n", "A001", 1),
    ],
)
def test_bad_answers_files_are_located_and_print_nothing(
    tmp_path: Path, content: str, code: str, line: int
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content)
    status, out, err = invoke(
        "take", str(EXAMPLE_BANK), "--answers", str(answers), "--json", "--no-save"
    )
    assert status == 1
    assert out == ""  # nothing half-printed
    assert f"{answers}:{line}:" in err and f"[{code}]" in err
    assert "Traceback" not in err


def test_rich_summary_and_languages(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "take", "--random", "--seed", "3", "--no-save", "--lang", "ko", "--no-color"
    )
    assert code == 0
    assert t("ko", "result.heading") in out and "\x1b[" not in out
    code, _, err = invoke("take", "--random", "--lang", "fr", "--no-save")
    assert code == 2 and "not available in 'fr'" in err


ENGLISH_ONLY = bank_yaml(
    format=2,
    id="sides",
    title="Which side are you on",
    description="One question.",
    language="en",
    axes=[{"id": "x", "low": "west", "high": "east"}],
    questions=[choice("way", "Which way do you face?", {"east": {"x": 2}, "west": {"x": -2}})],
    outcomes=[
        outcome("sunrise", {"x": 1}, title="Sunrise side", description="You face the dawn."),
        outcome("moonset", {"x": -1}, title="Moonset side", description="You face the dusk."),
    ],
    rule={"margin": 0.1},
)


def test_lang_the_bank_lacks_shows_its_text_under_that_languages_chrome(tmp_path: Path) -> None:
    """--lang ko on an English-only bank: Korean chrome, English bank text, one line saying
    so, exit 0 (docs/authoring.md, "Languages")."""
    bank = write_bank(tmp_path, ENGLISH_ONLY, "sides.yaml")
    code, _, err = invoke("validate", str(bank))
    assert code == 0, err
    args = ("take", str(bank), "--random", "--seed", "1", "--no-save", "--no-color")
    code, out, err = invoke(*args, "--lang", "ko")
    assert code == 0, err
    note = t("ko", "lang.fallback", language="한국어", bank_language="영어")
    assert err.count(note) == 1
    assert t("ko", "result.heading") in out and t("ko", "result.axes") in out
    assert "Sunrise side" in out or "Moonset side" in out
    assert "Which way do you face?" in out  # the answer that moved the result most


def test_unknown_bank_and_conflicting_options() -> None:
    code, _, err = invoke("take", "no-such-bank", "--random")
    assert code == 2 and "no-such-bank" in err
    code, _, err = invoke("take", "--random", "--answers", "x.yaml")
    assert code == 2 and "either --answers or --random" in err


def test_invalid_bank_for_take_is_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    code, out, err = invoke("take", str(bad), "--random", "--no-save")
    assert code == 1 and out == "" and "E102" in err


def test_top_level_help_has_examples() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Examples" in result.stdout
    assert "popquiz validate quizzes/*.yaml" in result.stdout
