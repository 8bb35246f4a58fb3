"""`popquiz history`: list, show, export and clear stored results (see popquiz.store.history)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from popquiz.cli.common import err_console_print, json_dumps, write_stdout
from popquiz.errors import PopquizError, UsageError

if TYPE_CHECKING:
    from popquiz.store.history import HistoryStore, Record

history_app = typer.Typer(
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)

BANK_HELP = "Only results of this bank id."


def _store() -> HistoryStore:
    from popquiz.store.history import open_store

    store = open_store()
    if store.notice:
        err_console_print(store.notice)
    return store


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _label(record: Record) -> str:
    from popquiz.i18n import t

    if not record.strength:
        return ""
    try:
        return t(record.language, f"strength.{record.strength}")
    except KeyError:
        return record.strength


def _list(bank: str | None, as_json: bool) -> None:
    store = _store()
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
        scope = f" for {bank!r}" if bank else ""
        write_stdout(f"No results yet{scope}. Take a quiz with `popquiz take`.")
        return
    header = ("#", "DATE", "BANK", "LANG", "RESULT")
    rows = []
    for r in records:
        label = _label(r)
        result = f"{r.outcome_title} ({label})" if label else r.outcome_title
        rows.append((str(r.id), r.local_time(), r.bank_id, r.language, result))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [row[0].rjust(widths[0])] + [row[i].ljust(widths[i]) for i in range(1, 4)]
        write_stdout("  ".join([*cells, row[4]]))


@history_app.callback(invoke_without_command=True)
def history_main(
    ctx: typer.Context,
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
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
        _list(bank, as_json)


@history_app.command("list")
def list_command(
    bank: str | None = typer.Option(None, "--bank", "-b", help=BANK_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """List stored results, newest first (the same as `popquiz history`).

    Examples:

    \b
      popquiz history list
      popquiz history list --bank kpop-vs-jpop --json
    """
    _list(bank, as_json)


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
        help="Write the result card to FILE instead (.html, .svg, .md or .json).",
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
      popquiz history show 3 --export card.html    # or card.svg, card.md, card.json
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
    if export is not None:
        from popquiz.errors import printable
        from popquiz.ui.export import export_report

        target = export.expanduser()
        previous = store.previous_of(record)
        export_report(record.report, target, previous=previous, taken_at=record.taken_at)
        err_console_print(printable(f"Result card of #{record.id} written to {export}"))
        return
    from popquiz.ui.console import make_console
    from popquiz.ui.links import terminal_links
    from popquiz.ui.render import render_report

    err_console_print(
        f"Result #{record.id}, {record.local_time()}, {record.bank_id} {record.bank_version}"
    )
    console = make_console(plain=plain, no_color=no_color)
    links = terminal_links(plain=plain, is_terminal=console.is_terminal)
    previous = store.previous_of(record)
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

    plural = "s" if len(records) != 1 else ""
    err_console_print(printable(f"Exported {len(records)} result{plural} to {file}"))


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
