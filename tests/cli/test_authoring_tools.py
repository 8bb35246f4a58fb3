"""Author tools: catalogues as their own kind, errors that quote the line, golden tests,
portable YAML, translation warnings."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from banks import answer, choice, likert, outcome, write_bank
from cli.test_cli import invoke
from conftest import DEFAULT_BANK, ROOT
from needs import need
from popquiz.bank.diagnostics import MAX_PER_CODE, render
from popquiz.bank.filekind import kind_of_data, kind_of_text
from popquiz.bank.loader import check
from popquiz.errors import Diagnostic

QUIZZES = ROOT / "quizzes"
SNAPSHOTS = ROOT / "tests" / "snapshots"

CATALOGUE = textwrap.dedent(
    """\
    kind: catalogue
    languages: [en, ko]
    acts:
      - id: one
        name: One
        scene: kpop
        profile: {energy: 0.5}
        blurb: {en: Good, ko: 좋아}
      - id: one
        name: Two
        scene: kpop
        profile: {energy: 1.5}
        blurb: {en: Good, ko: 좋아}
      - id: three
        scene: jpop
        profile: {energy: 0.1}
        blurb: {en: Good, ko: 좋아}
      - id: four
        name: Four
        scene: kpopp
        profile: {energi: 0.1}
        blurb: {en: Good, ko: 좋아, ja: いい}
        colour: red
    """
)
BANK = textwrap.dedent(
    """\
    id: b
    title: {en: T, ko: 티}
    description: {en: D, ko: 디}
    languages: [en, ko]
    catalogue: acts.yaml
    axes:
      - {id: energy, low: {en: calm, ko: 차분}, high: {en: loud, ko: 시끄}}
    questions:
      - id: q1
        text: {en: "Q?", ko: 질문}
        answers:
          - {id: a, text: {en: A, ko: 에이}, weights: {energy: 1}}
          - {id: b, text: {en: B, ko: 비}, weights: {energy: -1}}
    scenes:
      - {id: kpop, name: {en: K, ko: 케이}}
      - {id: jpop, name: {en: J, ko: 제이}}
    outcomes:
      - {id: kpop, title: {en: K, ko: 케이}, description: {en: K, ko: 케이},
         profile: {energy: 1}, scene: kpop}
      - {id: jpop, title: {en: J, ko: 제이}, description: {en: J, ko: 제이},
         profile: {energy: -1}, scene: jpop}
    """
)
# (line, code) of each planted mistake in CATALOGUE: the duplicate id, the position out of
# range, the missing name, the unknown scene (against the bank), the misspelt axis (against
# the bank), the undeclared language, the unknown key.
PLANTED = [(9, "E201"), (12, "E103"), (14, "E102"), (20, "E208"), (21, "E202"), (22, "E213"),
           (23, "E101")]  # fmt: skip


def test_the_readme_commands_pass_on_the_shipped_quizzes() -> None:
    paths = sorted(str(p) for p in QUIZZES.glob("*.yaml"))
    code, out, _ = invoke("validate", *paths)
    assert code == 0, out
    assert "kpop-vs-jpop-acts.yaml: ok (catalogue, " in out
    assert "kpop-vs-jpop.yaml: ok (kpop-vs-jpop, " in out
    code, out, _ = invoke("validate", str(QUIZZES))
    assert code == 0, out
    assert "examples/coffee.yaml: ok (coffee, " in out and "error[" not in out
    assert "warning[" not in out  # every shipped file declares itself and is portable


def test_a_catalogue_with_planted_mistakes_gives_one_located_error_each(tmp_path: Path) -> None:
    (tmp_path / "acts.yaml").write_text(CATALOGUE, encoding="utf-8")
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    code, out, _ = invoke("validate", str(tmp_path), "--format", "json")
    assert code == 1
    found = [(d["line"], d["code"]) for d in json.loads(out) if d["severity"] == "error"]
    assert found == PLANTED
    assert all(d["path"].endswith("acts.yaml") for d in json.loads(out))
    # Alone, the catalogue shows what it can know without a bank: no scenes, no axes.
    alone = check(tmp_path / "acts.yaml", kind="catalogue").problems
    assert [(d.line, d.code) for d in alone] == [p for p in PLANTED if p[1] not in {"E208", "E202"}]
    # Named twice (directly and through the bank), each mistake is still reported once.
    code, out, _ = invoke(
        "validate", str(tmp_path / "acts.yaml"), str(tmp_path / "bank.yaml"), "-f", "json"
    )
    assert [(d["line"], d["code"]) for d in json.loads(out)] == PLANTED


def test_an_old_catalogue_still_works_and_warns_how_to_declare_it(tmp_path: Path) -> None:
    old = CATALOGUE.replace("kind: catalogue\nlanguages: [en, ko]\n", "")
    fixes = [
        ("  - id: one\n    name: Two", "  - id: two\n    name: Two"),
        ("energy: 1.5", "energy: 1"),
        ("  - id: three\n", "  - id: three\n    name: T\n"),
        ("kpopp", "kpop"),
        ("energi", "energy"),
        (", ja: いい", ""),
        ("    colour: red\n", ""),
    ]
    for bad, good in fixes:
        old = old.replace(bad, good)
    (tmp_path / "acts.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "bank.yaml").write_text(BANK, encoding="utf-8")
    assert kind_of_text(old) == "old-catalogue"
    code, out, _ = invoke("validate", str(tmp_path))
    assert code == 0, out
    assert "acts.yaml:1:1: warning[W201] this catalogue does not declare `kind: catalogue`" in out
    assert "add the line `kind: catalogue` at the top of the file" in out
    assert "bank.yaml: ok (b, 1 questions)" in out and "acts.yaml: ok (catalogue, 4 acts)" in out
    # Discovery agrees: the folder has one bank and the catalogue is not reported broken.
    code, out, _ = invoke("list", str(tmp_path), "--json")
    assert code == 0
    listed = json.loads(out)
    assert [b["id"] for b in listed["banks"] if b["source"] != "built-in"] == ["b"]
    assert "acts.yaml" not in json.dumps(listed.get("problems", []))


def test_recognition_is_by_declaration_not_by_name(tmp_path: Path) -> None:
    assert kind_of_data({"kind": "catalogue", "acts": []}) == "catalogue"
    assert kind_of_data({"acts": []}) == "old-catalogue"
    assert kind_of_data({"id": "x", "acts": []}) == "bank"
    assert kind_of_text("# c\nkind: catalogue  # acts\nacts: []\n") == "catalogue"
    assert kind_of_text("kind: 'catalogue'\n") == "catalogue"
    assert kind_of_text("id: x\n  kind: catalogue\n") == "bank"  # not top-level
    # A misspelt declaration is checked as the catalogue it means to be, and told what to write.
    assert kind_of_data({"kind": "catalog", "acts": []}) == "catalogue"
    assert kind_of_text("kind: catalog\nacts: []\n") == "catalogue"
    typo = tmp_path / "typo.yaml"
    typo.write_text(CATALOGUE.replace("kind: catalogue", "kind: catalog"), encoding="utf-8")
    found = check(typo)
    assert found.kind == "catalogue"
    assert (found.problems[0].line, found.problems[0].code) == (1, "E103")
    assert "'catalogue'" in found.problems[0].message
    # A catalogue named like a bank, and a bank named like a catalogue.
    (tmp_path / "music.yaml").write_text(CATALOGUE, encoding="utf-8")
    bank = BANK.replace("catalogue: acts.yaml", "catalogue: music.yaml")
    (tmp_path / "b-acts.yaml").write_text(bank, encoding="utf-8")
    assert check(tmp_path / "music.yaml").kind == "catalogue"
    assert check(tmp_path / "b-acts.yaml").kind == "bank"


def test_pre_commit_hooks_recognise_catalogues_by_declaration() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load(text)}
    assert set(hooks) == {"popquiz-validate", "popquiz-test", "popquiz-analyze"}
    assert all("exclude" not in h for h in hooks.values())
    assert hooks["popquiz-test"]["entry"] == "popquiz test --quiet"


# --- errors that show the line ------------------------------------------------------------


def _planted(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    text = BANK.replace("catalogue: acts.yaml\n", "")
    # A misspelt axis in a flow mapping after Korean text (wide characters before the caret).
    path.write_text(text.replace("weights: {energy: 1}", "weights: {enrgy: 1}"), encoding="utf-8")
    return path


def test_a_planted_error_shows_its_line_with_a_caret(tmp_path: Path) -> None:
    path = _planted(tmp_path)
    code, out, _ = invoke("validate", str(path))
    assert code == 1
    first = out.split("\n")[:5]
    header = first[0]
    line, col = (int(x) for x in header.split(":")[1:3])
    assert header.endswith("answer weight names axis 'enrgy', which is not declared")
    source = path.read_text(encoding="utf-8").split("\n")[line - 1]
    assert source[col - 1 :].startswith("enrgy")
    assert first[2] == f"{line} | {source}"
    caret = first[3]
    assert caret.startswith(" " * len(str(line)) + " | ") and caret.endswith("^")
    # Under column `col` in terminal cells: each of the two Korean characters before it is two.
    assert len(caret) - len(f"{line} | ") == col + 2
    snapshot = (SNAPSHOTS / "validate-caret.txt").read_text(encoding="utf-8")
    shown = "\n".join(first).replace(str(path), "bank.yaml")
    assert shown == snapshot.rstrip("\n")


def test_the_caret_counts_terminal_cells_and_colours_only_when_asked() -> None:
    d = Diagnostic("E202", "bad", "f.yaml", 1, 9, "fix it")
    plain = render([d], "text", source=lambda _: ["한국어: {x: 1}"])
    assert plain.split("\n")[1:4] == ["  |", "1 | 한국어: {x: 1}", "  |            ^"]
    coloured = render([d], "text", source=lambda _: ["한국어: {x: 1}"], color=True)
    assert "\x1b[1;31merror[E202]\x1b[0m" in coloured and "\x1b[1;31m^\x1b[0m" in coloured
    assert "\x1b" not in plain
    # Control characters in the quoted line are shown escaped, never sent to the terminal.
    hostile = render([d], "text", source=lambda _: ["ab\x1b[2Jcd: x"])
    assert "\x1b" not in hostile and "\\x1b[2J" in hostile


def test_three_hundred_errors_of_one_code_print_twenty_and_a_summary() -> None:
    many = [Diagnostic("E213", f"m{i}", "f.yaml", i + 1, 1) for i in range(300)]
    other = [Diagnostic("E201", "dup", "f.yaml", 400, 1), Diagnostic("E213", "x", "g.yaml", 1, 1)]
    text = render(many + other, "text")
    assert text.count("error[E213]") == MAX_PER_CODE + 1  # 20 here, and g.yaml's one
    assert "error[E201] dup" in text
    assert text.rstrip().endswith(
        "f.yaml: … and 280 more E213 in this file (--format json lists them all)"
    )
    # JSON and GitHub list every one, unchanged.
    assert len(json.loads(render(many, "json"))) == 300
    assert render(many, "github").count("::error ") == 300


def test_validate_caps_a_file_with_hundreds_of_one_error(tmp_path: Path) -> None:
    # The old README failure: a catalogue-like file checked as a bank, every text in ko and ja.
    text = DEFAULT_BANK.read_text(encoding="utf-8").replace(
        "languages: [en, ko, ja]", "languages: [en]"
    )
    path = tmp_path / "one-language.yaml"
    path.write_text(text.replace("catalogue: kpop-vs-jpop-acts.yaml\n", ""), encoding="utf-8")
    code, out, _ = invoke("validate", str(path))
    assert code == 1
    assert out.count("error[E213]") == MAX_PER_CODE
    assert "more E213 in this file" in out


# --- golden tests -------------------------------------------------------------------------


def test_the_shipped_banks_pass_their_golden_tests() -> None:
    code, out, _ = invoke("test", str(DEFAULT_BANK), str(QUIZZES / "examples" / "coffee.yaml"))
    assert code == 0, out
    assert "kpop-vs-jpop.yaml: 3 of 3 tests passed" in out
    assert "coffee.yaml: 5 of 5 tests passed" in out
    code, out, _ = invoke("test", str(QUIZZES))  # a folder: the catalogue is skipped
    assert code == 0 and "acts" not in out


@pytest.mark.parametrize("command", ["validate", "test"])
def test_validate_and_test_read_each_file_once(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check hands back what it read and parsed (the documents, the catalogue's bytes and
    what parsing them gave): locating a failed test, linting and checking the catalogue on its
    own read and parse nothing again (a 2,000-act catalogue costs a second to parse)."""
    import popquiz.bank.safeio as safeio
    from popquiz.bank import yamlsafe

    for name in ("kpop-vs-jpop.yaml", "kpop-vs-jpop-acts.yaml"):
        shutil.copy(QUIZZES / name, tmp_path / name)
    reads: list[str] = []
    parses: list[str] = []
    real_read, real_build = safeio.read_regular, yamlsafe._build

    def counting(path: str | Path, limit: int, *, whole: bool = True) -> bytes:
        reads.append(Path(path).name)
        return real_read(path, limit, whole=whole)

    def parsing(text: str, display: str, *args: Any, **kwargs: Any) -> Any:
        parses.append(Path(display).name)
        return real_build(text, display, *args, **kwargs)

    monkeypatch.setattr(safeio, "read_regular", counting)
    monkeypatch.setattr(yamlsafe, "_build", parsing)
    bank = str(tmp_path / "kpop-vs-jpop.yaml")
    code, out, _ = invoke(command, bank, "--format", "json")
    assert code == 0, out
    assert sorted(reads) == ["kpop-vs-jpop-acts.yaml", "kpop-vs-jpop.yaml"]
    # Again, now that the parser-portability warnings (W203: both parsers, on purpose) are
    # remembered: one parse per file.
    reads.clear()
    parses.clear()
    assert invoke(command, bank, "--format", "json")[0] == 0
    assert sorted(parses) == ["kpop-vs-jpop-acts.yaml", "kpop-vs-jpop.yaml"]


