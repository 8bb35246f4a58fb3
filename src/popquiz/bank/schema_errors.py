"""Pydantic's validation errors as located diagnostics: unknown keys with "did you mean" and the
keys allowed there (E101), missing keys (E102) and wrong values with a hint (E103)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, get_args, get_origin

from popquiz.bank.checked import Sources, dotted, not_declared_help
from popquiz.bank.yamlsafe import PathKey
from popquiz.errors import Diagnostic

_QUESTION_TAGS = {"choice", "likert"}


def schema_problems(
    exc: Any, data: dict[str, Any], sources: Sources, root: Any = None
) -> list[Diagnostic]:
    """A ``pydantic.ValidationError`` from validating ``data`` against ``root`` (default: the
    bank's model) as located diagnostics; a missing key that is a misspelt one is reported
    once, as the unknown key with "did you mean"."""
    out: list[Diagnostic] = []
    errors = exc.errors(include_url=False)
    extras = {_clean_loc(e["loc"]) for e in errors if e["type"] == "extra_forbidden"}
    for err in errors:
        loc = _clean_loc(err["loc"])
        kind = err["type"]
        if kind == "missing" and any(
            x[:-1] == loc[:-1] and difflib.get_close_matches(str(loc[-1]), [str(x[-1])], cutoff=0.6)
            for x in extras
        ):
            continue  # reported as the misspelt key, with "did you mean"
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = _allowed_keys(loc[:-1], data, root)
            # No key is allowed here: then none is close either, and there is nothing to say.
            hint = not_declared_help(key, allowed, "allowed here") if allowed else ""
            out.append(sources.diag("E101", f"unknown key {key!r}", loc, hint, key=True))
        elif kind == "missing":
            out.append(
                sources.diag(
                    "E102",
                    f"missing required key {str(loc[-1])!r}" + _where(loc[:-1]),
                    loc[:-1],
                    "see `popquiz schema` or docs/authoring.md for the fields",
                )
            )
        else:
            msg = err["msg"].removeprefix("Value error, ")
            if kind == "string_pattern_mismatch":
                msg = (
                    f"{_value(err)} is not a valid identifier (lowercase letters, digits, "
                    "'-' and '_', starting with a letter or digit)"
                    if loc and loc[-1] != "language" and "languages" not in loc
                    else f"{_value(err)} is not a language tag like 'en' or 'pt-BR'"
                )
            hint = _hint_for(kind, err, loc)
            where = dotted(loc)
            limit = err.get("ctx", {}).get("max_length")
            if kind == "too_long" and isinstance(limit, int) and loc:
                # Located at the first item past the limit, which the message and help name.
                field = str(loc[-1])
                count = err["ctx"].get("actual_length", "more")
                msg = f"{count} {field}, more than the {limit} a bank may hold"
                hint = _limit_hint(field, limit)
                loc = (*loc, limit)
            if loc == ("format",) and err.get("input") == 1:
                hint = (
                    f"upgrade it with `popquiz migrate {sources.bank.path}`, which shows the "
                    "change (docs/authoring.md, 'Migrating from format 1')"
                )
            out.append(sources.diag("E103", f"{where}: {msg}", loc, hint))
    return out


def _limit_hint(field: str, limit: int) -> str:
    if field == "outcomes":
        return (
            f"popquiz's outcome limit is {limit}: merge similar outcomes, or list the "
            'profiles as acts of one scene (docs/authoring.md, "Many outcomes")'
        )
    return f"at most {limit} {field} are read here: this is popquiz's limit for {field}"


def _value(err: Mapping[str, Any]) -> str:
    return repr(err.get("input"))


def _hint_for(kind: str, err: Mapping[str, Any], loc: PathKey = ()) -> str:
    if kind in {"int_type", "float_type", "bool_type"} and isinstance(err.get("input"), str):
        return "remove the quotes around the value"
    if kind == "string_type" or "must be text" in str(err.get("msg")):
        # The example names the field it is about, with the value the author wrote quoted
        # (a YAML number or boolean is text once quoted: version: "1.0", title: "true").
        field = next((p for p in reversed(loc) if isinstance(p, str)), "text")
        value = err.get("input")
        if isinstance(value, dict):  # a text mapping: the entry that is not text
            field, value = next(
                ((str(k), v) for k, v in value.items() if not isinstance(v, str)), (field, None)
            )
        if value is None or isinstance(value, list | dict):
            return f'write text here, e.g. {field}: "..."'
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return f'quote the value, e.g. {field}: "{shown}"'
    if kind == "invalid_kind":
        return "use kind: choice or kind: likert"
    if kind == "literal_error":
        return "use one of the values listed"
    if len(loc) == 3 and loc[0] == "axes" and loc[2] in ("weight", "power"):
        return (
            "an axis's distance is weight·|difference|^power: weight above 0 up to 100 (only "
            "the ratios between axes count), power 0.5-8 (default 1 and 2); see "
            'docs/authoring.md, "Declared distance"'
        )
    return ""


def _clean_loc(loc: tuple[Any, ...]) -> PathKey:
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if (
            part in _QUESTION_TAGS
            and i >= 2
            and loc[i - 2] == "questions"
            and isinstance(loc[i - 1], int)
        ):
            continue
        if isinstance(part, str) and part.startswith("function-"):  # PlainValidator markers
            continue
        out.append(part)
    return tuple(out)


def _where(loc: PathKey) -> str:
    return f" in {dotted(loc)}" if loc else ""


def _allowed_keys(loc: PathKey, data: Any, root: Any = None) -> list[str]:
    """Field names of the model found at ``loc`` (for "did you mean")."""
    from pydantic import BaseModel

    from popquiz.bank.spec import Bank, ChoiceQuestion, LikertQuestion

    node: Any = root or Bank
    value: Any = data
    for part in loc:
        if isinstance(value, list | dict):
            try:
                value = value[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                value = None
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            if field is None:
                return []
            node = field.annotation
            continue
        node = _element_type(node)
        if node is not None and _is_question_union(node):
            kind = value.get("kind", "choice") if isinstance(value, dict) else "choice"
            node = LikertQuestion if kind == "likert" else ChoiceQuestion
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def _is_question_union(node: Any) -> bool:
    return "ChoiceQuestion" in repr(node) and "LikertQuestion" in repr(node)


def _element_type(node: Any) -> Any:
    node = _unwrap(node)
    origin = get_origin(node)
    args = get_args(node)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap(node: Any) -> Any:
    from pydantic import BaseModel

    while True:
        args = get_args(node)
        if not args:
            return node
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if get_origin(node) in (list, tuple, dict):
            return node
        if models and not _is_question_union(node):
            return models[0]
        if _is_question_union(node) and get_origin(node) is not None and len(models) == 2:
            return node
        node = args[0]
