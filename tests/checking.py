"""Checking a bank from a test: its text or file as ``(bank or None, problems)``, and the YAML
reader as it runs on machines without libyaml."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from popquiz.bank.loader import check
from popquiz.bank.model import Bank
from popquiz.errors import Diagnostic


def check_text(
    text: str, display: str = "<input>", *, base_dir: Path | None = None
) -> tuple[Bank | None, list[Diagnostic]]:
    """A bank's text checked as the file holding it would be (``display`` names it). A lone
    surrogate, which no file can hold, is written as its UTF-8-like bytes (refused: E008)."""
    raw = text.encode("utf-8", "surrogatepass")
    return check(raw, display=display, base_dir=base_dir, kind="bank").result()


def check_bank(path: Path) -> tuple[Bank | None, list[Diagnostic]]:
    """The bank file at ``path`` checked (with its catalogue)."""
    return check(path, kind="bank").result()


@contextmanager
def without_libyaml() -> Iterator[None]:
    """PyYAML as installed without libyaml: the reader then uses the pure-Python parser, with
    its smaller limits."""
    import yaml

    with mock.patch.object(yaml, "CSafeLoader", None):
        yield
