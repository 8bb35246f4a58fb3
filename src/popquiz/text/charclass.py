"""Which characters popquiz refuses, strips or escapes, built from named classes so the whole
policy reads in one place.

Bank text comes from strangers and file names, ids and paths are untrusted, so five policies
apply, each a union of the classes below:

* :data:`FORBIDDEN` — refused in bank text (E007): characters that could steer a terminal or
  reorder what it shows;
* :data:`HIDDEN` — refused in bank text too (E007), as invisible: Unicode's default-ignorable
  code points but the variation selectors, and other blanks, do not show, so names that
  contain them can pass for others (and noncharacters break XML); :func:`hidden_char` lets a
  joiner inside an emoji sequence or a word, and tags inside a flag, through;
* :data:`UNPRINTABLE` — escaped by :func:`printable` before any untrusted text is printed or
  annotated;
* :data:`REFUSED_BY_NEW` — refused in the file name, ``--title`` and ``--schema`` of ``new``;
* :data:`NOT_XML` — replaced by U+FFFD in the HTML and SVG cards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# The classes, as regular-expression set members.
C0_TAB_LF = "\t\n"
C0_CR = "\r"
C0_OTHER = "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 controls but tab, line feed, carriage return
DEL = "\x7f"
C1 = "\x80-\x9f"
BIDI_MARKS = "\u200e\u200f"  # left-to-right and right-to-left marks
ARABIC_LETTER_MARK = "\u061c"
BIDI_OVERRIDES = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides and isolates
ZERO_WIDTH = "\u200b-\u200d"  # zero-width space, non-joiner, joiner
WORD_JOINERS = "\u2060-\u2064"  # word joiner and the invisible operators
INVISIBLE_UNASSIGNED = "\u2065"
MONGOLIAN_VOWEL_SEPARATOR = "\u180e"
LINE_SEPARATORS = "\u2028\u2029"
HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"
BOM = "\ufeff"
SPECIALS = "\ufff0-\ufffb"  # unassigned specials and interlinear annotation controls
# The rest of Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt: "Other_Default_
# Ignorable_Code_Point + Cf + Variation_Selector - White_Space - FFF9..FFFB - 13430..13440 -
# Prepended_Concatenation_Mark"): code points a renderer shows as nothing at all.
SOFT_HYPHEN = "\u00ad"
GRAPHEME_JOINER = "\u034f"
KHMER_INHERENT_VOWELS = "\u17b4\u17b5"
DEPRECATED_FORMAT = "\u206a-\u206f"  # inhibit/activate symmetric swapping, shaping, digits
SHORTHAND_FORMAT = "\U0001bca0-\U0001bca3"
MUSICAL_FORMAT = "\U0001d173-\U0001d17a"
TAGS_UNASSIGNED = "\U000e0080-\U000e00ff\U000e01f0-\U000e0fff"
# Not default-ignorable, but a blank that passes for a space or for nothing.
BRAILLE_BLANK = "\u2800"
# Variation selectors (U+180B-U+180D, U+180F, U+FE00-U+FE0F, U+E0100-U+E01EF) are
# default-ignorable too but stay allowed: emoji, Mongolian and CJK ideographs need them.
NONCHARACTERS_BMP = "\ufdd0-\ufdef\ufffe\uffff"
NONCHARACTERS_SMP = "\U0001fffe\U0001ffff"
SURROGATES = "\ud800-\udfff"
TAGS = "\U000e0000-\U000e007f"


class CharSet:
    """A set of characters made of named classes, compiled on first use (most commands never
    look for one, and start-up pays for every pattern compiled at import)."""

    __slots__ = ("_pattern", "members")

    def __init__(self, *classes: str) -> None:
        self.members = "".join(classes)
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(f"[{self.members}]")
        return self._pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)

    def findall(self, text: str) -> list[str]:
        return self.pattern.findall(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.pattern.sub(repl, text)


FORBIDDEN = CharSet(C0_OTHER, C0_CR, DEL, C1, BIDI_MARKS, BIDI_OVERRIDES, SURROGATES)
HIDDEN = CharSet(
    ARABIC_LETTER_MARK,
    HANGUL_FILLERS,
    MONGOLIAN_VOWEL_SEPARATOR,
    ZERO_WIDTH,
    LINE_SEPARATORS,
    WORD_JOINERS,
    INVISIBLE_UNASSIGNED,
    BOM,
    SPECIALS,
    NONCHARACTERS_BMP,
    NONCHARACTERS_SMP,
    TAGS,
    SOFT_HYPHEN,
    GRAPHEME_JOINER,
    KHMER_INHERENT_VOWELS,
    DEPRECATED_FORMAT,
    SHORTHAND_FORMAT,
    MUSICAL_FORMAT,
    TAGS_UNASSIGNED,
    BRAILLE_BLANK,
)
UNPRINTABLE = CharSet(
    C0_TAB_LF,
    C0_CR,
    C0_OTHER,
    DEL,
    C1,
    BIDI_MARKS,
    ARABIC_LETTER_MARK,
    BIDI_OVERRIDES,
    ZERO_WIDTH,
    WORD_JOINERS,
    INVISIBLE_UNASSIGNED,
    MONGOLIAN_VOWEL_SEPARATOR,
    LINE_SEPARATORS,
    HANGUL_FILLERS,
    BOM,
    SPECIALS,
    NONCHARACTERS_BMP,
    SURROGATES,
    TAGS,
    SOFT_HYPHEN,
    GRAPHEME_JOINER,
    KHMER_INHERENT_VOWELS,
    DEPRECATED_FORMAT,
    SHORTHAND_FORMAT,
    MUSICAL_FORMAT,
    TAGS_UNASSIGNED,
    BRAILLE_BLANK,
)
# A path from the command line may hold surrogates (undecodable bytes, by surrogateescape),
# so they are not refused here; invisible characters are left to validate.
REFUSED_BY_NEW = CharSet(C0_TAB_LF, C0_CR, C0_OTHER, DEL, C1, BIDI_MARKS, BIDI_OVERRIDES)
# XML 1.0 forbids C0 controls but tab, newline and carriage return, surrogates and
# U+FFFE/U+FFFF; DEL is allowed there, but no card should carry it.
NOT_XML = CharSet(C0_OTHER, DEL, SURROGATES, "\ufffe\uffff")
SURROGATE = CharSet(SURROGATES)

_NAMES = {"\x1b": "ESC", "\x00": "NUL", "\x7f": "DEL", "\x9b": "CSI", "\x9d": "OSC"}


def printable(text: str) -> str:
    """``text`` made inert for a terminal or an annotation: every control, bidi, invisible,
    noncharacter or surrogate character is shown as its escape (``\\x1b``, ``\\u202e``)."""
    return UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if match[0] in "\n\r\t":
        return repr(match[0])[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def hidden_char(value: str) -> str | None:
    """The first :data:`HIDDEN` character in ``value`` that is not part of an emoji sequence
    (or of a word joined by ZWNJ/ZWJ, or a subdivision flag's tags), else None."""
    for match in HIDDEN.finditer(value):
        ch, at = match[0], match.start()
        if ch in "\u200c\u200d":
            before = value[at - 1] if at else " "
            after = value[at + 1] if at + 1 < len(value) else " "
            if _joinable(before) and _joinable(after):
                continue
        elif "\U000e0020" <= ch <= "\U000e007f":
            start = at
            while start and "\U000e0020" <= value[start - 1] <= "\U000e007f":
                start -= 1
            if start and value[start - 1] == "\U0001f3f4":  # a subdivision flag
                continue
        return ch
    return None


def refused_in_bank_text(value: str) -> str | None:
    """The first character of ``value`` that validate refuses in bank text (E007), else None."""
    bad = FORBIDDEN.search(value)
    return bad[0] if bad else hidden_char(value)


def _joinable(ch: str) -> bool:
    return ch > "\x7f" and not ch.isspace() and not HIDDEN.match(ch)


def describe_char(ch: str) -> str:
    """``U+XXXX`` with what kind of character it is, for a message about it."""
    name = _NAMES.get(ch)
    if name is None and ("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"):
        name = "bidirectional override"
    elif name is None and "\ud800" <= ch <= "\udfff":
        name = "lone surrogate"
    elif name is None and HIDDEN.match(ch):
        code = ord(ch)
        name = (
            "noncharacter"
            if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF
            else "invisible or direction character"
        )
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


# --- Scripts a reader reads -------------------------------------------------------------------

_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA_HAN = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
SCRIPT_LANGUAGES = ("en", "ko", "ja")  # the languages whose readers' scripts are known here


def readable_in(lang: str, text: str) -> bool:
    """Whether readers of ``lang`` can read ``text`` (a title): it has no letters, or at least
    half of them are Latin (read everywhere: "Lemon", "無限大(INFINITY)"), or it has letters of
    the language's own script (Hangul in Korean, kana or kanji in Japanese; "홍련화 (紅蓮華)").
    A title in kana or kanji alone is not Korean readers' ("ロビンソン"), nor is one in Hangul
    alone Japanese or English readers'. Languages not in SCRIPT_LANGUAGES are not judged."""
    if text.isascii():  # Latin letters or none: read everywhere (most titles)
        return True
    letters = sum(ch.isalpha() for ch in text)
    if lang not in SCRIPT_LANGUAGES or not letters or 2 * len(_LATIN.findall(text)) >= letters:
        return True
    if lang == "ko":
        return _HANGUL.search(text) is not None
    if lang == "ja":
        return _KANA_HAN.search(text) is not None
    return False
