"""The loader: every planted mistake is reported once, located, with a code and a hint."""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from pathlib import Path

import pytest

from checking import without_libyaml
from conftest import DEFAULT_BANK, EXAMPLE_BANK
from popquiz.bank.loader import check, load_bank
from popquiz.errors import BankError

GOOD = EXAMPLE_BANK.read_text(encoding="utf-8")


def problems(text: str, tmp_path: Path | None = None) -> list[tuple[int, str, str]]:
    bank, found = check(text.encode(), display="bank.yaml", base_dir=tmp_path).result()
    assert bank is None, "expected the bank to be invalid"
    return [(d.line, d.code, d.message) for d in found]


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_example_and_default_bank_are_valid() -> None:
    for path in (EXAMPLE_BANK, DEFAULT_BANK):
        bank, found = check(path).result()
        assert found == [], [d.format() for d in found]
        assert bank is not None


def test_five_planted_mistakes_give_five_located_errors() -> None:
    text = GOOD
    plants = {
        # unknown key with a typo
        "    kind: choice               # default kind": "    kind: choice\n    tgas: [energy]",
        # weight on an undeclared axis
        "weights: {energy: 2, ritual: -1}": "weights: {energy: 2, ritul: -1}",
        # condition naming a later question
        "      - question: morning      # an earlier question": "      - question: afternoon",
        # profile missing an axis
        "profile: {energy: -0.8, ritual: 0.7}": "profile: {energy: -0.8}",
        # missing translation
        "description: {en: Slow and steady., ko: 느리고 꾸준하게., ja: ゆっくり着実に。}": (
            "description: {en: Slow and steady., ko: 느리고 꾸준하게.}"
        ),
        # act in an undeclared scene
        "    scene: tea-house\n    profile: {energy: 0.2": (
            "    scene: teaa\n    profile: {energy: 0.2"
        ),
    }
    for old, new in plants.items():
        assert old in text, old
        text = text.replace(old, new)
    found = problems(text)
    expected = {
        (line_of(text, "tgas:"), "E101"),
        (line_of(text, "ritul"), "E202"),
        (line_of(text, "- question: afternoon"), "E203"),
        (line_of(text, "profile: {energy: -0.8}"), "E206"),
        (line_of(text, "Slow and steady"), "E207"),
        (line_of(text, "scene: teaa"), "E208"),
    }
    assert {(line, code) for line, code, _ in found} == expected
    assert len(found) == len(expected)
    messages = " ".join(m for _, _, m in found)
    assert "'tgas'" in messages and "'ritul'" in messages and "'teaa'" in messages


def test_did_you_mean_for_unknown_keys() -> None:
    text = GOOD.replace("description:\n  en: Five", "descripton:\n  en: Five")
    bank, found = check(text.encode(), display="bank.yaml").result()
    assert bank is None
    [d] = found
    assert d.code == "E101" and "did you mean 'description'?" in d.help
    assert d.line == line_of(text, "descripton:") and d.col == 1


def test_duplicate_ids_and_keys_are_located() -> None:
    text = GOOD.replace("  - id: tea\n", "  - id: coffee\n").replace(
        "format: 2 ", "format: 2\nid: again\n"
    )
    found = problems(text)
    codes = {(code, line) for line, code, _ in found}
    assert ("E004", line_of(text, "id: tea-or-coffee")) in codes  # the second `id:` key
    # YAML-level problems that do not stop parsing still let the model checks run.
    assert ("E201", line_of(GOOD, "  - id: tea") + 2) in codes  # two lines were inserted


@pytest.mark.parametrize(
    ("snippet", "code"),
    [
        ("id: x\ncmd: !!python/object/apply:os.system ['echo hi']\n", "E006"),
        ("id: x\nf: !!python/name:os.system\n", "E006"),
        ("a: &x [1]\nb: *x\n", "E005"),
        ("a: 1\na: 2\n", "E004"),
        ("a:\n\t- b\n", "E001"),
        ("", "E009"),
        ("- just\n- a list\n", "E009"),
        ('title: "\\e[31mred"\n', "E007"),
    ],
)
def test_yaml_level_problems(snippet: str, code: str) -> None:
    assert code in {c for _, c, _ in problems(snippet)}


