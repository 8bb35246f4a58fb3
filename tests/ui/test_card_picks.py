"""The social card's picks: each with its scene, as the result screen says it, and no bare
percentage beside a list that is not ranked by match; and room the card does not need is
shared out, not left as an empty band above the footer."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest
from test_card_hook import _default, _golden, _report

from popquiz.ui.card import PICKS, SOCIAL_HEIGHT, card_data
from popquiz.ui.card_svg import FOOT, card_svg
from popquiz.ui.result_words import scene_line

SVG = "{http://www.w3.org/2000/svg}"
CASES = [
    (lang, outcome) for lang in ("en", "ko", "ja") for outcome in ("kpop", "jpop", "crossover")
]


def _boxes(svg: str) -> list[tuple[str, float, float]]:
    """Each text box of the card: its text (lines joined), its top and its bottom."""
    out = []
    for node in ElementTree.fromstring(svg).iter(f"{SVG}text"):
        _, top, _, height = (float(v) for v in node.attrib["data-box"].split())
        text = " ".join("".join(span.itertext()) for span in node.iter(f"{SVG}tspan"))
        out.append((text, top, top + height))
    return out


@pytest.fixture(scope="module")
def cards() -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    bank = _default()
    made = {}
    for lang, outcome in CASES:
        report = _report(bank, _golden(outcome), lang)
        made[lang, outcome] = (report, card_svg(card_data(report, date="2026-12-05", version="t")))
    return made


@pytest.mark.parametrize(("lang", "outcome"), CASES)
def test_each_pick_shows_its_scene_and_no_bare_percentage(
    cards: dict[tuple[str, str], tuple[dict[str, Any], str]], lang: str, outcome: str
) -> None:
    report, svg = cards[lang, outcome]
    texts = [text for text, _, _ in _boxes(svg)]
    shown = [r for r in report["recommendations"] if not r["bridge"]][:PICKS]
    shown += [r for r in report["recommendations"] if r["bridge"]][:1]
    for r in shown:
        at = texts.index(r["name"])
        assert texts[at + 1].startswith(scene_line(lang, r)), (r["name"], texts[at + 1])
    # The one percentage on the card is the hook's big number.
    percentages = [text for text in texts if re.search(r"[0-9]%", text)]
    assert percentages == [f"{report['card']['number']['percent']}%"], percentages


@pytest.mark.parametrize(("lang", "outcome"), CASES)
def test_no_empty_band_above_the_footer(
    cards: dict[tuple[str, str], tuple[dict[str, Any], str]], lang: str, outcome: str
) -> None:
    _, svg = cards[lang, outcome]
    boxes = _boxes(svg)
    footer = SOCIAL_HEIGHT - FOOT - 26 * 1.2  # the top of the way in, under the footer's rule
    content = max(bottom for _, top, bottom in boxes if top < footer)
    assert 16 <= footer - content <= 80, footer - content
