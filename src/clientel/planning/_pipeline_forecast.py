"""The weighted pipeline forecast per fiscal month or quarter, with a seeded interval (2.4.6).

Each open opportunity counts with its probability of winning (learned per stage
by :func:`fit_stage_conversion`, or the pipeline's defaults) at its value in the
reporting currency, in the period of its expected close date; a seeded
simulation of outcomes and close dates (a slip learned from history, or given)
gives the interval around the expectation. Opportunities won by the forecast's
date count in full in the period they were won.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import (
    END_STAGES,
    DatedRateTable,
    FiscalYear,
    Money,
    Opportunity,
    Period,
    Pipeline,
)
from clientel.models._exchange import money_of
from clientel.planning._conversion import StageConversion
from clientel.planning._pipeline_data import View, check_date, converted, opportunity_list, view
from clientel.planning._records import fields_row
from clientel.planning.kernels._forecast import period_probabilities
from clientel.planning.kernels._forecast import simulate_pipeline as _simulate
from clientel.planning.kernels._sampling import Distribution, quantiles

__all__ = ["Contribution", "PeriodForecast", "PipelineForecast", "forecast_pipeline"]

Frequency = Literal["month", "quarter"]
Float = NDArray[np.float64]
_TOP = 10  # opportunities kept per period to explain it
_MIN_SLIPS = 10  # won opportunities with an expected close needed to learn the slip
_SLIP_POINTS = 1000  # equally likely days a slip distribution is read at


@attrs.frozen(kw_only=True)
class Contribution:
    """One open opportunity's expected won value in a period (its share of the forecast)."""

    id: str
    stage: str
    probability: float
    amount: Money


