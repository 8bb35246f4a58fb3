"""The runtime bank (plain records) against the format it is built from (pydantic)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEFAULT_BANK, EXAMPLE_BANK, ROOT
from popquiz.bank import model, spec
from popquiz.bank.loader import check, load_bank
from records import field_names, plain

PAIRS = [
    (model.Axis, spec.Axis),
    (model.Answer, spec.Answer),
    (model.Condition, spec.Condition),
    (model.ChoiceQuestion, spec.ChoiceQuestion),
    (model.LikertQuestion, spec.LikertQuestion),
    (model.Outcome, spec.Outcome),
    (model.Titles, spec.Titles),
    (model.Phrases, spec.Phrases),
    (model.Scene, spec.Scene),
    (model.Status, spec.Status),
    (model.Facts, spec.Facts),
    (model.Act, spec.Act),
    (model.Facet, spec.Facet),
    (model.FacetValue, spec.FacetValue),
    (model.Rule, spec.Rule),
    (model.Expectation, spec.Expectation),
    (model.Scale, spec.Scale),
    (model.Quick, spec.Quick),
    (model.Words, spec.Words),
    (model.Bank, spec.Bank),
]


@pytest.mark.parametrize(("runtime", "fmt"), PAIRS, ids=[p[0].__name__ for p in PAIRS])
def test_every_format_field_has_a_runtime_field(runtime: type, fmt: type[spec._Model]) -> None:
    # A field added to the format but not to the engine's bank would be dropped silently.
    assert set(field_names(runtime)) == set(fmt.model_fields)


def test_every_format_model_is_paired() -> None:
    formats = {
        obj
        for obj in vars(spec).values()
        if isinstance(obj, type)
        and issubclass(obj, spec._Model)
        and obj.__module__ in (spec.__name__, f"{spec.__name__}_acts")
    }
    # A catalogue has no runtime form: its acts become the bank's (model.Bank.acts).
    unpaired = {spec._Model, spec._QuestionBase, spec.Catalogue}
    assert formats - unpaired == {fmt for _, fmt in PAIRS}


@pytest.mark.parametrize(
    "path", [DEFAULT_BANK, EXAMPLE_BANK, ROOT / "quizzes/examples/coffee.yaml"]
)
def test_runtime_bank_holds_exactly_the_validated_data(path: Path) -> None:
    validated = check(path).data
    assert validated is not None
    bank = model.Bank.from_data(validated)
    assert plain(bank) == validated
    assert bank == load_bank(path)


def test_runtime_bank_holds_exactly_a_bank_with_facets() -> None:
    import json

    import facetbank

    validated = check(json.dumps(facetbank.DATA).encode(), kind="bank").data
    assert validated is not None
    bank = model.Bank.from_data(validated)
    assert plain(bank) == validated
    crew = next(a for a in bank.acts if a.id == "n-crew")
    assert crew.values_of("kind") == ("group",) and crew.values_of("style") == ("dance", "rap")


def test_banks_are_frozen() -> None:
    bank = load_bank(DEFAULT_BANK)
    with pytest.raises(AttributeError):
        bank.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        bank.questions[0].id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        bank.axes[0].id = "other"  # type: ignore[misc]
    assert isinstance(bank.questions, tuple) and isinstance(bank.acts, tuple)


def test_derived_lookups() -> None:
    bank, problems = check(DEFAULT_BANK).result()
    assert bank is not None, problems
    assert bank.all_languages == ("en", "ko", "ja")
    assert bank.questions_by_id[bank.questions[3].id] is bank.questions[3]
    assert bank.question_index[bank.questions[3].id] == 3
    assert bank.balanced_outcome is not None and bank.balanced_outcome.id == "crossover"
    q = next(q for q in bank.questions if q.kind == "choice")
    for axis, (lo, hi) in q.ranges.items():
        values = [a.weights.get(axis, 0.0) for a in q.answers]
        assert (lo, hi) == (min(values), max(values)) and lo < hi


def test_the_engine_never_imports_pydantic_to_work_on_a_bank() -> None:
    code = (
        "import sys, json\n"
        "from popquiz.bank import model\n"
        "from popquiz.engine import adaptive, analysis, estimate, lockin, recommend\n"
        "from popquiz.engine import report, scoring, session\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'pydantic_core', 'yaml'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]", out.stdout
