"""The bank format as pydantic models: validated, frozen, unknown keys forbidden.

This is the one definition of what a bank file may contain. The loader validates against it
(``popquiz validate``, and every first load of a bank), and its field descriptions are the
source of the JSON Schema (``popquiz schema``) and of the reference in ``docs/authoring.md``
(a test keeps the two in step). The engine itself works on the plain dataclasses of
:mod:`popquiz.bank.model`, built from the validated data by :func:`runtime_bank`, so only
validation pays for pydantic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

if TYPE_CHECKING:
    from popquiz.bank import model

MAX_TEXT = 2000
MAX_QUESTIONS = 10_000
MAX_ACTS = 2_000
LIKERT_VALUES = (1, 2, 3, 4, 5)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$"),
    Field(description="An identifier: lowercase letters, digits, '-' and '_' (max 64)."),
]
Lang = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"),
    Field(description="A language tag such as 'en', 'ko', 'ja' or 'pt-BR'."),
]


def _check_text(value: Any) -> str | dict[str, str]:
    def one(s: Any, where: str) -> str:
        if not isinstance(s, str):
            raise ValueError(f"{where} must be text, not {_kind(s)} (quote it)")
        if not s.strip():
            raise ValueError(f"{where} is empty")
        if len(s) > MAX_TEXT:
            raise ValueError(f"{where} is {len(s)} characters long (max {MAX_TEXT})")
        return s

    if isinstance(value, Mapping):
        if not value:
            raise ValueError("expected text or a mapping of language to text, got {}")
        return {str(k): one(v, f"the {k!r} text") for k, v in value.items()}
    return one(value, "value")


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_TEXT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
        {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
        },
    ],
}

Text = Annotated[
    str | dict[str, str],
    PlainValidator(_check_text),
    WithJsonSchema(
        {
            **_TEXT_SCHEMA,
            "description": "Text shown to takers: a string in the bank's default language, or "
            "a mapping with one entry per declared language.",
        }
    ),
]
Name = Annotated[
    str | dict[str, str],
    PlainValidator(_check_text),
    WithJsonSchema(
        {
            **_TEXT_SCHEMA,
            "description": "A proper name: a plain string is used in every language; a mapping "
            "gives local forms and must then cover every declared language.",
        }
    ),
]


def _check_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("expected a finite number (not .inf or .nan)")
    return number


def _check_unit(value: Any) -> float:
    number = _check_number(value)
    if not -1 <= number <= 1:
        raise ValueError(f"a position must be between -1 and 1, got {number:g}")
    return number


def _check_positive(value: Any) -> float:
    number = _check_number(value)
    if not 0 < number <= 100:
        raise ValueError(f"must be above 0 and at most 100, got {number:g}")
    return number


def _check_weight(value: Any) -> float:
    number = _check_number(value)
    if not -100 <= number <= 100:
        raise ValueError(f"a weight must be between -100 and 100, got {number:g}")
    return number


Weight = Annotated[
    float,
    PlainValidator(_check_weight),
    WithJsonSchema({"type": "number", "minimum": -100, "maximum": 100}),
    Field(description="How far an answer moves an axis (negative: towards the low pole)."),
]
Unit = Annotated[
    float,
    PlainValidator(_check_unit),
    WithJsonSchema({"type": "number", "minimum": -1, "maximum": 1}),
    Field(description="A position on an axis, from -1 (low pole) to +1 (high pole)."),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Axis(_Model):
    """A trait the quiz measures, between two labelled poles."""

    id: Id
    low: Text = Field(description="Label of the pole at -1.")
    high: Text = Field(description="Label of the pole at +1.")
    label: Text | None = Field(default=None, description="Optional name of the axis itself.")


class Answer(_Model):
    """One option of a choice question."""

    id: Id
    text: Text = Field(description="The answer as shown.")
    weights: dict[Id, Weight] = Field(
        default_factory=dict,
        description="Axis id → how far choosing this answer moves that axis. Axes left out: 0.",
    )


class Condition(_Model):
    """Ask a question only if an earlier question got one of the listed answers."""

    question: Id = Field(description="Id of an earlier question.")
    answers: list[Id | Annotated[int, Field(ge=1, le=5)]] = Field(
        min_length=1,
        description="Answer ids of that question (or likert values 1-5) that satisfy the "
        "condition.",
    )


class _QuestionBase(_Model):
    id: Id
    text: Text = Field(description="The question (choice) or statement (likert).")
    tags: list[Id] = Field(
        default_factory=list, description="Dimensions the question probes (for analysis)."
    )
    skippable: bool = Field(default=False, description="Whether takers may skip it.")
    when: list[Condition] = Field(
        default_factory=list,
        description="Conditions on earlier answers, all of which must hold for the question to "
        "be asked (branching). A skipped or unasked question satisfies none.",
    )


class ChoiceQuestion(_QuestionBase):
    """Pick one of several answers, each weighted on one or more axes."""

    kind: Literal["choice"] = Field(default="choice", description="'choice' (the default).")
    answers: list[Answer] = Field(min_length=2, max_length=12)


class LikertQuestion(_QuestionBase):
    """A statement rated 1 (strongly disagree) … 5 (strongly agree), keyed to one axis."""

    kind: Literal["likert"] = Field(description="'likert'.")
    axis: Id = Field(description="The axis the statement is keyed to.")
    weight: Annotated[float, PlainValidator(_check_positive)] = Field(
        default=1.0,
        description="Movement for 'strongly agree' (5); 'agree' (4) moves half as far, 3 not at "
        "all. Must be positive.",
        json_schema_extra={"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    )
    reverse: bool = Field(
        default=False, description="Reverse keying: agreeing moves towards the low pole."
    )


def _question_kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        kind = value.get("kind", "choice")
        return kind if isinstance(kind, str) else None
    return getattr(value, "kind", None)


Question = Annotated[
    Annotated[ChoiceQuestion, Tag("choice")] | Annotated[LikertQuestion, Tag("likert")],
    Discriminator(
        _question_kind,
        custom_error_type="invalid_kind",
        custom_error_message="kind must be 'choice' or 'likert'",
    ),
]


class Outcome(_Model):
    """A possible verdict, with its position on every axis."""

    id: Id
    title: Text
    description: Text
    why: Text | None = Field(default=None, description="'Why this fits you' paragraph.")
    profile: dict[Id, Unit] = Field(description="Axis id → position (-1..1); every axis.")
    balanced: bool = Field(
        default=False,
        description="The balanced outcome: wins when no other outcome leads by `rule.margin`.",
    )


class Status(_Model):
    """A status that can change (active, disbanded, on hiatus) with the date it was true."""

    text: Text
    as_of: Annotated[int, Field(ge=1900, le=2100)] | Annotated[str, Field(max_length=10)] = Field(
        description="Year (or YYYY-MM) when the status was checked."
    )


class Facts(_Model):
    """Checked facts about an act; all optional, never guessed."""

    agency: Name | None = Field(default=None, description="Agency, label or maker.")
    debut: Annotated[int, Field(ge=1800, le=2100)] | None = Field(
        default=None, description="Debut year."
    )
    songs: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        default_factory=list,
        max_length=10,
        description="Signature songs; the first is suggested as the place to start.",
    )
    status: Status | None = None
    active: bool | None = Field(
        default=None,
        description="Whether the act is still active (performing or releasing) as of the "
        "status's `as_of` date. Inactive acts stay recommendable; a result may prefer active "
        "acts and mark inactive ones as classics.",
    )


class Act(_Model):
    """Something to recommend (here: an artist), with its position on every axis."""

    id: Id
    name: Name
    scene: Id = Field(description="Id of the outcome (scene) the act belongs to.")
    profile: dict[Id, Unit] = Field(description="Axis id → position (-1..1); every axis.")
    blurb: Text = Field(description="One line on why to listen.")
    facts: Facts = Field(default_factory=Facts)


class Rule(_Model):
    """How an outcome is picked from the axis scores (see docs/authoring.md, "Scoring")."""

    margin: Annotated[float, PlainValidator(_check_number)] = Field(
        default=0.05,
        description="If the best non-balanced outcome's fit leads the runner-up by less than "
        "this, the balanced outcome wins (0..1).",
        json_schema_extra={"type": "number", "minimum": 0, "maximum": 1},
    )


class Bank(_Model):
    """A question bank."""

    format: Literal[1] = Field(default=1, description="Bank format version.")
    id: Id
    version: Annotated[str, StringConstraints(max_length=40)] = Field(
        default="1", description='The bank\'s own version (quote it: "1.0").'
    )
    title: Text
    description: Text
    language: Lang = Field(default="en", description="Language of plain-string texts.")
    languages: list[Lang] = Field(
        default_factory=list,
        description="Languages every text must provide (default: just `language`).",
    )
    estimated_minutes: Annotated[int, Field(ge=1, le=120)] | None = None
    axes: list[Axis] = Field(min_length=1, max_length=32)
    questions: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)
    outcomes: list[Outcome] = Field(min_length=2, max_length=32)
    rule: Rule = Field(default_factory=Rule)
    catalogue: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None,
        description="A YAML file next to the bank (relative path) whose `acts:` list is used "
        "instead of an inline `acts`.",
    )
    acts: list[Act] = Field(default_factory=list, max_length=MAX_ACTS)


def runtime_bank(data: Any) -> model.Bank:
    """Validate ``data`` against the format and build the engine's bank from it.

    Raises ``pydantic.ValidationError``. Only the format is checked here; cross-references
    (axes named by weights, conditions, languages, ...) are the loader's job, so use
    :func:`popquiz.bank.loader.check_bank` for anything that did not come from a checked bank.
    """
    from popquiz.bank.model import Bank as RuntimeBank

    return RuntimeBank.from_data(Bank.model_validate(data).model_dump())
