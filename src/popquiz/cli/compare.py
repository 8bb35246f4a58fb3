"""`popquiz compare A B`: two results of the same quiz side by side (see popquiz.engine.compare)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.cli.common import err_console_print, json_dumps, write_stdout
from popquiz.errors import UsageError, printable

if TYPE_CHECKING:
    import typer

    from popquiz.engine.report_types import Report


def load_result(arg: str) -> tuple[Report, str]:
    """(the result, how to name it) from a file (``take --json``, ``--export x.json``,
    ``history show N --json``) or, for a number that names no file, the result with that
    number in history."""
    from popquiz.engine.compare import CompareError, checked

    shown = printable(repr(arg))
    path = Path(arg).expanduser()
    if arg.isascii() and arg.isdigit() and not path.exists():
        from popquiz.store.history import open_store

        store = open_store()
        if store.notice:
            err_console_print(store.notice)
        record = store.get(int(arg))
        if record is None:
            raise UsageError(
                f"{shown} is neither a file nor a result number in history; see `popquiz history`"
            )
        if record.report is None:
            raise CompareError(f"result #{arg} in history is damaged and cannot be compared")
        return checked(record.report, f"result #{arg}"), f"#{arg}"
    from popquiz.bank.jsonsafe import MAX_BYTES, JsonRejected, read_json
    from popquiz.bank.safeio import InputError

    try:
        data = read_json(path)
    except InputError as exc:
        if exc.size is not None:
            raise CompareError(f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MiB") from None
        raise CompareError(f"cannot read {shown}: {exc.reason}") from None
    except JsonRejected as exc:
        hint = (
            "; export a result with `popquiz take --export result.json` or "
            "`popquiz history show N --json`"
            if exc.line is not None
            else ""
        )
        raise CompareError(exc.message(shown) + hint) from None
    return checked(data, shown, values_checked=True), printable(path.name or arg)


def run_compare(
    first: str,
    second: str,
    *,
    as_json: bool = False,
    lang: str | None = None,
    export: Path | None = None,
    plain: bool = False,
    no_color: bool = False,
) -> None:
    from popquiz.engine.compare import compare
    from popquiz.i18n import LANGUAGES, pick_language

    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"--lang: unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    if export is not None and export.suffix.lower() not in (".html", ".json"):
        raise UsageError(f"--export: unknown file type {export.suffix!r}; use .html or .json")
    (a, a_name), (b, b_name) = load_result(first), load_result(second)
    names = (a_name, b_name)
    data = compare(a, b, (repr(a_name), repr(b_name)))
    language = pick_language(lang, LANGUAGES, str(a.get("language", "en")))
    if export is not None:
        from popquiz.store.outputs import write_text

        if export.suffix.lower() == ".json":
            text = json_dumps(data) + "\n"
        else:
            from popquiz.ui.compare_view import compare_html

            text = compare_html(data, language, names)
        write_text(export.expanduser(), text)
        err_console_print(printable(f"Comparison written to {export}"))
    if as_json:
        write_stdout(json_dumps(data))
        return
    from popquiz.ui.compare_view import print_compare
    from popquiz.ui.console import make_console

    console = make_console(plain=plain, no_color=no_color)
    print_compare(data, language, names, console, plain=plain)


def register(app: typer.Typer) -> None:
    import typer

    @app.command("compare")
    def compare_command(
        first: str = typer.Argument(
            ..., help="Your result: a .json file or a result number.", metavar="A"
        ),
        second: str = typer.Argument(
            ..., help="Their result: a .json file or a result number.", metavar="B"
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
        lang: str | None = typer.Option(
            None, "--lang", "-l", help="Language (en, ko, ja). Default: your locale, else A's."
        ),
        export: Path | None = typer.Option(
            None,
            "--export",
            help="Also write the comparison to FILE (.html or .json).",
            metavar="FILE",
        ),
        plain: bool = typer.Option(
            False, "--plain", help="Screen-reader friendly output: no boxes or decorative glyphs."
        ),
        no_color: bool = typer.Option(False, "--no-color", help="No colours (also: NO_COLOR=1)."),
    ) -> None:
        """Compare two results of the same quiz: yours and a friend's.

        A and B are results exported as JSON (`popquiz take --export me.json`,
        `popquiz history show N --json > me.json`) or numbers from `popquiz history`. Shows
        both verdicts, the axes side by side, how alike you are (the geometry acts are
        matched with), the acts you would both like and where you differ most.

        Examples:

        \b
          popquiz compare me.json friend.json
          popquiz compare 3 friend.json --lang ko
          popquiz compare 3 5 --json
          popquiz compare me.json friend.json --export us.html
        """
        run_compare(
            first,
            second,
            as_json=as_json,
            lang=lang,
            export=export,
            plain=plain,
            no_color=no_color,
        )
