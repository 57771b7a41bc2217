"""Obligations and service levels of a signed contract, and what delivery records against them.

An :class:`Obligation` is something one party must do by a date (deliver the
design, provide test data), with an owner; a :class:`Fulfilment` records that it
was done. A :class:`ServiceLevel` is a measured promise per period (availability
at least 99.5 % a month, response at most 4 hours), with an owner; a
:class:`Measurement` records one period's value. Statuses and breaches at an
as-of date are computed by :func:`clientel.workflow.obligation_status` and
:func:`clientel.workflow.service_level_status` (steps 2.7.1-2.7.2).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clientel._internal.dates import add_months
from clientel._internal.display import TableDisplay
from clientel._internal.validators import (
    described,
    enum_member,
    finite,
    identifier,
    non_empty,
    optional,
    where,
)
from clientel.errors import InvalidInputError
from clientel.models._quotes import whole_number

__all__ = [
    "Fulfilment",
    "LevelBound",
    "Measurement",
    "Obligation",
    "ObligationParty",
    "ServiceLevel",
    "at_least_one",
]


def _at_least_one(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number (not a bool) of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = "expected a whole number >= 1"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


at_least_one = described(_at_least_one, {"minimum": 1})


class ObligationParty(enum.Enum):
    """Who owes an obligation: the provider (us) or the client."""

    PROVIDER = "provider"
    CLIENT = "client"


def _party(value: ObligationParty | str) -> ObligationParty:
    return enum_member(ObligationParty, "Obligation.party")(value)


@attrs.frozen(kw_only=True, repr=False)
class Obligation(TableDisplay):
    """Something one party must do by a date, with an owner (steps 2.6.6, 2.7.1).

    Examples
    --------
    >>> Obligation(id="ob-1", description="Detailed design delivered", owner_id="p-pd01",
    ...            due_on=dt.date(2027, 5, 31))
    <Obligation ob-1 provider due 2027-05-31 (p-pd01): Detailed design delivered>
    """

    id: str = attrs.field(validator=identifier)
    description: str = attrs.field(validator=non_empty)
    owner_id: str = attrs.field(validator=identifier)
    due_on: dt.date
    party: ObligationParty = attrs.field(default=ObligationParty.PROVIDER, converter=_party)

    _display_title = "Obligation"

    def __repr__(self) -> str:
        return (
            f"<Obligation {self.id} {self.party.value} due {self.due_on} ({self.owner_id}): "
            f"{self.description[:60]}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: id, party, owner, due date, description."""
        return [
            {
                "id": self.id,
                "party": self.party.value,
                "owner": self.owner_id,
                "due_on": self.due_on,
                "description": self.description,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class Fulfilment(TableDisplay):
    """That an obligation was done, when and by whom."""

    obligation_id: str = attrs.field(validator=identifier)
    by: str = attrs.field(validator=identifier)
    on: dt.date
    note: str = ""

    _display_title = "Fulfilment"

    def __repr__(self) -> str:
        return f"<Fulfilment {self.obligation_id} by {self.by} on {self.on}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: obligation, by, on, note."""
        return [{"obligation": self.obligation_id, "by": self.by, "on": self.on, "note": self.note}]


class LevelBound(enum.Enum):
    """Whether a service level's target is a minimum (availability) or a maximum (response)."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"


def _bound(value: LevelBound | str) -> LevelBound:
    return enum_member(LevelBound, "ServiceLevel.bound")(value)


@attrs.frozen(kw_only=True, repr=False)
class ServiceLevel(TableDisplay):
    """A measured promise per period, with an owner (steps 2.7.1-2.7.2).

    Periods run from ``starts_on`` in blocks of ``period_months`` calendar
    months: the first ends the day before ``starts_on`` plus ``period_months``
    months. Each period's value is due ``report_days`` after the period ends.

    Parameters
    ----------
    metric : str
        What is measured (``"availability"``).
    target : float
        The promised level, in ``unit``.
    bound : LevelBound
        ``minimum``: a value below the target breaches it; ``maximum``: above.

    Examples
    --------
    >>> sla = ServiceLevel(id="sla-av", metric="availability", target=99.5, unit="%",
    ...                    owner_id="p-ops", starts_on=dt.date(2027, 4, 1))
    >>> sla.period_end(0), sla.period_end(1), sla.met(99.2)
    (datetime.date(2027, 4, 30), datetime.date(2027, 5, 31), False)
    """

    id: str = attrs.field(validator=identifier)
    metric: str = attrs.field(validator=non_empty)
    target: float = attrs.field(validator=finite)
    owner_id: str = attrs.field(validator=identifier)
    starts_on: dt.date
    bound: LevelBound = attrs.field(default=LevelBound.MINIMUM, converter=_bound)
    unit: str = ""
    period_months: int = attrs.field(default=1, validator=at_least_one)
    report_days: int = attrs.field(default=0, validator=whole_number)

    _display_title = "Service level"

    def __repr__(self) -> str:
        sign = ">=" if self.bound is LevelBound.MINIMUM else "<="
        return (
            f"<ServiceLevel {self.id} {self.metric} {sign} {self.target:g}{self.unit} "
            f"every {self.period_months} month(s) ({self.owner_id})>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: id, metric, bound, target, unit, period, owner."""
        return [
            {
                "id": self.id,
                "metric": self.metric,
                "bound": self.bound.value,
                "target": self.target,
                "unit": self.unit,
                "period_months": self.period_months,
                "owner": self.owner_id,
            }
        ]

    def period_end(self, index: int) -> dt.date:
        """The last day of period ``index`` (0 for the first)."""
        after = add_months(self.starts_on, (index + 1) * self.period_months)
        return after - dt.timedelta(days=1)

    def period_index(self, period_end: dt.date) -> int:
        """Which period ends on ``period_end``.

        Raises
        ------
        InvalidInputError
            No period of this service level ends on that day.
        """
        day = period_end + dt.timedelta(days=1)
        months = (day.year - self.starts_on.year) * 12 + day.month - self.starts_on.month
        index = months // self.period_months - 1
        if index < 0 or self.period_end(index) != period_end:
            msg = f"no period of {self.id} ends on {period_end} (periods end on {self.period_end(0)}, {self.period_end(1)}, ...)"  # noqa: E501
            raise InvalidInputError(msg, field="period_end", value=str(period_end))
        return index

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target (a value at the target meets it)."""
        if self.bound is LevelBound.MINIMUM:
            return value >= self.target
        return value <= self.target


@attrs.frozen(kw_only=True, repr=False)
class Measurement(TableDisplay):
    """One period's measured value of a service level."""

    service_level_id: str = attrs.field(validator=identifier)
    period_end: dt.date
    value: float = attrs.field(validator=finite)
    by: str | None = attrs.field(default=None, validator=optional(identifier))

    _display_title = "Measurement"

    def __repr__(self) -> str:
        return f"<Measurement {self.service_level_id} {self.period_end}: {self.value:g}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: service level, period end, value, by."""
        return [
            {
                "service_level": self.service_level_id,
                "period_end": self.period_end,
                "value": self.value,
                "by": self.by,
            }
        ]
