"""popquiz.engine.analysis: exact and sampled shares, reachability, influence, located warnings."""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banks import XY, Item, answer, bank_yaml, choice, likert, outcome
from checking import check_text
from conftest import DEFAULT_BANK, EXAMPLE_BANK, ROOT
from popquiz.bank.loader import load_bank
from popquiz.cli.analyze import read_for_analysis
from popquiz.engine import analysis as A
from popquiz.engine.analysis import budget as B
from popquiz.engine.analysis import findings as F
from popquiz.engine.analysis import shares as S
from popquiz.engine.compiled import Compiled, compiled
from popquiz.engine.recommend import recommend
from popquiz.engine.scoring import is_asked, score
from popquiz.engine.session import random_answers
from strategies import banks

STATE_BUDGET_EXACT = 10**6  # large enough for every bank here to be counted exactly


def bank_from(text: str, tmp_path: Path | None = None) -> Any:
    bank, problems = check_text(text, "tiny.yaml")
    assert bank is not None, "\n".join(d.format() for d in problems)
    return bank


def brute_force(bank: Any) -> dict[str, float]:
    """Outcome shares by enumerating every answer path with the real ``score``."""
    shares: Counter[str] = Counter()

    def walk(i: int, answers: dict[str, Any], p: float) -> None:
        if i == len(bank.questions):
            shares[score(bank, answers).outcome] += p
            return
        q = bank.questions[i]
        if not is_asked(bank, q, answers):
            walk(i + 1, answers, p)
            return
        options = [1, 2, 3, 4, 5] if q.kind == "likert" else [a.id for a in q.answers]
        for v in options:
            walk(i + 1, {**answers, q.id: v}, p / len(options))

    walk(0, {}, 1.0)
    return {o.id: shares[o.id] for o in bank.outcomes}


SMALL = bank_yaml(
    questions=[
        choice("q1", "One?", {"a": {"x": 2, "y": 1}, "b": {"x": -2}, "c": {"y": -1}}),
        likert("q2", "Two.", "y", weight=1.5),
        likert("q3", "Three.", "x", reverse=True),
        choice(
            "q4",
            "Four?",
            {"a": {"x": 1, "y": -1}, "b": {"x": -1, "y": 1}, "c": {"x": 0.5, "y": 0.5}, "d": {}},
        ),
    ],
    outcomes=[
        outcome("ne", {"x": 0.7, "y": 0.6}),
        outcome("sw", {"x": -0.7, "y": -0.6}),
        outcome("nw", {"x": -0.5, "y": 0.7}),
        outcome("mid", {"x": 0, "y": 0}, title="Mid", balanced=True),
    ],
    rule={"margin": 0.06},
)

CONDITIONAL = bank_yaml(
    questions=[
        choice("gate", "Gate?", {"open": {"x": 1}, "shut": {"x": -1}, "ajar": {}}),
        choice(
            "inner",
            "Inner?",
            {"a": {"y": 2}, "b": {"y": -2, "x": 1}},
            when=[{"question": "gate", "answers": ["open", "ajar"]}],
        ),
        likert("deeper", "Deeper.", "y", when=[{"question": "inner", "answers": ["b"]}]),
        likert("rate", "Rate.", "x", weight=0.5),
        choice(
            "late",
            "Late?",
            {"a": {"y": 1}, "b": {"y": -1}},
            when=[
                {"question": "rate", "answers": [1, 2]},
                {"question": "gate", "answers": ["shut", "ajar"]},
            ],
        ),
    ],
    outcomes=[
        outcome("ne", {"x": 0.6, "y": 0.6}),
        outcome("sw", {"x": -0.6, "y": -0.6}),
        outcome("se", {"x": 0.6, "y": -0.6}),
        outcome("mid", {"x": 0, "y": 0}, title="Mid", balanced=True),
    ],
)


@pytest.mark.parametrize("text", [SMALL, CONDITIONAL], ids=["plain", "conditional"])
def test_exact_shares_match_brute_force(text: str) -> None:
    bank = bank_from(text)
    shares = S.outcome_shares(bank)
    assert shares.method == "exact" and shares.error == 0.0
    expected = brute_force(bank)
    assert sum(expected.values()) == pytest.approx(1.0)
    for oid, p in expected.items():
        assert shares.shares[oid] == pytest.approx(p, abs=1e-12), oid
    assert len([p for p in expected.values() if p > 0]) >= 3  # a non-trivial split


