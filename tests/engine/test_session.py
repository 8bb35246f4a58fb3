"""The session state machine's saved state (tests.md defect 5; reliability review C6, M5, M8):
``to_state`` / ``from_state`` round trips, shuffled sessions included, and saved progress that
no longer fits the bank."""

from __future__ import annotations

import copy
import json
import random
import sys
from typing import Any

import pytest

from checking import check_text
from conftest import DEFAULT_BANK, ROOT
from popquiz.bank.loader import load_bank
from popquiz.bank.model import Bank
from popquiz.engine.session import Session, _shuffle_respecting_conditions

sys.path.insert(0, str(ROOT / "benchmarks"))
from gen_bank import make_bank


@pytest.fixture(scope="module")
def bank() -> Bank:
    loaded: Bank = load_bank(DEFAULT_BANK)
    return loaded


def _answer(session: Session, n: int) -> None:
    for _ in range(n):
        q = session.current()
        assert q is not None
        if q.kind == "likert":
            session.answer(4)
        else:
            session.answer(session.answer_order.get(q.id, [a.id for a in q.answers])[-1])


def _roundtrip(bank: Bank, session: Session) -> Session:
    # Through JSON, as the history database stores it.
    return Session.from_state(bank, json.loads(json.dumps(session.to_state())))


def test_defect_5_an_unshuffled_session_round_trips(bank: Bank) -> None:
    session = Session.start(bank)
    _answer(session, 5)
    back = _roundtrip(bank, session)
    assert back.order == session.order
    assert back.answers == session.answers and back.history == session.history
    assert back.current() == session.current()
    assert back.progress() == session.progress()
    assert back.notes == []


def test_defect_5_resume_keeps_the_shuffled_question_order(bank: Bank) -> None:
    session = Session.start(bank, shuffle=True, seed=7)
    assert session.order != [q.id for q in bank.questions]  # really shuffled
    _answer(session, 4)
    back = _roundtrip(bank, session)
    assert back.order == session.order  # planted bug: resume ignores the shuffled order
    assert back.current() == session.current()
    assert back.final_answers() == session.final_answers()


def test_defect_5_resume_keeps_the_answer_shuffle(bank: Bank) -> None:
    session = Session.start(bank, shuffle=True, seed=7)
    _answer(session, 4)
    back = _roundtrip(bank, session)
    assert back.answer_order == session.answer_order  # planted bug: answer shuffle dropped
    shuffled = [q for q in back.answer_order if back.answer_order[q] != _ids(bank, q)]
    assert shuffled, "the seed shuffles at least one question's answers"


def _ids(bank: Bank, qid: str) -> list[str]:
    return [a.id for a in bank.questions_by_id[qid].answers]  # type: ignore[union-attr]


def test_defect_5_a_quick_subset_stays_a_subset(bank: Bank) -> None:
    only = [q.id for q in bank.questions][:6]
    session = Session.start(bank, only=only)
    _answer(session, 2)
    back = _roundtrip(bank, session)
    assert back.order == only


def _changed_bank(bank: Bank) -> tuple[Bank, str]:
    """The bank after a pack update: the first choice question gains an answer and its first
    answer is renamed."""
    q = next(q for q in bank.questions if q.kind == "choice")
    answers = list(q.answers)  # type: ignore[union-attr]
    added = answers[0]._replace(id="added-since")
    renamed = answers[1]._replace(id="renamed-since")
    new_q = q._replace(answers=(renamed, *answers[2:], answers[0], added))
    questions = tuple(new_q if x.id == q.id else x for x in bank.questions)
    return bank._replace(questions=questions), q.id  # a new instance: no cached lookups


def test_M5_a_stale_answer_order_is_fitted_to_the_current_bank(bank: Bank) -> None:
    session = Session.start(bank, shuffle=True, seed=3)
    state = session.to_state()
    changed, qid = _changed_bank(bank)
    back = Session.from_state(changed, state)
    current = _ids(changed, qid)
    assert sorted(back.answer_order[qid]) == sorted(current)  # every answer offered, no ghost
    assert "added-since" in back.answer_order[qid]
    assert any("answer order" in note for note in back.notes)


