"""Upgrading a bank or catalogue written for an older format to the current one, as text.

The file is edited in place, value by value, so its comments, key order, quoting and layout
survive (a YAML round trip would lose them). What changes:

- a format 1 bank gets ``format: 2`` and its ``rule.margin`` converted. Format 1 compared
  fits ``1 − d/(2√n)`` (Euclidean distance *d* over *n* axes), format 2 compares
  ``1 − D/(4n)`` (squared distance *D*), so a lead in fit is multiplied by
  ``(d_A + d_B)/(2√n)``. The factor is taken for the two non-balanced outcomes nearest the
  balanced one (or the centre) with the taker at that point, so the balanced zone keeps its
  width on the line between them; elsewhere it is an approximation, which the notes say.
  Axis scores and which non-balanced outcome fits best do not depend on the format;
- a catalogue without its declaration gets ``kind: catalogue`` as its first key.

Anything the format cannot decide for the author (an outcome's ``why`` must no longer claim
what the taker chose) is returned as a note, never edited.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from popquiz.bank.filekind import DECLARATION, kind_of_data
from popquiz.bank.spec_values import FORMAT
from popquiz.bank.yamlsafe import Document, parse

OLD_MARGIN = 0.05  # format 1's default rule.margin
_TOKEN = re.compile(r"""[^\s,}\]#]+|"[^"]*"|'[^']*'""")
_KEY_LINE = re.compile(r"^([ \t]*)([A-Za-z_][\w-]*)[ \t]*:")


class MigrationError(Exception):
    """The file cannot be upgraded mechanically; the message says why and what to do."""


@dataclass
class Migration:
    """The upgraded text, one line per change made and one per thing left to the author."""

    text: str
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def migrate(text: str, display: str) -> Migration:
    """Upgrade ``text`` (a bank or catalogue read from ``display``) to the current format.

    Raises :class:`popquiz.bank.yamlsafe.YamlRejected` when the text is not YAML popquiz
    reads, and :class:`MigrationError` when it is not something migrate can upgrade."""
    document = parse(text, display)
    data = document.data
    if not isinstance(data, dict):
        raise MigrationError("the file is not a bank or catalogue (its top level is not a mapping)")
    kind = kind_of_data(data)
    if kind == "catalogue":
        return Migration(text)
    if kind == "old-catalogue":
        return _declare_catalogue(text, document)
    version = data.get("format", FORMAT)
    if version == FORMAT:
        return Migration(text)
    if version != 1 or isinstance(version, bool):
        raise MigrationError(
            f"format {version!r} is not one popquiz knows; it upgrades format 1 to {FORMAT}"
        )
    return _from_format_1(text, document)


def _declare_catalogue(text: str, document: Document) -> Migration:
    line, _ = document.pos(("acts",), key=True)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    lines.insert(line - 1, DECLARATION + newline)
    return Migration(
        "".join(lines), [f"line {line}: added `{DECLARATION}` (a catalogue declares itself)"]
    )


