"""The bank YAML reader against the cases of the official YAML test suite that the review of
the reader quotes (written here from the review, by id; the suite's files are not copied), and
the bank-shaped forms of the same problems.

Every case is read with libyaml (``parse``) and with PyYAML's pure-Python parser
(``parse_pure``): neither raises anything but ``YamlRejected``, every rejection is located
inside the input, and both give the expected value or error code: one verdict for a file on
every machine. The one difference left is listed in ``ONLY_LIBYAML_REFUSES`` and documented in
docs/authoring.md ("The YAML popquiz reads").
"""

from __future__ import annotations

from typing import Any

import pytest

from needs import need
from popquiz.bank import yamlsafe
from popquiz.bank.yamlsafe import YamlRejected, parse, parse_pure


class Refused(str):
    """The expected error code of the first diagnostic."""

    __slots__ = ()


E001, E005, E006 = Refused("E001"), Refused("E005"), Refused("E006")

# (id, input, expected); inputs as the review quotes them, fragments completed minimally.
SUITE: list[tuple[str, str, Any]] = [
    # Valid YAML that was read to a different value.
    ("Y2GN", "---\nkey: &an:chor value\n", E005),
    ("652Z", "{ ?foo: bar,\nbar: 42\n}\n", E001),
    ("HM87/01", "[?x]\n", E001),
    ("JEF9/02", "- |+\n   ", [""]),  # suite: "\n"; only trailing whitespace differs
    ("L24T/01", "foo: |\n  x\n   ", {"foo": "x\n "}),  # suite: "x\n \n"; likewise
    # Error cases both parsers accept: leniencies that keep what the author meant.
    ("9C9N", "---\nflow: [a,\nb,\nc]\n", {"flow": ["a", "b", "c"]}),
    ("9JBA", "---\n[ a, b, c, ]#invalid\n", ["a", "b", "c"]),
    ("CVW2", "---\n[ a, b, c,#invalid\n]\n", ["a", "b", "c"]),
    ("G5U8", "---\n- [-, -]\n", [["-", "-"]]),
    ("YJV2", "[-]\n", ["-"]),
    ("QB6E", '---\nquoted: "a\nb\nc"\n', {"quoted": "a b c"}),
    ("DK95/01", 'foo: "bar\n\tbaz"\n', {"foo": "bar baz"}),
    ("S98Z", "empty block scalar: >\n \n  \n   \n # comment\n", {"empty block scalar": ""}),
    ("SU5Z", 'key: "value"# invalid comment\n', {"key": "value"}),
    # Error cases only libyaml accepted: now refused by both.
    ("X4QW", "block: ># comment\n  scalar\n", E001),
    ("MUS6/00", "%YAML 1.1#...\n---\n", E001),
    ("Y79Y/003", "- [\n\tfoo,\n foo\n ]\n", E001),
    # Valid YAML refused as a syntax error: tabs as separation or in indentation.
    ("6BCT", "- foo:\t bar\n- - baz\n  -\tbaz\n", E001),
    ("A2M4", "? a\n: -\tb\n  -  -\tc\n     - d\n", E001),
    ("Y79Y/010", "-\t-1\n", E001),
    ("DK95/00", "foo:\n \tbar\n", E001),
    ("DK95/03", " \t\nfoo: 1\n", E001),
    ("DK95/04", "foo: 1\n\t\nbar: 2\n", E001),
    ("6CA3", "\t[\n\t]\n", E001),
    ("Q5MG", "\t{}\n", E001),
    ("96NN/00", "foo: |-\n \tbar\n", E001),
    ("Y79Y/001", "foo: |\n \t\nbar: 1\n", E001),
    # ... flow mappings with ':' on the next line or a multi-line key.
    ("4MUZ/00", '{"foo"\n: "bar"}\n', E001),
    ("4MUZ/02", "{foo\n: bar}\n", E001),
    ("VJP3/01", "k: {\n k\n :\n v\n }\n", E001),
    ("9SA2", '- { "multi\n  line": value}\n', E001),
    # ... plain text starting with ':' in flow context.
    ("58MP", "{x: :x}\n", E001),
    ("5T43", '{ "key"::value }\n', E001),
    ("HM87/00", "[:x]\n", E001),
    ("4ABK", "{\nomitted value:,\n}\n", E001),
    # ... a zero-indented block at document level, directives, a lone document end.
    ("FP8R", "--- >\nline1\nline2\nline3\n", E001),
    ("6LVF", '%FOO bar baz\n--- "foo"\n', E001),
    ("MUS6/05", "%YAM 1.1\n---\n", E001),
    ("MUS6/06", "%YAMLL 1.1\n---\n", E001),
    ("BEC7", '%YAML 1.3\n--- "foo"\n', E001),
    ("HWV9", "...\n", E001),
    ("QT73", "# comment\n...\n", E001),
    ("8XYN", "- &😁 unicode anchor\n", E001),
    ("2SXE", "&a: key: &a value\nfoo:\n  *a:\n", E005),
    # Only libyaml accepted these (tabs as separation, '?' in flow text): now neither does.
    ("DC7X", "a: b\t\nseq:\t\n - a\t\nc: d\t#X\n", E001),
    ("J3BT", "block:\t|\n  x\n", E001),
    ("K54U", "---\tscalar\n", E001),
    ("DK95/05", "foo: 1\n \t\nbar: 2\n", E001),
    ("JR7V", "- [a?string]\n", E001),
    # Tags: every one is refused, the core-schema ones too.
    ("WZ62", "{ foo : !!str, !!str : bar }\n", E006),
    ("S4JQ", "- ! 12\n", E006),
    ("UKK6/02", "!\n", E006),
]

