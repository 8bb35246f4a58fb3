"""Untrusted YAML text → plain Python data with the source position of every node (a located
:class:`Document`). Reading the file and decoding it to text is :mod:`popquiz.bank.safeio`'s job.

Banks come from strangers, so this reader is deliberately narrow. It works on PyYAML's *event
stream* (the libyaml C parser when available) and builds the data itself, iteratively, which
gives us what ``yaml.safe_load`` cannot:

- limits that bound time and memory for any input (see SECURITY.md, "Limits"): a size limit
  checked before parsing; nesting depth, items per list or mapping and values per file checked
  while parsing, stopping at the first excess (libyaml's recursive composer crashes on very
  deep documents; the parser itself is a state machine);
- duplicate keys, anchors, aliases and every tag rejected with their location (no alias
  bombs possible), and the forms the two parsers read differently (:mod:`.yamlform`);
- plain scalars resolved by the YAML 1.2 core schema, except that only decimal numbers are
  numbers: ``null``/``~``/empty, ``true``/``false`` (three spellings each), decimal integers
  and floats (``012`` is 12, ``1e3`` and ``-.5`` floats), ``.inf``/``.Inf``/``.INF`` and
  ``.nan``/``.NaN``/``.NAN``; everything else is text, so ``no``, ``on``, ``1:30`` and
  ``2024-01-02`` stay text, and so do ``0o14`` and ``0x1C``, which core would read as 12 and
  28: no field of a bank takes an octal or hex number, and text that looks like one (a
  code, a label) stays as written;
- control, direction-override and invisible characters refused in every string (the classes
  are :data:`popquiz.text.charclass.FORBIDDEN` and :data:`~popquiz.text.charclass.HIDDEN`);
- no exception but :class:`YamlRejected` for any text, whatever the parser does with it.
"""

from __future__ import annotations

from array import array
from typing import Any

from popquiz.bank import yamlform
from popquiz.bank.yamldoc import (
    CHILDREN,
    CONTAINER,
    FLOW,
    INDEX,
    KEYPOS,
    LIMIT,
    ORIGIN,
    PENDING,
    POSITIONS,
    ROOT_KEY,
    START,
    Document,
    PathKey,
    Pos,
    pack,
    unpack,
)
from popquiz.bank.yamlform import line_col as _line_col
from popquiz.bank.yamltext import NOT_TEXT_START, checked_text, may_hold_refused, resolve_plain
from popquiz.errors import Diagnostic
from popquiz.text.charclass import SURROGATE, describe_char

__all__ = ["Document", "PathKey", "Pos", "YamlRejected", "parse", "parse_pure"]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ITEMS = 10_000  # per list or mapping; at least spec.MAX_QUESTIONS (a test checks)
MAX_NODES = 500_000  # scalars, lists and mappings in one file
# Lists under these top-level keys hold fewer items than MAX_ITEMS (spec.MAX_ACTS; a test
# checks): counted while parsing, so a list far over the limit is refused before it is read.
ROOT_LISTS = {"acts": 2_000}
# PyYAML's pure-Python parser (used when libyaml is missing) is 10-20x slower, so it gets
# smaller limits that keep every input within about a second, like the C parser.
PURE_MAX_BYTES = 1024 * 1024
PURE_MAX_NODES = 50_000
MAX_DIAGNOSTICS = 100


class YamlRejected(Exception):
    """The text is not acceptable; ``diagnostics`` says where and why.

    ``document`` is the data read anyway when parsing could finish (the problems were
    duplicate keys, tags, aliases or control characters: those values are dropped, nulled or
    stripped), so a caller can go on checking it and report everything in one run; it is
    ``None`` when parsing stopped (syntax, encoding, size, depth).
    """

    def __init__(self, diagnostics: list[Diagnostic], document: Document | None = None) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics
        self.document = document


def _mib(size: int) -> str:
    return f"{size / 1048576:.1f} MiB"


