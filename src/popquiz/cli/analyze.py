"""`popquiz analyze`: read each bank once, analyse it (popquiz.engine.analysis) and report.

:func:`run_analyze` is what the command does, for the typer command and the fast path
(:mod:`popquiz.cli.quickparse`) alike; it imports neither typer nor the engine until it runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from popquiz.cli.common import err_console_print, json_dumps, write_stdout
from popquiz.errors import Diagnostic, ExitStatus, UsageError, printable

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.bank.yamlsafe import Document
    from popquiz.engine.analysis import Progress


def run_analyze(
    banks: list[str],
    as_json: bool = False,
    fmt: str = "text",
    strict: bool = False,
    seed: int = 0,
    adaptive: bool = False,
    plain: bool = False,
    no_color: bool = False,
) -> int:
    """Analyse ``banks`` (files or installed bank ids) and print the report; the exit status
    (a bank that cannot be read raises :class:`popquiz.errors.BankError`)."""
    # The analysis multiplies small matrices: OpenBLAS's threads only wait on each other (ten
    # times slower on a busy machine). It reads this once, when numpy is first imported.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
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
            return int(ExitStatus.INVALID)
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
        return int(ExitStatus.INVALID)
    return 0


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
