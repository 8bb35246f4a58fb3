"""What every result card shows (:class:`Card`, from the report object alone, so a result from
history renders the same), and the full report as HTML. The 1080×1350 social card is laid out
once, in :mod:`popquiz.ui.card_svg`; :mod:`popquiz.ui.card_page` puts it and the report in one
HTML document.

The document fetches nothing: no fonts, images or scripts from anywhere (a Content Security
Policy says so too), only system font stacks with explicit Korean and Japanese fallbacks
chosen by the document's ``lang``. The full report's text is laid out by the browser:
Japanese breaks at phrase boundaries (``word-break: auto-phrase``) with strict kinsoku,
Korean between words (``keep-all``), and ``text-wrap: pretty`` keeps a single character
from being orphaned on a line. Bank text is HTML-escaped everywhere.

The terminal screen is Rich's (popquiz.ui.render); this module imports no Rich.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, NamedTuple

from popquiz.i18n import t
from popquiz.text.charclass import NOT_XML
from popquiz.text.typography import colon, paren, status_line
from popquiz.ui.links import listen_links
from popquiz.ui.result_words import (
    axis_percent,
    listen_services,
    play_note,
    position_words,
    previous_line,
    scene_line,
    verdict_words,
    word,
)

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report, ReportCard, ReportCardLook

SOCIAL_WIDTH = 1080
SOCIAL_HEIGHT = 1350
SOCIAL_AXES = 7  # at most this many axes on the social card: the most decided ones
PICKS = 3

LATIN_FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, '
    '"Liberation Sans", "DejaVu Sans"'
)
# Per language, the CJK fonts of macOS, Windows and Linux, each in its own language's forms
# (a Japanese text drawn with a Chinese font gets Chinese glyph shapes for shared kanji).
CJK_FONTS = {
    "ja": '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", Meiryo, '
    '"Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "IPAexGothic", "IPAGothic"',
    "ko": '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", '
    '"Source Han Sans KR", "NanumGothic", "UnDotum"',
}


def font_stack(lang: str) -> str:
    """The CSS font-family list for ``lang``: the language's own CJK fonts first for ja/ko (their
    Latin letters are fine), then the system's Latin fonts and the other CJK fallbacks."""
    own = CJK_FONTS.get(lang)
    others = [CJK_FONTS[k] for k in ("ja", "ko") if k != lang]
    parts = [own, LATIN_FONTS, *others] if own else [LATIN_FONTS, *others]
    return ", ".join(p for p in parts if p) + ", sans-serif"


def clean(text: object) -> str:
    """A string safe to put in HTML or XML text once escaped (forbidden characters → U+FFFD)."""
    return NOT_XML.sub("\ufffd", str(text))


def esc(text: object) -> str:
    return html.escape(clean(text), quote=True)


class Axis(NamedTuple):
    low: str
    high: str
    label: str
    score: float  # -1 … 1
    measured: bool
    words: str  # where the taker stands, in words (or as its pole percentages)
    percent: tuple[int, int] | None = None  # low and high pole percentages, when shown

    @property
    def low_label(self) -> str:
        """The low pole, with its percentage when the bank shows them."""
        return self.low if self.percent is None else f"{self.low} {self.percent[0]}%"

    @property
    def high_label(self) -> str:
        return self.high if self.percent is None else f"{self.percent[1]}% {self.high}"


class Pick(NamedTuple):
    name: str
    scene: str
    song: str | None
    reasons: list[str]
    status: str | None
    blurb: str
    bridge: bool


DEFAULT_LOOK = (("#2a1363", "#b0125b"), "#ffd23f")  # popquiz's own, for a bank without looks
MARKS = ("star", "bolt", "heart", "sparkle", "rings", "wave", "diamond", "circle")
_HEX = re.compile(r"#[0-9a-f]{6}")


class Hook(NamedTuple):
    """What makes the social card worth posting: the taker's type, the big number, the look
    of the verdict's outcome, and how a viewer takes the quiz."""

    type_name: str | None
    type_because: str | None  # the leaning the type is named after, in words
    number: str | None  # "72%"
    number_side: str | None  # what the number is toward ("K-pop")
    background: tuple[str, str]
    accent: str
    mark: str | None
    take: str  # "Take the quiz: popquiz", in the card's language