def _from_format_1(text: str, document: Document) -> Migration:
    data: dict[str, Any] = document.data
    lines = text.splitlines(keepends=True)
    result = Migration(text)
    line = _replace_value(lines, document, ("format",), str(FORMAT))
    result.changes.append(f"line {line}: format 1 → {FORMAT}")

    factor = margin_factor(data)
    inserted = 0  # the line a new line went in before, so later positions can be shifted
    rule = data.get("rule")
    old = rule.get("margin", OLD_MARGIN) if isinstance(rule, dict) else OLD_MARGIN
    if isinstance(old, bool) or not isinstance(old, int | float) or not math.isfinite(old):
        raise MigrationError("rule.margin is not a number; correct it, then migrate again")
    new = f"{min(0.5, max(0.0, old * factor)):.3f}".rstrip("0").rstrip(".")
    if isinstance(rule, dict) and "margin" in rule:
        line = _replace_value(lines, document, ("rule", "margin"), new)
        where = f"line {line}: rule.margin"
    elif isinstance(rule, dict):
        line = inserted = _insert_child(lines, document, "rule", f"margin: {new}")
        where = f"line {line}: added rule.margin"
    else:
        lines = _append_top(lines, f"rule:\n  margin: {new}\n")
        where = f"line {len(lines) - 1}: added rule.margin"
    result.changes.append(
        f"{where} {old:g} → {new} (format 1's lead in fit × {factor:.3f}, the same balanced "
        "zone between the two outcomes nearest the balanced one)"
    )
    result.text = "".join(lines)
    result.notes.append(
        "the balanced zone is the same only on the line between those two outcomes: check the "
        "outcome shares with `popquiz analyze` and adjust rule.margin"
    )
    for i, outcome in enumerate(data.get("outcomes") or []):
        if isinstance(outcome, dict) and outcome.get("why") is not None:
            line, _ = document.pos(("outcomes", i, "why"), key=True)
            line += 1 if inserted and line >= inserted else 0
            result.notes.append(
                f"line {line}: outcome {outcome.get('id')!r} has `why`, which format 2 shows as "
                "fixed text: make sure it claims nothing about what the taker chose (axis "
                "`phrases` say that from the taker's own scores)"
            )
    return result


def margin_factor(data: dict[str, Any]) -> float:
    """``(d_A + d_B)/(2√n)`` for the two non-balanced outcomes nearest the balanced outcome's
    profile (the centre without one), measured from there: a format 1 lead in fit times this
    is the format 2 lead for a taker on the line between them."""
    axes = [a.get("id") for a in data.get("axes") or [] if isinstance(a, dict)]
    outcomes = [o for o in data.get("outcomes") or [] if isinstance(o, dict)]
    if not axes or not outcomes:
        return 1.0

    def point(outcome: dict[str, Any]) -> list[float]:
        profile = outcome.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        return [_number(profile.get(a)) for a in axes]

    balanced = next((o for o in outcomes if o.get("balanced") is True), None)
    centre = point(balanced) if balanced is not None else [0.0] * len(axes)
    distances = sorted(
        math.dist(point(o), centre) for o in outcomes if o.get("balanced") is not True
    )
    if len(distances) < 2 or distances[0] + distances[1] == 0:
        return 1.0
    return (distances[0] + distances[1]) / (2 * math.sqrt(len(axes)))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) else 0.0


def _replace_value(lines: list[str], document: Document, loc: tuple[str, ...], new: str) -> int:
    line, col = document.pos(loc)
    text = lines[line - 1]
    match = _TOKEN.match(text, col - 1)
    if match is None:
        raise MigrationError(f"line {line}: cannot find the value of {'.'.join(loc)}")
    rest = text[match.end() :]
    gap = len(rest) - len(rest.lstrip(" "))
    if rest[gap:].startswith("#"):  # keep a trailing comment in its column where it fits
        rest = " " * max(1, gap + len(match[0]) - len(new)) + rest[gap:]
    lines[line - 1] = text[: match.start()] + new + rest
    return line


def _insert_child(lines: list[str], document: Document, key: str, entry: str) -> int:
    """Add ``entry`` as the first key of the block mapping under top-level ``key``."""
    value = document.data[key]
    first = next(iter(value), None)
    line, _ = document.pos((key,), key=True)
    if first is None or lines[line - 1].split("#", 1)[0].rstrip().endswith("}"):
        raise MigrationError(
            f"line {line}: `{key}` is written inline; add `{entry}` to it by hand, then "
            "migrate again"
        )
    child_line, _ = document.pos((key, first), key=True)
    match = _KEY_LINE.match(lines[child_line - 1])
    indent = match[1] if match else "  "
    newline = "\r\n" if lines[child_line - 1].endswith("\r\n") else "\n"
    lines.insert(child_line - 1, f"{indent}{entry}{newline}")
    return child_line


def _append_top(lines: list[str], block: str) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return [*lines, *block.splitlines(keepends=True)]
