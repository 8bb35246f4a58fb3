"""Coverage: questions per axis and tag, the raw push available towards each pole, and the
share of texts translated into each language. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.engine.compiled import Compiled


@dataclass(frozen=True)
class AxisCoverage:
    id: str
    questions: int  # questions that can move it
    low: float  # total raw push available towards the low pole (positive number)
    high: float  # total raw push available towards the high pole
    largest: str | None  # the question with the largest range on it
    largest_share: float  # that question's share of the axis's total range


@dataclass(frozen=True)
class Coverage:
    axes: tuple[AxisCoverage, ...]
    tags: dict[str, int]  # tag -> number of questions; "" counts untagged questions
    languages: dict[str, float]  # language -> fraction of texts written in it


def coverage(c: Compiled) -> Coverage:
    bank = c.bank
    axes = []
    for ai, axis in enumerate(c.axes):
        count, low, high, total = 0, 0.0, 0.0, 0.0
        largest: str | None = None
        largest_range = 0.0
        for qi, ranges in enumerate(c.ranges):
            for i, lo, hi in ranges:
                if i != ai:
                    continue
                count += 1
                low += max(0.0, -lo)
                high += max(0.0, hi)
                total += hi - lo
                if hi - lo > largest_range:
                    largest, largest_range = c.qids[qi], hi - lo
        share = largest_range / total if total > 0 else 0.0
        axes.append(AxisCoverage(axis, count, low, high, largest, share))
    tags: dict[str, int] = {}
    for q in bank.questions:
        for tag in q.tags or [""]:
            tags[tag] = tags.get(tag, 0) + 1
    return Coverage(tuple(axes), dict(sorted(tags.items())), _translation_coverage(bank))


def _texts(bank: Bank) -> Iterator[tuple[Any, bool]]:
    """Every user-visible text of the bank, with whether it is a proper name."""
    yield bank.title, False
    yield bank.description, False
    for axis in bank.axes:
        yield from ((t, False) for t in (axis.low, axis.high, axis.label) if t is not None)
    for q in bank.questions:
        yield q.text, False
        if q.kind == "choice":
            yield from ((a.text, False) for a in q.answers)
    for o in bank.outcomes:
        yield from ((t, False) for t in (o.title, o.description, o.why) if t is not None)
    for act in bank.acts:
        yield act.name, True
        if act.blurb is not None:
            yield act.blurb, False
        if act.facts.agency is not None:
            yield act.facts.agency, True
        if act.facts.status is not None:
            yield act.facts.status.text, False


def _translation_coverage(bank: Bank) -> dict[str, float]:
    """Per language, the share of texts written in it. A text identical to the default
    language's (what ``validate`` warns about, W202) counts as untranslated, unless it is a
    name, has no letters or is listed in ``same_in_all_languages``."""
    langs = bank.all_languages
    have = dict.fromkeys(langs, 0)
    total = 0
    same_ok = set(bank.same_in_all_languages)
    for text, is_name in _texts(bank):
        total += 1
        for lang in langs:
            if isinstance(text, str):
                have[lang] += is_name or lang == bank.language
            elif lang in text:
                base = text.get(bank.language)
                have[lang] += (
                    is_name
                    or lang == bank.language
                    or text[lang] != base
                    or base in same_ok
                    or not any(ch.isalpha() for ch in text[lang])
                )
    return {lang: have[lang] / total if total else 1.0 for lang in langs}
