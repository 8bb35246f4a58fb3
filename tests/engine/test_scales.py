"""Custom likert scales: 2-7 points, their labels and prompt, and the generalised scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from banks import EXTRAVERSION, SEVEN_POINTS, bank_yaml, likert, outcome
from checking import check_text
from popquiz.bank.answers import load_answers
from popquiz.bank.model import Bank
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.errors import AnswersError
from strategies import scale_banks

SEVEN = bank_yaml(
    id="inventory",
    title="Seven points",
    description="A seven-point inventory.",
    scale=SEVEN_POINTS,
    axes=[EXTRAVERSION, {"id": "calm", "low": "tense", "high": "calm"}],
    questions=[
        likert("party", "Am the life of the party.", "extra"),
        likert("quiet", "Keep quiet.", "extra", reverse=True, weight=2),
        likert(
            "worry",
            "Worry a lot.",
            "calm",
            reverse=True,
            scale={
                "points": 4,
                "labels": ["Never", "Sometimes", "Often", "Always"],
                "prompt": "How often?",
            },
        ),
        likert("then", "Relax easily.", "calm", when=[{"question": "party", "answers": [7]}]),
    ],
    outcomes=[
        outcome("outgoing", {"extra": 1, "calm": 0}, title="Outgoing", description="Out."),
        outcome("calm", {"extra": 0, "calm": 1}, title="Calm", description="Calm."),
    ],
)


def seven() -> Bank:
    bank, problems = check_text(SEVEN)
    assert problems == [] and bank is not None
    return bank


def test_a_seven_point_bank_validates_and_scores_as_documented() -> None:
    bank = seven()
    party, quiet, worry, _ = bank.questions
    assert party.kind == "likert" and quiet.kind == "likert" and worry.kind == "likert"
    assert party.points == 7 and list(party.values) == [1, 2, 3, 4, 5, 6, 7]
    assert worry.points == 4  # its own scale wins over the bank's
    # movement = weight × (2(v − 1)/(points − 1) − 1), negated when reversed
    assert [party.movement(v) for v in party.values] == pytest.approx(
        [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1]
    )
    assert quiet.movement(7) == pytest.approx(-2) and quiet.movement(4) == pytest.approx(0)
    assert [worry.movement(v) for v in worry.values] == pytest.approx([1, 1 / 3, -1 / 3, -1])
    # party 6 (+2/3 of 1), quiet 2 (reverse, weight 2: +4/3): raw 2 of range [-3, 3] → 2/3
    result = score(bank, {"party": 6, "quiet": 2, "worry": 1})
    scores = result.scores
    assert scores["extra"] == pytest.approx(2 / 3)
    assert scores["calm"] == pytest.approx(1.0)  # worry "Never", reverse-keyed: top of calm


def test_custom_labels_and_prompt_reach_the_report() -> None:
    bank = seven()
    report = build_report(bank, score(bank, {"party": 7, "quiet": 1, "worry": 1}), [], "en")
    texts = {e["question"]: e["answer_text"] for e in _entries(report)}
    labels = {"party": "Very accurate", "quiet": "Very inaccurate", "worry": "Never"}
    assert texts and all(labels[q] == text for q, text in texts.items()), texts
    assert "Strongly agree" not in repr(report)


def _entries(node: object) -> list[dict[str, object]]:
    """Every mapping in the report that names a question and the text of its answer."""
    found = []
    if isinstance(node, dict):
        if "answer_text" in node and "question" in node:
            found.append(node)
        for value in node.values():
            found += _entries(value)
    elif isinstance(node, list):
        for value in node:
            found += _entries(value)
    return found


def test_conditions_on_a_seven_point_answer() -> None:
    bank = seven()
    asked = score(bank, {"party": 7, "quiet": 1, "worry": 1, "then": 7})
    not_asked = score(bank, {"party": 6, "quiet": 1, "worry": 1, "then": 7})
    assert ("then", 7) in asked.answers and ("then", 7) not in not_asked.answers


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ("  points: 7\n", "  points: 8\n", "E103", "scale.points"),
        ("Somewhat accurate, Accurate, ", "Accurate, ", "E218", "7 points but 6 labels"),
        (
            "      labels: [Never, Sometimes, Often, Always]\n",
            "",
            "E218",
            "4-point scale needs `labels`",
        ),
        ("answers: [7]", "answers: [8]", "E209", "answer 8"),
    ],
)
def test_scale_mistakes_are_located(old: str, new: str, code: str, needle: str) -> None:
    assert old in SEVEN
    bank, problems = check_text(SEVEN.replace(old, new))
    assert bank is None
    assert [p.code for p in problems] == [code], problems
    assert needle in problems[0].message
    assert problems[0].line > 1


def test_answers_files_use_the_scale(tmp_path: Path) -> None:
    bank = seven()
    path = tmp_path / "a.yaml"
    path.write_text("party: 7\nquiet: 7\nworry: 5\nthen: 2\n", encoding="utf-8")
    with pytest.raises(AnswersError) as exc:
        load_answers(path, bank)
    [problem] = exc.value.diagnostics
    assert problem.code == "A003" and "1-4 scale" in problem.message and problem.line == 3
    assert "'Never'" in problem.help and "'Always'" in problem.help
    path.write_text("party: 6\nquiet: 7\nworry: 4\n", encoding="utf-8")
    assert load_answers(path, bank) == {"party": 6, "quiet": 7, "worry": 4}  # then: not asked


@given(scale_banks())
def test_top_point_is_plus_one_bottom_minus_one_middle_zero(
    case: tuple[str, list[tuple[str, int, bool]]],
) -> None:
    text, items = case
    bank, problems = check_text(text)
    assert bank is not None, problems

    def axis(answers: dict[str, int]) -> float:
        return score(bank, answers).scores["a"]

    # The point that moves towards the high pole: the top one, or the bottom when reversed.
    top = {q: (1 if rev else p) for q, p, rev in items}
    bottom = {q: (p if rev else 1) for q, p, rev in items}
    assert axis(top) == pytest.approx(1.0)
    assert axis(bottom) == pytest.approx(-1.0)
    odd = [(q, p) for q, p, _ in items if p % 2]
    if odd:
        assert axis({q: (p + 1) // 2 for q, p in odd}) == pytest.approx(0.0, abs=1e-9)
