"""The character policies (popquiz.text.charclass), built from named classes, match exactly
the code points each policy has always refused, stripped or escaped: a change to a class shows
up here as a list of code points, never silently in a reader, a card or ``new``."""

from __future__ import annotations

import re
import unicodedata

import pytest

from popquiz.bank.yamlsafe import YamlRejected, parse
from popquiz.errors import printable
from popquiz.text import charclass

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))

# Each policy written out as one literal set, as reviewed for SECURITY.md.
EXPECTED = {
    "FORBIDDEN": "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
    "HIDDEN": "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2028\u2029"
    "\u2060-\u2065\u206a-\u206f\u2800\u3164\ufeff\uffa0\ufdd0-\ufdef\ufff0-\ufffb\ufffe"
    "\uffff\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U0001fffe\U0001ffff"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]",
    "UNPRINTABLE": "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0\ufdd0-\ufdef"
    "\ufff0-\ufffb\ufffe\uffff\ud800-\udfff\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]",
    "REFUSED_BY_NEW": "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]",
    "NOT_XML": "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]",
    "SURROGATE": "[\ud800-\udfff]",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_policy_is_exactly_its_reviewed_set(name: str) -> None:
    built: charclass.CharSet = getattr(charclass, name)
    expected = re.compile(EXPECTED[name])
    got = set(built.findall(EVERY_CODE_POINT))
    want = set(expected.findall(EVERY_CODE_POINT))
    assert got == want, (
        sorted(f"U+{ord(c):04X}" for c in got - want),
        sorted(f"U+{ord(c):04X}" for c in want - got),
    )


def test_what_the_reader_refuses_is_escaped_on_output() -> None:
    """Anything refused in bank text but allowed through is shown inert when printed, except
    the two supplementary-plane noncharacters, which do not steer a terminal."""
    refused = set(charclass.FORBIDDEN.findall(EVERY_CODE_POINT))
    refused |= set(charclass.HIDDEN.findall(EVERY_CODE_POINT))
    escaped = set(charclass.UNPRINTABLE.findall(EVERY_CODE_POINT))
    assert refused - escaped == {"\U0001fffe", "\U0001ffff"}
    assert all("\\" in printable(ch) for ch in escaped)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\x1bb", "U+001B (ESC)"),
        ("a\u202eb", "U+202E (bidirectional override)"),
        ("a\u200bb", "U+200B (invisible or direction character)"),
        ("a\ufffeb", "U+FFFE (noncharacter)"),
        ("\u3164", "U+3164 (invisible or direction character)"),
    ],
)
def test_the_reader_names_the_character_it_refuses(text: str, code: str) -> None:
    with pytest.raises(YamlRejected) as info:
        parse(f'title: "{text}"\n', "b.yaml")
    assert code in info.value.diagnostics[0].message


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d👩\u200d👧",
        "می\u200cخواهم",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    ],
)
def test_joiners_inside_a_sequence_and_flag_tags_are_not_hidden(text: str) -> None:
    assert charclass.hidden_char(text) is None
    assert parse(f"title: {text}\n", "b.yaml").data == {"title": text}


def test_a_lone_joiner_is_hidden() -> None:
    assert charclass.hidden_char("a\u200d") == "\u200d"
    assert charclass.hidden_char("x\U000e0041") == "\U000e0041"


# PropList.txt's Other_Default_Ignorable_Code_Point and the variation selectors, as published.
OTHER_DEFAULT_IGNORABLE = (
    "\u034f\u115f\u1160\u17b4\u17b5\u2065\u3164\uffa0"
    + "".join(map(chr, range(0xFFF0, 0xFFF9)))
    + "\U000e0000"
    + "".join(map(chr, range(0xE0002, 0xE0020)))
    + "".join(map(chr, range(0xE0080, 0xE0100)))
    + "".join(map(chr, range(0xE01F0, 0xE1000)))
)
VARIATION_SELECTORS = set(
    "\u180b\u180c\u180d\u180f"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
PREPENDED_CONCATENATION_MARKS = set(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)


def default_ignorable() -> set[str]:
    """Default_Ignorable_Code_Point as DerivedCoreProperties.txt defines it, from this Python's
    Unicode data (Cf) and the published Other_Default_Ignorable_Code_Point list."""
    cf = {ch for ch in EVERY_CODE_POINT if unicodedata.category(ch) == "Cf"}
    derived = cf | set(OTHER_DEFAULT_IGNORABLE) | VARIATION_SELECTORS
    derived -= {ch for ch in derived if ch.isspace()}
    derived -= set("\ufff9\ufffa\ufffb") | set(map(chr, range(0x13430, 0x13441)))
    return derived - PREPENDED_CONCATENATION_MARKS


def test_every_default_ignorable_but_the_variation_selectors_is_refused() -> None:
    refused = set(charclass.FORBIDDEN.findall(EVERY_CODE_POINT))
    refused |= set(charclass.HIDDEN.findall(EVERY_CODE_POINT))
    missing = default_ignorable() - VARIATION_SELECTORS - refused
    assert not missing, sorted(f"U+{ord(c):04X}" for c in missing)
    assert not VARIATION_SELECTORS & refused


@pytest.mark.parametrize(
    "ch", ["\u034f", "\u00ad", "\u2800", "\u17b4", "\U0001d173", "\u206a", "\ufff9"]
)
def test_N9_other_invisible_characters_are_refused_with_E007(ch: str) -> None:
    with pytest.raises(YamlRejected) as info:
        parse(f'title: "Mo{ch}zart"\n', "b.yaml")
    (problem,) = info.value.diagnostics
    assert problem.code == "E007" and f"U+{ord(ch):04X}" in problem.message
    assert problem.line == 1 and problem.col >= 1


@pytest.mark.parametrize("text", ["\u2764\ufe0f", "\u5f0c\U000e0100", "\u1820\u180b"])
def test_variation_selectors_stay_allowed(text: str) -> None:
    assert charclass.refused_in_bank_text(text) is None
    assert parse(f"title: {text}\n", "b.yaml").data == {"title": text}


def test_a_title_is_readable_in_the_script_of_its_readers() -> None:
    from popquiz.text.charclass import readable_in

    assert not readable_in("ko", "ロビンソン") and not readable_in("ko", "白日")
    assert readable_in("ko", "로빈슨 (ロビンソン)") and readable_in("ko", "홍련화 (紅蓮華)")
    assert readable_in("ko", "無限大(INFINITY)") and not readable_in("ko", "何なんw")
    assert readable_in("ja", "白日") and not readable_in("ja", "으르렁")
    assert not readable_in("en", "으르렁") and readable_in("en", "Übermensch")
    assert readable_in("ko", "0X1=LOVESONG") and readable_in("en", "224")
    assert readable_in("fr", "ロビンソン")  # a language whose readers' scripts are not known
