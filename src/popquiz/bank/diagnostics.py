"""Render diagnostics as text, JSON or GitHub Actions annotations (pure string functions).

The text format is ruff's and rustc's: the ``path:line:col: severity[CODE] message`` line, the
source line with a caret under the column (when the source is at hand), then ``help:``. More
than :data:`MAX_PER_CODE` findings of one code in one file are summarised by one line. JSON and
GitHub annotations list every finding, unchanged.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence

from popquiz.errors import Diagnostic, printable

FORMATS = ("text", "json", "github")
MAX_PER_CODE = 20  # per code and file, in the text format
MAX_QUOTED = 100  # characters of a source line quoted under a finding

SourceLines = Callable[[str], Sequence[str] | None]  # a diagnostic's path → the file's lines

_RESET = "\x1b[0m"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "gutter": "\x1b[1;34m", "bold": "\x1b[1m"}


def render(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    *,
    source: SourceLines | None = None,
    color: bool = False,
) -> str:
    """``diagnostics`` in ``fmt``; for text, ``source`` gives the lines of a file (by the path
    the diagnostics name) to quote, and ``color`` adds ANSI colours (for a terminal)."""
    if fmt == "json":
        return json.dumps([as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github(d) for d in diagnostics)
    return "\n".join(text_lines(diagnostics, source=source, color=color))


def text_lines(
    diagnostics: Sequence[Diagnostic], *, source: SourceLines | None = None, color: bool = False
) -> list[str]:
    """The text format: each finding with its source line and caret, capped per code and file."""
    out: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    for d in diagnostics:
        key = (d.path, d.code)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_PER_CODE:
            out.append(with_source(d, source(d.path) if source else None, color=color))
    for (path, code), n in counts.items():
        if n > MAX_PER_CODE:
            more = n - MAX_PER_CODE
            out.append(
                f"{printable(path)}: … and {more} more {printable(code)} in this file "
                "(--format json lists them all)"
            )
    return out


def with_source(d: Diagnostic, lines: Sequence[str] | None, *, color: bool = False) -> str:
    """One finding: its header, the quoted source line with a caret under the column, help."""

    def paint(text: str, style: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if color else text

    severity = "warning" if d.severity == "warning" else "error"
    header = (
        f"{paint(printable(d.path), 'bold')}:{d.line}:{d.col}: "
        f"{paint(f'{d.severity}[{printable(d.code)}]', severity)} {printable(d.message)}"
    )
    parts = [header]
    if lines is not None and 1 <= d.line <= len(lines):
        raw = lines[d.line - 1].rstrip("\r\n")
        shown, caret_at = _quoted(raw, d.col)
        number = str(d.line)
        pad = " " * len(number)
        parts.append(paint(f"{pad} |", "gutter"))
        parts.append(paint(f"{number} |", "gutter") + (" " + shown if shown else ""))
        parts.append(paint(f"{pad} |", "gutter") + " " + " " * caret_at + paint("^", severity))
    if d.help:
        parts.append(f"  help: {printable(d.help)}")
    return "\n".join(parts)


def _quoted(line: str, col: int) -> tuple[str, int]:
    """The line made inert (tabs as spaces, controls escaped), cut to a window around the
    column if it is long (a one-line JSON bank), and the caret's offset in terminal cells
    (wide CJK characters count two)."""
    at = max(col - 1, 0)
    start, end = 0, len(line)
    if len(line) > MAX_QUOTED:
        start = max(0, min(at - MAX_QUOTED // 3, len(line) - MAX_QUOTED))
        end = start + MAX_QUOTED
    before = ("…" if start else "") + printable(line[start:at].replace("\t", " "))
    after = printable(line[at:end].replace("\t", " ")) + ("…" if end < len(line) else "")
    return before + after, _cells(before)


def _cells(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.col,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "help": d.help,
    }


def _escape_data(text: str) -> str:
    # %-escape first (the runner decodes it), then make any other control character inert.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(d: Diagnostic) -> str:
    """One ``::error file=...,line=...,col=...,title=...::message`` workflow command."""
    level = "error" if d.severity == "error" else "warning"
    message = d.message + (f"\n{d.help}" if d.help else "")
    return (
        f"::{level} file={_escape_property(d.path)},line={d.line},col={d.col},"
        f"title={_escape_property(d.code)}::{_escape_data(message)}"
    )
