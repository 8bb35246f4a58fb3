"""The command line's entry point: the one place errors become messages and exit codes.

Only the standard library is imported at start-up. The command lines run most often (bare
``popquiz``, ``take``, ``validate``) go through :mod:`popquiz.cli.quickparse` without typer;
every other command line builds the typer app (:mod:`popquiz.cli.typer_app`), whose commands
import what they need when they run, so ``popquiz --help`` costs little more than typer itself.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys

from popquiz.cli.startup import starting, startup_over
from popquiz.errors import ExitStatus, PopquizError


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the one place errors become messages and exit codes."""
    # pydantic looks for plugins (observability hooks for an application's own models) by
    # reading every installed package's metadata when it builds its first validator: 30 ms of
    # a validate. popquiz's validators are its own; a user who sets the variable keeps theirs.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    status = run(argv)
    # The interpreter's final garbage collections would walk every object still alive
    # (pydantic's schemas, Rich, prompt_toolkit): 10-20 ms of every run. Freezing them skips
    # those passes only; modules are still torn down, streams flushed and atexit handlers run.
    gc.freeze()
    sys.exit(status)


def run(argv: list[str] | None = None) -> int:
    """Run one command line; returns its exit status. Whatever happens, the history database
    is closed (its write-ahead log checkpointed) and stdout flushed before returning."""
    if sys.stdout is None or sys.stderr is None:  # started with 1>&- or 2>&-
        _say_closed()
        return int(ExitStatus.OUTPUT)
    _tolerate_any_encoding()
    try:
        with starting():
            status = _run(argv)
    finally:
        _close_stores()
    return _flushed(status)


def _run(argv: list[str] | None) -> int:
    from popquiz.cli.common import err_console_print
    from popquiz.cli.quickparse import execute, parse

    args = sys.argv[1:] if argv is None else argv
    try:
        call = parse(args)
        if call is None or call.command != "take":
            startup_over()  # only a quiz's start is kept free of collections
        if call is not None:
            return execute(call)
        from popquiz.cli.completion import command

        status = command().main(args=args, prog_name="popquiz", standalone_mode=False)
        # Without standalone mode click returns typer.Exit's code instead of exiting.
        return status if isinstance(status, int) else int(ExitStatus.OK)
    except PopquizError as exc:
        err_console_print(str(exc))
        return int(exc.exit_status)
    except (KeyboardInterrupt, EOFError):
        from popquiz.i18n import locale_language, t

        err_console_print(t(locale_language() or "en", "interrupted"))
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        _silence_broken_pipe()
        return int(ExitStatus.OK)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            return _internal(exc)
        err_console_print(f"popquiz: cannot write the output: {exc.strerror or exc}")
        _silence_broken_pipe()
        return int(ExitStatus.OUTPUT)
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
        return _internal(exc)


def _internal(exc: Exception) -> int:
    from popquiz.cli.common import err_console_print

    if os.environ.get("POPQUIZ_DEBUG"):
        raise exc
    err_console_print(
        f"popquiz: internal error ({type(exc).__name__}). This is a bug; run again with "
        "--debug (or POPQUIZ_DEBUG=1) for the full traceback and report it."
    )
    return int(ExitStatus.INTERNAL)


# Writing stdout failed: a full disk (/dev/full), an I/O error, a closed descriptor.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT}


def _tolerate_any_encoding() -> None:
    """A non-UTF-8 locale (``LC_ALL=en_US.ISO-8859-1``) or ``PYTHONIOENCODING=ascii`` must not
    crash on the first Korean title: characters the stream cannot encode become ``?`` (Rich
    draws ASCII boxes for such a stream by itself)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf_8") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def _flushed(status: int) -> int:
    """Flush stdout now, while a failure can still become a message and exit status 74 (at
    interpreter exit it would be a traceback-like "Exception ignored" and status 120)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_broken_pipe()
    except (OSError, ValueError) as exc:
        from popquiz.cli.common import err_console_print

        err_console_print(f"popquiz: cannot write the output: {getattr(exc, 'strerror', exc)}")
        _silence_broken_pipe()
        return int(ExitStatus.OUTPUT) if status == 0 else status
    return status


def _say_closed() -> None:
    message = b"popquiz: standard output or error is closed; nothing can be shown\n"
    for fd in (2, 1):
        try:
            os.write(fd, message)
            return
        except OSError:
            continue


def _close_stores() -> None:
    """Close every history database this run opened, so its write-ahead log is checkpointed
    into the main file (left open, every result lives only in the ``-wal`` file)."""
    history = sys.modules.get("popquiz.store.history")
    if history is not None:
        history.close_all()


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
