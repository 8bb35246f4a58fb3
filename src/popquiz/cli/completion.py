"""The finish on typer's command tree: help a person can read, and shell completion.

typer builds the click commands from the function signatures; :func:`command` builds them and
then, over the whole tree (so every command present and future gets it):

- help shows names, never Python types: options without a metavar get their name in capitals
  (``--format FORMAT``), arguments lose typer's ``<list[Path]>`` and the usage line reads
  ``PATH...`` instead of ``{PATH...}...``;
- a command's summary in its parent's list is its whole first paragraph, wrapped, never cut
  with "…";
- bank ids, languages and result numbers complete in bash, zsh and fish
  (``popquiz --install-completion``; typer's protocol, ``_POPQUIZ_COMPLETE=complete_bash``).

Completion runs on every Tab: it reads bank files as text (no YAML parsing) and the history
database, and never imports Rich or questionary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
import typer.main
from typer.core import TyperArgument

Completer = Callable[[Any, Any, str], list[str]]


class PlainArgument(TyperArgument):
    """An argument shown by its name alone: ``PATH...`` (no ``<list[Path]>``, no braces)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self) -> str | None:
        # A bound that is only SQLite's integer limit ("1<=x<=9223372036854775807") is noise.
        if self.max is not None and self.max >= 2**31:
            return f"x>={self.min}" if self.min is not None else None
        return super()._get_number_range_help_str()

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


def command() -> Any:
    """The click command of the whole app, with help and completion finished."""
    from popquiz.cli.typer_app import app

    root = typer.main.get_command(app)
    _finish(root)
    _quiet_completion_help()
    return root


def _finish(cmd: Any) -> None:
    for param in cmd.params:
        if isinstance(param, TyperArgument):
            param.__class__ = PlainArgument
            param.metavar = (param.metavar or param.name or "VALUE").upper().rstrip(".")
        elif not getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = (param.name or "VALUE").upper()
        completer = _COMPLETERS.get(param.name or "")
        if completer is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = completer
    if cmd.help and not cmd.short_help:
        first = re.split(r"\n\s*\n", cmd.help.strip(), maxsplit=1)[0]
        cmd.short_help = " ".join(first.split())
    for sub in getattr(cmd, "commands", {}).values():
        _finish(sub)


def _quiet_completion_help() -> None:
    """typer passes completion help through Rich to strip markup; popquiz's help has none
    (rich_markup_mode=None), and a Tab must not pay for importing Rich."""
    import typer._completion_classes as classes

    classes._sanitize_help_text = lambda text: text


# --- what completes ----------------------------------------------------------------------


def _bank_ids(ctx: Any, param: Any, incomplete: str) -> list[str]:
    from popquiz.store.library import declared_ids

    try:
        ids = declared_ids()
    except OSError:
        return []
    return [i for i in ids if i.startswith(incomplete)]


def _languages(ctx: Any, param: Any, incomplete: str) -> list[str]:
    from popquiz.i18n import LANGUAGES

    return [code for code in LANGUAGES if code.startswith(incomplete)]


def _result_numbers(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """Stored result numbers, newest first, read-only (a Tab never creates or repairs the
    database)."""
    import sqlite3

    from popquiz.store.history import default_path

    path = default_path()
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = conn.execute("SELECT id FROM results ORDER BY id DESC LIMIT 200").fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return []
    return [str(row[0]) for row in rows if str(row[0]).startswith(incomplete)]


_COMPLETERS: dict[str, Completer] = {
    "bank": _bank_ids,  # `take BANK`, `history --bank`
    "banks": _bank_ids,  # `analyze BANK...`
    "lang": _languages,
    "number": _result_numbers,  # `history show N`
}