def test_yaml_11_words_stay_text() -> None:
    text = GOOD.replace(
        "text: {en: A book by the window, ko: 창가에서 책 읽기, ja: 窓辺で読書}",
        "text: {en: no, ko: on, ja: 1:30}",
    ).replace("title: {en: Matcha", "title: {en: 2024-01-02")
    bank, found = check(text.encode(), display="bank.yaml").result()
    assert bank is not None, [d.format() for d in found]
    answer = bank.questions[0].answers[1]
    assert answer.text == {"en": "no", "ko": "on", "ja": "1:30"}


def test_every_problem_in_one_run_through_both_parsers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("kind: likert               # 5-point", "kind: likret #"), encoding="utf-8"
    )
    for pure in (False, True):
        with without_libyaml() if pure else nullcontext():
            bank, found = check(bad).result()
        assert bank is None
        assert [d.code for d in found] == ["E103"]
        assert "kind must be 'choice' or 'likert'" in found[0].message


def test_load_bank_raises_bank_error_with_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert info.value.diagnostics[0].format().startswith(f"{path}:")


def test_catalogue_errors_point_into_the_catalogue(tmp_path: Path) -> None:
    bank_text = GOOD.split("\nacts:")[0] + "\ncatalogue: acts.yaml\n"
    (tmp_path / "b.yaml").write_text(bank_text, encoding="utf-8")
    (tmp_path / "acts.yaml").write_text(
        "acts:\n  - id: x\n    name: X\n    scene: nope\n"
        "    profile: {energy: 0, ritual: 0}\n"
        "    blurb: {en: a, ko: b, ja: c}\n",
        encoding="utf-8",
    )
    bank, found = check(tmp_path / "b.yaml").result()
    assert bank is None
    [d] = found
    assert (d.code, d.line, Path(d.path).name) == ("E208", 4, "acts.yaml")


def test_catalogue_must_stay_inside_the_bank_folder(tmp_path: Path) -> None:
    bank_text = GOOD.split("\nacts:")[0] + "\ncatalogue: ../../etc/passwd\n"
    (tmp_path / "b.yaml").write_text(bank_text, encoding="utf-8")
    bank, found = check(tmp_path / "b.yaml").result()
    assert bank is None and found[0].code == "E211"


# --- one way to check a file ---------------------------------------------------------------


def test_the_loader_has_one_way_to_check_a_file() -> None:
    """``check`` for callers that report, ``load_bank`` for callers that play: a second entry
    point or result type would let callers drift apart again."""
    import inspect

    import popquiz.bank.loader as loader

    defined = {
        name
        for name, value in vars(loader).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == loader.__name__
    }
    assert defined == {"check", "load_bank"}
    assert sorted(loader.__all__) == ["Checked", "check", "load_bank"]


