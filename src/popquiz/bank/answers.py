"""Read an answers file (YAML or JSON: question id → answer id, or 1-5 for likert)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.bank.yamlsafe import YamlRejected, parse, read_text
from popquiz.errors import AnswersError, Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank

MAX_ANSWERS_BYTES = 1024 * 1024


def load_answers(path: Path, bank: Bank, display: str | None = None) -> dict[str, AnswerValue]:
    """Parse and check an answers file against ``bank``; raise AnswersError with every problem.

    ``null`` (or ``~``) marks a skipped question; unanswered questions count as skipped.
    """
    shown = display or str(path)
    try:
        doc = parse(read_text(path, shown, MAX_ANSWERS_BYTES, what="answers"), shown)
    except YamlRejected as exc:
        raise AnswersError(exc.diagnostics) from None
    data = doc.data
    if not isinstance(data, dict):
        raise AnswersError(
            [
                doc.diag(
                    "A001",
                    "an answers file must be a mapping of question id to answer",
                    (),
                    "e.g. `morning: read` and `brew: 4`, one per line",
                )
            ]
        )
    problems: list[Diagnostic] = []
    answers: dict[str, AnswerValue] = {}
    questions = bank.questions_by_id
    for qid, value in data.items():
        q = questions.get(qid)
        if q is None:
            close = difflib.get_close_matches(qid, list(questions), n=1, cutoff=0.6)
            problems.append(
                doc.diag(
                    "A002",
                    f"bank {bank.id!r} has no question {qid!r}",
                    (qid,),
                    f"did you mean {close[0]!r}?" if close else "see `popquiz take --help`",
                    key=True,
                )
            )
            continue
        if value is None:
            continue
        if q.kind == "likert":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                problems.append(
                    doc.diag(
                        "A003",
                        f"{qid!r} is a 1-5 agreement scale, got {value!r}",
                        (qid,),
                        "1 = strongly disagree, 3 = neutral, 5 = strongly agree",
                    )
                )
                continue
            answers[qid] = value
        else:
            ids = [a.id for a in q.answers]
            if not isinstance(value, str) or value not in ids:
                problems.append(
                    doc.diag(
                        "A004",
                        f"question {qid!r} has no answer {value!r}",
                        (qid,),
                        "its answers: " + ", ".join(ids),
                    )
                )
                continue
            answers[qid] = value
    if problems:
        raise AnswersError(problems)
    return answers
