"""What the pseudo-terminal tests share: pexpect (optional), the skip marker, keys, patterns."""

from __future__ import annotations

import os
import re

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