@pytest.mark.parametrize(
    "damage",
    [
        {"order": 5},
        {"order": None},
        {"order": [["a"]]},
        {"history": 3},
        {"answers": [1]},
        {"answer_order": None},
        {"answer_order": [["a"]]},
    ],
)
def test_M8_saved_state_of_the_wrong_shape_raises_value_error(
    bank: Bank, damage: dict[str, Any]
) -> None:
    state = {**Session.start(bank).to_state(), **damage}
    with pytest.raises(ValueError):
        Session.from_state(bank, state)


def test_M8_an_int_in_the_answer_order_is_repaired_not_a_crash(bank: Bank) -> None:
    state = Session.start(bank, shuffle=True, seed=1).to_state()
    qid = next(iter(state["answer_order"]))
    state["answer_order"][qid] = 5
    back = Session.from_state(bank, state)
    assert sorted(back.answer_order[qid]) == sorted(_ids(bank, qid))


def test_M8_not_a_mapping_at_all() -> None:
    bank = load_bank(DEFAULT_BANK)
    for state in (None, 3, "x", []):
        with pytest.raises(ValueError):
            Session.from_state(bank, state)


def test_M8_unknown_and_duplicate_entries_are_dropped(bank: Bank) -> None:
    session = Session.start(bank)
    _answer(session, 3)
    state = copy.deepcopy(session.to_state())
    state["order"] = ["nope", *state["order"], state["order"][0]]
    state["answers"]["nope"] = "x"
    back = Session.from_state(bank, state)
    assert back.order == session.order
    assert back.history == session.history
    assert len(back.notes) == 2


# --- C6: shuffling with conditions ------------------------------------------------------------


def _reference_shuffle(bank: Bank, ids: list[str], rng: random.Random) -> list[str]:
    """The old quadratic-scan definition: repeatedly take the first placeable question."""
    shuffled = list(ids)
    rng.shuffle(shuffled)
    placed: list[str] = []
    pending = list(shuffled)
    while pending:
        for qid in pending:
            deps = {c.question for c in bank.questions_by_id[qid].when}
            if all(d in placed or d not in ids for d in deps):
                placed.append(qid)
                pending.remove(qid)
                break
    return placed


@pytest.mark.parametrize("seed", range(25))
def test_C6_the_fast_shuffle_gives_the_same_orders_as_before(bank: Bank, seed: int) -> None:
    ids = [q.id for q in bank.questions]
    fast = _shuffle_respecting_conditions(bank, ids, random.Random(seed))
    assert fast == _reference_shuffle(bank, ids, random.Random(seed))
    half = ids[::2]
    fast = _shuffle_respecting_conditions(bank, half, random.Random(seed))
    assert fast == _reference_shuffle(bank, half, random.Random(seed))


def test_C6_a_chain_keeps_every_question_after_the_one_it_names() -> None:
    chain, problems = check_text(make_bank(300, n_answers=2, chain=True))
    assert chain is not None, problems
    session = Session.start(chain, shuffle=True, seed=5)
    position = {qid: i for i, qid in enumerate(session.order)}
    for q in chain.questions:
        for c in q.when:
            assert position[c.question] < position[q.id]
    assert session.order == [q.id for q in chain.questions]  # a chain has only one order


def test_C6_a_10000_question_chain_shuffles_without_hanging() -> None:
    """No timing assertion (benchmarks/run.py measures it); the test timeout catches a hang
    (the old algorithm took minutes here)."""
    chain, problems = check_text(make_bank(10_000, n_answers=2, chain=True))
    assert chain is not None, problems
    session = Session.start(chain, shuffle=True, seed=1)
    assert len(session.order) == 10_000 and session.current() is not None