class Card(NamedTuple):
    """What every card shows, taken from a report (schema 2, or an upgraded schema 1)."""

    lang: str
    bank_title: str
    verdict: str  # the outcome's title
    strength: str  # "Verdict: leaning"
    description: str
    why: str
    explanation: list[str]
    note: str | None  # how the quiz stopped (locked in, a quick estimate), if early
    previous: str | None
    axes: list[Axis]
    picks: list[Pick]  # the verdict's scene first (every non-bridge pick)
    bridges: list[Pick]
    why_answers: list[tuple[str, str, str]]  # question, answer, toward
    date: str
    version: str
    words: dict[str, str]  # what the bank calls its picks (result_words.word)
    services: tuple[str, ...]  # where to listen: only what the bank lists
    hook: Hook


def card_data(report: Report, *, date: str, version: str, previous: Report | None = None) -> Card:
    lang = str(report.get("language", "en"))
    outcome = report.get("outcome", {})
    axes = []
    for a in report.get("axes", []):
        score = max(-1.0, min(1.0, float(a.get("score", 0.0))))
        measured = bool(a.get("measured", True))
        percent = axis_percent(a) if measured else None
        axes.append(
            Axis(
                low=str(a.get("low", "")),
                high=str(a.get("high", "")),
                label=str(a.get("label") or ""),
                score=score,
                measured=measured,
                words=position_words(
                    lang, a.get("low", ""), a.get("high", ""), score, measured, percent
                ),
                percent=percent,
            )
        )
    picks: list[Pick] = []
    bridges: list[Pick] = []
    for r in report.get("recommendations", []):
        status = r.get("status")
        songs = r.get("songs") or []
        pick = Pick(
            name=str(r.get("name", "")),
            scene=scene_line(
                lang, {**r, "scene_name": r.get("scene_name") or r.get("scene") or ""}
            ),
            song=str(songs[0]) if songs else None,
            reasons=[str(x.get("text", "")) for x in r.get("reasons", []) if isinstance(x, dict)],
            status=status_line(lang, status) if isinstance(status, dict) else None,
            blurb=str(r.get("blurb") or ""),
            bridge=bool(r.get("bridge")),
        )
        (bridges if pick.bridge else picks).append(pick)
    prev = None
    if previous is not None:
        prev = previous_line(lang, outcome, previous["outcome"])
    return Card(
        lang=lang,
        bank_title=str(report.get("bank", {}).get("title", "")),
        verdict=str(outcome.get("title", "")),
        strength=verdict_words(lang, outcome),
        description=str(outcome.get("description") or ""),
        why=str(outcome.get("why") or ""),
        explanation=[str(e.get("text", "")) for e in outcome.get("explanation", [])],
        note=play_note(lang, report),
        previous=prev,
        axes=axes,
        picks=picks,
        bridges=bridges,
        why_answers=[
            (str(c.get("question_text", "")), str(c.get("answer_text", "")), str(c["toward"]))
            for c in report.get("why", [])
            if isinstance(c, dict) and "toward" in c
        ],
        date=date,
        version=version,
        words={k: word(report, k) for k in ("picks", "bridge", "bridges", "start")},
        services=listen_services(report),
        hook=card_hook(report),
    )


def card_hook(report: Report) -> Hook:
    """The hook from the report's ``card`` part (a stored result is re-checked: colours and
    the mark are used only in their declared forms, so no stored text reaches an attribute
    unchecked); a report without one gets popquiz's own look and no type or number."""
    lang = str(report.get("language", "en"))
    part: ReportCard = report.get("card") or {}
    named = part.get("type")
    number = part.get("number")
    look: ReportCardLook | dict[str, str] = part.get("look") or {}
    background, accent = DEFAULT_LOOK
    colours = [str(c).lower() for c in look.get("background", [])]
    if len(colours) == 2 and all(_HEX.fullmatch(c) for c in colours):
        background = (colours[0], colours[1])
        if _HEX.fullmatch(str(look.get("accent", "")).lower()):
            accent = str(look["accent"]).lower()
    mark = str(look.get("mark", ""))
    bank = report.get("bank", {})
    command = str(part.get("take") or f"popquiz take {bank.get('id', '')}".strip())
    because = None
    if named and named.get("pole_label"):
        because = t(lang, "card.because", pole=str(named["pole_label"]))
    return Hook(
        type_name=str(named["name"]) if named and named.get("name") else None,
        type_because=because,
        number=f"{int(number['percent'])}%" if number else None,
        number_side=str(number["side"]) if number else None,
        background=background,
        accent=accent,
        mark=mark if mark in MARKS else None,
        take=t(lang, "card.take", command=command),
    )


