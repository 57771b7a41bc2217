"""Annuities for floats, arrays, Decimal and Money (steps 2.4.6, 2.1.7).

The spreadsheet's PMT, PV, FV, NPER, IPMT, PPMT and RATE with their argument
order and sign convention (money received positive, money paid out negative).
Floats and arrays go to the vectorised kernels of
:mod:`clientel.planning.kernels`; a :class:`~clientel.models.Money` or
``Decimal`` argument is computed exactly (see :data:`PRECISION`): Money in,
Money out, rounded once to the currency's minor unit; Decimal in, Decimal out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.models import Money
from clientel.planning._exact import (
    Exact,
    check_nper,
    check_rate,
    context,
    exact_fv,
    exact_interest,
    exact_nper,
    exact_pmt,
    exact_pv,
    find_exact,
    to_decimal,
    when_flag,
)
from clientel.planning.kernels import IrrStatus
from clientel.planning.kernels import _amortisation as parts
from clientel.planning.kernels import _annuity as floats
from clientel.planning.kernels._annuity import When
from clientel.planning.kernels._rate import rate as rate_kernel

__all__ = ["fv", "ipmt", "nper", "pmt", "ppmt", "pv", "rate"]

Float = NDArray[np.float64]
Number = float | Decimal
Real = float | np.integer[Any] | np.floating[Any]  # scalars: a float comes back


def _terms(rate: Any, nper: Any, when: str, field: str = "nper") -> tuple[Decimal, ...]:
    r, n = to_decimal(rate, "rate"), to_decimal(nper, field)
    check_rate(r)
    check_nper(n, field)
    return r, n, when_flag(when)


@overload
def pmt(
    rate: Number, nper: Number, pv: Money, fv: Money | int = ..., when: When = ...
) -> Money: ...
@overload
def pmt(rate: Number, nper: Number, pv: Decimal, fv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def pmt(rate: Decimal, nper: Number, pv: Number, fv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def pmt(rate: Real, nper: Real, pv: Real, fv: Real = ..., when: When = ...) -> float: ...
@overload
def pmt(
    rate: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike = ..., when: When = ...
) -> Float: ...
def pmt(
    rate: Any, nper: Any, pv: Any, fv: Any = 0, when: When = "end"
) -> Money | Decimal | Float | float:
    """Payment per period of a loan or annuity (spreadsheet ``PMT``; steps 2.4.6, 2.1.7).

    Parameters
    ----------
    rate : float, Decimal or array_like
        Interest rate per period (0.08 / 12 for 8 % a year paid monthly); > -1.
    nper : float, Decimal or array_like
        Number of payments; positive.
    pv : float, Decimal, Money or array_like
        Present value: the amount lent (positive for a loan received).
    fv : float, Decimal, Money or array_like
        Balance left after the last payment (0: repaid in full).
    when : {"end", "begin"}
        Payments at the end (default) or the beginning of each period.

    Returns
    -------
    float, ndarray, Decimal or Money
        A float for scalars, an array for arrays (broadcast); a Decimal when an
        argument is Decimal; Money when ``pv`` or ``fv`` is Money, rounded
        half-even to the currency's minor unit.

    Raises
    ------
    InvalidInputError
        ``rate <= -1``, ``nper <= 0``, non-finite values, a bad ``when``, Money
        next to a non-zero plain number, or arrays of Money or Decimal.
    CurrencyMismatchError
        Money in two currencies.

    Notes
    -----
    ``pmt = -(fv + pv g) r / ((1 + r w) (g - 1))`` with ``g = (1 + r)**nper``,
    ``w = 1`` for ``"begin"``; ``-(pv + fv) / nper`` at ``r = 0``.

    References
    ----------
    Microsoft, Excel PMT function: 10,000 over 10 months at 8 % a year,
    -1,037.03 a month (-1,030.16 paid at the beginning).

    Examples
    --------
    >>> round(pmt(0.08 / 12, 10, 10_000), 2)
    -1037.03
    >>> pmt(Decimal("0.08") / 12, 10, Money("10000", "EUR"))
    Money('-1037.03', 'EUR')
    """
    if not find_exact(rate=rate, nper=nper, pv=pv, fv=fv):
        return floats.pmt(rate, nper, pv, fv, when)
    amounts = Exact(pv=pv, fv=fv)
    r, n, w = _terms(rate, nper, when)
    return amounts.out(exact_pmt(r, n, amounts["pv"], amounts["fv"], w))


@overload
def pv(
    rate: Number, nper: Number, pmt: Money, fv: Money | int = ..., when: When = ...
) -> Money: ...
@overload
def pv(rate: Number, nper: Number, pmt: Decimal, fv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def pv(rate: Decimal, nper: Number, pmt: Number, fv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def pv(rate: Real, nper: Real, pmt: Real, fv: Real = ..., when: When = ...) -> float: ...
@overload
def pv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, fv: ArrayLike = ..., when: When = ...
) -> Float: ...
def pv(
    rate: Any, nper: Any, pmt: Any, fv: Any = 0, when: When = "end"
) -> Money | Decimal | Float | float:
    """Present value of periodic payments and a final amount (spreadsheet ``PV``; step 2.4.6).

    Parameters
    ----------
    rate : float, Decimal or array_like
        Interest rate per period; > -1.
    nper : float, Decimal or array_like
        Number of payments; positive.
    pmt : float, Decimal, Money or array_like
        Payment per period (negative when paid out).
    fv : float, Decimal, Money or array_like
        Amount at the end, after the last payment.
    when : {"end", "begin"}
        Payments at the end (default) or the beginning of each period.

    Returns
    -------
    float, ndarray, Decimal or Money
        As :func:`pmt`: Money when ``pmt`` or ``fv`` is Money, rounded once.

    Raises
    ------
    InvalidInputError
        As :func:`pmt`.
    CurrencyMismatchError
        Money in two currencies.

    Notes
    -----
    ``pv = -(fv + pmt (1 + r w) (g - 1) / r) / g``; ``-(fv + pmt nper)`` at ``r = 0``.

    References
    ----------
    Microsoft, Excel PV function: 500 a month for 20 years at 8 % a year is
    worth 59,777.15 today.

    Examples
    --------
    >>> round(pv(0.08 / 12, 12 * 20, 500), 2)
    -59777.15
    >>> pv(Decimal("0.08") / 12, 240, Money("500", "USD"))
    Money('-59777.15', 'USD')
    """
    if not find_exact(rate=rate, nper=nper, pmt=pmt, fv=fv):
        return floats.pv(rate, nper, pmt, fv, when)
    amounts = Exact(pmt=pmt, fv=fv)
    r, n, w = _terms(rate, nper, when)
    return amounts.out(exact_pv(r, n, amounts["pmt"], amounts["fv"], w))


@overload
def fv(
    rate: Number, nper: Number, pmt: Money, pv: Money | int = ..., when: When = ...
) -> Money: ...
@overload
def fv(rate: Number, nper: Number, pmt: Number, pv: Money, when: When = ...) -> Money: ...
@overload
def fv(rate: Number, nper: Number, pmt: Decimal, pv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def fv(rate: Decimal, nper: Number, pmt: Number, pv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def fv(rate: Real, nper: Real, pmt: Real, pv: Real = ..., when: When = ...) -> float: ...
@overload
def fv(
    rate: ArrayLike, nper: ArrayLike, pmt: ArrayLike, pv: ArrayLike = ..., when: When = ...
) -> Float: ...
def fv(
    rate: Any, nper: Any, pmt: Any, pv: Any = 0, when: When = "end"
) -> Money | Decimal | Float | float:
    """Future value of a present amount plus periodic payments (spreadsheet ``FV``; step 2.1.7).

    Parameters
    ----------
    rate : float, Decimal or array_like
        Interest rate per period; > -1.
    nper : float, Decimal or array_like
        Number of payments; positive.
    pmt : float, Decimal, Money or array_like
        Payment per period (negative when paid in).
    pv : float, Decimal, Money or array_like
        Amount at the start.
    when : {"end", "begin"}
        Payments at the end (default) or the beginning of each period.

    Returns
    -------
    float, ndarray, Decimal or Money
        As :func:`pmt`: Money when ``pmt`` or ``pv`` is Money, rounded once.

    Raises
    ------
    InvalidInputError
        As :func:`pmt`.
    CurrencyMismatchError
        Money in two currencies.

    Notes
    -----
    ``fv = -(pv g + pmt (1 + r w) (g - 1) / r)``; ``-(pv + pmt nper)`` at ``r = 0``.

    References
    ----------
    Microsoft, Excel FV function, example 1: 500 deposited and 200 a month at
    the beginning of each of 10 months at 6 % a year grow to 2,581.40.

    Examples
    --------
    >>> round(fv(0.06 / 12, 10, -200, -500, when="begin"), 2)
    2581.4
    >>> fv(Decimal("0.06") / 12, 10, Money("-200", "EUR"), Money("-500", "EUR"), when="begin")
    Money('2581.40', 'EUR')
    """
    if not find_exact(rate=rate, nper=nper, pmt=pmt, pv=pv):
        return floats.fv(rate, nper, pmt, pv, when)
    amounts = Exact(pmt=pmt, pv=pv)
    r, n, w = _terms(rate, nper, when)
    return amounts.out(exact_fv(r, n, amounts["pmt"], amounts["pv"], w))


@overload
def nper(
    rate: Number, pmt: Money | Decimal, pv: Any, fv: Any = ..., when: When = ...
) -> Decimal: ...
@overload
def nper(
    rate: Number, pmt: Number, pv: Money | Decimal, fv: Any = ..., when: When = ...
) -> Decimal: ...
@overload
def nper(rate: Decimal, pmt: Number, pv: Number, fv: Number = ..., when: When = ...) -> Decimal: ...
@overload
def nper(rate: Real, pmt: Real, pv: Real, fv: Real = ..., when: When = ...) -> float: ...
@overload
def nper(
    rate: ArrayLike, pmt: ArrayLike, pv: ArrayLike, fv: ArrayLike = ..., when: When = ...
) -> Float: ...
def nper(rate: Any, pmt: Any, pv: Any, fv: Any = 0, when: When = "end") -> Decimal | Float | float:
    """Number of periods of a loan or annuity (spreadsheet ``NPER``; step 2.4.6).

    Parameters
    ----------
    rate : float, Decimal or array_like
        Interest rate per period; > -1.
    pmt, pv, fv : float, Decimal, Money or array_like
        Payment per period, present value and balance left after the last
        payment (spreadsheet signs).
    when : {"end", "begin"}
        Payments at the end (default) or the beginning of each period.

    Returns
    -------
    float, ndarray or Decimal
        The number of periods, not rounded (a loan of 48.86 periods needs 49
        payments, the last one smaller). A Decimal for Money or Decimal input.
        Like the spreadsheet, it is negative when the flows run the other way.

    Raises
    ------
    NoSolutionError
        The payment never repays the loan (it does not cover the interest), or
        a zero payment at a zero rate; for arrays the first such loan is named.
    InvalidInputError
        As :func:`pmt`.

    Notes
    -----
    With ``z = pmt (1 + r w) / r``: ``nper = log((z - fv) / (z + pv)) / log(1 + r)``;
    ``-(pv + fv) / pmt`` at ``r = 0``.

    References
    ----------
    Microsoft, Excel NPER function (12 % a year, payments of -100, present value
    -1,000, future value 10,000: 60 periods at the beginning of each period)
    and the ECMA-376 SpreadsheetML reference for NPER (59.67; -9.58 without the
    future value).

    Examples
    --------
    >>> round(nper(0.12 / 12, -100, -1_000, 10_000, "begin"), 2)
    59.67
    >>> round(nper(Decimal("0.01"), Money("-100", "EUR"), Money("-1000", "EUR")), 4)
    Decimal('-9.5786')
    """
    if not find_exact(rate=rate, pmt=pmt, pv=pv, fv=fv):
        return floats.nper(rate, pmt, pv, fv, when)
    amounts = Exact(pmt=pmt, pv=pv, fv=fv)
    r = to_decimal(rate, "rate")
    check_rate(r)
    return exact_nper(r, amounts["pmt"], amounts["pv"], amounts["fv"], when_flag(when))


def _exact_parts(
    rate: Any, per: Any, nper: Any, pv: Any, fv: Any, when: str
) -> tuple[Exact, Decimal, Decimal]:
    """Exact payment and interest part of payment ``per``."""
    amounts = Exact(pv=pv, fv=fv)
    r, n, w = _terms(rate, nper, when)
    if isinstance(per, bool) or not isinstance(per, int) or not 1 <= per <= n:
        raise InvalidInputError("expected a whole period from 1 to nper", field="per", value=per)
    payment = exact_pmt(r, n, amounts["pv"], amounts["fv"], w)
    return amounts, payment, exact_interest(r, per, amounts["pv"], payment, w)


@overload
def ipmt(
    rate: Number, per: int, nper: Number, pv: Money, fv: Money | int = ..., when: When = ...
) -> Money: ...
@overload
def ipmt(
    rate: Number, per: int, nper: Number, pv: Decimal, fv: Number = ..., when: When = ...
) -> Decimal: ...
@overload
def ipmt(
    rate: Decimal, per: int, nper: Number, pv: Number, fv: Number = ..., when: When = ...
) -> Decimal: ...
@overload
def ipmt(
    rate: Real, per: int | np.integer[Any], nper: Real, pv: Real, fv: Real = ..., when: When = ...
) -> float: ...
@overload
def ipmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = ...,
    when: When = ...,
) -> Float: ...
def ipmt(
    rate: Any, per: Any, nper: Any, pv: Any, fv: Any = 0, when: When = "end"
) -> Money | Decimal | Float | float:
    """Interest part of payment ``per`` (spreadsheet ``IPMT``; steps 2.4.6, 2.1.7).

    Parameters
    ----------
    rate, nper, pv, fv, when
        As :func:`pmt`.
    per : int or array_like of int
        The payment, from 1 to ``nper``.

    Returns
    -------
    float, ndarray, Decimal or Money
        As :func:`pmt`. The first payment of an annuity due (``"begin"``)
        carries no interest.

    Raises
    ------
    InvalidInputError
        ``per`` not a whole number from 1 to ``nper``, or as :func:`pmt`.

    Notes
    -----
    ``ipmt = -r b`` with ``b`` the balance owed after payment ``per - 1``
    (see :func:`clientel.planning.kernels.amortisation`); the Money version
    rounds this exact value once.

    References
    ----------
    Microsoft, Excel IPMT function: an 8,000 loan over 3 years at 10 % a year;
    interest in the first month, and in the last year with yearly payments.

    Examples
    --------
    >>> round(ipmt(0.10 / 12, 1, 36, 8_000), 2)
    -66.67
    >>> ipmt(Decimal("0.10"), 3, 3, Money("8000", "EUR"))
    Money('-292.45', 'EUR')
    """
    if not find_exact(rate=rate, per=per, nper=nper, pv=pv, fv=fv):
        return parts.ipmt(rate, per, nper, pv, fv, when)
    amounts, _, interest = _exact_parts(rate, per, nper, pv, fv, when)
    return amounts.out(interest)


@overload
def ppmt(
    rate: Number, per: int, nper: Number, pv: Money, fv: Money | int = ..., when: When = ...
) -> Money: ...
@overload
def ppmt(
    rate: Number, per: int, nper: Number, pv: Decimal, fv: Number = ..., when: When = ...
) -> Decimal: ...
@overload
def ppmt(
    rate: Decimal, per: int, nper: Number, pv: Number, fv: Number = ..., when: When = ...
) -> Decimal: ...
@overload
def ppmt(
    rate: Real, per: int | np.integer[Any], nper: Real, pv: Real, fv: Real = ..., when: When = ...
) -> float: ...
@overload
def ppmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = ...,
    when: When = ...,
) -> Float: ...
def ppmt(
    rate: Any, per: Any, nper: Any, pv: Any, fv: Any = 0, when: When = "end"
) -> Money | Decimal | Float | float:
    """Principal part of payment ``per`` (spreadsheet ``PPMT``; steps 2.4.6, 2.1.7).

    Parameters
    ----------
    rate, nper, pv, fv, when
        As :func:`pmt`.
    per : int or array_like of int
        The payment, from 1 to ``nper``.

    Returns
    -------
    float, ndarray, Decimal or Money
        The payment less its interest part (:func:`ipmt`). The Money version
        rounds the exact value once, so ``ipmt + ppmt`` can differ from the
        rounded :func:`pmt` by a cent; an :func:`amortisation_schedule` has
        parts that add up exactly.

    Raises
    ------
    InvalidInputError
        As :func:`ipmt`.

    References
    ----------
    Microsoft, Excel PPMT function (the principal part of a payment); checked
    in the tests against a loan carried period by period and numpy-financial.

    Examples
    --------
    Principal repaid in the first month of a 2,000 loan over 2 years at 10 % a year:

    >>> round(ppmt(0.10 / 12, 1, 24, 2_000), 2)
    -75.62
    >>> ppmt(Decimal("0.10") / 12, 1, 24, Money("2000", "EUR"))
    Money('-75.62', 'EUR')
    """
    if not find_exact(rate=rate, per=per, nper=nper, pv=pv, fv=fv):
        return parts.ppmt(rate, per, nper, pv, fv, when)
    amounts, payment, interest = _exact_parts(rate, per, nper, pv, fv, when)
    with context():
        return amounts.out(payment - interest)


@overload
def rate(nper: int, pmt: Money | Decimal, pv: Any, fv: Any = ..., when: When = ...) -> Decimal: ...
@overload
def rate(
    nper: int, pmt: float, pv: Money | Decimal, fv: Any = ..., when: When = ...
) -> Decimal: ...
@overload
def rate(nper: int, pmt: Real, pv: Real, fv: Real = ..., when: When = ...) -> float: ...
def rate(nper: Any, pmt: Any, pv: Any, fv: Any = 0, when: When = "end") -> float | Decimal:
    """Interest rate per period of one loan or annuity (spreadsheet ``RATE``; step 2.4.6).

    The rate is the IRR of the annuity's flows. With one sign change it is
    unique; ``pv`` and ``fv`` of one sign with ``pmt`` of the other can give
    two rates or none, and then this function raises rather than pick one
    (the spreadsheet returns whichever its guess leads to). There is no
    ``guess`` argument: every root is bracketed before Newton's method starts.
    For many loans with a status each, use :func:`clientel.planning.kernels.rate`.

    Parameters
    ----------
    nper : int
        Number of payments, a positive whole number.
    pmt, pv, fv : float, Decimal or Money
        Payment per period, present value and balance left after the last
        payment (spreadsheet signs).
    when : {"end", "begin"}
        Payments at the end (default) or the beginning of each period.

    Returns
    -------
    float or Decimal
        The rate per period. For Money or Decimal amounts, the root found in
        floats is polished by Newton's method in Decimal (:data:`PRECISION`
        digits) and returned as a Decimal.

    Raises
    ------
    NoSolutionError
        No sign change (no rate), no rate above -100 %, or two rates (listed).
    ConvergenceError
        The solver did not meet its tolerance.
    InvalidInputError
        Arrays (use the kernel), ``nper`` not a positive whole number, or as :func:`pmt`.

    References
    ----------
    ECMA-376 SpreadsheetML reference, RATE: 48 payments of -200 on a loan of
    8,000 give 0.7701 % a month (9.2418 % a year).

    Examples
    --------
    >>> round(rate(48, -200, 8_000) * 12, 6)
    0.092418
    >>> round(rate(48, Money("-200", "EUR"), Money("8000", "EUR")), 12)
    Decimal('0.007701472488')
    >>> rate(48, -200, 8_000, 2_000)
    Traceback (most recent call last):
    ...
    clientel.errors.NoSolutionError: pmt: 2 rates solve it (-0.0962289, -0.00278454)
    """
    exact = find_exact(pmt=pmt, pv=pv, fv=fv)
    for name, value in (("nper", nper), ("pmt", pmt), ("pv", pv), ("fv", fv)):
        if isinstance(value, list | tuple) or np.ndim(value) != 0:
            msg = "rate() solves one loan; clientel.planning.kernels.rate solves many"
            raise InvalidInputError(msg, field=name)
    if exact:
        amounts = Exact(pmt=pmt, pv=pv, fv=fv)
        p, a, f = amounts["pmt"], amounts["pv"], amounts["fv"]
        r0 = _scalar_rate(nper, float(p), float(a), float(f), when)
        return _polish(r0, to_decimal(nper, "nper"), p, a, f, when_flag(when))
    return _scalar_rate(nper, pmt, pv, fv, when)


def _scalar_rate(nper: Any, pmt: Any, pv: Any, fv: Any, when: When) -> float:
    result = rate_kernel(nper, pmt, pv, fv, when)
    status = IrrStatus(int(result.status[0]))
    if status is IrrStatus.OK:
        return float(result.rate[0])
    if status is IrrStatus.NOT_CONVERGED:
        raise ConvergenceError("the rate solver did not converge", field="pmt")
    if status is IrrStatus.MULTIPLE:
        listed = ", ".join(f"{r:.6g}" for r in result.roots(0))
        raise NoSolutionError(f"2 rates solve it ({listed})", field="pmt")
    if status is IrrStatus.NO_ROOT:
        raise NoSolutionError("no rate above -100 % solves it", field="pmt")
    raise NoSolutionError("no rate: the flows never change sign", field="pmt")


def _polish(r0: float, n: Decimal, p: Decimal, a: Decimal, f: Decimal, w: Decimal) -> Decimal:
    """Newton's method in Decimal from the float root, to the context's precision."""
    with context() as ctx:
        if a + p * n + f == 0:
            return Decimal(0)
        r = Decimal(repr(r0)) if r0 != 0 else Decimal("1e-9")
        tiny = Decimal(1).scaleb(4 - ctx.prec)
        for _ in range(100):
            g = (1 + r) ** int(n)
            k = (g - 1) / r
            value = a * g + p * (1 + r * w) * k + f
            dk = (n * g / (1 + r) - k) / r
            slope = a * n * g / (1 + r) + p * (w * k + (1 + r * w) * dk)
            step = value / slope
            r -= step
            if abs(step) <= tiny * max(abs(r), tiny):
                return +r
    raise ConvergenceError("the rate did not converge in Decimal", field="pmt")
