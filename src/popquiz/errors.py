"""The exception tree and exit statuses; everything the CLI maps to an exit code lives here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

# Characters that could steer a terminal, reorder what it shows or hide what is there (file
# names, ids and paths are untrusted): C0 and C1 controls, DEL, bidi marks, overrides and
# isolates (and U+061C), zero-width and invisible characters, line and paragraph separators,
# tag characters, noncharacters and lone surrogates.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\u3164\ufeff\uffa0\ufdd0-\ufdef\ufff0-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]"
)


def printable(text: str) -> str:
    """``text`` made inert for a terminal or an annotation: every control, bidi, invisible,
    noncharacter or surrogate character is shown as its escape (``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if match[0] in "\n\r\t":
        return repr(match[0])[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


class ExitStatus(IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    INVALID = 1  # invalid bank or answers file, or findings with --strict
    USAGE = 2  # bad command line, or an interactive quiz without a terminal
    INTERNAL = 70  # a bug in popquiz (EX_SOFTWARE)
    CANNOT_WRITE = 73  # an output file cannot be written (EX_CANTCREAT)
    OUTPUT = 74  # stdout cannot be written: a full disk, a closed stream (EX_IOERR)
    HISTORY = 75  # the history database cannot be read or written now (EX_TEMPFAIL)
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
