"""What takers answering under one model are told: outcome shares, verdict strengths, top-5
acts and the "why" entries, over seeded answer sets of uniform or consistent takers
(:mod:`popquiz.engine.takers`). Pure.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

import popquiz.engine.analysis.arrays as arrays
from popquiz.engine.analysis.arrays import TakerSample
from popquiz.engine.analysis.budget import half_width
from popquiz.engine.compiled import CENTRED_CLEAR, CENTRED_LEANING
from popquiz.engine.takers import SIGMA, TEMPERATURE

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Floats, Ints
    from popquiz.engine.compiled import Compiled

TAKERS = 1000  # answer sets per taker model for act and "why" statistics
TOP_N = 5
_KEPT = 1 << 20  # cells of squared distances and of weights consistent_answers keeps (8 MiB each)


@dataclass(frozen=True)
class ModelStats:
    """What takers answering under one model are told, over ``samples`` answer sets."""

    model: str  # "uniform" or "consistent"
    samples: int
    error: float  # 99 % half-width of any share below (worst case)
    outcomes: dict[str, float]  # outcome id -> share of takers
    acts_top5: dict[str, float]  # act id -> share of takers with it among the top-5 picks
    first_why: dict[str, float]  # question id -> share of takers for whom it is the first "why"
    why_axes: dict[str, float]  # axis id -> share of takers shown a "why" entry on that axis
    # outcome id -> share of that outcome's takers whose first pick is an active act (only when
    # the catalogue marks some act inactive, and only for outcomes some taker got)
    first_active: dict[str, float] = field(default_factory=dict)
    # 'clear' / 'leaning' / 'close' -> share of takers whose verdict has that strength
    strengths: dict[str, float] = field(default_factory=dict)
    # The lower quartile, median and upper quartile of the non-balanced verdicts' leads past
    # the margin (what rule.leaning and rule.clear are compared with); empty without any.
    lead_quartiles: tuple[float, ...] = ()


def taker_sample(c: Compiled, model: str, n: int = TAKERS, seed: int = 0) -> TakerSample:
    """The answer sets of ``n`` seeded takers under ``model`` (``"uniform"``: every answer
    equally likely; ``"consistent"``: :func:`~popquiz.engine.takers.consistent_assignment`),
    with their axis scores, measured axes, fits and verdicts.

    The same seed draws the same takers as one call of ``consistent_assignment`` (or
    ``Compiled.random_assignment``) per taker on ``random.Random(f"popquiz-takers:{model}:
    {seed}")`` would, in that order: what ``analyze`` reports under "models" is measured on
    exactly these rows.
    """
    rng = random.Random(f"popquiz-takers:{model}:{seed}")
    if model == "consistent":
        answers = consistent_answers(c, rng, n)
    else:
        answers = arrays.uniform_answers(c, rng, n)
    return sample_of(c, model, answers)


def sample_of(c: Compiled, model: str, answers: Ints) -> TakerSample:
    """The takers who gave ``answers`` (one row each), scored: their scores, measured axes,
    fits and verdicts."""
    sums = arrays.sums(c, answers)
    scores, measured = arrays.scores(sums.raw, sums.lo, sums.hi)
    fits = arrays.fits(c, scores, measured)
    winner = arrays.decide(c, fits, measured).winner
    return TakerSample(
        model, answers, sums.asked, scores, measured, fits, winner, sums.hi - sums.lo
    )


def consistent_answers(c: Compiled, rng: random.Random, n: int) -> Ints:
    """``n`` consistent takers' answer sets, row by row the ones
    :func:`~popquiz.engine.takers.consistent_assignment` draws from ``rng`` in turn (each
    taker's type and latent position, then one uniform number per question)."""
    theta, u = _latent_and_uniform(c, rng, n)
    out = np.empty((n, c.nq), dtype=np.int64)
    # Options share positions (a scale's steps, the same answer on several questions): each
    # squared distance, and each option's weights, are worked out once per distinct value
    # (while the kept columns fit in _KEPT cells: a huge bank's are not all held on to).
    squares: dict[tuple[int, float], Floats] = {}
    weighed: dict[tuple[tuple[int, float], ...], Floats] = {}
    room = _KEPT // max(n, 1)
    for qi, options in enumerate(c.positions):
        weights = np.empty((len(options), n))
        for k, pos in enumerate(options):
            key = tuple(pos.items())
            found = weighed.get(key)
            if found is None:
                total = np.zeros(n)
                for i, x in key:
                    square = squares.get((i, x))
                    if square is None:
                        square = np.float_power(x - theta[:, i], 2.0)
                        if len(squares) < room:
                            squares[i, x] = square
                    total = total + square
                found = np.exp(-total / (len(pos) or 1) / TEMPERATURE)
                if len(weighed) < room:
                    weighed[key] = found
            weights[k] = found
        left = u[:, qi] * _added(weights)
        chosen = np.full(n, len(options) - 1, dtype=np.int64)
        done = np.zeros(n, dtype=bool)
        for k in range(len(options)):
            left = left - weights[k]
            hit = (left < 0) & ~done
            chosen[hit] = k
            done |= hit
        out[:, qi] = chosen
    return out


def _latent_and_uniform(c: Compiled, rng: random.Random, n: int) -> tuple[Floats, Floats]:
    """``n`` takers' latent positions (:func:`~popquiz.engine.takers.latent_position`) and
    their ``nq`` uniform numbers each, from the generator's 32-bit words taken at once.

    One taker uses, in order: ``randrange`` of the outcomes (one word per try), ``gauss``
    per axis (a new pair of ``random()`` calls, four words, every other axis; the other
    takes the pair's cached second value, across takers too), then one ``random()`` (two
    words) per question. Only where each taker's words start is worked out one taker at a
    time; the numbers are made from them on arrays, by the generator's own formulas (the
    tests compare them with the generator's calls). The generator is left past the words
    taken: nothing draws from it afterwards."""
    axes, nq = len(c.axes), c.nq
    outcomes = len(c.outcome_profiles)
    shift = 32 - outcomes.bit_length()
    words = _words(rng, n * (2 + 2 * axes + 2 * nq) + 8)
    kinds = np.empty(n, dtype=np.int64)
    pair = np.empty((n, axes), dtype=np.int64)  # the first word of each axis's gauss pair
    cached = np.zeros((n, axes), dtype=bool)  # the pair's second value (sin), kept from before
    start = np.empty(n, dtype=np.int64)  # the first word of the taker's uniform numbers
    at, kept = 0, -1
    for t in range(n):
        while True:
            if at >= len(words):
                words = np.concatenate([words, _words(rng, 1024)])
            kind = int(words[at]) >> shift
            at += 1
            if kind < outcomes:
                break
        kinds[t] = kind
        for i in range(axes):
            if kept >= 0:
                pair[t, i], cached[t, i], kept = kept, True, -1
            else:
                pair[t, i], kept = at, at
                at += 4
        start[t] = at
        at += 2 * nq
    if at > len(words):
        words = np.concatenate([words, _words(rng, at - len(words))])
    x2pi = _uniform(words, pair) * _TWOPI
    g2rad = np.sqrt(-2.0 * np.log(1.0 - _uniform(words, pair + 2)))
    z = np.where(cached, np.sin(x2pi), np.cos(x2pi)) * g2rad
    profiles = np.array(c.outcome_profiles, dtype=np.float64).reshape(outcomes, axes)
    theta = np.clip(profiles[kinds] + (0.0 + z * SIGMA), -1.0, 1.0)
    u = _uniform(words, start[:, None] + 2 * np.arange(nq)[None, :])
    return theta, u


_TWOPI = 2.0 * math.pi  # random.gauss's own constant


def _words(rng: random.Random, count: int) -> npt.NDArray[np.uint32]:
    """The generator's next ``count`` 32-bit outputs, in order."""
    found: npt.NDArray[np.uint32] = np.frombuffer(
        rng.getrandbits(32 * count).to_bytes(4 * count, "little"), "<u4"
    )
    return found


def _uniform(words: npt.NDArray[np.uint32], first: Ints) -> Floats:
    """``random()`` from the two words at each index of ``first``, as CPython makes it."""
    high = (words[first] >> 5).astype(np.float64)
    low = (words[first + 1] >> 6).astype(np.float64)
    out: Floats = (high * 67108864.0 + low) * (1.0 / 9007199254740992.0)
    return out


def _added(weights: Floats) -> Floats:
    """The column sums added row after row, as Python's ``sum`` adds a list."""
    total = np.zeros(weights.shape[1])
    for row in weights:
        total = total + row
    return total


def _strengths(c: Compiled, sample: TakerSample, lead: Floats) -> dict[str, int]:
    """How many takers get each verdict strength (:meth:`Compiled.strength`, on arrays; ``lead``:
    each taker's :meth:`Compiled.lead`): a non-balanced verdict by its lead past the margin, a
    balanced one by how far off centre the taker is (a declared distance's radius taker by
    taker)."""
    rule = c.bank.rule
    margin = c.margin if c.balanced is not None else 0.0
    level = np.where(lead - margin >= rule.clear, 0, np.where(lead - margin >= rule.leaning, 1, 2))
    b = c.balanced
    if b is not None:
        centred = np.flatnonzero(sample.outcome == b)
        if c.metric.plain:
            off = 2 * np.sqrt(np.maximum(0.0, 1 - sample.fits[centred, b]))
        else:
            rows = zip(
                sample.fits[centred, b].tolist(), sample.measured[centred].tolist(), strict=True
            )
            off = np.array([c.off_centre(f, used) for f, used in rows], dtype=np.float64)
        level[centred] = np.where(off <= CENTRED_CLEAR, 0, np.where(off <= CENTRED_LEANING, 1, 2))
    counts = np.bincount(level, minlength=3).tolist()
    return dict(zip(("clear", "leaning", "close"), counts, strict=True))


def head(sample: TakerSample, n: int) -> TakerSample:
    """The first ``n`` takers of ``sample``: the same takers a sample of ``n`` draws."""
    return TakerSample(
        sample.model,
        sample.answers[:n],
        sample.asked[:n],
        sample.scores[:n],
        sample.measured[:n],
        sample.fits[:n],
        sample.outcome[:n],
        sample.span[:n],
    )


def taker_stats(
    c: Compiled,
    model: str,
    samples: int = TAKERS,
    seed: int = 0,
    drawn: TakerSample | None = None,
    picks: Ints | None = None,
) -> ModelStats:
    """Outcome shares, verdict strengths, top-5 act shares and "why" statistics under one taker
    model, from ``samples`` seeded answer sets (:func:`taker_sample`), each told what
    :func:`~popquiz.engine.recommend.picks` and :func:`~popquiz.engine.explain.why_entries`
    would tell it. ``drawn``: a larger sample of the same model and seed already drawn (its
    first ``samples`` takers are these); ``picks``: that sample's
    :func:`~popquiz.engine.analysis.picks.array_picks` when the caller has them (a taker's
    picks depend on that taker alone, so the first ``samples`` rows are these takers')."""
    from popquiz.engine.analysis.picks import array_picks, takers_of_sample
    from popquiz.engine.analysis.takerwords import why_shown

    bank = c.bank
    sample = taker_sample(c, model, samples, seed) if drawn is None else head(drawn, samples)
    n = max(samples, 1)
    counts = np.bincount(sample.outcome, minlength=len(c.outcome_ids)).tolist()
    outcomes = dict(zip(c.outcome_ids, counts, strict=True))
    # Each taker's strength and lead from the fits and verdict the sample already holds.
    lead = arrays.decide(c, sample.fits, sample.measured).lead
    strengths = _strengths(c, sample, lead)
    margin = c.margin if c.balanced is not None else 0.0
    excess = np.sort(lead[sample.outcome != (-1 if c.balanced is None else c.balanced)] - margin)
    excess = excess.tolist()
    quartiles = (
        tuple(excess[min(len(excess) - 1, int(q * len(excess)))] for q in (0.25, 0.5, 0.75))
        if excess
        else ()
    )
    acts = {a.id: 0 for a in bank.acts}
    first_active = dict.fromkeys(c.outcome_ids, 0)
    if bank.acts:
        chosen = (
            array_picks(bank, c, takers_of_sample(c, sample), TOP_N)
            if picks is None or len(picks) < samples
            else picks[:samples, :TOP_N]
        )
        for i, count in enumerate(np.bincount(chosen[chosen >= 0], minlength=len(bank.acts))):
            acts[bank.acts[i].id] = int(count)
        active = np.array([a.facts.active is not False for a in bank.acts], dtype=bool)
        first = chosen[:, 0]
        good = (first >= 0) & active[np.where(first >= 0, first, 0)]
        for o, hit in zip(sample.outcome.tolist(), good.tolist(), strict=True):
            first_active[c.outcome_ids[o]] += int(hit)
    why = why_shown(c, sample)
    told = np.bincount(why.first[why.first >= 0], minlength=c.nq).tolist()
    first_why = dict(zip(c.qids, told, strict=True))
    why_axes = dict(zip(c.axes, why.axes.sum(axis=0).tolist(), strict=True))
    return ModelStats(
        model,
        samples,
        half_width(0.5, samples),
        {k: v / n for k, v in outcomes.items()},
        {k: v / n for k, v in acts.items()},
        {k: v / n for k, v in first_why.items() if v},
        {k: v / n for k, v in why_axes.items()},
        {k: first_active[k] / v for k, v in outcomes.items() if v}
        if any(a.facts.active is False for a in bank.acts)
        else {},
        {k: v / n for k, v in strengths.items()},
        quartiles,
    )
