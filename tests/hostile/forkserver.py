"""Serve popquiz runs from one interpreter that has imported popquiz once, forking a fresh
child for each run (the hostile corpus runs about 270 commands; starting an interpreter and
building the format's models for each cost most of its time).

    python forkserver.py {c|pure}

Reads one JSON request per line on stdin (``args``, ``cwd``, ``env``, ``stdout``, ``stderr``,
``report``, ``timeout``) and answers each with one JSON line: the child's exit status (negative:
the signal that killed it), its peak resident memory in KiB and whether it was killed for
hanging. Each child is a process of its own, so a crash or a hang fails only its run; it is
capped at the same address space as a fresh interpreter (``runner.MEMORY_LIMIT``), runs in
its own folder with its own environment, reads nothing on stdin and writes its output and the
time spent in popquiz to the files named. With ``pure``, PyYAML's C bindings are removed
before popquiz is imported, as in ``child.py``.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 256 * 1024 * 1024  # the same cap as runner.MEMORY_LIMIT


def main() -> None:
    (mode,) = sys.argv[1:]
    assert mode in ("c", "pure"), sys.argv
    import yaml

    if mode == "pure":
        for name in [n for n in dir(yaml) if n.startswith("C")]:
            delattr(yaml, name)
        yaml.__with_libyaml__ = False
    elif getattr(yaml, "CSafeLoader", None) is None:
        sys.stderr.write("forkserver.py: libyaml is not available\n")
        sys.exit(99)
    # What every run imports first: the command line, and reading and checking a bank.
    import popquiz.bank.loader
    import popquiz.bank.spec  # noqa: F401
    from popquiz.cli import run

    for line in sys.stdin:
        answer = serve(json.loads(line), run)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def serve(job: dict[str, Any], run: Callable[[list[str]], int]) -> dict[str, Any]:
    pid = os.fork()
    if pid == 0:
        _child(job, run)  # never returns
    deadline = time.monotonic() + float(job["timeout"])
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if not timed_out and time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            timed_out = True
        time.sleep(0.002)
    return {
        "status": os.waitstatus_to_exitcode(status),
        "maxrss": usage.ru_maxrss,
        "timed_out": timed_out,
    }


def _child(job: dict[str, Any], run: Callable[[list[str]], int]) -> None:
    status = 70
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(job[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        # The server's stdin may hold requests it read ahead: the child gets a fresh one.
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        started = time.perf_counter()
        status = run(job["args"])
        elapsed = time.perf_counter() - started
        Path(job["report"]).write_text(
            json.dumps({"elapsed": elapsed, "status": status}), encoding="utf-8"
        )
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


if __name__ == "__main__":
    main()
