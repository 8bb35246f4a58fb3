"""Line breaking by language (popquiz.text.linebreak): Japanese phrases and kinsoku, script
changes, Latin words kept whole, Korean between words, and BudouX imported only when needed."""

from __future__ import annotations

import itertools
import subprocess
import sys

from popquiz.text.linebreak import (
    NO_END,
    NO_START,
    _phrase_starts,
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


def test_script_detection() -> None:
    assert script_of("シャッフル") == "ja" and script_of("嵐") == "ja"
    assert script_of("으르렁") == "ko" and script_of("K팝") == "ko"
    assert script_of("Growl") is None


# Each script's first and last code points, their neighbours outside it, and the symbols an
# English screen shows (arrows, a middle dot, dashes, an emoji).
_EDGES = {
    "ko": "\u1100\u11ff\u3130\u318f\uac00\ud7a3",
    "ja": "\u3040\u30ff\u31f0\u31ff\uff66\uff9f\u3400\u4dbf\u4e00\u9fff\uf900\ufaff",
    None: "\u10ff\u1200\u303f\u3200\u4dc0\ua000\ud7a4\ufb00\uff65\uffa0↑↓·—é…🎤",
}
_SYMBOLS = "\u10ff\u1200\u303f↑↓·—é…"  # below every script but Hangul's jamo


def test_script_detection_is_the_same_before_and_after_the_patterns_are_compiled() -> None:
    """English text with symbols is told apart without compiling the scripts' patterns (they
    cost ~5 ms); once compiled, the same answers come from them."""
    import popquiz.text.linebreak as lb

    texts = [
        (f"Pick {ch}, then {other}", want if want == "ko" or want_other != "ko" else "ko")
        for want, chars in _EDGES.items()
        for ch in chars
        for want_other, others in _EDGES.items()
        if want_other is None or want_other == want
        for other in others[:3]
    ]
    compiled = list(lb._SCRIPTS)
    try:
        lb._SCRIPTS.clear()
        english = [f"{text} ↑/↓ · — é … {ch}" for text in ("Pick", "") for ch in _SYMBOLS]
        assert [script_of(text) for text in english] == [None] * len(english)
        assert not lb._SCRIPTS  # nothing compiled for them
        for text, want in texts:
            lb._SCRIPTS.clear()
            assert script_of(text) == want, text
        assert lb._SCRIPTS
        assert [script_of(text) for text, _ in texts] == [want for _, want in texts]
    finally:
        lb._SCRIPTS[:] = compiled


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


def test_a_budoux_cut_inside_a_hiragana_word_is_no_preferred_break() -> None:
    # BudouX itself cuts ぬいぐる｜み and 練習生と｜して; at the width where the line used to
    # end there, the break moves back to a real phrase boundary.
    for text, width, torn in (
        (
            "回答：パステルにフリル、ぬいぐるみチャームの原宿系（ローカル色とサブカル）",
            32,
            "ぬいぐる",
        ),
        (
            "いちばん心を動かされるのは？ 回答：練習生として6年、満を持して完璧なデビュー",
            46,
            "練習生と",
        ),
    ):
        pieces = _pieces(text, width)
        assert len(pieces) > 1
        assert not any(piece.rstrip().endswith(torn) for piece in pieces), pieces


def test_no_break_spaces_join_a_key_and_its_label_and_a_percentage() -> None:
    for width in range(8, 30):
        for piece in _pieces("s:\u00a0건너뛰기 · b:\u00a0이전 · q:\u00a0일시정지", width):
            assert not piece.rstrip().endswith(":"), piece
        for piece in _pieces("「ローカル色とサブカル」寄り\u00a038%", width):
            assert not piece.startswith("38"), piece


def test_a_quotation_keeps_the_word_after_it_and_a_particle_its_word() -> None:
    for width in range(10, 30):
        pieces = _pieces("あなたと同じ「親しみやすさと人柄」寄り", width)
        assert not any(p.startswith("寄り") for p in pieces[1:]), (width, pieces)
    for width in range(18, 30):  # wide enough for ノスタルジーと and エンパワーメントと
        pieces = _pieces("ノスタルジーと物語／エンパワーメントと自信", width)
        assert not any(p.startswith("と") for p in pieces[1:]), (width, pieces)