def social_axes(card: Card) -> list[Axis]:
    """The axes the social card shows: all of them up to SOCIAL_AXES, else the most decided
    ones (largest |score|), in the bank's order."""
    if len(card.axes) <= SOCIAL_AXES:
        return card.axes
    ranked = sorted(range(len(card.axes)), key=lambda i: -abs(card.axes[i].score))
    keep = sorted(ranked[:SOCIAL_AXES])
    return [card.axes[i] for i in keep]


def document_title(card: Card) -> str:
    sep = colon(card.lang) + ("" if card.lang == "ja" else " ")
    return f"{t(card.lang, 'export.title')}{sep}{card.verdict} — {card.bank_title}"


# --- HTML -------------------------------------------------------------------------------------

CARD_CSS = """
*{box-sizing:border-box;margin:0;padding:0}
html{background:#e9e6f2;color:#1d1733;font-family:var(--font);line-height:1.5;
-webkit-text-size-adjust:100%}
body{padding:24px;display:flex;flex-direction:column;align-items:center;gap:32px}
p,li,h1,h2,span,a,dd,dt{overflow-wrap:anywhere;text-wrap:pretty}
h1,h2{text-wrap:balance}
:lang(ja){word-break:auto-phrase;line-break:strict}
:lang(ja) .report,:lang(ko) .report{line-height:1.65}
:lang(ko){word-break:keep-all;line-break:strict}
a{color:#5b2bd6}
.clamp1,.clamp2,.clamp3{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}
.clamp1{-webkit-line-clamp:1}.clamp2{-webkit-line-clamp:2}.clamp3{-webkit-line-clamp:3}
.bar{position:relative;height:14px;margin:5px 0;border-radius:7px;background:#ddd6f3}
.bar .mid{position:absolute;left:calc(50% - 1px);top:-4px;width:2px;height:22px;
background:#8f86ad}
.bar .dot{position:absolute;top:-5px;width:24px;height:24px;border-radius:50%;
left:calc(var(--p) * (100% - 24px));background:#d6246e;border:3px solid #fff}
.bar.off{background:repeating-linear-gradient(90deg,#ddd6f3 0 8px,transparent 8px 14px)}
.report{width:100%;max-width:820px;background:#fff;border-radius:20px;padding:40px 44px;
display:flex;flex-direction:column;gap:28px;box-shadow:0 2px 12px rgba(40,20,90,.12)}
.report header{display:flex;flex-direction:column;gap:8px}
.report .bank{font-size:16px;color:#5c5573}
.report h1{font-size:38px;line-height:1.15}
.report h2{font-size:21px;color:#5b2bd6}
.report .strength{font-size:18px;font-weight:600;color:#b01c5c}
.report section{display:flex;flex-direction:column;gap:12px}
.report p,.report li{font-size:17px}
.report ul,.report ol{display:flex;flex-direction:column;gap:10px;padding-left:1.4em}
.report .axes ul{list-style:none;padding-left:0;gap:18px}
.report .axis{display:flex;flex-direction:column;gap:6px}
.report .poles{display:flex;justify-content:space-between;gap:16px;font-size:16px}
.report .poles span{flex:1 1 0;min-width:0}
.report .poles .high{text-align:right}
.report .where{font-size:15px;color:#5c5573}
.report .act{display:flex;flex-direction:column;gap:4px}
.report .act .name{font-weight:700;font-size:19px}
.report .meta,.report .reasons{color:#5c5573;font-size:15px}
.report .reasons{padding-left:1.2em;gap:2px}
.report .listen{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:15px}
.report .note{font-style:italic;color:#5c5573}
.report footer{display:flex;justify-content:space-between;gap:16px;font-size:14px;
color:#5c5573;border-top:1px solid #e4e0ef;padding-top:14px}
"""


def _bar(axis: Axis) -> str:
    if not axis.measured:
        return f'<div class="bar off" role="img" aria-label="{esc(axis.words)}"></div>'
    where = (axis.score + 1) / 2
    return (
        f'<div class="bar" role="img" aria-label="{esc(axis.words)}" style="--p:{where:.4f}">'
        '<i class="mid"></i><b class="dot"></b></div>'
    )


def start_text(card: Card, pick: Pick) -> str:
    """ "Try first: …" (in the bank's words) where the act has a song, else nothing."""
    if not pick.song:
        return ""
    sep = colon(card.lang) + ("" if card.lang == "ja" else " ")
    return f"{card.words['start']}{sep}{pick.song}"


