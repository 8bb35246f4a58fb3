"""Which characters no installed font can draw: each font file's character map (the OpenType
``cmap`` table, formats 4 and 12, in .ttf, .otf and collections) is read directly, so the
answer is the font's own, on any platform, with no font library.

Only the few kilobytes of each file's table directory and ``cmap`` are read, and the search
stops as soon as every character has been found.
"""

from __future__ import annotations

import bisect
import os
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
MAX_FILES = 5000  # a font folder this large is searched no further


def needed(text: str) -> set[str]:
    """The characters of ``text`` a font must draw: all but ASCII and white space."""
    return {ch for ch in text if ord(ch) > 0x7E and not ch.isspace()}


def uncovered(text: str, dirs: Iterable[str]) -> str:
    """The characters of ``text`` that no font under ``dirs`` has a glyph for, sorted."""
    left = {ord(ch) for ch in needed(text)}
    for path in _font_files(dirs):
        if not left:
            break
        try:
            with path.open("rb") as f:
                for cmap in _cmaps(f):
                    left -= {c for c in left if cmap.has(c)}
        except (OSError, ValueError, struct.error):
            continue  # an unreadable or damaged font covers nothing
    return "".join(chr(c) for c in sorted(left))


def _font_files(dirs: Iterable[str]) -> Iterator[Path]:
    """The font files under ``dirs``; Korean and Japanese families (their names say CJK,
    Han, Gothic …) first, as they cover the most of what a card needs."""
    found: list[Path] = []
    for top in dirs:
        for root, _, files in os.walk(top):
            found += [Path(root, f) for f in files if f.lower().endswith(FONT_SUFFIXES)]
            if len(found) > MAX_FILES:
                break
    hints = ("cjk", "han", "gothic", "hiragino", "malgun", "nanum", "yu", "meiryo", "ipa")
    found.sort(key=lambda p: (not any(h in p.name.lower() for h in hints), p))
    yield from found[:MAX_FILES]


class _Cmap:
    """One character map: code point ranges with their glyphs."""

    def __init__(self, ranges: list[tuple[int, int, int, int]], glyphs: bytes, base: int) -> None:
        # (first, last, delta, range offset) per segment (format 12: delta = first glyph - first)
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]
        self.glyphs = glyphs
        self.base = base  # where idRangeOffset counts from, in ``glyphs`` (format 4)

    def has(self, code: int) -> bool:
        i = bisect.bisect_right(self.starts, code) - 1
        if i < 0:
            return False
        first, last, delta, offset = self.ranges[i]
        if code > last:
            return False
        if offset < 0:  # format 12: consecutive glyphs from first + delta
            return first + delta + (code - first) != 0
        if offset == 0:
            return (code + delta) & 0xFFFF != 0
        at = self.base + offset + 2 * (code - first)
        glyph = struct.unpack_from(">H", self.glyphs, at)[0] if at + 2 <= len(self.glyphs) else 0
        return glyph != 0 and (glyph + delta) & 0xFFFF != 0


def _read(f: BinaryIO, at: int, size: int) -> bytes:
    f.seek(at)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("truncated font")
    return data


def _cmaps(f: BinaryIO) -> Iterator[_Cmap]:
    """The best Unicode character map of each face in the file."""
    head = _read(f, 0, 12)
    if head[:4] == b"ttcf":
        count = struct.unpack(">I", head[8:12])[0]
        faces = struct.unpack(f">{min(count, 64)}I", _read(f, 12, 4 * min(count, 64)))
    else:
        faces = (0,)
    for face in faces:
        cmap = _face_cmap(f, face)
        if cmap is not None:
            yield cmap


def _face_cmap(f: BinaryIO, face: int) -> _Cmap | None:
    tables = struct.unpack(">H", _read(f, face + 4, 2))[0]
    directory = _read(f, face + 12, 16 * tables)
    for i in range(tables):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
        if tag == b"cmap":
            return _parse_cmap(_read(f, offset, min(length, 16 << 20)))
    return None


def _parse_cmap(data: bytes) -> _Cmap | None:
    count = struct.unpack_from(">H", data, 2)[0]
    best: tuple[int, int] | None = None  # (preference, offset)
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, offset)[0]
        # Full Unicode (format 12) before the Basic Multilingual Plane only (format 4).
        rank = {12: 0, 4: 1}.get(fmt)
        unicode = platform == 0 or (platform == 3 and encoding in (1, 10))
        if rank is not None and unicode and (best is None or rank < best[0]):
            best = (rank, offset)
    if best is None:
        return None
    offset = best[1]
    if best[0] == 0:
        groups = struct.unpack_from(">I", data, offset + 12)[0]
        ranges = []
        for g in range(groups):
            first, last, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * g)
            ranges.append((first, last, glyph - first, -1))
        return _Cmap(ranges, b"", 0)
    segs = struct.unpack_from(">H", data, offset + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, offset + 14)
    starts = struct.unpack_from(f">{segs}H", data, offset + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, offset + 16 + 4 * segs)
    range_at = offset + 16 + 6 * segs
    offsets = struct.unpack_from(f">{segs}H", data, range_at)
    ranges = [
        # idRangeOffset counts from its own slot: store it relative to the array's start.
        (s, e, d, (o + 2 * i) if o else 0)
        for i, (s, e, d, o) in enumerate(zip(starts, ends, deltas, offsets, strict=True))
        if not (s == 0xFFFF and e == 0xFFFF)
    ]
    return _Cmap(ranges, data, range_at)
