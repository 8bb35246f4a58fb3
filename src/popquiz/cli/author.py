"""`popquiz new`, `popquiz analyze` (its work is :mod:`popquiz.cli.analyze`) and `popquiz test`."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from popquiz.cli.common import err_console_print, json_dumps
from popquiz.errors import UsageError
from popquiz.text.charclass import REFUSED_BY_NEW, refused_in_bank_text

SCHEMA_FILE = "bank.schema.json"


def template_path() -> Path:
    return Path(__file__).resolve().parent.parent / "templates" / "starter.yaml"


def bank_id_for(path: Path) -> str:
    """A valid bank id derived from a file name (``My Bank.yaml`` → ``my-bank``)."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-_")
    return slug[:64].rstrip("-_") or "my-bank"


def starter_text(bank_id: str, title: str, schema: str, file: str) -> str:
    """The commented starter bank: valid as written, first line the schema modeline."""
    import json

    text = template_path().read_text(encoding="utf-8")
    return (
        text.replace("{{schema}}", schema)
        .replace("{{file}}", file)
        .replace("{{id}}", bank_id)
        .replace("{{title}}", json.dumps(title, ensure_ascii=False, allow_nan=False))
    )


def new_command(
    path: Path = typer.Argument(
        ..., help="The bank file to create (.yaml).", metavar="PATH", show_default=False
    ),
    title: str | None = typer.Option(None, "--title", "-t", help="The quiz title."),
    schema: str | None = typer.Option(
        None,
        "--schema",
        help="Where the editor finds the JSON Schema (a path relative to the bank, or a URL). "
        f"Default: {SCHEMA_FILE} next to the bank, written there if missing.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Create a small, valid, commented starter bank to edit.

    Its first line points editors (VS Code, JetBrains) at the JSON Schema for autocompletion.

    Examples:

    \b
      popquiz new my-quiz.yaml --title "Which coffee fits you?"
      popquiz new banks/cats.yaml --schema https://example.org/bank.schema.json
    """
    if REFUSED_BY_NEW.search(str(path)):
        raise UsageError("the file name contains control characters")
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"{str(path)!r}: a bank file name ends in .yaml")
    from popquiz.bank.safeio import kind

    what = kind(path)
    if what == "file" and not force:
        raise UsageError(f"{str(path)!r} already exists; choose another name or add --force")
    if what == "folder":
        raise UsageError(f"{str(path)!r} is a folder")
    if what == "error":
        from popquiz.store.outputs import check_target

        check_target(path)  # says why (a name too long, a symlink loop, no permission)
    bank_id = bank_id_for(path)
    if title is None:
        title = bank_id.replace("-", " ").replace("_", " ").capitalize()
    if (
        not title.strip()
        or REFUSED_BY_NEW.search(title)
        or refused_in_bank_text(title)
        or len(title) > 200
    ):
        raise UsageError("--title must be one line of ordinary text (at most 200 characters)")
    schema_path: Path | None = None
    if schema is None:
        schema = SCHEMA_FILE
        if kind(path.parent / SCHEMA_FILE) == "missing":
            schema_path = path.parent / SCHEMA_FILE
    elif REFUSED_BY_NEW.search(schema) or not schema.strip():
        raise UsageError("--schema must be a path or URL")
    if kind(path.parent) == "folder":
        from popquiz.store.outputs import check_target

        # Every target is checked before anything is written: a refused bank leaves no
        # schema copy behind.
        check_target(path, overwrite=force)
        if schema_path is not None:
            check_target(schema_path, overwrite=False)
    if schema_path is not None:
        from popquiz.cli.validate import bank_schema

        _write(schema_path, json_dumps(bank_schema()) + "\n", overwrite=False)
    _write(path, starter_text(bank_id, title, schema, path.name), overwrite=force)
    written_schema = schema_path is not None
    also = f" and {path.parent / SCHEMA_FILE}" if written_schema else ""
    err_console_print(
        f"Created {path}{also}.\nNext: edit it, then `popquiz validate {path}`, "
        f"`popquiz analyze {path}` and `popquiz take {path}`."
    )


def _write(path: Path, text: str, *, overwrite: bool) -> None:
    """Through the one safe output writer: never through a dangling symlink, never onto a
    FIFO or device, never over an existing file unless asked."""
    from popquiz.store.outputs import write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder {str(path.parent)!r}: {exc}") from None
    write_text(path, text, overwrite=overwrite)


def analyze_command(
    banks: list[str] = typer.Argument(
        ...,
        help="Bank files, or ids of installed banks.",
        metavar="BANK",
        show_default=False,
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print the analysis as JSON (a list when several banks are given)."
    ),
    fmt: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="Output format: text (the report, then each warning with its source line), json "
        "(as --json) or github (only the warnings, as GitHub Actions annotations).",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Exit with status 1 if there are warnings."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed for sampling and the reachability search."),
    adaptive: bool = typer.Option(
        False,
        "--adaptive",
        help="Also measure adaptive play: questions asked and agreement of lock-in and --quick "
        "(a few seconds more).",
    ),
    plain: bool = typer.Option(False, "--plain", help="No boxes or decorative glyphs."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (also: NO_COLOR=1)."),
) -> None:
    """Check that a bank works as a quiz: outcome shares, reachability, influence, coverage.

    Shares assume random answering: exact for small banks, else sampled (error shown).

    Warnings are reported like `validate`'s: path:line:col: warning[CODE] message, the source
    line with a caret under the spot, and help.

    On a terminal, a progress line shows what a long analysis is doing (on standard error;
    never with --json or --format github, or when the report goes to a file or a pipe).

    Exit status: 0 analysed (1 with --strict if there are warnings), 1 invalid bank,
    2 usage error.

    Examples:

    \b
      popquiz analyze my-quiz.yaml
      popquiz analyze banks/*.yaml --strict          # in CI or pre-commit
      popquiz analyze banks/*.yaml --strict --format github   # in GitHub Actions
      popquiz analyze kpop-vs-jpop --json
      popquiz analyze kpop-vs-jpop --adaptive        # what lock-in and --quick save
    """
    import popquiz.cli.analyze as command

    status = command.run_analyze(banks, as_json, fmt, strict, seed, adaptive, plain, no_color)
    if status:
        raise typer.Exit(status)


def test_command(
    banks: list[str] = typer.Argument(
        ...,
        help="Bank files or folders (catalogues in them are skipped), or ids of installed banks.",
        metavar="BANK...",
        show_default=False,
    ),
    fmt: str = typer.Option(
        "text", "--format", "-f", help="Output format: text, json or github (annotations)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures."),
) -> None:
    """Run the golden tests banks declare under `tests:` (answers → expected outcome).

    Each failure is reported at its expectation as path:line:col: error[T00x]. A bank without
    tests passes with a note. See docs/authoring.md, "Golden tests".

    Exit status: 0 every test passed, 1 a test failed or a bank is invalid, 2 usage error.

    Examples:

    \b
      popquiz test quizzes/kpop-vs-jpop.yaml
      popquiz test banks/ --format github     # in GitHub Actions
    """
    from popquiz.cli.bank_tests import run_tests

    status = run_tests(banks, fmt, quiet)
    if status:
        raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    app.command("new")(new_command)
    app.command("analyze")(analyze_command)
    app.command("test")(test_command)
