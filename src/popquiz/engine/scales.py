"""Labels and prompts of likert answer scales (a bank's own, else popquiz's translated ones)."""

from __future__ import annotations

from popquiz.bank.model import LikertQuestion, resolve_text
from popquiz.i18n import t


def likert_label(q: LikertQuestion, value: int, lang: str, default: str) -> str:
    """The label of point ``value`` of ``q``'s scale in ``lang``."""
    labels = q.scale.labels if q.scale is not None else None
    if labels is not None and 1 <= value <= len(labels):
        return resolve_text(labels[value - 1], lang, default)
    return t(lang, f"likert{value}")


def likert_prompt(q: LikertQuestion, lang: str, default: str) -> str:
    """What the taker is asked above the points."""
    if q.scale is not None and q.scale.prompt is not None:
        return resolve_text(q.scale.prompt, lang, default)
    return t(lang, "prompt.agree")


def default_point(q: LikertQuestion) -> int | None:
    """Where the cursor starts: the neutral middle of an odd scale (an even one has none)."""
    return (q.points + 1) // 2 if q.points % 2 else None
