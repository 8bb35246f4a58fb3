"""The JSON Schema of a bank file and of a catalogue file, shaped for editors.

Pydantic's schema validates the same files, but an editor (the YAML language server inside
VS Code, Neovim, Helix or Zed) shows more than verdicts: what a key completes to, what a hover
says, what an error reads like. So, from the models' own schema:

- an optional field completes as an empty value, never as ``null`` (no ``"default": null``);
- an optional field's hover is its own description: the ``anyOf [value, null]`` pydantic
  makes is folded into one schema, so the value type's generic text does not win or repeat;
- a question's ``kind`` completes as ``choice``, the default;
- ids, language tags and the format number fail with words, not a regular expression
  (``patternErrorMessage`` / ``errorMessage``, read by the language server, ignored by other
  validators); a format 1 bank is pointed at ``popquiz migrate``;
- a catalogue without ``kind: catalogue`` is valid, as ``validate`` reads it (a warning there,
  W201, which a schema cannot express), and the declaration is what completion offers first.

``tests/cli/test_editor.py`` runs the language server itself over these schemas.
"""

from __future__ import annotations

from typing import Any

from popquiz.bank.spec_values import FORMAT

ID_MESSAGE = (
    "An id uses lowercase letters, digits, '-' and '_', starts with a letter or digit and has "
    "at most 64 characters (e.g. big-mug)."
)
LANG_MESSAGE = "A language tag is like 'en', 'ko', 'ja' or 'pt-BR'."
FORMAT_MESSAGE = (
    f"format must be {FORMAT}; `popquiz migrate FILE` upgrades a format 1 bank "
    "(docs/authoring.md, 'Migrating from format 1')."
)
_ONE_AXIS = ("axis", "weight", "reverse")
_PATTERN_MESSAGES = {
    r"^[a-z0-9][a-z0-9_-]{0,63}$": ID_MESSAGE,
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$": LANG_MESSAGE,
}


def json_schema(*, catalogue: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a bank file, or of a catalogue file."""
    from popquiz.bank.spec import Bank, Catalogue

    model = Catalogue if catalogue else Bank
    name = "catalogue" if catalogue else "bank"
    schema = _for_editors(_draft07(model.model_json_schema(mode="validation")))
    if catalogue:
        schema["required"] = [k for k in schema["required"] if k != "kind"]
    else:
        schema["properties"]["format"]["errorMessage"] = FORMAT_MESSAGE
        _choice_by_default(schema["definitions"])
        # A statement is keyed one way: to one axis or, with `weights`, to several.
        schema["definitions"]["LikertQuestion"]["oneOf"] = [
            {"required": ["axis"], "not": {"required": ["weights"]}},
            {"required": ["weights"], "not": {"anyOf": [{"required": [k]} for k in _ONE_AXIS]}},
        ]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://popquiz.invalid/schema/{name}.schema.json",
        **schema,
    }


def _draft07(node: Any) -> Any:
    """Pydantic emits 2020-12 style `$defs`; draft-07 tools expect `definitions`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            key = "definitions" if key == "$defs" else key
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            out[key] = _draft07(value)
        return out
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    return node


def _for_editors(node: Any) -> Any:
    if isinstance(node, list):
        return [_for_editors(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _for_editors(v) for k, v in node.items() if not (k == "default" and v is None)}
    branches = out.get("anyOf")
    if isinstance(branches, list) and {"type": "null"} in branches and len(branches) == 2:
        out = _fold_optional(out, next(b for b in branches if b != {"type": "null"}))
    out = _one_schema(out)
    pattern = out.get("pattern")
    if pattern in _PATTERN_MESSAGES:
        out["patternErrorMessage"] = _PATTERN_MESSAGES[pattern]
    return out


def _fold_optional(field: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    """``anyOf [value, null]`` as one schema that describes the field, not the value type."""
    inner = {k: v for k, v in value.items() if k not in ("description", "title")}
    rest = {k: v for k, v in field.items() if k != "anyOf"}
    if "anyOf" in inner:  # a text: its string and mapping forms, or nothing
        return {**rest, "anyOf": [*inner["anyOf"], {"type": "null"}]}
    if "$ref" in inner:  # a nested mapping keeps its own schema
        return {**rest, "anyOf": [inner, {"type": "null"}]}
    kind = inner.get("type")
    if isinstance(kind, str | list):
        return {**inner, **rest, "type": [*([kind] if isinstance(kind, str) else kind), "null"]}
    return {**rest, "anyOf": [inner, {"type": "null"}]}


def _one_schema(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf`` branches of different types whose keywords do not overlap (a text: a string,
    or a mapping of language to string, or nothing) as one schema with a list of types: the
    same files are valid (each keyword applies to its own type), and a hover shows the field
    once instead of once per branch."""
    branches = node.get("anyOf")
    if not isinstance(branches, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) and "$ref" not in b for b in branches
    ):
        return node
    types = [b["type"] for b in branches]
    keywords = [k for b in branches for k in b if k not in ("type", "description", "title")]
    if len(set(types)) < len(types) or len(set(keywords)) < len(keywords):
        return node
    merged = {k: v for b in branches for k, v in b.items() if k not in ("description", "title")}
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    return {**merged, **rest, "type": types}


def _choice_by_default(definitions: dict[str, Any]) -> None:
    """A new question's ``kind`` completes as ``choice``, offering ``likert`` next: the
    language server merges the values both question schemas propose for the key, in order,
    but only a sole proposal it may select (one ``enum`` value; a ``const`` is not
    selectable, and a ``default`` beside it makes two proposals and so none)."""
    for name in ("ChoiceQuestion", "LikertQuestion"):
        kind = definitions[name]["properties"]["kind"]
        kind["enum"] = [kind.pop("const")]
        kind.pop("default", None)
