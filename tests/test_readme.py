"""The README's promises: its test command is what CI runs, and its Python example works."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    play = [b.strip() for b in code_blocks("sh") if "venv" in b and "pip install" in b]
    assert len(play) == 2, play
    install_and_play, install_and_test = play
    assert install_and_play.endswith(".venv/bin/popquiz")
    assert install_and_test.endswith("-m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()


def test_python_api_example_runs(monkeypatch: object) -> None:
    import contextlib
    import io
    import os

    [example] = code_blocks("python")
    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(example, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[0] in {"kpop", "jpop", "crossover"}
    assert lines[-1].endswith("bridge")


def test_the_public_api_is_importable_from_the_package_root() -> None:
    import popquiz
    from popquiz.engine.report import build_report as in_engine

    assert popquiz.build_report is in_engine
    for name in popquiz.__all__:
        assert getattr(popquiz, name) is not None, name
    assert callable(popquiz.recommend) and callable(popquiz.score)
