"""``compare --export us.png`` (or ``.svg``): the comparison as a 1080×1350 card to post, in
the shared card's drawing (:mod:`popquiz.ui.card_svg`): how alike the two are as one big
number, both verdicts, both on every axis, the acts both would like, where they differ most,
and how a viewer takes the quiz.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.i18n import t
from popquiz.text.typography import colon, join, paren
from popquiz.ui.card import DEFAULT_LOOK, SOCIAL_HEIGHT
from popquiz.ui.card_svg import INNER, PAD_X, Drawing, document
from popquiz.ui.result_words import compared_verdict_words, differ_words

if TYPE_CHECKING:
    from popquiz.engine.report_types import ComparedSide, Comparison

B_COLOUR = "#7fe3f0"  # B's marker, beside the accent that marks A


def _verdict(lang: str, side: ComparedSide) -> str:
    return side["title"] + paren(lang, compared_verdict_words(lang, side))


def compare_svg(data: Comparison, lang: str, names: tuple[str, str]) -> str:
    """The comparison card as an SVG document."""
    background, accent = DEFAULT_LOOK
    s = Drawing(lang, accent, background[0])
    y = 60.0
    y += s.text(data["bank"]["title"], PAD_X, y, 24, lines=2, cls="soft") + 20
    similarity = t(lang, "compare.similarity", percent=f"{data['similarity']:.0%}")
    y += s.text(similarity, PAD_X, y, 80, lines=2, bold=True, cls="accent", line_height=1.25)
    y += 28
    for letter, name, side, colour in (
        ("A", names[0], data["a"], accent),
        ("B", names[1], data["b"], B_COLOUR),
    ):
        s.raw(f'<circle cx="{PAD_X + 18}" cy="{y + 18:.1f}" r="18" fill="{colour}"/>')
        s.text(letter, PAD_X + 18, y + 3, 26, width=36, bold=True, anchor="middle", cls="ink")
        y += s.text(name, PAD_X + 52, y, 26, width=INNER - 52, bold=True) + 2
        y += s.text(_verdict(lang, side), PAD_X + 52, y, 24, width=INNER - 52, lines=2, cls="soft")
        y += 16
    y += 8
    foot_y = SOCIAL_HEIGHT - 40 - 26 * 1.2
    below = 8 + 24 * 1.2 + 8 + 2 * 26 * 1.2 + 16 + 2 * 22 * 1.2
    room = foot_y - 24 - below - y - (24 * 1.2 + 8)
    rows = data["axes"][: max(0, int(room // 42))]
    if rows:
        y += s.text(t(lang, "result.axes"), PAD_X, y, 24, bold=True, cls="accent") + 8
    half = (INNER - 24) / 2
    for axis in rows:
        s.text(axis["low"], PAD_X, y, 19, width=half)
        y += s.text(axis["high"], PAD_X + INNER, y, 19, width=half, anchor="end") + 3
        s.rect(PAD_X, y, INNER, 10, 5, "track")
        if axis["measured"]:
            s.rect(PAD_X + INNER / 2 - 1, y - 4, 2, 18, 0, "mid")
            for score, colour in ((axis["a"], accent), (axis["b"], B_COLOUR)):
                cx = PAD_X + 10 + (max(-1.0, min(1.0, float(score))) + 1) / 2 * (INNER - 20)
                s.raw(
                    f'<circle cx="{cx:.1f}" cy="{y + 5:.1f}" r="9" fill="{colour}" '
                    f'stroke="{background[0]}" stroke-width="3"/>'
                )
        y += 42 - 19 * 1.2 - 3
    y += 8
    y += s.text(t(lang, "compare.shared"), PAD_X, y, 24, bold=True, cls="accent") + 8
    shared = [act["name"] for act in data["shared"]]
    line = join(lang, shared) if shared else t(lang, "compare.shared_none")
    y += s.text(line, PAD_X, y, 26, lines=2) + 16
    s.text(differ_words(lang, data), PAD_X, y, 22, lines=2, cls="soft")
    s.raw(
        f'<rect x="{PAD_X}" y="{foot_y - 16:.1f}" width="{INNER}" height="1.5" '
        'fill="#ffffff" fill-opacity="0.35"/>'
    )
    command = f"popquiz take {data['bank']['id']}"
    s.text(t(lang, "card.take", command=command), PAD_X, foot_y, 26, bold=True)
    sep = colon(lang) + ("" if lang == "ja" else " ")
    title = f"{t(lang, 'compare.title')}{sep}{data['bank']['title']}"
    return document(s, lang, title, background)
