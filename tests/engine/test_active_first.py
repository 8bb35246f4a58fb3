"""Active first (catalogue issue, point 4): a scene's first pick is an active act when one is
within ``ACTIVE_WITHIN`` of that scene's best match; inactive acts stay and are marked as
classics, in the report, on the screen and in the Markdown export."""

from __future__ import annotations

from typing import Any

import pytest

from banks import Item, one_axis_bank
from checking import check_text
from popquiz.bank.model import Bank
from popquiz.engine import recommend as R
from popquiz.engine.recommend import ACTIVE_WITHIN, picks, recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.ui.export import report_markdown
from popquiz.ui.render import render_report

STATUS = {"text": "ended", "as_of": 2026}


@pytest.fixture(autouse=True)
def _at_the_takers_own_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """The windows below are worked out from the match at the taker's own scores; placing the
    taker among the scene (recommend.placed, tested in test_ranking.py) would move them."""
    monkeypatch.setattr(R, "KAPPA", 0.0)


def bank_with(
    active_x: float, *, facts: bool = True, west: tuple[float, float] = (-1, -0.99)
) -> Bank:
    """One axis; the taker answering "far" sits at x = 1, where the classic ``c`` is. The
    active act ``a`` is at ``active_x``, another active act ``b`` much further away. The west
    scene's classic ``w`` and active ``v`` sit at ``west``."""
    classic = {"status": STATUS, "active": False} if facts else {}
    active = {"status": STATUS, "active": True} if facts else {}

    def act(id: str, scene: str, x: float, blurb: str, facts: dict[str, Any] | None) -> Item:
        out = {"id": id, "name": id.upper(), "scene": scene, "profile": {"x": x}, "blurb": blurb}
        return out if facts is None else {**out, "facts": facts}

    text = one_axis_bank(
        id="active-first",
        title="Active first",
        description="One axis.",
        acts=[
            act("c", "east", 1, "A classic.", classic),
            act("a", "east", active_x, "Active.", active),
            act("b", "east", 0.2, "Further.", active),
            act("w", "west", west[0], "West act.", classic),
            act("v", "west", west[1], "West and active.", None),
        ],
    )
    bank, problems = check_text(text)
    assert bank is not None, problems
    return bank


def order(bank: Bank, answer: str = "far") -> list[tuple[str, bool]]:
    """The top three picks (all from the verdict's scene when it has three), then the bridge."""
    return [(a.id, bridge) for _, a, bridge in picks(bank, score(bank, {"q": answer}), n=3)]


def test_an_active_act_within_a_few_points_goes_before_the_classic() -> None:
    # Match of a: 1 - |1 - 0.97| = 0.97, three points behind the classic's 1.0. No bridge:
    # the west acts share nothing with a taker far east.
    assert order(bank_with(0.97)) == [("a", False), ("c", False), ("b", False)]


def test_a_classic_far_ahead_keeps_the_first_place() -> None:
    # Just beyond the window: a is at 1 - ACTIVE_WITHIN - 0.01 from the classic's match.
    x = round(1 - ACTIVE_WITHIN - 0.01, 2)
    assert order(bank_with(x))[:2] == [("c", False), ("a", False)]


def test_every_scene_gets_its_own_active_first_including_the_bridge() -> None:
    # The bridge scene (west, here with acts leaning east like the taker): its best match w is
    # a classic and v is active one point behind, so the bridge is v; on the "west" answer v
    # leads west's own picks too.
    assert order(bank_with(0.97, west=(0.9, 0.89)))[-1] == ("v", True)
    assert order(bank_with(0.97), "west")[:2] == [("v", False), ("w", False)]
    # ... and the classic is still recommended, right after.


def test_a_catalogue_without_the_fact_ranks_by_match_alone() -> None:
    assert order(bank_with(0.97, facts=False))[:2] == [("c", False), ("a", False)]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_a_classic_is_marked_in_the_report_the_screen_and_markdown(lang: str) -> None:
    bank = bank_with(0.97, west=(0.9, 0.89))
    result = score(bank, {"q": "far"})
    report = build_report(bank, result, recommend(bank, result, n=3), lang)
    flags = {r["id"]: r["classic"] for r in report["recommendations"]}
    assert flags == {"a": False, "c": True, "b": False, "v": False}
    word = {"en": "classic", "ko": "현재 활동 없음", "ja": "現在は活動なし"}[lang]
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None, force_terminal=False)
    render_report(report, console)
    for text in (console.export_text(), report_markdown(report)):
        lines = [line for line in text.splitlines() if word in line]
        assert len(lines) == 1, text  # only the classic's scene line says so
