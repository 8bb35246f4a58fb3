"""The compiled-bank cache: a bank that passed every check is not checked again until it changes.

Checking a bank means PyYAML, pydantic and the cross-checks: about 80 ms, most of the time it
takes to start a quiz. Their result depends only on the bank's bytes, its catalogue's bytes and
the code that checks them, so ``take`` (and bare ``popquiz``) keep the checked data of each
bank they load in one small JSON file and reuse it while all of those are unchanged. The
idea is the same as Python's ``.pyc`` files or ruff's cache.

An entry is used only if every one of these still holds; anything else is a miss, and the
bank is read and checked in full as if there were no cache:

- the bank file's bytes have the SHA-256 recorded in the entry, and so has every file it
  pulled in (its ``catalogue:``), read again from the same place;
- it was written by this popquiz version, and the modules that read and check banks
  (``bank.safeio``, ``bank.yamlsafe`` and its helpers, the loader and its checks, ``bank.spec``,
  ``bank.model``, this one; listed in ``_OWN_MODULES``) and the PyYAML
  and pydantic that checked it have the same size and modification time as then.

Only banks that passed are stored, so a cached load never hides a problem, and ``popquiz
validate`` never reads the cache. Entries live in ``$POPQUIZ_CACHE_DIR``, else
``$POPQUIZ_HOME/cache``, else the platform's user cache folder (e.g. ``~/.cache/popquiz``);
one file per bank path, replaced atomically, so the folder stays as small as the set of banks
played. Deleting it at any time is safe. Nothing here ever raises: a cache that cannot be read
or written is simply not used.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from popquiz import __version__
from popquiz.bank.model import Bank
from popquiz.errors import Diagnostic
from popquiz.store.paths import cache_dir, write_cache

FORMAT = 2  # 2: the bank data as one JSON string with its own SHA-256
# An entry holds one checked bank (at most 8 MiB of YAML); anything much bigger is damage.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# Cached text is played without being checked again, so an entry showing any sign of a
# character the loader refuses (ESC and other controls, as JSON escapes or raw; bidi controls;
# surrogates) is treated as damaged: a miss, and the bank is checked in full.
_SUSPECT = re.compile(
    rb"\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|200[eEfF]|202[a-eA-E]|206[6-9]"
    rb"|[dD][89a-fA-F][0-9a-fA-F]{2})"
    rb"|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
# The code whose behaviour a cached result stands for (a change to any of them is a miss).
_PACKAGE = Path(__file__).resolve().parent.parent
_OWN_MODULES = (
    "bank/safeio.py",
    "bank/yamlsafe.py",
    "bank/yamldoc.py",
    "bank/yamltext.py",
    "bank/yamlform.py",
    "bank/loader.py",
    "bank/checked.py",
    "bank/schema_errors.py",
    "bank/crosscheck.py",
    "bank/catalogue.py",
    "bank/facetcheck.py",
    "bank/filekind.py",
    "bank/spec.py",
    "bank/spec_acts.py",
    "bank/spec_values.py",
    "bank/spec_card.py",
    "bank/model.py",
    "store/bankcache.py",
)
_OWN_MODULES_PATHS = tuple(str(_PACKAGE / name) for name in _OWN_MODULES)


def open_bank(
    path: str | Path, *, display: str | None = None
) -> tuple[Bank | None, list[Diagnostic]]:
    """A bank to play: ``(bank, [])``, or ``(None, problems)`` as :func:`~popquiz.bank.loader.
    check` reports them. A bank that passed before and has not changed since comes from the
    cache without being parsed; after a miss it is checked in full and, if it passed, stored."""
    from popquiz.bank.safeio import read_bytes

    path = Path(path)
    shown = display or str(path)
    try:
        raw = read_bytes(path, shown)
    except Exception as exc:  # the YAML reader is loaded only when a file is refused
        from popquiz.bank.yamlsafe import YamlRejected

        if not isinstance(exc, YamlRejected):
            raise
        return None, exc.diagnostics
    cached = lookup(path, raw)
    if cached is not None:
        return cached, []
    from popquiz.bank import loader

    checked = loader.check(raw, display=shown, base_dir=path.parent, kind="bank")
    if checked.data is not None:
        store(path, raw, checked.depends, checked.data)
    return checked.result()


_LIBRARIES = ("yaml", "pydantic", "pydantic_core")


def lookup(path: Path, raw: bytes) -> Bank | None:
    """The checked bank for ``path`` (whose current bytes are ``raw``), or None on a miss."""
    from popquiz.bank.safeio import read_regular

    try:
        text = read_regular(_entry_path(path), MAX_ENTRY_BYTES)
        if len(text) > MAX_ENTRY_BYTES or _SUSPECT.search(text):
            return None
        entry = json.loads(text)
        if (
            entry.get("format") != FORMAT
            or entry.get("popquiz") != __version__
            or entry.get("code") != _stamp(_OWN_MODULES_PATHS)
            or entry.get("libraries") != _stamp(entry.get("library_files", ()))
            or entry.get("sha256") != _digest(raw)
            or entry.get("bank_sha256") != _digest(str(entry.get("bank")).encode())
        ):
            return None
        for name, digest in entry["depends"]:
            if _digest(_read_dependency(path.parent / name)) != digest:
                return None
        return Bank.from_data(json.loads(entry["bank"]))
    except Exception:  # a damaged entry (any shape, any depth) is only a miss
        return None


def store(path: Path, raw: bytes, depends: Sequence[tuple[str, bytes]], data: Any) -> None:
    """Remember that ``raw`` (and the files in ``depends``: name relative to the bank, bytes)
    checked out as ``data`` (``spec.Bank.model_dump()``). Never raises."""
    library_files = [
        module.__file__
        for name in _LIBRARIES
        if (module := sys.modules.get(name)) is not None and module.__file__
    ]
    try:
        # As one string with its own digest: damage to any value of it is seen before use.
        bank_text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        entry = {
            "format": FORMAT,
            "popquiz": __version__,
            "code": _stamp(_OWN_MODULES_PATHS),
            "library_files": library_files,
            "libraries": _stamp(library_files),
            "source": str(path),
            "sha256": _digest(raw),
            "depends": [(name, _digest(content)) for name, content in depends],
            "bank_sha256": _digest(bank_text.encode()),
            "bank": bank_text,
        }
        target = _entry_path(path)
    except (OSError, ValueError, TypeError):  # a module file or the folder is gone
        return
    write_cache(target, entry)


def _entry_path(path: Path) -> Path:
    import hashlib

    from popquiz.bank.safeio import resolved

    key = hashlib.sha256(os.fsencode(resolved(path))).hexdigest()[:32]
    return cache_dir() / f"bank-{key}.json"


def _digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def _read_dependency(path: Path) -> bytes:
    from popquiz.bank.safeio import read_bytes

    try:
        return read_bytes(path)
    except Exception as exc:  # the YAML reader is loaded only when a file is refused
        from popquiz.bank.yamlsafe import YamlRejected

        if not isinstance(exc, YamlRejected):
            raise
        raise ValueError(f"cannot read {path}") from None


def _stamp(files: Sequence[str]) -> list[list[int]]:
    """Size and modification time of each file (a change to one of them is a miss)."""
    out = []
    for name in files:
        info = Path(name).stat()
        out.append([info.st_size, info.st_mtime_ns])
    return out
