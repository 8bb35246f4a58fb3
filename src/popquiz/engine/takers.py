"""The consistent-taker model (used by ``analyze`` and by adaptive play). Pure.

A consistent taker has a type, one of the bank's outcomes, and a latent position per axis near
that type's profile; each answer is drawn with a probability that falls with the distance
between the option's position and the latent one (docs/authoring.md, section 10).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.engine.compiled import Compiled

SIGMA = 0.35  # spread of a consistent taker's latent position around their type's profile
TEMPERATURE = 0.5  # softmax temperature of a consistent taker's answer choice


def consistent_assignment(c: Compiled, rng: random.Random) -> list[int]:
    """One consistent taker: a type drawn uniformly from the bank's outcomes, a latent position
    per axis of that type's profile plus N(0, SIGMA²) noise clipped to [-1, 1], and each answer
    drawn with probability ∝ exp(u / TEMPERATURE), where u is minus the mean squared distance
    between the option's position on the axes the question moves (within the question's own
    range, -1 … 1) and the latent position there."""
    theta = latent_position(c, rng)
    return [draw(weights, rng) for weights in answer_weights(c, theta)]


def latent_position(c: Compiled, rng: random.Random, outcome: int | None = None) -> list[float]:
    """A consistent taker's latent position: the profile of ``outcome`` (drawn uniformly when
    None) plus N(0, SIGMA²) noise per axis, clipped to [-1, 1]."""
    if outcome is None:
        outcome = rng.randrange(len(c.outcome_profiles))
    profile = c.outcome_profiles[outcome]
    return [max(-1.0, min(1.0, p + rng.gauss(0.0, SIGMA))) for p in profile]


def answer_weights(c: Compiled, theta: Sequence[float]) -> list[list[float]]:
    """Per question, per option: the unnormalised probability that a consistent taker at
    ``theta`` picks it, ``exp(−msd / TEMPERATURE)`` (see :func:`consistent_assignment`)."""
    return [
        [
            math.exp(
                -sum([(x - theta[i]) ** 2 for i, x in pos.items()]) / (len(pos) or 1) / TEMPERATURE
            )
            for pos in options
        ]
        for options in c.positions
    ]


def draw(weights: Sequence[float], rng: random.Random) -> int:
    total = sum(weights)
    x = rng.random() * total
    for k, w in enumerate(weights):
        x -= w
        if x < 0:
            return k
    return len(weights) - 1
