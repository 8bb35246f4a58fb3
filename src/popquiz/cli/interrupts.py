"""Stopping a quiz: Ctrl-C, Ctrl-D and the signals that end a terminal session.

While the quiz runs, SIGTERM, SIGHUP, SIGINT (``kill -INT``) and SIGQUIT (Ctrl-\\) become a
:class:`Signalled` interrupt, handled like Ctrl-C: the progress is saved as a paused quiz and
the terminal restored. The process then ends with :class:`Interrupted`'s exit status.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from popquiz.errors import ExitStatus, PopquizError


class Interrupted(PopquizError):
    """The quiz was stopped; the message says what became of its progress."""

    exit_status = ExitStatus.INTERRUPTED

    def __init__(self, message: str, status: ExitStatus = ExitStatus.INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_status = status


class Signalled(KeyboardInterrupt):
    """SIGTERM / SIGHUP during a quiz, handled like Ctrl-C (progress saved, terminal restored)."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status.name)
        self.status = status


class Guard:
    """While ``saving`` is set, a signal is remembered instead of interrupting the save."""

    def __init__(self) -> None:
        self.saving = False
        self.pending: ExitStatus | None = None


@contextlib.contextmanager
def signals_interrupt() -> Iterator[Guard]:
    """Turn SIGTERM, SIGHUP, SIGINT (``kill -INT``) and SIGQUIT (Ctrl-\\) into
    :class:`Signalled` while the quiz runs (main thread only), and keep them from cutting the
    save of progress short: the handlers stay installed until the caller has saved.

    Without this, SIGTERM and SIGHUP kill the process inside a prompt: the terminal stays in raw
    mode (no echo) and the answers so far are lost; SIGQUIT dumps core with status 131.
    """
    import signal

    wanted = {
        "SIGTERM": ExitStatus.TERMINATED,
        "SIGHUP": ExitStatus.HANGUP,
        "SIGINT": ExitStatus.INTERRUPTED,
        "SIGQUIT": ExitStatus.INTERRUPTED,
    }
    previous: dict[int, Any] = {}
    guard = Guard()

    def handler(signum: int, frame: object) -> None:
        status = wanted[signal.Signals(signum).name]
        # SIGHUP then SIGTERM 5 ms later: the first one decides the exit status.
        guard.pending = guard.pending or status
        if guard.saving:
            return  # the second must not interrupt the save the first one started
        # Not saving yet: the first interrupt may have been swallowed where an exception cannot
        # propagate (a finaliser run by the garbage collector, an event-loop callback), leaving
        # the quiz running; so every signal until the save starts interrupts again.
        raise Signalled(guard.pending)

    for name in wanted:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, handler)
    try:
        yield guard
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
