"""The command line: parse, call the core, render, map errors to exit codes.

Only typer and the standard library are imported at start-up; each command imports what it
needs when it runs, so ``popquiz --help`` costs little more than typer itself.
"""

from __future__ import annotations

import os
import sys

import typer

from popquiz import __version__
from popquiz.commands import author, history_cmd, library_cmd, take, validate
from popquiz.errors import ExitStatus, PopquizError

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
library_cmd.register(app)
history_cmd.register(app)
author.register(app)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the one place errors become messages and exit codes."""
    status = run(argv)
    sys.exit(status)


def run(argv: list[str] | None = None) -> int:
    from popquiz.commands.common import err_console_print

    try:
        status = app(args=argv, prog_name="popquiz", standalone_mode=False)
        # Without standalone mode click returns typer.Exit's code instead of exiting.
        return status if isinstance(status, int) else int(ExitStatus.OK)
    except PopquizError as exc:
        err_console_print(str(exc))
        return int(exc.exit_status)
    except (KeyboardInterrupt, EOFError):
        err_console_print("Interrupted.")
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        _silence_broken_pipe()
        return int(ExitStatus.OK)
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):  # click turned it into exit(1)
            _silence_broken_pipe()
            return int(ExitStatus.OK)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:
        click_status = _click_exception(exc)
        if click_status is not None:
            return click_status
        if os.environ.get("POPQUIZ_DEBUG"):
            raise
        err_console_print(
            f"popquiz: internal error ({type(exc).__name__}). This is a bug; run again with "
            "--debug (or POPQUIZ_DEBUG=1) for the full traceback and report it."
        )
        return int(ExitStatus.INTERNAL)


def _click_exception(exc: Exception) -> int | None:
    """Usage errors and aborts raised by typer's click: show them as click would."""
    if isinstance(exc, typer.Exit):
        return int(exc.exit_code)
    if isinstance(exc, typer.Abort):
        sys.stderr.write("Aborted.\n")
        return int(ExitStatus.INTERRUPTED)
    show = getattr(exc, "show", None)
    code = getattr(exc, "exit_code", None)
    if callable(show) and isinstance(code, int):  # click's ClickException family
        show()
        return int(ExitStatus.USAGE) if code == 2 else code
    return None


def _silence_broken_pipe() -> None:
    """After a closed pipe (``popquiz list | head -1``) exit quietly, as Unix tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
