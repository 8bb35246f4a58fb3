"""Agree/disagree statements on several axes (`weights:`), and one order of points on every
screen (`scale.order`): a key means the same end of the scale on every statement, the cursor
starts on the same point, and answers files and golden tests give the point itself whatever
the order."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from banks import bank_yaml, likert
from checking import check_text
from popquiz.bank.editor_schema import json_schema
from popquiz.bank.model import Bank, LikertQuestion
from popquiz.cli import run
from popquiz.engine.likert import default_point, likert_label
from popquiz.engine.scoring import score
from popquiz.engine.session import Session
from popquiz.i18n import Locale
from popquiz.ui.interactive import apply_choice, prompt_spec

AXES = [
    {"id": "a", "low": "A-low", "high": "A-high"},
    {"id": "b", "low": "B-low", "high": "B-high"},
    {"id": "c", "low": "C-low", "high": "C-high"},
]
OUTCOMES = [
    {"id": "up", "title": "Up", "profile": {"a": 0.5, "b": 0.5, "c": 0.5}},
    {"id": "down", "title": "Down", "profile": {"a": -0.5, "b": -0.5, "c": -0.5}},
]


def _bank(questions: list[dict[str, Any]], **fields: Any) -> Bank:
    bank, problems = check_text(
        bank_yaml(axes=AXES, questions=questions, outcomes=OUTCOMES, **fields)
    )
    assert bank is not None, [p.format() for p in problems]
    return bank


def _problems(questions: list[dict[str, Any]], **fields: Any) -> list[str]:
    bank, problems = check_text(
        bank_yaml(axes=AXES, questions=questions, outcomes=OUTCOMES, **fields)
    )
    assert bank is None
    return [p.format() for p in problems]


MULTI = {"id": "m", "kind": "likert", "text": "Both at once.", "weights": {"a": 10, "b": -5}}
ONE_A = likert("one", "Only a.", "a")


# --- several axes ---------------------------------------------------------------------------


@pytest.mark.parametrize("point", [1, 2, 3, 4, 5])
def test_each_point_moves_every_named_axis_by_its_weight(point: int) -> None:
    bank = _bank([MULTI, ONE_A])
    q = bank.questions[0]
    assert isinstance(q, LikertQuestion)
    m = (point - 3) / 2  # −1, −½, 0, ½, 1 on five points
    assert q.movement(point, "a") == pytest.approx(10 * m)
    assert q.movement(point, "b") == pytest.approx(-5 * m)
    # Alone on its axes, each axis's score is the point's multiplier times the weight's sign.
    scores = score(bank, {"m": point, "one": 3}).scores
    assert scores["a"] == pytest.approx(10 * m / 11)  # `one` (weight 1, point 3) adds range 1
    assert scores["b"] == pytest.approx(-m)
    assert scores["c"] == 0


@settings(max_examples=200, deadline=None)
@given(
    weight=st.floats(0.1, 100, allow_nan=False),
    reverse=st.booleans(),
    points=st.lists(st.integers(1, 5), min_size=2, max_size=2),
)
def test_weights_on_one_axis_are_axis_weight_and_reverse(
    weight: float, reverse: bool, points: list[int]
) -> None:
    keyed = likert("s", "Statement.", "a", weight=weight, reverse=reverse)
    weighted = {"id": "s", "kind": "likert", "text": "Statement.",
                "weights": {"a": -weight if reverse else weight}}  # fmt: skip
    other = likert("t", "Another.", "a", weight=2)
    answers = {"s": points[0], "t": points[1]}
    assert score(_bank([keyed, other]), answers).scores == pytest.approx(
        score(_bank([weighted, other]), answers).scores, abs=1e-12
    )


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        ({**MULTI, "axis": "a"}, "use it instead of `axis`, `weight` and `reverse`"),
        ({**MULTI, "reverse": True}, "use it instead of `axis`, `weight` and `reverse`"),
        ({**MULTI, "weight": 2}, "use it instead of `axis`, `weight` and `reverse`"),
        (
            {k: v for k, v in MULTI.items() if k != "weights"},
            "needs `axis` (one axis) or `weights`",
        ),
        ({**MULTI, "weights": {"a": 0}}, "at least one axis a weight other than 0"),
        ({**MULTI, "weights": {"a": 101}}, "between -100 and 100"),
    ],
)
def test_misused_weights_are_located_errors(question: dict[str, Any], needle: str) -> None:
    problems = _problems([question, ONE_A])
    assert any("error[E103]" in p and needle in p for p in problems), problems


def test_an_undeclared_axis_in_weights_is_named() -> None:
    problems = _problems([{**MULTI, "weights": {"a": 1, "bb": 2}}, ONE_A])
    assert any(
        "E202" in p and "likert weight names axis 'bb'" in p and "'b'" in p for p in problems
    )


# --- one order on every screen ----------------------------------------------------------------


def test_a_statements_own_scale_cannot_set_the_order() -> None:
    own = likert("own", "Own scale.", "a", scale={"points": 5, "order": "descending"})
    problems = _problems([own, ONE_A])
    assert any("E218" in p and "cannot set `order`" in p for p in problems), problems


SCALES = st.sampled_from(
    [
        None,
        {"points": 2, "labels": ["No", "Yes"]},
        {"points": 3, "labels": ["Low", "Mid", "High"]},
        {"points": 4, "labels": ["Never", "Rarely", "Often", "Always"]},
        {"points": 7, "labels": ["1-low", "2", "3", "4", "5", "6", "7-top"]},
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    scales=st.lists(SCALES, min_size=1, max_size=4),
    data=st.data(),
)
def test_a_key_means_the_same_end_on_every_screen(
    scales: list[dict[str, Any] | None], data: st.DataObject
) -> None:
    questions = [
        {**likert(f"s{i}", f"Statement {i}.", "abc"[i % 3]), **({"scale": s} if s else {})}
        for i, s in enumerate(scales)
    ]
    banks = {
        order: _bank(questions, scale={"order": order}) for order in ("ascending", "descending")
    }
    locale = Locale("en", "en")
    sessions = {order: Session.start(bank) for order, bank in banks.items()}
    answers: dict[str, int] = {}
    for q in banks["ascending"].questions:
        assert isinstance(q, LikertQuestion)
        specs = {o: prompt_spec(s, s.current(), locale) for o, s in sessions.items()}  # type: ignore[arg-type]
        for order, spec in specs.items():
            keys = [c.key for c in spec.choices[: spec.n_answers]]
            assert keys == [str(k) for k in range(1, q.points + 1)]  # numbered as shown
            points = [c.value for c in spec.choices[: spec.n_answers]]
            # Key 1 is the lowest point on every screen, or the top one on every screen.
            assert points[0] == (1 if order == "ascending" else q.points)
            assert sorted(points) == list(q.values)
            # A label belongs to its point, wherever the point is shown.
            assert all(
                c.title == likert_label(q, c.value, locale) for c in spec.choices[: spec.n_answers]
            )  # type: ignore[arg-type]
        # The cursor starts on the same point (the neutral middle) in both orders.
        assert specs["ascending"].default == specs["descending"].default == default_point(q)
        key = data.draw(st.integers(1, q.points), label=f"key for {q.id}")
        point = specs["descending"].choices[key - 1].value
        assert point == q.points + 1 - key
        answers[q.id] = int(point)
        for session in sessions.values():
            apply_choice(session, point)
    # Answers (files, golden tests, the session) give the point itself: the order is display.
    results = {order: score(bank, answers) for order, bank in banks.items()}
    assert results["ascending"].scores == results["descending"].scores
    assert sessions["ascending"].answers == sessions["descending"].answers == answers


@pytest.mark.parametrize(
    "question",
    [
        likert("q", "One axis.", "a", reverse=True),
        MULTI,
        {k: v for k, v in MULTI.items() if k != "weights"},
        {**MULTI, "axis": "a"},
        {**MULTI, "reverse": True},
        {**MULTI, "weight": 3},
    ],
    ids=["axis", "weights", "neither", "both", "weights-reverse", "weights-weight"],
)
def test_the_json_schema_agrees_with_validate(question: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = bank_yaml(axes=AXES, questions=[question], outcomes=OUTCOMES)
    bank, _ = check_text(text)
    data = yaml.safe_load(text)
    schema_ok = not list(jsonschema.Draft7Validator(json_schema()).iter_errors(data))
    assert schema_ok == (bank is not None)


def test_an_answers_file_reads_the_same_in_either_order(tmp_path: Path) -> None:
    """An answers file gives each statement its point (1 = the lowest), whichever order the
    screens list them in: the same file, the same result."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("m: 4\none: 2\n", encoding="utf-8")
    results = []
    for order in ("ascending", "descending"):
        bank = tmp_path / f"{order}.yaml"
        text = bank_yaml(
            axes=AXES, questions=[MULTI, ONE_A], outcomes=OUTCOMES, scale={"order": order}
        )
        bank.write_text(text, encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert run(["take", str(bank), "--answers", str(answers), "--json", "--no-save"]) == 0
        report = json.loads(out.getvalue())
        results.append(({a["id"]: a["score"] for a in report["axes"]}, report["answers"]))
    assert results[0] == results[1]
    assert results[0][1] == {"m": 4, "one": 2}
    assert results[0][0]["b"] == pytest.approx(-0.5)  # agree (½) times b's weight −5, over 5
