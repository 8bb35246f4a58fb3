"""Optional test dependencies: skipped by hand, required in CI.

``pytest.importorskip`` skips silently wherever a dependency is missing, CI included; there a
lost entry of the ``test`` extra would turn whole tests into skips nobody reads. ``need`` skips
only outside CI (``CI=true``, which ``.ci/run`` sets) and fails inside it.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def in_ci() -> bool:
    """Whether this run is CI's (``.ci/run`` exports ``CI=true``)."""
    return os.environ.get("CI") == "true"


def need(module: str, attribute: str | None = None) -> ModuleType:
    """``module`` imported (with ``attribute``, e.g. libyaml's ``CSafeLoader``), else a skip, or
    in CI a failure naming what is missing."""
    try:
        found = importlib.import_module(module)
        if attribute is not None:
            getattr(found, attribute)
    except (ImportError, AttributeError) as exc:
        what = module if attribute is None else f"{module}.{attribute}"
        if in_ci():
            pytest.fail(f"CI must run this test, but {what} is missing: {exc}")
        pytest.skip(f"{what} is missing")
    return found