def test_a_catalogue_checked_from_its_banks_parse_finds_what_it_finds_alone(
    tmp_path: Path,
) -> None:
    """A catalogue with a problem the reader reports and reads past (a duplicate key) gets the
    same findings whether validate reaches it through its bank or is given it alone."""
    for name in ("kpop-vs-jpop.yaml", "kpop-vs-jpop-acts.yaml"):
        shutil.copy(QUIZZES / name, tmp_path / name)
    catalogue = tmp_path / "kpop-vs-jpop-acts.yaml"
    text = catalogue.read_text(encoding="utf-8")
    first_scene = text.index("    scene: ")
    catalogue.write_text(
        text[:first_scene] + "    scene: jpop\n" + text[first_scene:], encoding="utf-8"
    )

    def findings(*paths: Path) -> list[Any]:
        code, out, _ = invoke("validate", *map(str, paths), "--format", "json")
        assert code == 1, out
        return [d for d in json.loads(out) if d["path"] == str(catalogue)]

    alone = findings(catalogue)
    assert any(d["code"] == "E004" for d in alone), alone
    assert findings(tmp_path / "kpop-vs-jpop.yaml") == alone


def test_a_wrong_expectation_fails_at_its_location(tmp_path: Path) -> None:
    for name in ("kpop-vs-jpop.yaml", "kpop-vs-jpop-acts.yaml"):
        shutil.copy(QUIZZES / name, tmp_path / name)
    path = tmp_path / "kpop-vs-jpop.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("tests:")
    where = next(i for i in range(at, len(lines)) if lines[i] == "    outcome: kpop")
    assert lines[where + 1] == "    strength: clear"
    lines[where] = "    outcome: jpop"
    lines.insert(where + 2, "    act: no-such-act")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = invoke("test", str(path))
    assert code == 1
    assert "error[E217] test expects act 'no-such-act', which the bank does not have" in out
    del lines[where + 2]
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = invoke("test", str(path))
    assert code == 1
    assert f"{path}:{where + 1}:14: error[T001] test " in out
    assert "expected outcome 'jpop', got 'kpop' (clear" in out
    assert "2 of 3 tests passed" in out
    lines[where] = "    outcome: kpop"
    lines[where + 1] = "    strength: close"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = invoke("test", str(path), "--format", "github")
    assert code == 1
    assert f"::error file={path},line={where + 2},col=15,title=T002::" in out
    assert "expected a close verdict, got 'kpop' (clear" in out


