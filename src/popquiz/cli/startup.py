"""The cyclic garbage collector while a quiz starts.

Starting a quiz imports ~500 modules and loads a bank: hundreds of thousands of objects that
live as long as the process, and almost no reference cycles. The collector would scan them
again and again as they pile up, about a tenth of the time to the first question. So
:func:`popquiz.cli.main.run` runs every command line inside :func:`starting`, which pauses the
collector, and :func:`startup_over` turns it back on: a quiz calls it just before its first
question is drawn, every other command as soon as its command line is parsed. Reference
counting frees everything else at once, as always.

Only the standard library: this is imported before anything else a command needs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Whether starting() paused the collector and startup_over() has not yet resumed it.
_paused = [False]


@contextmanager
def starting() -> Iterator[None]:
    """Run one command line with the collector paused until :func:`startup_over` (else to the
    end). Afterwards the collector is as it was: an in-process caller keeps its settings."""
    if not gc.isenabled() or gc.get_freeze_count():  # the caller's choice: left alone
        yield
        return
    gc.disable()
    _paused[0] = True
    try:
        yield
    finally:
        _paused[0] = False
        # Everything made while paused sits in the youngest generation, which the next
        # collection would scan whole: moved to the oldest unscanned instead (a freeze put
        # back), as if it had survived the collections it skipped.
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def startup_over() -> None:
    """The command has started: what was loaded so far stays until the end, so it is frozen
    (never scanned again) and the collector runs again for what comes next. Does nothing
    outside :func:`starting` or after the first call."""
    if _paused[0]:
        _paused[0] = False
        gc.freeze()
        gc.enable()
