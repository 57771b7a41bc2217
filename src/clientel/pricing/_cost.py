"""Project cost build-up and profitability in exact Money (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import at_least, frozen_mapping, identifier, optional, unique_ids
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import Money
from clientel.models._money_checks import as_money, money_at_least_zero
from clientel.models._volume import as_decimal

__all__ = [
    "CostBuildUp",
    "CostSummary",
    "RateCard",
    "RoleRate",
    "margin_floor",
    "margin_of_price",
    "markup",
    "price_for_margin",
    "price_for_markup",
]


@attrs.frozen(kw_only=True)
class RoleRate:
    """The cost rate of one role, per unit of effort (for example per day)."""

    id: str = attrs.field(validator=identifier)
    cost_rate: Money = attrs.field(validator=money_at_least_zero)
    unit: str = "day"


@attrs.frozen(kw_only=True)
class RateCard:
    """Cost rates by role, one currency (step 2.5.4).

    Examples
    --------
    >>> card = RateCard(id="2026", rates=(RoleRate(id="consultant", cost_rate=Money(600, "EUR")),))
    >>> card.rate("consultant")
    Money('600', 'EUR')
    """

    id: str = attrs.field(validator=identifier)
    rates: tuple[RoleRate, ...] = attrs.field(converter=tuples.rates, validator=unique_ids)

    def __attrs_post_init__(self) -> None:
        currencies = {r.cost_rate.currency for r in self.rates}
        if len(currencies) > 1:
            msg = f"rates must share one currency, got {sorted(currencies)}"
            raise InvalidInputError(msg, field="RateCard.rates")

    def rate(self, id: str) -> Money:  # noqa: A002 - ``id`` names the role, as everywhere
        """The cost rate of the role ``id``; raises UnknownReferenceError if absent."""
        for item in self.rates:
            if item.id == id:
                return item.cost_rate
        raise UnknownReferenceError(f"no rate for role {id!r} on card {self.id!r}", field="id")


@attrs.frozen(kw_only=True, repr=False)
class CostSummary(TableDisplay):
    """Totals of a cost build-up by category; the categories add up to ``total`` exactly.

    Examples
    --------
    >>> card = RateCard(id="2026", rates=(RoleRate(id="consultant", cost_rate=Money(600, "EUR")),))
    >>> s = CostBuildUp(rate_card=card, effort={"consultant": 10}, overhead_rate=0.1).summary()
    >>> s
    <CostSummary total 6600.00 EUR: labour 6000.00 EUR, overhead 600.00 EUR>
    >>> [(r["category"], r["amount"]) for r in s.to_records()][-2:]
    [('overhead', '600.00 EUR'), ('total', '6600.00 EUR')]
    """

    labour: Money
    labour_by_role: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    third_party: Money
    procurement: Money
    travel_expenses: Money
    contingency: Money
    overhead: Money
    total: Money

    _display_title = "Cost summary"
    _CATEGORIES = ("third_party", "procurement", "travel_expenses", "contingency", "overhead")

    def __repr__(self) -> str:
        parts = [f"labour {self.labour}"]
        parts += [f"{c.replace('_', ' ')} {getattr(self, c)}" for c in self._CATEGORIES
                  if not getattr(self, c).is_zero()]  # fmt: skip
        return f"<CostSummary total {self.total}: {', '.join(parts)}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per role's labour, then per category, then the total (amounts exact)."""
        rows = [{"category": f"labour: {role}", "amount": str(amount)}
                for role, amount in self.labour_by_role.items()]  # fmt: skip
        rows.append({"category": "labour", "amount": str(self.labour)})
        rows += [{"category": c, "amount": str(getattr(self, c))} for c in self._CATEGORIES]
        rows.append({"category": "total", "amount": str(self.total)})
        return rows


