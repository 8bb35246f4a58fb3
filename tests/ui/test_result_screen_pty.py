"""The result screen at 80×24 in a real pseudo-terminal, read through a terminal emulator
(pyte): the reveal's pages each fit the screen without losing a line; the verdict in words
that name the other side; an act's status on one line and a reason never broken inside its
quotation; the next steps said once, at the end, naming popquiz once, with a compare command
that works as pasted; compare bars that fit 80 columns; in adaptive play one question count
on every screen, the stop menu answered by one key, and the outcome's paragraph kept."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyte  # a test dependency: these tests must not skip for want of it
import pytest
import yaml

from banks import bank_yaml, choice, outcome, write_bank
from popquiz.i18n import t
from popquiz.store.library import find_bank
from popquiz.ui.hint import next_steps
from popquiz.ui.render import _status
from popquiz.ui.result_words import verdict_words
from ptyutil import REVEAL_PROMPT, clean_env, instruction, needs_pty, pexpect, spawn

pytestmark = needs_pty

COLS, ROWS = 80, 24
PROGRESS = r"(\d+) / ((?:up to )?)(\d+)"


class Screen:
    """A pyte screen fed with everything the child writes."""

    def __init__(self, child: Any) -> None:
        self.child = child
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def expect(self, patterns: list[Any]) -> int:
        i: int = self.child.expect(patterns)
        after = self.child.after
        self.stream.feed(self.child.before + (after if isinstance(after, str) else ""))
        return i

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


@pytest.fixture(scope="module")
def short(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bank with three of its questions (together they move every axis) and its
    whole catalogue: its real result screen, after three keys."""
    folder = tmp_path_factory.mktemp("short")
    source = find_bank(None)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    keep = ("friday-drop", "karaoke", "mv-location")
    data["questions"] = [q for q in data["questions"] if q["id"] in keep]
    assert len(data["questions"]) == len(keep)
    moved = {axis for q in data["questions"] for a in q["answers"] for axis in a.get("weights", {})}
    assert moved == {axis["id"] for axis in data["axes"]}, "the three must move every axis"
    data.pop("tests", None)
    data["id"] = "short"
    path = folder / "short.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(source.parent / data["catalogue"], folder)
    return path


