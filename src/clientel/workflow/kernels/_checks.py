"""Array checks of the workflow kernels: one-dimensional integer, boolean and date arrays.

Errors name the argument at fault and what was expected. Dates are numpy
``datetime64[D]`` arrays (``NaT`` only where an argument allows a missing date).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError

__all__ = ["as_day", "booleans", "days", "integers", "one_length"]

Days = NDArray[np.datetime64]


def integers(values: Any, name: str, *, low: int | None = None) -> NDArray[np.int64]:
    """A one-dimensional int64 array (from any integer dtype), each ``>= low`` when given."""
    arr = np.asarray(values)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
        raise InvalidInputError(
            "expected a one-dimensional integer array", field=name, value=arr.shape
        )
    out = arr.astype(np.int64)
    if low is not None and out.size and out.min() < low:
        row = int(np.argmin(out))
        raise InvalidInputError(
            f"expected values >= {low}", field=f"{name}[{row}]", value=int(out[row])
        )
    return out


def booleans(values: Any, name: str) -> NDArray[np.bool_]:
    """A one-dimensional boolean array."""
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.dtype != np.bool_:
        raise InvalidInputError(
            "expected a one-dimensional boolean array", field=name, value=arr.shape
        )
    return arr


def days(values: Any, name: str, *, allow_missing: bool = False) -> Days:
    """A one-dimensional ``datetime64[D]`` array; ``NaT`` only with ``allow_missing``."""
    arr = np.asarray(values)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.datetime64):
        raise InvalidInputError(
            "expected a one-dimensional datetime64[D] array", field=name, value=arr.shape
        )
    out = arr.astype("datetime64[D]")
    if not allow_missing and np.isnat(out).any():
        row = int(np.flatnonzero(np.isnat(out))[0])
        raise InvalidInputError("expected a date, got NaT", field=f"{name}[{row}]")
    return out


def as_day(value: Any, name: str = "as_of") -> np.datetime64:
    """One day as ``numpy.datetime64[D]`` (from a date or a datetime64), never NaT."""
    try:
        day = np.datetime64(value, "D")
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("expected a date", field=name, value=repr(value)) from exc
    if np.isnat(day):
        raise InvalidInputError("expected a date, got NaT", field=name)
    return day


def one_length(name: str, *arrays: NDArray[Any]) -> int:
    """The common length of ``arrays``; an error naming ``name`` when they differ."""
    sizes = {a.shape[0] for a in arrays}
    if len(sizes) > 1:
        raise InvalidInputError("expected arrays of one length", field=name, value=sorted(sizes))
    return sizes.pop() if sizes else 0
