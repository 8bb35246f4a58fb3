"""The SQLite file behind the history: opening it safely, transactions, and JSON in its columns.

Opening is where a history database can be wrong, so the checks live here, before anything is
written: a file that is not SQLite, or an empty main file whose write-ahead log holds data, is
:class:`Unusable` (the caller moves it aside, never deletes it); another application's database
is :class:`Foreign` (left exactly as it is); a file that is readable but not writable, or was
written by a newer popquiz, is opened read-only. An older schema is upgraded step by step by the
caller's :class:`Schema` migrations, inside one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from popquiz.bank.safeio import read_regular

#: The longest popquiz waits for another process's lock on the history before giving up (the
#: result is then kept aside, see popquiz.store.pending): long enough for another popquiz to
#: finish a save, short enough that nobody wonders whether popquiz hung.
BUSY_TIMEOUT_S = 3.0
#: How long SQLite itself waits before popquiz is told, so that the "waiting" line shows as
#: soon as a wait is real.
SQLITE_WAIT_S = 0.25
APPLICATION_ID = 0x50515A31  # "PQZ1": PRAGMA application_id of a popquiz history
_SQLITE_HEADER = b"SQLite format 3\x00"

T = TypeVar("T")


class Unusable(Exception):
    """The database file exists but is not a usable popquiz history: move it aside."""


class Foreign(Exception):
    """The file is another application's SQLite database: leave it exactly as it is."""


class Schema(NamedTuple):
    """What a database must be: ``migrations[n]`` upgrades schema ``n`` to ``n + 1``; a
    database is read only if it answers ``readable``, and written only if it also answers
    every query of ``writable``."""

    version: int
    migrations: tuple[Callable[[sqlite3.Connection], None], ...]
    readable: str
    writable: tuple[str, ...]


