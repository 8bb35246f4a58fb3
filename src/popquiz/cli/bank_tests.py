"""`popquiz test`: run the tests banks declare under ``tests:`` (see popquiz.engine.bank_tests)."""

from __future__ import annotations

from pathlib import Path

from popquiz.cli.common import write_stdout
from popquiz.errors import Diagnostic, ExitStatus, UsageError, printable

CODES = {"outcome": "T001", "strength": "T002", "act": "T003"}


def run_tests(refs: list[str], fmt: str = "text", quiet: bool = False) -> int:
    """Everything `test` does; returns the exit status (0 all passed, 1 any failure)."""
    from popquiz.bank.diagnostics import FORMATS, render
    from popquiz.bank.loader import check
    from popquiz.cli.validate import _colour, _expand, _SourceCache
    from popquiz.engine.bank_tests import run
    from popquiz.store.library import find_bank

    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    paths: list[Path] = []
    for ref in refs:
        path = Path(ref)
        paths += _expand([path]) if path.is_dir() else [find_bank(ref)]
    problems: list[Diagnostic] = []
    notes: list[str] = []
    for path in paths:
        shown = str(path)
        checked = check(path)
        if checked.kind != "bank":
            continue  # a catalogue: its banks' tests cover it
        bank, found = checked.result()
        if bank is None or checked.document is None:
            problems += found
            continue
        if not bank.tests:
            notes.append(f"{printable(shown)}: no tests (add a `tests:` section)")
            continue
        failures = run(bank)
        if failures:
            doc = checked.document
            for f in failures:
                name = bank.tests[f.test].name
                problems.append(
                    doc.diag(
                        CODES[f.field],
                        f"test {name!r}: {f.message}",
                        ("tests", f.test, f.field),
                        "fix the bank, or the expectation if the bank is right",
                    )
                )
        passed = len(bank.tests) - len({f.test for f in failures})
        notes.append(f"{printable(shown)}: {passed} of {len(bank.tests)} tests passed")
    if fmt == "json":
        write_stdout(render(problems, "json"))
    else:
        if problems:
            write_stdout(render(problems, fmt, source=_SourceCache(), color=_colour()))
        if fmt == "text" and not quiet:
            for line in notes:
                write_stdout(line)
    return int(ExitStatus.INVALID) if problems else int(ExitStatus.OK)
