"""The hardened JSON reader: a JSON file someone else wrote (a friend's result given to
``compare``) is read with the same care as a bank.

Python's ``json`` module is fast but trusting: its decoder recurses once per bracket (deep
nesting is a ``RecursionError``), turns ``NaN``/``Infinity`` into floats that no strict JSON
parser accepts back, raises ``ValueError`` outside ``JSONDecodeError`` for an integer of more
than 4,300 digits, and keeps strings of any length. Here:

- the size is bounded before reading (:data:`MAX_BYTES`, the bank's 8 MiB);
- the nesting depth is measured *before* decoding, without recursion: strings are cut out with
  one regular expression and the brackets left are counted in C-level iterators;
- numbers are checked by the decoder's own hooks: ``NaN``/``Infinity``, floats that overflow
  (``1e400``) and literals of more than :data:`MAX_DIGITS` digits become a marker instead of a
  number, so that the walk below can name the field that holds them;
- one walk with an explicit stack (no recursion) checks every value: strings and keys at most
  :data:`MAX_STRING` characters, lists and objects at most :data:`MAX_ITEMS` items,
  :data:`MAX_NODES` values in all, and every number finite.

Every refusal is a :class:`JsonRejected` naming the field (``axes[0].score``) or the line and
column. :func:`check` runs the same walk on data decoded elsewhere (a stored history record).
"""

from __future__ import annotations

import json
import math
import operator
import re
from itertools import accumulate, count
from pathlib import Path
from typing import Any

from popquiz.bank.safeio import read_regular

MAX_BYTES = 8 * 1024 * 1024  # the bank's file limit (bank.yamlsafe.MAX_BYTES; a test checks)
MAX_DEPTH = 64  # bank.yamlsafe.MAX_DEPTH; a result is about six levels deep
MAX_ITEMS = 10_000  # per list or object: bank.yamlsafe.MAX_ITEMS, the most questions a bank has
MAX_NODES = 500_000  # bank.yamlsafe.MAX_NODES
# A result's longest strings are a bank text (at most spec_values.MAX_TEXT, 2,000 characters)
# inside a sentence of popquiz's own ("You both lean toward …"): twice that leaves room for the
# sentence and refuses a 7 MB title long before anything renders it.
MAX_STRING = 4_000
MAX_DIGITS = 18  # an integer literal: a result's counts and years need four; 2**53 has 16
_BIG = 10**MAX_DIGITS
MAX_FLOAT_CHARS = 40  # a float literal, exponent included

# Escapes go first, then a string is quote to quote: each pass is linear. (One pattern for a
# string with its escapes would retry from every quote of an unterminated `"\"\"\"…`, which
# is quadratic.) A backslash outside a string is invalid JSON that the decoder refuses there.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_OPEN_CLOSE = str.maketrans({"[": "\x02", "{": "\x02", "]": "\x00", "}": "\x00"})


