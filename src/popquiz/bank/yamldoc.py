"""The located document a parse gives (:class:`Document`): plain data, and where in the file
each value and each mapping key came from.

The reader (:mod:`popquiz.bank.yamlsafe`) keeps one *frame* per list or mapping while it
parses: a plain list (an object per container would cost more, and a 10,000-question bank has
100,000 containers), kept afterwards as the index of the positions in that container. Positions
are packed into one int each (line and column), a few bytes per value whatever the depth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from popquiz.errors import Diagnostic

PathKey = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line, column


@dataclass
class Document:
    """Parsed data plus where each value (and each mapping key) came from.

    Positions found while parsing live in a compact index (a few bytes per value, whatever
    the depth); ``values`` and ``keys`` may add or override positions by path.
    """

    path: str
    data: Any
    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)
    index: list[Any] | None = field(default=None, repr=False, compare=False)  # the root's frame
    root_pos: Pos = (1, 1)

    def pos(self, loc: PathKey, *, key: bool = False) -> Pos:
        """The position of ``loc``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.values:
                return self.values[loc[:cut]]
        return self._indexed(loc, key)

    def _indexed(self, loc: PathKey, key: bool) -> Pos:
        best = self.root_pos
        node = self.index
        last = len(loc) - 1
        for i, part in enumerate(loc):
            if node is None:
                break
            slot = _slot(node, part)
            if slot is None:
                break
            if key and i == last and node[KEYPOS] is not None:
                return unpack(node[KEYPOS][slot])
            packed = node[POSITIONS][slot]
            if not packed:
                break
            best = unpack(packed)
            children = node[CHILDREN]
            node = children.get(slot) if children is not None else None
        return best

    def diag(
        self, code: str, message: str, loc: PathKey, help: str = "", *, key: bool = False
    ) -> Diagnostic:
        line, col = self.pos(loc, key=key)
        return Diagnostic(code, message, self.path, line, col, help)


# While parsing, each open list or mapping has a frame: a plain list (cheaper to make than an
# object, and there is one per container), kept afterwards as the index of the positions in
# it. Its slots:
CONTAINER = 0  # the list or dict being filled
PENDING = 1  # in a mapping: the key awaiting its value (or the reader's marker for a dropped
# key), None between pairs
FLOW = 2  # written in flow style ([...] or {...})
LIMIT = 3  # the most items it may hold
START = 4  # where it starts (packed)
ROOT_KEY = 5  # its key in the root mapping, None deeper down
POSITIONS = 6  # packed position of each item (of each key's value, in a mapping), 0: unknown
INDEX = 7  # in a mapping: key → slot, keys in first-seen order; None in a list
KEYPOS = 8  # in a mapping: packed position of each key; None in a list
CHILDREN = 9  # slot → the frame of a nested container there, None until there is one


def _slot(frame: list[Any], part: str | int) -> int | None:
    index = frame[INDEX]
    if index is not None:
        found: int | None = index.get(part) if isinstance(part, str) else None
        return found
    if isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(frame[POSITIONS]):
        return part
    return None


def pack(line: int, col: int) -> int:
    return (line << 32) | col


ORIGIN = pack(1, 1)


def unpack(packed: int) -> Pos:
    return (packed >> 32, packed & 0xFFFFFFFF)
