"""Untrusted YAML → plain Python data with the source position of every node.

Banks come from strangers, so this reader is deliberately narrow. It works on PyYAML's *event
stream* (the libyaml C parser when available) and builds the data itself, iteratively, which
gives us what ``yaml.safe_load`` cannot:

- a size limit checked before parsing and a nesting limit checked while parsing (libyaml's
  recursive composer crashes on very deep documents; the parser itself is a state machine);
- duplicate keys, aliases and tags rejected with their location (no alias bombs possible);
- a YAML 1.2-style core schema: only ``true``/``false`` are booleans and only plain numbers are
  numbers, so ``no``, ``on``, ``1:30`` and ``2024-01-02`` stay text;
- control characters (C0 except tab/newline, DEL, C1, bidi overrides) refused in every string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from popquiz.errors import Diagnostic

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_DIAGNOSTICS = 100

PathKey = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line, column

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = {"tag:yaml.org,2002:str", "!"}


@dataclass
class Document:
    """Parsed data plus where each value (and each mapping key) came from."""

    path: str
    data: Any
    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def pos(self, loc: PathKey, *, key: bool = False) -> Pos:
        """The position of ``loc``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.values:
                return self.values[loc[:cut]]
        return (1, 1)

    def diag(
        self, code: str, message: str, loc: PathKey, help: str = "", *, key: bool = False
    ) -> Diagnostic:
        line, col = self.pos(loc, key=key)
        return Diagnostic(code, message, self.path, line, col, help)


