"""Adversarial banks and answers files, each with the error popquiz must answer it with.

Every case is a recipe that writes its file into a folder at test time (the big ones are tens
of megabytes, so none is committed). ``tests/test_hostile.py`` runs each case through the real
command line in a fresh interpreter, with libyaml and with the pure-Python parser, and
``tests/hostile/measure.py`` prints the time and memory each one costs.
"""

from __future__ import annotations

import gzip
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A small valid bank. Every hostile bank is this one with one thing changed, so the error
# popquiz reports can only come from that change.
BASE_BANK = """\
id: hostile
title: Hostile input
description: A bank for the hostile-input tests.
axes:
  - id: x
    low: Low
    high: High
questions:
  - id: q1
    text: First question?
    answers:
      - id: a
        text: Yes
        weights: {x: 1}
      - id: b
        text: No
        weights: {x: -1}
  - id: q2
    kind: likert
    axis: x
    weight: 1
    text: I agree with this.
outcomes:
  - id: up
    title: Up
    description: Up it goes.
    profile: {x: 1}
  - id: down
    title: Down
    description: Down it goes.
    profile: {x: -1}
acts:
  - id: act1
    name: First act
    scene: up
    profile: {x: 0.5}
    blurb: Listen to this one.
"""


def bank_with(old: str, new: str) -> str:
    """BASE_BANK with the one line (or fragment) ``old`` replaced by ``new``."""
    assert BASE_BANK.count(old) == 1, old
    return BASE_BANK.replace(old, new)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


