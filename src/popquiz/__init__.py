"""popquiz: a terminal quiz engine with validated, analysable YAML question banks.

The public API is small and pure (no terminal I/O)::

    from popquiz import build_report, load_bank, recommend, score
    bank = load_bank("quizzes/kpop-vs-jpop.yaml")
    result = score(bank, {"friday-night": "dance-practice", "fan-chant": 5})
    picks = recommend(bank, result)
    report = build_report(bank, result, picks, "en")  # the `popquiz take --json` object

Names are imported lazily so that ``popquiz --help`` stays fast.

The package is built in layers, each a folder importing only the ones below it (import-linter
checks this in CI; see ``[tool.importlinter]`` in pyproject.toml)::

    cli     the entry point, the fast path, the typer app, one module per command
    ui      the only place that imports rich and questionary: prompts, screens, exports
    store   the user's machine: paths, bank discovery and packs, compiled-bank cache, history
    engine  pure computation: the compiled bank, scoring, recommendations, sessions, analysis
    bank    the format and reading it: spec, safe YAML, loader, runtime model, answers files
    errors  the exception tree, exit statuses and the text form of a diagnostic
    text    the text rules: line breaking, cell width, character classes, typography
    i18n    the messages in every language

errors, text and i18n are used by every layer, each importing only the ones listed after it.

Data flows one way: YAML → bank → engine → store → ui/cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AxisScore",
    "Bank",
    "BankError",
    "Contribution",
    "Diagnostic",
    "Recommendation",
    "Result",
    "__version__",
    "build_report",
    "load_bank",
    "recommend",
    "score",
]

_LAZY = {
    "load_bank": "popquiz.bank.loader",
    "Bank": "popquiz.bank.model",
    "BankError": "popquiz.errors",
    "Diagnostic": "popquiz.errors",
    "score": "popquiz.engine.scoring",
    "Result": "popquiz.engine.scoring",
    "AxisScore": "popquiz.engine.scoring",
    "Contribution": "popquiz.engine.scoring",
    "recommend": "popquiz.engine.recommend",
    "Recommendation": "popquiz.engine.recommend",
    "build_report": "popquiz.engine.report",
}

if TYPE_CHECKING:
    from popquiz.bank.loader import load_bank
    from popquiz.bank.model import Bank
    from popquiz.engine.recommend import Recommendation, recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import AxisScore, Contribution, Result, score
    from popquiz.errors import BankError, Diagnostic


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'popquiz' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
