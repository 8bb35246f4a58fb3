"""The interactive quiz, driven as a person drives it: real keys in a pseudo-terminal.

Each test spawns ``python -m popquiz`` in its own pty (pexpect) with a fixed size, waits for
what a person would wait for (the prompt's key hint) and presses real keys. Also here: the
plain-data layer under the prompts (no terminal needed) and the no-terminal refusal.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from banks import TINY, write_bank
from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.session import Session
from popquiz.i18n import Locale, t
from popquiz.store.library import find_bank
from popquiz.ui.interactive import BACK, SKIP, apply_choice, prompt_spec
from ptyutil import (
    ANSI,
    CTRL_C,
    CTRL_D,
    DOWN,
    PROGRESS,
    TIMEOUT,
    answer_rest,
    clean_env,
    finish,
    needs_pty,
    next_prompt,
    pexpect,
    pointer_on,
    screen_text,
    spawn,
    start,
)

COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_bank(tmp_path, TINY, "tiny.yaml")


@pytest.fixture(scope="module")
def default_bank() -> Bank:
    bank: Bank = load_bank(find_bank(None))
    return bank


# --- the plain-data layer (no terminal) ------------------------------------------------------


def test_prompt_spec_numbers_answers_and_adds_back_and_skip(tiny: Path) -> None:
    bank = load_bank(tiny)
    session = Session.start(bank)
    spec = prompt_spec(session, session.current(), Locale("en", session.bank.language))  # type: ignore[arg-type]
    assert [(c.title, c.value, c.key) for c in spec.choices] == [
        ("East", "east", "1"),
        ("West", "west", "2"),
    ]  # no Back on the first question, no Skip where the bank does not allow it
    apply_choice(session, "west")
    spec = prompt_spec(session, session.current(), Locale("ko", session.bank.language))  # type: ignore[arg-type]
    assert [c.title for c in spec.choices] == [
        *(t("ko", f"likert{v}") for v in range(1, 6)),
        t("ko", "choice.skip"),
        t("ko", "choice.back"),
    ]
    assert [c.value for c in spec.choices][:5] == [1, 2, 3, 4, 5]
    assert spec.question == "시끄러운 게 좋다."
    assert {c.key for c in spec.choices} >= {"b", "s"}
    assert not {"j", "k"} & {c.key for c in spec.choices}


def test_back_preselects_the_earlier_answer_and_skip_is_remembered(tiny: Path) -> None:
    bank = load_bank(tiny)
    session = Session.start(bank)
    apply_choice(session, "west")
    apply_choice(session, SKIP)
    assert session.finished
    assert session.final_answers() == {"first": "west"}
    apply_choice(session, BACK)
    assert (
        prompt_spec(session, session.current(), Locale("en", session.bank.language)).default == SKIP
    )  # type: ignore[arg-type]
    apply_choice(session, BACK)
    spec = prompt_spec(session, session.current(), Locale("en", session.bank.language))  # type: ignore[arg-type]
    assert spec.question == "Which way do you face?"
    assert spec.default == "west"


def test_shuffle_reorders_answers_but_ids_still_score(default_bank: Bank) -> None:
    plain = Session.start(default_bank)
    shuffled = Session.start(default_bank, shuffle=True, seed=5)
    assert plain.order != shuffled.order
    q = shuffled.current()
    assert q is not None
    spec = prompt_spec(shuffled, q, Locale("en", shuffled.bank.language))
    ids = [c.value for c in spec.choices[: spec.n_answers]]
    if q.kind == "choice":
        assert ids == shuffled.answer_order[q.id]
        assert sorted(ids) == sorted(a.id for a in q.answers)  # type: ignore[type-var]
        # keys follow the shown order, values stay the bank's ids
        assert [c.key for c in spec.choices[: spec.n_answers]][:2] == ["1", "2"]


def test_shown_titles_always_map_to_the_bank_answer_ids(default_bank: Bank) -> None:
    """Shuffling changes what is shown where, never which answer a title records."""
    session = Session.start(default_bank, shuffle=True, seed=3)
    while (q := session.current()) is not None:
        spec = prompt_spec(session, q, Locale("ja", session.bank.language))
        for c in spec.choices[: spec.n_answers]:
            if q.kind == "choice":
                answer = next(a for a in q.answers if a.id == c.value)
                assert c.title == default_bank.text(answer.text, "ja")
            else:
                assert c.title == t("ja", f"likert{c.value}")
        apply_choice(session, spec.choices[spec.n_answers - 1].value)
    answers = session.final_answers()
    assert answers and all(
        (default_bank.questions_by_id[qid].kind == "likert" and value == 5)
        or value == session.answer_order[qid][-1]
        for qid, value in answers.items()
    )


def test_wrap_title_keeps_long_answers_inside_the_terminal() -> None:
    from rich.cells import cell_len
    from rich.console import Console

    from popquiz.ui.interactive import CHOICE_INDENT, wrap_title

    console = Console(width=40)
    for title in (
        "A stadium spectacle with pyro and a sea of lightsticks",
        "キラキラしたギターリフと口ずさめるメロディとクセになる英語フック",
        "short",
    ):
        lines = wrap_title(console, title, 40 - CHOICE_INDENT - 1).split("\n")
        assert all(CHOICE_INDENT + cell_len(line.strip()) <= 39 for line in lines)
        assert all(line.startswith(" " * CHOICE_INDENT) for line in lines[1:])
        assert "".join(x.strip() for x in lines).replace(" ", "") == title.replace(" ", "")


# --- no terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["take"], ["take", "--quick", "--shuffle"]])
def test_without_a_terminal_it_names_the_options_and_exits_2(
    tmp_path: Path, argv: list[str]
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "popquiz", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 2
    assert "--answers" in proc.stderr and "--random" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- real keys in a pseudo-terminal ---------------------------------------------------------


@needs_pty
def test_full_run_of_the_default_quiz_reaches_the_result(
    tmp_path: Path, default_bank: Bank
) -> None:
    child = spawn(tmp_path, ["--no-color"])  # bare `popquiz`: the front door
    welcome = start(child)
    assert "Which pop scene fits you?" in welcome
    expected_total = Session.start(default_bank).most()  # follow-ups counted as "up to"
    assert expected_total == len(default_bank.questions)  # as `popquiz list` counts them
    assert f"up to {expected_total} questions, about 6 min" in welcome
    n, total, screen = next_prompt(child)
    assert (n, total) == (1, expected_total)
    assert default_bank.text(default_bank.questions[0].text, "en") in screen
    child.send(DOWN + "j" + "k" + "\r")  # arrows and j/k move; Enter answers
    asked = 1 + answer_rest(child)
    rest = finish(child)
    assert child.exitstatus == 0, rest
    assert asked >= len(default_bank.questions) - 2  # conditional questions may be skipped
    picks_heading = default_bank.text(default_bank.words.picks, "en")  # the bank's own words
    bridge_heading = default_bank.text(default_bank.words.bridge, "en")
    for heading in (t("en", "result.axes"), t("en", "result.why"), picks_heading):
        assert heading in rest
    assert "Traceback" not in rest
    # The verdict's strength in its own words, and acts labelled with scene names, never with
    # an outcome's title.
    # The verdict said against the other side, never a bare grade ("Verdict: leaning").
    sides = [t("en", f"verdict.{k}.{s}", other="\x00").split("\x00")[0] for k in ("over", "middle")
             for s in ("clear", "leaning", "close")]  # fmt: skip
    assert any(f"Verdict: {side}" in rest for side in sides), rest
    flat = re.sub(r"\s+", " ", ANSI.sub("", rest))
    scenes = [default_bank.text(s.name, "en") for s in default_bank.scenes]
    assert sum(flat.count(name) for name in scenes) >= 5  # every pick shows its scene
    # A bridge pick comes from a scene no pick is from; only when picks already span every
    # scene is there none.
    picks = flat.split(picks_heading)[-1].split(bridge_heading)[0]
    assert bridge_heading in rest or all(name in picks for name in scenes)
    for o in default_bank.outcomes:
        assert default_bank.text(o.title, "en") not in flat.split("Play these first")[-1]
    assert "\x1b[3" not in child.before  # --no-color: no foreground colour codes at all


@needs_pty
def test_back_changes_an_earlier_answer_and_the_result_follows(tmp_path: Path, tiny: Path) -> None:
    # Without going back: West, then "Neutral" -> the moonset outcome.
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"])
    start(child)
    next_prompt(child)
    child.send("2")
    next_prompt(child)
    child.send("3")
    out = finish(child)
    assert child.exitstatus == 0
    assert _outcome(out) == "Moonset side"

    # West, then Back: the first question returns with West preselected; East flips it.
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"])
    start(child)
    next_prompt(child)
    child.send("2")
    n, total, _ = next_prompt(child)
    assert (n, total) == (2, 2)
    child.send("b")
    n, _, screen = next_prompt(child)
    assert n == 1 and "Which way do you face?" in screen
    child.expect(pointer_on("2) West"))  # the earlier answer is preselected
    child.send("1")
    next_prompt(child)
    child.send("3")
    out = finish(child)
    assert child.exitstatus == 0
    assert _outcome(out) == "Sunrise side"


@needs_pty
def test_the_bank_is_read_once_not_between_questions(tmp_path: Path, tiny: Path) -> None:
    """Nothing re-reads (or re-validates) the bank while the quiz runs: removing the file
    after the first question changes nothing."""
    copy = tmp_path / "banks" / "tiny.yaml"
    copy.parent.mkdir()
    copy.write_bytes(tiny.read_bytes())
    child = spawn(tmp_path, ["take", str(copy), "--no-save"])
    start(child)
    next_prompt(child)
    copy.unlink()
    child.send("2")
    next_prompt(child)
    child.send("3")
    out = finish(child)
    assert child.exitstatus == 0, out
    assert _outcome(out) == "Moonset side"


@needs_pty
def test_ctrl_c_saves_leaves_the_terminal_sane_and_resume_finishes(
    tmp_path: Path, default_bank: Bank
) -> None:
    assert pexpect is not None
    script = f"{sys.executable} -m popquiz take --no-save; echo EXIT=$?; stty -a; echo STTY-DONE"
    child = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-c", script],
        env=clean_env(tmp_path),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    start(child)
    for _ in range(3):
        next_prompt(child)
        child.send("2")
    n, _, _ = next_prompt(child)
    assert n == 4
    child.send(CTRL_C)
    child.expect(r"EXIT=(\d+)")
    paused = ANSI.sub("", child.before)
    assert child.match.group(1) == "130"
    assert "popquiz take --resume" in paused and "Traceback" not in paused
    child.expect("STTY-DONE")
    stty = child.before
    assert re.search(r"(?<![-\w])echo(?![\w-])", stty), stty
    assert re.search(r"(?<![-\w])icanon(?![\w-])", stty), stty
    assert "-echo " not in stty and "-icanon" not in stty
    child.expect(pexpect.EOF)

    child = spawn(tmp_path, ["take", "--resume", "--no-save"])
    welcome = start(child)
    assert re.search(
        r"Welcome back: continuing at question 4 of (up to )?\d+ questions\.", welcome
    ), welcome
    n, _, _ = next_prompt(child)
    assert n == 4
    child.expect(re.escape("b) Back"))  # the answers before the pause can still be changed
    asked = 1
    child.send("\r")
    asked += answer_rest(child)
    out = finish(child)
    assert child.exitstatus == 0, out
    assert t("en", "result.axes") in out
    assert asked >= len(default_bank.questions) - 3 - 2

    # finishing cleared the saved progress
    child = spawn(tmp_path, ["take", "--resume"])
    out = finish(child)
    assert child.exitstatus == 2
    assert "no saved progress" in out


@needs_pty
def test_ctrl_d_also_pauses(tmp_path: Path, tiny: Path) -> None:
    child = spawn(tmp_path, ["take", str(tiny), "--no-save"], NO_COLOR="1")
    start(child)
    next_prompt(child)
    child.send("2")
    next_prompt(child)
    child.send(CTRL_D)
    out = finish(child)
    assert child.exitstatus == 130
    assert f"popquiz take {tiny} --resume" in " ".join(out.split())
    assert not COLOUR.search(child.logfile_read.getvalue())  # NO_COLOR=1: prompts too
    child = spawn(tmp_path, ["take", str(tiny), "--resume", "--no-save"], NO_COLOR="1")
    start(child)
    n, _, _ = next_prompt(child)
    assert n == 2
    child.send("b")  # back into the answers given before the pause
    child.expect(pointer_on("2) West"))
    child.send("\r")
    next_prompt(child)
    child.send("5")
    out = finish(child)
    assert child.exitstatus == 0
    assert _outcome(out) == "Moonset side"
    assert not COLOUR.search(child.logfile_read.getvalue())  # NO_COLOR=1: prompts too


def _outcome(out: str) -> str:
    """The outcome title on the result screen (between the heading and the verdict)."""
    flat = screen_text(out)
    m = re.search(re.escape(t("en", "result.heading")) + r" (.*?) Verdict:", flat)
    assert m is not None, flat
    return m.group(1)


def _cells(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _answer_quick(child, lang: str = "en") -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Answer with Enter until a quick quiz stops; (questions asked, the stop line or "")."""
    asked, stop = 0, ""
    while True:
        i = child.expect(
            [
                PROGRESS,
                re.escape(t(lang, "adaptive.next")),
                re.escape(t(lang, "result.heading")),
            ]
        )
        if i == 2:
            return asked, stop
        if i == 1:
            stop = screen_text(child.before)
            child.expect("❯")  # the select is drawn (its hint may wrap on a narrow screen)
            child.send("1")  # see the result: one key, no Enter
            child.expect(re.escape(t(lang, "result.heading")))
            return asked, stop
        child.expect("❯")
        child.send("\r")
        asked += 1


