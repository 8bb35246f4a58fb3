"""The HTML and SVG result cards in a real browser: Debian's chromium through Selenium.

For en, ko and ja (the README's seed-7 result, made by the real command line, and a hostile
result with markup, a 60-letter word and long CJK text), in both layouts (the 1080×1350 social
card and the full report): no element overflows its container, no two text boxes overlap, the
page makes no network request (Chrome's own network log, with the page's Content Security
Policy bypassed so that the markup itself is what is tested), ``lang`` and ``<title>`` are set,
and a screenshot is written. The SVG must be well-formed XML, render at its declared size and
keep every line of text inside its box.

Outside CI the tests skip, saying why, when chromium, chromium-driver or selenium is missing;
with CI=true they fail instead (.ci/run installs them). One browser serves the whole module.
The README's card pictures are the PNG cards (tests/ui/test_card_png.py).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_card_hook import _default, _golden, _report

from popquiz.cli import run
from popquiz.ui.export import export_report

OUTCOMES = ("kpop", "jpop", "crossover")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
LANGS = ("en", "ko", "ja")
pytestmark = pytest.mark.timeout(240)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None or DRIVER is None:
        return "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {why}")
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1200,1500",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # The driver Debian ships, named explicitly: Selenium Manager would otherwise try to
    # download one.
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    try:
        yield driver
    finally:
        driver.quit()


def _hostile(lang: str) -> dict[str, Any]:
    from test_render import PREVIOUS, _report

    report = _report(lang)
    report["previous_for_test"] = PREVIOUS
    # Links on every service, so that hostile act names and songs go into their URLs too.
    report["bank"]["listen"] = ["youtube-music", "spotify", "apple-music"]
    return report


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """(kind, lang, suffix) → file: the seed-7 cards from the real command line, and hostile
    ones written by the exporter."""
    out = tmp_path_factory.mktemp("cards")
    files: dict[tuple[str, str, str], Path] = {}
    home = os.environ.get("POPQUIZ_HOME")
    os.environ["POPQUIZ_HOME"] = str(out / "home")
    try:
        for lang in LANGS:
            for suffix in (".html", ".svg"):
                path = out / f"seed7-{lang}{suffix}"
                argv = ["take", "--random", "--seed", "7", "--lang", lang, "--export", str(path)]
                assert run(argv) == 0
                files["seed7", lang, suffix] = path
                hostile = out / f"hostile-{lang}{suffix}"
                report = _hostile(lang)
                previous = report.pop("previous_for_test")
                export_report(report, hostile, previous=previous, taken_at="2026-12-01T10:00:00")
                files["hostile", lang, suffix] = hostile
            for outcome in OUTCOMES:
                path = out / f"{outcome}-{lang}.svg"
                report = _report(_default(), _golden(outcome), lang)
                export_report(report, path, previous=None, taken_at="2026-12-05T10:00:00")  # type: ignore[arg-type]
                files[outcome, lang, ".svg"] = path
    finally:
        if home is None:
            os.environ.pop("POPQUIZ_HOME", None)
        else:
            os.environ["POPQUIZ_HOME"] = home
    return files


def _requests(driver: Any, page: str) -> list[str]:
    """Every URL the browser asked for since the last call, other than the page itself."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page:
                urls.append(url)
    return urls


# Boxes of every element of ``root`` and of every visible line of text (clipped by a
# line-clamped parent), and the element containment and text overlap problems found.
_CHECK = """
const root = document.querySelector(arguments[0]);
const problems = [];
const tol = 1.0;
const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
  + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
const box = root.getBoundingClientRect();
for (const el of root.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  // A bar's marker and centre line stick out of the bar by design: they must stay inside
  // the bar's own container.
  const absolute = getComputedStyle(el).position === 'absolute';
  const parent = (absolute ? el.parentElement.parentElement : el.parentElement)
    .getBoundingClientRect();
  for (const [outer, what] of [[box, 'the card'], [parent, 'its parent']]) {
    if (r.left < outer.left - tol || r.right > outer.right + tol ||
        r.top < outer.top - tol || r.bottom > outer.bottom + tol) {
      problems.push('overflow: ' + name(el) + ' leaves ' + what);
    }
  }
  if (el.scrollWidth > el.clientWidth + tol && getComputedStyle(el).display !== 'inline') {
    problems.push('overflow: text runs out of ' + name(el));
  }
}
const texts = [];
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const el = node.parentElement;
  const clip = getComputedStyle(el).overflow === 'hidden' ? el.getBoundingClientRect() : null;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (let rect of range.getClientRects()) {
    let {left, right, top, bottom} = rect;
    if (clip) {
      left = Math.max(left, clip.left); right = Math.min(right, clip.right);
      top = Math.max(top, clip.top); bottom = Math.min(bottom, clip.bottom);
    }
    if (right - left > 0.5 && bottom - top > 0.5) texts.push({el, left, right, top, bottom});
  }
}
for (let i = 0; i < texts.length; i++) {
  for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i], b = texts[j];
    if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    const lower = Math.min(a.bottom - a.top, b.bottom - b.top);
    if (w > 2 && h > 0.3 * lower) problems.push('overlap: ' + name(a.el) + ' / ' + name(b.el));
  }
}
return {problems, width: box.width, height: box.height, lines: texts.length};
"""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _screenshot(driver: Any, selector: str) -> bytes:
    rect = driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return [r.left + scrollX, r.top + scrollY, r.width, r.height];",
        selector,
    )
    clip = dict(zip(("x", "y", "width", "height"), rect, strict=True), scale=1)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True}
    )
    return base64.b64decode(shot["data"])