def _popquiz(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popquiz", *args],
        env=clean_env(home),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _saved(home: Path, number: int = 1) -> dict[str, Any]:
    shown = _popquiz(home, "history", "show", str(number), "--json")
    assert shown.returncode == 0, shown.stderr
    report: dict[str, Any] = json.loads(shown.stdout)
    return report


def _reveal(term: Screen) -> list[tuple[list[str], str]]:
    """Press Enter at each page of the reveal; each page as it stood on the screen when its
    prompt came (the last: at the end), with the text written for it."""
    pages: list[tuple[list[str], str]] = []
    while True:
        written_from = len(term.child.logfile_read.getvalue())
        i = term.expect([REVEAL_PROMPT, pexpect.EOF])
        written = term.child.logfile_read.getvalue()[written_from:]
        if not pages:  # the first page: since the quiz's last clear of the screen
            written = written.rsplit("\x1b[2J", 1)[-1]
        pages.append((term.lines(), written))
        if i == 1:
            return pages
        term.child.send("\r")


def _unseen(screen: list[str], written: str) -> list[str]:
    """The lines written for a page that are not on the screen."""
    from ptyutil import ANSI

    text = ANSI.sub("", written).replace("\r", "")
    on_screen = {line.strip() for line in screen}
    return [line for line in text.split("\n") if line.strip() and line.strip() not in on_screen]


def test_the_result_pages_fit_80x24_and_end_with_the_next_steps_said_once(
    tmp_path: Path, short: Path
) -> None:
    home = tmp_path / "home"
    child = spawn(home, ["take", str(short)], cols=COLS, rows=ROWS, cwd=tmp_path)
    term = Screen(child)
    term.expect([re.escape(t("en", "welcome.start"))])
    child.send("\r")
    bars = []
    for _ in range(3):
        term.expect([PROGRESS])
        term.expect([instruction()])
        bars.append(next(line for line in term.lines() if re.match(r"\d+ / ", line)))
        child.send("1")  # one key answers
    pages = _reveal(term)
    child.close()
    assert child.exitstatus == 0
    # One count, and the last question's bar full: "3 / 3" with no empty segment.
    assert [b.split()[0:3] for b in bars] == [["1", "/", "3"], ["2", "/", "3"], ["3", "/", "3"]]
    assert "─" not in bars[-1] and "━" in bars[-1]
    report = _saved(home)

    # Every page is on the screen whole when its prompt comes: nothing scrolled off unseen.
    assert len(pages) >= 3
    for screen, written in pages:
        assert not _unseen(screen, written), (_unseen(screen, written), screen)
    first = "\n".join(pages[0][0])
    assert verdict_words("en", report["outcome"]) in first
    assert first.count("●") == len(report["axes"])  # every bar on the first screen
    assert report["outcome"]["title"] in first
    # (A quotation's spaces are no-break spaces: they hold it together.)
    lines = [line.replace("\u00a0", " ") for screen, _ in pages for line in screen]

    # Statuses on one line (shortened, never losing their date); a reason whole.
    for rec in report["recommendations"]:
        if rec.get("status"):
            assert _status("en", rec["status"], COLS - 4, "").plain in {x.strip() for x in lines}
        for reason in rec["reasons"]:
            assert any(reason["text"] in line for line in lines), reason["text"]
    for line in lines:
        assert line.count("“") == line.count("”"), line  # never broken inside a quotation

    # The next steps close the last page, once; popquiz is named once, as the way to reach it.
    everything = "\n".join(written for _, written in pages)
    assert everything.count(t("en", "hint.head")) == 1
    last = " ".join(" ".join(pages[-1][0]).split())
    # Started as `python -m popquiz` from a virtual environment, off PATH: the line that
    # activates it, once, after the commands.
    reach = re.search(re.escape(t("en", "hint.activate")) + r" (source \S+)$", last)
    assert reach is not None, last
    activate = reach.group(1)
    assert Path(activate.removeprefix("source ")) == Path(sys.executable).parent / "activate"
    hint = next_steps("en", 1, bank_ref=str(short), reach=("activate", activate))
    assert last.endswith(" ".join(hint.split())), last
    compare = "popquiz compare 1 friend.json"
    assert f"compare with a friend's result: {compare}" in hint
    assert sys.executable not in everything  # not a full path in every command

    # The compare command works as pasted where popquiz was played, reached as the line says.
    friend = tmp_path / "friend.json"
    made = _popquiz(
        home, "take", str(short), "--random", "--seed", "3", "--no-save", "--export", str(friend)
    )
    assert made.returncode == 0, made.stderr
    pasted = subprocess.run(
        ["bash", "-c", f"{activate} && {compare}"],
        env=clean_env(home, PATH="/usr/bin:/bin"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pasted.returncode == 0, pasted.stderr

    # The comparison at 80 columns: each axis on one line, both poles whole beside its bar.
    child = spawn(home, ["compare", "1", str(friend)], cols=COLS, rows=ROWS)
    term = Screen(child)
    term.expect([pexpect.EOF])
    child.close()
    assert child.exitstatus == 0
    shown = term.lines()
    for axis in report["axes"]:
        assert any(axis["low"] in line and axis["high"] in line for line in shown), shown


# Six questions on one axis and a follow-up asked only after "east" at the first: the count
# is "up to 7" until the follow-up is settled. Titles per strength, so the title already says
# how sure the verdict is.
ROW = bank_yaml(
    id="row",
    title="Which way?",
    description="Six questions and a follow-up.",
    axes=[{"id": "x", "low": "west", "high": "east"}],
    questions=[
        *(
            choice(f"q{i}", f"Step {i}, which way?", {"east": {"x": 1}, "west": {"x": -1}})
            for i in range(6)
        ),
        {
            **choice("why", "Why east?", {"sun": {"x": 1}, "sea": {"x": 1}}),
            "when": [{"question": "q0", "answers": ["east"]}],
        },
    ],
    outcomes=[
        outcome(
            "sunrise",
            {"x": 1},
            title="Sunrise side",
            titles={
                "clear": "Sunrise side",
                "leaning": "Leaning sunrise",
                "close": "Sunrise, just",
            },
            description="You face the dawn, before anyone else is up.",
        ),
        outcome("moonset", {"x": -1}, title="Moonset side", description="You face the dusk."),
    ],
)


def test_adaptive_play_keeps_one_count_answers_its_menu_at_a_key_and_its_paragraph(
    tmp_path: Path,
) -> None:
    bank = write_bank(tmp_path, ROW, "row.yaml")
    home = tmp_path / "home"
    child = spawn(home, ["take", str(bank), "--adaptive"], cols=COLS, rows=ROWS)
    term = Screen(child)
    term.expect([re.escape(t("en", "welcome.start"))])
    welcome = " ".join(" ".join(term.lines()).split())
    child.send("\r")
    counts = []
    while term.expect([PROGRESS, re.escape(t("en", "adaptive.next"))]) == 0:
        counts.append((child.match.group(2), int(child.match.group(3))))
        term.expect([instruction()])
        child.send("1")
    stop = " ".join(" ".join(term.lines()).split())
    child.send("1")  # "See my result", at once: no Enter
    pages = _reveal(term)
    child.close()
    assert child.exitstatus == 0
    report = _saved(home)

    # One count: the welcome's is the first bar's, a count that later drops was an "up to",
    # and the stop line counts against the last bar's.
    upto, most = counts[0]
    assert upto == "up to " and f"up to {most} questions" in welcome
    for (was, before), (_, after) in itertools.pairwise(counts):
        assert after == before or (was and after < before), counts
    asked, total = re.search(r"Locked in after (\d+) of (\d+)", stop).groups()  # type: ignore[union-attr]
    assert (int(asked), int(total)) == (len(counts), counts[-1][1])

    # The result keeps the outcome's paragraph in its box, and says "leaning" once.
    first = " ".join(" ".join(line.strip("│ ") for line in pages[0][0]).split())
    assert "You face the dawn, before anyone else is up." in first
    verdict = verdict_words("en", report["outcome"])
    assert report["outcome"]["title"] in first and verdict in first
    label = report["outcome"]["strength_label"]
    assert not (label in report["outcome"]["title"].lower() and label in verdict), verdict


def test_plain_output_ends_no_line_in_spaces(tmp_path: Path, short: Path) -> None:
    child = spawn(tmp_path, ["take", str(short), "--plain", "--no-save"], cols=COLS, rows=ROWS)
    child.expect(re.escape(t("en", "welcome.start")))
    child.send("\r")
    for _ in range(3):
        child.expect(re.escape(t("en", "keys.instruction_plain")))
        child.send("1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    result = child.logfile_read.getvalue().split(t("en", "result.heading") + ":", 1)[1]
    lines = result.replace("\r", "").split("\n")
    assert len(lines) > 40  # the whole result: bars, answers, picks, next steps
    padded = [line for line in lines if line != line.rstrip()]
    assert not padded, padded  # Rich pads table cells to the width; a screen reader reads it


@pytest.mark.parametrize(
    ("lang", "key", "width"),
    [("en", "pause_ask", 40), ("ko", "pause_ask", 45), ("ko", "replace_ask", 35),
     ("ja", "resume_ask", 22)],
)  # fmt: skip
def test_a_yes_no_question_keeps_its_answer_hint_beside_its_last_word(
    lang: str, key: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At these widths the line breaker alone would leave "[Y/n]" on a line of its own."""
    import io

    from popquiz.ui.console import make_console
    from popquiz.ui.lineinput import ask_key

    console = make_console(width=width, file=io.StringIO())
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "")
    assert ask_key(console, t(lang, f"quiz.{key}"), {"": True}) is True  # no terminal: a line
    last = asked[0].strip()
    assert re.search(r"\S+ \[[YyNn]/[YyNn]\]$", last), (asked, console.file.getvalue())
    assert "\u00a0" not in last + console.file.getvalue()  # shown with ordinary spaces
