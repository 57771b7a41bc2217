"""Helpers of the portfolio reports over many contracts: signed ones, day arrays, lookups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import LIVE_STATES, Contract

__all__ = ["as_date", "check_as_of", "day_array", "each_once", "find", "signed"]

T = TypeVar("T")


def each_once(items: Iterable[Any], kind: type[T], key: str, field: str) -> list[T]:
    """``items`` as a list, each a ``kind`` and none twice by its ``key`` attribute.

    Raises
    ------
    InvalidInputError
        Naming ``field[i]`` for an item of another type, or ``field`` and the
        keys given twice.
    """
    out: list[Any] = list(items)  # checked one by one: callers pass anything
    for i, item in enumerate(out):
        if not isinstance(item, kind):
            msg = f"expected a {kind.__name__}, got {type(item).__name__}"
            raise InvalidInputError(msg, field=f"{field}[{i}]")
    keys = [getattr(item, key) for item in out]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise InvalidInputError(f"each {kind.__name__.lower()} once", field=field, value=twice)
    return out


def signed(contracts: Iterable[Contract]) -> tuple[list[Contract], tuple[str, ...]]:
    """The signed contracts (signed, archived, handed over), and the ids of the others."""
    items = each_once(contracts, Contract, "id", "contracts")
    live = [c for c in items if c.state in LIVE_STATES]
    return live, tuple(c.id for c in items if c.state not in LIVE_STATES)


def check_as_of(as_of: object) -> dt.date:
    """``as_of`` as a date (a datetime is refused: clientel works in days)."""
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise InvalidInputError("expected a datetime.date", field="as_of", value=repr(as_of))
    return as_of


def day_array(days: Iterable[dt.date | None]) -> NDArray[np.datetime64]:
    """A ``datetime64[D]`` array of dates (None becomes NaT)."""
    return np.array(list(days), dtype="datetime64[D]").reshape(-1)


def as_date(day: Any) -> dt.date | None:
    """A ``datetime64[D]`` value as a date (None for NaT)."""
    value = np.datetime64(day, "D")
    return None if np.isnat(value) else dt.date.fromisoformat(str(value))


def find(key: str, keys: Sequence[str], what: str) -> int:
    """The row of ``key`` (``contract/item``, or a bare item id when only one contract has it)."""
    if key in keys:
        return keys.index(key)
    rows = [i for i, k in enumerate(keys) if k.split("/", 1)[-1] == key]
    if len(rows) == 1:
        return rows[0]
    hint = "; name the contract: 'contract/id'" if rows else ""
    raise UnknownReferenceError(f"no single {what} with this id{hint}", field="id", value=key)
