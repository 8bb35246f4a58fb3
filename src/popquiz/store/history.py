"""Result history: one SQLite database per user, which also holds the paused quizzes
(:mod:`popquiz.store.progress`).

The database is ``history.sqlite3`` in the user data folder (``$POPQUIZ_HOME`` if set, else the
platform's user data dir). SQLite does the hard parts: WAL mode lets quizzes that finish at the
same moment all commit (writers wait for each other via the busy timeout), and every save is
one transaction, so a process killed mid-save leaves the earlier results intact.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` upgrades an older
database step by step, inside one transaction, so a database written by an older popquiz opens
in a newer one. A database from a *newer* popquiz is read but not written.

A database that cannot be read (not SQLite, damaged, wrong schema, unreadable: the checks are in
:mod:`popquiz.store.database`) is moved aside with a timestamped name (never deleted) and a fresh
one is started; :attr:`HistoryStore.notice` tells the user where the old file went. If no
database can be opened at all, the store keeps results in memory for this run and says so: a
quiz never fails because of its history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from popquiz.errors import ExitStatus, PopquizError
from popquiz.store.database import (
    SQLITE_WAIT_S,
    Foreign,
    Schema,
    Unusable,
    Wait,
    connect,
    identity,
    is_busy,
    move_aside,
    transaction,
)
from popquiz.store.database import dumps as _dumps
from popquiz.store.database import load_dict as _load_dict
from popquiz.store.database import now as _now
from popquiz.store.progress import PausedQuizzes
from popquiz.store.results import inert as _inert
from popquiz.store.results import insert as _insert
from popquiz.store.results import scores as _scores
from popquiz.store.results import upgraded as _report
from popquiz.store.results import values as _values

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report

DB_NAME = "history.sqlite3"
SCHEMA_VERSION = 2

T = TypeVar("T")


class HistoryError(PopquizError, OSError):
    """The history database cannot be written (the quiz result is still shown); exit 75, not
    1, which is for invalid banks."""

    exit_status = ExitStatus.HISTORY


class HistoryBusy(HistoryError):
    """Another process held the database's lock for longer than popquiz waits."""


# --- schema ------------------------------------------------------------------------------


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            taken_at TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            bank_version TEXT NOT NULL,
            language TEXT NOT NULL,
            outcome TEXT NOT NULL,
            confidence REAL NOT NULL,
            report TEXT NOT NULL
        )
        """
    )


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    # Axis scores and answers as their own columns (for queries without parsing the report),
    # an index for "the previous result for this bank", and saved --resume progress.
    conn.execute("ALTER TABLE results ADD COLUMN scores TEXT NOT NULL DEFAULT '{}'")
    conn.execute("ALTER TABLE results ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'")
    rows = conn.execute("SELECT id, report FROM results").fetchall()
    for row_id, text in rows:
        report = _load_dict(text) or {}
        conn.execute(
            "UPDATE results SET scores = ?, answers = ? WHERE id = ?",
            (_dumps(_scores(report)), _dumps(report.get("answers") or {}), row_id),
        )
    conn.execute("CREATE INDEX IF NOT EXISTS results_by_bank ON results (bank_id, id)")
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS progress (
            bank_id TEXT PRIMARY KEY,
            saved_at TEXT NOT NULL,
            state TEXT NOT NULL
        )
        """
    )


#: ``MIGRATIONS[n]`` upgrades a database from schema ``n`` to ``n + 1``. Append only.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1, _migrate_to_2)
assert len(MIGRATIONS) == SCHEMA_VERSION

_COLUMNS = (
    "id, taken_at, bank_id, bank_version, language, outcome, confidence, scores, answers, report"
)
_SCHEMA = Schema(
    SCHEMA_VERSION,
    MIGRATIONS,
    readable=f"SELECT {_COLUMNS} FROM results LIMIT 0",
    writable=("SELECT bank_id, saved_at, state FROM progress LIMIT 0",),
)


# --- records -----------------------------------------------------------------------------


