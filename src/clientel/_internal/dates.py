"""Calendar arithmetic shared by periods, schedules and follow-ups."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months"]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, the day clamped to the month's end.

    Examples
    --------
    >>> add_months(dt.date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    >>> add_months(dt.date(2027, 3, 1), -3)
    datetime.date(2026, 12, 1)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