@pytest.mark.parametrize("kind", ["seed7", "hostile"])
@pytest.mark.parametrize("lang", LANGS)
def test_html_card_in_chromium(
    browser: Any, cards: dict[tuple[str, str, str], Path], lang: str, kind: str, tmp_path: Path
) -> None:
    path = cards[kind, lang, ".html"]
    page = path.as_uri()
    browser.get("about:blank")
    _requests(browser, "about:blank")
    browser.get(page)
    assert browser.execute_script("return document.documentElement.lang") == lang
    title = browser.title
    assert title.startswith(("popquiz result", "popquiz 결과", "popquiz の結果")), title
    assert browser.execute_script("return document.fonts.status") == "loaded"
    social = browser.execute_script(SVG_CHECK, "svg.social")
    assert social["problems"] == [], (kind, lang, social["problems"])
    assert social["texts"] > 15 and social["lang"] == lang
    # Exactly its size, at the very top of the page, with no page band: in a 1080×1350
    # viewport the card is the whole view and nothing scrolls sideways.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1080, "height": 1350, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        where = browser.execute_script(
            "const r = document.querySelector('svg.social').getBoundingClientRect();"
            "return [r.left, r.top, r.width, r.height, document.documentElement.scrollWidth];"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert where == [0, 0, 1080, 1350, 1080], where
    for layout, selector in (("social", "svg.social"), ("full", "article.report")):
        if layout == "full":
            found = browser.execute_script(_CHECK, selector)
            assert found["problems"] == [], (kind, lang, layout, found["problems"])
            assert found["lines"] > 10
        else:
            found = {"width": social["width"], "height": social["height"]}
            assert (found["width"], found["height"]) == (1080, 1350)
        shot = _screenshot(browser, selector)
        (tmp_path / f"{kind}-{lang}-{layout}.png").write_bytes(shot)
        width, height = _png_size(shot)
        assert width == round(found["width"]) and height == round(found["height"])
    # The listen links are popquiz's own search URLs.
    hrefs = browser.execute_script("return [...document.querySelectorAll('a')].map(a => a.href)")
    assert hrefs and all(
        h.startswith(
            (
                "https://music.youtube.com/search?q=",
                "https://open.spotify.com/search/",
                "https://music.apple.com/search?term=",
            )
        )
        for h in hrefs
    )
    assert _requests(browser, page) == [], "the card made a network request"


SVG_CHECK = """
const svg = arguments[0] ? document.querySelector(arguments[0]) : document.documentElement;
const r = svg.getBoundingClientRect();
const problems = [];
const boxes = [];
for (const text of svg.querySelectorAll('text')) {
  const [x, y, w, h] = text.dataset.box.split(' ').map(Number);
  const b = text.getBBox();
  const label = '"' + text.textContent.trim().slice(0, 30) + '"';
  // A glyph may overhang its advance by a little (the side bearing of a "J" that starts a
  // line: 2 px at 20 px in Liberation Sans): up to 12% of the font size is not text leaving
  // its box.
  const tol = Math.max(1, 0.12 * parseFloat(text.getAttribute('font-size')));
  if (b.x < x - tol || b.x + b.width > x + w + tol) problems.push('outside its box: ' + label);
  if (b.x < 0 || b.y < 0 || b.x + b.width > 1080 || b.y + b.height > 1350) {
    problems.push('outside the card: ' + label);
  }
  for (const span of text.querySelectorAll('tspan')) {
    if (span.getComputedTextLength() > w + tol) problems.push('line too long: ' + label);
  }
  boxes.push({label, b});
}
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].b, c = boxes[j].b;
    const w = Math.min(a.x + a.width, c.x + c.width) - Math.max(a.x, c.x);
    const h = Math.min(a.y + a.height, c.y + c.height) - Math.max(a.y, c.y);
    if (w > 2 && h > 0.3 * Math.min(a.height, c.height)) {
      problems.push('overlap: ' + boxes[i].label + ' / ' + boxes[j].label);
    }
  }
}
return {problems, width: r.width, height: r.height, texts: boxes.length,
        lang: svg.getAttribute('lang')};
"""


