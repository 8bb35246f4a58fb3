"""Test banks built from parts: the YAML writer, short constructors for its items, and the
named banks several test modules play.

A part is either plain data (dumped as YAML, block style with one-line leaves) or a YAML
string kept as written, for tests that mark a line with a comment such as ``# <- W101``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

Item = Mapping[str, Any] | str
Weights = Mapping[str, float]

# The two axes most small banks use: ``x`` and ``y``.
XY: tuple[dict[str, str], ...] = (
    {"id": "x", "low": "left", "high": "right"},
    {"id": "y", "low": "down", "high": "up"},
)


def _dump(value: Any) -> str:
    """Block style, with collections of plain values on one line."""
    flow = (
        None
        if isinstance(value, list) or any(isinstance(v, dict | list) for v in value.values())
        else False
    )
    return yaml.safe_dump(
        value, sort_keys=False, allow_unicode=True, default_flow_style=flow, width=10**6
    )


def _section(key: str, items: Sequence[Item]) -> str:
    if not items:
        return f"{key}: []\n"
    lines = [f"{key}:\n"]
    for item in items:
        text = item if isinstance(item, str) else _dump([dict(item)])
        lines.append(textwrap.indent(textwrap.dedent(text).rstrip("\n") + "\n", "  "))
    return "".join(lines)


def bank_yaml(
    *,
    id: str = "tiny",
    title: Any = "Tiny",
    description: Any = "A tiny bank.",
    axes: Sequence[Item] | None = XY,
    questions: Sequence[Item] | None = None,
    outcomes: Sequence[Item] | None = None,
    acts: Sequence[Item] | None = None,
    **fields: Any,
) -> str:
    """A bank's YAML text: the head, then ``fields`` in the order given (``language``,
    ``languages``, ``rule``, ``catalogue``, ...), then the lists that are not None."""
    head = {"id": id, "title": title, "description": description, **fields}
    # One key at a time, so that a head of plain strings stays in block style.
    out = [_dump({k: v}) for k, v in head.items() if v is not None]
    for key, items in (("axes", axes), ("questions", questions), ("outcomes", outcomes)):
        if items is not None:
            out.append(_section(key, items))
    if acts is not None:
        out.append(_section("acts", acts))
    return "".join(out)


def write_bank(
    folder: Path, text: str | None = None, name: str = "bank.yaml", **parts: Any
) -> Path:
    """Write ``text`` (or ``bank_yaml(**parts)``) to ``folder/name`` and return the path."""
    path = folder / name
    path.write_text(bank_yaml(**parts) if text is None else text, encoding="utf-8")
    return path


# --- items ---------------------------------------------------------------------------------


def choice(
    id: str, text: Any, answers: Mapping[str, Weights] | Sequence[Mapping[str, Any]], **fields: Any
) -> dict[str, Any]:
    """A choice question; ``answers`` maps each answer id to its weights (the answer's text is
    the id capitalised), or lists whole answers."""
    if isinstance(answers, Mapping):
        listed = [answer(aid, weights) for aid, weights in answers.items()]
    else:
        listed = [dict(a) for a in answers]
    return {"id": id, **fields, "text": text, "answers": listed}


def answer(id: str, weights: Weights | None = None, text: Any = None) -> dict[str, Any]:
    """An answer, its text the id capitalised unless given; no ``weights`` key at all when it
    moves nothing."""
    out: dict[str, Any] = {"id": id, "text": id.capitalize() if text is None else text}
    if weights:
        out["weights"] = dict(weights)
    return out


def likert(id: str, text: Any, axis: str, **fields: Any) -> dict[str, Any]:
    """An agree/disagree statement on ``axis`` (``weight``, ``reverse``, ``when`` ... in
    ``fields``)."""
    return {"id": id, "kind": "likert", "text": text, "axis": axis, **fields}


def outcome(
    id: str, profile: Weights, *, title: Any = None, description: Any = "d", **fields: Any
) -> dict[str, Any]:
    """An outcome whose title is its id in capitals unless given."""
    head = {"id": id, "title": id.upper() if title is None else title, "description": description}
    return {**head, **fields, "profile": dict(profile)}


# --- named parts ------------------------------------------------------------------------------

# A seven-point agree scale in the words of the IPIP personality inventories.
SEVEN_POINTS = {
    "points": 7,
    "prompt": "How accurately does this describe you?",
    "labels": [
        "Very inaccurate", "Inaccurate", "Somewhat inaccurate", "Neither",
        "Somewhat accurate", "Accurate", "Very accurate",
    ],
}  # fmt: skip
EXTRAVERSION = {"id": "extra", "low": "reserved", "high": "outgoing"}


# One axis, West to East: "Which way?" answered far east (+1) or west (-1), and the two sides.
WEST_EAST = {"id": "x", "low": "West", "high": "East"}
FAR_EAST = answer("far", {"x": 1}, "Far east")
WEST = answer("west", {"x": -1}, "West")
SIDES = (
    outcome("east", {"x": 1}, title="East", description="East it is."),
    outcome("west", {"x": -1}, title="West", description="West it is."),
)


def one_axis_bank(
    *,
    id: str,
    title: str,
    description: str,
    answers: Sequence[Mapping[str, Any]] = (FAR_EAST, WEST),
    outcomes: Sequence[Item] = SIDES,
    acts: Sequence[Item] | None = None,
    **fields: Any,
) -> str:
    """A bank on the West-East axis with the one question ``q``, "Which way?"."""
    return bank_yaml(
        id=id,
        title=title,
        description=description,
        axes=[WEST_EAST],
        questions=[choice("q", "Which way?", answers)],
        outcomes=outcomes,
        acts=acts,
        **fields,
    )


# --- the trilingual bank the pseudo-terminal tests play ---------------------------------------
# Two axes (x: west/east, y: quiet/loud), a choice question ``first`` (East 2 / West -2 on x)
# and a skippable likert statement ``second`` on y; two outcomes and two acts.

TRILINGUAL_AXES = (
    {"id": "x", "low": {"en": "west", "ko": "서쪽", "ja": "西"},
     "high": {"en": "east", "ko": "동쪽", "ja": "東"}},
    {"id": "y", "low": {"en": "quiet", "ko": "조용함", "ja": "静か"},
     "high": {"en": "loud", "ko": "시끄러움", "ja": "にぎやか"}},
)  # fmt: skip
TRILINGUAL_QUESTIONS = (
    choice(
        "first",
        {"en": "Which way do you face?", "ko": "어느 쪽을 보나요?", "ja": "どちらを向く？"},
        [
            answer("east", {"x": 2}, {"en": "East", "ko": "동쪽", "ja": "東"}),
            answer("west", {"x": -2}, {"en": "West", "ko": "서쪽", "ja": "西"}),
        ],
    ),
    likert(
        "second",
        {"en": "I like it loud.", "ko": "시끄러운 게 좋다.", "ja": "にぎやかなのが好き。"},
        "y",
        skippable=True,
    ),
)
TRILINGUAL_OUTCOMES = (
    outcome(
        "sunrise",
        {"x": 1, "y": 0},
        title={"en": "Sunrise side", "ko": "해돋이 쪽", "ja": "日の出側"},
        description={"en": "You face the dawn.", "ko": "새벽을 봐요.", "ja": "夜明けを向く。"},
    ),
    outcome(
        "moonset",
        {"x": -1, "y": 0},
        title={"en": "Moonset side", "ko": "달지는 쪽", "ja": "月の入り側"},
        description={"en": "You face the dusk.", "ko": "황혼을 봐요.", "ja": "夕暮れを向く。"},
    ),
)
TRILINGUAL_ACTS = (
    {"id": "lark", "name": "Lark", "scene": "sunrise", "profile": {"x": 1, "y": 0.5},
     "blurb": {"en": "Up early.", "ko": "일찍 일어나요.", "ja": "早起き。"}},
    {"id": "owl", "name": "Owl", "scene": "moonset", "profile": {"x": -1, "y": -0.5},
     "blurb": {"en": "Up late.", "ko": "늦게까지 깨어 있어요.", "ja": "夜更かし。"}},
)  # fmt: skip


def trilingual_bank(
    *,
    id: str = "tiny",
    title: Any = None,
    description: Any = None,
    questions: Sequence[Item] = TRILINGUAL_QUESTIONS,
) -> str:
    """The trilingual test bank (English first), with other questions if given."""
    return bank_yaml(
        id=id,
        title=title or {"en": "Tiny quiz", "ko": "작은 퀴즈", "ja": "小さなクイズ"},
        description=description
        or {"en": "Two questions.", "ko": "질문 두 개.", "ja": "質問は二つ。"},
        language="en",
        languages=["en", "ko", "ja"],
        axes=TRILINGUAL_AXES,
        questions=questions,
        outcomes=TRILINGUAL_OUTCOMES,
        acts=TRILINGUAL_ACTS,
    )


TINY = trilingual_bank()
