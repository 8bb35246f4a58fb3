"""Fan personas played through the real command line and judged as those fans would judge them.

Each persona of ``tests/personas/personas.yaml`` is an answers file and the expectations of a
knowledgeable fan, fixed before the ranking was tuned. Its test runs
``popquiz take BANK --answers FILE --json --no-save --lang en`` in process (the same entry point
and error boundary as the console script) and checks, on the five main picks only (the "Play
these first" list: recommendations not marked ``bridge``; bridges are never judged here):

- the verdict (outcome id);
- that the five come from the verdict's scene;
- ``include``: from each set, at least one act is among the five; ``exclude``: none of these is;
- facets, read from the catalogue YAML for each picked act (an act without ``facets`` fails
  loudly): the kind and style of the first pick, values that must and must not appear, and
  facets on which the five must vary;
- that two personas given the same verdict share at most 2 of their 5 picks unless the file
  declares them alike.

Every persona's row (verdict, five picks, bridge) is printed: shown with ``-s`` and on failure.
``python tests/test_personas.py`` prints the whole table and every problem, for a closing note.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PERSONAS_DIR = ROOT / "tests" / "personas"
PERSONAS_FILE = PERSONAS_DIR / "personas.yaml"
BANK = ROOT / "quizzes" / "kpop-vs-jpop.yaml"

# The facet vocabulary the default catalogue uses. A value outside it, in an expectation or on an
# act, fails: a misspelt value would otherwise make an "exclude" pass without checking anything.
VOCABULARY: Mapping[str, frozenset[str]] = {
    "kind": frozenset({"boy-group", "girl-group", "mixed-group", "soloist", "band", "duo"}),
    "style": frozenset(
        {
            "idol",
            "band",
            "hip-hop",
            "rnb-ballad",
            "rock-metal",
            "singer-songwriter",
            "city-pop",
            "anime",
            "edm",
            "net-born",
        }
    ),
}
EXPECT_KEYS = frozenset(
    {
        "verdict",
        "first_kind",
        "first_style",
        "include",
        "exclude",
        "facets_include",
        "facets_exclude",
        "vary",
    }
)
MAIN_PICKS = 5
MAX_SHARED = 2  # picks two unlike personas with one verdict may have in common
OWN_MIN = 3  # a balanced verdict's picks from its own scene, the first among them
MIN_PERSONAS = 12


class SuiteError(Exception):
    """The persona could not be judged at all: the quiz failed, or an act lacks its facets."""


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    answers: Path
    expect: Mapping[str, Any]
    alike: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Played:
    """What ``take --json`` said for one persona."""

    verdict: str
    scene: str
    main: tuple[Mapping[str, Any], ...]
    bridges: tuple[Mapping[str, Any], ...]
    balanced: bool = False  # the verdict is the bank's balanced outcome

    @property
    def main_ids(self) -> tuple[str, ...]:
        return tuple(str(r["id"]) for r in self.main)


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.cache
def personas() -> tuple[Persona, ...]:
    doc = _yaml(PERSONAS_FILE)
    return tuple(
        Persona(
            id=p["id"],
            name=p["name"],
            answers=PERSONAS_DIR / p["answers"],
            expect=p["expect"],
            alike=frozenset(p.get("alike", [])),
        )
        for p in doc["personas"]
    )


@functools.cache
def bank() -> Mapping[str, Any]:
    return _yaml(BANK)  # type: ignore[no-any-return]


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, Any]]:
    """The default bank's acts by id, as its catalogue file states them."""
    doc = _yaml(BANK.parent / bank()["catalogue"])
    return {a["id"]: a for a in doc["acts"]}


