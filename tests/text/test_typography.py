"""Per-language typography (popquiz.text.typography): colons, brackets, joiners, dates and
the status line."""

from __future__ import annotations

import pytest

from popquiz.text.typography import colon, date, join, paren, status_line


def test_typography_by_language() -> None:
    assert colon("ja") == "：" and colon("ko") == ":" and colon("en") == ":"
    assert paren("ja", "僅差") == "（僅差）" and paren("ko", "박빙") == " (박빙)"
    assert join("ja", ["a", "b"]) == "a、b" and join("en", ["a", "b"]) == "a; b"
    assert date(2026, "ja") == "2026年" and date("2026-07", "ja") == "2026年7月"
    assert date(2026, "ko") == "2026년" and date("2026-07", "ko") == "2026년 7월"
    assert date("2026-07", "en") == "2026-07" and date("soon", "ja") == "soon"


def test_status_line_says_one_date() -> None:
    # The text names its own date: shown alone, whatever date it was checked.
    assert status_line("ja", {"text": "2026年から活動休止", "as_of": 2026}) == "2026年から活動休止"
    line = status_line("ko", {"text": "활동 중 (2025년 그룹명을 i-dle로 변경)", "as_of": 2026})
    assert line == "활동 중 (2025년 그룹명을 i-dle로 변경)"
    assert status_line("en", {"text": "disbanded 1996", "as_of": 2026}) == "disbanded 1996"
    # Without a date of its own: the as-of date, after a middle dot where the text ends in a
    # bracket (never two brackets in a row), in every language.
    assert (
        status_line("ja", {"text": "活動中（4人）", "as_of": "2024-03"})
        == "活動中（4人）・2024年3月時点"
    )
    assert status_line("ja", {"text": "活動中", "as_of": 2026}) == "活動中（2026年時点）"
    assert (
        status_line("en", {"text": "active (four)", "as_of": 2024}) == "active (four) · as of 2024"
    )
    assert status_line("ko", {"text": "활동 중", "as_of": "2025-06"}) == "활동 중 (2025년 6월 기준)"


@pytest.mark.parametrize(
    ("lang", "text", "as_of"),
    [
        ("en", "active; six members since RYOKI left (Nov 2025)", "2025-11"),
        ("en", "renewed in November 2025", "2025-11"),
        ("ko", "활동 중, RYOKI 탈퇴 후 6인 체제 (2025년 11월)", "2025-11"),
        ("ja", "活動中、RYOKIの脱退で6人体制に（2025年11月）", "2025-11"),
        # Checked later than the event it names: still the event's date only.
        ("en", "active; APT. up for three Grammys (Nov 2025)", "2025-12"),
        ("en", "active (fan concerts in Incheon, Tokyo and São Paulo, early 2025)", "2024-11"),
        ("ko", "활동 중 (2023년부터 3인 체제)", 2026),
        ("ja", "脱退（2025年10月）", "2025-11"),
    ],
)
def test_a_status_naming_its_own_date_is_not_dated_twice(
    lang: str, text: str, as_of: str | int
) -> None:
    assert status_line(lang, {"text": text, "as_of": as_of}) == text
