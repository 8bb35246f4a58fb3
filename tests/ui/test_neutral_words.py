"""The engine speaks no topic: a result calls its recommendations what the bank (or its
catalogue) calls them, else neutral, translated words, and listen links appear only where a
bank or catalogue lists services for them — in every output (the screen, --plain, --json and
the Markdown, HTML and SVG exports); `POPQUIZ_LINKS=0` keeps them out of files too. The default
bank declares its own, musical words; `popquiz new`'s starter and the coffee example have none.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from popquiz.cli import run
from popquiz.i18n import t

COFFEE = ROOT / "quizzes" / "examples" / "coffee.yaml"
DEFAULT = ROOT / "quizzes" / "kpop-vs-jpop.yaml"
MUSIC = re.compile(
    r"Play these first|Start with|Bridge pick|Listen|YouTube|Spotify|Apple Music|"
    r"music\.|\bsongs?\b|\bartists?\b",
    re.I,
)
OUTPUTS = ("screen", "plain", "json", "md", "html", "svg")


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def every_output(bank: Path, tmp_path: Path, *extra: str) -> dict[str, str]:
    """What each output of one seeded take of ``bank`` says."""
    take = ["take", str(bank), "--random", "--seed", "3", "--no-save", *extra]
    shown: dict[str, str] = {}
    shown["screen"] = invoke(*take)[1]
    shown["plain"] = invoke(*take, "--plain")[1]
    # The result object's values (its keys, `songs` and `listen` among them, are the format's).
    shown["json"] = "\n".join(_values(json.loads(invoke(*take, "--json")[1])))
    for suffix in ("md", "html", "svg"):
        target = tmp_path / f"card.{suffix}"
        code, _, err = invoke(*take, "--export", str(target))
        assert code == 0, err
        shown[suffix] = target.read_text(encoding="utf-8")
    return shown


def _visible(text: str) -> str:
    """The words a reader sees: a card's text without its markup and stylesheet."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def _values(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for value in node.values() for v in _values(value)]
    if isinstance(node, list):
        return [v for value in node for v in _values(value)]
    return [str(node)]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_a_bank_without_words_speaks_neutrally_and_links_nowhere(tmp_path: Path, lang: str) -> None:
    shown = every_output(COFFEE, tmp_path, "--lang", lang)
    for where, text in shown.items():
        text = _visible(text)
        assert not MUSIC.search(text), (where, MUSIC.search(text))
        assert "https://" not in text, where
    for where in ("screen", "plain", "md", "html", "svg"):
        flat = " ".join(re.sub(r"<[^>]+>", " ", shown[where]).split())
        assert t(lang, "words.picks") in flat, where
    take = ["take", str(COFFEE), "--random", "--seed", "3", "--no-save", "--json"]
    report = json.loads(invoke(*take)[1])
    assert report["bank"]["listen"] == [] and report["bank"]["words"] == {}


def test_the_default_bank_keeps_its_own_words_and_links(tmp_path: Path) -> None:
    shown = every_output(DEFAULT, tmp_path, "--lang", "en")
    for where in ("screen", "plain", "md", "html", "svg"):
        assert "Play these first" in shown[where], where
    for where in ("md", "html"):
        assert "https://open.spotify.com/search/" in shown[where], where
    take = ["take", str(DEFAULT), "--random", "--seed", "3", "--no-save", "--json"]
    report = json.loads(invoke(*take)[1])
    assert report["bank"]["listen"] == ["youtube-music", "spotify", "apple-music"]
    assert report["bank"]["words"]["picks"] == "Play these first"
    ko = invoke("take", str(DEFAULT), "--random", "--seed", "3", "--no-save", "--lang", "ko")[1]
    assert "먼저 들어 볼 아티스트" in ko


def test_popquiz_links_0_keeps_links_out_of_the_files_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POPQUIZ_LINKS", "0")
    shown = every_output(DEFAULT, tmp_path, "--lang", "en")
    for where, text in shown.items():
        assert not re.search(r"YouTube Music|Spotify|Apple Music", text), where
    assert "Play these first" in shown["md"]  # the words stay; only the links go


