"""Line breaking by each language's rules, for the terminal screens and every export.

- **Japanese** breaks at phrase boundaries (BudouX, imported only when Japanese text is
  wrapped) and follows the line-start and line-end prohibitions of JIS X 4051 (kinsoku): no
  line starts with a closing bracket, 、。・ー, ？！, a small kana or an iteration mark, and
  none ends with an opening bracket. A phrase wider than the line breaks where the script
  changes (kanji to katakana…), else before the particle after a katakana word, else between
  two characters that kinsoku allows; never inside a run of Latin letters or digits. A cut
  BudouX makes between two hiragana, or after a closing quotation mark, counts only as the
  last of these; no-break spaces join what they stand between.
- **Korean** breaks between words (어절) only; a single word wider than the line is the one
  case that folds.
- Other text breaks at spaces only (on screens, Rich then folds a word too long or ends it
  with an ellipsis).

Plain Python: messages printed without Rich use :func:`wrap_plain`,
:class:`popquiz.ui.richtext.WrapText` is the Rich ``Text`` that wraps and measures by these
rules, and the SVG card breaks its lines with :func:`fit_breaks` and its own em widths.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from popquiz.text.cells import cell_widths, cells

# JIS X 4051 line-start prohibited characters (行頭禁則): closing brackets, hyphens and dashes
# that attach to the preceding text, dividing and middle-dot punctuation, full stops and commas,
# iteration marks, the prolonged-sound mark and small kana. ASCII closers are included because
# Japanese text mixes them in ("無限大(INFINITY)").
NO_START = frozenset(
    "）〕］｝〉》」』】〙〗〟’”｠»)]}"
    "‐゠–〜～"
    "？！‼⁇⁈⁉?!"
    "・：；:;"
    "。．、，.,"
    "ヽヾゝゞ々〻"
    "ー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "…‥％%"
)
# Line-end prohibited characters (行末禁則): opening brackets.
NO_END = frozenset("（〔［｛〈《「『【〘〖〝‘“｟«([{")


# One character's script, by its ranges (a regex call costs more than these comparisons).
def _hangul(ch: str) -> bool:
    return "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f" or "\uac00" <= ch <= "\ud7a3"


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Hangul; kana; kanji, for searching whole texts. Compiled on the first text that may hold
# one of them: classes over ~40,000 code points take ~5 ms to compile, which English screens
# never need to pay.
_SCRIPTS: list[re.Pattern[str]] = []


def _script_patterns() -> list[re.Pattern[str]]:
    if not _SCRIPTS:
        _SCRIPTS.extend(
            re.compile(ranges)
            for ranges in (
                r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]",
                r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]",
                r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]",
            )
        )
    return _SCRIPTS


PREFERRED = 4  # a space, or (Japanese) a phrase boundary
SCRIPT_CHANGE = 3  # (Japanese) where kanji, hiragana, katakana or Latin give way to another
PARTICLE = 2  # (Japanese) a katakana word and the hiragana after it (エンパワーメント｜と)
ALLOWED = 1  # (Japanese) between two characters, as kinsoku allows


def script_of(text: str) -> str | None:
    """'ja' for text with kana or (without Hangul) kanji, 'ko' for Hangul, else None."""
    if text.isascii():
        return None
    if not _SCRIPTS:
        top = max(text)
        if top < "\u3040":  # no kana, kanji or Hangul syllables (arrows, dashes, accents…)
            return "ko" if top >= "\u1100" and any(_hangul(ch) for ch in set(text)) else None
    hangul, kana, han = _script_patterns()
    if hangul.search(text):
        return "ko"
    if kana.search(text) or han.search(text):
        return "ja"
    return None


@functools.lru_cache(maxsize=1)
def _japanese_parser() -> object:
    import budoux  # imported only when Japanese text is wrapped (about 15 ms with its model)

    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=4096)
def _phrase_starts(text: str) -> frozenset[int]:
    """Offsets at which a BudouX phrase starts (other than 0)."""
    parser = _japanese_parser()
    chunks: list[str] = parser.parse(text)  # type: ignore[attr-defined]
    starts, pos = set(), 0
    for chunk in chunks[:-1]:
        pos += len(chunk)
        starts.add(pos)
    return frozenset(starts)


def _script_class(ch: str) -> str:
    if "\u30a0" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff":
        return "katakana"  # with ー
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if _han(ch) or ch in "々〆":
        return "kanji"
    return "latin" if cells(ch) == 1 else "other"


def _word_boundary(before: str, after: str) -> bool:
    """Whether a change of script likely ends a word: not kanji to its okurigana (流|れ), nor
    a number to its counter (2025|年)."""
    if before == after:
        return False
    return (before, after) not in (("kanji", "hiragana"), ("latin", "kanji"))


# No-break space, narrow no-break space, figure space: they join what they stand between.
NO_BREAK_SPACES = frozenset("\u00a0\u202f\u2007")


def _breaking_space(ch: str) -> bool:
    return ch.isspace() and ch not in NO_BREAK_SPACES


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _narrow_word_char(ch: str) -> bool:
    return not ch.isspace() and cells(ch) == 1


def kinsoku_ok(text: str, i: int) -> bool:
    """Whether JIS X 4051 allows a line break before ``text[i]``."""
    return text[i] not in NO_START and text[i - 1] not in NO_END


def _regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def joins_previous(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to the character before it, so that no line may break
    between them: a combining mark, a joiner or variation selector (and whatever follows a
    zero-width joiner), a skin-tone modifier, a flag's tag or second regional indicator."""
    ch, prev = text[i], text[i - 1]
    if prev == "\u200d" or (cells(ch) == 0 and ch != "\u200b"):  # skin tones take no cells
        return True
    if "\U000e0020" <= ch <= "\U000e007f":
        return True
    if _regional(ch) and _regional(prev):
        run = 1
        while i - run - 1 >= 0 and _regional(text[i - run - 1]):
            run += 1
        return run % 2 == 1
    return False


