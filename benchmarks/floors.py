"""What the scale and analyze targets of benchmarks/run.py leave room for, measured: each
target's floor, the least a run could take with the libraries popquiz is built on.

    .venv/bin/python benchmarks/floors.py            # median of 7 runs
    .venv/bin/python benchmarks/floors.py --runs 15

For the loading targets the floor is: starting popquiz and importing what `validate` imports
(a `validate` of a one-question bank), plus libyaml handing out the file's YAML events with
nothing built from them (PyYAML's C parser, the fastest way PyYAML reads), plus the checks
that follow reading (pydantic, cross-references; measured on the data the reader built). Only
popquiz's own loop that builds the data from the events is left out: a floor ratio above the
target means no change to popquiz's reader can meet it while PyYAML reads the file.

For `analyze` the floor is `validate`, plus importing numpy and the analysis, plus rendering
the report: the analysis itself is then what is left of the target ("room"), to compare with
what it takes today ("analysis").

Like run.py it only reports: it exits 0 whatever it measures.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from gen_bank import make_bank
from run import (
    DEFAULT_BANK,
    PY,
    Context,
    _in_child,
    catalogue_bank,
    child_env,
    run_once,
    scratch,
)

# Run in a fresh interpreter for each file: the seconds libyaml takes to hand out the events
# (all of them, or up to the act past the limit), popquiz's reader, and the checks after it.
MEASURE_FILE = r"""
import gc, json, sys, time
from pathlib import Path
import yaml
from popquiz.bank import yamlsafe
from popquiz.bank.loader import check
from popquiz.bank.safeio import decode

gc.disable()
path, acts_limit = Path(sys.argv[1]), int(sys.argv[2])

def until(text, stop):
    # How many events libyaml hands out up to the root's act past ``stop`` (0: all of them).
    loader = yaml.CSafeLoader(text)
    open_, acts, n = [], 0, 0  # per open container: [a mapping?, next node a key?, last key]
    while (event := loader.get_event()) is not None:
        n += 1
        kind = event.__class__.__name__
        if kind in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent"):
            if open_ and open_[-1][0]:
                top = open_[-1]
                if top[1]:
                    top[2] = event.value if kind == "ScalarEvent" else None
                top[1] = not top[1]
            elif len(open_) == 2 and open_[0][2] == "acts":
                acts += 1
                if stop and acts > stop:
                    break
            if kind != "ScalarEvent":
                open_.append([kind == "MappingStartEvent", True, None])
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            open_.pop()
    loader.dispose()
    return n

def events(text, count):
    # The seconds libyaml takes to hand out ``count`` events, with nothing built from them.
    loader = yaml.CSafeLoader(text)
    get = loader.get_event
    start = time.perf_counter()
    for _ in range(count):
        get()
    took = time.perf_counter() - start
    loader.dispose()
    return took

files = [path] + sorted(p for p in path.parent.glob("*.yaml") if p != path)
texts = [decode(p.read_bytes(), str(p)) for p in files]
out = {"events": 0.0, "read": 0.0, "check": 0.0}
for text in texts:
    count = until(text, acts_limit)
    out["events"] += min(events(text, count) for _ in range(3))
    best = None
    for _ in range(3):
        start = time.perf_counter()
        try:
            yamlsafe.parse(text, "x")
        except yamlsafe.YamlRejected:
            pass
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    out["read"] += best
for _ in range(2):
    start = time.perf_counter()
    check(path)
    took = time.perf_counter() - start
    out["check"] = took if not out["check"] else min(out["check"], took)
print(json.dumps(out))
"""

# The parts of `analyze` besides reading the bank: importing numpy and the analysis, the
# analysis, and rendering its report.
MEASURE_ANALYZE = r"""
import gc, io, json, os, sys, time
from pathlib import Path
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
gc.disable()
from popquiz.cli.analyze import read_for_analysis
read = read_for_analysis(Path(sys.argv[1]))
start = time.perf_counter()
from popquiz.engine.analysis import analyze
imported = time.perf_counter()
result = analyze(read.bank, doc=read.doc, catalogue=read.catalogue, path=sys.argv[1])
analysed = time.perf_counter()
from popquiz.ui.analyze_view import render_analysis
from popquiz.ui.console import make_console
console = make_console(plain=False, no_color=False)
console.file = io.StringIO()
render_analysis(result.to_dict(), console, plain=False)
rendered = time.perf_counter()
print(json.dumps({"imports": imported - start, "analysis": analysed - imported,
                  "render": rendered - analysed}))
