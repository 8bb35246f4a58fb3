"""Run one popquiz command in a fresh, memory-capped process and measure what it cost: in a
fresh interpreter (:func:`run_popquiz`), or forked from one that has imported popquiz already
(:class:`ForkServers`, for the many runs of the corpus)."""

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
SERVER = Path(__file__).with_name("forkserver.py")
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


def _child_env(workdir: Path, env: dict[str, str] | None) -> dict[str, str]:
    child_env = {k: v for k, v in os.environ.items() if k not in ("POPQUIZ_DEBUG", "COLUMNS")}
    child_env.setdefault("POPQUIZ_HOME", str(workdir / "home"))
    child_env["PYTHONDONTWRITEBYTECODE"] = "1"
    child_env.update(env or {})
    return child_env


def _files(workdir: Path) -> tuple[Path, Path, Path]:
    """The report, stdout and stderr files of one run."""
    workdir.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
    return workdir / f".report-{tag}.json", workdir / f".out-{tag}", workdir / f".err-{tag}"


def _collect(report: Path, out_path: Path, err_path: Path) -> tuple[float | None, str, str]:
    """Time in popquiz (None if it never returned), stdout and stderr; the files removed."""
    elapsed = None
    if report.exists():
        elapsed = float(json.loads(report.read_text())["elapsed"])
        report.unlink()
    stdout = out_path.read_bytes().decode("utf-8", "replace")
    stderr = err_path.read_bytes().decode("utf-8", "replace")
    out_path.unlink()
    err_path.unlink()
    return elapsed, stdout, stderr


def run_popquiz(
    args: list[str], *, pure: bool, workdir: Path, env: dict[str, str] | None = None
) -> Outcome:
    """``popquiz ARGS`` in a child interpreter (libyaml removed when ``pure``)."""
    report, out_path, err_path = _files(workdir)
    child_env = _child_env(workdir, env)
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
    elapsed, stdout, stderr = _collect(report, out_path, err_path)
    return Outcome(
        status=status,
        stdout=stdout,
        stderr=stderr,
        elapsed=elapsed,
        wall=wall,
        peak_rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        timed_out=timed_out.is_set(),
    )


class ForkServers:
    """Per thread and parser, one interpreter (``forkserver.py``) that has imported popquiz
    and forks a fresh, memory-capped child for each run: the same process boundary as
    :func:`run_popquiz` (a crash or a hang fails only its run), without paying interpreter
    start-up and the format's models for every one of the corpus's runs. A run with its own
    environment (``env``) still gets a fresh interpreter: settings such as PYTHONIOENCODING
    are read only at start-up."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[subprocess.Popen[str]] = []
        self._lock = threading.Lock()

    def run(
        self, args: list[str], *, pure: bool, workdir: Path, env: dict[str, str] | None = None
    ) -> Outcome:
        if env:
            return run_popquiz(args, pure=pure, workdir=workdir, env=env)
        server = self._server(pure)
        report, out_path, err_path = _files(workdir)
        job = {
            "args": args,
            "cwd": str(workdir),
            "env": _child_env(workdir, env),
            "stdout": str(out_path),
            "stderr": str(err_path),
            "report": str(report),
            "timeout": HANG_TIMEOUT,
        }
        started = time.perf_counter()
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(json.dumps(job) + "\n")
        server.stdin.flush()
        line = server.stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server stopped (exit {server.wait()})")
        answer = json.loads(line)
        wall = time.perf_counter() - started
        elapsed, stdout, stderr = _collect(report, out_path, err_path)
        return Outcome(
            status=answer["status"],
            stdout=stdout,
            stderr=stderr,
            elapsed=elapsed,
            wall=wall,
            peak_rss_mib=answer["maxrss"] / 1024,  # KiB on Linux
            timed_out=answer["timed_out"],
        )

    def _server(self, pure: bool) -> subprocess.Popen[str]:
        servers: dict[bool, subprocess.Popen[str]] = self._local.__dict__.setdefault("servers", {})
        if pure not in servers:
            env = {k: v for k, v in os.environ.items() if k != "POPQUIZ_DEBUG"}
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            servers[pure] = subprocess.Popen(
                [sys.executable, str(SERVER), "pure" if pure else "c"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            with self._lock:
                self._all.append(servers[pure])
        return servers[pure]

    def close(self) -> None:
        with self._lock:
            for server in self._all:
                if server.stdin is not None:
                    server.stdin.close()
                server.wait(timeout=30)
                if server.stdout is not None:
                    server.stdout.close()
            self._all.clear()
