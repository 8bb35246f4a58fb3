"""Properties of hostile input, checked with Hypothesis.

- For any bytes, loading gives a bank or the project's own diagnostics, never another
  exception, through both YAML parsers.
- For any bank text, the question and result screens emit no escape sequence but SGR colour
  codes, and never a hyperlink; Rich markup in bank text is shown literally.
- For any answers to a valid bank, scoring succeeds, is deterministic and stays in bounds.

The example counts come from the profiles in conftest.py: 1,000 per property in CI.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import re
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checking import check_text, without_libyaml
from hostile.corpus import BASE_BANK
from popquiz.bank import safeio, yamlsafe
from popquiz.bank.loader import check, load_bank
from popquiz.errors import BankError, Diagnostic
from popquiz.i18n import Locale
from records import plain
from strategies import banks_and_answers

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")

# --- any bytes -------------------------------------------------------------------------------

YAML_PIECES = [
    "-",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    ":",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!",
    "!!str",
    "!!python/name:os.system",
    "|",
    ">",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "?",
    "@",
    "`",
    "\\",
    "\\e",
    "\\x9b",
    "\\u202e",
    "\\ud800",
    "\\U00110000",
    "\\N",
    "\\0",
    "id",
    "title",
    "questions",
    "axes",
    "outcomes",
    "weights",
    "kind: likert",
    "text",
    "answers",
    "1",
    "-1",
    "1e309",
    ".nan",
    ".inf",
    "0x1F",
    "true",
    "no",
    "on",
    "~",
    "null",
    "2024-01-02",
    "é",
    "가",
    "日本",
    "😀",
    "\x1b",
    "\x00",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\x7f",
    "\x9b",
    "\ufffe",
    "9" * 5000,
]


def _spliced(base: str) -> st.SearchStrategy[bytes]:
    """``base`` with a few random pieces spliced in at random places."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        text = base
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 8))
            piece = "".join(draw(st.lists(st.sampled_from(YAML_PIECES), min_size=1, max_size=4)))
            text = text[:at] + piece + text[at + cut :]
        raw = text.encode("utf-8", "surrogatepass")
        if draw(st.booleans()):
            at = draw(st.integers(0, len(raw)))
            raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
        return raw

    return build()


ANY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(YAML_PIECES), max_size=60).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    _spliced(BASE_BANK),
)


def _well_formed(problems: list[Diagnostic]) -> None:
    assert problems
    for d in problems:
        assert isinstance(d, Diagnostic)
        assert d.line >= 1 and d.col >= 1 and re.fullmatch(r"[EA]\d{3}", d.code)
        assert d.message and "\x1b" not in d.format()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(raw=ANY_BYTES)
def test_any_bytes_give_a_bank_or_diagnostics(raw: bytes) -> None:
    try:
        text = safeio.decode(raw, "x.yaml")
    except yamlsafe.YamlRejected as exc:
        _well_formed(exc.diagnostics)
        return
    results = []
    for pure in (False, True):
        with without_libyaml() if pure else nullcontext():
            bank, problems = check(raw, display="x.yaml", kind="bank").result()
        if bank is None:
            _well_formed(problems)
        else:
            assert problems == []
        results.append(bank is None)
    # Both parsers agree on whether a bank is valid, except where the pure one has smaller
    # limits or libyaml is stricter about a few escapes (both then report a located error).
    if results[0] != results[1]:
        assert len(raw) > 1000 or "\\" in text or "?" in text, text


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(raw=ANY_BYTES)
def test_load_bank_raises_only_bank_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_bytes(raw)
        for pure in (False, True):
            try:
                with without_libyaml() if pure else nullcontext():
                    load_bank(path)
            except BankError as exc:
                _well_formed(exc.diagnostics)


# --- rendering never emits escapes but SGR, and markup stays text ---------------------------------

