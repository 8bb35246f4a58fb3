"""The typer application: every command, its options and its ``--help``.

Built only when a command line needs it (``--help``, the authoring and history commands, and
anything the fast path in :mod:`popquiz.cli.fastpath` does not take); ``popquiz.cli`` is the
entry point and error boundary for both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from popquiz import __version__
from popquiz.cli import author, compare, history, library, take, validate
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


_TAKE = take.option_infos()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show full tracebacks for internal errors (or POPQUIZ_DEBUG=1)."
    ),
    answers: Path | None = _TAKE["answers"],
    random_answers: bool = _TAKE["random_answers"],
    seed: int | None = _TAKE["seed"],
    lang: str | None = _TAKE["lang"],
    as_json: bool = _TAKE["as_json"],
    no_save: bool = _TAKE["no_save"],
    resume: bool = _TAKE["resume"],
    shuffle: bool = _TAKE["shuffle"],
    quick: bool = _TAKE["quick"],
    adaptive: bool = _TAKE["adaptive"],
    export: Path | None = _TAKE["export"],
    plain: bool = _TAKE["plain"],
    no_color: bool = _TAKE["no_color"],
) -> None:
    """Which pop scene fits you? Run with no command to play the default quiz."""
    options: dict[str, Any] = {k: v for k, v in locals().items() if k in _TAKE}
    if debug:
        os.environ["POPQUIZ_DEBUG"] = "1"
    if ctx.invoked_subcommand is None:
        take.run_take(None, **options)
        return
    given = {n: v for n, v in options.items() if v is not None and v is not False}
    if ctx.invoked_subcommand == "take":
        ctx.meta[take.ROOT_TAKE_OPTIONS] = given
        return
    # --lang, --plain and --no-color before another command are accepted as before;
    # the quiz's own options there would be silently ignored: say so instead.
    misplaced = [n for n in given if n not in ("lang", "plain", "no_color")]
    if misplaced:
        flags = ", ".join(
            next(f for f in ctx.command.params if f.name == n).opts[-1] for n in misplaced
        )
        raise UsageError(
            f"{flags}: an option of the quiz, not of `popquiz {ctx.invoked_subcommand}`; "
            "use it as `popquiz [OPTIONS]` or `popquiz take [OPTIONS]`"
        )


take.register(app)
validate.register(app)
library.register(app)
history.register(app)
author.register(app)
compare.register(app)
