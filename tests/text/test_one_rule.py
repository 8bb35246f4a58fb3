"""One rule, three users: the SVG card's line breaker, the terminal's wrapper and the caret
under a ``validate`` finding all follow popquiz.text, so they agree on every string here,
emoji sequences, combining marks, full-width, Korean and Japanese text included. If any of them
keeps its own table of kinsoku characters or its own cell width, this file fails."""

from __future__ import annotations

import io
import itertools

import pytest
from rich.cells import cell_len

from popquiz.errors import Diagnostic, printable
from popquiz.text.cells import cell_width, cell_widths
from popquiz.text.linebreak import NO_END, NO_START, break_offsets, joins_previous, script_of
from popquiz.ui import card_svg
from popquiz.ui.console import make_console
from popquiz.ui.render import plain_text

FAMILY = "👩\u200d👩\u200d👧"  # a ZWJ sequence
FLAG = "🇰🇷"  # two regional indicators
HEART = "❤\ufe0f"  # with the emoji variation selector
ACCENTED = "e\u0301"  # e + combining acute

STRINGS = [
    "あなたに合うのはどのシーン？K-POP、J-POP、それともクロスオーバー。「完璧な」ダンス。",
    "シャッフルで知らない曲が流れてきた…‥と思ったら、推しの新曲だった！",
    "ライブは〜ずっと“最高”だった（２０２６年）、チケットは１００％完売［予定］。",
    "クㇰシㇱスㇲトㇳヌㇴハㇵヒㇶフㇷヘㇸホㇹムㇺラㇻリㇼルㇽレㇾロㇿの小さいカナ",
    "すゝめ、いすゞ、こゝろ、バヽ、ババヾ、人々の繰り返し記号",
    f"ファンの{FAMILY}家族と{FLAG}旅行{HEART}した",
    "이별 노래보다 자기애랑 야망을 노래하는 곡이 훨씬 힘이 나요",
    f"가족 {FAMILY} 여행 {FLAG} 정말 {HEART} 최고예요 ‘진짜’",
    f"A caf{ACCENTED} with {FAMILY} and {FLAG} flags {HEART} forever",
    "ＦＵＬＬ－ＷＩＤＴＨ ＬＥＴＴＥＲＳ ａｎｄ ｄｉｇｉｔｓ １２３４５",
]

# Line-start and line-end characters a shorter, hand-made kinsoku table tends to miss: the
# shared tables must hold every one of them.
EASY_TO_MISS_AT_START = "…‥”’％］〜ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿヽヾ"
EASY_TO_MISS_AT_END = "“‘«［"


