"""Small helpers shared by the commands (no rich at import time)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from popquiz.errors import BankError

if TYPE_CHECKING:
    from collections.abc import Callable

    from popquiz.bank.model import Bank


def err_console_print(message: str) -> None:
    """Write a message to stderr (plain text: it may contain bank-controlled text). On a
    terminal, Korean and Japanese messages are wrapped by their own rules (popquiz.text.linebreak)
    rather than cut wherever the terminal's edge falls."""
    try:
        message = _wrapped_for_terminal(message.rstrip("\n"))
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass


def waiting_line(language: str) -> Callable[[], None]:
    """What the history store calls when another process's lock makes it wait: one line on
    stderr as the wait starts, so no command is silent while it waits."""

    def tell() -> None:
        from popquiz.i18n import t
        from popquiz.store.database import BUSY_TIMEOUT_S

        err_console_print(t(language, "history.waiting", seconds=f"{BUSY_TIMEOUT_S:g}"))

    return tell


def _wrapped_for_terminal(message: str) -> str:
    import shutil

    if message.isascii() or not sys.stderr.isatty():
        return message
    from popquiz.text.linebreak import wrap_plain

    return wrap_plain(message, shutil.get_terminal_size((0, 0)).columns - 1)


def load_or_fail(path: Path, display: str | None = None) -> Bank:
    """Load a bank to play (through the compiled-bank cache) or raise BankError (exit 1)
    with every located problem."""
    from popquiz.store.bankcache import open_bank

    bank, problems = open_bank(path, display=display)
    if bank is None:
        raise BankError(problems)
    return bank


def write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def json_dumps(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


def invoked_as() -> str:
    """popquiz as the user can type it again: ``popquiz`` when that is on PATH and is this
    program, else the full path it was started by (``.venv/bin/popquiz``), or
    ``python -m popquiz`` with the interpreter's full path."""
    import contextlib
    import shlex
    import shutil

    argv0 = sys.argv[0] if sys.argv else ""
    on_path = shutil.which("popquiz")
    if not argv0 or Path(argv0).name in ("__main__.py", "-c", "-m"):
        if on_path:
            return "popquiz"
        return f"{shlex.quote(sys.executable)} -m popquiz"
    with contextlib.suppress(OSError):
        if on_path and Path(on_path).resolve() == Path(argv0).resolve():
            return "popquiz"
    return shlex.quote(str(Path(argv0).absolute()))


def reaching_popquiz() -> tuple[str, tuple[str, str] | None]:
    """How a suggested command names popquiz, and how to reach it when that name is not on
    PATH (said once, not in every command): ``("popquiz", None)`` on PATH; in a virtual
    environment, ``popquiz`` and the line that activates it; else the path it was started by,
    as :func:`invoked_as` gives it."""
    import shlex

    typed = invoked_as()
    if typed == "popquiz":
        return typed, None
    argv0 = sys.argv[0] if sys.argv else ""
    started = Path(argv0) if argv0 and Path(argv0).name == "popquiz" else Path(sys.executable)
    bin_dir = started.absolute().parent
    activate = bin_dir / "activate"
    if activate.is_file() and (bin_dir / "popquiz").is_file():
        return "popquiz", ("activate", f"source {shlex.quote(_short(activate))}")
    if Path(argv0).name == "popquiz":
        return "popquiz", ("program", shlex.quote(_short(Path(argv0))))
    return "popquiz", ("program", typed)


def _short(path: Path) -> str:
    """``path`` relative to the working folder when it lies inside it (as it was typed,
    ``.venv/bin/popquiz``), else absolute."""
    absolute = path.absolute()
    try:
        relative = absolute.relative_to(Path.cwd())
    except (ValueError, OSError):
        return str(absolute)
    return str(relative) if relative.parts else str(absolute)
