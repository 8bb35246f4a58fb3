"""A resumed quiz goes on in the language it was paused in ("one language per
screen"), and the pause message is in that language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pause_pty import saved_state

from banks import TINY, write_bank
from popquiz.i18n import t
from ptyutil import CTRL_C, finish, needs_pty, next_prompt, spawn, start

pytestmark = [needs_pty, pytest.mark.timeout(120)]


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_resume_keeps_the_paused_sessions_language(tmp_path: Path, lang: str) -> None:
    tiny = write_bank(tmp_path, TINY, "tiny.yaml")
    child = spawn(tmp_path, ["take", str(tiny), "--no-save", "--lang", lang], NO_COLOR="1")
    start(child, lang)
    next_prompt(child, lang)
    child.send("2\r")
    next_prompt(child, lang)
    child.send(CTRL_C)
    out = " ".join(finish(child).split())
    assert child.exitstatus == 130, out
    # The pause message is in the quiz's language (wrapped by its rules on the terminal).
    hint = "popquiz take"
    message = t(lang, "quiz.paused", command=hint).split(hint)[0].replace(" ", "")
    assert message in out.replace(" ", ""), out
    state = saved_state(tmp_path)
    assert state is not None and state["options"]["language"] == lang

    # --resume without --lang, in an English locale: still the paused quiz's language.
    child = spawn(tmp_path, ["take", str(tiny), "--no-save", "--resume"], NO_COLOR="1")
    welcome = start(child, lang)
    resumed = t(lang, "welcome.resume", n=2, total=t(lang, "welcome.questions", n=2))
    resumed = resumed.replace(" ", "")
    assert resumed in "".join(welcome.split()).replace("│", ""), welcome
    next_prompt(child, lang)
    child.send("\r")
    child.expect(re.escape(t(lang, "result.heading")))
    out = finish(child)
    assert child.exitstatus == 0, out


@pytest.mark.parametrize("given", ["ja", "en"])
def test_resume_with_lang_continues_in_the_language_given_now(tmp_path: Path, given: str) -> None:
    """Paused in Korean, resumed with ``--resume --lang X``: the welcome, the question and the
    result speak X, and no Korean question text is shown."""
    tiny = write_bank(tmp_path, TINY, "tiny.yaml")
    child = spawn(tmp_path, ["take", str(tiny), "--no-save", "--lang", "ko"], NO_COLOR="1")
    start(child, "ko")
    next_prompt(child, "ko")
    child.send("2\r")
    next_prompt(child, "ko")
    child.send(CTRL_C)
    out = finish(child)
    assert child.exitstatus == 130, out
    state = saved_state(tmp_path)
    assert state is not None and state["options"]["language"] == "ko"

    argv = ["take", str(tiny), "--no-save", "--resume", "--lang", given]
    child = spawn(tmp_path, argv, NO_COLOR="1")
    welcome = start(child, given)
    resumed = t(given, "welcome.resume", n=2, total=t(given, "welcome.questions", n=2))
    resumed = resumed.replace(" ", "")
    assert resumed in "".join(welcome.split()).replace("│", ""), welcome
    _, _, screen = next_prompt(child, given)
    wanted = {"ja": "にぎやかなのが好き。", "en": "I like it loud."}[given]
    assert wanted.replace(" ", "") in screen.replace(" ", ""), screen
    assert "시끄러운" not in screen
    child.send("\r")
    child.expect(re.escape(t(given, "result.heading")))
    out = finish(child)
    assert child.exitstatus == 0, out
