"""Where banks are found, and which file a bank id means.

Four sources, highest precedence first:

1. explicit paths given on the command line (files, or folders of ``*.yaml`` files);
2. the user's bank folder: ``$POPQUIZ_HOME/quizzes`` if ``POPQUIZ_HOME`` is set, else
   ``quizzes`` in the platform's user data folder (``~/.local/share/popquiz/quizzes`` on Linux);
3. installed packs, through the entry-point group ``popquiz.banks``;
4. the built-in ``quizzes/``.

An entry point in ``popquiz.banks`` names either a module or package (``my_pack`` or
``my_pack.banks``): its banks are the ``*.yaml``/``*.yml`` files in the folder that holds it
(the package folder for a package); or an attribute (``my_pack:BANKS``) that is a path
(``str``/``os.PathLike``) to such a folder, or a function without arguments returning one.

Only the top level of each folder is read. A catalogue file (``kind: catalogue``, or an
undeclared one: a mapping with just ``acts:``; see :mod:`popquiz.bank.filekind`) is not a bank
and is skipped quietly. A bank that does not load is reported once and skipped; it
never hides the others. When two files declare the same id the one from the higher source wins
(inside one folder: the file named ``<id>.yaml``, else the first by name) and the other is
reported as shadowed, never silently replaced. A broken file still claims the id it declares,
so ``popquiz take ID`` shows its errors instead of quietly playing another bank.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from popquiz.bank.filekind import kind_of_text
from popquiz.bank.safeio import kind, read_regular, reason, resolved
from popquiz.errors import UsageError, printable
from popquiz.store.paths import builtin_dir, cache_dir, user_bank_dir, write_cache

DEFAULT_BANK = "kpop-vs-jpop"
ENTRY_POINT_GROUP = "popquiz.banks"
BANK_SUFFIXES = (".yaml", ".yml")

SOURCE_PATH = "path"
SOURCE_USER = "user"
SOURCE_PACKAGE = "package"
SOURCE_BUILTIN = "built-in"

_ID_LINE = re.compile(
    r"""^id[ \t]*:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"][^\s#]*))[ \t]*(?:\#.*)?$""",
    re.MULTILINE,
)
_SNIFF_BYTES = 8 * 1024 * 1024  # the loader refuses bigger files anyway


# --- data --------------------------------------------------------------------------------


class Source(NamedTuple):
    """One place banks come from: a folder, or (for explicit paths) a list of files."""

    kind: str  # SOURCE_PATH, SOURCE_USER, SOURCE_PACKAGE or SOURCE_BUILTIN
    label: str  # as shown to users: "path", "user", "package my-pack", "built-in"
    directory: Path | None = None
    files: tuple[Path, ...] = ()

    def bank_files(self) -> list[Path]:
        found = list(self.files)
        if self.directory is not None:
            found += _yaml_files(self.directory)
        return found


class BankInfo(NamedTuple):
    """A bank that loads, as `popquiz list` shows it."""

    id: str
    version: str
    title_text: str | Mapping[str, str]
    language: str
    languages: tuple[str, ...]
    questions: int
    source: str
    path: Path

    def title(self, lang: str | None = None) -> str:
        """The title in ``lang`` if the bank has it, else in the bank's own language."""
        from popquiz.bank.model import resolve_text

        return resolve_text(self.title_text, lang or self.language, self.language)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title(lang),
            "version": self.version,
            "languages": list(self.languages),
            "questions": self.questions,
            "source": self.source,
            "path": str(self.path),
        }


class Problem(NamedTuple):
    """A bank file (or a pack) that could not be used; reported once, then skipped."""

    path: str
    source: str
    message: str
    details: tuple[str, ...] = ()
    declared_id: str | None = None

    def format(self) -> str:
        # File names are untrusted: shown inertly (no ESC, C1 or bidi control reaches stderr).
        return printable(f"warning: skipped {self.path} ({self.source}): {self.message}")

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source,
            "id": self.declared_id,
            "message": self.message,
            "details": list(self.details),
        }


class Shadowed(NamedTuple):
    """A bank hidden by another file that declares the same id with higher precedence."""

    id: str
    path: Path
    source: str
    by_path: Path
    by_source: str

    def format(self) -> str:
        return printable(
            f"warning: bank id {self.id!r} is defined twice; using {self.by_path} "
            f"({self.by_source}), not {self.path} ({self.source})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": str(self.path),
            "source": self.source,
            "shadowed_by": str(self.by_path),
            "shadowed_by_source": self.by_source,
        }


