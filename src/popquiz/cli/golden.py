"""`popquiz test`: run the golden tests of banks (see popquiz.engine.expectations)."""

from __future__ import annotations

from pathlib import Path

from popquiz.cli.common import write_stdout
from popquiz.errors import Diagnostic, ExitStatus, UsageError, printable

CODES = {"outcome": "T001", "strength": "T002", "act": "T003"}


def run_tests(refs: list[str], fmt: str = "text", quiet: bool = False) -> int:
    """Everything `test` does; returns the exit status (0 all passed, 1 any failure)."""
    from popquiz.bank.diagnostics import FORMATS, render
    from popquiz.bank.kinds import kind_of_text
    from popquiz.bank.loader import check_bank
    from popquiz.bank.yamlsafe import YamlRejected, decode, parse, read_bytes
    from popquiz.cli.validate import _colour, _expand, _SourceCache
    from popquiz.engine.expectations import run
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
        try:
            text = decode(read_bytes(path, shown), shown)
        except YamlRejected as exc:
            problems += exc.diagnostics
            continue
        if kind_of_text(text) != "bank":
            continue  # a catalogue: its banks' tests cover it
        bank, found = check_bank(path)
        if bank is None:
            problems += found
            continue
        if not bank.tests:
            notes.append(f"{printable(shown)}: no tests (add a `tests:` section)")
            continue
        failures = run(bank)
        if failures:
            doc = parse(text, shown)
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
