"""Korean and Japanese on a real terminal, read back as a person sees it.

The whole default quiz is played in a pseudo-terminal at 40, 60 and 80 columns (and with
``--plain`` at 80), in ko and ja, with a Back, a pause (q, then Enter) and a resume in a new
process. Everything popquiz writes is fed to a terminal emulator (pyte) of the same size, and
each screen is read as the player sees it, before every clear and at every prompt:

- every answer echo ("? 나의 답 …") holds the whole text of the answer chosen (whitespace
  aside): the terminal dropped no character and nothing was drawn over it;
- no line starts with a character JIS X 4051 forbids at a line start, or ends with an opening
  bracket;
- no Korean word is split over two lines (the two halves, joined, are a word of the texts
  popquiz shows).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pyte  # a test dependency: these tests must not skip for want of it
import pytest

from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.likert import likert_label, likert_prompt
from popquiz.i18n import MESSAGES, Locale, t
from popquiz.store.library import find_bank
from popquiz.text.linebreak import NO_END, NO_START
from ptyutil import instruction, needs_pty, page_prompt, pexpect, spawn

pytestmark = needs_pty

HANGUL = re.compile(r"[\uac00-\ud7a3]")
FRAME = "│╭╮╰╯─━┼●•❯>|#-*· \u00a0"
ROWS = 30
BACK_AT, PAUSE_AT = 3, 5  # question numbers


class Terminal:
    """A pyte screen fed with what the child wrote, keeping each screen shown before a clear."""

    def __init__(self, cols: int) -> None:
        self.screen = pyte.Screen(cols, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.cleared: list[list[str]] = []  # the screens wiped by a clear, since last taken

    def feed(self, text: str) -> None:
        parts = text.split("\x1b[2J")
        self.stream.feed(parts[0])
        for part in parts[1:]:
            self.cleared.append(self.lines())
            self.stream.feed("\x1b[2J" + part)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def take_cleared(self) -> list[list[str]]:
        out, self.cleared = self.cleared, []
        return out


def _squash(text: str) -> str:
    return "".join(text.split())


def _bare(line: str) -> str:
    return line.strip(FRAME)


@pytest.fixture(scope="module")
def bank() -> Bank:
    found: Bank = load_bank(find_bank(None))
    return found


def _corpus(bank: Bank, lang: str) -> str:
    """Every text of the language that popquiz can show: the bank, its catalogue and the
    messages."""
    texts = list(MESSAGES[lang].values())
    locale = Locale(lang, bank.language)
    texts += [locale.text(bank.title), locale.text(bank.description)]
    for q in bank.questions:
        texts.append(locale.text(q.text))
        texts += [locale.text(a.text) for a in getattr(q, "answers", ())]
    for act in bank.acts:
        texts += [locale.text(act.name), locale.text(act.blurb)]
    for axis in bank.axes:
        texts += [locale.text(axis.low), locale.text(axis.high)]
    for outcome in bank.outcomes:
        texts += [locale.text(outcome.title), locale.text(outcome.description)]
    return "\n".join(texts)


def _choices(bank: Bank, lang: str) -> tuple[set[str], set[str]]:
    """(the prompts' messages, every text a choice can show), whitespace removed."""
    locale = Locale(lang, bank.language)
    messages, titles = {_squash(t(lang, "prompt.choose"))}, set()
    titles |= {_squash(t(lang, "choice.back")), _squash(t(lang, "choice.skip"))}
    for q in bank.questions:
        if q.kind == "likert":
            messages.add(_squash(likert_prompt(q, locale)))
            titles |= {_squash(likert_label(q, v, locale)) for v in q.values}
        else:
            titles |= {_squash(locale.text(a.text)) for a in q.answers}
    return messages, titles


def _last_echo(lines: list[str], messages: set[str]) -> str | None:
    """The last "? message answer" block on a screen (its continuation lines are indented),
    whitespace removed."""
    found = None
    for i, line in enumerate(lines):
        head = _squash(line)
        if not head.startswith("?") or not any(head[1:].startswith(m) for m in messages):
            continue
        block = [line]
        for more in lines[i + 1 :]:
            if not more.startswith("  ") or not more.strip():
                break
            block.append(more)
        found = _squash("".join(block))
    return found


def _check_screen(lines: list[str], lang: str, corpus: str, where: str) -> None:
    bare = [_bare(line) for line in lines]
    for line in bare:
        line = line.removeprefix("? ")  # questionary's mark before a prompt
        if not line:
            continue
        assert line[0] not in NO_START, f"{where}: a line starts with {line[0]!r}: {line!r}"
        assert line[-1] not in NO_END, f"{where}: a line ends with {line[-1]!r}: {line!r}"
    if lang != "ko":
        return
    for above, below in itertools.pairwise(bare):
        if not (above and below and HANGUL.match(above[-1]) and HANGUL.match(below[0])):
            continue
        joined = above.split()[-1] + below.split()[0]
        assert joined not in corpus, f"{where}: a word is split: {above!r} / {below!r}"


class Player:
    """One pty session of ``take``, every byte read going to the emulated terminal."""

    def __init__(self, home: Path, args: list[str], cols: int, lang: str) -> None:
        self.term = Terminal(cols)
        self.child = spawn(
            home, ["take", "--lang", lang, "--no-color", *args], cols=cols, rows=ROWS
        )
        self.lang = lang

    def expect(self, patterns: list[Any], timeout: float = -1) -> int:
        i: int = self.child.expect(patterns, timeout=timeout)
        after = self.child.after
        self.term.feed(self.child.before + (after if isinstance(after, str) else ""))
        return i


def _progress(lang: str, plain: bool) -> str:
    """The progress line; its one group that matched is the question's number."""
    if not plain:
        return r"(\d+) / (?:up to |최대 |最大 )?\d+"
    forms = []
    for key in ("progress.plain", "progress.plain_upto"):
        form = re.escape(MESSAGES[lang][key])
        form = form.replace(re.escape("{n}"), r"(\d+)").replace(re.escape("{total}"), r"\d+")
        forms.append(form)
    return "|".join(forms)


def _hint(lang: str) -> str:
    """The prompt's key hint, in any of its forms (short, with "s" on a question that may be
    skipped, plain)."""
    return f"{instruction(lang)}|{re.escape(t(lang, 'keys.instruction_plain'))}"


def _play(home: Path, bank: Bank, lang: str, cols: int, plain: bool) -> None:
    corpus = _corpus(bank, lang)
    messages, titles = _choices(bank, lang)
    extra = ["--plain"] if plain else []
    progress = _progress(lang, plain)
    asked: list[str] = []  # what each key did, for the messages below
    echoes = 0
    player = Player(home, extra, cols, lang)
    resumed = False
    backed = False
    player.expect([re.escape(t(lang, "welcome.start"))])
    _check_screen(player.term.lines(), lang, corpus, "welcome")
    player.child.send("\r")
    while True:
        i = player.expect([progress, re.escape(t(lang, "result.heading"))])
        screens = [*player.term.take_cleared(), player.term.lines()]
        for n, screen in enumerate(screens):
            _check_screen(screen, lang, corpus, f"after {asked[-1:]} ({n})")
        if asked and asked[-1] != "pause":
            # The answer just given: its echo is on the screen the next clear wiped (or, in
            # plain mode, the last one on the screen).
            shown = screens[-2] if len(screens) > 1 else screens[-1]
            echo = _last_echo(shown, messages)
            assert echo is not None, f"no echo after {asked[-1]}:\n" + "\n".join(shown)
            assert any(echo.endswith(title) for title in titles), "\n".join(shown)
            assert any(echo == f"?{m}{title}" for m in messages for title in titles), echo
            echoes += 1
        if i != 0:
            break
        number = int(next(g for g in player.child.match.groups() if g is not None))
        player.expect([_hint(lang)])
        player.expect([r"\x1b\[\?7h"])  # prompt_toolkit has drawn the choices
        live = player.term.lines()
        _check_screen(live, lang, corpus, f"question {number}")
        count = max(
            [int(m.group(1)) for line in live if (m := re.match(r"\s*[❯>]?\s*(\d+)\) ", line))]
            or [1]
        )
        if number == BACK_AT and not backed:
            backed = True
            asked.append("back")
            player.child.send("b")
        elif number == PAUSE_AT and not resumed:
            asked.append("pause")
            player.child.send("q")
            player.expect([r"\[Y/n\] "])
            _check_screen(player.term.lines(), lang, corpus, "the pause question")
            player.child.send("\r")
            player.expect([pexpect.EOF])
            player.child.close()
            assert player.child.exitstatus == 130
            _check_screen(player.term.lines(), lang, corpus, "paused")
            player = Player(home, extra, cols, lang)
            player.expect([r"\[Y/n\] "])
            _check_screen(player.term.lines(), lang, corpus, "the resume question")
            player.child.send("\r")
            player.expect([re.escape(t(lang, "welcome.start"))])
            _check_screen(player.term.lines(), lang, corpus, "welcome back")
            player.child.send("\r")
            resumed = True
            asked.append("pause")
        else:
            asked.append(f"question {number}")
            player.child.send(str(1 + (number * 7) % count))
    if not plain:  # the reveal: its question, whole, then Enter shows the rest
        player.expect([pexpect.TIMEOUT], timeout=1)
        shown = _squash("".join(player.term.lines()))
        assert shown.endswith(_squash(t(lang, "reveal.more"))), player.term.lines()
        player.child.send("\r")
        while player.expect([page_prompt(lang), pexpect.EOF]) == 0:  # each further page
            player.child.send("\r")
    else:
        player.expect([pexpect.EOF])
    for screen in [*player.term.take_cleared(), player.term.lines()]:
        _check_screen(screen, lang, corpus, "the result")
    player.child.close()
    assert player.child.exitstatus == 0
    assert resumed and backed
    assert echoes == len([a for a in asked if a != "pause"]) >= len(bank.questions) // 2


@pytest.mark.parametrize(
    ("lang", "cols", "plain"),
    [
        ("ko", 40, False),
        ("ja", 40, False),
        ("ko", 60, False),
        ("ja", 60, False),
        ("ko", 80, False),
        ("ja", 80, False),
        ("ko", 80, True),
        ("ja", 80, True),
    ],
)
def test_the_whole_quiz_keeps_every_character_and_breaks_lines_by_the_language(
    tmp_path: Path, bank: Bank, lang: str, cols: int, plain: bool
) -> None:
    _play(tmp_path, bank, lang, cols, plain)