class Library:
    """Everything discovery found: usable banks, shadowed duplicates and problems."""

    def __init__(self, problems: list[Problem] | None = None) -> None:
        self.banks: list[BankInfo] = []
        self.shadowed: list[Shadowed] = []
        self.problems: list[Problem] = list(problems or ())
        self.claims: dict[str, Path] = {}  # id -> winning file (even broken)

    def get(self, bank_id: str) -> BankInfo | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def path_for(self, bank_id: str) -> Path | None:
        """The file that `popquiz take ID` uses: the highest-precedence declaration."""
        return self.claims.get(bank_id)

    def warnings(self) -> list[str]:
        return [s.format() for s in self.shadowed] + [p.format() for p in self.problems]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "banks": [b.to_json(lang) for b in self.banks],
            "shadowed": [s.to_json() for s in self.shadowed],
            "problems": [p.to_json() for p in self.problems],
        }


# --- discovery ---------------------------------------------------------------------------


def sources(paths: Sequence[str | Path] = ()) -> tuple[list[Source], list[Problem]]:
    """Every bank source in precedence order, plus problems with explicit paths or packs."""
    found: list[Source] = []
    problems: list[Problem] = []
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        what = kind(path)
        if what == "folder":
            found.append(Source(SOURCE_PATH, SOURCE_PATH, directory=path))
        elif what == "file":
            files.append(path)
        elif what == "other":
            raise UsageError(f"{printable(repr(str(raw)))} is not a bank file or folder")
        else:
            raise UsageError(f"no bank file or folder at {_cannot(raw)}")
    if files:
        found.insert(0, Source(SOURCE_PATH, SOURCE_PATH, files=tuple(files)))
    found.append(Source(SOURCE_USER, SOURCE_USER, directory=user_bank_dir()))
    packs, pack_problems = package_sources()
    found += packs
    problems += pack_problems
    found.append(Source(SOURCE_BUILTIN, SOURCE_BUILTIN, directory=builtin_dir()))
    return found, problems


def package_sources() -> tuple[list[Source], list[Problem]]:
    """Sources from installed packs (entry-point group ``popquiz.banks``), in name order."""
    try:
        eps = pack_entry_points()
    except Exception as exc:  # a broken installed distribution must not stop the quiz
        return [], [Problem("<entry points>", SOURCE_PACKAGE, f"cannot read entry points: {exc}")]
    found: list[Source] = []
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for name, value, dist in sorted(eps, key=lambda e: e[:2]):
        if (name, value) in seen:  # the same pack visible twice on sys.path
            continue
        seen.add((name, value))
        label = f"{SOURCE_PACKAGE} {dist or name}"
        try:
            from importlib import metadata

            ep = metadata.EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)
            directory = _entry_point_dir(ep)
        except Exception as exc:  # third-party code: report and carry on
            problems.append(
                Problem(
                    f"entry point {name} = {value}",
                    label,
                    f"cannot load it ({type(exc).__name__}: {exc})",
                )
            )
            continue
        if kind(directory) != "folder":
            problems.append(
                Problem(
                    f"entry point {name} = {value}",
                    label,
                    f"{directory} is not a folder",
                )
            )
            continue
        found.append(Source(SOURCE_PACKAGE, label, directory=directory))
    return found, problems


