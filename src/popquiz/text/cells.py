"""The terminal cell width of text: the one measure for wrapping, columns and carets.

A wide or full-width East Asian character takes two cells; combining and enclosing marks,
skin-tone modifiers, zero-width spaces and joiners take none; everything else takes one.
Emoji sequences measure as a terminal (and Rich) shows them: whatever follows a zero-width
joiner adds nothing (👩‍👩‍👧 is the width of 👩), and the emoji variation selector widens a
narrow symbol before it to two cells (❤️).
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"
VS16 = "\ufe0f"
ZERO_WIDTH = "\u200b\u200c" + ZWJ + VS16  # ZWSP, ZWNJ, ZWJ, VS16


def is_wide(ch: str) -> bool:
    """Whether ``ch`` is wide or full-width in East Asian Width terms."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def cells(ch: str) -> int:
    """Terminal cells taken by one character on its own."""
    if " " <= ch < "\u0300":  # Latin and its punctuation: the common case, decided at once
        return 1
    if unicodedata.combining(ch) or ch in ZERO_WIDTH:
        return 0
    if "\U0001f3fb" <= ch <= "\U0001f3ff" or unicodedata.category(ch) == "Me":
        return 0  # skin tones and enclosing marks (keycaps) are drawn on the character before
    return 2 if is_wide(ch) else 1


def cell_widths(text: str) -> list[int]:
    """The cells each character of ``text`` adds, in context (a line's widths sum to its
    :func:`cell_width`; a character inside an emoji sequence adds its share, often none)."""
    if ZWJ not in text and VS16 not in text:
        return [cells(ch) for ch in text]
    widths = [0] * len(text)
    last: str | None = None  # the last character measured, until a VS16 has widened it
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == ZWJ:
            i += 2  # the joined character is drawn inside the sequence's cells
            continue
        if ch == VS16:
            if last is not None:
                widths[i] = 1 if cells(last) == 1 and not last.isalpha() else 0
                last = None
        elif width := cells(ch):
            widths[i] = width
            last = ch
        i += 1
    return widths


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (one line)."""
    return sum(cell_widths(text))
