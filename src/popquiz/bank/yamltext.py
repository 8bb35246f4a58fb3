"""What a YAML value may be and hold: plain scalars resolved to data, and the characters bank
text may not contain, for the reader (:mod:`popquiz.bank.yamlsafe`, whose docstring gives the
rules)."""

from __future__ import annotations

import re
from typing import Any

from popquiz.text.charclass import FORBIDDEN, HIDDEN, describe_char, hidden_char

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
# Exactly the YAML 1.2 core spellings: `.iNf` is text there, as it is here.
_SPECIAL_FLOATS = {
    f"{sign}{inf}": float(f"{sign or '+'}inf")
    for sign in ("", "+", "-")
    for inf in (".inf", ".Inf", ".INF")
} | {nan: float("nan") for nan in (".nan", ".NaN", ".NAN")}
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NOT_TEXT_START = set("0123456789+-.~nNtTfF") | {""}  # what a null, bool or number starts with
_NUMBER_START = set("0123456789+-.")
_NOT_A_WORD = object()
# The plain spellings that are not text and not decimal numbers.
_WORDS: dict[str, Any] = dict.fromkeys(_NULLS) | _BOOLS | _SPECIAL_FLOATS
_MAX_INT_DIGITS = 4000  # Python refuses int() of more than 4300 digits; keep well below


def resolve_plain(value: str) -> Any:
    found = _WORDS.get(value, _NOT_A_WORD)
    if found is not _NOT_A_WORD:
        return found
    if value[:1] not in _NUMBER_START:  # text starting like a null or a bool: "text", "no"
        return value
    if _INT.fullmatch(value):
        # Thousands of digits: Python's int() refuses them; a float says "not finite" later.
        return int(value) if len(value) <= _MAX_INT_DIGITS else float(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def may_hold_refused(text: str) -> bool:
    """Whether ``text`` has a character that bank text may not hold (:data:`FORBIDDEN` or
    :data:`HIDDEN`); searched in parts, as a search for HIDDEN's characters beyond the BMP
    is several times slower than one for the others."""
    if FORBIDDEN.search(text):
        return True
    if text.isascii():
        return False
    bmp, astral = _hidden_parts()
    if bmp.search(text):
        return True
    # UTF-16 needs two units only for a character beyond the BMP: a quick test for any.
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text) and bool(
        astral.search(text)
    )


_HIDDEN_PARTS: list[re.Pattern[str]] = []


def _hidden_parts() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """HIDDEN's members in the BMP and beyond it, as two patterns (compiled on first use)."""
    if not _HIDDEN_PARTS:
        members, items, i = HIDDEN.members, [], 0
        while i < len(members):  # single characters and ranges "a-b"
            size = 3 if members[i + 1 : i + 2] == "-" and i + 2 < len(members) else 1
            items.append(members[i : i + size])
            i += size
        for beyond in (False, True):
            part = "".join(item for item in items if (item[0] > "\uffff") == beyond)
            _HIDDEN_PARTS.append(re.compile(f"[{part}]"))
    return _HIDDEN_PARTS[0], _HIDDEN_PARTS[1]


def checked_text(value: str, packed: int, add: Any) -> str:
    """``value`` without the characters bank text may not hold, each kind reported once."""
    bad = FORBIDDEN.search(value)
    if bad:
        add(
            "E007",
            f"control or direction-override character {describe_char(bad[0])} in text",
            packed,
            "remove it; bank text is shown as plain text and may not steer the terminal",
        )
        value = FORBIDDEN.sub("", value)
    hidden = hidden_char(value) if HIDDEN.search(value) else None
    if hidden is not None:
        add(
            "E007",
            f"invisible character {describe_char(hidden)} in text",
            packed,
            "remove it; it does not show, so names that contain it can pass for others (and "
            "noncharacters break the SVG card)",
        )
        value = HIDDEN.sub("", value)
    return value