def parse(text: str, display: str, max_depth: int = MAX_DEPTH) -> Document:
    """Parse one YAML document into a :class:`Document`, or raise YamlRejected."""
    import yaml

    loader_cls: Any = getattr(yaml, "CSafeLoader", None)
    if loader_cls is None:
        return _build(text, display, yaml.SafeLoader, max_depth, pure=True)
    return _build(text, display, loader_cls, max_depth, pure=False)


def parse_pure(text: str, display: str, max_depth: int = MAX_DEPTH) -> Document:
    """Like :func:`parse` but always with PyYAML's pure-Python parser (for tests)."""
    import yaml

    return _build(text, display, yaml.SafeLoader, max_depth, pure=True)


def _precheck(text: str, display: str, pure: bool) -> None:
    """Refuse, before parsing, text that no parser should see."""
    bad = None if text.isascii() else SURROGATE.search(text)
    if bad:  # only possible for text that did not come from decode()
        line, col = _line_col(text[: bad.start()])
        raise YamlRejected(
            [Diagnostic("E008", f"invalid character {describe_char(bad[0])}", display, line, col)]
        )
    if pure and len(text) > PURE_MAX_BYTES // 4:  # cheap: a char is at most 4 UTF-8 bytes
        size = len(text.encode("utf-8"))
        if size > PURE_MAX_BYTES:
            raise YamlRejected(
                [
                    Diagnostic(
                        "E002",
                        f"file is {_mib(size)}; without libyaml, popquiz reads files up to "
                        f"{PURE_MAX_BYTES // 1048576} MiB",
                        display,
                        help="install PyYAML with libyaml (the usual PyPI wheels include it) "
                        "to read files up to "
                        f"{MAX_BYTES // 1048576} MiB",
                    )
                ]
            )


