"""Song titles per language: `facts.songs` entries are a title or a language → title mapping;
plain titles work too."""

from __future__ import annotations

import pytest

from checking import check_text
from conftest import EXAMPLE_BANK
from popquiz.bank.model import resolve_text

GOOD = EXAMPLE_BANK.read_text(encoding="utf-8")
LINE = "      songs: [Ristretto, Lungo]"
assert LINE in GOOD


def _with(songs: str) -> str:
    return GOOD.replace(LINE, f"      songs: {songs}")


def test_plain_and_per_language_titles_load_and_resolve() -> None:
    bank, found = check_text(_with("[{en: Ristretto, ko: 리스트레토, ja: リストレット}, Lungo]"))
    assert bank is not None, found
    act = next(a for a in bank.acts if a.facts.songs)
    first, second = act.facts.songs
    assert resolve_text(first, "ko", bank.language) == "리스트레토"
    assert resolve_text(first, "ja", bank.language) == "リストレット"
    assert resolve_text(first, "en", bank.language) == "Ristretto"
    assert resolve_text(second, "ja", bank.language) == "Lungo"


def test_a_mapping_may_give_only_the_titles_that_differ() -> None:
    bank, found = check_text(_with("[{en: Ristretto, ja: リストレット}]"))
    assert bank is not None, found
    act = next(a for a in bank.acts if a.facts.songs)
    assert resolve_text(act.facts.songs[0], "ko", bank.language) == "Ristretto"  # falls back


@pytest.mark.parametrize(
    ("songs", "code", "words"),
    [
        ("[{ko: 리스트레토}]", "E207", "lacks the default language 'en'"),
        ("[{en: Ristretto, fr: Ristretto}]", "E213", "not a declared language"),
        ("[{en: Ristretto, ko: ''}]", "E1", "empty"),
        ("[{}]", "E1", "mapping"),
        (f"[{{en: {'x' * 201}}}]", "E1", "201 characters"),
        # A title each declared language's readers can read: no kana alone on a Korean
        # screen, no Hangul alone on a Japanese or English one, whether the title is the
        # language's own or the one it falls back to.
        ("[{en: Ristretto, ko: リストレット}]", "E221", "its 'ko' title, 'リストレット'"),
        ("[{en: 리스트레토, ko: 리스트레토}]", "E221", "title Japanese screens fall back to"),
        ("[리스트레토]", "E221", "not in a script English readers read"),
    ],
)
def test_bad_song_titles_are_located(songs: str, code: str, words: str) -> None:
    text = _with(songs)
    bank, found = check_text(text, "bank.yaml")
    assert bank is None
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("      songs:"))
    assert any(d.code.startswith(code) and words in d.message and d.line == line for d in found), [
        (d.code, d.line, d.message) for d in found
    ]


def test_a_title_with_its_original_in_brackets_is_readable() -> None:
    """A Korean transcription followed by the Japanese original, and a title mostly in Latin
    letters, are read on every screen."""
    songs = "[{en: Ristretto, ko: 리스토레토 (リストレット), ja: リストレット}, 無限大(INFINITY)]"
    bank, found = check_text(_with(songs))
    assert bank is not None, found