def _listen_html(card: Card, pick: Pick) -> str:
    found = listen_links(pick.name, pick.song, card.services)
    if not found:  # a bank without `listen:` gets no links (and no "Listen" label)
        return ""
    links = " ".join(
        f'<a href="{esc(link.url)}" rel="noopener noreferrer nofollow">{esc(link.service)}</a>'
        for link in found
    )
    return f'<p class="listen"><span>{esc(t(card.lang, "listen.label"))}</span> {links}</p>'


def separator(lang: str) -> str:
    """Between the parts of one line: Japanese uses its own middle dot, with no spaces."""
    return "・" if lang == "ja" else " · "


def _act_html(card: Card, pick: Pick, *, blurb: bool) -> str:
    meta = [pick.scene]  # and no percentage, as on the social card (card_svg)
    if pick.status:
        meta.append(pick.status)
    song = start_text(card, pick)
    out = [
        '<li class="act">',
        f'<span class="name">{esc(pick.name)}</span>',
        f'<span class="meta">{esc(separator(card.lang).join(meta))}</span>',
        *([f"<span>{esc(song)}</span>"] if song else []),
    ]
    if pick.reasons:
        out.append(
            '<ul class="reasons">' + "".join(f"<li>{esc(r)}</li>" for r in pick.reasons) + "</ul>"
        )
    if blurb and pick.blurb:
        out.append(f'<p class="note">{esc(pick.blurb)}</p>')
    out += [x for x in (_listen_html(card, pick), "</li>") if x]
    return "\n".join(out)


def report_html(card: Card) -> str:
    lang = card.lang
    out = [
        '<article class="report" data-layout="full">',
        "<header>",
        f'<p class="bank">{esc(card.bank_title)}</p>',
        f"<h1>{esc(card.verdict)}</h1>",
        f'<p class="strength">{esc(card.strength)}</p>',
        "</header>",
        "<section>",
    ]
    if card.description:
        out.append(f"<p>{esc(card.description)}</p>")
    if card.why:
        out.append(f'<p class="note">{esc(card.why)}</p>')
    out.append("</section>")
    if card.explanation:
        out += [
            "<section>",
            f"<h2>{esc(t(lang, 'result.explain'))}</h2>",
            "<ul>" + "".join(f"<li>{esc(e)}</li>" for e in card.explanation) + "</ul>",
            "</section>",
        ]
    if card.note or card.previous:
        out.append("<section>")
        if card.note:
            out.append(f'<p class="note">{esc(card.note)}</p>')
        if card.previous:
            out.append(f'<p class="note">{esc(card.previous)}</p>')
        out.append("</section>")
    out += ['<section class="axes">', f"<h2>{esc(t(lang, 'result.axes'))}</h2>", "<ul>"]
    for axis in card.axes:
        out += [
            '<li class="axis">',
            '<div class="poles">',
            f'<span class="low">{esc(axis.low)}</span>',
            f'<span class="high">{esc(axis.high)}</span>',
            "</div>",
            _bar(axis),
            f'<span class="where">{esc(axis.words)}</span>',
            "</li>",
        ]
    out += ["</ul>", "</section>"]
    if card.why_answers:
        out += ["<section>", f"<h2>{esc(t(lang, 'result.why'))}</h2>", "<ul>"]
        for question, answer, toward in card.why_answers:
            answer_line = t(lang, "result.answer", answer=answer)
            out.append(
                f"<li><span>{esc(question)}</span> <strong>{esc(answer_line)}</strong> "
                f'<span class="meta">{esc(paren(lang, toward).strip())}</span></li>'
            )
        out += ["</ul>", "</section>"]
    if card.picks:
        out += ["<section>", f"<h2>{esc(card.words['picks'])}</h2>", "<ol>"]
        out += [_act_html(card, p, blurb=False) for p in card.picks]
        out += ["</ol>", "</section>"]
    if card.bridges:
        key = "bridge" if len(card.bridges) == 1 else "bridges"
        out += ["<section>", f"<h2>{esc(card.words[key])}</h2>", "<ul>"]
        out += [_act_html(card, p, blurb=True) for p in card.bridges]
        out += ["</ul>", "</section>"]
    out += [
        "<footer>",
        f"<span>{esc(card.date)}</span>",
        f"<span>popquiz {esc(card.version)}</span>",
        "</footer>",
        "</article>",
    ]
    return "\n".join(out)