def _build(text: str, display: str, loader_cls: Any, max_depth: int, *, pure: bool) -> Document:
    import yaml
    from yaml import events as ev

    _precheck(text, display, pure)
    refused = yamlform.precheck(text, display)
    if refused is not None:
        raise YamlRejected([refused])
    max_nodes = PURE_MAX_NODES if pure else MAX_NODES
    doc = Document(display, None)
    problems: list[Diagnostic] = []

    def add(code: str, message: str, packed: int, help: str = "") -> None:
        if len(problems) < MAX_DIAGNOSTICS:
            line, col = unpack(packed)
            problems.append(Diagnostic(code, message, display, line, col, help))

    stack: list[list[Any]] = []  # the frames of the open containers (see CONTAINER)
    documents = 0
    nodes = 0
    root: Any = None

    def place(value: Any, packed: int) -> int | None:
        """Attach a finished value to the current container; return its slot there (-1 for
        the root; None for a mapping key or a dropped value)."""
        nonlocal root
        if not stack:
            root = value
            doc.root_pos = unpack(packed)
            return -1
        frame = stack[-1]
        container = frame[CONTAINER]
        if container.__class__ is list:
            n = len(container)
            if n >= frame[LIMIT]:
                _too_long(add, frame, packed)
            container.append(value)
            frame[POSITIONS].append(packed)
            return n
        pending = frame[PENDING]
        index: dict[str, int] = frame[INDEX]
        if pending is None:  # this value is a key
            if value.__class__ is not str and value.__class__ is not _BadKey:
                add(
                    "E001",
                    f"mapping keys must be plain text, not {_describe_key(value)}",
                    packed,
                    'quote the key, e.g. "1": or "true":',
                )
                value = _BadKey(repr(value))
            first = index.get(value)
            if first is not None:
                if value.__class__ is str:
                    line = unpack(frame[KEYPOS][first])[0]
                    add(
                        "E004",
                        f"duplicate key {value!r} (first defined at line {line})",
                        packed,
                        "remove or rename one of them; YAML would silently keep only the last",
                    )
                frame[PENDING] = _DROP
                return None
            if len(index) >= MAX_ITEMS:
                add(
                    "E002",
                    f"mapping has more than {MAX_ITEMS:,} keys",
                    packed,
                    "no part of a bank needs this many; split the bank",
                )
                raise _Stop
            index[value] = len(index)
            frame[KEYPOS].append(packed)
            frame[POSITIONS].append(0)
            frame[PENDING] = value if value.__class__ is str else _DROP
            return None
        frame[PENDING] = None
        if pending is _DROP:
            return None
        slot = index[pending]
        container[pending] = value
        frame[POSITIONS][slot] = packed
        return slot

    def start(mapping: bool, packed: int, flow: bool) -> None:
        if len(stack) >= max_depth:
            add(
                "E003",
                f"nesting deeper than {max_depth} levels",
                packed,
                "a bank never needs this much nesting; flatten the structure",
            )
            raise _Stop
        parent = stack[-1] if stack else None
        if parent is not None and parent[PENDING] is None and parent[INDEX] is not None:
            add("E001", "mapping keys must be plain text, not a list or mapping", packed)
            raise _Stop
        key = parent[PENDING] if len(stack) == 1 else None  # type: ignore[index]
        limit = ROOT_LISTS.get(key, MAX_ITEMS) if key.__class__ is str else MAX_ITEMS
        frame: list[Any] = (
            [{}, None, flow, limit, packed, key, array("Q"), {}, array("Q"), None]
            if mapping
            else [[], None, flow, limit, packed, key, array("Q"), None, None, None]
        )
        slot = place(frame[CONTAINER], packed)
        if slot == -1:
            doc.index = frame
        elif slot is not None:
            children = parent[CHILDREN]  # type: ignore[index]
            if children is None:
                children = parent[CHILDREN] = {}  # type: ignore[index]
            children[slot] = frame
        stack.append(frame)

    scalar_event = ev.ScalarEvent
    mapping_start = ev.MappingStartEvent
    sequence_start = ev.SequenceStartEvent
    end_events = (ev.MappingEndEvent, ev.SequenceEndEvent)
    alias_event = ev.AliasEvent
    loader: Any = None
    packed = ORIGIN
    # Where each line starts, needed only to look around a '?', a '#' or a tab.
    questions, tabs, hashes = "?" in text, "\t" in text, "#" in text
    starts = yamlform.line_starts(text) if questions or tabs or hashes else []
    spans: list[yamlform.Span] = []  # quoted text and blocks of text, when there are tabs
    # Where a node that directly follows a '?' starts.
    after_question = (
        {pack(line + 1, col + 1) for line, col in yamlform.after_question_marks(text, starts)}
        if questions
        else set()
    )
    # A value holds a refused character only if the text does, or if an escape made it (only
    # double-quoted text has escapes): one search of the whole text spares one per value.
    every_text = may_hold_refused(text)
    escapes = "\\" in text
    finished = False
    try:
        loader = loader_cls(text)
        next_event = loader.get_event
        while (event := next_event()) is not None:
            cls = event.__class__
            mark = event.start_mark
            packed = ((mark.line << 32) | mark.column) + ORIGIN if mark is not None else ORIGIN
            if cls is scalar_event:
                nodes += 1
                if nodes > max_nodes:
                    _too_many(add, max_nodes, packed, pure)
                if event.anchor is not None:
                    _anchor(add, event.anchor, packed)
                tag = event.tag
                if tag is not None:
                    add(
                        "E006",
                        f"YAML tag {_shown(tag)!r} is not allowed",
                        packed,
                        "banks are plain data; remove the tag (quote the value for text)",
                    )
                    place(_BadKey(tag) if _expects_key(stack) else None, packed)
                    continue
                style = event.style
                if style:
                    if tabs:
                        end = event.end_mark
                        spans.append(
                            ((mark.line, mark.column), (end.line, end.column), style in "|>")
                        )
                    if (
                        hashes
                        and style in "|>"
                        and yamlform.block_header(text, starts, mark.line, mark.column)
                    ):
                        add(
                            "E001",
                            f"a comment must be separated from '{style}' by a space",
                            packed,
                            f"write '{style} # ...' or move the comment",
                        )
                frame = stack[-1] if stack else None
                value: Any = event.value
                if questions and frame is not None and frame[FLOW]:
                    if not style and "?" in value:  # plain: None, or "" (libyaml)
                        add(
                            "E001",
                            "'?' in unquoted text inside [...] or {...}",
                            packed,
                            'quote the text, e.g. {en: "Do you?"}; YAML parsers disagree on it',
                        )
                    elif (
                        packed in after_question
                        and frame[PENDING] is None
                        and frame[INDEX] is not None
                    ):
                        add(
                            "E001",
                            "'?' right before a word inside [...] or {...} makes the word a "
                            "mapping key and drops the '?'",
                            packed - 1,
                            'quote the text, e.g. ["?maybe", no]; for a key, write "? key"',
                        )
                if event.implicit[0] and value[:1] in NOT_TEXT_START:
                    value = resolve_plain(value)
                if (every_text or (escapes and style == '"')) and value.__class__ is str:
                    value = checked_text(value, packed, add)
                # The common cases of place(), inline: this runs for every value in the file.
                if frame is None:
                    place(value, packed)
                    continue
                container = frame[CONTAINER]
                if container.__class__ is list:
                    if len(container) >= frame[LIMIT]:
                        _too_long(add, frame, packed)
                    container.append(value)
                    frame[POSITIONS].append(packed)
                    continue
                pending = frame[PENDING]
                if pending is None:
                    index = frame[INDEX]
                    if value.__class__ is str and value not in index and len(index) < MAX_ITEMS:
                        index[value] = len(index)
                        frame[KEYPOS].append(packed)
                        frame[POSITIONS].append(0)
                        frame[PENDING] = value
                    else:
                        place(value, packed)
                elif pending is _DROP:
                    frame[PENDING] = None
                else:
                    frame[PENDING] = None
                    container[pending] = value
                    frame[POSITIONS][-1] = packed  # the key just placed holds the last slot
            elif cls in end_events:
                stack.pop()
            elif cls is mapping_start or cls is sequence_start:
                nodes += 1
                if nodes > max_nodes:
                    _too_many(add, max_nodes, packed, pure)
                if event.anchor is not None:
                    _anchor(add, event.anchor, packed)
                if event.tag is not None:
                    add(
                        "E006",
                        f"YAML tag {_shown(event.tag)!r} is not allowed",
                        packed,
                        "remove the tag",
                    )
                parent = stack[-1] if len(stack) > 1 else None
                if (
                    parent is None
                    or len(stack) >= max_depth
                    or (parent[PENDING] is None and parent[INDEX] is not None)
                ):
                    start(cls is mapping_start, packed, bool(event.flow_style))
                    continue
                # What start() and place() do for a container nested below the root's own
                # values, inline: this runs for every list and mapping in the file.
                frame = (
                    [
                        {},
                        None,
                        event.flow_style,
                        MAX_ITEMS,
                        packed,
                        None,
                        array("Q"),
                        {},
                        array("Q"),
                        None,
                    ]
                    if cls is mapping_start
                    else [
                        [],
                        None,
                        event.flow_style,
                        MAX_ITEMS,
                        packed,
                        None,
                        array("Q"),
                        None,
                        None,
                        None,
                    ]
                )
                container = parent[CONTAINER]
                if container.__class__ is list:
                    slot = len(container)
                    if slot >= parent[LIMIT]:
                        _too_long(add, parent, packed)
                    container.append(frame[CONTAINER])
                    parent[POSITIONS].append(packed)
                else:
                    pending = parent[PENDING]
                    parent[PENDING] = None
                    if pending is _DROP:
                        stack.append(frame)
                        continue
                    container[pending] = frame[CONTAINER]
                    positions = parent[POSITIONS]
                    positions[-1] = packed  # the key just placed holds the last slot
                    slot = len(positions) - 1
                if parent[CHILDREN] is None:
                    parent[CHILDREN] = {}
                parent[CHILDREN][slot] = frame
                stack.append(frame)
            elif cls is alias_event:
                add(
                    "E005",
                    f"alias *{event.anchor} is not allowed",
                    packed,
                    "write the value out in full; anchors and aliases are not supported in banks",
                )
                place(_BadKey("*") if _expects_key(stack) else None, packed)
            elif cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    add("E001", "more than one YAML document in the file", packed, "remove '---'")
                    raise _Stop
        finished = True
        stray = yamlform.stray_tab(text, starts, spans) if tabs else None
        if stray is not None:
            add(
                "E001",
                "tab outside quoted text: YAML parsers disagree about tabs used as spaces",
                pack(*stray),
                'use spaces; inside text, write "\\t" in double quotes',
            )
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = pack(m.line + 1, m.column + 1) if m is not None else packed
        problem = exc.problem or str(exc)
        if "maximum nesting depth" in problem:
            # The libyaml in newer PyYAML wheels (seen with 6.0.4) has a flow-nesting limit of
            # its own, which its look-ahead can hit before our check sees level 65.
            add(
                "E003",
                f"nesting deeper than {max_depth} levels",
                where,
                "a bank never needs this much nesting; flatten the structure",
            )
        elif "\\t" in problem or "tab" in problem or yamlform.tab_indented(text, m):
            add("E001", f"YAML syntax error: {problem}", where, "indent with spaces, not tabs")
        else:
            hint = "check the indentation and quoting around this position"
            add("E001", f"YAML syntax error: {problem}", where, hint)
    except yaml.YAMLError as exc:  # reader errors: special characters in the stream
        message, (line, col), hint = yamlform.reader_problem(exc, text, pure)
        add("E007", message, pack(line, col), hint)
    except (ValueError, OverflowError) as exc:
        # PyYAML's pure-Python scanner lets a few of these escape (e.g. chr() of the escape
        # "\U00110000"); they are still a problem in the file, not a bug here.
        if hasattr(loader, "line"):
            packed = pack(loader.line + 1, loader.column + 1)
        add("E001", f"YAML syntax error: {exc}", packed, "check the escapes in quoted text")
    except RecursionError:  # defensive: the parsers are iterative, but never crash
        add("E003", "document nested too deeply", packed)
    finally:
        if loader is not None:
            loader.dispose()
    doc.data = root
    if problems:
        raise YamlRejected(problems, doc if finished else None)
    return doc


