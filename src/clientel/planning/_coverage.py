"""Coverage of the budget by the pipeline (2.1.7) and the forecast against actuals (2.4.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import DatedRateTable, FinancialTarget, Money, Opportunity, Pipeline
from clientel.planning._budget import BudgetLine
from clientel.planning._conversion import StageConversion
from clientel.planning._pipeline_data import check_date, converted, opportunity_list, view
from clientel.planning._pipeline_forecast import (
    PipelineForecast,
    _check_stages,
    _interval,
    _money,
    _probability_of,
    _units,
)
from clientel.planning._records import fields_row
from clientel.planning._reviews import Gap
from clientel.planning.kernels._forecast import simulate_pipeline as _simulate

__all__ = [
    "ForecastReview",
    "PeriodReview",
    "PipelineCoverage",
    "YearCoverage",
    "forecast_review",
    "pipeline_coverage",
]


@attrs.frozen(kw_only=True, repr=False)
class YearCoverage(TableDisplay):
    """One budget year: the target, what is committed, the gap and the pipeline that covers it.

    ``gap = max(target - committed, 0)``; ``coverage = pipeline / gap`` and
    ``weighted_coverage = weighted / gap`` (None when nothing is left to cover);
    ``probability``: the simulated chance that the won pipeline covers the gap.
    """

    year: int
    target: Money
    committed: Money
    gap: Money
    pipeline: Money
    weighted: Money
    coverage: float | None
    weighted_coverage: float | None
    probability: float
    low: Money
    high: Money
    _display_title = "Budget coverage"

    def __repr__(self) -> str:
        ratio = "covered" if self.weighted_coverage is None else f"{self.weighted_coverage:.2f}x"
        return (
            f"<YearCoverage {self.year}: gap {self.gap.format(0)}, weighted {ratio}, "
            f"P(covered) {self.probability:.0%}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row with every field, amounts as floats and the currency."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class PipelineCoverage(TableDisplay):
    """Coverage of each budget year's revenue target by the open pipeline (step 2.1.7)."""

    as_of: dt.date
    currency: str
    draws: int
    seed: int
    interval: tuple[float, float]
    years: tuple[YearCoverage, ...]
    _display_title = "Budget coverage by the pipeline"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per budget year."""
        return [r for y in self.years for r in y.to_records()]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{y.year}: {y.weighted_coverage:.2f}x" if y.weighted_coverage is not None
            else f"{y.year}: covered"
            for y in self.years[:3]
        )  # fmt: skip
        return f"<PipelineCoverage as of {self.as_of}, weighted: {shown}>"


def _targets(budget: Sequence[BudgetLine] | Sequence[FinancialTarget]) -> dict[int, Money]:
    out: dict[int, Money] = {}
    items = list(budget)
    if not items:
        raise InvalidInputError("expected budget lines or targets", field="budget")
    for i, item in enumerate(items):
        if isinstance(item, BudgetLine):
            if item.category != "revenue":
                continue
            amount = item.amount
        elif isinstance(item, FinancialTarget):
            amount = item.revenue
        else:
            msg = "expected a BudgetLine or a FinancialTarget"
            raise InvalidInputError(msg, field=f"budget[{i}]", value=type(item).__name__)
        year = item.year
        out[year] = out[year] + amount if year in out else amount
    if not out:
        raise InvalidInputError("no revenue line or target in the budget", field="budget")
    if len({m.currency for m in out.values()}) > 1:
        raise InvalidInputError("budget revenue in more than one currency", field="budget")
    return out


def _revenue_in(opp: Opportunity, year: int) -> Money | None:
    if opp.first_year is None:
        msg = "first_year is needed to place revenue in budget years"
        raise MissingDataError(msg, field=f"Opportunity[{opp.id}].first_year")
    k = year - opp.first_year
    return opp.revenue[k] if 0 <= k < len(opp.revenue) else None


def pipeline_coverage(
    opportunities: Iterable[Opportunity],
    conversion: StageConversion | Pipeline,
    budget: Sequence[BudgetLine] | Sequence[FinancialTarget],
    *,
    as_of: dt.date,
    rates: DatedRateTable,
    booked: Mapping[int, Money] | None = None,
    draws: int = 10_000,
    seed: int = 0,
    interval: Sequence[float] = (5.0, 95.0),
) -> PipelineCoverage:
    """How well the open pipeline covers each budget year's revenue target (step 2.1.7).

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With stage histories and revenue per fiscal year from ``first_year``.
    conversion : StageConversion or Pipeline
        Probabilities of winning per stage.
    budget : sequence of BudgetLine or FinancialTarget
        The revenue lines of the three-year budget (summed per year) or the
        group's targets.
    as_of : datetime.date
        The day of the view.
    rates : DatedRateTable
        Converts revenue into the budget's currency at the rate of the
        (expected or actual) close date; it must report in that currency.
    booked : mapping of int to Money, optional
        Revenue per year already contracted outside these opportunities.
    draws, seed, interval
        The simulation behind ``probability``, ``low`` and ``high`` (the same
        uniform decides an opportunity's outcome in every year).

    Returns
    -------
    PipelineCoverage

    Raises
    ------
    InvalidInputError
        ``rates`` report in another currency than the budget's.
    MissingDataError
        An open opportunity without an expected close date (named).

    Notes
    -----
    Per budget year: ``committed`` = booked + revenue of the won opportunities
    in that year; ``gap = max(target - committed, 0)``; ``pipeline`` = revenue of
    the open opportunities in that year and ``weighted`` the same times each
    one's probability; ``coverage = pipeline / gap`` (a pipeline coverage ratio:
    three times is a common rule of thumb) and ``weighted_coverage = weighted /
    gap``; ``probability`` = P(won revenue in the year >= gap).

    Examples
    --------
    One open 200,000 EUR deal at a stage won half the time, against a
    300,000 EUR target of which 100,000 EUR is booked:

    >>> import datetime as dt
    >>> from clientel.models import (DatedRateTable, FinancialTarget, Opportunity,
    ...     OpportunityOrigin, Pipeline, PipelineStage)
    >>> eur = lambda x: Money(x, "EUR")
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.5)])
    >>> deal = Opportunity(id="o1", client_id="c1", name="Cloud migration",
    ...     origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027, revenue=[eur(200_000)],
    ...     cost=[eur(150_000)], expected_close_on=dt.date(2027, 3, 31)
    ... ).advance("propose", dt.date(2026, 12, 1))
    >>> target = FinancialTarget(year=2027, revenue=eur(300_000), margin=eur(50_000))
    >>> cov = pipeline_coverage([deal], pipe, [target], as_of=dt.date(2027, 1, 31),
    ...     rates=DatedRateTable(currency="EUR"), booked={2027: eur(100_000)})
    >>> year = cov.years[0]
    >>> str(year.gap), year.coverage, year.weighted_coverage
    ('200000.00 EUR', 1.0, 0.5)
    """
    check_date(as_of, "as_of")
    probability, known = _probability_of(conversion)
    opps = opportunity_list(opportunities)
    _check_stages(opps, known)
    targets = _targets(budget)
    cur = next(iter(targets.values())).currency
    if rates.currency != cur:
        msg = f"the rates report in {rates.currency}, the budget is in {cur}"
        raise InvalidInputError(msg, field="rates")
    lo, hi = _interval(interval)
    views = [view(o, as_of) for o in opps]
    won = [v for v in views if v.is_won]
    open_ = [v for v in views if v.is_open]
    for v in open_:
        if v.opportunity.expected_close_on is None:
            msg = "an open opportunity needs an expected close date (its rate's date)"
            raise MissingDataError(msg, field=f"Opportunity[{v.opportunity.id}].expected_close_on")
    probs = np.asarray([probability(v.stage) for v in open_], dtype=np.float64)
    years = []
    for year in sorted(targets):
        extra = (booked or {}).get(year, Money.zero(cur))
        done = [_revenue_in(v.opportunity, year) for v in won]
        committed = (
            Money.sum(
                [rates.convert(m, v.closed_on) for v, m in zip(won, done, strict=True) if m], cur
            )
            + extra
        )
        amounts = [_revenue_in(v.opportunity, year) for v in open_]
        revenue = [
            Money.zero(cur) if m is None else rates.convert(m, v.opportunity.expected_close_on
                                                              or as_of)
            for v, m in zip(open_, amounts, strict=True)
        ]  # fmt: skip
        years.append(_year(year, targets[year], committed, revenue, probs, draws, seed, (lo, hi)))
    return PipelineCoverage(as_of=as_of, currency=cur, draws=draws, seed=seed, interval=(lo, hi),
                            years=tuple(years))  # fmt: skip


def _year(
    year: int, target: Money, committed: Money, revenue: list[Money], probs: Any, draws: int,
    seed: int, interval: tuple[float, float],
) -> YearCoverage:  # fmt: skip
    cur = target.currency
    committed = committed.round()
    gap = max(target - committed, Money.zero(cur)).round()
    units = np.asarray([_units(m) for m in revenue], dtype=np.float64)
    sim = _simulate(units, probs, np.zeros(units.size, dtype=np.int64), starts=[0], end=0,
                    draws=draws, seed=seed)  # fmt: skip
    won = sim.totals[0]
    pipeline = Money.sum(revenue, cur).round()
    weighted = _money(float(sim.expected[0]), cur)
    low, high = np.percentile(won, interval)
    ratio = None if gap.is_zero() else float(pipeline.amount / gap.amount)
    wratio = None if gap.is_zero() else float(weighted.amount / gap.amount)
    return YearCoverage(
        year=year, target=target, committed=committed, gap=gap, pipeline=pipeline,
        weighted=weighted, coverage=ratio, weighted_coverage=wratio,
        probability=float(np.mean(won >= _units(gap))), low=_money(low, cur),
        high=_money(high, cur),
    )  # fmt: skip


@attrs.frozen(kw_only=True, repr=False)
class PeriodReview(TableDisplay):
    """One forecast period at the review: forecast, interval and what was actually won.

    ``actual = from_pipeline + new + won_before`` (won by the forecast's date,
    already in its ``won``); ``difference = actual - expected``.
    """

    label: str
    complete: bool
    expected: Money
    low: Money
    high: Money
    actual: Money
    from_pipeline: Money
    new: Money
    difference: Money
    within: bool
    _display_title = "Forecast against actual"

    def __repr__(self) -> str:
        return (
            f"<PeriodReview {self.label}: actual {self.actual.format(0)} against "
            f"{self.expected.format(0)}{'' if self.within else ', outside the interval'}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row with every field, amounts as floats and the currency."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class ForecastReview(TableDisplay):
    """The forecast against what was won, at the semi-annual review (step 2.4.8).

    ``absolute_percentage_error``: mean of ``|actual - expected| / expected`` over
    complete periods with an expectation above 0 (None without one);
    ``hit_rate``: the share of complete periods whose actual fell in the interval.
    """

    on: dt.date
    forecast_as_of: dt.date
    currency: str
    periods: tuple[PeriodReview, ...]
    absolute_percentage_error: float | None
    hit_rate: float | None
    _display_title = "Forecast review"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per period reviewed."""
        return [r for p in self.periods for r in p.to_records()]

    def __repr__(self) -> str:
        done = sum(p.complete for p in self.periods)
        ape = (
            "–"
            if self.absolute_percentage_error is None
            else f"{self.absolute_percentage_error:.1%}"
        )
        return (
            f"<ForecastReview on {self.on} of the forecast of {self.forecast_as_of}: "
            f"{done} complete periods, mean absolute error {ape}>"
        )

    def gaps(self) -> tuple[Gap, ...]:
        """The complete periods won below their expectation, as review gaps (largest first)."""
        out = [
            Gap(measure=f"won {p.label}", planned=p.expected.to_float(),
                actual=p.actual.to_float(), gap=p.difference.to_float(),
                relative=None if p.expected.is_zero()
                else float(p.difference.amount / p.expected.amount))
            for p in self.periods
            if p.complete and p.difference.amount < 0
        ]  # fmt: skip
        out.sort(key=lambda g: (g.gap, g.measure))
        return tuple(out)


