"""Load and check a bank: safe YAML → located data → model, reporting every problem at once.

Checks run in three layers, all of which report (so one run shows everything):
1. the YAML reader (``yamlsafe``): syntax, size, depth, duplicate keys, aliases, tags,
   control characters;
2. the pydantic model: types, required and unknown keys (with "did you mean");
3. cross-references on the raw data: duplicate ids, undeclared axes, conditions, profiles,
   languages, scenes.
"""

from __future__ import annotations

import difflib
import gc
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, get_args, get_origin

from popquiz.bank.kinds import CATALOGUE, DECLARATION
from popquiz.bank.safeio import kind, resolved
from popquiz.bank.yamlsafe import (
    Document,
    PathKey,
    YamlRejected,
    decode,
    parse,
    parse_pure,
    read_bytes,
)
from popquiz.errors import BankError, Diagnostic

if TYPE_CHECKING:
    from popquiz.bank.model import Bank

_QUESTION_TAGS = {"choice", "likert"}


class _Sources:
    """Locates a data path in the bank file or, under ``acts``, in its catalogue file."""

    def __init__(self, bank: Document, catalogue: Document | None = None) -> None:
        self.bank = bank
        self.catalogue = catalogue

    def diag(
        self, code: str, message: str, loc: PathKey, help: str = "", *, key: bool = False
    ) -> Diagnostic:
        if self.catalogue is not None and loc[:1] == ("acts",):
            return self.catalogue.diag(code, message, loc, help, key=key)
        return self.bank.diag(code, message, loc, help, key=key)


def load_bank(path: str | Path, *, pure_python: bool = False) -> Bank:
    """Load a bank file; raise :class:`BankError` listing every problem if it is invalid."""
    bank, problems = check_bank(path, pure_python=pure_python)
    if bank is None:
        raise BankError(problems)
    return bank


def check_bank(
    path: str | Path, *, display: str | None = None, pure_python: bool = False
) -> tuple[Bank | None, list[Diagnostic]]:
    """Return ``(bank or None, diagnostics)``; never raises for a bad bank."""
    return _check_file(Path(path), display, pure_python).result()


def check_data(
    path: str | Path, *, display: str | None = None, pure_python: bool = False
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """:func:`check_bank`, returning the checked bank as plain data (``spec.Bank.model_dump()``,
    what :meth:`popquiz.bank.model.Bank.from_data` takes) for callers that only report on it."""
    check = _check_file(Path(path), display, pure_python)
    return check.data, check.problems


def _check_file(path: Path, display: str | None, pure_python: bool) -> Checked:
    shown = display or str(path)
    try:
        raw = read_bytes(path, shown)
    except YamlRejected as exc:
        return Checked(None, exc.diagnostics)
    return check_bytes(raw, shown, path.parent, pure_python=pure_python)


def check_text(
    text: str,
    display: str = "<input>",
    *,
    base_dir: Path | None = None,
    pure_python: bool = False,
) -> tuple[Bank | None, list[Diagnostic]]:
    """Check a bank's text (see :func:`check_bank`); return ``(bank or None, diagnostics)``."""
    with _paused_gc():
        return _check_text(text, display, base_dir=base_dir, pure_python=pure_python).result()


class Checked(NamedTuple):
    """What checking a bank found: its data if it passed, every problem, the files it read."""

    data: dict[str, Any] | None  # the validated bank as plain data, None if it has problems
    problems: list[Diagnostic]
    depends: Sequence[tuple[str, bytes]] = ()  # files read besides the bank: (name, bytes)

    def result(self) -> tuple[Bank | None, list[Diagnostic]]:
        """``(runtime bank, [])`` if it passed, else ``(None, problems)``."""
        if self.data is None:
            return None, self.problems
        from popquiz.bank.model import Bank

        return Bank.from_data(self.data), []


def check_bytes(raw: bytes, display: str, base_dir: Path, *, pure_python: bool = False) -> Checked:
    """Check a bank file's bytes (``display`` names it in messages; its ``catalogue:`` is read
    relative to ``base_dir``). The compiled-bank cache calls this after a miss."""
    try:
        text = decode(raw, display)
    except YamlRejected as exc:
        return Checked(None, exc.diagnostics)
    with _paused_gc():
        return _check_text(text, display, base_dir=base_dir, pure_python=pure_python)


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Loading builds hundreds of thousands of small containers and no reference cycles; the
    cyclic collector would rescan them again and again (half the time of a 10,000-question
    bank). Reference counting still frees everything."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check_text(
    text: str,
    display: str = "<input>",
    *,
    base_dir: Path | None = None,
    pure_python: bool = False,
) -> Checked:
    parsed = _parse(text, display, pure_python)
    if isinstance(parsed, Checked):
        return parsed
    return _check_doc(*parsed, base_dir=base_dir, pure_python=pure_python)