def test_exact_shares_on_the_format_example_match_brute_force() -> None:
    bank = load_bank(EXAMPLE_BANK)
    shares = S.outcome_shares(bank)
    assert shares.method == "exact"
    for oid, p in brute_force(bank).items():
        assert shares.shares[oid] == pytest.approx(p, abs=1e-12)


@pytest.mark.parametrize("text", [SMALL, CONDITIONAL], ids=["plain", "conditional"])
def test_sampled_estimate_is_within_its_stated_error(text: str) -> None:
    bank = bank_from(text)
    exact = S.outcome_shares(bank).shares
    sampled = S.outcome_shares(bank, state_budget=0, seed=3)
    assert sampled.method == "sampled" and sampled.samples > 0
    assert 0 < sampled.error <= B.MAX_ERROR
    for oid, p in exact.items():
        assert abs(sampled.shares[oid] - p) <= sampled.error, oid


def test_sample_size_gives_one_point_at_99_percent() -> None:
    n = B.sample_size(0.01)
    assert B.half_width(0.5, n) <= 0.01 < B.half_width(0.5, n - 100)


def test_state_budget_falls_back_to_sampling_on_the_default_bank() -> None:
    bank = load_bank(DEFAULT_BANK)
    shares = S.outcome_shares(bank)
    assert shares.method == "sampled"
    assert shares.error <= 0.01
    assert sum(shares.shares.values()) == pytest.approx(1.0)
    assert S.outcome_shares(bank).shares == shares.shares  # deterministic


def _generated(nq: int = 40, nans: int = 4, naxes: int = 6, seed: int = 1) -> str:
    """``nq`` questions, each moving two of ``naxes`` axes; three outcomes, one balanced."""
    rng = random.Random(seed)
    axes = [f"a{i}" for i in range(naxes)]
    questions = []
    for q in range(nq):
        picked = rng.sample(axes, 2)
        answers = [
            answer(f"o{k}", {a: rng.choice([-2, -1, 1, 2]) for a in picked}, "O")
            for k in range(nans)
        ]
        questions.append(choice(f"q{q}", "Q?", answers))
    outcomes = [
        outcome(oid, dict.fromkeys(axes, v), title="T", description="D", **extra)
        for oid, v, extra in (
            ("high", 0.6, {}),
            ("low", -0.6, {}),
            ("mid", 0.0, {"balanced": True}),
        )
    ]
    return bank_yaml(
        axes=[{"id": a, "low": "lo", "high": "hi"} for a in axes],
        questions=questions,
        outcomes=outcomes,
    )


def test_large_bank_is_sampled_within_one_point() -> None:
    bank = bank_from(_generated())
    shares = S.outcome_shares(bank)
    assert shares.method == "sampled"
    assert shares.error <= 0.01
    assert all(0.05 < v < 0.7 for v in shares.shares.values())


# --- one rule: scoring and analysis run the same code ---------------------------------------

ALL_BANKS = ["small", "conditional", "default", "example", "generated"]
# The banks whose shares the dynamic programme counts (the default bank has too many gated
# questions for it: it is always sampled).
EXACT_BANKS = ["small", "conditional", "example", "generated"]


def _bank(source: str) -> Any:
    return {
        "small": lambda: bank_from(SMALL),
        "conditional": lambda: bank_from(CONDITIONAL),
        "default": lambda: load_bank(DEFAULT_BANK),
        "example": lambda: load_bank(EXAMPLE_BANK),
        "generated": lambda: bank_from(_generated(12, 3, 4)),
    }[source]()


