"""Financial impact of opportunities and key clients over a horizon (steps 2.4.6, 2.1.7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Money, Opportunity
from clientel.planning.kernels import IrrStatus
from clientel.planning.kernels import irr as irr_kernel
from clientel.planning.kernels._discount import npv
from clientel.planning.kernels._payback import payback_period

__all__ = [
    "FinancialImpact",
    "YearImpact",
    "combine_impacts",
    "financial_impact",
    "option_impact",
]


# what a chart says when there is no IRR, by IrrStatus name
_IRR_NOTES = MappingProxyType(
    {
        "NO_SIGN_CHANGE": "none (the flows never change sign)",
        "MULTIPLE": "not unique (the flows change sign more than once)",
        "NOT_CONVERGED": "not found",
        "NO_ROOT": "none",
    }
)


@attrs.frozen(kw_only=True, repr=False)
class YearImpact(TableDisplay):
    """One year of an impact: amounts rounded to the currency's minor unit."""

    year: int
    revenue: Money
    cost: Money
    margin: Money
    cumulative_cash: Money
    cost_by_category: Mapping[str, Money] = attrs.field(factory=dict, converter=frozen_mapping)
    _display_title = "Year of a financial impact"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the year's amounts (floats) and their currency, cost by category."""
        return [_year_row(self)]


def _year_row(y: YearImpact) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": y.year,
        "revenue": y.revenue.to_float(),
        "cost": y.cost.to_float(),
        "margin": y.margin.to_float(),
        "cumulative_cash": y.cumulative_cash.to_float(),
        "currency": y.revenue.currency,
    }
    if y.cost_by_category:
        row["cost_by_category"] = {k: v.to_float() for k, v in y.cost_by_category.items()}
    return row


