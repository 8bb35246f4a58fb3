"""A line typed at the terminal, read so that a Ctrl-C is never missed.

The builtin :func:`input` writes its prompt and then blocks in ``read()`` with no Python code in
between. A SIGINT that lands after the prompt is shown but before ``read()`` starts only sets
Python's "signal pending" flag; ``read()`` is not interrupted (it had not begun), so the
terminal echoes ``^C`` and the process waits for a line that never comes. The same happens
when the signal is delivered to another thread (the background import of questionary) while
the main thread is blocked. Here the signal's C handler also writes a byte to a wakeup pipe
that :func:`select.select` watches beside the terminal, so a signal at any moment wakes the
wait and its Python handler runs (raising KeyboardInterrupt, or whatever the quiz's own
handlers raise).

Between two questions no prompt is reading, and a terminal in its ordinary mode echoes what is
typed: a digit pressed ahead would stay on screen above the next question. :func:`no_echo`
turns echo off for the whole quiz (each prompt saves and restores that state), and
:func:`read_line` turns it back on while a line is typed.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def read_line(prompt: str = "") -> str:
    """``input(prompt)`` (prompt on stderr, like :func:`input` on a terminal) without the
    window in which a signal is missed. Ctrl-D on an empty line raises EOFError."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        return input(prompt)
    if not os.isatty(fd) or threading.current_thread() is not threading.main_thread():
        return input(prompt)  # the handlers and the wakeup pipe belong to the main thread
    with _wakeup_pipe() as wake_r:
        sys.stdout.flush()  # what was printed before the question shows before it
        # Echo is on before the prompt shows (a terminal echoes a key as it arrives): a key
        # pressed the moment the question appears is seen like the rest of the line.
        with _echo(fd, on=True):
            if prompt:
                sys.stderr.write(prompt)
            sys.stderr.flush()
            return _read(fd, wake_r)


@contextlib.contextmanager
def _wakeup_pipe() -> Iterator[int]:
    """The read end of a pipe that a signal writes to while the block runs (signal's wakeup
    fd): a read waiting on it with the terminal sees the signal at once, so its handler runs."""
    wake_r, wake_w = os.pipe()
    try:
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        previous = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        try:
            yield wake_r
        finally:
            signal.set_wakeup_fd(previous)
    finally:
        os.close(wake_r)
        os.close(wake_w)


def read_key(prompt: str, keys: Mapping[str, bool]) -> bool:
    """One key answers ``prompt`` (a yes/no question): ``keys`` maps a key (``""`` for Enter,
    ``"\x1b"`` for Esc) to the answer; other keys are ignored. The key chosen is echoed
    after the prompt. Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError; without a terminal a
    line is read and its first character counts."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0 or not os.isatty(fd) or threading.current_thread() is not threading.main_thread():
        line = input(prompt).strip().lower()
        return keys.get(line[:1], keys[""])
    with _wakeup_pipe() as wake_r:
        sys.stdout.flush()
        with _single_keys(fd):
            sys.stderr.write(prompt)
            sys.stderr.flush()
            key = _key(fd, wake_r, keys)
    sys.stderr.write((key if key.isprintable() else "") + "\n")
    sys.stderr.flush()
    return keys[key]


def _key(fd: int, wake: int, keys: Mapping[str, bool]) -> str:
    """The first key read that ``keys`` knows (Enter as ``""``)."""
    while True:
        ready, _, _ = select.select([fd, wake], [], [])
        if wake in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wake, 512)
            continue  # a handler that raises does so on the way back round
        data = os.read(fd, 64).decode(sys.stdin.encoding or "utf-8", errors="replace")
        if not data:
            raise EOFError
        if data.startswith("\x1b") and len(data) > 1:
            continue  # an arrow or function key, not Esc
        for ch in data:
            if ch == "\x04":
                raise EOFError
            key = "" if ch in "\r\n" else ch.lower()
            if key in keys:
                return key


@contextlib.contextmanager
def _single_keys(fd: int) -> Iterator[None]:
    """Keys arrive one at a time and are not echoed; Ctrl-C still signals."""

    def single(mode: list[Any], termios: Any) -> None:
        mode[3] &= ~(termios.ICANON | termios.ECHO)
        mode[6] = list(mode[6])
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0

    with _tty_mode(fd, single):
        yield


def ask_key(console: Console, question: str, keys: Mapping[str, bool]) -> bool:
    """:func:`read_key` for ``question``, broken as :func:`ask_wrapped` breaks it; its
    "[Y/n]" stays on the line of the word before it, never alone on a line of its own."""
    question = re.sub(r" +(\[[YyNn]/[YyNn]\]) *$", "\u00a0\\1 ", question)
    answer = ask_wrapped(
        console, question, lambda last: "y" if read_key(last, keys) else "n", glued=True
    )
    return answer == "y"


def ask_wrapped(
    console: Console, question: str, read: Callable[[str], str] = read_line, *, glued: bool = False
) -> str:
    """``read(question)`` with the question broken by popquiz's line breaker at the console's
    width first: a terminal that wraps a prompt itself splits Korean words and puts a small
    kana at a line start. All but its last line go through ``console``. ``glued``: the
    question's no-break spaces hold words together and are shown as ordinary spaces."""
    from popquiz.text.linebreak import hang

    lines = hang(question.rstrip(" "), max(console.width - 1, 10)).split("\n")
    if glued:
        lines = [line.replace("\u00a0", " ") for line in lines]
    for line in lines[:-1]:
        console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)
    console.file.flush()
    return read(lines[-1] + " ")


def _read(fd: int, wake: int) -> str:
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([fd, wake], [], [])
        if wake in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wake, 512)
            # A handler that raises does so on the way back round this loop; any other
            # signal (one whose handler returns) only means: keep waiting.
            continue
        data = os.read(fd, 4096)
        if not data:
            if chunks:
                break
            raise EOFError
        chunks.append(data)
        if data.endswith(b"\n"):
            break
    text = b"".join(chunks).decode(sys.stdin.encoding or "utf-8", errors="replace")
    return text.removesuffix("\n").removesuffix("\r")


@contextlib.contextmanager
def no_echo() -> Iterator[None]:
    """Keys typed while no prompt is reading are not echoed (on a terminal; elsewhere nothing
    changes)."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0 or not os.isatty(fd):
        yield
        return
    with _echo(fd, on=False):
        yield


@contextlib.contextmanager
def _echo(fd: int, *, on: bool) -> Iterator[None]:
    def echo(mode: list[Any], termios: Any) -> None:
        mode[3] = mode[3] | termios.ECHO if on else mode[3] & ~termios.ECHO

    with _tty_mode(fd, echo):
        yield


@contextlib.contextmanager
def _tty_mode(fd: int, change: Callable[[list[Any], Any], None]) -> Iterator[None]:
    """The terminal ``fd`` in the mode ``change`` makes of its own (given termios), restored
    after; nothing changes where there is no POSIX terminal, or when the mode is already so."""
    try:
        import termios
    except ImportError:  # not a POSIX system: nothing to change
        yield
        return
    try:
        before: list[Any] = termios.tcgetattr(fd)
    except (OSError, termios.error):
        yield
        return
    wanted = list(before)
    change(wanted, termios)
    if wanted == before:
        yield
        return
    termios.tcsetattr(fd, termios.TCSANOW, wanted)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, before)
