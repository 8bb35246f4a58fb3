"""The typer application: every command, its options and its ``--help``.

Built only when a command line needs it (``--help``, the authoring and history commands, and
anything :mod:`popquiz.cli.quickparse` does not take); :mod:`popquiz.cli.main` is the entry
point and error boundary for both. The options of ``take``, which the root command takes too,
are declared once in :mod:`popquiz.cli.options`.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

import typer

from popquiz import __version__
from popquiz.cli.author import register as register_author
from popquiz.cli.compare import register as register_compare
from popquiz.cli.history import register as register_history
from popquiz.cli.library import register as register_library
from popquiz.cli.migrate import register as register_migrate
from popquiz.cli.options import ANY_COMMAND, TAKE, declare, given_options, typer_parameters
from popquiz.cli.take import ROOT_TAKE_OPTIONS
from popquiz.cli.take import register as register_take
from popquiz.cli.validate import register as register_validate
from popquiz.errors import UsageError

app = typer.Typer(
    name="popquiz",
    help=(
        "Which pop scene fits you? Take the K-pop / J-pop / crossover quiz, or write, check and "
        "analyse your own question banks.\n\n"
        "Run `popquiz` with no command to play the default quiz; it takes every option of "
        "`popquiz take`.\n\n"
        "Examples:\n\n\b\n"
        "  popquiz                          # play the default quiz\n"
        "  popquiz --lang ko                # in Korean (ja: Japanese)\n"
        "  popquiz --quick --no-save        # stop once the result is likely; not saved\n"
        "  popquiz take --random --json     # no terminal needed\n"
        "  popquiz validate quizzes/*.yaml  # check banks\n"
        "  popquiz COMMAND --help           # more on each command"
    ),
    # Plain click help: Rich-rendered help would import rich.console on every --help (twice
    # the start-up time); examples keep their layout through click's \b blocks.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"popquiz {__version__}")
        raise typer.Exit()


def root(ctx: typer.Context, version: bool, debug: bool, **options: Any) -> None:
    """Which pop scene fits you? Run with no command to play the default quiz."""
    from popquiz.cli.take import run_take

    if debug:
        os.environ["POPQUIZ_DEBUG"] = "1"
    if ctx.invoked_subcommand is None:
        run_take(None, **options)
        return
    given = given_options(options)
    if ctx.invoked_subcommand == "take":
        ctx.meta[ROOT_TAKE_OPTIONS] = given
        return
    # --lang, --plain and --no-color are accepted before any command; the quiz's other options
    # there would be silently ignored: say so instead.
    misplaced = [n for n in given if n not in ANY_COMMAND]
    if misplaced:
        flags = ", ".join(
            next(f for f in ctx.command.params if f.name == n).opts[-1] for n in misplaced
        )
        raise UsageError(
            f"{flags}: an option of the quiz, not of `popquiz {ctx.invoked_subcommand}`; "
            "use it as `popquiz [OPTIONS]` or `popquiz take [OPTIONS]`"
        )


_KEYWORD = inspect.Parameter.KEYWORD_ONLY
declare(
    root,
    [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        inspect.Parameter(
            "version",
            _KEYWORD,
            annotation=bool,
            default=typer.Option(
                False,
                "--version",
                callback=_version,
                is_eager=True,
                help="Show the version and exit.",
            ),
        ),
        inspect.Parameter(
            "debug",
            _KEYWORD,
            annotation=bool,
            default=typer.Option(
                False,
                "--debug",
                help="Show full tracebacks for internal errors (or POPQUIZ_DEBUG=1).",
            ),
        ),
        *typer_parameters(TAKE),
    ],
)
app.callback(invoke_without_command=True)(root)

register_take(app)
register_validate(app)
register_library(app)
register_history(app)
register_author(app)
register_compare(app)
register_migrate(app)
