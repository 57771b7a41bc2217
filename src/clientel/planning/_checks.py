"""Input checks for the cash-flow kernels."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = ["as_flows", "as_rate", "finite_result"]

Float = NDArray[np.float64]


def as_flows(
    flows: ArrayLike, *, min_periods: int = 1, check_finite: bool = True
) -> tuple[Float, bool]:
    """Cash flows as a 2-D float array (series x periods) and whether the input was 1-D.

    With ``check_finite=False`` the caller must call :func:`finite_result` on a
    result that propagates any non-finite flow (e.g. a discounted sum).
    """
    try:
        f = np.asarray(flows, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = "expected numbers in a rectangular array (pad shorter series with 0)"
        raise InvalidInputError(msg, field="flows") from exc
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
    r = np.asarray(rate, dtype=np.float64)
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
