"""The bank library: sources, precedence, shadowing, broken banks, packs and `popquiz list`."""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from banks import XY, answer, bank_yaml, choice, outcome
from conftest import DEFAULT_BANK, ROOT
from popquiz.cli import run
from popquiz.errors import UsageError
from popquiz.store.library import discover, find_bank
from popquiz.store.paths import builtin_dir, cache_dir, user_bank_dir


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process through the same error boundary as the console script."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return code, out.getvalue(), err.getvalue()


LEFT, RIGHT = answer("l", {"x": -1}, "Left"), answer("r", {"x": 1}, "Right")


def library_bank(bank_id: str, title: str = "Tiny", questions: int = 1) -> str:
    """A bank of ``questions`` left-or-right questions on one axis."""
    return bank_yaml(
        id=bank_id,
        version="2.0",
        title=title,
        axes=[XY[0]],
        questions=[choice(f"q{i}", f"Left or right {i}?", [LEFT, RIGHT]) for i in range(questions)],
        outcomes=[
            outcome("left", {"x": -1}, title="Left", description="You lean left."),
            outcome("right", {"x": 1}, title="Right", description="You lean right."),
        ],
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def user_bank(name: str, text: str) -> Path:
    return write(user_bank_dir() / name, text)


def take_json(ref: str) -> dict[str, object]:
    code, out, err = invoke("take", ref, "--random", "--no-save", "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


# --- discovery -----------------------------------------------------------------------------


def test_builtin_bank_is_listed_and_its_catalogue_is_not_a_problem() -> None:
    library = discover()
    assert [b.id for b in library.banks] == ["kpop-vs-jpop"]
    (info,) = library.banks
    assert info.source == "built-in" and info.path == DEFAULT_BANK
    assert info.languages == ("en", "ko", "ja") and info.questions >= 20
    assert library.problems == [] and library.shadowed == []
    assert user_bank_dir() == Path(os.environ["POPQUIZ_HOME"]) / "quizzes"


def test_user_banks_are_found_and_taken_by_id() -> None:
    user_bank("tiny.yml", library_bank("tiny", "Tiny bank", questions=3))
    info = discover().get("tiny")
    assert info is not None and info.source == "user" and info.questions == 3
    assert find_bank("tiny") == user_bank_dir() / "tiny.yml"
    assert take_json("tiny")["bank"] == {
        "id": "tiny",
        "version": "2.0",
        "title": "Tiny bank",
        "words": {},
        "listen": [],
    }


def test_a_user_bank_shadows_a_builtin_and_it_is_reported() -> None:
    # Named differently from its id, so only reading the file tells what it is.
    mine = user_bank("my-version.yaml", library_bank("kpop-vs-jpop", "My own K-pop quiz"))
    library = discover()
    (info,) = [b for b in library.banks if b.id == "kpop-vs-jpop"]
    assert info.path == mine and info.source == "user"
    (shadow,) = library.shadowed
    assert (shadow.path, shadow.by_path) == (DEFAULT_BANK, mine)
    assert find_bank("kpop-vs-jpop") == mine
    assert find_bank(None) == mine  # the default quiz resolves the same way

    code, out, err = invoke("list")
    assert code == 0
    assert "My own K-pop quiz" in out and "Which pop scene" not in out
    assert "'kpop-vs-jpop' is defined twice" in err and str(DEFAULT_BANK) in err


def test_inside_one_folder_the_file_named_for_the_id_wins() -> None:
    named = user_bank("dup.yaml", library_bank("dup", "Named"))
    other = user_bank("a-first.yaml", library_bank("dup", "Other"))
    library = discover()
    assert library.path_for("dup") == named == find_bank("dup")
    assert [(s.path, s.by_path) for s in library.shadowed] == [(other, named)]


def test_a_broken_bank_is_reported_once_and_does_not_hide_the_others() -> None:
    user_bank("good.yaml", library_bank("good"))
    broken = user_bank("broken.yaml", "id: broken\ntitle: [unclosed\n")
    user_bank("notes.txt", "not a bank at all")  # ignored: not YAML
    library = discover()
    assert {b.id for b in library.banks} == {"good", "kpop-vs-jpop"}
    (problem,) = library.problems
    assert problem.path == str(broken) and problem.declared_id == "broken"

    code, out, err = invoke("list")
    assert code == 0 and "good" in out and "kpop-vs-jpop" in out
    (warning,) = [line for line in err.splitlines() if "broken.yaml" in line]
    assert warning.startswith(f"warning: skipped {broken} (user): not a valid bank: error[")
    assert f"popquiz validate {broken}" in warning


def test_a_broken_bank_still_claims_its_id_so_take_shows_its_errors() -> None:
    user_bank("kpop-vs-jpop.yaml", "id: kpop-vs-jpop\ntitle: Mine\n")  # missing keys
    library = discover()
    assert library.get("kpop-vs-jpop") is None
    assert library.path_for("kpop-vs-jpop") == user_bank_dir() / "kpop-vs-jpop.yaml"
    code, _, err = invoke("take", "kpop-vs-jpop", "--random", "--no-save", "--json")
    assert code == 1 and "kpop-vs-jpop.yaml:" in err and "error[" in err


def test_catalogues_are_skipped_even_in_flow_style(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    write(folder / "cat.yaml", "{acts: []}\n")
    write(folder / "b.yaml", "catalogue: cat.yaml\n" + library_bank("b"))
    write(folder / "orphan-acts.yaml", "acts:\n  - id: x\n")
    library = discover([folder])
    assert library.get("b") is not None and library.problems == []


def test_find_bank_agrees_with_discovery_for_every_id(tmp_path: Path) -> None:
    user_bank("one.yaml", library_bank("one"))
    user_bank("x.yaml", library_bank("two"))
    flow = json.dumps(
        {
            "id": "three",
            "title": "T",
            "description": "d",
            "axes": [{"id": "x", "low": "l", "high": "h"}],
            "questions": [
                {
                    "id": "q",
                    "text": "?",
                    "answers": [
                        {"id": "a", "text": "A", "weights": {"x": 1}},
                        {"id": "b", "text": "B", "weights": {"x": -1}},
                    ],
                }
            ],
            "outcomes": [
                {"id": "o1", "title": "O1", "description": "d", "profile": {"x": 1}},
                {"id": "o2", "title": "O2", "description": "d", "profile": {"x": -1}},
            ],
        }
    )
    user_bank("three.yaml", flow)  # no `id:` line to read: full discovery decides
    user_bank("zzz.yaml", library_bank("one", "shadowed by one.yaml"))
    library = discover()
    assert {b.id for b in library.banks} == {"one", "two", "three", "kpop-vs-jpop"}
    for info in library.banks:
        assert find_bank(info.id) == library.path_for(info.id) == info.path


def test_explicit_paths_come_first(tmp_path: Path) -> None:
    user_bank("tiny.yaml", library_bank("tiny", "From the user folder"))
    extra = write(tmp_path / "elsewhere" / "t.yaml", library_bank("tiny", "From a path"))
    library = discover([extra])
    assert library.get("tiny") is not None and library.get("tiny").path == extra  # type: ignore[union-attr]
    _, out, _ = invoke("list", str(extra.parent), "--json")
    data = json.loads(out)
    (tiny,) = [b for b in data["banks"] if b["id"] == "tiny"]
    assert tiny["title"] == "From a path" and tiny["source"] == "path"
    assert data["shadowed"][0]["path"] == str(user_bank_dir() / "tiny.yaml")


def test_list_unknown_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("list", str(tmp_path / "missing"))
    assert code == 2 and "no bank file or folder" in err


# --- find_bank ---------------------------------------------------------------------------


def test_find_bank_paths_and_errors(tmp_path: Path) -> None:
    assert find_bank(None) == builtin_dir() / "kpop-vs-jpop.yaml"
    assert find_bank(str(DEFAULT_BANK)) == DEFAULT_BANK
    with pytest.raises(UsageError, match="no bank file"):
        find_bank(str(tmp_path / "missing.yaml"))
    with pytest.raises(UsageError, match="is a folder"):
        find_bank(str(tmp_path))
    with pytest.raises(UsageError, match="did you mean 'kpop-vs-jpop'"):
        find_bank("kpop-vs-jop")


# --- packs (entry-point group popquiz.banks) -------------------------------------------------


def make_pack(root: Path, bank_id: str = "demo-pack") -> Path:
    """A pip-installable pack: one package holding one bank, found by its entry point."""
    pkg = root / "src" / "popquiz_pack_demo"
    write(pkg / "__init__.py", "")
    write(pkg / f"{bank_id}.yaml", library_bank(bank_id, "Demo pack"))
    write(
        root / "pyproject.toml",
        """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "popquiz-pack-demo"
version = "0.1"

[project.entry-points."popquiz.banks"]
demo = "popquiz_pack_demo"

[tool.hatch.build.targets.wheel]
packages = ["src/popquiz_pack_demo"]
""",
    )
    return root


def fake_entry_points(*values: str) -> object:
    eps = importlib.metadata.EntryPoints(
        importlib.metadata.EntryPoint(name=f"ep{i}", value=v, group="popquiz.banks")
        for i, v in enumerate(values)
    )

    def entry_points(**params: str) -> importlib.metadata.EntryPoints:
        assert params == {"group": "popquiz.banks"}
        return eps

    return entry_points


def test_a_pack_is_found_through_its_entry_point_and_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = make_pack(tmp_path / "pack")
    monkeypatch.syspath_prepend(str(pack / "src"))
    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points("popquiz_pack_demo"))
    info = discover().get("demo-pack")
    assert info is not None and info.source == "package ep0"
    assert info.path == pack / "src" / "popquiz_pack_demo" / "demo-pack.yaml"
    assert take_json("demo-pack")["bank"] == {
        "id": "demo-pack",
        "version": "2.0",
        "title": "Demo pack",
        "words": {},
        "listen": [],
    }


def path_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, bank_id: str) -> Path:
    """An importable ``module`` whose ``BANKS`` names a folder holding bank ``bank_id``."""
    folder = tmp_path / "banks"
    write(folder / "p.yaml", library_bank(bank_id))
    write(tmp_path / "mod" / f"{module}.py", f"BANKS = {str(folder)!r}\n")
    monkeypatch.syspath_prepend(str(tmp_path / "mod"))
    return folder


def test_a_pack_entry_point_may_name_a_path_and_a_broken_one_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path_pack(tmp_path, monkeypatch, "pack_paths", "from-attr")
    monkeypatch.setattr(
        importlib.metadata,
        "entry_points",
        fake_entry_points("pack_paths:BANKS", "no_such_module_for_popquiz"),
    )
    library = discover()
    assert library.get("from-attr") is not None
    (problem,) = library.problems
    assert "no_such_module_for_popquiz" in problem.path and "cannot load it" in problem.message
    code, out, err = invoke("list")
    assert code == 0 and "from-attr" in out and "kpop-vs-jpop" in out
    assert "no_such_module_for_popquiz" in err


def _counting_entry_points(monkeypatch: pytest.MonkeyPatch, *values: str) -> list[int]:
    calls: list[int] = []
    fake = fake_entry_points(*values)

    def entry_points(**params: str) -> object:
        calls.append(1)
        return fake(**params)  # type: ignore[operator]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return calls


def test_entry_points_are_asked_once_until_something_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from popquiz.store.library import pack_entry_points

    calls = _counting_entry_points(monkeypatch, "some_pack:BANKS")
    assert pack_entry_points() == [("ep0", "some_pack:BANKS", None)]
    assert pack_entry_points() == [("ep0", "some_pack:BANKS", None)]
    assert len(calls) == 1
    # A changed sys.path, or an installation (a new metadata folder on it), is asked again ...
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    pack_entry_points()
    assert len(calls) == 2
    (site / "result.html").write_text("not a distribution")  # other files change nothing
    pack_entry_points()
    assert len(calls) == 2
    (site / "new_pack-1.0.dist-info").mkdir()
    pack_entry_points()
    assert len(calls) == 3
    (site / "new_pack-1.0.dist-info").rmdir()  # a reinstall recreates the folder
    (site / "new_pack-1.0.dist-info").mkdir()
    os.utime(site / "new_pack-1.0.dist-info", ns=(1, 1))
    pack_entry_points()
    assert len(calls) == 4
    # ... and a damaged cache is asked again, never an error.
    (cached,) = cache_dir().glob("entry-points-*.json")
    cached.write_text("{not json")
    assert pack_entry_points() == [("ep0", "some_pack:BANKS", None)]
    assert len(calls) == 5


def test_the_same_entry_point_from_two_distributions_is_listed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import popquiz.store.library as library

    folder = path_pack(tmp_path, monkeypatch, "pack_twice", "twice")
    found = [("ep", "pack_twice:BANKS", "dist-b"), ("ep", "pack_twice:BANKS", None)]
    monkeypatch.setattr(library, "pack_entry_points", lambda: found)
    sources, problems = library.package_sources()
    assert problems == [] and [s.directory for s in sources] == [folder]


def test_a_pip_installed_pack_works_in_a_real_process(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack")
    site = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--target",
            str(site),
            str(pack),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # hatchling is a test dependency: a pack that cannot be built is a failure, not a skip.
    assert install.returncode == 0, f"pip could not build the pack offline: {install.stderr}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}
    take = subprocess.run(
        [sys.executable, "-m", "popquiz", "take", "demo-pack", "--random", "--no-save", "--json"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert take.returncode == 0, take.stderr
    assert json.loads(take.stdout)["bank"]["id"] == "demo-pack"
    listing = subprocess.run(
        [sys.executable, "-m", "popquiz", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    sources = {b["id"]: b["source"] for b in json.loads(listing.stdout)["banks"]}
    assert sources == {"demo-pack": "package popquiz-pack-demo", "kpop-vs-jpop": "built-in"}


# --- `popquiz list` ------------------------------------------------------------------------


def test_list_text_and_json() -> None:
    user_bank("tiny.yaml", library_bank("tiny", "타이니", questions=2))
    code, out, _ = invoke("list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["ID", "QUESTIONS", "LANGUAGES", "SOURCE", "TITLE"]
    assert lines[1].split() == [
        "kpop-vs-jpop",
        "31",
        "en,ko,ja",
        "built-in",
        "Which",
        "pop",
        "scene",
        "fits",
        "you?",
        "K-pop,",
        "J-pop",
        "or",
        "the",
        "crossover",
    ]
    assert lines[2].split() == ["tiny", "2", "en", "user", "타이니"]
    code, out, _ = invoke("list", "--json", "--lang", "ko")
    data = json.loads(out)
    assert [b["id"] for b in data["banks"]] == ["kpop-vs-jpop", "tiny"]
    assert data["banks"][0]["title"].startswith("나에게 맞는")
    assert set(data["banks"][1]) == {
        "id",
        "title",
        "version",
        "languages",
        "questions",
        "source",
        "path",
    }


def test_list_does_not_import_prompt_libraries() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from popquiz.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert run(['list']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('questionary', 'prompt_toolkit')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_list_into_a_closed_pipe_is_quiet() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `popquiz list | head -1` after head has exited
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "popquiz", "list"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 0  # a closed pipe is a normal end for a Unix tool


def test_list_help_has_examples() -> None:
    code, out, _ = invoke("list", "--help")
    assert code == 0 and "Examples" in out and "popquiz.banks" in out
