"""`popquiz history`: list, show, export and clear stored results (see popquiz.store.history)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from popquiz.cli.common import err_console_print, json_dumps, waiting_line, write_stdout
from popquiz.errors import PopquizError, UsageError

if TYPE_CHECKING:
    from popquiz.bank.model import Bank
    from popquiz.store.history import HistoryStore, Record

history_app = typer.Typer(
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)

BANK_HELP = "Only results of this bank id."
LANG_HELP = "Language of the listing (en, ko, ja). Default: your locale, else English."


def _store(lang: str | None = None) -> HistoryStore:
    from popquiz.store.history import open_store

    store = open_store(on_wait=waiting_line(_screen_language(lang)))
    if store.notice:
        err_console_print(store.notice)
    return store


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _label(record: Record, lang: str) -> str:
    from popquiz.i18n import t

    if not record.strength:
        return ""
    try:
        return t(lang, f"strength.{record.strength}")
    except KeyError:
        return record.strength


def _language_name(screen: str, code: str) -> str:
    """A result's language by its name in the screen's language (its code where popquiz has
    no name for it); English screens keep the short code the column has room for."""
    from popquiz.i18n import t

    if screen == "en":
        return code
    try:
        return t(screen, f"lang.{code}")
    except KeyError:
        return code


def _screen_language(lang: str | None) -> str:
    """--lang, else the locale's language if popquiz speaks it, else English."""
    from popquiz.i18n import LANGUAGES, locale_language

    if lang:
        return lang
    found = locale_language()
    return found if found in LANGUAGES else "en"


def _bank_by_id(bank_id: str, cache: dict[str, Bank | None]) -> Bank | None:
    """The installed bank with this id (to re-localise its results), or None."""
    if bank_id not in cache:
        from popquiz.cli.common import load_or_fail
        from popquiz.store.library import find_bank

        try:
            found = load_or_fail(find_bank(bank_id))
            cache[bank_id] = found if found.id == bank_id else None
        except (PopquizError, OSError):
            cache[bank_id] = None
    return cache[bank_id]


def _title_in(record: Record, lang: str, cache: dict[str, Bank | None]) -> str:
    """The record's outcome title in ``lang`` (from its ids), else as it was stored."""
    if record.report is not None and record.language != lang:
        from popquiz.engine.relocalise import outcome_in
        from popquiz.i18n import Locale

        bank = _bank_by_id(record.bank_id, cache)
        outcome = None
        if bank is not None:
            locale = Locale(lang, bank.language)
            outcome = outcome_in(bank, record.report.get("outcome", {}), locale)
        if outcome is not None:
            return str(outcome["title"])
    return record.outcome_title


def _list(bank: str | None, as_json: bool, lang: str | None = None) -> None:
    from popquiz.i18n import t
    from popquiz.text.cells import cell_width
    from popquiz.text.typography import paren

    screen = _screen_language(lang)
    store = _store(lang)
    records = store.results(bank, newest_first=True)
    if as_json:
        write_stdout(json_dumps([r.to_json(with_report=False) for r in records]))
        return
    odd = [r.id for r in records if r.report is None]
    if odd:
        err_console_print(
            f"popquiz: {len(odd)} stored result(s) (#{', #'.join(map(str, odd[:5]))}) are "
            "damaged or from another popquiz version; they are listed by their outcome id only."
        )
    if not records:
        if bank:
            write_stdout(t(screen, "history.empty_bank", bank=repr(bank)))
        else:
            write_stdout(t(screen, "history.empty"))
        return
    header = ("#", *(t(screen, f"history.{k}") for k in ("date", "bank", "lang", "result")))
    rows = []
    banks: dict[str, Bank | None] = {}
    for r in records:
        label = _label(r, screen)
        title = _title_in(r, screen, banks)
        result = title + paren(screen, label) if label else title
        rows.append(
            (str(r.id), r.local_time(), r.bank_id, _language_name(screen, r.language), result)
        )
    widths = [max(cell_width(row[i]) for row in [header, *rows]) for i in range(4)]

    def pad(text: str, width: int, right: bool = False) -> str:
        space = " " * (width - cell_width(text))
        return space + text if right else text + space

    columns = _columns()
    for row in [header, *rows]:
        cells = [pad(row[0], widths[0], True)] + [pad(row[i], widths[i]) for i in range(1, 4)]
        write_stdout(_wrapped_row("  ".join([*cells, ""]), row[4], columns))


