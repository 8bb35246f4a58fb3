"""`popquiz compare A B`: two results of the same quiz side by side (see popquiz.engine.compare)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from popquiz.cli.common import err_console_print, json_dumps, load_or_fail, write_stdout
from popquiz.errors import UsageError, printable

if TYPE_CHECKING:
    import typer

    from popquiz.engine.report_types import Comparison, Report


def load_result(arg: str, language: str = "en") -> tuple[Report, str]:
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
            from popquiz.i18n import t
            from popquiz.text.typography import quoted

            raise UsageError(t(language, "error.not_in_history", ref=quoted(language, arg)))
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
    first: str | None,
    second: str | None,
    *,
    as_json: bool = False,
    lang: str | None = None,
    export: Path | None = None,
    plain: bool = False,
    no_color: bool = False,
) -> None:
    from popquiz.engine.compare import compare
    from popquiz.i18n import LANGUAGES, locale_language, pick_language, t
    from popquiz.text.typography import quoted

    screen = lang if lang in LANGUAGES else (locale_language() or "en")
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(
            t(
                screen,
                "error.compare_lang",
                wanted=quoted(screen, lang),
                languages=", ".join(LANGUAGES),
            )
        )
    if first is None or second is None:
        # typer's own "Missing argument 'A'" names neither what A is nor how to get one.
        raise UsageError(t(screen, "error.compare_none" if first is None else "error.compare_one"))
    if export is not None and export.suffix.lower() not in (".png", ".svg", ".html", ".json"):
        types = ".png, .svg, .html or .json" if screen == "en" else ".png, .svg, .html, .json"
        raise UsageError(
            t(screen, "error.export_type", suffix=quoted(screen, export.suffix), types=types)
        )
    (a, a_name), (b, b_name) = load_result(first, screen), load_result(second, screen)
    names = (a_name, b_name)
    data = compare(a, b, (repr(a_name), repr(b_name)))
    language = pick_language(lang, LANGUAGES, str(a.get("language", "en")))
    shown = _in_language(data, language) if export is not None or not as_json else data
    if export is not None:
        from popquiz.store.outputs import write_bytes, write_text

        suffix = export.suffix.lower()
        if suffix in (".png", ".svg"):
            from popquiz.ui.card_compare import compare_svg

            svg = compare_svg(shown, language, names)
            if suffix == ".png":
                from popquiz.ui.card_png import card_png

                png = card_png(svg, lang=language, path=export)
                write_bytes(export.expanduser(), png)
            else:
                write_text(export.expanduser(), svg)
        else:
            if suffix == ".json":
                text = json_dumps(data) + "\n"
            else:
                from popquiz.ui.compare_view import compare_html

                text = compare_html(shown, language, names)
            write_text(export.expanduser(), text)
        err_console_print(printable(t(language, "compare.written", path=export)))
    if as_json:
        write_stdout(json_dumps(data))
        return
    from popquiz.ui.compare_view import print_compare
    from popquiz.ui.console import make_console

    console = make_console(plain=plain, no_color=no_color)
    print_compare(shown, language, names, console, plain=plain)


def _in_language(data: Comparison, language: str) -> Comparison:
    """The comparison's bank texts in ``language``, from the bank where it is installed here
    (popquiz.engine.relocalise.comparison_in). The id comes from a friend's file: only a bank
    id (never a path) is looked up, among the banks popquiz finds by itself."""
    import re

    from popquiz.engine.relocalise import comparison_in
    from popquiz.errors import PopquizError
    from popquiz.i18n import Locale
    from popquiz.store.library import find_bank

    bank_id = data["bank"]["id"]
    bank = None
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", bank_id):
        try:
            bank = load_or_fail(find_bank(bank_id))
        except PopquizError:
            bank = None
    locale = Locale(language, bank.language if bank is not None else language)
    return comparison_in(bank, data, locale)


def register(app: typer.Typer) -> None:
    import typer

    @app.command("compare")
    def compare_command(
        first: str | None = typer.Argument(
            None, help="Your result: a .json file or a result number.", metavar="A"
        ),
        second: str | None = typer.Argument(
            None, help="Their result: a .json file or a result number.", metavar="B"
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
        lang: str | None = typer.Option(
            None, "--lang", "-l", help="Language (en, ko, ja). Default: your locale, else A's."
        ),
        export: Path | None = typer.Option(
            None,
            "--export",
            help="Also write the comparison to FILE (.png, .svg, .html or .json).",
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
          popquiz compare me.json friend.json --export us.png
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
