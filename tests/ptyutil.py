"""What the pseudo-terminal tests share: pexpect (optional), the skip marker, keys, patterns,
the child's environment and how to spawn it."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from popquiz.i18n import t

try:
    import pexpect
except ImportError:  # pragma: no cover - pexpect is a test dependency
    pexpect = None

# Outside CI a missing pexpect skips these tests; in CI (``CI=true``) they run and fail.
needs_pty = pytest.mark.skipif(
    (pexpect is None or os.name != "posix") and os.environ.get("CI") != "true",
    reason="needs pexpect and a POSIX pseudo-terminal",
)
# CSI sequences, charset and keypad switches, and OSC sequences ended by BEL.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
DOWN = "\x1b[B"
CTRL_C, CTRL_D = "\x03", "\x04"
TIMEOUT = 20


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a popquiz child: isolated home, no colour or size overrides, UTF-8."""
    unset = (
        "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
        "COLUMNS", "LINES", "POPQUIZ_DEBUG", "LC_ALL",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        POPQUIZ_HOME=str(home),
        PROMPT_TOOLKIT_NO_CPR="1",
        TERM="xterm-256color",
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def spawn(
    home: Path,
    argv: list[str],
    *,
    cols: int = 80,
    rows: int = 40,
    encoding: str = "utf-8",
    timeout: int = TIMEOUT,
    program: tuple[str, ...] = ("-m", "popquiz"),
    cwd: Path | None = None,
    **env: str,
) -> Any:
    """``python -m popquiz ARGV`` in a pseudo-terminal of ``cols`` × ``rows``, with
    :func:`clean_env` plus ``env``; ``child.logfile_read`` keeps the whole transcript.
    ``program``: what the interpreter runs instead of ``-m popquiz`` (e.g. ``-c`` and a script
    that sets a process up before calling popquiz)."""
    assert pexpect is not None, "CI must run the pseudo-terminal tests: pexpect is missing"
    child = pexpect.spawn(
        sys.executable,
        [*program, *argv],
        env=clean_env(home, **env),
        dimensions=(rows, cols),
        encoding=encoding,
        timeout=timeout,
        cwd=cwd,
    )
    child.logfile_read = io.StringIO()
    return child


# --- waiting for what a person waits for ---------------------------------------------------

# "7 / 28", or "7 / up to 30" while follow-up questions may still come
PROGRESS = r"(\d+) / (?:up to |최대 |最大 )?(\d+)"


def instruction(lang: str = "en") -> str:
    """The prompt's key hint (the short one on narrow terminals; with "s skip" on a question
    that may be skipped)."""
    keys = ("keys.instruction", "keys.instruction_short")
    return "|".join(re.escape(t(lang, k + skip)) for k in keys for skip in ("_skip", ""))


def start(child: Any, lang: str = "en") -> str:
    """Wait for the welcome screen, press Enter; return the welcome text."""
    child.expect(re.escape(t(lang, "welcome.start")))
    welcome = screen_text(child.before)
    child.send("\r")
    return welcome


def next_prompt(child: Any, lang: str = "en") -> tuple[int, int, str]:
    """Wait for the next question; return (number, total, screen text before the hint)."""
    child.expect(PROGRESS)
    n, total = int(child.match.group(1)), int(child.match.group(2))
    child.expect(instruction(lang))
    screen = screen_text(child.before)
    child.expect(r"\r\n")  # the first line of choices has started: the prompt is live
    return n, total, screen


def screen_text(raw: str) -> str:
    """Screen text with styles, box drawing and line breaks removed (words kept apart)."""
    text = ANSI.sub("", raw)
    text = re.sub(r"[│╭╮╰╯─━]", " ", text)
    return " ".join(text.split())


def answer_rest(child: Any, lang: str = "en", keys: str = "\r") -> int:
    """Answer every remaining question with ``keys``; return how many were asked."""
    asked = 0
    while True:
        i = child.expect([PROGRESS, re.escape(t(lang, "result.heading"))])
        if i == 1:
            return asked
        child.expect(instruction(lang))
        child.send(keys)
        asked += 1


REVEAL_MORE = "|".join(re.escape(t(lang, "reveal.more")) for lang in ("en", "ko", "ja"))


def page_prompt(lang: str) -> str:
    """The reveal's "Press Enter for more (2 of 3)." line, as a pattern (broken into lines
    anywhere it has a space, as on a narrow terminal)."""
    marked = t(lang, "reveal.page", n="\x00", total="\x00")
    words = (re.escape(word).replace("\x00", r"\d+") for word in marked.split())
    return r"\s+".join(words)


def _loose(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


# The reveal's prompts: the first "Press Enter" and each further page's.
REVEAL_PROMPT = "|".join(
    [*(_loose(t(lang, "reveal.more")) for lang in ("en", "ko", "ja"))]
    + [page_prompt(lang) for lang in ("en", "ko", "ja")]
)


def page_through(child: Any, end: Any = None) -> str:
    """Press Enter at each further page of the reveal until ``end`` (default: the end of the
    program) shows; what was shown on the way, ``end`` excluded."""
    shown = ""
    while child.expect([REVEAL_PROMPT, pexpect.EOF if end is None else end]) == 0:
        shown += child.before + child.after
        child.send("\r")
    return str(shown + child.before)


def finish(child: Any) -> str:
    """Wait for the end (pressing Enter at each page of the reveal); what was shown since."""
    shown = ""
    while child.expect([REVEAL_PROMPT, pexpect.EOF]) == 0:
        shown += child.before + child.after
        child.send("\r")
    child.close()
    return ANSI.sub("", shown + child.before)


def pointer_on(label: str) -> str:
    """The select's pointer on the entry shown as ``label`` (styles may sit in between)."""
    return r"❯ (?:\x1b\[[0-9;]*m)*" + re.escape(label)
