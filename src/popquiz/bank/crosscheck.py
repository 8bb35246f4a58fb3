"""The checks on a bank's raw data that its format cannot express: unique ids, declared axes
and scenes, profiles on every axis, one balanced outcome, the rule's bounds, conditions on
earlier questions and their answers, scales and their labels, the bank's own tests, and every
text in every declared language (song titles too). All of them report; none stops the others.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from popquiz.bank.checked import Sources, did_you_mean, dotted, not_declared_help
from popquiz.bank.yamlsafe import PathKey
from popquiz.errors import Diagnostic
from popquiz.text.charclass import SCRIPT_LANGUAGES, readable_in


def cross_check(data: dict[str, Any], src: Sources) -> Iterator[Diagnostic]:
    """Every cross-reference problem of a bank's data (its catalogue's acts merged in)."""
    axes = items_at(data, "axes")
    questions = items_at(data, "questions")
    outcomes = items_at(data, "outcomes")
    acts = items_at(data, "acts")

    yield from duplicates(axes, "axis", src)
    yield from duplicates(questions, "question", src)
    yield from duplicates(outcomes, "outcome", src)
    yield from duplicates(acts, "act", src)

    axis_ids = list(dict.fromkeys(a["id"] for _, a in axes if isinstance(a.get("id"), str)))
    axis_set = set(axis_ids)

    def unknown_axis(name: str, loc: PathKey, what: str) -> Diagnostic:
        return src.diag(
            "E202",
            f"{what} names axis {name!r}, which is not declared",
            loc,
            not_declared_help(name, axis_ids, "declared axes"),
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
            keyed = q.get("weights")
            if isinstance(keyed, dict) and axis_set:
                for name in keyed:
                    if name not in axis_set:
                        yield unknown_axis(name, (*loc, "weights", name), "likert weight")
        answers = items_at(q, "answers", loc)
        if kind != "likert":
            yield from duplicates(answers, "answer", src, f" in question {qid!r}")
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
    scenes = items_at(data, "scenes")
    yield from duplicates(scenes, "scene", src)
    scene_ids = [s["id"] for _, s in scenes if isinstance(s.get("id"), str)]

    def unknown_scene(scene: str, what: str, loc: PathKey) -> Diagnostic:
        return src.diag(
            "E208",
            f"{what} names scene {scene!r}, which is not declared",
            loc,
            not_declared_help(scene, scene_ids, "declared scenes"),
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
    card = data.get("card")
    if isinstance(card, dict):
        for loc, named in items_at(card, "types", ("card",)):
            if isinstance(named.get("axis"), str) and axis_set and named["axis"] not in axis_set:
                yield unknown_axis(named["axis"], (*loc, "axis"), "card type")
        outcome_ids = [o["id"] for _, o in outcomes if isinstance(o.get("id"), str)]
        yield from _check_looks(items_at(card, "looks", ("card",)), outcome_ids, src)

    yield from check_languages(data, src)
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
            scale = q.get("scale")
            if isinstance(scale, dict) and "order" in scale:
                yield src.diag(
                    "E218",
                    "a statement's own scale cannot set `order`: every statement lists its "
                    "points in one order, so that a key means the same on every screen",
                    (*loc, "scale", "order"),
                    "set `order` once, in the bank's top-level `scale`",
                    key=True,
                )


def _check_looks(
    looks: list[tuple[PathKey, dict[str, Any]]], outcome_ids: list[str], src: Sources
) -> Iterator[Diagnostic]:
    """A card look names an outcome the bank has, once (E220)."""
    seen: set[str] = set()
    for loc, look in looks:
        name = look.get("outcome")
        if not isinstance(name, str):
            continue
        if name not in outcome_ids:
            yield src.diag(
                "E220",
                f"card look names outcome {name!r}, which is not declared",
                (*loc, "outcome"),
                not_declared_help(name, outcome_ids, "declared outcomes"),
            )
        elif name in seen:
            yield src.diag(
                "E220",
                f"outcome {name!r} has a second card look",
                (*loc, "outcome"),
                "give each outcome one look",
            )
        seen.add(name)


def _check_scale(scale: Any, loc: PathKey, src: Sources) -> Iterator[Diagnostic]:
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
    src: Sources,
) -> Iterator[Diagnostic]:
    """Golden tests may only name questions, answers, outcomes and acts the bank has (E217)."""
    by_id = {q["id"]: q for _, q in questions if isinstance(q.get("id"), str)}
    outcome_ids = [o["id"] for _, o in outcomes if isinstance(o.get("id"), str)]
    act_ids = [a["id"] for _, a in acts if isinstance(a.get("id"), str)]

    for loc, test in items_at(data, "tests"):
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
                    yield src.diag(
                        "E217",
                        f"test answers {qid!r} with {value!r}, which it does not have",
                        (*loc, "answers", qid),
                        not_declared_help(str(value), [str(i) for i in ids], "its answers"),
                    )
        outcome = test.get("outcome")
        if isinstance(outcome, str) and outcome not in outcome_ids:
            yield src.diag(
                "E217",
                f"test expects outcome {outcome!r}, which the bank does not have",
                (*loc, "outcome"),
                not_declared_help(outcome, outcome_ids, "outcomes"),
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


def _check_rule(rule: dict[str, Any], src: Sources) -> Iterator[Diagnostic]:
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
    src: Sources,
    data: Mapping[str, Any],
) -> Iterator[Diagnostic]:
    conditions = q.get("when")
    if isinstance(conditions, dict):
        return
    for cloc, cond in items_at(q, "when", loc):
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


TEXT_PATHS: tuple[tuple[str, ...], ...] = (
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
    ("facets", "*", "name"),
    ("facets", "*", "values", "*", "name"),
    ("card", "number", "low"),
    ("card", "number", "high"),
    ("card", "types", "*", "low"),
    ("card", "types", "*", "high"),
    ("card", "middle"),
    *(
        ("words", key)
        for key in ("picks", "bridge", "bridges", "across", "name", "group", "match", "start")
    ),
)
_NAME_PATHS: tuple[tuple[str, ...], ...] = (
    ("acts", "*", "name"),
    ("acts", "*", "facts", "agency"),
)


def check_languages(data: dict[str, Any], src: Sources) -> Iterator[Diagnostic]:
    """Every text in every declared language (E207), and no text in another (E213)."""
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
    for pattern, is_name in [(p, False) for p in TEXT_PATHS] + [(p, True) for p in _NAME_PATHS]:
        values, where = located(data, pattern)
        for n, value in enumerate(values):
            if isinstance(value, str):
                if is_name or len(declared) == 1:
                    continue
                loc = where(n)
                missing = [x for x in declared if x != default]
                yield src.diag(
                    "E207",
                    f"{dotted(loc)} is only in {default!r}; missing " + ", ".join(missing),
                    loc,
                    "write it as a mapping: {" + ", ".join(f"{x}: ..." for x in declared) + "}",
                )
            elif isinstance(value, dict) and value:
                missing = [x for x in declared if x not in value]
                extra = [str(k) for k in value if k not in declared]
                if missing or extra:
                    loc = where(n)
                if missing:
                    yield src.diag(
                        "E207",
                        f"{dotted(loc)} lacks language " + ", ".join(repr(m) for m in missing),
                        loc,
                        "add the translation, or drop the language from `languages`",
                    )
                for k in extra:
                    yield src.diag(
                        "E213",
                        f"{dotted(loc)} has text in {k!r}, which is not a declared language",
                        (*loc, k),
                        "declared languages: " + ", ".join(declared),
                        key=True,
                    )


def _check_song_languages(
    data: dict[str, Any], default: str, declared: list[str], src: Sources
) -> Iterator[Diagnostic]:
    """A song title given per language must include the default language (shown where a
    language has no title of its own) and only declared languages; a plain title is fine.
    Whatever title a declared language shows, its own or the one it falls back to, is one its
    readers can read (E221)."""
    langs = [k for k in declared if k in SCRIPT_LANGUAGES]
    for loc, value in walk(data, ("acts", "*", "facts", "songs", "*")):
        if not isinstance(value, str) or not value.isascii():  # an ASCII title reads anywhere
            yield from _unreadable_titles(loc, value, default, langs, src)
        if not isinstance(value, dict) or not value:
            continue
        if default not in value:
            yield src.diag(
                "E207",
                f"{dotted(loc)} lacks the default language {default!r}",
                loc,
                f"add `{default}: ...`: it is shown in every language without its own title",
            )
        for k in value:
            if k not in declared:
                yield src.diag(
                    "E213",
                    f"{dotted(loc)} has a title in {str(k)!r}, which is not a declared language",
                    (*loc, k),
                    "declared languages: " + ", ".join(declared),
                    key=True,
                )


_LANGUAGE_NAMES = {"en": "English", "ko": "Korean", "ja": "Japanese"}


def _unreadable_titles(
    loc: PathKey, value: Any, default: str, langs: list[str], src: Sources
) -> Iterator[Diagnostic]:
    """E221 for each of ``langs`` whose screens would show ``value`` (a song) in a script
    their readers do not read."""
    mapping = isinstance(value, dict)
    for lang in langs:
        own = mapping and lang in value
        shown = value.get(lang if own else default) if mapping else value
        if not isinstance(shown, str) or readable_in(lang, shown):
            continue
        name = _LANGUAGE_NAMES[lang]
        said = f"its {lang!r} title" if own else f"the title {name} screens fall back to"
        give = f"give `{lang}: ...`" if mapping else f"write it as a mapping with `{lang}: ...`:"
        yield src.diag(
            "E221",
            f"{dotted(loc)}: {said if mapping else 'its title'}, {shown!r}, is not in a script "
            f"{name} readers read",
            (*loc, lang) if own else loc,
            f"{give} the title {name}-speaking fans use, or the original transcribed or "
            "romanised (the original may follow in brackets)",
        )


def walk(data: Any, pattern: tuple[str, ...], loc: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """The values at ``pattern`` (``*`` matches every list item), with their paths, in the
    file's order."""
    values, where = located(data, pattern, loc)
    return ((where(n), value) for n, value in enumerate(values))


