"""Keys and screens in a real pseudo-terminal: bare `popquiz` options, keys that act at once, Esc/q,
the reveal that fits 80×24, resume that asks and keeps the language, resizing, counts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from banks import TRILINGUAL_QUESTIONS, answer, choice, trilingual_bank, write_bank
from popquiz.bank.loader import load_bank
from popquiz.i18n import t
from popquiz.store.library import find_bank
from ptyutil import (
    ANSI,
    CTRL_C,
    DOWN,
    clean_env,
    instruction,
    needs_pty,
    page_through,
    pexpect,
    spawn,
)

pytestmark = needs_pty

FOLLOW = trilingual_bank(
    id="follow",
    title={"en": "Follow-up quiz", "ko": "후속 퀴즈", "ja": "フォロー クイズ"},
    description={
        "en": "Three questions at most.",
        "ko": "질문은 최대 세 개.",
        "ja": "質問は最大三つ。",
    },
    questions=[
        *TRILINGUAL_QUESTIONS,
        choice(
            "third",
            {"en": "Sunrise or noon?", "ko": "해돋이 아니면 정오?", "ja": "日の出か正午か？"},
            [
                answer("sunrise", {"x": 1}, {"en": "Sunrise", "ko": "해돋이", "ja": "日の出"}),
                answer("noon", {"y": 1}, {"en": "Noon", "ko": "정오", "ja": "正午"}),
            ],
            when=[{"question": "first", "answers": ["east"]}],
        ),
    ],
)
PROGRESS = r"(\d+) / ((?:up to |최대 |最大 )?)(\d+)"
ESC = "\x1b"


@pytest.fixture
def follow(tmp_path: Path) -> Path:
    return write_bank(tmp_path, FOLLOW, "follow.yaml")


def _spawn(home: Path, argv: list[str], *, cols: int = 80, rows: int = 24) -> Any:
    return spawn(home, argv, cols=cols, rows=rows)  # the classic 80×24 unless asked otherwise


def _start(child: Any, lang: str = "en") -> str:
    child.expect(re.escape(t(lang, "welcome.start")))
    welcome = " ".join(ANSI.sub("", child.before).split())
    child.send("\r")
    return welcome


def _question(child: Any, lang: str = "en") -> tuple[int, str, int]:
    """Wait until the next question's prompt is live: (number, "up to " or "", total)."""
    child.expect(PROGRESS)
    n, upto, total = int(child.match.group(1)), child.match.group(2), int(child.match.group(3))
    child.expect(instruction(lang))
    child.expect(r"\r\n")
    return n, upto, total


def _reveal(child: Any, lang: str = "en") -> str:
    """Wait for the reveal's "Press Enter" line; the reveal screen as text (since the clear)."""
    child.expect(re.escape(t(lang, "reveal.more")))
    return child.logfile_read.getvalue().rsplit("\x1b[2J", 1)[-1]


def _end(child: Any) -> str:
    shown = page_through(child)  # Enter at each further page of the reveal
    child.close()
    return " ".join(ANSI.sub("", shown).split())


def _flat(raw: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─━]", " ", ANSI.sub("", raw)).split())


