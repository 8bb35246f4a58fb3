"""Act catalogues: reading the one a bank names (``catalogue:``) and checking one on its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from popquiz.bank.checked import Parsed, Sources, dedupe, not_declared_help
from popquiz.bank.crosscheck import check_languages, duplicates, items_at
from popquiz.bank.facetcheck import check_facets
from popquiz.bank.filekind import CATALOGUE, DECLARATION
from popquiz.bank.safeio import decode, kind, read_bytes, resolved
from popquiz.bank.schema_errors import schema_problems
from popquiz.bank.yamlsafe import Document, PathKey, YamlRejected, parse
from popquiz.errors import Diagnostic


def load_for_bank(
    name: str, doc: Document, base_dir: Path | None
) -> tuple[Document | None, list[Diagnostic], bytes | None, Parsed | None]:
    """The catalogue that the bank ``doc`` names (``catalogue: name``, relative to ``base_dir``):
    (the catalogue, its problems, its bytes if they could be read, and what reading them gave
    if they could: see :class:`~popquiz.bank.checked.Parsed`)."""
    loc: PathKey = ("catalogue",)
    if base_dir is None:
        problem = doc.diag("E211", "a catalogue needs a bank loaded from a file", loc)
        return None, [problem], None, None
    target = resolved(base_dir / name)
    root = resolved(base_dir)
    if Path(name).is_absolute() or not target.is_relative_to(root):
        problem = doc.diag(
            "E211",
            f"catalogue {name!r} is outside the bank's folder",
            loc,
            "use a path relative to the bank, inside its folder",
        )
        return None, [problem], None, None
    if kind(target) == "missing":
        return None, [doc.diag("E211", f"catalogue file {name!r} not found", loc)], None, None
    shown = str(Path(doc.path).parent / name) if doc.path != "<input>" else name
    try:
        raw = read_bytes(target, shown)
    except YamlRejected as exc:
        return None, exc.diagnostics, None, None
    try:
        cat = parse(decode(raw, shown), shown)
    except YamlRejected as exc:
        return None, exc.diagnostics, raw, Parsed(shown, exc.document, exc.diagnostics)
    parsed = Parsed(shown, cat, [])
    if not isinstance(cat.data, dict) or not isinstance(cat.data.get("acts"), list):
        problem = cat.diag("E211", "a catalogue must be a mapping with an `acts:` list", ())
        return None, [problem], raw, parsed
    problems = _catalogue_keys(cat)
    return (None if problems else cat), problems, raw, parsed


def _catalogue_keys(cat: Document) -> list[Diagnostic]:
    """Top-level keys a catalogue may not have, and a ``kind`` that is not ``catalogue``."""
    from popquiz.bank.spec import Catalogue

    allowed = list(Catalogue.model_fields)
    out = []
    for key in cat.data:
        if key not in allowed:
            out.append(
                cat.diag(
                    "E101",
                    f"unknown key {key!r} in catalogue",
                    (key,),
                    not_declared_help(str(key), allowed, "allowed here"),
                    key=True,
                )
            )
    declared = cat.data.get("kind", CATALOGUE)
    if declared != CATALOGUE:
        out.append(
            cat.diag(
                "E211",
                f"a bank's catalogue must declare `kind: catalogue`, not {declared!r}",
                ("kind",),
            )
        )
    return out


OLD_CATALOGUE_HELP = (
    f"add the line `{DECLARATION}` at the top of the file; catalogues without it are read "
    "for now, but the declaration is what tells `validate`, `list` and discovery what the file is"
)


def check_catalogue_document(
    doc: Document, yaml_problems: list[Diagnostic]
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """A catalogue on its own: keys, ids, names and texts, profile values, and its declared
    languages (if it declares any); axes and scenes are checked by each bank that uses it.
    Returns ``(data or None, diagnostics)``; the diagnostics may include a warning (no
    ``kind: catalogue``: W201) even when the data is returned."""
    data = doc.data
    problems = list(yaml_problems)
    if not isinstance(data, dict) or not isinstance(data.get("acts"), list):
        problems.append(doc.diag("E211", "a catalogue must be a mapping with an `acts:` list", ()))
        return None, problems
    warnings = []
    if "kind" not in data:
        warnings.append(
            doc.diag(
                "W201", f"this catalogue does not declare `{DECLARATION}`", (), OLD_CATALOGUE_HELP
            )._replace(severity="warning")
        )
    from pydantic import ValidationError

    from popquiz.bank.spec import Catalogue

    src = Sources(doc)
    checked = None
    try:
        checked = Catalogue.model_validate({"kind": CATALOGUE, **data})
    except ValidationError as exc:
        problems += schema_problems(exc, data, src, root=Catalogue)
    problems += list(duplicates(items_at(data, "acts"), "act", src))
    problems += list(check_facets(data, src))
    if data.get("languages"):
        problems += list(check_languages(data, src))
    problems = dedupe(problems)
    if problems or checked is None:
        return None, problems + warnings
    return checked.model_dump(), warnings
