"""Where popquiz keeps things on the user's machine, and the one way it writes a cache file.

Every other module of :mod:`popquiz.store` asks here: the built-in banks, the user's data folder
(banks, history) and the cache folder (compiled banks, pack entry points). Nothing in this module
creates a folder except :func:`write_cache`, and only inside the cache folder it is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def builtin_dir() -> Path:
    """The built-in banks: inside the installed wheel, or ``quizzes/`` in a source checkout."""
    package = Path(__file__).resolve().parent.parent  # src/popquiz, or site-packages/popquiz
    packaged = package / "quizzes"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "quizzes"


def data_dir() -> Path:
    """The user's popquiz data folder (``$POPQUIZ_HOME``, else the platform user data dir)."""
    home = os.environ.get("POPQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("popquiz", appauthor=False))


def user_bank_dir() -> Path:
    """Where a user drops their own banks (it need not exist)."""
    return data_dir() / "quizzes"


def cache_dir() -> Path:
    """popquiz's cache folder (``$POPQUIZ_CACHE_DIR``, else ``$POPQUIZ_HOME/cache``, else the
    platform user cache dir); everything in it can be rebuilt, and it need not exist."""
    explicit = os.environ.get("POPQUIZ_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("POPQUIZ_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("popquiz", appauthor=False))


def write_cache(target: Path, data: Any) -> None:
    """Store ``data`` as JSON in the cache file ``target``, atomically (a reader sees the old
    file or the new one, never half of one). Never raises: a cache that cannot be written is
    simply not used."""
    import json

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(
                json.dumps(data, ensure_ascii=False, allow_nan=False), encoding="utf-8"
            )
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, ValueError, TypeError):
        pass
