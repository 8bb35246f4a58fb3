"""What checking a bank or catalogue file found (:class:`Checked`), and what every check shares:
the parse step, locating a data path in the bank or its catalogue, dotted paths for messages,
one report per problem, and the collector paused while the data is built."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from popquiz.bank.filekind import FileKind
from popquiz.bank.yamlsafe import Document, PathKey, YamlRejected, parse
from popquiz.errors import Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import Bank


class Parsed(NamedTuple):
    """What reading one file as YAML gave: the name it was read under, the document (None when
    parsing stopped) and the reader's problems, as :func:`parse_located` returns them."""

    display: str
    document: Document | None
    problems: list[Diagnostic]


@dataclass(frozen=True, slots=True)
class Checked:
    """What checking one file found.

    ``data`` is the validated file as plain data (``spec.Bank.model_dump()``, what
    :meth:`popquiz.bank.model.Bank.from_data` takes; or ``spec.Catalogue.model_dump()``), None
    if it has errors. ``problems`` holds every finding: errors, and for a catalogue also
    warnings that do not make it invalid (W201). ``document`` is the parsed, located YAML (None
    when parsing stopped), ``catalogue`` the parsed catalogue a bank uses (None if it has none
    or it could not be read), ``catalogue_file`` the file a bank's ``catalogue:`` names,
    ``depends`` the files read besides this one, as ``(name, bytes)``, and ``catalogue_parsed``
    what reading that catalogue gave (so that it is checked on its own without being parsed
    again)."""

    kind: FileKind
    data: dict[str, Any] | None
    problems: list[Diagnostic]
    document: Document | None = None
    catalogue: Document | None = None
    catalogue_file: Path | None = None
    depends: Sequence[tuple[str, bytes]] = ()
    catalogue_parsed: Parsed | None = None

    def result(self) -> tuple[Bank | None, list[Diagnostic]]:
        """For a bank: ``(runtime bank, [])`` if it passed, else ``(None, problems)``."""
        if self.data is None:
            return None, self.problems
        from popquiz.bank.model import Bank

        return Bank.from_data(self.data), []


def parse_located(text: str, display: str) -> tuple[Document | None, list[Diagnostic]]:
    """The parsed document (None when parsing stopped: nothing more to check) and the reader's
    problems. Duplicate keys, tags, aliases and control characters are reported with the
    document, so the checks above still run and one run shows every problem."""
    try:
        return parse(text, display), []
    except YamlRejected as exc:
        return exc.document, exc.diagnostics


class Sources:
    """Locates a data path in the bank file or, under ``acts`` and ``facets``, in its
    catalogue file."""

    def __init__(self, bank: Document, catalogue: Document | None = None) -> None:
        self.bank = bank
        self.catalogue = catalogue

    def diag(
        self, code: str, message: str, loc: PathKey, help: str = "", *, key: bool = False
    ) -> Diagnostic:
        if self.catalogue is not None and loc[:1] in (("acts",), ("facets",)):
            return self.catalogue.diag(code, message, loc, help, key=key)
        return self.bank.diag(code, message, loc, help, key=key)


def dotted(loc: PathKey) -> str:
    """A data path as messages write it: ``questions[3].answers[0].text``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "bank"


def dedupe(problems: list[Diagnostic]) -> list[Diagnostic]:
    """Each problem once, in file and line order (two checks may find the same one)."""
    seen: set[tuple[str, int, int, str, str]] = set()
    out = []
    for d in sorted(problems, key=Diagnostic.sort_key):
        key = (d.path, d.line, d.col, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds hundreds of thousands of small containers and no reference cycles; the
    cyclic collector would rescan them again and again (half the time of a 10,000-question
    bank). Reference counting still frees everything. A caller that keeps the data a while
    (``validate``) pauses it around its whole run: the first collection after the pause would
    otherwise scan everything loaded once more."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def did_you_mean(name: str, known: Sequence[str]) -> str:
    """ "did you mean 'x'?" for the one of ``known`` closest to a misspelt ``name`` ("" when
    none is close)."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def not_declared_help(name: str, known: Sequence[str], listed: str) -> str:
    """The help of a name that is not one of ``known``: the closest, then them all
    ("did you mean 'x'? declared axes: a, b")."""
    hint = did_you_mean(name, known)
    return (hint + " " if hint else "") + f"{listed}: " + ", ".join(known)
