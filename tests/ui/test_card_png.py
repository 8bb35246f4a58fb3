"""The PNG card, rendered by resvg without a browser: each outcome of the default bank in each
language, 1080×1350 with its headline, number and way in; Korean and Japanese drawn with real
glyphs (the pixels of the verdict's line against the same line drawn with a character no font
has); and a clear refusal, with no file written, when no installed font has the card's Korean
or Japanese glyphs. ``POPQUIZ_UPDATE_SCREENSHOTS=1`` also copies three cards to docs/ (the
README's pictures: one per language, each outcome once).

Rendering costs about 0.7 s a card, so the module renders the nine once and shares them.
Without a Korean or Japanese font the tests skip, saying why, outside CI and fail in it
(.ci/run installs fonts-noto-cjk).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import zlib
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
from test_card_hook import _default, _golden, _report

from conftest import ROOT
from popquiz.cli import run
from popquiz.errors import ExitStatus
from popquiz.store.outputs import OutputError
from popquiz.ui.card import card_data
from popquiz.ui.card_png import card_png, check_bank_fonts, font_dirs, rasterise
from popquiz.ui.card_svg import card_svg
from popquiz.ui.export import export_report

CARDS = [
    (lang, outcome) for lang in ("en", "ko", "ja") for outcome in ("kpop", "jpop", "crossover")
]
PICTURES = {"en": "kpop", "ko": "jpop", "ja": "crossover"}  # docs/card-<lang>.png
NO_GLYPH = "\U0010fffd"  # a private-use character no font draws: what a missing glyph looks like


def decode(data: bytes, limit: int | None = None) -> tuple[int, int, list[bytes]]:
    """(width, height, the first ``limit`` rows of RGBA bytes) of an 8-bit RGBA,
    non-interlaced PNG (decoding in Python is slow: ask for the rows a test needs)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + size]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        at += 12 + size
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (8, 6, 0)
    raw, stride, rows = zlib.decompress(idat), width * 4, []
    prev = bytearray(stride)
    for y in range(height if limit is None else min(limit, height)):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - 4] if i >= 4 else 0
            b, c = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Any]]:
    """(lang, outcome) → (the PNG written by --export, the report it shows)."""
    try:
        for lang in ("ko", "ja"):
            check_bank_fonts(_default(), lang, Path("card.png"))
    except OutputError as exc:  # like the browser tests: CI installs fonts-noto-cjk
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PNG tests with a CJK font: {exc}")
        pytest.skip(f"no Korean or Japanese font here ({exc})")
    out = tmp_path_factory.mktemp("png")
    made = {}
    for lang, outcome in CARDS:
        report = _report(_default(), _golden(outcome), lang)
        path = out / f"{lang}-{outcome}.png"
        export_report(report, path, previous=None, taken_at="2026-12-05T10:00:00")  # type: ignore[arg-type]
        made[lang, outcome] = (path, report)
        if PICTURES[lang] == outcome and os.environ.get("POPQUIZ_UPDATE_SCREENSHOTS"):
            shutil.copy(path, ROOT / "docs" / f"card-{lang}.png")
    return made


