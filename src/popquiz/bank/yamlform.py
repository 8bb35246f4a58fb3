"""The valid YAML forms that libyaml and PyYAML's pure-Python parser read differently (or
wrongly), refused up front or after parsing so that a bank gets one verdict on every machine.

- Directives (``%YAML``, ``%TAG``, unknown ones) before the document: libyaml refuses unknown
  ones and ``%YAML 1.3``, the pure parser accepts them; a bank never needs one.
- A tab outside quoted text or a block of text (``|``/``>``), or in the indentation of a
  block of text: libyaml takes it as separation, the pure parser refuses it (and the other
  way round inside a block's indentation).
- A ``#`` straight after a block indicator (``>#``): libyaml reads a comment, the pure
  parser refuses it.
- ``?`` in plain text inside ``[...]``/``{...}``: the pure parser refuses ``[a?b]`` and
  ``{q: Do you?}``; and ``[?x]``/``{?x: y}`` read as the key ``x`` with both parsers where
  YAML 1.2 reads the text ``?x``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, count
from operator import add
from typing import Any

from popquiz.errors import Diagnostic
from popquiz.text.charclass import describe_char

BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as both parsers count them
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_DIRECTIVE_PREFIX = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)|%[^\r\n]*(?:\r\n|\r|\n|$))*")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*#")

Pos = tuple[int, int]
Span = tuple[Pos, Pos, bool]  # start, end (exclusive), whether it is a block of text


def line_starts(text: str) -> list[int]:
    """The offset where each line starts, as the parsers number lines."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return [0] + [m.end() for m in BREAK.finditer(text)]
    # Only '\n' breaks lines: the same offsets, counted in C (a 4 MiB file has 150,000 lines).
    lengths = accumulate(map(len, text.split("\n")[:-1]))
    return [0, *map(add, lengths, count(1))]


def precheck(text: str, display: str) -> Diagnostic | None:
    """A byte order mark (``decode`` drops one at the start), or the first directive line."""
    mark = text.find("\ufeff")
    if mark >= 0:
        starts = line_starts(text)
        line = _line_of(starts, mark)
        return Diagnostic(
            "E007",
            "byte order mark U+FEFF inside the file",
            display,
            line + 1,
            mark - starts[line] + 1,
            "remove it; libyaml skips it where the pure-Python parser refuses it",
        )
    prefix = _DIRECTIVE_PREFIX.match(text)
    found = re.search("^%", prefix[0], re.MULTILINE) if prefix is not None else None
    if found is None:
        return None
    at = found.start()
    line = _line_of(line_starts(text), at) + 1
    name = text[at:].split(None, 1)[0]
    return Diagnostic(
        "E001",
        f"YAML directive {name!r} is not allowed",
        display,
        line,
        1,
        "remove the line; a bank is one plain document, read the same way everywhere",
    )


def after_question_marks(text: str, starts: list[int]) -> list[Pos]:
    """The 0-based line and column just after each '?' (where a node directly following
    it starts)."""
    out = []
    for found in re.finditer(r"\?", text):
        at = found.start()
        line = bisect_right(starts, at) - 1
        out.append((line, at - starts[line] + 1))
    return out


def block_header(text: str, starts: list[int], line: int, column: int) -> bool:
    """Whether the block scalar starting at ``line``/``column`` has ``#`` in its header."""
    if line >= len(starts):
        return False
    return _BLOCK_HEADER.match(text, starts[line] + column) is not None


def stray_tab(text: str, starts: list[int], spans: list[Span]) -> Pos | None:
    """The 1-based position of the first tab outside quoted text and blocks of text, or in
    the indentation of a line of a block of text; ``spans`` are those scalars, in order."""
    firsts = [span[0] for span in spans]
    for found in re.finditer("\t", text):
        at = found.start()
        line = _line_of(starts, at)
        col = at - starts[line]
        pos = (line, col)
        i = bisect_right(firsts, pos) - 1
        inside = i >= 0 and pos < spans[i][1]
        block = inside and spans[i][2]
        if not inside or (
            block and (line == spans[i][0][0] or not text[starts[line] : at].strip(" \t"))
        ):
            return line + 1, col + 1
    return None


def _line_of(starts: list[int], at: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= at:
            lo = mid
        else:
            hi = mid - 1
    return lo


def line_col(before: str) -> Pos:
    """The 1-based position just after ``before`` (the text preceding a character)."""
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return line, col


def tab_indented(text: str, mark: Any) -> bool:
    """Whether the line of ``mark`` (or the one before) is indented with a tab."""
    if mark is None:
        return False
    lines = text.splitlines()[max(mark.line - 1, 0) : mark.line + 1]
    return any(line[: len(line) - len(line.lstrip())].count("\t") for line in lines)


def reader_problem(exc: Exception, text: str, pure: bool) -> tuple[str, Pos, str]:
    """Message and position of a reader error (a character YAML itself forbids)."""
    position = getattr(exc, "position", 0) or 0
    # The pure-Python reader counts characters, libyaml counts UTF-8 bytes.
    before = text[:position] if pure else bytes_prefix(text, position)
    line, col = line_col(before)
    code_point = getattr(exc, "character", None)
    what = ""
    if isinstance(code_point, int) and 0 <= code_point < 0x110000:
        what = " " + describe_char(chr(code_point))
    elif isinstance(code_point, str) and len(code_point) == 1:
        what = " " + describe_char(code_point)
    reason = "control characters are not allowed"
    return f"character{what} is not allowed in YAML ({reason})", (line, col), "remove it"


def bytes_prefix(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", "replace")
