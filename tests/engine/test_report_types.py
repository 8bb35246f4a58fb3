"""The result object's one description (popquiz.engine.report_types) is the JSON ``build_report``
really builds: every key, in order, at every level, for every language of the shipped bank.
A key added to the report but not to the types (or the reverse) fails here, not on a card."""

from __future__ import annotations

import random
import typing
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from conftest import DEFAULT_BANK
from popquiz.bank.loader import load_bank
from popquiz.engine import report_types
from popquiz.engine.recommend import recommend
from popquiz.engine.report import build_report
from popquiz.engine.report_types import Report
from popquiz.engine.scoring import score
from popquiz.engine.session import random_answers

try:
    from typing import NotRequired
except ImportError:  # Python 3.10
    from typing_extensions import NotRequired


def _hints(cls: Any) -> dict[str, Any]:
    return get_type_hints(cls, vars(report_types), include_extras=True)


def _typed_dicts(hint: Any) -> list[Any]:
    """The TypedDicts a field's type may hold (inside lists, ``| None`` and NotRequired)."""
    if is_typeddict(hint):
        return [hint]
    return [d for arg in get_args(hint) for d in _typed_dicts(arg)]


def _check(value: Any, cls: Any, where: str) -> None:
    hints = _hints(cls)
    required = [k for k, h in hints.items() if get_origin(h) is not NotRequired]
    assert isinstance(value, dict), where
    assert [k for k in value if k in required] == required, f"{where}: required keys"
    assert set(value) <= set(hints), f"{where}: keys the types do not describe"
    assert list(value) == [k for k in hints if k in value], f"{where}: key order"
    for key, hint in hints.items():
        if key not in value:
            continue
        items = value[key] if isinstance(value[key], list) else [value[key]]
        for cls_inside in _typed_dicts(hint):
            for item in items:
                if item is not None:
                    _check(item, cls_inside, f"{where}.{key}")


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_build_report_builds_exactly_the_described_shape(lang: str) -> None:
    bank = load_bank(DEFAULT_BANK)
    for seed in range(5):
        result = score(bank, random_answers(bank, random.Random(seed)))
        report = build_report(bank, result, recommend(bank, result), lang)
        _check(report, Report, "report")


def test_keys_missing_from_older_reports_are_the_not_required_ones() -> None:
    hints = _hints(Report)
    optional = {k for k, h in hints.items() if get_origin(h) is NotRequired}
    assert optional == {"mode", "asked", "total", "stopped", "confidence", "preferences", "card"}
    assert typing.get_origin(_hints(report_types.ReportOutcome)["lead"]) is NotRequired
