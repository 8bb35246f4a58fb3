"""A small bank with facets and preferences, built as data, for the facet, preference and
ranking tests: two axes, three scenes (one per outcome, the middle one balanced), fourteen acts
classified by a single facet ``kind`` and a multi-valued facet ``style``."""

from __future__ import annotations

import copy
import json
from typing import Any

from checking import check_text
from popquiz.bank.model import Bank

KINDS = ["group", "solo", "band"]
STYLES = ["dance", "rock", "ballad", "rap"]


def _values(ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": v, "name": v.capitalize()} for v in ids]


def _act(
    id: str, scene: str, x: float, y: float, kind: str, styles: list[str], active: bool = True
) -> dict[str, Any]:
    return {
        "id": id,
        "name": id.replace("-", " ").title(),
        "scene": scene,
        "profile": {"x": x, "y": y},
        "blurb": f"{id} blurb",
        "facts": {"active": active, "status": {"text": "on", "as_of": 2026}},
        "facets": {"kind": kind, "style": styles},
    }


ACTS = [
    _act("n-dancers", "north", 0.9, 0.8, "group", ["dance"]),
    _act("n-crew", "north", 0.8, 0.6, "group", ["dance", "rap"]),
    _act("n-rappers", "north", 0.7, -0.2, "group", ["rap"]),
    _act("n-singer", "north", 0.6, 0.4, "solo", ["ballad"]),
    _act("n-rockers", "north", 0.5, -0.6, "band", ["rock"]),
    _act("n-quiet", "north", 0.4, -0.8, "band", ["ballad", "rock"]),
    _act("s-dancers", "south", -0.9, 0.7, "group", ["dance"]),
    _act("s-band", "south", -0.8, -0.7, "band", ["rock"]),
    _act("s-band-two", "south", -0.6, -0.5, "band", ["rock", "ballad"]),
    _act("s-singer", "south", -0.7, 0.1, "solo", ["ballad"]),
    _act("s-mc", "south", -0.5, 0.5, "solo", ["rap"]),
    _act("s-classic", "south", -0.95, 0.75, "group", ["dance"], active=False),
    _act("m-duo", "middle", 0.1, 0.3, "group", ["dance"]),
    _act("m-band", "middle", -0.1, -0.4, "band", ["rock"]),
]

DATA: dict[str, Any] = {
    "id": "facets",
    "title": "Facets",
    "description": "A bank with facets.",
    "axes": [
        {"id": "x", "low": "south", "high": "north"},
        {"id": "y", "low": "calm", "high": "loud"},
    ],
    "scenes": [
        {"id": "north", "name": "North"},
        {"id": "south", "name": "South"},
        {"id": "middle", "name": "Middle"},
    ],
    "facets": [
        {"id": "kind", "name": "kind of act", "single": True, "values": _values(KINDS)},
        {"id": "style", "name": "style", "values": _values(STYLES)},
    ],
    "questions": [
        {
            "id": "where",
            "text": "Where?",
            "answers": [
                {"id": "north", "text": "North", "weights": {"x": 1}},
                {"id": "south", "text": "South", "weights": {"x": -1}},
                {"id": "both", "text": "Both", "weights": {}},
            ],
        },
        {
            "id": "sound",
            "text": "Which sound?",
            "answers": [
                {
                    "id": "guitar",
                    "text": "Guitars",
                    "weights": {"y": -1},
                    "prefer": {"kind": {"band": 2}, "style": {"rock": 1, "dance": -1}},
                },
                {
                    "id": "beat",
                    "text": "A beat",
                    "weights": {"y": 1},
                    "prefer": {"style": {"dance": 1}},
                },
                {"id": "voice", "text": "A voice", "weights": {}, "prefer": {"kind": {"solo": 1}}},
                {"id": "any", "text": "Anything", "weights": {}},
            ],
        },
        {
            "id": "loud",
            "kind": "likert",
            "text": "Loud is good.",
            "axis": "y",
            "prefer": {"style": {"rap": 1, "ballad": -1}},
        },
        {
            "id": "north-again",
            "text": "North again?",
            "answers": [
                {"id": "yes", "text": "Yes", "weights": {"x": 1}},
                {"id": "no", "text": "No", "weights": {"x": -1}},
            ],
        },
    ],
    "outcomes": [
        {
            "id": "north",
            "title": "North",
            "description": "d",
            "profile": {"x": 0.7, "y": 0},
            "scene": "north",
        },
        {
            "id": "south",
            "title": "South",
            "description": "d",
            "profile": {"x": -0.7, "y": 0},
            "scene": "south",
        },
        {
            "id": "middle",
            "title": "Middle",
            "description": "d",
            "profile": {"x": 0, "y": 0},
            "balanced": True,
            "scene": "middle",
        },
    ],
    "acts": ACTS,
}


def data(**changes: Any) -> dict[str, Any]:
    """A deep copy of the bank's data with top-level keys replaced."""
    out = copy.deepcopy(DATA)
    out.update(changes)
    return out


def build(d: dict[str, Any] | None = None) -> Bank:
    """The bank (or ``d``) checked; fails the test with its problems if it is invalid."""
    bank, problems = check_text(json.dumps(d or DATA), "facets.yaml")
    assert bank is not None, [p.format() for p in problems]
    return bank