def _parse(
    text: str, display: str, pure_python: bool
) -> Checked | tuple[Document, list[Diagnostic]]:
    """The parsed document and the reader's problems, or a failed :class:`Checked` when
    parsing stopped (nothing more to check)."""
    parser = parse_pure if pure_python else parse
    try:
        return parser(text, display), []
    except YamlRejected as exc:
        if exc.document is None:  # parsing stopped: nothing more to check
            return Checked(None, exc.diagnostics)
        # Duplicate keys, tags, aliases, control characters: report them, and go on checking
        # the rest so one run shows every problem.
        return exc.document, exc.diagnostics


def _check_doc(
    doc: Document,
    yaml_problems: list[Diagnostic],
    *,
    base_dir: Path | None = None,
    pure_python: bool = False,
) -> Checked:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        return Checked(
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
        )
    data: dict[str, Any] = doc.data
    sources = _Sources(doc)
    problems: list[Diagnostic] = list(yaml_problems)
    depends: list[tuple[str, bytes]] = []

    catalogue = data.get("catalogue")
    if isinstance(catalogue, str):
        cat_doc, cat_problems, cat_raw = _load_catalogue(catalogue, doc, base_dir, pure_python)
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
                sources = _Sources(doc, cat_doc)

    from pydantic import ValidationError

    from popquiz.bank.spec import Bank as Format

    checked = None
    try:
        checked = Format.model_validate(data)
    except ValidationError as exc:
        problems += _schema_problems(exc, data, sources)
    problems += list(_cross_check(data, sources))
    if problems or checked is None:
        return Checked(None, _dedupe(problems))
    return Checked(checked.model_dump(), [], depends)


def _load_catalogue(
    name: str, doc: Document, base_dir: Path | None, pure_python: bool
) -> tuple[Document | None, list[Diagnostic], bytes | None]:
    """(the catalogue, its problems, its bytes if they could be read)."""
    loc: PathKey = ("catalogue",)
    if base_dir is None:
        return None, [doc.diag("E211", "a catalogue needs a bank loaded from a file", loc)], None
    target = resolved(base_dir / name)
    root = resolved(base_dir)
    if Path(name).is_absolute() or not target.is_relative_to(root):
        problem = doc.diag(
            "E211",
            f"catalogue {name!r} is outside the bank's folder",
            loc,
            "use a path relative to the bank, inside its folder",
        )
        return None, [problem], None
    if kind(target) == "missing":
        return None, [doc.diag("E211", f"catalogue file {name!r} not found", loc)], None
    shown = str(Path(doc.path).parent / name) if doc.path != "<input>" else name
    raw = None
    try:
        raw = read_bytes(target, shown)
        cat = (parse_pure if pure_python else parse)(decode(raw, shown), shown)
    except YamlRejected as exc:
        return None, exc.diagnostics, raw
    if not isinstance(cat.data, dict) or not isinstance(cat.data.get("acts"), list):
        problem = cat.diag("E211", "a catalogue must be a mapping with an `acts:` list", ())
        return None, [problem], raw
    problems = _catalogue_keys(cat)
    return (None if problems else cat), problems, raw


def _catalogue_keys(cat: Document) -> list[Diagnostic]:
    """Top-level keys a catalogue may not have, and a ``kind`` that is not ``catalogue``."""
    from popquiz.bank.spec import Catalogue

    allowed = list(Catalogue.model_fields)
    out = []
    for key in cat.data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            out.append(
                cat.diag(
                    "E101",
                    f"unknown key {key!r} in catalogue",
                    (key,),
                    (f"did you mean {close[0]!r}? " if close else "")
                    + "allowed here: "
                    + ", ".join(allowed),
                    key=True,
                )
            )
    declared = cat.data.get("kind", CATALOGUE)
    if declared != CATALOGUE:
        out.append(
            cat.diag(
                "E211",
                f"a bank's catalogue must declare `kind: catalogue`, not {declared!r}",
                ("kind",),
            )
        )
    return out


