"""Hypothesis strategies for generated banks and answer sets, shared by the property tests;
every bank generator of the suite lives here.

Each caller states the ranges it explores (how many axes, questions, answers, which weights,
conditions, skips, a balanced outcome, margins, acts); every generated bank keeps to the
format and its cross-references, so the full checker accepts it. Ids: axes ``a0``…,
questions ``q0``…, answers ``o0``…, outcomes ``r0``…, acts ``act0``….
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from banks import bank_yaml, likert, outcome
from popquiz.bank.model import Bank

Range = tuple[int, int]


def _one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n`` draws; never when ``n`` is 0."""
    return n > 0 and draw(st.integers(0, n - 1)) == 0


@st.composite
def bank_data(
    draw: st.DrawFn,
    *,
    axes: Range = (1, 3),
    questions: Range = (1, 5),
    answers: Range = (2, 3),
    outcomes: Range = (2, 4),
    acts: Range = (0, 0),
    likert_one_in: int = 2,
    likert_weight: st.SearchStrategy[float] | None = None,
    weight: st.SearchStrategy[float] = st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0]),
    profile: st.SearchStrategy[float] = st.floats(-1, 1, allow_nan=False),
    when_one_in: int = 0,
    skippable: bool = False,
    balanced: bool = True,
    margins: Sequence[float] = (),
    scenes: bool = False,
    text: st.SearchStrategy[str] | None = None,
    distance: st.SearchStrategy[tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Bank data as a YAML file would hold it.

    A question is a likert statement about once in ``likert_one_in`` (with a weight drawn from
    ``likert_weight``, or none), else a choice whose answers move any subset of the axes by
    ``weight``; about once in ``when_one_in`` it is asked only after some answers to an earlier
    question. ``skippable`` lets any question be skippable, ``balanced`` lets one outcome be
    the balanced one, ``margins`` adds a rule, ``scenes`` declares a scene ``s<outcome>`` per
    outcome (acts then belong to scenes), ``text`` draws the texts shown, ``distance`` draws
    each axis's ``(weight, power)`` in the declared distance (default: none declared)."""

    def label(fixed: str) -> str:
        return fixed if text is None else draw(text)

    axis_ids = [f"a{i}" for i in range(draw(st.integers(*axes)))]
    qs: list[dict[str, Any]] = []
    for i in range(draw(st.integers(*questions))):
        q: dict[str, Any] = {"id": f"q{i}", "text": label(f"Q{i}")}
        if skippable:
            q["skippable"] = draw(st.booleans())
        if _one_in(draw, likert_one_in):
            q.update(kind="likert", axis=draw(st.sampled_from(axis_ids)))
            if likert_weight is not None:
                q["weight"] = draw(likert_weight)
            q["reverse"] = draw(st.booleans())
        else:
            moves = st.dictionaries(st.sampled_from(axis_ids), weight, max_size=len(axis_ids))
            q["answers"] = [
                {"id": f"o{j}", "text": label(f"O{j}"), "weights": draw(moves)}
                for j in range(draw(st.integers(*answers)))
            ]
        if qs and _one_in(draw, when_one_in):
            target = draw(st.sampled_from(qs))
            values = (
                [1, 2, 3, 4, 5]
                if target.get("kind") == "likert"
                else [a["id"] for a in target["answers"]]
            )
            chosen = draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
            q["when"] = [{"question": target["id"], "answers": chosen}]
        qs.append(q)
    n_out = draw(st.integers(*outcomes))
    outs: list[dict[str, Any]] = [
        {
            "id": f"r{k}",
            "title": label(f"R{k}"),
            "description": "d",
            "profile": {a: draw(profile) for a in axis_ids},
        }
        for k in range(n_out)
    ]
    if balanced and draw(st.booleans()):
        outs[draw(st.integers(0, n_out - 1))]["balanced"] = True
    if scenes:
        for o in outs:
            o["scene"] = f"s{o['id']}"
    data: dict[str, Any] = {
        "id": "gen",
        "title": label("Generated"),
        "description": "d",
        "axes": [{"id": a, "low": "l", "high": "h"} for a in axis_ids],
        "questions": qs,
        "outcomes": outs,
    }
    n_acts = draw(st.integers(*acts))
    if n_acts:
        data["acts"] = [
            {
                "id": f"act{k}",
                "name": f"Act {k}",
                "scene": draw(st.sampled_from([o.get("scene", o["id"]) for o in outs])),
                "profile": {a: draw(profile) for a in axis_ids},
                "blurb": "b",
            }
            for k in range(n_acts)
        ]
    if scenes:
        data["scenes"] = [{"id": o["scene"], "name": "scene"} for o in outs]
    if margins:
        data["rule"] = {"margin": draw(st.sampled_from(list(margins)))}
    if distance is not None:
        for axis in data["axes"]:
            axis["weight"], axis["power"] = draw(distance)
    return data


def _runtime(data: dict[str, Any]) -> Bank:
    from popquiz.bank.spec import runtime_bank

    return runtime_bank(data)


def banks(**ranges: Any) -> st.SearchStrategy[Bank]:
    """Runtime banks built from :func:`bank_data` with these ``ranges``."""
    return bank_data(**ranges).map(_runtime)


@st.composite
def answer_sets(draw: st.DrawFn, bank: Bank, skip_one_in: int = 5) -> dict[str, Any]:
    """Answers to ``bank``: each question left out about once in ``skip_one_in`` (skipped, or
    answered though its conditions do not ask it, which scoring ignores)."""
    answers: dict[str, Any] = {}
    for q in bank.questions:
        if _one_in(draw, skip_one_in):
            continue
        if q.kind == "likert":
            answers[q.id] = draw(st.integers(1, 5))
        else:
            answers[q.id] = draw(st.sampled_from([a.id for a in q.answers]))
    return answers


def banks_and_answers(**ranges: Any) -> st.SearchStrategy[tuple[Bank, dict[str, Any]]]:
    """A bank from :func:`banks` and one answer set to it."""
    return banks(**ranges).flatmap(lambda bank: answer_sets(bank).map(lambda a: (bank, a)))


@st.composite
def scale_banks(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, bool]]]:
    """A one-axis bank's text: 1-6 likert statements with 2-7 points, any weight and keying;
    and each statement's (id, points, reversed)."""
    n = draw(st.integers(1, 6))
    items = []
    questions = []
    for i in range(n):
        points = draw(st.integers(2, 7))
        reverse = draw(st.booleans())
        weight = draw(st.floats(0.01, 100, allow_nan=False))
        labels = [f"p{k}" for k in range(1, points + 1)]
        scale = {"points": points, "labels": labels}
        questions.append(
            likert(f"q{i}", f"S{i}.", "a", weight=weight, reverse=reverse, scale=scale)
        )
        items.append((f"q{i}", points, reverse))
    text = bank_yaml(
        id="prop",
        title="P",
        description="D",
        axes=[{"id": "a", "low": "L", "high": "H"}],
        questions=questions,
        outcomes=[
            outcome("hi", {"a": 1}, title="H", description="H"),
            outcome("lo", {"a": -1}, title="L", description="L"),
        ],
    )
    return text, items
