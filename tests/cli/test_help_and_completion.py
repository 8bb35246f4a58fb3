"""Help a person can read, on every command; shell completion through typer's protocol."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from popquiz.cli.completion import command
from popquiz.i18n import LANGUAGES
from ptyutil import clean_env


def _all_commands() -> list[tuple[list[str], Any]]:
    found: list[tuple[list[str], Any]] = []

    def walk(path: list[str], cmd: Any) -> None:
        found.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk([*path, name], sub)

    walk([], command())
    return found


COMMANDS = _all_commands()


def _run(argv: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "popquiz", *argv],
        capture_output=True,
        text=True,
        env=clean_env(home, COLUMNS="80", **env),
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_the_tree_has_every_command() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "take", "validate", "list", "history", "history show", "analyze"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "root")
def test_help_has_no_python_types_and_whole_summaries(path: list[str], tmp_path: Path) -> None:
    proc = _run([*path, "--help"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    for leak in ("<list[", "{PATH", "<str>", "<path>", "<int>", "<Path>", "{BANK", "…", "...."):
        assert leak not in text, (leak, text)
    assert re.search(r"^Usage: popquiz", text, re.M)
    cmd = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    flat = " ".join(text.split()).replace("- ", "-")  # a line may break after a hyphen
    # Every subcommand's summary is its whole first paragraph, wrapped, not cut.
    for name, sub in getattr(cmd, "commands", {}).items():
        summary = " ".join(re.split(r"\n\s*\n", sub.help.strip())[0].split())
        assert f"{name} {summary}" in flat, (name, summary)
    # Every option and argument says what it means.
    for param in cmd.params:
        assert (param.help or "").strip(), (path, param.name)
    # ... and every command has an example.
    assert "Examples:" in text


def test_bare_popquiz_help_shows_every_take_option(tmp_path: Path) -> None:
    root = _run(["--help"], tmp_path).stdout
    take = _run(["take", "--help"], tmp_path).stdout
    flags = set(re.findall(r"(--[a-z-]+)", take.split("Options:")[1]))
    assert flags >= {"--quick", "--shuffle", "--export", "--no-save", "--resume", "--random"}
    for flag in flags:
        assert flag in root.split("Options:")[1], flag
    assert "--install-completion" in root and "--show-completion" in root


def _complete(home: Path, shell: str, words: str, **extra: str) -> list[str]:
    env = {"_POPQUIZ_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        parts = words.split(" ")
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    proc = _run([], home, **env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return [line for line in proc.stdout.splitlines() if line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_generated(shell: str, tmp_path: Path) -> None:
    proc = _run(
        ["--show-completion", shell], tmp_path, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"
    )
    assert proc.returncode == 0, proc.stderr
    assert "_POPQUIZ_COMPLETE=complete_" + shell in proc.stdout.replace('"', "")
    source = _run([], tmp_path, _POPQUIZ_COMPLETE=f"source_{shell}")
    assert source.returncode == 0 and "popquiz" in source.stdout


def test_take_tab_completes_bank_ids(tmp_path: Path) -> None:
    user = tmp_path / "quizzes"
    user.mkdir()
    bank = Path(__file__).resolve().parents[2] / "quizzes" / "kpop-vs-jpop.yaml"
    (user / "mine.yaml").write_text(
        bank.read_text(encoding="utf-8").replace("id: kpop-vs-jpop", "id: my-own-bank", 1),
        encoding="utf-8",
    )
    assert {"kpop-vs-jpop", "my-own-bank"} <= set(_complete(tmp_path, "bash", "popquiz take "))
    assert _complete(tmp_path, "bash", "popquiz take my") == ["my-own-bank"]
    fish = _complete(tmp_path, "fish", "popquiz take ")
    assert "kpop-vs-jpop" in fish
    zsh = "\n".join(_complete(tmp_path, "zsh", "popquiz take "))
    assert '"kpop-vs-jpop"' in zsh
    assert "my-own-bank" in _complete(tmp_path, "bash", "popquiz history --bank ")


def test_commands_options_and_languages_complete(tmp_path: Path) -> None:
    assert _complete(tmp_path, "bash", "popquiz ta") == ["take"]
    assert {"take", "validate", "list", "history"} <= set(_complete(tmp_path, "bash", "popquiz "))
    assert "--quick" in _complete(tmp_path, "bash", "popquiz --q")
    assert "--shuffle" in _complete(tmp_path, "bash", "popquiz take --sh")
    assert _complete(tmp_path, "bash", "popquiz --lang ") == list(LANGUAGES)
    assert _complete(tmp_path, "bash", "popquiz take --lang k") == ["ko"]
    zsh = "\n".join(_complete(tmp_path, "zsh", "popquiz take --"))
    assert '"--quick":"Stop once the result is likely enough' in zsh  # with its help text


def test_history_show_completes_result_numbers(tmp_path: Path) -> None:
    assert _complete(tmp_path, "bash", "popquiz history show ") == []  # no database: nothing
    for seed in ("1", "2"):
        done = _run(["take", "--random", "--seed", seed, "--json"], tmp_path)
        assert done.returncode == 0, done.stderr
    assert _complete(tmp_path, "bash", "popquiz history show ") == ["2", "1"]


def test_completion_imports_neither_rich_nor_questionary(tmp_path: Path) -> None:
    code = (
        "import sys, popquiz.cli as c\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('rich', 'questionary', "
        "'prompt_toolkit')], file=sys.stderr)"
    )
    env = clean_env(
        tmp_path, _POPQUIZ_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="popquiz take --"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert '"--quick"' in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr


def test_list_refuses_an_unknown_language_like_take(tmp_path: Path) -> None:
    bad = _run(["list", "--lang", "xx"], tmp_path)
    assert bad.returncode == 2
    assert "'xx'" in bad.stderr and "en, ja, ko" in bad.stderr and "Traceback" not in bad.stderr
    good = _run(["list", "--lang", "ko"], tmp_path)
    assert good.returncode == 0 and "kpop-vs-jpop" in good.stdout


def test_quiz_options_before_another_command_are_refused(tmp_path: Path) -> None:
    proc = _run(["--quick", "list"], tmp_path)
    assert proc.returncode == 2
    assert "--quick" in proc.stderr and "popquiz list" in proc.stderr
    # ... but before `take` they count for it.
    took = _run(["--random", "--seed", "1", "take", "--json", "--no-save"], tmp_path)
    assert took.returncode == 0, took.stderr
    assert '"outcome"' in took.stdout


def test_the_resume_hint_names_popquiz_as_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from popquiz.cli.common import invoked_as

    bin_dir = tmp_path / "venv bin"
    bin_dir.mkdir()
    script = bin_dir / "popquiz"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "take"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert invoked_as() == f"'{script}'"  # not on PATH: the full path, shell-quoted
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin")
    assert invoked_as() == "popquiz"
    monkeypatch.setattr(sys, "argv", ["/x/popquiz/__main__.py"])  # python -m popquiz
    assert invoked_as() == "popquiz"
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert invoked_as().endswith(" -m popquiz")


def test_the_next_steps_say_once_how_to_reach_popquiz_off_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from popquiz.cli.common import reaching_popquiz

    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "popquiz"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(script), "take"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    # Not a virtual environment: the path to type, relative to here as it was typed.
    assert reaching_popquiz() == ("popquiz", ("program", "venv/bin/popquiz"))
    (bin_dir / "activate").write_text("", encoding="utf-8")
    assert reaching_popquiz() == ("popquiz", ("activate", "source venv/bin/activate"))
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin")
    assert reaching_popquiz() == ("popquiz", None)  # on PATH: nothing more to say
