"""The app's own strings in en/ko/ja, and how the language is chosen."""

from __future__ import annotations

import re
import string

import pytest

from popquiz.i18n import LANGUAGES, MESSAGES, locale_language, pick_language, t

HANGUL = re.compile(r"[\uac00-\ud7a3]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Strings that are (nearly) the same in every language: key hints, pure formats.
UNIVERSAL = {"welcome.facts", "result.recs_across"}  # the second: a layout with no words of its own
DECORATIVE = "●─┼•→│╭╮╰╯━↔"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    assert set(MESSAGES) == set(LANGUAGES)
    english = MESSAGES["en"]
    for lang in LANGUAGES:
        assert set(MESSAGES[lang]) == set(english), lang
        for key, text in MESSAGES[lang].items():
            assert text.strip(), (lang, key)
            assert _fields(text) == _fields(english[key]), (lang, key)


@pytest.mark.parametrize(("lang", "script"), [("ko", HANGUL), ("ja", JAPANESE)])
def test_korean_and_japanese_are_really_translated(lang: str, script: re.Pattern[str]) -> None:
    for key, text in MESSAGES[lang].items():
        if key in UNIVERSAL:
            continue
        assert script.search(text), (lang, key, text)


def test_plain_mode_strings_have_no_decorative_glyphs() -> None:
    for lang in LANGUAGES:
        for key, text in MESSAGES[lang].items():
            if key.startswith(("keys.welcome", "keys.instruction")) and "plain" not in key:
                continue
            assert not set(DECORATIVE) & set(text), (lang, key, text)


def test_t_formats_and_falls_back_to_english() -> None:
    assert t("en", "progress.plain", n=7, total=24) == "Question 7 of 24"
    assert t("ko", "progress.plain", n=7, total=24) == "24개 중 7번째 질문"
    assert t("ja", "progress.plain", n=7, total=24) == "全24問中 第7問"
    assert t("fr", "choice.back") == "Back"  # unknown language: English
    with pytest.raises(KeyError):
        t("en", "no.such.key")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "ko_KR.UTF-8"}, "ja"),
        ({"LC_MESSAGES": "en_GB", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANGUAGE": "ko:en"}, "ko"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({}, None),
    ],
)
def test_locale_language(environ: dict[str, str], expected: str | None) -> None:
    assert locale_language(environ) == expected


def test_pick_language_prefers_flag_then_locale_then_bank(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    langs = ("en", "ko", "ja")
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert pick_language("ja", langs, "en") == "ja"
    assert pick_language(None, langs, "en") == "ko"
    assert pick_language(None, ("en", "ja"), "ja") == "ja"  # locale not in the bank
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert pick_language(None, langs, "en") == "en"


def test_no_message_key_is_written_twice() -> None:
    """A dict literal keeps the last of two equal keys silently: a key added twice (say, by two
    branches) would hide one translation."""
    import ast
    from pathlib import Path

    import popquiz.i18n

    folder = Path(popquiz.i18n.__file__).parent
    dicts = 0
    for lang in LANGUAGES:
        tree = ast.parse((folder / f"{lang}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                dicts += 1
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                twice = sorted({k for k in keys if keys.count(k) > 1})
                assert len(keys) == len(set(keys)), (lang, twice)
    assert dicts == len(LANGUAGES)


def test_messages_are_grouped_by_screen_identically_in_every_language() -> None:
    """Each language lists the same keys in the same order under the same screen headings, so
    a translator finds a screen's messages in one place in every language."""
    from pathlib import Path

    import popquiz.i18n

    folder = Path(popquiz.i18n.__file__).parent
    headings = [
        re.findall(r"^    # (.+)$", (folder / f"{lang}.py").read_text(encoding="utf-8"), re.M)
        for lang in LANGUAGES
    ]
    assert len(headings) == len(LANGUAGES) and headings[0]
    assert all(h == headings[0] for h in headings)
    assert not any(re.search(r"issue \d", h) for h in headings[0])
    for lang in LANGUAGES:
        assert list(MESSAGES[lang]) == list(MESSAGES["en"]), lang


def test_a_locale_speaks_its_language_and_falls_back_to_the_banks() -> None:
    from popquiz.i18n import Locale

    ko = Locale("ko", "en")
    assert ko.t("choice.back") == t("ko", "choice.back")
    assert ko.text({"en": "Night", "ko": "밤"}) == "밤"
    assert ko.text({"en": "Night", "ja": "夜"}) == "Night"
    assert ko.text("Night") == "Night" and ko.text(None) == ""