def facets_of(act_id: str) -> dict[str, frozenset[str]]:
    """The act's facet values by facet, each as a set; fails loudly on a missing or unknown one."""
    act = catalogue().get(act_id)
    if act is None:
        raise SuiteError(f"{act_id}: picked but not in the catalogue")
    raw = act.get("facets")
    if not isinstance(raw, dict):
        raise SuiteError(f"{act_id}: the catalogue gives this act no `facets` mapping")
    out: dict[str, frozenset[str]] = {}
    for name, allowed in VOCABULARY.items():
        value = raw.get(name)
        values = [value] if isinstance(value, str) else value
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) for v in values)
        ):
            raise SuiteError(f"{act_id}: facet `{name}` missing or not a value or list ({value!r})")
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise SuiteError(
                f"{act_id}: facet `{name}` has values outside the vocabulary: {unknown}"
            )
        out[name] = frozenset(values)
    return out


def scene_of_outcome(outcome_id: str) -> str:
    return next(str(o["scene"]) for o in bank()["outcomes"] if o["id"] == outcome_id)


def is_balanced(outcome_id: str) -> bool:
    return any(o["id"] == outcome_id and o.get("balanced") for o in bank()["outcomes"])


def take(answers: Path) -> Mapping[str, Any]:
    """``popquiz take`` in process, through the console script's error boundary."""
    from popquiz.cli import run

    argv = ["take", str(BANK), "--answers", str(answers), "--json", "--no-save", "--lang", "en"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(argv)
    if code != 0:
        raise SuiteError(f"popquiz {' '.join(argv)} exited {code}: {err.getvalue().strip()}")
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


@functools.cache
def played(persona_id: str) -> Played:
    persona = next(p for p in personas() if p.id == persona_id)
    report = take(persona.answers)
    recs = report["recommendations"]
    verdict = str(report["outcome"]["id"])
    return Played(
        verdict=verdict,
        scene=scene_of_outcome(verdict),
        main=tuple(r for r in recs if not r["bridge"]),
        bridges=tuple(r for r in recs if r["bridge"]),
        balanced=is_balanced(verdict),
    )


@dataclass(frozen=True)
class World:
    """What a persona is judged against: every persona's result, the acts and their facets."""

    personas: tuple[Persona, ...]
    results: Mapping[str, Played]
    acts: frozenset[str]
    facets: Callable[[str], dict[str, frozenset[str]]]

    def alike(self, a: str, b: str) -> bool:
        by_id = {p.id: p for p in self.personas}
        return b in by_id[a].alike or a in by_id[b].alike


def real_world() -> World:
    return World(
        personas=personas(),
        results={p.id: played(p.id) for p in personas()},
        acts=frozenset(catalogue()),
        facets=facets_of,
    )


def judge(persona: Persona, world: World) -> list[str]:
    """Every way the persona's result differs from what the fan expects (empty: it passes)."""
    got = world.results[persona.id]
    exp = persona.expect
    found: list[str] = []
    if got.verdict != exp["verdict"]:
        found.append(f"verdict: got {got.verdict}, a fan expects {exp['verdict']}")
    if len(got.main) != MAIN_PICKS:
        found.append(f"main picks: got {len(got.main)}, expected {MAIN_PICKS}")
    found += scene_problems(got)
    named = [a for group in exp.get("include", []) for a in group] + list(exp.get("exclude", []))
    missing = sorted({a for a in named if a not in world.acts})
    if missing:
        found.append(f"expectations name acts missing from the catalogue: {missing}")
    ids = got.main_ids
    for group in exp.get("include", []):
        if not set(group) & set(ids):
            found.append(f"include: none of {list(group)} among the five main picks")
    for act in exp.get("exclude", []):
        if act in ids:
            found.append(f"exclude: {act} is main pick #{ids.index(act) + 1}")
    found += facet_problems(exp, ids, world.facets)
    found += overlap_problems(persona, world)
    return found


def scene_problems(got: Played) -> list[str]:
    """The one scene rule (README, "Play these first"): a K-pop or J-pop verdict's first pick
    and at least four of its five come from its scene, the fifth at most from the crossover
    scene (an act of it nearest that verdict); a balanced verdict's first pick and at least
    OWN_MIN of the five come from its own scene, and at most one from each other scene."""
    scenes = [str(rec["scene"]) for rec in got.main]
    if not got.balanced:
        others = [(rank, rec) for rank, rec in enumerate(got.main, 1) if rec["scene"] != got.scene]
        found = [
            f"scene: main pick #{rank} {rec['id']} is {rec['scene']}, "
            f"not the verdict's scene {got.scene}"
            for rank, rec in others
            if rank == 1 or rec["scene"] != "crossover"
        ]
        if len(others) > 1:
            found.append(f"scene: {len(others)} picks are from other scenes, at most 1 may be")
        return found
    found = []
    if scenes and scenes[0] != got.scene:
        found.append(f"scene: the first pick is {scenes[0]}, not the verdict's scene {got.scene}")
    if scenes.count(got.scene) < min(OWN_MIN, len(scenes)):
        found.append(f"scene: {scenes.count(got.scene)} of the picks are {got.scene}")
    for other in sorted(set(scenes) - {got.scene}):
        if scenes.count(other) > 1:
            found.append(f"scene: {scenes.count(other)} picks are {other}, at most 1 may be")
    return found


def facet_problems(
    exp: Mapping[str, Any],
    ids: tuple[str, ...],
    facets_of: Callable[[str], dict[str, frozenset[str]]],
) -> list[str]:
    if not ids:
        return []
    try:
        facets = [facets_of(a) for a in ids]
    except SuiteError as e:
        return [f"facets: {e}"]
    found: list[str] = []
    first_kind = set(exp.get("first_kind", []))
    if first_kind and not facets[0]["kind"] & first_kind:
        found.append(
            f"first pick {ids[0]} is {sorted(facets[0]['kind'])}, expected one of "
            f"{sorted(first_kind)}"
        )
    first_style = exp.get("first_style")
    if first_style and first_style not in facets[0]["style"]:
        found.append(
            f"first pick {ids[0]} has style {sorted(facets[0]['style'])}, expected {first_style}"
        )
    for name, values in exp.get("facets_include", {}).items():
        for value in values:
            if not any(value in f[name] for f in facets):
                found.append(f"facets_include: no main pick has {name} {value}")
    for name, values in exp.get("facets_exclude", {}).items():
        for value in values:
            hits = [a for a, f in zip(ids, facets, strict=True) if value in f[name]]
            if hits:
                found.append(f"facets_exclude: {hits} have {name} {value}")
    for name in exp.get("vary", []):
        shared = functools.reduce(frozenset.__and__, (f[name] for f in facets))
        if len(ids) == MAIN_PICKS and shared:
            found.append(f"vary: all five main picks have {name} {sorted(shared)}")
    return found


def overlap_problems(persona: Persona, world: World) -> list[str]:
    mine = world.results[persona.id]
    found = []
    for other in world.personas:
        if other.id == persona.id or world.alike(persona.id, other.id):
            continue
        theirs = world.results[other.id]
        if theirs.verdict != mine.verdict:
            continue
        shared = sorted(set(mine.main_ids) & set(theirs.main_ids))
        if len(shared) > MAX_SHARED:
            found.append(
                f"overlap: shares {len(shared)} picks with {other.id} "
                f"(same verdict, not declared alike): {shared}"
            )
    return found


TABLE_HEAD = "| persona | verdict (expected) | five picks | bridge | check |\n|---|---|---|---|---|"


def row(persona: Persona, found: list[str]) -> str:
    got = played(persona.id)
    verdict = (
        got.verdict
        if got.verdict == persona.expect["verdict"]
        else (f"{got.verdict} ({persona.expect['verdict']})")
    )
    picks = ", ".join(str(r["name"]) for r in got.main)
    bridges = ", ".join(str(r["name"]) for r in got.bridges) or "none"
    check = "pass" if not found else f"{len(found)} problem{'s' if len(found) > 1 else ''}"
    return f"| {persona.id} | {verdict} | {picks} | {bridges} | {check} |"


def _ids() -> list[str]:
    return [p.id for p in personas()]


def test_persona_file_is_well_formed() -> None:
    """The suite itself: enough personas, known keys and facet values, answers files present."""
    ids = _ids()
    assert len(ids) >= MIN_PERSONAS and len(set(ids)) == len(ids)
    outcomes = {o["id"] for o in bank()["outcomes"]}
    for p in personas():
        assert p.answers.is_file(), p.id
        assert set(p.expect) <= EXPECT_KEYS, (p.id, sorted(set(p.expect) - EXPECT_KEYS))
        assert p.expect["verdict"] in outcomes, p.id
        assert p.alike <= set(ids) - {p.id}, (p.id, sorted(p.alike))
        for key in ("facets_include", "facets_exclude"):
            for name, values in p.expect.get(key, {}).items():
                assert set(values) <= VOCABULARY[name], (p.id, key, name, values)
        assert set(p.expect.get("first_kind", [])) <= VOCABULARY["kind"], p.id
        assert p.expect.get("first_style", "idol") in VOCABULARY["style"], p.id
        assert set(p.expect.get("vary", [])) <= set(VOCABULARY), p.id


def _asked(answers: Mapping[str, Any]) -> list[str]:
    """The questions a taker with these answers is asked: those whose conditions all hold."""
    return [
        q["id"]
        for q in bank()["questions"]
        if all(answers.get(c["question"]) in c["answers"] for c in q.get("when", []))
    ]


@pytest.mark.parametrize("persona_id", _ids())
def test_answers_cover_every_question(persona_id: str) -> None:
    """Each fan answers every question they are asked, follow-ups included, and nothing else."""
    persona = next(p for p in personas() if p.id == persona_id)
    answers = _yaml(persona.answers)
    asked = _asked(answers)
    assert sorted(set(asked) - set(answers)) == [], "unanswered"
    assert sorted(set(answers) - set(asked)) == [], "answered but never asked"


# Fans the picks still fail, each with what goes wrong, as strict expected failures: the suite
# runs them all, a fix turns one into an unexpected pass (which fails until it leaves this
# list), and the expectations themselves never bend to the ranking.
KNOWN_GAPS = {
    "rock-metal": "crossover: empowerment anthems and world stadiums are K-pop's in the "
    "articles, and rock is J-pop's only through the sound axis, one of seven",
    "jpop-allrounder": "no idol group: the fan asks for six values (bands, rock, ballads, city "
    "pop, anime) and variety now spreads them, but the bank's answers give idols only +0.25, "
    "under the 0.5 of a request, and J-pop's idol groups sit far from this fan's leanings",
}


def _persona_params() -> list[Any]:
    return [
        pytest.param(
            i,
            marks=pytest.mark.xfail(reason=KNOWN_GAPS[i], strict=True) if i in KNOWN_GAPS else (),
        )
        for i in _ids()
    ]


@pytest.mark.parametrize("persona_id", _persona_params())
def test_persona(persona_id: str) -> None:
    persona = next(p for p in personas() if p.id == persona_id)
    found = judge(persona, real_world())
    print(f"\n{TABLE_HEAD}\n{row(persona, found)}")
    assert not found, f"{persona.id} ({persona.name}):\n  " + "\n  ".join(found)


# --- The judge itself, on made-up results: each expectation, broken alone, is reported ---------

_FAKE_FACETS = {
    "b1": {"kind": {"boy-group"}, "style": {"idol", "hip-hop"}},
    "b2": {"kind": {"boy-group"}, "style": {"idol"}},
    "b3": {"kind": {"boy-group"}, "style": {"idol"}},
    "b4": {"kind": {"boy-group"}, "style": {"idol"}},
    "g1": {"kind": {"girl-group"}, "style": {"idol"}},
    "g2": {"kind": {"girl-group"}, "style": {"idol"}},
    "s1": {"kind": {"soloist"}, "style": {"rnb-ballad"}},
    "s2": {"kind": {"soloist"}, "style": {"singer-songwriter"}},
    "d1": {"kind": {"duo"}, "style": {"edm"}},
    "x1": {"kind": {"band"}, "style": {"band", "rock-metal"}},
}
_GOOD = ("b1", "b2", "g1", "s1", "d1")
_THEIRS = ("b1", "x1", "s2", "b3", "b4")  # shares only b1 with _GOOD


def _fake_facets(act: str) -> dict[str, frozenset[str]]:
    if act not in _FAKE_FACETS:
        raise SuiteError(f"{act}: no facets")
    return {k: frozenset(v) for k, v in _FAKE_FACETS[act].items()}


def _fake_persona(**changes: Any) -> Persona:
    expect = {
        "verdict": "v",
        "first_kind": ["boy-group"],
        "first_style": "hip-hop",
        "include": [["b1", "zz"], ["s1"]],
        "exclude": ["x1"],
        "facets_include": {"kind": ["girl-group"]},
        "facets_exclude": {"style": ["rock-metal"]},
        "vary": ["kind"],
    }
    alike_to = changes.pop("alike", frozenset())
    return Persona("me", "me", Path("me.yaml"), {**expect, **changes}, frozenset(alike_to))


def _fake_world(
    me: Persona,
    mine: tuple[str, ...] = _GOOD,
    theirs: tuple[str, ...] = _THEIRS,
    verdict: str = "v",
    odd_scene: str | None = None,
    balanced: bool = False,
    odd_label: str = "t",
) -> World:
    def played_as(ids: tuple[str, ...], verdict: str) -> Played:
        main = tuple(
            {"id": a, "name": a, "scene": odd_label if a == odd_scene else "s", "bridge": False}
            for a in ids
        )
        return Played(verdict, "s", main, (), balanced)

    other = Persona("other", "other", Path("other.yaml"), {"verdict": "v"})
    return World(
        personas=(me, other),
        results={"me": played_as(mine, verdict), "other": played_as(theirs, "v")},
        acts=frozenset(_FAKE_FACETS) | {"zz"},
        facets=_fake_facets,
    )


def test_judge_passes_a_result_that_meets_every_expectation() -> None:
    me = _fake_persona()
    assert judge(me, _fake_world(me)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"verdict": "w"}, "verdict: got w, a fan expects v", id="verdict"),
        pytest.param({"mine": _GOOD[:4]}, "main picks: got 4, expected 5", id="four-picks"),
        pytest.param({"odd_scene": "g1"}, "main pick #3 g1 is t, not the verdict's", id="scene"),
        pytest.param(
            {"odd_scene": "b1", "balanced": True}, "the first pick is t", id="balanced-first"
        ),
        pytest.param(
            {"mine": ("b1", "g1", "g1", "s1", "d1"), "odd_scene": "g1", "balanced": True},
            "2 picks are t, at most 1",
            id="balanced-one-per-scene",
        ),
        pytest.param({"exclude": ["x1", "ghost"]}, "catalogue: ['ghost']", id="unknown-act"),
        pytest.param({"mine": ("b1", "b2", "g1", "g2", "d1")}, "none of ['s1']", id="include"),
        pytest.param({"mine": ("b1", "b2", "g1", "s1", "x1")}, "x1 is main pick #5", id="exclude"),
        pytest.param({"mine": ("g1", "b1", "b2", "s1", "d1")}, "g1 is ['girl-group']", id="kind"),
        pytest.param({"mine": ("b2", "b1", "g1", "s1", "d1")}, "b2 has style ['idol']", id="style"),
        pytest.param(
            {"mine": ("b1", "b2", "s2", "s1", "d1")}, "no main pick has kind girl-group", id="has"
        ),
        pytest.param(
            {"mine": ("b1", "b2", "g1", "s1", "x1")}, "['x1'] have style rock-metal", id="has-not"
        ),
        pytest.param(
            {"mine": ("b1", "b2", "b3", "b4", "g1"), "vary": ["style"]},
            "all five main picks have style ['idol']",
            id="vary-style",
        ),
        pytest.param(
            {"mine": ("b1", "b2", "b3", "b4", "b1")},
            "all five main picks have kind ['boy-group']",
            id="vary-kind",
        ),
        pytest.param({"mine": ("b1", "b2", "g1", "s1", "zz")}, "zz: no facets", id="no-facets"),
        pytest.param(
            {"theirs": ("b1", "b2", "g1", "x1", "s2")}, "shares 3 picks with other", id="overlap"
        ),
    ],
)
def test_judge_reports_each_broken_expectation(change: dict[str, Any], expected: str) -> None:
    world_keys = {"mine", "theirs", "verdict", "odd_scene", "balanced"}
    me = _fake_persona(**{k: v for k, v in change.items() if k not in world_keys})
    world = _fake_world(me, **{k: v for k, v in change.items() if k in world_keys})
    found = judge(me, world)
    assert any(expected in line for line in found), found


