"""docs/authoring.md stays true: every field and code is documented, every YAML example checks.

Markers (an HTML comment on the line before a ```yaml block):

- none: the block is a complete bank and must validate;
- ``<!-- expect: E202 -->``: a complete bank that must fail with that code;
- ``<!-- base -->``: a complete valid bank that later snippets build on;
- ``<!-- fragment -->``: merged into the current bank (a list item whose id exists updates
  that item, new ids are appended, ``null`` removes a key); the result must validate and
  becomes the current bank (the tutorial's steps);
- ``<!-- example -->``: like fragment, but the current bank is left unchanged;
- ``, expect: CODE`` after fragment/example: the merged bank must fail with that code (and is
  never kept);
- ``<!-- file: NAME -->``: written next to the bank as NAME (a catalogue);
- ``<!-- worked-example -->`` / ``<!-- answers -->``: the scoring example, checked number by
  number against ``popquiz.engine.scoring.score``;
- ``<!-- distance-example -->``: axes that replace the worked example's (a declared distance),
  checked number by number the same way;
- ``<!-- pre-commit-config -->``: a pre-commit configuration using this repository's hooks.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

import popquiz.bank.spec as model
from checking import check_bank
from conftest import ROOT
from popquiz.bank.yamlsafe import parse
from popquiz.engine.scoring import score

DOCS = ROOT / "docs" / "authoring.md"
TEXT = DOCS.read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:^<!--\s*(?P<marker>.*?)\s*-->\n)?^```yaml\n(?P<body>.*?)^```$", re.M | re.S)


def blocks() -> list[tuple[str, str, int]]:
    """(marker, body, line) for every ```yaml block, in order."""
    out = []
    for m in BLOCK.finditer(TEXT):
        line = TEXT[: m.start("body")].count("\n") + 1
        out.append((m.group("marker") or "", m.group("body"), line))
    return out


def section(title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    m = re.search(rf"^(#+) {re.escape(title)}\s*$", TEXT, re.M)
    assert m, f"no section {title!r} in {DOCS.name}"
    level = len(m.group(1))
    rest = TEXT[m.end() :]
    nxt = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: nxt.start()] if nxt else rest


def merge(base: Any, frag: Any) -> Any:
    if isinstance(base, dict) and isinstance(frag, dict):
        out = dict(base)
        for key, value in frag.items():
            if value is None:
                out.pop(key, None)
            elif key in out:
                out[key] = merge(out[key], value)
            else:
                out[key] = value
        return out
    if (
        isinstance(base, list)
        and isinstance(frag, list)
        and all(isinstance(x, dict) for x in base)
        and all(isinstance(x, dict) and "id" in x for x in frag)
    ):
        out_list = list(base)
        index = {x.get("id"): i for i, x in enumerate(out_list)}
        for item in frag:
            if item["id"] in index:
                i = index[item["id"]]
                out_list[i] = merge(out_list[i], item)
            else:
                out_list.append(item)
        return out_list
    return frag


def check(text: str, folder: Path) -> tuple[Any, list[str]]:
    path = folder / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    bank, problems = check_bank(path)
    return bank, [d.format() for d in problems]


def codes(problems: list[str]) -> set[str]:
    return {
        m.group(1) for p in problems for m in [re.search(r"(?:error|warning)\[(\w+)\]", p)] if m
    }


def test_every_yaml_example_checks(tmp_path: Path) -> None:
    state: Any = None
    handled = 0
    files: list[str] = []
    for marker, body, line in blocks():
        where = f"{DOCS.name}:{line}"
        parts = [p.strip() for p in marker.split(",") if p.strip()]
        expect = next((p.split(":", 1)[1].strip() for p in parts if p.startswith("expect:")), None)
        kinds = {p for p in parts if not p.startswith(("expect:", "file:"))}
        file_name = next((p.split(":", 1)[1].strip() for p in parts if p.startswith("file:")), None)
        if file_name:
            parse(body, file_name)  # valid YAML for popquiz's reader
            (tmp_path / file_name).write_text(body, encoding="utf-8")
            files.append(file_name)
        elif kinds & {"fragment", "example"}:
            assert state is not None, f"{where}: a fragment before any base bank"
            merged = merge(copy.deepcopy(state), parse(body, where).data)
            bank, problems = check(json.dumps(merged, ensure_ascii=False), tmp_path)
            if expect:
                assert expect in codes(problems), f"{where}: expected {expect}, got {problems}"
            else:
                assert bank is not None, f"{where}: " + "\n".join(problems)
                if "fragment" in kinds:
                    state = merged
        elif kinds <= {"base", "worked-example"}:
            bank, problems = check(body, tmp_path)
            if expect:
                assert expect in codes(problems), f"{where}: expected {expect}, got {problems}"
            else:
                assert bank is not None, f"{where}: " + "\n".join(problems)
            if "base" in kinds:
                if state is not None:
                    # The tutorial's steps add up to the complete tutorial bank.
                    whole = parse(body, where).data
                    for key in ("axes", "questions", "outcomes", "acts"):
                        assert [x["id"] for x in state[key]] == [x["id"] for x in whole[key]], key
                state = parse(body, where).data
        elif kinds == {"answers"}:
            assert isinstance(yaml.safe_load(body), dict)
        elif kinds == {"distance-example"}:
            assert set(yaml.safe_load(body)) == {"axes"}
        elif kinds == {"pre-commit-config"}:
            hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
            ids = {h["id"] for h in hooks}
            config = yaml.safe_load(body)
            used = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
            assert used and set(used) <= ids
        else:
            pytest.fail(f"{where}: unknown marker {marker!r}")
        handled += 1
    assert handled >= 15
    for name in files:  # every written file is used by a later example
        assert f"catalogue: {name}" in TEXT


def _models() -> list[type[BaseModel]]:
    found = []
    for name in dir(model):
        obj = getattr(model, name)
        if (
            isinstance(obj, type)
            and issubclass(obj, BaseModel)
            and obj.__module__ in (model.__name__, f"{model.__name__}_acts")
            and not name.startswith("_")
        ):
            found.append(obj)
    return found


def test_every_model_field_is_in_the_reference() -> None:
    models = _models()
    assert {m.__name__ for m in models} >= {"Bank", "Axis", "Answer", "Outcome", "Act"}
    for m in models:
        text = section(m.__name__)
        for field in m.model_fields:
            assert re.search(rf"^\| `{re.escape(field)}` \|", text, re.M), (
                f"field {m.__name__}.{field} is not in the reference table of {DOCS.name}"
            )


def test_every_code_is_documented() -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "popquiz").rglob("*.py"):
        used |= set(re.findall(r"""["']([EAW]\d{3})["']""", path.read_text(encoding="utf-8")))
    assert {"E001", "E101", "E202", "W101"} <= used
    reference = section("9. Error and warning codes")
    for code in sorted(used):
        assert re.search(rf"^\| {code} \| .+ \| .+ \|$", reference, re.M), (
            f"{code} is used in src/popquiz but has no row (problem and fix) in {DOCS.name}"
        )


def _worked_example() -> tuple[Any, dict[str, Any]]:
    from checking import check_text

    found = {marker: body for marker, body, _ in blocks()}
    bank, problems = check_text(found["worked-example"], "worked-example.yaml")
    assert bank is not None, problems
    return bank, yaml.safe_load(found["answers"])


def test_worked_example_numbers_match_score() -> None:
    bank, answers = _worked_example()
    text = section("Worked example")
    result = score(bank, answers)
    fits = {f.id: f for f in result.fits}
    for axis in result.axes:
        assert f"**{axis.score:.3f}**" in text, (axis.id, axis.score)
    for oid, f in fits.items():
        assert f"**{f.fit:.3f}**" in text, (oid, f.fit)
        assert f"so d = {f.distance:.3f} |" in text, (oid, f.distance)
    assert result.outcome == "latte" and f"**`{result.outcome}`**" in text
    lead = fits["latte"].fit - fits["espresso"].fit
    assert result.lead == pytest.approx(lead)
    assert f"= {lead:.3f}" in text
    assert f"exceeds the margin by {lead - bank.rule.margin:.3f}" in text
    assert result.strength == "leaning" and "verdict is *leaning*" in text
    for c in result.contributions:
        if c.axis == "ritual":
            assert f"= {c.delta:.1f}" in text

    near = score(bank, {"morning": "kettle", "bitter": 5, "on-the-move": 3})
    assert near.outcome == "any-cup" and near.won_on_margin
    near_fits = {f.id: f.fit for f in near.fits}
    for axis in near.axes:
        assert f"**{axis.score:.3f}**" in text
    assert f"**{near_fits['latte']:.3f}**" in text and f"**{near_fits['espresso']:.3f}**" in text
    assert f"{near_fits['latte'] - near_fits['espresso']:.3f}, is below" in text
    assert near.strength == "close" and "a *close call*" in text
    assert f"**{near_fits['any-cup']:.3f}**" in text


def test_declared_distance_example_numbers_match_score() -> None:
    """The worked example with the declared distance's axes: every number in its table."""
    from checking import check_text

    found = {marker: body for marker, body, _ in blocks()}
    data = yaml.safe_load(found["worked-example"])
    data["axes"] = yaml.safe_load(found["distance-example"])["axes"]
    bank, problems = check_text(json.dumps(data), "distance-example.yaml")
    assert bank is not None, problems
    _, answers = _worked_example()
    text = section("Declared distance")
    result = score(bank, answers)
    for axis in result.axes:
        assert f"**{axis.score:.3f}**" in text, (axis.id, axis.score)
    for f in result.fits:
        assert f"**{f.fit:.3f}**" in text, (f.id, f.fit)
        assert f"**{f.distance:.3f}**" in text, (f.id, f.distance)
    assert result.outcome == "espresso" and f"**`{result.outcome}`**" in text
    assert f"by **{result.lead:.3f}**" in text
    assert f"exceeds the margin by {result.lead - bank.rule.margin:.3f}" in text
    assert result.strength == "close" and "a *close call*" in text


def test_scoring_docstring_rules_are_in_the_docs() -> None:
    import popquiz.engine.scoring

    doc = popquiz.engine.scoring.__doc__ or ""
    rules = section("3. Scoring and outcome rules")
    assert "(2·Σc − Σhi − Σlo) / (Σhi − Σlo)" in doc and "(2·Σc − Σhi − Σlo) / (Σhi − Σlo)" in rules
    assert "1 − (D/n)/4" in doc and "1 − (D / n) / 4" in rules
    assert "never wins on fit alone" in doc and "never\n   wins on fit alone" in rules


def test_docs_explain_editor_setup_and_shipping() -> None:
    text = TEXT
    for needle in (
        "# yaml-language-server: $schema=",
        "popquiz schema > bank.schema.json",
        "schema/bank.schema.json",
        '"yaml.schemas"',
        "JSON Schema Mappings",
        'entry-points."popquiz.banks"',
        "POPQUIZ_HOME",
        "--format github",
        ".pre-commit-config.yaml",
    ):
        assert needle in text, needle


def test_the_architecture_map_names_modules_that_exist() -> None:
    """docs/architecture.md stays a true map: every module it names exists, and every package
    and top-level module of src/popquiz is on it."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    src = ROOT / "src" / "popquiz"
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)", text))
    assert len(named) > 30
    missing = [p for p in named if not ((src / p).is_file() or (ROOT / p).is_file())]
    assert sorted(missing) == []
    packages = {p.name for p in src.iterdir() if (p / "__init__.py").is_file()}
    packages |= {p.stem for p in src.glob("*.py") if not p.name.startswith("_")}
    assert sorted(p for p in packages if not re.search(rf"\b{p}\b", text)) == []
