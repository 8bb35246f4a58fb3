"""The result card without a browser: escaping, self-containment, fonts per language, the SVG's
measured line breaking, listen links and when terminal hyperlinks are allowed.
(tests/ui/test_card_browser.py checks the layout itself in chromium.)"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any
from xml.etree import ElementTree

import pytest
from test_render import _report

from popquiz.text.linebreak import NO_END, NO_START
from popquiz.ui.card import card_data, font_stack, social_axes
from popquiz.ui.card_page import card_html
from popquiz.ui.card_svg import card_svg, text_width, wrap
from popquiz.ui.export import report_markdown
from popquiz.ui.hint import next_steps
from popquiz.ui.links import listen_links, terminal_links

OURS = (
    "https://music.youtube.com/search?q=",
    "https://open.spotify.com/search/",
    "https://music.apple.com/search?term=",
)


EVERY_SERVICE = ("youtube-music", "spotify", "apple-music")


def _hostile(lang: str = "en") -> dict[str, Any]:
    report = _report(lang)
    report["bank"]["listen"] = list(EVERY_SERVICE)  # a bank that offers listen links
    report["outcome"]["title"] = 'Owls <script>alert(1)</script> & "friends" ]]> \x01\x1b'
    report["recommendations"][0]["name"] = "Act ) [x](https://evil.example) <b>"
    return report


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_html_is_self_contained_escaped_and_in_its_language(lang: str) -> None:
    html = card_html(_hostile(lang), date="2026-12-01", version="9.9")
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\x01" not in html
    assert re.search(r"<title>popquiz[^<]*Owls &lt;script&gt;", html)
    assert "default-src 'none'" in html  # a Content Security Policy: nothing may be fetched
    # No font, image, script or stylesheet from anywhere; the only links are listen links
    # (bank text that looks like a URL is shown as text).
    assert not re.search(r"\b(src|srcset|action|poster|data)=", html)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(OURS) for h in hrefs), hrefs
    assert len(re.findall(r"<a\b", html)) == len(hrefs)
    assert "@import" not in html and "@font-face" not in html
    assert re.findall(r"url\(([^)]*)\)", html) == ["#bg"]  # the card's own gradient
    assert 'data-layout="social"' in html and 'data-layout="full"' in html
    assert "2026-12-01" in html and "popquiz 9.9" in html


def test_font_stacks_put_the_languages_own_cjk_fonts_first() -> None:
    ja, ko, en = font_stack("ja"), font_stack("ko"), font_stack("en")
    assert ja.index("Noto Sans CJK JP") < ja.index("Noto Sans CJK KR")
    assert ko.index("Noto Sans CJK KR") < ko.index("Noto Sans CJK JP")
    assert en.startswith("system-ui") and "Noto Sans CJK JP" in en
    assert all(s.endswith("sans-serif") for s in (ja, ko, en))


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_svg_is_well_formed_even_for_hostile_text(lang: str) -> None:
    svg = card_svg(card_data(_hostile(lang), date="2026-12-01", version="9.9"))
    root = ElementTree.fromstring(svg.encode("utf-8"))
    assert (root.get("width"), root.get("height"), root.get("lang")) == ("1080", "1350", lang)
    assert "{http://www.w3.org/2000/svg}title" in [e.tag for e in root]
    # Nothing to fetch: no href, image, @import or url() other than the gradient's own id.
    assert not re.search(r"\b(href|src)=|@import|@font-face", svg)
    assert re.findall(r"url\(([^)]*)\)", svg) == ["#bg"]
    assert "<script" not in svg and "Owls <script>" in "".join(root.itertext())


def test_widths_are_measured_in_east_asian_cells_not_characters() -> None:
    assert text_width("根っからの", 10) == 50  # five wide characters, one em each
    assert text_width("根っからのK-POP派", 10) > text_width("abcdefghijk", 10)
    assert text_width("iii", 10) < text_width("MMM", 10)


@pytest.mark.parametrize(
    "text",
    [
        "あなたに合うのはどのシーン？K-POP、J-POP、それともクロスオーバー。「完璧な」ダンス。",
        "이별 노래보다 자기애랑 야망을 노래하는 곡이 훨씬 힘이 나요",
        "Supercalifragilisticexpialidociousantidisestablishmentarianism and friends",
    ],
)
@pytest.mark.parametrize("width", [120, 200, 400])
def test_svg_lines_fit_and_follow_kinsoku(text: str, width: int) -> None:
    lines = wrap(text, width, 20, lines=20, cjk=True)
    assert all(text_width(line, 20, cjk=True) <= width for line in lines)
    assert all(line[0] not in NO_START for line in lines if line)
    assert all(line[-1] not in NO_END for line in lines if line)
    if "이별" in text:  # Korean breaks between words only
        words = text.split()
        assert all(w in words for line in lines for w in line.split())
    short = wrap(text, width, 20, lines=1, cjk=True)
    assert len(short) == 1 and text_width(short[0], 20, cjk=True) <= width
    if len("".join(lines)) > len(short[0]):
        assert short[0].endswith("…")


def test_katakana_words_are_kept_whole() -> None:
    text = "あなたに合うのはどのシーン？K-POP、J-POP、それともクロスオーバー"
    lines = wrap(text, 936, 28, lines=2, cjk=True)
    assert lines[-1] == "クロスオーバー"


def test_the_social_card_shows_the_most_decided_seven_axes() -> None:
    report = copy.deepcopy(_report("en"))
    template = report["axes"][0]
    report["axes"] = [
        {**template, "id": f"a{i}", "low": f"low{i}", "score": (i - 5) / 5} for i in range(10)
    ]
    shown = social_axes(card_data(report, date="d", version="v"))
    assert [a.low for a in shown] == ["low0", "low1", "low2", "low3", "low7", "low8", "low9"]


def test_listen_links_are_percent_encoded_search_urls() -> None:
    links = listen_links("Act ) [x](y)", "Song & <b>", EVERY_SERVICE)
    assert [link.service for link in links] == ["YouTube Music", "Spotify", "Apple Music"]
    spotify = "https://open.spotify.com/search/Act%20%29%20%5Bx%5D%28y%29%20Song%20%26%20%3Cb%3E"
    assert links[1].url == spotify
    for link in links:
        assert link.url.startswith(OURS)
        assert not set(" ()[]<>&") & set(link.url.split("?", 1)[-1].split("/search/")[-1])


def test_markdown_listen_links_cannot_be_broken_by_bank_text() -> None:
    text = report_markdown(_hostile("en"))
    links = re.findall(r"\[(YouTube Music|Spotify|Apple Music)\]\(([^)]*)\)", text)
    assert len(links) >= 3
    assert all(url.startswith(OURS) for _, url in links)
    assert "](https://evil.example)" not in text


@pytest.mark.parametrize(
    ("env", "plain", "tty", "expected"),
    [
        ({"TERM_PROGRAM": "WezTerm"}, False, True, True),
        ({"TERM_PROGRAM": "iTerm.app"}, False, True, True),
        ({"TERM": "xterm-kitty"}, False, True, True),
        ({"VTE_VERSION": "7600"}, False, True, True),
        ({"VTE_VERSION": "4200"}, False, True, False),
        ({"WT_SESSION": "x"}, False, True, True),
        ({"TERM": "xterm-256color"}, False, True, False),
        ({"TERM_PROGRAM": "Apple_Terminal"}, False, True, False),
        ({"TERM_PROGRAM": "WezTerm"}, True, True, False),  # --plain
        ({"TERM_PROGRAM": "WezTerm"}, False, False, False),  # not a terminal
        ({"TERM_PROGRAM": "WezTerm", "POPQUIZ_LINKS": "0"}, False, True, False),
        ({"TERM_PROGRAM": "WezTerm", "POPQUIZ_LINKS": "off"}, False, True, False),
        ({"POPQUIZ_LINKS": "1"}, False, True, True),
        ({"POPQUIZ_LINKS": "1"}, True, True, False),
        ({"TERM": "dumb", "VTE_VERSION": "7600"}, False, True, False),
    ],
)
def test_when_terminal_hyperlinks_are_allowed(
    env: dict[str, str], plain: bool, tty: bool, expected: bool
) -> None:
    assert terminal_links(plain=plain, is_terminal=tty, environ=env) is expected


def test_next_steps_puts_each_command_on_its_own_line_after_its_label() -> None:
    for lang in ("en", "ko", "ja"):
        saved = next_steps(lang, 4).split("\n")
        assert len(saved) == 4  # a heading, then export, compare, and retake with history
        for command in ("popquiz compare 4 friend.json", "popquiz history"):
            # the label and its command on one line, the command ending it
            assert any(line.endswith(command) and line.strip() != command for line in saved)
        assert "popquiz history show 4 --export card.png" in saved[1]
        # An unsaved result has no number to compare: no compare line.
        unsaved = next_steps(lang, None)
        assert "popquiz take --export card.png" in unsaved and "compare" not in unsaved
        retake = next_steps(lang, None, bank_ref="my bank.yaml")
        assert "popquiz take 'my bank.yaml' --export card.png" in retake
        # Off PATH, how to reach popquiz is said once, after the commands.
        reached = next_steps(lang, 4, reach=("activate", "source .venv/bin/activate"))
        assert reached.count("source .venv/bin/activate") == 1
        assert reached.split("\n")[-1].count("source .venv/bin/activate") == 1


def test_card_strings_are_not_clipped_by_control_characters() -> None:
    card = card_data(_hostile("en"), date="d", version="v")
    html = card_html(_hostile("en"), date="d", version="v")
    assert "\ufffd" in html  # each forbidden character is shown as a replacement mark
    assert unicodedata.category(card.verdict[-1]) == "Cc"  # the data keeps them; output cleans


def test_with_links_on_bank_text_still_never_becomes_a_hyperlink() -> None:
    import io

    from popquiz.ui.console import make_console
    from popquiz.ui.render import render_report

    report = _hostile("en")
    # (Control characters never get this far: a bank with them is refused when loaded, and
    # `compare` escapes them in the files it reads.)
    report["recommendations"][0]["name"] = "Evil [link=https://evil.example]click[/link] www.x.io"
    report["recommendations"][0]["songs"] = ["[link=https://evil.example]x[/link]"]
    for width in (50, 100):
        console = make_console(
            file=io.StringIO(), force_terminal=True, width=width, color_system="truecolor"
        )
        render_report(report, console, links=True)
        out = console.file.getvalue()  # type: ignore[attr-defined]
        targets = [u for u in re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\", out) if u]
        assert len(targets) == 3 * len(report["recommendations"])
        assert all(u.startswith(OURS) for u in targets), targets
        assert "https://evil.example" not in "".join(targets).replace("%2F%2Fevil.example", "")


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_html_card_is_the_svg_card(lang: str) -> None:
    """One layout: the HTML page embeds the very lines, breaks and headings of the SVG (and
    the PNG is that SVG drawn), so the three cannot disagree."""
    report = _hostile(lang)
    html = card_html(report, date="2026-12-01", version="9.9")
    svg = card_svg(card_data(report, date="2026-12-01", version="9.9"))
    inline = html[html.index("<svg") : html.index("</svg>")]
    body = svg[svg.index("<svg") : svg.index("</svg>")]
    assert 'class="social" data-layout="social"' in inline
    assert inline[inline.index(">") :] == body[body.index(">") :]
    assert re.findall(r"<tspan[^>]*>([^<]*)<", inline) == re.findall(r"<tspan[^>]*>([^<]*)<", svg)
