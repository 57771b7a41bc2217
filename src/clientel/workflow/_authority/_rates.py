"""A dated table of exchange rates the caller passes: no rate is ever looked up elsewhere.

Limits are written per currency; a deal in a currency a role has no rule in is
converted into the matrix's currency with a :class:`RateTable`, or refused with
an error naming the missing rate. Convert the deal, never the limits: the limit
a DoA reviewer wrote is the one compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import frozen_mapping, where
from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import Money
from clientel.models._money import check_currency

__all__ = ["RateTable", "in_currency"]


def _decimals(value: Mapping[str, Any] | None) -> Mapping[str, Decimal]:
    if value is not None and not isinstance(value, Mapping):
        raise InvalidInputError("expected a mapping of currency to rate", field="RateTable.rates")
    out: dict[str, Decimal] = {}
    for code, rate in (value or {}).items():
        if isinstance(rate, bool | float) or not isinstance(rate, Decimal | int | str):
            msg = "expected a decimal rate (a Decimal, an int or a string such as '0.92')"
            raise InvalidInputError(msg, field=f"RateTable.rates[{code!r}]", value=rate)
        try:
            out[code] = Decimal(rate)
        except ArithmeticError as exc:
            msg = "expected a decimal rate such as '0.92'"
            raise InvalidInputError(msg, field=f"RateTable.rates[{code!r}]", value=rate) from exc
    return frozen_mapping(out)


def _positive_rates(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    for code, rate in value.items():
        check_currency(code, f"{where(instance, attribute)}[{code!r}]")
        if not rate.is_finite() or rate <= 0:
            msg = "a rate is a finite number above 0"
            raise InvalidInputError(
                msg, field=f"{where(instance, attribute)}[{code!r}]", value=str(rate)
            )


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_currency(value, where(instance, attribute))


@attrs.frozen(kw_only=True, repr=False)
class RateTable(TableDisplay):
    """Exchange rates into ``base`` as of one date (steps 2.5.5, 2.6.4).

    Parameters
    ----------
    as_of : datetime.date
        The date the rates hold on (the caller's choice: clientel reads no clock).
    base : str
        The currency the rates convert into.
    rates : mapping of str to Decimal
        ``rates["USD"] = 0.92`` means one USD is worth 0.92 ``base``; cross rates
        go through ``base``.

    Examples
    --------
    >>> import datetime as dt
    >>> table = RateTable(as_of=dt.date(2027, 3, 1), base="EUR", rates={"USD": "0.92"})
    >>> table.convert(Money(600000, "USD"), "EUR")
    Money('552000.00', 'EUR')
    >>> table.convert(Money(1, "GBP"), "EUR")
    Traceback (most recent call last):
    ...
    clientel.errors.MissingDataError: rates: no GBP rate in the table as of 2027-03-01 (base EUR) (got 'GBP')
    """  # noqa: E501

    as_of: dt.date
    base: str = attrs.field(validator=_currency)
    rates: Mapping[str, Decimal] = attrs.field(
        factory=dict, converter=_decimals, validator=_positive_rates
    )

    _display_title = "Exchange rates"

    def _rate(self, currency: str) -> Decimal:
        if currency == self.base:
            return Decimal(1)
        rate = self.rates.get(currency)
        if rate is None:
            msg = f"no {currency} rate in the table as of {self.as_of} (base {self.base})"
            raise MissingDataError(msg, field="rates", value=currency)
        return rate

    def rate(self, source: str, target: str) -> Decimal:
        """Units of ``target`` one unit of ``source`` is worth (exact ratio of table rates)."""
        return self._rate(source) / self._rate(target)

    def convert(self, amount: Money, currency: str) -> Money:
        """``amount`` in ``currency``, rounded half-even to its minor unit.

        Raises
        ------
        MissingDataError
            The table has no rate for one of the two currencies.
        """
        if amount.currency == currency:
            return amount
        exact = amount * self._rate(amount.currency) / self._rate(currency)
        return Money(exact.amount, currency).round()

    def __repr__(self) -> str:
        codes = first_items(sorted(self.rates))
        return f"<RateTable {self.as_of} into {self.base}: {codes or 'no rates'}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per currency: its rate into the base currency."""
        return [
            {"currency": c, "rate": str(r), "base": self.base, "as_of": self.as_of}
            for c, r in sorted(self.rates.items())
        ] or [{"currency": self.base, "rate": "1", "base": self.base, "as_of": self.as_of}]


def in_currency(amount: Money, currency: str, rates: RateTable | None) -> Money:
    """``amount`` in ``currency``: itself, or converted with ``rates``.

    Raises
    ------
    MissingDataError
        The currencies differ and no table, or no rate in it, converts them.
    """
    if amount.currency == currency:
        return amount
    if rates is None:
        msg = (
            f"a deal in {amount.currency} is judged against limits in {currency}: pass a RateTable"
        )
        raise MissingDataError(msg, field="rates", value=f"{amount.currency}/{currency}")
    return rates.convert(amount, currency)