# Bank-shaped forms of the same problems, and the scalar probes of the review.
BANK_SHAPED: list[tuple[str, str, Any]] = [
    ("anchor-with-colon", "prompt: &q:intro Hello\n", E005),
    ("anchor-in-list", "- &x:y z\n", E005),
    ("anchor-on-mapping", "a: &x {b: 1}\n", E005),
    ("alias", "a: [1]\nb: *x\n", E005),
    ("question-in-list", "choices: [?maybe, no]\n", E001),
    ("question-key", "m: {?who: b}\n", E001),
    ("question-in-flow-text", "q: {en: Do you?, ko: 네?}\n", E001),
    ("question-quoted", 'q: {en: "Do you?", ko: "네?"}\n', {"q": {"en": "Do you?", "ko": "네?"}}),
    ("question-in-block-text", "q: Do you?\n", {"q": "Do you?"}),
    ("explicit-key", "[? x]\n", [{"x": None}]),
    ("tag-str", "a: !!str 1\n", E006),
    ("tag-map", "a: !!map {}\n", E006),
    ("tag-seq", "a: !!seq []\n", E006),
    ("tag-int", "a: !!int 1\n", E006),
    ("tab-in-quotes", 'a: "x\ty"\n', {"a": "x\ty"}),
    ("tab-inside-block-text", "a: |\n  x\ty\n", {"a": "x\ty\n"}),
    ("tab-in-plain-text", "a: x\ty\n", E001),
    ("tab-after-colon", "foo:\tbar\n", E001),
    ("tab-in-flow", "a: [x,\ty]\n", E001),
    ("tab-after-block-header", "a: |\t\n  x\n", E001),
    ("directive-tag", "%TAG ! tag:example.com,2000:\n---\na: 1\n", E001),
    ("percent-in-comment", "# 100%\na: '%x'\n", {"a": "%x"}),
    ("inner-byte-order-mark", "a: 1\n\ufeffb: 2\n", Refused("E007")),
    ("yes", "v: yes\n", {"v": "yes"}),
    ("on", "v: on\n", {"v": "on"}),
    ("date", "v: 2024-01-02\n", {"v": "2024-01-02"}),
    ("sexagesimal", "v: 1:30\n", {"v": "1:30"}),
    ("leading-zero", "v: 012\n", {"v": 12}),
    ("exponent", "v: 1e3\n", {"v": 1000.0}),
    ("bare-fraction", "v: -.5\n", {"v": -0.5}),
    ("octal", "v: 0o14\n", {"v": "0o14"}),
    ("hex", "v: 0x1C\n", {"v": "0x1C"}),
    ("binary", "v: 0b101\n", {"v": "0b101"}),
    ("underscores", "v: 1_000\n", {"v": "1_000"}),
    ("mixed-case-inf", "v: .iNf\n", {"v": ".iNf"}),
    ("core-inf", "v: [.inf, -.Inf, +.INF]\n", {"v": [float("inf"), float("-inf"), float("inf")]}),
    ("non-specific-tag", "v: ! 12\n", E006),
]

