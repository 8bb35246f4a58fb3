"""The hardened JSON reader: a file someone else wrote is read with a bank's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from popquiz.bank import jsonsafe, yamlsafe
from popquiz.bank.jsonsafe import JsonRejected, check, depth, loads, read_json


def test_its_limits_are_the_banks() -> None:
    assert jsonsafe.MAX_BYTES == yamlsafe.MAX_BYTES
    assert jsonsafe.MAX_DEPTH == yamlsafe.MAX_DEPTH
    assert jsonsafe.MAX_ITEMS == yamlsafe.MAX_ITEMS
    assert jsonsafe.MAX_NODES == yamlsafe.MAX_NODES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "\\"[[[", {"}}}": 1}]', 2),  # brackets inside strings do not count
        ("[" * 100_000 + "]" * 100_000, 100_000),
    ],
)
def test_depth_is_counted_outside_strings_without_recursion(text: str, expected: int) -> None:
    assert depth(jsonsafe.outside_strings(text)) == expected


@pytest.mark.parametrize(
    "text",
    ['"\\"' * 1_000_000, '["' + '\\"' * 1_000_000, '"' * 2_000_001, '["\\\\"' * 500_000],
)
def test_strings_are_cut_out_in_linear_time(text: str) -> None:
    """Unterminated strings full of escaped quotes: a pattern that retried from each quote
    would take hours here; the reader gives its answer (not JSON) at once."""
    with pytest.raises(JsonRejected, match=r"not JSON|nested too deeply|values"):
        loads(text)


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ('{"a": [1, NaN]}', "a[1]", "is not a finite number (NaN)"),
        ('{"a": {"b": -Infinity}}', "a.b", "is not a finite number (-Infinity)"),
        ('{"a": 1e400}', "a", "is not a finite number (1e400)"),
        ('{"a": ' + "9" * 19 + "}", "a", "is not a finite number (19 digits"),
        ('{"a": 0.' + "1" * 50 + "}", "a", "is not a finite number (52 characters"),
        ('{"a b": "' + "x" * 4001 + '"}', '["a b"]', "is 4,001 characters long"),
        ("[" + ",".join(["1"] * 10_001) + "]", "", "has 10,001 items, over the 10,000 limit"),
        ("[" * 65 + "]" * 65, "", "is nested too deeply (65 levels; at most 64)"),
        ("[" + "[]," * 500_000 + "[]]", "", "has more than 500,000 values"),
    ],
)
def test_each_refusal_names_the_field(text: str, field: str, reason: str) -> None:
    with pytest.raises(JsonRejected) as caught:
        loads(text)
    assert caught.value.field == field
    assert caught.value.reason.startswith(reason)
    shown = caught.value.message("b.json")
    assert shown.startswith(f"b.json: {field} " if field else "b.json ")


def test_a_syntax_error_is_located_and_a_bom_is_dropped(tmp_path: Path) -> None:
    with pytest.raises(JsonRejected) as caught:
        loads(b'{\n  "a": }')
    assert (caught.value.line, caught.value.col) == (2, 8)
    assert caught.value.message("b.json").startswith("b.json:2:8: not JSON")
    with pytest.raises(JsonRejected, match="is not UTF-8 text"):
        loads(b"\xff\xfe{}")
    good = tmp_path / "good.json"
    good.write_bytes(b"\xef\xbb\xbf" + json.dumps({"a": [1, 2.5, "x"]}).encode())
    assert read_json(good) == {"a": [1, 2.5, "x"]}


def test_decoded_data_is_walked_the_same_way() -> None:
    """A stored record decoded elsewhere: numbers Python holds but JSON cannot."""
    with pytest.raises(JsonRejected, match="is not a finite number"):
        check({"a": [float("nan")]})
    with pytest.raises(JsonRejected, match="more than 18 digits"):
        check({"a": 10**5000})
    nested: list[object] = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(JsonRejected, match="nested too deeply"):
        check(nested)
