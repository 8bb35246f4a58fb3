"""The words of a result are written once (popquiz.ui.result_words) and every renderer uses
them: the terminal screen, the reveal, the HTML and SVG cards, the Markdown export and compare.
A renderer that words an axis position or the verdict line itself fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from popquiz.engine.compiled import LEAN, MIDDLE
from popquiz.ui.result_words import position_words, verdict_line

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
