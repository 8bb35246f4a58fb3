"""Read an answers file (YAML or JSON: question id → answer id, or a likert point)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.bank.safeio import read_text
from popquiz.bank.yamlsafe import Document, YamlRejected, parse
from popquiz.errors import AnswersError, Diagnostic
from popquiz.i18n import t
from popquiz.text.typography import quoted

if TYPE_CHECKING:
    from popquiz.bank.model import AnswerValue, Bank, LikertQuestion

MAX_ANSWERS_BYTES = 1024 * 1024


def load_answers(
    path: Path, bank: Bank, display: str | None = None, language: str = "en"
) -> dict[str, AnswerValue]:
    """Parse and check an answers file against ``bank``; raise AnswersError with every problem,
    worded in ``language`` (the player's: the taker reads them, not an author).

    A question left out, or answered ``null`` (or ``~``), is skipped; that is allowed only for
    questions with ``skippable: true`` (or that are not asked: their conditions fail), else it
    is A005. A file that answers no question at all is refused (A006).
    """
    shown = display or str(path)
    try:
        doc = parse(read_text(path, shown, MAX_ANSWERS_BYTES, what="answers"), shown)
    except YamlRejected as exc:
        raise AnswersError(exc.diagnostics, language) from None
    lang = language
    data = doc.data
    if not isinstance(data, dict):
        raise AnswersError(
            [
                doc.diag("A001", t(lang, "error.A001"), (), t(lang, "error.A001_help")),
            ],
            language,
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
                    t(lang, "error.A002", bank=quoted(lang, bank.id), question=quoted(lang, qid)),
                    (qid,),
                    _did_you_mean(str(qid), list(questions), lang) or t(lang, "error.A002_help"),
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
                        t(
                            lang,
                            "error.A003",
                            question=quoted(lang, qid),
                            points=q.points,
                            value=quoted(lang, value),
                        ),
                        (qid,),
                        _scale_help(q, bank, lang),
                    )
                )
                continue
            answers[qid] = value
        else:
            ids = [a.id for a in q.answers]
            if not isinstance(value, str) or value not in ids:
                close = _did_you_mean(value, ids, lang) if isinstance(value, str) else ""
                listed = t(lang, "error.A004_help", answers=_listed(lang, ids))
                problems.append(
                    doc.diag(
                        "A004",
                        t(
                            lang,
                            "error.A004",
                            question=quoted(lang, qid),
                            answer=quoted(lang, value),
                        ),
                        (qid,),
                        (close + " " if close else "") + listed,
                    )
                )
                continue
            answers[qid] = value
    if answers or problems:
        problems += _unskippable(doc, bank, data, answers, lang)
    if not problems and not answers:
        problems.append(doc.diag("A006", t(lang, "error.A006"), (), t(lang, "error.A006_help")))
    if problems:
        raise AnswersError(problems, language)
    return answers


def _unskippable(
    doc: Document,
    bank: Bank,
    data: dict[object, object],
    answers: dict[str, AnswerValue],
    lang: str,
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
                t(lang, "error.A005_null", question=quoted(lang, q.id)),
                (q.id,),
                t(lang, "error.A005_null_help"),
            )
        )
    if missing:
        named = _listed(lang, [quoted(lang, m) for m in missing[:6]])
        if len(missing) > 6:
            named = t(lang, "error.more", shown=named, n=len(missing) - 6)
        if lang == "en":  # English counts in words
            plural = "s" if len(missing) > 1 else ""
            message = (
                f"no answer to {len(missing)} question{plural} that cannot be skipped: {named}"
            )
        else:
            message = t(lang, "error.A005_missing", n=len(missing), questions=named)
        out.append(doc.diag("A005", message, (), t(lang, "error.A005_help")))
    return out


def _listed(lang: str, items: list[str]) -> str:
    return ("、" if lang == "ja" else ", ").join(items)


def _did_you_mean(name: str, known: list[str], lang: str) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return t(lang, "error.did_you_mean", name=quoted(lang, close[0])) if close else ""


def _scale_help(q: LikertQuestion, bank: Bank, lang: str) -> str:
    """What each end of the scale means, in the player's language where the bank has it."""
    from popquiz.bank.model import resolve_text

    labels = q.scale.labels if q.scale is not None else None
    if labels is None:
        low, mid, high = (t(lang, f"likert{i}") for i in (1, 3, 5))
        if lang == "ja":
            return f"1＝{low}、3＝{mid}、5＝{high}"
        if lang == "en":
            low, mid, high = low.lower(), mid.lower(), high.lower()
        return f"1 = {low}, 3 = {mid}, 5 = {high}"
    first = resolve_text(labels[0], lang, bank.language)
    last = resolve_text(labels[-1], lang, bank.language)
    return f"1 = {quoted(lang, first)} … {q.points} = {quoted(lang, last)}"