def test_a_path_and_its_bytes_give_the_same_check(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_BANK, tmp_path)
    shutil.copy(DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml"), tmp_path)
    path = tmp_path / DEFAULT_BANK.name
    by_path = check(path)
    by_bytes = check(path.read_bytes(), display=str(path), base_dir=tmp_path)
    assert by_path.kind == by_bytes.kind == "bank"
    assert by_path.data == by_bytes.data is not None
    assert by_path.problems == by_bytes.problems == []
    assert by_path.depends == by_bytes.depends
    assert by_path.catalogue_file == by_bytes.catalogue_file == tmp_path / "kpop-vs-jpop-acts.yaml"


def test_the_check_carries_the_located_documents_it_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Callers that locate findings (``test``, ``analyze``, ``validate``'s warnings) use the
    documents the check built: each file is read once."""
    import popquiz.bank.safeio as safeio

    shutil.copy(DEFAULT_BANK, tmp_path)
    shutil.copy(DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml"), tmp_path)
    reads: list[str] = []
    real = safeio.read_regular

    def counting(path: str | Path, limit: int, *, whole: bool = True) -> bytes:
        reads.append(Path(path).name)
        return real(path, limit, whole=whole)

    monkeypatch.setattr(safeio, "read_regular", counting)
    checked = check(tmp_path / DEFAULT_BANK.name)
    assert sorted(reads) == sorted([DEFAULT_BANK.name, "kpop-vs-jpop-acts.yaml"])
    assert checked.document is not None and checked.catalogue is not None
    assert checked.document.path == str(tmp_path / DEFAULT_BANK.name)
    assert checked.catalogue.path == str(tmp_path / "kpop-vs-jpop-acts.yaml")
    assert checked.data is not None
    first = checked.data["questions"][0]["id"]
    line, _ = checked.document.pos(("questions", 0, "id"))
    assert line == line_of(DEFAULT_BANK.read_text(encoding="utf-8"), f"id: {first}")
    # The document is what the bank file says: the catalogue's acts are not merged into it.
    assert "acts" not in checked.document.data
    assert len(checked.data["acts"]) == len(checked.catalogue.data["acts"])


def test_a_catalogue_is_recognised_and_checked_on_its_own() -> None:
    catalogue = DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml")
    checked = check(catalogue)
    assert checked.kind == "catalogue" and checked.data is not None and checked.document
    assert checked.problems == [] and checked.catalogue is None
    # Forced to be a bank, it is checked as one, and fails as one.
    as_bank = check(catalogue, kind="bank")
    assert as_bank.kind == "bank" and as_bank.data is None
    assert {d.code for d in as_bank.problems} >= {"E102"}
    with pytest.raises(BankError):
        load_bank(catalogue)


def test_only_the_model_that_is_checked_builds_its_validator() -> None:
    """Importing the format builds no validator, and a catalogue checked on its own builds only
    the catalogue's: building them all at import cost every `validate` about 50 ms."""
    import subprocess
    import sys

    catalogue = DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml")
    script = (
        "from pathlib import Path\n"
        "from popquiz.bank import spec\n"
        "from popquiz.bank.loader import check\n"
        "before = [m.__pydantic_complete__ for m in (spec.Bank, spec.Catalogue, spec.Act)]\n"
        f"checked = check(Path({str(catalogue)!r}))\n"
        "assert checked.kind == 'catalogue' and checked.data is not None, checked.problems\n"
        "print(before, spec.Bank.__pydantic_complete__, spec.Catalogue.__pydantic_complete__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[False, False, False] False True"


def _walk_reference(data: object, pattern: tuple[str, ...]) -> list[tuple[object, object]]:
    """Every value at ``pattern`` with its path, each path built as the walk goes."""
    found: list[tuple[tuple[object, ...], object]] = [((), data)]
    for head in pattern:
        deeper: list[tuple[tuple[object, ...], object]] = []
        for at, value in found:
            if head == "*" and isinstance(value, list):
                deeper += [((*at, i), item) for i, item in enumerate(value)]
            elif head != "*" and isinstance(value, dict) and head in value:
                deeper.append(((*at, head), value[head]))
        found = deeper
    return list(found)


def test_located_values_and_their_paths_are_the_walks() -> None:
    """The text checks find values level by level and build a path only for a finding: every
    value and every path they can ask for is the one a plain walk gives."""
    from popquiz.bank.crosscheck import _NAME_PATHS, TEXT_PATHS, located
    from popquiz.bank.yamlsafe import parse

    bank = parse(DEFAULT_BANK.read_text(encoding="utf-8"), "bank").data
    acts = parse(DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8"), "c")
    odd = {"questions": [{"answers": [{"text": "a"}, 3, {"text": {"en": "b"}}]}, "x", {}, []]}
    patterns = [*TEXT_PATHS, *_NAME_PATHS, ("acts", "*", "facts", "songs", "*")]
    seen = 0
    for data in ({**bank, **acts.data}, odd):
        for pattern in patterns:
            values, where = located(data, pattern)
            expected = _walk_reference(data, pattern)
            assert [(where(n), value) for n, value in enumerate(values)] == expected, pattern
            seen += len(expected)
    assert seen > 500
