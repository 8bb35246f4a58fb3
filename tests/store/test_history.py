"""Result history: storage, migrations, damaged databases, concurrency, kills and the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_BANK, ROOT
from helpers_history_writer import make_report
from popquiz.cli import run
from popquiz.store.history import SCHEMA_VERSION, default_path, open_store

WRITER = ROOT / "tests" / "helpers_history_writer.py"


def invoke(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run the CLI in-process through the same error boundary as the console script."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def writer_env() -> dict[str, str]:
    paths = [str(ROOT / "src"), str(WRITER.parent), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def rows(db: Path, sql: str = "SELECT * FROM results ORDER BY id") -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# --- the store -----------------------------------------------------------------------------


def test_database_lives_in_popquiz_home_and_uses_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    store = open_store()
    assert store.notice is None
    store.save_result(make_report("b", 0, 0))
    store.close()
    db = tmp_path / "home" / "history.sqlite3"
    assert default_path() == db and db.is_file()
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_results_are_stored_with_columns_and_previous_is_per_bank(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    assert store.previous_result("a") is None
    first = store.save_result(make_report("a", 1, 1))
    second = store.save_result(make_report("b", 1, 2))
    third = store.save_result(make_report("a", 1, 3))
    assert first < second < third
    latest = store.previous_result("a")
    assert latest is not None and latest["answers"] == {"writer": 1, "n": 3}
    assert store.previous_result("b") == make_report("b", 1, 2)
    record = store.get(third)
    assert record is not None
    assert store.previous_of(record) == make_report("a", 1, 1)
    assert (record.bank_id, record.bank_version, record.language) == ("a", "1.0", "en")
    assert (record.outcome, record.confidence) == ("a", 0.5)
    assert record.scores == {"x": 0.003} and record.answers == {"writer": 1, "n": 3}
    assert record.taken_at.endswith("+00:00")
    assert [r.id for r in store.results("a")] == [first, third]
    assert [r.id for r in store.results(newest_first=True)] == [third, second, first]
    store.close()
    raw = rows(tmp_path / "h.db", "SELECT bank_id, outcome, scores, answers FROM results")
    assert raw[0] == ("a", "a", '{"x":0.001}', '{"writer":1,"n":1}')


def test_progress_is_saved_replaced_and_cleared_per_bank(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    assert store.paused.load("a") is None
    store.paused.save("a", {"answers": {"q1": "x"}})
    store.paused.save("a", {"answers": {"q1": "y", "q2": None}})
    store.paused.save("b", {"answers": {}})
    store.close()
    store = open_store(tmp_path / "h.db")
    assert store.paused.load("a") == {"answers": {"q1": "y", "q2": None}}
    store.paused.clear("a")
    assert store.paused.load("a") is None
    assert store.paused.load("b") == {"answers": {}}


def test_clear_deletes_and_numbers_are_never_reused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db")
    for n in range(3):
        store.save_result(make_report("a" if n else "b", 0, n))
    assert store.clear("a") == 2
    assert [r.bank_id for r in store.results()] == ["b"]
    assert store.clear() == 1 and store.count() == 0
    assert store.save_result(make_report("a", 0, 9)) == 4


# --- schema versions -------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,
    bank_id TEXT NOT NULL,
    bank_version TEXT NOT NULL,
    language TEXT NOT NULL,
    outcome TEXT NOT NULL,
    confidence REAL NOT NULL,
    report TEXT NOT NULL
);
PRAGMA user_version = 1;
"""


