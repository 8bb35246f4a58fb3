"""What the pseudo-terminal tests share: pexpect (optional), the skip marker, keys, patterns."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

try:
    import pexpect
except ImportError:  # pragma: no cover - pexpect is a test dependency
    pexpect = None

needs_pty = pytest.mark.skipif(
    pexpect is None or os.name != "posix", reason="needs pexpect and a POSIX pseudo-terminal"
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