def _columns() -> int:
    """The terminal's width for the listing (COLUMNS if set), 0 when not on a terminal."""
    import os
    import shutil

    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        return 0
    return shutil.get_terminal_size((0, 0)).columns


def _wrapped_row(prefix: str, result: str, columns: int) -> str:
    """A listing row whose RESULT wraps by its language's rules under its own column, or on
    the next lines when the terminal is too narrow for a column."""
    from popquiz.text.cells import cell_width
    from popquiz.text.linebreak import wrap_plain

    if not columns or cell_width(prefix + result) <= columns:
        return prefix + result
    indent = cell_width(prefix)
    if columns - indent >= 16:
        lines = wrap_plain(result, columns - indent).split("\n")
        return prefix + ("\n" + " " * indent).join(lines)
    lines = wrap_plain(result, max(columns - 4, 8)).split("\n")
    return prefix.rstrip() + "".join("\n    " + line for line in lines)


@history_app.callback(invoke_without_command=True)
def history_main(
    ctx: typer.Context,
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
) -> None:
    """Your past results: list them (the default), show one again, export or clear them.

    Results live in history.sqlite3 in your data folder: $POPQUIZ_HOME if set,
    else e.g. ~/.local/share/popquiz. `popquiz take --no-save` stores nothing.

    Examples:

    \b
      popquiz history                              # newest first
      popquiz history --bank kpop-vs-jpop --json
      popquiz history show 3
      popquiz history export results.json
      popquiz history clear --yes
    """
    if ctx.invoked_subcommand is None:
        _list(bank, as_json, lang)


@history_app.command("list")
def list_command(
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    lang: str | None = typer.Option(None, "--lang", "-l", help=LANG_HELP),
) -> None:
    """List stored results, newest first (the same as `popquiz history`).

    Every title is shown in one language (--lang, else your locale's), re-localised from the
    result's outcome id.

    Examples:

    \b
      popquiz history list
      popquiz history list --lang ja
      popquiz history list --bank kpop-vs-jpop --json
    """
    _list(bank, as_json, lang)