def _pieces(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [p for a, b in itertools.pairwise(bounds) if (p := text[a:b].rstrip())]


def _terminal(text: str, width: int) -> list[str]:
    return _pieces(text, break_offsets(text, width, script_of(text)))


def _widest_cluster(text: str) -> int:
    widest = run = 0
    for i, width in enumerate(cell_widths(text)):
        run = run + width if i and joins_previous(text, i) else width
        widest = max(widest, run)
    return widest


@pytest.mark.parametrize("text", STRINGS)
def test_the_svg_card_breaks_where_the_terminal_does(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measured in the same unit, the card's lines are the terminal's lines."""
    monkeypatch.setattr(card_svg, "char_widths", lambda text, *, cjk: cell_widths(text))
    for width in range(max(_widest_cluster(text), 2), cell_width(text) + 2):
        svg = card_svg.wrap(text, width, 1, lines=1000, cjk=True)
        assert svg == _terminal(text, width), width


@pytest.mark.parametrize("text", [s for s in STRINGS if script_of(s)])
def test_rich_screens_wrap_korean_and_japanese_by_the_same_offsets(text: str) -> None:
    for width in range(max(_widest_cluster(text), 4), cell_width(text) + 2, 3):
        console = make_console(width=width, file=io.StringIO(), no_color=True)
        console.print(plain_text(text))
        shown = [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]
        assert shown == _terminal(text, width), width


@pytest.mark.parametrize("text", STRINGS)
@pytest.mark.parametrize("real_widths", [False, True])
def test_no_line_splits_a_cluster_or_breaks_kinsoku(
    text: str, real_widths: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not real_widths:
        monkeypatch.setattr(card_svg, "char_widths", lambda text, *, cjk: cell_widths(text))
    japanese = script_of(text) == "ja"
    for width in range(max(_widest_cluster(text), 2), cell_width(text) + 2):
        for lines in (_terminal(text, width), card_svg.wrap(text, width * 20, 20, lines=99)):
            assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (width, lines)
            for line in lines:
                assert not joins_previous(line[0] + "x", 1) or len(line) == 1
                assert not joins_previous(" " + line, 1), (width, lines)
                if japanese and width >= 6:  # room for a character and two that must follow it
                    assert line is lines[0] or line[0] not in NO_START, (width, lines)
                    assert line is lines[-1] or line[-1] not in NO_END, (width, lines)


def test_the_shared_tables_hold_the_characters_easy_to_miss() -> None:
    assert set(EASY_TO_MISS_AT_START) <= NO_START
    assert set(EASY_TO_MISS_AT_END) <= NO_END


@pytest.mark.parametrize("ch", sorted(NO_START | NO_END))
def test_no_card_or_terminal_line_starts_or_ends_with_a_kinsoku_character(ch: str) -> None:
    text = f"あいうえおかきくけこ{ch}さしすせそたちつてと"
    for width in range(4, cell_width(text) + 1):
        for lines in (_terminal(text, width), card_svg.wrap(text, width * 20, 20, lines=99)):
            for line in lines[1:]:
                assert not (ch in NO_START and line[0] == ch), (width, lines)
            for line in lines[:-1]:
                assert not (ch in NO_END and line[-1] == ch), (width, lines)


def _caret(line: str, col: int) -> int:
    """Where ``validate`` puts the caret under ``line``, in cells after the gutter."""
    shown = Diagnostic("E000", "m", "b.yaml", 1, col).format([line]).splitlines()
    gutter = shown[-1].index("|") + 2
    return shown[-1].index("^") - gutter


@pytest.mark.parametrize("text", STRINGS)
def test_the_caret_measures_the_line_as_the_wrapper_does(text: str) -> None:
    line = f'title: "{text}"'
    prefix = len('title: "')
    for i in range(len(text) + 1):
        if 0 < i < len(text) and joins_previous(text, i):
            continue
        caret = _caret(line, prefix + i + 1)
        assert caret == cell_width(printable(line[: prefix + i])), (text, i)
        if printable(text[:i]) == text[:i]:  # nothing escaped: the very cells the wrapper sums
            assert caret == prefix + sum(cell_widths(text)[:i]), (text, i)
            assert caret == prefix + cell_len(text[:i]), (text, i)  # and Rich draws


@pytest.mark.parametrize(
    ("before", "width"),
    [
        (HEART, 2),
        (FLAG, 2),
        (FAMILY, 2),
        (ACCENTED, 1),
        ("1\ufe0f\u20e3", 2),
        ("👍🏽", 2),
        ("根", 2),
        ("ｶ", 1),
        ("ㇰ", 2),
        ("가", 2),
    ],
)
def test_emoji_marks_and_wide_letters_measure_alike(before: str, width: int) -> None:
    """The wrapper, Rich's renderer and (for what validate shows unescaped) the caret."""
    assert cell_width(before) == width == cell_len(before)
    if printable(before) == before:
        assert _caret(f"{before}x", len(before) + 1) == width
    monkey = card_svg.wrap(f"{before} {before}", 10_000, 1, lines=1)
    assert monkey == [f"{before} {before}"]


def test_every_text_form_of_a_diagnostic_is_one_format() -> None:
    """validate's renderer, a BankError and a YAML rejection print the same lines."""
    from popquiz.bank.diagnostics import render
    from popquiz.bank.yamlsafe import YamlRejected
    from popquiz.errors import BankError

    found = [
        Diagnostic("E202", f"no axis {HEART}\x1b[31m", "ba\u202end.yaml", 3, 5, "did you mean x?"),
        Diagnostic("W101", "never reached", "b.yaml", 9, 1, severity="warning"),
    ]
    text = render(found, "text")
    assert text == str(BankError(found)) == str(YamlRejected(found))
    assert text.splitlines()[0] == "ba\\u202end.yaml:3:5: error[E202] no axis ❤️\\x1b[31m"
    assert render(found, "text", source=lambda path: ["a", "b", "abcdef"]).splitlines()[1:4] == [
        "  |",
        "3 | abcdef",
        "  |     ^",
    ]