@functools.lru_cache(maxsize=4096)
def break_levels(text: str, script: str | None) -> tuple[int, ...]:
    """For each offset i (0 < i < len(text)), how good a break before ``text[i]`` is:
    PREFERRED, SCRIPT_CHANGE, PARTICLE, ALLOWED or 0 (never, unless nothing else fits). Index 0 is
    unused."""
    n = len(text)
    levels = [0] * max(n, 1)
    phrases = _phrase_starts(text) if script == "ja" and n > 1 else frozenset()
    for i in range(1, n):
        prev, ch = text[i - 1], text[i]
        if _breaking_space(ch) or joins_previous(text, i):
            continue  # spaces stay at the end of the line before; clusters stay whole
        if prev in NO_BREAK_SPACES or ch in NO_BREAK_SPACES:
            continue
        if prev.isspace():
            levels[i] = PREFERRED if kinsoku_ok(text, i) or script != "ja" else 0
            continue
        if script != "ja" or not kinsoku_ok(text, i):
            continue
        if _narrow_word_char(prev) and _narrow_word_char(ch):
            continue  # inside a Latin word or a number ("K-POP", "2026")
        if prev in "」』”" and (_hiragana(ch) or _han(ch)):
            levels[i] = ALLOWED  # a quotation and the word it goes with (「…」寄り, 」の)
        elif i in phrases and _hiragana(prev) and _hiragana(ch):
            # BudouX sometimes cuts inside a hiragana word (ぬいぐる｜み, 練習生と｜して):
            # such a cut is only as good as any other place kinsoku allows.
            levels[i] = ALLOWED
        elif i in phrases and not (_han(prev) and _han(ch)):
            levels[i] = PREFERRED
        elif (_script_class(prev), _script_class(ch)) == ("katakana", "hiragana"):
            # a particle or okurigana: a line starting with it is the last resort before a
            # break inside the word
            levels[i] = PARTICLE
        elif i in phrases or _word_boundary(_script_class(prev), _script_class(ch)):
            # (a BudouX cut inside a kanji compound, like ダンス練｜習動画, ranks here too)
            levels[i] = SCRIPT_CHANGE
        else:
            levels[i] = ALLOWED
    return tuple(levels)