@pytest.mark.parametrize("source", EXACT_BANKS)
def test_a_planted_outcome_rule_changes_score_and_analysis_alike(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replace the one outcome rule: ``score`` and both ways the analysis counts (exact and
    sampled) follow, because there is no second copy of the rule to disagree with it."""
    bank = _bank(source)
    last = len(bank.outcomes) - 1
    monkeypatch.setattr(Compiled, "pick", lambda self, fits, measured=None: last)
    c = compiled(bank)
    rng = random.Random(3)
    for _ in range(20):
        assert score(bank, c.answers(c.random_assignment(rng))).outcome == bank.outcomes[last].id
    # The dynamic programme follows; sampling scores on arrays (analysis/arrays.py), whose
    # rule tests/engine/test_analysis_arrays.py proves equal to this one, answer set by answer set.
    shares = S.outcome_shares(bank, state_budget=STATE_BUDGET_EXACT)
    assert shares.method == "exact"
    assert shares.shares[bank.outcomes[last].id] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("source", EXACT_BANKS)
def test_a_planted_normalisation_changes_score_and_analysis_alike(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replace the one score normalisation by "every axis at +1": every taker gets the
    outcome nearest that corner, in ``score`` and in the analysis alike."""
    bank = _bank(source)
    corner = [1.0] * len(bank.axes)
    expected = bank.outcomes[compiled(bank).decide(corner, [True] * len(corner))].id
    monkeypatch.setattr(
        Compiled, "scores", staticmethod(lambda raw, lo, hi: (list(corner), [True] * len(raw)))
    )
    result = score(bank, {})
    assert [a.score for a in result.axes] == corner and result.outcome == expected
    shares = S.outcome_shares(bank, state_budget=STATE_BUDGET_EXACT)
    assert shares.method == "exact" and shares.shares[expected] == pytest.approx(1.0)


def test_the_compiled_form_is_built_once_per_bank() -> None:
    bank = bank_from(SMALL)
    assert compiled(bank) is compiled(bank)
    score(bank, {"q1": "a"})
    S.outcome_shares(bank)
    assert compiled(bank) is compiled(bank)
    assert compiled(bank_from(SMALL)) is not compiled(bank)  # an equal bank is another object


@pytest.mark.parametrize("source", ALL_BANKS)
def test_batch_and_single_evaluation_agree(source: str) -> None:
    """The column-wise sums of ``outcomes_batch`` feed the same scores and rule."""
    bank = _bank(source)
    c = compiled(bank)
    rng = random.Random(7)
    assigns = [c.random_assignment(rng) for _ in range(300)]
    batch = c.outcomes_batch([list(col) for col in zip(*assigns, strict=True)])
    assert batch == [c.outcome(a) for a in assigns]
    assert [c.outcome_ids[o] for o in batch] == [score(bank, c.answers(a)).outcome for a in assigns]


def test_random_answers_are_what_the_analysis_samples() -> None:
    # The analysis models `take --random`: every asked question answered, uniformly.
    bank = bank_from(CONDITIONAL)
    c = compiled(bank)
    counts: Counter[str] = Counter()
    rng = random.Random(0)
    for _ in range(4000):
        counts[score(bank, random_answers(bank, rng)).outcome] += 1
    exact = S.outcome_shares(bank).shares
    for oid in c.outcome_ids:
        assert abs(counts[oid] / 4000 - exact[oid]) < 0.03


# --- reachability -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_reach() -> tuple[Any, list[A.reach.Reach]]:
    """The default bank and its reachability, as analyze finds it: examples from the simulated
    takers' picks where some taker met the act, searched for the rest (analysed once here)."""
    bank = load_bank(DEFAULT_BANK)
    return bank, list(A.analyze(bank).reach)


def test_reachability_examples_really_reach_their_targets(
    default_reach: tuple[Any, list[A.reach.Reach]],
) -> None:
    bank, found = default_reach
    reach = {(r.kind, r.id, r.target): r for r in found}
    for o in bank.outcomes:
        r = reach[("outcome", o.id, "win")]
        assert r.reachable and r.example is not None
        assert score(bank, r.example).outcome == o.id
    for act in bank.acts:
        for target, n in (("top1", 1), ("top3", 3)):
            r = reach[("act", act.id, target)]
            if r.reachable:
                assert r.example is not None
                recs = recommend(bank, score(bank, r.example))
                assert act.id in [x.act.id for x in recs[:n] if not x.bridge]


def test_an_act_simulated_takers_met_takes_the_first_such_taker_as_its_example() -> None:
    import numpy as np

    answers = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=np.int64)
    picks = np.array(
        [[2, -1, -1, -1, -1], [0, 2, -1, -1, -1], [0, 1, 3, -1, -1], [1, 0, 2, 4, 5]],
        dtype=np.int64,
    )
    seen = A.reach.seen_in_picks(answers, picks)
    assert seen[2] == ([0, 0], [0, 0])
    assert seen[0] == ([1, 0], [1, 0])
    assert seen[1] == ([1, 1], [0, 1])  # first pick in row 3, among the first three in row 2
    assert seen[3] == (None, [0, 1])
    assert 4 not in seen and 5 not in seen  # fourth and later picks are not the top three
    merged = A.reach.merge_seen({3: ([9, 9], None)}, seen)
    assert merged[3] == ([9, 9], [0, 1]) and merged[2] == seen[2]


