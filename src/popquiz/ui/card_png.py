"""The social card as a 1080×1350 PNG: the SVG card (:mod:`popquiz.ui.card_svg`) rasterised by
resvg, through its Python binding ``resvg-py``, without a browser.

resvg lays text out itself with the fonts it finds, and a character that none of them has is
drawn as an empty box. So before rendering, every character of the card is looked up in the
fonts resvg will load (the system's font folders, or ``POPQUIZ_FONT_DIRS``): if one has no
glyph anywhere, no file is written and the message says which text needs which font and how
to install one (exit 73, like any output that cannot be written).

``resvg_py`` is imported only here, only when a PNG is written.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.i18n import t
from popquiz.store.outputs import OutputError
from popquiz.ui.card_fonts import uncovered

if TYPE_CHECKING:
    from popquiz.bank.model import Bank

FONT_DIRS_VAR = "POPQUIZ_FONT_DIRS"


def font_dirs() -> list[str]:
    """The folders whose fonts resvg may use: ``POPQUIZ_FONT_DIRS`` (separated by the
    platform's path separator), else the system's and the user's font folders."""
    chosen = os.environ.get(FONT_DIRS_VAR)
    if chosen:
        return [d for d in chosen.split(os.pathsep) if d]
    home = Path.home()
    if sys.platform == "darwin":
        dirs = [
            "/System/Library/Fonts",
            "/Library/Fonts",
            "/System/Library/AssetsV2",
            str(home / "Library" / "Fonts"),
        ]
    elif sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        local = os.environ.get("LOCALAPPDATA", str(home / "AppData" / "Local"))
        dirs = [str(Path(windir) / "Fonts"), str(Path(local) / "Microsoft" / "Windows" / "Fonts")]
    else:
        data = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
        dirs = [
            "/usr/share/fonts",
            "/usr/local/share/fonts",
            str(Path(data) / "fonts"),
            str(home / ".fonts"),
        ]
    return [d for d in dirs if Path(d).is_dir()]


def _what(lang: str, missing: str) -> tuple[str, str]:
    """The missing characters in words (the card's Korean or Japanese text, else the
    characters themselves), and the help that goes with them."""
    scripts = set()
    for ch in missing:
        name = unicodedata.name(ch, "")
        if name.startswith("HANGUL"):
            scripts.add("ko")
        elif name.startswith(("KATAKANA", "HIRAGANA", "CJK", "FULLWIDTH", "HALFWIDTH")):
            scripts.add("ko" if lang == "ko" else "ja")  # shared ideographs: the card's own
    if scripts:
        names = [t(lang, f"lang.{x}") for x in ("ko", "ja") if x in scripts]
        return t(lang, "card.font_script", language=" / ".join(names)), "card.no_font_help"
    chars = t(lang, "card.font_chars", chars=" ".join(sorted(missing)[:12]))
    return chars, "card.no_font_help_chars"


def check_bank_fonts(bank: Bank, lang: str, path: Path) -> None:
    """Raise :class:`OutputError` now if the fonts cannot draw ``bank``'s title, outcomes and
    poles in ``lang``: a taker learns it before the first question, not after the last."""
    from popquiz.i18n import Locale

    locale = Locale(lang, bank.language)
    texts = [bank.title, *(o.title for o in bank.outcomes)]
    texts += [pole for a in bank.axes for pole in (a.low, a.high)]
    _check("".join(locale.text(x) for x in texts), lang, path, font_dirs())


def _check(text: str, lang: str, path: Path, dirs: list[str]) -> None:
    missing = uncovered(text, dirs)
    if missing:
        what, help_key = _what(lang, missing)
        message = t(lang, "card.no_font", path=str(path), what=what)
        raise OutputError(f"{message}\n{t(lang, 'error.help')} {t(lang, help_key)}")


def drawn_text(svg: str) -> str:
    """Every text the SVG card draws."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg.encode("utf-8"))
    return "".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def card_png(svg: str, *, lang: str, path: Path) -> bytes:
    """The PNG of the SVG card ``svg``; raises :class:`OutputError` naming ``path`` when a
    character the card draws is in none of the fonts."""
    dirs = font_dirs()
    _check(drawn_text(svg), lang, path, dirs)
    return rasterise(svg, dirs)


def rasterise(svg: str, dirs: list[str]) -> bytes:
    """``svg`` as PNG, drawn with the fonts under ``dirs`` alone: what was checked is what
    is drawn."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True, font_dirs=dirs))
