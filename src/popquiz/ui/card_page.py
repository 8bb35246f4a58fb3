"""The HTML card: one self-contained document holding the social card (the very ``<svg>`` of
:mod:`popquiz.ui.card_svg`, so the HTML, SVG and PNG cards agree in every word and line
break) at the top, exactly 1080×1350 with nothing around it, then the full report.

The document fetches nothing (a Content Security Policy says so too): system fonts only,
chosen by the document's ``lang``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.ui.card import CARD_CSS, card_data, document_title, esc, font_stack, report_html
from popquiz.ui.card_svg import card_svg

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report

# The social card starts at the top of the page, with no padding: a 1080×1350 window (or
# screenshot) shows exactly the card, no band of page around it.
PAGE_CSS = (
    "body{padding:0 0 40px;gap:40px}svg.social{display:block;flex:none;width:1080px;height:1350px}"
)


def card_html(
    report: Report,
    *,
    date: str,
    version: str,
    previous: Report | None = None,
) -> str:
    """The HTML document: the social card, then the full report."""
    card = card_data(report, date=date, version=version, previous=previous)
    lang = esc(card.lang)
    # No network access of any kind: only inline styles, no scripts, no fonts or images.
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f'<meta name="generator" content="popquiz {esc(card.version)}">',
            f"<title>{esc(document_title(card))}</title>",
            f"<style>:root{{--font:{font_stack(card.lang)}}}{CARD_CSS}{PAGE_CSS}</style>",
            "</head>",
            "<body>",
            card_svg(card, inline=True),
            report_html(card),
            "</body>",
            "</html>",
            "",
        ]
    )
