"""``--export PATH``: the result as a designed card (.png, .html, .svg), Markdown (.md) or
JSON.

The cards are built from the report alone (so ``history show N --export`` gives the same
card): the social card is laid out once (:mod:`popquiz.ui.card_svg`), the HTML card embeds it
(:mod:`popquiz.ui.card_page`) and the PNG is it rasterised (:mod:`popquiz.ui.card_png`). They
are not terminal screenshots, fetch nothing and lay Korean and Japanese out properly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.errors import UsageError
from popquiz.i18n import t
from popquiz.text.typography import colon, join, paren
from popquiz.ui.links import listen_links
from popquiz.ui.result_words import (
    axis_percent,
    bridge_heading,
    listen_services,
    play_note,
    position_words,
    previous_line,
    recs_heading,
    scene_line,
    start_line,
    verdict_words,
    word,
)

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report, ReportPick

SUFFIXES = (".png", ".svg", ".html", ".md", ".json")


def export_report(
    report: Report,
    path: Path,
    *,
    previous: Report | None,
    taken_at: str | None = None,
) -> None:
    """Write the result card for ``report`` to ``path``; the extension picks the format.
    ``taken_at`` (ISO 8601) dates the card; it defaults to today."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"--export: unknown file type {path.suffix!r}; use .png, .svg, .html, .md or .json"
        )
    if suffix == ".png":
        _write_bytes(path, _png(report, previous, taken_at, path))
        return
    if suffix == ".json":
        text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    elif suffix == ".md":
        text = report_markdown(report, previous=previous)
    else:
        text = _card(report, previous, taken_at, svg=suffix == ".svg")
    _write(path, text)


def _card(report: Report, previous: Report | None, taken_at: str | None, *, svg: bool) -> str:
    from popquiz import __version__
    from popquiz.ui.card import card_data
    from popquiz.ui.card_page import card_html

    date = card_date(taken_at)
    if svg:
        from popquiz.ui.card_svg import card_svg

        return card_svg(card_data(report, date=date, version=__version__, previous=previous))
    return card_html(report, date=date, version=__version__, previous=previous)


def _png(report: Report, previous: Report | None, taken_at: str | None, path: Path) -> bytes:
    from popquiz.ui.card_png import card_png

    svg = _card(report, previous, taken_at, svg=True)
    return card_png(svg, lang=str(report.get("language", "en")), path=path)


def card_date(taken_at: str | None) -> str:
    """The local date of ``taken_at`` (ISO 8601), or today's; as written if unreadable."""
    from datetime import datetime

    if taken_at is None:
        return datetime.now().astimezone().strftime("%Y-%m-%d")
    try:
        return datetime.fromisoformat(taken_at).astimezone().strftime("%Y-%m-%d")
    except ValueError:
        return taken_at


def _write(path: Path, text: str) -> None:
    """Through the one safe output writer (no device, FIFO or dangling symlink is replaced, an
    existing file keeps its permissions, an interrupted export never leaves half a file)."""
    from popquiz.store.outputs import write_text

    write_text(path, text)


def _write_bytes(path: Path, data: bytes) -> None:
    from popquiz.store.outputs import write_bytes

    write_bytes(path, data)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_MD_LINE_START = re.compile(r"^([ \t]*)(\d*)([-+=.)])", re.MULTILINE)
# What GitHub turns into a link by itself: a scheme, "www." or an e-mail address. An entity for
# the ":", "." or "@" shows the same character but is not recognised as one.
_MD_AUTOLINK = re.compile(r"(?i)(?<![\w&])(https?|ftp|mailto|www)(:|\.)|@")


def md(text: str) -> str:
    """Bank text as inert Markdown: shown literally wherever it goes (heading, emphasis, table
    cell). ``&`` starts no entity, markup and ``$…$`` math are escaped, URLs and addresses do
    not autolink, and newlines (even blank lines) are ``<br>`` breaks, which end no heading,
    emphasis or table row."""
    escaped = text.replace("&", "&amp;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    escaped = _MD_LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", escaped)
    escaped = _MD_AUTOLINK.sub(_unlink, escaped)
    return re.sub(r"[ \t]*\r?\n", "<br>", escaped)


def _unlink(match: re.Match[str]) -> str:
    if match[0] == "@":
        return "&#64;"
    return match[1] + ("&#58;" if match[2] == ":" else "&#46;")