def _shown(tag: str) -> str:
    """A tag as it was most likely written: ``!!str`` rather than its expanded form."""
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag


def _anchor(add: Any, name: str, packed: int) -> None:
    add(
        "E005",
        f"anchor &{name} is not allowed",
        packed,
        "remove it (quote the value if '&' belongs to the text); anchors and aliases are not "
        "supported in banks",
    )


def _too_long(add: Any, frame: list[Any], packed: int) -> None:
    limit = frame[LIMIT]
    if limit == MAX_ITEMS:
        add(
            "E002",
            f"list has more than {MAX_ITEMS:,} items",
            packed,
            "no part of a bank needs this many; split the bank",
        )
    else:  # a top-level list with a limit of its own, e.g. acts: reported where the list starts
        add(
            "E103",
            f"{frame[ROOT_KEY]}: more than {limit:,} items; a bank or catalogue holds at most "
            f"{limit:,}",
            frame[START],
            "keep the ones that matter most, or split them across banks",
        )
    raise _Stop


def _too_many(add: Any, max_nodes: int, packed: int, pure: bool) -> None:
    add(
        "E002",
        f"file has more than {max_nodes:,} values",
        packed,
        "a bank never needs this many; split it"
        + (" (or install PyYAML with libyaml for a higher limit)" if pure else ""),
    )
    raise _Stop


def _expects_key(stack: list[list[Any]]) -> bool:
    return bool(stack) and stack[-1][INDEX] is not None and stack[-1][PENDING] is None


def _describe_key(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return repr(value)


class _BadKey(str):
    """A key that was reported already (non-text, tagged, alias); its value is dropped."""

    __slots__ = ()


class _Stop(Exception):
    pass


_DROP = object()
