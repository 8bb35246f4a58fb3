"""The columns of one stored result: made from a report, inserted, and read back inertly."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from popquiz.errors import printable
from popquiz.store.database import dumps
from popquiz.text.charclass import FORBIDDEN, hidden_char

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report

T = TypeVar("T")


def values(report: Report, taken_at: str) -> tuple[Any, ...]:
    """The columns of one stored result (the report's JSON last)."""
    bank = report["bank"]
    outcome = report["outcome"]
    return (
        taken_at,
        str(bank["id"]),
        str(bank["version"]),
        str(report["language"]),
        str(outcome["id"]),
        float(outcome.get("lead") or 0.0),
        dumps(scores(report)),
        dumps(report["answers"]),
        dumps(report),
    )


def insert(conn: sqlite3.Connection, values: tuple[Any, ...]) -> int:
    cursor = conn.execute(
        "INSERT INTO results (taken_at, bank_id, bank_version, language, outcome, "
        "confidence, scores, answers, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    return int(cursor.lastrowid or 0)


def inert(data: T) -> T:
    """``data`` with every string that a bank could not hold (a control, bidi or invisible
    character) passed through the one inert renderer: whoever wrote the database, nothing read
    back from it reaches a terminal, a card or a comparison as an escape sequence."""
    if isinstance(data, str):
        if FORBIDDEN.search(data) is None and hidden_char(data) is None:
            return data
        return cast("T", "\n".join(printable(line) for line in data.split("\n")))
    if isinstance(data, dict):
        return cast("T", {inert(k): inert(v) for k, v in data.items()})
    if isinstance(data, list):
        return cast("T", [inert(v) for v in data])
    return data


def upgraded(stored: dict[str, Any] | None) -> Report | None:
    """A stored report in the current shape (older schemas are upgraded as they are read)."""
    from popquiz.engine.report import upgrade

    if stored is None:
        return None
    try:
        return upgrade(stored)
    except (KeyError, TypeError, AttributeError, ValueError):
        # A damaged old report is still listed and shown as far as it goes: every reader of a
        # stored report tolerates missing keys, and _load_report checked its outcome and bank.
        return cast("Report", stored)


def scores(report: Mapping[str, object]) -> dict[str, float]:
    """The axis scores of a report, checked as they are read (a stored one may be damaged)."""
    out: dict[str, float] = {}
    axes = report.get("axes")
    for axis in axes if isinstance(axes, list) else []:
        if isinstance(axis, dict) and "id" in axis:
            try:
                out[str(axis["id"])] = float(axis.get("score") or 0.0)
            except (TypeError, ValueError):
                continue
    return out
