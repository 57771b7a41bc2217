"""Dated exchange rates into a reporting currency (steps 2.1.7, 2.4.6, 2.4.8).

A :class:`DatedRateTable` holds, per currency, rates that each apply from a
start date until the next one of that currency starts, the way Salesforce's
dated exchange rates do (``DatedConversionRate``: ``IsoCode``, ``StartDate``,
``ConversionRate``; with advanced currency management an opportunity converts
at the rate of its close date). A rate is the value of one unit of the currency
in the reporting currency, as in :class:`clientel.workflow.RateTable` (the
authority engine's table of one date): ``rate=Decimal("1.0622")`` for CHF reads
1 CHF = 1.0622 EUR, and an amount converts by *multiplying*. Salesforce's and
the European Central Bank's quotes are the other way round (1 EUR = 0.9415 CHF):
pass their reciprocal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from clientel._internal.tuples import checked
from clientel._internal.validators import where
from clientel.errors import InvalidInputError, MissingRateError
from clientel.models._money import Money, _factor, minor_unit
from clientel.models._money_checks import currency_code
from clientel.models._stages import a_date

__all__ = ["DatedRate", "DatedRateTable", "money_of"]


def _rate(value: Any) -> Decimal:
    return _factor(value, "DatedRate.rate")


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if not value > 0:
        msg = "expected a rate above zero"
        raise InvalidInputError(msg, field=where(instance, attribute), value=str(value))


@attrs.frozen(kw_only=True)
class DatedRate:
    """An exchange rate that applies from ``start`` until the currency's next rate starts.

    Parameters
    ----------
    currency : str
        ISO 4217 code of the currency converted.
    start : datetime.date
        First day the rate applies.
    rate : Decimal
        The value of one unit of ``currency`` in the reporting currency (above
        0): ``DatedRate(currency="CHF", start=..., rate=Decimal("1.0622"))`` reads
        1 CHF = 1.0622 EUR when the table reports in EUR.
    """

    currency: str = attrs.field(validator=currency_code)
    start: dt.date = attrs.field(validator=a_date)
    rate: Decimal = attrs.field(converter=_rate, validator=_positive)


_checked_rates = checked(DatedRate, "DatedRateTable.rates")


def _rates(value: Iterable[Any]) -> tuple[DatedRate, ...]:
    return _checked_rates(value)


@attrs.frozen(kw_only=True)
class DatedRateTable:
    """Dated rates that convert amounts into one reporting currency.

    The reporting currency converts at 1 and needs no rate; a currency whose
    first rate starts after the date asked for has no rate on that date, and
    the conversion is refused (:class:`~clientel.errors.MissingRateError`),
    never guessed.

    Examples
    --------
    >>> rates = DatedRateTable(currency="EUR", rates=[
    ...     DatedRate(currency="CHF", start=dt.date(2027, 1, 1), rate=Decimal("1.0638")),
    ...     DatedRate(currency="CHF", start=dt.date(2027, 4, 1), rate=Decimal("1.0526"))])
    >>> rates.convert(Money("100000", "CHF"), dt.date(2027, 3, 31))
    Money('106380.00', 'EUR')
    >>> rates.convert(Money("1234.565", "CHF"), dt.date(2027, 4, 1))
    Money('1299.50', 'EUR')
    >>> rates.convert(Money("100000", "GBP"), dt.date(2027, 4, 1))
    Traceback (most recent call last):
    ...
    clientel.errors.MissingRateError: rates: no GBP rate starts on or before 2027-04-01 ...
    """

    currency: str = attrs.field(validator=currency_code)
    rates: tuple[DatedRate, ...] = attrs.field(default=(), converter=_rates)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, dt.date]] = set()
        for i, rate in enumerate(self.rates):
            if rate.currency == self.currency:
                msg = f"the reporting currency {self.currency} converts at 1 and takes no rate"
                raise InvalidInputError(msg, field=f"DatedRateTable.rates[{i}].currency")
            key = (rate.currency, rate.start)
            if key in seen:
                msg = f"a second {rate.currency} rate starting on {rate.start}"
                raise InvalidInputError(msg, field=f"DatedRateTable.rates[{i}].start")
            seen.add(key)

    def rate(self, currency: str, on: dt.date) -> Decimal:
        """The value of one unit of ``currency`` in the reporting currency on ``on``.

        Raises
        ------
        MissingRateError
            No rate of ``currency`` starts on or before ``on``.
        """
        if currency == self.currency:
            return Decimal(1)
        found = [r for r in self.rates if r.currency == currency and r.start <= on]
        if not found:
            msg = f"no {currency} rate starts on or before {on} (reporting in {self.currency})"
            raise MissingRateError(msg, currency=currency, on=on, field="rates")
        return max(found, key=lambda r: r.start).rate

    def convert(self, amount: Money, on: dt.date) -> Money:
        """``amount`` in the reporting currency at the rate of ``on`` (amount x rate), rounded
        half-even once to the reporting currency's minor unit."""
        if amount.currency == self.currency:
            return amount
        return money_of(Fraction(amount.amount) * Fraction(self.rate(amount.currency, on)),
                        self.currency)  # fmt: skip


def money_of(exact: Fraction, currency: str) -> Money:
    """The exact amount ``exact`` rounded half-even once to ``currency``'s minor unit."""
    places = minor_unit(currency)
    units = round(exact * 10**places)  # Fraction rounds half to even
    return Money(Decimal(units).scaleb(-places), currency)
