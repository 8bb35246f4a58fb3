"""The social card (1080×1350) as a standalone SVG image, the same design as the HTML card.

SVG has no text layout of its own, so lines are broken here, from widths *measured* per
character rather than counted: a wide or full-width East Asian character (and, in a Korean or
Japanese card, an ambiguous-width one) takes a full em, other letters their share of an em in
a wide sans-serif face (an upper bound for the usual system fonts, so a line never runs past
its box; the browser test checks every text box against its declared area). Where a line may
break is the terminal's rule (:mod:`popquiz.text.linebreak`: Japanese at phrases with kinsoku,
Korean and Latin text between words); only the widths are this module's. Text that does not
fit its lines ends with an ellipsis. Nothing is fetched: system fonts only, no ``@import`` or
web font.
"""

from __future__ import annotations

import itertools
import unicodedata

from popquiz.i18n import t
from popquiz.text.linebreak import fit_breaks, script_of
from popquiz.text.typography import colon
from popquiz.ui.card import (
    PICKS,
    SOCIAL_HEIGHT,
    SOCIAL_WIDTH,
    Card,
    document_title,
    esc,
    font_stack,
    social_axes,
)

PAD_X = 72
INNER = SOCIAL_WIDTH - 2 * PAD_X
ELLIPSIS = "…"

# Per character, the share of an em it takes at most in a wide sans-serif (DejaVu Sans, Noto
# Sans, Arial, Roboto); bold adds a tenth.
_NARROW = set("iIl|!.,:;'`ijft ")
_WIDE_LATIN = set("MWmw@%&")


def char_width(ch: str, *, cjk: bool) -> float:
    """The width of ``ch`` in ems (an upper bound, see the module's docstring)."""
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F") or (cjk and eaw == "A" and ord(ch) > 0x7F):
        return 1.0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if ch in _NARROW:
        return 0.36
    if ch in _WIDE_LATIN:
        return 1.0
    if ch.isupper():
        return 0.8
    if ch.isdigit():
        return 0.66
    if ch.isascii():
        return 0.66
    return 0.8  # accented and other scripts' letters


def char_widths(text: str, *, cjk: bool) -> list[float]:
    """The width of each character of ``text`` in ems."""
    return [char_width(ch, cjk=cjk) for ch in text]


def text_width(text: str, size: float, *, bold: bool = False, cjk: bool = False) -> float:
    """The width of ``text`` in pixels at font size ``size``."""
    ems = sum(char_width(ch, cjk=cjk) for ch in text)
    return ems * size * (1.1 if bold else 1.0)


def wrap(
    text: str, width: float, size: float, *, lines: int, bold: bool = False, cjk: bool = False
) -> list[str]:
    """``text`` broken into at most ``lines`` lines of at most ``width`` pixels by the rules of
    its script (:mod:`popquiz.text.linebreak`); the last one ends in an ellipsis when
    something had to be left out."""
    limit = width / (size * (1.1 if bold else 1.0))  # in ems, like every width below

    def w(s: str) -> float:
        return sum(char_width(ch, cjk=cjk) for ch in s)

    flat = " ".join(text.split())
    cuts = [0, *fit_breaks(flat, limit, script_of(flat), char_widths(flat, cjk=cjk)), len(flat)]
    out = [line for a, b in itertools.pairwise(cuts) if (line := flat[a:b].rstrip())]
    if len(out) > lines:
        out = [*out[: lines - 1], out[lines - 1] + " " + " ".join(out[lines:])]
    if out and w(out[-1]) > limit:
        last = out[-1]
        while last and w(last + ELLIPSIS) > limit:
            last = last[:-1]
        out[-1] = last.rstrip() + ELLIPSIS
    return out or [""]


class _Svg:
    def __init__(self, card: Card) -> None:
        self.card = card
        self.cjk = card.lang in ("ja", "ko", "zh")
        self.parts: list[str] = []

    def text(
        self,
        value: str,
        x: float,
        y: float,
        size: float,
        *,
        width: float = INNER,
        lines: int = 1,
        bold: bool = False,
        cls: str = "",
        anchor: str = "start",
        line_height: float = 1.2,
    ) -> float:
        """Draw ``value`` wrapped in a box of ``width`` from (x, y) (top left; right edge for
        anchor "end"); returns the box's height."""
        broken = wrap(value, width, size, lines=lines, bold=bold, cjk=self.cjk)
        step = size * line_height
        height = step * len(broken)
        left = x - width if anchor == "end" else x
        attrs = f' class="{cls}"' if cls else ""
        weight = ' font-weight="700"' if bold else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{weight}{attrs} '
            f'text-anchor="{anchor}" data-box="{left:.1f} {y:.1f} {width:.1f} {height:.1f}">'
        )
        for i, line in enumerate(broken):
            # The baseline of each line: ~0.8 em below its top in the usual fonts.
            base = y + i * step + (step - size) / 2 + size * 0.82
            self.parts.append(f'<tspan x="{x:.1f}" y="{base:.1f}">{esc(line)}</tspan>')
        self.parts.append("</text>")
        return height

    def raw(self, markup: str) -> None:
        self.parts.append(markup)