def test_a_database_from_schema_1_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    old = make_report("a", 7, 7)
    conn.execute(
        "INSERT INTO results (taken_at, bank_id, bank_version, language, outcome, confidence, "
        "report) VALUES ('2024-01-02T03:04:05+00:00', 'a', '1.0', 'en', 'a', 0.5, ?)",
        (json.dumps(old),),
    )
    conn.commit()
    conn.close()

    store = open_store(db)
    assert store.notice is None
    assert store.previous_result("a") == old
    (record,) = store.results()
    assert record.taken_at == "2024-01-02T03:04:05+00:00"
    assert record.scores == {"x": 0.007} and record.answers == {"writer": 7, "n": 7}
    store.paused.save("a", {"k": 1})  # the table added by schema 2
    assert store.save_result(make_report("a", 7, 8)) == 2
    store.close()
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_database_from_a_newer_popquiz_is_read_but_not_written(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = open_store(db)
    store.save_result(make_report("a", 0, 0))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()

    store = open_store(db)
    assert store.notice is not None and "newer popquiz" in store.notice
    assert store.previous_result("a") == make_report("a", 0, 0)
    with pytest.raises(OSError, match="newer popquiz"):  # take.py shows OSErrors and goes on
        store.save_result(make_report("a", 0, 1))
    store.close()
    assert len(rows(db)) == 1
    assert moved_files(tmp_path) == []


# --- damaged databases -----------------------------------------------------------------------


def moved_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if ".corrupt-" in p.name)


def test_a_garbage_file_is_moved_aside_and_a_fresh_database_started(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    garbage = b"this is not a database\n" * 100
    db.write_bytes(garbage)
    Path(f"{db}-wal").write_bytes(b"stale wal")

    store = open_store(db)
    (moved,) = [p for p in moved_files(tmp_path) if not p.name.endswith("-wal")]
    assert moved.read_bytes() == garbage  # kept, byte for byte
    assert Path(f"{moved}-wal").read_bytes() == b"stale wal"
    assert store.notice is not None and str(moved) in store.notice and str(db) in store.notice
    assert store.save_result(make_report("a", 0, 0)) == 1
    store.close()
    assert len(rows(db)) == 1


def test_a_damaged_page_is_detected_and_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = open_store(db)
    for n in range(60):
        store.save_result(make_report("a", 0, n, pad=3000))
    store.close()
    data = bytearray(db.read_bytes())
    assert len(data) > 40 * 4096
    page = 4096
    data[page * 5 : page * 30] = bytes(random.Random(1).randrange(256) for _ in range(page * 25))
    db.write_bytes(bytes(data))

    store = open_store(db)
    assert store.notice is not None and "moved to" in store.notice
    assert len(moved_files(tmp_path)) >= 1
    assert store.count() == 0 and store.save_result(make_report("a", 0, 0)) == 1


def test_minor_1_another_apps_database_is_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    conn = sqlite3.connect(db)
    conn.executescript(f"CREATE TABLE results (x TEXT); PRAGMA user_version = {SCHEMA_VERSION};")
    conn.close()
    before = db.read_bytes()
    store = open_store(db)
    assert store.notice is not None and "not a popquiz history" in store.notice
    assert "left untouched" in store.notice
    assert store.save_result(make_report("a", 0, 0)) == 1  # in memory for this run
    store.close()
    assert moved_files(tmp_path) == [] and db.read_bytes() == before
    assert rows(db, "PRAGMA journal_mode") == [("delete",)]  # never switched to WAL


def test_minor_1_a_foreign_application_id_is_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    conn = sqlite3.connect(db)
    conn.executescript("PRAGMA application_id = 1234; CREATE TABLE t (x); PRAGMA user_version=2;")
    conn.close()
    before = db.read_bytes()
    store = open_store(db)
    assert store.notice is not None and "left untouched" in store.notice
    store.close()
    assert moved_files(tmp_path) == [] and db.read_bytes() == before


def test_a_database_that_cannot_be_upgraded_is_moved_aside_unchanged(tmp_path: Path) -> None:
    """The upgrade to schema 2 fails halfway (its first ALTER succeeds, the second finds the
    column already there): the moved-aside file must not hold the first ALTER's column, which
    only a real ROLLBACK guarantees (tests.md defect 6)."""
    db = tmp_path / "h.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE results (id INTEGER PRIMARY KEY AUTOINCREMENT, taken_at TEXT, "
        "bank_id TEXT, bank_version TEXT, language TEXT, outcome TEXT, confidence REAL, "
        "report TEXT, answers TEXT); PRAGMA user_version = 1;"
    )
    conn.close()
    store = open_store(db)
    assert store.notice is not None and "cannot be upgraded" in store.notice
    (moved,) = (p for p in moved_files(tmp_path) if p.name.endswith("Z"))
    # The failed upgrade was rolled back: the old file is as it was.
    columns = [r[1] for r in rows(moved, "PRAGMA table_info(results)")]
    assert "scores" not in columns and columns[-1] == "answers"
    assert rows(moved, "PRAGMA user_version") == [(1,)]
    assert store.save_result(make_report("a", 0, 0)) == 1


