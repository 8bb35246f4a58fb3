"""popquiz: a terminal quiz engine with validated, analysable YAML question banks.

The public API is small and pure (no terminal I/O)::

    from popquiz import load_bank, score, recommend
    bank = load_bank("quizzes/kpop-vs-jpop.yaml")
    result = score(bank, {"friday-night": "dance-practice", "fan-chant": 5})
    picks = recommend(bank, result)

Names are imported lazily so that ``popquiz --help`` stays fast.
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
    "load_bank",
    "recommend",
    "score",
]

_LAZY = {
    "load_bank": "popquiz.loader",
    "Bank": "popquiz.model",
    "BankError": "popquiz.errors",
    "Diagnostic": "popquiz.errors",
    "score": "popquiz.scoring",
    "Result": "popquiz.scoring",
    "AxisScore": "popquiz.scoring",
    "Contribution": "popquiz.scoring",
}

# `popquiz.recommend` is both a submodule and a function. Importing the (light) submodule here,
# then binding the function, keeps `from popquiz import recommend` the function even after
# something imports the submodule. Its runtime imports are only math and dataclasses.
from popquiz.recommend import Recommendation, recommend  # noqa: E402

if TYPE_CHECKING:
    from popquiz.errors import BankError, Diagnostic
    from popquiz.loader import load_bank
    from popquiz.model import Bank
    from popquiz.scoring import AxisScore, Contribution, Result, score


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'popquiz' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