def test_every_act_of_the_default_bank_can_reach_the_top_three(
    default_reach: tuple[Any, list[A.reach.Reach]],
) -> None:
    _, found = default_reach
    assert all(r.reachable for r in found if r.target == "top3")


def test_analysis_is_deterministic() -> None:
    bank = bank_from(SMALL)
    assert A.analyze(bank).to_dict() == A.analyze(bank).to_dict()
    assert A.analyze(bank, seed=1).to_dict()["seed"] == 1


# --- planted warnings -------------------------------------------------------------------------


def _marked_line(text: str, code: str) -> int:
    """The line carrying the comment ``# <- CODE``."""
    for i, line in enumerate(text.splitlines(), 1):
        if re.search(rf"#\s*<-\s*{code}\b", line):
            return i
    raise AssertionError(f"no marker for {code}")


def _analyze_file(path: Path) -> tuple[A.Analysis | None, list[Any]]:
    """Analyse a bank file as `popquiz analyze` does: read and parsed once by the CLI."""
    read = read_for_analysis(path)
    if read.bank is None:
        return None, read.problems
    return A.analyze(read.bank, doc=read.doc, catalogue=read.catalogue, path=str(path)), []


def _findings(text: str, tmp_path: Path, name: str = "bank.yaml") -> list[Any]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    analysis, problems = _analyze_file(path)
    assert analysis is not None, "\n".join(d.format() for d in problems)
    return list(analysis.findings)


def _assert_at(findings: list[Any], code: str, text: str, path_end: str = "bank.yaml") -> None:
    hits = [d for d in findings if d.code == code]
    assert hits, f"{code} not reported; got {[d.format() for d in findings]}"
    line = _marked_line(text, code)
    assert any(d.line == line for d in hits), (code, [d.format() for d in hits], line)
    for d in hits:
        assert d.severity == "warning" and d.path.endswith(path_end)
        assert d.help
        assert re.match(rf".*:\d+:\d+: warning\[{code}\] ", d.format())


# Six questions that move both axes evenly; each planted weakness below adds to them.
BALANCED = [
    choice("q1", "One?", {"a": {"x": 2}, "b": {"x": -2}, "c": {"x": 1, "y": 1}}),
    choice("q2", "Two?", {"a": {"y": 2}, "b": {"y": -2}, "c": {"y": 1, "x": -1}}),
    choice("q3", "Three?", {"a": {"x": 2, "y": -1}, "b": {"x": -2, "y": 1}}),
    choice("q4", "Four?", {"a": {"y": 2, "x": 1}, "b": {"y": -2, "x": -1}}),
    likert("q5", "Five.", "x", weight=2),
    likert("q6", "Six.", "y", weight=2),
]
NE_SW = [outcome("ne", {"x": 0.6, "y": 0.6}), outcome("sw", {"x": -0.6, "y": -0.6})]


def balanced(
    *,
    axes: Sequence[Item] = (),
    first: Sequence[Item] = (),
    before_q6: Sequence[Item] = (),
    outcomes: Sequence[Item] = NE_SW,
    **fields: Any,
) -> str:
    """The balanced bank with more axes, questions put first or before q6, other outcomes."""
    questions = [*first, *BALANCED[:5], *before_q6, BALANCED[5]]
    return bank_yaml(axes=[*XY, *axes], questions=questions, outcomes=outcomes, **fields)


def test_clean_bank_has_no_warnings(tmp_path: Path) -> None:
    assert _findings(balanced(), tmp_path) == []


