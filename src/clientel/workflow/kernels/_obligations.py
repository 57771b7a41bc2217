"""Obligation and service-level status for many contracts at once (steps 2.7.1-2.7.2).

Only what is known on the as-of day counts: a fulfilment dated after it is not
done yet, a period that has not ended is not measured yet.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError
from clientel.workflow.kernels._calendar import first_index, month_number
from clientel.workflow.kernels._checks import as_day, booleans, days, integers, one_length

__all__ = [
    "OBLIGATION_STATUSES",
    "SERVICE_LEVEL_STATUSES",
    "ServiceLevelArrays",
    "obligation_status",
    "service_level_status",
]

#: Obligation status codes: open, due soon (within the warning days), met (done by
#: the due date), late (done after it) and overdue (not done, past due).
OBLIGATION_STATUSES: Final = ("open", "due soon", "met", "late", "overdue")
#: Service-level status codes, of the latest period that ended by the as-of day.
SERVICE_LEVEL_STATUSES: Final = ("not started", "met", "breached", "pending", "unreported")


def obligation_status(
    due: Any, done: Any, as_of: Any, *, warn_days: int = 0
) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    """Status code and days late of each obligation on ``as_of``.

    Parameters
    ----------
    due : ndarray of datetime64[D], shape (n,)
    done : ndarray of datetime64[D], shape (n,)
        When each was fulfilled (``NaT``: not yet); a date after ``as_of`` counts as not yet.
    as_of : date or datetime64
    warn_days : int
        An open obligation due within this many days is "due soon".

    Returns
    -------
    codes : ndarray of int8
        Indexes into :data:`OBLIGATION_STATUSES`.
    days_late : ndarray of int64
        Days from the due date to the fulfilment (or to ``as_of`` while open), at least 0.

    Examples
    --------
    >>> due = np.array(["2027-05-31"] * 4, "datetime64[D]")
    >>> done = np.array(["2027-05-30", "2027-06-04", "NaT", "2027-07-01"], "datetime64[D]")
    >>> codes, late = obligation_status(due, done, np.datetime64("2027-06-10"))
    >>> [OBLIGATION_STATUSES[c] for c in codes], late.tolist()
    (['met', 'late', 'overdue', 'overdue'], [0, 4, 10, 10])
    """
    d = days(due, "due")
    f = days(done, "done", allow_missing=True)
    one_length("due", d, f)
    if isinstance(warn_days, bool) or not isinstance(warn_days, int) or warn_days < 0:
        raise InvalidInputError("expected a whole number >= 0", field="warn_days", value=warn_days)
    day = as_day(as_of)
    known = ~np.isnat(f) & (f <= day)
    finished = np.where(known, f, day)
    late_days = np.maximum((finished - d).astype(np.int64), 0)
    overdue = ~known & (day > d)
    soon = ~known & ~overdue & ((d - day).astype(np.int64) <= warn_days)
    codes = np.where(
        known,
        np.where(f <= d, 2, 3),
        np.where(overdue, 4, np.where(soon, 1, 0)),
    ).astype(np.int8)
    return codes, late_days


@attrs.frozen(kw_only=True)
class ServiceLevelArrays:
    """Per service level on the as-of day.

    ``ended``: periods ended; ``due``: periods whose report is due;
    ``measured``: periods measured (ended); ``breaches``: measured periods that
    missed the target; ``unreported``: due periods without a measurement;
    ``status`` (of the latest ended period) indexes :data:`SERVICE_LEVEL_STATUSES`;
    ``last_value`` its value (NaN when not measured); ``met`` per measurement
    (False for periods not ended on the as-of day).
    """

    ended: NDArray[np.int64]
    due: NDArray[np.int64]
    measured: NDArray[np.int64]
    breaches: NDArray[np.int64]
    unreported: NDArray[np.int64]
    status: NDArray[np.int8]
    last_value: NDArray[np.float64]
    met: NDArray[np.bool_]


def _ended(
    starts: NDArray[np.datetime64], months: NDArray[np.int64], day: Any
) -> NDArray[np.int64]:
    """Periods ended by ``day``: period i ends the day before ``starts + (i + 1) * months``."""
    return np.maximum(first_index(starts, months, day + np.timedelta64(2, "D")) - 1, 0)


def service_level_status(
    starts: Any,
    period_months: Any,
    report_days: Any,
    targets: Any,
    minimum: Any,
    level: Any,
    period_end: Any,
    values: Any,
    as_of: Any,
) -> ServiceLevelArrays:
    """Breaches and status of each service level on ``as_of``, from all its measurements.

    Parameters
    ----------
    starts : ndarray of datetime64[D], shape (n,)
        First day of each level's first period.
    period_months, report_days : ndarray of int, shape (n,)
        Period length (``>= 1`` month) and days after a period ends its report is due.
    targets : ndarray of float, shape (n,)
    minimum : ndarray of bool, shape (n,)
        The target is a minimum (else a maximum); a value at the target meets it.
    level, period_end, values : arrays of shape (m,)
        Each measurement's level index, period end (a period end of that level)
        and value; at most one per level and period.
    as_of : date or datetime64

    Returns
    -------
    ServiceLevelArrays

    Examples
    --------
    Availability of at least 99.5 % a month from April, reported within 5 days;
    April met, May missed, June not reported by 10 July:

    >>> r = service_level_status(np.array(["2027-04-01"], "datetime64[D]"), np.array([1]),
    ...     np.array([5]), np.array([99.5]), np.array([True]), np.array([0, 0]),
    ...     np.array(["2027-04-30", "2027-05-31"], "datetime64[D]"), np.array([99.7, 99.1]),
    ...     np.datetime64("2027-07-10"))
    >>> r.ended.tolist(), r.breaches.tolist(), r.unreported.tolist(), SERVICE_LEVEL_STATUSES[r.status[0]]
    ([3], [1], [1], 'unreported')
    """  # noqa: E501
    start = days(starts, "starts")
    months = integers(period_months, "period_months", low=1)
    grace = integers(report_days, "report_days", low=0)
    target = np.asarray(targets, dtype=np.float64)
    low = booleans(minimum, "minimum")
    n = one_length("starts", start, months, grace, target, low)
    idx = integers(level, "level", low=0)
    ends = days(period_end, "period_end")
    vals = np.asarray(values, dtype=np.float64)
    one_length("level", idx, ends, vals)
    if idx.size and idx.max() >= n:
        raise InvalidInputError(f"expected level indices below {n}", field="level")
    if not (np.isfinite(target).all() and np.isfinite(vals).all()):
        raise InvalidInputError("expected finite targets and values", field="values")
    day = as_day(as_of)
    ended = _ended(start, months, day)
    late = day - grace.astype("timedelta64[D]") - np.timedelta64(1, "D")
    due = np.minimum(_ended(start, months, late), ended)
    gap = month_number(ends + np.timedelta64(1, "D")) - month_number(start[idx])
    period = gap // months[idx] - 1
    known = period < ended[idx]
    met = known & np.where(low[idx], vals >= target[idx], vals <= target[idx])
    measured = np.bincount(idx[known], minlength=n).astype(np.int64)
    breaches = np.bincount(idx[known & ~met], minlength=n).astype(np.int64)
    unreported = due - np.bincount(idx[known & (period < due[idx])], minlength=n).astype(np.int64)
    latest = known & (period == ended[idx] - 1)
    last_value = np.full(n, np.nan)
    last_value[idx[latest]] = vals[latest]
    last_met = np.zeros(n, dtype=bool)
    last_met[idx[latest]] = met[latest]
    has_last = np.zeros(n, dtype=bool)
    has_last[idx[latest]] = True
    status = np.where(
        ended == 0,
        0,
        np.where(has_last, np.where(last_met, 1, 2), np.where(due == ended, 4, 3)),
    ).astype(np.int8)
    return ServiceLevelArrays(
        ended=ended,
        due=due,
        measured=measured,
        breaches=breaches,
        unreported=unreported,
        status=status,
        last_value=last_value,
        met=met,
    )
