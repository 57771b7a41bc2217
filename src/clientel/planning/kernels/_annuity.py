"""Annuities in floats: payment, present value, future value and number of periods.

Spreadsheet sign convention: money received is positive, money paid out is
negative, so a loan of 10,000 (``pv > 0``) has a negative payment. Every
function broadcasts its arguments (one loan or arrays of loans) and returns a
float when all of them are scalars. ``when`` is ``"end"`` (payments at the end
of each period, the default) or ``"begin"``; below, ``w`` is 1 for ``"begin"``
and 0 for ``"end"``, and ``g = (1 + r) ** n``.

The exact versions for :class:`~clientel.models.Money` and ``Decimal`` are in
:mod:`clientel.planning` (the kernels take floats only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, refuse_exact
from clientel.errors import InvalidInputError, NoSolutionError

__all__ = [
    "When",
    "as_amount",
    "as_periods",
    "as_rate_array",
    "as_when",
    "check_overflow",
    "fv",
    "growth_minus_one",
    "nper",
    "one_or_array",
    "payment_of",
    "pmt",
    "pv",
]

Float = NDArray[np.float64]
When = Literal["end", "begin"]


def as_rate_array(rate: ArrayLike) -> Float:
    """Rates per period as floats: finite and greater than -1 (the first bad one named)."""
    r = as_floats(rate, "rate")
    bad = ~np.isfinite(r) | (r <= -1)
    if bad.any():
        where = "rate" if r.ndim == 0 else f"rate[{int(np.flatnonzero(bad.ravel())[0])}]"
        raise InvalidInputError("rate must be finite and greater than -1 (-100 %)", field=where,
                                value=float(r.ravel()[np.flatnonzero(bad.ravel())[0]]))  # fmt: skip
    return r


def as_periods(value: ArrayLike, name: str = "nper", *, whole: bool = False) -> Float:
    """Numbers of periods: finite and positive (whole numbers if ``whole``)."""
    n = as_floats(value, "value")
    bad = ~np.isfinite(n) | (n <= 0)
    expected = "a positive number of periods"
    if whole:
        bad |= n != np.round(n)
        expected = "a positive whole number of periods"
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        where = name if n.ndim == 0 else f"{name}[{i}]"
        raise InvalidInputError(f"expected {expected}", field=where, value=float(n.ravel()[i]))
    return n


def as_amount(value: ArrayLike, name: str) -> Float:
    """Amounts as floats, every one finite (the first bad one named); no silent Decimal."""
    refuse_exact(value, name)
    a = as_floats(value, "value")
    bad = ~np.isfinite(a)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        where = name if a.ndim == 0 else f"{name}[{i}]"
        raise InvalidInputError("expected a finite amount", field=where, value=float(a.ravel()[i]))
    return a


def as_when(when: str) -> float:
    """``w``: 1.0 for ``"begin"``, 0.0 for ``"end"``."""
    if when not in ("end", "begin"):
        raise InvalidInputError("expected 'end' or 'begin'", field="when", value=when)
    return 1.0 if when == "begin" else 0.0


def growth_minus_one(r: Float, n: Float) -> Float:
    """``(1 + r) ** n - 1`` without cancellation for small rates (``expm1``/``log1p``)."""
    out: Float = np.expm1(n * np.log1p(r))
    return out


def payment_of(a: Float, f: Float, r: Float, n: Float, w: float, lr: Float) -> Float:
    """The payment on validated arrays, with ``lr = log(1 + r)`` already computed."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _pmt(a, f, r, n, w, np.exp(n * lr), np.expm1(n * lr))


def one_or_array(out: Float) -> Float | float:
    """A float for a 0-d result, else the array."""
    return float(out) if out.ndim == 0 else out


def _solve(
    rate: ArrayLike,
    nper: ArrayLike,
    when: str,
    amounts: tuple[tuple[ArrayLike, str], tuple[ArrayLike, str]],
    formula: Callable[[Float, Float, Float, Float, float, Float, Float], Float],
) -> Float | float:
    """``formula(a, b, r, n, w, g, g - 1)`` on validated, broadcast arrays; a float for scalars.

    The formula holds both branches (``r = 0`` and ``r != 0``); the division by
    zero in the unused one is silenced.
    """
    r, n, w = as_rate_array(rate), as_periods(nper), as_when(when)
    (a, a_name), (b, b_name) = amounts
    x, y = as_amount(a, a_name), as_amount(b, b_name)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = formula(x, y, r, n, w, np.exp(n * np.log1p(r)), growth_minus_one(r, n))
    check_overflow(out)
    return one_or_array(out)


