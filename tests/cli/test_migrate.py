"""`popquiz migrate`: every format 1 bank in tests/data/format1 (the default bank and the
format fixture as they were written for format 1) upgrades to a bank that validates, differs
from the original only where the formats differ, and gives the verdict format 1 gave wherever
the two formats' rules agree."""

from __future__ import annotations

import contextlib
import io
import math
import random
import shutil
from pathlib import Path

import pytest
import yaml

from checking import check_bank
from conftest import ROOT
from popquiz.bank.migrate import margin_factor, migrate
from popquiz.cli import run
from popquiz.engine.scoring import Result, score
from popquiz.engine.session import random_answers

FORMAT1 = ROOT / "tests" / "data" / "format1"
FORMAT1_BANKS = sorted(
    p for p in FORMAT1.glob("*.yaml") if "\nformat: 1" in p.read_text(encoding="utf-8")
)


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def format1_verdict(result: Result, bank_data: dict[str, object], margin: float) -> str:
    """The outcome format 1's rule gives for these axis scores: fit ``1 − d/(2√n)`` over the
    measured axes, the balanced outcome when the best other leads by less than the margin."""
    measured = [a for a in result.axes if a.measured]
    outcomes = bank_data["outcomes"]
    assert isinstance(outcomes, list)

    def fit(outcome: dict[str, object]) -> float:
        profile = outcome["profile"]
        assert isinstance(profile, dict)
        d = math.sqrt(sum((a.score - profile[a.id]) ** 2 for a in measured))
        return 1 - d / (2 * math.sqrt(len(measured)))

    others = sorted((o for o in outcomes if not o.get("balanced")), key=fit, reverse=True)
    balanced = [o for o in outcomes if o.get("balanced")]
    if balanced and fit(others[0]) - fit(others[1]) < margin:
        return str(balanced[0]["id"])
    return str(others[0]["id"])


def test_the_test_data_holds_format1_banks() -> None:
    assert [p.name for p in FORMAT1_BANKS] == ["format-example.yaml", "kpop-vs-jpop.yaml"]


@pytest.mark.parametrize("source", FORMAT1_BANKS, ids=lambda p: p.stem)
def test_every_format1_bank_upgrades_to_a_bank_that_validates_and_scores_the_same(
    source: Path, tmp_path: Path
) -> None:
    for file in FORMAT1.iterdir():
        shutil.copy(file, tmp_path / file.name)
    path = tmp_path / source.name
    before = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert check_bank(path)[0] is None  # format 1 is refused as it is

    code, diff, err = invoke("migrate", str(path))
    assert code == 0, err
    assert "-format: 1" in diff and "+format: 2" in diff
    bank, problems = check_bank(path)
    assert bank is not None, problems
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Only the format and the margin differ: axes, questions, weights, profiles are untouched.
    old_margin = before["rule"]["margin"]
    assert after["format"] == 2 and before["format"] == 1
    assert after["rule"]["margin"] == pytest.approx(old_margin * margin_factor(before), abs=5e-4)
    assert {k: v for k, v in after.items() if k not in ("format", "rule")} == {
        k: v for k, v in before.items() if k not in ("format", "rule")
    }
    # The balanced zone is the same between the two outcomes nearest the balanced one, so the
    # verdicts agree except for takers near its edge off that line.
    rng = random.Random(7)
    same = near_edge_only = 0
    takes = 400
    for _ in range(takes):
        result = score(bank, random_answers(bank, rng))
        old = format1_verdict(result, before, old_margin)
        if old == result.outcome:
            same += 1
            continue
        # A disagreement is only ever balanced against non-balanced (the best of the others
        # is the same under both rules), and only close to the margin of either format.
        balanced = {o["id"] for o in before["outcomes"] if o.get("balanced")}
        assert {old, result.outcome} & balanced
        lead1 = format1_verdict(result, before, 0.0)
        assert lead1 in {old, result.outcome}
        near_edge_only += 1
    assert same / takes >= 0.95, (same, near_edge_only)


def test_migrate_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    shutil.copy(FORMAT1 / "format-example.yaml", path)
    original = path.read_text(encoding="utf-8").splitlines()
    assert invoke("migrate", str(path))[0] == 0
    upgraded = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(original, upgraded, strict=True) if a != b]
    assert changed == [
        (
            "format: 1                      # bank format version (optional, default 1)",
            "format: 2                      # bank format version (optional, default 1)",
        ),
        (
            "  margin: 0.05                 # fit lead below which the balanced outcome wins",
            "  margin: 0.035                # fit lead below which the balanced outcome wins",
        ),
    ]