OLD_CATALOGUE_HELP = (
    f"add the line `{DECLARATION}` at the top of the file; catalogues without it are read "
    "for now, but the declaration is what tells `validate`, `list` and discovery what the file is"
)


def check_catalogue(
    path: str | Path, *, display: str | None = None, pure_python: bool = False
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Check an act catalogue on its own: keys, ids, names and texts, profile values, and its
    declared languages (if it declares any). Returns ``(data or None, diagnostics)``; the
    diagnostics may include warnings (an old catalogue without ``kind: catalogue``: W201) even
    when the data is returned. Axes and scenes are checked by each bank that uses it."""
    shown = display or str(path)
    try:
        text = decode(read_bytes(Path(path), shown), shown)
    except YamlRejected as exc:
        return None, exc.diagnostics
    with _paused_gc():
        parsed = _parse(text, shown, pure_python)
        if isinstance(parsed, Checked):
            return None, parsed.problems
        return _check_catalogue_doc(*parsed)


def _check_catalogue_doc(
    doc: Document, yaml_problems: list[Diagnostic]
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    data = doc.data
    problems = list(yaml_problems)
    if not isinstance(data, dict) or not isinstance(data.get("acts"), list):
        problems.append(doc.diag("E211", "a catalogue must be a mapping with an `acts:` list", ()))
        return None, problems
    warnings = []
    if "kind" not in data:
        warnings.append(
            doc.diag(
                "W201", f"this catalogue does not declare `{DECLARATION}`", (), OLD_CATALOGUE_HELP
            )._replace(severity="warning")
        )
    from pydantic import ValidationError

    from popquiz.bank.spec import Catalogue

    src = _Sources(doc)
    checked = None
    try:
        checked = Catalogue.model_validate({"kind": CATALOGUE, **data})
    except ValidationError as exc:
        problems += _schema_problems(exc, data, src, root=Catalogue)
    problems += list(_duplicates(_items(data, "acts"), "act", src))
    if data.get("languages"):
        problems += list(_check_languages(data, src))
    problems = _dedupe(problems)
    if problems or checked is None:
        return None, problems + warnings
    return checked.model_dump(), warnings


# --- schema errors ------------------------------------------------------------------------


def _schema_problems(
    exc: Any, data: dict[str, Any], sources: _Sources, root: Any = None
) -> list[Diagnostic]:
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
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else ""
            if allowed:
                hint = (hint + " " if hint else "") + "allowed here: " + ", ".join(allowed)
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
            out.append(sources.diag("E103", f"{_dotted(loc)}: {msg}", loc, hint))
    return out


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


def _dotted(loc: PathKey) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "bank"


def _where(loc: PathKey) -> str:
    return f" in {_dotted(loc)}" if loc else ""


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


# --- cross-references ---------------------------------------------------------------------


def _cross_check(data: dict[str, Any], src: _Sources) -> Iterator[Diagnostic]:
    axes = _items(data, "axes")
    questions = _items(data, "questions")
    outcomes = _items(data, "outcomes")
    acts = _items(data, "acts")

    yield from _duplicates(axes, "axis", src)
    yield from _duplicates(questions, "question", src)
    yield from _duplicates(outcomes, "outcome", src)
    yield from _duplicates(acts, "act", src)

    axis_ids = list(dict.fromkeys(a["id"] for _, a in axes if isinstance(a.get("id"), str)))
    axis_set = set(axis_ids)

    def unknown_axis(name: str, loc: PathKey, what: str) -> Diagnostic:
        close = difflib.get_close_matches(name, axis_ids, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return src.diag(
            "E202",
            f"{what} names axis {name!r}, which is not declared",
            loc,
            hint + "declared axes: " + ", ".join(axis_ids),
            key=True,
        )

    # Questions: weights, likert axes, conditions.
    seen: dict[str, tuple[int, Any]] = {}
    for loc, q in questions:
        qid = q.get("id")
        kind = q.get("kind", "choice")
        if kind == "likert":
            axis = q.get("axis")
            if isinstance(axis, str) and axis_set and axis not in axis_set:
                yield unknown_axis(axis, (*loc, "axis"), "likert statement")
        answers = _items(q, "answers", loc)
        if kind != "likert":
            yield from _duplicates(answers, "answer", src, f" in question {qid!r}")
            for aloc, answer in answers:
                weights = answer.get("weights")
                if isinstance(weights, dict) and axis_set:
                    for axis in weights:
                        if axis not in axis_set:
                            yield unknown_axis(axis, (*aloc, "weights", axis), "answer weight")
        yield from _check_conditions(q, loc, seen, src, data)
        if isinstance(qid, str):
            seen.setdefault(qid, (len(seen), q))

    # Profiles.
    for group, items in (("outcome", outcomes), ("act", acts)):
        for loc, item in items:
            profile = item.get("profile")
            if not isinstance(profile, dict) or not axis_set:
                continue
            for axis in profile:
                if axis not in axis_set:
                    yield unknown_axis(axis, (*loc, "profile", axis), f"{group} profile")
            unknown = [str(a) for a in profile if a not in axis_set]
            # A misspelt axis is one mistake: E202 says "did you mean", no E206 for it too.
            missing = [
                a
                for a in axis_ids
                if a not in profile and not difflib.get_close_matches(a, unknown, n=1, cutoff=0.6)
            ]
            if missing:
                yield src.diag(
                    "E206",
                    f"{group} {item.get('id')!r} has no position on axis "
                    + ", ".join(repr(m) for m in missing),
                    (*loc, "profile"),
                    "give every axis a position from -1 to 1 (0 = neutral)",
                )

    # Outcomes: one balanced at most; acts' scenes.
    balanced = [loc for loc, o in outcomes if o.get("balanced") is True]
    for loc in balanced[1:]:
        yield src.diag(
            "E212",
            "more than one outcome is marked balanced",
            (*loc, "balanced"),
            "only one outcome can win near-ties",
        )
    scenes = _items(data, "scenes")
    yield from _duplicates(scenes, "scene", src)
    scene_ids = [s["id"] for _, s in scenes if isinstance(s.get("id"), str)]

    def unknown_scene(scene: str, what: str, loc: PathKey) -> Diagnostic:
        close = difflib.get_close_matches(scene, scene_ids, n=1, cutoff=0.6)
        return src.diag(
            "E208",
            f"{what} names scene {scene!r}, which is not declared",
            loc,
            (f"did you mean {close[0]!r}? " if close else "")
            + "declared scenes: "
            + ", ".join(scene_ids),
        )

    if not isinstance(data.get("scenes"), list):
        # No declared scenes: each outcome is a scene of its own, named by its id.
        scene_ids = [o["id"] for _, o in outcomes if isinstance(o.get("id"), str)]
    for loc, act in acts:
        scene = act.get("scene")
        if isinstance(scene, str) and scene_ids and scene not in scene_ids:
            yield unknown_scene(scene, f"act {act.get('id')!r}", (*loc, "scene"))
    for loc, outcome in outcomes:
        scene = outcome.get("scene")
        if isinstance(scene, str) and scene not in scene_ids:
            yield unknown_scene(scene, f"outcome {outcome.get('id')!r}", (*loc, "scene"))

    rule = data.get("rule")
    if isinstance(rule, dict):
        yield from _check_rule(rule, src)

    yield from _check_languages(data, src)
    yield from _check_tests(data, questions, outcomes, acts, src)
    yield from _check_scale(data.get("scale"), ("scale",), src)
    for loc, q in questions:
        if "scale" in q and q.get("kind", "choice") != "likert":
            yield src.diag(
                "E218",
                "only likert statements have a scale",
                (*loc, "scale"),
                "remove `scale`, or make the question `kind: likert`",
                key=True,
            )
        else:
            yield from _check_scale(q.get("scale"), (*loc, "scale"), src)


def _check_scale(scale: Any, loc: PathKey, src: _Sources) -> Iterator[Diagnostic]:
    """A scale's labels: one per point, and given unless it has popquiz's own five (E218)."""
    if not isinstance(scale, dict):
        return
    points = scale.get("points", 5)
    labels = scale.get("labels")
    if not isinstance(points, int) or isinstance(points, bool) or not 2 <= points <= 7:
        return  # E103 says what points may be
    if labels is None and points != 5:
        yield src.diag(
            "E218",
            f"a {points}-point scale needs `labels`, one per point (popquiz's own labels are "
            "for 5 points)",
            loc,
            "add `labels:` with one text per point, lowest first",
        )
    elif isinstance(labels, list) and len(labels) != points:
        yield src.diag(
            "E218",
            f"the scale has {points} points but {len(labels)} labels",
            (*loc, "labels"),
            "give one label per point, lowest first (or change `points`)",
        )


def _check_tests(
    data: dict[str, Any],
    questions: list[tuple[PathKey, dict[str, Any]]],
    outcomes: list[tuple[PathKey, dict[str, Any]]],
    acts: list[tuple[PathKey, dict[str, Any]]],
    src: _Sources,
) -> Iterator[Diagnostic]:
    """Golden tests may only name questions, answers, outcomes and acts the bank has (E217)."""
    by_id = {q["id"]: q for _, q in questions if isinstance(q.get("id"), str)}
    outcome_ids = [o["id"] for _, o in outcomes if isinstance(o.get("id"), str)]
    act_ids = [a["id"] for _, a in acts if isinstance(a.get("id"), str)]

    def did_you_mean(name: str, known: list[str]) -> str:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        return f"did you mean {close[0]!r}?" if close else ""

    for loc, test in _items(data, "tests"):
        answers = test.get("answers")
        for qid, value in answers.items() if isinstance(answers, dict) else ():
            q = by_id.get(qid)
            if q is None:
                yield src.diag(
                    "E217",
                    f"test names question {qid!r}, which the bank does not have",
                    (*loc, "answers", qid),
                    did_you_mean(str(qid), list(by_id)),
                    key=True,
                )
                continue
            if value is None:
                continue
            if q.get("kind", "choice") == "likert":
                points = likert_points(q, data)
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int)
                    or not 1 <= value <= points
                ):
                    yield src.diag(
                        "E217",
                        f"test answers {qid!r} with {value!r}; it is a 1-{points} scale",
                        (*loc, "answers", qid),
                    )
            else:
                ids = [a.get("id") for a in q.get("answers") or [] if isinstance(a, dict)]
                if value not in ids:
                    hint = did_you_mean(str(value), [str(i) for i in ids])
                    yield src.diag(
                        "E217",
                        f"test answers {qid!r} with {value!r}, which it does not have",
                        (*loc, "answers", qid),
                        (hint + " " if hint else "") + "its answers: " + ", ".join(map(str, ids)),
                    )
        outcome = test.get("outcome")
        if isinstance(outcome, str) and outcome not in outcome_ids:
            hint = did_you_mean(outcome, outcome_ids)
            yield src.diag(
                "E217",
                f"test expects outcome {outcome!r}, which the bank does not have",
                (*loc, "outcome"),
                (hint + " " if hint else "") + "outcomes: " + ", ".join(outcome_ids),
            )
        act = test.get("act")
        if isinstance(act, str) and act not in act_ids:
            yield src.diag(
                "E217",
                f"test expects act {act!r}, which the bank does not have",
                (*loc, "act"),
                did_you_mean(act, act_ids),
            )


def likert_points(q: Mapping[str, Any], data: Mapping[str, Any]) -> int:
    """How many points a likert question's scale has (its own, else the bank's, else 5)."""
    for scale in (q.get("scale"), data.get("scale")):
        if isinstance(scale, dict) and isinstance(scale.get("points"), int):
            return int(scale["points"])
    return 5


def _check_rule(rule: dict[str, Any], src: _Sources) -> Iterator[Diagnostic]:
    from popquiz.bank.model import Rule

    def number(key: str) -> float:
        value = rule.get(key, getattr(Rule(), key))
        return float(value) if isinstance(value, int | float) else math.nan

    if number("leaning") > number("clear"):
        yield src.diag(
            "E216",
            f"rule.leaning ({number('leaning'):g}) is above rule.clear ({number('clear'):g})",
            ("rule", "leaning" if "leaning" in rule else "clear"),
            "a verdict is 'leaning' before it is 'clear': keep leaning ≤ clear",
        )
    if number("min_share") > number("max_share"):
        yield src.diag(
            "E216",
            f"rule.min_share ({number('min_share'):g}) is above rule.max_share "
            f"({number('max_share'):g})",
            ("rule", "min_share" if "min_share" in rule else "max_share"),
            "keep min_share ≤ max_share",
        )


def _check_conditions(
    q: dict[str, Any],
    loc: PathKey,
    seen: dict[str, tuple[int, Any]],
    src: _Sources,
    data: Mapping[str, Any],
) -> Iterator[Diagnostic]:
    conditions = q.get("when")
    if isinstance(conditions, dict):
        return
    for cloc, cond in _items(q, "when", loc):
        target = cond.get("question")
        if not isinstance(target, str):
            continue
        if target == q.get("id"):
            yield src.diag(
                "E204", "a question's condition names the question itself", (*cloc, "question")
            )
            continue
        if target not in seen:
            yield src.diag(
                "E203",
                f"condition names question {target!r}, which is not an earlier question",
                (*cloc, "question"),
                "a condition can only depend on questions asked before this one; move it "
                "after the question it depends on",
            )
            continue
        earlier = seen[target][1]
        values = cond.get("answers")
        if not isinstance(values, list):
            continue
        if earlier.get("kind", "choice") == "likert":
            points = likert_points(earlier, data)
            valid: set[Any] = set(range(1, points + 1))
            hint = f"a likert question's answers are its points, 1-{points}"
        else:
            valid = {a.get("id") for a in earlier.get("answers") or [] if isinstance(a, dict)}
            hint = "answers of " + repr(target) + ": " + ", ".join(sorted(map(str, valid)))
        for i, value in enumerate(values):
            if value not in valid or isinstance(value, bool):
                yield src.diag(
                    "E209",
                    f"condition expects answer {value!r}, which question {target!r} does not have",
                    (*cloc, "answers", i),
                    hint,
                )


_TEXT_PATHS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("description",),
    ("axes", "*", "low"),
    ("axes", "*", "high"),
    ("axes", "*", "label"),
    ("axes", "*", "phrases", "low"),
    ("axes", "*", "phrases", "high"),
    ("scenes", "*", "name"),
    ("outcomes", "*", "titles", "clear"),
    ("outcomes", "*", "titles", "leaning"),
    ("outcomes", "*", "titles", "close"),
    ("questions", "*", "text"),
    ("questions", "*", "answers", "*", "text"),
    ("outcomes", "*", "title"),
    ("outcomes", "*", "description"),
    ("outcomes", "*", "why"),
    ("acts", "*", "blurb"),
    ("scale", "labels", "*"),
    ("scale", "prompt"),
    ("questions", "*", "scale", "labels", "*"),
    ("questions", "*", "scale", "prompt"),
    ("acts", "*", "facts", "status", "text"),
)
_NAME_PATHS: tuple[tuple[str, ...], ...] = (
    ("acts", "*", "name"),
    ("acts", "*", "facts", "agency"),
)


def _check_languages(data: dict[str, Any], src: _Sources) -> Iterator[Diagnostic]:
    default = data.get("language", "en")
    langs = data.get("languages") or [default]
    if not isinstance(default, str) or not isinstance(langs, list):
        return
    if default not in langs:
        yield src.diag(
            "E210",
            f"default language {default!r} is not in languages {langs}",
            ("language",),
            "add it to `languages`",
        )
        return
    declared = [x for x in langs if isinstance(x, str)]
    yield from _check_song_languages(data, default, declared, src)
    for pattern, is_name in [(p, False) for p in _TEXT_PATHS] + [(p, True) for p in _NAME_PATHS]:
        for loc, value in _walk(data, pattern):
            if isinstance(value, str):
                if is_name or len(declared) == 1:
                    continue
                missing = [x for x in declared if x != default]
                yield src.diag(
                    "E207",
                    f"{_dotted(loc)} is only in {default!r}; missing " + ", ".join(missing),
                    loc,
                    "write it as a mapping: {" + ", ".join(f"{x}: ..." for x in declared) + "}",
                )
            elif isinstance(value, dict) and value:
                missing = [x for x in declared if x not in value]
                extra = [str(k) for k in value if k not in declared]
                if missing:
                    yield src.diag(
                        "E207",
                        f"{_dotted(loc)} lacks language " + ", ".join(repr(m) for m in missing),
                        loc,
                        "add the translation, or drop the language from `languages`",
                    )
                for k in extra:
                    yield src.diag(
                        "E213",
                        f"{_dotted(loc)} has text in {k!r}, which is not a declared language",
                        (*loc, k),
                        "declared languages: " + ", ".join(declared),
                        key=True,
                    )


def _check_song_languages(
    data: dict[str, Any], default: str, declared: list[str], src: _Sources
) -> Iterator[Diagnostic]:
    """A song title given per language must include the default language (shown where a
    language has no title of its own) and only declared languages; a plain title is fine."""
    for loc, value in _walk(data, ("acts", "*", "facts", "songs", "*")):
        if not isinstance(value, dict) or not value:
            continue
        if default not in value:
            yield src.diag(
                "E207",
                f"{_dotted(loc)} lacks the default language {default!r}",
                loc,
                f"add `{default}: ...`: it is shown in every language without its own title",
            )
        for k in value:
            if k not in declared:
                yield src.diag(
                    "E213",
                    f"{_dotted(loc)} has a title in {str(k)!r}, which is not a declared language",
                    (*loc, k),
                    "declared languages: " + ", ".join(declared),
                    key=True,
                )


def _walk(data: Any, pattern: tuple[str, ...], loc: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    if not pattern:
        yield loc, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _walk(item, rest, (*loc, i))
    elif isinstance(data, dict) and head in data:
        yield from _walk(data[head], rest, (*loc, head))


def _items(data: Any, key: str, loc: PathKey = ()) -> list[tuple[PathKey, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [((*loc, key, i), item) for i, item in enumerate(value) if isinstance(item, dict)]


def _duplicates(
    items: list[tuple[PathKey, dict[str, Any]]], what: str, src: _Sources, where: str = ""
) -> Iterator[Diagnostic]:
    first: dict[str, PathKey] = {}
    for loc, item in items:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            line, _ = src.diag("", "", (*first[ident], "id")).line, 0
            yield src.diag(
                "E201",
                f"duplicate {what} id {ident!r}{where} (first used at line {line})",
                (*loc, "id"),
                "ids must be unique; rename one",
            )
        else:
            first[ident] = loc


def _dedupe(problems: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str, str]] = set()
    out = []
    for d in sorted(problems, key=Diagnostic.sort_key):
        key = (d.path, d.line, d.col, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


class Found(NamedTuple):
    """What ``validate`` learnt about one file: its kind, its checked data (None if invalid),
    every finding (errors and warnings) and, for a bank, the catalogue file it uses."""

    kind: str  # "bank" or "catalogue"
    data: dict[str, Any] | None
    problems: list[Diagnostic]
    catalogue: Path | None = None


def check_path(path: str | Path, *, display: str | None = None) -> Found:
    """Check a bank or a catalogue, recognised by its declaration (:mod:`popquiz.bank.kinds`).

    A bank is checked with its catalogue (axes, scenes, languages); a catalogue on its own."""
    from popquiz.bank.kinds import kind_of_data

    path = Path(path)
    shown = display or str(path)
    try:
        text = decode(read_bytes(path, shown), shown)
    except YamlRejected as exc:
        return Found("bank", None, exc.diagnostics)
    with _paused_gc():
        parsed = _parse(text, shown, False)
        if isinstance(parsed, Checked):
            return Found("bank", None, parsed.problems)
        doc, yaml_problems = parsed
        if kind_of_data(doc.data) != "bank":
            data, problems = _check_catalogue_doc(doc, yaml_problems)
            return Found("catalogue", data, problems)
        checked = _check_doc(doc, yaml_problems, base_dir=path.parent)
    name = doc.data.get("catalogue") if isinstance(doc.data, dict) else None
    used = path.parent / name if isinstance(name, str) and not Path(name).is_absolute() else None
    return Found("bank", checked.data, checked.problems, used)
