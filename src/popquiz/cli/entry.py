"""The command line's entry point: the one place errors become messages and exit codes.

Only the standard library is imported at start-up. The command lines run most often (bare
``popquiz``, ``take``, ``validate``) go through :mod:`popquiz.cli.fastpath` without typer;
every other command line builds the typer app (:mod:`popquiz.cli.typer_app`), whose commands
import what they need when they run, so ``popquiz --help`` costs little more than typer itself.
"""

from __future__ import annotations

import gc
import os
import sys

from popquiz.errors import ExitStatus, PopquizError


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the one place errors become messages and exit codes."""
    status = run(argv)
    # The interpreter's final garbage collections would walk every object still alive
    # (pydantic's schemas, Rich, prompt_toolkit): 10-20 ms of every run. Freezing them skips
    # those passes only; modules are still torn down, streams flushed and atexit handlers run.
    gc.freeze()
    sys.exit(status)


def run(argv: list[str] | None = None) -> int:
    from popquiz.cli import fastpath
    from popquiz.cli.common import err_console_print

    args = sys.argv[1:] if argv is None else argv
    try:
        call = fastpath.parse(args)
        if call is not None:
            return fastpath.execute(call)
        from popquiz.cli.typer_app import app

        status = app(args=args, prog_name="popquiz", standalone_mode=False)
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
    if "typer" not in sys.modules:
        return None
    import typer

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
