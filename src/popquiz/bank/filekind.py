"""What a YAML file is: a bank or an act catalogue, recognised by declaration, not by name.

A catalogue declares itself with the top-level key ``kind: catalogue`` (a bank may say
``kind: bank``; without ``kind`` a file is a bank). A file whose only top-level key is
``acts`` is a catalogue without its declaration: it is read as one, and ``validate`` warns
(W201) with the line to add. A file with ``kind`` and ``acts`` but no ``questions`` is a
catalogue with a misspelt declaration (its check says what ``kind`` must be). ``validate``,
``list``, bank discovery and shell completion all use :func:`kind_of_data` or
:func:`kind_of_text`, so they never disagree.
"""

from __future__ import annotations

import re
from typing import Any, Literal

DocKind = Literal["bank", "catalogue", "old-catalogue"]
FileKind = Literal["bank", "catalogue"]  # how a file is checked (an undeclared catalogue too)
CATALOGUE = "catalogue"
DECLARATION = "kind: catalogue"

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_KIND_LINE = re.compile(r"""^kind[ \t]*:[ \t]*(["']?)([A-Za-z_-]+)\1[ \t]*(#.*)?$""", re.MULTILINE)


def kind_of_data(data: Any) -> DocKind:
    """The kind of a parsed document (anything that is not a declared catalogue is a bank)."""
    if isinstance(data, dict):
        return _kind(data.get("kind"), set(data))
    return "bank"


def _kind(declared: object, keys: set[str]) -> DocKind:
    if declared == CATALOGUE:
        return "catalogue"
    if keys == {"acts"}:
        return "old-catalogue"
    if "kind" in keys and "acts" in keys and "questions" not in keys:
        # A misspelt declaration (`kind: catalog`): checked as the catalogue it is meant to
        # be, whose check then says what `kind` must be, instead of as a bank without an id.
        return "catalogue"
    return "bank"


def kind_of_text(text: str) -> DocKind:
    """The same answer as :func:`kind_of_data`, from the text alone (discovery reads many files
    and must not parse them all): top-level keys are lines starting in column 1."""
    match = _KIND_LINE.search(text)
    return _kind(match[2] if match is not None else None, set(_TOP_KEY.findall(text)))
