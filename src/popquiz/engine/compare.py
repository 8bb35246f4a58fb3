"""Two results of the same quiz side by side (``popquiz compare``). Pure.

* **Similarity** uses the geometry acts are matched with (:func:`popquiz.engine.compiled.matches`):
  over the axes both results measured, ``max(0, 1 − √(D/n))`` where ``D/n`` is the mean
  squared distance between the two sets of scores. 100 % means the same place on every axis,
  0 % one whole pole-length (half the bar) apart per axis on average, or more.
* **Acts you would both like**: acts in both results' recommendations, in the first result's
  order.
* **Where you differ most**: the axis measured by both with the largest gap (none when every
  gap is under 0.05, "right in the middle" in the result's own words).

Results must come from the same bank and bank version and have the same axes; anything else
is a :class:`CompareError` saying which input is wrong and how. A friend's result is untrusted
input: before its shape is looked at, it passes the hardened JSON reader's walk
(:func:`popquiz.bank.jsonsafe.check`: bounded depth, items and string lengths, finite numbers),
and each field compare reads is checked for its type (scores finite, within -1 … 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from popquiz.bank.jsonsafe import JsonRejected
from popquiz.bank.jsonsafe import check as check_values
from popquiz.engine.compiled import MIDDLE, matches
from popquiz.engine.report import REPORT_SCHEMA, upgrade
from popquiz.errors import PopquizError, printable

if TYPE_CHECKING:
    from popquiz.engine.report_types import (
        ComparedAct,
        ComparedAxis,
        ComparedSide,
        Comparison,
        Report,
    )

COMPARE_SCHEMA = 1
MAX_AXES = 32  # a bank's limit (bank.spec)
# take recommends five acts and a bridge pick or two; a file with more than this many is no
# result of popquiz's, and every one of them would be listed when both files share them.
MAX_PICKS = 100
# Parts of a result compare never reads or shows (a friend's answers and contributions, up to
# 10,000 each): dropped before the rest is made inert, so their size costs nothing more.
_UNREAD: dict[str, Any] = {"fits": [], "answers": {}, "why": [], "contributions": []}
SAME = MIDDLE  # a gap below it is "the same place", as a score below it is "in the middle"


class CompareError(PopquizError):
    """Inputs that cannot be compared (exit 1): not results, or results of different quizzes."""


def checked(data: Any, name: str, *, values_checked: bool = False) -> Report:
    """``data`` as a current result object, or :class:`CompareError` naming ``name``. Accepts
    a result (``take --json``, ``--export x.json``, ``history show N --json``) or one history
    record (``{"report": {...}}``). ``values_checked``: ``data`` comes from
    :func:`popquiz.bank.jsonsafe.loads`, which has already walked it."""
    if not values_checked:
        try:
            check_values(data)
        except JsonRejected as exc:
            raise CompareError(exc.message(name)) from None
    if isinstance(data, dict) and isinstance(data.get("report"), dict) and "schema" not in data:
        data = data["report"]
    if not isinstance(data, dict) or "schema" not in data:
        raise CompareError(
            f"{name} is not a popquiz result (expected the object `popquiz take --json` "
            'prints, with a "schema" key)'
        )
    if data.get("schema") == 1:
        try:
            data = upgrade(data)
        except (KeyError, TypeError, AttributeError, ValueError):
            raise CompareError(f"{name} is a damaged result (schema 1)") from None
    if data.get("schema") != REPORT_SCHEMA:
        raise CompareError(
            f"{name} is a result of schema {data.get('schema')!r}; this popquiz reads schema "
            f"{REPORT_SCHEMA} (and 1)"
        )
    problem = _incomplete(data)
    if problem:
        raise CompareError(f"{name} is a damaged result: {problem}")
    # Checked for what compare reads, and made inert: only now does it get the typed shape.
    return cast("Report", _inert({**data, **_UNREAD}))


def _inert(value: Any) -> Any:
    """Every string of a result made inert: a friend's file is untrusted, and an escape
    sequence in a title or act name must be shown (as ``\\x1b``), never sent to the terminal."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(str(k)): _inert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inert(v) for v in value]
    return value


