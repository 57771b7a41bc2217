"""numpy arrays in JSON documents: nested lists, strict both ways, numpy imported only when used.

Results and fitted scorers hold their columns as numpy arrays (``NDArray[np.float64]``
and the like). A document writes them as (nested) lists: floats as numbers, NaN
as ``null`` and infinities as ``"inf"`` / ``"-inf"`` (strict JSON has neither),
integers as integers and text as strings. Reading is strict: a cell of the wrong
JSON type is an error naming its path, never a coerced value (no 1.5 read into an
integer array, no ``true`` into a float one).
"""

from __future__ import annotations

import typing
from types import MappingProxyType
from typing import Any

from clientel.errors import InvalidInputError
from clientel.models._rules import json_kind

__all__ = ["array_schema", "is_ndarray", "structure_array", "unstructure_array"]

_INFINITIES = MappingProxyType({"inf": float("inf"), "-inf": float("-inf")})


def is_ndarray(tp: Any) -> bool:
    """A numpy array type (``NDArray[...]`` or ``numpy.ndarray``), told without importing numpy."""
    origin = typing.get_origin(tp) or tp
    module = getattr(origin, "__module__", "") or ""
    return getattr(origin, "__name__", "") == "ndarray" and module.startswith("numpy")


def _kind(tp: Any) -> str:
    """``"f"``, ``"i"`` or ``"O"`` (text) for the array type's declared dtype; ``"f"`` if none."""
    args = typing.get_args(tp)
    inner = typing.get_args(args[1]) if len(args) == 2 else ()
    scalar = inner[0] if inner else None
    name = getattr(scalar, "__name__", "")
    if name.startswith(("int", "uint", "signedinteger", "unsignedinteger")) or name == "intp":
        return "i"
    if name in {"object_", "str_"}:
        return "O"
    return "f"


def unstructure_array(arr: Any) -> Any:
    """Nested lists; NaN as None and infinities as ``"inf"`` / ``"-inf"``."""
    import numpy as np

    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        cells = arr.astype(object)
        cells[np.isnan(arr)] = None
        cells[arr == np.inf] = "inf"
        cells[arr == -np.inf] = "-inf"
        return cells.tolist()
    return arr.tolist()


def _cells(value: Any, kind: str) -> Any:
    if isinstance(value, list):
        return [_cells(v, kind) for v in value]
    if kind == "f":
        if value is None:
            return float("nan")
        if isinstance(value, str) and value in _INFINITIES:
            return _INFINITIES[value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise InvalidInputError(f"expected a number, null, 'inf' or '-inf', got {json_kind(value)}")
    if kind == "i":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise InvalidInputError(f"expected an integer, got {json_kind(value)}")
    if isinstance(value, str):
        return value
    raise InvalidInputError(f"expected a string, got {json_kind(value)}")


def structure_array(value: Any, tp: Any) -> Any:
    """A read-only array of the declared dtype from nested lists (strict, see the module)."""
    import numpy as np

    if not isinstance(value, list):
        raise InvalidInputError(f"expected an array, got {json_kind(value)}")
    kind = _kind(tp)
    cells = _cells(value, kind)
    args = typing.get_args(tp)
    dtype = typing.get_args(args[1])[0] if len(args) == 2 and typing.get_args(args[1]) else None
    try:
        arr = np.array(cells, dtype=object if kind == "O" else dtype)
    except (TypeError, ValueError, OverflowError) as exc:  # ragged rows, out-of-range ints
        raise InvalidInputError(f"not a rectangular array of the declared type ({exc})") from exc
    arr.flags.writeable = False
    return arr


def array_schema(tp: Any) -> dict[str, Any]:
    """JSON Schema of an array of the declared dtype (one or two dimensions)."""
    kind = _kind(tp)
    if kind == "f":
        cell: dict[str, Any] = {
            "anyOf": [{"type": "number"}, {"type": "null"}, {"enum": ["inf", "-inf"]}]
        }
    else:
        cell = {"type": "integer" if kind == "i" else "string"}
    row = {"type": "array", "items": cell}
    return {"type": "array", "items": {"anyOf": [cell, row]}}