@attrs.frozen(kw_only=True)
class CostBuildUp:
    """The cost of a project: effort by role x rate plus the other categories (step 2.5.4).

    Parameters
    ----------
    rate_card : RateCard
        Cost rates by role.
    effort : mapping of role id to float
        Units of effort (days) per role, each at least 0.
    third_party, procurement, travel_expenses : Money, optional
        Subcontractors, goods bought for the project, travel and expenses.
    contingency_rate : float
        Risk contingency as a fraction of direct cost (labour + third party +
        procurement + travel); 0 by default.
    contingency_amount : Money, optional
        A fixed contingency instead of (added to) the rate.
    overhead_rate : float
        Overhead allocation as a fraction of direct cost.

    Notes
    -----
    Each category is rounded to the currency's minor unit (banker's rounding)
    and ``total`` is the sum of the rounded categories, so the lines always add
    up. ``contingency = rate x direct + amount``; ``overhead = rate x direct``.

    Examples
    --------
    Ten consultant days at 600 EUR and four manager days at 900 EUR, 2,000 EUR of
    licences, 10 % contingency and 15 % overhead:

    >>> card = RateCard(id="2026", rates=(RoleRate(id="consultant", cost_rate=Money(600, "EUR")),
    ...                                   RoleRate(id="manager", cost_rate=Money(900, "EUR"))))
    >>> build = CostBuildUp(rate_card=card, effort={"consultant": 10, "manager": 4},
    ...                     third_party=Money(2000, "EUR"), contingency_rate=0.10,
    ...                     overhead_rate=0.15)
    >>> s = build.summary()
    >>> str(s.labour), str(s.contingency), str(s.overhead), str(s.total)
    ('9600.00 EUR', '1160.00 EUR', '1740.00 EUR', '14500.00 EUR')
    """

    rate_card: RateCard
    effort: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    third_party: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    procurement: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    travel_expenses: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    contingency_rate: float = attrs.field(default=0.0, validator=at_least(0.0))
    contingency_amount: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    overhead_rate: float = attrs.field(default=0.0, validator=at_least(0.0))

    def __attrs_post_init__(self) -> None:
        for role, days in self.effort.items():
            ok = not isinstance(days, bool) and isinstance(days, int | float | Decimal)
            if not ok or not Decimal(str(days)).is_finite() or days < 0:
                msg = "expected a finite effort >= 0"
                raise InvalidInputError(msg, field=f"CostBuildUp.effort[{role!r}]", value=days)
            if role not in {r.id for r in self.rate_card.rates}:
                msg = f"no rate for role {role!r} on card {self.rate_card.id!r}"
                raise UnknownReferenceError(msg, field=f"CostBuildUp.effort[{role!r}]")
        cur = self.currency
        for name in ("third_party", "procurement", "travel_expenses", "contingency_amount"):
            item = getattr(self, name)
            if item is not None and item.currency != cur:
                msg = f"expected {cur} like the rate card, got {item.currency}"
                raise InvalidInputError(msg, field=f"CostBuildUp.{name}")

    @property
    def currency(self) -> str:
        """The rate card's currency (EUR if the card is empty and nothing else says)."""
        if self.rate_card.rates:
            return self.rate_card.rates[0].cost_rate.currency
        for item in (self.third_party, self.procurement, self.travel_expenses):
            if item is not None:
                return item.currency
        return "EUR"

    def summary(self) -> CostSummary:
        """Totals by category and overall (see the class notes for the formulas)."""
        cur = self.currency
        zero = Money.zero(cur)
        by_role = {
            role: (self.rate_card.rate(role) * days).round()
            for role, days in sorted(self.effort.items())
        }
        labour = Money.sum(by_role.values(), cur)
        third = (self.third_party or zero).round()
        proc = (self.procurement or zero).round()
        travel = (self.travel_expenses or zero).round()
        direct = labour + third + proc + travel
        contingency = (direct * self.contingency_rate + (self.contingency_amount or zero)).round()
        overhead = (direct * self.overhead_rate).round()
        total = direct + contingency + overhead
        return CostSummary(labour=labour, labour_by_role=by_role, third_party=third,
                           procurement=proc, travel_expenses=travel, contingency=contingency,
                           overhead=overhead, total=total)  # fmt: skip


