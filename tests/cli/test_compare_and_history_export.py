"""`popquiz compare A B` and `popquiz history show N --export FILE` through the real command
line (the same error boundary as the console script)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import EXAMPLE_BANK
from popquiz.cli import run
from popquiz.i18n import t


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "me.json", tmp_path / "friend.json"
    assert invoke("take", "--random", "--seed", "7", "--export", str(a))[0] == 0
    assert invoke("take", "--random", "--seed", "3", "--lang", "ko", "--export", str(b))[0] == 0
    return a, b


def test_compare_two_files_on_the_terminal(two: tuple[Path, Path]) -> None:
    a, b = two
    code, out, err = invoke("compare", str(a), str(b), "--lang", "en")
    assert code == 0, err
    out = " ".join(out.split())  # as wrapped for 80 columns
    data = json.loads(invoke("compare", str(a), str(b), "--json")[1])
    assert t("en", "compare.similarity", percent=f"{data['similarity']:.0%}") in out
    assert "A (me.json): Leaning K-pop (Verdict: leaning)" in out
    assert "Verdict: close call" in out  # B's strength in the comparison's language
    for act in data["shared"]:
        assert act["name"] in out
    widest = data["most_different"]
    gap = f"{widest['gap'] / 2:.0%}"
    assert f"Where you differ most: {widest['low']} – {widest['high']} ({gap} of the bar" in out


def test_compare_json_and_history_numbers(two: tuple[Path, Path]) -> None:
    a, b = two
    code, out, _ = invoke("compare", "1", "2", "--json")  # the two results saved by `take`
    assert code == 0
    by_number = json.loads(out)
    by_file = json.loads(invoke("compare", str(a), str(b), "--json")[1])
    assert by_number == by_file
    assert by_number["format"] == "popquiz-compare"
    assert by_number["bank"]["id"] == "kpop-vs-jpop"
    assert {"similarity", "axes", "shared", "most_different", "a", "b"} <= by_number.keys()
    code, out, _ = invoke("compare", "1", str(b), "--lang", "ja", "--plain")
    assert code == 0 and "A (#1)" in out and t("ja", "compare.shared") in out
    assert not set("●─┼•◆") & set(out)


def test_compare_exports_an_html_card(two: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = two
    card = tmp_path / "us.html"
    code, _, err = invoke("compare", str(a), str(b), "--export", str(card), "--lang", "ko")
    assert code == 0, err
    html = card.read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "<title>나와 친구: " in html
    assert html.count('class="dot a"') == 7 and html.count('class="dot b"') == 7


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ("{", 1, "friend.json':1:2: not JSON"),
        ("[1]", 1, "is not a popquiz result"),
        ('{"schema": 7}', 1, "schema 7"),
        (None, 1, "cannot read"),
        (b"\xff\xfe", 1, "not UTF-8"),
    ],
)
def test_compare_bad_files(
    two: tuple[Path, Path], tmp_path: Path, content: str | bytes | None, code: int, message: str
) -> None:
    a, _ = two
    bad = tmp_path / "friend.json"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is not None:
        bad.write_text(content, encoding="utf-8")
    else:
        bad.unlink()
    status, out, err = invoke("compare", str(a), str(bad))
    assert (status, out) == (code, "")
    assert message in err and "Traceback" not in err


def test_compare_mismatched_results_and_usage_errors(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, _ = two
    other = tmp_path / "coffee.json"
    invoke("take", str(EXAMPLE_BANK), "--random", "--no-save", "--export", str(other))
    status, _, err = invoke("compare", str(a), str(other))
    assert status == 1 and "different quizzes: 'kpop-vs-jpop'" in err
    older = json.loads(a.read_text(encoding="utf-8"))
    older["bank"]["version"] = "0.9"
    (tmp_path / "old.json").write_text(json.dumps(older), encoding="utf-8")
    status, _, err = invoke("compare", str(a), str(tmp_path / "old.json"))
    assert status == 1 and "different versions of the quiz" in err
    status, _, err = invoke("compare", str(a), "99")
    assert status == 2 and "'99' is neither a file nor a result number" in err
    status, _, err = invoke("compare", str(a), str(a), "--lang", "fr")
    assert status == 2 and "unknown language 'fr'" in err
    status, _, err = invoke("compare", str(a), str(a), "--export", str(tmp_path / "x.pdf"))
    assert status == 2 and ".pdf" in err
    assert invoke("compare", str(a))[0] == 2  # B is missing


def test_history_show_exports_every_format(tmp_path: Path) -> None:
    assert invoke("take", "--random", "--seed", "7", "--lang", "ja")[0] == 0
    for suffix in (".html", ".svg", ".md", ".json"):
        card = tmp_path / f"x{suffix}"
        code, out, err = invoke("history", "show", "1", "--export", str(card))
        assert (code, out) == (0, ""), err
        assert t("ja", "export.written", path=card) in err  # in the result's language
    stored = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert stored["language"] == "ja"
    html = (tmp_path / "x.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and stored["outcome"]["title"] in html
    root = ElementTree.fromstring((tmp_path / "x.svg").read_bytes())
    assert root.get("lang") == "ja"
    markdown = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "](https://open.spotify.com/search/" in markdown


def test_history_show_export_errors(tmp_path: Path) -> None:
    assert invoke("take", "--random", "--seed", "7")[0] == 0
    code, _, err = invoke("history", "show", "1", "--export", str(tmp_path / "x.pdf"))
    assert code == 2 and "unknown file type '.pdf'" in err
    code, _, err = invoke("history", "show", "1", "--export", str(tmp_path / "no" / "x.html"))
    assert code == 73 and "does not exist" in err
    code, _, err = invoke("history", "show", "5", "--export", str(tmp_path / "x.html"))
    assert code == 2 and "no result #5" in err


def test_compare_shows_escape_sequences_in_a_friends_file_as_text(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two
    data = json.loads(b.read_text(encoding="utf-8"))
    data["outcome"]["title"] = "Evil \x1b]8;;https://evil.example\x1b\\click\x1b]0;title\x07"
    data["axes"][0]["low"] = "\x1b[2J\u202eleft"
    data["recommendations"][0]["name"] = "\x1b[31mred"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    for extra in ([], ["--plain"], ["--json"]):
        code, out, err = invoke("compare", str(a), str(hostile), *extra)
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    code, out, _ = invoke("compare", str(a), str(hostile))
    assert "Evil \\x1b]8;;https://evil.example" in " ".join(out.split())
