from __future__ import annotations

import ast
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# As `popquiz analyze` does (cli/analyze.py): the analysis's small matrix products run
# faster on one OpenBLAS thread, above all with xdist's workers beside each other.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BANK = ROOT / "quizzes" / "kpop-vs-jpop.yaml"
EXAMPLE_BANK = ROOT / "tests" / "data" / "format-example.yaml"

# CI runs the properties with at least 1,000 examples; locally a quicker default is fine
# unless HYPOTHESIS_PROFILE asks otherwise.
settings.register_profile("ci", max_examples=1000, deadline=None)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# --- Parallel runs (pytest-xdist) ---------------------------------------------------------------
# pyproject.toml's addopts run the tests on one worker process per CPU (`--numprocesses=logical`,
# two in CI) with `--dist loadgroup`: each test goes to whichever worker is free, except that every
# test of one group below runs on the same worker, one after another. Each test has its own
# tmp_path and POPQUIZ_HOME (see _isolated_home), so the others can run side by side.
#
# The groups are decided here, from each test's file, and not by adding xdist_group marks at
# collection: xdist 3.8 turns those marks into a suffix of the test's node id, which pytest
# 9.2's structured node ids silently ignore (pytest-dev/pytest-xdist#1386), so marked tests
# were spread over both workers anyway.
#
# Modules whose tests must share one worker, by what they share:
_ONE_WORKER = {
    # one chromium for the module (a module-scoped fixture): grouped, only one ever starts,
    # instead of one per worker.
    "tests/ui/test_card_browser.py": "browser",
    # a module-scoped fixture that runs the whole hostile corpus in child processes (the
    # slowest setup of the suite): split over two workers, it would run twice.
    "tests/test_hostile.py": "hostile",
    # three PNG cards rendered once for the module (about 0.7 s each).
    "tests/ui/test_card_png.py": "png",
    # a module-scoped fixture that builds the wheel with pip.
    "tests/test_packaging.py": "packaging",
}
# "pty": every module that imports pexpect or tests/ptyutil.py. Those tests press real keys in
# a pseudo-terminal and wait, with timeouts, for the screen; they run one at a time, as they
# did before xdist, while the other worker runs the rest. A new pty module joins the group by
# its import alone, without a mark (and without editing the test modules).
_PTY_MODULES = {"pexpect", "ptyutil"}


@functools.cache
def xdist_group(path: str) -> str | None:
    """The group of the tests in ``path`` (relative to the repository, as in node ids)."""
    if path in _ONE_WORKER:
        return _ONE_WORKER[path]
    try:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None  # not a Python file we can read: pytest reports its own error
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name.split(".")[0] in _PTY_MODULES for name in names):
            return "pty"
    return None


def _group_of(nodeid: str) -> str | None:
    return xdist_group(nodeid.split("::", 1)[0])


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # addopts says `--numprocesses=logical --dist=loadgroup`; without xdist (`-p no:xdist`, or
    # pytest alone on a machine without it) pytest would refuse those words. They are accepted
    # here instead and mean nothing: the tests simply run in this process, one after another.
    # (Long names only: pytest keeps lowercase short options such as -n for plugins.)
    if not pluginmanager.has_plugin("xdist"):
        group = parser.getgroup("xdist", "xdist is not loaded: these are ignored")
        group.addoption("--numprocesses", dest="numprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


# optionalhook: the hook exists only while xdist is loaded (not with `-p no:xdist`).
@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadgroup":
        return None  # another --dist given on the command line: xdist's own scheduler
    from xdist.scheduler import LoadGroupScheduling

    class FileGroupScheduling(LoadGroupScheduling):
        """loadgroup, with the groups of xdist_group() above. xdist hands out a group whole,
        the largest first, so the pty group starts at once on one worker."""

        def _split_scope(self, nodeid: str) -> str:
            return _group_of(nodeid) or super()._split_scope(nodeid)

    return FileGroupScheduling(config, log)


class _GroupGuard:
    """In the xdist controller: fails the run if a group's tests ran on two workers, so that a
    change in xdist cannot make the pty tests parallel (and flaky) without anyone noticing."""

    def __init__(self) -> None:
        self.worker: dict[str, str] = {}
        self.split: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        node = getattr(report, "node", None)  # set by xdist on reports from a worker
        group = _group_of(report.nodeid)
        if node is None or group is None:
            return
        worker = node.gateway.id
        first = self.worker.setdefault(group, worker)
        if first != worker and report.when == "call":
            self.split.append(f"{report.nodeid} ran on {worker}, its group {group!r} on {first}")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.split:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.ensure_newline()
                reporter.write_sep("=", "xdist groups split over workers", red=True)
                for line in self.split:
                    reporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.has_plugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_GroupGuard(), "popquiz-xdist-group-guard")


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
