"""`popquiz migrate`: upgrade a bank or catalogue to the current format, showing the change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from popquiz.cli.common import err_console_print, write_stdout
from popquiz.errors import ExitStatus, printable

if TYPE_CHECKING:
    from popquiz.bank.migrate import Migration


def migrate_command(
    path: Path = typer.Argument(
        ..., help="The bank or catalogue file to upgrade.", metavar="BANK", show_default=False
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the upgraded file here instead of replacing BANK.",
        show_default=False,
    ),
    check: bool = typer.Option(
        False, "--check", help="Only show the change; write nothing (exit 1 if one is needed)."
    ),
) -> None:
    """Upgrade a bank (or catalogue) written for an older format to the current one.

    Prints the change as a unified diff, then writes it: comments, key order and layout stay
    as they were, only the values that must change are edited. A format 1 bank gets
    `format: 2` and its `rule.margin` converted to the format 2 measure; a catalogue without
    `kind: catalogue` gets that line. Notes on stderr name what only the author can check.
    The file is replaced safely (a temporary file renamed over it, its permissions kept).

    Exit status: 0 upgraded or already current (with --check: already current), 1 the file
    is not a bank popquiz can upgrade or the upgraded bank still has errors (listed; the
    upgrade is written all the same), or --check found a change to make, 2 usage error,
    73 the output file cannot be written.

    Examples:

    \b
      popquiz migrate old-bank.yaml                  # show the change, then write it
      popquiz migrate old-bank.yaml --check          # only show it
      popquiz migrate old-bank.yaml -o new-bank.yaml # keep the old file as it is
    """
    status = run_migrate(path, output, check=check)
    if status:
        raise typer.Exit(status)


def run_migrate(path: Path, output: Path | None, *, check: bool) -> int:
    """Everything `migrate` does; returns the exit status."""
    from popquiz.bank.migrate import MigrationError, migrate
    from popquiz.bank.safeio import decode, read_bytes
    from popquiz.bank.yamlsafe import YamlRejected

    shown = printable(str(path))
    try:
        text = decode(read_bytes(path, str(path)), str(path))
        result = migrate(text, str(path))
    except YamlRejected as exc:
        from popquiz.bank.diagnostics import render

        write_stdout(render(exc.diagnostics, "text"))
        err_console_print(f"{shown}: not upgraded; correct the file first")
        return int(ExitStatus.INVALID)
    except MigrationError as exc:
        err_console_print(f"{shown}: not upgraded: {printable(str(exc))}")
        return int(ExitStatus.INVALID)
    if not result.changed:
        err_console_print(f"{shown}: already in the current format; nothing to change")
        return int(ExitStatus.OK)
    _show(text, result, path, output)
    if check:
        return int(ExitStatus.INVALID)
    from popquiz.store.outputs import write_text

    target = output if output is not None else path
    write_text(target, result.text)
    err_console_print(f"Upgraded {printable(str(target))}.")
    return _validate(target)


def _show(before: str, result: Migration, path: Path, output: Path | None) -> None:
    import difflib

    diff = difflib.unified_diff(
        before.splitlines(),
        result.text.splitlines(),
        fromfile=str(path),
        tofile=str(output if output is not None else path),
        lineterm="",
    )
    write_stdout("\n".join(printable(line) for line in diff))
    for change in result.changes:
        err_console_print(f"changed: {printable(change)}")
    for note in result.notes:
        err_console_print(f"check: {printable(note)}")


def _validate(target: Path) -> int:
    """Whatever else the upgraded file needs, as `validate` reports it."""
    from popquiz.cli.validate import run_validate

    status = run_validate([target], quiet=True)
    if status:
        err_console_print(
            f"{printable(str(target))} is in the current format; correct the problems above "
            "(`popquiz validate` lists them)"
        )
    return status


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate_command)