NASTY = [
    "\x1b",
    "\x1b[",
    "\x1b]",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;title\x07",
    "\x1bP",
    "\x1b[2J",
    "\x07",
    "\x08",
    "\r",
    "\x00",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9d",
    "\x9c",
    "\u202e",
    "\u2066",
    "\u200f",
    "\ud800",
]
MARKUP = [
    "[",
    "]",
    "[/]",
    "[link=https://evil.example]",
    "[/link]",
    "[bold red]",
    "[/bold red]",
    ":smile:",
    ":red_heart:",
    "\\[",
    "[@click=app.quit]",
    "[on #ff0000]",
    "[blink]",
    "%s",
    "{0}",
    "{x}",
]
# What the loader refuses in text (kept independent of yamlsafe's own pattern on purpose).
REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
BANK_TEXT = st.lists(
    st.one_of(
        st.sampled_from(NASTY + MARKUP),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=8,
).map("".join)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def _bank_data(texts: list[str]) -> dict[str, Any]:
    """A valid bank whose every text field is one of ``texts`` (cycled)."""
    it = itertools.cycle(texts)

    def tx() -> str:
        return next(it)

    return {
        "id": "nasty",
        "title": tx(),
        "description": tx(),
        "axes": [{"id": "x", "low": tx(), "high": tx(), "label": tx()}],
        "questions": [
            {
                "id": "q1",
                "text": tx(),
                "skippable": True,
                "answers": [
                    {"id": "a", "text": tx(), "weights": {"x": 1}},
                    {"id": "b", "text": tx(), "weights": {"x": -1}},
                ],
            },
            {"id": "q2", "kind": "likert", "axis": "x", "text": tx()},
        ],
        "outcomes": [
            {"id": "up", "title": tx(), "description": tx(), "why": tx(), "profile": {"x": 1}},
            {"id": "down", "title": tx(), "description": tx(), "profile": {"x": -1}},
        ],
        "acts": [
            {
                "id": f"act{i}",
                "name": tx(),
                "scene": "up" if i % 2 else "down",
                "profile": {"x": (i - 2) / 2},
                "blurb": tx(),
                "facts": {
                    "agency": tx(),
                    "songs": [tx()[:200]],
                    "status": {"text": tx(), "as_of": 2024},
                },
            }
            for i in range(5)
        ],
    }


def _screens(bank: Any, answers: dict[str, Any], width: int) -> tuple[str, str]:
    """Everything the question and result screens print: (raw terminal output, plain text)."""
    from rich.console import Console

    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score
    from popquiz.engine.session import Session
    from popquiz.ui.interactive import (
        progress_renderable,
        prompt_spec,
        question_renderable,
        welcome_renderable,
    )
    from popquiz.ui.render import render_report

    console = Console(
        record=True,
        force_terminal=True,
        color_system="truecolor",
        width=width,
        file=io.StringIO(),
    )
    session = Session.start(bank)
    console.print(
        welcome_renderable(session, Locale("en", session.bank.language), plain=False, resumed=False)
    )
    while (q := session.current()) is not None:
        spec = prompt_spec(session, q, Locale("en", session.bank.language))
        console.print(
            progress_renderable(session, Locale("en", session.bank.language), width, plain=False)
        )
        console.print(question_renderable(spec, plain=False))
        for choice in spec.choices:
            console.print(choice.title, markup=False, highlight=False, emoji=False)
        session.answer(answers[q.id])
    result = score(bank, answers)
    report = build_report(bank, result, recommend(bank, result), "en")
    json.dumps(report, allow_nan=False)
    render_report(report, console)
    return console.file.getvalue(), console.export_text()  # type: ignore[attr-defined]


def _assert_inert(raw: str) -> None:
    assert "\x1b]" not in raw and "\x9d" not in raw, "an OSC sequence (hyperlink, title, ...)"
    rest = SGR.sub("", raw)
    assert "\x1b" not in rest and "\x9b" not in rest, repr(rest)
    assert REFUSED.search(rest.replace("\n", "")) is None, repr(rest)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts=st.lists(BANK_TEXT, min_size=1, max_size=6), width=st.sampled_from([20, 40, 80]))