class Record(NamedTuple):
    """One stored result."""

    id: int
    taken_at: str  # ISO 8601, UTC
    bank_id: str
    bank_version: str
    language: str
    outcome: str
    confidence: float  # the verdict's lead (a schema 1 report's confidence); column name kept
    scores: dict[str, float]
    answers: dict[str, Any]
    report: Report | None  # None if the stored JSON is damaged

    @property
    def outcome_title(self) -> str:
        if self.report is None:
            return self.outcome
        return str(self.report.get("outcome", {}).get("title") or self.outcome)

    @property
    def strength(self) -> str:
        """'clear', 'leaning' or 'close' ('' if the stored report does not say)."""
        if self.report is None:
            return ""
        return str(self.report.get("outcome", {}).get("strength") or "")

    def local_time(self) -> str:
        """``taken_at`` in the local time zone, to the minute."""
        try:
            moment = datetime.fromisoformat(self.taken_at)
        except ValueError:
            return self.taken_at
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")

    def to_json(self, *, with_report: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "taken_at": self.taken_at,
            "bank": {"id": self.bank_id, "version": self.bank_version},
            "language": self.language,
            "outcome": {
                "id": self.outcome,
                "title": self.outcome_title,
                "strength": self.strength,
            },
            "scores": self.scores,
            "answers": self.answers,
        }
        if with_report:
            data["report"] = self.report
        return data


def _record(row: tuple[Any, ...]) -> Record:
    scores = _inert(_load_dict(row[7]) or {})
    return Record(
        id=int(row[0]),
        taken_at=_inert(str(row[1])),
        bank_id=_inert(str(row[2])),
        bank_version=_inert(str(row[3])),
        language=_inert(str(row[4])),
        outcome=_inert(str(row[5])),
        confidence=float(row[6]),
        scores={str(k): v for k, v in scores.items() if isinstance(v, (int, float))},
        answers=_inert(_load_dict(row[8]) or {}),
        report=_report(_inert(_load_report(row[9]))),
    )


# --- the store ---------------------------------------------------------------------------


