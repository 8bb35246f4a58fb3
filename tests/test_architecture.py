"""The shape of the code: layers as folders, imports only downward, no import cycle.

The layer rule itself is import-linter's ``layers`` contract in pyproject.toml (``.ci/run``
runs ``lint-imports``); these tests run it too, show that it really fails on an upward import,
and check for import cycles anywhere in ``src/popquiz`` with the same import graph (grimp),
counting imports inside functions and under ``TYPE_CHECKING`` as imports.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from conftest import ROOT

SRC = ROOT / "src" / "popquiz"
LAYERS = ("cli", "ui", "store", "engine", "bank")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)} if pythonpath else dict(os.environ)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_layer_is_a_package_that_says_what_it_may_import() -> None:
    for layer in LAYERS:
        init = SRC / layer / "__init__.py"
        assert init.is_file(), f"{layer}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "May import:" in doc, f"{layer}/__init__.py does not say what it may import"
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "errors.py", "i18n.py"], top


def test_the_layers_contract_is_kept() -> None:
    proc = lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout and "Layers: cli → ui → store → engine → bank" in proc.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("bank/model.py", "from popquiz.engine import scoring"),
        ("engine/scoring.py", "from popquiz.store import paths"),
        ("store/paths.py", "from popquiz.ui import console"),
        ("ui/console.py", "from popquiz.cli import common"),
    ],
)
def test_an_upward_import_breaks_the_contract(module: str, upward: str, tmp_path: Path) -> None:
    """The contract is not vacuous: one upward import, even inside a function, fails it."""
    shutil.copytree(SRC, tmp_path / "src" / "popquiz")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "src" / "popquiz" / module
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n\ndef _planted() -> None:\n    {upward}\n",
        encoding="utf-8",
    )
    proc = lint_imports(tmp_path, tmp_path / "src")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "BROKEN" in proc.stdout


def import_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return cycles


def test_no_import_cycle_anywhere() -> None:
    graph = grimp.build_graph("popquiz", cache_dir=None)
    assert len(graph.modules) >= 40  # every layer's modules are in the graph
    assert import_cycles(graph, "popquiz") == []


def test_the_cycle_check_finds_a_planted_cycle() -> None:
    graph = grimp.build_graph("popquiz", cache_dir=None)
    graph.add_import(importer="popquiz.bank.yamlsafe", imported="popquiz.bank.loader")
    graph.add_import(importer="popquiz.store.paths", imported="popquiz.store.library")
    cycles = import_cycles(graph, "popquiz")
    assert any("popquiz.bank.loader" in c and "popquiz.bank.yamlsafe" in c for c in cycles)
    assert any("popquiz.store.paths" in c and "popquiz.store.library" in c for c in cycles)
