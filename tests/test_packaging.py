"""The wheel carries the built-in banks: an installed popquiz finds them from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from needs import need


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("popquiz-*.whl")
    return built


def test_wheel_contains_the_banks_and_types(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "popquiz/quizzes/kpop-vs-jpop.yaml" in names
    assert "popquiz/quizzes/kpop-vs-jpop-acts.yaml" in names
    assert "popquiz/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_plays_from_an_unrelated_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "POPQUIZ_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(site)!r}); import popquiz; "
            f"assert popquiz.__file__.startswith({str(site)!r}), popquiz.__file__; "
            "from popquiz.cli import main; main()",
            "take",
            "--random",
            "--seed",
            "1",
            "--json",
            "--no-save",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"id": "kpop-vs-jpop"' in proc.stdout
