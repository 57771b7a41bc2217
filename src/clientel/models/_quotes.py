"""The quote an approval or a negotiation round is judged on (steps 2.5.4-2.5.6).

A :class:`Quote` holds what a delegation-of-authority matrix looks at: the list
price (the deal's size), the price offered, the cost, the band floor, the payment
terms and any non-standard clauses. Discount and margin are derived from them
exactly, so a second concession is always measured off list together with the
first.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import described, frozen_mapping, non_empty, optional, where
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero

__all__ = ["Quote", "whole_number"]


def _whole_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number (not a bool) that is not negative."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            "expected a whole number >= 0", field=where(instance, attribute), value=value
        )


whole_number = described(_whole_number, {"minimum": 0})


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    money_at_least_zero(instance, attribute, value)
    if value.is_zero():
        raise InvalidInputError(
            "must be above 0", field=where(instance, attribute), value=str(value)
        )


def _clause_texts(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    for key, text in value.items():
        if not isinstance(text, str) or not isinstance(key, str) or not key.strip():
            msg = "expected clause ids mapped to their wording (strings)"
            raise InvalidInputError(msg, field=f"{where(instance, attribute)}[{key!r}]")


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"


@attrs.frozen(kw_only=True, repr=False)
class Quote(TableDisplay):
    """What an approval is judged on: list price, price, cost, floor, terms (2.5.4-2.5.6).

    Parameters
    ----------
    list_price : Money
        The deal at list price: its size, which value limits apply to. A
        price change alone never changes it.
    price : Money
        The price offered (above list for a premium).
    cost : Money, optional
        The cost; without it the margin is not judged.
    floor : Money, optional
        The price band's floor (step 2.5.4); a price below it is never approved.
    payment_days : int, optional
        Days the client has to pay (``30`` for net 30); without it payment
        terms are not judged.
    clauses : mapping of str to str
        Non-standard clauses, id to wording; a new or changed one is worse for
        the company, a removed one better.
    business_type : str, optional
        Selects business-type rules of the authority matrix.

    Notes
    -----
    The discount off list is :math:`1 - p / l` and the margin
    :math:`(p - c) / p`, both exact decimals: 10 % off and then 5 % off the
    result is a price of 85.5 % of list, 14.5 % off list.

    Examples
    --------
    >>> q = Quote(list_price=Money(100000, "EUR"), price=Money(85500, "EUR"),
    ...           cost=Money(64125, "EUR"))
    >>> q.discount, q.margin
    (Decimal('0.145'), Decimal('0.25'))
    >>> q
    <Quote 85500 EUR: 14.5% off list 100000 EUR, margin 25.0%>
    """

    list_price: Money = attrs.field(validator=_positive)
    price: Money = attrs.field(validator=_positive)
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    floor: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    payment_days: int | None = attrs.field(default=None, validator=optional(whole_number))
    clauses: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_clause_texts
    )
    business_type: str | None = attrs.field(default=None, validator=optional(non_empty))

    _display_title = "Quote"

    def __attrs_post_init__(self) -> None:
        for name in ("list_price", "cost", "floor"):
            other = getattr(self, name)
            if other is not None and other.currency != self.price.currency:
                msg = f"expected {self.price.currency} like the price, got {other.currency}"
                raise CurrencyMismatchError(msg, field=f"Quote.{name}")

    @property
    def currency(self) -> str:
        """The quote's currency."""
        return self.price.currency

    @property
    def discount(self) -> Decimal:
        """Discount off list, ``1 - price / list_price`` (negative for a premium)."""
        return 1 - self.price / self.list_price

    @property
    def margin(self) -> Decimal | None:
        """Margin on price, ``(price - cost) / price``; None without a cost."""
        return None if self.cost is None else (self.price - self.cost) / self.price

    def at(self, price: Money) -> Quote:
        """The same quote at another price (a negotiation round).

        Examples
        --------
        >>> q = Quote(list_price=Money(100, "EUR"), price=Money(90, "EUR"))
        >>> q.at(Money("85.5", "EUR")).discount
        Decimal('0.145')
        """
        return attrs.evolve(self, price=price)

    def __repr__(self) -> str:
        margin = "" if self.margin is None else f", margin {_percent(self.margin)}"
        return f"<Quote {self.price}: {_percent(self.discount)} off list {self.list_price}{margin}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: prices, discount off list, margin, terms."""
        return [
            {
                "list_price": str(self.list_price),
                "price": str(self.price),
                "discount": float(self.discount),
                "margin": None if self.margin is None else float(self.margin),
                "floor": None if self.floor is None else str(self.floor),
                "payment_days": self.payment_days,
                "clauses": tuple(sorted(self.clauses)),
                "business_type": self.business_type,
            }
        ]
