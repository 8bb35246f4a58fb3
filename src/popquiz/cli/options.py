"""The options of `take`, declared once.

Bare ``popquiz`` is ``popquiz take``, so the root command takes every one of them too. From
:data:`TAKE` the quick parser (:mod:`popquiz.cli.quickparse`) gets its flags and kinds, and
:func:`typer_parameters` builds typer's parameters for both ``take`` and the root command;
:func:`popquiz.cli.take.run_take` receives them as keyword arguments of the same names
(``tests/cli/test_quickparse.py`` holds all of these in step).

Only the standard library is imported here: the quick parser reads this table on every start,
and typer is imported when typer's parameters are built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    import inspect

Kind = Literal["flag", "text", "int", "path"]

_TYPES: dict[Kind, Any] = {"flag": bool, "text": str | None, "int": int | None, "path": Path | None}


class Option(NamedTuple):
    """One command-line option: the keyword argument it becomes, its flags, the kind of value
    it takes, and what ``--help`` says about it."""

    dest: str
    flags: tuple[str, ...]
    kind: Kind
    default: Any = None
    help: str = ""
    metavar: str | None = None


def _flag(dest: str, flags: tuple[str, ...], help: str) -> Option:
    return Option(dest, flags, "flag", False, help)


def _value(dest: str, flags: tuple[str, ...], kind: Kind, metavar: str, help: str) -> Option:
    return Option(dest, flags, kind, None, help, metavar)


TAKE: tuple[Option, ...] = (
    _value(
        "answers",
        ("--answers", "-a"),
        "path",
        "FILE",
        "Answer from a YAML/JSON file (question id → answer id, or 1-5 for likert) instead of "
        "interactively.",
    ),
    _flag(
        "random_answers", ("--random",), "Answer every question at random (for demos and tests)."
    ),
    _value("seed", ("--seed",), "int", "N", "Seed for --random and --shuffle (a whole number)."),
    _value(
        "lang",
        ("--lang", "-l"),
        "text",
        "LANG",
        "Language (en, ko, ja). Default: your locale, else the bank's default.",
    ),
    _flag("as_json", ("--json",), "Print the result as one JSON object."),
    _flag("no_save", ("--no-save",), "Do not store the result in history."),
    _flag("resume", ("--resume",), "Continue the paused quiz of this bank without asking."),
    _flag("shuffle", ("--shuffle",), "Shuffle question and answer order (scoring is unchanged)."),
    _flag(
        "quick",
        ("--quick",),
        "Stop once the result is likely enough (an estimate; the bank sets how sure).",
    ),
    _flag(
        "adaptive",
        ("--adaptive",),
        "Stop as soon as the remaining questions could not change the result.",
    ),
    _value(
        "export",
        ("--export",),
        "path",
        "PATH",
        "Also write the result card to PATH (.png, .svg, .html, .md, .json).",
    ),
    _flag("plain", ("--plain",), "Screen-reader friendly output: no boxes or decorative glyphs."),
    _flag("no_color", ("--no-color",), "No colours (also: NO_COLOR=1)."),
)

# Given before another command (`popquiz --plain list`), only these of TAKE count for it.
ANY_COMMAND = frozenset({"lang", "plain", "no_color"})


def given_options(values: dict[str, Any]) -> dict[str, Any]:
    """The options of `take` among ``values`` that were given (not left at their default of
    None or False), in the table's order."""
    return {
        opt.dest: values[opt.dest]
        for opt in TAKE
        if values.get(opt.dest) is not None and values.get(opt.dest) is not False
    }


def typer_parameters(options: tuple[Option, ...]) -> list[inspect.Parameter]:
    """typer's declaration of ``options``, as parameters of a command function's signature."""
    import inspect

    import typer

    return [
        inspect.Parameter(
            opt.dest,
            inspect.Parameter.KEYWORD_ONLY,
            default=typer.Option(opt.default, *opt.flags, metavar=opt.metavar, help=opt.help),
            annotation=_TYPES[opt.kind],
        )
        for opt in options
    ]


def declare(function: Any, parameters: list[inspect.Parameter]) -> Any:
    """``function`` (which takes ``**options``) declared to typer with ``parameters``: typer
    reads a command's parameters from its ``__signature__`` and their types from
    ``__annotations__``."""
    import inspect

    function.__signature__ = inspect.Signature(parameters)
    function.__annotations__ = {p.name: p.annotation for p in parameters}
    return function