class Planted(NamedTuple):
    """A weakness planted on the line marked ``# <- CODE``, and what else the report says."""

    code: str
    text: str
    codes: list[str] | None = None  # every code reported (sorted), where the case pins them
    count: int | None = None  # how many findings of ``code``
    says: tuple[tuple[str, str], ...] = ()  # (code, words its first finding carries)
    absent: tuple[str, ...] = ()  # codes not reported


PLANTED = {
    # Consistent takers of the twin's type all land on ne, so ne wins too often (W109); the
    # twin's 0 % share is W101's finding, not also W110's.
    "W101-unreachable-outcome": Planted(
        "W101",
        balanced(
            outcomes=[
                *NE_SW,
                """\
                - id: twin   # <- W101
                  title: Twin
                  description: Same place as ne, declared later, so it never wins a tie.
                  profile: {x: 0.6, y: 0.6}
                """,
            ]
        ),
        codes=["W101", "W109"],
        says=(("W109", "'ne'"),),
    ),
    "W104-no-influence": Planted(
        "W104",
        balanced(
            first=[
                """\
                - id: flat    # <- W104
                  text: Flat?
                  answers:
                    - {id: a, text: A, weights: {x: 1}}
                    - {id: b, text: B, weights: {x: 1}}
                """
            ]
        ),
        says=(("W104", "every answer moves the axes equally"),),
    ),
    # Both outcomes sit at the same place on z, so moving z never changes which is nearer.
    "W104-sampled-zero-influence": Planted(
        "W104",
        balanced(
            axes=[{"id": "z", "low": "in", "high": "out"}],
            first=[
                """\
                - id: whisper    # <- W104
                  text: Whisper?
                  answers:
                    - {id: a, text: A, weights: {z: 1}}
                    - {id: b, text: B, weights: {z: -1}}
                """,
                likert("murmur", "Murmur.", "z"),
            ],
            outcomes=[
                outcome("ne", {"x": 0.6, "y": 0.6, "z": 0.3}),
                outcome("sw", {"x": -0.6, "y": -0.6, "z": 0.3}),
            ],
        ),
        count=2,
        says=(("W104", "never changed the outcome in"),),
    ),
    "W105-axis-nobody-moves": Planted(
        "W105",
        balanced(
            axes=["- {id: z, low: in, high: out}   # <- W105"],
            outcomes=[
                outcome("ne", {"x": 0.6, "y": 0.6, "z": 0.5}),
                outcome("sw", {"x": -0.6, "y": -0.6, "z": -0.5}),
            ],
        ),
        codes=["W105"],
    ),
    "W106-dominated-axis": Planted(
        "W106",
        balanced(
            before_q6=[
                """\
                - id: loud     # <- W106
                  text: Loud?
                  answers:
                    - {id: a, text: A, weights: {y: 30}}
                    - {id: b, text: B, weights: {y: -30}}
                """
            ],
            outcomes=[
                *NE_SW,
                outcome("nw", {"x": -0.6, "y": 0.6}),
                outcome("se", {"x": 0.6, "y": -0.6}),
            ],
        ),
        says=(("W106", "'loud'"), ("W106", "'y'")),
    ),
    "W107-deciding-question": Planted(
        "W107",
        balanced(
            before_q6=[
                """\
                - id: boss     # <- W107
                  text: Boss?
                  answers:
                    - {id: a, text: A, weights: {x: 40, y: 40}}
                    - {id: b, text: B, weights: {x: -40, y: -40}}
                """
            ]
        ),
        says=(("W107", "'boss'"),),
    ),
    # Reported once, as never asked, and not also as a question without influence.
    "W108-never-asked": Planted(
        "W108",
        balanced(
            before_q6=[
                """\
                - id: never
                  text: Never?
                  when:   # <- W108
                    - {question: q1, answers: [a]}
                    - {question: q1, answers: [b]}
                  answers:
                    - {id: a, text: A, weights: {y: 1}}
                    - {id: b, text: B, weights: {y: -1}}
                """
            ]
        ),
        absent=("W104",),
    ),
}


