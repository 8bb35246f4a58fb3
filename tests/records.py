"""Runtime bank records as plain data, for tests that compare them with validated data."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a runtime record: a NamedTuple or a dataclass."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return tuple(cls._fields)  # type: ignore[attr-defined]


def plain(value: object) -> object:
    """A runtime bank (or part of one) as the plain data it was built from."""
    if dataclasses.is_dataclass(value) or hasattr(value, "_fields"):
        return {name: plain(getattr(value, name)) for name in field_names(type(value))}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
