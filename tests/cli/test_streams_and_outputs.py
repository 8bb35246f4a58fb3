"""Output files and output streams (reliability review C3, M4, M6, minor 2, 9): named after the
finding each guards. The hostile corpus (tests/hostile/corpus.py) covers the simpler
path cases; these check what a corpus case cannot: file types and permissions afterwards, a
full disk, a closed stdout, a failure at the very end of a quiz."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEFAULT_BANK
from popquiz.store import outputs
from popquiz.store.outputs import OutputError, write_text
from ptyutil import needs_pty, pexpect, spawn

pytestmark = pytest.mark.timeout(120)


def popquiz(
    *args: str, home: Path, stdout: int | None = subprocess.PIPE, shell_suffix: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POPQUIZ_HOME": str(home)}
    if shell_suffix:
        command = " ".join([sys.executable, "-m", "popquiz", *args]) + shell_suffix
        return subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60
        )
    return subprocess.run(
        [sys.executable, "-m", "popquiz", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        timeout=60,
    )


def results_in(home: Path) -> int:
    conn = sqlite3.connect(home / "history.sqlite3")
    try:
        return int(conn.execute("SELECT count(*) FROM results").fetchone()[0])
    finally:
        conn.close()


# --- C3 and minor 2: the one safe output writer ----------------------------------------------


def test_C3_history_export_leaves_a_fifo_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    proc = popquiz("history", "export", str(fifo), home=tmp_path / "home")
    assert proc.returncode == 73, proc.stderr
    assert "FIFO" in proc.stderr and "Traceback" not in proc.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_C3_a_device_is_never_replaced(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="device"):
        write_text(Path("/dev/null"), "x")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_C3_a_symlink_to_a_device_is_never_replaced(tmp_path: Path) -> None:
    link = tmp_path / "stdout"
    link.symlink_to("/dev/null")
    with pytest.raises(OutputError, match="device"):
        write_text(link, "x")
    assert link.is_symlink()


def test_C3_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text("old")
    card.chmod(0o600)
    proc = popquiz(
        "take", "--random", "--no-save", "--export", str(card), "--json", home=tmp_path / "h"
    )
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(card.stat().st_mode) == 0o600
    assert json.loads(card.read_text())["bank"]["id"] == "kpop-vs-jpop"


def test_C3_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_C3_a_symlink_to_a_file_is_written_through_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_C3_a_dangling_symlink_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(OutputError, match="dangling"):
        write_text(link, "x")
    assert not (tmp_path / "elsewhere.json").exists()


def test_C3_a_swap_to_a_fifo_before_the_rename_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    real_check = outputs.check_target
    calls: list[int] = []

    def swapping(path: Path, *, overwrite: bool = True) -> tuple[Path, int | None]:
        calls.append(1)
        if len(calls) == 2:  # the re-check just before the rename
            os.mkfifo(target)
        return real_check(path, overwrite=overwrite)

    monkeypatch.setattr(outputs, "check_target", swapping)
    with pytest.raises(OutputError, match="FIFO"):
        write_text(target, "x")
    assert stat.S_ISFIFO(target.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_minor_2_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text("keep me")
    proc = popquiz("new", str(bank), home=tmp_path / "h")
    assert proc.returncode == 2 and "already exists" in proc.stderr
    assert bank.read_text() == "keep me"


def test_minor_2_new_does_not_write_the_schema_through_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "bank.schema.json").symlink_to(tmp_path / "planted.json")
    proc = popquiz("new", str(tmp_path / "mine.yaml"), home=tmp_path / "h")
    assert proc.returncode == 73, proc.stderr
    assert "dangling" in proc.stderr
    assert not (tmp_path / "planted.json").exists()


def test_minor_2_new_overwrites_only_with_force(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text("old")
    proc = popquiz("new", str(bank), "--force", home=tmp_path / "h")
    assert proc.returncode == 0, proc.stderr
    assert bank.read_text().startswith("# yaml-language-server")


# --- M6: the export target is checked first; a late failure loses nothing -----------------


@needs_pty
def test_M6_a_bad_export_target_is_refused_before_the_quiz(tmp_path: Path) -> None:
    assert pexpect is not None
    coffee = str(DEFAULT_BANK.parent / "examples" / "coffee.yaml")
    card = str(tmp_path / "missing-dir" / "card.svg")
    argv = ["take", coffee, "--no-save", "--export", card]
    child = spawn(tmp_path, argv, cols=80, rows=24, timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    out = " ".join(child.before.split())
    assert child.exitstatus == 73, out
    assert "missing-dir" in out and "does not exist" in out
    assert "Press Enter" not in out  # no welcome screen: not a single question was asked


def test_M6_a_failed_export_at_the_end_still_shows_and_saves_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from popquiz.cli import run
    from popquiz.ui import export

    def failing(path: Path, text: str) -> None:
        raise OutputError(f"cannot write {str(path)!r}: No space left on device")

    monkeypatch.setattr(export, "_write", failing)
    home = Path(os.environ["POPQUIZ_HOME"])
    code = run(["take", "--random", "--seed", "1", "--export", str(tmp_path / "card.md")])
    out = capsys.readouterr()
    assert code == 73
    assert "No space left on device" in out.err
    assert "Verdict:" in out.out  # the result screen was shown
    assert results_in(home) == 1  # and saved


# --- M4: a full disk or a closed stdout ---------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("take", "--random", "--no-save"),
        ("take", "--random", "--no-save", "--json"),
        ("history",),
        ("schema",),
        ("list",),
        ("validate", str(DEFAULT_BANK)),
        ("--version",),
    ],
    ids=lambda a: " ".join(a[:2]).replace(str(DEFAULT_BANK), "bank"),
)
def test_M4_a_full_disk_on_stdout_is_one_line_and_exit_74(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    with Path("/dev/full").open("w") as full:
        proc = popquiz(*args, home=tmp_path, stdout=full.fileno())
    assert proc.returncode == 74, proc.stderr
    assert "cannot write the output" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("args", [("take", "--random", "--json"), ("history",), ("list",)])
def test_M4_a_closed_stdout_is_one_line_and_exit_74(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = popquiz(*args, home=tmp_path, shell_suffix=" 1>&-")
    assert proc.returncode == 74, proc.stderr
    assert "closed" in proc.stderr and "Traceback" not in proc.stderr


# --- minor 9: answers files speak of answers files ----------------------------------------


def test_minor_9_the_answers_size_error_speaks_of_answers_files(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    proc = popquiz("take", "--answers", str(answers), "--no-save", home=tmp_path / "h")
    assert proc.returncode == 1, proc.stderr
    assert "E002" in proc.stderr and "answers file" in proc.stderr
    assert "split the bank" not in proc.stderr
