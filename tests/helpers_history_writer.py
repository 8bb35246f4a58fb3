"""A history writer process for the concurrency and kill tests (run as a script).

    python helpers_history_writer.py DB WRITER COUNT [PAD]

Saves COUNT results (COUNT 0: forever) to the database at DB, each marked with its writer and
sequence number, and prints ``<row id> <writer> <n>`` after each commit. PAD bytes of filler
make every save span several database pages, so a kill lands inside a write more often.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any


def make_report(bank_id: str, writer: int, n: int, pad: int = 0) -> dict[str, Any]:
    """A result object shaped like popquiz.engine.report.build_report's."""
    return {
        "schema": 2,
        "bank": {"id": bank_id, "version": "1.0", "title": "Stress"},
        "language": "en",
        "outcome": {
            "id": "a" if n % 2 else "b",
            "title": "A" if n % 2 else "B",
            "strength": "leaning",
            "strength_label": "leaning",
            "lead": 0.5,
            "balanced": False,
            "description": "x" * pad,
            "why": "",
            "explanation": [],
        },
        "axes": [
            {"id": "x", "label": "", "score": n / 1000, "low": "l", "high": "h", "measured": True}
        ],
        "fits": [],
        "recommendations": [],
        "answers": {"writer": writer, "n": n},
        "why": [],
        "contributions": [],
        "quick": False,
    }


def main(argv: list[str]) -> None:
    from popquiz.store.history import open_store

    db, writer, count = Path(argv[0]), int(argv[1]), int(argv[2])
    pad = int(argv[3]) if len(argv) > 3 else 0
    store = open_store(db)
    if store.notice:
        print(f"NOTICE {store.notice}", file=sys.stderr, flush=True)
    numbers = itertools.count() if count == 0 else iter(range(count))
    for n in numbers:
        row = store.save_result(make_report("stress", writer, n, pad))
        print(f"{row} {writer} {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