@pytest.mark.parametrize("kind", ["seed7", "hostile"])
@pytest.mark.parametrize("lang", LANGS)
def test_svg_card_in_chromium(
    browser: Any, cards: dict[tuple[str, str, str], Path], lang: str, kind: str, tmp_path: Path
) -> None:
    path = cards[kind, lang, ".svg"]
    root = ET.fromstring(path.read_bytes())  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("1080", "1350")
    page = path.as_uri()
    browser.get("about:blank")
    _requests(browser, "about:blank")
    browser.get(page)
    found = browser.execute_script(SVG_CHECK, None)
    assert found["problems"] == [], (kind, lang, found["problems"])
    assert (found["width"], found["height"]) == (1080, 1350)
    assert found["lang"] == lang and found["texts"] > 15
    shot = _screenshot(browser, "svg")
    (tmp_path / f"{kind}-{lang}.png").write_bytes(shot)
    assert _png_size(shot) == (1080, 1350)
    assert _requests(browser, page) == [], "the SVG made a network request"


def test_each_outcomes_card_fits_in_chromium(
    browser: Any, cards: dict[tuple[str, str, str], Path], tmp_path: Path
) -> None:
    """The default bank's card for each outcome in each language (its own look, type, number
    and way in): every text inside its box and the card, none overlapping another. The nine
    cards share one page (one load instead of nine), each checked on its own."""
    svgs = []
    for lang in LANGS:
        for outcome in OUTCOMES:
            text = cards[outcome, lang, ".svg"].read_text(encoding="utf-8")
            svgs.append(
                text[text.index("<svg") :].replace("<svg ", f'<svg id="{outcome}-{lang}" ', 1)
            )
    page = tmp_path / "outcomes.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0'>" + "".join(svgs), "utf-8")
    browser.get(page.as_uri())
    for lang in LANGS:
        for outcome in OUTCOMES:
            found = browser.execute_script(SVG_CHECK, f"#{outcome}-{lang}")
            assert found["problems"] == [], (outcome, lang, found["problems"])
            assert (found["width"], found["height"]) == (1080, 1350) and found["texts"] > 20
            assert found["lang"] == lang


def test_compare_png_card_layout_in_chromium(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`compare --export us.svg` (the picture `us.png` is drawn from): every text inside its
    box and the card, none overlapping another."""
    from test_card_compare import compare_card

    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    browser.get(compare_card(tmp_path, ".svg").as_uri())
    found = browser.execute_script(SVG_CHECK, None)
    assert found["problems"] == [], found["problems"]
    assert (found["width"], found["height"]) == (1080, 1350) and found["texts"] > 20


def test_compare_card_in_chromium(browser: Any, tmp_path: Path) -> None:
    """`popquiz compare --export us.html` (a ja and a ko result, shown in ja)."""
    ja, ko = tmp_path / "ja.json", tmp_path / "ko.json"
    home = os.environ.get("POPQUIZ_HOME")
    assert (
        run(["take", "--random", "--seed", "7", "--lang", "ja", "--no-save", "--export", str(ja)])
        == 0
    )
    assert (
        run(["take", "--random", "--seed", "3", "--lang", "ko", "--no-save", "--export", str(ko)])
        == 0
    )
    card = tmp_path / "us.html"
    assert run(["compare", str(ja), str(ko), "--lang", "ja", "--export", str(card)]) == 0
    assert os.environ.get("POPQUIZ_HOME") == home
    page = card.as_uri()
    browser.get("about:blank")
    _requests(browser, "about:blank")
    browser.get(page)
    assert browser.execute_script("return document.documentElement.lang") == "ja"
    found = browser.execute_script(_CHECK, "article.report")
    assert found["problems"] == [], found["problems"]
    dots = browser.execute_script("return document.querySelectorAll('.bar .dot').length")
    assert dots == 14
    (tmp_path / "compare-ja.png").write_bytes(_screenshot(browser, "article.report"))
    assert _requests(browser, page) == [], "the comparison made a network request"
