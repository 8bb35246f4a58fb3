"""The checks on facets that the format cannot express: unique facet and value ids, acts that
name only declared facets and values (one value, given as a string, for a ``single`` facet,
which every act must give once any act lists facets), and preferences (``prefer:`` on a
choice answer or a likert statement) that name only declared facets and values. Each finding
is located at the key or value it is about; none stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from popquiz.bank.checked import Sources, not_declared_help
from popquiz.bank.crosscheck import duplicates, items_at
from popquiz.bank.yamlsafe import PathKey
from popquiz.errors import Diagnostic


def declared_facets(data: dict[str, Any]) -> dict[str, tuple[bool, list[str]]]:
    """Facet id → (single, its value ids), for the well-formed declarations of ``data``."""
    out: dict[str, tuple[bool, list[str]]] = {}
    for _, facet in items_at(data, "facets"):
        fid = facet.get("id")
        if not isinstance(fid, str) or fid in out:
            continue
        values = [v["id"] for _, v in items_at(facet, "values") if isinstance(v.get("id"), str)]
        out[fid] = (facet.get("single") is True, values)
    return out


def check_facets(data: dict[str, Any], src: Sources) -> Iterator[Diagnostic]:
    """Every facet problem of a bank's data (its catalogue's facets and acts merged in), or of
    a catalogue on its own (which has no questions)."""
    facets = items_at(data, "facets")
    yield from duplicates(facets, "facet", src)
    for loc, facet in facets:
        yield from duplicates(
            items_at(facet, "values", loc), "facet value", src, f" in facet {facet.get('id')!r}"
        )
    declared = declared_facets(data)
    acts = items_at(data, "acts")
    # Once any act lists facets, every act must give each single one (an act left without
    # `facets:` is then a gap, not a catalogue that does not use facets yet).
    classified = any(isinstance(a.get("facets"), dict) for _, a in acts)
    for loc, act in acts:
        yield from _act_facets(act, loc, declared, src, classified=classified)
    # Only the few answers and statements with a `prefer:` mapping are looked at closely: a
    # bank may have 40,000 answers.
    for qi, q in enumerate(data.get("questions") or ()):
        if not isinstance(q, dict):
            continue
        qloc: PathKey = ("questions", qi)
        if q.get("kind", "choice") == "likert":
            if isinstance(q.get("prefer"), dict):
                yield from _prefer(q["prefer"], (*qloc, "prefer"), declared, src)
            continue
        answers = q.get("answers")
        for ai, answer in enumerate(answers if isinstance(answers, list) else ()):
            if isinstance(answer, dict) and isinstance(answer.get("prefer"), dict):
                yield from _prefer(
                    answer["prefer"], (*qloc, "answers", ai, "prefer"), declared, src
                )


def _unknown_facet(
    name: str, loc: PathKey, what: str, declared: dict[str, tuple[bool, list[str]]], src: Sources
) -> Diagnostic:
    ids = list(declared)
    hint = not_declared_help(name, ids, "declared facets") if ids else "declare it under `facets:`"
    return src.diag(
        "E219", f"{what} names facet {name!r}, which is not declared", loc, hint, key=True
    )


def _unknown_value(
    facet: str, value: str, loc: PathKey, what: str, values: list[str], src: Sources, *, key: bool
) -> Diagnostic:
    return src.diag(
        "E219",
        f"{what} names value {value!r} of facet {facet!r}, which is not declared",
        loc,
        not_declared_help(value, values, f"values of {facet!r}"),
        key=key,
    )


def _act_facets(
    act: dict[str, Any],
    loc: PathKey,
    declared: dict[str, tuple[bool, list[str]]],
    src: Sources,
    *,
    classified: bool,
) -> Iterator[Diagnostic]:
    given = act.get("facets")
    if given is None and classified:
        given = {}
    if not isinstance(given, dict):
        return
    what = f"act {act.get('id')!r}"
    for facet, value in given.items():
        where: PathKey = (*loc, "facets", facet)
        if facet not in declared:
            yield _unknown_facet(str(facet), where, what, declared, src)
            continue
        single, values = declared[facet]
        if single and not isinstance(value, str):
            yield src.diag(
                "E219",
                f"{what} gives facet {facet!r} a list, but an act has exactly one value of it",
                where,
                "write the one value as a string, e.g. " + f"`{facet}: {values[0]}`"
                if values
                else "write the one value as a string",
            )
            continue
        items = (
            [(where, value)]
            if isinstance(value, str)
            else [((*where, i), v) for i, v in enumerate(value) if isinstance(v, str)]
        )
        for vloc, v in items:
            if v not in values:
                yield _unknown_value(facet, v, vloc, what, values, src, key=False)
    missing = [f for f, (single, _) in declared.items() if single and f not in given]
    if missing:
        yield src.diag(
            "E219",
            f"{what} has no " + ", ".join(repr(m) for m in missing),
            (*loc, "facets") if "facets" in act else (*loc, "id"),
            "an act has exactly one value of each `single: true` facet: add "
            + ", ".join(f"`{m}: ...`" for m in missing),
        )


def _prefer(
    prefer: Any, loc: PathKey, declared: dict[str, tuple[bool, list[str]]], src: Sources
) -> Iterator[Diagnostic]:
    if not isinstance(prefer, dict):
        return
    for facet, weights in prefer.items():
        where: PathKey = (*loc, facet)
        if facet not in declared:
            yield _unknown_facet(str(facet), where, "a preference", declared, src)
            continue
        if not isinstance(weights, dict):
            continue
        values = declared[facet][1]
        for value in weights:
            if value not in values:
                yield _unknown_value(
                    facet, str(value), (*where, value), "a preference", values, src, key=True
                )