def test_screens_emit_only_sgr_and_never_a_hyperlink(texts: list[str], width: int) -> None:
    from popquiz.bank.spec import runtime_bank

    data = _bank_data(texts)
    # Through the loader: a control character never gets into a bank (it is refused with a
    # located error, or YAML itself read it as a line break, e.g. U+0085).
    bank, problems = check_text(json.dumps(data, ensure_ascii=False), "nasty.yaml")
    if bank is None:
        _well_formed(problems)
    else:
        assert REFUSED.search(json.dumps(plain(bank), ensure_ascii=False)) is None
    if REFUSED.search("".join(texts).replace("\x85", "")):
        assert bank is None and any(d.code in ("E007", "E008") for d in problems), problems
    clean = [REFUSED.sub("", t) for t in texts]
    assume(all(t.strip() for t in clean))
    bank = runtime_bank(_bank_data(clean))
    raw, _ = _screens(bank, {"q1": "a", "q2": 5}, width)
    _assert_inert(raw)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    title=st.lists(st.sampled_from([*MARKUP, "Up", "evil", " "]), min_size=1, max_size=6).map(
        "".join
    )
)
def test_markup_in_bank_text_is_shown_literally(title: str) -> None:
    assume(title.strip())
    data = _bank_data(["plain text"])
    data["outcomes"][0]["title"] = title
    data["questions"][0]["answers"][0]["text"] = title
    bank, problems = check_text(json.dumps(data, ensure_ascii=False), "markup.yaml")
    assert bank is not None, problems
    raw, shown = _screens(bank, {"q1": "a", "q2": 5}, 400)
    _assert_inert(raw)
    assert title.strip() in shown


# --- scoring -------------------------------------------------------------------------------------

WEIGHTS = st.one_of(
    st.floats(-100, 100, allow_nan=False),
    st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e-12, 100.0, -100.0]),
    st.integers(-100, 100),
)
UNIT = st.floats(-1, 1, allow_nan=False)


# Up to 4 axes, 8 questions, 5 answers, 4 outcomes and 6 acts; any weights, conditions.
BANKS_AND_ANSWERS = banks_and_answers(
    axes=(1, 4),
    questions=(1, 8),
    answers=(2, 5),
    outcomes=(2, 4),
    acts=(0, 6),
    likert_one_in=2,
    likert_weight=st.floats(1e-6, 100, allow_nan=False),
    weight=WEIGHTS,
    profile=UNIT,
    when_one_in=4,
    margins=[0.0, 0.05, 0.25, 0.5],
)


def _finite_in(value: float, lo: float, hi: float) -> bool:
    return math.isfinite(value) and lo - 1e-9 <= value <= hi + 1e-9


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=BANKS_AND_ANSWERS)
def test_scoring_succeeds_is_deterministic_and_bounded(case: tuple[Any, dict[str, Any]]) -> None:
    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score

    bank, answers = case
    result = score(bank, answers)
    again = score(bank, dict(reversed(list(answers.items()))))
    assert again == result
    assert result.outcome in bank.outcomes_by_id
    assert _finite_in(result.lead, 0, 1) and result.strength in ("clear", "leaning", "close")
    for axis in result.axes:
        assert _finite_in(axis.score, -1, 1)
        if not axis.measured:
            assert axis.score == 0
    for fit in result.fits:
        assert _finite_in(fit.fit, 0, 1) and math.isfinite(fit.distance)
    for c in result.contributions:
        assert math.isfinite(c.delta)
    recs = recommend(bank, result)
    assert recs == recommend(bank, result)
    for r in recs:
        assert _finite_in(r.match, 0, 1)
    report = build_report(bank, result, recs, "en")
    json.dumps(report, allow_nan=False)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_answers_to_the_shipped_banks_score_in_bounds(seed: int) -> None:
    import random

    from conftest import DEFAULT_BANK, EXAMPLE_BANK
    from popquiz.engine.scoring import score
    from popquiz.engine.session import random_answers

    for path in (DEFAULT_BANK, EXAMPLE_BANK):
        bank = _cached_bank(path)
        answers = random_answers(bank, random.Random(seed))
        result = score(bank, answers)
        assert result == score(bank, answers)
        assert all(_finite_in(a.score, -1, 1) for a in result.axes)
        assert _finite_in(result.lead, 0, 1) and result.strength in ("clear", "leaning", "close")


_BANKS: dict[Path, Any] = {}


def _cached_bank(path: Path) -> Any:
    if path not in _BANKS:
        _BANKS[path] = load_bank(path)
    return _BANKS[path]
