"""A resumed quiz goes on in the language it was paused in (issue 15, "one language per
screen"), and the pause message is in that language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_interactive_pty import TINY, _finish, _next_prompt, _spawn, _start
from test_pause_pty import saved_state

from popquiz.i18n import t
from ptyutil import CTRL_C, needs_pty

pytestmark = [needs_pty, pytest.mark.timeout(120)]


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_resume_keeps_the_paused_sessions_language(tmp_path: Path, lang: str) -> None:
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text(TINY, encoding="utf-8")
    child = _spawn(tmp_path, ["take", str(tiny), "--no-save", "--lang", lang], NO_COLOR="1")
    _start(child, lang)
    _next_prompt(child, lang)
    child.send("2\r")
    _next_prompt(child, lang)
    child.send(CTRL_C)
    out = " ".join(_finish(child).split())
    assert child.exitstatus == 130, out
    # The pause message is in the quiz's language (wrapped by its rules on the terminal).
    hint = "popquiz take"
    message = t(lang, "quiz.paused", command=hint).split(hint)[0].replace(" ", "")
    assert message in out.replace(" ", ""), out
    state = saved_state(tmp_path)
    assert state is not None and state["options"]["language"] == lang

    # --resume without --lang, in an English locale: still the paused quiz's language.
    child = _spawn(tmp_path, ["take", str(tiny), "--no-save", "--resume"], NO_COLOR="1")
    welcome = _start(child, lang)
    resumed = t(lang, "welcome.resume", n=2, total=2).replace(" ", "")
    assert resumed in "".join(welcome.split()).replace("│", ""), welcome
    _next_prompt(child, lang)
    child.send("\r")
    child.expect(re.escape(t(lang, "result.heading")))
    out = _finish(child)
    assert child.exitstatus == 0, out
