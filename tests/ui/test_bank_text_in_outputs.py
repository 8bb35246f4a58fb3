"""Bank text on its way out: which language it falls back to, and that it stays text (never
markup) in the HTML and SVG cards and never breaks a row of the Markdown export's tables.

Every test plays ``tests/data/format-example.yaml`` (changed as each test needs) from an answers
file through the real command line, then reads what it printed or exported.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import EXAMPLE_BANK

from popquiz.cli.main import run
from popquiz.i18n import Locale, resolve_text

ANSWERS = "morning: run\nbrew: 1\nafternoon: 5\n"  # coffee; espresso and matcha recommended


def _invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


def _example() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE_BANK.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _take(tmp_path: Path, bank: dict[str, Any], *args: str) -> str:
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    code, out, err = _invoke("take", str(path), "--answers", str(answers), "--no-save", *args)
    assert code == 0, err
    return out


# --- the fallback language -----------------------------------------------------------------


def _korean_default(value: Any) -> Any:
    """Every text map as ``{en: "E:…", ko: "K:…"}`` (English listed first, no Japanese)."""
    if isinstance(value, dict):
        if set(value) == {"en", "ko", "ja"}:
            return {"en": "E:" + value["en"], "ko": "K:" + value["ko"]}
        return {k: _korean_default(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_korean_default(v) for v in value]
    return value


def test_resolve_text_falls_back_to_the_banks_language_before_the_first_listed() -> None:
    assert resolve_text({"en": "E", "ko": "K"}, "ja", "ko") == "K"
    assert Locale("ja", "ko").text({"en": "E", "ko": "K"}) == "K"
    assert resolve_text({"en": "E", "ko": "K"}, "ja", "fr") == "E"  # then the first listed


def test_a_missing_translation_shows_the_banks_default_language(tmp_path: Path) -> None:
    """A ``language: ko`` bank whose maps list ``en`` first, taken in Japanese: the questions,
    answers, act names, songs and scene names all come in Korean, none in English."""
    bank = _korean_default(_example())
    bank["language"], bank["languages"] = "ko", ["en", "ko"]
    espresso = bank["acts"][0]
    espresso["name"] = {"en": "E:Espresso", "ko": "K:Espresso"}
    espresso["facts"]["songs"] = [{"en": "E:Ristretto", "ko": "K:Ristretto"}]
    report = json.loads(_take(tmp_path, bank, "--lang", "ja", "--json"))
    assert report["language"] == "ja"
    picks = {r["id"]: r for r in report["recommendations"]}
    assert picks["espresso"]["songs"] == ["K:Ristretto"]
    assert picks["espresso"]["name"] == "K:Espresso"
    assert picks["espresso"]["scene_name"] == "K:커피 바"
    assert picks["matcha"]["scene_name"] == "K:찻집"
    assert report["why"][0]["question_text"] == "K:이상적인 아침은?"
    assert report["why"][0]["answer_text"] == "K:달리기 후 바로 출근"
    assert report["outcome"]["title"] == "K:커피"
    assert "E:" not in json.dumps(report, ensure_ascii=False)


# --- the HTML and SVG cards ---------------------------------------------------------------

HOSTILE = "<script>alert(1)</script></style>&amp;\"quoted\" 'single'"


def _set(path: tuple[Any, ...]) -> Callable[[dict[str, Any], str], None]:
    def setter(bank: dict[str, Any], text: str) -> None:
        node: Any = bank
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = {"en": text, "ko": text, "ja": text}

    return setter


def _song(bank: dict[str, Any], text: str) -> None:
    bank["acts"][0]["facts"]["songs"] = [{"en": text, "ko": text, "ja": text}]


def _status(bank: dict[str, Any], text: str) -> None:
    bank["acts"][0]["facts"]["status"]["text"] = {"en": text, "ko": text, "ja": text}


def _blurbs(bank: dict[str, Any], text: str) -> None:
    for act in bank["acts"]:
        act["blurb"] = {"en": text, "ko": text, "ja": text}


# Every text of a bank and its catalogue that the cards show (an act's agency and debut are not
# on the cards).
CARD_FIELDS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "bank title": _set(("title",)),
    "outcome title": _set(("outcomes", 0, "title")),
    "outcome description": _set(("outcomes", 0, "description")),
    "outcome why": _set(("outcomes", 0, "why")),
    "axis low": _set(("axes", 1, "low")),
    "axis high": _set(("axes", 0, "high")),
    "axis phrase": _set(("axes", 0, "phrases", "high")),
    "scene name": _set(("scenes", 0, "name")),
    "act name": _set(("acts", 0, "name")),
    "act blurb": _blurbs,
    "act song": _song,
    "act status": _status,
    "second act name": _set(("acts", 1, "name")),
}


class _Html(HTMLParser):
    """The text a browser would show, and every element it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.raw: list[str] = []  # inside <script> or <style>, where an escape means nothing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.text.append(" ".join(v or "" for _, v in attrs))

    def handle_data(self, data: str) -> None:
        (self.raw if self.lasttag in ("script", "style") else self.text).append(data)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("field", list(CARD_FIELDS))
