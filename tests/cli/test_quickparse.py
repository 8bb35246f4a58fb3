"""The quick parser never disagrees with typer: what it takes, typer parses the same way."""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from popquiz.cli import analyze, quickparse, take, validate
from popquiz.cli.options import ANY_COMMAND, TAKE, Option
from popquiz.cli.typer_app import app

KINDS = {bool: "flag", str: "text", int: "int", Path: "path", list[Path]: "path", list[str]: "text"}
EAGER = {"version", "install_completion", "show_completion"}  # always typer's


def _typer_table(command: Any) -> tuple[set[tuple[str, tuple[str, ...], str]], list[Any]]:
    options, arguments = set(), []
    for param in command.params:
        kind = KINDS[param.type_descriptor.annotation]
        if isinstance(param, typer.core.TyperArgument):
            arguments.append((param.name, kind, param.nargs, param.required))
        elif param.name not in EAGER:
            options.add((param.name, tuple(param.opts + param.secondary_opts), kind))
    return options, arguments


def _fast_table(options: tuple[Option, ...]) -> set[tuple[str, tuple[str, ...], str]]:
    return {(o.dest, o.flags, o.kind) for o in options}


def test_root_options_match_the_typer_app() -> None:
    group = typer.main.get_command(app)
    options, arguments = _typer_table(group)
    assert options == _fast_table(quickparse.ROOT_OPTIONS)
    assert arguments == []


@pytest.mark.parametrize("name", sorted(quickparse.COMMANDS))
def test_command_tables_match_the_typer_app(name: str) -> None:
    group = typer.main.get_command(app)
    options, arguments = _typer_table(group.commands[name])  # type: ignore[attr-defined]
    fast = quickparse.COMMANDS[name]
    assert options == _fast_table(fast.options)
    ((dest, kind, nargs, required),) = arguments
    assert (dest, kind) == (fast.positional, fast.kind)
    assert (nargs == -1) == (fast.at_most is None)
    assert required == (fast.at_least > 0)
    defaults = {p.name: p.default for p in group.commands[name].params}  # type: ignore[attr-defined]
    assert {o.dest: o.default for o in fast.options} == {
        o.dest: defaults[o.dest] for o in fast.options
    }


def test_run_take_takes_every_option_of_the_table_with_its_default() -> None:
    parameters = inspect.signature(take.run_take).parameters
    assert next(iter(parameters)) == "bank"
    keywords = {n: p.default for n, p in parameters.items() if p.kind == p.KEYWORD_ONLY}
    assert keywords == {opt.dest: opt.default for opt in TAKE}