def break_offsets(text: str, width: int, script: str | None) -> list[int]:
    """Offsets to break one line of ``text`` at so that each piece fits ``width`` terminal
    cells (trailing spaces excepted), by the rules of ``script`` ('ja', 'ko')."""
    return fit_breaks(text, max(width, 2), script, cell_widths(text))


def fit_breaks(text: str, width: float, script: str | None, widths: Sequence[float]) -> list[int]:
    """Offsets to break one line of ``text`` at so that each piece fits ``width``, measured
    by ``widths`` (one per character, in any unit: cells, ems), trailing spaces excepted.

    The furthest break of the best level that fits wins; when none fits, the line folds at
    the last character that fits (in Japanese, moved back past a forbidden line start).
    """
    levels = break_levels(text, script)
    out: list[int] = []
    start, n = 0, len(text)
    while True:
        # The furthest end such that text[start:end] (without trailing spaces) fits.
        used: float = 0
        end, last_fit = start, start
        while end < n:
            w = widths[end]
            if not _breaking_space(text[end]) and used + w > width:
                break
            used += w
            end += 1
            last_fit = end
        if last_fit >= n:
            return out
        cut = 0
        for level in (PREFERRED, SCRIPT_CHANGE, PARTICLE, ALLOWED):
            for i in range(last_fit, start, -1):
                if i < n and levels[i] >= level:
                    cut = i
                    break
            if cut:
                break
        if not cut:  # nothing allowed fits: fold between clusters, in Japanese by kinsoku
            cut = max(last_fit, start + 1)
            for i in range(cut, start + 1, -1):
                if not joins_previous(text, i) and (script != "ja" or kinsoku_ok(text, i)):
                    cut = i
                    break
        out.append(cut)
        start = cut


def min_width(text: str, script: str | None) -> int:
    """The widest piece between preferred breaks (what a column needs to break nowhere else)."""
    widest = 0
    for line in text.split("\n"):
        levels = break_levels(line, script)
        widths = cell_widths(line)
        piece = 0
        for i, ch in enumerate(line):
            if i and levels[i] >= PREFERRED:
                piece = 0
            if not _breaking_space(ch):
                piece += widths[i]
            widest = max(widest, piece)
    return widest


def hanging_breaks(text: str, width: int, indent: int = 0) -> list[int]:
    """Offsets to break one line of ``text`` at: the first piece fits ``width`` cells, every
    later one ``width - indent`` (it is shown after an indent of that many cells), each by
    the rules of the text's script. Any text, Korean and Japanese or not, is broken so that
    no piece is wider than its line (a terminal that wraps a line itself splits words and
    may draw over what follows)."""
    script = script_of(text)
    out: list[int] = []
    start, room = 0, max(width, 2)
    while True:
        rest = text[start:]
        cuts = fit_breaks(rest, room, script, cell_widths(rest))
        if not cuts:
            return out
        start += cuts[0]
        out.append(start)
        room = max(width - indent, 2)


def hang(text: str, width: int, indent: int = 0) -> str:
    """``text`` broken as :func:`hanging_breaks` says, each later line indented by
    ``indent`` spaces (spaces at a break dropped)."""
    cuts = [0, *hanging_breaks(text, width, indent), len(text)]
    lines = [text[a:b].rstrip(" ") for a, b in itertools.pairwise(cuts)]
    return ("\n" + " " * indent).join(lines)


def wrap_plain(text: str, width: int) -> str:
    """A plain message wrapped to ``width`` cells by its script's rules (unchanged if it has
    no Korean or Japanese)."""
    script = script_of(text)
    if script is None or width <= 0:
        return text
    out = []
    for line in text.split("\n"):
        cuts = [0, *break_offsets(line, width, script), len(line)]
        out += [line[a:b].rstrip() for a, b in itertools.pairwise(cuts)]
    return "\n".join(out)
