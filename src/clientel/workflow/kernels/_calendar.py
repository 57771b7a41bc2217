"""Calendar-month arithmetic on arrays of days (the array form of ``add_months``).

:func:`shift_months` moves each day by a number of calendar months and clamps
the day to the month's end, as :func:`clientel._internal.dates.add_months` does
for one date; :func:`first_index` finds, for each anchor, the first of the
dates ``anchor + k * step`` months (``k = 0, 1, ...``) on or after a day, in a
few vectorised passes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["first_index", "month_number", "shift_months"]

Days = NDArray[np.datetime64]


def month_number(days: Days | np.datetime64) -> NDArray[np.int64]:
    """Months since 1970-01 of each day."""
    return np.asarray(np.asarray(days).astype("datetime64[M]").astype(np.int64))


def shift_months(days: Days, months: NDArray[np.int64]) -> Days:
    """Each day moved by ``months`` calendar months, the day clamped to the month's end.

    Examples
    --------
    >>> shift_months(np.array(["2027-01-31", "2027-03-01"], "datetime64[D]"), np.array([1, -3]))
    array(['2027-02-28', '2026-12-01'], dtype='datetime64[D]')
    """
    month = days.astype("datetime64[M]")
    offset = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    shifted: Days = first + np.minimum(offset, length - 1).astype("timedelta64[D]")
    return shifted


def first_index(
    anchors: Days, step: NDArray[np.int64], day: np.datetime64 | Days
) -> NDArray[np.int64]:
    """Per anchor, the smallest ``k >= 0`` with ``shift_months(anchor, k * step) >= day``.

    Examples
    --------
    >>> first_index(np.array(["2027-12-31"], "datetime64[D]"), np.array([12]),
    ...             np.datetime64("2029-06-30"))
    array([2])
    """
    months = month_number(day) - month_number(anchors)
    k = np.maximum(0, months // step - 1)  # every earlier k ends in an earlier month
    while True:
        late = shift_months(anchors, k * step) < day
        if not late.any():
            return np.asarray(k, dtype=np.int64)
        k = k + late
