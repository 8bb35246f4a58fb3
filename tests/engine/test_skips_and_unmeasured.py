"""Skipping as declared: answers files may skip only skippable questions, an empty one is
refused; an outcome resting only on unmeasured axes cannot win on them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from banks import EXTRAVERSION, Item, answer, bank_yaml, choice, likert, outcome
from checking import check_text
from popquiz.bank.answers import load_answers
from popquiz.bank.model import Bank
from popquiz.engine.scoring import score
from popquiz.errors import AnswersError

TRAIT_OUTCOMES = (
    outcome("openness", {"open": 1, "extra": 0}, title="Openness", description="O."),
    outcome("extraversion", {"open": 0, "extra": 1}, title="Extraversion", description="E."),
)
NEITHER = outcome(
    "neither", {"open": 0, "extra": 0}, title="Neither", description="N.", balanced=True
)


def traits_yaml(outcomes: Sequence[Item] = (*TRAIT_OUTCOMES, NEITHER)) -> str:
    """Two traits, skippable openness items, and a follow-up only a homebody is asked."""
    return bank_yaml(
        id="traits",
        title="Strongest trait",
        description="One-hot outcomes.",
        axes=[{"id": "open", "low": "conventional", "high": "curious"}, EXTRAVERSION],
        questions=[
            likert("o1", "Love new ideas.", "open", skippable=True),
            likert("o2", "Enjoy art.", "open", skippable=True),
            likert("e1", "Am the life of the party.", "extra"),
            choice(
                "pick",
                "A free evening?",
                [
                    answer("party", {"extra": 1}, "A party"),
                    answer("museum", {"open": 1}, "A museum"),
                    answer("home", {"extra": -1}, "At home"),
                ],
                skippable=False,
            ),
            choice(
                "why-home",
                "Why at home?",
                [answer("tired", {"extra": -1}, "Tired"), answer("book", {"open": 1}, "A book")],
                when=[{"question": "pick", "answers": ["home"]}],
            ),
        ],
        outcomes=outcomes,
        rule={"margin": 0.01},
    )


TRAITS = traits_yaml()


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
    lone, problems = check_text(traits_yaml(TRAIT_OUTCOMES))
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