@pytest.mark.parametrize("case", PLANTED.values(), ids=PLANTED.keys())
def test_a_planted_weakness_is_reported_on_its_line(case: Planted, tmp_path: Path) -> None:
    found = _findings(case.text, tmp_path)
    _assert_at(found, case.code, case.text)
    if case.codes is not None:
        assert sorted(d.code for d in found) == case.codes
    if case.count is not None:
        assert len([d for d in found if d.code == case.code]) == case.count
    for code, words in case.says:
        assert words in next(d.message for d in found if d.code == code), (code, words)
    assert not set(case.absent) & {d.code for d in found}


def test_unreachable_acts_w102_w103(tmp_path: Path) -> None:
    text = balanced(catalogue="acts.yaml")
    acts = """\
acts:
  - {id: a1, name: A1, scene: ne, blurb: b, profile: {x: 0.5, y: 0.5}}
  - {id: a2, name: A2, scene: ne, blurb: b, profile: {x: 0.5, y: 0.5}}   # <- W103
  - {id: a3, name: A3, scene: ne, blurb: b, profile: {x: 0.5, y: 0.5}}
  - {id: a4, name: A4, scene: ne, blurb: b, profile: {x: 0.5, y: 0.5}}   # <- W102
  - {id: a5, name: A5, scene: sw, blurb: b, profile: {x: -0.5, y: -0.5}}
"""
    (tmp_path / "acts.yaml").write_text(acts, encoding="utf-8")
    found = _findings(text, tmp_path)
    # Acts live in the catalogue, so that is the file the warnings point into.
    _assert_at([d for d in found if d.code == "W102"], "W102", acts, "acts.yaml")
    w103 = [d for d in found if d.code == "W103"]
    assert {d.line for d in w103} == {_marked_line(acts, "W103"), 4}  # a2 and a3
    assert {d.code for d in found} == {"W102", "W103"}


