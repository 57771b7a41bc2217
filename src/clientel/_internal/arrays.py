"""Array checks shared by every kernel; errors name the criterion, row or period at fault.

One home for the checks that turn user input into validated float arrays:
decision matrices, weights and directions (scoring), cash-flow series and
rates (planning) and plain finite vectors (pricing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError, MissingDataError

__all__ = [
    "as_count",
    "as_day",
    "as_directions",
    "as_flags",
    "as_floats",
    "as_flows",
    "as_ints",
    "as_matrix",
    "as_number",
    "as_rate",
    "as_weights",
    "check_stats_finite",
    "criterion_label",
    "finite",
    "finite_result",
    "refuse_exact",
]

Float = NDArray[np.float64]


def _kind(value: object) -> str:
    """What a value is, in the words of an error message (``"a string"``, ``"None"``)."""
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return "a boolean"
    if isinstance(value, str | bytes):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _first_odd(raw: NDArray[Any]) -> tuple[str, object]:
    """Position and value of the first item of an object array that is not a real number."""
    for i, v in enumerate(raw.ravel().tolist()):
        if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
            at = ", ".join(str(int(j)) for j in np.unravel_index(i, raw.shape))
            return at, v
    return "", None


def _raw(values: Any, field: str, what: str) -> NDArray[Any]:
    """``np.asarray(values)``, refusing a scalar of the wrong kind and a ragged array."""
    if values is None or isinstance(values, bool | np.bool_ | str | bytes | Mapping):
        raise InvalidInputError(f"expected {what}, got {_kind(values)}", field=field)
    try:
        return np.asarray(values)
    except (TypeError, ValueError, OverflowError) as exc:
        msg = f"expected {what} in a rectangular array (every row as long)"
        raise InvalidInputError(msg, field=field) from exc


def as_floats(values: Any, field: str) -> Float:
    """``values`` as a float64 array, or :class:`InvalidInputError` naming ``field``.

    Nothing is coerced: text (``"3"``), booleans, ``None``, complex numbers,
    Decimal or Money values (use a function that computes them exactly) and
    integers too large for a float are refused, and so is a ragged array;
    NaN and infinities pass (the caller decides about them).
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return values.astype(np.float64, copy=False)
    raw = _raw(values, field, "numbers")
    if raw.dtype.kind == "O":
        at, odd = _first_odd(raw)
        if at or odd is not None:
            where = f"{field}[{at}]" if raw.ndim else field
            raise InvalidInputError(f"expected a number, got {_kind(odd)}", field=where)
    elif raw.dtype.kind not in "fiu":
        what = {"b": "booleans", "U": "text", "S": "text", "c": "complex numbers"}
        msg = f"expected numbers, got {what.get(raw.dtype.kind, str(raw.dtype))}"
        raise InvalidInputError(msg, field=field)
    try:
        out: Float = raw.astype(np.float64)
    except OverflowError as exc:
        raise InvalidInputError("a number too large for a float", field=field) from exc
    return out


def as_ints(values: Any, field: str) -> NDArray[np.int64]:
    """``values`` as an int64 array of whole numbers, or an error naming ``field``.

    Floats (even ``2.0``), booleans, text and ragged arrays are refused; an
    empty list gives an empty array.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return values.astype(np.int64, copy=False)
    raw = _raw(values, field, "whole numbers")
    if raw.size and raw.dtype.kind not in "iu":
        what = "fractions" if raw.dtype.kind in "fc" else "other values"
        msg = f"expected whole numbers, got {what}"
        raise InvalidInputError(msg, field=field)
    try:
        return raw.astype(np.int64)
    except OverflowError as exc:
        raise InvalidInputError("a whole number too large", field=field) from exc


def as_flags(values: Any, field: str) -> NDArray[np.bool_]:
    """``values`` as a bool array: booleans only (no numbers, text or None), or an error."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values
    if isinstance(values, bool | np.bool_):
        return np.asarray(values)
    raw = _raw(values, field, "booleans")
    if raw.size and raw.dtype.kind != "b":
        raise InvalidInputError("expected booleans (True or False)", field=field)
    return raw.astype(bool)


def as_count(value: Any, field: str, *, low: int = 0) -> int:
    """One whole number ``>= low`` (not a bool, not a float), as an int."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"expected a whole number, got {_kind(value)}", field=field)
    if value < low:
        raise InvalidInputError(f"expected a whole number >= {low}", field=field, value=int(value))
    return int(value)


def as_day(value: Any, field: str) -> int:
    """A day number (``date.toordinal()``) or another whole number below 2**53 in size."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"expected a whole number, got {_kind(value)}", field=field)
    if abs(int(value)) >= 2**53:
        raise InvalidInputError("expected a whole number below 2**53 in size", field=field)
    return int(value)


def as_number(value: Any, field: str, *, finite: bool = True) -> float:
    """One real number as a float (finite unless ``finite=False``), never a bool or text."""
    ok = isinstance(value, int | float | np.integer | np.floating)
    if not ok or isinstance(value, bool | np.bool_):
        raise InvalidInputError(f"expected a number, got {_kind(value)}", field=field)
    try:
        out = float(value)
    except OverflowError as exc:
        raise InvalidInputError("a number too large for a float", field=field) from exc
    if finite and not np.isfinite(out):
        raise InvalidInputError("expected a finite number", field=field, value=out)
    return out


