"""Author tools on the command line: `popquiz new`, `popquiz analyze`, the pre-commit hook and
the example bank written from the docs."""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checking import check_bank
from conftest import ROOT
from popquiz.cli import run
from popquiz.cli.validate import bank_schema

COFFEE = ROOT / "quizzes" / "examples" / "coffee.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


# --- popquiz new ----------------------------------------------------------------------------


def test_new_writes_a_valid_commented_starter(tmp_path: Path) -> None:
    path = tmp_path / "My Quiz.yaml"
    code, _, err = invoke("new", str(path), "--title", 'Cats: or "dogs"? #1')
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=bank.schema.json"
    bank, problems = check_bank(path)
    assert bank is not None, problems
    assert bank.id == "my-quiz"
    assert bank.title == 'Cats: or "dogs"? #1'
    assert len(bank.axes) == 2 and len(bank.outcomes) == 2 and len(bank.acts) == 2
    assert sorted(q.kind for q in bank.questions) == ["choice", "choice", "likert", "likert"]
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 8
    # The modeline's schema is written next to the bank, so the editor finds it at once.
    schema = json.loads((tmp_path / "bank.schema.json").read_text(encoding="utf-8"))
    assert schema == bank_schema()
    assert "Created" in err and "popquiz validate" in err


def test_new_then_validate_analyze_and_take(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    assert invoke("new", str(path))[0] == 0
    code, out, _ = invoke("validate", str(path))
    assert code == 0 and "ok (starter, 4 questions)" in out
    code, out, _ = invoke("analyze", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert all(o["reachable"] for o in data["reachability"]["outcomes"])
    code, out, _ = invoke("take", str(path), "--random", "--seed", "1", "--no-save", "--json")
    assert code == 0 and json.loads(out)["outcome"]["id"] in {"dog", "cat"}


def test_new_with_a_schema_url_writes_no_schema_file(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    url = "https://example.org/schema/bank.schema.json"
    assert invoke("new", str(path), "--schema", url)[0] == 0
    assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema={url}\n")
    assert not (tmp_path / "bank.schema.json").exists()


def test_new_keeps_an_existing_schema_file(tmp_path: Path) -> None:
    (tmp_path / "bank.schema.json").write_text("{}", encoding="utf-8")
    assert invoke("new", str(tmp_path / "b.yaml"))[0] == 0
    assert (tmp_path / "bank.schema.json").read_text(encoding="utf-8") == "{}"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("keep me", encoding="utf-8")
    code, _, err = invoke("new", str(path))
    assert code == 2 and "already exists" in err
    assert path.read_text(encoding="utf-8") == "keep me"
    assert invoke("new", str(path), "--force")[0] == 0
    assert check_bank(path)[0] is not None


@pytest.mark.parametrize(
    "args, message",
    [
        (["b.txt"], "ends in .yaml"),
        (["b.yaml", "--title", "bad\x1b[31m"], "--title"),
        (["b.yaml", "--title", "  "], "--title"),
    ],
)
def test_new_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = invoke("new", str(tmp_path / args[0]), *args[1:])
    assert code == 2 and message in err
    assert not (tmp_path / args[0]).exists()


@pytest.mark.parametrize("ch", ["\u200b", "\u00ad", "\u2800", "\u034f", "\ufeff", "\U000e0041"])
def test_N9_new_refuses_a_title_validate_would_refuse(tmp_path: Path, ch: str) -> None:
    code, _, err = invoke("new", str(tmp_path / "b.yaml"), "--title", f"a{ch}b")
    assert code == 2 and "--title" in err
    assert list(tmp_path.iterdir()) == []


def test_N9_new_keeps_an_emoji_title(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    assert (
        invoke("new", str(path), "--title", "Family \U0001f469\u200d\U0001f467 \u2764\ufe0f")[0]
        == 0
    )
    assert check_bank(path)[0] is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_N10_new_force_onto_a_fifo_writes_nothing(tmp_path: Path) -> None:
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    code, _, err = invoke("new", "--force", str(fifo))
    assert code == 73 and "FIFO" in err.upper()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_N10_new_onto_a_dangling_symlink_writes_no_schema(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").symlink_to(tmp_path / "gone" / "x.yaml")
    code, _, _ = invoke("new", "--force", str(tmp_path / "b.yaml"))
    assert code != 0
    assert not (tmp_path / "bank.schema.json").exists()


# --- popquiz analyze ------------------------------------------------------------------------


def _lopsided_starter(path: Path) -> Path:
    """The starter without its `restless` statement: one question then dominates energy."""
    invoke("new", str(path))
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: restless\n")
    end = text.index("\n\n", start)
    text = text[:start] + text[end + 1 :]
    text = text.replace(", restless: 5}", "}").replace(", restless: 1}", "}")
    path.write_text(text, encoding="utf-8")
    return path


def test_the_starter_passes_analyze_strict(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    invoke("new", str(path))
    code, out, _ = invoke("analyze", str(path), "--strict", "--json")
    assert code == 0, json.loads(out)["warnings"]
    code, out, _ = invoke("test", str(path))
    assert code == 0 and "2 of 2 tests passed" in out


def test_analyze_text_report_and_warnings(tmp_path: Path) -> None:
    path = _lopsided_starter(tmp_path / "starter.yaml")
    code, out, _ = invoke("analyze", str(path), "--no-color")
    assert code == 0  # warnings alone do not fail without --strict
    assert "Outcome shares" in out and "exact" in out
    assert "Reachability" in out and "Influence" in out and "Coverage per axis" in out
    assert f"{path}:" in out and ": warning[W106] " in out and "  help: " in out


def test_analyze_quotes_each_warning_with_a_caret_like_validate(tmp_path: Path) -> None:
    """Through typer's runner: the warnings come out of the renderer `validate` uses, with the
    source line and a caret under the column the finding names."""
    from typer.testing import CliRunner

    from popquiz.bank.diagnostics import render
    from popquiz.cli import app
    from popquiz.cli.analyze import read_for_analysis
    from popquiz.engine.analysis import analyze

    path = _lopsided_starter(tmp_path / "starter.yaml")
    result = CliRunner().invoke(app, ["analyze", str(path), "--no-color"])
    assert result.exit_code == 0, result.output
    read = read_for_analysis(path)
    assert read.bank is not None
    findings = analyze(read.bank, doc=read.doc, catalogue=read.catalogue, path=str(path)).findings
    (w106,) = [d for d in findings if d.code == "W106"]
    lines = path.read_text(encoding="utf-8").split("\n")
    expected = render(findings, "text", source=lambda _: lines)
    assert result.output.endswith(expected + "\n")
    block = render([w106], "text", source=lambda _: lines).splitlines()
    assert block[0] == f"{path}:{w106.line}:{w106.col}: warning[W106] {w106.message}"
    quoted, caret = block[2], block[3]
    assert quoted == f"{w106.line} | {lines[w106.line - 1]}"
    assert caret.index("^") == quoted.index("|") + 2 + w106.col - 1
    assert block[-1].startswith("  help: ")


def test_analyze_reads_each_file_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The bank and its catalogue are read in full once each (telling a catalogue from a bank
    only sniffs the first bytes); the engine gets the parsed documents, and the text report
    quotes the warnings' lines from the same read."""
    from collections import Counter

    from popquiz.bank import safeio
    from popquiz.cli.analyze import read_for_analysis

    reads: Counter[str] = Counter()
    real = safeio.read_regular

    def counting(path: str | Path, limit: int, *, whole: bool = True) -> bytes:
        reads[Path(path).name] += 1
        return real(path, limit, whole=whole)

    monkeypatch.setattr(safeio, "read_regular", counting)
    read = read_for_analysis(ROOT / "quizzes" / "kpop-vs-jpop.yaml")
    assert read.bank is not None and read.doc is not None, read.problems
    assert read.catalogue is not None and read.catalogue.path.endswith("kpop-vs-jpop-acts.yaml")
    assert reads == {"kpop-vs-jpop.yaml": 1, "kpop-vs-jpop-acts.yaml": 1}
    # The whole command too, with its text report quoting the warnings' source lines.
    reads.clear()
    path = _lopsided_starter(tmp_path / "starter.yaml")
    reads.clear()
    code, out, _ = invoke("analyze", str(path), "--no-color")
    assert code == 0 and "warning[W106]" in out and " | " in out
    assert reads == {"starter.yaml": 1}


def test_analyze_format_github_prints_the_warnings_as_annotations(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from popquiz.cli import app

    path = _lopsided_starter(tmp_path / "starter.yaml")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "github"])
    assert result.exit_code == 0, result.output
    data = json.loads(invoke("analyze", str(path), "--json")[1])
    lines = result.output.splitlines()
    assert len(lines) == len(data["warnings"]) >= 1
    for line, warning in zip(lines, data["warnings"], strict=True):
        assert line.startswith(
            f"::warning file={path},line={warning['line']},col={warning['column']},"
            f"title={warning['code']}::"
        )
    strict = CliRunner().invoke(app, ["analyze", str(path), "--format", "github", "--strict"])
    assert strict.exit_code == 1 and strict.output == result.output


def test_analyze_format_json_is_the_json_report(tmp_path: Path) -> None:
    path = _lopsided_starter(tmp_path / "starter.yaml")
    assert invoke("analyze", str(path), "--format", "json") == invoke(
        "analyze", str(path), "--json"
    )


def test_analyze_format_github_reports_an_invalid_bank(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\ntitle: Bad\n", encoding="utf-8")
    code, out, _ = invoke("analyze", str(path), "--format", "github")
    assert code == 1 and out.startswith(f"::error file={path},line=")
    assert "title=E102::" in out


def test_analyze_refuses_an_unknown_format() -> None:
    code, _, err = invoke("analyze", str(COFFEE), "--format", "xml")
    assert code == 2 and "unknown --format 'xml'" in err


def test_analyze_help_shows_the_formats_with_an_example() -> None:
    from typer.testing import CliRunner

    from popquiz.cli import app

    result = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--format" in result.output and "github" in result.output
    assert "popquiz analyze banks/*.yaml --strict --format github" in result.output


def test_analyze_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = _lopsided_starter(tmp_path / "starter.yaml")
    code, out, _ = invoke("analyze", str(path), "--strict", "--json")
    assert code == 1
    assert json.loads(out)["warnings"]


def test_analyze_strict_passes_the_example_bank() -> None:
    code, out, _ = invoke("analyze", str(COFFEE), "--strict", "--json")
    assert code == 0, json.loads(out)["warnings"]


def test_analyze_invalid_bank_reports_validation_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\ntitle: Bad\n", encoding="utf-8")
    code, out, err = invoke("analyze", str(path))
    assert code == 1 and out == ""
    assert f"{path}:" in err and "error[E102]" in err


def test_analyze_json_shape_for_the_default_bank() -> None:
    code, out, _ = invoke("analyze", "kpop-vs-jpop", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["bank"] == "kpop-vs-jpop"
    shares = data["shares"]
    assert shares["method"] in {"exact", "sampled"}
    if shares["method"] == "sampled":
        assert 0 < shares["error"] <= 0.01 and shares["samples"] > 0
    assert sum(o["share"] for o in shares["outcomes"]) == pytest.approx(1.0, abs=1e-4)
    assert len(data["influence"]) == data["questions"]
    assert {"axes", "tags", "languages"} <= set(data["coverage"])


def test_analyze_does_not_load_at_startup() -> None:
    code = (
        "import sys, popquiz.cli; "
        "print(sorted(m for m in ('popquiz.engine.analysis', 'rich.console', 'pydantic') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


# --- the example bank and the pre-commit hook --------------------------------------------------


def test_coffee_example_validates_and_plays() -> None:
    bank, problems = check_bank(COFFEE)
    assert bank is not None, problems
    assert len(bank.all_languages) >= 2 and bank.acts
    assert COFFEE.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    code, out, _ = invoke("take", str(COFFEE), "--random", "--no-save", "--json")
    assert code == 0
    assert json.loads(out)["outcome"]["id"] in {o.id for o in bank.outcomes}


def test_pre_commit_hooks_run_popquiz(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert {"popquiz-validate", "popquiz-analyze"} <= set(by_id)
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] == "popquiz"
    # The hook's command, run the way pre-commit runs it (file names appended), works:
    good = tmp_path / "good.yaml"
    invoke("new", str(good))
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad\n", encoding="utf-8")
    entry = by_id["popquiz-validate"]["entry"].split()[1:]
    assert invoke(*entry, str(good))[0] == 0
    code, out, _ = invoke(*entry, str(good), str(bad))
    assert code == 1 and "bad.yaml:1:" in out
