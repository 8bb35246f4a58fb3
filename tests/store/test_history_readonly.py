"""A data folder that cannot be written: past results are listed, changes exit 75."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_BANK

MOUNT_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1"'


def _in_read_only_folder(
    folder: Path, *commands: list[str]
) -> list[subprocess.CompletedProcess[str]]:
    """Run each command with ``folder`` bind-mounted read-only in a private mount namespace
    (root ignores permissions, so a read-only mount is the one honest way to get a folder even
    root cannot write). Skips where ``unshare`` cannot make one."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", MOUNT_READ_ONLY, "sh", str(folder)],
        capture_output=True,
        timeout=30,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here: {probe.stderr!r}")
    results = []
    for command in commands:
        results.append(
            subprocess.run(
                [
                    "unshare",
                    "-m",
                    "sh",
                    "-c",
                    MOUNT_READ_ONLY + ' && shift && exec "$@"',
                    "sh",
                    str(folder),
                    *command,
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )
        )
    return results


def popquiz(*args: str) -> list[str]:
    return [sys.executable, "-m", "popquiz", *args]


def test_N5_a_read_only_data_folder_lists_results_and_clear_exits_75() -> None:
    home = Path(os.environ["POPQUIZ_HOME"])
    for seed in ("1", "2"):
        done = subprocess.run(
            popquiz("take", str(EXAMPLE_BANK), "--random", "--seed", seed, "--json"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    db = home / "history.sqlite3"
    assert not Path(f"{db}-shm").exists()  # closed cleanly: a reader would have to create it
    listing, as_json, clear, take = _in_read_only_folder(
        home,
        popquiz("history"),
        popquiz("history", "--json"),
        popquiz("history", "clear", "--yes"),
        popquiz("take", str(EXAMPLE_BANK), "--random", "--seed", "3", "--json"),
    )
    assert listing.returncode == 0, listing.stderr
    assert "tea-or-coffee" in listing.stdout and "No results" not in listing.stdout
    assert "read-only" in listing.stderr
    assert as_json.returncode == 0 and as_json.stdout.count('"tea-or-coffee"') == 2
    assert clear.returncode == 75, (clear.stdout, clear.stderr)
    assert "read-only" in clear.stderr and str(home) in clear.stderr
    assert "nothing to clear" not in clear.stdout
    assert db.stat().st_size > 0
    # a new result is shown, then the command says it was not saved: never exit 0 for it
    assert take.returncode == 75, take.stderr
    assert take.stdout.startswith("{") and "not saved" in take.stderr
