"""The building blocks of :func:`popquiz.engine.analysis.picks.array_picks`: the acts as
arrays, the similarity tables, sets of booleans packed into words, Python's own ``sum`` on
arrays, and maximal marginal relevance stepped for many takers at once (numpy; imported by
``analyze`` alone).

Each reproduces the pure rule's floats exactly (:mod:`popquiz.engine.recommend`): the same
operations on the same numbers, in the same order where the order can change a result.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from popquiz.engine import recommend as R
from popquiz.engine.compiled import LEAN

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from popquiz.bank.model import Bank
    from popquiz.engine.compiled import Compiled


def python_sum(terms: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    """Element by element, the float Python's own ``sum`` gives for these terms in this order:
    one addition after another before 3.12, Neumaier's compensated sum since. The pure rule
    totals weights and squares with ``sum``; the last bit of such a total can decide a tie."""
    total = terms[0] + 0.0  # sum() starts from the integer 0
    if sys.version_info < (3, 12):
        for x in terms[1:]:
            total = total + x
        return total
    comp = np.zeros_like(total)
    for x in terms[1:]:
        t = total + x
        comp += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return np.where((comp != 0) & np.isfinite(comp), total + comp, total)


def bit_words(bits: NDArray[np.bool_]) -> NDArray[np.uint32]:
    """Rows of booleans as rows of 32-bit words: whether two rows share a set bit is then an
    AND per word, not a product over every column."""
    packed = np.packbits(bits, axis=1, bitorder="little")
    out = np.zeros((len(bits), max(4, -(-packed.shape[1] // 4) * 4)), dtype=np.uint8)
    out[:, : packed.shape[1]] = packed
    return out.view(np.uint32)


def share_bits(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> NDArray[np.bool_]:
    """Rows of ``a`` × rows of ``b`` (:func:`bit_words`): whether they share a set bit."""
    out: NDArray[np.bool_] = (a[:, 0, None] & b[None, :, 0]) != 0
    for w in range(1, a.shape[1]):
        out |= (a[:, w, None] & b[None, :, w]) != 0
    return out


@dataclass(frozen=True)
class Catalogue:
    """The acts as arrays, built once per call."""

    profiles: NDArray[np.float64]  # acts × axes
    member: NDArray[np.bool_]  # acts × facet values: the act has the value
    strong: NDArray[np.uint32]  # words of: has each facet value, leans high, leans low per axis
    values: NDArray[np.uint32]  # words of: has each facet value
    middle: NDArray[np.uint32]  # words of: sits in the middle of each axis
    scene: NDArray[np.int64]  # each act's scene, numbered
    active: NDArray[np.bool_]
    # Per facet, the distinct sets of its values acts carry (value columns); the acts' distinct
    # combinations of those sets (signatures × facets) and each act's signature: a taker's
    # facet fit is the same for every act of one signature.
    value_sets: tuple[list[list[int]], ...]
    signatures: NDArray[np.int64]
    signature: NDArray[np.int64]


def catalogue(bank: Bank, c: Compiled) -> Catalogue:
    acts = bank.acts
    profiles = np.array(c.act_profiles, dtype=float).reshape(len(acts), len(bank.axes))
    pairs = list(bank.facet_values)
    member: NDArray[np.bool_] = np.array(
        [[v in a.values_of(f) for f, v in pairs] for a in acts], dtype=bool
    ).reshape(len(acts), len(pairs))
    scenes = {s: i for i, s in enumerate(dict.fromkeys(a.scene for a in acts))}
    value_sets, keys = [], []
    for facet in dict.fromkeys(f for f, _ in pairs):
        cols = [k for k, (f, _) in enumerate(pairs) if f == facet]
        found: dict[tuple[int, ...], int] = {}
        keys.append(
            [found.setdefault(tuple(k for k in cols if row[k]), len(found)) for row in member]
        )
        value_sets.append([list(key) for key in found])
    signatures: dict[tuple[int, ...], int] = {} if keys else {(): 0}
    each = zip(*keys, strict=True)
    signature = [signatures.setdefault(key, len(signatures)) for key in each] if keys else []
    return Catalogue(
        profiles,
        member,
        bit_words(np.hstack([member, profiles >= LEAN, profiles <= -LEAN])),
        bit_words(member),
        bit_words(np.abs(profiles) < LEAN),
        np.array([scenes[a.scene] for a in acts], dtype=np.int64),
        np.array([a.facts.active is not False for a in acts], dtype=bool),
        tuple(value_sets),
        np.array(list(signatures), dtype=np.int64).reshape(len(signatures), len(keys)),
        np.array(signature if keys else [0] * len(acts), dtype=np.int64),
    )


def similarities(cat: Catalogue, patterns: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(patterns · acts) × acts: row ``g·acts + j`` holds every act's similarity to act ``j``
    for takers of pattern ``g`` (their measured axes, then the asked-for values that make no
    two picks alike), by the operations of ``recommend._Ranker.similarity``."""
    profiles, member = cat.profiles, cat.member
    n_acts, n_axes = profiles.shape
    out = np.empty((len(patterns), n_acts, n_acts))
    closeness: dict[tuple[int, ...], NDArray[np.float64]] = {}
    for g, pattern in enumerate(patterns):
        axes = tuple(int(i) for i in np.flatnonzero(pattern[:n_axes]))
        close = closeness.get(axes)
        if close is None:
            # Row j, column i: (act i − act j)², as the pure rule's close[i][j] takes it.
            terms = [(profiles[None, :, i] - profiles[:, None, i]) ** 2 for i in axes]
            close = np.maximum(0.0, 1 - np.sqrt(python_sum(terms) / len(axes)))
            closeness[axes] = close
        focus = pattern[n_axes:]
        kept = member[:, ~focus].astype(float)
        inter = kept @ kept.T  # counts of small integers: exact in floating point
        size = kept.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        overlap = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        # Acts sharing a value the taker asked for: their closeness does not count.
        asked = member[:, focus].astype(float)
        both = (asked @ asked.T) > 0
        out[g] = R.PROFILE_SHARE * np.where(both, 0.0, close) + (1 - R.PROFILE_SHARE) * overlap
    return out.reshape(len(patterns) * n_acts, n_acts)


