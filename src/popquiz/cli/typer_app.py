"""The typer application: every command, its options and its ``--help``.

Built only when a command line needs it (``--help``, the authoring and history commands, and
anything the fast path in :mod:`popquiz.cli.fastpath` does not take); ``popquiz.cli`` is the
entry point and error boundary for both.
"""

from __future__ import annotations

import os

import typer

from popquiz import __version__
from popquiz.cli import author, compare, history, library, take, validate

app = typer.Typer(
    name="popquiz",
    help=(
        "Which pop scene fits you? Take the K-pop / J-pop / crossover quiz, or write, check and "
        "analyse your own question banks.\n\n"
        "Run `popquiz` with no command to play the default quiz.\n\n"
        "Examples:\n\n\b\n"
        "  popquiz                          # play the default quiz\n"
        "  popquiz --lang ko                # in Korean (ja: Japanese)\n"
        "  popquiz take --random --json     # no terminal needed\n"
        "  popquiz validate quizzes/*.yaml  # check banks\n"
        "  popquiz COMMAND --help           # more on each command"
    ),
    # Plain click help: Rich-rendered help would import rich.console on every --help (twice
    # the start-up time); examples keep their layout through click's \b blocks.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"popquiz {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show full tracebacks for internal errors (or POPQUIZ_DEBUG=1)."
    ),
    lang: str | None = typer.Option(
        None, "--lang", "-l", help="Language for the default quiz (en, ko, ja)."
    ),
    plain: bool = typer.Option(False, "--plain", help="Screen-reader friendly output."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (also: NO_COLOR=1)."),
) -> None:
    """Which pop scene fits you? Run with no command to play the default quiz."""
    if debug:
        os.environ["POPQUIZ_DEBUG"] = "1"
    if ctx.invoked_subcommand is None:
        take.run_take(None, lang=lang, plain=plain, no_color=no_color)


take.register(app)
validate.register(app)
library.register(app)
history.register(app)
author.register(app)
compare.register(app)