def test_take_and_the_root_declare_the_table_s_options_to_typer() -> None:
    group = typer.main.get_command(app)
    for command in (group, group.commands["take"]):  # type: ignore[attr-defined]
        declared = {p.name: (p.opts, p.help, p.metavar) for p in command.params}
        for opt in TAKE:
            assert declared[opt.dest][:2] == (list(opt.flags), opt.help)
    assert {o.dest for o in quickparse.COMMANDS["take"].options} == {o.dest for o in TAKE}


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lang", "ko"],
        ["-l", "ja", "--plain", "--no-color"],
        ["--debug"],
        ["take"],
        ["take", "--random", "--seed", "1", "--json"],
        ["take", "my-bank.yaml", "--answers", "answers.yaml", "--export", "result.html"],
        ["take", "--lang=ko", "--shuffle", "--quick", "--no-save"],
        ["take", "--resume"],
        ["--quick", "--no-save"],  # bare `popquiz` is `take`: every take option
        ["--random", "--seed", "3", "--json", "--export", "r.svg"],
        ["--shuffle", "--resume"],
        ["--plain", "take", "--random"],
        ["validate", "quizzes/kpop-vs-jpop.yaml"],
        ["validate", "a.yaml", "b.yaml", "--format", "github", "-q"],
        ["analyze", "quizzes/kpop-vs-jpop.yaml"],
        ["analyze", "a.yaml", "b.yaml", "--strict", "--format", "github"],
        ["analyze", "kpop-vs-jpop", "--json", "--seed", "3", "--adaptive"],
    ],
)
def test_the_common_command_lines_take_the_fast_path(argv: list[str]) -> None:
    assert quickparse.parse(argv) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        ["take", "--help"],
        ["validate", "-h"],
        ["validate"],  # missing PATH: typer's usage error
        ["analyze", "--help"],
        ["analyze", "--strict"],  # missing BANK
        ["list"],
        ["schema"],
        ["history", "show", "1"],
        ["take", "--seed", "x"],
        ["take", "--seed", "-1"],
        ["take", "--seed", "１"],  # a fullwidth digit
        ["take", "--json", "--json"],
        ["take", "a", "b"],
        ["take", "--lang"],
        ["take", "-lko"],
        ["take", "--json=yes"],
        ["take", "--", "bank"],
        ["take", "--debug"],
        ["tkae"],
        ["--quick", "validate", "a.yaml"],  # a quiz option before another command
        ["take", "--answers", ""],
    ],
)
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert quickparse.parse(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_POPQUIZ_COMPLETE", "bash_complete")
    assert quickparse.parse([]) is None


# --- the property ----------------------------------------------------------------------------

VOCABULARY = [
    *(f for o in quickparse.ROOT_OPTIONS for f in o.flags),
    *(f for c in quickparse.COMMANDS.values() for o in c.options for f in o.flags),
    *quickparse.COMMANDS,
    "list",
    "schema",
    "--help",
    "-h",
    "--version",
    "--bogus",
    "-x",
    "--",
    "-",
    "",
    "ko",
    "1",
    "007",
    "-1",
    "+1",
    "1_000",
    "１",
    " 2",
    "1.5",
    "99999999999999999999",
    "json",
    "github",
    "bank.yaml",
    "quizzes/kpop-vs-jpop.yaml",
    "--lang=ja",
    "--lang=",
    "--seed=5",
    "--seed=",
    "--json=1",
    "--format=json",
    "-lko",
    "-l=ko",
    "-q",
]


def _bound(function: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    bound = inspect.signature(function).bind(**kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


@contextmanager
def _recording() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Replace run_take / run_validate / run_analyze with recorders (typer's commands call them
    by name)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    real = take.run_take, validate.run_validate, analyze.run_analyze

    def record_take(*args: Any, **kwargs: Any) -> None:
        bound = inspect.signature(real[0]).bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(("take", dict(bound.arguments)))

    def record_validate(*args: Any, **kwargs: Any) -> int:
        bound = inspect.signature(real[1]).bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(("validate", dict(bound.arguments)))
        return 0

    def record_analyze(*args: Any, **kwargs: Any) -> int:
        bound = inspect.signature(real[2]).bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(("analyze", dict(bound.arguments)))
        return 0

    take.run_take, validate.run_validate = record_take, record_validate  # type: ignore[assignment]
    analyze.run_analyze = record_analyze  # type: ignore[assignment]
    try:
        yield calls
    finally:
        take.run_take, validate.run_validate, analyze.run_analyze = real


VALUES = {
    "text": st.sampled_from(["ko", "ja", "en", "json", "github", "text", "x y", "한국어"]),
    "int": st.integers(0, 10**12).map(str) | st.sampled_from(["007", "0"]),
    "path": st.sampled_from(["a.yaml", "dir/b.yml", "quizzes/kpop-vs-jpop.yaml", "~/x", "ü.yaml"]),
}


@st.composite
def _options(
    draw: st.DrawFn, options: tuple[Option, ...], most: int | None = None
) -> list[list[str]]:
    size = len(options) if most is None else most
    chosen = draw(st.lists(st.sampled_from(options), unique=True, max_size=size))
    out = []
    for opt in chosen:
        flag = draw(st.sampled_from(opt.flags))
        if opt.kind == "flag":
            out.append([flag])
        elif flag.startswith("--") and draw(st.booleans()):
            out.append([f"{flag}={draw(VALUES[opt.kind])}"])
        else:
            out.append([flag, draw(VALUES[opt.kind])])
    return out


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """Well-formed command lines (options in any order, positionals between them), sometimes
    with one token of noise from the vocabulary."""
    # The root takes every option of `take` (bare `popquiz` is `take`): a few at a time; before
    # another command, mostly those any command accepts.
    name = draw(st.sampled_from([None, *quickparse.COMMANDS]))
    root = quickparse.ROOT_OPTIONS
    if name not in (None, "take") and draw(st.integers(0, 3)):
        root = tuple(o for o in root if o.dest in ANY_COMMAND or o.dest == "debug")
    argv = [t for group in draw(_options(root, 4)) for t in group]
    if name is not None:
        command = quickparse.COMMANDS[name]
        groups = draw(_options(command.options))
        most = 3 if command.at_most is None else command.at_most
        count = draw(st.integers(command.at_least, most))
        groups += [[draw(VALUES[command.kind])] for _ in range(count)]
        argv += [name, *(t for group in draw(st.permutations(groups)) for t in group)]
    if draw(st.integers(0, 3)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(VOCABULARY)))
    return argv


@settings(max_examples=3, database=None)
@given(st.data())
def test_the_generated_command_lines_mostly_take_the_fast_path(data: st.DataObject) -> None:
    # Guards the property below against a strategy that only ever exercises the fallback.
    taken = [quickparse.parse(data.draw(command_lines())) is not None for _ in range(200)]
    assert sum(taken) > 100


@given(st.lists(st.sampled_from(VOCABULARY), max_size=7) | command_lines())
def test_property_what_the_fast_path_takes_typer_parses_the_same(argv: list[str]) -> None:
    call = quickparse.parse(argv)
    if call is None:
        return
    before = os.environ.pop("POPQUIZ_DEBUG", None)
    try:
        with _recording() as calls:
            result = CliRunner().invoke(app, argv, catch_exceptions=False)
        debug = os.environ.get("POPQUIZ_DEBUG") == "1"
    finally:
        os.environ.pop("POPQUIZ_DEBUG", None)
        if before is not None:
            os.environ["POPQUIZ_DEBUG"] = before
    assert result.exit_code == 0, (argv, result.output)
    function = {
        "validate": validate.run_validate,
        "analyze": analyze.run_analyze,
    }.get(call.command, take.run_take)
    assert calls == [(call.command, _bound(function, call.kwargs))], argv
    assert debug == call.debug
