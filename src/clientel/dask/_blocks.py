"""Dask collections as float blocks: checked shapes, row offsets, one pass over the blocks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import reduce
from typing import Any

import numpy as np

from clientel.dask._require import da, dask
from clientel.errors import InvalidInputError, MissingDataError

__all__ = ["at_row", "blocks", "by_row", "combine", "is_frame", "matrix", "offsets", "one_pass",
           "vector"]  # fmt: skip


def is_frame(data: Any) -> bool:
    """Whether ``data`` is a dask DataFrame (without importing dask.dataframe otherwise)."""
    return type(data).__module__.startswith("dask.dataframe") or (
        hasattr(data, "to_dask_array") and hasattr(data, "columns")
    )


def _frame_columns(data: Any, columns: Sequence[str] | None, field: str) -> Any:
    if columns is None:
        raise InvalidInputError("a dask DataFrame needs the columns to use", field="columns")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InvalidInputError("not a column of the DataFrame", field=field, value=missing)
    return data[list(columns)].to_dask_array(lengths=True)


def matrix(data: Any, columns: Sequence[str] | None = None) -> Any:
    """A 2-D float64 dask array with known row chunks and all columns in one chunk.

    ``data`` is a dask array, a dask DataFrame (``columns`` picks and orders
    the criteria) or anything numpy reads (one chunk).
    """
    if is_frame(data):
        data = _frame_columns(data, columns, "columns")
    elif not isinstance(data, da.Array):
        data = da.from_array(np.asarray(data, dtype=np.float64))
    if data.ndim != 2:
        raise InvalidInputError("expected a 2-D array (rows x columns)", field="matrix",
                                value=data.shape)  # fmt: skip
    if any(np.isnan(c) for c in data.chunks[0]):
        data = data.compute_chunk_sizes()
    return data.astype(np.float64).rechunk({1: -1})


def vector(data: Any, field: str, chunks: Any = None) -> Any:
    """A 1-D dask array (``chunks``: those of another array of the same rows)."""
    if is_frame(data):
        raise InvalidInputError("expected one column (a dask Series or array)", field=field)
    if hasattr(data, "to_dask_array"):  # a dask Series
        data = data.to_dask_array(lengths=True)
    elif not isinstance(data, da.Array):
        data = da.from_array(np.asarray(data))
    if data.ndim != 1:
        raise InvalidInputError("expected a 1-D array", field=field, value=data.shape)
    if any(np.isnan(c) for c in data.chunks[0]):
        data = data.compute_chunk_sizes()
    if chunks is not None:
        if data.shape[0] != sum(chunks):
            msg = f"expected {sum(chunks)} values, one per row"
            raise InvalidInputError(msg, field=field, value=data.shape[0])
        data = data.rechunk((chunks,))
    return data


def blocks(arr: Any) -> list[Any]:
    """The row blocks of a dask array as delayed objects, in row order."""
    out: list[Any] = list(arr.to_delayed().ravel())
    return out


def offsets(arr: Any) -> list[int]:
    """The first row of each row block."""
    return [0, *np.cumsum(arr.chunks[0][:-1], dtype=np.int64).tolist()]


def one_pass(func: Callable[..., Any], *columns: list[Any], **kwargs: Any) -> list[Any]:
    """``func(block_a, block_b, ..., **kwargs)`` on every block: one distributed pass.

    The results come back to the caller in block order (the default scheduler,
    or the distributed client that is current).
    """
    task = dask.delayed(func, pure=True)
    parts = [task(*row, **kwargs) for row in zip(*columns, strict=True)]
    out: list[Any] = list(dask.compute(*parts))
    return out


def _column(block: Any, func: Callable[..., Any], *args: Any, block_info: Any = None,
            **kwargs: Any) -> Any:  # fmt: skip
    start = block_info[0]["array-location"][0][0] if block_info else 0
    return np.asarray(func(block, start, *args, **kwargs), dtype=np.float64).reshape(-1, 1)


def by_row(func: Callable[..., Any], X: Any, *args: Any, **kwargs: Any) -> Any:
    """``func(block, first_row, *args, **kwargs)``, one float per row, lazily: a 1-D array.

    ``X`` has all its columns in one chunk. Unlike ``map_blocks(..., drop_axis=1)``,
    which hands each task a concatenated copy of its block, every task gets the
    block itself (one copy of a 500,000 x 10 block was a third of a scoring pass).
    """
    out = X.map_blocks(_column, func, *args, chunks=(X.chunks[0], (1,)), dtype=np.float64,
                       meta=np.empty((0, 0)), **kwargs)  # fmt: skip
    return out[:, 0]


def combine(parts: Sequence[Any], empty: Any = None) -> Any:
    """``a.merge(b)`` over the parts in block order (``empty`` when there are none)."""
    if not parts:
        return empty
    return reduce(lambda a, b: a.merge(b), parts)


def at_row(exc: InvalidInputError, start: int, width: int = 1) -> InvalidInputError:
    """An error naming ``row i`` (or ``name[i]``, ``width`` cells a row) of a block, renamed
    to the row (cell) of the whole data."""
    field = exc.field or ""
    found = re.fullmatch(r"row (\d+)(.*)", field, re.S)
    cell = re.fullmatch(r"(\w+)\[(\d+)\]", field)
    if type(exc) not in (InvalidInputError, MissingDataError) or not (found or cell):
        return exc
    if found:
        where = f"row {int(found.group(1)) + start}{found.group(2)}"
    else:
        assert cell is not None
        where = f"{cell.group(1)}[{int(cell.group(2)) + start * width}]"
    if exc.value is None:
        return type(exc)(exc.message, field=where)
    return type(exc)(exc.message, field=where, value=exc.value)
