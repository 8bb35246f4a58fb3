"""`popquiz validate` and `popquiz schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from popquiz.cli.common import write_stdout
from popquiz.errors import ExitStatus, UsageError, printable

if TYPE_CHECKING:
    import typer


def run_validate(paths: list[Path], fmt: str = "text", quiet: bool = False) -> int:
    """Everything `validate` does; returns the exit status (0 all valid, 1 any invalid)."""
    from popquiz.bank.diagnostics import FORMATS, render
    from popquiz.bank.loader import check_data

    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    problems = []
    valid: list[str] = []
    for path in paths:
        data, found = check_data(path)
        problems += found
        if data is not None:
            questions = len(data["questions"])
            valid.append(f"{printable(str(path))}: ok ({data['id']}, {questions} questions)")
    if fmt == "json":
        write_stdout(render(problems, "json"))
    else:
        if problems:
            write_stdout(render(problems, fmt))
        if fmt == "text" and not quiet:
            for line in valid:
                write_stdout(line)
            if problems:
                files = len({d.path for d in problems})
                write_stdout(
                    f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in "
                    f"{files} file{'s' if files != 1 else ''}"
                )
    return int(ExitStatus.INVALID) if problems else int(ExitStatus.OK)


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a bank file."""
    from popquiz.bank.spec import Bank

    schema = Bank.model_json_schema(mode="validation")
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://popquiz.invalid/schema/bank.schema.json",
        **_draft07(schema),
    }
    return schema


def _draft07(node: Any) -> Any:
    """Pydantic emits 2020-12 style `$defs`; draft-07 tools expect `definitions`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            key = "definitions" if key == "$defs" else key
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            out[key] = _draft07(value)
        return out
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    return node


def register(app: typer.Typer) -> None:
    """Declare `validate` and `schema` (typer is imported only when the app is built; the fast
    path in popquiz.cli.fastpath calls :func:`run_validate` directly)."""
    import typer

    @app.command("validate")
    def validate_command(
        paths: list[Path] = typer.Argument(
            ..., help="Bank files to check.", metavar="PATH...", show_default=False
        ),
        fmt: str = typer.Option(
            "text", "--format", "-f", help="Output format: text, json or github (annotations)."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing for valid banks."),
    ) -> None:
        """Check question banks and report every problem with its file:line:col.

        Exit status: 0 all valid, 1 any invalid, 2 usage error.

        Examples:

        \b
          popquiz validate quizzes/*.yaml
          popquiz validate my-bank.yaml --format github   # in GitHub Actions
          popquiz validate my-bank.yaml --format json
        """
        status = run_validate(paths, fmt, quiet)
        if status:
            raise typer.Exit(status)

    @app.command("schema")
    def schema_command() -> None:
        """Print the JSON Schema of a bank, for editors (yaml-language-server) and CI tools.

        Examples:

        \b
          popquiz schema > bank.schema.json

        Then start a bank with the modeline "# yaml-language-server: $schema=./bank.schema.json".
        """
        write_stdout(json.dumps(bank_schema(), ensure_ascii=False, indent=2))
