"""The editor story, as a real editor shows it: the YAML language server (tests/lsp.py) opens
files with the settings docs/authoring.md prints and the schemas `popquiz schema` writes, and
what it reports is compared with `popquiz validate`.

- a valid bank or catalogue is never red (the docs' mapping, a catalogue without its
  declaration, the shipped banks and catalogues);
- mistakes read in words: ids, language tags, `format: 1` (which names `popquiz migrate`);
- completion: a new question's `kind` offers `choice` first, no optional field completes as
  `null`; hover shows a field's own description, once;
- every key in both schemas has a description; the committed copies are current.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_migrate import invoke

from conftest import ROOT
from lsp import VERSION, Server, server_command
from popquiz.bank.editor_schema import FORMAT_MESSAGE, ID_MESSAGE, LANG_MESSAGE
from popquiz.cli.validate import bank_schema

DOCS = ROOT / "docs" / "authoring.md"
FRESH = itertools.count()  # a new file name for each opened text: the server keeps a URI's state
QUIZZES = ROOT / "quizzes"


def docs_settings() -> dict[str, Any]:
    """The `yaml.schemas` setting docs/authoring.md prints, as an editor would read it."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"^### VS Code\n.*?^```json\n(.*?)^```", text, re.S | re.M)
    assert block, "docs/authoring.md lost its editor settings block"
    schemas: dict[str, Any] = json.loads(block[1])["yaml.schemas"]
    return schemas


