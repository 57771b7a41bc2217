"""From opportunities with stage histories to what the pipeline kernels read (step 2.4.5).

Every pipeline function looks at the opportunities *as of* a date: a stage
change dated later has not happened yet, an opportunity created later does not
exist yet. Amounts are converted into the reporting currency at the rate of the
close date (expected for open opportunities, actual for closed ones), as
Salesforce's dated exchange rates do, and handed to kernels as whole minor units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from clientel.errors import InvalidInputError, MissingDataError, MissingRateError
from clientel.models import END_STAGES, WON, DatedRateTable, Money, Opportunity, Pipeline
from clientel.models import StageChange as Change

__all__ = [
    "View",
    "check_date",
    "converted",
    "minor_units",
    "opportunity_list",
    "view",
]


def check_date(value: object, field: str) -> dt.date:
    """``value`` if it is a date (not a datetime), else InvalidInputError naming ``field``."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidInputError("expected a date (datetime.date)", field=field, value=value)
    return value


def opportunity_list(
    opportunities: Iterable[object], pipeline: Pipeline | None = None
) -> list[Opportunity]:
    """The opportunities as a list, each an Opportunity with a unique id and (when a pipeline
    is given) only stages of that pipeline in its history."""
    out: list[Opportunity] = []
    for i, opp in enumerate(opportunities):
        if not isinstance(opp, Opportunity):
            msg = "expected an Opportunity"
            raise InvalidInputError(msg, field=f"opportunities[{i}]", value=type(opp).__name__)
        out.append(opp)
    seen: set[str] = set()
    for i, opp in enumerate(out):
        if opp.id in seen:
            raise InvalidInputError("duplicate id", field=f"opportunities[{i}].id", value=opp.id)
        seen.add(opp.id)
        if pipeline is not None:
            pipeline.check(opp)
    return out


@attrs.frozen(kw_only=True)
class View:
    """One opportunity as of a date: its history so far and what follows from it."""

    opportunity: Opportunity
    history: tuple[Change, ...]

    @property
    def exists(self) -> bool:
        """Created (or first staged) by the date."""
        return bool(self.history)

    @property
    def stage(self) -> str | None:
        """The stage at the date, or None before its first stage."""
        return self.history[-1].stage if self.history else None

    @property
    def is_open(self) -> bool:
        """In an open stage at the date."""
        return self.stage is not None and self.stage not in END_STAGES

    @property
    def is_closed(self) -> bool:
        """Won or lost by the date."""
        return self.stage in END_STAGES

    @property
    def is_won(self) -> bool:
        """Won by the date."""
        return self.stage == WON

    @property
    def closed_on(self) -> dt.date:
        """The day it was won or lost (only for closed views)."""
        return self.history[-1].on

    @property
    def entered_on(self) -> dt.date:
        """The day it entered its current stage."""
        return self.history[-1].on

    @property
    def created_on(self) -> dt.date:
        """Its creation date, or its first stage change when none is recorded."""
        created = self.opportunity.created_on
        return created if created is not None else self.history[0].on


def view(opportunity: Opportunity, on: dt.date) -> View:
    """``opportunity`` as of the end of day ``on``."""
    created = opportunity.created_on
    if created is not None and created > on:
        return View(opportunity=opportunity, history=())
    history = tuple(c for c in opportunity.stage_history if c.on <= on)
    return View(opportunity=opportunity, history=history)


def converted(opp: Opportunity, rates: DatedRateTable, on: dt.date) -> Money:
    """The opportunity's value (total revenue) in the reporting currency at the rate of ``on``.

    Raises
    ------
    MissingDataError
        The opportunity has no revenue (so no value).
    MissingRateError
        No rate for its currency on ``on``; the error names the opportunity.
    """
    value = opp.value
    if value is None:
        msg = "no revenue, so no value to forecast"
        raise MissingDataError(msg, field=f"Opportunity[{opp.id}].revenue")
    try:
        return rates.convert(value, on)
    except MissingRateError as exc:
        msg = f"{exc.message} (opportunity {opp.id})"
        raise MissingRateError(
            msg, currency=exc.currency, on=exc.on, field=f"Opportunity[{opp.id}].value"
        ) from None


def minor_units(amounts: Sequence[Money], currency: str) -> list[int]:
    """Whole minor units of amounts already rounded to ``currency``'s minor unit."""
    places = Money.zero(currency).minor_unit
    return [int(m.amount.scaleb(places)) for m in amounts]
