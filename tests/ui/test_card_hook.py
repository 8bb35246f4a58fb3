"""The card's hook from a bank's ``card:`` section: the type named after the strongest
leaning, the big number, the look per outcome and the command, worked out again here from the
scores; and the section's checks (located errors for a misspelt axis or outcome, unreadable
colours)."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from checking import check_text
from conftest import DEFAULT_BANK
from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.bank.spec_card import contrast
from popquiz.engine.compiled import LEAN
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.i18n import Locale
from popquiz.ui.card import card_data


@functools.cache
def _default() -> Bank:
    return load_bank(DEFAULT_BANK)


def _report(bank: Bank, answers: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    result = score(bank, answers)
    return dict(build_report(bank, result, recommend(bank, result), Locale(lang, bank.language)))


def _golden(outcome: str) -> dict[str, Any]:
    return next(dict(t.answers) for t in _default().tests if t.outcome == outcome)


@pytest.mark.parametrize("outcome", ["kpop", "jpop", "crossover"])
def test_the_default_bank_gives_each_scene_its_type_number_and_look(outcome: str) -> None:
    bank = _default()
    report = _report(bank, _golden(outcome))
    assert report["outcome"]["id"] == outcome
    card = report["card"]
    # The type: the named pole of the axis the taker leans on most.
    # The crossover's golden taker leans by LEAN on no axis: the bank's middle type.
    axes = [a for a in report["axes"] if a["measured"] and abs(a["score"]) >= LEAN]
    if outcome == "crossover":
        assert axes == [] and card["type"]["name"] == "The Two-Scene All-Rounder"
    else:
        strongest = max(axes, key=lambda a: abs(a["score"]))
        pole = "high" if strongest["score"] > 0 else "low"
        named = next(t for t in bank.card.types if t.axis == strongest["id"])  # type: ignore[union-attr]
        assert card["type"] == {
            "name": Locale("en", "en").text(getattr(named, pole)),
            "axis": strongest["id"],
            "pole": pole,
            "pole_label": strongest[pole],
        }
    # The number: the mean score (every axis weighs 1 here) toward the scene's own end; the
    # crossover's profile leans nowhere, so its number follows the taker.
    mean = sum(a["score"] for a in report["axes"]) / len(report["axes"])
    high = {"kpop": True, "jpop": False, "crossover": mean >= 0}[outcome]
    percent = round(50 + 50 * (mean if high else -mean))
    side = "K-pop" if high else "J-pop"
    assert card["number"] == {
        "percent": percent,
        "side": "J-pop and K-pop, evenly" if percent == 50 else side,
    }
    assert card["take"] == "popquiz"


def test_the_three_scenes_look_different_and_every_look_is_readable() -> None:
    looks = {x.outcome: x for x in _default().card.looks}  # type: ignore[union-attr]
    assert set(looks) == {"kpop", "jpop", "crossover"}
    assert len({x.background for x in looks.values()}) == 3
    assert len({x.mark for x in looks.values()}) == 3
    for look in looks.values():
        for colour in look.background:
            assert contrast("#ffffff", colour) >= 4.5 and contrast(look.accent, colour) >= 3


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_the_hook_is_in_the_cards_language(lang: str) -> None:
    report = _report(_default(), _golden("kpop"), lang)
    hook = card_data(report, date="d", version="v").hook  # type: ignore[arg-type]
    assert hook.number_side == {"ko": "K팝", "ja": "K-POP"}[lang]
    assert hook.take == {"ko": "나도 해 보기: popquiz", "ja": "あなたもやってみよう：popquiz"}[lang]
    assert hook.type_name and not hook.type_name.isascii()
    assert hook.mark == "bolt" and hook.background == ("#1e0b45", "#be185d")


BANK = """\
format: 2
id: tea-or-coffee
title: Tea or coffee
description: Two questions.
axes:
  - {id: strength, low: mild, high: bold}
  - {id: time, low: slow, high: quick}
questions:
  - id: q1
    text: Pick one
    answers:
      - {id: a, text: Bold and quick, weights: {strength: 2, time: 1}}
      - {id: b, text: Mild and slow, weights: {strength: -2, time: -1}}
      - {id: c, text: Either, weights: {}}
outcomes:
  - {id: coffee, title: Coffee, profile: {strength: 0.8, time: 0.8}}
  - {id: tea, title: Tea, profile: {strength: -0.8, time: -0.8}}
  - {id: either, title: Either, balanced: true, profile: {strength: 0, time: 0}}
"""
CARD = """\
card:
  number: {low: tea, high: coffee}
  types:
    - {axis: strength, low: The Gentle Sipper, high: The Espresso Purist}
  middle: The Anytime Drinker
  looks:
    - {outcome: coffee, background: ["#2b1408", "#7c2d12"], accent: "#fcd34d", mark: bolt}
"""


def test_a_bank_section_names_the_type_number_look_and_a_default_command() -> None:
    bank, problems = check_text(BANK + CARD)
    assert bank is not None, problems
    card = _report(bank, {"q1": "a"})["card"]
    assert card["number"] == {"percent": 100, "side": "coffee"}
    assert card["type"]["name"] == "The Espresso Purist"
    assert card["look"] == {
        "background": ["#2b1408", "#7c2d12"],
        "accent": "#fcd34d",
        "mark": "bolt",
    }
    middle = _report(bank, {"q1": "c"})
    assert middle["card"]["type"] == {
        "name": "The Anytime Drinker",
        "axis": "",
        "pole": "",
        "pole_label": "",
    }
    assert "look" not in middle["card"] and "take" not in middle["card"]
    hook = card_data(middle, date="d", version="v").hook  # type: ignore[arg-type]
    assert hook.take == "Take the quiz: popquiz take tea-or-coffee"
    assert hook.type_because is None and hook.mark is None
    plain, _ = check_text(BANK)
    assert plain is not None and "card" not in _report(plain, {"q1": "a"})


@pytest.mark.parametrize(
    ("change", "code", "where"),
    [
        (("axis: strength", "axis: strenght"), "E202", "did you mean 'strength'?"),
        (("outcome: coffee", "outcome: cofee"), "E220", "did you mean 'coffee'?"),
        (('"#2b1408"', '"#fcd9b0"'), "E103", "white text on #fcd9b0 has contrast 1.3:1"),
        (('accent: "#fcd34d"', 'accent: "#7c2d12"'), "E103", "the accent #7c2d12 on #2b1408"),
        (("mark: bolt", "mark: blot"), "E103", "'star', 'bolt'"),
        (('"#2b1408"', '"red"'), "E103", "#rrggbb"),
    ],
)
def test_mistakes_in_the_card_section_are_located(
    change: tuple[str, str], code: str, where: str
) -> None:
    text = BANK + CARD.replace(*change)
    bank, problems = check_text(text)
    assert bank is None
    found = [p for p in problems if p.code == code]
    assert found, problems
    assert where in found[0].message + " " + (found[0].help or ""), found[0]
    line = text.splitlines()[found[0].line - 1]
    assert change[1].split(":")[0].strip('"') in line or "looks" in line or "- {" in line
