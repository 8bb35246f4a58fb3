"""The one way popquiz writes a file the user named: ``take --export``, ``history export``,
``new``, the schema file ``new`` copies beside a bank, and the bank ``migrate`` upgrades.

The name may point anywhere: at a device (``/dev/null``, ``/dev/stdout``), a FIFO, a folder, a
dangling symlink planted by someone else, or a file whose permissions the user chose. So:

- only a regular file (or nothing) is ever replaced; a folder, FIFO, socket or device is
  refused, and so is a dangling symlink or a symlink loop (following one would create a file
  wherever it points);
- a symlink to a regular file is written through: the file it names is replaced, the link
  stays;
- the text goes to a temporary file in the same folder, flushed to disk, then renamed over the
  target, so a crash never leaves half a file; the new file keeps the permissions of the one it
  replaces (a new one gets the usual ``0666 & ~umask``);
- ``overwrite=False`` (``new`` without ``--force``) never replaces anything, even a file that
  appears between the check and the write (the temporary file is hard-linked into place).

:func:`check_target` runs the same checks without writing, so a command can refuse a bad
target *before* it asks a question (``take --export``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from popquiz.bank.safeio import reason, resolved, what_is
from popquiz.errors import ExitStatus, PopquizError, printable


class OutputError(PopquizError):
    """An output file cannot be written (exit 73); the message names it and says why."""

    exit_status = ExitStatus.CANNOT_WRITE


def _refuse(path: Path, why: str) -> OutputError:
    return OutputError(f"cannot write {printable(repr(str(path)))}: {why}")


def check_target(path: Path, *, overwrite: bool = True) -> tuple[Path, int | None]:
    """The file to replace (``path``, or the regular file a symlink names) and its permission
    bits (None if it does not exist yet); raises :class:`OutputError`."""
    try:
        link = path.lstat()
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise _refuse(path, reason(exc)) from None
    except ValueError:
        raise _refuse(path, "the name contains a NUL character") from None
    target = path
    info: os.stat_result | None = link
    if link is not None and stat.S_ISLNK(link.st_mode):
        try:
            info = path.stat()
        except FileNotFoundError:
            raise _refuse(path, "it is a symbolic link to nothing (dangling)") from None
        except OSError as exc:
            raise _refuse(path, reason(exc)) from None
        target = resolved(path)
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, f"it is {what_is(info.st_mode)}, not a regular file")
        if not overwrite:
            raise _refuse(path, "it already exists (add --force to replace it)")
        return target, stat.S_IMODE(info.st_mode)
    parent = target.parent
    try:
        parent_info = parent.stat()
    except FileNotFoundError:
        raise _refuse(path, f"the folder {printable(str(parent))} does not exist") from None
    except OSError as exc:
        raise _refuse(path, reason(exc)) from None
    if not stat.S_ISDIR(parent_info.st_mode):
        raise _refuse(path, f"{printable(str(parent))} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _refuse(path, f"the folder {printable(str(parent))} is not writable")
    return target, None


def write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` by the rules above; raises :class:`OutputError`."""
    write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` by the rules above; raises :class:`OutputError`."""
    target, mode = check_target(path, overwrite=overwrite)
    if mode is None:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:80]}.", dir=target.parent)
    except OSError as exc:
        raise _refuse(path, reason(exc)) from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            if overwrite:
                # Checked again just before the rename: a FIFO or device swapped in meanwhile is
                # still never replaced.
                check_target(path, overwrite=True)
                tmp.replace(target)
            else:
                os.link(tmp, target)  # fails if anything appeared at the name meanwhile
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
    except OutputError:
        raise
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise _refuse(path, "it already exists (add --force to replace it)") from None
        raise _refuse(path, reason(exc)) from None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
