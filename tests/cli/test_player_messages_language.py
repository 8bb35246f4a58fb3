"""What the player is told speaks the screen's language: every Korean and Japanese message of
the catalogue, every error a taker can meet and every "written to" line, with --lang ko|ja (or
a Korean or Japanese locale where the command has no --lang); and `compare --lang ja` of two
results taken in Korean shows the bank's Japanese text, not its Korean.

An English sentence is three or more plain ASCII words in a row ("no bank with id"); ids,
paths, options and commands in backticks are not sentences."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from popquiz.cli import run
from popquiz.i18n import MESSAGES

ENGLISH = re.compile(r"(?<![\w'-])[A-Za-z]+(?: [A-Za-z]+){2,}(?![\w'-])")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
SCRIPT = {"ko": HANGUL, "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")}


def _invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def _english(text: str) -> list[str]:
    """The English sentences in ``text``, code spans, options, paths and placeholders aside."""
    text = re.sub(r"`[^`]*`|\{[a-z_]+\}|--?[a-z][\w-]*|\S*/\S*|\[[^\]]*\]", " ", text)
    return ENGLISH.findall(text)


def test_the_english_sentence_rule_finds_english() -> None:
    assert _english("no bank with id 'x'. 지금 있는 테스트: a.") == ["no bank with id"]
    assert _english("질문을 하려면 --answers FILE로 (`popquiz list`)") == []


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_every_message_of_the_catalogue_is_in_its_language(lang: str) -> None:
    for key, text in MESSAGES[lang].items():
        assert not _english(text), (lang, key, text)
        words = re.sub(r"\{[a-z_]+\}|`[^`]*`|--?[a-z][\w-]*", "", text)
        if re.search(r"[^\W\d_]", words):  # not only placeholders and commands
            assert SCRIPT[lang].search(text), (lang, key, text)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    for name in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _answers(home: Path, name: str, text: str) -> str:
    path = home / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _error_paths(home: Path, lang: str) -> list[tuple[str, ...]]:
    bad = _answers(home, "bad.yaml", "friday-drop: nope\nrough-edges: 9\nnot-a-question: x\n")
    listed = _answers(home, "list.yaml", "- a\n- b\n")
    empty = _answers(home, "empty.yaml", "friday-drop: null\n")
    null = _answers(home, "null.yaml", "rough-edges: ~\n")
    take = ("take", "--lang", lang, "--no-save")
    return [
        (*take, "nosuchbank", "--random"),
        (*take, "kpop-vs-jpo", "--random"),
        (*take, str(home / "missing.yaml"), "--random"),
        take,  # no terminal here
        (*take, "--answers", bad),
        (*take, "--answers", listed),
        (*take, "--answers", empty),
        (*take, "--answers", null),
        (*take, "--answers", bad, "--random"),
        (*take, "--random", "--export", str(home / "card.pdf")),
        ("compare", "98", "99", "--lang", lang),
        ("compare", "--lang", lang),
        ("compare", "98", "--lang", lang),
    ]


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_every_error_a_taker_meets_is_in_the_language_asked_for(home: Path, lang: str) -> None:
    for args in _error_paths(home, lang):
        code, _, err = _invoke(*args)
        assert code in (1, 2), (args, code, err)
        assert SCRIPT[lang].search(err), (args, err)
        assert not _english(err), (args, err)


@pytest.mark.parametrize("lang", [None, "en", "ko", "ja"])
def test_compare_without_its_two_results_says_what_is_missing(home: Path, lang: str | None) -> None:
    """popquiz's own message, not typer's "Missing argument 'A'": what is missing, what it may
    be and an example, with the usage exit status (2)."""
    asked = () if lang is None else ("--lang", lang)
    for given, key in (((), "error.compare_none"), (("3",), "error.compare_one")):
        code, out, err = _invoke("compare", *given, *asked)
        assert code == 2 and out == "", (given, code, out, err)
        assert err.strip() == MESSAGES[lang or "en"][key], (given, err)
        assert "`popquiz compare 1 friend.json`" in err and "Missing argument" not in err


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_a_language_popquiz_lacks_is_refused_in_the_locales_language(
    home: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", {"ko": "ko_KR.UTF-8", "ja": "ja_JP.UTF-8"}[lang])
    for args in (
        ("take", "--lang", "fr", "--random", "--no-save"),
        ("compare", "1", "2", "--lang", "fr"),
    ):
        code, _, err = _invoke(*args)
        assert code == 2, (args, err)
        assert SCRIPT[lang].search(err) and not _english(err), (args, err)


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_written_files_are_announced_in_the_language(
    home: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = []
    for name in ("card.md", "a.json", "b.json"):
        seed = str(len(name))
        code, _, err = _invoke("take", "--random", "--seed", seed, "--lang", lang, "--export", name)
        assert code == 0, err
        lines.append(err)
    code, _, err = _invoke("compare", "a.json", "b.json", "--lang", lang, "--export", "us.html")
    assert code == 0, err
    lines.append(err)
    monkeypatch.setenv("LANG", {"ko": "ko_KR.UTF-8", "ja": "ja_JP.UTF-8"}[lang])
    code, _, err = _invoke("history", "export", "all.json")
    assert code == 0, err
    lines.append(err)
    for err in lines:
        assert SCRIPT[lang].search(err) and not _english(err), err


def test_compare_in_japanese_of_two_korean_results_shows_no_korean(home: Path) -> None:
    for name, seed in (("a.json", "1"), ("b.json", "5")):
        code, _, err = _invoke("take", "--random", "--seed", seed, "--lang", "ko", "--export", name)
        assert code == 0, err
    assert HANGUL.search(Path("a.json").read_text(encoding="utf-8"))  # taken in Korean
    for extra in ((), ("--plain",)):
        code, out, err = _invoke("compare", "a.json", "b.json", "--lang", "ja", *extra)
        assert code == 0, err
        assert not HANGUL.search(out), out
        assert "：" in out and "（" in out  # Japanese punctuation, not ASCII
    code, _, err = _invoke("compare", "a.json", "b.json", "--lang", "ja", "--export", "us.html")
    assert code == 0, err
    assert not HANGUL.search(Path("us.html").read_text(encoding="utf-8"))
    # The JSON keeps what the files say: it is data, not a screen.
    code, out, _ = _invoke("compare", "a.json", "b.json", "--json")
    assert HANGUL.search(json.loads(out)["a"]["title"])


def test_compare_marks_bank_text_it_cannot_find_again(home: Path) -> None:
    for name, seed in (("a.json", "1"), ("b.json", "5")):
        code, _, err = _invoke("take", "--random", "--seed", seed, "--lang", "ko", "--export", name)
        assert code == 0, err
    for name in ("a.json", "b.json"):  # results of a bank this machine does not have
        data = json.loads(Path(name).read_text(encoding="utf-8"))
        data["bank"]["id"] = "not-installed-here"
        Path(name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = _invoke("compare", "a.json", "b.json", "--lang", "ja", "--plain")
    assert code == 0, err
    # The Korean text stays, each time followed by its language in Japanese.
    title = json.loads(Path("a.json").read_text(encoding="utf-8"))["outcome"]["title"]
    assert f"{title}（韓国語）" in out, out