def price_for_margin(cost: Money, margin: float | Decimal | str) -> Money:
    """The price whose margin on ``cost`` is ``margin``: ``cost / (1 - m)``, rounded up.

    Parameters
    ----------
    cost : Money
        Project cost, at least 0.
    margin : number
        Target margin as a fraction of price, below 1 (may be negative).

    Returns
    -------
    Money
        Rounded up (ROUND_CEILING) to the minor unit, so the margin is at least ``m``.

    Raises
    ------
    InvalidInputError
        Negative cost or a margin of 1 or more.

    Examples
    --------
    A 14,500 EUR project at a 30 % margin:

    >>> price_for_margin(Money(14500, "EUR"), "0.30")
    Money('20714.29', 'EUR')
    """
    cost = as_money(cost, "cost")
    m = as_decimal(margin, "margin")
    if m >= 1:
        raise InvalidInputError("margin must be below 1", field="margin", value=margin)
    if cost.amount < 0:
        raise InvalidInputError("cost must not be negative", field="cost", value=str(cost))
    return (cost / (1 - m)).round(rounding=ROUND_CEILING)


def margin_floor(cost: Money, min_margin: float | Decimal | str) -> Money:
    """The price floor implied by a minimum margin, ``cost / (1 - m_min)`` (step 2.5.4).

    Same as :func:`price_for_margin`; named for its use as the band's lowest allowed price.

    Parameters
    ----------
    cost : Money
        Project cost, at least 0.
    min_margin : float, Decimal or str
        The lowest margin allowed, as a fraction of price below 1.

    Returns
    -------
    Money
        Rounded up to the minor unit, so the margin is at least ``min_margin``.

    Raises
    ------
    InvalidInputError
        Negative cost (field ``cost``) or a margin of 1 or more (field ``min_margin``).

    Examples
    --------
    >>> margin_floor(Money(8000, "EUR"), 0.2)
    Money('10000.00', 'EUR')
    """
    m = as_decimal(min_margin, "min_margin")
    if m >= 1:
        raise InvalidInputError("margin must be below 1", field="min_margin", value=min_margin)
    return price_for_margin(cost, m)


def margin_of_price(price: Money, cost: Money) -> Decimal:
    """Margin as a fraction of price, ``(price - cost) / price`` (exact Decimal).

    Parameters
    ----------
    price : Money
        The price, above 0.
    cost : Money
        The cost, in the same currency.

    Returns
    -------
    Decimal
        The margin, exact (not rounded).

    Raises
    ------
    InvalidInputError
        A price of 0 or less.
    CurrencyMismatchError
        Price and cost in different currencies.

    Examples
    --------
    >>> margin_of_price(Money(20000, "EUR"), Money(14500, "EUR"))
    Decimal('0.275')
    """
    price, cost = as_money(price, "price"), as_money(cost, "cost")
    if price.amount <= 0:
        raise InvalidInputError("price must be above 0", field="price", value=str(price))
    return (price - cost) / price


def markup(price: Money, cost: Money) -> Decimal:
    """Markup on cost, ``(price - cost) / cost`` (exact Decimal).

    Parameters
    ----------
    price : Money
        The price.
    cost : Money
        The cost, above 0, in the same currency.

    Returns
    -------
    Decimal
        The markup, exact (not rounded).

    Raises
    ------
    InvalidInputError
        A cost of 0 or less.
    CurrencyMismatchError
        Price and cost in different currencies.

    Examples
    --------
    >>> markup(Money(20000, "EUR"), Money(16000, "EUR"))
    Decimal('0.25')
    """
    price, cost = as_money(price, "price"), as_money(cost, "cost")
    if cost.amount <= 0:
        raise InvalidInputError("cost must be above 0", field="cost", value=str(cost))
    return (price - cost) / cost


def price_for_markup(cost: Money, markup: float | Decimal | str) -> Money:
    """``cost x (1 + markup)``, rounded half-even to the minor unit.

    Parameters
    ----------
    cost : Money
        The cost.
    markup : float, Decimal or str
        Markup on cost, at least -1.

    Returns
    -------
    Money
        The price, rounded half-even to the minor unit.

    Raises
    ------
    InvalidInputError
        A markup below -1.

    Examples
    --------
    >>> price_for_markup(Money(16000, "EUR"), "0.25")
    Money('20000.00', 'EUR')
    """
    cost = as_money(cost, "cost")
    k = as_decimal(markup, "markup")
    if k < -1:
        raise InvalidInputError("markup must be at least -1", field="markup", value=markup)
    return (cost * (1 + k)).round()
