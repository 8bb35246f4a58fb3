"""The shape of the code: layers as folders, imports only downward, no import cycle.

The layer rule itself is import-linter's ``layers`` contract in pyproject.toml (``.ci/run``
runs ``lint-imports``); these tests run it too, show that it really fails on an upward import,
and check for import cycles anywhere in ``src/popquiz``, reading every import from the source:
those inside functions and under ``TYPE_CHECKING`` count, and so does the edge into a package's
``__init__`` that ``from package import name`` makes (at least every edge grimp sees).
"""

from __future__ import annotations

import ast
import os
import re
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
    for layer in (*LAYERS, "text"):
        init = SRC / layer / "__init__.py"
        assert init.is_file(), f"{layer}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "May import:" in doc, f"{layer}/__init__.py does not say what it may import"
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "errors.py"], top
    packages = sorted(p.parent.name for p in SRC.glob("*/__init__.py"))
    assert packages == sorted((*LAYERS, "text", "i18n")), packages


def test_the_text_rules_import_only_the_standard_library_and_the_messages() -> None:
    """popquiz.text sits under every layer and errors: no rich, no other popquiz package, and
    BudouX only inside a function (it is imported when Japanese text is wrapped)."""
    allowed = {"popquiz.i18n", "popquiz.text"}
    for path in sorted((SRC / "text").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if name.startswith("popquiz"):
                    assert any(name == a or name.startswith(a + ".") for a in allowed), (path, name)
                elif top == "budoux":
                    assert node not in tree.body, f"{path.name} imports budoux at module level"
                else:
                    assert top in sys.stdlib_module_names, (path, name)


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


def import_graph(src: Path, package: str = "popquiz") -> dict[str, set[str]]:
    """Who imports whom inside ``package`` (its folder is ``src/<package>``), read from the
    source: imports at module level, inside functions and under ``TYPE_CHECKING`` all count.

    ``from P import name`` imports ``P`` itself (Python runs and reads ``P/__init__.py``) and
    ``P.name`` too when that is a module: so a module that writes ``from popquiz.cli import
    take`` depends on ``popquiz/cli/__init__.py``, an edge grimp leaves out (it records only
    ``popquiz.cli.take``). ``import a.b`` imports ``a.b``.
    """
    root = src / package
    modules: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = module.split(".") if is_package else module.split(".")[:-1]
                    here = here[: len(here) - node.level + 1]
                    base = ".".join([*here, base] if base else here)
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for target in targets:
                if target in modules and target != module:
                    edges[module].add(target)
    return edges


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(edges)
    successors = {m: sorted(edges[m]) for m in modules}
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
            if i < len(successors[node]):
                work.append((node, i + 1))
                nxt = successors[node][i]
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
    edges = import_graph(ROOT / "src")
    assert len(edges) >= 40  # every layer's modules are in the graph
    assert import_cycles(edges) == []


def test_the_import_graph_has_every_import_grimp_sees() -> None:
    """The cycle check reads at least what import-linter's graph holds."""
    graph = grimp.build_graph("popquiz", cache_dir=None)
    edges = import_graph(ROOT / "src")
    assert set(graph.modules) == set(edges)
    for module in graph.modules:
        assert graph.find_modules_directly_imported_by(module) <= edges[module], module


def _plant(src: Path, module: str, code: str) -> None:
    target = src / "popquiz" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + code, encoding="utf-8")


@pytest.mark.parametrize(
    ("plants", "cycle"),
    [
        pytest.param(
            {"cli/typer_app.py": "from popquiz.cli import take as _take\n"},
            {"popquiz.cli", "popquiz.cli.main", "popquiz.cli.completion", "popquiz.cli.typer_app"},
            id="through a package __init__",
        ),
        pytest.param(
            {
                "errors.py": "def _planted() -> None:\n    from popquiz.cli import common\n",
                "cli/common.py": "def _planted() -> None:\n    import popquiz.errors\n",
            },
            {"popquiz.errors", "popquiz.cli.common"},
            id="inside functions",
        ),
        pytest.param(
            {
                "errors.py": "if TYPE_CHECKING:\n    from popquiz.store.paths import data_dir\n",
                "store/paths.py": "from popquiz.errors import ExitStatus as _Planted\n",
            },
            {"popquiz.errors", "popquiz.store.paths"},
            id="under TYPE_CHECKING",
        ),
    ],
)
def test_the_cycle_check_finds_a_planted_cycle(
    plants: dict[str, str], cycle: set[str], tmp_path: Path
) -> None:
    shutil.copytree(SRC, tmp_path / "popquiz")
    assert import_cycles(import_graph(tmp_path)) == []
    for module, code in plants.items():
        _plant(tmp_path, module, code)
    assert any(cycle <= set(found) for found in import_cycles(import_graph(tmp_path)))


MAX_MODULE_LINES = 600
HISTORY = re.compile(r"\b[Ii]ssues? ?#?\d+|\bused to\b|\bpopquiz 0\.x\b|\bno longer does\b")


def test_no_module_is_over_600_lines() -> None:
    """A module that grows past this holds more than one job: split it by responsibility."""
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines())
        for p in SRC.rglob("*.py")
    }
    assert {m: n for m, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_code_says_what_it_holds_not_its_history() -> None:
    """Issue numbers and "used to" belong in git's history, not in code or docstrings."""
    found = [
        f"{p.relative_to(SRC)}:{i}: {line.strip()}"
        for p in sorted(SRC.rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if HISTORY.search(line)
    ]
    assert found == []


def test_the_history_check_sees_an_issue_number() -> None:
    assert HISTORY.search("# issue 20: adaptive play")
    assert HISTORY.search('"""--quick used to ask a third."""')
    assert not HISTORY.search("answers that no longer fit are dropped")