@needs_pty
def test_a_40_column_quick_run(tmp_path: Path, default_bank: Bank) -> None:
    child = spawn(tmp_path, ["take", "--quick", "--no-save"], cols=40, rows=30)
    welcome = start(child)
    assert "about 85% sure" in welcome and "estimate" in welcome
    next_prompt(child)
    # a long answer wraps under itself instead of being cut off at the edge
    child.expect(r"\n(?:\x1b\[[0-9;]*m)* {6}\w")
    child.send("\r")
    asked, stop = _answer_quick(child)
    asked += 1
    out = finish(child)
    assert child.exitstatus == 0, out
    flat = " ".join(out.split())
    total = Session.start(default_bank).progress()[1]
    if asked < total:  # it stopped early, and the result says why
        assert "Locked in after" in stop or "quick estimate after" in stop
        assert "Locked in after" in flat or "an estimate after" in flat
    lines = out.replace("\r", "").split("\n")
    assert max(_cells(line.rstrip()) for line in lines) <= 40
    assert not any("┼" in line and len(line.strip()) < 10 for line in lines)


@needs_pty
def test_a_paused_quick_quiz_resumes_as_a_quick_quiz(tmp_path: Path) -> None:
    child = spawn(tmp_path, ["take", "--quick", "--no-save"])
    start(child)
    next_prompt(child)
    child.send("\r")
    next_prompt(child)
    child.send(CTRL_C)
    finish(child)
    assert child.exitstatus == 130
    child = spawn(tmp_path, ["take", "--resume", "--no-save"])
    welcome = start(child)
    assert "about 85% sure" in welcome  # still quick, without --quick
    n, _, _ = next_prompt(child)
    assert n == 2
    child.send("\r")
    _answer_quick(child)
    out = finish(child)
    assert child.exitstatus == 0
    flat = " ".join(out.split())
    assert "Quick mode" in flat or "Locked in" in flat


