"""Tune a catalogue's act profiles with popquiz's own consistent-taker model.

    python tools/tune_acts.py quizzes/kpop-vs-jpop.yaml tests/data/acts.csv [--write]

Every act should be met: under consistent takers (``popquiz analyze``, docs/authoring.md
section 10) each act is among a taker's top-5 picks for at least ``MIN_SHARE`` of takers and
for at most ``MAX_SHARE``, and each outcome's first pick is an active act for at least
``ACTIVE_SHARE`` of that outcome's takers. This script searches for the smallest profile
changes that get there: a seeded local search over one axis of one act at a time, each value
kept within ``EDITORIAL_SLACK`` of the editorial position in the facts table (its ``ed_*``
columns; ``system`` and ``identity`` have no column and are kept within ``EDITORIAL_SLACK`` of
the catalogue's value) and inside [-1, 1]. It tunes against takers drawn with seeds other than
``analyze``'s, with tighter targets than the acceptance bounds, so the result does not depend
on one sample; ``popquiz analyze --json`` is the check.

It reimplements only the act matching (`popquiz.engine.compiled.matches`) and the pick rule
(`popquiz.engine.recommend.picks`) with numpy for speed, and before writing it checks that its
picks equal popquiz's own for every taker. numpy is not a popquiz dependency: this is an
author's tool, run by hand (``pip install numpy``).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from popquiz.bank.loader import load_bank
from popquiz.engine.analysis.takermodels import TOP_N
from popquiz.engine.compiled import compiled
from popquiz.engine.recommend import ACTIVE_WITHIN, picks
from popquiz.engine.scoring import score_assignment
from popquiz.engine.takers import consistent_assignment

MIN_SHARE = 0.015  # acceptance: 0.5 %
MAX_SHARE = 0.22  # acceptance: 25 %
ACTIVE_SHARE = 0.95  # acceptance: 90 %
EDITORIAL_SLACK = 0.25
STEP = 0.05
COLUMNS = {
    "performance": "ed_perf",
    "reach": "ed_reach",
    "engagement": "ed_engage",
    "sound": "ed_sound",
    "mood": "ed_mood",
}


class Takers:
    def __init__(self, bank: Any, seeds: range, samples: int) -> None:
        c = compiled(bank)
        rows, used, home, outcomes, results = [], [], [], [], []
        for seed in seeds:
            rng = random.Random(f"popquiz-takers:consistent:{seed}")
            for _ in range(samples):
                result = score_assignment(bank, consistent_assignment(c, rng))
                results.append(result)
                rows.append([a.score for a in result.axes])
                u = [a.measured for a in result.axes]
                used.append(u if any(u) else [True] * len(u))
                home.append(bank.scene_of(bank.outcomes_by_id[result.outcome]))
                outcomes.append(result.outcome)
        self.rows = np.array(rows)
        self.used = np.array(used, dtype=float)
        self.n_used = self.used.sum(axis=1)
        self.home = home
        self.outcomes = outcomes
        self.results = results


def matches(t: Takers, profiles: np.ndarray) -> np.ndarray:
    d = ((t.rows[:, None, :] - profiles[None, :, :]) ** 2 * t.used[:, None, :]).sum(axis=2)
    return np.maximum(0.0, 1.0 - np.sqrt(d / t.n_used[:, None]))


def evaluate(
    bank: Any, t: Takers, profiles: np.ndarray
) -> tuple[np.ndarray, dict[str, float], list[list[int]]]:
    """Top-5 share per act, first-pick-active share per outcome, and every taker's picks."""
    scenes = [a.scene for a in bank.acts]
    inactive = [a.facts.active is False for a in bank.acts]
    m = matches(t, profiles)
    count = np.zeros(len(scenes))
    first_ok: dict[str, list[int]] = {}
    every = []
    orders = np.argsort(-m, axis=1, kind="stable").tolist()
    for i in range(len(t.rows)):
        row = m[i]
        order = _active_first(orders[i], row, scenes, inactive)
        home = t.home[i]
        away = TOP_N - (TOP_N // 2 + 1)
        main: list[int] = []
        for k in order:
            if len(main) == TOP_N:
                break
            if scenes[k] != home:
                if away == 0:
                    continue
                away -= 1
            main.append(k)
        every.append(main)
        count[main] += 1
        ok = first_ok.setdefault(t.outcomes[i], [0, 0])
        ok[0] += not inactive[main[0]]
        ok[1] += 1
    return count / len(t.rows), {k: a / n for k, (a, n) in first_ok.items()}, every


def _active_first(
    order: list[int], row: np.ndarray, scenes: list[str], inactive: list[bool]
) -> list[int]:
    out = order
    seen: set[str] = set()
    for k in list(order[:20]):
        if scenes[k] in seen:
            continue
        seen.add(scenes[k])
        if not inactive[k]:
            continue
        for k2 in order:
            if row[k2] < row[k] - ACTIVE_WITHIN:
                break
            if scenes[k2] == scenes[k] and not inactive[k2]:
                out.remove(k2)
                out.insert(out.index(k), k2)
                break
    return out


def cost(
    shares: np.ndarray, active: dict[str, float], profiles: np.ndarray, ref: np.ndarray
) -> float:
    low = np.maximum(0.0, MIN_SHARE - shares)
    high = np.maximum(0.0, shares - MAX_SHARE)
    act = sum(max(0.0, ACTIVE_SHARE - v) for v in active.values())
    return float(1e4 * (low**2).sum() + 1e4 * (high**2).sum() + 1e4 * act**2) + float(
        1e-3 * ((profiles - ref) ** 2).sum()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("facts", type=Path)
    parser.add_argument("--write", action="store_true", help="rewrite the catalogue's profiles")
    parser.add_argument("--steps", type=int, default=4000)
    args = parser.parse_args()

    bank = load_bank(args.bank)
    axes = list(bank.axis_ids)
    with args.facts.open(encoding="utf-8", newline="") as fh:
        facts = {row["name"]: row for row in csv.DictReader(fh)}
    profiles = np.array([[a.profile.get(x, 0.0) for x in axes] for a in bank.acts])
    ref = profiles.copy()
    for i, act in enumerate(bank.acts):
        row = facts[bank.text(act.name, "en")]
        for j, axis in enumerate(axes):
            if axis in COLUMNS:
                ref[i, j] = float(row[COLUMNS[axis]])
    lo = np.maximum(-1.0, ref - EDITORIAL_SLACK)
    hi = np.minimum(1.0, ref + EDITORIAL_SLACK)

    train = Takers(bank, range(1, 6), 1000)
    shares, active, _ = evaluate(bank, train, profiles)
    best = cost(shares, active, profiles, ref)
    print(f"start: cost {best:.3f}", file=sys.stderr)
    rng = random.Random(0)
    for step in range(args.steps):
        # Propose moves mostly for acts outside their bounds.
        bad = [i for i, s in enumerate(shares) if s < MIN_SHARE or s > MAX_SHARE]
        # ... and for the scenes of outcomes whose first pick is too often a classic.
        bad += [
            i
            for i, a in enumerate(bank.acts)
            for o, v in active.items()
            if v < ACTIVE_SHARE and a.scene == bank.scene_of(bank.outcomes_by_id[o])
        ]
        i = rng.choice(bad) if bad and rng.random() < 0.8 else rng.randrange(len(bank.acts))
        j = rng.randrange(len(axes))
        trial = profiles.copy()
        trial[i, j] = round(
            float(np.clip(trial[i, j] + rng.choice((-STEP, STEP)), lo[i, j], hi[i, j])), 2
        )
        if trial[i, j] == profiles[i, j]:
            continue
        s2, a2, _ = evaluate(bank, train, trial)
        c2 = cost(s2, a2, trial, ref)
        if c2 < best:
            profiles, shares, active, best = trial, s2, a2, c2
        if step % 250 == 0:
            print(f"step {step}: cost {best:.4f}", file=sys.stderr)
    print(f"end: cost {best:.4f}", file=sys.stderr)

    # Check against popquiz's own picks before trusting the numbers.
    check = Takers(bank, range(0, 1), 1000)
    tuned = _with_profiles(bank, axes, profiles)
    shares, active, every = evaluate(tuned, check, profiles)
    differ = 0
    for result, mine in zip(check.results, every, strict=True):
        theirs = [a.id for _, a, bridge in picks(tuned, result, TOP_N) if not bridge]
        differ += theirs != [tuned.acts[k].id for k in mine]
    print(f"picks that differ from popquiz's own (float ties): {differ} of {len(every)}")
    for k in np.argsort(-shares):
        print(f"{bank.acts[k].id:24} {shares[k]:6.1%}")
    print("first pick active:", {k: f"{v:.1%}" for k, v in active.items()})
    if args.write:
        _write(args.bank, bank, axes, profiles)
    return 0


def _with_profiles(bank: Any, axes: list[str], profiles: np.ndarray) -> Any:
    from dataclasses import replace

    acts = tuple(
        a._replace(profile={x: float(profiles[i, j]) for j, x in enumerate(axes)})
        for i, a in enumerate(bank.acts)
    )
    return replace(bank, acts=acts)


def _write(bank_path: Path, bank: Any, axes: list[str], profiles: np.ndarray) -> None:
    path = bank_path.with_name(bank_path.stem + "-acts.yaml")
    text = path.read_text(encoding="utf-8")
    for i, act in enumerate(bank.acts):
        where = {x: j for j, x in enumerate(axes)}
        values = ", ".join(f"{x}: {_num(profiles[i, where[x]])}" for x in act.profile)
        head = rf"(  - id: {re.escape(act.id)}\b[^\n]*\n(?:    [^\n]*\n)*?    profile: )"
        text, n = re.subn(head + r"\{[^}]*\}", rf"\g<1>{{{values}}}", text, count=1)
        assert n == 1, act.id
    path.write_text(text, encoding="utf-8")


def _num(x: float) -> str:
    if abs(x) < 0.005:
        return "0.0"
    s = f"{x:.2f}"
    return s[:-1] if s.endswith("0") else s


if __name__ == "__main__":
    raise SystemExit(main())
