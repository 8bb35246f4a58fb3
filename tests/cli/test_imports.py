"""Startup hygiene: which heavy libraries each command imports (a test of imports, not of time).

Every case runs the real CLI (``popquiz.cli.run``) in a fresh interpreter, checks that the
command really did its work (exit status and output), and then inspects ``sys.modules``.
questionary and prompt_toolkit cost ~0.2 s to import, so only the interactive quiz may load
them; the timings themselves live in benchmarks/ (see benchmarks/README.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BANK = ROOT / "quizzes" / "kpop-vs-jpop.yaml"
EXAMPLE_BANK = ROOT / "tests" / "data" / "format-example.yaml"

PROMPTING = ("questionary", "prompt_toolkit")

# Runs the CLI's error boundary like the console script does, then records every module that
# was imported (into a file, so the command's own stdout stays untouched).
_WRAPPER = """
import sys
from popquiz.cli import run
status = run(sys.argv[2:])
modules = sorted(sys.modules)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("\\n".join(modules))
sys.exit(status)
"""


def run_cli(args: list[str], tmp_path: Path) -> tuple[int, str, set[str]]:
    """(exit status, stdout, imported top-level and dotted module names) of ``popquiz ARGS``."""
    record = tmp_path / "modules.txt"
    env = dict(os.environ)
    env["POPQUIZ_HOME"] = str(tmp_path / "home")
    for var in ("TYPER_USE_RICH", "PYTHONPROFILEIMPORTTIME", "POPQUIZ_DEBUG", "POPQUIZ_CACHE_DIR"):
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(record), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert record.exists(), f"popquiz {' '.join(args)} crashed:\n{proc.stderr}"
    modules = set(record.read_text(encoding="utf-8").split("\n"))
    return proc.returncode, proc.stdout, modules


def loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def assert_not_imported(modules: set[str], *packages: str) -> None:
    found = {p: loaded(modules, p) for p in packages}
    assert not any(found.values()), f"imported: {found}"


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text("morning: read\nbrew: 4\ncup: porcelain\nafternoon: 2\n", encoding="utf-8")
    return path


def test_help_imports_no_prompting_validation_or_yaml(tmp_path: Path) -> None:
    status, out, modules = run_cli(["--help"], tmp_path)
    assert status == 0
    assert "validate" in out and "take" in out
    assert_not_imported(
        modules, *PROMPTING, "pydantic", "pydantic_core", "yaml", "numpy", "resvg_py"
    )


def test_help_imports_rich_only_for_rich_help(tmp_path: Path) -> None:
    """Rich help panels need rich.console; with plain (click) help nothing of Rich loads."""
    from popquiz.cli.typer_app import app

    status, _, modules = run_cli(["--help"], tmp_path)
    assert status == 0
    if app.rich_markup_mode is None:
        assert_not_imported(modules, "rich")
    else:
        assert "rich.console" in modules


def test_validate_does_not_import_prompting(tmp_path: Path) -> None:
    status, out, modules = run_cli(["validate", str(DEFAULT_BANK)], tmp_path)
    assert status == 0, out
    assert "ok (kpop-vs-jpop" in out
    assert_not_imported(modules, *PROMPTING)
    assert "yaml" in modules and "pydantic" in modules  # it really validated


def test_validate_of_an_invalid_bank_does_not_import_prompting(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Not An Id\n", encoding="utf-8")
    status, out, modules = run_cli(["validate", str(bad)], tmp_path)
    assert status == 1
    assert "error[" in out
    assert_not_imported(modules, *PROMPTING, "rich")


def test_schema_does_not_import_prompting_or_yaml(tmp_path: Path) -> None:
    status, out, modules = run_cli(["schema"], tmp_path)
    assert status == 0
    assert json.loads(out)["$schema"].startswith("http://json-schema.org/draft-07")
    assert_not_imported(modules, *PROMPTING, "yaml")


def test_list_does_not_import_prompting(tmp_path: Path) -> None:
    status, out, modules = run_cli(["list"], tmp_path)
    assert status == 0
    assert "kpop-vs-jpop" in out
    assert_not_imported(modules, *PROMPTING)


def test_take_random_json_imports_neither_prompting_nor_rich(tmp_path: Path) -> None:
    status, out, modules = run_cli(
        ["take", "--random", "--seed", "1", "--json", "--no-save"], tmp_path
    )
    assert status == 0
    report = json.loads(out)
    assert report["outcome"]["title"]
    assert_not_imported(modules, *PROMPTING, "rich", "resvg_py")


def test_take_from_the_cache_imports_no_cli_framework_validation_or_yaml(tmp_path: Path) -> None:
    """The fast path and the compiled-bank cache: a played bank starts on the stdlib alone."""
    args = ["take", "--random", "--seed", "1", "--json"]
    first_status, first, modules = run_cli(args, tmp_path)  # fills the cache
    assert first_status == 0
    assert "yaml" in modules and "pydantic" in modules  # the first run really checked
    status, out, modules = run_cli(args, tmp_path)
    assert status == 0 and json.loads(out) == json.loads(first)
    assert_not_imported(modules, "typer", "click", "pydantic", "pydantic_core", "yaml")
    assert_not_imported(modules, *PROMPTING, "rich", "platformdirs", "numpy")
    # Not even popquiz's own YAML reader: the cached bank's bytes are only hashed.
    assert_not_imported(modules, "popquiz.bank.yamlsafe", "popquiz.bank.yamlform")
    # The bank and the session are plain records: dataclasses (with inspect, ast and dis,
    # ~5 ms) and defining dataclasses (~1 ms each) are no part of a quiz's start.
    assert_not_imported(modules, "dataclasses", "inspect")


def test_validate_does_not_build_the_typer_app(tmp_path: Path) -> None:
    status, out, modules = run_cli(["validate", str(DEFAULT_BANK), "--format", "json"], tmp_path)
    assert status == 0 and json.loads(out) == []
    assert_not_imported(modules, "typer", *PROMPTING, "rich", "numpy")


def test_take_random_text_renders_with_rich_but_never_prompts(tmp_path: Path) -> None:
    status, out, modules = run_cli(["take", "--random", "--seed", "1", "--no-save"], tmp_path)
    assert status == 0
    assert out.strip()
    assert "rich.console" in modules  # the result screen is rendered
    assert_not_imported(modules, *PROMPTING, "numpy")


def test_take_answers_does_not_import_prompting(tmp_path: Path, answers_file: Path) -> None:
    status, out, modules = run_cli(
        ["take", str(EXAMPLE_BANK), "--answers", str(answers_file), "--json", "--no-save"],
        tmp_path,
    )
    assert status == 0, out
    report = json.loads(out)
    assert report["bank"]["id"] == "tea-or-coffee"
    assert_not_imported(modules, *PROMPTING, "rich")


def test_bare_popquiz_without_a_terminal_fails_before_importing_prompting(
    tmp_path: Path,
) -> None:
    status, _, modules = run_cli([], tmp_path)
    assert status == 2  # usage: no terminal to ask questions in
    assert_not_imported(modules, *PROMPTING, "rich")


def test_interactive_ui_module_defers_questionary(tmp_path: Path) -> None:
    """The welcome screen shows while questionary loads; importing the UI must not load it."""
    code = (
        "import sys, popquiz.ui.interactive; "
        "print(','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('questionary', 'prompt_toolkit'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_the_first_question_waits_on_no_result_screen_code() -> None:
    """Until the first question is answered, the quiz needs its own screens only: the result
    renderer and Rich's tables (with fractions and decimal, ~20 ms), and the scoring and its
    result types, load after the quiz."""
    code = (
        "import sys, popquiz.cli.take, popquiz.ui.interactive, popquiz.store.bankcache, "
        "popquiz.store.history, popquiz.engine.session; "
        "print(','.join(sorted(m for m in sys.modules if m in "
        "('popquiz.ui.render', 'rich.table', 'fractions', 'popquiz.bank.yamlsafe', "
        "'popquiz.engine.scoring', 'popquiz.engine.preferences'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


# Draws the welcome and the first question's screen (everything but the questionary prompt
# itself) for a bank, then names the modules that drawing imported.
_FIRST_SCREENS = """
import io, sys
from popquiz.bank.loader import load_bank
from popquiz.engine.session import Session
from popquiz.i18n import Locale
bank = load_bank(sys.argv[1])
before = set(sys.modules)
import popquiz.text.linebreak as lb
lb._SCRIPTS.clear()
from rich.console import Console
from popquiz.ui import interactive as ui
from popquiz.ui.promptlines import prompt_message, wrap_title
console = Console(file=io.StringIO(), width=80, force_terminal=True)
locale = Locale(bank.language, bank.language)
session = Session.start(bank, shuffle=False, seed=1, mode="full")
console.print(ui.welcome_renderable(session, locale, plain=False, resumed=False))
spec = ui.prompt_spec(session, session.current(), locale)
console.print(ui.progress_renderable(session, locale, 80, plain=False))
console.print(ui.question_renderable(spec, plain=False))
hint = ui._instruction(spec, locale, 80, plain=False)
prompt_message(spec.message, hint, 80)
titles = [wrap_title(console, c.title, 70) for c in spec.choices]
assert spec.question in console.file.getvalue() and titles
print(",".join(sorted(set(sys.modules) - before)))
print(len(lb._SCRIPTS))
"""

# What only the result needs: the result screen and its tables (Rich's tables load fractions
# and decimal), the ranking, the report and the reveal.
_RESULT_ONLY = (
    "popquiz.ui.render",
    "popquiz.ui.reveal",
    "rich.table",
    "fractions",
    "decimal",
    "popquiz.engine.recommend",
    "popquiz.engine.report",
)


def test_the_welcome_and_first_question_screens_load_nothing_the_result_needs() -> None:
    """Drawn for real (not only imported): the welcome panel, the progress bar, the question
    panel and the prompt's lines import no result-screen code, and English screens compile
    no Korean or Japanese patterns (~5 ms)."""
    proc = subprocess.run(
        [sys.executable, "-c", _FIRST_SCREENS, str(EXAMPLE_BANK)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    modules, compiled = proc.stdout.strip().split("\n")
    drawn = set(modules.split(","))
    assert "popquiz.ui.interactive" in drawn  # the screens were really drawn here
    assert not drawn & set(_RESULT_ONLY), sorted(drawn & set(_RESULT_ONLY))
    assert compiled == "0"


def test_only_analyze_imports_numpy(tmp_path: Path) -> None:
    """The simulation's arrays are ``analyze``'s alone: numpy costs ~60 ms to import. (A small
    bank: what is imported does not depend on the bank.)"""
    coffee = ROOT / "quizzes" / "examples" / "coffee.yaml"
    status, out, modules = run_cli(["analyze", "--json", str(coffee)], tmp_path)
    assert status in (0, 1)
    assert json.loads(out)["models"]
    assert loaded(modules, "numpy")
    assert_not_imported(modules, *PROMPTING, "typer", "click")  # the fast path, like validate
    # Adaptive play and its estimate are analyze --adaptive's alone; the analysis draws its
    # numbers from Python's generator, never numpy.random's.
    assert_not_imported(
        modules, "popquiz.engine.estimate", "popquiz.engine.adaptive", "numpy.random"
    )


def test_only_a_png_export_loads_the_png_renderer(tmp_path: Path) -> None:
    """resvg's binding costs nothing until a PNG is written: an SVG export goes through the
    same export module without it."""
    svg = tmp_path / "card.svg"
    status, _, modules = run_cli(["take", "--random", "--no-save", "--export", str(svg)], tmp_path)
    assert status == 0 and svg.read_text(encoding="utf-8").startswith("<?xml")
    assert loaded(modules, "popquiz.ui.export")
    assert_not_imported(modules, "resvg_py")


_PLUGIN_SPY = """
import importlib.metadata, sys
real = importlib.metadata.entry_points
def spy(**kw):
    if kw.get("group") == "pydantic":
        print("scanned for pydantic plugins", file=sys.stderr)
    return real(**kw)
importlib.metadata.entry_points = spy
from popquiz.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("user_setting", [None, ""])
def test_validate_does_not_scan_for_pydantic_plugins_unless_the_user_asks(
    user_setting: str | None,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if user_setting is not None:  # set, but to a value that leaves plugins on
        env["PYDANTIC_DISABLE_PLUGINS"] = user_setting
    done = subprocess.run(
        [sys.executable, "-c", _PLUGIN_SPY, "validate", str(DEFAULT_BANK)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ": ok (" in done.stdout, done.stdout
    assert ("scanned for pydantic plugins" in done.stderr) == (user_setting is not None)
