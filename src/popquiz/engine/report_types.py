"""The shape of the result object (schema 2), described once.

:func:`popquiz.engine.report.build_report` builds a :class:`Report`; ``take --json`` prints it,
history stores it, and every result screen, card and export reads it through these fields, so
a renamed key is a type error rather than a blank line on a card. The types are TypedDicts, not
classes: the object *is* the JSON (``--json`` prints it as built, key order included), and a
stored report or a friend's file is read back into the same shape once it has been checked
(:func:`popquiz.engine.report.upgrade`, :func:`popquiz.engine.compare.checked`).

Keys marked ``NotRequired`` are absent from reports stored by older versions; every reader
treats a missing one as the README says ("The result object").
"""

from __future__ import annotations

import sys
from typing import TypedDict

from popquiz.bank.model import AnswerValue

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:  # pydantic's dependency; the readers import this module for type checking only
    from typing_extensions import NotRequired


class ReportBank(TypedDict):
    id: str
    version: str
    title: str
    # The bank's (or its catalogue's) own words for its recommendations, in the report's
    # language, and the services to offer listen links on; absent: neutral words, no links.
    words: NotRequired[dict[str, str]]
    listen: NotRequired[list[str]]


class ReportLean(TypedDict):
    """One line of "why this fits you": a leaning the taker's scores show."""

    axis: str
    pole: str
    text: str


class ReportOutcome(TypedDict):
    id: str
    title: str  # the bank's title for this strength
    strength: str  # "clear", "leaning" or "close"
    strength_label: str  # the strength in the report's language
    lead: NotRequired[float]  # how far the winner's fit is ahead of the runner-up's
    balanced: bool
    description: str
    why: str
    explanation: list[ReportLean]
    # The best-fitting outcome that takes a side, other than this one (its id, and its scene's
    # name or its title): what a verdict is ahead of, or where a balanced one leans.
    runner_up: NotRequired[str]
    runner_up_name: NotRequired[str]


class ReportAxis(TypedDict):
    id: str
    label: str
    score: float  # -1 … 1
    low: str  # the pole labels
    high: str
    measured: bool
    # Whole percentages towards the low and the high pole (adding up to 100), when the bank
    # shows its axes that way (``percentages: true``).
    percent: NotRequired[list[int]]


class ReportFit(TypedDict):
    id: str
    fit: float


class ReportReason(TypedDict):
    axis: str  # "" for an asked-for facet value
    pole: str  # "low"/"high"; "middle" when both sit in the middle; "" for a facet value
    shared: bool  # something the taker and the act share (a leaning, a middle, a value)
    text: str
    kind: NotRequired[str]  # "lean", "middle", "asked" or "theirs" (older results: none)
    facet: NotRequired[str]  # for "asked": the facet value the taker asked for
    value: NotRequired[str]


class ReportStatus(TypedDict):
    text: str
    as_of: str


class ReportPick(TypedDict):
    """One recommended act."""

    id: str
    name: str
    scene: str
    scene_name: str
    match: float
    reasons: list[ReportReason]
    songs: list[str]
    blurb: str
    agency: str | None
    debut: int | None
    status: ReportStatus | None
    classic: bool  # no longer active
    bridge: bool  # a pick from a scene not otherwise shown


class ReportMove(TypedDict):
    """One axis an answer moved toward the verdict."""

    axis: str
    delta: float
    toward: str  # the pole label


class ReportWhy(TypedDict):
    """One of "the answers that moved you most": each answer once."""

    question: str
    question_text: str
    answer: AnswerValue
    answer_text: str
    axis: str  # the axis it moved most (the first of ``moves``)
    delta: float
    toward: str  # every pole it moved the taker toward, joined for the report's language
    moves: NotRequired[list[ReportMove]]  # every axis it moved toward the verdict


class ReportContribution(TypedDict):
    question: str
    answer: AnswerValue
    axis: str
    delta: float  # positive toward the high pole


class ReportPreference(TypedDict):
    """The taker's preference for one facet value, from the answers' ``prefer``."""

    facet: str
    value: str
    facet_name: str
    name: str  # the value's name
    score: float  # -1 (against) … 1 (for)


class ReportPlay(TypedDict):
    """How the quiz was played (see :class:`popquiz.engine.report.Play`)."""

    mode: str  # "full", "adaptive" or "quick"
    asked: int
    total: int
    stopped: str  # "locked", "confident" or "complete"
    confidence: float | None


class Report(TypedDict):
    """The whole result object, in the order ``take --json`` prints it."""

    schema: int
    bank: ReportBank
    language: str  # the language of every text in the report
    outcome: ReportOutcome
    axes: list[ReportAxis]
    fits: list[ReportFit]
    recommendations: list[ReportPick]
    answers: dict[str, AnswerValue]
    why: list[ReportWhy]
    contributions: list[ReportContribution]
    preferences: NotRequired[list[ReportPreference]]  # measured ones, in declaration order
    quick: bool
    mode: NotRequired[str]
    asked: NotRequired[int]
    total: NotRequired[int]
    stopped: NotRequired[str]
    confidence: NotRequired[float | None]
    card: NotRequired[ReportCard]  # from the bank's `card:` section; absent without one


class ComparedAxis(TypedDict):
    """One axis of ``compare``: both scores and, when both measured it, the gap."""

    id: str
    low: str
    high: str
    a: float
    b: float
    measured: bool
    gap: float | None


class ComparedSide(TypedDict):
    outcome: str
    title: str
    strength: str
    strength_label: str
    language: str
    runner_up: NotRequired[str]
    runner_up_name: NotRequired[str]
    balanced: NotRequired[bool]


class ComparedAct(TypedDict):
    id: str
    name: str


class Comparison(TypedDict):
    """What ``compare --json`` prints (see :func:`popquiz.engine.compare.compare`)."""

    format: str
    schema: int
    bank: ReportBank
    a: ComparedSide
    b: ComparedSide
    similarity: float
    axes: list[ComparedAxis]
    shared: list[ComparedAct]
    most_different: ComparedAxis | None


class ReportCardNumber(TypedDict):
    """The card's big number: the taker's average position over the axes, as a percentage
    toward one end, and that end's name."""

    percent: int
    side: str


class ReportCardType(TypedDict):
    """The taker's type, named by the bank after their strongest leaning."""

    name: str
    axis: str  # "" for the bank's name of a taker who leans on no named axis
    pole: str  # "low", "high" or ""
    pole_label: str  # the pole's label in the report's language ("" without a pole)


class ReportCardLook(TypedDict):
    background: list[str]  # two #rrggbb colours, top left to bottom right
    accent: str
    mark: str


class ReportCardPart(TypedDict, total=False):
    """The report's ``card`` key, present only for a bank with a ``card:`` section."""

    card: ReportCard


class ReportCard(TypedDict):
    """What the bank's ``card:`` section gives this result's shared card."""

    take: NotRequired[str]  # the command a viewer runs; absent: the card names one itself
    number: NotRequired[ReportCardNumber]
    type: NotRequired[ReportCardType]
    look: NotRequired[ReportCardLook]