def criterion_label(j: int, names: Sequence[str] | None) -> str:
    """``"criterion 'growth'"`` or ``"criterion 2"``."""
    return f"criterion {names[j]!r}" if names is not None else f"criterion {j}"


def as_matrix(
    matrix: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    allow_nan: bool = False,
    min_rows: int = 1,
    check_finite: bool = True,
) -> Float:
    """A 2-D float64 decision matrix (alternatives x criteria), finite unless ``allow_nan``.

    Raises
    ------
    InvalidInputError
        Not 2-D, too few rows, infinite values, or names of the wrong length.
    MissingDataError
        NaN values when ``allow_nan`` is False (names the first row and criterion).

    With ``check_finite=False`` the value scan is skipped; the caller must then
    call :func:`check_stats_finite` on statistics it computes from the matrix.
    """
    X = as_floats(matrix, "matrix")
    if X.ndim != 2:
        raise InvalidInputError(
            "expected a 2-D matrix (alternatives x criteria)", field="matrix", value=X.shape
        )
    if X.shape[1] == 0:
        raise InvalidInputError("expected at least one criterion", field="matrix")
    if X.shape[0] < min_rows:
        msg = f"expected at least {min_rows} alternatives, got {X.shape[0]}"
        raise InvalidInputError(msg, field="matrix")
    if names is not None and len(names) != X.shape[1]:
        msg = f"{len(names)} criterion names for {X.shape[1]} columns"
        raise InvalidInputError(msg, field="criteria")
    if not check_finite:  # the caller checks finiteness through its column statistics
        return X
    finite = np.isfinite(X)
    if not finite.all():
        bad = ~finite if not allow_nan else np.isinf(X)
        if bad.any():
            i, j = (int(v) for v in np.argwhere(bad)[0])
            if np.isnan(X[i, j]):
                msg = "missing value and no missing-data policy for it"
                raise MissingDataError(msg, field=f"row {i}, {criterion_label(j, names)}")
            raise InvalidInputError("infinite value", field=f"row {i}, {criterion_label(j, names)}")
    return X


def as_weights(weights: ArrayLike, n: int, *, names: Sequence[str] | None = None) -> Float:
    """Weights normalised to sum to 1: finite, non-negative, not all zero, length ``n``."""
    w = as_floats(weights, "weights")
    if w.ndim != 1 or w.shape[0] != n:
        msg = f"expected {n} weights, one per criterion"
        raise InvalidInputError(msg, field="weights", value=w.shape)
    for j in range(n):
        if not np.isfinite(w[j]) or w[j] < 0:
            msg = "weight must be finite and >= 0"
            raise InvalidInputError(
                msg, field=f"weights ({criterion_label(j, names)})", value=float(w[j])
            )
    total = w.sum()
    if total <= 0:
        raise InvalidInputError("weights must not all be zero", field="weights")
    out: Float = w / total
    return out


def as_directions(directions: ArrayLike | None, n: int) -> NDArray[np.int8]:
    """Criterion directions: +1 benefit, -1 cost (default: all benefit)."""
    if directions is None:
        return np.ones(n, dtype=np.int8)
    try:
        d = np.asarray(directions)
    except (TypeError, ValueError) as exc:  # ragged
        raise InvalidInputError(f"expected {n} directions", field="directions") from exc
    if d.dtype.kind not in "fiu":  # text, booleans, objects: not +1 or -1
        raise InvalidInputError("expected +1 (benefit) or -1 (cost) for each criterion",
                                field="directions", value=str(d.dtype))  # fmt: skip
    if d.ndim != 1 or d.shape[0] != n:
        raise InvalidInputError(f"expected {n} directions", field="directions", value=d.shape)
    ok = np.isin(d, (1, -1))
    if not ok.all():
        j = int(np.argmin(ok))
        msg = "direction must be +1 (benefit) or -1 (cost)"
        raise InvalidInputError(msg, field=f"directions[{j}]", value=d[j].item())
    out: NDArray[np.int8] = d.astype(np.int8)
    return out


def check_stats_finite(X: Float, stats: Any, names: Sequence[str] | None = None) -> None:
    """Raise the precise error if column statistics reveal NaN or infinite cells."""
    if not X.shape[0]:
        return
    if stats.missing or not (np.isfinite(stats.min).all() and np.isfinite(stats.max).all()):
        as_matrix(X, names=names)  # finds and names the first bad cell


