"""Results kept aside while the history database could not be written (another process held
its lock), added to it by the next popquiz that can write it.

Each result is one small JSON file in ``history-pending/`` beside the database, written to a
temporary name, flushed to disk and renamed into place, so a file there is always whole.
Adding them is idempotent: a result already stored with the same time and report is not
stored again, so a popquiz killed between the commit and removing the files, or two of them
adding at once, neither loses nor doubles a result.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from popquiz.bank.safeio import InputError, read_regular
from popquiz.store.database import load_dict

FOLDER = "history-pending"
MAX_BYTES = 8 * 1024 * 1024  # a result is a few kilobytes; anything bigger is not one of ours


class Pending(NamedTuple):
    """One kept result: its file, when it was taken, and the report as it will be stored."""

    path: Path
    taken_at: str
    report: dict[str, Any]


def folder(database: Path) -> Path:
    return database.parent / FOLDER


def keep(database: Path, taken_at: str, report_json: str) -> Path:
    """Write one result beside ``database`` and return where it is (raises OSError)."""
    where = folder(database)
    where.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps(
        {"taken_at": taken_at, "report": report_json}, ensure_ascii=False, allow_nan=False
    )
    name = f"{taken_at.replace(':', '')}-{os.getpid()}-{os.urandom(4).hex()}.json"
    temporary = where / f".{name}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        target = where / name
        temporary.replace(target)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return target


def waiting(database: Path) -> list[Pending]:
    """The results kept beside ``database``, oldest first (damaged files are skipped and
    left where they are)."""
    where = folder(database)
    try:
        names = sorted(p.name for p in where.iterdir() if p.name.endswith(".json"))
    except OSError:
        return []
    found = []
    for name in names:
        path = where / name
        try:
            data = load_dict(read_regular(path, MAX_BYTES))
        except (InputError, OSError):
            continue
        if data is None:
            continue
        taken_at, report = data.get("taken_at"), data.get("report")
        if isinstance(taken_at, str) and isinstance(report, str):
            parsed = load_dict(report)
            if parsed is not None:
                found.append(Pending(path, taken_at, parsed))
    return found


def remove(kept: list[Pending]) -> None:
    for item in kept:
        # Gone already: another popquiz added it (and the next one sees it stored, skips it).
        with suppress(OSError):
            item.path.unlink()
