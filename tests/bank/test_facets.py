"""Facets and preferences in the bank format: declared facets, acts' values, ``prefer:`` on
answers and likert statements, each mistake a located error; the taker's preferences as the
result and ``take --json`` carry them."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

import facetbank
from checking import check_text
from conftest import ROOT
from popquiz.bank.loader import check
from popquiz.engine.scoring import score


def problems_of(d: dict[str, Any]) -> list[str]:
    bank, problems = check_text(json.dumps(d, indent=1), "facets.yaml")
    assert bank is None
    return [p.format() for p in problems]


def test_the_fixture_bank_loads_with_its_facets() -> None:
    bank = facetbank.build()
    assert [f.id for f in bank.facets] == ["kind", "style"]
    assert bank.facets[0].single and not bank.facets[1].single
    crew = next(a for a in bank.acts if a.id == "n-crew")
    assert crew.facets == {"kind": "group", "style": ("dance", "rap")}
    guitar = bank.questions_by_id["sound"].answers[0]  # type: ignore[union-attr]
    assert guitar.prefer == {"kind": {"band": 2}, "style": {"rock": 1, "dance": -1}}


def _edit(path: list[Any], value: Any) -> dict[str, Any]:
    d = facetbank.data()
    node: Any = d
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return d


@pytest.mark.parametrize(
    ("path", "value", "needle"),
    [
        (["acts", 0, "facets", "knd"], "group", "act 'n-dancers' names facet 'knd'"),
        (["acts", 0, "facets", "style"], ["dnace"], "value 'dnace' of facet 'style'"),
        (["acts", 0, "facets", "kind"], ["group", "solo"], "gives facet 'kind' a list"),
        (
            ["questions", 1, "answers", 0, "prefer", "genre"],
            {"rock": 1},
            "a preference names facet 'genre'",
        ),
        (
            ["questions", 1, "answers", 0, "prefer", "style"],
            {"rokc": 1},
            "a preference names value 'rokc' of facet 'style'",
        ),
        (["questions", 2, "prefer", "kind"], {"duo": 1}, "value 'duo' of facet 'kind'"),
    ],
)
def test_a_wrong_facet_or_value_is_a_located_e219(path: list[Any], value: Any, needle: str) -> None:
    found = problems_of(_edit(path, value))
    hit = [p for p in found if needle in p]
    assert hit and all("error[E219]" in p for p in hit), found
    assert "help:" in hit[0]


def test_the_error_points_at_the_line_of_the_wrong_value() -> None:
    d = _edit(["acts", 2, "facets", "style"], ["rap", "dnace"])
    text = json.dumps(d, indent=1)
    _, problems = check_text(text, "facets.yaml")
    [p] = [p for p in problems if "dnace" in p.message]
    assert '"dnace"' in text.splitlines()[p.line - 1]
    assert "did you mean 'dance'" in p.format()


def test_a_missing_single_facet_is_an_error_at_the_acts_facets() -> None:
    d = facetbank.data()
    del d["acts"][3]["facets"]["kind"]
    found = problems_of(d)
    assert any("E219" in p and "act 'n-singer' has no 'kind'" in p for p in found)


def test_an_act_without_facets_among_classified_acts_is_an_error() -> None:
    d = facetbank.data()
    del d["acts"][4]["facets"]
    found = problems_of(d)
    assert any("E219" in p and "act 'n-rockers' has no 'kind'" in p for p in found), found
    for act in d["acts"]:  # no act classified yet: a declaration alone is fine
        act.pop("facets", None)
    assert facetbank.build(d).facets


def test_preference_weights_are_bounded() -> None:
    d = _edit(["questions", 1, "answers", 1, "prefer", "style", "dance"], 3)
    found = problems_of(d)
    assert any("between -2 and 2, got 3" in p for p in found), found


def test_duplicate_facet_and_value_ids_are_e201() -> None:
    d = facetbank.data()
    d["facets"][1]["values"].append({"id": "rock", "name": "Rock again"})
    found = problems_of(d)
    assert any(
        "E201" in p and "duplicate facet value id 'rock' in facet 'style'" in p for p in found
    )


def test_facet_names_need_every_declared_language() -> None:
    d = facetbank.data(languages=["en", "ko"])
    found = problems_of(d)
    assert any("E207" in p and "facets[0].name" in p for p in found)


def test_a_bank_with_a_catalogue_declares_facets_in_the_catalogue(tmp_path: Path) -> None:
    d = facetbank.data()
    cat = {"kind": "catalogue", "facets": d["facets"], "acts": d.pop("acts")}
    (tmp_path / "acts.yaml").write_text(json.dumps(cat, indent=1), encoding="utf-8")
    d["catalogue"] = "acts.yaml"
    no_facets = {k: v for k, v in d.items() if k != "facets"}
    (tmp_path / "bank.yaml").write_text(json.dumps(no_facets), encoding="utf-8")
    bank, problems = check(tmp_path / "bank.yaml", kind="bank").result()
    assert bank is not None, problems
    assert [f.id for f in bank.facets] == ["kind", "style"]

    (tmp_path / "bank.yaml").write_text(json.dumps(d), encoding="utf-8")
    bank, problems = check(tmp_path / "bank.yaml", kind="bank").result()
    assert bank is None and any(
        p.code == "E211" and "declare the facets in the catalogue" in p.format() for p in problems
    )

    bad = copy.deepcopy(cat)
    bad["acts"][0]["facets"]["style"] = ["dnace"]
    (tmp_path / "acts.yaml").write_text(json.dumps(bad, indent=1), encoding="utf-8")
    for checked in (
        check(tmp_path / "acts.yaml"),  # the catalogue on its own
        check(tmp_path / "bank.yaml", kind="bank"),  # through the bank
    ):
        [p] = [p for p in checked.problems if p.code == "E219"]
        assert p.path.endswith("acts.yaml") and "dnace" in p.message


def test_the_default_catalogue_declares_kind_and_style_in_three_languages() -> None:
    checked = check(ROOT / "quizzes" / "kpop-vs-jpop-acts.yaml")
    assert checked.data is not None, checked.problems
    facets = {f["id"]: f for f in checked.data["facets"]}
    assert facets["kind"]["single"] is True
    assert [v["id"] for v in facets["kind"]["values"]] == [
        "boy-group", "girl-group", "mixed-group", "soloist", "band", "duo",
    ]  # fmt: skip
    assert [v["id"] for v in facets["style"]["values"]] == [
        "idol", "band", "hip-hop", "rnb-ballad", "rock-metal", "singer-songwriter",
        "city-pop", "anime", "edm", "net-born",
    ]  # fmt: skip
    for facet in facets.values():
        for named in [facet, *facet["values"]]:
            assert set(named["name"]) == {"en", "ko", "ja"}


# Preferences: Σc / Σm over the counted questions (popquiz.engine.preferences).


def test_a_chosen_preference_counts_fully_and_an_unstated_one_counts_zero() -> None:
    bank = facetbank.build()
    prefs = score(bank, {"where": "north", "sound": "guitar", "north-again": "yes"}).preferred
    assert prefs[("kind", "band")] == 1.0
    assert prefs[("style", "rock")] == 1.0
    assert prefs[("style", "dance")] == -1.0
    assert prefs[("kind", "solo")] == 0.0  # "voice" could have said so; "guitar" did not
    assert ("style", "rap") not in prefs  # only the unanswered likert speaks of it


def test_likert_preferences_scale_with_the_signed_position() -> None:
    bank = facetbank.build()
    top = score(bank, {"where": "north", "loud": 5, "north-again": "yes"}).preferred
    agree = score(bank, {"where": "north", "loud": 4, "north-again": "yes"}).preferred
    middle = score(bank, {"where": "north", "loud": 3, "north-again": "yes"}).preferred
    bottom = score(bank, {"where": "north", "loud": 1, "north-again": "yes"}).preferred
    assert (top[("style", "rap")], top[("style", "ballad")]) == (1.0, -1.0)
    assert agree[("style", "rap")] == pytest.approx(0.5)
    assert middle[("style", "rap")] == 0.0
    assert bottom[("style", "ballad")] == 1.0


def test_reverse_keying_does_not_flip_a_preference() -> None:
    d = facetbank.data()
    d["questions"][2]["reverse"] = True
    bank = facetbank.build(d)
    agreed = score(bank, {"where": "north", "loud": 5, "north-again": "yes"})
    assert agreed.preferred[("style", "rap")] == 1.0
    assert agreed.scores["y"] == -1.0  # while the axis is reversed


def test_two_questions_share_the_cap() -> None:
    bank = facetbank.build()
    # "beat" +1 on dance (cap 1: "guitar" could give -1); the likert says nothing of dance.
    prefs = score(bank, {"where": "north", "sound": "beat", "loud": 1}).preferred
    assert prefs[("style", "dance")] == 1.0
    assert prefs[("style", "rap")] == -1.0


def test_a_bank_without_prefer_has_no_preferences() -> None:
    d = facetbank.data()
    for q in d["questions"]:
        q.pop("prefer", None)
        for a in q.get("answers", []):
            a.pop("prefer", None)
    bank = facetbank.build(d)
    assert score(bank, {"where": "north"}).preferences == ()


def test_take_json_shows_the_measured_preferences(tmp_path: Path) -> None:
    from popquiz.cli import run

    bank_file = tmp_path / "facets.yaml"
    bank_file.write_text(json.dumps(facetbank.DATA), encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("where: north\nsound: guitar\nloud: 2\nnorth-again: yes\n")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = run(["take", str(bank_file), "--answers", str(answers), "--json", "--no-save"])
    assert status == 0
    report = json.loads(buffer.getvalue())
    got = {(p["facet"], p["value"]): p for p in report["preferences"]}
    assert got[("kind", "band")]["score"] == 1.0 and got[("kind", "band")]["name"] == "Band"
    assert got[("kind", "band")]["facet_name"] == "kind of act"
    assert got[("style", "rap")]["score"] == -0.5
    assert got[("style", "ballad")]["score"] == 0.5
    declared = facetbank.build().facet_values
    assert list(got) == [p for p in declared if p in got]  # in declaration order
