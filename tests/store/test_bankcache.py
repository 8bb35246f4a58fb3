"""The compiled-bank cache: used only while nothing it stands for has changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checking import check_bank
from conftest import DEFAULT_BANK, ROOT
from popquiz.bank import loader
from popquiz.bank.yamltext import may_hold_refused
from popquiz.cli import run
from popquiz.store import bankcache, paths
from popquiz.store.bankcache import open_bank
from strategies import bank_data


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A copy of the default bank and its catalogue, free to edit."""
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(DEFAULT_BANK, folder)
    shutil.copy(DEFAULT_BANK.with_name("kpop-vs-jpop-acts.yaml"), folder)
    return folder


def _no_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the bank was checked again instead of coming from the cache")

    monkeypatch.setattr(loader, "check", refuse)


def _entries() -> list[Path]:
    return sorted(paths.cache_dir().glob("bank-*.json"))


def test_second_load_comes_from_the_cache_and_equals_a_full_check(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    first, problems = open_bank(path)
    assert first is not None, problems
    assert len(_entries()) == 1
    fresh, _ = check_bank(path)
    _no_full_check(monkeypatch)
    second, problems = open_bank(path)
    assert problems == [] and second == first == fresh
    assert second is not first


def test_a_cached_load_imports_neither_yaml_nor_pydantic(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    assert open_bank(path)[0] is not None
    code = (
        "import sys; from popquiz.store.bankcache import open_bank\n"
        f"bank, problems = open_bank({str(path)!r})\n"
        "assert bank is not None and not problems, problems\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'pydantic')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=os.environ
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_an_edited_bank_is_checked_again_and_its_mistake_reported(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    assert open_bank(path)[0] is not None
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("\nid: kpop-vs-jpop", "\nid: Not An Id", 1), "utf-8")
    bank, problems = open_bank(path)
    assert bank is None
    assert [(d.code, d.line) for d in problems][:1] == [
        ("E103", original[: original.index("\nid: kpop-vs-jpop")].count("\n") + 2)
    ]
    # A valid edit is picked up, and the entry follows it.
    path.write_text(original.replace("estimated_minutes: ", "estimated_minutes: 1", 1), "utf-8")
    bank, problems = open_bank(path)
    assert bank is not None, problems
    assert str(bank.estimated_minutes).startswith("1")
    assert open_bank(path)[0] == bank


def test_an_edited_catalogue_is_checked_again(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    catalogue = bank_dir / "kpop-vs-jpop-acts.yaml"
    assert open_bank(path)[0] is not None
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("scene: kpop", "scene: kpopp", 1), encoding="utf-8")
    bank, problems = open_bank(path)
    assert bank is None
    assert problems[0].code == "E208" and problems[0].path.endswith("kpop-vs-jpop-acts.yaml")
    catalogue.unlink()
    bank, problems = open_bank(path)
    assert bank is None and problems[0].code == "E211"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 1}',
        b"\xff\xfe\x00",
        "truncated",
        "bank data of the wrong shape",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(bank_dir: Path, damage: bytes | str) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    expected, _ = open_bank(path)
    (entry,) = _entries()
    if damage == "truncated":
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    elif damage == "bank data of the wrong shape":
        data = json.loads(entry.read_bytes())
        bank_data = json.loads(data["bank"])
        bank_data["questions"] = [{"id": "q"}]
        data["bank"] = json.dumps(bank_data)
        data["bank_sha256"] = hashlib.sha256(data["bank"].encode()).hexdigest()  # a forger's
        entry.write_text(json.dumps(data), encoding="utf-8")
    else:
        assert isinstance(damage, bytes)
        entry.write_bytes(damage)
    bank, problems = open_bank(path)
    assert problems == [] and bank == expected
    assert json.loads(json.loads(entry.read_bytes())["bank"])["id"] == "kpop-vs-jpop"


def _edit_cached_bank(entry: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change the cached bank data as someone editing the file would (digest left alone)."""
    data = json.loads(entry.read_bytes())
    bank_data = json.loads(data["bank"])
    edit(bank_data)
    data["bank"] = json.dumps(bank_data)
    entry.write_text(json.dumps(data), encoding="utf-8")


def _no_axes(b: dict[str, Any]) -> None:
    b["axes"] = []


def _empty_answers(b: dict[str, Any]) -> None:
    b["questions"][0]["answers"] = []


def _string_weight(b: dict[str, Any]) -> None:
    answer = b["questions"][0]["answers"][0]
    answer["weights"] = {k: "heavy" for k in answer["weights"]}


def _string_margin(b: dict[str, Any]) -> None:
    b["rule"]["margin"] = "wide"


def _escape_in_title(b: dict[str, Any]) -> None:
    b["title"] = {"en": "\x1b]0;PWNED\x07Quiz"}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "edit", [_no_axes, _empty_answers, _string_weight, _string_margin, _escape_in_title]
)
def test_M10_edited_cache_data_is_a_miss(bank_dir: Path, edit: Callable[[Any], None]) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    expected, _ = open_bank(path)
    (entry,) = _entries()
    _edit_cached_bank(entry, edit)
    bank, problems = open_bank(path)
    assert problems == [] and bank == expected


def test_M10_a_planted_escape_with_a_matching_digest_is_still_a_miss(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    expected, _ = open_bank(path)
    (entry,) = _entries()
    data = json.loads(entry.read_bytes())
    bank_data = json.loads(data["bank"])
    bank_data["title"] = {"en": "\x1b[2JQuiz"}
    data["bank"] = json.dumps(bank_data, ensure_ascii=False)
    data["bank_sha256"] = hashlib.sha256(data["bank"].encode()).hexdigest()
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bank, problems = open_bank(path)
    assert problems == [] and bank == expected


@pytest.mark.timeout(60)
def test_M10_deeply_nested_json_entry_is_a_miss(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    expected, _ = open_bank(path)
    (entry,) = _entries()
    entry.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    bank, problems = open_bank(path)
    assert problems == [] and bank == expected


@pytest.mark.timeout(60)
def test_M10_a_fifo_cache_entry_does_not_hang(bank_dir: Path) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    expected, _ = open_bank(path)
    (entry,) = _entries()
    entry.unlink()
    os.mkfifo(entry)
    bank, problems = open_bank(path)
    assert problems == [] and bank == expected


def test_entries_from_another_version_or_other_code_are_misses(
    bank_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = bank_dir / "kpop-vs-jpop.yaml"
    checks: list[int] = []
    real = loader.check

    def counting(*args: Any, **kwargs: Any) -> Any:
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "check", counting)
    open_bank(path)
    open_bank(path)
    assert len(checks) == 1
    monkeypatch.setattr(bankcache, "__version__", "99.0")
    open_bank(path)
    open_bank(path)
    assert len(checks) == 2
    code = tmp_path / "checker.py"
    code.write_text("one")
    monkeypatch.setattr(bankcache, "_OWN_MODULES_PATHS", (str(code),))
    open_bank(path)
    code.write_text("two, longer")  # an edited checker: the results it stands for may differ
    open_bank(path)
    assert len(checks) == 4
    (entry,) = _entries()
    data = json.loads(entry.read_bytes())
    data["library_files"] = [str(tmp_path / "gone.py")]  # PyYAML or pydantic reinstalled
    entry.write_text(json.dumps(data), encoding="utf-8")
    open_bank(path)
    assert len(checks) == 5


def test_an_unusable_cache_folder_changes_nothing(
    bank_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("POPQUIZ_CACHE_DIR", str(blocker / "cache"))
    path = bank_dir / "kpop-vs-jpop.yaml"
    first, _ = open_bank(path)
    second, _ = open_bank(path)
    assert first is not None and first == second
    assert capsys.readouterr() == ("", "")


def test_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POPQUIZ_HOME", str(tmp_path / "home"))
    assert paths.cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.setenv("POPQUIZ_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert paths.cache_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("POPQUIZ_CACHE_DIR")
    monkeypatch.delenv("POPQUIZ_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert paths.cache_dir() == tmp_path / "xdg" / "popquiz"


def test_validate_never_trusts_the_cache(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry claiming that a broken file is fine fools `take`, by design, but not
    `validate`, which always checks in full."""
    path = bank_dir / "kpop-vs-jpop.yaml"
    assert open_bank(path)[0] is not None
    (entry,) = _entries()
    broken = path.read_text(encoding="utf-8").replace("\nid: kpop-vs-jpop", "\nid: 'Bad Id'", 1)
    path.write_text(broken, encoding="utf-8")
    data = json.loads(entry.read_bytes())
    data["sha256"] = bankcache._digest(path.read_bytes())
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert open_bank(path)[0] is not None  # the planted entry is what a hit looks like
    assert run(["validate", str(path)]) == 1
    assert "error[E103]" in capsys.readouterr().out


def test_take_fills_the_cache_and_plays_the_same_from_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["take", "--random", "--seed", "3", "--json", "--no-save"]
    assert run(args) == 0
    first = capsys.readouterr().out
    assert len(_entries()) == 1
    assert run(args) == 0
    assert capsys.readouterr().out == first


# Without the characters a bank may not hold: U+2800, a symbol that shows as a blank, is refused.
TEXT = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12).filter(
    lambda text: not may_hold_refused(text)
)


# Texts in any script, weights and profiles anywhere in range, conditions, skips, a balanced
# outcome, a margin and inline acts: whatever the cache stores must come back equal.
BANK_FILES = bank_data(
    axes=(1, 3),
    questions=(1, 5),
    answers=(2, 4),
    outcomes=(2, 3),
    acts=(0, 2),
    likert_one_in=2,
    weight=st.floats(-100, 100, allow_nan=False),
    profile=st.floats(-1, 1, allow_nan=False),
    when_one_in=3,
    skippable=True,
    margins=[0.0, 0.05, 0.3],
    text=TEXT,
)


# As many examples as the profile says (1,000 in CI, tests/conftest.py).
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=BANK_FILES)
def test_property_a_cached_bank_equals_the_checked_one(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    checked, problems = check_bank(path)
    assert checked is not None, problems
    assert open_bank(path)[0] == checked  # a miss: checked, then stored
    assert open_bank(path)[0] == checked  # a hit


def test_every_module_that_checks_a_bank_is_one_the_cache_stands_for() -> None:
    """A module of the check missing from ``_OWN_MODULES`` could change what a bank checks out
    as while an old entry is still used: each one a full check imports must be listed."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from popquiz.bank.loader import check\n"
        f"assert check(Path({str(DEFAULT_BANK)!r})).data is not None\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('popquiz.bank.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    used = {f"bank/{name.removeprefix('popquiz.bank.')}.py" for name in done.stdout.split()}
    assert used - set(bankcache._OWN_MODULES) == set()