class YamlRejected(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


def describe_char(ch: str) -> str:
    names = {"\x1b": "ESC", "\x00": "NUL", "\x7f": "DEL", "\x9b": "CSI", "\x9d": "OSC"}
    name = names.get(ch)
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def read_text(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 text within the size limit, or raise YamlRejected."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlRejected(
                [
                    Diagnostic(
                        "E002",
                        f"file is {size / 1048576:.1f} MiB, over the {max_bytes // 1048576} MiB "
                        "limit",
                        shown,
                        help="split the bank or shorten it; the limit protects takers' machines",
                    )
                ]
            )
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise YamlRejected(
            [Diagnostic("E010", f"cannot read file: {exc.strerror or exc}", shown)]
        ) from None
    if len(raw) > max_bytes:
        raise YamlRejected(
            [Diagnostic("E002", f"file is over the {max_bytes // 1048576} MiB limit", shown)]
        )
    return decode(raw, shown)


def decode(raw: bytes, display: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlRejected(
            [
                Diagnostic(
                    "E008",
                    "file is UTF-16; banks must be UTF-8",
                    display,
                    help="re-save the file as UTF-8 (without BOM) in your editor",
                )
            ]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise YamlRejected(
            [
                Diagnostic(
                    "E008",
                    f"invalid UTF-8 (byte 0x{raw[exc.start]:02X})",
                    display,
                    line,
                    col,
                    "re-save the file as UTF-8",
                )
            ]
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text[:nul], nul)
        raise YamlRejected(
            [
                Diagnostic(
                    "E007",
                    "NUL byte in file",
                    display,
                    line,
                    col,
                    "a text file never contains NUL; is this a binary file?",
                )
            ]
        )
    return text


def _line_col(before: str, _offset: int) -> Pos:
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return line, col


def _resolve_plain(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    lowered = value.lower()
    if lowered in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[lowered]
    return value


def parse(text: str, display: str, max_depth: int = MAX_DEPTH) -> Document:
    """Parse one YAML document into a :class:`Document`, or raise YamlRejected."""
    import yaml

    loader_cls: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return _build(text, display, loader_cls, max_depth)


def parse_pure(text: str, display: str, max_depth: int = MAX_DEPTH) -> Document:
    """Like :func:`parse` but always with PyYAML's pure-Python parser (for tests)."""
    import yaml

    return _build(text, display, yaml.SafeLoader, max_depth)


def _build(text: str, display: str, loader_cls: Any, max_depth: int) -> Document:
    import yaml
    from yaml import events as ev

    doc = Document(display, None)
    problems: list[Diagnostic] = []

    def add(code: str, message: str, pos: Pos, help: str = "") -> None:
        if len(problems) < MAX_DIAGNOSTICS:
            problems.append(Diagnostic(code, message, display, pos[0], pos[1], help))

    # Each frame: [container, path, pending key or None, key position, key first-seen table]
    stack: list[list[Any]] = []
    documents = 0
    root: Any = None

    def place(value: Any, pos: Pos) -> PathKey | None:
        """Attach a finished value to the current container; return its path."""
        nonlocal root
        if not stack:
            root = value
            doc.values[()] = pos
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            loc = (*path, len(container))
            container.append(value)
            doc.values[loc] = pos
            return loc
        if frame[2] is None:  # this value is a key
            if not isinstance(value, str):
                add("E001", "mapping keys must be plain text", pos)
                value = repr(value)
            seen: dict[str, Pos] = frame[4]
            if value in seen:
                first = seen[value]
                add(
                    "E004",
                    f"duplicate key {value!r} (first defined at line {first[0]})",
                    pos,
                    "remove or rename one of them; YAML would silently keep only the last",
                )
                frame[2] = _DUPLICATE
            else:
                seen[value] = pos
                frame[2] = value
                doc.keys[(*path, value)] = pos
            return None
        key = frame[2]
        frame[2] = None
        if key is _DUPLICATE:
            return None
        loc = (*path, key)
        container[key] = value
        doc.values[loc] = pos
        return loc

    def start(container: Any, pos: Pos) -> None:
        if len(stack) >= max_depth:
            add(
                "E003",
                f"nesting deeper than {max_depth} levels",
                pos,
                "a bank never needs this much nesting; flatten the structure",
            )
            raise _Stop
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            add("E001", "mapping keys must be plain text, not a list or mapping", pos)
            raise _Stop
        loc = place(container, pos)
        if loc is None:  # value of a duplicate key: parse it, then drop it
            loc = (*stack[-1][1], "\x00dup")
        stack.append([container, loc, None, None, {}])

    try:
        for event in yaml.parse(text, Loader=loader_cls):
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, ev.ScalarEvent):
                tag = event.tag
                if tag is not None and tag not in _STR_TAGS:
                    add(
                        "E006",
                        f"YAML tag {tag!r} is not allowed",
                        pos,
                        "banks are plain data; remove the tag (quote the value for text)",
                    )
                    place(None, pos)
                    continue
                value: Any = event.value
                if event.implicit[0] and tag is None:
                    value = _resolve_plain(value)
                if isinstance(value, str):
                    bad = _FORBIDDEN.search(value)
                    if bad:
                        add(
                            "E007",
                            f"control or direction-override character {describe_char(bad[0])} "
                            "in text",
                            pos,
                            "remove it; bank text is shown as plain text and may not steer the "
                            "terminal",
                        )
                        value = _FORBIDDEN.sub("", value)
                place(value, pos)
            elif isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
                if event.tag is not None and event.tag not in (
                    "tag:yaml.org,2002:map",
                    "tag:yaml.org,2002:seq",
                ):
                    add("E006", f"YAML tag {event.tag!r} is not allowed", pos, "remove the tag")
                start({} if isinstance(event, ev.MappingStartEvent) else [], pos)
            elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
                stack.pop()
            elif isinstance(event, ev.AliasEvent):
                add(
                    "E005",
                    f"alias *{event.anchor} is not allowed",
                    pos,
                    "write the value out in full; anchors and aliases are not supported in banks",
                )
                place(None, pos)
            elif isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    add("E001", "more than one YAML document in the file", pos, "remove '---'")
                    raise _Stop
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        pos = (m.line + 1, m.column + 1) if m is not None else (1, 1)
        problem = exc.problem or str(exc)
        hint = ""
        if "\t" in problem or "tab" in problem:
            hint = "indent with spaces, not tabs"
        else:
            hint = "check the indentation and quoting around this position"
        add("E001", f"YAML syntax error: {problem}", pos, hint)
    except yaml.YAMLError as exc:  # reader errors: special characters in the stream
        position = getattr(exc, "position", 0) or 0
        line, col = _line_col(text[:position], position)
        reason = getattr(exc, "reason", None) or str(exc)
        char = getattr(exc, "character", None)
        what = f" {describe_char(char)}" if isinstance(char, str) else ""
        add(
            "E007",
            f"character{what} is not allowed in YAML ({reason})",
            (line, col),
            "remove it",
        )
    except RecursionError:  # defensive: the parsers are iterative, but never crash
        add("E003", "document nested too deeply", (1, 1))
    if problems:
        raise YamlRejected(problems)
    doc.data = root
    return doc


class _Stop(Exception):
    pass


_DUPLICATE = object()