@pytest.mark.parametrize(("lang", "outcome"), CARDS)
def test_each_card_is_1080_by_1350_with_its_hook_and_way_in(
    cards: dict[tuple[str, str], tuple[Path, Any]], lang: str, outcome: str
) -> None:
    path, report = cards[lang, outcome]
    width, height, rows = decode(path.read_bytes(), limit=1)
    assert (width, height) == (1080, 1350)
    assert report["outcome"]["id"] == outcome
    svg = card_svg(card_data(report, date="2026-12-05", version="1"))
    # Every line the card draws, white space aside (a line break is not a space in Japanese).
    drawn = unescape("".join("".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)).split()))
    card = report["card"]
    way_in = {"en": "Take the quiz: popquiz", "ko": "나도 해 보기: popquiz"}
    way_in["ja"] = "あなたもやってみよう：popquiz"
    shown = [report["outcome"]["title"], card["type"]["name"], card["number"]["side"], way_in[lang]]
    for text in [*shown, f"{card['number']['percent']}%"]:
        assert "".join(text.split()) in drawn, text
    # The background is the outcome's own: the top left pixel is its first colour.
    first = card["look"]["background"][0]
    assert rows[0][:3] == bytes.fromhex(first[1:])


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_korean_and_japanese_are_drawn_with_real_glyphs(
    cards: dict[tuple[str, str], tuple[Path, Any]], lang: str
) -> None:
    """The card's verdict line, and below it the same line with every CJK character replaced
    by one no font has (its .notdef box, or nothing), drawn in one picture by the card's
    renderer with the card's font list: the two halves must differ."""
    _, report = cards[lang, PICTURES[lang]]
    title = report["outcome"]["title"]
    assert not title.isascii()
    boxes = "".join(NO_GLYPH if ord(ch) > 0x2000 else ch for ch in title)
    svg = card_svg(card_data(report, date="2026-12-05", version="1"))
    font = re.search(r'<g font-family="([^"]*)"', svg)
    assert font
    texts = "".join(
        f'<text x="10" y="{y}" font-size="56" font-weight="700" fill="#000">{escape(t)}</text>'
        for y, t in ((70, title), (170, boxes))
    )
    small = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="200" lang="{lang}">'
        '<rect width="900" height="200" fill="#fff"/>'
        f'<g font-family="{font.group(1)}">{texts}</g></svg>'
    )
    rows = decode(rasterise(small, font_dirs()))[2]
    real, missing = rows[:100], rows[100:]
    ink = sum(px != 255 for r in real for px in r[::4])
    differ = sum(
        a != b for r, m in zip(real, missing, strict=True) for a, b in zip(r, m, strict=True)
    )
    assert ink > 2000 and differ > 0.4 * ink * 4, (ink, differ)


def _latin_only(tmp_path: Path) -> Path:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    found = sorted(Path("/usr/share/fonts").rglob("DejaVuSans*.ttf"))
    if not found:
        pytest.skip("no DejaVu Sans to stand for a system without CJK fonts")
    for font in found:
        shutil.copy(font, fonts)
    return fonts


def test_without_a_cjk_font_the_card_is_refused_and_says_how_to_fix_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POPQUIZ_FONT_DIRS", str(_latin_only(tmp_path)))
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    ko = tmp_path / "ko.png"
    argv = ["take", "--random", "--seed", "7", "--lang", "ko", "--export", str(ko)]
    assert run(argv) == ExitStatus.CANNOT_WRITE == 73  # the result is still shown and saved
    err = capsys.readouterr().err
    assert "카드의 한국어 글자" in err and "fonts-noto-cjk" in err and str(ko) in err
    assert not ko.exists()
    assert run(["history", "show", "1", "--export", str(ko)]) == 73  # the same from history
    assert "fonts-noto-cjk" in capsys.readouterr().err and not ko.exists()
    with pytest.raises(OutputError, match="日本語"):  # asked before the first question
        check_bank_fonts(_default(), "ja", tmp_path / "ja.png")
    check_bank_fonts(_default(), "en", tmp_path / "en.png")  # Latin fonts draw an English card
    # Characters other than Korean or Japanese are named, with a help of their own.
    report = _report(_default(), _golden("kpop"))
    report["outcome"]["title"] += " " + NO_GLYPH
    svg = card_svg(card_data(report, date="d", version="v"))
    with pytest.raises(OutputError, match=r"(?s)the characters \U0010fffd.*Noto Color Emoji"):
        card_png(svg, lang="en", path=tmp_path / "odd.png")


def test_the_comparison_is_a_png_card_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_card_compare import compare_card

    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    width, height, rows = decode(compare_card(tmp_path, ".png", "ko").read_bytes(), limit=1)
    assert (width, height) == (1080, 1350)
    assert rows[0][:3] == bytes.fromhex("2a1363")  # popquiz's own look: two results, no scene
