"""The app's own user-visible strings (chrome, prompts, result headings) in en, ko and ja, and
the language a screen speaks.

Bank text is translated in the bank itself; this table covers everything around it. A test
checks that every key exists in every language with the same placeholders. A :class:`Locale`
(the screen's language and the bank's) is made once where the language is chosen, in
``popquiz.cli``, and handed down: ``.t(key)`` words popquiz's own messages, ``.text(value)``
resolves a bank text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import NamedTuple

TextValue = str | Mapping[str, str]  # a bank text: one string, or language → string

LANGUAGES = ("en", "ko", "ja")


class _Tables(Mapping[str, dict[str, str]]):
    """Language → its messages, each language's module imported the first time it is asked
    for: a quiz speaks one language (two when a message falls back to English), and the
    other tables are a third of a millisecond each at start-up."""

    def __init__(self) -> None:
        self._loaded: dict[str, dict[str, str]] = {}

    def __getitem__(self, lang: str) -> dict[str, str]:
        found = self._loaded.get(lang)
        if found is not None:
            return found
        if lang == "en":
            from popquiz.i18n.en import MESSAGES as table
        elif lang == "ko":
            from popquiz.i18n.ko import MESSAGES as table
        elif lang == "ja":
            from popquiz.i18n.ja import MESSAGES as table
        else:
            raise KeyError(lang)
        self._loaded[lang] = table
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


MESSAGES: Mapping[str, dict[str, str]] = _Tables()


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English if the language or key is missing)."""
    table = MESSAGES.get(lang) or MESSAGES["en"]
    template = table.get(key) or MESSAGES["en"][key]
    if not values:
        return template
    if lang == "ko" and "(" in template:  # a particle that depends on the filled-in word
        from popquiz.i18n.particles import fill

        return fill(template, values)
    return template.format(**values)


def resolve_text(value: TextValue | None, lang: str, default: str) -> str:
    """A bank text in ``lang``, else in the bank's ``default`` language, else in any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(default) or next(iter(value.values()), "")


class Locale(NamedTuple):
    """The languages one screen speaks: ``lang`` for popquiz's messages and for bank text, which
    falls back to ``bank_language`` (the bank's default) where the bank has no translation."""

    lang: str
    bank_language: str

    def t(self, key: str, **values: object) -> str:
        """Popquiz's message ``key`` in this language."""
        return t(self.lang, key, **values)

    def text(self, value: TextValue | None) -> str:
        """A bank text in this language (or the bank's own)."""
        return resolve_text(value, self.lang, self.bank_language)


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The user's language from LC_ALL / LC_MESSAGES / LANG / LANGUAGE (e.g. 'ko'), if any."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower() or None
    return None


def pick_language(requested: str | None, available: tuple[str, ...], default: str) -> str:
    """--lang if the bank has it, else the locale's language if the bank has it, else default."""
    if requested:
        return requested
    loc = locale_language()
    if loc and loc in available:
        return loc
    return default
