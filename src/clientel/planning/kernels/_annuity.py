"""Annuities: payment, present value and future value (spreadsheet sign convention)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = ["fv", "pmt", "pv"]

Float = NDArray[np.float64]
When = Literal["end", "begin"]


def _args(rate: ArrayLike, nper: ArrayLike, when: str) -> tuple[Float, Float, float]:
    r = np.asarray(rate, dtype=np.float64)
    n = np.asarray(nper, dtype=np.float64)
    if not np.isfinite(r).all() or (r <= -1).any():
        raise InvalidInputError("rate must be finite and greater than -1", field="rate")
    if not np.isfinite(n).all() or (n <= 0).any():
        raise InvalidInputError("number of periods must be positive", field="nper")
    if when not in ("end", "begin"):
        raise InvalidInputError("expected 'end' or 'begin'", field="when", value=when)
    return r, n, 1.0 if when == "begin" else 0.0


def _solve(
    rate: ArrayLike,
    nper: ArrayLike,
    when: str,
    a: ArrayLike,
    b: ArrayLike,
    formula: Callable[[Float, Float, Float, Float, float, Float], Float],
) -> Float | float:
    """``formula(a, b, r, n, w, (1 + r)**n)`` on validated, broadcast arrays; a float for scalars.

    The formula holds both branches (``r = 0`` and ``r != 0``); the division by
    zero in the unused one is silenced.
    """
    r, n, w = _args(rate, nper, when)
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = formula(x, y, r, n, w, (1.0 + r) ** n)
    return float(out) if out.ndim == 0 else out


def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Periodic payment of an annuity (spreadsheet ``PMT`` sign convention).

    ``pv + pmt (1 + r w) ((1 + r)**n - 1) / r + fv (1+r)**-n ... = 0``; for
    ``r = 0``: ``pmt = -(pv + fv) / n``.

    Examples
    --------
    A 10,000 loan over 10 monthly payments at 8 % a year (Excel PMT example):

    >>> round(pmt(0.08 / 12, 10, 10_000), 2)
    -1037.03
    """
    return _solve(rate, nper, when, pv, fv, _pmt)


def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Future value of a present amount plus periodic payments.

    Examples
    --------
    >>> round(fv(0.06 / 12, 10, -200, -500, when="begin"), 2)   # Excel FV example 1
    2581.4
    """
    return _solve(rate, nper, when, pmt, pv, _fv)


def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Present value of periodic payments and a final amount.

    Examples
    --------
    >>> round(pv(0.08 / 12, 12 * 20, 500), 2)   # Excel PV example: an annuity of 500 a month
    -59777.15
    """
    return _solve(rate, nper, when, pmt, fv, _pv)


def _pmt(p: Float, f: Float, r: Float, n: Float, w: float, growth: Float) -> Float:
    out: Float = np.where(
        r == 0, -(p + f) / n, -(f + p * growth) * r / ((1.0 + r * w) * (growth - 1.0))
    )
    return out


def _fv(a: Float, p: Float, r: Float, n: Float, w: float, growth: Float) -> Float:
    return _future(a, p * growth, r, n, w, growth)


def _pv(a: Float, f: Float, r: Float, n: Float, w: float, growth: Float) -> Float:
    out: Float = _future(a, f, r, n, w, growth) / growth
    return out


def _future(a: Float, x: Float, r: Float, n: Float, w: float, growth: Float) -> Float:
    """``-(x + a (1 + r w) ((1 + r)**n - 1) / r)``; ``-(x + a n)`` at ``r = 0`` (growth is 1)."""
    out: Float = np.where(r == 0, -(x + a * n), -(x + a * (1.0 + r * w) / r * (growth - 1.0)))
    return out
