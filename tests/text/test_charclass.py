"""The character policies (popquiz.text.charclass), built from named classes, match exactly
the code points each policy has always refused, stripped or escaped: a change to a class shows
up here as a list of code points, never silently in a reader, a card or ``new``."""

from __future__ import annotations

import re

import pytest

from popquiz.bank.yamlsafe import YamlRejected, parse
from popquiz.errors import printable
from popquiz.text import charclass

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))

# Each policy written out as one literal set, as reviewed for SECURITY.md.
EXPECTED = {
    "FORBIDDEN": "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]",
    "HIDDEN": "[\u061c\u115f\u1160\u180e\u200b-\u200d\u2028\u2029\u2060-\u2064\u3164\ufeff"
    "\uffa0\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U000e0000-\U000e007f]",
    "UNPRINTABLE": "[\x00-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2069\u3164\ufeff\uffa0\ufdd0-\ufdef\ufff0-\ufffb\ufffe\uffff\ud800-\udfff"
    "\U000e0000-\U000e007f]",
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