def test_bare_popquiz_quick_no_save_finishes(tmp_path: Path) -> None:
    """Bare `popquiz` takes take's options: --quick stops on its estimate and
    --no-save keeps history empty."""
    bank = load_bank(find_bank(None))
    child = _spawn(tmp_path, ["--quick", "--no-save"])
    welcome = _start(child)
    assert "Quick mode" in welcome and "estimate" in welcome
    asked = 0
    patterns = [PROGRESS, re.escape(t("en", "adaptive.next")), re.escape(t("en", "reveal.more"))]
    while (i := child.expect(patterns)) == 0:
        child.expect(instruction())
        child.expect(r"\r\n")
        child.send("1")  # a number answers at once
        asked += 1
    if i == 1:  # stopped early: see the result
        child.expect("❯")
        child.send("1\r")
        child.expect(re.escape(t("en", "reveal.more")))
    assert 0 < asked <= len(bank.questions)
    child.send("\r")
    out = _end(child)
    assert child.exitstatus == 0, out
    assert "Play these first" in out  # the default bank's own words
    shown = " ".join(ANSI.sub("", child.logfile_read.getvalue()).split())
    stopped_early = "an estimate after" in shown or "Locked in after" in shown
    if i == 1:  # the stop screen came: the result says why it stopped
        assert stopped_early, shown
    # Else every question the answers led to was asked: the answers (the first choice shown,
    # in shuffled order) decide which follow-ups come, so only the unconditional ones are sure.
    assert stopped_early or asked >= sum(1 for q in bank.questions if not q.when), asked
    listed = subprocess.run(
        [sys.executable, "-m", "popquiz", "history", "--json"],
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert json.loads(listed.stdout) == []  # --no-save on bare popquiz


def test_b_and_s_act_without_enter_and_counts_agree(tmp_path: Path, follow: Path) -> None:
    child = _spawn(tmp_path, ["take", str(follow), "--no-save"])
    welcome = _start(child)
    assert "up to 3 questions" in welcome  # the follow-up may come: "up to"
    assert _question(child) == (1, "up to ", 3)
    child.send("2")  # West, at once: the follow-up is ruled out
    assert _question(child) == (2, "", 2)
    child.send("b")  # back, no Enter
    n, _, _ = _question(child)
    assert n == 1
    child.expect(r"❯ (?:\x1b\[[0-9;]*m)*2\) West")  # the earlier answer preselected
    child.send("1")  # East: now the follow-up counts
    assert _question(child) == (2, "", 3)
    child.send("s")  # skip, no Enter
    assert _question(child) == (3, "", 3)
    child.send("1")
    screen = _flat(_reveal(child))
    assert "Sunrise side" in screen
    child.send("\r")
    assert child.expect(pexpect.EOF) == 0
    bars = re.findall(r"(\d+) / (?:up to )?(\d+)", ANSI.sub("", child.logfile_read.getvalue()))
    shares = [(int(a) - 1) / int(b) for a, b in bars]
    assert all(0 <= s < 1 for s in shares)  # never past the end


def test_esc_and_q_ask_whether_to_pause(tmp_path: Path, follow: Path) -> None:
    child = _spawn(tmp_path, ["take", str(follow)])
    _start(child)
    _question(child)
    child.send("2")
    _question(child)
    child.send(ESC)
    child.expect(re.escape(t("en", "quiz.pause_ask").strip()))
    child.send("n")  # not now, answered by the one key: the same question again
    # The answer is seen as it is typed, though keys typed between questions are not.
    child.expect(r"\A ?n\r\n")
    assert _question(child)[0] == 2
    child.send("q")
    child.expect(re.escape(t("en", "quiz.pause_ask").strip()))
    child.send("\r")  # Enter: yes, pause
    out = _end(child)
    assert child.exitstatus == 130
    assert "your answers so far are saved" in out and "take" in out and "--resume" in out


def test_resume_asks_y_keeps_the_language_and_n_starts_afresh(tmp_path: Path, follow: Path) -> None:
    child = _spawn(tmp_path, ["take", str(follow), "--lang", "ko", "--no-save"])
    _start(child, "ko")
    _question(child, "ko")
    child.send("2")  # 서쪽 (West)
    _question(child, "ko")
    child.send(CTRL_C)
    _end(child)
    assert child.exitstatus == 130

    # Started again without --lang: asked in Korean, and Y continues in Korean.
    child = _spawn(tmp_path, ["take", str(follow), "--no-save"])
    child.expect(re.escape(t("ko", "quiz.resume_ask").strip()))
    child.send("y")  # one key, no Enter
    welcome = _start(child, "ko")
    assert t("ko", "welcome.resume", n=2, total=t("ko", "welcome.questions", n=2)) in welcome
    n, _, _ = _question(child, "ko")
    assert n == 2
    assert "시끄러운 게 좋다." in _flat(child.before + child.logfile_read.getvalue()[-2000:])
    child.send("3")
    screen = _flat(_reveal(child, "ko"))
    assert "달지는 쪽" in screen  # West kept from before the pause; Korean throughout
    child.send("\r")
    _end(child)
    assert child.exitstatus == 0

    # Pause again, then answer n: a fresh start at question 1 (the pause is kept until then).
    child = _spawn(tmp_path, ["take", str(follow), "--no-save"])
    _start(child)
    _question(child)
    child.send("2")
    _question(child)
    child.send(CTRL_C)
    _end(child)
    child = _spawn(tmp_path, ["take", str(follow), "--no-save"])
    child.expect(re.escape(t("en", "quiz.resume_ask").strip()))
    child.send("n")
    welcome = _start(child)
    assert "Welcome back" not in welcome
    assert _question(child)[0] == 1
    child.send(CTRL_C)  # nothing answered in this run: the earlier pause is kept
    out = _end(child)
    assert "paused quiz is kept" in out


def test_ctrl_c_on_the_welcome_screen_saves_nothing_and_says_so(
    tmp_path: Path, follow: Path
) -> None:
    child = _spawn(tmp_path, ["take", str(follow)])
    child.expect(re.escape(t("en", "welcome.start")))
    child.send(CTRL_C)
    out = _end(child)
    assert child.exitstatus == 130
    assert "nothing was saved" in out and "answers so far are saved" not in out
    # popquiz is not on this PATH: the hint names the program with its full path.
    assert f"{sys.executable} -m popquiz take" in out.replace("'", "")
    child = _spawn(tmp_path, ["take", str(follow), "--resume"])
    assert "no saved progress" in _end(child)


def test_resizing_mid_question_redraws_the_question(tmp_path: Path, follow: Path) -> None:
    child = _spawn(tmp_path, ["take", str(follow), "--no-save"], cols=100, rows=30)
    _start(child)
    _question(child)
    child.send(DOWN)  # the pointer on West
    child.expect(r"❯ (?:\x1b\[[0-9;]*m)*2\) West")
    child.setwinsize(30, 50)
    # The whole question is drawn again for 50 columns: a box exactly 50 wide.
    child.expect("╭" + "─" * 48 + "╮")
    child.expect(instruction())
    child.expect(r"❯ (?:\x1b\[[0-9;]*m)*2\) West")  # the pointer stayed where it was
    child.send("\r")
    assert _question(child)[0] == 2
    child.send("3")
    assert "Moonset side" in _flat(_reveal(child))
    child.send("\r")
    _end(child)
    assert child.exitstatus == 0
