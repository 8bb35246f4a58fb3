"""`popquiz compare A B` and `popquiz history show N --export FILE` through the real command
line (the same error boundary as the console script)."""

from __future__ import annotations

import contextlib
import copy
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
    # Each verdict said against its runner-up, in the comparison's language (B was Korean).
    assert "A (me.json): Leaning K-pop (Verdict: ahead of J-pop, not by much)" in out
    assert "(friend.json): The crossover (Verdict: only just in the middle, leaning J-pop)" in out
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
    assert code == 0 and "A（#1）：" in out and t("ja", "compare.shared") in out
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
    data["outcome"]["id"] = "not-in-the-bank"  # shown as stored, not re-read from the bank
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


def _strict(text: str) -> object:
    """``text`` parsed as strict JSON: NaN, Infinity and -Infinity are refused."""

    def refuse(literal: str) -> object:
        raise ValueError(f"not JSON: {literal}")

    return json.loads(text, parse_constant=refuse)


def _with_score(result: Path, literal: str) -> str:
    """The result's text with its first axis score replaced by ``literal``, as the review's
    repro does it."""
    data = json.loads(result.read_text(encoding="utf-8"))
    text = json.dumps(data)
    key = '"score": ' + json.dumps(data["axes"][0]["score"])
    assert key in text
    return text.replace(key, '"score": ' + literal, 1)


def _review_inputs(a: Path) -> dict[str, str]:
    """Every friend's file of the review's N1, N2, N3 and N6, by name."""
    data = json.loads(a.read_text(encoding="utf-8"))
    long_title = copy.deepcopy(data)
    long_title["outcome"]["title"] = "W" * 7_000_000
    many = copy.deepcopy(data)
    many["recommendations"] = [{"id": f"act-{i}", "name": "N"} for i in range(60_000)]
    nan = copy.deepcopy(data)
    for axis in nan["axes"]:
        axis["score"] = float("nan")
    return {
        "N1-brackets": "[" * 100_000 + "]" * 100_000,
        "N1-objects": '{"a":' * 100_000,
        "N2-400-digits": _with_score(a, "1" + "0" * 400),
        "N2-5000-digits": _with_score(a, "1" + "0" * 5000),
        "N3-nan": json.dumps(nan),
        "N3-infinity": _with_score(a, "Infinity"),
        "N3-minus-infinity": _with_score(a, "-Infinity"),
        "N3-overflow": _with_score(a, "1e999"),
        "N6-7-MB-string": json.dumps(long_title),
        "N6-60000-recommendations": json.dumps(many),
    }


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000])
@pytest.mark.parametrize("extra", [[], ["--json"], ["--export", "x.html"]])
def test_N1_a_deeply_nested_friends_file_is_refused(
    two: tuple[Path, Path], tmp_path: Path, text: str, extra: list[str]
) -> None:
    a, _ = two
    friend = tmp_path / "b.json"
    friend.write_text(text, encoding="utf-8")
    extra = [str(tmp_path / e) if e.endswith(".html") else e for e in extra]
    status, out, err = invoke("compare", str(a), str(friend), *extra)
    assert (status, out) == (1, "")
    assert "b.json' is nested too deeply (100,000 levels; at most 64)" in err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("digits", [400, 5000])
def test_N2_a_huge_integer_score_is_refused(
    two: tuple[Path, Path], tmp_path: Path, digits: int
) -> None:
    a, _ = two
    friend = tmp_path / "b1.json"
    friend.write_text(_with_score(a, "1" + "0" * digits), encoding="utf-8")
    for first, second in ((a, friend), (friend, a)):
        status, out, err = invoke("compare", str(first), str(second))
        assert (status, out) == (1, "")
        assert f"b1.json': axes[0].score is not a finite number ({digits + 1:,} digits" in err
        assert "internal error" not in err


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_N3_nan_in_a_friends_file_is_refused(
    two: tuple[Path, Path], tmp_path: Path, literal: str
) -> None:
    a, _ = two
    friend = tmp_path / "n.json"
    friend.write_text(_with_score(a, literal), encoding="utf-8")
    for first, second in ((friend, a), (a, friend)):
        for extra in ([], ["--json"]):
            status, out, err = invoke("compare", str(first), str(second), *extra)
            assert (status, out) == (1, ""), out
            assert "n.json': axes[0].score is not a finite number" in err


def test_N3_compare_json_always_parses_with_a_strict_parser(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two
    assert _strict(invoke("compare", str(a), str(b), "--json")[1])
    for name, text in _review_inputs(a).items():
        friend = tmp_path / f"{name}.json"
        friend.write_text(text, encoding="utf-8")
        for first, second in ((a, friend), (friend, a)):
            status, out, err = invoke("compare", str(first), str(second), "--json")
            assert status == 1, (name, err)
            assert out == "" or _strict(out)
            assert f"{name}.json'" in err and "internal error" not in err


def test_N3_every_json_popquiz_writes_refuses_nan() -> None:
    """Every ``json.dump``/``json.dumps`` call in popquiz passes ``allow_nan=False``: a NaN
    that ever reached one would be an error, never invalid JSON on stdout or on disk."""
    import ast

    import popquiz

    calls = 0
    for path in Path(popquiz.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("dump", "dumps")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "json"
            ):
                calls += 1
                strict = [k for k in node.keywords if k.arg == "allow_nan"]
                assert strict, f"{path.name}:{node.lineno}: json.{node.func.attr} without allow_nan"
                assert isinstance(strict[0].value, ast.Constant) and strict[0].value.value is False
    assert calls >= 8


def test_N6_a_huge_string_in_a_friends_file_is_refused_before_it_is_compared(
    two: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused by the reader, by its limit, before anything walks the result's strings (the
    check of its shape, making it inert, comparing and rendering never see it)."""
    import popquiz.engine.compare as engine

    a, _ = two
    seen: list[object] = []
    real = engine.checked

    def counted(data: object, name: str, **kw: bool) -> object:
        seen.append(name)
        return real(data, name, **kw)

    monkeypatch.setattr(engine, "checked", counted)
    inputs = _review_inputs(a)
    expected = {
        "N6-7-MB-string": "outcome.title is 7,000,000 characters long, over the "
        "4,000-character limit",
        "N6-60000-recommendations": "recommendations has 60,000 items, over the 10,000 limit",
    }
    for name, message in expected.items():
        friend = tmp_path / f"{name}.json"
        friend.write_text(inputs[name], encoding="utf-8")
        seen.clear()
        status, out, err = invoke("compare", str(friend), str(a))
        assert (status, out) == (1, "")
        assert f"{name}.json': {message}" in err
        assert seen == []  # A was refused before even B was read
        status, _, err = invoke("compare", str(a), str(friend))
        assert status == 1 and message in err
        assert seen == [repr(str(a))]  # only A was checked


def test_N6_a_result_with_more_picks_than_take_makes_is_refused(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, _ = two
    data = json.loads(a.read_text(encoding="utf-8"))
    data["recommendations"] = [{"id": f"act-{i}", "name": "N"} for i in range(10_000)]
    friend = tmp_path / "r.json"
    friend.write_text(json.dumps(data), encoding="utf-8")
    status, out, err = invoke("compare", str(a), str(friend))
    assert (status, out) == (1, "")
    assert "r.json' is a damaged result: recommendations has 10,000 items" in err
