"""Warnings ``validate`` adds for files that are otherwise valid (none of them fails a run).

- W202: a text identical, in another declared language, to the default language's text: most
  likely left untranslated. Names are never checked; texts listed in the bank's
  ``same_in_all_languages`` (brands, titles, loanwords) and texts without letters are allowed.
- W203: the file reads differently with PyYAML's pure-Python parser (used where libyaml is
  missing) and with libyaml, or only one of them accepts it. Located at the first difference.
  The reader refuses every form known to split them (:mod:`popquiz.bank.yamlform`), so this
  is a safety net for one found later; it compares only files libyaml accepts, which leaves
  out the one known difference (``{key:,}``, which libyaml refuses).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from popquiz.bank.safeio import decode
from popquiz.bank.yamlsafe import Document, PathKey, YamlRejected
from popquiz.errors import Diagnostic


def lint_bank(doc: Document, data: dict[str, Any], *, catalogue: bool = False) -> list[Diagnostic]:
    """W202 for a checked bank's data (``spec.Bank.model_dump()``), or a catalogue's (its
    acts, against its own declared languages), located in its parsed file ``doc``."""
    from popquiz.bank.checked import dotted
    from popquiz.bank.crosscheck import TEXT_PATHS, located

    default = data.get("language", "en")
    langs = [x for x in data.get("languages") or [] if x != default]
    if not langs:
        return []
    allowed = set(data.get("same_in_all_languages") or ())
    out = []
    for pattern in TEXT_PATHS:
        if (pattern[0] in ("acts", "facets")) != catalogue:  # checked in the catalogue
            continue
        values, where = located(data, pattern)
        for n, value in enumerate(values):
            if not isinstance(value, dict) or default not in value:
                continue
            base = value[default]
            if base in allowed or not any(ch.isalpha() for ch in base):
                continue
            for lang in langs:
                if value.get(lang) == base:
                    loc = where(n)
                    out.append(
                        _warning(
                            doc,
                            "W202",
                            f"{dotted(loc)}: the {lang!r} text is the same as the "
                            f"{default!r} text; is it translated?",
                            (*loc, lang),
                            "translate it; if it is meant to be the same in every language (a "
                            "name or a brand), list it under `same_in_all_languages`",
                        )
                    )
    return out


def portability(raw: bytes, display: str) -> list[Diagnostic]:
    """W203 where libyaml and the pure-Python parser disagree about a file's bytes ``raw``
    (nothing when libyaml is not installed: there is nothing to compare). It runs both parsers
    itself; the loader only ever uses the one :func:`popquiz.bank.yamlsafe.parse` picks."""
    import yaml

    from popquiz.bank.yamlsafe import _build

    shown = display
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is None:
        return []
    try:
        text = decode(raw, shown)
    except YamlRejected:
        return []
    from popquiz.bank.yamlsafe import PURE_MAX_BYTES, PURE_MAX_NODES

    if len(text.encode("utf-8")) > PURE_MAX_BYTES:
        return []  # too big for the pure-Python parser's limits anyway (E002 without libyaml)
    results: list[Document | list[Diagnostic]] = []
    for loader, pure in ((c_loader, False), (yaml.SafeLoader, True)):
        try:
            results.append(_build(text, shown, loader, 64, pure=pure))
        except YamlRejected as exc:
            results.append(exc.document if exc.document is not None else exc.diagnostics)
        if (
            not pure
            and not isinstance(results[0], list)
            and _nodes(results[0].data) > PURE_MAX_NODES
        ):
            return []  # likewise: the pure-Python parser stops at its node limit
    c_doc, pure_doc = results
    help = (
        'quote the text ("...") or write the mapping in block style, so that every YAML '
        "parser reads it the same; machines without libyaml use the pure-Python one"
    )
    if isinstance(c_doc, list) and isinstance(pure_doc, list):
        return []
    if isinstance(pure_doc, list) and pure_doc[0].code == "E002":
        return []  # the pure-Python parser's smaller size limits, not a difference in syntax
    if isinstance(pure_doc, list):
        first = pure_doc[0]
        return [
            first._replace(
                code="W203",
                severity="warning",
                message="libyaml reads this file but PyYAML's pure-Python parser refuses it "
                f"here: {first.message}",
                help=help,
            )
        ]
    if isinstance(c_doc, list):
        first = c_doc[0]
        return [
            first._replace(
                code="W203",
                severity="warning",
                message="PyYAML's pure-Python parser reads this file but libyaml refuses it "
                f"here: {first.message}",
                help=help,
            )
        ]
    for loc in _differences(c_doc.data, pure_doc.data):
        return [
            _warning(
                c_doc,
                "W203",
                "libyaml and PyYAML's pure-Python parser read this value differently",
                loc,
                help,
            )
        ]
    return []


def _nodes(data: Any) -> int:
    """Values in a parsed document (scalars, lists and mappings), counted without recursion."""
    count, stack = 0, [data]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return count


def _differences(a: Any, b: Any, loc: PathKey = ()) -> Iterator[PathKey]:
    if type(a) is not type(b):
        yield loc
    elif isinstance(a, dict):
        for key in a:
            if key not in b:
                yield (*loc, key)
            else:
                yield from _differences(a[key], b[key], (*loc, key))
        for key in b:
            if key not in a:
                yield loc
    elif isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from _differences(x, y, (*loc, i))
        if len(a) != len(b):
            yield loc
    elif a != b and not (a != a and b != b):  # NaN equals NaN here
        yield loc


def _warning(doc: Document, code: str, message: str, loc: PathKey, help: str) -> Diagnostic:
    return doc.diag(code, message, loc, help)._replace(severity="warning")