def test_expectations_are_checked_by_validate(tmp_path: Path) -> None:
    text = (QUIZZES / "examples" / "coffee.yaml").read_text(encoding="utf-8")
    text = text.replace('eight-am: "double-shot"', 'eight-am: "double-shott"', 1)
    text = text.replace("outcome: espresso", "outcome: expresso", 1)
    path = tmp_path / "coffee.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "-f", "json")
    found = json.loads(out)
    assert code == 1
    assert [d["code"] for d in found] == ["E217", "E217"]
    assert "did you mean 'double-shot'?" in found[0]["help"]
    assert "did you mean 'espresso'?" in found[1]["help"]


def test_a_bank_without_tests_passes_with_a_note(tmp_path: Path) -> None:
    from conftest import EXAMPLE_BANK

    code, out, _ = invoke("test", str(EXAMPLE_BANK))
    assert code == 0 and "no tests (add a `tests:` section)" in out


# --- portable YAML and translations -------------------------------------------------------


SHIPPED = [*sorted(QUIZZES.glob("*.yaml")), *sorted((QUIZZES / "examples").glob("*.yaml")),
           ROOT / "src" / "popquiz" / "templates" / "starter.yaml"]  # fmt: skip


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_file_parses_the_same_with_both_parsers(path: Path) -> None:
    need("yaml", "CSafeLoader")  # libyaml is needed to compare
    from popquiz.bank.yamlsafe import parse, parse_pure

    text = path.read_text(encoding="utf-8")
    if path.name == "starter.yaml":  # a template: check what `popquiz new` writes
        from popquiz.cli.author import starter_text

        text = starter_text("my-bank", "My bank", "bank.schema.json", "my-bank.yaml")
    assert parse(text, path.name).data == parse_pure(text, path.name).data


