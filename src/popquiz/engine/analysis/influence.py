"""Influence: per question, how often changing only its answer changes the outcome, for many
answer sets at once (numpy)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Bools, Floats, Ints, Sums
    from popquiz.engine.compiled import Compiled


@dataclass(frozen=True)
class Influence:
    question: str
    influence: float  # fraction of sampled answer sets where changing it changes the outcome
    asked: float  # fraction of sampled answer sets in which it is asked
    samples: int
    exhaustive: bool = False  # the answer sets were every combination once, not a sample


def influence(
    c: Compiled, assigns: Ints
) -> tuple[list[Influence], dict[tuple[int, int], set[int]], list[int]]:
    """Per question: how often changing only its answer changes the outcome, over the answer
    sets ``assigns`` (one row each).

    Also returns, per (question, option), the outcomes seen with that option forced, and how
    many sampled answer sets asked each question. Only a changed question's own terms change
    its sums, unless other questions' conditions look at it: then everything is added up
    again (``tests/reach_reference.py``'s ``Walker`` is the same rule one answer set at a
    time).
    """
    import popquiz.engine.analysis.arrays as arrays

    sums = arrays.sums(c, assigns)
    scores, measured = arrays.scores(sums.raw, sums.lo, sums.hi)
    base = arrays.decide(c, arrays.fits(c, scores, measured), measured).winner
    n = int(assigns.shape[0])
    asked_counts = [0] * c.nq
    seen: dict[tuple[int, int], set[int]] = {}
    # Every (question, answer) change is scored in a few large calls rather than one call
    # each: a row's outcome depends on that row alone.
    swung = np.zeros((c.nq, n), dtype=bool)  # the answer sets a change of each question swung
    changes: list[tuple[int, int, Ints]] = []  # question, answer, the rows changed
    changed_scores: list[Floats] = []  # the changed rows' scores (questions no condition reads)
    changed_sets: list[Ints] = []  # the changed answer sets (questions a condition reads)
    waiting = [0]
    # Each changed answer set is fitted to every outcome: fewer at a time when there are many.
    limit = min(_ROWS, max(_ROWS // 32, _CELLS // max(len(c.outcome_ids), 1)))

    def settle() -> None:
        by_scores = iter(_outcomes_of_scores(c, changed_scores, changes, measured))
        by_sets = iter(_outcomes_of_sets(c, changed_sets))
        for qi, k, other in changes:
            found = next(by_sets) if qi in c.referenced else next(by_scores)
            seen[(qi, k)].update(found.tolist())
            swung[qi, other] |= found != base[other]
        changes.clear()
        changed_scores.clear()
        changed_sets.clear()
        waiting[0] = 0

    for qi in range(c.nq):
        rows = np.flatnonzero(sums.asked[:, qi])
        asked_counts[qi] = int(rows.size)
        if not rows.size:
            continue
        cur = assigns[rows, qi]
        for k in range(len(c.values[qi])):
            same = cur == k
            if same.any():
                seen.setdefault((qi, k), set()).update(base[rows[same]].tolist())
            other = rows[~same]
            if not other.size:
                continue
            seen.setdefault((qi, k), set())
            changes.append((qi, k, other))
            if qi in c.referenced:
                changed = assigns[other].copy()
                changed[:, qi] = k
                changed_sets.append(changed)
            else:
                changed_scores.append(_scores_if(c, qi, k, assigns[other, qi], sums, other, scores))
            waiting[0] += other.size
            if waiting[0] >= limit:
                settle()
    settle()
    swings = swung.sum(axis=1).tolist()
    n = int(assigns.shape[0])
    out = [
        Influence(
            c.qids[qi],
            swings[qi] / asked_counts[qi] if asked_counts[qi] else 0.0,
            asked_counts[qi] / n if n else 0.0,
            n,
        )
        for qi in range(c.nq)
    ]
    return out, seen, asked_counts


_ROWS = 1 << 13  # changed answer sets scored at a time (a few MiB of fits) ...
_CELLS = 1 << 18  # ... and of them times the outcomes they are fitted to


def _outcomes_of_scores(
    c: Compiled, scores: list[Floats], changes: list[tuple[int, int, Ints]], measured: Bools
) -> list[Ints]:
    """The outcome of each changed answer set, per change, from their scores (a change of a
    question no condition reads leaves what is measured as it was)."""
    import popquiz.engine.analysis.arrays as arrays

    if not scores:
        return []
    rows = np.concatenate([other for qi, _, other in changes if qi not in c.referenced])
    used = measured[rows]
    winner = arrays.decide(c, arrays.fits(c, np.concatenate(scores), used), used).winner
    return np.split(winner, np.cumsum([len(x) for x in scores])[:-1])


def _outcomes_of_sets(c: Compiled, sets: list[Ints]) -> list[Ints]:
    """The outcome of each changed answer set, per change, from the answer sets."""
    import popquiz.engine.analysis.arrays as arrays

    if not sets:
        return []
    winner = arrays.outcomes(c, np.concatenate(sets))
    return np.split(winner, np.cumsum([len(x) for x in sets])[:-1])


def _scores_if(
    c: Compiled, qi: int, k: int, old: Ints, sums: Sums, rows: Ints, scores: Floats
) -> Floats:
    """The scores of the answer sets ``rows`` (whose answers to ``qi`` are
    ``old``) if question ``qi``, which no condition looks at, were answered ``k``."""
    import popquiz.engine.analysis.arrays as arrays

    options = c.terms[qi]
    out = scores[rows]
    for slot, (i, new) in enumerate(options[k]):
        before = np.array([option[slot][1] for option in options], dtype=np.float64)[old]
        raw = sums.raw[rows, i] + (new - before)
        out[:, i] = arrays.scores(raw, sums.lo[rows, i], sums.hi[rows, i])[0]
    return out
