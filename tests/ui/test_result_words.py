"""The words of a result are written once (popquiz.ui.result_words) and every renderer uses
them: the terminal screen, the reveal, the HTML and SVG cards, the Markdown export and compare.
A renderer that words an axis position or the verdict line itself fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from popquiz.engine.compiled import LEAN, MIDDLE
from popquiz.ui.result_words import position_words, verdict_line, verdict_words

UI = Path(__file__).resolve().parents[2] / "src" / "popquiz" / "ui"
RENDERERS = ["render.py", "reveal.py", "card.py", "card_svg.py", "export.py", "compare_view.py"]


@pytest.mark.parametrize("name", RENDERERS)
def test_no_renderer_words_a_position_or_a_verdict_itself(name: str) -> None:
    source = (UI / name).read_text(encoding="utf-8")
    for key in ('"axis.middle"', '"axis.toward"', '"result.verdict"', "'result.verdict'"):
        assert key not in source, f"{name} words {key} itself; use popquiz.ui.result_words"
    assert "0.05" not in source, f"{name} has its own middle threshold; use engine MIDDLE"


def test_the_middle_is_the_engines_threshold() -> None:
    assert 0 < MIDDLE < LEAN
    assert position_words("en", "L", "H", MIDDLE / 2, True) == "right in the middle"
    assert position_words("en", "L", "H", -MIDDLE, True) == "5% toward L"
    assert position_words("en", "L", "H", 0.5, False) == position_words("en", "L", "H", 0, False)
    assert verdict_line("en", "clear") == "Verdict: clear"


def _outcome(strength: str, *, balanced: bool, other: str | None = "J-pop") -> dict[str, object]:
    found: dict[str, object] = {"strength": strength, "balanced": balanced}
    if other is not None:
        found["runner_up"], found["runner_up_name"] = "jpop", other
    return found


@pytest.mark.parametrize(
    ("strength", "balanced", "said"),
    [
        ("clear", True, "Verdict: right in the middle"),
        ("leaning", True, "Verdict: in the middle, leaning J-pop"),
        ("close", True, "Verdict: only just in the middle, leaning J-pop"),
        ("clear", False, "Verdict: clear, well ahead of J-pop"),
        ("leaning", False, "Verdict: ahead of J-pop, not by much"),
        ("close", False, "Verdict: a close call over J-pop"),
    ],
)
def test_a_verdict_is_said_against_the_other_side(strength: str, balanced: bool, said: str) -> None:
    # Never a bare grade beside a middle verdict ("The crossover / Verdict: leaning").
    assert verdict_words("en", _outcome(strength, balanced=balanced)) == said


def test_a_result_stored_without_its_runner_up_keeps_its_grade() -> None:
    assert verdict_words("en", _outcome("leaning", balanced=True, other=None)) == (
        "Verdict: leaning"
    )
    assert verdict_words("ja", _outcome("leaning", balanced=False)) == "判定：J-popより少し優勢"


def test_the_runner_up_is_the_best_fitting_side_named_by_its_scene() -> None:
    from popquiz.bank.loader import load_bank
    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score
    from popquiz.store.library import find_bank

    bank = load_bank(find_bank(None))
    result = score(bank, {})  # nothing answered: the middle
    report = build_report(bank, result, recommend(bank, result), "ko")
    sides = [f["id"] for f in report["fits"] if f["id"] != "crossover"]
    assert report["outcome"]["id"] == "crossover"
    assert report["outcome"]["runner_up"] == sides[0]
    assert report["outcome"]["runner_up_name"] in ("K팝", "J팝")
