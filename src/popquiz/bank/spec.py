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


def _check_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("expected a finite number (not .inf or .nan)")
    return number


FORMAT = 2


def _check_format(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"format must be the number {FORMAT}, got {_kind(value)}")
    if value == 1:
        raise ValueError(
            "format 1 is no longer read: format 2 measures `rule.margin` per axis (on squared "
            "distances), so a version 1 margin means something else; set `format: 2`, declare "
            "`scenes:` if the bank has acts, and check the outcome shares with `popquiz analyze` "
            "(docs/authoring.md, 'Migrating from format 1')"
        )
    if value != FORMAT:
        raise ValueError(f"unknown format {value}; this popquiz reads format {FORMAT}")
    return value


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


class Phrases(_Model):
    """What leaning towards each pole says about a taker, for "why this fits you"."""

    low: Text = Field(description="Said of a taker whose score leans to the low pole.")
    high: Text = Field(description="Said of a taker whose score leans to the high pole.")


class Axis(_Model):
    """A trait the quiz measures, between two labelled poles."""

    id: Id
    low: Text = Field(description="Label of the pole at -1.")
    high: Text = Field(description="Label of the pole at +1.")
    label: Text | None = Field(default=None, description="Optional name of the axis itself.")
    phrases: Phrases | None = Field(
        default=None,
        description="One sentence per pole about a taker who leans that way. The result's "
        '"why this fits you" is built from these, using only the pole each score is on.',
    )


