"""The one inert renderer for untrusted strings (reliability review C2): file names, ids and
paths reach the terminal or an annotation with every control shown as an escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from popquiz.bank.diagnostics import github
from popquiz.cli.take import _resume_hint
from popquiz.errors import Diagnostic, printable
from popquiz.store.library import Problem, Shadowed

HOSTILE = "x\x1b]0;PWNED\x07\x1b[2J\x9b\u202e\u2066\u200b\U000e0041\ufffe.yaml"


def _inert(text: str) -> None:
    for ch in "\x1b\x07\x9b\u202e\u2066\u200b\U000e0041\ufffe":
        assert ch not in text, repr(text)


def test_C2_printable_escapes_every_steering_character() -> None:
    shown = printable(HOSTILE)
    _inert(shown)
    assert shown.startswith("x\\x1b]0;PWNED\\x07")
    assert printable("Ünïcödé 한국어 日本語 👨\u200d👩") != ""  # visible text passes through
    assert printable("한국어 日本語") == "한국어 日本語"


def test_C2_the_resume_hint_is_inert() -> None:
    hint = _resume_hint(None, HOSTILE)  # type: ignore[arg-type]
    _inert(hint)
    assert "popquiz take " in hint and hint.endswith(" --resume")  # as popquiz was started


def test_C2_discovery_warnings_are_inert() -> None:
    """No steering character gets through, and the file is still named (escaped), with the rest
    of the warning kept: an empty or truncated warning would hide which file was skipped."""
    shown = printable(HOSTILE)
    problem = Problem(HOSTILE, "user", "not a valid bank; see `popquiz validate " + HOSTILE)
    warning = problem.format()
    _inert(warning)
    assert (
        warning
        == f"warning: skipped {shown} (user): not a valid bank; see `popquiz validate {shown}"
    )
    shadowed = Shadowed("id", Path(HOSTILE), "user", Path(HOSTILE), "built-in").format()
    _inert(shadowed)
    assert shadowed.count(shown) == 2 and "'id'" in shadowed and "(built-in)" in shadowed


@pytest.mark.parametrize("field", ["path", "message", "help"])
def test_C2_github_annotations_are_inert(field: str) -> None:
    values = {"path": "bank.yaml", "message": "m", "help": "h", field: HOSTILE}
    line = github(Diagnostic("E001", values["message"], values["path"], help=values["help"]))
    _inert(line)
    assert line.startswith("::error file=")
