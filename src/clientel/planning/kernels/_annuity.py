"""Annuity helpers for budgets: payment, present value and future value."""

from __future__ import annotations

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
    r, n, w = _args(rate, nper, when)
    p, f = np.asarray(pv, dtype=np.float64), np.asarray(fv, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + r) ** n
        out = np.where(
            r == 0, -(p + f) / n, -(f + p * growth) * r / ((1.0 + r * w) * (growth - 1.0))
        )
    return float(out) if out.ndim == 0 else out


def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Future value of a present amount plus periodic payments.

    Examples
    --------
    >>> round(fv(0.06 / 12, 10, -200, -500, when="begin"), 2)   # Excel FV example 1
    2581.4
    """
    r, n, w = _args(rate, nper, when)
    a, p = np.asarray(pmt, dtype=np.float64), np.asarray(pv, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + r) ** n
        out = np.where(r == 0, -(p + a * n), -(p * growth + a * (1.0 + r * w) / r * (growth - 1.0)))
    return float(out) if out.ndim == 0 else out


def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Present value of periodic payments and a final amount.

    Examples
    --------
    >>> round(pv(0.08 / 12, 12 * 20, 500), 2)   # Excel PV example: an annuity of 500 a month
    -59777.15
    """
    r, n, w = _args(rate, nper, when)
    a, f = np.asarray(pmt, dtype=np.float64), np.asarray(fv, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = (1.0 + r) ** n
        out = np.where(r == 0, -(f + a * n), -(f + a * (1.0 + r * w) / r * (growth - 1.0)) / growth)
    return float(out) if out.ndim == 0 else out
