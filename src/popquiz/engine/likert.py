"""Likert questions' labels and prompts (a bank's own scale, else popquiz's translated one), the
order their points are shown in, and where the cursor starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from popquiz.bank.model import LikertQuestion
    from popquiz.i18n import Locale


def likert_label(q: LikertQuestion, value: int, locale: Locale) -> str:
    """The label of point ``value`` of ``q``'s scale."""
    labels = q.scale.labels if q.scale is not None else None
    if labels is not None and 1 <= value <= len(labels):
        return locale.text(labels[value - 1])
    return locale.t(f"likert{value}")


def likert_prompt(q: LikertQuestion, locale: Locale) -> str:
    """What the taker is asked above the points."""
    if q.scale is not None and q.scale.prompt is not None:
        return locale.text(q.scale.prompt)
    return locale.t("prompt.agree")


def shown_points(q: LikertQuestion, order: str) -> list[int]:
    """``q``'s points in the order the bank lists them on screen: 1 (the lowest) first, or
    the top point first ('descending'). The points themselves never change meaning."""
    points = list(q.values)
    return points[::-1] if order == "descending" else points


def default_point(q: LikertQuestion) -> int | None:
    """Where the cursor starts: the neutral middle of an odd scale (an even one has none)."""
    return (q.points + 1) // 2 if q.points % 2 else None
