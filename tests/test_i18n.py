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


# --- Korean particles after a filled-in word (popquiz.i18n.particles) ---------------------


@pytest.mark.parametrize(
    ("word", "combined", "expected"),
    [
        ("매력", "와(과)", "과"),  # 력: a final consonant
        ("무대", "와(과)", "와"),  # 대: none
        ("팬층", "을(를)", "을"),
        ("투어", "을(를)", "를"),
        ("성장", "이(가)", "이"),
        ("서브컬처", "이(가)", "가"),
        ("감성", "은(는)", "은"),
        ("고급미", "은(는)", "는"),
        ("영어", "(으)로", "로"),
        ("서울", "(으)로", "로"),  # ㄹ takes 로, not 으로
        ("자신감", "(으)로", "으로"),
        ("Calm", "와(과)", "와(과)"),  # not Hangul: the combined form reads right either way
        ("card.png", "을(를)", "을(를)"),
        ("2024", "이(가)", "이(가)"),
        ("", "와(과)", "와(과)"),
    ],
)
def test_a_korean_particle_follows_the_last_syllable(
    word: str, combined: str, expected: str
) -> None:
    from popquiz.i18n.particles import particle

    assert particle(word, combined) == expected


def test_only_the_templates_particles_are_resolved() -> None:
    from popquiz.i18n.particles import fill

    assert fill("“{a}”와(과) “{b}”", {"a": "매력", "b": "무대와(과)"}) == "“매력”과 “무대와(과)”"
    # Specs and conversions as str.format; after a digit or a quote the combined form stays,
    # and so does one after a word the template wrote itself.
    assert fill("{n:,}와(과) {x!r}을(를)", {"n": 1200, "x": "팬층"}) == "1,200와(과) '팬층'을(를)"
    assert fill("{n}개와(과)", {"n": 3}) == "3개와(과)"
    assert fill("와(과) {a} {{와(과)}}", {"a": "감"}) == "와(과) 감 {와(과)}"


def test_no_korean_message_fixes_a_particle_after_a_placeholder() -> None:
    """와/과, 을/를, 이/가, 은/는 and 로/으로 after a filled-in word are written in the combined
    form, so that the word decides: "{low}와" reads wrong after half of all words."""
    fixed = re.compile(r"\}[”’」』)\]\"']*(?:와|과|을|를|이|가|은|는|로|으로)(?![(가-힣])")
    wrong = {k: v for k, v in MESSAGES["ko"].items() if fixed.search(v)}
    assert wrong == {}


def test_the_middle_reason_reads_right_after_every_pole_of_the_default_bank() -> None:
    """The real reports of 400 random takers in Korean: every "between" reason takes 과 after a
    pole ending in a final consonant and 와 after one without (most of the default bank's
    Korean low poles end in one: "친근한 매력", "팬과 함께 자유롭게 성장", …)."""
    import random

    from conftest import DEFAULT_BANK
    from popquiz.bank.loader import load_bank
    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score
    from popquiz.i18n import Locale

    bank = load_bank(DEFAULT_BANK)
    rng = random.Random(0)
    seen: dict[str, str] = {}
    for _ in range(400):
        answers = {
            q.id: rng.randint(1, 5) if q.kind == "likert" else rng.choice(q.answers).id
            for q in bank.questions
        }
        result = score(bank, answers)
        report = build_report(bank, result, recommend(bank, result), Locale("ko", bank.language))
        for pick in report["recommendations"]:
            for reason in pick["reasons"]:
                if reason["kind"] == "middle":
                    found = re.fullmatch(r"나처럼 “(.+)”(와|과) “(.+)” 사이", reason["text"])
                    assert found, reason["text"]
                    seen[found[1]] = found[2]
    coda = {low: (ord(low[-1]) - 0xAC00) % 28 for low in seen}
    assert seen == {low: "과" if coda[low] else "와" for low in seen}
    assert set(seen.values()) == {"와", "과"}, seen  # both forms were met