class HistoryStore:
    """Results, and (as :attr:`paused`) paused quizzes. Open it with :func:`open_store`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        *,
        notice: str | None = None,
        writable: bool = True,
        on_wait: Callable[[], None] | None = None,
        locked: Path | None = None,
    ) -> None:
        self._conn = conn
        self.path = path  # None: kept in memory for this run only
        self.notice = notice  # something the user should be told, e.g. where a bad DB went
        self.writable = writable
        self.on_wait = on_wait  # told once when another process's lock makes a write wait
        self._locked = locked  # the database another process kept locked while we opened it
        self._waited = False  # a write already waited its time out: the next ones do not wait
        self.paused = PausedQuizzes(conn, self._write)  # paused quizzes, in the same file
        _OPEN.append(self)

    # results

    def save_result(self, report: Report, *, taken_at: str | None = None) -> int:
        """Store a report (see popquiz.engine.report) and return its result number. Raises
        :class:`HistoryError` if it cannot be stored now (then :meth:`keep_aside` it)."""
        if self._locked is not None:
            raise HistoryBusy(f"the history database {self._locked} is locked by another process")
        values = _values(report, taken_at or _now())

        def insert(conn: sqlite3.Connection) -> int:
            return _insert(conn, values)

        return self._write(insert, "save the result")

    def keep_aside(self, report: Report) -> Path:
        """Keep a result that could not be stored now in a file beside the database, for the
        next popquiz that can write it (:func:`open_store` adds it). Raises OSError."""
        from popquiz.store import pending

        database = self._locked or self.path
        if database is None:
            raise HistoryError("there is no history folder to keep the result in")
        return pending.keep(database, _now(), _dumps(report))

    def _add_pending(self) -> int:
        """Store the results kept aside earlier (each once); returns how many were added."""
        from popquiz.store import pending

        if self.path is None or not pending.folder(self.path).is_dir():
            return 0
        kept = pending.waiting(self.path)
        if not kept:
            return 0

        def add(conn: sqlite3.Connection) -> int:
            added = 0
            for item in kept:
                values = _values(cast("Report", item.report), item.taken_at)
                stored = conn.execute(
                    "SELECT 1 FROM results WHERE taken_at = ? AND report = ? LIMIT 1",
                    (values[0], values[-1]),
                ).fetchone()
                if stored is None:
                    _insert(conn, values)
                    added += 1
            return added

        try:
            # Never wait for this: a locked database keeps them for the next popquiz.
            added = self._write(add, "add the results kept aside", patient=False)
        except (HistoryError, KeyError, TypeError, ValueError):
            return 0  # they stay where they are for the next popquiz
        pending.remove(kept)
        return added

    def previous_result(self, bank_id: str) -> Report | None:
        """The latest stored report for ``bank_id`` (None if there is none)."""
        return self._latest_report(bank_id, None)

    def previous_of(self, record: Record) -> Report | None:
        """The report stored just before ``record`` for the same bank (as its screen showed)."""
        return self._latest_report(record.bank_id, record.id)

    def _latest_report(self, bank_id: str, before: int | None) -> Report | None:
        sql = "SELECT report FROM results WHERE bank_id = ?"
        params: tuple[Any, ...] = (bank_id,)
        if before is not None:
            sql += " AND id < ?"
            params += (before,)
        try:
            rows = self._conn.execute(sql + " ORDER BY id DESC LIMIT 5", params).fetchall()
        except sqlite3.Error:
            return None  # a comparison is a nicety; never fail a quiz over it
        for (text,) in rows:
            report = _report(_inert(_load_report(text)))  # an older schema is read in today's shape
            if report is not None and _current_shape(report):
                return report  # another version's report is never compared against
        return None

    def get(self, result_id: int) -> Record | None:
        if not -(2**63) <= result_id < 2**63:  # SQLite integers are 64-bit: no such result
            return None
        row = self._read(
            lambda c: c.execute(
                f"SELECT {_COLUMNS} FROM results WHERE id = ?", (result_id,)
            ).fetchone()
        )
        return None if row is None else _record(row)

    def results(self, bank_id: str | None = None, *, newest_first: bool = False) -> list[Record]:
        sql = f"SELECT {_COLUMNS} FROM results"
        params: tuple[Any, ...] = ()
        if bank_id is not None:
            sql += " WHERE bank_id = ?"
            params = (bank_id,)
        sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [_record(r) for r in rows]

    def count(self, bank_id: str | None = None) -> int:
        if bank_id is None:
            row = self._read(lambda c: c.execute("SELECT count(*) FROM results").fetchone())
        else:
            row = self._read(
                lambda c: c.execute(
                    "SELECT count(*) FROM results WHERE bank_id = ?", (bank_id,)
                ).fetchone()
            )
        return int(row[0])

    def clear(self, bank_id: str | None = None) -> int:
        """Delete results (all, or one bank's); returns how many. Result numbers never repeat."""

        def delete(conn: sqlite3.Connection) -> int:
            if bank_id is None:
                return conn.execute("DELETE FROM results").rowcount
            return conn.execute("DELETE FROM results WHERE bank_id = ?", (bank_id,)).rowcount

        return self._write(delete, "clear the history")

    # plumbing

    def close(self) -> None:
        """Checkpoint the write-ahead log into the main file and close. Left open until the
        interpreter exits, the connection is never closed and every result lives only in the
        ``-wal`` file, where a truncated main file loses it."""
        if self in _OPEN:
            _OPEN.remove(self)
        with suppress(sqlite3.Error):
            if self.writable and self.path is not None:
                # Never wait for another process here: whoever holds the lock checkpoints
                # when it closes.
                self._conn.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT_S * 100)}")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return query(self._conn)
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot read the history database {self._where()}: {exc}") from None

    def _write(
        self, change: Callable[[sqlite3.Connection], T], what: str, *, patient: bool = True
    ) -> T:
        if not self.writable and self.path is not None and not _can_write(self.path.parent):
            raise HistoryError(
                f"cannot {what}: the history folder {self.path.parent} is read-only (a "
                "read-only mount or permissions); nothing was changed"
            )
        if not self.writable:
            raise HistoryError(
                f"cannot {what}: the history database {self._where()} is read-only here (or "
                "was written by a newer popquiz)"
            )
        wait = Wait(self.on_wait)
        while True:
            try:
                with transaction(self._conn):
                    return change(self._conn)
            except sqlite3.OperationalError as exc:
                if patient and not self._waited and wait.again(exc):
                    continue
                self._waited = self._waited or (patient and is_busy(exc))
                error = HistoryBusy if is_busy(exc) else HistoryError
                raise error(f"cannot {what} in {self._where()}: {exc}") from None
            except sqlite3.Error as exc:
                raise HistoryError(f"cannot {what} in {self._where()}: {exc}") from None

    def _where(self) -> str:
        return str(self.path) if self.path is not None else "(in memory)"


# --- opening -----------------------------------------------------------------------------

_OPEN: list[HistoryStore] = []


def close_all() -> None:
    """Close every store still open (the CLI calls this at the end of every command)."""
    for store in list(_OPEN):
        store.close()


def default_path() -> Path:
    from popquiz.store.paths import data_dir

    return data_dir() / DB_NAME


