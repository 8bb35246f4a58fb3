"""The bank format as pydantic models: validated, frozen, unknown keys forbidden.

This is the one definition of what a bank file may contain. The loader validates against it
(``popquiz validate``, and every first load of a bank), and its field descriptions are the
source of the JSON Schema (``popquiz schema``) and of the reference in ``docs/authoring.md``
(a test keeps the two in step). The engine itself works on the plain records of
:mod:`popquiz.bank.model`, built from the validated data by :func:`runtime_bank`, so only
validation pays for pydantic. The value types the models are built from (ids, texts, positions
and weights) are in :mod:`popquiz.bank.spec_values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

from popquiz.bank.spec_acts import (
    LISTEN_SERVICES,
    MAX_ACTS,
    MAX_FACETS,
    Act,
    Catalogue,
    Facet,
    FacetValue,
    Facts,
    Listen,
    Status,
    Words,
)
from popquiz.bank.spec_card import Card
from popquiz.bank.spec_values import (
    FORMAT,
    AxisWeight,
    Id,
    Lang,
    Lead,
    Power,
    Share,
    SpecModel,
    Text,
    Unit,
    Weight,
    check_format,
    check_positive,
    check_preference,
)

if TYPE_CHECKING:
    from popquiz.bank import model

_Model = SpecModel
__all__ = [
    "LISTEN_SERVICES",
    "MAX_ACTS",
    "MAX_FACETS",
    "Act",
    "Catalogue",
    "Facet",
    "FacetValue",
    "Facts",
    "Listen",
    "Status",
    "Words",
]

MAX_QUESTIONS = 10_000
MAX_OUTCOMES = 1_000
LIKERT_VALUES = (1, 2, 3, 4, 5)


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
    weight: AxisWeight = Field(
        default=1.0,
        description="How much a difference on this axis counts in the distance between the "
        "taker's scores and a profile (outcome fit, act match): the distance is "
        "Σ weight·|difference|^power over the measured axes. Only the ratios between the "
        "axes' weights matter.",
    )
    power: Power = Field(
        default=2.0,
        description="The power a difference on this axis is raised to in that distance "
        "(2 on every axis with equal weights: straight-line distance).",
    )


class Scene(_Model):
    """A group of acts (e.g. a music scene) that outcomes recommend from."""

    id: Id
    name: Text = Field(description="The scene's name as shown beside its acts (a noun).")


PreferenceWeight = Annotated[
    float,
    PlainValidator(check_preference),
    WithJsonSchema({"type": "number", "minimum": -2, "maximum": 2}),
    Field(description="How much the answer speaks for (positive) or against a facet value."),
]
Prefer = dict[Id, dict[Id, PreferenceWeight]]
PREFER_DESCRIPTION = (
    "Facet id → facet value id → weight from -2 to 2: what the answer says the taker wants in "
    "an act (e.g. `{style: {band: 1, idol: -1}}`). Facets and values must be declared in "
    "`facets:`. Recommendations rank acts with these values up (or down)."
)


class Answer(_Model):
    """One option of a choice question."""

    id: Id
    text: Text = Field(description="The answer as shown.")
    weights: dict[Id, Weight] = Field(
        default_factory=dict,
        description="Axis id → how far choosing this answer moves that axis. Axes left out: 0.",
    )
    prefer: Prefer = Field(default_factory=dict, description=PREFER_DESCRIPTION)


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
    answers: list[Answer] = Field(
        min_length=2, max_length=12, description="The answers to choose from, 2 to 12."
    )


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
    order: Literal["ascending", "descending"] | None = Field(
        default=None,
        description="How every statement lists its points, in the bank's `scale` only (one "
        "order on every screen): 'ascending' (the default: 1, the lowest, first, on key 1) or "
        "'descending' (the top point first, on key 1). Answers files and golden tests always "
        "give the point itself (1 = the lowest).",
    )


class LikertQuestion(_QuestionBase):
    """A statement rated on a scale (default: 1 strongly disagree … 5 strongly agree), keyed
    to one axis (`axis`) or to several (`weights`)."""

    kind: Literal["likert"] = Field(
        description="'likert': a statement the taker rates on an agree/disagree scale."
    )
    axis: Id | None = Field(
        default=None,
        description="The axis the statement is keyed to (or `weights`, for several axes).",
    )
    weights: dict[Id, Weight] | None = Field(
        default=None,
        description="Axis id → weight, for a statement that moves several axes (instead of "
        "`axis`, `weight` and `reverse`): each point moves every axis named by its weight "
        "times the point's multiplier (−1 at the lowest point, +1 at the top, 0 in the middle "
        "of an odd scale); a negative weight keys that axis in reverse.",
    )
    weight: Annotated[float, PlainValidator(check_positive)] = Field(
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
    prefer: Prefer = Field(
        default_factory=dict,
        description="Facet preferences as on a choice answer, scaled by the answer's signed "
        "position on the scale (the top point: the full weight, the bottom: its negative, the "
        "middle of an odd scale: none). `reverse` does not flip it: it keys the axis, while "
        "agreeing with the statement always means what the statement says.",
    )

    @model_validator(mode="after")
    def _keyed_one_way(self) -> LikertQuestion:
        if self.weights is None:
            if self.axis is None:
                raise ValueError(
                    "a likert statement needs `axis` (one axis) or `weights` (several axes)"
                )
            return self
        if self.axis is not None or {"weight", "reverse"} & self.model_fields_set:
            raise ValueError(
                "`weights` gives each axis its own weight and sign: use it instead of `axis`, "
                "`weight` and `reverse`"
            )
        if not any(self.weights.values()):
            raise ValueError("`weights` must give at least one axis a weight other than 0")
        return self


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

    clear: Text | None = Field(default=None, description="The title of a clear verdict.")
    leaning: Text | None = Field(default=None, description="The title of a leaning verdict.")
    close: Text | None = Field(default=None, description="The title of a close call.")


class Outcome(_Model):
    """A possible verdict, with its position on every axis."""

    id: Id
    title: Text
    titles: Titles | None = Field(
        default=None, description="Titles per verdict strength ('clear', 'leaning', 'close')."
    )
    description: Text | None = Field(
        default=None,
        description="What the outcome is; fixed text, so it must not claim what the taker "
        "chose. Leave it out where the title says enough.",
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

    format: Annotated[int, PlainValidator(check_format)] = Field(
        default=FORMAT,
        description="Bank format version: 2. `popquiz migrate FILE` upgrades a format 1 bank.",
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
    estimated_minutes: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="How long the quiz takes, shown before it starts (1 to 120)."
    )
    same_in_all_languages: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = (
        Field(
            default_factory=list,
            max_length=1000,
            description="Texts meant to read the same in every language (names, brands, "
            "titles): `validate` does not warn (W202) that they look untranslated.",
        )
    )
    axes: list[Axis] = Field(
        min_length=1, max_length=32, description="The traits the quiz measures, 1 to 32."
    )
    questions: list[Question] = Field(
        min_length=1,
        max_length=MAX_QUESTIONS,
        description="The questions, asked in this order: choice questions (the default kind) "
        "and likert statements (`kind: likert`).",
    )
    outcomes: list[Outcome] = Field(
        min_length=2,
        max_length=MAX_OUTCOMES,
        description="The possible verdicts; the nearest one wins.",
    )
    rule: Rule = Field(
        default_factory=Rule, description="How the verdict is picked and graded from the scores."
    )
    scale: Scale | None = Field(
        default=None,
        description="The answer scale of every likert statement without its own `scale` "
        "(default: 5 points, 'Strongly disagree' … 'Strongly agree').",
    )
    percentages: bool = Field(
        default=False,
        description="Show each axis as a pair of pole percentages (e.g. 38% / 62%, adding up "
        "to 100) on the result screen, the cards and the exports, as inventories report "
        "them.",
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
    facets: list[Facet] = Field(
        default_factory=list,
        max_length=MAX_FACETS,
        description="The facets the bank's inline `acts` are classified by (with a "
        "`catalogue:`, declare them in the catalogue).",
    )
    acts: list[Act] = Field(
        default_factory=list,
        max_length=MAX_ACTS,
        description="What the result recommends, each placed on every axis (or `catalogue`).",
    )
    words: Words | None = Field(
        default=None,
        description="What the result calls its recommendations ('Closest matches', 'Name', "
        "'Group' … by default), e.g. 'Play these first' for music.",
    )
    listen: list[Listen] = Field(
        default_factory=list,
        max_length=len(LISTEN_SERVICES),
        description="Services to offer search links on for each act ('youtube-music', "
        "'spotify', 'apple-music'); none unless listed (or listed by the catalogue).",
    )
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
    card: Card | None = Field(
        default=None,
        description="The shared result card: a type and a big number, a look per outcome, "
        "the command that starts the quiz.",
    )


def runtime_bank(data: Any) -> model.Bank:
    """Validate ``data`` against the format and build the engine's bank from it.

    Raises ``pydantic.ValidationError``. Only the format is checked here; cross-references
    (axes named by weights, conditions, languages, ...) are the loader's job, so use
    :func:`popquiz.bank.loader.check` for anything that did not come from a checked bank.
    """
    from popquiz.bank.model import Bank as RuntimeBank

    return RuntimeBank.from_data(Bank.model_validate(data).model_dump())