def connect(
    path: Path, schema: Schema, on_wait: Callable[[], None] | None = None
) -> tuple[sqlite3.Connection, bool, int]:
    """Open and upgrade ``path``; returns (connection, writable, stored schema version).
    ``on_wait`` is called once if another process's lock makes it wait."""
    read_only = False
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise Unusable(f"{path} is not a file")
        if not os.access(path, os.R_OK):
            raise Unusable("permission denied")
        # Readable but not writable (chmod 444, a read-only mount): open it read-only, never
        # move it aside; results can be listed, new ones are not saved.
        # A folder that cannot be written cannot hold the -wal and -shm files a writer needs.
        read_only = not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
        # Check the header before SQLite opens the file: closing a connection to a file that
        # is not a database would delete its -wal, which may hold the only copy of results.
        try:
            head = read_regular(path, len(_SQLITE_HEADER), whole=False)[: len(_SQLITE_HEADER)]
        except OSError as exc:
            raise Unusable(f"cannot be read ({exc})") from None
        wal = Path(f"{path}-wal")
        if not head and wal.is_file() and wal.stat().st_size > 0:
            # SQLite would take an empty main file for a new database and overwrite the log,
            # the only copy of every result: damaged, so both are moved aside.
            raise Unusable(
                "the main file is empty but its write-ahead log (-wal) holds data; both were kept"
            )
        if head and head != _SQLITE_HEADER:
            raise Unusable("file is not a database")
    if read_only:
        return _connect_read_only(path, schema)
    conn = sqlite3.connect(str(path), timeout=SQLITE_WAIT_S, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT_S * 1000)}")
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header: garbage fails here
        _check_not_foreign(conn)  # before anything is changed (WAL mode is permanent)
        retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone(), on_wait)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")  # cleared results do not linger in the file
        check = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check is None or check[0] != "ok":
            detail = str(check[0]).splitlines()[-1] if check else "no answer"
            raise Unusable(f"integrity check failed: {detail[:120]}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version < schema.version:
            try:
                retry_busy(lambda: _upgrade(conn, schema), on_wait)
            except sqlite3.OperationalError as exc:
                if is_busy(exc):
                    raise
                raise Unusable(f"cannot be upgraded ({exc})") from None
        try:
            for query in (schema.readable, *schema.writable):
                conn.execute(query).fetchall()
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise
            raise Unusable(f"not a popquiz history ({exc})") from None
    except BaseException:
        conn.close()
        raise
    if version == schema.version:
        with suppress(sqlite3.Error):  # mark it as ours (databases from before the marker)
            if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return conn, version <= schema.version, version


def _check_not_foreign(conn: sqlite3.Connection) -> None:
    """Raise :class:`Foreign` unless this is a popquiz history (or an empty new database): our
    ``application_id``, or (written before popquiz set one) no other application's id, a
    ``user_version`` popquiz could have written and a ``results`` table."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id == 0 and not tables and version == 0:
        return  # a new, empty database
    if app_id == 0 and version > 0 and "results" in tables:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(results)")}
        if {"bank_id", "outcome", "report"} <= columns:
            return  # popquiz before application_id
    raise Foreign(
        f"application_id {app_id}, user_version {version}, tables: "
        + (", ".join(sorted(tables)[:5]) or "none")
    )


def _connect_read_only(path: Path, schema: Schema) -> tuple[sqlite3.Connection, bool, int]:
    try:
        return _open_read_only(path, schema, "mode=ro")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise
    # A WAL database needs a -shm file even to be read; in a folder that cannot be written,
    # after a clean close there is none and none can be made. Immutable reads the main file
    # alone, which a clean close has checkpointed everything into.
    return _open_read_only(path, schema, "mode=ro&immutable=1")


def _open_read_only(path: Path, schema: Schema, mode: str) -> tuple[sqlite3.Connection, bool, int]:
    from urllib.parse import quote

    conn = sqlite3.connect(
        f"file:{quote(str(path.absolute()))}?{mode}", uri=True, isolation_level=None
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(SQLITE_WAIT_S * 1000)}")
        _check_not_foreign(conn)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute(schema.readable).fetchall()
    except BaseException:
        conn.close()
        raise
    return conn, False, version


def _upgrade(conn: sqlite3.Connection, schema: Schema) -> None:
    with transaction(conn):
        # Read again inside the write lock: another process may have upgraded meanwhile.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for step in range(version, schema.version):
            schema.migrations[step](conn)
        if version < schema.version:
            conn.execute(f"PRAGMA user_version = {schema.version}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def retry_busy(action: Callable[[], T], on_wait: Callable[[], None] | None = None) -> T:
    """``action``, tried again while another process holds the lock, for at most
    :data:`BUSY_TIMEOUT_S`; ``on_wait`` is called once, when the waiting starts."""
    wait = Wait(on_wait)
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not wait.again(exc):
                raise


class Wait:
    """One bounded wait for another process's lock, told once as it starts."""

    def __init__(self, on_wait: Callable[[], None] | None) -> None:
        self.deadline = time.monotonic() + BUSY_TIMEOUT_S
        self._on_wait = on_wait

    def again(self, exc: sqlite3.Error) -> bool:
        """Whether to try again after ``exc`` (after a short sleep)."""
        if not is_busy(exc) or time.monotonic() >= self.deadline:
            return False
        if self._on_wait is not None:
            self._on_wait()
            self._on_wait = None
        time.sleep(0.05)
        return True


def is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (a replacement by another process has a new inode)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def move_aside(path: Path) -> Path:
    """Rename the database (and its -wal/-shm files) to ``<name>.corrupt-<UTC time>``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists() or Path(f"{target}-wal").exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    path.replace(target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            with suppress(OSError):
                side.replace(Path(f"{target}{suffix}"))
    return target


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so concurrent writers queue on the busy timeout
    # instead of failing when a read transaction tries to upgrade.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- JSON in TEXT columns ------------------------------------------------------------------


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(text: Any) -> Any:
    """A JSON column's value, or None when it is not JSON popquiz could have written (NaN and
    Infinity included: a damaged row must not turn into invalid ``--json`` output)."""
    if not isinstance(text, (str, bytes)):
        return None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a finite number")


def load_dict(text: Any) -> dict[str, Any] | None:
    data = loads(text)
    return data if isinstance(data, dict) else None
