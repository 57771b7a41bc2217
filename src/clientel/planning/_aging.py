"""Time in stage, aging of open opportunities and pipeline velocity (steps 2.4.5, 2.4.8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError
from clientel.models import END_STAGES, DatedRateTable, Money, Opportunity, Pipeline
from clientel.models._exchange import money_of
from clientel.planning._pipeline_data import (
    check_date,
    converted,
    opportunity_list,
    view,
)
from clientel.planning._records import fields_row
from clientel.planning.kernels._conversion import aging_days as _aging
from clientel.planning.kernels._conversion import sales_velocity as _velocity
from clientel.planning.kernels._conversion import spell_lengths as _times

__all__ = [
    "AgingRow",
    "PipelineAging",
    "PipelineVelocity",
    "StageTime",
    "StageTimes",
    "pipeline_aging",
    "pipeline_velocity",
    "stage_times",
]


def _maybe(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


@attrs.frozen(kw_only=True, repr=False)
class StageTime(TableDisplay):
    """Days spent in one stage: over completed spells, and by those in it now."""

    stage: str
    completed: int
    mean_days: float | None
    median_days: float | None
    p90_days: float | None
    open_now: int
    open_median_days: float | None
    _display_title = "Time in stage"

    def __repr__(self) -> str:
        median = "–" if self.median_days is None else f"{self.median_days:g} days"
        return f"<StageTime {self.stage}: median {median} over {self.completed} spells>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row with every field."""
        return [attrs.asdict(self)]