def refuse_exact(values: Any, field: str) -> None:
    """Refuse values a float conversion would change silently: Decimal, Money, Fraction, ...

    numpy turns anything with ``__float__`` into a float without a word; a
    Decimal or Money amount must not lose its exactness that way. Float and
    integer arrays pass at no cost; only object arrays (lists holding other
    objects) are looked at.
    """
    if isinstance(values, np.ndarray) and values.dtype != object:
        return
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):
        return  # ragged: the float conversion reports it
    if raw.dtype != object:
        return
    for i, v in enumerate(raw.ravel().tolist()):
        if not isinstance(v, int | float | np.number):
            at = ", ".join(str(int(j)) for j in np.unravel_index(i, raw.shape))
            where = f"{field}[{at}]" if raw.ndim else field
            msg = (f"{type(v).__name__} values are not turned into floats silently; convert "
                   "them with float(), or use a function that computes them exactly")  # fmt: skip
            raise InvalidInputError(msg, field=where)


def as_flows(
    flows: ArrayLike, *, min_periods: int = 1, check_finite: bool = True
) -> tuple[Float, bool]:
    """Cash flows as a 2-D float array (series x periods) and whether the input was 1-D.

    With ``check_finite=False`` the caller must call :func:`finite_result` on a
    result that propagates any non-finite flow (e.g. a discounted sum).
    """
    refuse_exact(flows, "flows")
    f = as_floats(flows, "flows")
    one = f.ndim == 1
    if one:
        f = f[None, :]
    if f.ndim != 2:
        raise InvalidInputError("expected a 1-D series or a 2-D (series x periods) array",
                                field="flows", value=f.shape)  # fmt: skip
    if f.shape[1] < min_periods:
        msg = f"expected at least {min_periods} periods"
        raise InvalidInputError(msg, field="flows", value=f.shape[1])
    if check_finite:
        _check_finite(f, one)
    return f, one


def _check_finite(f: Float, one: bool) -> None:
    bad = ~np.isfinite(f)
    if bad.any():
        i, t = (int(v) for v in np.argwhere(bad)[0])
        where = f"flows[{t}]" if one else f"flows[{i}, {t}]"
        raise InvalidInputError("cash flow must be finite", field=where, value=float(f[i, t]))


def finite_result(out: Float, f: Float, one: bool) -> None:
    """Raise for non-finite flows (named), or for overflow, when ``out`` is not finite.

    A weighted sum with finite non-zero weights is non-finite whenever one of
    its terms is, so checking the result spares a pass over the flows.
    """
    if not np.isfinite(out).all():
        _check_finite(f, one)
        raise InvalidInputError("result overflows a float; rescale the amounts", field="flows")


def as_rate(rate: ArrayLike, series: int, field: str = "rate") -> Float:
    """A rate per series (broadcast from a scalar); every rate must be > -1."""
    r = as_floats(rate, field)
    if r.ndim == 0:
        r = np.full(series, float(r))
    if r.shape != (series,):
        msg = f"expected one rate or {series} rates"
        raise InvalidInputError(msg, field=field, value=r.shape)
    bad = ~np.isfinite(r) | (r <= -1.0)
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidInputError("rate must be finite and greater than -1 (-100 %)",
                                field=field, value=float(r[i]))  # fmt: skip
    return r


def finite(name: str, values: ArrayLike) -> Float:
    """``values`` as a float64 array; every element finite (the first bad index named).

    Booleans count as 0 and 1 here (outcome labels such as ``won``); elsewhere
    :func:`as_floats` refuses them.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values.astype(np.float64)
    if isinstance(values, list | tuple) and values and all(isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=np.float64)
    arr = as_floats(values, name)
    if not np.all(np.isfinite(arr)):
        bad = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise InvalidInputError("expected finite numbers", field=f"{name}[{bad}]")
    return arr


def frozen_array(value: Any, dtype: Any) -> NDArray[Any]:
    """A read-only array of ``dtype`` for a frozen record: a read-only array of that
    type is kept as it is (no copy), anything else is copied and frozen."""
    if isinstance(value, np.ndarray) and value.dtype == dtype and not value.flags.writeable:
        return value
    arr: NDArray[Any] = np.array(value, dtype=dtype)
    arr.flags.writeable = False
    return arr


def frozen_floats(value: Any) -> NDArray[np.float64]:
    """attrs converter: a read-only float64 array (see :func:`frozen_array`)."""
    out: NDArray[np.float64] = frozen_array(value, np.float64)
    return out


def frozen_optional_floats(value: Any) -> NDArray[np.float64] | None:
    """attrs converter: None, or a read-only float64 array."""
    return None if value is None else frozen_floats(value)


def frozen_int64(value: Any) -> NDArray[np.int64]:
    """attrs converter: a read-only int64 array."""
    out: NDArray[np.int64] = frozen_array(value, np.int64)
    return out


def frozen_intp(value: Any) -> NDArray[np.intp]:
    """attrs converter: a read-only intp array (indices, ranks)."""
    out: NDArray[np.intp] = frozen_array(value, np.intp)
    return out


def frozen_int8(value: Any) -> NDArray[np.int8]:
    """attrs converter: a read-only int8 array (codes, directions)."""
    out: NDArray[np.int8] = frozen_array(value, np.int8)
    return out


def frozen_objects(value: Any) -> NDArray[np.object_]:
    """attrs converter: a read-only object array (ids, tie keys)."""
    out: NDArray[np.object_] = frozen_array(value, np.object_)
    return out
