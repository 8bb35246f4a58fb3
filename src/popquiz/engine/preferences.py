"""Answers → the taker's preference for each facet value (docs/authoring.md, "Facets and
preferences"). Pure.

A choice answer may carry ``prefer: {facet: {value: w}}`` (w in −2 … 2); a likert statement's
``prefer`` is scaled by the answer's signed position on the scale (+1 at the top point, −1 at
the bottom, 0 in the middle of an odd scale; a reverse-keyed statement is not flipped, since
``reverse`` keys the axis while agreeing still means what the statement says). For each facet value:

* each counted question *q* gives a term ``c`` (the chosen option's weight, 0 if it states
  none) and a cap ``m`` (the largest ``|c|`` any of its options could give);
* the preference is ``Σc / Σm`` over the counted questions, in −1 … 1; it is *measured* when
  ``Σm > 0``, i.e. some answered question could have moved it.

Unlike an axis score, an answer that states nothing about a value counts 0, not the far
pole: a taker who picked the piano over the guitar has not said they dislike bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from popquiz.engine.compiled import compiled

if TYPE_CHECKING:
    from popquiz.bank.model import Bank


class Preference(NamedTuple):
    facet: str
    value: str
    score: float  # -1 .. 1
    measured: bool  # some counted question could move it


class Table(NamedTuple):
    """The bank's preferences as numbers: the ``(facet, value)`` pairs some question speaks
    of, and per question that does, its options' terms and each pair's cap."""

    pairs: tuple[tuple[str, str], ...]
    # (question index, per option: {pair index: term}, {pair index: cap})
    rows: tuple[tuple[int, tuple[dict[int, float], ...], dict[int, float]], ...]


def table(bank: Bank) -> Table:
    """The bank's :class:`Table`, built once per bank."""
    found = bank.memo.get("preferences")
    if isinstance(found, Table):
        return found
    c = compiled(bank)
    order = {pair: i for i, pair in enumerate(bank.facet_values)}
    used: set[tuple[str, str]] = set()
    raw: list[tuple[int, list[dict[tuple[str, str], float]]]] = []
    for qi, q in enumerate(bank.questions):
        options: list[dict[tuple[str, str], float]] = []
        if q.kind == "likert":
            if not q.prefer:
                continue
            for v in c.values[qi]:
                scale = q.multiplier(int(v))
                options.append(
                    {(f, x): w * scale for f, ws in q.prefer.items() for x, w in ws.items()}
                )
        else:
            if not any(a.prefer for a in q.answers):
                continue
            by_id = {a.id: a for a in q.answers}
            for v in c.values[qi]:
                prefer = by_id[str(v)].prefer
                options.append({(f, x): w for f, ws in prefer.items() for x, w in ws.items()})
        raw.append((qi, options))
        used.update(p for o in options for p in o)
    pairs = tuple(sorted(used, key=lambda p: order.get(p, len(order))))
    index = {p: i for i, p in enumerate(pairs)}
    rows = []
    for qi, options in raw:
        terms = tuple({index[p]: w for p, w in o.items() if w} for o in options)
        caps: dict[int, float] = {}
        for o in terms:
            for i, w in o.items():
                caps[i] = max(caps.get(i, 0.0), abs(w))
        rows.append((qi, terms, caps))
    out = Table(pairs, tuple(rows))
    bank.memo["preferences"] = out
    return out


def preferences(
    bank: Bank, assign: Sequence[int], counted: Sequence[bool]
) -> tuple[Preference, ...]:
    """The taker's preference for every facet value some question of ``bank`` speaks of (in
    declaration order), from the option chosen for each question (``assign``, as
    :meth:`~popquiz.engine.compiled.Compiled.assignment` gives it) and which questions count."""
    t = table(bank)
    if not t.pairs:
        return ()
    total = [0.0] * len(t.pairs)
    cap = [0.0] * len(t.pairs)
    for qi, terms, caps in t.rows:
        if not counted[qi] or assign[qi] < 0:
            continue
        for i, w in terms[assign[qi]].items():
            total[i] += w
        for i, m in caps.items():
            cap[i] += m
    return tuple(
        Preference(f, v, total[i] / cap[i] if cap[i] > 0 else 0.0, cap[i] > 0)
        for i, (f, v) in enumerate(t.pairs)
    )
