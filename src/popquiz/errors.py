"""The exception tree and exit statuses; everything the CLI maps to an exit code lives here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

# Characters that could steer a terminal or reorder what it shows (file names are untrusted).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control, bidi-override and surrogate characters shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


class ExitStatus(IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    INVALID = 1  # invalid bank or answers file, or findings with --strict
    USAGE = 2  # bad command line, or an interactive quiz without a terminal
    INTERNAL = 70  # a bug in popquiz (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C / Ctrl-D; progress was saved
    HANGUP = 129  # SIGHUP during a quiz (128 + 1); progress was saved
    TERMINATED = 143  # SIGTERM during a quiz (128 + 15); progress was saved


class Diagnostic(NamedTuple):
    """One located finding: ``path:line:col: severity[CODE] message`` plus a ``help:`` line."""

    code: str
    message: str
    path: str = "<input>"
    line: int = 1  # 1-based
    col: int = 1  # 1-based
    help: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        text = (
            f"{printable(self.path)}:{self.line}:{self.col}: {self.severity}[{self.code}] "
            f"{printable(self.message)}"
        )
        if self.help:
            text += f"\n  help: {printable(self.help)}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


class PopquizError(Exception):
    """Base of every error popquiz reports to a user (never shown as a traceback)."""

    exit_status: ExitStatus = ExitStatus.INVALID


class _DiagnosticsError(PopquizError):
    def __init__(self, diagnostics: Sequence[Diagnostic] = ()) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__(self.diagnostics)

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


class BankError(_DiagnosticsError):
    """A bank (or catalogue) could not be loaded; carries every problem found."""


class AnswersError(_DiagnosticsError):
    """An answers file is unreadable or does not fit its bank."""


class UsageError(PopquizError):
    """The command line asks for something impossible (unknown bank id, no terminal, ...)."""

    exit_status = ExitStatus.USAGE
