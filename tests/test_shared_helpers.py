"""The suite's shared helpers stay the one place for what they hold: popquiz is spawned in a
pseudo-terminal by ``ptyutil.spawn``, every Hypothesis bank generator is in ``strategies.py``,
and ``banks.py`` writes banks that popquiz reads back as written."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from banks import TINY, XY, bank_yaml, choice, likert, outcome
from checking import check_text

TESTS = Path(__file__).resolve().parent


def _sources(*skip: str) -> Iterator[tuple[Path, str]]:
    for path in sorted(TESTS.rglob("*.py")):
        if path.name not in skip:
            yield path, path.read_text(encoding="utf-8")


def test_popquiz_is_spawned_in_a_pty_only_by_ptyutil() -> None:
    spawns = re.compile(r"pexpect\.spawn\(\s*sys\.executable")
    found = [p.relative_to(TESTS) for p, text in _sources("ptyutil.py") if spawns.search(text)]
    assert found == [], "use ptyutil.spawn"


def _composites(text: str) -> Iterator[ast.FunctionDef]:
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and any(
            ast.unparse(d).endswith("composite") for d in node.decorator_list
        ):
            yield node


def test_every_hypothesis_bank_generator_is_in_strategies() -> None:
    found = [
        f"{p.relative_to(TESTS)}::{fn.name}"
        for p, text in _sources("strategies.py")
        for fn in _composites(text)
        if "outcome" in ast.unparse(fn)  # a strategy that writes outcomes writes a bank
    ]
    assert found == [], "add the ranges to tests/strategies.py instead"


def test_the_builder_writes_what_it_was_given() -> None:
    text = bank_yaml(
        axes=[*XY, "- {id: z, low: in, high: out}   # a line kept as written"],
        questions=[
            choice("q", "Which: this, or that?", {"a": {"x": 1}, "b": {}}),
            likert("s", "no", "y", when=[{"question": "q", "answers": ["a"]}]),
        ],
        outcomes=[
            outcome("yes", {"x": 1, "y": 0, "z": 0}),
            outcome("no", {"x": -1, "y": 0, "z": 0}),
        ],
        rule={"margin": 0.1},
    )
    bank, problems = check_text(text)
    assert bank is not None, problems
    assert [a.id for a in bank.axes] == ["x", "y", "z"]
    q, s = bank.questions
    assert q.text == "Which: this, or that?" and s.text == "no"  # quoted where YAML needs it
    assert [(a.id, a.text, dict(a.weights)) for a in q.answers] == [
        ("a", "A", {"x": 1}),
        ("b", "B", {}),
    ]
    assert s.when[0].question == "q" and bank.rule.margin == 0.1
    assert [(o.id, o.title) for o in bank.outcomes] == [("yes", "YES"), ("no", "NO")]
    tiny, problems = check_text(TINY)
    assert tiny is not None and tiny.languages == ("en", "ko", "ja"), problems