def report_markdown(report: Report, *, previous: Report | None = None) -> str:
    """The result card as GitHub-flavoured Markdown."""
    lang = report["language"]
    outcome = report["outcome"]
    verdict = verdict_words(lang, outcome)
    sep = colon(lang) + ("" if lang == "ja" else " ")
    out = [
        f"# {md(report['bank']['title'])}",
        "",
        f"## {t(lang, 'result.heading')}{sep}{md(outcome['title'])}",
        "",
        f"**{md(verdict)}**",
        "",
    ]
    if outcome["description"]:
        out += [md(outcome["description"]), ""]
    if outcome.get("why"):
        out += [f"*{md(outcome['why'])}*", ""]
    if outcome.get("explanation"):
        out += [f"**{md(t(lang, 'result.explain'))}**", ""]
        out += [f"- {md(e['text'])}" for e in outcome["explanation"]]
        out.append("")
    if (note := play_note(lang, report)) is not None:  # locked in, or a quick estimate
        out += [f"> {md(note)}", ""]
    if previous is not None:
        out += [md(previous_line(lang, outcome, previous["outcome"])), ""]

    out += [f"## {t(lang, 'result.axes')}", ""]
    for a in report["axes"]:
        where = position_words(
            lang, a["low"], a["high"], a["score"], a["measured"], axis_percent(a)
        )
        if a["measured"]:
            score = float(a["score"])
            pos = round((max(-1.0, min(1.0, score)) + 1) / 2 * 20)
            bar = "`" + "".join("#" if i == pos else "-" for i in range(21)) + "`"
        else:
            bar = ""
        out.append(f"- {md(a['low'])} {bar} {md(a['high'])}{sep}{md(where)}")
    out.append("")

    if report["why"]:
        out += [f"## {t(lang, 'result.why')}", ""]
        for c in report["why"]:
            out.append(
                f"- *{md(c['question_text'])}* {md(t(lang, 'result.answer', answer=''))}"
                f"**{md(str(c['answer_text']))}**{md(paren(lang, c['toward']))}"
            )
        out.append("")

    recs = [r for r in report["recommendations"] if not r["bridge"]]
    services = listen_services(report)
    if recs:
        out += [f"## {md(recs_heading(report, recs))}", ""]
        # "Try first" and "Listen" only where some act has a song, or the bank lists services.
        songs = any(r["songs"] for r in recs)
        # No match column: the rows are in the order to play them (relevance and variety),
        # not by match, and a figure per row would seem to contradict it.
        heads = [word(report, "name"), word(report, "group")]
        heads += [word(report, "start")] if songs else []
        heads += [t(lang, "col.why")] + ([t(lang, "listen.label")] if services else [])
        out.append("| " + " | ".join(md(h) for h in heads) + " |")
        out.append("|" + "---|" * len(heads))
        for r in recs:
            cells = [md(r["name"]), md(scene_line(lang, r))]
            cells += [md(r["songs"][0]) if r["songs"] else ""] if songs else []
            cells += [md(join(lang, [x["text"] for x in r["reasons"]]))]
            cells += [_md_links(r, services)] if services else []
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    bridges = [r for r in report["recommendations"] if r["bridge"]]
    if bridges:
        out += [f"## {md(bridge_heading(report, len(bridges)))}", ""]
    for r in bridges:
        # What it shares with the taker, never a percentage: a bridge is a step across.
        detail = join(lang, [scene_line(lang, r), *(x["text"] for x in r["reasons"])])
        out.append(f"**{md(r['name'])}**{md(paren(lang, detail))}")
        if r["songs"]:
            out[-1] += "<br>"
            out.append(md(start_line(report, str(r["songs"][0]))))
        out += ["", *([md(r["blurb"]), ""] if r["blurb"] else [])]
        if services:
            out += [f"{md(t(lang, 'listen.label'))} {_md_links(r, services)}", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_links(r: ReportPick, services: tuple[str, ...]) -> str:
    """Search links for the act's first song on the bank's services. The URLs are popquiz's
    own and percent-encoded (no bracket, parenthesis or space survives), so bank text cannot
    change the link."""
    songs = r.get("songs") or []
    links = listen_links(str(r["name"]), str(songs[0]) if songs else None, services)
    return " · ".join(f"[{link.service}]({link.url})" for link in links)
