"""The act limit is counted while parsing: a list of acts over spec.MAX_ACTS is refused at
the list, as soon as the parser reaches the item one past the limit, with the reading stopped
there (nothing after it is parsed or modelled)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT
from popquiz.bank import spec, yamlsafe
from popquiz.bank.loader import check


def _acts(n: int) -> str:
    return "acts:\n" + "".join(f"  - {{id: a{i}, name: A{i}}}\n" for i in range(n))


def test_the_parsing_limit_is_the_models() -> None:
    assert yamlsafe.ROOT_LISTS == {"acts": spec.MAX_ACTS}


@pytest.mark.parametrize("pure", [False, True])
def test_the_limit_is_exact_and_located_at_the_list(pure: bool) -> None:
    parse = yamlsafe.parse_pure if pure else yamlsafe.parse
    doc = parse("kind: catalogue\n" + _acts(spec.MAX_ACTS), "cat.yaml")
    assert len(doc.data["acts"]) == spec.MAX_ACTS
    with pytest.raises(yamlsafe.YamlRejected) as info:
        parse("kind: catalogue\n" + _acts(spec.MAX_ACTS + 1) + "late: [x\n", "cat.yaml")
    (problem,) = info.value.diagnostics  # the syntax error after the acts is never reached
    assert (problem.code, problem.line, problem.col) == ("E103", 3, 3)
    assert problem.message == "acts: more than 2,000 items; a bank or catalogue holds at most 2,000"
    assert info.value.document is None


def test_only_the_top_level_acts_list_has_the_limit() -> None:
    nested = "extra:\n  acts: [" + ", ".join(str(i) for i in range(spec.MAX_ACTS + 5)) + "]\n"
    assert len(yamlsafe.parse(nested, "x.yaml").data["extra"]["acts"]) == spec.MAX_ACTS + 5
    other = "songs: [" + ", ".join(str(i) for i in range(spec.MAX_ACTS + 5)) + "]\n"
    assert len(yamlsafe.parse(other, "x.yaml").data["songs"]) == spec.MAX_ACTS + 5


def _generated(acts: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_bank import make_bank
    finally:
        sys.path.pop(0)
    return make_bank(20, n_acts=acts)


def test_a_bank_with_too_many_acts_is_refused_while_parsing(tmp_path: Path) -> None:
    text = _generated(spec.MAX_ACTS + 500)
    checked = check(text.encode("utf-8"), display="big.yaml", base_dir=tmp_path, kind="bank")
    (problem,) = checked.problems
    line = text.split("\n").index("acts:") + 2  # the first item of the list
    assert (problem.code, problem.line) == ("E103", line)
    assert "more than 2,000" in problem.message
    assert checked.document is None and checked.data is None  # reading stopped there


def test_a_bank_whose_catalogue_is_refused_gets_that_one_error(tmp_path: Path) -> None:
    """The facets a bank's preferences name come from its catalogue: when the catalogue is refused,
    its limit is the error, not one "facet is not declared" per preference."""
    bank = (ROOT / "quizzes" / "kpop-vs-jpop.yaml").read_bytes()
    assert b"prefer:" in bank and b"catalogue:" in bank
    facets = (ROOT / "quizzes" / "kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8")
    head = facets.split("\nacts:\n", 1)[0]
    (tmp_path / "kpop-vs-jpop-acts.yaml").write_text(
        head + "\n" + _acts(spec.MAX_ACTS + 1), encoding="utf-8"
    )
    checked = check(bank, display="bank.yaml", base_dir=tmp_path, kind="bank")
    assert [p.code for p in checked.problems] == ["E103"]
