"""An outcome's description and an act's blurb are optional: a bank that has nothing to say
there (an inventory of names and numbers) validates, and every output simply leaves the text
out — no empty line, paragraph or cell where it would have been."""

from __future__ import annotations

import contextlib
import difflib
import io
import json
from pathlib import Path

import pytest

from popquiz.bank.spec import Act, Outcome
from popquiz.cli import run


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


BARE = """\
id: bare
title: Bare inventory
description: Statements and numbers only.
axes:
  - {id: x, low: Low X, high: High X}
  - {id: y, low: Low Y, high: High Y}
questions:
  - {id: q1, kind: likert, text: I like x., axis: x}
  - {id: q2, kind: likert, text: I like y., axis: y}
outcomes:
  - {id: p1, title: Profile one, profile: {x: 0.8, y: 0.8}}
  - {id: p2, title: Profile two, profile: {x: -0.8, y: -0.8}}
acts:
  - {id: n1, name: Near one, scene: p1, profile: {x: 0.7, y: 0.7}}
  - {id: n2, name: Near two, scene: p2, profile: {x: -0.7, y: -0.6}}
"""
DESCRIBED = BARE.replace("title: Profile one,", "title: Profile one, description: WORDS,").replace(
    "name: Near one,", "name: Near one, blurb: BLURB,"
)


def test_description_and_blurb_are_optional_in_the_format() -> None:
    assert not Outcome.model_fields["description"].is_required()
    assert not Act.model_fields["blurb"].is_required()


@pytest.fixture
def banks(tmp_path: Path) -> tuple[Path, Path, Path]:
    bare, described = tmp_path / "bare.yaml", tmp_path / "described.yaml"
    bare.write_text(BARE, encoding="utf-8")
    described.write_text(DESCRIBED, encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text('{"q1": 5, "q2": 4}', encoding="utf-8")
    return bare, described, answers


def _added(without: str, with_text: str) -> list[str]:
    """The lines ``with_text`` has that ``without`` lacks (nothing may be removed)."""
    diff = list(difflib.ndiff(without.splitlines(), with_text.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "\n".join(diff)
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_a_bank_without_them_validates(banks: tuple[Path, Path, Path]) -> None:
    bare, _, _ = banks
    code, out, _ = invoke("validate", str(bare))
    assert code == 0, out
    assert "W" not in out.split(": ok")[-1]  # no warning either


@pytest.mark.parametrize("extra", [["--plain"], []], ids=["plain", "rich"])
def test_the_result_screen_leaves_out_only_the_description(
    banks: tuple[Path, Path, Path], extra: list[str]
) -> None:
    bare, described, answers = banks
    args = ["take", "--answers", str(answers), "--no-save", *extra]
    code, without, _ = invoke(*args[:1], str(bare), *args[1:])
    assert code == 0
    with_text = invoke(*args[:1], str(described), *args[1:])[1]
    added = [line.strip(" │") for line in _added(without, with_text)]
    assert added == ["", "WORDS"] or added == ["WORDS", ""]


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_the_exports_leave_out_only_the_description(
    banks: tuple[Path, Path, Path], tmp_path: Path, suffix: str
) -> None:
    bare, described, answers = banks
    texts = []
    for bank in (bare, described):
        out = tmp_path / f"{bank.stem}.{suffix}"
        code, _, err = invoke(
            "take", str(bank), "--answers", str(answers), "--no-save", "--export", str(out)
        )
        assert code == 0, err
        texts.append(out.read_text(encoding="utf-8"))
    added = _added(*texts)
    assert added and all("WORDS" in line or not line.strip() for line in added), added
    assert not any("<p></p>" in t for t in texts)


def test_json_gives_empty_texts_not_missing_keys(banks: tuple[Path, Path, Path]) -> None:
    bare, _, answers = banks
    code, out, _ = invoke("take", str(bare), "--answers", str(answers), "--no-save", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["outcome"]["description"] == ""
    assert {r["blurb"] for r in report["recommendations"]} == {""}
