"""The result screen and the exported result cards.

Snapshots live in tests/snapshots/; regenerate them after an intended change with
``POPQUIZ_UPDATE_SNAPSHOTS=1 pytest tests/ui/test_render.py`` and review the diff.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from rich.cells import cell_len

from conftest import ROOT
from popquiz.bank.loader import load_bank
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report, upgrade
from popquiz.engine.scoring import score
from popquiz.errors import UsageError
from popquiz.i18n import t
from popquiz.ui.console import make_console
from popquiz.ui.export import export_report, md, report_markdown
from popquiz.ui.render import render_report

SNAPSHOTS = ROOT / "tests" / "snapshots"
EXAMPLE = ROOT / "tests" / "data" / "format-example.yaml"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|4[0-9]|10[0-7])(;[0-9]+)*m")
LONG_WORD = "Supercalifragilisticexpialidociousantidisestablishmentarianism"
DECORATIVE = "●─┼•→│╭╮╰╯━↔"


def _report(lang: str = "en") -> dict[str, Any]:
    """A result with hostile and awkward bank text: markup, a long word, CJK, a status. It is
    stored in schema 1, as a result saved by an older popquiz, and read through upgrade()."""
    return upgrade(_schema1_report(lang))


def _schema1_report(lang: str) -> dict[str, Any]:
    names = {
        "en": ("Night owls", "Early birds", "Middle of the road"),
        "ko": ("올빼미형", "아침형", "그 사이 어딘가"),
        "ja": ("夜型人間", "朝型人間", "そのあいだのどこか"),
    }[lang]
    axes = {
        "en": [("calm", "buzz"), ("on the go", "slow ritual"), ("alone", "together")],
        "ko": [("차분함", "활력"), ("간편하게", "느긋한 의식"), ("혼자", "함께")],
        "ja": [("落ち着き", "刺激"), ("手軽さ", "じっくり儀式"), ("ひとり", "みんなで")],
    }[lang]
    desc = {
        "en": "You come alive after dark. [bold red]Not markup[/bold red] and "
        f"{LONG_WORD} stay as written.",
        "ko": "해가 지면 살아나는 타입. [bold red]마크업 아님[/bold red] 그대로 보여요. "
        "밤하늘 아래에서 가장 빛나는 당신은 조용한 새벽 공기를 좋아해요.",
        "ja": "日が暮れると元気になるタイプ。[bold red]マークアップではない[/bold red]。"
        "静かな夜明けの空気が好きなあなたは、夜空の下でいちばん輝きます。",
    }[lang]
    return {
        "schema": 1,
        "bank": {"id": "owls", "version": "1", "title": f"{names[0]} / {names[1]}"},
        "language": lang,
        "outcome": {
            "id": "owl",
            "title": names[0],
            "confidence": 0.7312,
            "label": "strong",
            "balanced": False,
            "description": desc,
            "why": "[link=https://evil.example]click me[/link]",
        },
        "axes": [
            {
                "id": "a",
                "label": "",
                "score": -0.62,
                "low": axes[0][0],
                "high": axes[0][1],
                "measured": True,
            },
            {
                "id": "b",
                "label": "",
                "score": 0.31,
                "low": axes[1][0],
                "high": axes[1][1],
                "measured": True,
            },
            {
                "id": "c",
                "label": "",
                "score": 0.0,
                "low": axes[2][0],
                "high": axes[2][1],
                "measured": False,
            },
        ],
        "fits": [],
        "recommendations": [
            {
                "id": "x1",
                "name": "[link=https://evil.example]Moonlight Club[/link]",
                "scene": "owl",
                "scene_title": names[0],
                "match": 0.912,
                "reasons": [
                    t(lang, "reason.shared", pole=axes[0][0]),
                    t(lang, "reason.shared", pole=axes[1][1]),
                ],
                "reason_axes": ["a", "b"],
                "songs": ["Midnight <script>alert(1)</script>"],
                "blurb": "Soft and late.",
                "agency": None,
                "debut": 2001,
                "status": {
                    "text": {"en": "on hiatus", "ko": "활동 중단", "ja": "活動休止中"}[lang],
                    "as_of": "2025",
                },
                "bridge": False,
            },
            {
                "id": "x2",
                "name": {"en": "The Quiet Ones", "ko": "조용한 사람들", "ja": "静かな人たち"}[lang],
                "scene": "owl",
                "scene_title": names[0],
                "match": 0.8,
                "reasons": [t(lang, "reason.shared", pole=axes[0][0])],
                "reason_axes": ["a"],
                "songs": [],
                "blurb": "Whispers.",
                "agency": None,
                "debut": None,
                "status": None,
                "bridge": False,
            },
            {
                "id": "x3",
                "name": "Dawn Chorus",
                "scene": "lark",
                "scene_title": names[1],
                "match": 0.55,
                "reasons": [t(lang, "reason.shared", pole=axes[1][1])],
                "reason_axes": ["b"],
                "songs": ["First Light"],
                "blurb": {
                    "en": "A bridge to mornings.",
                    "ko": "아침으로 가는 다리.",
                    "ja": "朝への架け橋。",
                }[lang],
                "agency": None,
                "debut": None,
                "status": None,
                "bridge": True,
            },
        ],
        "answers": {"q1": "late"},
        "contributions": [
            {
                "question": "q1",
                "question_text": {
                    "en": "When do you feel most awake?",
                    "ko": "언제 가장 정신이 맑나요?",
                    "ja": "いちばん目が冴えるのはいつ？",
                }[lang],
                "answer": "late",
                "answer_text": {
                    "en": "Well after midnight",
                    "ko": "자정이 훨씬 지나서",
                    "ja": "真夜中を過ぎてから",
                }[lang],
                "axis": "a",
                "delta": -0.4,
                "toward": axes[0][0],
            },
            {
                "question": "q2",
                "question_text": "[b]Tea[/b] or coffee?",
                "answer": 4,
                "answer_text": t(lang, "likert4"),
                "axis": "b",
                "delta": 0.2,
                "toward": axes[1][1],
            },
        ],
        "quick": True,
    }


PREVIOUS = {"outcome": {"title": "Early birds", "strength": "leaning"}}


def _render(
    report: dict[str, Any],
    width: int,
    *,
    colour: bool = False,
    plain: bool = False,
    previous: dict[str, Any] | None = PREVIOUS,
) -> str:
    buffer = io.StringIO()
    console = make_console(
        width=width,
        file=buffer,
        force_terminal=colour,
        no_color=not colour,
        plain=plain,
        color_system="standard",
    )
    render_report(report, console, plain=plain, previous=previous)
    return buffer.getvalue()


def _squash(text: str) -> str:
    """Text without whitespace or box drawing, to find phrases however they wrapped."""
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


def _check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("POPQUIZ_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"missing snapshot {name}; run with POPQUIZ_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, regenerate with POPQUIZ_UPDATE_SNAPSHOTS=1 and review"
    )


@pytest.fixture(autouse=True)
def _no_env_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)


CASES = [
    ("en", 80, "color"),
    ("en", 80, "nocolor"),
    ("en", 40, "color"),
    ("en", 40, "nocolor"),
    ("en", 80, "plain"),
    ("en", 40, "plain"),
    ("ko", 80, "nocolor"),
    ("ko", 40, "nocolor"),
    ("ja", 40, "nocolor"),
]


@pytest.mark.parametrize(("lang", "width", "mode"), CASES)
def test_result_snapshot(lang: str, width: int, mode: str) -> None:
    out = _render(_report(lang), width, colour=mode == "color", plain=mode == "plain")
    _check_snapshot(f"result-{lang}-{width}-{mode}.{'ansi' if mode == 'color' else 'txt'}", out)

    visible = ANSI.sub("", out)
    assert max(cell_len(line) for line in visible.splitlines()) <= width
    if mode == "color":
        assert COLOUR.search(out)
    else:
        assert "\x1b" not in out  # no colour, no style codes at all
    if mode == "plain":
        assert not set(DECORATIVE) & set(visible)
    assert "\x1b]8;" not in out  # bank text never becomes a hyperlink
    squashed = _squash(visible)
    for inert in ("[link=https://evil.example]", "[bold red]", "[/bold red]", "<script>"):
        assert _squash(inert) in squashed  # shown as written, never interpreted


@pytest.mark.parametrize("width", [40, 80])
def test_long_words_are_never_cut_without_an_ellipsis(width: int) -> None:
    out = ANSI.sub("", _render(_report("en"), width))
    pieces = [line for line in out.splitlines() if "Supercal" in line]
    assert pieces
    for line in pieces:
        assert LONG_WORD in line or "…" in line
    for line in out.splitlines():  # no other line carries the word's tail
        assert "establishmentarianism" not in line or LONG_WORD in line


def test_cjk_rows_line_up() -> None:
    out = _render(_report("ko"), 80)
    rows = [line for line in out.splitlines() if "┼" in line]
    assert len(rows) == 2  # the unmeasured axis shows a note instead of a bar
    starts = [cell_len(line[: line.index("─")]) for line in rows]
    assert len(set(starts)) == 1, rows
    assert "측정 안 됨" in out


def test_result_shows_strength_in_words_quick_note_and_previous() -> None:
    for lang in ("en", "ko", "ja"):
        flat = " ".join(_render(_report(lang), 80).split())
        # A stored schema 1 result graded "strong" reads as a clear verdict.
        assert t(lang, "result.verdict", strength=t(lang, "strength.clear")) in flat
        assert "73%" not in flat  # schema 1's confidence is not shown as if it were a strength
        assert " ".join(t(lang, "result.quick").split()) in flat
        # A stored result without the bank's own words speaks popquiz's neutral ones.
        assert t(lang, "words.bridge") in flat
        for key in ("result.axes", "result.why", "words.picks"):
            assert t(lang, key) in flat
    flat = " ".join(_render(_report("en"), 80).split())
    assert "Last time: Early birds, leaning; now: Night owls, clear" in flat
    assert "Midnight <script>alert(1)</script>" in " ".join(  # the song to start with
        _render(_report("en"), 40).split()
    )
    assert "on hiatus (as of 2025)" in flat
    assert "62% toward calm" in " ".join(_render(_report("en"), 80, plain=True).split())


def test_result_without_previous_or_quick_omits_them() -> None:
    report = _report("en")
    report["quick"] = False
    flat = " ".join(_render(report, 80, previous=None).split())
    assert "Last time" not in flat and "less certain" not in flat


def test_a_real_report_renders_at_every_width() -> None:
    bank = load_bank(EXAMPLE)
    answers = {"morning": "read", "brew": 5, "cup": "porcelain", "afternoon": 1}
    for lang in ("en", "ko", "ja"):
        result = score(bank, answers)
        report = build_report(bank, result, recommend(bank, result), lang)
        for width in (40, 60, 80, 120):
            out = _render(report, width, previous=None)
            assert report["outcome"]["title"] in out
            assert max(cell_len(line) for line in out.splitlines()) <= width


# --- export ----------------------------------------------------------------------------------


def test_export_every_format(tmp_path: Path) -> None:
    report = _report("en")
    for suffix in (".svg", ".html", ".md", ".json"):
        export_report(report, tmp_path / f"card{suffix}", previous=PREVIOUS)
    svg = (tmp_path / "card.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(svg)  # well-formed XML, bank text escaped
    assert root.get("lang") == "en" and "Night owls" in "".join(root.itertext())
    assert "<script" not in svg
    html = (tmp_path / "card.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<title>popquiz result: Night owls — Night owls / Early birds</title>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "color:" in html  # coloured, even though the test console is not
    markdown = (tmp_path / "card.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Night owls / Early birds")
    assert "## Your result: Night owls" in markdown
    assert "\\[link=https&#58;//evil.example\\]" in markdown  # inert, and no autolink
    assert "\\<script\\>" in markdown
    assert "Last time: Early birds" in markdown
    assert json.loads((tmp_path / "card.json").read_text(encoding="utf-8")) == report
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def test_export_ignores_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    export_report(_report("en"), tmp_path / "card.html", previous=None)
    assert "color:" in (tmp_path / "card.html").read_text(encoding="utf-8")


def test_export_errors_are_usage_or_output_errors(tmp_path: Path) -> None:
    from popquiz.store.outputs import OutputError

    with pytest.raises(UsageError, match="unknown file type"):
        export_report(_report("en"), tmp_path / "card.pdf", previous=None)
    with pytest.raises(OutputError, match=r"cannot write.*does not exist"):
        export_report(_report("en"), tmp_path / "missing" / "card.md", previous=None)


def test_markdown_escapes_and_keeps_cjk() -> None:
    assert md("*a* [b](c) <d> # e") == "\\*a\\* \\[b\\](c) \\<d\\> \\# e"
    assert md("- not a list\n1. not a list either") == "\\- not a list<br>1\\. not a list either"
    text = report_markdown(_report("ja"), previous=None)
    assert "## あなたの結果：夜型人間" in text  # full-width colon in Japanese
    # The pick's row: its name and scene, and no percentage (the rows are not ranked by match).
    assert "| 静かな人たち | 夜型人間 |" in text
    # Full-width brackets, the Japanese list mark; a bridge shows what it shares, no percentage.
    assert "**Dawn Chorus**（朝型人間、あなたと同じ「" in text
    assert "55%" not in text and "80%" not in text
    assert "(" not in text.split("## 理由")[-1].split("## ")[0]
    english = report_markdown(_report("en"), previous=None)
    assert "## " in english and ": " in english.split("\n")[2]  # English keeps ": "


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("&lt;b&gt; and &copy;", "&amp;lt;b&amp;gt; and &amp;copy;"),  # entities stay literal
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("*one*\n\ntwo*", "\\*one\\*<br><br>two\\*"),  # a blank line ends no emphasis
        ("see https://x.example or www.x.example", "https&#58;//x.example or www&#46;x.example"),
        ("mail me@x.example", "me&#64;x.example"),
        ("costs $5 to $9", "costs \\$5 to \\$9"),  # no GitHub math
    ],
)
def test_minor_5_markdown_export_is_literal(text: str, shown: str) -> None:
    assert shown in md(text)
    assert "\n" not in md(text)


def test_minor_5_a_title_with_blank_lines_stays_one_heading() -> None:
    report = _report("en")
    report["bank"]["title"] = "First line\n\n# second *line"
    first = report_markdown(report, previous=None).splitlines()[0]
    assert first == "# First line<br><br>\\# second \\*line"


def test_take_export_end_to_end(tmp_path: Path) -> None:
    env = {**os.environ, "POPQUIZ_HOME": str(tmp_path)}
    card = tmp_path / "result.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "popquiz",
            "take",
            str(EXAMPLE),
            "--random",
            "--seed",
            "3",
            "--no-save",
            "--json",
            "--export",
            str(card),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert f"## Your result: {report['outcome']['title']}" in card.read_text(encoding="utf-8")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "popquiz",
            "take",
            str(EXAMPLE),
            "--random",
            "--export",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2 and ".pdf" in bad.stderr


def test_previous_report_is_not_mutated() -> None:
    report = _report("en")
    before = copy.deepcopy(report)
    _render(report, 40)
    report_markdown(report, previous=PREVIOUS)
    assert report == before


# --- snapshots of real results: build_report on the default bank -----------------------------

REAL_CASES = [("en", 80), ("en", 40), ("ko", 80), ("ko", 40), ("ja", 80), ("ja", 40)]


def _real_report(lang: str) -> dict[str, Any]:
    """A K-pop-leaning taker of the default bank, fixed answers, through the real pipeline."""
    import random

    from popquiz.engine.compiled import compiled
    from popquiz.engine.takers import consistent_assignment

    bank = load_bank(ROOT / "quizzes" / "kpop-vs-jpop.yaml")
    c = compiled(bank)
    rng = random.Random("snapshot")
    for _ in range(200):  # the first consistent taker whose verdict is K-pop
        answers = c.answers(consistent_assignment(c, rng))
        result = score(bank, answers)
        if result.outcome == "kpop":
            break
    return build_report(bank, result, recommend(bank, result), lang)


@pytest.mark.parametrize(("lang", "width"), REAL_CASES)
def test_real_result_snapshot(lang: str, width: int) -> None:
    report = _real_report(lang)
    out = _render(report, width, previous=None)
    _check_snapshot(f"real-{lang}-{width}.txt", out)
    squashed = _squash(out)
    # What the snapshot must show: the verdict's words, the explanation, the scene names.
    from popquiz.ui.result_words import verdict_words

    assert _squash(verdict_words(lang, report["outcome"])) in squashed
    for e in report["outcome"]["explanation"]:
        assert _squash(e["text"]) in squashed
    for r in report["recommendations"]:
        assert _squash(r["scene_name"]) in squashed
    assert max(cell_len(line) for line in out.splitlines()) <= width


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        ("en", "active; left JYP, which still runs his Japan activities (Apr 2025)", " (Apr 2025)"),
        (
            "ko",
            "활동 중, JYP와 전속계약 종료, 일본 활동은 JYP가 계속 담당 (2025년 4월)",
            " (2025년 4월)",
        ),
        (
            "ja",
            "活動中、JYPとの専属契約を終了、日本での活動はJYPが継続（2025年4月）",
            "（2025年4月）",
        ),
    ],
)
def test_a_status_too_long_for_its_line_is_shortened_keeping_its_own_date(
    lang: str, text: str, kept: str
) -> None:
    from popquiz.text.cells import cell_width
    from popquiz.ui.render import _status

    status = {"text": text, "as_of": "2025-08"}
    line = _status(lang, status, 56, "").plain  # a 60-column screen's room beside the number
    # The event's own date ends the line, and it is the only date: no as-of beside it.
    assert cell_width(line) <= 56 and line.endswith("…" + kept), line
    assert not any(said in line for said in ("as of", "기준", "時点")), line
    shortened = line.split("…")[0]
    assert text.startswith(shortened)
    if lang != "ja":  # whole words only: what is kept ends where a word of the text ended
        assert text[len(shortened)] in " ,;", line
    assert shortened.count("(") == shortened.count(")") and "（" not in shortened[-3:], line
    # Wide enough, the whole status is said.
    assert "…" not in _status(lang, status, 200, "").plain
