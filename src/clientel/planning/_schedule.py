"""Amortisation schedules in exact money: instalments whose parts add up to the loan (2.4.6).

A bank's schedule: the instalment is the exact payment rounded once to the
minor unit; each period's interest is the exact interest on the balance then
owed, rounded once; the principal part is the instalment less its interest;
the last instalment repays whatever balance is left, so it absorbs every
rounding and the principal parts add up exactly to the loan (less a balloon
``fv``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

import attrs

from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, LimitExceededError
from clientel.models import Money
from clientel.planning._clv import MAX_EXACT_PERIODS
from clientel.planning._exact import (
    Exact,
    check_nper,
    check_rate,
    context,
    exact_pmt,
    to_decimal,
    when_flag,
)
from clientel.planning.kernels._annuity import When

__all__ = ["AmortisationSchedule", "amortisation_schedule"]

A = TypeVar("A", Money, Decimal)


@attrs.frozen(kw_only=True, repr=False)
class AmortisationSchedule(TableDisplay, Generic[A]):
    """An exact amortisation schedule: one instalment per period, in Money or Decimal.

    Spreadsheet signs: for a loan received (``pv > 0``) the payments, their
    interest and principal parts are negative and the balance owed falls to
    ``-fv`` (0 for a loan repaid in full).

    Attributes
    ----------
    rate : Decimal
        Interest rate per period.
    when : {"end", "begin"}
        Payments at the end or the beginning of each period.
    pv, fv : Money or Decimal
        The amount lent and the balance left after the last payment.
    payment, interest, principal, balance : tuple
        Per period: the instalment, its interest and principal parts
        (``payment = interest + principal`` exactly) and the balance owed after it.
    """

    rate: Decimal
    when: str
    pv: A
    fv: A
    payment: tuple[A, ...]
    interest: tuple[A, ...]
    principal: tuple[A, ...]
    balance: tuple[A, ...]
    _display_title = "Amortisation schedule"

    @property
    def periods(self) -> int:
        """Number of instalments."""
        return len(self.payment)

    @property
    def total_interest(self) -> A:
        """The interest paid over the life of the loan (exact sum of the interest parts)."""
        total: A = _total(self.interest, self.pv)
        return total

    def __repr__(self) -> str:
        return (f"AmortisationSchedule(periods={self.periods}, rate={float(self.rate):.6g}, "
                f"when={self.when!r}, pv={self.pv!r}, payment={self.payment[0]!r}, "
                f"last={self.payment[-1]!r})")  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per instalment: period, payment, interest, principal, balance (floats)."""
        rows = []
        for k, parts in enumerate(
            zip(self.payment, self.interest, self.principal, self.balance, strict=True), start=1
        ):
            row: dict[str, Any] = {"period": k}
            row.update(zip(("payment", "interest", "principal", "balance"),
                           (_number(x) for x in parts), strict=True))  # fmt: skip
            if isinstance(self.pv, Money):
                row["currency"] = self.pv.currency
            rows.append(row)
        return rows


def _total(parts: tuple[Any, ...], like: Any) -> Any:
    if isinstance(like, Money):
        return Money.sum(parts, like.currency)
    with context():
        return sum(parts, Decimal(0))


def _number(value: Money | Decimal) -> float:
    return value.to_float() if isinstance(value, Money) else float(value)


