"""Listen links as OSC 8 terminal hyperlinks, in a real pseudo-terminal, and the next-steps
hint that ends an interactive result.

OSC 8 appears only in a terminal that advertises support (here: ``TERM_PROGRAM=WezTerm`` or a
VTE version), never with ``--plain`` or ``POPQUIZ_LINKS=0``, never in a terminal that does not
say it supports them, and every hyperlink is one of popquiz's own search URLs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from banks import TINY, write_bank
from conftest import DEFAULT_BANK
from popquiz.i18n import t
from popquiz.ui.hint import next_steps
from popquiz.ui.links import listen_links
from ptyutil import ANSI, instruction, needs_pty, page_through, pexpect, spawn

OSC8 = re.compile(r"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x1b\\|\x07)")
OURS = (
    "https://music.youtube.com/search?q=",
    "https://open.spotify.com/search/",
    "https://music.apple.com/search?term=",
)


def _run(home: Path, argv: list[str], **env: str) -> str:
    child = spawn(home, argv, cols=120, rows=50, **env)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


RANDOM = ["take", "--random", "--seed", "7", "--no-save"]


@needs_pty
@pytest.mark.parametrize(
    "env", [{"TERM_PROGRAM": "WezTerm"}, {"VTE_VERSION": "7600"}, {"POPQUIZ_LINKS": "1"}]
)
def test_a_terminal_that_supports_hyperlinks_gets_only_popquiz_links(
    tmp_path: Path, env: dict[str, str]
) -> None:
    out = _run(tmp_path, RANDOM, **env)
    urls = OSC8.findall(out)
    targets = [u for u in urls if u]  # an OSC 8 with an empty URL closes a link
    assert len(targets) >= 3 * 6  # three services for each of the six acts
    assert all(u.startswith(OURS) for u in targets), targets
    for rec in _seed7_report()["recommendations"]:  # every act's links, percent-encoded
        song = rec["songs"][0] if rec["songs"] else None
        expected = listen_links(rec["name"], song, ("youtube-music", "spotify", "apple-music"))
        assert {link.url for link in expected} <= set(targets)


def _seed7_report() -> dict[str, Any]:
    import random

    from popquiz.bank.loader import load_bank
    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score
    from popquiz.engine.session import random_answers

    bank = load_bank(DEFAULT_BANK)
    result = score(bank, random_answers(bank, random.Random(7)))
    return build_report(bank, result, recommend(bank, result), "en")


@needs_pty
@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (RANDOM, {}),  # xterm-256color says nothing about hyperlinks
        (RANDOM, {"TERM_PROGRAM": "Apple_Terminal"}),
        (RANDOM, {"TERM_PROGRAM": "WezTerm", "POPQUIZ_LINKS": "0"}),  # the off switch
        ([*RANDOM, "--plain"], {"TERM_PROGRAM": "WezTerm"}),
        ([*RANDOM, "--plain"], {"POPQUIZ_LINKS": "1"}),
    ],
)
def test_no_hyperlinks_elsewhere(tmp_path: Path, argv: list[str], env: dict[str, str]) -> None:
    out = _run(tmp_path, argv, **env)
    assert "\x1b]8;" not in out and "\x1b]" not in out
    assert "TOMBOY" in out  # the result (and its song) is still shown


@needs_pty
def test_the_interactive_result_ends_with_the_next_steps_hint(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, TINY, "tiny.yaml")  # a choice, then an agree/disagree statement
    child = spawn(tmp_path, ["take", str(bank), "--no-color"], cols=200, rows=40)
    child.expect(re.escape(t("en", "welcome.start")))
    child.send("\r")
    for _ in range(2):
        child.expect(instruction())  # the second with "s skip": it may be skipped
        child.send("\r")
    child.expect(re.escape(t("en", "reveal.more")))  # the reveal: Enter shows the rest
    child.send("\r")
    before = page_through(child)
    child.close()
    assert child.exitstatus == 0
    lines = [line.strip() for line in ANSI.sub("", before).splitlines() if line.strip()]
    # Started as `python -m popquiz` from a virtual environment, with no popquiz on PATH: the
    # commands say `popquiz`, and the last line, once, how to reach it.
    hint = next_steps("en", 1, bank_ref=str(bank))
    expected = [line.strip() for line in hint.split("\n")]
    assert lines[-len(expected) - 2 : -2] == expected, lines[-len(expected) - 2 :]
    assert lines[-2] == t("en", "hint.activate") and lines[-1].startswith("source ")
    assert sys.executable not in before
