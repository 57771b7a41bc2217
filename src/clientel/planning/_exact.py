"""Exact annuity arithmetic: Decimal at a stated precision, Money rounded once.

The annuity functions of :mod:`clientel.planning` send floats and arrays to
the numpy kernels and everything exact here: a :class:`~clientel.models.Money`
or ``Decimal`` amount (or a ``Decimal`` rate) is never turned into a float.
Formulas are evaluated in a local :mod:`decimal` context of
:data:`PRECISION` significant digits (banker's rounding; invalid operations,
division by zero and overflow trap), then a Money result is rounded once,
half-even, to its currency's minor unit. A float rate or amount next to exact
ones is read through its shortest repr (``0.1`` is ``Decimal("0.1")``), as
:class:`~clientel.models.Money` reads floats.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final

import numpy as np

from clientel.errors import CurrencyMismatchError, InvalidInputError, NoSolutionError
from clientel.models import Money, minor_unit

__all__ = [
    "PRECISION",
    "Exact",
    "check_nper",
    "check_rate",
    "context",
    "exact_fv",
    "exact_interest",
    "exact_nper",
    "exact_pmt",
    "exact_pv",
    "find_exact",
    "round_places",
    "to_decimal",
    "when_flag",
]

#: Significant digits of the Decimal context in which exact annuities are computed.
PRECISION: Final = 40

_CONTEXT: Final = decimal.Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


@contextmanager
def context() -> Iterator[decimal.Context]:
    """A local copy of the exact context (the caller's context is left alone).

    A :mod:`decimal` signal raised inside (an amount or a power beyond the
    context's exponent range, a division by a zero that the precision made)
    becomes an :class:`InvalidInputError`: no ``decimal.Overflow`` escapes.
    """
    with decimal.localcontext(_CONTEXT) as ctx:
        try:
            yield ctx
        except decimal.DecimalException as exc:
            msg = (
                f"beyond exact arithmetic ({type(exc).__name__}): an amount, rate or number "
                "of periods too large or too small; rescale it"
            )
            raise InvalidInputError(msg, field="amounts") from exc


def _is_exact(value: Any) -> bool:
    return isinstance(value, Decimal | Money)


def _holds_exact(value: Any) -> bool:
    """A list, tuple or object array with a Money or Decimal inside."""
    sequence = isinstance(value, list | tuple) or (
        isinstance(value, np.ndarray) and value.dtype == object
    )
    return sequence and any(_is_exact(v) for v in np.asarray(value, dtype=object).ravel())


def find_exact(**values: Any) -> bool:
    """Whether any argument is Money or Decimal; arrays of them are refused (by name).

    Raises
    ------
    InvalidInputError
        A sequence or array holding Money or Decimal values: exact amounts are
        computed one loan at a time, and converting them to floats silently
        would lose what makes them exact.
    """
    found = False
    for name, value in values.items():
        found = found or _is_exact(value)
        if _holds_exact(value):
            msg = ("Money and Decimal amounts are computed one loan at a time; pass one "
                   "value, or floats for arrays of loans")  # fmt: skip
            raise InvalidInputError(msg, field=name)
    return found


def to_decimal(value: Any, field: str) -> Decimal:
    """A finite Decimal from a Decimal, int or float (shortest repr); Money is refused here."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | np.number):
        raise InvalidInputError("expected a number", field=field, value=value)
    if isinstance(value, np.number):
        value = value.item()
    if isinstance(value, float):
        value = repr(value)  # the shortest repr that reads back: 0.1 is Decimal("0.1")
    out = value if isinstance(value, Decimal) else Decimal(value)
    if not out.is_finite():
        raise InvalidInputError("expected a finite number", field=field, value=value)
    return out


class Exact:
    """The amounts of one exact call: Decimal values and the currency, if any.

    Money arguments must share one currency; a plain number next to Money must
    be zero (the default ``fv=0``), anything else is refused by name.
    """

    def __init__(self, **amounts: Any) -> None:
        currencies = {v.currency for v in amounts.values() if isinstance(v, Money)}
        if len(currencies) > 1:
            msg = f"amounts must share one currency, got {sorted(currencies)}"
            raise CurrencyMismatchError(msg, field=",".join(amounts))
        self.currency: str | None = currencies.pop() if currencies else None
        self.values: dict[str, Decimal] = {}
        for name, value in amounts.items():
            if isinstance(value, Money):
                self.values[name] = value.amount
                continue
            number = to_decimal(value, name)
            if self.currency is not None and number != 0:
                msg = f"expected Money in {self.currency} (a plain number next to Money must be 0)"
                raise InvalidInputError(msg, field=name, value=value)
            self.values[name] = number

    def __getitem__(self, name: str) -> Decimal:
        return self.values[name]

    def out(self, amount: Decimal, places: int | None = None) -> Money | Decimal:
        """Money rounded once to the minor unit (or ``places``), else the Decimal as computed."""
        if self.currency is None:
            return amount if places is None else round_places(amount, places)
        digits = minor_unit(self.currency) if places is None else places
        return Money(round_places(amount, digits), self.currency)


def round_places(amount: Decimal, places: int) -> Decimal:
    """``amount`` rounded half-even to ``places`` decimals."""
    with context():
        return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def check_rate(r: Decimal) -> None:
    if r <= -1:
        raise InvalidInputError("rate must be greater than -1 (-100 %)", field="rate", value=r)


def check_nper(n: Decimal, field: str = "nper") -> None:
    if n <= 0:
        raise InvalidInputError("expected a positive number of periods", field=field, value=n)


def when_flag(when: str) -> Decimal:
    if when not in ("end", "begin"):
        raise InvalidInputError("expected 'end' or 'begin'", field="when", value=when)
    return Decimal(1) if when == "begin" else Decimal(0)


def _growth(r: Decimal, n: Decimal) -> Decimal:
    """(1 + r) ** n: exact powers for whole n, the context's ln/exp otherwise."""
    base = 1 + r
    return base ** int(n) if n == n.to_integral_value() else base**n


def exact_pmt(r: Decimal, n: Decimal, pv: Decimal, fv: Decimal, w: Decimal) -> Decimal:
    """Payment: ``-(fv + pv g) r / ((1 + r w)(g - 1))``; ``-(pv + fv) / n`` at r = 0."""
    with context():
        if r == 0:
            return -(pv + fv) / n
        g = _growth(r, n)
        return -(fv + pv * g) * r / ((1 + r * w) * (g - 1))


def exact_fv(r: Decimal, n: Decimal, pmt: Decimal, pv: Decimal, w: Decimal) -> Decimal:
    """Future value: ``-(pv g + pmt (1 + r w)(g - 1) / r)``; ``-(pv + pmt n)`` at r = 0."""
    with context():
        if r == 0:
            return -(pv + pmt * n)
        g = _growth(r, n)
        return -(pv * g + pmt * (1 + r * w) * (g - 1) / r)


def exact_pv(r: Decimal, n: Decimal, pmt: Decimal, fv: Decimal, w: Decimal) -> Decimal:
    """Present value: ``-(fv + pmt (1 + r w)(g - 1) / r) / g``; ``-(fv + pmt n)`` at r = 0."""
    with context():
        if r == 0:
            return -(fv + pmt * n)
        g = _growth(r, n)
        return -(fv + pmt * (1 + r * w) * (g - 1) / r) / g


def exact_nper(r: Decimal, pmt: Decimal, pv: Decimal, fv: Decimal, w: Decimal) -> Decimal:
    """Number of periods: ``ln(1 + x) / ln(1 + r)``, ``x = -(pv + fv) r / (pmt (1 + r w) + pv r)``.

    Raises
    ------
    NoSolutionError
        The payment never covers the interest, or a zero payment at a zero rate.
    """
    with context():
        if r == 0:
            if pmt == 0:
                raise NoSolutionError("no number of periods repays this: zero payment at a "
                                      "zero rate", field="pmt", value=pmt)  # fmt: skip
            return -(pv + fv) / pmt
        den = pmt * (1 + r * w) + pv * r
        ratio = 1 + (-(pv + fv) * r / den if den != 0 else Decimal("-Infinity"))
        if not ratio.is_finite() or ratio <= 0:
            msg = "no number of periods repays this: the payment does not cover the interest"
            raise NoSolutionError(msg, field="pmt", value=pmt)
        return ratio.ln() / (1 + r).ln()


def exact_interest(r: Decimal, k: int, pv: Decimal, payment: Decimal, w: Decimal) -> Decimal:
    """Interest part of payment ``k`` (1-based): ``-r`` times the balance after ``k - 1``."""
    with context():
        if (k == 1 and w == 1) or r == 0:
            return Decimal(0)
        g = _growth(r, Decimal(k - 1))
        balance = pv * g / (1 + r) ** int(w) + payment * (g - 1) / r
        return -r * balance