def test_a_folder_in_place_of_the_database_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.mkdir()
    (db / "keep.txt").write_text("mine")
    store = open_store(db)
    assert store.notice is not None
    (moved,) = moved_files(tmp_path)
    assert (moved / "keep.txt").read_text() == "mine"
    assert store.save_result(make_report("a", 0, 0)) == 1


def test_no_usable_folder_means_memory_only_and_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = open_store(blocker / "sub" / "h.db")
    assert store.notice is not None and "will not be saved" in store.notice
    assert store.path is None
    assert store.save_result(make_report("a", 0, 0)) == 1  # the quiz goes on
    assert blocker.read_text() == "x"


def test_take_still_runs_and_saves_with_a_corrupt_database(tmp_path: Path) -> None:
    home = Path(os.environ["POPQUIZ_HOME"])
    (home / "history.sqlite3").write_bytes(b"\x00garbage" * 50)
    code, out, err = invoke("take", str(EXAMPLE_BANK), "--random", "--seed", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["bank"]["id"] == "tea-or-coffee"
    assert "moved to" in err and ".corrupt-" in err
    assert open_store().count() == 1


# --- nothing lost --------------------------------------------------------------------------


def test_concurrent_writers_each_save_every_record_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    writers, each = 4, 50
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), str(w), str(each)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=writer_env(),
        )
        for w in range(writers)
    ]
    reported: list[int] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "NOTICE" not in err
        reported += [int(line.split()[0]) for line in out.splitlines()]
    store = open_store(db)
    marks = [(r.answers["writer"], r.answers["n"]) for r in store.results()]
    assert sorted(marks) == [(w, n) for w in range(writers) for n in range(each)]
    assert sorted(reported) == [r.id for r in store.results()]  # ids unique, none lost