def check_overflow(out: Float) -> None:
    """Raise, naming ``nper``, when a result is not finite (``(1 + r)**n`` overflowed)."""
    if not np.isfinite(out).all():
        raise InvalidInputError(
            "result overflows a float: (1 + rate) ** nper is too large", field="nper"
        )


def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Periodic payment of an annuity (spreadsheet ``PMT``).

    ``pmt = -(fv + pv g) r / ((1 + r w) (g - 1))``; ``-(pv + fv) / n`` at ``r = 0``.

    Examples
    --------
    A 10,000 loan over 10 monthly payments at 8 % a year (Excel PMT example):

    >>> round(pmt(0.08 / 12, 10, 10_000), 2)
    -1037.03
    """
    return _solve(rate, nper, when, ((pv, "pv"), (fv, "fv")), _pmt)


def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Future value of a present amount plus periodic payments (spreadsheet ``FV``).

    ``fv = -(pv g + pmt (1 + r w) (g - 1) / r)``; ``-(pv + pmt n)`` at ``r = 0``.

    Examples
    --------
    >>> round(fv(0.06 / 12, 10, -200, -500, when="begin"), 2)   # Excel FV example 1
    2581.4
    """
    return _solve(rate, nper, when, ((pmt, "pmt"), (pv, "pv")), _fv)


def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Present value of periodic payments and a final amount (spreadsheet ``PV``).

    ``pv = -(fv + pmt (1 + r w) (g - 1) / r) / g``; ``-(fv + pmt n)`` at ``r = 0``.

    Examples
    --------
    >>> round(pv(0.08 / 12, 12 * 20, 500), 2)   # Excel PV example: an annuity of 500 a month
    -59777.15
    """
    return _solve(rate, nper, when, ((pmt, "pmt"), (fv, "fv")), _pv)


def _pmt(p: Float, f: Float, r: Float, n: Float, w: float, g: Float, gm1: Float) -> Float:
    out: Float = np.where(r == 0, -(p + f) / n, -(f + p * g) * r / ((1.0 + r * w) * gm1))
    return out


def _fv(a: Float, p: Float, r: Float, n: Float, w: float, g: Float, gm1: Float) -> Float:
    out: Float = np.where(r == 0, -(p + a * n), -(p * g + a * (1.0 + r * w) * gm1 / r))
    return out


def _pv(a: Float, f: Float, r: Float, n: Float, w: float, g: Float, gm1: Float) -> Float:
    out: Float = np.where(r == 0, -(f + a * n), -(f + a * (1.0 + r * w) * gm1 / r) / g)
    return out


def nper(
    rate: ArrayLike, pmt: ArrayLike, pv: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Float | float:
    """Number of periods of an annuity (spreadsheet ``NPER``).

    With ``z = pmt (1 + r w) / r``: ``n = log((z - fv) / (z + pv)) / log(1 + r)``
    (computed with ``log1p`` so small rates keep their digits);
    at ``r = 0``: ``n = -(pv + fv) / pmt``. Like the spreadsheet, the result is
    negative when the flows run the other way (it still solves the equation).

    Raises
    ------
    InvalidInputError
        ``rate <= -1``, non-finite amounts, or ``when`` not ``"end"``/``"begin"``.
    NoSolutionError
        A loan without a solution, named by position: the payment never covers
        the interest (the logarithm's argument is not positive), or a zero
        payment at a zero rate.

    Examples
    --------
    A 10,000 purchase repaid at 250 a month at 10 % a year:

    >>> round(nper(0.10 / 12, -250, 10_000), 2)
    48.86
    """
    r, w = as_rate_array(rate), as_when(when)
    p, a, f = as_amount(pmt, "pmt"), as_amount(pv, "pv"), as_amount(fv, "fv")
    r, p, a, f = np.broadcast_arrays(r, p, a, f)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # (z - fv) / (z + pv) = 1 + x, written without z so that small rates keep their digits
        x = -(a + f) * r / (p * (1.0 + r * w) + a * r)
        out = np.where(r == 0, -(a + f) / p, np.log1p(x) / np.log1p(r))
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        where = "pmt" if out.ndim == 0 else f"pmt[{i}]"
        msg = "no number of periods repays this: the payment does not cover the interest"
        if r.ravel()[i] == 0:
            msg = "no number of periods repays this: zero payment at a zero rate"
        raise NoSolutionError(msg, field=where, value=float(p.ravel()[i]))
    return one_or_array(np.asarray(out, dtype=np.float64))
