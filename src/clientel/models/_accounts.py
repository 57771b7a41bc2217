"""Opportunities and account plans of key accounts (steps 2.4.3-2.4.8)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from clientel._internal.validators import (
    at_least,
    between,
    identifier,
    non_empty,
    number_mapping,
    optional,
    str_tuple,
)
from clientel.errors import InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import (
    amounts_at_least_zero,
    money_at_least_zero,
    money_tuple,
    same_currency,
)
from clientel.models._stages import (
    END_STAGES,
    LOST,
    WON,
    StageChange,
    a_date,
    changes,
    check_history,
)

__all__ = ["AccountPlan", "Opportunity", "OpportunityOrigin"]


class OpportunityOrigin(enum.Enum):
    """Where an opportunity comes from (step 2.4.3)."""

    INDUSTRY_TREND = "industry_trend"
    CLIENT_IT_NEED = "client_it_need"
    OUR_ADVANTAGE = "our_advantage"


@attrs.frozen(kw_only=True)
class Opportunity:
    """An opportunity at a client, with revenue and cost by year (steps 2.4.3, 2.4.6).

    .. versionchanged:: 0.1.0
       ``created_on``, ``expected_close_on`` and ``stage_history`` (schema
       version 2; version-1 documents load with none of them).

    Parameters
    ----------
    client_id : str
        The client.
    origin : OpportunityOrigin
        Industry trend, client IT need or our own advantage.
    first_year : int, optional
        Fiscal year of ``revenue[0]`` and ``cost[0]``.
    revenue, cost : tuple of Money
        Estimated revenue and delivery cost per year, same length, one currency.
    win_probability : float, optional
        Chance of winning, 0..1.
    effort_days : float, optional
        Pursuit effort in person-days (for portfolio selection).
    pursuit_cost : Money, optional
        Cost of pursuing it (pre-sales, proposal).
    investment : Money, optional
        Delivery investment before the first year's revenue: transition,
        set-up, tooling, hiring (spent at t = 0 in the financial impact).
    team_id : str, optional
        The team that would pursue it.
    phase : int, optional
        Phase assigned by prioritisation (1 = first), step 2.4.5.
    attributes : mapping of str to float or None
        Values on the prioritisation criteria.
    created_on : datetime.date, optional
        The day the opportunity was opened (its age and cycle length count from it).
    expected_close_on : datetime.date, optional
        The day it is expected to be won or lost; not before ``created_on``.
    stage_history : tuple of StageChange
        Dated stage changes, oldest first; :data:`~clientel.models.WON` or
        :data:`~clientel.models.LOST` ends it (step 2.4.5). Dates in order, none
        before ``created_on``, nothing after an end state.

    Examples
    --------
    >>> eur = lambda x: Money(x, "EUR")
    >>> opp = Opportunity(id="o1", client_id="c1", name="Cloud migration",
    ...     origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027,
    ...     revenue=[eur(400_000), eur(250_000)], cost=[eur(300_000), eur(150_000)])
    >>> opp.margin()
    (Money('100000', 'EUR'), Money('100000', 'EUR'))
    >>> opp = opp.advance("qualify", dt.date(2026, 10, 1)).advance("won", dt.date(2026, 12, 4))
    >>> opp.stage, opp.closed_on, opp.value
    ('won', datetime.date(2026, 12, 4), Money('650000', 'EUR'))
    >>> opp.advance("propose", dt.date(2026, 12, 9))
    Traceback (most recent call last):
    ...
    clientel.errors.StageHistoryError: Opportunity.stage_history[2].stage: nothing follows 'won' ...
    """

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    origin: OpportunityOrigin
    offering: str = ""
    first_year: int | None = attrs.field(default=None, validator=optional(between(1900, 2200)))
    revenue: tuple[Money, ...] = attrs.field(
        default=(), converter=money_tuple, validator=amounts_at_least_zero
    )
    cost: tuple[Money, ...] = attrs.field(
        default=(), converter=money_tuple, validator=amounts_at_least_zero
    )
    win_probability: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    effort_days: float | None = attrs.field(default=None, validator=optional(at_least(0.0)))
    pursuit_cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    investment: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    team_id: str | None = attrs.field(default=None, validator=optional(identifier))
    phase: int | None = attrs.field(default=None, validator=optional(at_least(1)))
    attributes: Mapping[str, float | None] = number_mapping(allow_none=True)
    created_on: dt.date | None = attrs.field(default=None, validator=optional(a_date))
    expected_close_on: dt.date | None = attrs.field(default=None, validator=optional(a_date))
    stage_history: tuple[StageChange, ...] = attrs.field(default=(), converter=changes)

    def __attrs_post_init__(self) -> None:
        if len(self.revenue) != len(self.cost):
            msg = f"revenue has {len(self.revenue)} years but cost has {len(self.cost)}"
            raise InvalidInputError(msg, field="Opportunity.cost")
        same_currency("revenue", "cost", "pursuit_cost", "investment")(self)
        created, close = self.created_on, self.expected_close_on
        if created is not None and close is not None and close < created:
            msg = f"the expected close is before the opportunity was created on {created}"
            raise InvalidInputError(msg, field="Opportunity.expected_close_on", value=close)
        check_history(self.stage_history, created, "Opportunity.stage_history")

    @property
    def stage(self) -> str | None:
        """The current stage (the last change's), or None without a stage history."""
        return self.stage_history[-1].stage if self.stage_history else None

    @property
    def is_open(self) -> bool:
        """True when it has a stage and is neither won nor lost."""
        return self.stage is not None and self.stage not in END_STAGES

    @property
    def is_won(self) -> bool:
        """True when the stage history ends with won."""
        return self.stage == WON

    @property
    def is_lost(self) -> bool:
        """True when the stage history ends with lost."""
        return self.stage == LOST

    @property
    def closed_on(self) -> dt.date | None:
        """The day it was won or lost, or None while open."""
        return self.stage_history[-1].on if self.stage in END_STAGES else None

    @property
    def value(self) -> Money | None:
        """Total revenue over its years (the amount a pipeline forecast counts), or None."""
        if not self.revenue:
            return None
        return Money.sum(self.revenue, self.revenue[0].currency)

    def advance(self, stage: str, on: dt.date) -> Opportunity:
        """A copy that entered ``stage`` on ``on`` (the original is unchanged).

        Checks dates and end states (:class:`~clientel.errors.StageHistoryError`);
        :meth:`clientel.models.Pipeline.advance` also checks that the stage exists.
        """
        change = StageChange(stage=stage, on=on)
        return attrs.evolve(self, stage_history=(*self.stage_history, change))

    @property
    def currency(self) -> str | None:
        """Currency of the amounts, or None when there are none."""
        first = next(iter(self.revenue + self.cost), self.pursuit_cost)
        return None if first is None else first.currency

    def margin(self) -> tuple[Money, ...]:
        """Revenue minus cost, per year."""
        return tuple(r - c for r, c in zip(self.revenue, self.cost, strict=True))


@attrs.frozen(kw_only=True)
class AccountPlan:
    """A key account's yearly plan (steps 2.4.2-2.4.7)."""

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    year: int = attrs.field(validator=between(1900, 2200))
    team_id: str | None = attrs.field(default=None, validator=optional(identifier))
    objectives: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    opportunity_ids: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    competitor_ids: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    communication_plan: str = ""
    internal_resources: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
