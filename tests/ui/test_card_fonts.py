"""The font check behind the PNG card: each font's character map as popquiz reads it
(formats 4 and 12, single files and collections) agrees with fontconfig's reading of the same
file, code point by code point."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from popquiz.ui.card_fonts import _cmaps, uncovered

FONTS = {  # one font per kind of character map, where Debian puts them
    "format 4 only": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "format 12": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "a collection": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
}


def _fontconfig(path: str) -> set[int]:
    out = subprocess.run(
        ["fc-query", "--index", "0", "--format", "%{charset}", path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    covered: set[int] = set()
    for part in out.split():
        first, _, last = part.partition("-")
        covered.update(range(int(first, 16), int(last or first, 16) + 1))
    return covered


@pytest.mark.parametrize("kind", FONTS)
def test_the_character_map_agrees_with_fontconfig(kind: str) -> None:
    path = FONTS[kind]
    if shutil.which("fc-query") is None or not Path(path).exists():
        pytest.skip(f"needs fc-query and {path}")
    expected = _fontconfig(path)
    with Path(path).open("rb") as f:
        cmap = next(_cmaps(f))
    # Every code point of the Basic Multilingual Plane, and the first supplementary ones.
    for code in range(0x20, 0x20000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert cmap.has(code) == (code in expected), (kind, hex(code))


def test_what_no_font_has_is_named(tmp_path: Path) -> None:
    path = FONTS["format 4 only"]
    if not Path(path).exists():
        pytest.skip(f"needs {path}")
    shutil.copy(path, tmp_path)
    left = uncovered("Café · “quoted” … 한국어 日本", [str(tmp_path)])
    assert sorted(left) == sorted("한국어日本")
    assert uncovered("Café · “quoted” …", [str(tmp_path)]) == ""
    assert uncovered("한", [str(tmp_path / "nothing-here")]) == "한"
