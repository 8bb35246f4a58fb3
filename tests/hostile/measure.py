"""Print what every hostile case costs: time and peak memory, through both YAML parsers.

    .venv/bin/python tests/hostile/measure.py [--markdown] [NAME-SUBSTRING ...]

Each case runs in a fresh interpreter capped at 256 MiB of address space (tests/test_hostile.py
forks its runs from an interpreter that has imported popquiz already, which leaves start-up
out). "in popquiz" is the time inside ``popquiz.cli.run`` (the part the 2 s budget applies to);
"process" adds interpreter start-up and imports.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hostile.corpus import CASES, write_case
from hostile.runner import TIME_BUDGET, run_popquiz

_CODE = re.compile(r":\d+:\d+: error\[(\w+)\]")


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    cases = [c for c in CASES if not wanted or any(w in c.name for w in wanted)]
    rows = []
    worst_time = worst_rss = 0.0
    failures = 0
    with tempfile.TemporaryDirectory(prefix="popquiz-hostile-") as tmp:
        for case in cases:
            for pure in (False, True):
                folder = Path(tmp) / case.name / ("pure" if pure else "c")
                folder.mkdir(parents=True)
                args = write_case(case, folder)
                out = run_popquiz(args, pure=pure, workdir=folder, env=dict(case.env))
                expected = case.expected(pure)
                codes = [c for c in _CODE.findall(out.output) if c in expected]
                ok = (
                    out.status == case.expected_status(pure)
                    and (not expected or bool(codes))
                    and case.says in out.output
                    and (case.setup is None or "\x1b" not in out.output)
                    and "Traceback" not in out.output
                    and out.elapsed is not None
                    and out.elapsed < TIME_BUDGET
                    and out.peak_rss_mib < 256
                )
                failures += not ok
                elapsed = out.elapsed if out.elapsed is not None else float("nan")
                worst_time = max(worst_time, elapsed)
                worst_rss = max(worst_rss, out.peak_rss_mib)
                rows.append(
                    (
                        case.name,
                        "pure" if pure else "libyaml",
                        str(out.status),
                        codes[0] if codes else "-",
                        f"{elapsed:.3f}",
                        f"{out.wall:.2f}",
                        f"{out.peak_rss_mib:.0f}",
                        "ok" if ok else "FAIL",
                    )
                )
    head = ("case", "parser", "exit", "error", "in popquiz s", "process s", "peak MiB", "")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(
        f"\n{len(rows)} runs ({len(cases)} cases x 2 parsers); slowest {worst_time:.3f} s in "
        f"popquiz (budget {TIME_BUDGET:g} s); largest peak RSS {worst_rss:.0f} MiB (limit 256); "
        f"{failures} failing"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