def messages(diagnostics: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project laid out as the docs' settings expect: the two schemas at the root, banks
    and catalogues (one without its declaration) under banks/."""
    server_command()  # skip (or fail in CI) before building anything
    root = tmp_path_factory.mktemp("editor")
    (root / "bank.schema.json").write_text(json.dumps(bank_schema()), encoding="utf-8")
    (root / "catalogue.schema.json").write_text(
        json.dumps(bank_schema(catalogue=True)), encoding="utf-8"
    )
    banks = root / "banks"
    banks.mkdir()
    for path in [*QUIZZES.glob("*.yaml"), *(QUIZZES / "examples").glob("*.yaml")]:
        shutil.copy(path, banks / path.name)
    # Its modeline names the repository's copy, two folders up from quizzes/examples/.
    coffee = banks / "coffee.yaml"
    text = coffee.read_text(encoding="utf-8")
    coffee.write_text(text.replace("../../schema/bank.schema.json", "../bank.schema.json"))
    undeclared = (QUIZZES / "kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8")
    # The old form: only `acts:` (no declaration, nothing else at the top level, so no facets
    # either: the acts' facet lines go with their declaration).
    undeclared = "acts:" + undeclared.split("\nacts:", 1)[1]
    undeclared = re.sub(r"^    facets: .*\n", "", undeclared, flags=re.M)
    (banks / "old-form-acts.yaml").write_text(undeclared, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[Server]:
    with Server(workspace, docs_settings()) as running:
        yield running


def test_the_docs_settings_map_both_schemas(workspace: Path) -> None:
    settings = docs_settings()
    assert set(settings) == {"./bank.schema.json", "./catalogue.schema.json"}
    assert any(p.startswith("!") for p in settings["./bank.schema.json"])


def test_no_valid_bank_or_catalogue_is_red(server: Server, workspace: Path) -> None:
    files = sorted((workspace / "banks").glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        code, out, _ = invoke("validate", str(path))
        assert code == 0, out  # valid for popquiz (the old-form catalogue with a warning)
        assert messages(server.diagnose(path)) == [], path.name
    assert "W201" in invoke("validate", str(workspace / "banks" / "old-form-acts.yaml"))[1]


def test_a_mistake_in_a_catalogue_is_still_found(server: Server, workspace: Path) -> None:
    path = workspace / "banks" / "typo-acts.yaml"
    text = (QUIZZES / "kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("    scene: ", "    scen: ", 1), encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("    scene: "))
    try:
        found = messages(server.diagnose(path))
    finally:
        path.unlink()
    assert (line, "Property scen is not allowed.") in found


def _planted(workspace: Path, name: str, old: str, new: str) -> tuple[Path, int]:
    text = COFFEE
    assert old in text, old
    path = workspace / "banks" / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # ``old`` starts at a line's end: the planted line is the next one.
    line = text[: text.index(old)].count("\n") + 2
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\nid: coffee", "\nid: Coffee", ID_MESSAGE),
        ("\nlanguage: en", "\nlanguage: English", LANG_MESSAGE),
        ("\nid: coffee", "\nformat: 1\nid: coffee", FORMAT_MESSAGE),
    ],
    ids=["id", "language", "format"],
)
def test_mistakes_read_in_words_not_patterns(
    server: Server, workspace: Path, old: str, new: str, message: str
) -> None:
    path, line = _planted(workspace, f"planted-{new.strip()[:4]}.yaml", old, new)
    try:
        found = messages(server.diagnose(path))
    finally:
        path.unlink()
    assert (line, message) in found
    assert not any("^[" in m for _, m in found)


def test_format_1_names_migrate_in_the_editor_as_in_validate() -> None:
    assert "popquiz migrate" in FORMAT_MESSAGE


def _completion_at(server: Server, workspace: Path, text: str, marker: str) -> list[Any]:
    """Completions at ``marker`` (removed from ``text``) in a bank under banks/."""
    index = text.index(marker)
    line = text[:index].count("\n")
    character = index - (text.rfind("\n", 0, index) + 1)
    path = workspace / "banks" / f"typing-{next(FRESH)}.yaml"
    path.write_text(text.replace(marker, "", 1), encoding="utf-8")
    try:
        return server.completion(path, line, character)
    finally:
        path.unlink()


COFFEE = (
    (QUIZZES / "examples" / "coffee.yaml")
    .read_text(encoding="utf-8")
    .replace("../../schema/bank.schema.json", "../bank.schema.json")
)


def test_a_new_questions_kind_completes_as_choice(server: Server, workspace: Path) -> None:
    text = COFFEE.replace("\nquestions:\n", "\nquestions:\n  - id: new-q\n    <|>\n", 1)
    items = {i["label"]: i for i in _completion_at(server, workspace, text, "<|>")}
    insert = items["kind"]["insertText"]
    assert insert.startswith("kind: ${1|choice,") or insert == "kind: ${1:choice}", insert


@pytest.mark.parametrize(
    ("where", "marker_text"),
    [
        ("top level", ("\nquestions:\n", "\n<|>\nquestions:\n")),
        ("question", ("\nquestions:\n", "\nquestions:\n  - id: new-q\n    <|>\n")),
        ("outcome", ("\n  - id: espresso\n    title:", "\n  - id: espresso\n    <|>\n    title:")),
        ("act", ("\n  - id: ristretto\n", "\n  - id: ristretto\n    <|>\n")),
        ("facts", ("\n  - id: ristretto\n", "\n  - id: ristretto\n    facts:\n      <|>\n")),
        ("test", ("\ntests:\n", "\ntests:\n  - name: new\n    answers: {}\n    <|>\n")),
    ],
)
def test_no_optional_field_completes_as_null(
    server: Server, workspace: Path, where: str, marker_text: tuple[str, str]
) -> None:
    old, new = marker_text
    assert old in COFFEE, where
    items = _completion_at(server, workspace, COFFEE.replace(old, new, 1), "<|>")
    assert items, where
    nulls = [i["label"] for i in items if "null" in str(i.get("insertText", ""))]
    assert nulls == [], where
    bare = [i["label"] for i in items if i.get("kind") == 10 and not i.get("documentation")]
    assert bare == [], f"{where}: keys without a description: {bare}"


def _hover_on(server: Server, workspace: Path, text: str, line_start: str) -> str:
    path = workspace / "banks" / f"hover-{next(FRESH)}.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    line = next(n for n, s in enumerate(lines) if s.startswith(line_start))
    try:
        return server.hover(path, line, len(line_start) - len(line_start.lstrip()) + 1)
    finally:
        path.unlink()


def test_hover_shows_the_fields_own_description_once(server: Server, workspace: Path) -> None:
    scene = _hover_on(server, workspace, COFFEE, "    scene: ")
    assert "Id of the scene whose acts this verdict recommends first." in scene
    assert "An identifier" not in scene
    text = COFFEE.replace(
        "\naxes:\n  - id: strength\n", "\naxes:\n  - id: strength\n    label: X\n"
    )
    assert text != COFFEE
    label = _hover_on(server, workspace, text, "    label: ")
    assert label.count("Optional name of the axis itself.") == 1 and "||" not in label
    kind = _hover_on(server, workspace, COFFEE, "    kind: likert")
    assert "agree/disagree" in kind


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, path)


@pytest.mark.parametrize("catalogue", [False, True], ids=["bank", "catalogue"])
def test_every_key_has_a_description_and_none_completes_as_null(catalogue: bool) -> None:
    schema = bank_schema(catalogue=catalogue)
    missing = [
        p for p, v in _properties(schema) if not (isinstance(v, dict) and v.get("description"))
    ]
    assert missing == []
    assert '"default": null' not in json.dumps(schema)


def test_an_undeclared_catalogue_is_valid_for_the_schema_too() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = bank_schema(catalogue=True)
    undeclared = {"acts": [{"id": "a", "name": "A", "scene": "s", "profile": {}, "blurb": "B"}]}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(undeclared)) == []
    assert list(jsonschema.Draft7Validator(schema).iter_errors({**undeclared, "kind": "catalog"}))


@pytest.mark.parametrize("catalogue", [False, True], ids=["bank", "catalogue"])
def test_the_committed_schemas_are_current(catalogue: bool) -> None:
    name = "catalogue" if catalogue else "bank"
    committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == bank_schema(catalogue=catalogue), (
        f"schema/{name}.schema.json is stale: run `popquiz schema"
        f"{' --catalogue' if catalogue else ''} > schema/{name}.schema.json`"
    )


def test_ci_installs_the_server_version_these_tests_expect() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"yaml-language-server@{VERSION}" in ci
    assert "editor_server\n" in ci
