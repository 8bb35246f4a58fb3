"""Check a bank or catalogue file, reporting every problem at once: :func:`check` for any caller
that reports, :func:`load_bank` for one that only plays.

Checks run in three layers, all of which report (so one run shows everything):
1. the YAML reader (:mod:`~popquiz.bank.yamlsafe`): syntax, size, depth, duplicate keys,
   aliases, tags, control characters;
2. the pydantic model (:mod:`~popquiz.bank.spec`): types, required and unknown keys, with "did
   you mean" (:mod:`~popquiz.bank.schema_errors`);
3. cross-references on the raw data (:mod:`~popquiz.bank.crosscheck`): duplicate ids,
   undeclared axes, conditions, profiles, languages, scenes, the bank's own tests.

A bank's act catalogue is read and checked by :mod:`~popquiz.bank.catalogue`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from popquiz.bank.checked import Checked, Parsed, Sources, dedupe, parse_located, paused_gc
from popquiz.bank.filekind import FileKind, kind_of_data, kind_of_text
from popquiz.bank.safeio import decode, read_bytes
from popquiz.bank.yamlsafe import Document, YamlRejected
from popquiz.errors import BankError, Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import Bank

__all__ = ["Checked", "check", "load_bank"]


def load_bank(path: str | Path) -> Bank:
    """Load a bank file; raise :class:`BankError` listing every problem if it is invalid."""
    bank, problems = check(Path(path), kind="bank").result()
    if bank is None:
        raise BankError(problems)
    return bank


def check(
    source: Path | bytes,
    *,
    display: str | None = None,
    base_dir: Path | None = None,
    kind: FileKind | None = None,
    parsed: Parsed | None = None,
) -> Checked:
    """Check a file (``source`` is its path, or its bytes); never raises for a bad file.

    ``display`` names it in messages (default: the path, or ``<input>``); a bank's
    ``catalogue:`` is read relative to ``base_dir`` (default: the path's folder; bytes without
    ``base_dir`` cannot use a catalogue). ``kind`` forces how the file is checked; without it,
    the file's declaration decides (:mod:`popquiz.bank.filekind`): a bank is checked with its
    catalogue, a catalogue on its own. ``parsed`` is what reading these very bytes under this
    ``display`` gave already (a bank's ``Checked.catalogue_parsed``): they are not parsed
    again."""
    if isinstance(source, Path):
        shown = display or str(source)
        base_dir = source.parent if base_dir is None else base_dir
        try:
            raw = read_bytes(source, shown)
        except YamlRejected as exc:
            return Checked(kind or "bank", None, exc.diagnostics)
    else:
        shown = display or "<input>"
        raw = source
    if parsed is not None and parsed.display == shown:
        text = None
    else:
        try:
            text = decode(raw, shown)
        except YamlRejected as exc:
            return Checked(kind or "bank", None, exc.diagnostics)
    with paused_gc():
        if text is None:
            _, doc, yaml_problems = parsed  # type: ignore[misc]
        else:
            doc, yaml_problems = parse_located(text, shown)
        if kind is None:
            # Text that does not parse is still recognised by its lines, as discovery does.
            found = (
                kind_of_data(doc.data)
                if doc is not None
                else kind_of_text(text if text is not None else decode(raw, shown))
            )
            kind = "bank" if found == "bank" else "catalogue"
        if doc is None:
            return Checked(kind, None, yaml_problems)
        if kind == "catalogue":
            from popquiz.bank.catalogue import check_catalogue_document

            data, problems = check_catalogue_document(doc, yaml_problems)
            return Checked("catalogue", data, problems, doc)
        return _check_bank_document(doc, yaml_problems, base_dir)


def _check_bank_document(
    doc: Document, yaml_problems: list[Diagnostic], base_dir: Path | None
) -> Checked:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        return Checked(
            "bank",
            None,
            [
                *yaml_problems,
                doc.diag(
                    "E009",
                    f"a bank must be a YAML mapping (id:, title:, questions: ...), but the file "
                    f"is {what}",
                    (),
                    "start from `popquiz new my-bank.yaml`",
                ),
            ],
            doc,
        )
    # A copy: the acts a catalogue lends the bank are checked with it, but the document stays
    # what the bank file says.
    data: dict[str, Any] = dict(doc.data)
    sources = Sources(doc)
    problems: list[Diagnostic] = list(yaml_problems)
    depends: list[tuple[str, bytes]] = []
    cat_doc: Document | None = None
    cat_file: Path | None = None
    cat_parsed: Parsed | None = None

    catalogue = data.get("catalogue")
    if isinstance(catalogue, str):
        from popquiz.bank.catalogue import load_for_bank

        if base_dir is not None and not Path(catalogue).is_absolute():
            cat_file = base_dir / catalogue
        cat_doc, cat_problems, cat_raw, cat_parsed = load_for_bank(catalogue, doc, base_dir)
        problems += cat_problems
        if cat_raw is not None:
            depends.append((catalogue, cat_raw))
        if cat_doc is not None:
            if "acts" in data:
                problems.append(
                    doc.diag(
                        "E211",
                        "both `acts` and `catalogue` are given",
                        ("acts",),
                        "keep the acts in one place",
                        key=True,
                    )
                )
            else:
                data["acts"] = cat_doc.data["acts"]
                sources = Sources(doc, cat_doc)
            if "facets" in data:
                problems.append(
                    doc.diag(
                        "E211",
                        "the bank declares `facets` but takes its acts from a catalogue",
                        ("facets",),
                        "declare the facets in the catalogue, beside the acts they classify",
                        key=True,
                    )
                )
            elif "facets" in cat_doc.data:
                data["facets"] = cat_doc.data["facets"]
            # The catalogue may say what its acts are called and where to listen; the
            # bank's own words win, key by key.
            lent = cat_doc.data.get("words")
            if isinstance(lent, dict):
                own = data.get("words")
                data["words"] = {**lent, **(own if isinstance(own, dict) else {})}
            if "listen" in cat_doc.data and "listen" not in data:
                data["listen"] = cat_doc.data["listen"]

    from pydantic import ValidationError

    from popquiz.bank.crosscheck import cross_check
    from popquiz.bank.facetcheck import check_facets
    from popquiz.bank.schema_errors import schema_problems
    from popquiz.bank.spec import Bank as Format

    checked = None
    try:
        checked = Format.model_validate(data)
    except ValidationError as exc:
        problems += schema_problems(exc, data, sources)
    problems += list(cross_check(data, sources))
    # A bank's facets come from its catalogue: when that could not be read, its own error says
    # so, and every preference would only repeat it as an undeclared facet.
    if cat_doc is not None or not isinstance(catalogue, str):
        problems += list(check_facets(data, sources))
    valid = None if problems or checked is None else checked.model_dump()
    return Checked("bank", valid, dedupe(problems), doc, cat_doc, cat_file, depends, cat_parsed)
