"""Run one popquiz command in a fresh, memory-capped interpreter and measure what it cost."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CHILD = Path(__file__).with_name("child.py")
MEMORY_LIMIT = 256 * 1024 * 1024  # address space of the child (RLIMIT_AS)
TIME_BUDGET = float(os.environ.get("POPQUIZ_HOSTILE_BUDGET", "2.0"))  # seconds in popquiz
HANG_TIMEOUT = 60.0  # kill a child after this long: a hang is a failure, not a stuck suite


@dataclass
class Outcome:
    status: int  # exit status; negative: killed by that signal (a crash)
    stdout: str
    stderr: str
    elapsed: float | None  # seconds spent inside popquiz.cli.run (None if it never returned)
    wall: float  # seconds for the whole process, interpreter start-up included
    peak_rss_mib: float  # peak resident memory of the child
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_popquiz(
    args: list[str], *, pure: bool, workdir: Path, env: dict[str, str] | None = None
) -> Outcome:
    """``popquiz ARGS`` in a child interpreter (libyaml removed when ``pure``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
    report = workdir / f".report-{tag}.json"
    out_path, err_path = workdir / f".out-{tag}", workdir / f".err-{tag}"
    child_env = {k: v for k, v in os.environ.items() if k not in ("POPQUIZ_DEBUG", "COLUMNS")}
    child_env.setdefault("POPQUIZ_HOME", str(workdir / "home"))
    child_env["PYTHONDONTWRITEBYTECODE"] = "1"
    child_env.update(env or {})
    cmd = [sys.executable, str(CHILD), "pure" if pure else "c", str(report), "--", *args]
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=workdir,
            env=child_env,
            preexec_fn=_limit_memory,
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            proc.send_signal(signal.SIGKILL)

        timer = threading.Timer(HANG_TIMEOUT, kill)
        timer.start()
        try:
            _, raw_status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
    wall = time.perf_counter() - started
    status = os.waitstatus_to_exitcode(raw_status)
    proc.returncode = status  # reaped by wait4; keep Popen from waiting again
    elapsed = None
    if report.exists():
        elapsed = float(json.loads(report.read_text())["elapsed"])
        report.unlink()
    stdout = out_path.read_bytes().decode("utf-8", "replace")
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return Outcome(
        status=status,
        stdout=stdout,
        stderr=stderr,
        elapsed=elapsed,
        wall=wall,
        peak_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        timed_out=timed_out.is_set(),
    )
