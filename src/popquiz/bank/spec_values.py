"""The values a bank's fields hold, as annotated types for the format's models: ids, language
tags, texts (one string, or one per language), names, song titles, the format number, axis
positions and weights, the rule's leads and shares, each with its validator and its JSON
Schema."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints, WithJsonSchema

MAX_TEXT = 2000

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
    if value.__class__ is str and 0 < len(value) <= MAX_TEXT and not value.isspace():
        return value  # the common case, without a function per call

    def one(s: Any, where: str) -> str:
        if not isinstance(s, str):
            raise ValueError(f"{where} must be text, not {_kind(s)} (quote it)")
        if not s.strip():
            raise ValueError(f"{where} is empty")
        if len(s) > MAX_TEXT:
            raise ValueError(f"{where} is {len(s)} characters long (max {MAX_TEXT})")
        return s

    if value.__class__ is dict and value:
        for text in value.values():
            if text.__class__ is not str or not 0 < len(text) <= MAX_TEXT or text.isspace():
                break
        else:  # every language's text is fine, as it is in a valid bank: no function per text
            return {str(k): text for k, text in value.items()}
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


MAX_SONG = 200


def _check_song(value: Any) -> str | dict[str, str]:
    text = _check_text(value)
    for where, title in [("value", text)] if isinstance(text, str) else text.items():
        if len(title) > MAX_SONG:
            where = "value" if isinstance(text, str) else f"the {where!r} title"
            raise ValueError(f"{where} is {len(title)} characters long (max {MAX_SONG})")
    return text


_SONG_TITLE: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_SONG}
Song = Annotated[
    str | dict[str, str],
    PlainValidator(_check_song),
    WithJsonSchema(
        {
            "anyOf": [
                _SONG_TITLE,
                {"type": "object", "minProperties": 1, "additionalProperties": _SONG_TITLE},
            ],
            "description": "A song title: a string shown in every language, or a mapping of "
            "language to title (e.g. {en: Growl, ko: 으르렁}) that includes the bank's default "
            "language.",
        }
    ),
]


def check_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("expected a finite number (not .inf or .nan)")
    return number


FORMAT = 2


def check_format(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"format must be the number {FORMAT}, got {_kind(value)}")
    if value == 1:
        raise ValueError(
            "format 1 is no longer read: format 2 measures `rule.margin` on squared distances, "
            "so a format 1 margin means something else"
        )
    if value != FORMAT:
        raise ValueError(f"unknown format {value}; this popquiz reads format {FORMAT}")
    return value


def between(what: str, low: float, high: float) -> Callable[[Any], float]:
    """A validator for a number from ``low`` to ``high`` (both allowed), whose error names
    ``what``: "a power must be between 0.5 and 8, got 9"."""

    def check(value: Any) -> float:
        if value.__class__ is int or value.__class__ is float:  # not bool: a class of its own
            number = float(value)
            if low <= number <= high:  # false for .nan and .inf, which check_number explains
                return number
        number = check_number(value)
        if not low <= number <= high:
            raise ValueError(f"a {what} must be between {low:g} and {high:g}, got {number:g}")
        return number

    return check


MIN_POWER, MAX_POWER = 0.5, 8.0
_check_unit = between("position", -1, 1)
check_preference = between("preference weight", -2, 2)
_check_power = between("power", MIN_POWER, MAX_POWER)
_check_weight = between("weight", -100, 100)
check_share = between("share", 0, 1)


def check_positive(value: Any) -> float:
    number = check_number(value)
    if not 0 < number <= 100:
        raise ValueError(f"must be above 0 and at most 100, got {number:g}")
    return number


Power = Annotated[
    float,
    PlainValidator(_check_power),
    WithJsonSchema({"type": "number", "minimum": MIN_POWER, "maximum": MAX_POWER}),
]
AxisWeight = Annotated[
    float,
    PlainValidator(check_positive),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
]


Weight = Annotated[
    float,
    PlainValidator(_check_weight),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": -100,
            "maximum": 100,
            "description": "How far this answer moves the axis (negative: towards the low pole).",
        }
    ),
    Field(description="How far an answer moves an axis (negative: towards the low pole)."),
]
Unit = Annotated[
    float,
    PlainValidator(_check_unit),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": -1,
            "maximum": 1,
            "description": "A position on the axis, from -1 (its low pole) to +1 (its high pole).",
        }
    ),
    Field(description="A position on an axis, from -1 (low pole) to +1 (high pole)."),
]


def check_lead(value: Any) -> float:
    number = check_number(value)
    if not 0 <= number <= 0.5:
        raise ValueError(f"must be between 0 and 0.5 (a lead in fit), got {number:g}")
    return number


Lead = Annotated[
    float,
    PlainValidator(check_lead),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 0.5}),
]
Share = Annotated[
    float,
    PlainValidator(check_share),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]


class SpecModel(BaseModel):
    """Every model of the format: validated strictly, frozen, unknown keys refused."""

    # Each model's validator is built on its first use, not at import: only the root that is
    # validated (a bank, or a catalogue on its own) builds one, its nested models inline, and
    # importing the format (its field list, the schema's) costs half as much.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)
