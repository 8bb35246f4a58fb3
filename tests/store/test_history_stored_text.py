"""Text read back from the history database is shown inertly, whoever wrote it there."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import sys

import pytest

from conftest import EXAMPLE_BANK
from popquiz.cli import run
from popquiz.store.history import default_path, open_store

ESCAPES = "\x1b]0;X\x07"


def invoke(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def _tamper() -> None:
    """Write terminal escapes into every text column of two stored results (one whose report
    is still readable, one whose report is damaged, so its outcome column is what is shown)."""
    conn = sqlite3.connect(default_path())
    with conn:
        report = json.loads(conn.execute("SELECT report FROM results WHERE id = 1").fetchone()[0])
        report["outcome"]["title"] = "Title" + ESCAPES
        report["bank"]["title"] = "Bank" + ESCAPES
        conn.execute(
            "UPDATE results SET outcome = ?, bank_version = ?, language = ?, report = ? "
            "WHERE id = 1",
            ("o" + ESCAPES, "1.0" + ESCAPES, "en", json.dumps(report)),
        )
        conn.execute(
            "UPDATE results SET outcome = ?, bank_id = ?, taken_at = ?, report = '{' WHERE id = 2",
            ("o" + ESCAPES, "b" + ESCAPES, "t" + ESCAPES),
        )
    conn.close()


def test_N12_text_from_a_stored_result_reaches_the_terminal_inert() -> None:
    for seed in ("1", "2"):
        code, _out, err = invoke("take", str(EXAMPLE_BANK), "--random", "--seed", seed, "--json")
        assert code == 0, err
    _tamper()
    for args in (
        ("history",),
        ("history", "list", "--lang", "ko"),
        ("history", "show", "1"),
        ("history", "show", "2"),
        ("history", "clear", "--bank", "b" + ESCAPES),
        ("take", str(EXAMPLE_BANK), "--random", "--seed", "3", "--no-color"),  # "last time"
    ):
        code, out, err = invoke(*args)
        assert "internal error" not in err, (args, err)
        for stream in (out, err):
            assert "\x1b]" not in stream and "\x07" not in stream, (args, stream)
        assert "\\x1b" in out + err or args[0] == "take", (args, out, err)
    code, out, _err = invoke("history")
    assert "Title\\x1b]0;X\\x07" in out
    # --json stays the stored data, escaped as JSON escapes every control character
    code, out, _err = invoke("history", "--json")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    store = open_store()
    assert store.count() == 3
    store.close()


def test_a_stored_report_holding_nan_is_read_as_damaged_not_printed_as_invalid_json() -> None:
    """A hand-edited row with NaN must not become invalid ``--json`` output or an internal
    error: the report is treated as damaged, and every command exits with a documented status."""
    code, _out, err = invoke("take", str(EXAMPLE_BANK), "--random", "--seed", "1", "--json")
    assert code == 0, err
    conn = sqlite3.connect(default_path())
    with conn:
        text = conn.execute("SELECT report FROM results WHERE id = 1").fetchone()[0]
        report = json.loads(text)
        report["axes"][0]["score"] = float("nan")
        conn.execute("UPDATE results SET report = ? WHERE id = 1", (json.dumps(report),))
    conn.close()
    for args in (("history", "--json"), ("history", "show", "1", "--json")):
        code, out, err = invoke(*args)
        assert code in (0, 75), (args, code, err)  # 75: the damaged row is named, not shown
        if out.strip():
            json.loads(out, parse_constant=_no_constant)


def _no_constant(name: str) -> None:
    pytest.fail(f"{name} in popquiz's --json output")
