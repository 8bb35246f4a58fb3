"""Where banks are found. (Built-ins and explicit paths; see ``find_bank``.)"""

from __future__ import annotations

from pathlib import Path

from popquiz.errors import UsageError

DEFAULT_BANK = "kpop-vs-jpop"


def builtin_dir() -> Path:
    """The built-in banks: inside the installed wheel, or ``quizzes/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "quizzes"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "quizzes"


def find_bank(ref: str | None) -> Path:
    """A bank file for ``ref``: an existing path, or the id of a built-in bank."""
    if ref is None:
        ref = DEFAULT_BANK
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise UsageError(f"no bank file at {ref!r}")
        return path
    candidate = builtin_dir() / f"{ref}.yaml"
    if candidate.is_file():
        return candidate
    raise UsageError(f"no bank with id {ref!r}; give a path to a .yaml file or a known bank id")
