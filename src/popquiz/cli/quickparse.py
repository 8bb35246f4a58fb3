"""The fast path: the command lines run most often, parsed without building the typer app.

Fans run ``popquiz`` (which is ``take``, with every option of ``take``) and
``popquiz take ...``; CI runs ``popquiz validate ...`` and ``popquiz analyze ...``. Importing
typer costs ~40 ms, and running any typer command imports pydantic and builds a TypeAdapter per
parameter (~60 ms more): several times what playing a cached bank takes. So
:mod:`popquiz.cli.main` first offers the command line to :func:`parse`, which recognises a small,
unambiguous subset of those commands and returns the call the typer command would make
(``run_take``, ``run_validate`` or ``run_analyze``, with the same arguments). Everything else
is left to typer:
``--help``, ``--version``, the other commands, an unknown, repeated or misspelt option, a
missing or empty value, a value that starts with ``-``, a non-decimal ``--seed``, bundled or
attached short options (``-lko``), ``--``, and shell completion. So every message and exit
status for unusual input is typer's own, and the fast path only ever makes a quiz start sooner.

The options of ``take`` come from :data:`popquiz.cli.options.TAKE`, the table typer's
parameters are built from too. ``tests/cli/test_quickparse.py`` checks the tables below against
the typer app and, with Hypothesis, that whenever :func:`parse` accepts a command line,
typer accepts it too and makes exactly the same call.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from popquiz.cli.options import ANY_COMMAND, TAKE, Kind, Option


class Command(NamedTuple):
    options: tuple[Option, ...]
    positional: str  # keyword argument receiving the positional arguments
    kind: Kind  # of each positional argument
    at_least: int
    at_most: int | None  # None: any number, passed as a list


COMMANDS = {
    "take": Command(options=TAKE, positional="bank", kind="text", at_least=0, at_most=1),
    "validate": Command(
        options=(
            Option("fmt", ("--format", "-f"), "text", "text"),
            Option("quiet", ("--quiet", "-q"), "flag", False),
        ),
        positional="paths",
        kind="path",
        at_least=1,
        at_most=None,
    ),
    "analyze": Command(
        options=(
            Option("as_json", ("--json",), "flag", False),
            Option("fmt", ("--format", "-f"), "text", "text"),
            Option("strict", ("--strict",), "flag", False),
            Option("seed", ("--seed",), "int", 0),
            Option("adaptive", ("--adaptive",), "flag", False),
            Option("plain", ("--plain",), "flag", False),
            Option("no_color", ("--no-color",), "flag", False),
        ),
        positional="banks",
        kind="text",
        at_least=1,
        at_most=None,
    ),
}


# Bare `popquiz` is `take`: the root takes every option of `take` (and --debug). Given before
# `take` they count for it; before another command only those in ANY_COMMAND may be.
ROOT_OPTIONS = (Option("debug", ("--debug",), "flag", False), *TAKE)


class Call(NamedTuple):
    """What to run: ``command`` is "take" (also for bare ``popquiz``), "validate" or
    "analyze"."""

    command: str
    kwargs: dict[str, Any]
    debug: bool = False


def parse(argv: Sequence[str]) -> Call | None:
    """The call for ``argv`` if it is one the fast path takes, else None (use typer)."""
    if os.environ.get("_POPQUIZ_COMPLETE"):  # click's shell completion protocol
        return None
    tokens = list(argv)
    scanned = _scan(tokens, ROOT_OPTIONS, stop_at_positional=True)
    if scanned is None:
        return None
    root, rest = scanned
    debug = bool(root.pop("debug", False))
    take = COMMANDS["take"]
    if not rest:  # bare `popquiz`: the root callback's call
        kwargs = {opt.dest: opt.default for opt in take.options}
        return Call("take", {"bank": None, **kwargs, **root}, debug)
    command = COMMANDS.get(rest[0])
    if command is None or (command is not take and not set(root) <= ANY_COMMAND):
        return None
    scanned = _scan(rest[1:], command.options, stop_at_positional=False)
    if scanned is None:
        return None
    values, positionals = scanned
    if len(positionals) < command.at_least or (
        command.at_most is not None and len(positionals) > command.at_most
    ):
        return None
    converted = []
    for token in positionals:
        value = _convert(command.kind, token)
        if value is None:
            return None
        converted.append(value)
    kwargs = {opt.dest: opt.default for opt in command.options}
    if command is take:
        kwargs.update(root)
    kwargs.update(values)
    if command.at_most == 1:
        kwargs[command.positional] = converted[0] if converted else None
    else:
        kwargs[command.positional] = converted
    return Call(rest[0], kwargs, debug)


def execute(call: Call) -> int:
    """Run a parsed call; its exit status (errors propagate to the CLI's error boundary)."""
    if call.debug:
        os.environ["POPQUIZ_DEBUG"] = "1"
    if call.command == "validate":
        from popquiz.cli.validate import run_validate

        return run_validate(**call.kwargs)
    if call.command == "analyze":
        from popquiz.cli.analyze import run_analyze

        return run_analyze(**call.kwargs)
    from popquiz.cli.take import run_take

    run_take(**call.kwargs)
    return 0


def _scan(
    tokens: list[str], options: tuple[Option, ...], *, stop_at_positional: bool
) -> tuple[dict[str, Any], list[str]] | None:
    """(option values, positional arguments) or None if anything is unusual. With
    ``stop_at_positional`` the first positional and all after it are returned unparsed."""
    by_flag = {flag: opt for opt in options for flag in opt.flags}
    values: dict[str, Any] = {}
    positionals: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in ("", "-"):
            return None
        if not token.startswith("-"):
            if stop_at_positional:
                return values, tokens[i - 1 :]
            positionals.append(token)
            continue
        name, eq, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        opt = by_flag.get(name)
        if opt is None or opt.dest in values:
            return None
        if opt.kind == "flag":
            if eq:
                return None
            values[opt.dest] = True
            continue
        if eq:
            raw = attached
        elif i < len(tokens):
            raw = tokens[i]
            i += 1
            if raw.startswith("-"):
                return None
        else:
            return None
        value = _convert(opt.kind, raw)
        if value is None:
            return None
        values[opt.dest] = value
    return values, positionals


def _convert(kind: Kind, raw: str) -> Any:
    if not raw:
        return None
    if kind == "int":
        # Plain decimal only; signs, underscores, other scripts' digits: typer decides.
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
    if kind == "path":
        return Path(raw)
    return raw