def located(
    data: Any, pattern: tuple[str, ...], loc: PathKey = ()
) -> tuple[list[Any], Callable[[int], PathKey]]:
    """The values at ``pattern`` (``*`` matches every list item), in the file's order, and the
    path of the n-th of them. Level by level, and a path is built only when asked for: a
    10,000-question bank has 40,000 answer texts, and a path is needed only for a finding."""
    values: list[Any] = [data]
    # Per level: its key ("*": an index), and for each value there, the position of its parent
    # among the level above and, under "*", its index in that parent's list.
    levels: list[tuple[str, list[int], list[int] | None]] = []
    for head in pattern:
        if head == "*":
            deeper: list[Any] = []
            parents: list[int] = []
            indexes: list[int] = []
            for at, value in enumerate(values):
                if isinstance(value, list):
                    deeper += value
                    parents += [at] * len(value)
                    indexes += range(len(value))
            levels.append((head, parents, indexes))
        else:
            parents = [
                at for at, value in enumerate(values) if isinstance(value, dict) and head in value
            ]
            deeper = [values[at][head] for at in parents]
            levels.append((head, parents, None))
        values = deeper

    def where(n: int) -> PathKey:
        parts: list[str | int] = []
        for head, parents, indexes in reversed(levels):
            parts.append(head if indexes is None else indexes[n])
            n = parents[n]
        return (*loc, *reversed(parts))

    return values, where


def items_at(data: Any, key: str, loc: PathKey = ()) -> list[tuple[PathKey, dict[str, Any]]]:
    """The mappings listed under ``key`` of ``data``, with their paths."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [((*loc, key, i), item) for i, item in enumerate(value) if isinstance(item, dict)]


def duplicates(
    items: list[tuple[PathKey, dict[str, Any]]], what: str, src: Sources, where: str = ""
) -> Iterator[Diagnostic]:
    """An id used twice among ``items`` (E201), located at the second use."""
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