def test_judge_lets_a_balanced_verdict_take_one_act_from_another_scene() -> None:
    me = _fake_persona()
    assert judge(me, _fake_world(me, odd_scene="g1", balanced=True)) == []
    assert judge(me, _fake_world(me, odd_scene="g1")) != []


def test_judge_lets_a_scene_verdict_take_one_crossover_act_after_the_first() -> None:
    me = _fake_persona()
    assert judge(me, _fake_world(me, odd_scene="g1", odd_label="crossover")) == []
    # Not first, and not from another unbalanced scene.
    assert judge(me, _fake_world(me, odd_scene="b1", odd_label="crossover")) != []
    assert judge(me, _fake_world(me, odd_scene="g1", odd_label="t")) != []


def test_judge_lets_personas_declared_alike_share_picks() -> None:
    theirs = ("b1", "b2", "g1", "x1", "s2")
    me = _fake_persona(alike={"other"})
    assert judge(me, _fake_world(me, theirs=theirs)) == []
    unlike = _fake_persona()
    assert judge(unlike, _fake_world(unlike, theirs=theirs)) != []


def test_facets_are_read_from_the_catalogue_and_fail_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    acts = {
        "ok": {"facets": {"kind": "band", "style": ["band", "rock-metal"]}},
        "bare": {},
        "no-style": {"facets": {"kind": "band"}},
        "odd": {"facets": {"kind": "orchestra", "style": ["band"]}},
    }
    monkeypatch.setattr(sys.modules[__name__], "catalogue", lambda: acts)
    assert facets_of("ok") == {"kind": {"band"}, "style": {"band", "rock-metal"}}
    for act, message in [
        ("bare", "no `facets` mapping"),
        ("no-style", "facet `style` missing"),
        ("odd", "outside the vocabulary: ['orchestra']"),
        ("absent", "not in the catalogue"),
    ]:
        with pytest.raises(SuiteError, match=re.escape(message)):
            facets_of(act)


@contextlib.contextmanager
def _own_home() -> Iterator[None]:
    """Outside pytest the quiz still must not touch the user's history or cache."""
    with tempfile.TemporaryDirectory() as home:
        before = os.environ.get("POPQUIZ_HOME")
        os.environ["POPQUIZ_HOME"] = home
        try:
            yield
        finally:
            if before is None:
                del os.environ["POPQUIZ_HOME"]
            else:
                os.environ["POPQUIZ_HOME"] = before


def main() -> int:
    """Print the table and every problem; exit 1 when some persona fails."""
    with _own_home():
        try:
            world = real_world()
            results = [(p, judge(p, world)) for p in personas()]
        except SuiteError as e:
            print(f"the suite could not run: {e}", file=sys.stderr)
            return 70
        print(TABLE_HEAD)
        for p, found in results:
            print(row(p, found))
    failing = [(p, f) for p, f in results if f]
    for p, found in failing:
        print(f"\n{p.id} ({p.name}):")
        for line in found:
            print(f"  - {line}")
    print(f"\n{len(results) - len(failing)} of {len(results)} personas pass.")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