def card_svg(card: Card) -> str:
    """The social card of ``card`` as an SVG document."""
    s = _Svg(card)
    lang = card.lang
    y = 64.0
    y += s.text(card.bank_title, PAD_X, y, 28, lines=2, cls="soft") + 10
    y += s.text(card.verdict, PAD_X, y, 64, lines=2, bold=True, line_height=1.1) + 10
    y += s.text(card.strength, PAD_X, y, 30, bold=True, cls="accent") + 28
    y += s.text(t(lang, "result.axes"), PAD_X, y, 26, bold=True, cls="accent") + 14
    half = (INNER - 24) / 2
    for axis in social_axes(card):
        s.text(axis.low_label, PAD_X, y, 22, width=half)
        y += s.text(axis.high_label, PAD_X + INNER, y, 22, width=half, anchor="end") + 6
        s.raw(f'<rect x="{PAD_X}" y="{y:.1f}" width="{INNER}" height="14" rx="7" class="track"/>')
        if axis.measured:
            mid = PAD_X + INNER / 2
            s.raw(f'<rect x="{mid - 1:.1f}" y="{y - 4:.1f}" width="2" height="22" class="mid"/>')
            cx = PAD_X + 12 + (axis.score + 1) / 2 * (INNER - 24)
            s.raw(f'<circle cx="{cx:.1f}" cy="{y + 7:.1f}" r="10.5" class="dot"/>')
        y += 14 + 12
    y += 12
    if card.picks:
        y += s.text(card.words["picks"], PAD_X, y, 26, bold=True, cls="accent") + 10
        for i, pick in enumerate(card.picks[:PICKS], 1):
            box_h = 10 + 30 * 1.2 + 4 + 22 * 1.2 + 10
            s.raw(
                f'<rect x="{PAD_X}" y="{y:.1f}" width="{INNER}" height="{box_h:.1f}" rx="16" '
                'class="box"/>'
            )
            top = y + 10
            s.text(str(i), PAD_X + 20, top, 30, width=40, bold=True, cls="rank")
            match = f"{pick.match:.0%}"
            match_w = text_width(match, 24, bold=True) + 4
            s.text(match, PAD_X + INNER - 20, top + 4, 24, width=match_w, bold=True, anchor="end")
            name_w = INNER - 20 - 68 - match_w - 36
            s.text(pick.name, PAD_X + 88, top, 30, width=name_w, bold=True)
            if pick.song:  # "Try first: …", in the bank's words
                song = f"{card.words['start']}{colon(lang)}{'' if lang == 'ja' else ' '}{pick.song}"
                s.text(song, PAD_X + 88, top + 30 * 1.2 + 4, 22, width=INNER - 108, cls="soft")
            y += box_h + 10
    if card.bridges:
        y += 12
        bridge = card.bridges[0]
        y += s.text(card.words["bridge"], PAD_X, y, 24, bold=True, cls="accent") + 6
        line = bridge.name + (f" · {bridge.song}" if bridge.song else "")
        y += s.text(line, PAD_X, y, 26)
    foot_y = SOCIAL_HEIGHT - 48 - 22 * 1.2
    s.text(card.date, PAD_X, foot_y, 22, width=INNER / 2 - 12, cls="soft")
    s.text(
        f"popquiz {card.version}",
        PAD_X + INNER,
        foot_y,
        22,
        width=INNER / 2 - 12,
        anchor="end",
        cls="soft",
    )
    style = (
        f"text{{font-family:{font_stack(lang)};fill:#fff}}"
        ".soft{fill-opacity:.85}.accent{fill:#ffd9ea}.rank{fill:#ffd23f}"
        ".track{fill:#fff;fill-opacity:.28}.mid{fill:#fff;fill-opacity:.7}"
        ".dot{fill:#ffd23f;stroke:#2a1363;stroke-width:3}.box{fill:#fff;fill-opacity:.12}"
    )
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SOCIAL_WIDTH}" '
        f'height="{SOCIAL_HEIGHT}" viewBox="0 0 {SOCIAL_WIDTH} {SOCIAL_HEIGHT}" '
        f'lang="{esc(lang)}" xml:lang="{esc(lang)}" role="img">',
        f"<title>{esc(document_title(card))}</title>",
        f"<style>{esc_style(style)}</style>",
        "<defs>",
        '<linearGradient id="bg" x1="0" y1="0" x2="0.55" y2="1">',
        '<stop offset="0" stop-color="#2a1363"/><stop offset="0.55" stop-color="#5b2bd6"/>',
        '<stop offset="1" stop-color="#d6246e"/>',
        "</linearGradient>",
        "</defs>",
        f'<rect width="{SOCIAL_WIDTH}" height="{SOCIAL_HEIGHT}" fill="url(#bg)"/>',
    ]
    return "\n".join([*head, *s.parts, "</svg>", ""])


def esc_style(css: str) -> str:
    """CSS inside an XML element: only ``&`` and ``<`` need escaping (there are none from the
    bank: the style holds popquiz's own font names and colours)."""
    return css.replace("&", "&amp;").replace("<", "&lt;")
