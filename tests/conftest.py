from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BANK = ROOT / "quizzes" / "kpop-vs-jpop.yaml"
EXAMPLE_BANK = ROOT / "tests" / "data" / "format-example.yaml"

# CI runs the properties with at least 1,000 examples; locally a quicker default is fine
# unless HYPOTHESIS_PROFILE asks otherwise.
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Never touch the real user's data directory or locale from a test."""
    home = tmp_path_factory.mktemp("popquiz-home")
    monkeypatch.setenv("POPQUIZ_HOME", str(home))
    monkeypatch.delenv("POPQUIZ_CACHE_DIR", raising=False)  # so the cache is under home
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    yield
