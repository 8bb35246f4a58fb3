"""Typography by language for screens and exports: full-width brackets and colons in Japanese,
list joiners, dates ("2026年12月", "2026년 12월") and the status line with its as-of date.

No Rich here: the history listing and plain exports use it too.
"""

from __future__ import annotations

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
    """A status with the date it was checked, said once: the as-of part is left out when the
    text already names that date (its year, or its month as the language writes it), and is
    joined with a middle dot (not a second bracket) after text that ends in one."""
    text = str(status["text"])
    as_of = str(status["as_of"])
    if _names_date(text, as_of, lang):
        return text
    when = date(as_of, lang)
    if lang in ("ko", "ja") and text.rstrip().endswith((")", "）", "]", "』", "」")):
        return t(lang, "status.asof_joined", text=text, as_of=when)
    return t(lang, "status.asof", text=text, as_of=when)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _names_date(text: str, as_of: str, lang: str) -> bool:
    """Whether ``text`` already says the as-of date: a year as digits, a "YYYY-MM" as the
    language writes a month (2025年11月, 2025년 11월, Nov 2025 or November 2025)."""
    year, _, month = as_of.partition("-")
    if not year.isdigit():
        return False
    if not month:
        return year in text
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return False
    if date(as_of, lang) in text:
        return True
    i = int(month) - 1
    return f"{_MONTHS[i]} {year}" in text or f"{_MONTH_NAMES[i]} {year}" in text
