"""Render diagnostics as text, JSON or GitHub Actions annotations (pure string functions)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from popquiz.errors import Diagnostic, printable

FORMATS = ("text", "json", "github")


def render(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github(d) for d in diagnostics)
    return "\n".join(d.format() for d in diagnostics)


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