@history_app.command("show")
def show_command(
    number: int = typer.Argument(
        ...,
        help="The result number (see `popquiz history`).",
        metavar="N",
        show_default=False,
        min=1,
        max=2**63 - 1,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the stored result object."),
    plain: bool = typer.Option(
        False, "--plain", help="Screen-reader friendly output: no boxes or decorative glyphs."
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (also: NO_COLOR=1)."),
    export: Path | None = typer.Option(
        None,
        "--export",
        help="Write the result card to FILE instead (.png, .html, .svg, .md or .json).",
        metavar="FILE",
    ),
) -> None:
    """Show a past result again, exactly as its result screen looked, or export its card.

    It is compared with the result before it for the same bank, as it was at the time.
    With --export the card (dated when the quiz was taken) is written instead.

    Examples:

    \b
      popquiz history show 3
      popquiz history show 3 --json
      popquiz history show 3 --export card.png     # or card.html, .svg, .md, .json
    """
    from popquiz.engine.report import REPORT_SCHEMA

    store = _store()
    record = store.get(number)
    if record is None:
        raise UsageError(f"no result #{number}; see the list with `popquiz history`")
    if record.report is None:
        from popquiz.store.history import HistoryError

        raise HistoryError(
            f"result #{number} is damaged or of another popquiz version's shape and cannot be "
            f"shown; its outcome was {record.outcome!r}"
        )
    if as_json and export is None:
        write_stdout(json_dumps(record.report))
        return
    if record.report.get("schema") != REPORT_SCHEMA:
        raise PopquizError(
            f"result #{number} was saved by another popquiz version (result schema "
            f"{record.report.get('schema')!r}); see it with `popquiz history show {number} --json`"
        )
    from popquiz.engine.relocalise import report_outcome_in
    from popquiz.i18n import Locale, t

    lang = str(record.report.get("language", "en"))
    # The card or screen is in the result's language; the earlier result is re-localised
    # into it.
    previous = store.previous_of(record)
    if previous is not None and previous.get("language") != lang:
        bank = _bank_by_id(record.bank_id, {})
        if bank is None:
            previous = None  # its bank is gone: no title to re-localise from
        else:
            previous = report_outcome_in(bank, previous, Locale(lang, bank.language))
    if export is not None:
        from popquiz.errors import printable
        from popquiz.ui.export import export_report

        target = export.expanduser()
        export_report(record.report, target, previous=previous, taken_at=record.taken_at)
        err_console_print(printable(t(lang, "export.written", path=export)))
        return
    from popquiz.ui.console import make_console
    from popquiz.ui.links import terminal_links
    from popquiz.ui.render import render_report

    head = t(
        lang,
        "history.show_head",
        id=record.id,
        time=record.local_time(),
        bank=record.bank_id,
        version=record.bank_version,
    )
    err_console_print(head)
    console = make_console(plain=plain, no_color=no_color)
    links = terminal_links(plain=plain, is_terminal=console.is_terminal)
    render_report(record.report, console, plain=plain, previous=previous, links=links)


@history_app.command("export")
def export_command(
    file: Path = typer.Argument(
        ..., help="Where to write the JSON ('-' for stdout).", metavar="FILE", show_default=False
    ),
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
) -> None:
    """Export stored results, each with its full result object, as one JSON file.

    Examples:

    \b
      popquiz history export results.json
      popquiz history export - --bank kpop-vs-jpop | jq '.results[].outcome'
    """
    from datetime import datetime, timezone

    from popquiz.store.history import SCHEMA_VERSION

    store = _store()
    records = store.results(bank)
    data = {
        "format": "popquiz-history",
        "schema": SCHEMA_VERSION,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "results": [r.to_json() for r in records],
    }
    text = json_dumps(data) + "\n"
    if str(file) == "-":
        write_stdout(text)
        return
    from popquiz.store.outputs import write_text

    write_text(file.expanduser(), text)
    from popquiz.errors import printable
    from popquiz.i18n import locale_language, t

    language = locale_language() or "en"
    if language == "en":  # English counts in words
        plural = "s" if len(records) != 1 else ""
        err_console_print(printable(f"Exported {len(records)} result{plural} to {file}"))
    else:
        err_console_print(printable(t(language, "history.exported", n=len(records), path=file)))


@history_app.command("clear")
def clear_command(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
) -> None:
    """Delete stored results (asks first; --yes for scripts). Saved progress is kept.

    Examples:

    \b
      popquiz history clear
      popquiz history clear --bank kpop-vs-jpop --yes
    """
    store = _store()
    count = store.count(bank)
    scope = f" for {bank!r}" if bank else ""
    if count == 0:
        write_stdout(f"No results{scope}; nothing to clear.")
        return
    what = f"{count} result{'s' if count != 1 else ''}{scope}"
    if not yes:
        if not _stdin_is_tty():
            raise UsageError(
                f"refusing to delete {what} without confirmation; run it in a terminal to be "
                "asked, or add --yes"
            )
        if not typer.confirm(f"Delete {what}? This cannot be undone.", default=False):
            write_stdout("Nothing deleted.")
            return
    deleted = store.clear(bank)
    write_stdout(f"Deleted {deleted} result{'s' if deleted != 1 else ''}{scope}.")


def register(app: typer.Typer) -> None:
    app.add_typer(history_app, name="history")