Writer = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile file: how to write it and what popquiz must say about it.

    ``codes``: the diagnostic codes any one of which is the right answer (an empty tuple
    means the file is valid and must load). ``line``: the line the first diagnostic must point
    at, when the case pins it down (with libyaml; the pure parser may stop earlier for limits
    it checks before parsing, see ``pure_codes``).
    """

    name: str
    kind: str  # "bank" or "answers"
    write: Writer
    codes: tuple[str, ...]
    line: int | None = None
    pure_codes: tuple[str, ...] | None = None  # when the pure-Python path differs
    pure_line: int | None = None
    note: str = ""
    # kind "command" (the paths *around* a bank, reliability review round 2): ``setup`` builds
    # the scene in the case's folder and returns popquiz's arguments; the run must exit with
    # ``status``, print ``says`` and never write ESC.
    setup: Callable[[Path], list[str]] | None = None
    status: int | None = None
    says: str = ""
    env: tuple[tuple[str, str], ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.{'answers.' if self.kind == 'answers' else ''}yaml"

    def expected_status(self, pure: bool) -> int:
        if self.status is not None:
            return self.status
        return 1 if self.expected(pure) else 0

    def expected(self, pure: bool) -> tuple[str, ...]:
        return self.pure_codes if pure and self.pure_codes is not None else self.codes

    def expected_line(self, pure: bool) -> int | None:
        if pure and self.pure_codes is not None:
            return self.pure_line
        return self.line


def _text(content: str) -> Writer:
    def write(path: Path) -> None:
        path.write_text(content, encoding="utf-8", newline="")

    return write


def _bytes(content: bytes | Callable[[], bytes]) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(content() if callable(content) else content)

    return write


def _bank(old: str, new: str) -> Writer:
    return _text(bank_with(old, new))


def _line(old: str, new: str, needle: str | None = None) -> int:
    return line_of(bank_with(old, new), needle or new.strip().splitlines()[0])


# --- generators for the big cases ------------------------------------------------------------


def _billion_laughs() -> str:
    """Nine levels of ten aliases each: a billion "lol"s if anything expanded them."""
    lines = ['lol0: &l0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return BASE_BANK + "\n".join(lines) + "\n"


def _deep(prefix: str, opener: str, closer: str = "", depth: int = 100_000) -> Writer:
    return _text(prefix + opener * depth + "x" + closer * depth + "\n")


def _fifty_megabytes(path: Path) -> None:
    chunk = ("# " + "padding " * 12 + "\n") * 1024
    with path.open("w", encoding="utf-8") as fh:
        fh.write(BASE_BANK)
        written = len(BASE_BANK)
        while written < 50 * 1024 * 1024:
            fh.write(chunk)
            written += len(chunk)


def _ten_megabyte_scalar(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(bank_with("title: Hostile input\n", 'title: "'))
        # The scalar continues to the end of the file: 10 MiB of one string.
        fh.write("x" * (10 * 1024 * 1024) + '"\n')


def _just_over_limit(path: Path) -> None:
    from popquiz.bank.yamlsafe import MAX_BYTES

    body = BASE_BANK.encode()
    path.write_bytes(body + b"#" * (MAX_BYTES + 1 - len(body)))


def _hundred_thousand_questions(path: Path) -> None:
    head = BASE_BANK.split("questions:\n")[0] + "questions:\n"
    tail = "outcomes:\n" + BASE_BANK.split("outcomes:\n")[1]
    rows = (
        f"- {{id: q{i}, text: Q{i}, answers: [{{id: a, text: A}}, {{id: b, text: B}}]}}\n"
        for i in range(100_000)
    )
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        fh.writelines(rows)
        fh.write(tail)


HUNDRED_K_FIRST_LINE = BASE_BANK.split("questions:\n")[0].count("\n") + 2


def _many_values(path: Path) -> None:
    """600,000 tiny values (7 MiB): over the values limit, under the size limit."""
    row = "[" + ",".join(["0"] * 9_999) + "]"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(BASE_BANK + "padding:\n")
        for _ in range(60):
            fh.write("  - " + row + "\n")


def _deep_and_wide(path: Path) -> None:
    """Values 60 levels down, 10,000 to a list: 1 MB that cost 360 MB before the compact index."""
    row = "[" * 60 + ",".join(["0"] * 9_999) + "]" * 60
    with path.open("w", encoding="utf-8") as fh:
        fh.write(BASE_BANK + "padding:\n")
        for _ in range(51):
            fh.write("  - " + row + "\n")


def _long_text(path: Path) -> None:
    path.write_text(
        bank_with("text: First question?", "text: " + "long " * 2_000), encoding="utf-8"
    )


def _random_bytes() -> bytes:
    return random.Random(7).randbytes(64 * 1024)


BANK_CASES: list[Case] = [
    # Tags: plain data only.
    Case(
        "tag-python-object-apply",
        "bank",
        _bank(
            "title: Hostile input",
            "title: !!python/object/apply:os.system ['touch PWNED']",
        ),
        ("E006",),
        line=2,
    ),
    Case(
        "tag-python-name",
        "bank",
        _bank(
            "description: A bank for the hostile-input tests.",
            "description: !!python/name:os.system ''",
        ),
        ("E006",),
        line=3,
    ),
    Case(
        "tag-python-object-mapping",
        "bank",
        _bank("  - id: x\n", "  - !!python/object:builtins.dict\n    id: x\n"),
        ("E006",),
        line=5,
    ),
    Case(
        "tag-unknown-local",
        "bank",
        _bank("title: Hostile input", "title: !secret hi"),
        ("E006",),
        2,
    ),
    Case(
        "tag-unknown-verbatim",
        "bank",
        _bank("title: Hostile input", "title: !<tag:evil.example,2024:x> hi"),
        ("E006",),
        2,
    ),
    Case("tag-binary", "bank", _bank("title: Hostile input", "title: !!binary aGk="), ("E006",), 2),
    Case(
        "tag-on-key",
        "bank",
        _bank("title: Hostile input", "!!python/name:os.system : Hostile input"),
        ("E006",),
        2,
    ),
    # Aliases: never expanded.
    Case(
        "alias-billion-laughs",
        "bank",
        _text(_billion_laughs()),
        ("E005",),
        line=BASE_BANK.count("\n") + 1,  # the first anchor
    ),
    Case(
        "alias-self-reference",
        "bank",
        _bank("axes:\n", "loop: &loop [*loop]\naxes:\n"),
        ("E005",),
        line=_line("axes:\n", "loop: &loop [*loop]\naxes:\n", "loop:"),
    ),
    Case(
        "alias-merge-key",
        "bank",
        _bank(
            "  - id: down\n",
            "  - &base\n    id: side\n    title: S\n    description: S\n    profile: {x: 0}\n"
            "  - <<: *base\n    id: down\n",
        ),
        ("E005",),
    ),
    # Nesting: bounded while parsing, before anything recursive sees it.
    Case("nesting-100k-flow-lists", "bank", _deep("title: ", "[", "]"), ("E003",), line=1),
    Case("nesting-100k-flow-maps", "bank", _deep("title: ", "{a: ", "}"), ("E003",), line=1),
    Case("nesting-100k-block-lists", "bank", _deep("", "- "), ("E003",), line=1),
    Case("nesting-100k-unclosed", "bank", _deep("title: ", "["), ("E003",), line=1),
    # Size.
    Case("size-50-megabytes", "bank", _fifty_megabytes, ("E002",), line=1),
    Case("size-10-megabyte-scalar", "bank", _ten_megabyte_scalar, ("E002",), line=1),
    Case("size-one-byte-over-the-limit", "bank", _just_over_limit, ("E002",), line=1),
    Case(
        "size-100k-questions",
        "bank",
        _hundred_thousand_questions,
        ("E002",),
        line=HUNDRED_K_FIRST_LINE + 10_000,
        pure_codes=("E002",),
        pure_line=1,
        note="stops at item 10,001 (libyaml); over the pure parser's 1 MiB before parsing",
    ),
    Case(
        "size-600k-values",
        "bank",
        _many_values,
        ("E002",),
        pure_codes=("E002",),
        pure_line=1,
        note="values limit (libyaml); size limit of the pure parser",
    ),
    Case("size-deep-and-wide", "bank", _deep_and_wide, ("E002",), note="values limit, 1 MB"),
    # Duplicate keys.
    Case(
        "duplicate-key",
        "bank",
        _bank("title: Hostile input\n", "title: Hostile input\ntitle: Again\n"),
        ("E004",),
        line=3,
    ),
    Case(
        "duplicate-key-quoted",
        "bank",
        _bank("title: Hostile input\n", 'title: Hostile input\n"title": Again\n'),
        ("E004",),
        line=3,
    ),
    Case(
        "duplicate-key-1-and-true",
        "bank",
        _bank("weights: {x: 1}", "weights: {1: 1, true: 2, x: 1}"),
        ("E001",),
        line=line_of(BASE_BANK, "weights: {x: 1}"),
        note="non-text keys are refused, so 1 and true cannot collide",
    ),
    Case(
        "duplicate-key-1-and-quoted-1",
        "bank",
        _bank("weights: {x: 1}", 'weights: {"1": 1, 1: 2, x: 1}'),
        ("E001",),
        line=line_of(BASE_BANK, "weights: {x: 1}"),
    ),
    Case(
        "key-complex",
        "bank",
        _bank("title: Hostile input\n", "? [a, b]\n: c\ntitle: Hostile input\n"),
        ("E001",),
        line=2,
    ),
    Case("multiple-documents", "bank", _text(BASE_BANK + "---\n" + BASE_BANK), ("E001",)),
    # YAML 1.1 surprises: words stay text; numbers and booleans in text fields need quotes.
    Case(
        "yaml11-words-stay-text",
        "bank",
        _text(
            bank_with("text: Yes", "text: no")
            .replace("text: No", "text: on")
            .replace("title: Up", "title: 1:30")
            .replace("title: Down", "title: 2024-01-02")
            .replace("low: Low", "low: off")
            .replace("high: High", "high: y")
        ),
        (),
    ),
    Case(
        "yaml11-number-in-text",
        "bank",
        _bank("title: Up", "title: 1.0"),
        ("E103",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    Case(
        "yaml11-boolean-in-text",
        "bank",
        _bank("title: Up", "title: true"),
        ("E103",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    # Encodings and bytes.
    Case(
        "utf8-invalid",
        "bank",
        _bytes(
            bank_with("title: Hostile input", "title: Caf\udcc3").encode("utf-8", "surrogateescape")
        ),
        ("E008",),
        line=2,
    ),
    Case("utf16-le-bom", "bank", _bytes(BASE_BANK.encode("utf-16")), ("E008",), line=1),
    Case("utf16-be-bom", "bank", _bytes(b"\xfe\xff" + BASE_BANK.encode("utf-16-be")), ("E008",), 1),
    Case("utf16-no-bom", "bank", _bytes(BASE_BANK.encode("utf-16-le")), ("E007",), line=1),
    Case("utf32-bom", "bank", _bytes(BASE_BANK.encode("utf-32")), ("E008",), line=1),
    Case(
        "nul-byte",
        "bank",
        _bytes(bank_with("title: Hostile input", "title: Hostile\x00input").encode()),
        ("E007",),
        line=2,
    ),
    Case("crlf-line-endings", "bank", _bytes(BASE_BANK.replace("\n", "\r\n").encode()), ()),
    Case("cr-line-endings", "bank", _bytes(BASE_BANK.replace("\n", "\r").encode()), ()),
    Case("utf8-bom", "bank", _bytes(b"\xef\xbb\xbf" + BASE_BANK.encode()), ()),
    Case(
        "tabs-for-indentation",
        "bank",
        _bank("    low: Low\n", "\tlow: Low\n"),
        ("E001",),
        note="hint: indent with spaces",
    ),
    Case("empty-file", "bank", _bytes(b""), ("E009",), line=1),
    Case("whitespace-only", "bank", _bytes(b"\n   \n\n"), ("E009",)),
    Case("comments-only", "bank", _bytes(b"# nothing here\n"), ("E009",)),
    Case("binary-random", "bank", _bytes(_random_bytes), ("E008", "E007", "E001")),
    Case(
        "binary-png-header",
        "bank",
        _bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        ("E008",),
        line=1,
    ),
    Case(
        "binary-gzip", "bank", _bytes(lambda: gzip.compress(BASE_BANK.encode(), mtime=0)), ("E008",)
    ),
    # Numbers where numbers belong must be finite numbers.
    Case("weight-nan", "bank", _bank("weights: {x: 1}", "weights: {x: .nan}"), ("E103",)),
    Case("weight-inf", "bank", _bank("weights: {x: 1}", "weights: {x: .inf}"), ("E103",)),
    Case("weight-minus-inf", "bank", _bank("weights: {x: 1}", "weights: {x: -.inf}"), ("E103",)),
    Case("weight-1e309", "bank", _bank("weights: {x: 1}", "weights: {x: 1e309}"), ("E103",)),
    Case("weight-boolean", "bank", _bank("weights: {x: 1}", "weights: {x: true}"), ("E103",)),
    Case("weight-quoted", "bank", _bank("weights: {x: 1}", 'weights: {x: "1"}'), ("E103",)),
    Case(
        "weight-5000-digits",
        "bank",
        _bank("weights: {x: 1}", "weights: {x: " + "9" * 5000 + "}"),
        ("E103",),
        note="Python's int() refuses over 4,300 digits; must not crash",
    ),
    Case("likert-weight-nan", "bank", _bank("    weight: 1\n", "    weight: .nan\n"), ("E103",)),
    Case("profile-inf", "bank", _bank("profile: {x: 1}", "profile: {x: .inf}"), ("E103",)),
    Case(
        "string-10000-chars",
        "bank",
        _long_text,
        ("E103",),
        line=line_of(BASE_BANK, "text: First question?"),
    ),
    # Control characters and terminal escapes: refused wherever they are.
    Case(
        "id-control-char-escaped",
        "bank",
        _bank("  - id: q1\n", '  - id: "q\\u0001"\n'),
        ("E007",),
        line=line_of(BASE_BANK, "  - id: q1"),
    ),
    Case(
        "id-control-char-raw",
        "bank",
        _bank("title: Hostile input", "title: Häßlich\x01"),
        ("E007",),
        line=2,
        note="raw control byte after non-ASCII text: located by character, not byte",
    ),
    Case(
        "escape-csi-colour",
        "bank",
        _bank("title: Up", 'title: "\\e[31mred\\e[0m"'),
        ("E007",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    Case(
        "escape-csi-clear-screen",
        "bank",
        _bank("text: Yes", 'text: "\\e[2J\\e[H"'),
        ("E007",),
        line=line_of(BASE_BANK, "text: Yes"),
    ),
    Case(
        "escape-osc52-clipboard",
        "bank",
        _bank("text: I agree with this.", 'text: "\\e]52;c;cm0gLXJmIH4K\\a"'),
        ("E007",),
        line=line_of(BASE_BANK, "text: I agree with this."),
    ),
    Case(
        "escape-osc8-hyperlink",
        "bank",
        _bank(
            "blurb: Listen to this one.",
            'blurb: "\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\"',
        ),
        ("E007",),
        line=line_of(BASE_BANK, "blurb: Listen"),
    ),
    Case(
        "escape-osc-title",
        "bank",
        _bank("description: Up it goes.", 'description: "\\e]0;pwned\\a"'),
        ("E007",),
        line=line_of(BASE_BANK, "description: Up it goes."),
    ),
    Case(
        "escape-raw-esc-byte",
        "bank",
        _bank("title: Hostile input", "title: \x1b[31mred"),
        ("E007",),
        line=2,
    ),
    Case(
        "c1-csi-escaped",
        "bank",
        _bank("title: Up", 'title: "\\x9b31mred"'),
        ("E007",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    Case(
        "c1-raw",
        "bank",
        _bank("title: Up", "title: \u009d0;pwned\u009c"),
        ("E007",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    Case(
        "c1-next-line-escape",
        "bank",
        _bank("title: Up", 'title: "a\\Nb"'),
        ("E007",),
        line=line_of(BASE_BANK, "title: Up"),
    ),
    Case(
        "bidi-override",
        "bank",
        _bank("name: First act", "name: First \u202etca"),
        ("E007",),
        line=line_of(BASE_BANK, "name: First act"),
    ),
    Case(
        "bidi-isolate",
        "bank",
        _bank("name: First act", 'name: "First \\u2066act\\u2069"'),
        ("E007",),
        line=line_of(BASE_BANK, "name: First act"),
    ),
    Case(
        "lone-surrogate-escape",
        "bank",
        _bank("title: Up", 'title: "\\ud800"'),
        ("E001", "E007"),
        line=line_of(BASE_BANK, "title: Up"),
        note="libyaml refuses the escape; the pure parser builds it and popquiz refuses it",
    ),
    Case(
        "escape-out-of-range",
        "bank",
        _bank("title: Up", 'title: "\\U00110000"'),
        ("E001",),
        line=line_of(BASE_BANK, "title: Up"),
        note="the pure parser used to raise ValueError (a crash) here",
    ),
    # Rich markup is just text: it must load, and render inert (tests/test_hostile.py).
    Case(
        "rich-markup-is-text",
        "bank",
        _text(
            bank_with("title: Up", "title: '[link=https://evil.example]Up[/link] [/]'")
            .replace("blurb: Listen to this one.", "blurb: '[bold red]loud[/] [/] :smile:'")
            .replace("text: Yes", "text: '[/link]Yes[link=x]'")
        ),
        (),
    ),
]


# --- answers files (for BASE_BANK) -----------------------------------------------------------


def _answers(content: str) -> Writer:
    return _text(content)


def _huge_answers(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("q1: a\n")
        fh.write(("# " + "x" * 98 + "\n") * 12_000)  # 1.2 MB of comments


ANSWERS_CASES: list[Case] = [
    Case("answers-malformed", "answers", _answers("q1: [a\nq2: 3\n"), ("E001",)),
    Case("answers-unknown-question", "answers", _answers("q1: a\nq9: b\n"), ("A002",), line=2),
    Case("answers-unknown-answer", "answers", _answers("q1: zzz\n"), ("A004",), line=1),
    Case("answers-choice-as-list", "answers", _answers("q1: [a, b]\n"), ("A004",), line=1),
    Case("answers-likert-0", "answers", _answers("q1: a\nq2: 0\n"), ("A003",), line=2),
    Case("answers-likert-6", "answers", _answers("q2: 6\n"), ("A003",), line=1),
    Case("answers-likert-quoted", "answers", _answers('q2: "5"\n'), ("A003",), line=1),
    Case("answers-likert-true", "answers", _answers("q2: true\n"), ("A003",), line=1),
    Case("answers-likert-float", "answers", _answers("q2: 3.5\n"), ("A003",), line=1),
    Case("answers-likert-nan", "answers", _answers("q2: .nan\n"), ("A003",), line=1),
    Case("answers-not-a-mapping", "answers", _answers("- q1\n- a\n"), ("A001",), line=1),
    Case("answers-empty", "answers", _answers(""), ("A001",), line=1),
    Case(
        "answers-alias-bomb",
        "answers",
        _answers("a: &a [x, x]\nb: &b [*a, *a]\nq1: *b\n"),
        ("E005",),
        line=1,  # the first anchor
    ),
    Case(
        "answers-python-tag",
        "answers",
        _answers("q1: !!python/object/apply:os.system ['touch PWNED']\n"),
        ("E006",),
        line=1,
    ),
    Case("answers-nesting-100k", "answers", _deep("q1: ", "["), ("E003",), line=1),
    Case("answers-huge", "answers", _huge_answers, ("E002",), line=1),
    Case("answers-binary", "answers", _bytes(_random_bytes), ("E008", "E007", "E001")),
    Case("answers-escape-in-key", "answers", _answers('"q1\\e[2J": a\n'), ("E007",), line=1),
    Case("answers-duplicate-question", "answers", _answers("q1: a\nq1: b\n"), ("E004",), line=2),
]

# --- the paths around a bank (reliability review, second round) -----------------------------

LONG = "a" * 300  # longer than any file name the system allows (ENAMETOOLONG)


def _user_folder(folder: Path) -> Path:
    quizzes = folder / "home" / "quizzes"  # POPQUIZ_HOME is <folder>/home (hostile.runner)
    quizzes.mkdir(parents=True, exist_ok=True)
    return quizzes


def _fifo_in_user_folder(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        os.mkfifo(_user_folder(folder) / "p.yaml")
        return list(args)

    return setup


def _fifo_in_listed_folder(folder: Path) -> list[str]:
    (folder / "d").mkdir()
    os.mkfifo(folder / "d" / "e.yaml")
    return ["list", str(folder / "d")]


def _fifo_bank(folder: Path) -> list[str]:
    os.mkfifo(folder / "p.yaml")
    return ["take", str(folder / "p.yaml"), "--random", "--no-save", "--json"]


ESCAPE_NAME = "x\x1b]0;PWNED\x07\x1b[2J.yaml"


def _escape_file_name(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / "esc").mkdir()
        (folder / "esc" / ESCAPE_NAME).write_text("id: e\ntitle: [\n", encoding="utf-8")
        return [a.replace("{}", str(folder / "esc")) for a in args]

    return setup


def _shadowed_escape_name(folder: Path) -> list[str]:
    (folder / "esc").mkdir()
    (folder / "esc" / ESCAPE_NAME).write_text(BASE_BANK, encoding="utf-8")
    (folder / "esc" / "hostile.yaml").write_text(BASE_BANK, encoding="utf-8")
    (folder / "esc" / ("y\x1b[2J" + ".yaml")).write_text(BASE_BANK, encoding="utf-8")
    return ["list", str(folder / "esc")]


def _loop_in_user_folder(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (_user_folder(folder) / "loop.yaml").symlink_to("loop.yaml")
        return list(args)

    return setup


def _loop_in_listed_folder(folder: Path) -> list[str]:
    (folder / "d").mkdir()
    (folder / "d" / "loop.yaml").symlink_to("loop.yaml")
    (folder / "d" / "ok.yaml").write_text(BASE_BANK, encoding="utf-8")
    return ["list", str(folder / "d")]


def _loop_catalogue(folder: Path) -> list[str]:
    bank = folder / "with-catalogue.yaml"
    acts = BASE_BANK[BASE_BANK.index("acts:") :]
    bank.write_text(BASE_BANK.replace(acts, "catalogue: acts.yaml\n"), encoding="utf-8")
    (folder / "acts.yaml").symlink_to("acts.yaml")
    return ["validate", str(bank)]


def _loop_bank(command: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / "loop.yaml").symlink_to("loop.yaml")
        if command == "take":
            return ["take", str(folder / "loop.yaml"), "--random", "--no-save"]
        return [command, str(folder / "loop.yaml")]

    return setup


def _args(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        return [a.replace("{}", str(folder)) for a in args]

    return setup


def _dangling(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / "link").symlink_to(folder / "nowhere" / "target")
        (folder / "link.yaml").symlink_to(folder / "nowhere" / "target.yaml")
        (folder / "link.json").symlink_to(folder / "nowhere" / "target.json")
        (folder / "bank.yaml").write_text(BASE_BANK, encoding="utf-8")
        return [a.replace("{}", str(folder)) for a in args]

    return setup


def _fifo_target(*args: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        for name in ("out.json", "out.yaml", "out.md"):
            os.mkfifo(folder / name)
        (folder / "bank.yaml").write_text(BASE_BANK, encoding="utf-8")
        return [a.replace("{}", str(folder)) for a in args]

    return setup


def _in_bank(fragment_old: str, fragment_new: str) -> Writer:
    return _bank(fragment_old, fragment_new)


RANDOM = ("--random", "--no-save", "--json")
ASCII = (("PYTHONIOENCODING", "ascii"),)
LATIN1 = (("PYTHONIOENCODING", "latin-1"),)

PATH_CASES: list[Case] = [
    Case("C1-fifo-in-user-folder-take", "command", _text(""), (), status=0, says="",
         setup=_fifo_in_user_folder("take", *RANDOM)),
    Case("C1-fifo-in-user-folder-take-id", "command", _text(""), (), status=0, says="",
         setup=_fifo_in_user_folder("take", "kpop-vs-jpop", *RANDOM)),
    Case("C1-fifo-in-user-folder-unknown-id", "command", _text(""), (), status=2,
         says="no bank with id", setup=_fifo_in_user_folder("take", "nosuch", *RANDOM)),
    Case("C1-fifo-in-user-folder-list", "command", _text(""), (), status=0, says="FIFO",
         setup=_fifo_in_user_folder("list")),
    Case("C1-fifo-in-listed-folder", "command", _text(""), (), status=0, says="FIFO",
         setup=_fifo_in_listed_folder),
    Case("C1-fifo-as-the-bank", "command", _text(""), (), status=2, says="not a regular file",
         setup=_fifo_bank),
    Case("C2-escape-in-file-name-list", "command", _text(""), (), status=0, says="\\x1b]0;",
         setup=_escape_file_name("list", "{}")),
    Case("C2-escape-in-file-name-github", "command", _text(""), (), status=1, says="\\x1b",
         setup=_escape_file_name("validate", "--format", "github", "{}/" + ESCAPE_NAME)),
    Case("C2-escape-in-shadowed-file-name", "command", _text(""), (), status=0,
         says="defined twice", setup=_shadowed_escape_name),
    Case("C3-history-export-onto-a-fifo", "command", _text(""), (), status=73,
         says="FIFO", setup=_fifo_target("history", "export", "{}/out.json")),
    Case("C3-export-onto-a-fifo", "command", _text(""), (), status=73, says="FIFO",
         setup=_fifo_target("take", "{}/bank.yaml", *RANDOM, "--export", "{}/out.md")),
    Case("C3-history-export-to-a-folder", "command", _text(""), (), status=73, says="folder",
         setup=_args("history", "export", "{}")),
    Case("C3-export-through-a-dangling-symlink", "command", _text(""), (), status=73,
         says="dangling", setup=_dangling("take", "{}/bank.yaml", *RANDOM, "--export",
                                          "{}/link.json")),
    Case("M1-symlink-loop-validate", "command", _text(""), (), status=1, says="symlink loop",
         setup=_loop_bank("validate")),
    Case("M1-symlink-loop-take", "command", _text(""), (), status=2, says="symlink loop",
         setup=_loop_bank("take")),
    Case("M1-symlink-loop-analyze", "command", _text(""), (), status=2, says="symlink loop",
         setup=_loop_bank("analyze")),
    Case("M1-symlink-loop-as-catalogue", "command", _text(""), (), status=1, says="E010",
         setup=_loop_catalogue),
    Case("M1-symlink-loop-in-user-folder-list", "command", _text(""), (), status=0,
         says="symlink loop", setup=_loop_in_user_folder("list")),
    Case("M1-symlink-loop-in-user-folder-unknown-id", "command", _text(""), (), status=2,
         says="no bank with id", setup=_loop_in_user_folder("take", "nosuch", *RANDOM)),
    Case("M1-symlink-loop-in-user-folder-take-id", "command", _text(""), (), status=0,
         says="", setup=_loop_in_user_folder("take", "kpop-vs-jpop", *RANDOM)),
    Case("M1-symlink-loop-in-user-folder-bare", "command", _text(""), (), status=0,
         says="", setup=_loop_in_user_folder("take", *RANDOM)),
    Case("M1-symlink-loop-in-listed-folder", "command", _text(""), (), status=0,
         says="symlink loop", setup=_loop_in_listed_folder),
    Case("M2-long-name-take", "command", _text(""), (), status=2, says="too long",
         setup=_args("take", LONG + ".yaml", *RANDOM)),
    Case("M2-long-id-take", "command", _text(""), (), status=2, says="too long",
         setup=_args("take", LONG, *RANDOM)),
    Case("M2-long-name-list", "command", _text(""), (), status=2, says="too long",
         setup=_args("list", LONG)),
    Case("M2-long-name-validate", "command", _text(""), (), status=1, says="too long",
         setup=_args("validate", LONG + ".yaml")),
    Case("M2-long-name-new", "command", _text(""), (), status=73, says="too long",
         setup=_args("new", LONG + ".yaml")),
    Case("M2-long-name-history-export", "command", _text(""), (), status=73, says="too long",
         setup=_args("history", "export", LONG + ".json")),
    Case("M3-ascii-stdout-take-json", "command", _text(""), (), status=0, says="",
         setup=_args("take", *RANDOM), env=ASCII),
    Case("M3-ascii-stdout-list", "command", _text(""), (), status=0, says="kpop-vs-jpop",
         setup=_args("list"), env=ASCII),
    Case("M3-latin1-stdout-take-korean", "command", _text(""), (), status=0, says="",
         setup=_args("take", "--random", "--no-save", "--lang", "ko"), env=LATIN1),
    Case("M3-ascii-stdout-take-japanese", "command", _text(""), (), status=0, says="",
         setup=_args("take", "--random", "--no-save", "--lang", "ja"), env=ASCII),
    Case("M9-history-show-huge-number", "command", _text(""), (), status=2, says="",
         setup=_args("history", "show", "99999999999999999999")),
    Case("minor-2-new-through-a-dangling-symlink", "command", _text(""), (), status=73,
         says="dangling", setup=_dangling("new", "{}/link.yaml")),
    Case("minor-2-new-force-onto-a-fifo", "command", _text(""), (), status=73, says="FIFO",
         setup=_fifo_target("new", "{}/out.yaml", "--force")),
]  # fmt: skip

# Invisible, direction-changing and noncharacters in names and text (minor 6, 7).
HIDDEN_CASES: list[Case] = [
    Case(f"minor-{n}-{name}", "bank", _bank("name: First act", f'name: "First{esc}act"'),
         ("E007",), line=line_of(BASE_BANK, "name: First act"))
    for n, name, esc in [
        (6, "noncharacter-fffe", "\\uFFFE"),
        (6, "noncharacter-ffff", "\\uFFFF"),
        (7, "arabic-letter-mark", "\\u061C"),
        (7, "line-separator", "\\u2028"),
        (7, "paragraph-separator", "\\u2029"),
        (7, "tag-character", "\\U000E0041"),
        (7, "hangul-filler", "\\u3164"),
        (7, "zero-width-space", "\\u200B"),
        (7, "zero-width-joiner-in-latin", "\\u200D"),
        (7, "word-joiner", "\\u2060"),
    ]
]  # fmt: skip

CASES: list[Case] = BANK_CASES + ANSWERS_CASES + PATH_CASES + HIDDEN_CASES


def write_case(case: Case, folder: Path) -> list[str]:
    """Write ``case`` (and, for answers, the bank) into ``folder``; return popquiz's arguments."""
    if case.setup is not None:
        return case.setup(folder)
    target = folder / case.filename
    case.write(target)
    if case.kind == "bank":
        return ["validate", str(target)]
    bank = folder / "base-bank.yaml"
    if not bank.exists():
        bank.write_text(BASE_BANK, encoding="utf-8")
    return ["take", str(bank), "--answers", str(target), "--no-save", "--json"]
