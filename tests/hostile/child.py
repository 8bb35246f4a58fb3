"""Run popquiz's command line in this (fresh) interpreter, optionally without libyaml.

    python child.py {c|pure} REPORT_FILE -- popquiz arguments...

With ``pure``, PyYAML's C bindings are removed before popquiz is imported, so every parse goes
through the pure-Python parser, exactly as on a machine without libyaml. The time spent in
popquiz (after start-up) is written to REPORT_FILE as JSON; the exit status is popquiz's.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    loader, report, sep, *args = sys.argv[1:]
    assert sep == "--" and loader in ("c", "pure"), sys.argv
    import yaml

    if loader == "pure":
        for name in [n for n in dir(yaml) if n.startswith("C")]:
            delattr(yaml, name)
        yaml.__with_libyaml__ = False
    elif getattr(yaml, "CSafeLoader", None) is None:
        sys.stderr.write("child.py: libyaml is not available\n")
        sys.exit(99)

    from popquiz.cli import run

    started = time.perf_counter()
    status = run(args)
    elapsed = time.perf_counter() - started
    with Path(report).open("w", encoding="utf-8") as fh:
        json.dump({"elapsed": elapsed, "status": status}, fh)
    sys.stdout.flush()
    sys.exit(status)


if __name__ == "__main__":
    main()