def distinct_rows(bits: NDArray[np.bool_]) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """The distinct rows of ``bits`` and each row's among them (rows packed into integers:
    sorting rows of booleans is slow)."""
    packed = np.packbits(bits, axis=1)
    if packed.shape[1] > 8:
        found, which = np.unique(packed, axis=0, return_inverse=True)
        return np.unpackbits(found, axis=1, count=bits.shape[1]).astype(bool), which.reshape(-1)
    wide = np.zeros((len(bits), 8), dtype=np.uint8)
    wide[:, : packed.shape[1]] = packed
    keys = wide.view(np.uint64).reshape(-1)
    _, first, which = np.unique(keys, return_index=True, return_inverse=True)
    return bits[first], which.reshape(-1)


class Mmr:
    """Maximal marginal relevance for many takers at once, over the same acts (columns):
    each step picks, for every taker, the allowed act with the largest
    ``rel − LAMBDA · (largest similarity to a pick so far)``, ties to the first.

    The candidates are kept as relevance with −inf where an act may not be picked (picked
    already, outside the acts allowed, or sharing nothing), so a step is one subtraction and
    one argmax; LAMBDA · max(sim) is kept as max(LAMBDA · sim), the same float."""

    def __init__(
        self,
        rel: NDArray[np.float64],
        strong: NDArray[np.bool_],
        middle: NDArray[np.bool_],
        clean: NDArray[np.bool_],
        sims: NDArray[np.float64],
        base: NDArray[np.intp],
        cols: NDArray[np.int64],
        n: int,
        columns: NDArray[np.bool_],
    ) -> None:
        # What each act shares with the taker: a leaning or an asked-for value; a middle; and
        # whether it carries no value the taker refused.
        self.rel, self.strong, self.middle, self.clean = rel, strong, middle, clean
        self.sharing = strong | middle
        # LAMBDA · similarity: a taker's row for act j is base + j (an act index, not a column)
        self.sims, self.base, self.cols = sims, base, cols
        self.chosen = np.zeros(rel.shape, dtype=bool)
        self.penalty = np.zeros(rel.shape)  # LAMBDA · each act's largest similarity to a pick
        self.picks = np.full((len(rel), n), -1, dtype=np.int64)  # columns, in order
        self.value = np.empty(rel.shape)
        self.sim = np.empty(rel.shape)
        self.line = np.arange(len(rel))
        self.allow(columns)

    def allow(self, columns: NDArray[np.bool_]) -> None:
        """The candidates from now on: ``columns`` not chosen yet."""
        left = columns & ~self.chosen
        self.any = np.where(left, self.rel, -np.inf)  # rel of the candidates, −inf elsewhere
        sharing = left & self.sharing
        self.some = np.where(sharing, self.rel, -np.inf)  # those sharing something
        self.tidy = np.where(sharing & self.clean, self.rel, -np.inf)  # and carrying no refusal

    def step(
        self, k: int, shut: NDArray[np.bool_] | None, first: bool, last: bool
    ) -> NDArray[np.int64]:
        """Pick ``k`` of every taker from the candidates, but those ``shut`` (takers × acts, or
        1 × acts for every taker alike; each taker has one left); ``last``: no pick follows."""
        value = self.value
        if first:
            # The first pick stands on the most (recommend._Ranker.lead): a leaning or an
            # asked-for value before a middle, a middle before nothing, and at each of these
            # an act carrying no value the taker refused before one that carries some.
            np.copyto(value, -np.inf)
            np.copyto(value, self.any, where=self.strong & self.clean)
            fallbacks = [self.strong, self.middle & self.clean, self.middle, self.clean, None]
        else:
            # Later picks share something while any candidate does, carrying no refused value
            # while any of those does.
            np.subtract(self.tidy, self.penalty, out=value)
            fallbacks = [self.sharing, None]
        if shut is not None:
            np.copyto(value, -np.inf, where=shut)
        best: NDArray[np.int64] = value.argmax(axis=1)
        for among in fallbacks:
            stuck = np.flatnonzero(value[self.line, best] == -np.inf)
            if not stuck.size:
                break
            again = self.any[stuck] - self.penalty[stuck]
            if among is not None:
                again[~among[stuck]] = -np.inf
            if shut is not None:
                again[np.broadcast_to(shut, value.shape)[stuck]] = -np.inf
            value[stuck] = again
            best[stuck] = again.argmax(axis=1)
        self.chosen[self.line, best] = True
        self.any[self.line, best] = -np.inf
        self.some[self.line, best] = -np.inf
        self.tidy[self.line, best] = -np.inf
        self.picks[:, k] = best
        if not last:
            self.see(best)
        return best

    def see(self, best: NDArray[np.int64]) -> None:
        """Each act's largest similarity to a pick so far, after picks ``best`` (columns)."""
        # Rows are in range by construction: "clip" skips the bounds check that makes take
        # with an output copy everything twice.
        sim = np.take(self.sims, self.base + self.cols[best], axis=0, out=self.sim, mode="clip")
        np.maximum(self.penalty, sim, out=self.penalty)

    def active_first(self, own: NDArray[np.bool_], active: NDArray[np.bool_], count: int) -> None:
        """Put before an inactive first pick the most relevant active act of ``own`` within
        ACTIVE_WITHIN of it that shares as much; the picks keep their number (``count``)."""
        if count == 0:
            return
        head = self.picks[:, 0]
        late = np.flatnonzero(~active[head])
        if not late.size:
            return
        rel = self.rel[late]
        # 2 · min(shares(), LEANS) + carries no refused value (recommend._Ranker.lead)
        shared = np.where(self.strong[late], R.LEANS, np.where(self.middle[late], R.MIDDLE, -1))
        level = 2 * shared + self.clean[late]
        at = np.arange(len(late))
        h = head[late]
        near = (
            own
            & active
            & (rel >= (rel[at, h] - R.ACTIVE_WITHIN)[:, None])
            & (level >= level[at, h][:, None])
        )
        swap = near.any(axis=1)
        late = late[swap]
        lead = np.where(near[swap], rel[swap], -np.inf).argmax(axis=1)
        picks = self.picks[late, :count]
        # The picks without the lead, in order (a stable sort moves it last), after it.
        rest = np.take_along_axis(
            picks, np.argsort(picks == lead[:, None], axis=1, kind="stable"), axis=1
        )
        new = np.hstack([lead[:, None], rest[:, : count - 1]])
        self.picks[late, :count] = new
        self.chosen[late] = False
        self.chosen[late[:, None], new] = True
