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

Reading a bank-like file (a bank, a catalogue, an answers file) adds a size limit and the
decoding to text (UTF-8, no NUL) on top, refusing with located diagnostics
(:class:`~popquiz.bank.yamlsafe.YamlRejected`): :func:`read_bytes`, :func:`decode` and
:func:`read_text`.

It lives in the lowest layer so that every layer above uses the same opener.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from popquiz.errors import Diagnostic

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


BANK_MAX_BYTES = 8 * 1024 * 1024  # bank.yamlsafe.MAX_BYTES (a test checks)


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


def read_text(
    path: Path, display: str | None = None, max_bytes: int | None = None, *, what: str = "bank"
) -> str:
    """Read a file as UTF-8 text within the size limit, or raise YamlRejected."""
    shown = display or str(path)
    return decode(read_bytes(path, shown, max_bytes, what=what), shown)


def read_bytes(
    path: Path, display: str | None = None, max_bytes: int | None = None, *, what: str = "bank"
) -> bytes:
    """Read a regular file's bytes within the size limit (a bank's, :data:`BANK_MAX_BYTES`,
    unless ``max_bytes`` is given), or raise YamlRejected."""
    limit = BANK_MAX_BYTES if max_bytes is None else max_bytes
    shown = display or str(path)
    hint = (
        "split the bank or shorten it; the limit protects takers' machines"
        if what == "bank"
        else "an answers file holds one short line per question; this one is far too big"
    )
    try:
        raw = read_regular(path, limit)
    except InputError as exc:
        # The YAML reader's names only when a file is refused: a quiz played from the
        # compiled-bank cache reads its bank's bytes without ever loading the reader.
        from popquiz.bank.yamlsafe import YamlRejected, _mib

        if exc.size is not None:
            message = f"file is {_mib(exc.size)}, over the {_size_limit(limit)} limit"
            raise YamlRejected([Diagnostic("E002", message, shown, help=hint)]) from None
        raise YamlRejected([Diagnostic("E010", f"cannot read file: {exc}", shown)]) from None
    if len(raw) > limit:
        from popquiz.bank.yamlsafe import YamlRejected

        raise YamlRejected(
            [Diagnostic("E002", f"file is over the {_size_limit(limit)} limit", shown, help=hint)]
        )
    return raw


def _size_limit(max_bytes: int) -> str:
    if max_bytes >= 1048576 and max_bytes % 1048576 == 0:
        return f"{max_bytes // 1048576} MiB"
    return f"{max_bytes:,} byte"


def decode(raw: bytes, display: str) -> str:
    """Bytes → text: UTF-8 (an optional BOM is dropped), no NUL; else raise YamlRejected."""
    from popquiz.bank.yamlform import line_col as _line_col
    from popquiz.bank.yamlsafe import YamlRejected

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlRejected(
            [
                Diagnostic(
                    "E008",
                    "file is UTF-16 (or UTF-32); banks must be UTF-8",
                    display,
                    help="re-save the file as UTF-8 (without BOM) in your editor",
                )
            ]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"))
        raise YamlRejected(
            [
                Diagnostic(
                    "E008",
                    f"invalid UTF-8 (byte 0x{raw[exc.start]:02X})",
                    display,
                    line,
                    col,
                    "re-save the file as UTF-8",
                )
            ]
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text[:nul])
        raise YamlRejected(
            [
                Diagnostic(
                    "E007",
                    "NUL byte in file",
                    display,
                    line,
                    col,
                    "a text file never contains NUL; is this a binary file?",
                )
            ]
        )
    return text