def test_check_shows_the_change_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    shutil.copy(FORMAT1 / "format-example.yaml", path)
    before = path.read_bytes()
    code, diff, err = invoke("migrate", str(path), "--check")
    assert code == 1
    assert "+format: 2" in diff and "changed: line 2: format 1 → 2" in err
    assert path.read_bytes() == before


def test_output_leaves_the_original_and_a_current_bank_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    shutil.copy(FORMAT1 / "format-example.yaml", path)
    before = path.read_bytes()
    out = tmp_path / "new.yaml"
    assert invoke("migrate", str(path), "-o", str(out))[0] == 0
    assert path.read_bytes() == before
    assert check_bank(out)[0] is not None
    current = out.read_bytes()
    code, diff, err = invoke("migrate", str(out))
    assert (code, diff) == (0, "")
    assert "already in the current format" in err
    assert out.read_bytes() == current


def test_notes_name_what_only_the_author_can_check(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    shutil.copy(FORMAT1 / "format-example.yaml", path)
    err = invoke("migrate", str(path))[2]
    assert "check: line 71: outcome 'coffee' has `why`" in err
    assert "popquiz analyze" in err


MINIMAL = """\
# a comment that stays
format: 1
id: tiny
title: Tiny
description: Two outcomes.
axes:
  - {id: x, low: Low, high: High}
questions:
  - id: q
    text: Which?
    answers:
      - {id: a, text: A, weights: {x: 1}}
      - {id: b, text: B, weights: {x: -1}}
outcomes:
  - {id: hi, title: Hi, description: High., profile: {x: 0.8}}
  - {id: lo, title: Lo, description: Low., profile: {x: -0.6}}
  - {id: mid, title: Mid, description: Middle., profile: {x: 0}, balanced: true}
"""


def test_a_margin_left_to_format1s_default_is_written_out(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert invoke("migrate", str(path))[0] == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # (0.8 + 0.6) / (2·√1) = 0.7 times format 1's default 0.05
    assert data["rule"] == {"margin": 0.035}
    assert path.read_text(encoding="utf-8").startswith("# a comment that stays\nformat: 2\n")
    assert check_bank(path)[0] is not None


def test_a_rule_without_margin_gets_one_in_its_own_indentation(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL + "rule:\n    leaning: 0.1\n", encoding="utf-8")
    assert invoke("migrate", str(path))[0] == 0
    assert path.read_text(encoding="utf-8").endswith("rule:\n    margin: 0.035\n    leaning: 0.1\n")
    assert check_bank(path)[0] is not None


def test_an_undeclared_catalogue_gets_its_declaration(tmp_path: Path) -> None:
    path = tmp_path / "acts.yaml"
    shutil.copy(FORMAT1 / "kpop-vs-jpop-acts.yaml", path)
    code, diff, _ = invoke("migrate", str(path))
    assert code == 0 and "+kind: catalogue" in diff
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Acts catalogue")  # the leading comment stays first
    assert yaml.safe_load(text)["kind"] == "catalogue"
    code, out, _ = invoke("validate", str(path))
    assert code == 0 and "W201" not in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("format: 1\nid: [unclosed\n", "E001"),
        ("format: 3\nid: x\n", "format 3 is not one popquiz knows"),
        ("- a list\n", "not a bank or catalogue"),
        (MINIMAL + "rule: {leaning: 0.1}\n", "written inline"),
    ],
)
def test_what_cannot_be_upgraded_is_said_and_nothing_is_written(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = invoke("migrate", str(path))
    assert code == 1
    assert says in out + err
    assert path.read_text(encoding="utf-8") == text


def test_an_output_that_cannot_be_written_exits_73(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    shutil.copy(FORMAT1 / "format-example.yaml", path)
    code, _, err = invoke("migrate", str(path), "-o", str(tmp_path))
    assert code == 73
    assert "is a folder" in err or "not a regular file" in err


def test_validate_names_migrate_for_a_format1_bank() -> None:
    source = FORMAT1 / "format-example.yaml"
    code, out, _ = invoke("validate", str(source))
    assert code == 1
    assert f"help: upgrade it with `popquiz migrate {source}`" in out


def test_migrate_function_returns_the_same_text_for_a_current_bank() -> None:
    text = (ROOT / "quizzes" / "examples" / "coffee.yaml").read_text(encoding="utf-8")
    result = migrate(text, "coffee.yaml")
    assert result.text == text and not result.changed
