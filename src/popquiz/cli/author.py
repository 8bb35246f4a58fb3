"""`popquiz new`, `popquiz analyze` (see popquiz.engine.analysis) and `popquiz test`."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import typer

from popquiz.cli.common import err_console_print, json_dumps, write_stdout
from popquiz.errors import Diagnostic, ExitStatus, UsageError, printable
from popquiz.text.charclass import REFUSED_BY_NEW, refused_in_bank_text

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.bank.yamlsafe import Document
    from popquiz.engine.analysis import Progress

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


class BankRead(NamedTuple):
    """A bank file read for ``analyze``: the bank (None if invalid) and its problems, the parsed
    documents the findings are located in, and each file's text to quote under a finding."""

    bank: Bank | None
    problems: list[Diagnostic]
    doc: Document | None
    catalogue: Document | None
    texts: dict[str, str]  # shown path -> text


def read_for_analysis(path: Path) -> BankRead:
    """The bank at ``path`` checked and parsed: the one place ``analyze`` reads a bank. Each
    file is read once; the engine gets the parsed documents to locate its findings in."""
    from popquiz.bank.loader import check
    from popquiz.bank.safeio import decode, read_bytes
    from popquiz.bank.yamlsafe import YamlRejected

    shown = str(path)
    try:
        raw = read_bytes(path, shown)
        checked = check(raw, display=shown, base_dir=path.parent, kind="bank")
        bank, problems = checked.result()
        if bank is None or checked.document is None:
            return BankRead(None, problems, None, None, {})
        texts = {shown: decode(raw, shown)}
        for name, cat_raw in checked.depends:
            cat_shown = str(Path(shown).parent / name)
            texts[cat_shown] = decode(cat_raw, cat_shown)
    except YamlRejected as exc:
        return BankRead(None, exc.diagnostics, None, None, {})
    doc, catalogue = checked.document, checked.catalogue
    return BankRead(bank, [], doc, catalogue, texts)


@contextmanager
def _progress(fmt: str, no_color: bool) -> Iterator[Progress | None]:
    """A progress line for a long analysis when someone watches it: the text report going to
    a terminal (standard output and error both), never a pipe, a file, ``--json`` or
    annotations."""
    if fmt != "text" or not (_is_terminal(sys.stdout) and _is_terminal(sys.stderr)):
        yield None
        return
    from popquiz.i18n import LANGUAGES, Locale, locale_language
    from popquiz.ui.progress import analysis_progress

    lang = locale_language() or "en"
    lang = lang if lang in LANGUAGES else "en"
    with analysis_progress(Locale(lang, lang), no_color=no_color) as progress:
        yield progress


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


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
    from popquiz.bank.diagnostics import FORMATS, render
    from popquiz.engine.analysis import analyze
    from popquiz.engine.analysis.budget import ADAPTIVE_TAKERS
    from popquiz.errors import BankError
    from popquiz.store.library import find_bank, is_catalogue_file

    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if as_json:
        fmt = "json"
    paths = [find_bank(b) for b in banks]
    results = []
    problems = []
    sources: dict[str, str] = {}
    for path in paths:
        if is_catalogue_file(path):
            err_console_print(f"{printable(str(path))}: a catalogue, not a bank; skipped")
            continue
        read = read_for_analysis(path)
        problems += read.problems
        sources.update(read.texts)
        if read.bank is not None:
            play = ADAPTIVE_TAKERS if adaptive else 0
            with _progress(fmt, no_color) as progress:
                results.append(
                    analyze(
                        read.bank,
                        doc=read.doc,
                        catalogue=read.catalogue,
                        path=str(path),
                        seed=seed,
                        play=play,
                        progress=progress,
                    )
                )
    if fmt == "json":
        data = [a.to_dict() for a in results]
        if results:
            write_stdout(json_dumps(data[0] if len(banks) == 1 else data))
    elif fmt == "github":
        shown = problems + [d for a in results for d in a.findings]
        if shown:
            write_stdout(render(shown, "github"))
        if problems:
            raise typer.Exit(int(ExitStatus.INVALID))
    else:
        from popquiz.cli.validate import _colour
        from popquiz.ui.analyze_view import render_analysis
        from popquiz.ui.console import make_console

        console = make_console(plain=plain, no_color=no_color)

        def source(shown: str) -> list[str] | None:
            text = sources.get(shown)
            return None if text is None else text.split("\n")

        for i, analysis in enumerate(results):
            if i:
                console.print()
            render_analysis(analysis.to_dict(), console, plain=plain)
            console.file.flush()
            if analysis.findings:
                colour = not no_color and _colour()
                write_stdout(render(analysis.findings, "text", source=source, color=colour))
    if problems:
        raise BankError(problems)
    if strict and any(a.findings for a in results):
        raise typer.Exit(int(ExitStatus.INVALID))


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