def open_store(
    path: Path | None = None, *, on_wait: Callable[[], None] | None = None
) -> HistoryStore:
    """Open (creating or upgrading) the history database, and add the results kept aside
    earlier. Never raises for a bad database. ``on_wait`` is called once if another process's
    lock makes it (or a later write) wait; no wait is longer than a few seconds."""
    path = path if path is not None else default_path()
    on_wait = _once(on_wait)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _in_memory(f"the history folder {path.parent} cannot be created ({exc})")
    wait = Wait(on_wait)
    attempt = 0
    while attempt < 3:
        attempt += 1
        before = identity(path)
        try:
            conn, writable, newer = connect(path, _SCHEMA, on_wait)
        except sqlite3.OperationalError as exc:
            if wait.again(exc):
                attempt -= 1
                continue
            if is_busy(exc):
                return _in_memory(
                    f"the history database {path} is locked by another process ({exc})",
                    locked=path,
                    on_wait=on_wait,
                )
            return _in_memory(f"the history database {path} cannot be opened ({exc})")
        except Foreign as exc:
            return _in_memory(
                f"{path} is not a popquiz history ({exc}); it was left untouched. Point "
                "POPQUIZ_HOME at a folder of popquiz's own"
            )
        except Unusable as exc:
            reason = " ".join(str(exc).split())
        except sqlite3.DatabaseError as exc:
            reason = str(exc)
        else:
            notice = None
            if not writable and not _can_write(path.parent):
                notice = (
                    f"popquiz: the history folder {path.parent} is read-only; past results can "
                    "be read but new ones are not saved."
                )
            elif not writable and newer <= SCHEMA_VERSION:
                notice = (
                    f"popquiz: the history database {path} is read-only; past results can be "
                    "read but new ones are not saved."
                )
            elif not writable:
                notice = (
                    f"popquiz: the history database {path} was written by a newer popquiz "
                    f"(schema {newer}); past results can be read but new ones are not saved."
                )
            store = HistoryStore(conn, path, notice=notice, writable=writable, on_wait=on_wait)
            if writable and (added := store._add_pending()):
                store.notice = _join(
                    store.notice,
                    f"popquiz: {added} result(s) kept aside while the history was locked "
                    "were added to it.",
                )
            return store
        if identity(path) != before:
            continue  # another popquiz already replaced the file; look again
        try:
            moved = move_aside(path)
        except OSError as exc:
            return _in_memory(
                f"the history database {path} is unusable ({reason}) and could not "
                f"be moved aside ({exc})"
            )
        try:
            conn, _, _ = connect(path, _SCHEMA)
        except (sqlite3.Error, Unusable, Foreign) as exc:
            return _in_memory(f"a new history database {path} cannot be created ({exc})")
        notice = (
            f"popquiz: the history database could not be read ({reason}); it was moved to "
            f"{moved} and a new one was started at {path}."
        )
        return HistoryStore(conn, path, notice=notice)
    return _in_memory(f"the history database {path} keeps changing under us")


def _can_write(folder: Path) -> bool:
    import os

    return os.access(folder, os.W_OK)


def _in_memory(
    reason: str, *, locked: Path | None = None, on_wait: Callable[[], None] | None = None
) -> HistoryStore:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    for migration in MIGRATIONS:
        migration(conn)
    if locked is not None:
        # Past results cannot be read now; a result of this run is kept aside (see take).
        return HistoryStore(
            conn, None, notice=f"popquiz: {reason}.", on_wait=on_wait, locked=locked
        )
    return HistoryStore(
        conn, None, notice=f"popquiz: {reason}; results from this run will not be saved."
    )


def _once(action: Callable[[], None] | None) -> Callable[[], None] | None:
    """``action`` made to run at most once (one "waiting" line per command)."""
    if action is None:
        return None
    told: list[bool] = []

    def tell() -> None:
        if not told:
            told.append(True)
            action()

    return tell


def _join(first: str | None, second: str) -> str:
    return second if first is None else f"{first}\n{second}"


# --- helpers -----------------------------------------------------------------------------


def _load_report(text: Any) -> dict[str, Any] | None:
    """A stored report, or None when it is damaged or of a shape this version cannot read (a
    string ``outcome`` from another version, say): such a result is listed by its columns."""
    report = _load_dict(text)
    if report is None:
        return None
    for key in ("outcome", "bank"):
        if not isinstance(report.get(key), dict):
            return None
    return report


def _current_shape(report: Report) -> bool:
    from popquiz.engine.report import REPORT_SCHEMA

    return report.get("schema") == REPORT_SCHEMA
