"""The terminal cell width of text: the one measure for wrapping, columns and carets.

A wide or full-width East Asian character takes two cells; combining marks, zero-width
spaces and joiners and the emoji variation selector take none (so an emoji sequence such as
👩‍👩‍👧 measures as its visible parts); everything else takes one.
"""

from __future__ import annotations

import unicodedata

ZERO_WIDTH = "\u200b\u200c\u200d\ufe0f"  # ZWSP, ZWNJ, ZWJ, VS16


def is_wide(ch: str) -> bool:
    """Whether ``ch`` is wide or full-width in East Asian Width terms."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def cells(ch: str) -> int:
    """Terminal cells taken by one character."""
    if unicodedata.combining(ch) or ch in ZERO_WIDTH:
        return 0
    return 2 if is_wide(ch) else 1


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (one line)."""
    return sum(cells(ch) for ch in text)