def _incomplete(data: dict[str, Any]) -> str:
    """What is wrong with the fields compare reads, or ``""``."""
    bank, axes, outcome = data.get("bank"), data.get("axes"), data.get("outcome")
    recs = data.get("recommendations", [])
    if not (isinstance(bank, dict) and {"id", "version"} <= bank.keys()):
        return "a required field is missing (bank)"
    if not (isinstance(outcome, dict) and {"id", "title"} <= outcome.keys()):
        return "a required field is missing (outcome)"
    if not isinstance(axes, list):
        return "a required field is missing (axes)"
    if len(axes) > MAX_AXES:
        return f"axes has {len(axes):,} items; a quiz has at most {MAX_AXES}"
    for i, x in enumerate(axes):
        if not (isinstance(x, dict) and {"id", "score", "measured", "low", "high"} <= x.keys()):
            return f"a required field is missing (axes[{i}])"
        score = x["score"]
        # A bool is an int to Python, and a score beyond the poles is no score popquiz gives.
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            return f"axes[{i}].score is not a number"
        if not -1.0 <= score <= 1.0:
            return f"axes[{i}].score is {score!r}, outside -1 … 1"
    if not isinstance(recs, list):
        return "recommendations is not a list"
    if len(recs) > MAX_PICKS:
        return f"recommendations has {len(recs):,} items; a result has at most {MAX_PICKS}"
    for i, r in enumerate(recs):
        if not (isinstance(r, dict) and {"id", "name"} <= r.keys()):
            return f"a required field is missing (recommendations[{i}])"
    return ""


def compare(a: Report, b: Report, names: tuple[str, str] = ("A", "B")) -> Comparison:
    """The comparison of two checked results as a JSON-ready dict (``compare --json``)."""
    pairs = (
        (a["bank"]["id"], b["bank"]["id"], "quizzes"),
        (a["bank"]["version"], b["bank"]["version"], "versions of the quiz"),
    )
    for mine, theirs, what in pairs:
        if str(mine) != str(theirs):
            raise CompareError(
                f"{names[0]} and {names[1]} are results of different {what}: "
                f"{a['bank']['id']!r} {a['bank']['version']!r} and "
                f"{b['bank']['id']!r} {b['bank']['version']!r}; compare results of the same one"
            )
    a_axes = [str(x["id"]) for x in a["axes"]]
    b_axes = {str(x["id"]): x for x in b["axes"]}
    if sorted(a_axes) != sorted(b_axes):
        raise CompareError(f"{names[0]} and {names[1]} do not have the same axes")
    rows: list[ComparedAxis] = []
    for x in a["axes"]:
        y = b_axes[str(x["id"])]
        both = bool(x["measured"]) and bool(y["measured"])
        sa, sb = float(x["score"]), float(y["score"])
        rows.append(
            {
                "id": str(x["id"]),
                "low": str(x["low"]),
                "high": str(x["high"]),
                "a": round(sa, 4),
                "b": round(sb, 4),
                "measured": both,
                "gap": round(abs(sa - sb), 4) if both else None,
            }
        )
    measured = [r["measured"] for r in rows]
    similarity = matches([r["a"] for r in rows], measured, [[r["b"] for r in rows]])[0]
    if not any(measured):
        similarity = 0.0
    b_ids = {str(r["id"]) for r in b.get("recommendations", [])}
    shared: list[ComparedAct] = [
        {"id": str(r["id"]), "name": str(r["name"])}
        for r in a.get("recommendations", [])
        if str(r["id"]) in b_ids
    ]
    gaps = [r for r in rows if r["measured"]]
    widest = max(gaps, key=lambda r: r["gap"] or 0.0, default=None)  # measured: gap is set
    if widest is not None and (widest["gap"] or 0.0) < SAME:
        widest = None

    def side(r: Report) -> ComparedSide:
        outcome = r["outcome"]
        found: ComparedSide = {
            "outcome": str(outcome["id"]),
            "title": str(outcome["title"]),
            "strength": str(outcome.get("strength", "")),
            "strength_label": str(outcome.get("strength_label", "")),
            "language": str(r.get("language", "en")),
            "balanced": outcome.get("balanced") is True,
        }
        # Where the verdict stands against the other side, for its words ("in the middle,
        # leaning J-pop"); a result stored before it was kept has none.
        up, name = outcome.get("runner_up"), outcome.get("runner_up_name")
        if isinstance(up, str) and isinstance(name, str):
            found["runner_up"], found["runner_up_name"] = up, name
        return found

    return {
        "format": "popquiz-compare",
        "schema": COMPARE_SCHEMA,
        "bank": {
            "id": str(a["bank"]["id"]),
            "version": str(a["bank"]["version"]),
            "title": str(a["bank"].get("title", "")),
        },
        "a": side(a),
        "b": side(b),
        "similarity": round(similarity, 4),
        "axes": rows,
        "shared": shared,
        "most_different": widest,
    }