def test_killing_a_writer_mid_save_never_loses_committed_results(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    rng = random.Random(4)
    committed: set[int] = set()
    for round_ in range(8):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), str(round_), "0", "20000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=writer_env(),
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 15)):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            committed.add(int(line.split()[0]))
        time.sleep(rng.random() * 0.004)  # land somewhere inside the next save
        proc.send_signal(signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
        committed |= {int(line.split()[0]) for line in rest.splitlines() if line.strip()}
        assert "NOTICE" not in err  # the database was never found damaged

        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
        stored = {r[0] for r in rows(db, "SELECT id FROM results")}
        assert committed <= stored
        assert len(stored - committed) <= round_ + 1  # at most the one unreported per kill
    store = open_store(db)
    assert store.notice is None
    assert {r.id for r in store.results()} >= committed


# --- the CLI -------------------------------------------------------------------------------


def take(seed: int, *extra: str) -> tuple[int, str, str]:
    return invoke("take", str(EXAMPLE_BANK), "--random", "--seed", str(seed), *extra)


def test_history_lists_newest_first_filters_and_prints_json() -> None:
    assert take(1, "--json")[0] == 0
    assert take(2, "--json", "--no-save")[0] == 0
    assert take(3, "--json")[0] == 0
    store = open_store()
    store.save_result(make_report("other", 0, 0))

    code, out, _ = invoke("history")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["#", "DATE", "BANK", "LANG", "RESULT"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2", "1"]
    assert "tea-or-coffee" in lines[2] and "other" in lines[1]

    code, out, _ = invoke("history", "--bank", "tea-or-coffee", "--json")
    data = json.loads(out)
    assert code == 0 and [r["id"] for r in data] == [2, 1]
    assert all(r["bank"]["id"] == "tea-or-coffee" and "report" not in r for r in data)
    assert (
        invoke("history", "list", "--bank", "other", "--json")[1]
        == invoke("history", "--bank", "other", "--json")[1]
    )


def test_history_is_empty_at_first() -> None:
    code, out, _ = invoke("history")
    assert code == 0 and "No results yet" in out
    assert json.loads(invoke("history", "--json")[1]) == []


def test_result_screen_compares_with_the_previous_result_and_show_repeats_it() -> None:
    code, first, _ = take(1, "--plain")
    assert code == 0 and "Last time" not in first
    code, second, _ = take(5, "--plain")
    assert code == 0 and "Last time" in second
    previous = open_store().get(1)
    assert previous is not None and previous.outcome_title in second.split("Last time")[1]

    code, shown, err = invoke("history", "show", "2", "--plain")
    assert code == 0, err
    assert shown == second  # exactly as the result screen looked
    code, shown_first, _ = invoke("history", "show", "1", "--plain")
    assert shown_first == first

    code, raw, _ = invoke("history", "show", "2", "--json")
    assert json.loads(raw) == open_store().previous_result("tea-or-coffee")


def test_show_unknown_number_is_a_usage_error() -> None:
    code, out, err = invoke("history", "show", "42")
    assert code == 2 and "no result #42" in err and "Traceback" not in err + out


def test_export_writes_every_result_with_its_report(tmp_path: Path) -> None:
    take(1, "--json")
    take(2, "--json")
    target = tmp_path / "out" / "results.json"
    target.parent.mkdir()
    code, _, err = invoke("history", "export", str(target))
    assert code == 0 and "Exported 2 results" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "popquiz-history" and [r["id"] for r in data["results"]] == [1, 2]
    assert data["results"][1]["report"] == open_store().previous_result("tea-or-coffee")
    assert [p.name for p in target.parent.iterdir()] == ["results.json"]  # no temp left over

    code, out, _ = invoke("history", "export", "-", "--bank", "nope")
    assert code == 0 and json.loads(out)["results"] == []


def test_clear_refuses_without_a_terminal_or_yes() -> None:
    take(1, "--json")
    code, _, err = invoke("history", "clear")
    assert code == 2 and "--yes" in err
    assert open_store().count() == 1


def test_clear_asks_and_respects_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from popquiz.cli import history as history_cmd

    take(1, "--json")
    monkeypatch.setattr(history_cmd, "_stdin_is_tty", lambda: True)
    code, out, _ = invoke("history", "clear", stdin="n\n")
    assert code == 0 and "Delete 1 result?" in out and "Nothing deleted" in out
    assert open_store().count() == 1
    code, out, _ = invoke("history", "clear", stdin="y\n")
    assert code == 0 and "Deleted 1 result." in out
    assert open_store().count() == 0


def test_clear_yes_and_bank_scope() -> None:
    take(1, "--json")
    open_store().save_result(make_report("other", 0, 0))
    code, out, _ = invoke("history", "clear", "--bank", "other", "--yes")
    assert code == 0 and "Deleted 1 result for 'other'" in out
    assert [r.bank_id for r in open_store().results()] == ["tea-or-coffee"]
    code, out, _ = invoke("history", "clear", "-y")
    assert code == 0 and open_store().count() == 0
    code, out, _ = invoke("history", "clear")
    assert code == 0 and "nothing to clear" in out


@pytest.mark.parametrize("command", ["list", "show", "export", "clear"])
def test_history_subcommands_have_help_with_examples(command: str) -> None:
    code, out, _ = invoke("history", command, "--help")
    assert code == 0 and "Examples" in out


def test_history_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    store = open_store()
    for n in range(300):
        store.save_result(make_report("piped", 0, n))
    store.close()
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` having exited
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "popquiz", "history"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=writer_env(),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == ""  # no traceback, no "Exception ignored" at exit
    assert proc.returncode == 0  # a closed pipe is a normal end for a Unix tool


# --- the second hostile round: history that cannot be silently emptied ---------------------


def test_C4_every_command_checkpoints_the_log_into_the_main_file(tmp_path: Path) -> None:
    env = {**os.environ, "POPQUIZ_HOME": str(tmp_path)}
    for seed in range(3):
        proc = subprocess.run(
            [sys.executable, "-m", "popquiz", "take", "--random", "--seed", str(seed), "--json"],
            capture_output=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, proc.stderr
    db = tmp_path / "history.sqlite3"
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing lives only in the log
    # The main file alone (the log set aside) holds every result.
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(db.read_bytes())
    assert len(rows(copy)) == 3


def test_C4_an_empty_main_file_beside_a_log_is_moved_aside_with_the_log(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = open_store(db)
    for n in range(5):
        store.save_result(make_report("a", 0, n))
    # The state the review found: results only in the -wal (a store never closed) ...
    wal_bytes = Path(f"{db}-wal").read_bytes()
    assert len(wal_bytes) > 0
    store._conn.close()  # without the checkpoint that close() does
    Path(f"{db}-wal").write_bytes(wal_bytes)
    db.write_bytes(b"")  # ... and then `truncate -s 0 history.sqlite3`
    store = open_store(db)
    assert store.notice is not None and "moved to" in store.notice and "-wal" in store.notice
    moved = [p for p in moved_files(tmp_path) if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes() == b""
    assert Path(f"{moved[0]}-wal").read_bytes() == wal_bytes  # every result kept
    assert store.count() == 0 and store.save_result(make_report("a", 0, 0)) == 1
    store.close()


def test_M7_a_read_only_database_is_listed_and_never_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = default_path()
    store = open_store(db)
    store.save_result(make_report("kpop-vs-jpop", 0, 1))
    store.close()
    db.chmod(0o444)
    real_access = os.access

    def no_write(path: Any, mode: int, **kwargs: Any) -> bool:  # as an unprivileged user
        if Path(path) == db and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", no_write)
    code, out, err = invoke("history")
    assert code == 0, err
    assert "read-only" in err and "kpop-vs-jpop" in out
    assert moved_files(db.parent) == []
    # minor 3: a history error has its own exit status, not 1 (invalid bank)
    code, out, err = invoke("history", "clear", "--yes")
    assert code == 75, err
    assert "read-only" in err
    db.chmod(0o644)


def test_minor_10_a_stored_report_of_another_shape_is_skipped_not_a_crash(
    tmp_path: Path,
) -> None:
    db = default_path()
    store = open_store(db)
    store.save_result(make_report("kpop-vs-jpop", 0, 1))
    store.close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "INSERT INTO results (taken_at, bank_id, bank_version, language, outcome, "
            "confidence, scores, answers, report) VALUES ('2020-01-01T00:00:00+00:00', "
            "'kpop-vs-jpop', '1', 'en', 'kpop', 0.5, '{}', '{}', ?)",
            (json.dumps({"outcome": "kpop", "bank": "kpop-vs-jpop", "schema": 0}),),
        )
    conn.close()
    code, out, err = invoke("history")
    assert code == 0, err
    assert "another popquiz version" in err and "kpop" in out
    code, out, err = invoke("history", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, err = invoke("history", "export", "-")
    assert code == 0 and json.loads(out)["results"][0]["report"] is not None
    code, out, err = invoke("history", "show", "2")
    assert code == 75 and "another popquiz version" in err
    # take draws its comparison line only from a report of the current shape
    code, out, err = invoke("take", "--random", "--seed", "3")
    assert code == 0, err
    assert "internal error" not in err


def test_M9_a_result_number_beyond_64_bits_is_a_usage_error() -> None:
    code, _out, err = invoke("history", "show", "99999999999999999999")
    assert code == 2 and "internal error" not in err
    store = open_store(default_path())
    assert store.get(2**70) is None
    store.close()
