"""`popquiz validate` and `popquiz schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from popquiz.cli.common import write_stdout
from popquiz.errors import Diagnostic, ExitStatus, UsageError, printable

if TYPE_CHECKING:
    import typer

    from popquiz.bank.checked import Checked, Parsed
    from popquiz.bank.filekind import FileKind
    from popquiz.bank.yamlsafe import Document


def run_validate(paths: list[Path], fmt: str = "text", quiet: bool = False) -> int:
    """Everything `validate` does; returns the exit status (0 no errors, 1 any error).

    Each path is a bank, a catalogue (recognised by ``kind: catalogue``) or a folder, whose
    ``.yaml``/``.yml`` files are all checked (sub-folders too, hidden ones skipped). A bank is
    checked with the catalogue it uses; every catalogue is also checked on its own, once,
    whether it was named or reached through a bank. Warnings do not fail the run."""
    from popquiz.bank.checked import paused_gc
    from popquiz.bank.diagnostics import FORMATS

    if fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}")
    with paused_gc():  # everything checked stays loaded until the report is written
        return _validate(paths, fmt, quiet)


def _validate(paths: list[Path], fmt: str, quiet: bool) -> int:
    from popquiz.bank.diagnostics import render
    from popquiz.bank.loader import check
    from popquiz.bank.safeio import resolved

    problems = []
    valid: list[str] = []
    checked_catalogues: set[Path] = set()
    # Each with the bytes its bank's check read, and what parsing them gave.
    used_catalogues: dict[Path, tuple[bytes, Parsed | None]] = {}
    sources = _SourceCache()  # the bytes already read, to quote under a finding
    for path in _expand(paths):
        checked, raw = _check(path)
        sources.keep(str(path), raw or None)  # empty: unreadable, or read again below
        for name, content in checked.depends:  # a catalogue's findings quote it from here
            sources.keep(str(path.parent / name), content)
        problems += checked.problems
        if checked.data is not None:  # warnings are for files that are otherwise valid
            problems += _portability(raw, str(path))
        if checked.kind == "catalogue":
            checked_catalogues.add(resolved(path))
        if checked.data is None or checked.document is None:
            continue
        if checked.kind == "catalogue":
            problems += _lint(checked.document, checked.data, catalogue=True)
            acts = len(checked.data["acts"])
            valid.append(f"{printable(str(path))}: ok (catalogue, {acts} acts)")
        else:
            questions = len(checked.data["questions"])
            valid.append(
                f"{printable(str(path))}: ok ({checked.data['id']}, {questions} questions)"
            )
            if checked.catalogue_file is not None:
                used_catalogues.setdefault(
                    checked.catalogue_file,
                    (dict(checked.depends)[checked.data["catalogue"]], checked.catalogue_parsed),
                )
            problems += _lint(checked.document, checked.data)
    for cat, (raw, parsed) in used_catalogues.items():
        if resolved(cat) not in checked_catalogues:
            checked_catalogues.add(resolved(cat))
            checked = check(
                raw, display=str(cat), base_dir=cat.parent, kind="catalogue", parsed=parsed
            )
            sources.keep(str(cat), raw)
            problems += checked.problems
            problems += _portability(raw, str(cat)) if checked.data is not None else []
    problems = _unique(problems)
    errors = [d for d in problems if d.severity == "error"]
    if fmt == "json":
        write_stdout(render(problems, "json"))
    else:
        shown = problems if not quiet else errors
        if shown:
            write_stdout(render(shown, fmt, source=sources, color=_colour()))
        if fmt == "text" and not quiet:
            for line in valid:
                write_stdout(line)
            if problems:
                write_stdout(_summary(problems))
    return int(ExitStatus.INVALID) if errors else int(ExitStatus.OK)


def _check(path: Path, kind: FileKind | None = None) -> tuple[Checked, bytes]:
    """The file checked, and its bytes (empty if it could not be read), read once for both."""
    from popquiz.bank.loader import check
    from popquiz.bank.safeio import read_bytes
    from popquiz.bank.yamlsafe import YamlRejected

    shown = str(path)
    try:
        raw = read_bytes(path, shown)
    except YamlRejected as exc:
        from popquiz.bank.checked import Checked

        return Checked(kind or "bank", None, exc.diagnostics), b""
    return check(raw, display=shown, base_dir=path.parent, kind=kind), raw


def _lint(doc: Document, data: dict[str, Any], *, catalogue: bool = False) -> list[Any]:
    """Translation warnings for a valid bank or catalogue; they do not fail a run."""
    from popquiz.bank.lint import lint_bank

    return lint_bank(doc, data, catalogue=catalogue)


def _portability(raw: bytes, shown: str) -> list[Diagnostic]:
    """:func:`popquiz.bank.lint.portability` (W203), remembered per file content in the cache
    folder: the second, pure-Python parse it needs costs about half a second on the default
    bank, and a file that has not changed since gives the same answer."""
    import hashlib
    import json

    import yaml

    from popquiz import __version__
    from popquiz.bank.lint import portability
    from popquiz.store.paths import cache_dir, write_cache

    key = hashlib.sha256(f"{__version__}\0{yaml.__version__}\0{shown}\0".encode() + raw)
    target = cache_dir() / "portability" / f"{key.hexdigest()}.json"
    try:
        cached = json.loads(target.read_text(encoding="utf-8"))
        return [Diagnostic(*fields) for fields in cached]
    except (OSError, ValueError, TypeError):
        pass
    found = portability(raw, shown)
    write_cache(target, [list(d) for d in found])
    return found


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by their YAML files, sorted (hidden entries skipped)."""
    from popquiz.bank.safeio import kind

    out: list[Path] = []
    for path in paths:
        if kind(path) != "folder":
            out.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml")
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and kind(p) == "file"
        )
        if not found:
            raise UsageError(f"no .yaml or .yml files in the folder {printable(repr(str(path)))}")
        out += found
    return out