def _pure_parser_refuses_q(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make PyYAML's pure-Python parser refuse ``질문!`` at line 9. The reader refuses every form
    the two parsers are known to read differently, so W203 is a safety net with no real
    trigger left; this stands in for one that is found later."""
    import popquiz.bank.yamlsafe as yamlsafe
    from popquiz.errors import Diagnostic

    real = yamlsafe._build

    def build(text: str, display: str, loader: Any, depth: int, *, pure: bool) -> Any:
        if pure and "ko: 질문!}" in text:
            line = text[: text.index("ko: 질문!}")].count("\n") + 1
            problem = Diagnostic("E001", "YAML syntax error: '?'", display, line, 15)
            raise yamlsafe.YamlRejected([problem])
        return real(text, display, loader, depth, pure=pure)

    monkeypatch.setattr(yamlsafe, "_build", build)


def test_validate_warns_where_the_parsers_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need("yaml", "CSafeLoader")
    _pure_parser_refuses_q(monkeypatch)
    path = tmp_path / "q.yaml"
    text = BANK.replace('text: {en: "Q?", ko: 질문}', "text: {en: Q, ko: 질문!}").replace(
        "catalogue: acts.yaml\n", ""
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "-f", "json")
    [warning] = json.loads(out)
    assert code == 0  # a warning: libyaml reads it
    assert (warning["code"], warning["severity"], warning["line"]) == ("W203", "warning", 9)
    assert "pure-Python parser refuses it" in warning["message"]


def test_the_parser_comparison_is_remembered_per_file_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """W203 needs a second, pure-Python parse (half a second on the default bank): validate
    keeps its answer in the cache folder, keyed by the file's bytes, and redoes it once they
    change."""
    need("yaml", "CSafeLoader")
    import popquiz.bank.lint

    _pure_parser_refuses_q(monkeypatch)

    path = tmp_path / "q.yaml"
    text = BANK.replace('text: {en: "Q?", ko: 질문}', "text: {en: Q, ko: 질문!}").replace(
        "catalogue: acts.yaml\n", ""
    )
    path.write_text(text, encoding="utf-8")
    first = invoke("validate", str(path), "-f", "json")
    calls: list[str] = []
    real = popquiz.bank.lint.portability

    def counted(raw: bytes, display: str) -> list[object]:
        calls.append(display)
        return real(raw, display)  # type: ignore[return-value]

    monkeypatch.setattr(popquiz.bank.lint, "portability", counted)
    assert invoke("validate", str(path), "-f", "json") == first  # the same warning, from cache
    assert calls == []
    path.write_text(text.replace("{en: Q,", "{en: R,"), encoding="utf-8")  # compared again
    code, out, _ = invoke("validate", str(path), "-f", "json")
    assert code == 0 and calls == [str(path)] and [w["code"] for w in json.loads(out)] == ["W203"]


def test_validate_warns_about_text_left_untranslated(tmp_path: Path) -> None:
    text = BANK.replace("catalogue: acts.yaml\n", "").replace(
        "{en: J, ko: 제이}}", "{en: Jay, ko: Jay}}", 1
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "-f", "json")
    [warning] = json.loads(out)
    assert code == 0 and warning["code"] == "W202" and warning["line"] == 15
    assert "the 'ko' text is the same as the 'en' text" in warning["message"]
    path.write_text(text + "same_in_all_languages: [Jay]\n", encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "-f", "json")
    assert json.loads(out) == []


def test_a_long_source_line_is_quoted_as_a_window_around_the_column() -> None:
    line = "a" * 150 + "BAD" + "b" * 150
    d = Diagnostic("E202", "bad", "f.json", 1, 151)
    _, _, quoted, caret = render([d], "text", source=lambda _: [line]).split("\n")
    shown = quoted.removeprefix("1 | ")
    assert shown.startswith("…") and shown.endswith("…") and len(shown) == 102
    offset = len(caret) - len("  | ") - 1
    assert shown[offset:].startswith("BAD")


# --- papercuts ----------------------------------------------------------------------------


def test_e103_help_quotes_the_field_it_is_about(tmp_path: Path) -> None:
    text = BANK.replace("catalogue: acts.yaml\n", "").replace("id: b\n", "id: b\nversion: 1.0\n")
    text = text.replace("{id: b, text: {en: B, ko: 비}", "{id: b, text: {en: 2, ko: 비}")
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "-f", "json")
    helps = {d["message"].split(":")[0]: d["help"] for d in json.loads(out)}
    assert code == 1
    assert helps["version"] == 'quote the value, e.g. version: "1.0"'
    assert helps["questions[0].answers[1].text"] == 'quote the value, e.g. en: "2"'


def test_analyze_says_exact_for_a_tiny_bank(tmp_path: Path) -> None:
    path = write_bank(
        tmp_path,
        name="tiny.yaml",
        description="D",
        axes=[{"id": "x", "low": "L", "high": "H"}],
        questions=[
            choice("a", "A?", [answer("l", {"x": -1}, "L"), answer("m"), answer("h", {"x": 1})]),
            likert("b", "B.", "x"),
        ],
        outcomes=[
            outcome("lo", {"x": -1}, title="Lo", description="Lo"),
            outcome("hi", {"x": 1}, title="Hi", description="Hi"),
        ],
    )
    code, out, _ = invoke("analyze", str(path), "--plain", "--no-color")
    assert code == 0
    assert "exact, over all 15 answer combinations" in " ".join(out.split())
    assert "random answer sets" not in out
    code, out, _ = invoke("analyze", str(path), "--json")
    assert all(i["exhaustive"] and i["samples"] == 15 for i in json.loads(out)["influence"])


def test_coverage_counts_an_identical_text_as_untranslated(tmp_path: Path) -> None:
    text = BANK.replace("catalogue: acts.yaml\n", "").replace(
        "{en: A, ko: 에이}", "{en: Ay, ko: Ay}"
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = invoke("analyze", str(path), "--json")
    languages = json.loads(out)["coverage"]["languages"]
    assert code == 0 and languages["en"] == 1.0 and 0.9 < languages["ko"] < 1.0
    path.write_text(text + "same_in_all_languages: [Ay]\n", encoding="utf-8")
    _, out, _ = invoke("analyze", str(path), "--json")
    assert json.loads(out)["coverage"]["languages"]["ko"] == 1.0


def test_the_catalogue_schema_accepts_the_shipped_catalogue() -> None:
    jsonschema = need("jsonschema")
    import yaml

    code, out, _ = invoke("schema", "--catalogue")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft7Validator.check_schema(schema)
    data = yaml.safe_load((QUIZZES / "kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []
    assert list(jsonschema.Draft7Validator(schema).iter_errors({"acts": []}))  # no kind
