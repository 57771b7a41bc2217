"""Fiscal years and periods (half years for the semi-annual review of step 2.4.8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from clientel._internal.dates import add_months
from clientel.errors import InvalidInputError

__all__ = ["FiscalYear", "Period"]


def _check_year(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
        raise InvalidInputError("expected a year between 1900 and 2200", field="year", value=value)


def _check_month(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise InvalidInputError("expected a month 1..12", field="start_month", value=value)


@attrs.frozen(order=True)
class Period:
    """A closed date interval ``[start, end]`` with a label, for example ``"FY2026 H1"``.

    Examples
    --------
    >>> import datetime as dt
    >>> p = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30), "H1")
    >>> p.contains(dt.date(2026, 3, 31)), p.days
    (True, 181)
    """

    start: dt.date
    end: dt.date
    label: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            msg = f"end {self.end} is before start {self.start}"
            raise InvalidInputError(msg, field="Period.end")

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls within the period (both ends included)."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1


@attrs.frozen(order=True)
class FiscalYear:
    """A fiscal year named by the calendar year in which it ends.

    Parameters
    ----------
    year : int
        The year the fiscal year ends in (FY2026 with ``start_month=4`` runs
        from 1 April 2025 to 31 March 2026).
    start_month : int
        First month, 1 (calendar year) by default.

    Examples
    --------
    >>> fy = FiscalYear(2026, start_month=4)
    >>> fy.start, fy.end
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    >>> [h.label for h in fy.halves()]
    ['FY2026 H1', 'FY2026 H2']
    >>> FiscalYear.containing(dt.date(2026, 5, 2), start_month=4)
    FiscalYear(year=2027, start_month=4)
    """

    year: int = attrs.field(validator=_check_year)
    start_month: int = attrs.field(default=1, validator=_check_month)

    @classmethod
    def containing(cls, day: dt.date, start_month: int = 1) -> FiscalYear:
        """The fiscal year that contains ``day``."""
        year = day.year if start_month == 1 or day.month < start_month else day.year + 1
        return cls(year, start_month)

    @property
    def start(self) -> dt.date:
        """First day."""
        first_year = self.year if self.start_month == 1 else self.year - 1
        return dt.date(first_year, self.start_month, 1)

    @property
    def end(self) -> dt.date:
        """Last day."""
        return add_months(self.start, 12) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """``"FY2026"``."""
        return f"FY{self.year}"

    def period(self) -> Period:
        """The whole year as a :class:`Period`."""
        return Period(self.start, self.end, self.label)

    def halves(self) -> tuple[Period, Period]:
        """The two half years, for semi-annual reviews (step 2.4.8)."""
        mid = add_months(self.start, 6)
        return (
            Period(self.start, mid - dt.timedelta(days=1), f"{self.label} H1"),
            Period(mid, self.end, f"{self.label} H2"),
        )

    def quarters(self) -> tuple[Period, ...]:
        """The four quarters."""
        starts = [add_months(self.start, 3 * q) for q in range(5)]
        return tuple(
            Period(starts[q], starts[q + 1] - dt.timedelta(days=1), f"{self.label} Q{q + 1}")
            for q in range(4)
        )

    def months(self) -> tuple[Period, ...]:
        """The twelve fiscal months, ``"FY2026 M1"`` first.

        Examples
        --------
        >>> m = FiscalYear(2027, start_month=4).months()
        >>> m[0].label, m[0].start, m[11].end
        ('FY2027 M1', datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
        """
        starts = [add_months(self.start, k) for k in range(13)]
        return tuple(
            Period(starts[k], starts[k + 1] - dt.timedelta(days=1), f"{self.label} M{k + 1}")
            for k in range(12)
        )

    def next(self) -> FiscalYear:
        """The following fiscal year."""
        return FiscalYear(self.year + 1, self.start_month)
