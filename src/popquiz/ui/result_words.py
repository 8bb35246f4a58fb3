"""What a result says in words, written once for the terminal screen, the reveal, the cards
and the Markdown export: the verdict line, where the taker stands on an axis, the "last time"
line, how the quiz stopped, an act's scene, and what the recommendations are called (the bank's
own words, else popquiz's neutral ones) with where to listen (only where the bank says).

No Rich here: the HTML and SVG cards use it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from popquiz.engine.compiled import MIDDLE
from popquiz.i18n import t
from popquiz.text.typography import colon

if TYPE_CHECKING:
    from popquiz.engine.report_types import Comparison, Report, ReportOutcome, ReportPick


def verdict_line(lang: str, strength_label: object) -> str:
    """ "Verdict: leaning" for an outcome's strength label."""
    return t(lang, "result.verdict", strength=strength_label)


def differ_words(lang: str, data: Comparison) -> str:
    """Where two compared results differ most ("you differ most on …"), or that they agree."""
    widest = data["most_different"]
    if widest is None:
        return t(lang, "compare.same")
    gap = f"{(widest['gap'] or 0.0) / 2:.0%}"  # the share of the whole bar (-1 … 1) between them
    return t(lang, "compare.differ", low=widest["low"], high=widest["high"], gap=gap)


def compared_verdict_words(lang: str, side: Mapping[str, object]) -> str:
    """:func:`verdict_words` of a compared side, in the comparison's language whatever
    language the result was taken in (the stored label only for a strength popquiz does not
    know)."""
    strength = side.get("strength")
    if strength in ("clear", "leaning", "close"):
        side = {**side, "strength_label": t(lang, f"strength.{strength}")}
    return verdict_words(lang, side)


def verdict_words(lang: str, outcome: Mapping[str, object]) -> str:
    """The verdict line of a report's outcome (or a compared side), said against the
    runner-up: "Verdict: ahead of J-pop, not by much", and for a balanced verdict where it
    stands: "Verdict: right in the middle", "Verdict: in the middle, leaning J-pop". The grade
    alone ("Verdict: leaning") only for a result stored without its runner-up."""
    strength = outcome.get("strength")
    other = outcome.get("runner_up_name")
    if strength in ("clear", "leaning", "close"):
        if outcome.get("balanced") is True:
            if strength == "clear":
                return verdict_line(lang, t(lang, "verdict.middle.clear"))
            if isinstance(other, str) and other:
                return verdict_line(lang, t(lang, f"verdict.middle.{strength}", other=other))
        elif isinstance(other, str) and other:
            return verdict_line(lang, t(lang, f"verdict.over.{strength}", other=other))
    label = outcome.get("strength_label")
    if not isinstance(label, str) or not label:
        label = t(lang, f"strength.{strength}") if strength in ("clear", "leaning", "close") else ""
    return verdict_line(lang, label)


def axis_percent(axis: object) -> tuple[int, int] | None:
    """A report axis's pole percentages (low, high) when it has them, else None: a stored
    report's are used only when they are two whole numbers 0 … 100 adding up to 100."""
    found = axis.get("percent") if isinstance(axis, dict) else None
    if not (isinstance(found, list) and len(found) == 2):
        return None
    low, high = found
    if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 100 for x in found):
        return None
    return (low, high) if low + high == 100 else None


def position_words(
    lang: str,
    low: str,
    high: str,
    score: float,
    measured: bool,
    percent: tuple[int, int] | None = None,
) -> str:
    """Where a score (-1 … 1) stands between the poles ``low`` and ``high``, in words, or as
    the pair of pole percentages when the bank shows its axes that way (``percent``)."""
    if not measured:
        return t(lang, "unmeasured")
    if percent is not None:
        return t(lang, "axis.percent", low=low, high=high, low_pct=percent[0], high_pct=percent[1])
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


def word(report: Report, key: str) -> str:
    """What the result calls ``key`` ('picks', 'bridge', 'bridges', 'name', 'group',
    'start'): the bank's or catalogue's own word, else popquiz's neutral one."""
    own = report.get("bank", {}).get("words") or {}
    return str(own.get(key) or t(str(report.get("language", "en")), f"words.{key}"))


def start_line(report: Report, song: str) -> str:
    """ "Try first: …" (or the bank's word) before an act's first song."""
    lang = str(report.get("language", "en"))
    return f"{word(report, 'start')}{colon(lang)}{'' if lang == 'ja' else ' '}{song}"


def listen_services(report: Report) -> tuple[str, ...]:
    """The services the bank offers listen links on: none unless it (or its catalogue) lists
    them, and none at all with ``POPQUIZ_LINKS=0``."""
    from popquiz.ui.links import links_off

    if links_off():
        return ()
    return tuple(str(s) for s in report.get("bank", {}).get("listen") or ())


def recs_heading(report: Report, recs: list[ReportPick]) -> str:
    """The picks' heading ("Play these first", or the bank's word), naming the scene they come
    from, or, when they come from more than one, the bank's word for that ("across"): each
    act shows its own scene where it appears."""
    lang = str(report.get("language", "en"))
    title = word(report, "picks")
    if not recs:
        return title
    if len({r["scene"] for r in recs}) > 1:
        return t(lang, "result.recs_across", title=title, across=word(report, "across"))
    return t(lang, "result.recs_from", title=title, scene=recs[0]["scene_name"])


def bridge_heading(report: Report, n: int) -> str:
    """The bridge heading, saying what a bridge is: close to the taker, for what it shares."""
    lang = str(report.get("language", "en"))
    return t(lang, "result.bridge_from", title=word(report, "bridge" if n == 1 else "bridges"))
