"""The bank as the engine uses it: plain, immutable records, built from validated data.

A bank is checked once against the format (:mod:`popquiz.bank.spec`, pydantic) and the loader's
cross-checks; what passes is turned into these objects by :meth:`Bank.from_data`. They import
nothing but the standard library and :mod:`popquiz.i18n` (which resolves a bank text to one
language), so playing a quiz (and loading a bank from the compiled-bank
cache, :mod:`popquiz.store.bankcache`) never pays for pydantic. Sequences are tuples; mappings are
read-only by convention (nothing in popquiz mutates a bank).

Records are ``NamedTuple``s, as elsewhere in popquiz: defining one costs ~70 µs at import
against ~450 µs for a frozen dataclass (and importing ``dataclasses`` ~5 ms), and popquiz
defines dozens before a quiz's first question. The three classes with cached derived lookups
(the questions and the bank) subclass their record: their fields are read-only, and the
subclass's instance dictionary holds what ``cached_property`` works out.

``from_data`` trusts its input: it must be the output of ``spec.Bank.model_dump()`` for a bank
that passed every check (``loader.check`` and ``spec.runtime_bank`` guarantee this).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from popquiz.i18n import TextValue as TextValue
from popquiz.i18n import resolve_text as resolve_text

AnswerValue = str | int  # what a taker answers: an answer id, or a likert point (1..points)


class Phrases(NamedTuple):
    """What leaning to each pole says about a taker."""

    low: TextValue
    high: TextValue


class Axis(NamedTuple):
    """A trait the quiz measures, between two labelled poles (-1 = ``low``, +1 = ``high``)."""

    id: str
    low: TextValue
    high: TextValue
    label: TextValue | None = None
    phrases: Phrases | None = None
    weight: float = 1.0  # this axis's weight in the distance to a profile
    power: float = 2.0  # the power a difference on this axis is raised to in that distance


class Scene(NamedTuple):
    """A group of acts that outcomes recommend from."""

    id: str
    name: TextValue


Prefer = Mapping[str, Mapping[str, float]]  # facet id -> value id -> weight (-2 .. 2)
NO_PREFERENCE: Prefer = MappingProxyType({})


class Answer(NamedTuple):
    """One option of a choice question; ``weights``: axis id → movement; ``prefer``: what
    choosing it says about the acts the taker wants."""

    id: str
    text: TextValue
    weights: Mapping[str, float]
    prefer: Prefer = NO_PREFERENCE


class Condition(NamedTuple):
    """Asked only if question ``question`` got one of ``answers``."""

    question: str
    answers: tuple[str | int, ...]


class _ChoiceFields(NamedTuple):
    id: str
    text: TextValue
    answers: tuple[Answer, ...]
    tags: tuple[str, ...] = ()
    skippable: bool = False
    when: tuple[Condition, ...] = ()
    kind: Literal["choice"] = "choice"


class ChoiceQuestion(_ChoiceFields):
    """A question answered by choosing one of ``answers``."""

    @cached_property
    def ranges(self) -> dict[str, tuple[float, float]]:
        """Axis → (lowest, highest) weight any answer gives it (0 for answers without one)."""
        out: dict[str, tuple[float, float]] = {}
        for axis in sorted({axis for a in self.answers for axis in a.weights}):
            values = [a.weights.get(axis, 0.0) for a in self.answers]
            if max(values) > min(values):
                out[axis] = (min(values), max(values))
        return out


class Scale(NamedTuple):
    """A likert answer scale: ``points`` (2-7), a label per point (None: popquiz's own five),
    the prompt (None: popquiz's own)."""

    points: int = 5
    labels: tuple[TextValue, ...] | None = None
    prompt: TextValue | None = None
    order: Literal["ascending", "descending"] | None = None  # the bank's scale only


DEFAULT_SCALE = Scale()


class _LikertFields(NamedTuple):
    id: str
    text: TextValue
    axis: str | None
    weight: float = 1.0
    reverse: bool = False
    tags: tuple[str, ...] = ()
    skippable: bool = False
    when: tuple[Condition, ...] = ()
    kind: Literal["likert"] = "likert"
    scale: Scale | None = None
    prefer: Prefer = NO_PREFERENCE  # × multiplier(v)
    weights: Mapping[str, float] | None = None


class LikertQuestion(_LikertFields):
    """A statement rated on a scale (default 1 strongly disagree … 5 strongly agree), keyed
    to one axis (``axis``, ``weight``, ``reverse``) or to several (``weights``: axis → signed
    weight). ``scale`` is the one it is asked on (its own, else the bank's)."""

    @cached_property
    def keyed(self) -> dict[str, float]:
        """Axis → signed weight: what the top point moves each axis it is keyed to."""
        if self.weights is not None:
            return {a: w for a, w in self.weights.items() if w}
        assert self.axis is not None  # the format asks for one or the other
        return {self.axis: -self.weight if self.reverse else self.weight}

    def multiplier(self, value: int) -> float:
        """Point ``value``'s signed place on the scale, whatever the keying (agreeing is
        agreeing): −1 at 1, +1 at the top, 0 in the middle of an odd scale."""
        return 2 * (value - 1) / (self.points - 1) - 1

    @property
    def points(self) -> int:
        return (self.scale or DEFAULT_SCALE).points

    @property
    def values(self) -> range:
        """The answers it takes: 1 … points."""
        return range(1, self.points + 1)

    def movement(self, value: int, axis: str | None = None) -> float:
        """How far point ``value`` moves ``axis`` (default: the one keyed axis): its signed
        weight × the point's multiplier (−weight at 1, +weight at the top, 0 in the
        middle)."""
        keyed = self.keyed
        return keyed[axis if axis is not None else next(iter(keyed))] * self.multiplier(value)

    @cached_property
    def ranges(self) -> dict[str, tuple[float, float]]:
        """Axis → (lowest, highest) movement: ±|weight| on each keyed axis."""
        return {a: (-abs(w), abs(w)) for a, w in self.keyed.items()}


AnyQuestion = ChoiceQuestion | LikertQuestion


Strength = Literal["clear", "leaning", "close"]
STRENGTHS: tuple[Strength, ...] = ("clear", "leaning", "close")


class Titles(NamedTuple):
    """An outcome's title per strength of the verdict (None: the plain title)."""

    clear: TextValue | None = None
    leaning: TextValue | None = None
    close: TextValue | None = None


class Outcome(NamedTuple):
    id: str
    title: TextValue
    description: TextValue | None  # None: the title says enough
    profile: Mapping[str, float]
    why: TextValue | None = None
    balanced: bool = False
    scene: str | None = None
    titles: Titles | None = None

    def title_for(self, strength: Strength) -> TextValue:
        """The title for a verdict of this strength (the plain title if none is given)."""
        found = None if self.titles is None else getattr(self.titles, strength)
        return self.title if found is None else found


class Words(NamedTuple):
    """What the result calls its recommendations (None: popquiz's neutral default)."""

    picks: TextValue | None = None
    bridge: TextValue | None = None
    bridges: TextValue | None = None
    across: TextValue | None = None
    name: TextValue | None = None
    group: TextValue | None = None
    match: TextValue | None = None
    start: TextValue | None = None


class Status(NamedTuple):
    text: TextValue
    as_of: int | str


class Facts(NamedTuple):
    agency: TextValue | None = None
    debut: int | None = None
    songs: tuple[TextValue, ...] = ()
    status: Status | None = None
    active: bool | None = None


class FacetValue(NamedTuple):
    id: str
    name: TextValue


class Facet(NamedTuple):
    """A way of classifying acts; ``single``: every act has exactly one of its values."""

    id: str
    name: TextValue
    values: tuple[FacetValue, ...]
    single: bool = False


class Act(NamedTuple):
    id: str
    name: TextValue
    scene: str
    profile: Mapping[str, float]
    blurb: TextValue | None  # None: the pick shows its reasons only
    facts: Facts = Facts()
    # facet id -> its value (a single facet, as written) or values
    facets: Mapping[str, str | tuple[str, ...]] = MappingProxyType({})

    def values_of(self, facet: str) -> tuple[str, ...]:
        """The act's values of ``facet`` (none if it has none)."""
        found = self.facets.get(facet, ())
        return (found,) if isinstance(found, str) else found


class Rule(NamedTuple):
    margin: float = 0.05
    leaning: float = 0.05
    clear: float = 0.15
    min_share: float = 0.05
    max_share: float = 0.6


DEFAULT_RULE = Rule()


class Expectation(NamedTuple):
    """A golden test (``popquiz test``): these answers must give this outcome."""

    name: str
    answers: Mapping[str, str | int | None]
    outcome: str
    strength: Strength | None = None
    act: str | None = None
    top: int = 5


class Quick(NamedTuple):
    """When ``take --quick`` stops: once the leading outcome's estimated probability
    reaches ``confidence``, between ``min_questions`` and ``max_questions`` answers (None: the
    engine's defaults, see popquiz.engine.adaptive.settings_for)."""

    confidence: float = 0.85
    min_questions: int | None = None
    max_questions: int | None = None


DEFAULT_QUICK = Quick()


class CardLook(NamedTuple):
    outcome: str
    background: tuple[str, str]  # #rrggbb, top left to bottom right
    accent: str
    mark: str


class CardNumber(NamedTuple):
    low: TextValue  # what the low end of the axes is called
    high: TextValue


class CardType(NamedTuple):
    axis: str
    low: TextValue
    high: TextValue


class Card(NamedTuple):
    """The bank's ``card:`` section: the shared card's hook, looks and way in."""

    take: str | None
    number: CardNumber | None
    types: tuple[CardType, ...]
    middle: TextValue | None  # the type of a taker who leans on no named axis
    looks: tuple[CardLook, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Card:
        number = data.get("number")
        return cls(
            take=data.get("take"),
            number=None if number is None else CardNumber(number["low"], number["high"]),
            types=tuple(CardType(t["axis"], t["low"], t["high"]) for t in data.get("types", ())),
            middle=data.get("middle"),
            looks=tuple(
                CardLook(
                    x["outcome"], (x["background"][0], x["background"][1]), x["accent"], x["mark"]
                )
                for x in data.get("looks", ())
            ),
        )


class _BankFields(NamedTuple):
    id: str
    title: TextValue
    description: TextValue
    axes: tuple[Axis, ...]
    questions: tuple[AnyQuestion, ...]
    outcomes: tuple[Outcome, ...]
    format: int = 2
    version: str = "1"
    language: str = "en"
    languages: tuple[str, ...] = ()
    estimated_minutes: int | None = None
    rule: Rule = DEFAULT_RULE
    catalogue: str | None = None
    acts: tuple[Act, ...] = ()
    scenes: tuple[Scene, ...] = ()
    shuffle_answers: bool = False
    percentages: bool = False  # show each axis as a pair of pole percentages
    scale: Scale | None = None
    same_in_all_languages: tuple[str, ...] = ()
    tests: tuple[Expectation, ...] = ()
    adaptive: bool = False  # true: interactive play stops at lock-in
    quick: Quick = DEFAULT_QUICK
    facets: tuple[Facet, ...] = ()
    words: Words | None = None
    listen: tuple[str, ...] = ()  # services with search links for each act
    card: Card | None = None


class Bank(_BankFields):
    """A validated question bank (see docs/authoring.md for what each field means)."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Bank:
        """Build a bank from validated, complete data (``spec.Bank.model_dump()``)."""
        return cls(
            id=data["id"],
            title=data["title"],
            description=data["description"],
            axes=tuple(
                Axis(
                    a["id"],
                    a["low"],
                    a["high"],
                    a["label"],
                    _phrases(a["phrases"]),
                    a.get("weight", 1.0),
                    a.get("power", 2.0),
                )
                for a in data["axes"]
            ),
            questions=tuple(_question(q, _scale(data.get("scale"))) for q in data["questions"]),
            outcomes=tuple(
                Outcome(
                    o["id"],
                    o["title"],
                    o["description"],
                    o["profile"],
                    o["why"],
                    o["balanced"],
                    o["scene"],
                    None if o["titles"] is None else Titles(**o["titles"]),
                )
                for o in data["outcomes"]
            ),
            format=data["format"],
            version=data["version"],
            language=data["language"],
            languages=tuple(data["languages"]),
            estimated_minutes=data["estimated_minutes"],
            rule=Rule(**data["rule"]),
            catalogue=data["catalogue"],
            acts=tuple(_act(a) for a in data["acts"]),
            scenes=tuple(Scene(s["id"], s["name"]) for s in data["scenes"]),
            shuffle_answers=data["shuffle_answers"],
            percentages=data.get("percentages", False),
            scale=_scale(data.get("scale")),
            same_in_all_languages=tuple(data.get("same_in_all_languages", ())),
            tests=tuple(Expectation(**t) for t in data.get("tests", ())),
            adaptive=data.get("adaptive", False),
            quick=Quick(**data["quick"]) if data.get("quick") else DEFAULT_QUICK,
            facets=tuple(_facet(f) for f in data.get("facets", ())),
            words=None if data.get("words") is None else Words(**data["words"]),
            listen=tuple(data.get("listen", ())),
            card=None if data.get("card") is None else Card.from_data(data["card"]),
        )

    # Derived lookups. Banks are frozen, so computing these once is safe.
    @property
    def scale_order(self) -> Literal["ascending", "descending"]:
        """How every statement lists its points on screen (the bank's `scale.order`)."""
        order = self.scale.order if self.scale is not None else None
        return order or "ascending"

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Room for forms derived from this bank by the layers above (the engine keeps its
        compiled form here), so each is built once per bank. Not part of the bank's value."""
        return {}

    @cached_property
    def all_languages(self) -> tuple[str, ...]:
        langs = list(self.languages) or [self.language]
        if self.language not in langs:
            langs.insert(0, self.language)
        return tuple(langs)

    @cached_property
    def axis_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.axes)

    @cached_property
    def question_index(self) -> dict[str, int]:
        return {q.id: i for i, q in enumerate(self.questions)}

    @cached_property
    def questions_by_id(self) -> dict[str, AnyQuestion]:
        return {q.id: q for q in self.questions}

    @cached_property
    def outcomes_by_id(self) -> dict[str, Outcome]:
        return {o.id: o for o in self.outcomes}

    @cached_property
    def scenes_by_id(self) -> dict[str, Scene]:
        """The declared scenes; without any, one per outcome, named by the outcome's id."""
        if not self.scenes:
            return {o.id: Scene(o.id, o.id) for o in self.outcomes}
        return {s.id: s for s in self.scenes}

    def scene_of(self, outcome: Outcome) -> str | None:
        """The scene an outcome recommends from (its own id when the bank declares none)."""
        if outcome.scene is None and not self.scenes:
            return outcome.id
        return outcome.scene

    @cached_property
    def facet_values(self) -> tuple[tuple[str, str], ...]:
        """Every declared ``(facet, value)``, in declaration order."""
        return tuple((f.id, v.id) for f in self.facets for v in f.values)

    @cached_property
    def balanced_outcome(self) -> Outcome | None:
        return next((o for o in self.outcomes if o.balanced), None)

    def text(self, value: TextValue | None, lang: str | None = None) -> str:
        """Resolve a text or name to one language, falling back to the default language."""
        return resolve_text(value, lang or self.language, self.language)


def _scale(s: Mapping[str, Any] | None) -> Scale | None:
    if s is None:
        return None
    labels = s["labels"]
    return Scale(s["points"], None if labels is None else tuple(labels), s["prompt"], s["order"])


def _question(q: Mapping[str, Any], bank_scale: Scale | None = None) -> AnyQuestion:
    when = tuple(Condition(c["question"], tuple(c["answers"])) for c in q["when"])
    if q["kind"] == "likert":
        return LikertQuestion(
            q["id"],
            q["text"],
            q["axis"],
            q["weight"],
            q["reverse"],
            tuple(q["tags"]),
            q["skippable"],
            when,
            scale=_scale(q.get("scale")) or bank_scale,
            prefer=q.get("prefer") or NO_PREFERENCE,
            weights=q.get("weights"),
        )
    answers = tuple(
        Answer(a["id"], a["text"], a["weights"], a.get("prefer", {})) for a in q["answers"]
    )
    return ChoiceQuestion(q["id"], q["text"], answers, tuple(q["tags"]), q["skippable"], when)


def _phrases(p: Mapping[str, Any] | None) -> Phrases | None:
    return None if p is None else Phrases(p["low"], p["high"])


def _facet(f: Mapping[str, Any]) -> Facet:
    values = tuple(FacetValue(v["id"], v["name"]) for v in f["values"])
    return Facet(f["id"], f["name"], values, f["single"])


def _act(a: Mapping[str, Any]) -> Act:
    facets: dict[str, str | tuple[str, ...]] = {
        k: v if isinstance(v, str) else tuple(v) for k, v in (a.get("facets") or {}).items()
    }
    f = a["facts"]
    status = f["status"]
    return Act(
        a["id"],
        a["name"],
        a["scene"],
        a["profile"],
        a["blurb"],
        Facts(
            f["agency"],
            f["debut"],
            tuple(f["songs"]),
            None if status is None else Status(status["text"], status["as_of"]),
            f["active"],
        ),
        facets,
    )