BANK = """\
id: profiles
title: Nearest profile
description: Which profile is nearest.
axes:
  - {id: x, low: Left, high: Right}
questions:
  - {id: q1, kind: likert, text: I lean right., axis: x}
outcomes:
  - {id: r, title: Right, profile: {x: 0.8}}
  - {id: l, title: Left, profile: {x: -0.8}}
catalogue: profiles-acts.yaml
"""
CATALOGUE = """\
kind: catalogue
words:
  picks: Nearest profiles
  start: First track
listen: [spotify]
acts:
  - {id: p1, name: Profile one, scene: r, profile: {x: 0.7}, facts: {songs: [Opening]}}
  - {id: p2, name: Profile two, scene: l, profile: {x: -0.7}}
"""


def test_a_catalogue_names_its_acts_and_the_bank_wins_key_by_key(tmp_path: Path) -> None:
    bank = tmp_path / "profiles.yaml"
    (tmp_path / "profiles-acts.yaml").write_text(CATALOGUE, encoding="utf-8")
    bank.write_text(BANK + "words:\n  match: Closeness\n  start: Begin with\n", encoding="utf-8")
    assert invoke("validate", str(bank), str(tmp_path / "profiles-acts.yaml"))[0] == 0
    answers = tmp_path / "a.json"
    answers.write_text('{"q1": 5}', encoding="utf-8")
    plain = invoke("take", str(bank), "--answers", str(answers), "--no-save", "--plain")[1]
    assert "Nearest profiles" in plain  # the catalogue's word
    assert "Begin with: Opening" in plain and "First track" not in plain  # the bank's wins
    # `match` is accepted but never shown: no output puts a percentage beside a pick.
    assert "Closeness" not in plain and "70%" not in plain
    md = tmp_path / "r.md"
    invoke("take", str(bank), "--answers", str(answers), "--no-save", "--export", str(md))
    text = md.read_text(encoding="utf-8")
    assert "[Spotify](https://open.spotify.com/search/" in text
    assert "YouTube" not in text and "Apple Music" not in text  # only the service listed


@pytest.mark.parametrize(
    ("extra", "code", "needle"),
    [
        ("listen: [napster]\n", "E103", "listen"),
        ("words:\n  pics: Nearest\n", "E101", "did you mean 'picks'?"),
        ("words:\n  picks: {en: Nearest, ko: 가까운}\n", "E213", "ko"),
    ],
)
def test_misused_words_and_listen_are_located(
    tmp_path: Path, extra: str, code: str, needle: str
) -> None:
    shutil.copy(COFFEE, tmp_path / "coffee.yaml")
    bank = tmp_path / "one.yaml"
    bank.write_text(BANK.replace("catalogue: profiles-acts.yaml\n", "") + extra, encoding="utf-8")
    status, out, _ = invoke("validate", str(bank))
    assert status == 1
    assert f"error[{code}]" in out and needle in out, out


def test_the_starter_and_the_coffee_example_say_nothing_of_music(tmp_path: Path) -> None:
    starter = tmp_path / "starter.yaml"
    assert invoke("new", str(starter))[0] == 0
    for bank in (starter, COFFEE):
        text = bank.read_text(encoding="utf-8")
        assert not MUSIC.search(text), (bank.name, MUSIC.search(text))
        assert "listen:" not in text
    shown = every_output(starter, tmp_path)
    for where, text in shown.items():
        assert not MUSIC.search(_visible(text)), (where, MUSIC.search(_visible(text)))


def test_a_terminal_that_draws_links_gets_none_from_a_bank_without_listen() -> None:
    from popquiz.ui.console import make_console
    from popquiz.ui.render import render_report

    take = ["take", str(COFFEE), "--random", "--seed", "3", "--no-save", "--json"]
    report = json.loads(invoke(*take)[1])
    for listen, expected in (([], False), (["spotify"], True)):
        report["bank"]["listen"] = listen
        console = make_console(
            file=io.StringIO(), force_terminal=True, width=100, color_system="truecolor"
        )
        render_report(report, console, links=True)
        drawn = console.file.getvalue()  # type: ignore[attr-defined]
        assert ("\x1b]8;" in drawn) is expected
        assert ("open.spotify.com" in drawn) is expected
