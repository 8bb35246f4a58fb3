"""`popquiz list` (bank library; see popquiz.store.library)."""

from __future__ import annotations

from pathlib import Path

import typer

from popquiz.cli.common import err_console_print, json_dumps, write_stdout


def list_command(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Extra bank files or folders to include (they take precedence over all others).",
        metavar="PATH",
        show_default=False,
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print banks, shadowed ids and problems as one JSON object."
    ),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help="Show titles in this language where a bank has it."
    ),
) -> None:
    """List the quiz banks popquiz can find: id, title, languages, questions and source.

    Where banks are found, highest precedence first:
    1. PATHs given here (bank files or folders);
    2. your bank folder: $POPQUIZ_HOME/quizzes, else e.g. ~/.local/share/popquiz/quizzes;
    3. installed packs (entry-point group popquiz.banks);
    4. the built-in banks.

    When two banks share an id, the higher one wins and the other is reported.
    A broken bank is reported once and skipped. Take any listed bank with `popquiz take ID`.

    Examples:

    \b
      popquiz list
      popquiz list --json
      popquiz list ./my-banks                      # include a folder of your own
    """
    from popquiz.i18n import pick_language
    from popquiz.store.library import discover

    library = discover(paths or ())
    if lang is not None:
        from popquiz.errors import UsageError, printable
        from popquiz.i18n import LANGUAGES

        known = sorted({*LANGUAGES, *(code for b in library.banks for code in b.languages)})
        if lang not in known:  # as `take --lang` refuses a language the bank does not have
            raise UsageError(
                f"--lang: no bank here is in {printable(repr(lang))}; use one of: "
                + ", ".join(known)
            )
    if as_json:
        write_stdout(json_dumps(library.to_json(lang)))
    else:
        rows = [
            (
                info.id,
                str(info.questions),
                ",".join(info.languages),
                info.source,
                info.title(pick_language(lang, info.languages, info.language)),
            )
            for info in library.banks
        ]
        header = ("ID", "QUESTIONS", "LANGUAGES", "SOURCE", "TITLE")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
        lines = []
        for row in [header, *rows]:
            cells = [row[i].ljust(widths[i]) for i in range(4)]
            lines.append("  ".join([*cells, row[4]]))
        if not rows:
            lines = ["No banks found."]
        write_stdout("\n".join(lines))
    for warning in library.warnings():
        err_console_print(warning)


def register(app: typer.Typer) -> None:
    app.command("list")(list_command)
