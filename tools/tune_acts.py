"""Report how often each act of a catalogue is recommended, and whether its profile is still
the facts table's; it never changes a profile.

    python tools/tune_acts.py quizzes/kpop-vs-jpop.yaml [tests/data/acts.csv] [--takers N]

Profiles are editorial (docs/catalogue.md, "Profiles"): each act's position is justified by the
facts table's ``ax_*`` columns and their ``profile_basis``, and nothing moves them toward a reach
target. Reach comes from the catalogue's breadth and the ranking, so this script only measures
it: under consistent takers (``popquiz analyze``, docs/authoring.md section 10) it prints every
act's share of takers with it among their top-5 picks, marks the acts outside
[``MIN_SHARE``, ``MAX_SHARE``], and prints each outcome's share of takers whose first pick is an
active act. Given the facts table it also lists every act whose catalogue profile differs from
the table's columns (it should list none; ``tests/test_default_bank.py`` enforces it).

It reads with popquiz's own loader, scoring and ranking (``taker_stats``), so its figures are
``analyze``'s. Exit status: 0 when the report was printed, 1 when the bank or the table cannot
be read (the message says which and where), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from popquiz.bank.loader import load_bank
from popquiz.engine.analysis.takermodels import taker_stats
from popquiz.engine.compiled import compiled
from popquiz.errors import PopquizError

MIN_SHARE = 0.005  # the acceptance bounds of test_every_act_can_be_met
MAX_SHARE = 0.25
TAKERS = 10_000


def profile_mismatches(bank: Any, facts: Path) -> list[str]:
    """Acts whose catalogue profile is not the table's ``ax_*`` columns, one line each."""
    with facts.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"name"} | {f"ax_{axis}" for axis in bank.axis_ids}
        if missing := sorted(need - set(reader.fieldnames or ())):
            raise ValueError(f"{facts}: line 1: no column {', '.join(missing)}")
        rows = {row["name"]: row for row in reader}
    out = []
    for act in bank.acts:
        name = bank.text(act.name, "en")
        row = rows.get(name)
        if row is None:
            out.append(f"{act.id}: no row named {name!r} in {facts}")
            continue
        table = {axis: float(row[f"ax_{axis}"]) for axis in bank.axis_ids}
        differ = {a: (act.profile.get(a), v) for a, v in table.items() if act.profile.get(a) != v}
        if differ:
            out.append(f"{act.id}: (catalogue, table) {differ}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("facts", type=Path, nargs="?")
    parser.add_argument("--takers", type=int, default=TAKERS)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.takers < 1:
        parser.error("--takers must be at least 1")
    try:
        bank = load_bank(args.bank)
        mismatches = profile_mismatches(bank, args.facts) if args.facts else []
    except (PopquizError, OSError, ValueError) as exc:
        print(f"tune_acts: {exc}", file=sys.stderr)
        return 1
    stats = taker_stats(compiled(bank), "consistent", args.takers, seed=args.seed)
    print(
        f"top-5 share of {args.takers} consistent takers (bounds {MIN_SHARE:.1%}-{MAX_SHARE:.0%}):"
    )
    for act_id, share in sorted(stats.acts_top5.items(), key=lambda kv: -kv[1]):
        mark = " below" if share < MIN_SHARE else " above" if share > MAX_SHARE else ""
        print(f"  {act_id:24} {share:6.1%}{mark}")
    outside = [k for k, v in stats.acts_top5.items() if not MIN_SHARE <= v <= MAX_SHARE]
    print(f"acts outside the bounds: {len(outside)} of {len(stats.acts_top5)}")
    print("first pick active:", ", ".join(f"{k} {v:.1%}" for k, v in stats.first_active.items()))
    if args.facts:
        print(f"profiles that differ from {args.facts}: {len(mismatches)}")
        for line in mismatches:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
