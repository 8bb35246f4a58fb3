"""The exception tree and exit statuses (everything the CLI maps to an exit code lives here),
and :class:`Diagnostic`, a located finding with its one text form."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

from popquiz.text.charclass import printable as printable  # the escape every message uses

MAX_QUOTED = 100  # characters of a source line quoted under a finding

_RESET = "\x1b[0m"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "gutter": "\x1b[1;34m", "bold": "\x1b[1m"}


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

    def format(
        self, lines: Sequence[str] | None = None, *, color: bool = False, language: str = "en"
    ) -> str:
        """The text form, ruff's and rustc's: the ``path:line:col: severity[CODE] message``
        header, then (when the file's ``lines`` are at hand) the source line with a caret
        under the column, then ``help:``; ``color`` adds ANSI colours (for a terminal)."""

        def paint(text: str, style: str) -> str:
            return f"{_STYLE[style]}{text}{_RESET}" if color else text

        severity = "warning" if self.severity == "warning" else "error"
        parts = [
            f"{paint(printable(self.path), 'bold')}:{self.line}:{self.col}: "
            f"{paint(f'{self.severity}[{printable(self.code)}]', severity)} "
            f"{printable(self.message)}"
        ]
        if lines is not None and 1 <= self.line <= len(lines):
            raw = lines[self.line - 1].rstrip("\r\n")
            shown, caret_at = _quoted(raw, self.col)
            number = str(self.line)
            pad = " " * len(number)
            parts.append(paint(f"{pad} |", "gutter"))
            parts.append(paint(f"{number} |", "gutter") + (" " + shown if shown else ""))
            parts.append(paint(f"{pad} |", "gutter") + " " + " " * caret_at + paint("^", severity))
        if self.help:
            from popquiz.i18n import t

            label = t(language, "error.help")
            space = "" if label.endswith("：") else " "
            parts.append(f"  {label}{space}{printable(self.help)}")
        return "\n".join(parts)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)


def _quoted(line: str, col: int) -> tuple[str, int]:
    """The line made inert (tabs as spaces, controls escaped), cut to a window around the
    column if it is long (a one-line JSON bank), and the caret's offset in terminal cells."""
    from popquiz.text.cells import cell_width  # only when a source line is quoted

    at = max(col - 1, 0)
    start, end = 0, len(line)
    if len(line) > MAX_QUOTED:
        start = max(0, min(at - MAX_QUOTED // 3, len(line) - MAX_QUOTED))
        end = start + MAX_QUOTED
    before = ("…" if start else "") + printable(line[start:at].replace("\t", " "))
    after = printable(line[at:end].replace("\t", " ")) + ("…" if end < len(line) else "")
    return before + after, cell_width(before)


class PopquizError(Exception):
    """Base of every error popquiz reports to a user (never shown as a traceback)."""

    exit_status: ExitStatus = ExitStatus.INVALID


class _DiagnosticsError(PopquizError):
    def __init__(self, diagnostics: Sequence[Diagnostic] = (), language: str = "en") -> None:
        self.diagnostics = list(diagnostics)
        self.language = language  # of the help label; the messages are worded where made
        super().__init__(self.diagnostics)

    def __str__(self) -> str:
        return "\n".join(d.format(language=self.language) for d in self.diagnostics)


class BankError(_DiagnosticsError):
    """A bank (or catalogue) could not be loaded; carries every problem found."""


class AnswersError(_DiagnosticsError):
    """An answers file is unreadable or does not fit its bank."""


class UsageError(PopquizError):
    """The command line asks for something impossible (unknown bank id, no terminal, ...)."""

    exit_status = ExitStatus.USAGE