@attrs.frozen(kw_only=True, repr=False)
class FinancialImpact(TableDisplay):
    """Revenue, cost, margin, cumulative cash, NPV, IRR and payback of one subject.

    ``npv`` discounts each year's margin at the end of its year and the
    pursuit cost and the delivery ``investment`` at t = 0 (``timing="end"``);
    ``irr`` is None when the flows
    have no unique IRR, with ``irr_status`` saying why (the name of a
    :class:`~clientel.planning.kernels.IrrStatus`). Floats are used inside the
    kernels; the conversion back to Money is rounded half-even to the minor unit.
    The repr leaves the years out; the notebook table shows one row per year.
    """

    subject_id: str
    currency: str
    rate: float
    pursuit_cost: Money
    years: tuple[YearImpact, ...] = attrs.field(repr=False)
    npv: Money
    irr: float | None
    irr_status: str
    payback_years: float | None
    investment: Money | None = None
    _display_title = "Financial impact"

    @property
    def total_revenue(self) -> Money:
        """Revenue over the horizon."""
        return Money.sum((y.revenue for y in self.years), self.currency)

    @property
    def total_cost(self) -> Money:
        """Delivery cost over the horizon."""
        return Money.sum((y.cost for y in self.years), self.currency)

    @property
    def total_margin(self) -> Money:
        """Margin over the horizon (before the pursuit cost)."""
        return Money.sum((y.margin for y in self.years), self.currency)

    def plot(self, ax: Any = None) -> Any:
        """Revenue, cost and margin by year as bars, with NPV and IRR written on (step 2.4.6).

        Calls :func:`clientel.plots.plot_financial_impact` on ``ax`` (a new
        figure's axes by default) and returns the axes; matplotlib, the
        ``clientel[plot]`` extra, is imported only by this call.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> eur = lambda x: Money(x, "EUR")
        >>> fi = option_impact("opt-cloud", [eur(2_000_000), eur(3_000_000)],
        ...                    [eur(1_800_000), eur(2_400_000)], 0.08, first_year=2027)
        >>> ax = fi.plot()
        >>> ax.get_title(), ax.get_ylabel()
        ('Financial impact of opt-cloud by year', 'amount per year (EUR)')
        """
        from clientel.plots import plot_financial_impact

        note = None if self.irr is not None else _IRR_NOTES.get(self.irr_status, "none")
        return plot_financial_impact(
            [y.year for y in self.years],
            [y.revenue.to_float() for y in self.years],
            [y.cost.to_float() for y in self.years],
            currency=self.currency,
            npv=self.npv.to_float(),
            irr=self.irr,
            rate=self.rate,
            irr_note=note,
            title=f"Financial impact of {self.subject_id} by year",
            ax=ax,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per year."""
        return [{"subject": self.subject_id, **_year_row(y)} for y in self.years]


def _money(value: float, currency: str) -> Money:
    return Money(Decimal(repr(value)), currency).round()


def _impact(
    subject: str,
    currency: str,
    rate: float,
    first_year: int,
    pursuit: Money,
    revenue: Sequence[Money],
    cost: Sequence[Money],
    categories: Sequence[Mapping[str, Money]] | None = None,
    investment: Money | None = None,
) -> FinancialImpact:
    margins = [r - c for r, c in zip(revenue, cost, strict=True)]
    cumulative: list[Money] = []
    upfront = pursuit if investment is None else pursuit + investment
    running = -upfront
    for m in margins:
        running = running + m
        cumulative.append(running)
    flows = np.array([-upfront.to_float(), *(m.to_float() for m in margins)])
    value = float(npv(rate, flows[1:], timing="end")) + float(flows[0])
    result = irr_kernel(flows)
    status = IrrStatus(int(result.status[0]))
    payback = float(payback_period(flows)) if flows[0] < 0 else 0.0
    years = tuple(
        YearImpact(
            year=first_year + i,
            revenue=r.round(),
            cost=c.round(),
            margin=m.round(),
            cumulative_cash=k.round(),
            cost_by_category={} if categories is None else categories[i],
        )
        for i, (r, c, m, k) in enumerate(zip(revenue, cost, margins, cumulative, strict=True))
    )
    return FinancialImpact(
        subject_id=subject,
        currency=currency,
        rate=rate,
        pursuit_cost=pursuit.round(),
        years=years,
        npv=_money(value, currency),
        irr=float(result.rate[0]) if status is IrrStatus.OK else None,
        irr_status=status.name,
        payback_years=None if np.isinf(payback) else payback,
        investment=None if investment is None else investment.round(),
    )


def financial_impact(
    opportunity: Opportunity,
    rate: float,
    *,
    horizon: int = 3,
    weighted: bool = False,
    cost_split: Mapping[str, float] | None = None,
) -> FinancialImpact:
    """Financial impact of one opportunity over ``horizon`` years (step 2.4.6).

    Parameters
    ----------
    opportunity : Opportunity
        Revenue and cost by year, optional pursuit cost, delivery investment
        and win probability. The pursuit cost and the investment are spent at
        t = 0, before the first year.
    rate : float
        Discount rate per year (> -1).
    horizon : int
        Years to include (missing years count as zero; extra years are dropped).
    weighted : bool
        Multiply revenue and cost by the win probability (expected impact).
    cost_split : mapping of str to float, optional
        Shares of the delivery cost by category (e.g. ``{"people": 3, "licences": 1}``);
        each year's rounded cost is split exactly (largest remainder), so the
        categories sum to the year's cost.

    Returns
    -------
    FinancialImpact
        Revenue, cost and margin per year, cumulative cash, NPV, IRR and payback.

    Raises
    ------
    InvalidInputError
        An opportunity without amounts, a rate <= -1 or a bad ``horizon`` or
        ``cost_split`` (named).

    Examples
    --------
    >>> from clientel.models import OpportunityOrigin
    >>> eur = lambda x: Money(x, "EUR")
    >>> opp = Opportunity(id="o1", client_id="c1", name="Cloud migration",
    ...     origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027,
    ...     revenue=[eur(400_000), eur(300_000), eur(200_000)],
    ...     cost=[eur(300_000), eur(210_000), eur(130_000)], pursuit_cost=eur(40_000))
    >>> fi = financial_impact(opp, 0.08)
    >>> fi.total_margin, fi.npv, round(fi.irr, 4), round(fi.payback_years, 2)
    (Money('260000.00', 'EUR'), Money('185321.34', 'EUR'), 2.3327, 0.4)
    """
    if not isinstance(horizon, int) or horizon < 1:
        raise InvalidInputError(
            "expected a whole number of years >= 1", field="horizon", value=horizon
        )
    currency = opportunity.currency
    if currency is None:
        raise InvalidInputError("the opportunity has no amounts", field=f"{opportunity.id}")
    if weighted and opportunity.win_probability is None:
        raise InvalidInputError(
            "no win probability to weight by", field=f"{opportunity.id}.win_probability"
        )
    factor = Decimal(str(opportunity.win_probability)) if weighted else Decimal(1)
    zero = Money.zero(currency)
    revenue = [
        (opportunity.revenue[i] * factor if i < len(opportunity.revenue) else zero)
        for i in range(horizon)
    ]
    cost = [
        (opportunity.cost[i] * factor if i < len(opportunity.cost) else zero)
        for i in range(horizon)
    ]
    pursuit = opportunity.pursuit_cost or zero
    first = opportunity.first_year if opportunity.first_year is not None else 1
    investment = opportunity.investment
    if investment is not None and weighted:
        investment = investment * factor
    return _impact(
        opportunity.id,
        currency,
        rate,
        first,
        pursuit,
        revenue,
        cost,
        None if cost_split is None else _split(cost, cost_split),
        investment,
    )


def option_impact(
    subject_id: str,
    revenue: Sequence[Money],
    cost: Sequence[Money],
    rate: float,
    *,
    investment: Money | None = None,
    first_year: int = 1,
) -> FinancialImpact:
    """Financial impact of a strategic option or any other yearly revenue and cost plan.

    The same measures as :func:`financial_impact` (steps 2.1.3, 2.1.7 and
    2.4.6) for a plan that is not an :class:`Opportunity`, for example a
    strategic option's three-year business case with an up-front investment.

    Parameters
    ----------
    subject_id : str
        What the plan is for, e.g. a strategic option's id.
    revenue, cost : sequence of Money
        Revenue and cost per year from ``first_year`` (same length, one currency).
    rate : float
        Discount rate per year (> -1).
    investment : Money, optional
        Spent at t = 0, before the first year.
    first_year : int
        The calendar year of the first amounts.

    Returns
    -------
    FinancialImpact
        Revenue, cost and margin per year, cumulative cash, NPV, IRR and payback.

    Raises
    ------
    InvalidInputError
        Revenue and cost of different lengths, no amounts, or a rate <= -1.
    CurrencyMismatchError
        Amounts in more than one currency.

    Examples
    --------
    >>> eur = lambda x: Money(x, "EUR")
    >>> fi = option_impact("opt-cloud", [eur(2_000_000), eur(3_000_000), eur(4_000_000)],
    ...                    [eur(1_800_000), eur(2_400_000), eur(2_900_000)], 0.08,
    ...                    investment=eur(1_000_000), first_year=2027)
    >>> str(fi.total_margin), str(fi.npv), [y.year for y in fi.years]
    ('1900000.00 EUR', '572803.94 EUR', [2027, 2028, 2029])
    """
    if len(revenue) != len(cost) or not revenue:
        raise InvalidInputError(
            "expected revenue and cost for the same years (at least one)", field="cost"
        )
    currencies = {m.currency for m in (*revenue, *cost)}
    if investment is not None:
        currencies.add(investment.currency)
    if len(currencies) != 1:
        raise CurrencyMismatchError(f"amounts in {sorted(currencies)}", field=subject_id)
    currency = currencies.pop()
    pursuit = investment if investment is not None else Money.zero(currency)
    return _impact(subject_id, currency, rate, first_year, pursuit, list(revenue), list(cost))


def _split(cost: Sequence[Money], shares: Mapping[str, float]) -> list[Mapping[str, Money]]:
    names = sorted(shares)
    if not names:
        raise InvalidInputError("expected at least one category", field="cost_split")
    weights = [float(shares[k]) for k in names]
    if any(not np.isfinite(w) or w < 0 for w in weights) or sum(weights) <= 0:
        msg = "shares must be finite, >= 0 and have a positive sum"
        raise InvalidInputError(msg, field="cost_split", value=dict(shares))
    dec = [Decimal(repr(w)) for w in weights]
    return [dict(zip(names, c.round().allocate(dec), strict=True)) for c in cost]


def combine_impacts(subject_id: str, impacts: Iterable[FinancialImpact]) -> FinancialImpact:
    """Sum impacts year by year (per key client or for the unit) and recompute NPV and IRR.

    All impacts must share currency and rate; years are aligned by calendar year.

    Parameters
    ----------
    subject_id : str
        What the total is for, e.g. a key client's id (step 2.4.6).
    impacts : iterable of FinancialImpact
        The impacts to add, e.g. of each preferred option of the client.

    Returns
    -------
    FinancialImpact
        The year-by-year sums, with the NPV and IRR of the summed flows.

    Raises
    ------
    InvalidInputError
        No impact, or impacts at different discount rates.
    CurrencyMismatchError
        Impacts in different currencies.

    Examples
    --------
    A key client's cloud migration (2027-2028) and support contract (2028-2030):

    >>> eur = lambda x: Money(x, "EUR")
    >>> cloud = option_impact("cloud", [eur(400_000), eur(300_000)],
    ...                       [eur(300_000), eur(200_000)], 0.08, first_year=2027)
    >>> support = option_impact("support", [eur(100_000)] * 3, [eur(60_000)] * 3, 0.08,
    ...                         first_year=2028)
    >>> client = combine_impacts("c1", [cloud, support])
    >>> [y.year for y in client.years], str(client.total_margin)
    ([2027, 2028, 2029, 2030], '320000.00 EUR')
    >>> str(client.years[1].revenue), str(client.years[1].margin)
    ('400000.00 EUR', '140000.00 EUR')
    """
    items = list(impacts)
    if not items:
        raise InvalidInputError("expected at least one impact", field="impacts")
    currency, rate = items[0].currency, items[0].rate
    for fi in items:
        if fi.currency != currency:
            raise CurrencyMismatchError(
                f"{fi.subject_id} is in {fi.currency}, not {currency}", field="impacts"
            )
        if fi.rate != rate:
            raise InvalidInputError("impacts use different discount rates", field="impacts")
    known = {y.year for fi in items for y in fi.years}
    years = list(range(min(known), max(known) + 1))  # calendar years without gaps
    revenue = [
        Money.sum((y.revenue for fi in items for y in fi.years if y.year == yr), currency)
        for yr in years
    ]
    cost = [
        Money.sum((y.cost for fi in items for y in fi.years if y.year == yr), currency)
        for yr in years
    ]
    pursuit = Money.sum((fi.pursuit_cost for fi in items), currency)
    names = sorted({k for fi in items for y in fi.years for k in y.cost_by_category})
    categories = [
        {
            k: Money.sum(
                (
                    y.cost_by_category[k]
                    for fi in items
                    for y in fi.years
                    if y.year == yr and k in y.cost_by_category
                ),
                currency,
            )
            for k in names
        }
        for yr in years
    ]
    invested = [fi.investment for fi in items if fi.investment is not None]
    investment = Money.sum(invested, currency) if invested else None
    return _impact(
        subject_id, currency, rate, years[0], pursuit, revenue, cost, categories, investment
    )
