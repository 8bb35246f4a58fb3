"""What a result says in words, written once for the terminal screen, the reveal, the cards
and the Markdown export: the verdict line, where the taker stands on an axis, the "last time"
line, how the quiz stopped and an act's scene.

No Rich here: the HTML and SVG cards use it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.engine.compiled import MIDDLE
from popquiz.i18n import t

if TYPE_CHECKING:
    from popquiz.engine.report_types import Report, ReportOutcome, ReportPick


def verdict_line(lang: str, strength_label: object) -> str:
    """ "Verdict: leaning" for an outcome's strength label."""
    return t(lang, "result.verdict", strength=strength_label)


def position_words(lang: str, low: str, high: str, score: float, measured: bool) -> str:
    """Where a score (-1 … 1) stands between the poles ``low`` and ``high``, in words."""
    if not measured:
        return t(lang, "unmeasured")
    score = float(score)  # a stored report's JSON may hold an int
    if abs(score) < MIDDLE:
        return t(lang, "axis.middle")
    return t(lang, "axis.toward", pole=high if score > 0 else low, percent=f"{abs(score):.0%}")


def previous_line(lang: str, now: ReportOutcome, before: ReportOutcome) -> str:
    """ "Last time: …; now: …" for two report outcomes."""
    return t(
        lang,
        "result.previous",
        title=before["title"],
        label=t(lang, f"strength.{before['strength']}"),
        now=now["title"],
        now_label=t(lang, f"strength.{now['strength']}"),
    )


def estimate_percent(confidence: object) -> int:
    """A confidence as a whole percentage, rounded down: "about 85%" must never overstate
    the estimate."""
    return int(float(confidence) * 100) if isinstance(confidence, (int, float)) else 0


def play_note(lang: str, report: Report) -> str | None:
    """The line under a report's verdict saying how the quiz stopped: locked in, a quick
    estimate (None for a full quiz)."""
    stopped = report.get("stopped")
    n, total = report.get("asked"), report.get("total")
    if stopped == "locked":
        return t(lang, "result.locked", n=n, total=total)
    if stopped == "confident":
        percent = estimate_percent(report["confidence"])
        return t(lang, "result.estimate", n=n, total=total, percent=percent)
    if report.get("quick"):
        return t(lang, "result.quick")
    return None


def scene_line(lang: str, rec: ReportPick) -> str:
    """A recommendation's scene, marked as a classic when the act is no longer active."""
    if rec.get("classic"):
        return t(lang, "result.classic", scene=rec["scene_name"])
    return str(rec["scene_name"])


def recs_heading(lang: str, recs: list[ReportPick]) -> str:
    """ "Play these first", naming the scene the picks come from (the verdict's: its first
    pick's; an act filled in from another scene shows its own scene where it appears)."""
    if not recs:
        return t(lang, "result.recs")
    return t(lang, "result.recs_from", title=t(lang, "result.recs"), scene=recs[0]["scene_name"])


def bridge_heading(lang: str, n: int) -> str:
    """The bridge heading, saying what a bridge is: from another scene, for what it shares."""
    return t(
        lang, "result.bridge_from", title=t(lang, "result.bridge" if n == 1 else "result.bridges")
    )