def _unique(problems: list[Any]) -> list[Any]:
    """Each finding once (a catalogue's problem is found by every bank that uses it), in
    file and line order."""
    return sorted(dict.fromkeys(problems), key=lambda d: d.sort_key())


def _summary(problems: list[Any]) -> str:
    def count(n: int, what: str) -> str:
        return f"{n} {what}{'' if n == 1 else 's'}"

    warnings = sum(d.severity == "warning" for d in problems)
    files = len({d.path for d in problems})
    text = f"{count(len(problems), 'problem')} in {count(files, 'file')}"
    if warnings:
        text += f" ({count(warnings, 'warning')}, which do not fail)"
    return text


class _SourceCache:
    """The lines of the files the diagnostics name (None: not readable): from the bytes the
    check already read, else read once each."""

    def __init__(self) -> None:
        self.files: dict[str, list[str] | None] = {}
        self.raw: dict[str, bytes | None] = {}

    def keep(self, path: str, raw: bytes | None) -> None:
        self.raw.setdefault(path, raw)

    def __call__(self, path: str) -> list[str] | None:
        if path not in self.files:
            self.files[path] = _lines(path, self.raw.get(path))
        return self.files[path]


def _lines(path: str, raw: bytes | None) -> list[str] | None:
    from popquiz.bank.safeio import decode, kind, read_bytes
    from popquiz.bank.yamlsafe import YamlRejected

    try:
        if raw is None:
            if kind(Path(path)) != "file":
                return None
            raw = read_bytes(Path(path), path)
        return decode(raw, path).split("\n")
    except YamlRejected:
        return None


def _colour() -> bool:
    """Colours only on a terminal, and never with NO_COLOR set or TERM=dumb."""
    import os
    import sys

    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def bank_schema(*, catalogue: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a bank file (or of a catalogue file), shaped for editors
    (:mod:`popquiz.bank.editor_schema`)."""
    from popquiz.bank.editor_schema import json_schema

    return json_schema(catalogue=catalogue)


def register(app: typer.Typer) -> None:
    """Declare `validate` and `schema` (typer is imported only when the app is built; the fast
    path in popquiz.cli.quickparse calls :func:`run_validate` directly)."""
    import typer

    @app.command("validate")
    def validate_command(
        paths: list[Path] = typer.Argument(
            ...,
            help="Bank or catalogue files, or folders (every .yaml file in them is checked).",
            metavar="PATH...",
            show_default=False,
        ),
        fmt: str = typer.Option(
            "text", "--format", "-f", help="Output format: text, json or github (annotations)."
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing for valid banks."),
    ) -> None:
        """Check question banks and act catalogues; report every problem with its file:line:col.

        A file with `kind: catalogue` is a catalogue: it is checked on its own and against each
        bank that uses it. Warnings (W2xx) are shown but do not fail.

        Exit status: 0 no errors, 1 any error, 2 usage error.

        Examples:

        \b
          popquiz validate quizzes/*.yaml
          popquiz validate quizzes/                      # every bank and catalogue in it
          popquiz validate my-bank.yaml --format github   # in GitHub Actions
          popquiz validate my-bank.yaml --format json
        """
        status = run_validate(paths, fmt, quiet)
        if status:
            raise typer.Exit(status)

    @app.command("schema")
    def schema_command(
        catalogue: bool = typer.Option(
            False, "--catalogue", help="The schema of an act catalogue (kind: catalogue)."
        ),
    ) -> None:
        """Print the JSON Schema of a bank, for editors (yaml-language-server) and CI tools.

        Examples:

        \b
          popquiz schema > bank.schema.json
          popquiz schema --catalogue > catalogue.schema.json

        Then start a bank with the modeline "# yaml-language-server: $schema=./bank.schema.json".
        """
        schema = bank_schema(catalogue=catalogue)
        write_stdout(json.dumps(schema, ensure_ascii=False, indent=2, allow_nan=False))
