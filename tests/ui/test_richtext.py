"""The line-breaking rules on Rich screens (popquiz.ui.richtext): axis labels break between
whole phrases or words, and Rich text of Korean or Japanese wraps by popquiz.text.linebreak."""

from __future__ import annotations

import io
import itertools
import random

import pytest

from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers
from popquiz.store.library import find_bank
from popquiz.text.linebreak import NO_START, PARTICLE, break_levels
from popquiz.ui.console import make_console
from popquiz.ui.render import plain_text, result_renderable


def _words(text: str) -> list[str]:
    """A Japanese label cut at phrase boundaries and at script changes that end a word
    (「エンパワーメント｜と自信」), never inside a word."""
    levels = break_levels(text, "ja")
    cuts = [0, *(i for i in range(1, len(text)) if levels[i] >= PARTICLE), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


@pytest.fixture(scope="module")
def bank() -> Bank:
    found: Bank = load_bank(find_bank(None))
    return found


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_axis_labels_fit_their_column_without_mid_word_breaks(
    bank: Bank, lang: str, width: int
) -> None:
    """Every piece of an axis label on a line of the "Where you stand" block is a run of
    whole phrases (Japanese) or words (Korean) of one label."""
    from popquiz.i18n import t

    result = score(bank, random_answers(bank, random.Random(1)))
    report = build_report(bank, result, recommend(bank, result), lang)
    console = make_console(width=width, file=io.StringIO(), no_color=True)
    console.print(result_renderable(report, width))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    first = lines.index(next(line for line in lines if line.strip() == t(lang, "result.axes")))
    block = list(itertools.takewhile(lambda line: line.strip(), lines[first + 1 :]))
    assert len(block) >= len(bank.axes)
    sep = "" if lang == "ja" else " "
    fragments = set()
    for axis in bank.axes:
        for side in (axis.low, axis.high):
            label = bank.text(side, lang)
            parts = _words(label) if lang == "ja" else label.split()
            for i, j in itertools.combinations(range(len(parts) + 1), 2):
                fragments.add(sep.join(parts[i:j]))
    checked = 0
    for line in block:
        for piece in line.replace("↔", "─").split("─"):
            for text in piece.strip("┼● ").split("  "):
                if text.strip("┼● "):
                    assert text.strip("┼● ") in fragments, (lang, width, text, line)
                    checked += 1
    assert checked >= 2 * len(bank.axes)


def test_rich_text_of_cjk_wraps_by_these_rules() -> None:
    console = make_console(width=12, file=io.StringIO(), no_color=True)
    console.print(plain_text("シャッフルで知らない曲が流れてきた。"))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) > 1 and all(line.strip()[0] not in NO_START for line in lines)
