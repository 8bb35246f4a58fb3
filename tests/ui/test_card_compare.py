"""``compare --export us.svg`` and ``us.png``: the comparison as a 1080×1350 card in the
shared card's drawing, in the screen's language (the PNG is checked in
tests/ui/test_card_png.py, its layout in chromium in tests/ui/test_card_browser.py)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from popquiz.cli import run


def compare_card(tmp_path: Path, suffix: str, lang: str = "ja") -> Path:
    """The comparison of a Japanese and a Korean result, exported as ``suffix`` in ``lang``."""
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path, seed, taken in ((a, "7", "ja"), (b, "3", "ko")):
        argv = ["take", "--random", "--seed", seed, "--lang", taken, "--no-save", "--export"]
        assert run([*argv, str(path)]) == 0
    card = tmp_path / f"us{suffix}"
    assert run(["compare", str(a), str(b), "--lang", lang, "--export", str(card)]) == 0
    return card


def test_the_comparison_card_holds_both_verdicts_and_the_way_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    svg = compare_card(tmp_path, ".svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert (root.get("width"), root.get("height"), root.get("lang")) == ("1080", "1350", "ja")
    drawn = unescape("".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)))
    assert re.search(r"シンクロ率 \d+%", drawn)
    assert "どちらかといえばK-POP派" in drawn and "日韓クロスオーバー派" in drawn  # A's, B's
    assert "a.json" in drawn and "b.json" in drawn
    assert "あなたもやってみよう：popquiz take kpop-vs-jpop" in drawn
    assert len(re.findall(r"<circle", svg)) >= 2 * 7  # A and B on each of the seven axes
