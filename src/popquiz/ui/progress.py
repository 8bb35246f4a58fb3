"""The progress line ``analyze`` shows on a terminal while a long analysis runs.

It appears only once the work has gone on for :data:`DELAY` seconds (a quick analysis prints
its report and nothing else), on standard error, and goes away when the work is done. The
caller decides whether a terminal is there to see it; a pipe or ``--json`` never gets one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from popquiz.i18n import Locale

DELAY = 1.0  # seconds of work before the line appears


class AnalysisProgress:
    """A callback for :func:`popquiz.engine.analysis.analyze`'s ``progress``: ``(part, done,
    total)``, drawn as a transient progress bar once :data:`DELAY` has passed. A part may run
    for seconds between two calls, so a timer draws the line when the delay is up, naming
    the part under way, rather than waiting for the next call."""

    def __init__(self, locale: Locale, console: Console, delay: float | None = None) -> None:
        self.locale = locale
        self.console = console
        self.delay = DELAY if delay is None else delay
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.latest: tuple[str, int, int] | None = None  # label, done, total
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.closed = False

    def __call__(self, part: str, done: int, total: int) -> None:
        label = self.locale.t(f"analyze.{part}")
        with self.lock:
            before, self.latest = self.latest, (label, done, total)
            if self.bar is not None and self.task is not None:
                self.bar.update(self.task, description=label, completed=done, total=total)
                # A new part is drawn at once: the bar's own refresh (ten a second) would skip
                # one shorter than that. Steps within a part (the adaptive walks) wait for it.
                if before is None or before[0] != label:
                    self.bar.refresh()
                return
            left = self.delay - (time.monotonic() - self.started)
            if left <= 0:
                self._appear()
            elif self.timer is None and done < total:
                self.timer = threading.Timer(left, self._when_due)
                self.timer.daemon = True
                self.timer.start()

    def _when_due(self) -> None:
        with self.lock:
            self._appear()

    def _appear(self) -> None:
        """Draw the line for the latest call (the lock held), unless the work is done."""
        if self.closed or self.bar is not None or self.latest is None:
            return
        label, done, total = self.latest
        if done >= total:
            return
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.bar.add_task(label, total=total, completed=done)
        self.bar.start()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        with self.lock:
            self.closed = True
            if self.bar is not None:
                self.bar.stop()
                self.bar = None


@contextmanager
def analysis_progress(locale: Locale, *, no_color: bool) -> Iterator[AnalysisProgress]:
    """An :class:`AnalysisProgress` on standard error, closed (and erased) on the way out."""
    from popquiz.ui.console import make_console

    progress = AnalysisProgress(locale, make_console(stderr=True, plain=False, no_color=no_color))
    try:
        yield progress
    finally:
        progress.close()
