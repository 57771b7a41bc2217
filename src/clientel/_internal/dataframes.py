"""pandas and polars DataFrames behind one small interface (private).

Both libraries are optional extras, imported only when a frame is made or
read (numpy too is imported only when needed, since the models use this module
for their display): :func:`make_frame` builds one from flat rows, and :func:`columns`,
:func:`row_dicts`, :func:`column_values` and :func:`float_matrix` read one
whichever library made it. A polars ``LazyFrame`` is collected first.
Anything else is refused with an error naming the two libraries.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from clientel.errors import InvalidInputError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "BACKENDS",
    "Backend",
    "backend_of",
    "column_values",
    "columns",
    "eager",
    "float_matrix",
    "frame_of_columns",
    "make_frame",
    "pandas",
    "polars",
    "row_dicts",
]

Backend = Literal["pandas", "polars"]
#: The frame libraries clientel reads and writes, each behind its extra.
BACKENDS: tuple[Backend, ...] = ("pandas", "polars")


def _extra(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = f"{name} is needed for {name} DataFrames: pip install 'clientel[{name}]'"
        raise ImportError(msg) from exc


def pandas() -> Any:
    """The pandas module, or an ImportError naming the ``clientel[pandas]`` extra."""
    return _extra("pandas")


def polars() -> Any:
    """The polars module, or an ImportError naming the ``clientel[polars]`` extra."""
    return _extra("polars")


def make_frame(rows: Sequence[Mapping[str, Any]], backend: str = "pandas") -> Any:
    """A pandas or polars DataFrame of flat rows (columns in first-seen order)."""
    if backend == "pandas":
        return pandas().DataFrame.from_records(list(rows))
    if backend == "polars":
        cols: dict[str, None] = {}
        for row in rows:
            cols.update(dict.fromkeys(row))
        data = {c: [_null(row.get(c)) for row in rows] for c in cols}
        return polars().DataFrame(data, strict=False)
    raise InvalidInputError("expected 'pandas' or 'polars'", field="backend", value=backend)


def frame_of_columns(columns: Mapping[str, Any], backend: str = "pandas") -> Any:
    """A pandas or polars DataFrame built column by column (numpy arrays, no loop over rows)."""
    if backend == "pandas":
        return pandas().DataFrame(dict(columns))
    if backend == "polars":
        pl = polars()
        return pl.DataFrame({k: pl.Series(k, v.tolist() if v.dtype == object else v)
                             for k, v in columns.items()})  # fmt: skip
    raise InvalidInputError("expected 'pandas' or 'polars'", field="backend", value=backend)


def _null(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def backend_of(frame: Any) -> Backend:
    """Which library ``frame`` comes from; anything else raises."""
    kind = type(frame)
    root = kind.__module__.partition(".")[0]
    if root == "pandas" and hasattr(kind, "to_dict") and hasattr(kind, "columns"):
        return "pandas"
    if root == "polars" and (hasattr(kind, "to_dicts") or hasattr(kind, "collect")):
        return "polars"
    msg = f"expected a pandas or polars DataFrame, got {type(frame).__name__}"
    raise InvalidInputError(msg, field="frame")


def eager(frame: Any) -> Any:
    """``frame`` itself, or a polars ``LazyFrame`` collected (checks it is a frame)."""
    if backend_of(frame) == "polars" and hasattr(type(frame), "collect"):
        return frame.collect()
    return frame


def columns(frame: Any) -> list[str]:
    """The column names, as strings."""
    return [str(c) for c in eager(frame).columns]


def row_dicts(frame: Any) -> list[dict[str, Any]]:
    """One mapping per row, column name to cell."""
    frame = eager(frame)
    if backend_of(frame) == "polars":
        rows: list[dict[str, Any]] = frame.to_dicts()
        return rows
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def column_values(frame: Any, name: str) -> list[Any]:
    """The cells of one column, as a list."""
    values: list[Any] = eager(frame)[name].to_list()
    return values


def float_matrix(frame: Any, names: Sequence[str]) -> NDArray[np.float64]:
    """The ``(rows, len(names))`` float matrix of numeric columns; NaN for empty cells.

    Raises
    ------
    InvalidInputError
        A column that is not numeric (text is never converted to numbers).
    """
    import numpy as np

    frame = eager(frame)
    if backend_of(frame) == "polars":
        schema = frame.schema
        text = [n for n in names if not schema[n].is_numeric()]
        if not text:
            return np.asarray(frame.select(list(names)).to_numpy(), dtype=np.float64)
    else:
        api = pandas().api.types
        text = [n for n in names if not api.is_numeric_dtype(frame[n])]
        if not text:
            matrix = frame[list(names)].to_numpy(dtype=np.float64, na_value=np.nan)
            return np.asarray(matrix, dtype=np.float64)
    msg = f"expected numeric columns, got text in {text}"
    raise InvalidInputError(msg, field="criteria")
