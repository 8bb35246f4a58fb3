"""``popquiz compare``: the comparison on the terminal (Rich) and as an HTML card.

Both are drawn from the dict :func:`popquiz.engine.compare.compare` returns; every text from a
result (titles, pole labels, act names) is inert (Rich ``Text``, HTML-escaped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.i18n import t
from popquiz.text.cells import cell_width
from popquiz.text.typography import colon, paren
from popquiz.ui.card import CARD_CSS, esc, font_stack
from popquiz.ui.result_words import compared_verdict_words, differ_words, position_words

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from popquiz.engine.report_types import ComparedSide, Comparison

BAR = 31  # the widest a bar is drawn
BAR_MIN = 11  # narrower than this, each axis is stacked: its poles, then its bar


def _side(lang: str, side: ComparedSide) -> str:
    return side["title"] + paren(lang, compared_verdict_words(lang, side))


def labelled(lang: str, label: str, text: str) -> str:
    """ "label: text" with the language's colon (Japanese: full-width, no space)."""
    return f"{label}{colon(lang)}{'' if lang == 'ja' else ' '}{text}"


def _who(lang: str, letter: str, name: str, side: ComparedSide) -> str:
    return labelled(lang, letter + paren(lang, name), _side(lang, side))


def _both(lang: str, a_where: str, b_where: str) -> str:
    """Where A and B stand on one axis: "A …／B …" in Japanese, "A …; B …" otherwise."""
    if lang == "ja":
        return f"A：{a_where}／B：{b_where}"
    if lang == "ko":
        return f"A: {a_where} / B: {b_where}"
    return f"A {a_where}; B {b_where}"


def _poles(lang: str, low: str, high: str) -> str:
    return f"{low}／{high}" if lang == "ja" else f"{low} / {high}"


def _bar(a: float, b: float, width: int, plain: bool) -> Text:
    from rich.text import Text

    def cell(score: float) -> int:
        return round((max(-1.0, min(1.0, score)) + 1) / 2 * (width - 1))

    pa, pb = cell(a), cell(b)
    cells = ["-" if plain else "─"] * width
    cells[width // 2] = "|" if plain else "┼"
    bar = Text()
    for i, ch in enumerate(cells):
        if i == pa and i == pb:
            bar.append("*" if plain else "◆", style="" if plain else "bold yellow")
        elif i == pa:
            bar.append("A", style="" if plain else "bold magenta")
        elif i == pb:
            bar.append("B", style="" if plain else "bold cyan")
        else:
            bar.append(ch, style="" if plain else "dim")
    return bar


def compare_renderable(
    data: Comparison, lang: str, names: tuple[str, str], width: int, *, plain: bool
) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from popquiz.ui.render import plain_text

    bold = "" if plain else "bold"
    parts: list[RenderableType] = [
        plain_text(labelled(lang, t(lang, "compare.title"), data["bank"]["title"]), bold),
        plain_text(_who(lang, "A", names[0], data["a"])),
        plain_text(_who(lang, "B", names[1], data["b"])),
        Text(""),
        Text(t(lang, "compare.similarity", percent=f"{data['similarity']:.0%}"), style=bold),
        Text(""),
        Text(t(lang, "result.axes"), style="" if plain else "bold cyan"),
    ]
    lows = max((cell_width(a["low"]) for a in data["axes"]), default=0)
    highs = max((cell_width(a["high"]) for a in data["axes"]), default=0)
    # The bar takes what the longest pole labels leave (3 columns, 1 cell of padding each
    # side): labels are never wrapped beside a bar; too little room, and each axis is stacked.
    bar_width = min(BAR, width - lows - highs - 6)
    if plain or bar_width < BAR_MIN:
        for axis in data["axes"]:
            low, high = axis["low"], axis["high"]
            if axis["measured"]:
                a_where = position_words(lang, low, high, axis["a"], True)
                b_where = position_words(lang, low, high, axis["b"], True)
                where = _both(lang, a_where, b_where)
            else:
                where = t(lang, "unmeasured")
            line = plain_text(labelled(lang, _poles(lang, low, high), where))
            parts.append(line)
            if not plain:
                parts.append(_bar(axis["a"], axis["b"], max(10, min(BAR, width - 2)), plain))
    else:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        for axis in data["axes"]:
            bar = (
                _bar(axis["a"], axis["b"], bar_width, plain)
                if axis["measured"]
                else Text(t(lang, "unmeasured"), style="dim")
            )
            table.add_row(plain_text(axis["low"]), bar, plain_text(axis["high"]))
        parts.append(table)
    parts += [Text(""), Text(t(lang, "compare.shared"), style="" if plain else "bold cyan")]
    if data["shared"]:
        parts += [plain_text(("- " if plain else "• ") + act["name"]) for act in data["shared"]]
    else:
        parts.append(Text(t(lang, "compare.shared_none")))
    parts += [Text(""), plain_text(differ_words(lang, data))]
    return Group(*parts)


def print_compare(
    data: Comparison, lang: str, names: tuple[str, str], console: Console, *, plain: bool
) -> None:
    console.print(compare_renderable(data, lang, names, console.width, plain=plain))


def compare_html(data: Comparison, lang: str, names: tuple[str, str]) -> str:
    """The comparison as a self-contained HTML card (same rules as the result card)."""
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"
    title = labelled(lang, t(lang, "compare.title"), data["bank"]["title"])
    rows = []
    for axis in data["axes"]:
        marks = ""
        if axis["measured"]:
            for who, score in (("a", axis["a"]), ("b", axis["b"])):
                where = (max(-1.0, min(1.0, float(score))) + 1) / 2
                marks += f'<b class="dot {who}" style="--p:{where:.4f}">{who.upper()}</b>'
        rows.append(
            '<li class="axis"><div class="poles">'
            f'<span class="low">{esc(axis["low"])}</span>'
            f'<span class="high">{esc(axis["high"])}</span></div>'
            f'<div class="bar{"" if axis["measured"] else " off"}"><i class="mid"></i>{marks}</div>'
            "</li>"
        )
    shared = (
        "<ul>" + "".join(f"<li>{esc(act['name'])}</li>" for act in data["shared"]) + "</ul>"
        if data["shared"]
        else f"<p>{esc(t(lang, 'compare.shared_none'))}</p>"
    )
    extra = (
        ".bar .dot{font-size:12px;line-height:18px;text-align:center;color:#fff;"
        "font-weight:700}.bar .dot.b{background:#1f7a8c}"
    )
    similarity = t(lang, "compare.similarity", percent=f"{data['similarity']:.0%}")
    body = [
        '<article class="report" data-layout="compare">',
        "<header>",
        f'<p class="bank">{esc(data["bank"]["title"])}</p>',
        f"<h1>{esc(similarity)}</h1>",
        f'<p class="strength">{esc(_who(lang, "A", names[0], data["a"]))}</p>',
        f'<p class="strength">{esc(_who(lang, "B", names[1], data["b"]))}</p>',
        "</header>",
        f'<section class="axes"><h2>{esc(t(lang, "result.axes"))}</h2><ul>',
        *rows,
        "</ul></section>",
        f"<section><h2>{esc(t(lang, 'compare.shared'))}</h2>{shared}</section>",
        f"<section><p>{esc(differ_words(lang, data))}</p></section>",
        "</article>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{esc(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>:root{{--font:{font_stack(lang)}}}{CARD_CSS}{extra}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )
