"""Skipping as declared: answers files may skip only skippable questions, an empty one is
refused; an outcome resting only on unmeasured axes cannot win on them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checking import check_text
from popquiz.bank.answers import load_answers
from popquiz.bank.model import Bank
from popquiz.engine.scoring import score
from popquiz.errors import AnswersError

TRAITS = textwrap.dedent(
    """\
    id: traits
    title: Strongest trait
    description: One-hot outcomes.
    axes:
      - {id: open, low: conventional, high: curious}
      - {id: extra, low: reserved, high: outgoing}
    questions:
      - {id: o1, kind: likert, axis: open, skippable: true, text: Love new ideas.}
      - {id: o2, kind: likert, axis: open, skippable: true, text: Enjoy art.}
      - {id: e1, kind: likert, axis: extra, text: Am the life of the party.}
      - id: pick
        skippable: false
        text: A free evening?
        answers:
          - {id: party, text: A party, weights: {extra: 1}}
          - {id: museum, text: A museum, weights: {open: 1}}
          - {id: home, text: At home, weights: {extra: -1}}
      - id: why-home
        text: Why at home?
        when: [{question: pick, answers: [home]}]
        answers:
          - {id: tired, text: Tired, weights: {extra: -1}}
          - {id: book, text: A book, weights: {open: 1}}
    outcomes:
      - {id: openness, title: Openness, description: O., profile: {open: 1, extra: 0}}
      - {id: extraversion, title: Extraversion, description: E., profile: {open: 0, extra: 1}}
      - {id: neither, balanced: true, title: Neither, description: N., profile: {open: 0, extra: 0}}
    rule: {margin: 0.01}
    """
)


def traits() -> Bank:
    bank, problems = check_text(TRAITS)
    assert bank is not None, problems
    return bank


def test_an_outcome_on_unmeasured_axes_only_cannot_win() -> None:
    bank = traits()
    # Every openness item skipped, a little reserved. By distance alone openness fits best
    # (it sits at extra 0, nearer the taker than extraversion), but nothing measured speaks
    # for it: it may not win. It still counts as the runner-up, so extraversion does not
    # lead it and the balanced outcome wins.
    result = score(bank, {"e1": 2})
    assert not next(a for a in result.axes if a.id == "open").measured
    fits = {f.id: f.fit for f in result.fits}
    assert fits["openness"] > fits["extraversion"]
    assert result.outcome == "neither"
    # Without a balanced outcome the only outcome that may win does, as a close call.
    lone, problems = check_text(
        TRAITS.replace("  - {id: neither, balanced: true, title: Neither, description: N., "
                       "profile: {open: 0, extra: 0}}\n", "")
    )  # fmt: skip
    assert lone is not None, problems
    alone = score(lone, {"e1": 2})
    assert (alone.outcome, alone.strength) == ("extraversion", "close")
    # Once openness is measured, it can win again.
    measured = score(bank, {"o1": 5, "o2": 5, "e1": 3, "pick": "museum"})
    assert measured.outcome == "openness"


def _answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_skipping_is_allowed_only_where_declared(tmp_path: Path) -> None:
    bank = traits()
    ok = _answers(tmp_path, "o1: null\ne1: 4\npick: party\n")  # o2 missing: skippable
    assert load_answers(ok, bank) == {"e1": 4, "pick": "party"}
    with pytest.raises(AnswersError) as exc:
        load_answers(_answers(tmp_path, "o1: 5\ne1: null\npick: home\n"), bank)
    found = [(d.code, d.line, d.message) for d in exc.value.diagnostics]
    assert found[0] == ("A005", 2, "question 'e1' cannot be skipped, but its answer is null")
    # why-home is asked (pick: home) and missing: reported, at the top of the file.
    assert found[1][:2] == ("A005", 1) and "'why-home'" in found[1][2]
    assert len(found) == 2
    # Not asked (its condition fails): nothing to answer.
    assert load_answers(_answers(tmp_path, "e1: 1\npick: museum\n"), bank) == {
        "e1": 1,
        "pick": "museum",
    }


@pytest.mark.parametrize("text", ["{}\n", "o1: null\no2: ~\n"])
def test_an_answers_file_that_answers_nothing_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(AnswersError) as exc:
        load_answers(_answers(tmp_path, text), traits())
    assert [d.code for d in exc.value.diagnostics] == ["A006"]


def test_answers_files_suggest_question_and_answer_ids(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as exc:
        load_answers(_answers(tmp_path, "whyhome: tired\npick: partty\n"), traits())
    by_code = {d.code: d for d in exc.value.diagnostics}
    assert by_code["A002"].help == "did you mean 'why-home'?"
    assert by_code["A004"].help.startswith("did you mean 'party'? its answers: party, museum")
    assert by_code["A004"].line == 2
