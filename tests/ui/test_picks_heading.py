"""The heading of "Play these first" names the one scene its picks come from, and, when they
come from more than one, says so in the bank's own word (``words.across``), else popquiz's
neutral one, in every language."""

from __future__ import annotations

import random
from typing import Any

import pytest

from conftest import DEFAULT_BANK
from popquiz.bank.loader import check
from popquiz.bank.model import Bank
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers
from popquiz.i18n import t
from popquiz.ui.result_words import recs_heading

BANK = Bank.from_data(check(DEFAULT_BANK).data or {})


def _reports(lang: str) -> tuple[Any, Any]:
    """A report whose picks hold one scene and one whose picks hold more, in ``lang``."""
    one: Any = None
    mixed: Any = None
    for seed in range(400):
        result = score(BANK, random_answers(BANK, random.Random(seed)))
        report = build_report(BANK, result, recommend(BANK, result), lang)
        picks = [r for r in report["recommendations"] if not r["bridge"]]
        scenes = {r["scene"] for r in picks}
        if len(scenes) == 1 and one is None:
            one = report
        if len(scenes) > 1 and mixed is None:
            mixed = report
        if one is not None and mixed is not None:
            return one, mixed
    raise AssertionError("no seed gave both kinds of list")


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_a_list_spanning_scenes_says_so_in_the_banks_words(lang: str) -> None:
    one, mixed = _reports(lang)
    words = BANK.words
    assert words is not None and words.across is not None
    picks_word, across = BANK.text(words.picks, lang), BANK.text(words.across, lang)
    recs = [r for r in one["recommendations"] if not r["bridge"]]
    scene = recs[0]["scene_name"]
    assert recs_heading(one, recs) == t(lang, "result.recs_from", title=picks_word, scene=scene)
    recs = [r for r in mixed["recommendations"] if not r["bridge"]]
    heading = recs_heading(mixed, recs)
    assert heading == t(lang, "result.recs_across", title=picks_word, across=across)
    assert recs[0]["scene_name"] not in heading


def test_without_the_banks_word_the_neutral_one_is_used() -> None:
    _, mixed = _reports("ja")
    mixed = {**mixed, "bank": {**mixed["bank"], "words": {}}}
    recs = [r for r in mixed["recommendations"] if not r["bridge"]]
    assert recs_heading(mixed, recs).endswith(t("ja", "words.across"))
