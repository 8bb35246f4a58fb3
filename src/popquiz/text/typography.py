"""Typography by language for screens and exports: full-width brackets and colons in Japanese,
list joiners, dates ("2026年12月", "2026년 12월") and the status line with its as-of date.

No Rich here: the history listing and plain exports use it too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from popquiz.i18n import t


def colon(lang: str) -> str:
    """What ends a label: "：" in Japanese, ":" otherwise (the caller adds any space)."""
    return "：" if lang == "ja" else ":"


def paren(lang: str, text: str) -> str:
    """``text`` in brackets after the text before it: "（…）" in Japanese, " (…)" otherwise."""
    return f"（{text}）" if lang == "ja" else f" ({text})"


def quoted(lang: str, name: str) -> str:
    """An id or a value quoted in a message: 「…」 in Japanese, '…' otherwise (as Python's
    repr, so that an odd character shows escaped)."""
    from popquiz.text.charclass import printable

    shown = repr(name)
    if lang == "ja" and shown[0] == "'" and shown[-1] == "'":
        return "「" + printable(shown[1:-1]) + "」"
    return printable(shown)


def sentences(lang: str, *parts: str) -> str:
    """Sentences one after another, the first ended if it is not: in Japanese with 。 and no
    space between them, otherwise with a full stop and a space."""
    first, *rest = parts
    stop = "。" if lang == "ja" else "."
    if not first.endswith((stop, "?", "!", "？", "！")):
        first += stop
    return ("" if lang == "ja" else " ").join([first, *rest])


def joiner(lang: str) -> str:
    """Between items of a run-on list: "、" in Japanese, ", " in Korean, "; " in English."""
    return {"ja": "、", "ko": ", "}.get(lang, "; ")


def join(lang: str, items: list[str]) -> str:
    return joiner(lang).join(items)


def date(value: int | str, lang: str) -> str:
    """An as-of date (a year, or "YYYY-MM") in the language's style: 2026年12月, 2026년 12월,
    2026-12 (English keeps the ISO form). Anything else is shown as given."""
    text = str(value)
    year, _, month = text.partition("-")
    if not year.isdigit() or (month and not month.isdigit()):
        return text
    if lang == "ja":
        return f"{year}年{int(month)}月" if month else f"{year}年"
    if lang == "ko":
        return f"{year}년 {int(month)}월" if month else f"{year}년"
    return text


def status_line(lang: str, status: Mapping[str, object]) -> str:
    """A status said with one date: a text that carries its own date (an event's year or
    month: "disbanded 1996", "album DRIP (Nov 2024)") is shown alone, since a second date
    beside it reads as a contradiction or as stale ("(Nov 2025) (as of 2025-12)"); a text
    without one gets the date it was checked, joined with a middle dot (never a second
    bracket) after text that ends in one."""
    text = str(status["text"])
    if names_a_date(text):
        return text
    when = date(str(status["as_of"]), lang)
    if text.rstrip().endswith((")", "）", "]", "』", "」")):
        return t(lang, "status.asof_joined", text=text, as_of=when)
    return t(lang, "status.asof", text=text, as_of=when)


# A year as the statuses write it: four digits on their own (2025, 2025年, 2025년, Nov 2025).
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|20[0-9]{2}|2100)(?![0-9])")


def names_a_date(text: str) -> bool:
    """Whether ``text`` names a date of its own (a year, alone or with its month)."""
    return _YEAR.search(text) is not None
