"""The one way popquiz opens a file it reads: banks, catalogues, answers files, cache entries,
state files and everything discovery looks at.

Every path popquiz reads may be chosen by someone else (a downloaded pack, a tar archive, a
shared folder), so opening one must never hang, never follow a loop forever and never read
more than a limit:

- the file is opened without blocking (a FIFO with no writer would otherwise block ``open``
  forever) and without becoming our controlling terminal;
- ``fstat`` on the open descriptor, not a ``stat`` of the name before it, decides: only a
  regular file is read, so a FIFO, device, socket or folder is refused whatever was at the
  name a moment earlier;
- at most ``limit + 1`` bytes are read, so a file that grows while we read cannot make us hold
  more than that;
- every failure (missing, permission, symlink loop, over-long name, not a regular file) is an
  :class:`InputError` with a short reason, never ``RuntimeError`` (``Path.resolve`` on a loop in
  Python 3.11) or a bare ``OSError`` from deep inside a caller.

It lives in the lowest layer so that every layer above uses the same opener.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0)


class InputError(OSError):
    """A path that cannot be read as a regular file; ``str()`` is a short reason."""

    def __init__(self, reason: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size  # set when the file is over the limit: its size in bytes

    def __str__(self) -> str:
        return self.reason


def what_is(mode: int) -> str:
    """A file type in words, for messages."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def reason(exc: OSError) -> str:
    """An ``OSError`` in a few words (a loop and an over-long name said plainly)."""
    if isinstance(exc, InputError):
        return exc.reason
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links (a symlink loop?)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return str(exc.strerror or exc)


def read_regular(path: str | Path, limit: int, *, whole: bool = True) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file at ``path``; a caller that gets more than
    ``limit`` knows the file is too big. With ``whole`` (the default) a file whose size is over
    ``limit`` is refused before reading; without it, its first bytes are read (a header).
    Raises :class:`InputError`."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise InputError(reason(exc)) from None
    except ValueError:  # an embedded NUL in the name
        raise InputError("the file name contains a NUL character") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file: it is {what_is(info.st_mode)}")
        if whole and info.st_size > limit:
            raise InputError(f"file is {info.st_size} bytes", size=info.st_size)
        # A regular file never blocks, but reading in blocking mode keeps the reads simple.
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(reason(exc)) from None
    finally:
        os.close(fd)


def kind(path: str | Path) -> str:
    """What is at ``path`` (following symlinks), never raising: ``"file"``, ``"folder"``,
    ``"missing"``, ``"other"`` (FIFO, device, socket) or ``"error"`` (a loop, a name too long,
    no permission)."""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return "error"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "other"


def resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when resolving fails (a symlink loop raises
    ``RuntimeError`` in Python 3.11, an over-long name ``OSError``)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()