class Scene(_Model):
    """A group of acts (e.g. a music scene) that outcomes recommend from."""

    id: Id
    name: Text = Field(description="The scene's name as shown beside its acts (a noun).")


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
    # The range of a likert point depends on that question's scale: checked by the loader
    # (E209), so a point out of range is one error, not a union's two.
    answers: list[Id | Annotated[int, WithJsonSchema({"type": "integer", "minimum": 1})]] = Field(
        min_length=1,
        description="Answer ids of that question (or likert points, 1 to the scale's number of "
        "points) that satisfy the condition.",
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


MIN_POINTS, MAX_POINTS = 2, 7


class Scale(_Model):
    """The answer scale of likert statements: how many points, their labels, the prompt.

    Points are numbered 1 (the lowest, e.g. "strongly disagree") to ``points``; point *v*
    moves the keyed axis by ``weight × (2(v − 1)/(points − 1) − 1)`` (−weight … +weight, 0 in
    the middle of an odd scale)."""

    points: Annotated[int, Field(ge=MIN_POINTS, le=MAX_POINTS)] = Field(
        default=5, description="Number of points, 2 to 7."
    )
    labels: list[Text] | None = Field(
        default=None,
        description="One label per point, lowest first. Required unless the scale has 5 points "
        "(then popquiz's own translated 'Strongly disagree' … 'Strongly agree' are used).",
    )
    prompt: Text | None = Field(
        default=None,
        description="What the taker is asked above the points (default: popquiz's translated "
        "'How much do you agree?').",
    )


class LikertQuestion(_QuestionBase):
    """A statement rated on a scale (default: 1 strongly disagree … 5 strongly agree), keyed
    to one axis."""

    kind: Literal["likert"] = Field(description="'likert'.")
    axis: Id = Field(description="The axis the statement is keyed to.")
    weight: Annotated[float, PlainValidator(_check_positive)] = Field(
        default=1.0,
        description="Movement for the top point ('strongly agree'); on the default 5 points "
        "'agree' (4) moves half as far, 3 not at all. Must be positive.",
        json_schema_extra={"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    )
    scale: Scale | None = Field(
        default=None, description="This statement's own scale (default: the bank's `scale`)."
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


class Titles(_Model):
    """An outcome's title for each strength of the verdict (any left out: the plain title)."""

    clear: Text | None = None
    leaning: Text | None = None
    close: Text | None = None


class Outcome(_Model):
    """A possible verdict, with its position on every axis."""

    id: Id
    title: Text
    titles: Titles | None = Field(
        default=None, description="Titles per verdict strength ('clear', 'leaning', 'close')."
    )
    description: Text = Field(
        description="What the outcome is; fixed text, so it must not claim what the taker chose."
    )
    why: Text | None = Field(
        default=None,
        description="More fixed text under the description (no claims about the taker either).",
    )
    profile: dict[Id, Unit] = Field(description="Axis id → position (-1..1); every axis.")
    balanced: bool = Field(
        default=False,
        description="The balanced outcome: wins when no other outcome leads by `rule.margin`.",
    )
    scene: Id | None = Field(
        default=None, description="Id of the scene whose acts this verdict recommends first."
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
    songs: list[Song] = Field(
        default_factory=list,
        max_length=10,
        description="Signature songs; the first is suggested as the place to start. Each is a "
        "title (shown in every language) or a mapping of language to the title fans of that "
        "language use; the mapping needs the bank's default language, which is shown where it "
        "gives no title.",
    )
    status: Status | None = None
    active: bool | None = Field(
        default=None,
        description="Whether the act is still active (performing or releasing) as of the "
        "status's `as_of` date. Inactive acts stay recommendable and are marked as classics; "
        "a result's first pick in each scene is an active act when one is within 5 match "
        "points of the best match there.",
    )


class Act(_Model):
    """Something to recommend (here: an artist), with its position on every axis."""

    id: Id
    name: Name
    scene: Id = Field(
        description="Id of the scene the act belongs to (an outcome id if the bank declares no "
        "`scenes`)."
    )
    profile: dict[Id, Unit] = Field(description="Axis id → position (-1..1); every axis.")
    blurb: Text = Field(description="One line on why to listen.")
    facts: Facts = Field(default_factory=Facts)


def _check_share(value: Any) -> float:
    number = _check_number(value)
    if not 0 <= number <= 1:
        raise ValueError(f"a share must be between 0 and 1, got {number:g}")
    return number


def _check_lead(value: Any) -> float:
    number = _check_number(value)
    if not 0 <= number <= 0.5:
        raise ValueError(f"must be between 0 and 0.5 (a lead in fit), got {number:g}")
    return number


Lead = Annotated[
    float,
    PlainValidator(_check_lead),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 0.5}),
]
Share = Annotated[
    float,
    PlainValidator(_check_share),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]


class Rule(_Model):
    """How an outcome is picked from the axis scores and how sure it is (docs/authoring.md,
    "Scoring"). Every value is a lead in fit, which is per axis: it means the same whatever
    the number of axes."""

    margin: Lead = Field(
        default=0.05,
        description="If the best non-balanced outcome's fit leads the runner-up by less than "
        "this, the balanced outcome wins.",
    )
    leaning: Lead = Field(
        default=0.05,
        description="A non-balanced verdict is 'leaning' once its lead exceeds the margin by "
        "this much ('close' below).",
    )
    clear: Lead = Field(
        default=0.15,
        description="… and 'clear' once its lead exceeds the margin by this much.",
    )
    min_share: Share = Field(
        default=0.05,
        description="`popquiz analyze` warns (W110) when an outcome wins less often than this.",
    )
    max_share: Share = Field(
        default=0.6,
        description="`popquiz analyze` warns (W109) when an outcome wins more often than this.",
    )


class Expectation(_Model):
    """A golden test: answers in, and the outcome (and optionally strength or an act in the
    top picks) that must come out. ``popquiz test`` runs them (docs/authoring.md, "Golden
    tests")."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="What the test is about, shown when it fails."
    )
    answers: dict[Id, Id | int | None] = Field(
        description="Question id → answer id (or a likert point, 1 = the lowest); a question "
        "left out or given `null` is skipped."
    )
    outcome: Id = Field(description="The outcome that must win.")
    strength: Literal["clear", "leaning", "close"] | None = Field(
        default=None, description="The verdict strength it must have (any if left out)."
    )
    act: Id | None = Field(
        default=None, description="An act that must be among the top `top` recommendations."
    )
    top: Annotated[int, Field(ge=1, le=20)] = Field(
        default=5, description="How many top recommendations `act` is looked for in."
    )


class Catalogue(_Model):
    """An act catalogue: a file of its own, named by banks' ``catalogue:`` (docs/authoring.md,
    "Acts and the catalogue file")."""

    kind: Literal["catalogue"] = Field(
        description="Declares the file a catalogue (`kind: catalogue`, the first key)."
    )
    language: Lang = Field(
        default="en", description="Language of plain-string texts (when checked on its own)."
    )
    languages: list[Lang] = Field(
        default_factory=list,
        description="Languages every text must provide when the catalogue is checked on its "
        "own; a bank using it checks it against the bank's languages.",
    )
    acts: list[Act] = Field(min_length=1, max_length=MAX_ACTS)


class Quick(_Model):
    """When ``take --quick`` stops (docs/authoring.md, "Adaptive play")."""

    confidence: Annotated[float, Field(ge=0.5, le=1)] = Field(
        default=0.85,
        description="Stop once the leading outcome's estimated probability reaches this.",
    )
    min_questions: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="Ask at least this many questions (default: the number of axes).",
    )
    max_questions: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="Ask at most this many questions (default: all of them).",
    )


class Bank(_Model):
    """A question bank."""

    format: Annotated[int, PlainValidator(_check_format)] = Field(
        default=FORMAT,
        description="Bank format version (2; version 1 banks need the migration in "
        "docs/authoring.md).",
        json_schema_extra={"const": FORMAT},
    )
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
    same_in_all_languages: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = (
        Field(
            default_factory=list,
            max_length=1000,
            description="Texts meant to read the same in every language (names, brands, "
            "titles): `validate` does not warn (W202) that they look untranslated.",
        )
    )
    axes: list[Axis] = Field(min_length=1, max_length=32)
    questions: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)
    outcomes: list[Outcome] = Field(min_length=2, max_length=32)
    rule: Rule = Field(default_factory=Rule)
    scale: Scale | None = Field(
        default=None,
        description="The answer scale of every likert statement without its own `scale` "
        "(default: 5 points, 'Strongly disagree' … 'Strongly agree').",
    )
    shuffle_answers: bool = Field(
        default=False,
        description="Show each choice question's answers in a shuffled order (the same for a "
        "given --seed, kept on resume; scoring is unchanged).",
    )
    scenes: list[Scene] = Field(
        default_factory=list,
        max_length=32,
        description="The scenes acts belong to, with the names shown beside them. Without "
        "them each outcome is a scene of its own, named by its id.",
    )
    catalogue: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None,
        description="A YAML file next to the bank (relative path) whose `acts:` list is used "
        "instead of an inline `acts`.",
    )
    acts: list[Act] = Field(default_factory=list, max_length=MAX_ACTS)
    tests: list[Expectation] = Field(
        default_factory=list,
        max_length=1000,
        description="Golden tests: answer sets and the outcome each must give (`popquiz test`).",
    )
    adaptive: bool = Field(
        default=False,
        description="Interactive play stops as soon as the verdict is locked in (as with "
        "`take --adaptive`); the taker can go on.",
    )
    quick: Quick = Field(default_factory=Quick, description="When `take --quick` stops.")


def runtime_bank(data: Any) -> model.Bank:
    """Validate ``data`` against the format and build the engine's bank from it.

    Raises ``pydantic.ValidationError``. Only the format is checked here; cross-references
    (axes named by weights, conditions, languages, ...) are the loader's job, so use
    :func:`popquiz.bank.loader.check_bank` for anything that did not come from a checked bank.
    """
    from popquiz.bank.model import Bank as RuntimeBank

    return RuntimeBank.from_data(Bank.model_validate(data).model_dump())