@needs_pty
def test_a_korean_run(tmp_path: Path, default_bank: Bank) -> None:
    child = spawn(tmp_path, ["take", "--lang", "ko", "--quick", "--no-save"], cols=60)
    welcome = start(child, "ko")
    assert "나에게 맞는 팝 씬은?" in welcome  # the bank's Korean title
    assert t("ko", "adaptive.welcome_quick", percent=85) in welcome
    _, _, screen = next_prompt(child, "ko")
    assert t("ko", "prompt.choose") in screen or t("ko", "prompt.agree") in screen
    assert any(default_bank.text(q.text, "ko")[:8] in screen for q in default_bank.questions)
    child.send("\r")
    _answer_quick(child, "ko")
    out = finish(child)
    assert child.exitstatus == 0, out
    assert t("ko", "result.axes") in out
    assert default_bank.text(default_bank.words.picks, "ko") in out


@needs_pty
def test_shuffle_with_a_seed_shows_the_seeded_order(tmp_path: Path, default_bank: Bank) -> None:
    expected = Session.start(default_bank, shuffle=True, seed=11)
    q = expected.current()
    assert q is not None and q.id != default_bank.questions[0].id
    spec = prompt_spec(expected, q, Locale("en", expected.bank.language))
    child = spawn(tmp_path, ["take", "--shuffle", "--seed", "11", "--no-save"], cols=120)
    start(child)
    _, _, screen = next_prompt(child)
    assert spec.question in " ".join(screen.split())
    child.expect(re.escape(f"1) {spec.choices[0].title}"))
    child.send(CTRL_C)
    finish(child)
    assert child.exitstatus == 130


@needs_pty
def test_plain_mode_has_no_box_drawing_or_decorative_glyphs(tmp_path: Path, tiny: Path) -> None:
    child = spawn(tmp_path, ["take", str(tiny), "--plain", "--no-save"])
    welcome = start(child)
    assert "Tiny quiz" in welcome
    child.expect(re.escape(t("en", "progress.plain", n=1, total=2)))
    child.expect(re.escape(t("en", "keys.instruction_plain")))
    child.send("2")
    child.expect(re.escape(t("en", "progress.plain", n=2, total=2)))
    child.expect(re.escape(t("en", "keys.instruction_plain")))
    child.send("1")
    out = finish(child)
    assert child.exitstatus == 0
    whole = ANSI.sub("", child.logfile_read.getvalue())
    assert "Moonset side" in out and "Tiny quiz" in whole
    for glyph in "●─┼•→│╭╮╰╯━❯↔":
        assert glyph not in whole, glyph
