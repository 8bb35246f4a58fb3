"""Read an answers file (YAML or JSON: question id → answer id, or a likert point)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.bank.safeio import read_text
from popquiz.bank.yamlsafe import Document, YamlRejected, parse
from popquiz.errors import AnswersError, Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank, LikertQuestion

MAX_ANSWERS_BYTES = 1024 * 1024


def load_answers(path: Path, bank: Bank, display: str | None = None) -> dict[str, AnswerValue]:
    """Parse and check an answers file against ``bank``; raise AnswersError with every problem.

    A question left out, or answered ``null`` (or ``~``), is skipped; that is allowed only for
    questions with ``skippable: true`` (or that are not asked: their conditions fail), else it
    is A005. A file that answers no question at all is refused (A006).
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
            problems.append(
                doc.diag(
                    "A002",
                    f"bank {bank.id!r} has no question {qid!r}",
                    (qid,),
                    _did_you_mean(str(qid), list(questions)) or "see `popquiz take --help`",
                    key=True,
                )
            )
            continue
        if value is None:
            continue
        if q.kind == "likert":
            if isinstance(value, bool) or not isinstance(value, int) or value not in q.values:
                problems.append(
                    doc.diag(
                        "A003",
                        f"{qid!r} is a 1-{q.points} scale, got {value!r}",
                        (qid,),
                        _scale_help(q, bank),
                    )
                )
                continue
            answers[qid] = value
        else:
            ids = [a.id for a in q.answers]
            if not isinstance(value, str) or value not in ids:
                close = _did_you_mean(value, ids) if isinstance(value, str) else ""
                problems.append(
                    doc.diag(
                        "A004",
                        f"question {qid!r} has no answer {value!r}",
                        (qid,),
                        (close + " " if close else "") + "its answers: " + ", ".join(ids),
                    )
                )
                continue
            answers[qid] = value
    if answers or problems:
        problems += _unskippable(doc, bank, data, answers)
    if not problems and not answers:
        problems.append(
            doc.diag(
                "A006",
                "the answers file answers no question",
                (),
                "give at least one answer (question id: answer id), or play with `popquiz take`",
            )
        )
    if problems:
        raise AnswersError(problems)
    return answers


def _unskippable(
    doc: Document, bank: Bank, data: dict[object, object], answers: dict[str, AnswerValue]
) -> list[Diagnostic]:
    """A005 for each asked question that cannot be skipped but has no answer. A question is
    asked when each of its conditions names an asked question answered with a listed value."""
    asked: set[str] = set()
    out = []
    missing = []
    for q in bank.questions:
        if not all(c.question in asked and answers.get(c.question) in c.answers for c in q.when):
            continue
        asked.add(q.id)
        if q.id in answers or q.skippable or data.get(q.id) is not None:
            continue  # answered (an invalid answer is reported as such), or may be skipped
        if q.id not in data:
            missing.append(q.id)
            continue
        out.append(
            doc.diag(
                "A005",
                f"question {q.id!r} cannot be skipped, but its answer is null",
                (q.id,),
                "answer it: null is a skip, which only questions with `skippable: true` allow",
            )
        )
    if missing:
        named = ", ".join(repr(m) for m in missing[:6])
        more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        out.append(
            doc.diag(
                "A005",
                f"no answer to {len(missing)} question{'s' if len(missing) > 1 else ''} that "
                f"cannot be skipped: {named}{more}",
                (),
                "a missing question is a skip, which only questions with `skippable: true` "
                "allow; answer them",
            )
        )
    return out


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _scale_help(q: LikertQuestion, bank: Bank) -> str:
    from popquiz.bank.model import resolve_text

    labels = q.scale.labels if q.scale is not None else None
    if labels is None:
        return "1 = strongly disagree, 3 = neutral, 5 = strongly agree"
    first = resolve_text(labels[0], bank.language, bank.language)
    last = resolve_text(labels[-1], bank.language, bank.language)
    return f"1 = {first!r} … {q.points} = {last!r}"
