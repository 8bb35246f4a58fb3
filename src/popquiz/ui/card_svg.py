"""The social card (1080×1350): the one layout of the shared card. The SVG file is this
layout, the HTML card embeds the same ``<svg>`` element, and the PNG is this SVG rasterised
(:mod:`popquiz.ui.card_png`), so the three agree in every word, break and heading.

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
from popquiz.ui.card import (
    PICKS,
    SOCIAL_HEIGHT,
    SOCIAL_WIDTH,
    Axis,
    Card,
    Pick,
    document_title,
    esc,
    font_stack,
    separator,
    social_axes,
    start_text,
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


class Drawing:
    """The parts of one card: text boxes broken into lines, and shapes, in the card's
    colours."""

    def __init__(self, lang: str, accent: str, background: str) -> None:
        self.cjk = lang in ("ja", "ko", "zh")
        self.parts: list[str] = []
        bg = background
        # Presentation attributes, not a style sheet: inline in a page, a <style> inside the
        # SVG would style the whole page too.
        self.paint = {
            "soft": 'fill-opacity="0.85"',
            "accent": f'fill="{accent}"',
            "track": 'fill="#ffffff" fill-opacity="0.25"',
            "mid": 'fill="#ffffff" fill-opacity="0.7"',
            "dot": f'fill="{accent}" stroke="{bg}" stroke-width="3"',
            "box": 'fill="#ffffff" fill-opacity="0.12"',
            "panel": 'fill="#000000" fill-opacity="0.22"',
            "ink": 'fill="#1d1733"',  # dark text on a light marker
        }

    def rect(self, x: float, y: float, w: float, h: float, rx: float, cls: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx:g}" '
            f'class="{cls}" {self.paint[cls]}/>'
        )

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
        left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        attrs = f' class="{cls}" {self.paint[cls]}' if cls else ""
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


# Marks, each drawn in a 100×100 box: a filled path, or (rings, wave) a stroked one.
_MARKS = {
    "bolt": ("fill", "M58 0 L12 58 L44 58 L32 100 L88 38 L56 38 L70 0 Z"),
    "heart": (
        "fill",
        "M50 92 C20 70 0 52 0 29 C0 12 12 0 27 0 C38 0 46 6 50 16 C54 6 62 0 73 0 "
        "C88 0 100 12 100 29 C100 52 80 70 50 92 Z",
    ),
    "sparkle": (
        "fill",
        "M50 0 C54 34 66 46 100 50 C66 54 54 66 50 100 C46 66 34 54 0 50 C34 46 46 34 50 0 Z",
    ),
    "star": (
        "fill",
        "M50 0 L61.8 35.3 L98.6 35.3 L68.8 57.2 L79.9 92.6 L50 70.9 L20.1 92.6 L31.2 57.2 "
        "L1.4 35.3 L38.2 35.3 Z",
    ),
    "diamond": ("fill", "M50 0 L100 50 L50 100 L0 50 Z"),
    "circle": ("fill", "M50 0 A50 50 0 1 1 49.99 0 Z"),
    "rings": ("stroke", "M34 20 A30 30 0 1 0 34.01 20 M66 20 A30 30 0 1 0 66.01 20"),
    "wave": ("stroke", "M4 50 C20 18 36 18 50 50 S80 82 96 50"),
}
MARK = 150  # the mark's size in the top corner
TOP = 60
FOOT = 40  # padding under the footer
AXIS_ROW = 40.0  # one axis: its pole labels (19 px), the bar and the gap below
PICK_ROW = 82.0  # one pick's box and the gap below it
SPREAD_MAX = 16.0  # at most this much spare room added below each axis row and section


def mark_svg(name: str, x: float, y: float, size: float, colour: str, opacity: float) -> str:
    """The mark ``name`` in a ``size`` box at (x, y)."""
    kind, path = _MARKS[name]
    scale = size / 100
    paint = f'fill="{colour}"'
    if kind == "stroke":  # a line 8 units wide in the 100-unit box
        paint = f'fill="none" stroke="{colour}" stroke-width="8" stroke-linecap="round"'
    return (
        f'<path d="{path}" transform="translate({x:.1f} {y:.1f}) scale({scale:.3f})" {paint} '
        f'opacity="{opacity:g}"/>'
    )


def _hook(s: Drawing, card: Card, y: float) -> float:
    """The hook panel (the big number on the left, the type on the right); its height."""
    hook = card.hook
    if hook.number is None and hook.type_name is None:
        return 0.0
    pad = 24
    left_w = 300 if hook.number is not None else 0
    gap = 36 if left_w else 0
    right_x = PAD_X + pad + left_w + gap
    right_w = INNER - 2 * pad - left_w - gap
    at = len(s.parts)
    bottom = y
    if hook.number is not None:
        top = y + pad
        x = PAD_X + pad
        top += s.text(
            hook.number, x, top, 104, width=left_w, bold=True, cls="accent", line_height=1.12
        )
        top += s.text(hook.number_side or "", x, top, 32, width=left_w, lines=2, bold=True) + 4
        top += s.text(
            t(card.lang, "card.number_note"), x, top, 19, width=left_w, lines=2, cls="soft"
        )
        bottom = max(bottom, top)
    if hook.type_name is not None:
        top = y + pad
        top += (
            s.text(
                t(card.lang, "card.type"), right_x, top, 22, width=right_w, bold=True, cls="accent"
            )
            + 6
        )
        top += (
            s.text(
                hook.type_name, right_x, top, 46, width=right_w, lines=2, bold=True, line_height=1.1
            )
            + 8
        )
        if hook.type_because:
            top += s.text(hook.type_because, right_x, top, 21, width=right_w, lines=2, cls="soft")
        bottom = max(bottom, top)
    height = bottom - y + pad
    s.parts, rest = s.parts[:at], s.parts[at:]
    s.rect(PAD_X, y, INNER, height, 24, "panel")
    s.parts += rest
    return height


def _fitting_axes(card: Card, room: float) -> list[Axis]:
    """The axes the card has room for: all it would show, else the most decided ones that
    fit, in the bank's order."""
    shown = social_axes(card)
    rows = max(0, int(room // AXIS_ROW))
    if len(shown) <= rows:
        return shown
    keep = sorted(range(len(shown)), key=lambda i: -abs(shown[i].score))[:rows]
    return [shown[i] for i in sorted(keep)]


def pick_detail(card: Card, pick: Pick) -> str:
    """A pick's second line: its scene, as the result screen says it (with "classic" for an
    act no longer active), then the song to start with, where it has one."""
    parts = [pick.scene, start_text(card, pick)]
    return separator(card.lang).join(p for p in parts if p)


def card_svg(card: Card, *, inline: bool = False) -> str:
    """The social card of ``card`` as an SVG document (``inline``: the ``<svg>`` element of
    the HTML card, without the XML declaration)."""
    lang = card.lang
    hook = card.hook
    s = Drawing(lang, hook.accent, hook.background[0])
    beside_mark = INNER - (MARK + 24 if hook.mark else 0)
    y = float(TOP)
    y += s.text(card.bank_title, PAD_X, y, 24, width=beside_mark, lines=2, cls="soft") + 8
    y += s.text(card.verdict, PAD_X, y, 56, width=beside_mark, lines=2, bold=True, line_height=1.08)
    y += s.text(card.strength, PAD_X, y + 6, 28, width=beside_mark, bold=True, cls="accent") + 24
    if hook.mark:
        y = max(y, TOP + MARK + 20.0)
    panel = _hook(s, card, y)
    y += panel + (24 if panel else 0)
    foot_y = SOCIAL_HEIGHT - FOOT - 26 * 1.2
    # What goes below the axes is measured first: the axes get the room that is left.
    picks = card.picks[:PICKS]
    below = (8 + 24 * 1.2 + 8 + PICK_ROW * len(picks)) if picks else 0.0
    if card.bridges:
        below += 8 + 22 * 1.2 + 4 + 26 * 1.2 + 2 + 20 * 1.2
    room = foot_y - 24 - below - y - (24 * 1.2 + 8)
    shown = _fitting_axes(card, room)
    # Room left when every axis fits (a short title, no bridge) is shared between the rows and
    # the sections rather than left as one empty band above the footer.
    spare = room - AXIS_ROW * len(shown) - 24  # keeping a gap above the footer's rule
    spread = min(SPREAD_MAX, spare / (len(shown) + 2)) if shown and spare > 0 else 0.0
    if shown:
        y += s.text(t(lang, "result.axes"), PAD_X, y, 24, bold=True, cls="accent") + 8
    half = (INNER - 24) / 2
    for axis in shown:
        s.text(axis.low_label, PAD_X, y, 19, width=half)
        y += s.text(axis.high_label, PAD_X + INNER, y, 19, width=half, anchor="end") + 3
        s.rect(PAD_X, y, INNER, 10, 5, "track")
        if axis.measured:
            s.rect(PAD_X + INNER / 2 - 1, y - 4, 2, 18, 0, "mid")
            cx = PAD_X + 10 + (axis.score + 1) / 2 * (INNER - 20)
            s.raw(f'<circle cx="{cx:.1f}" cy="{y + 5:.1f}" r="9" {s.paint["dot"]}/>')
        y += AXIS_ROW - 19 * 1.2 - 3 + spread
    if picks:
        y += 8 + spread
        y += s.text(card.words["picks"], PAD_X, y, 24, bold=True, cls="accent") + 8
        for i, pick in enumerate(picks, 1):
            s.rect(PAD_X, y, INNER, PICK_ROW - 8, 16, "box")
            top = y + 8
            s.text(str(i), PAD_X + 20, top, 28, width=40, bold=True, cls="accent")
            # No percentage: the list is ranked by fit, variety and scene, not by match, so a
            # bare figure per row would read as contradicting the order. The scene is said as
            # the screen says it, before the song to start with.
            s.text(pick.name, PAD_X + 88, top, 28, width=INNER - 108, bold=True)
            detail = pick_detail(card, pick)
            s.text(detail, PAD_X + 88, top + 28 * 1.2 + 2, 20, width=INNER - 108, cls="soft")
            y += PICK_ROW
    if card.bridges:
        y += 8 + spread
        bridge = card.bridges[0]
        y += s.text(card.words["bridge"], PAD_X, y, 22, bold=True, cls="accent") + 4
        y += s.text(bridge.name, PAD_X, y, 26, bold=True) + 2
        y += s.text(pick_detail(card, bridge), PAD_X, y, 20, cls="soft")
    # The way in: how a viewer takes the quiz, and when this result was taken.
    s.raw(
        f'<rect x="{PAD_X}" y="{foot_y - 16:.1f}" width="{INNER}" height="1.5" '
        'fill="#ffffff" fill-opacity="0.35"/>'
    )
    date_w = text_width(card.date, 20) + 8
    s.text(hook.take, PAD_X, foot_y, 26, width=INNER - date_w - 24, bold=True)
    s.text(card.date, PAD_X + INNER, foot_y + 4, 20, width=date_w, anchor="end", cls="soft")
    marks = []
    if hook.mark:
        marks = [
            mark_svg(hook.mark, SOCIAL_WIDTH - 400, SOCIAL_HEIGHT - 620, 560, "#ffffff", 0.06),
            mark_svg(hook.mark, PAD_X + INNER - MARK, TOP, MARK, hook.accent, 0.95),
        ]
    return document(s, lang, document_title(card), hook.background, inline=inline, behind=marks)


def document(
    s: Drawing,
    lang: str,
    title: str,
    background: tuple[str, str],
    *,
    inline: bool = False,
    behind: list[str] | None = None,
) -> str:
    """The SVG document of drawing ``s`` on a 1080×1350 gradient (``behind``: shapes under
    the text)."""
    bg1, bg2 = background
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SOCIAL_WIDTH}" '
        f'height="{SOCIAL_HEIGHT}" viewBox="0 0 {SOCIAL_WIDTH} {SOCIAL_HEIGHT}" '
        f'lang="{esc(lang)}" xml:lang="{esc(lang)}" role="img"'
    )
    if inline:
        root += ' class="social" data-layout="social" aria-labelledby="card-title"'
    head = [
        *([] if inline else ['<?xml version="1.0" encoding="UTF-8"?>']),
        root + ">",
        f'<title id="card-title">{esc(title)}</title>',
        "<defs>",
        '<linearGradient id="bg" x1="0" y1="0" x2="0.55" y2="1">',
        f'<stop offset="0" stop-color="{bg1}"/><stop offset="1" stop-color="{bg2}"/>',
        "</linearGradient>",
        "</defs>",
        f'<rect width="{SOCIAL_WIDTH}" height="{SOCIAL_HEIGHT}" fill="url(#bg)"/>',
        *(behind or []),
        f'<g font-family="{esc(font_stack(lang))}" fill="#ffffff">',
    ]
    return "\n".join([*head, *s.parts, "</g>", "</svg>", ""])
