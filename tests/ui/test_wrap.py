"""Line breaking by language (popquiz.ui.wrap) and typography (popquiz.ui.typo)."""

from __future__ import annotations

import io
import itertools
import random
import subprocess
import sys

import pytest

from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers
from popquiz.store.library import find_bank
from popquiz.ui.console import make_console
from popquiz.ui.render import plain_text, result_renderable
from popquiz.ui.typo import colon, date, join, paren, status_line
from popquiz.ui.wrap import (
    NO_END,
    NO_START,
    SCRIPT_CHANGE,
    _phrase_starts,
    break_levels,
    break_offsets,
    min_width,
    script_of,
    wrap_plain,
)


def _pieces(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width, script_of(text)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _phrases(text: str) -> list[str]:
    cuts = [0, *sorted(_phrase_starts(text)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def _words(text: str) -> list[str]:
    """A Japanese label cut at phrase boundaries and at script changes that end a word
    (「エンパワーメント｜と自信」), never inside a word."""
    levels = break_levels(text, "ja")
    cuts = [0, *(i for i in range(1, len(text)) if levels[i] >= SCRIPT_CHANGE), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def test_script_detection() -> None:
    assert script_of("シャッフル") == "ja" and script_of("嵐") == "ja"
    assert script_of("으르렁") == "ko" and script_of("K팝") == "ko"
    assert script_of("Growl") is None


def test_japanese_breaks_at_phrases_and_keeps_kinsoku() -> None:
    text = "シャッフルで知らない曲が流れてきた。スキップしない決め手は？"
    for width in range(8, 40):
        pieces = _pieces(text, width)
        assert "".join(pieces) == text
        for piece in pieces[1:]:
            assert piece[0] not in NO_START, (width, pieces)
        for piece in pieces[:-1]:
            assert piece[-1] not in NO_END, (width, pieces)
    # Where whole phrases fit, every line is made of whole phrases.
    phrases = _phrases(text)
    pieces = _pieces(text, 24)
    starts = set(itertools.accumulate(len(p) for p in phrases))
    assert all(pos in starts for pos in itertools.accumulate(len(p) for p in pieces))


def test_japanese_never_starts_a_line_with_small_kana_or_a_comma() -> None:
    # The review's examples: 「シ｜ャッフル」, a line starting with 「、」, 「（2｜026時点）」.
    for width in range(10, 30):
        for text in (
            "シャッフルで知らない曲が流れてきた。",
            "あたたかくて、ローカルで、ちょっとクセがある。",
            "活動中（2025年ワールドツアー）・2025年4月時点",
        ):
            pieces = _pieces(text, width)
            for piece in pieces[1:]:
                assert piece[0] not in NO_START, (width, pieces)
            for piece in pieces[:-1]:
                assert piece[-1] not in NO_END, (width, pieces)
                assert not piece.endswith("20"), (width, pieces)


def test_japanese_does_not_split_latin_words_or_numbers() -> None:
    for width in range(6, 20):
        joined = "|".join(_pieces("2026年時点のK-POPとJ-POP", width))
        assert "20|26" not in joined and "K-|POP" not in joined and "J|-POP" not in joined


def test_japanese_prefers_a_script_change_inside_a_long_phrase() -> None:
    assert _pieces("（2025年ワールドツアー）・2025年4月時点", 18) == [
        "（2025年",
        "ワールドツアー）・",
        "2025年4月時点",
    ]


def test_korean_wraps_between_words_only() -> None:
    text = "나와 같은 “연습생 시스템과 기획된 컴백” 쪽으로 결과를 가장 크게 움직인 답"
    words = set(text.split())
    for width in range(8, 60):
        for piece in _pieces(text, width):
            assert all(word in words for word in piece.split()), (width, piece)
    # A word wider than the line is the one thing that folds.
    assert len(_pieces("투모로우바이투게더", 6)) > 1


def test_min_width_is_the_widest_phrase_or_word() -> None:
    assert min_width("나와 같은 연습생", "ko") == 6
    text = "親しみやすさと人柄"
    assert min_width(text, "ja") == max(2 * len(p) for p in _phrases(text))


def test_wrap_plain_leaves_other_text_alone_and_wraps_cjk() -> None:
    assert wrap_plain("a long English message " * 5, 20) == "a long English message " * 5
    wrapped = wrap_plain(
        "クイズを中断したよ。ここまでの回答は保存済み。続きは：popquiz take --resume", 30
    )
    assert len(wrapped.splitlines()) > 1
    for line in wrapped.splitlines():
        assert line[0] not in NO_START


@pytest.fixture(scope="module")
def bank() -> Bank:
    found: Bank = load_bank(find_bank(None))
    return found


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_axis_labels_fit_their_column_without_mid_word_breaks(
    bank: Bank, lang: str, width: int
) -> None:
    """Every piece of an axis label on a line of the "Where you stand" block is a run of
    whole phrases (Japanese) or words (Korean) of one label."""
    from popquiz.i18n import t

    result = score(bank, random_answers(bank, random.Random(1)))
    report = build_report(bank, result, recommend(bank, result), lang)
    console = make_console(width=width, file=io.StringIO(), no_color=True)
    console.print(result_renderable(report, width))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    first = lines.index(next(line for line in lines if line.strip() == t(lang, "result.axes")))
    block = list(itertools.takewhile(lambda line: line.strip(), lines[first + 1 :]))
    assert len(block) >= len(bank.axes)
    sep = "" if lang == "ja" else " "
    fragments = set()
    for axis in bank.axes:
        for side in (axis.low, axis.high):
            label = bank.text(side, lang)
            parts = _words(label) if lang == "ja" else label.split()
            for i, j in itertools.combinations(range(len(parts) + 1), 2):
                fragments.add(sep.join(parts[i:j]))
    checked = 0
    for line in block:
        for piece in line.replace("↔", "─").split("─"):
            for text in piece.strip("┼● ").split("  "):
                if text.strip("┼● "):
                    assert text.strip("┼● ") in fragments, (lang, width, text, line)
                    checked += 1
    assert checked >= 2 * len(bank.axes)


def test_typography_by_language() -> None:
    assert colon("ja") == "：" and colon("ko") == ":" and colon("en") == ":"
    assert paren("ja", "僅差") == "（僅差）" and paren("ko", "박빙") == " (박빙)"
    assert join("ja", ["a", "b"]) == "a、b" and join("en", ["a", "b"]) == "a; b"
    assert date(2026, "ja") == "2026年" and date("2026-07", "ja") == "2026年7月"
    assert date(2026, "ko") == "2026년" and date("2026-07", "ko") == "2026년 7월"
    assert date("2026-07", "en") == "2026-07" and date("soon", "ja") == "soon"


def test_status_line_says_the_date_once() -> None:
    # The text names the year already: no "(2026年時点)" after it.
    assert status_line("ja", {"text": "2026年から活動休止", "as_of": 2026}) == "2026年から活動休止"
    # Text ending in a bracket: joined with ・ / · rather than a second bracket.
    line = status_line("ko", {"text": "활동 중 (2025년 그룹명을 i-dle로 변경)", "as_of": 2026})
    assert line == "활동 중 (2025년 그룹명을 i-dle로 변경) · 2026년 기준"
    assert (
        status_line("ja", {"text": "活動中（4人）", "as_of": "2024-03"})
        == "活動中（4人）・2024年3月時点"
    )
    assert status_line("ja", {"text": "活動中", "as_of": 2026}) == "活動中（2026年時点）"
    assert (
        status_line("en", {"text": "active (four)", "as_of": 2024}) == "active (four) (as of 2024)"
    )


def test_rich_text_of_cjk_wraps_by_these_rules() -> None:
    console = make_console(width=12, file=io.StringIO(), no_color=True)
    console.print(plain_text("シャッフルで知らない曲が流れてきた。"))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) > 1 and all(line.strip()[0] not in NO_START for line in lines)


def test_budoux_is_imported_only_when_japanese_is_wrapped() -> None:
    code = (
        "import sys, io\n"
        "from popquiz.ui.render import plain_text\n"
        "from popquiz.ui.console import make_console\n"
        "c = make_console(width=10, file=io.StringIO(), no_color=True)\n"
        "c.print(plain_text('나와 같은 연습생 시스템과 기획된 컴백'))\n"
        "assert 'budoux' not in sys.modules\n"
        "c.print(plain_text('シャッフルで知らない曲が流れてきた。'))\n"
        "assert 'budoux' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    fast = subprocess.run(
        [sys.executable, "-c", "import popquiz.cli.main, sys; assert 'budoux' not in sys.modules"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert fast.returncode == 0, fast.stderr
