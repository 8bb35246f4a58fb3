"""Render a list of diagnostics as text, JSON or GitHub Actions annotations (pure string
functions).

Each finding's text form is :meth:`popquiz.errors.Diagnostic.format` (header, the source line
with a caret under the column when the source is at hand, ``help:``); here more than
:data:`MAX_PER_CODE` findings of one code in one file are summarised by one line. JSON and
GitHub annotations list every finding, unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from popquiz.errors import Diagnostic, printable

FORMATS = ("text", "json", "github")
MAX_PER_CODE = 20  # per code and file, in the text format

SourceLines = Callable[[str], Sequence[str] | None]  # a diagnostic's path → the file's lines


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
        return json.dumps(
            [as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2, allow_nan=False
        )
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
            out.append(d.format(source(d.path) if source else None, color=color))
    for (path, code), n in counts.items():
        if n > MAX_PER_CODE:
            more = n - MAX_PER_CODE
            out.append(
                f"{printable(path)}: … and {more} more {printable(code)} in this file "
                "(--format json lists them all)"
            )
    return out


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