"""


def wall(argv: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of ``argv`` over ``runs`` fresh processes, after one warm-up."""
    run_once(argv, env)
    return statistics.median(run_once(argv, env).seconds for _ in range(runs))


def child(ctx: Context, script: str, *args: str) -> dict[str, float]:
    """What a measuring script printed in a fresh interpreter; its error, if it failed."""
    found = _in_child(ctx, script, *args)
    if isinstance(found, str):
        raise SystemExit(f"floors.py: a measurement failed: {found}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    args = parser.parse_args(argv)
    with scratch() as tmp:
        home = tmp / "home"
        home.mkdir()
        env = child_env(home)
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        ctx = Context(args.runs, env, 30.0, tmp)
        one, big = tmp / "one" / "bank.yaml", tmp / "big" / "bank.yaml"
        for path, questions in ((one, 1), (big, 10_000)):
            path.parent.mkdir()
            path.write_text(make_bank(questions), encoding="utf-8")
        validate = [PY, "-m", "popquiz", "validate"]
        base = wall([*validate, str(DEFAULT_BANK)], env, args.runs)
        start = wall([*validate, str(one)], env, args.runs)
        print(
            f"validate (default bank): {base * 1000:.0f} ms; validate of a one-question bank "
            f"(starting and importing): {start * 1000:.0f} ms; median of {args.runs} runs\n"
        )
        rows = ["| target | floor | floor ratio | target ratio | popquiz's reader | today |"]
        rows.append("|---|---|---|---|---|---|")
        cases = [
            ("validate 10,000 questions", big, 0, 3.0),
            ("validate a 2,000-act catalogue", catalogue_bank(ctx, 2_000), 0, 2.0),
            ("refuse a 5,000-act catalogue", catalogue_bank(ctx, 5_000), 2_000, 1.0),
        ]
        for title, path, stop, target in cases:
            part = child(ctx, MEASURE_FILE, str(path), str(stop))
            # Refused at the act past the limit: nothing is checked after reading.
            checks = 0.0 if stop else max(part["check"] - part["read"], 0.0)
            floor = start + part["events"] + checks
            today = wall([*validate, str(path)], env, args.runs)
            rows.append(
                f"| {title} | {floor * 1000:.0f} ms (events {part['events'] * 1000:.0f}, "
                f"checks {checks * 1000:.0f}) | {floor / base:.2f} | ≤ {target:g} | "
                f"{part['read'] * 1000:.0f} ms | {today * 1000:.0f} ms ({today / base:.2f}) |"
            )
        print("\n".join(rows))
        print()
        rows = [
            "| analyze | floor (validate + imports + render) | room for the analysis | analysis "
            "| today |"
        ]
        rows.append("|---|---|---|---|---|")
        forty = tmp / "forty" / "bank.yaml"
        forty.parent.mkdir()
        forty.write_text(make_bank(40), encoding="utf-8")
        for title, path in (("default bank", DEFAULT_BANK), ("40 questions, 4×6", forty)):
            parts = [child(ctx, MEASURE_ANALYZE, str(path)) for _ in range(3)]
            part = {k: min(p[k] for p in parts) for k in parts[0]}
            own = base if path == DEFAULT_BANK else wall([*validate, str(path)], env, args.runs)
            floor = own + part["imports"] + part["render"]
            today = wall([PY, "-m", "popquiz", "analyze", str(path)], env, args.runs)
            rows.append(
                f"| {title} | {floor * 1000:.0f} ms ({floor / own:.2f}×) | "
                f"{(2 * own - floor) * 1000:.0f} ms | {part['analysis'] * 1000:.0f} ms | "
                f"{today * 1000:.0f} ms ({today / own:.2f}×; target ≤ 2×) |"
            )
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