def pack_entry_points() -> list[tuple[str, str, str | None]]:
    """``(name, value, distribution)`` of every ``popquiz.banks`` entry point.

    Asking ``importlib.metadata`` costs ~20 ms (importing it, then reading every installed
    distribution's metadata), more than the rest of a quiz's start. Its answer only changes when
    something is installed, reinstalled or removed, or ``sys.path`` changes; so the answer is
    kept in the cache folder with a stamp of those (:func:`_sys_path_stamp`, well under a
    millisecond to take) and asked again whenever the stamp differs.
    """
    import hashlib
    import json
    import sys

    stamp = _sys_path_stamp()
    # One file per interpreter, so that two environments sharing a cache folder (a pipx
    # install and a virtualenv, say) do not keep replacing each other's answer.
    key = hashlib.sha256(os.fsencode(sys.executable)).hexdigest()[:16]
    cache = cache_dir() / f"entry-points-{key}.json"
    try:
        cached = json.loads(read_regular(cache, 16 * 1024 * 1024))
        if cached["format"] == 1 and cached["sys_path"] == stamp:
            return [(str(n), str(v), None if d is None else str(d)) for n, v, d in cached["found"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        pass
    from importlib import metadata

    found = [
        (ep.name, ep.value, dist.name if (dist := getattr(ep, "dist", None)) else None)
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)
    ]
    write_cache(cache, {"format": 1, "sys_path": stamp, "found": found})
    return found


def _sys_path_stamp() -> list[list[Any]]:
    """What an installation or removal changes: for each ``sys.path`` entry, its
    distributions' metadata folders (``*.dist-info``, ``*.egg-info``) with their modification
    times (a reinstall recreates the folder); for a file (a zip), its own modification time."""
    import sys

    stamp: list[list[Any]] = []
    for entry in sys.path:
        found: list[Any] = []
        try:
            with os.scandir(entry or ".") as listing:
                for item in listing:
                    if item.name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")):
                        found.append([item.name, item.stat().st_mtime_ns])
            found.sort()
        except NotADirectoryError:
            with contextlib.suppress(OSError):
                found.append(Path(entry).stat().st_mtime_ns)
        except (OSError, ValueError):
            pass
        stamp.append([entry, found])
    return stamp


def _entry_point_dir(ep: Any) -> Path:
    import types

    obj = ep.load()
    if isinstance(obj, types.ModuleType):
        file = getattr(obj, "__file__", None)
        if file:
            return resolved(Path(file)).parent
        locations = list(getattr(obj, "__path__", []))  # namespace package
        if locations:
            return resolved(Path(locations[0]))
        raise ValueError(f"module {obj.__name__} has no folder")
    if callable(obj):
        obj = obj()
    if isinstance(obj, (str, os.PathLike)):
        return resolved(Path(obj))
    raise TypeError(f"expected a module, a path or a function returning a path, got {obj!r}")


def discover(paths: Sequence[str | Path] = ()) -> Library:
    """Find and load every bank in every source (see the module docstring for the rules)."""
    from popquiz.store.bankcache import open_bank

    srcs, problems = sources(paths)
    library = Library(problems=list(problems))
    winners: dict[str, tuple[Path, str]] = {}
    seen_files: set[Path] = set()
    for source in srcs:
        entries: list[tuple[str, Path, BankInfo | None]] = []
        catalogues: set[Path] = set()
        broken: list[tuple[Path, list[Any], str | None]] = []
        for path in source.bank_files():
            key = _resolved(path)
            if key in seen_files:
                continue
            seen_files.add(key)
            if is_catalogue_file(path):
                continue
            bank, diags = open_bank(path)
            if bank is None:
                broken.append((path, diags, _declared_id(_sniff(path) or "")))
                continue
            if bank.catalogue:
                catalogues.add(_resolved(path.parent / bank.catalogue))
            entries.append((bank.id, path, _info(bank, source, path)))
        for path, diags, declared in broken:
            if _resolved(path) in catalogues:
                continue
            first = "cannot be read"
            if diags:
                d = diags[0]
                first = f"{d.severity}[{d.code}] {d.message} (line {d.line}, column {d.col})"
            more = f", and {len(diags) - 1} more" if len(diags) > 1 else ""
            library.problems.append(
                Problem(
                    str(path),
                    source.label,
                    f"not a valid bank: {first}{more}; see `popquiz validate {path}`",
                    tuple(d.format() for d in diags),
                    declared,
                )
            )
            if declared is not None:
                entries.append((declared, path, None))
        # Inside one folder `<id>.yaml` wins for its id, then name order.
        entries.sort(key=lambda e: (e[0], e[1].stem != e[0], e[1].name))
        for bank_id, path, info in entries:
            if bank_id in winners:
                by_path, by_source = winners[bank_id]
                library.shadowed.append(Shadowed(bank_id, path, source.label, by_path, by_source))
                continue
            winners[bank_id] = (path, source.label)
            library.claims[bank_id] = path
            if info is not None:
                library.banks.append(info)
    library.banks.sort(key=lambda b: b.id)
    return library


def _info(bank: Any, source: Source, path: Path) -> BankInfo:
    return BankInfo(
        id=bank.id,
        version=bank.version,
        title_text=bank.title,
        language=bank.language,
        languages=tuple(bank.all_languages),
        questions=len(bank.questions),
        source=source.label,
        path=path,
    )


# --- resolving a reference ---------------------------------------------------------------


def find_bank(ref: str | None, language: str = "en") -> Path:
    """A bank file for ``ref``: an existing path, or a bank id resolved through discovery.
    A ref that names nothing is a UsageError worded in ``language``."""
    from popquiz.i18n import t

    if ref is None:
        ref = DEFAULT_BANK
    path = Path(ref)
    what = kind(path)
    if what == "file":
        return path
    looks_like_path = (
        path.suffix in BANK_SUFFIXES
        or os.sep in ref
        or (os.altsep is not None and os.altsep in ref)
        or what != "missing"
    )
    if looks_like_path:
        shown = printable(repr(ref))
        if what == "folder":
            raise UsageError(
                f"{shown} is a folder; give a bank file, or see its banks with "
                f"`popquiz list {printable(shlex_quote(ref))}`"
            )
        if what == "other":
            raise UsageError(f"{shown} is not a regular file (a FIFO, device or socket?)")
        raise UsageError(t(language, "error.no_bank_file", path=_cannot(ref)))
    if len(ref) > 255:
        raise UsageError(f"no bank with id {printable(repr(ref[:60]))}… (ids are short)")
    fast = _fast_find(ref)
    if fast is not None:
        return fast
    library = discover()
    found = library.path_for(ref)
    if found is not None:
        return found
    import difflib

    known = sorted(b.id for b in library.banks)
    close = difflib.get_close_matches(ref, known, n=1)
    from popquiz.text.typography import quoted, sentences

    parts = [t(language, "error.no_bank", ref=quoted(language, ref))]
    if close:
        maybe = t(language, "error.did_you_mean", name=quoted(language, close[0]))
        if language == "en":
            parts[0] += "; " + maybe
        else:
            parts.append(maybe)
    if known:
        parts.append(t(language, "error.known_banks", banks=", ".join(known)))
    raise UsageError(sentences(language, *parts, t(language, "error.bank_how")))


def _fast_find(bank_id: str) -> Path | None:
    """Resolve an id by reading files as text, without parsing any bank.

    Looks at ``<id>.yaml`` first, then any file whose top-level ``id:`` line declares the id,
    source by source in precedence order. Returns None when unsure (a file named for the id
    without a recognisable ``id:`` line) so that full discovery decides.
    """
    srcs, _ = sources()
    for source in srcs:
        files = source.bank_files()
        named = [f for f in files if f.stem == bank_id]
        for path in named + [f for f in files if f.stem != bank_id]:
            text = _sniff(path)
            if text is None:
                if path.stem == bank_id:
                    return None
                continue
            declared = _declared_id(text)
            if declared == bank_id:
                return path
            if declared is None and path.stem == bank_id:
                return None
    return None


def declared_ids() -> list[str]:
    """The bank ids every source declares, read as text without parsing any bank (for shell
    completion: fast, and never fails over a broken bank)."""
    srcs, _ = sources()
    ids: set[str] = set()
    for source in srcs:
        for path in source.bank_files():
            text = _sniff(path)
            if text is None or kind_of_text(text) != "bank":
                continue
            declared = _declared_id(text)
            if declared is not None:
                ids.add(declared)
    return sorted(ids)


# --- helpers -----------------------------------------------------------------------------


def _yaml_files(directory: Path) -> list[Path]:
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    return sorted(
        (p for p in entries if p.suffix in BANK_SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.name,
    )


def is_catalogue_file(path: Path) -> bool:
    """Whether ``path`` declares itself an act catalogue (``kind: catalogue``, or only
    ``acts:``), read as text without parsing; False if it cannot be read."""
    text = _sniff(path)
    return text is not None and kind_of_text(text) != "bank"


def _sniff(path: Path) -> str | None:
    """A file as text (undecodable bytes replaced), or None if it cannot be read (through the
    one safe opener: a FIFO, device or symlink loop in a bank folder never hangs discovery)."""
    try:
        raw = read_regular(path, _SNIFF_BYTES, whole=False)[:_SNIFF_BYTES]
    except OSError:
        return None
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def _declared_id(text: str) -> str | None:
    match = _ID_LINE.search(text)
    if match is None:
        return None
    return next(g for g in match.groups() if g is not None).strip() or None


def _resolved(path: Path) -> Path:
    return resolved(path)


def _cannot(raw: str | Path) -> str:
    """A path the user gave, shown inertly, with why it cannot be used when that is not just
    "missing" (a symlink loop, an over-long name, no permission)."""
    shown = printable(repr(str(raw)))
    try:
        Path(raw).stat()
    except FileNotFoundError:
        return shown
    except OSError as exc:
        return f"{shown} ({reason(exc)})"
    except ValueError:
        return f"{shown} (the name contains a NUL character)"
    return shown


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