@attrs.frozen(kw_only=True, repr=False)
class StageTimes(TableDisplay):
    """Time in stage per stage of a pipeline, as of a date (step 2.4.5)."""

    as_of: dt.date
    stages: tuple[StageTime, ...]
    _display_title = "Time in stage"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per stage, in pipeline order."""
        return [row for s in self.stages for row in s.to_records()]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{s.stage}={s.median_days:g}d" if s.median_days is not None else f"{s.stage}=–"
            for s in self.stages[:4]
        )
        return f"<StageTimes as of {self.as_of}: median {shown}>"

    def stage(self, id: str) -> StageTime:  # noqa: A002
        """The row of stage ``id`` (InvalidInputError when there is none)."""
        for s in self.stages:
            if s.stage == id:
                return s
        raise InvalidInputError("not a stage of these times", field="stage", value=id)


def _spells(opps: list[Opportunity], pipeline: Pipeline, as_of: dt.date) -> tuple[Any, ...]:
    stage, days, now_stage, now_days = [], [], [], []
    for opp in opps:
        seen = view(opp, as_of)
        for a, b in zip(seen.history, seen.history[1:], strict=False):
            if a.stage not in END_STAGES:
                stage.append(pipeline.order(a.stage))
                days.append((b.on - a.on).days)
        if seen.is_open:
            now_stage.append(pipeline.order(seen.stage or ""))
            now_days.append((as_of - seen.entered_on).days)
    return stage, days, now_stage, now_days


def stage_times(
    opportunities: Iterable[Opportunity], pipeline: Pipeline, *, as_of: dt.date
) -> StageTimes:
    """Days in each stage: completed spells (mean, median, 90th percentile) and the open now.

    A spell runs from entering a stage to the next change (of any kind); a
    spell still running at ``as_of`` counts under ``open_now`` only.

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With their stage histories.
    pipeline : Pipeline
        The stages.
    as_of : datetime.date
        The day of the view; changes after it are ignored.

    Returns
    -------
    StageTimes
        Per stage: completed spells (count, mean, median, 90th percentile) and
        the spells open now.

    Examples
    --------
    >>> from clientel.models import OpportunityOrigin, PipelineStage
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.5)])
    >>> o = Opportunity(id="o1", client_id="c", name="deal",
    ...                 origin=OpportunityOrigin.CLIENT_IT_NEED)
    >>> o = o.advance("qualify", dt.date(2027, 1, 1)).advance("propose", dt.date(2027, 1, 21))
    >>> t = stage_times([o], pipe, as_of=dt.date(2027, 3, 1))
    >>> t.stage("qualify").median_days, t.stage("propose").open_median_days
    (20.0, 39.0)
    """
    opps = opportunity_list(opportunities, pipeline)
    check_date(as_of, "as_of")
    stage, days, now_stage, now_days = _spells(opps, pipeline, as_of)
    k = len(pipeline.stages)
    done = _times(np.asarray(stage, dtype=np.int64), np.asarray(days, dtype=np.int64), k)
    now = _times(np.asarray(now_stage, dtype=np.int64), np.asarray(now_days, dtype=np.int64), k)
    rows = tuple(
        StageTime(
            stage=s.id,
            completed=int(done.count[i]),
            mean_days=_maybe(done.mean[i]),
            median_days=_maybe(done.percentiles[i, 0]),
            p90_days=_maybe(done.percentiles[i, 1]),
            open_now=int(now.count[i]),
            open_median_days=_maybe(now.percentiles[i, 0]),
        )
        for i, s in enumerate(pipeline.stages)
    )
    return StageTimes(as_of=as_of, stages=rows)


@attrs.frozen(kw_only=True, repr=False)
class AgingRow(TableDisplay):
    """One open opportunity's age, time in its stage and lateness at a date."""

    id: str
    stage: str
    age_days: int
    days_in_stage: int
    typical_days: float | None
    stalled: bool | None
    expected_close_on: dt.date | None
    days_overdue: int
    _display_title = "Aging"

    def __repr__(self) -> str:
        return (
            f"<AgingRow {self.id} in {self.stage} for {self.days_in_stage} days, "
            f"{self.days_overdue} days overdue>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row with every field."""
        return [attrs.asdict(self)]


@attrs.frozen(kw_only=True, repr=False)
class PipelineAging(TableDisplay):
    """Open opportunities at a date, longest in their stage first (ties by id)."""

    as_of: dt.date
    rows: tuple[AgingRow, ...]
    _display_title = "Pipeline aging"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per open opportunity."""
        return [r for row in self.rows for r in row.to_records()]

    def __repr__(self) -> str:
        stalled = sum(bool(r.stalled) for r in self.rows)
        overdue = sum(r.days_overdue > 0 for r in self.rows)
        return (
            f"<PipelineAging as of {self.as_of}: {len(self.rows)} open, {stalled} stalled, "
            f"{overdue} past their expected close>"
        )

    def stalled(self) -> tuple[AgingRow, ...]:
        """The rows longer in their stage than 90 % of the completed spells there."""
        return tuple(r for r in self.rows if r.stalled)


def pipeline_aging(
    opportunities: Iterable[Opportunity],
    pipeline: Pipeline,
    *,
    as_of: dt.date,
    times: StageTimes | None = None,
) -> PipelineAging:
    """Age, days in stage and days past the expected close of every open opportunity.

    ``typical_days`` is the median completed spell in the stage; ``stalled``
    is True when the opportunity has been in its stage longer than the 90th
    percentile of completed spells there (None without completed spells). The
    age counts from ``created_on`` (or the first stage change without it).

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With their stage histories; closed ones only feed ``times``.
    pipeline : Pipeline
        The stages.
    as_of : datetime.date
        The day of the view.
    times : StageTimes, optional
        The spells to compare with; by default :func:`stage_times` of the same
        opportunities at ``as_of``.

    Returns
    -------
    PipelineAging
        One row per open opportunity; ``stalled()`` lists the stalled ones.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Opportunity, OpportunityOrigin, Pipeline, PipelineStage
    >>> pipe = Pipeline(id="p", name="Sales", stages=[
    ...     PipelineStage(id="qualify", name="Qualify", probability=0.2),
    ...     PipelineStage(id="propose", name="Propose", probability=0.5)])
    >>> o = Opportunity(id="o1", client_id="c", name="deal",
    ...                 origin=OpportunityOrigin.CLIENT_IT_NEED)
    >>> o = o.advance("qualify", dt.date(2026, 11, 2)).advance("propose", dt.date(2026, 12, 1))
    >>> row = pipeline_aging([o], pipe, as_of=dt.date(2027, 1, 31)).rows[0]
    >>> row.stage, row.age_days, row.days_in_stage, row.stalled
    ('propose', 90, 61, None)
    """
    opps = opportunity_list(opportunities, pipeline)
    check_date(as_of, "as_of")
    spells = times if times is not None else stage_times(opps, pipeline, as_of=as_of)
    views = [v for v in (view(o, as_of) for o in opps) if v.is_open]
    day = as_of.toordinal()
    close = [(v.opportunity.expected_close_on or as_of).toordinal() for v in views]
    age, in_stage, late = _aging(
        np.asarray([v.created_on.toordinal() for v in views], dtype=np.int64),
        np.asarray([v.entered_on.toordinal() for v in views], dtype=np.int64),
        np.asarray(close, dtype=np.int64),
        day,
    )
    rows = []
    for i, v in enumerate(views):
        t = spells.stage(v.stage or "")
        rows.append(
            AgingRow(
                id=v.opportunity.id,
                stage=v.stage or "",
                age_days=int(age[i]),
                days_in_stage=int(in_stage[i]),
                typical_days=t.median_days,
                stalled=None if t.p90_days is None else bool(in_stage[i] > t.p90_days),
                expected_close_on=v.opportunity.expected_close_on,
                days_overdue=int(late[i]),
            )
        )
    rows.sort(key=lambda r: (-r.days_in_stage, r.id))
    return PipelineAging(as_of=as_of, rows=tuple(rows))


@attrs.frozen(kw_only=True, repr=False)
class PipelineVelocity(TableDisplay):
    """Pipeline velocity and its four inputs (HubSpot's sales-velocity equation).

    ``velocity = opportunities x average_won_value x win_rate / cycle_days``:
    the value the open pipeline turns into won business per day.
    """

    as_of: dt.date
    since: dt.date
    opportunities: int
    won: int
    lost: int
    average_won_value: Money
    win_rate: float
    cycle_days: float
    velocity: Money
    _display_title = "Pipeline velocity"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the inputs and the velocity (value per day)."""
        return [fields_row(self)]

    def __repr__(self) -> str:
        return (
            f"<PipelineVelocity {self.velocity.format(0)} a day: {self.opportunities} open x "
            f"{self.average_won_value.format(0)} x {self.win_rate:.1%} / {self.cycle_days:.0f} d>"
        )


def pipeline_velocity(
    opportunities: Iterable[Opportunity],
    *,
    as_of: dt.date,
    rates: DatedRateTable,
    since: dt.date | None = None,
) -> PipelineVelocity:
    """Pipeline velocity at ``as_of``: open x average won value x win rate / cycle length.

    Parameters
    ----------
    opportunities : iterable of Opportunity
        With stage histories (opportunities without one are not in the pipeline).
    as_of : datetime.date
        The day of the view: open opportunities are counted then.
    rates : DatedRateTable
        Converts each won value at the rate of its close date.
    since : datetime.date, optional
        First day of the look-back window for the won and lost (a year before
        ``as_of`` by default).

    Returns
    -------
    PipelineVelocity

    Raises
    ------
    InvalidInputError
        No opportunity won in the window.
    MissingRateError, MissingDataError
        A won opportunity without a rate for its currency, or without revenue.

    Notes
    -----
    As HubSpot defines sales velocity (number of opportunities x average deal
    value x win rate / length of the sales cycle): the open opportunities at
    ``as_of``; the mean value of the opportunities won in the window; won / (won
    + lost) in the window; the mean days from creation to won. The velocity is
    in the reporting currency per day, rounded to its minor unit.

    Examples
    --------
    >>> from clientel.models import OpportunityOrigin
    >>> def deal(i, end, days):
    ...     o = Opportunity(id=f"o{i}", client_id="c", name="deal",
    ...         origin=OpportunityOrigin.CLIENT_IT_NEED, revenue=[Money(42_000, "EUR")],
    ...         cost=[Money(30_000, "EUR")], created_on=dt.date(2027, 1, 1))
    ...     o = o.advance("qualify", dt.date(2027, 1, 1))
    ...     return o if end is None else o.advance(end, dt.date(2027, 1, 1) + dt.timedelta(days))
    >>> deals = ([deal(i, "won", 78) for i in range(6)]
    ...          + [deal(i, "lost", 40) for i in range(6, 25)]
    ...          + [deal(i, None, 0) for i in range(25, 43)])
    >>> eur = DatedRateTable(currency="EUR")
    >>> v = pipeline_velocity(deals, as_of=dt.date(2027, 6, 30), rates=eur)
    >>> v.opportunities, v.win_rate, v.cycle_days, v.velocity  # 18 x 42,000 x 0.24 / 78
    (18, 0.24, 78.0, Money('2326.15', 'EUR'))
    """
    opps = opportunity_list(opportunities)
    check_date(as_of, "as_of")
    start = as_of - dt.timedelta(days=365) if since is None else check_date(since, "since")
    if start > as_of:
        raise InvalidInputError("the window starts after as_of", field="since", value=start)
    views = [view(o, as_of) for o in opps]
    closed = [v for v in views if v.is_closed and v.closed_on >= start]
    won = [v for v in closed if v.is_won]
    values = [converted(v.opportunity, rates, v.closed_on) for v in won]
    parts = _velocity(
        sum(v.is_open for v in views),
        np.asarray([m.to_float() for m in values], dtype=np.float64),
        np.asarray([(v.closed_on - v.created_on).days for v in won], dtype=np.int64),
        len(closed) - len(won),
    )
    total, lost = Money.sum(values, rates.currency), len(closed) - len(won)
    cycle_total = sum((v.closed_on - v.created_on).days for v in won)
    # exact: open x (total / won) x (won / (won + lost)) / (cycle_total / won)
    per_day = (
        Fraction(total.amount) * parts.opportunities * len(won) / ((len(won) + lost) * cycle_total)
    )
    average = money_of(Fraction(total.amount) / len(won), rates.currency)
    return PipelineVelocity(as_of=as_of, since=start, opportunities=parts.opportunities,
                            won=len(won), lost=lost, average_won_value=average,
                            win_rate=parts.win_rate, cycle_days=parts.cycle_days,
                            velocity=money_of(per_day, rates.currency))  # fmt: skip