def forecast_review(
    forecast: PipelineForecast,
    opportunities: Iterable[Opportunity],
    *,
    on: dt.date,
    rates: DatedRateTable,
) -> ForecastReview:
    """Compare a forecast with what was won, period by period (step 2.4.8's review).

    Parameters
    ----------
    forecast : PipelineForecast
        The forecast made earlier (``forecast.as_of``).
    opportunities : iterable of Opportunity
        Their histories as they are at the review (outcomes recorded).
    on : datetime.date
        The review's date: periods that started by then are reviewed, those
        that ended by then are ``complete``.
    rates : DatedRateTable
        Converts each won value at the rate of its won date (as the forecast did).

    Returns
    -------
    ForecastReview

    Raises
    ------
    InvalidInputError
        ``forecast`` is not a PipelineForecast, ``on`` is before the forecast,
        or ``rates`` report in another currency.

    Examples
    --------
    The forecast of January expected half of a 200,000 EUR deal in the first
    quarter; the deal was won in March:

    >>> import datetime as dt
    >>> from clientel.models import (DatedRateTable, FiscalYear, Opportunity,
    ...     OpportunityOrigin, Pipeline, PipelineStage)
    >>> eur = lambda x: Money(x, "EUR")
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.5)])
    >>> deal = Opportunity(id="o1", client_id="c1", name="Cloud migration",
    ...     origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027, revenue=[eur(200_000)],
    ...     cost=[eur(150_000)], expected_close_on=dt.date(2027, 3, 31)
    ... ).advance("propose", dt.date(2026, 12, 1))
    >>> from clientel.planning import forecast_pipeline
    >>> rates = DatedRateTable(currency="EUR")
    >>> forecast = forecast_pipeline([deal], pipe, fiscal_year=FiscalYear(2027),
    ...                              as_of=dt.date(2027, 1, 31), rates=rates, seed=1)
    >>> won = deal.advance("won", dt.date(2027, 3, 20))
    >>> q1 = forecast_review(forecast, [won], on=dt.date(2027, 3, 31), rates=rates).periods[0]
    >>> q1.label, q1.complete, str(q1.expected), str(q1.actual)
    ('FY2027 Q1', True, '100000.00 EUR', '200000.00 EUR')
    """
    if not isinstance(forecast, PipelineForecast):
        raise InvalidInputError("expected a PipelineForecast", field="forecast")
    check_date(on, "on")
    if on < forecast.as_of:
        raise InvalidInputError("the review is before the forecast", field="on", value=on)
    if rates.currency != forecast.currency:
        raise InvalidInputError(f"expected rates into {forecast.currency}", field="rates")
    opps = opportunity_list(opportunities)
    before = {o.id: view(o, forecast.as_of) for o in opps}
    rows = []
    for p in forecast.periods:
        if p.start > on:
            break
        last = min(p.end, on)
        pipe, new, early = Money.zero(forecast.currency), Money.zero(forecast.currency), p.won
        for opp in opps:
            now = view(opp, last)
            if now.is_won and p.start <= now.closed_on <= last:
                if before[opp.id].is_won:
                    continue  # counted in the forecast's won already
                amount = converted(opp, rates, now.closed_on)
                if before[opp.id].is_open:
                    pipe = pipe + amount
                else:
                    new = new + amount
        pipe, new = pipe.round(), new.round()
        actual = early + pipe + new
        rows.append(PeriodReview(
            label=p.label, complete=p.end <= on, expected=p.expected, low=p.low, high=p.high,
            actual=actual, from_pipeline=pipe, new=new, difference=actual - p.expected,
            within=p.low <= actual <= p.high,
        ))  # fmt: skip
    done = [r for r in rows if r.complete]
    scored = [r for r in done if not r.expected.is_zero()]
    ape = (
        float(np.mean([abs(float(r.difference.amount / r.expected.amount)) for r in scored]))
        if scored else None
    )  # fmt: skip
    hit = float(np.mean([r.within for r in done])) if done else None
    return ForecastReview(on=on, forecast_as_of=forecast.as_of, currency=forecast.currency,
                          periods=tuple(rows), absolute_percentage_error=ape,
                          hit_rate=hit)  # fmt: skip