# The one remaining difference: libyaml refuses it, the pure-Python parser reads a null.
ONLY_LIBYAML_REFUSES = {"4ABK": {"omitted value": None}}

PARSERS = [pytest.param(parse, id="libyaml"), pytest.param(parse_pure, id="pure")]


def read(reader: Any, text: str) -> Any:
    """The value read, or a ``Refused`` code, checking every rejection is located."""
    try:
        return reader(text, "suite.yaml").data
    except YamlRejected as exc:
        lines = text.count("\n") + 1
        for d in exc.diagnostics:
            assert d.path == "suite.yaml"
            assert d.line is not None and 1 <= d.line <= lines, d
            assert d.col >= 1, d
        return Refused(exc.diagnostics[0].code)


def same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@pytest.fixture(autouse=True)
def _libyaml() -> None:
    need("yaml", "CSafeLoader")  # comparing the two parsers needs libyaml; CI must have it


@pytest.mark.parametrize("reader", PARSERS)
@pytest.mark.parametrize(("case", "text", "expected"), SUITE + BANK_SHAPED, ids=lambda x: x)
def test_yaml_suite_case(reader: Any, case: str, text: str, expected: Any) -> None:
    got = read(reader, text)
    if reader is parse_pure and case in ONLY_LIBYAML_REFUSES:
        expected = ONLY_LIBYAML_REFUSES[case]
    assert same(got, expected), (case, got)


def test_Y2GN_an_anchor_is_refused_where_it_is_not_read_as_part_of_the_value() -> None:
    with pytest.raises(YamlRejected) as exc:
        parse("---\nkey: &an:chor value\n", "b.yaml")
    [d] = exc.value.diagnostics
    assert (d.code, d.line, d.col) == ("E005", 2, 6)
    assert "&an" in d.message and "anchors and aliases are not supported" in d.help


def test_652Z_HM87_a_question_mark_word_in_flow_is_refused_at_the_question_mark() -> None:
    for text, column in (("[?x]\n", 2), ("choices: [?maybe, no]\n", 11), ("m: {?who: b}\n", 5)):
        for reader in (parse, parse_pure):
            with pytest.raises(YamlRejected) as exc:
                reader(text, "b.yaml")
            [d] = exc.value.diagnostics
            assert (d.code, d.line, d.col) == ("E001", 1, column), text
            assert "quote the text" in d.help


def test_tags_every_tag_is_refused_with_E006_as_the_docs_say() -> None:
    for tag in ("!!str", "!", "!!int", "!!python/name:os.system", "!custom"):
        with pytest.raises(YamlRejected) as exc:
            parse(f"a: {tag} 1\n", "b.yaml")
        assert [d.code for d in exc.value.diagnostics] == ["E006"], tag
    for tag in ("!!map {}", "!!seq []"):
        with pytest.raises(YamlRejected) as exc:
            parse(f"a: {tag}\n", "b.yaml")
        assert [d.code for d in exc.value.diagnostics] == ["E006"], tag
        assert "'!!" in exc.value.diagnostics[0].message  # as written, not tag:yaml.org,...


def test_parsers_give_one_verdict_on_the_26_cases_that_used_to_split_them() -> None:
    split = [
        "DC7X", "J3BT", "K54U", "DK95/05", "JR7V", "WZ62", "X4QW", "MUS6/00", "Y79Y/003",
        "6LVF", "BEC7", "MUS6/05", "MUS6/06", "96NN/00", "Y79Y/001",
    ]  # fmt: skip
    cases = {case: text for case, text, _ in SUITE}
    for case in split:
        a, b = read(parse, cases[case]), read(parse_pure, cases[case])
        assert isinstance(a, Refused) and isinstance(b, Refused) and a == b, (case, a, b)


def test_core_schema_resolution_is_what_the_docstring_says() -> None:
    doc = yamlsafe.__doc__ or ""
    for word in ("``0o14``", "``0x1C``", "``.inf``/``.Inf``/``.INF``"):
        assert word in doc