def test_every_warning_code_is_catalogued() -> None:
    package = Path(A.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    used = set(re.findall(r'"(W\d{3})"', source))
    assert used == set(F.CODES)


def test_each_warning_code_has_one_rule_of_its_own() -> None:
    """Every W-code is written by exactly one of the rules in findings.RULES, and each rule
    writes one code: a rule that grows a second code, or a code written in two places, fails."""
    import inspect

    codes_of = {
        rule.__name__: set(re.findall(r'"(W\d{3})"', inspect.getsource(rule))) for rule in F.RULES
    }
    assert all(len(codes) == 1 for codes in codes_of.values()), codes_of
    written = [code for codes in codes_of.values() for code in codes]
    assert sorted(written) == sorted(F.CODES)
    # Outside the rules a code appears only as its entry in CODES.
    package = Path(A.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    for rule in F.RULES:
        source = source.replace(inspect.getsource(rule), "")
    assert sorted(re.findall(r'"(W\d{3})"', source)) == sorted(F.CODES)


# --- coverage -------------------------------------------------------------------------------


def test_coverage_of_the_format_example() -> None:
    bank = load_bank(EXAMPLE_BANK)
    cov = A.analyze(bank).coverage
    axes = {a.id: a for a in cov.axes}
    # energy: morning (±2) and the likert afternoon (weight 1).
    assert axes["energy"].questions == 2
    assert axes["energy"].low == 3 and axes["energy"].high == 3
    assert axes["energy"].largest == "morning"
    assert axes["energy"].largest_share == pytest.approx(4 / 6)
    assert cov.tags == {"energy": 2, "ritual": 2}
    assert cov.languages == {"en": 1.0, "ko": 1.0, "ja": 1.0}


def test_translation_coverage_counts_plain_strings_for_the_default_language() -> None:
    bank = bank_from(SMALL)
    assert A.analyze(bank).coverage.languages == {"en": 1.0}


# --- to_dict --------------------------------------------------------------------------------


def test_to_dict_is_json_ready() -> None:
    data = A.analyze(bank_from(CONDITIONAL)).to_dict()
    text = json.dumps(data)
    again = json.loads(text)
    assert again["shares"]["method"] == "exact"
    assert {o["id"] for o in again["shares"]["outcomes"]} == {"ne", "sw", "se", "mid"}
    assert {i["id"] for i in again["influence"]} == {"gate", "inner", "deeper", "rate", "late"}
    assert sys.getsizeof(text) > 0


# --- properties -----------------------------------------------------------------------------

# Small enough to enumerate every answer path: two axes, 1-3 questions, 2-3 outcomes.
TINY_BANKS = banks(
    axes=(2, 2),
    questions=(1, 3),
    answers=(2, 3),
    outcomes=(2, 3),
    likert_one_in=2,
    likert_weight=st.sampled_from([0.5, 1, 1.5]),
    weight=st.sampled_from([-2, -1, -0.5, 0, 0.5, 1, 2]),
    profile=st.sampled_from([-0.8, -0.4, 0.0, 0.4, 0.8]),
    when_one_in=2,
    margins=[0.0, 0.03, 0.1],
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TINY_BANKS)
def test_exact_shares_equal_brute_force_on_random_banks(bank: Any) -> None:
    shares = S.outcome_shares(bank)
    assert shares.method == "exact"
    expected = brute_force(bank)
    for oid, p in expected.items():
        assert shares.shares[oid] == pytest.approx(p, abs=1e-9)


def test_dominant_and_rare_outcomes_w109_w110(tmp_path: Path) -> None:
    mid = """\
    - id: mid   # <- W109
      balanced: true
      title: Mid
      description: A margin this wide gives the middle nearly everyone.
      profile: {x: 0, y: 0}
    """
    text = balanced(outcomes=[*NE_SW, mid], rule={"margin": 0.45})
    found = _findings(text, tmp_path)
    _assert_at(found, "W109", text)
    w109 = [d for d in found if d.code == "W109"]
    assert {"random answering" in d.message or "consistent" in d.message for d in w109} == {True}
    assert all("'mid'" in d.message for d in w109)
    # The two scenes it crowds out are then too rare.
    assert {d.message.split("'")[1] for d in found if d.code == "W110"} == {"ne", "sw"}
    # A bank may declare that a dominant middle is intended.
    quiet = text.replace("rule: {margin: 0.45}", "rule: {margin: 0.45, max_share: 1, min_share: 0}")
    assert not [d for d in _findings(quiet, tmp_path, "quiet.yaml") if d.code in ("W109", "W110")]


def _generated_bank(tmp_path: Path, questions: int, *, chain: bool) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_bank import make_bank
    finally:
        sys.path.pop(0)
    path = tmp_path / f"gen-{questions}.yaml"
    path.write_text(make_bank(questions, n_answers=2, chain=chain), encoding="utf-8")
    return path


def test_a_huge_chain_is_analysed_within_the_budget_and_says_what_it_cut(tmp_path: Path) -> None:
    """A 1,500-question chain (each question conditional on the one before): every costly part
    is sized by the budget, and W111 says what was cut."""
    path = _generated_bank(tmp_path, 1500, chain=True)
    analysis, problems = _analyze_file(path)
    assert analysis is not None, problems
    (w111,) = [d for d in analysis.findings if d.code == "W111"]
    text = path.read_text(encoding="utf-8")
    assert w111.line == text.splitlines().index("id: generated-1500") + 1
    assert "reachability not searched" in w111.message and "influence" in w111.message
    assert analysis.reach == () and analysis.shares.method == "sampled"
    assert not {d.code for d in analysis.findings} & {"W101", "W102", "W103", "W107"}


def test_the_budget_leaves_ordinary_banks_alone() -> None:
    for bank in (load_bank(DEFAULT_BANK), load_bank(EXAMPLE_BANK), bank_from(CONDITIONAL)):
        budget = B.plan(compiled(bank), influence=300, restarts=4, takers=1000)
        assert budget.limited == () and budget.reach and budget.never_asked
        assert (budget.influence, budget.restarts, budget.takers) == (300, 4, 1000)


def test_the_engine_never_opens_a_file() -> None:
    """The engine is pure: the caller reads and parses a bank and hands over the documents, so
    no engine module reads files (nor imports what would) outside type annotations."""
    import ast

    banned_modules = {"pathlib", "os", "io", "shutil", "popquiz.bank.yamlsafe", "popquiz.store"}
    banned_calls = {"open", "read_text", "read_bytes", "check_bank", "check_path", "load_bank"}
    engine = ROOT / "src" / "popquiz" / "engine"
    for path in sorted(engine.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    names = [node.module or ""]
                assert not any(
                    n == m or n.startswith(m + ".") for n in names for m in banned_modules
                ), (path.name, ast.unparse(node))
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in banned_calls, (path.name, ast.unparse(node))