@overload
def amortisation_schedule(
    rate: float | Decimal,
    nper: int,
    pv: Money,
    fv: Money | int = ...,
    when: When = ...,
    *,
    places: int | None = ...,
) -> AmortisationSchedule[Money]: ...
@overload
def amortisation_schedule(
    rate: float | Decimal,
    nper: int,
    pv: Decimal | float,
    fv: Decimal | float = ...,
    when: When = ...,
    *,
    places: int | None = ...,
) -> AmortisationSchedule[Decimal]: ...
def amortisation_schedule(
    rate: Any,
    nper: int,
    pv: Any,
    fv: Any = 0,
    when: When = "end",
    *,
    places: int | None = None,
) -> AmortisationSchedule[Money] | AmortisationSchedule[Decimal]:
    """An exact amortisation schedule of one loan, as a bank would print it (step 2.4.6).

    Parameters
    ----------
    rate : float or Decimal
        Interest rate per period (a float is read through its shortest repr).
    nper : int
        Number of instalments.
    pv : Money, Decimal, int or float
        The amount lent (positive for a loan received).
    fv : Money, Decimal, int or float
        Balance left after the last instalment (0: repaid in full).
    when : {"end", "begin"}
        Instalments at the end (default) or the beginning of each period.
    places : int, optional
        Decimal places of the amounts: the currency's minor unit for Money,
        2 for plain numbers.

    Returns
    -------
    AmortisationSchedule
        Money amounts for Money input, Decimal otherwise. The principal parts
        add up exactly to ``-(pv + fv)`` (with payments at the beginning,
        ``fv`` is discounted by one period, as it falls due a period after the
        last instalment); every payment is its interest plus its principal.

    Raises
    ------
    InvalidInputError
        ``rate <= -1``, ``nper`` not a positive whole number, non-finite
        amounts, a bad ``when`` or ``places``, or Money next to a non-zero number.
    LimitExceededError
        ``nper`` above :data:`clientel.planning.MAX_EXACT_PERIODS` (10,000).
    CurrencyMismatchError
        ``pv`` and ``fv`` in different currencies.

    Notes
    -----
    Computed in Decimal at :data:`clientel.planning.PRECISION` digits; each
    amount is rounded once, half-even. The periods are computed one after the
    other, since each period's rounded interest depends on the balance the
    previous one left; for float schedules of many loans at once (no loop over
    loans or periods), use :func:`clientel.planning.kernels.amortisation`.

    Examples
    --------
    A 10,000 EUR loan over 10 months at 8 % a year (Excel's PMT example):

    >>> s = amortisation_schedule(Decimal("0.08") / 12, 10, Money("10000", "EUR"))
    >>> [str(x) for x in s.payment[:2]], str(s.payment[-1])
    (['-1037.03 EUR', '-1037.03 EUR'], '-1037.07 EUR')
    >>> str(Money.sum(s.principal, "EUR")), str(s.balance[-1])
    ('-10000.00 EUR', '0.00 EUR')
    """
    if isinstance(nper, bool) or not isinstance(nper, int) or nper < 1:
        raise InvalidInputError("expected a positive whole number", field="nper", value=nper)
    if nper > MAX_EXACT_PERIODS:  # one row per period, each rounded in turn
        msg = f"at most MAX_EXACT_PERIODS = {MAX_EXACT_PERIODS} instalments in an exact schedule"
        raise LimitExceededError(msg, limit="MAX_EXACT_PERIODS", maximum=MAX_EXACT_PERIODS,
                                 field="nper", value=nper)  # fmt: skip
    if places is not None and (isinstance(places, bool) or not isinstance(places, int)
                               or not 0 <= places <= 20):  # fmt: skip
        raise InvalidInputError("expected 0 to 20 decimal places", field="places", value=places)
    amounts = Exact(pv=pv, fv=fv)
    r = to_decimal(rate, "rate")
    check_rate(r)
    check_nper(Decimal(nper))
    w = when_flag(when)
    digits = 2 if places is None and amounts.currency is None else places

    def out(x: Decimal) -> Any:  # Money rounded to its minor unit, or Decimal to 2 places
        return amounts.out(x, digits)

    pv_, fv_ = amounts["pv"], amounts["fv"]
    with context():
        end = -fv_ / (1 + r) if w else -fv_
        instalment = out(exact_pmt(r, Decimal(nper), pv_, fv_, w))
        pay, interest, principal, balance = [], [], [], []
        owed = out(pv_)
        target = out(end)
        for k in range(1, nper + 1):
            due = out(Decimal(0) if (k == 1 and w) else -r * _amount(owed))
            part = instalment - due if k < nper else target - owed  # the last one absorbs
            interest.append(due)
            principal.append(part)
            pay.append(due + part)
            owed = owed + part
            balance.append(owed)
    return AmortisationSchedule(rate=r, when=when, pv=out(pv_), fv=out(fv_), payment=tuple(pay),
                                interest=tuple(interest), principal=tuple(principal),
                                balance=tuple(balance))  # fmt: skip


def _amount(value: Money | Decimal) -> Decimal:
    return value.amount if isinstance(value, Money) else value