def test_every_card_text_field_is_escaped(tmp_path: Path, field: str) -> None:
    """The field reads ``HOSTILE`` (``<script>``, ``</style>``, ``&``, both quotes): the HTML card
    gains no element and shows the text as written; the SVG card is well-formed XML whose text
    holds it as written (the SVG wraps lines, so whitespace is ignored there)."""
    bank = _example()
    CARD_FIELDS[field](bank, HOSTILE)
    html_path, svg_path = _cards(tmp_path, bank, "hostile")
    expected_tags = _parse_html(_cards(tmp_path, _example(), "plain")[0].read_text("utf-8")).tags

    page = _parse_html(html_path.read_text(encoding="utf-8"))
    # The card's SVG breaks long text into one <tspan> per line: those are popquiz's own.
    lines = "tspan"
    assert [x for x in page.tags if x != lines] == [x for x in expected_tags if x != lines], (
        "bank text added or removed an element"
    )
    assert not any("alert(1)" in raw for raw in page.raw), "bank text inside <script>/<style>"
    html_text = "".join(page.text)
    svg_root = ET.fromstring(svg_path.read_text(encoding="utf-8"))  # well-formed or it raises
    svg_text = "".join(svg_root.itertext()) + "".join(
        v for el in svg_root.iter() for v in el.attrib.values()
    )
    shown = [HOSTILE in html_text, _squeeze(HOSTILE) in _squeeze(svg_text)]
    assert any(shown), f"{field} is shown on neither card"
    if field != "bank title" or shown[0]:
        assert HOSTILE in html_text


def _cards(tmp_path: Path, bank: dict[str, Any], name: str) -> tuple[Path, Path]:
    """The HTML and SVG cards of the report, its second pick shown as a bridge (with blurb)."""
    from popquiz.ui.export import export_report

    report = json.loads(_take(tmp_path, bank, "--json"))
    report["recommendations"][-1]["bridge"] = True
    paths = (tmp_path / f"{name}.html", tmp_path / f"{name}.svg")
    for path in paths:
        export_report(report, path, previous=report, taken_at="2026-01-02T03:04:05+00:00")
    return paths


def _parse_html(text: str) -> _Html:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser


# --- the Markdown export ------------------------------------------------------------------

MD_HOSTILE = "a|b \\| c`d|e` *f* [g](h) <i> #j ~k~ $l$ _m_"


def _everywhere(value: Any) -> Any:
    """Every text map of the bank with ``MD_HOSTILE`` appended in each language."""
    if isinstance(value, dict):
        if set(value) == {"en", "ko", "ja"}:
            return {lang: f"{text} {MD_HOSTILE}" for lang, text in value.items()}
        return {k: _everywhere(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_everywhere(v) for v in value]
    return value


def _tables(markdown: str) -> list[list[list[str]]]:
    """The GitHub-flavoured tables of ``markdown``: rows of cells, each as the text shown."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tables and token.level >= 3:
            row.append(html.unescape(parser.renderInline(token.content)))
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_markdown_specials_in_bank_text_keep_the_tables_intact(tmp_path: Path, lang: str) -> None:
    """Pipes and other Markdown specials in every bank text (act names, songs, scenes, reasons):
    the recommendations table still has its header and one row of five cells per act."""
    bank = _everywhere(_example())
    espresso = bank["acts"][0]
    espresso["name"] = f"Espresso {MD_HOSTILE}"
    espresso["facts"]["songs"] = [f"Ristretto {MD_HOSTILE}"]
    bank["listen"] = ["youtube-music", "spotify", "apple-music"]  # the fifth column: links
    out = tmp_path / "card.md"
    _take(tmp_path, bank, "--lang", lang, "--export", str(out), "--json")
    markdown = out.read_text(encoding="utf-8")
    tables = _tables(markdown)
    assert len(tables) == 1, markdown
    rows = tables[0]
    assert len(rows) == 3, markdown  # the header and the two acts
    assert all(len(r) == 5 for r in rows), rows
    espresso_row = next(r for r in rows if r[0].startswith("Espresso"))
    assert espresso_row[0] == f"Espresso {MD_HOSTILE}"
    assert espresso_row[2] == f"Ristretto {MD_HOSTILE}"
    assert MD_HOSTILE in espresso_row[1]  # the scene's name
    assert MD_HOSTILE in espresso_row[3]  # the reasons name the axes' poles