class JsonRejected(ValueError):
    """A JSON file (or value) popquiz will not read; :meth:`message` says where and why."""

    def __init__(
        self, reason: str, field: str = "", line: int | None = None, col: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason, self.field, self.line, self.col = reason, field, line, col

    def message(self, display: str) -> str:
        """``b.json: axes[0].score is not a finite number`` or ``b.json:1:2: …``."""
        if self.line is not None:
            return f"{display}:{self.line}:{self.col}: {self.reason}"
        if self.field:
            return f"{display}: {self.field} {self.reason}"
        return f"{display} {self.reason}"

    def __str__(self) -> str:
        return self.message("the value").removeprefix(": ")


class _Bad:
    """A number the decoder's hooks refused, kept in place until the walk names its field."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _int(literal: str) -> int | _Bad:
    digits = len(literal) - literal.startswith("-")
    if digits > MAX_DIGITS:
        return _Bad(
            f"is not a finite number ({digits:,} digits; popquiz reads at most {MAX_DIGITS})"
        )
    return int(literal)


def _float(literal: str) -> float | _Bad:
    if len(literal) > MAX_FLOAT_CHARS:
        return _Bad(
            f"is not a finite number ({len(literal):,} characters; at most {MAX_FLOAT_CHARS})"
        )
    value = float(literal)
    return value if math.isfinite(value) else _Bad(f"is not a finite number ({literal})")


def _constant(literal: str) -> _Bad:
    return _Bad(f"is not a finite number ({literal})")


def read_json(path: str | Path, max_bytes: int = MAX_BYTES) -> Any:
    """The checked JSON value of the regular file at ``path``. Raises
    :class:`~popquiz.bank.safeio.InputError` when it cannot be read (``size`` set when it is
    over ``max_bytes``) and :class:`JsonRejected` when its content is refused."""
    raw = read_regular(path, max_bytes)
    if len(raw) > max_bytes:
        raise JsonRejected(f"is larger than {max_bytes // (1024 * 1024)} MiB")
    return loads(raw)


def loads(raw: bytes | str) -> Any:
    """``raw`` decoded (UTF-8, an optional BOM dropped) and checked; :class:`JsonRejected`
    otherwise."""
    if isinstance(raw, bytes):
        try:
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRejected("is not UTF-8 text") from None
    else:
        text = raw
    if len(text) > MAX_BYTES:
        raise JsonRejected(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    outside = outside_strings(text)
    # Commas and opening brackets outside strings count the values (within a few), so a file
    # of millions of tiny values is refused before the decoder builds them.
    values = outside.count(",") + outside.count("[") + outside.count("{") + 1
    if values > MAX_NODES:
        raise JsonRejected(f"has more than {MAX_NODES:,} values")
    deepest = depth(outside)
    if deepest > MAX_DEPTH:
        raise JsonRejected(f"is nested too deeply ({deepest:,} levels; at most {MAX_DEPTH})")
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JsonRejected(f"not JSON ({exc.msg})", line=exc.lineno, col=exc.colno) from None
    check(value)
    return value


def outside_strings(text: str) -> str:
    """JSON ``text`` with every string emptied (``""``), in linear time."""
    return _STRING.sub('""', _ESCAPE.sub("", text))


def depth(text: str) -> int:
    """The deepest nesting of brackets in JSON ``text`` (0 for a scalar), counted without
    recursion; ``text`` as :func:`outside_strings` leaves it (or a bracket in a string counts)."""
    brackets = _NOT_BRACKET.sub("", text)
    if not brackets:
        return 0
    # An opening bracket counts 2 and a closing one 0: after k brackets the running sum minus
    # k is the depth there, and all of it runs in C.
    steps = brackets.translate(_OPEN_CLOSE).encode("ascii")
    deepest: int = max(map(operator.sub, accumulate(steps), count(1)))
    return max(0, deepest)


def check(value: Any) -> None:
    """Raise :class:`JsonRejected` naming the first field of ``value`` over a limit or not a
    finite number; walks with an explicit stack, so any depth is safe."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    nodes = 0
    while stack:
        item, where, level = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise JsonRejected(f"has more than {MAX_NODES:,} values")
        if isinstance(item, str):
            if len(item) > MAX_STRING:
                raise JsonRejected(_too_long(item), where)
        elif isinstance(item, _Bad):
            raise JsonRejected(item.reason, where)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise JsonRejected(f"is not a finite number ({item})", where)
        elif isinstance(item, int) and not -_BIG < item < _BIG:
            raise JsonRejected(f"is not a finite number (more than {MAX_DIGITS} digits)", where)
        elif isinstance(item, (dict, list)):
            if level >= MAX_DEPTH:
                raise JsonRejected(f"is nested too deeply (at most {MAX_DEPTH} levels)")
            if len(item) > MAX_ITEMS:
                raise JsonRejected(f"has {len(item):,} items, over the {MAX_ITEMS:,} limit", where)
            if isinstance(item, dict):
                for key, sub in reversed(item.items()):
                    inner = _key(where, key)
                    if isinstance(key, str) and len(key) > MAX_STRING:
                        raise JsonRejected(f"has a key of {len(key):,} characters", where)
                    stack.append((sub, inner, level + 1))
            else:
                stack.extend(
                    (sub, f"{where}[{i}]", level + 1) for i, sub in reversed(list(enumerate(item)))
                )


def _too_long(text: str) -> str:
    return f"is {len(text):,} characters long, over the {MAX_STRING:,}-character limit"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")


def _key(where: str, key: object) -> str:
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return f"{where}.{text}" if where else text
    from popquiz.text.charclass import printable

    shown = printable(
        json.dumps(text[:64] + ("…" if len(text) > 64 else ""), ensure_ascii=False, allow_nan=False)
    )
    return f"{where}[{shown}]"