@attrs.frozen(kw_only=True, repr=False)
class PeriodForecast(TableDisplay):
    """One fiscal period's forecast: won so far, the open pipeline, expectation and interval.

    ``expected = won + weighted``; ``low``, ``median`` and ``high`` are
    percentiles of the simulated won value (the forecast's ``interval``).
    """

    label: str
    start: dt.date
    end: dt.date
    won: Money
    open_count: int
    pipeline: Money
    weighted: Money
    expected: Money
    low: Money
    median: Money
    high: Money
    _display_title = "Forecast period"

    def __repr__(self) -> str:
        return (
            f"<PeriodForecast {self.label}: expected {self.expected.format(0)} "
            f"({self.low.format(0)} to {self.high.format(0)}), won {self.won.format(0)}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the period, amounts as floats and the currency."""
        return [fields_row(self)]


@attrs.frozen(kw_only=True, repr=False)
class PipelineForecast(TableDisplay):
    """The weighted forecast of a fiscal year, per month or quarter, with intervals (2.4.6).

    Shows as a table (one row per period, then the year); :meth:`explain`
    names the opportunities behind a period; :meth:`period` finds one.
    """

    as_of: dt.date
    fiscal_year: FiscalYear
    frequency: str
    currency: str
    draws: int
    seed: int
    interval: tuple[float, float]
    slip: str
    periods: tuple[PeriodForecast, ...]
    total: PeriodForecast
    outside: Money
    notes: tuple[str, ...]
    contributions: Mapping[str, tuple[Contribution, ...]] = attrs.field(
        converter=frozen_mapping, repr=False
    )
    _display_title = "Pipeline forecast"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per period and a last row for the fiscal year."""
        return [r for p in (*self.periods, self.total) for r in p.to_records()]

    def __repr__(self) -> str:
        t = self.total
        return (
            f"<PipelineForecast {t.label} as of {self.as_of}: expected {t.expected.format(0)} "
            f"({self.interval[0]:g}-{self.interval[1]:g} %: {t.low.format(0)} to "
            f"{t.high.format(0)}), {len(self.periods)} {self.frequency}s, {self.draws} draws>"
        )

    def period(self, id: str) -> PeriodForecast:  # noqa: A002
        """The period labelled ``id`` (``"FY2027 Q1"``), or the year by its label."""
        for p in (*self.periods, self.total):
            if p.label == id:
                return p
        known = ", ".join(p.label for p in self.periods)
        raise UnknownReferenceError(f"no such period (known: {known})", field="id", value=id)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """The opportunities with the largest expected won value in period ``id``."""
        p = self.period(id)
        top = self.contributions.get(id, ())
        factors = [Factor(criterion=c.id, effect=c.amount.to_float(),
                          value=f"{c.stage}, p = {c.probability:.2f}") for c in top]  # fmt: skip
        summary = (
            f"expected {p.expected.format(0)} = won {p.won.format(0)} + weighted pipeline "
            f"{p.weighted.format(0)} ({p.open_count} open, {p.pipeline.format(0)} unweighted); "
            f"{self.interval[0]:g}-{self.interval[1]:g} %: {p.low.format(0)} to "
            f"{p.high.format(0)} ({self.draws} draws, seed {self.seed})"
        )
        notes = (f"slip of the close dates: {self.slip}", *self.notes)
        return Explanation(subject=p.label, summary=summary, factors=factors,
                           effect_kind=f"expected won value ({self.currency})",
                           notes=notes)  # fmt: skip


# -- inputs --------------------------------------------------------------------------------
def _probability_of(conversion: object) -> tuple[Any, frozenset[str]]:
    if isinstance(conversion, Pipeline):
        return conversion.probability, frozenset((*conversion.stage_ids, *END_STAGES))
    if isinstance(conversion, StageConversion):
        known = frozenset((*(s.stage for s in conversion.stages), *END_STAGES))
        return conversion.probability, known
    msg = "expected a StageConversion (learned) or a Pipeline (its defaults)"
    raise InvalidInputError(msg, field="conversion", value=type(conversion).__name__)


def _check_stages(opps: Sequence[Opportunity], known: frozenset[str]) -> None:
    for opp in opps:
        for i, change in enumerate(opp.stage_history):
            if change.stage not in known:
                field = f"Opportunity[{opp.id}].stage_history[{i}].stage"
                msg = f"not a stage of the conversion (known: {', '.join(sorted(known))})"
                raise UnknownReferenceError(msg, field=field, value=change.stage)


def _periods(fy: FiscalYear, frequency: str) -> tuple[Period, ...]:
    if not isinstance(fy, FiscalYear):
        raise InvalidInputError("expected a FiscalYear", field="fiscal_year", value=fy)
    if frequency == "quarter":
        return fy.quarters()
    if frequency == "month":
        return fy.months()
    raise InvalidInputError("expected 'month' or 'quarter'", field="frequency", value=frequency)


def _interval(interval: Sequence[float]) -> tuple[float, float]:
    lo_hi = tuple(interval)
    if len(lo_hi) != 2 or not all(isinstance(x, int | float) for x in lo_hi):
        raise InvalidInputError("expected two percentiles", field="interval", value=interval)
    lo, hi = float(lo_hi[0]), float(lo_hi[1])
    if not 0 <= lo < hi <= 100:
        msg = "expected percentiles 0 <= low < high <= 100"
        raise InvalidInputError(msg, field="interval", value=interval)
    return lo, hi


def slip_days(
    spec: Literal["history"] | Distribution | Sequence[int] | None, won: Sequence[View]
) -> tuple[NDArray[np.int64], str]:
    """The slip as equally likely whole days, and a description of where it came from."""
    if spec is None:
        return np.zeros(1, dtype=np.int64), "none (every opportunity closes on its expected date)"
    if isinstance(spec, Distribution):
        u = (np.arange(_SLIP_POINTS) + 0.5) / _SLIP_POINTS
        days = np.rint(quantiles(spec, u)).astype(np.int64)
        return days, f"{spec.kind.value} {spec.params} days, read at {_SLIP_POINTS} quantiles"
    if isinstance(spec, str):
        if spec != "history":
            raise InvalidInputError("expected 'history'", field="slip", value=spec)
        dated = [v for v in won if v.opportunity.expected_close_on is not None]
        if len(dated) < _MIN_SLIPS:
            note = f"none: {len(dated)} won opportunities with an expected close (< {_MIN_SLIPS})"
            return np.zeros(1, dtype=np.int64), note
        days = np.asarray(
            [(v.closed_on - (v.opportunity.expected_close_on or v.closed_on)).days for v in dated],
            dtype=np.int64,
        )
        return days, (
            f"learned from {days.size} won opportunities (won date minus expected close: "
            f"median {np.median(days):+.0f} days, 10-90 % {np.percentile(days, 10):+.0f} to "
            f"{np.percentile(days, 90):+.0f})"
        )
    values = np.asarray(list(spec))
    if values.ndim != 1 or values.size == 0 or not np.issubdtype(values.dtype, np.integer):
        raise InvalidInputError("expected whole days, at least one", field="slip")
    return values.astype(np.int64), f"given: {values.size} equally likely days"


# -- the forecast --------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class _Book:
    """The opportunities as the kernels read them, and the won ones per period."""

    open: list[View]
    values: list[Money]
    probabilities: list[float]
    close: list[int]
    won: list[tuple[View, Money]]


def _book(
    opps: Sequence[Opportunity], probability: Any, as_of: dt.date, rates: DatedRateTable
) -> _Book:
    opened, values, probs, close, won = [], [], [], [], []
    for opp in opps:
        seen = view(opp, as_of)
        if seen.is_won:
            won.append((seen, converted(opp, rates, seen.closed_on)))
        elif seen.is_open:
            expected = opp.expected_close_on
            if expected is None:
                msg = "an open opportunity needs an expected close date to be forecast"
                raise MissingDataError(msg, field=f"Opportunity[{opp.id}].expected_close_on")
            opened.append(seen)
            values.append(converted(opp, rates, expected))
            probs.append(float(probability(seen.stage)))
            close.append(expected.toordinal())
    return _Book(open=opened, values=values, probabilities=probs, close=close, won=won)


def _units(m: Money) -> int:
    return int(m.amount.scaleb(m.minor_unit))


def forecast_pipeline(
    opportunities: Iterable[Opportunity],
    conversion: StageConversion | Pipeline,
    *,
    fiscal_year: FiscalYear,
    as_of: dt.date,
    rates: DatedRateTable,
    frequency: Frequency = "quarter",
    draws: int = 10_000,
    seed: int = 0,
    slip: Literal["history"] | Distribution | Sequence[int] | None = "history",
    interval: Sequence[float] = (5.0, 95.0),
    chunk_size: int = 1 << 21,
) -> PipelineForecast:
    """Weighted forecast per fiscal month or quarter, with an interval from a seeded simulation.

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With stage histories; as of ``as_of``, the open ones are forecast (each
        needs revenue and an expected close date) and the won ones count in the
        period they were won.
    conversion : StageConversion or Pipeline
        The probability of winning from each stage: learned
        (:func:`fit_stage_conversion`) or the pipeline's defaults.
    fiscal_year : FiscalYear
        The year forecast, e.g. ``unit.fiscal_year(2027)`` (step 2.1.7's years).
    as_of : datetime.date
        The forecast's date: later stage changes have not happened, and no
        open opportunity closes before it.
    rates : DatedRateTable
        Converts each value into the reporting currency at the rate of its
        (expected or actual) close date.
    frequency : {"quarter", "month"}
        The periods.
    draws, seed : int
        Simulation size and seed: the same seed gives the same numbers, whatever
        ``chunk_size``.
    slip : "history", Distribution, sequence of int or None
        How close dates slip, in days: learned from the won opportunities (won
        date minus expected close; none with fewer than 10), a distribution
        (read at 1,000 quantiles), equally likely days, or no slip.
    interval : (float, float)
        Percentiles of the simulated won value reported as ``low`` and ``high``.
    chunk_size : int
        Opportunity-draws simulated at once; only memory depends on it.

    Returns
    -------
    PipelineForecast

    Raises
    ------
    UnknownReferenceError
        A stage the conversion does not know.
    MissingDataError
        An open opportunity without an expected close date or revenue.
    MissingRateError
        No rate for an opportunity's currency on its close date.
    InvalidInputError, LimitExceededError
        Bad periods, interval, draws (at most ``MAX_KEPT_DRAWS`` = 1,000,000:
        :class:`~clientel.errors.LimitExceededError`), seed or dates.

    Notes
    -----
    ``weighted = sum_i p_i v_i P(close_i in period)``: the expectation of the
    simulation, exact in the reporting currency's minor units up to the
    rounding of each amount. Outcomes are independent between opportunities;
    the slip is independent of the outcome. The interval is not always around
    the expectation: a period that rests on one unlikely deal has ``low = high =
    won`` and an expectation above both.

    Examples
    --------
    >>> from clientel.models import OpportunityOrigin, PipelineStage
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.6)])
    >>> def deal(i, stage, close, amount):
    ...     o = Opportunity(id=f"o{i}", client_id="c", name="deal",
    ...         origin=OpportunityOrigin.CLIENT_IT_NEED, revenue=[Money(amount, "EUR")],
    ...         cost=[Money(0, "EUR")], created_on=dt.date(2026, 10, 1), expected_close_on=close)
    ...     return o.advance(stage, dt.date(2026, 10, 1))
    >>> deals = [deal(1, "propose", dt.date(2027, 2, 15), 100_000),
    ...          deal(2, "qualify", dt.date(2027, 5, 20), 50_000)]
    >>> f = forecast_pipeline(deals, pipe, fiscal_year=FiscalYear(2027), as_of=dt.date(2027, 1, 1),
    ...                       rates=DatedRateTable(currency="EUR"), slip=None, seed=7)
    >>> [(p.label, str(p.expected)) for p in f.periods]
    [('FY2027 Q1', '60000.00 EUR'), ('FY2027 Q2', '10000.00 EUR'), ('FY2027 Q3', '0.00 EUR'), ('FY2027 Q4', '0.00 EUR')]
    >>> str(f.total.low), str(f.total.high)
    ('0.00 EUR', '150000.00 EUR')
    """  # noqa: E501
    check_date(as_of, "as_of")
    if not isinstance(rates, DatedRateTable):
        raise InvalidInputError("expected a DatedRateTable", field="rates")
    probability, known = _probability_of(conversion)
    opps = opportunity_list(opportunities)
    _check_stages(opps, known)
    periods = _periods(fiscal_year, frequency)
    lo, hi = _interval(interval)
    book = _book(opps, probability, as_of, rates)
    days, slip_text = slip_days(slip, [w for w, _ in book.won])
    cur = rates.currency
    starts = np.asarray([p.start.toordinal() for p in periods], dtype=np.int64)
    end = periods[-1].end.toordinal()
    values = np.asarray([_units(v) for v in book.values], dtype=np.float64)
    probs = np.asarray(book.probabilities, dtype=np.float64)
    close = np.asarray(book.close, dtype=np.int64)
    floor = as_of.toordinal()
    sim = _simulate(values, probs, close, starts=starts, end=end, draws=draws, seed=seed,
                    floor=floor, slip=days, chunk_size=chunk_size)  # fmt: skip
    won_units = np.zeros(len(periods) + 1)
    for w, amount in book.won:
        j = int(np.searchsorted(starts, w.closed_on.toordinal(), side="right")) - 1
        inside = j >= 0 and w.closed_on <= periods[-1].end
        won_units[j if inside else -1] += _units(amount)
    totals = sim.totals[:-1] + won_units[:-1, None]
    rows = _rows(periods, book, sim.expected, won_units, totals, (lo, hi), close, floor, cur)
    year = _year_row(fiscal_year, rows, totals.sum(axis=0), (lo, hi), cur)
    mass = period_probabilities(close, starts=starts, end=end, floor=floor, slip=days)
    notes = _notes(book, as_of, periods)
    return PipelineForecast(
        as_of=as_of, fiscal_year=fiscal_year, frequency=frequency, currency=cur, draws=draws,
        seed=seed, interval=(lo, hi), slip=slip_text, periods=tuple(rows), total=year,
        outside=_money(sim.expected[-1], cur), notes=notes,
        contributions=_top(book, mass, values, probs, periods, cur),
    )  # fmt: skip


def _money(units: float, currency: str) -> Money:
    """Minor units (a float, maybe fractional) as Money, rounded half-even to a whole unit."""
    return money_of(Fraction(float(units)) / 10 ** Money.zero(currency).minor_unit, currency)


def _rows(
    periods: Sequence[Period], book: _Book, expected: Float, won: Float, totals: Float,
    interval: tuple[float, float], close: NDArray[np.int64], floor: int, cur: str,
) -> list[PeriodForecast]:  # fmt: skip
    pct = np.percentile(totals, [interval[0], 50.0, interval[1]], axis=1)
    day = np.maximum(close, floor)
    rows = []
    for j, p in enumerate(periods):
        inside = (day >= p.start.toordinal()) & (day <= p.end.toordinal())
        open_value = sum(
            (v for v, x in zip(book.values, inside, strict=True) if x), Money.zero(cur)
        )
        rows.append(PeriodForecast(
            label=p.label, start=p.start, end=p.end, won=_money(won[j], cur),
            open_count=int(inside.sum()), pipeline=open_value, weighted=_money(expected[j], cur),
            expected=_money(won[j] + expected[j], cur), low=_money(pct[0, j], cur),
            median=_money(pct[1, j], cur), high=_money(pct[2, j], cur),
        ))  # fmt: skip
    return rows


def _year_row(
    fy: FiscalYear, rows: Sequence[PeriodForecast], draws: Float, interval: tuple[float, float],
    cur: str,
) -> PeriodForecast:  # fmt: skip
    lo, mid, hi = np.percentile(draws, [interval[0], 50.0, interval[1]])
    zero = Money.zero(cur)
    return PeriodForecast(
        label=fy.label, start=fy.start, end=fy.end, won=Money.sum((r.won for r in rows), cur),
        open_count=sum(r.open_count for r in rows),
        pipeline=sum((r.pipeline for r in rows), zero),
        weighted=Money.sum((r.weighted for r in rows), cur),
        expected=Money.sum((r.expected for r in rows), cur),
        low=_money(lo, cur), median=_money(mid, cur), high=_money(hi, cur),
    )  # fmt: skip


def _top(
    book: _Book, mass: Float, values: Float, probs: Float, periods: Sequence[Period], cur: str
) -> dict[str, tuple[Contribution, ...]]:
    out: dict[str, tuple[Contribution, ...]] = {}
    share = (probs * values)[:, None] * mass[:, :-1]
    for j, p in enumerate(periods):
        col = share[:, j]
        order = sorted(
            np.flatnonzero(col > 0), key=lambda i: (-col[i], book.open[i].opportunity.id)
        )
        out[p.label] = tuple(
            Contribution(id=book.open[i].opportunity.id, stage=book.open[i].stage or "",
                         probability=float(probs[i]), amount=_money(col[i], cur))
            for i in order[:_TOP]
        )  # fmt: skip
    return out


def _notes(book: _Book, as_of: dt.date, periods: Sequence[Period]) -> tuple[str, ...]:
    notes = []
    late = sum(v.opportunity.expected_close_on is not None
               and v.opportunity.expected_close_on < as_of for v in book.open)  # fmt: skip
    if late:
        notes.append(f"{late} open opportunities were expected to close before {as_of}: "
                     "they close on or after it")  # fmt: skip
    after = sum(c > periods[-1].end.toordinal() for c in book.close)
    if after:
        notes.append(f"{after} open opportunities are expected to close after {periods[-1].end}")
    return tuple(notes)
