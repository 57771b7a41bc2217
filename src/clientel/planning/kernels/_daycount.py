"""Day counts: years between dates under named conventions, for dated cash flows.

Every convention turns the dates of a series into year fractions from its
first date, vectorised over the dates (numpy ``datetime64`` arithmetic):

* ``"ACT/365F"`` (default; also spelled ``"spreadsheet"``): actual days / 365,
  what spreadsheet XNPV and XIRR use.
* ``"ACT/360"``: actual days / 360.
* ``"ACT/365.25"``: actual days / 365.25.
* ``"ACT/ACT ISDA"``: days falling in a leap year / 366 plus days falling in
  other years / 365 (ISDA 2006 Definitions, section 4.16(b)).
* ``"30/360 US"``: the US (NASD) 30/360 rule with its end-of-February rules
  (SIA *Standard Securities Calculation Methods*; ``30U/360`` with the
  end-of-month convention in OpenGamma Strata): if both dates are the last
  day of February, D2 = 30; if D1 is the last day of February, D1 = 30; if
  D2 = 31 and D1 >= 30, D2 = 30; if D1 = 31, D1 = 30.
* ``"30E/360 ISDA"``: ISDA 2006 Definitions, section 4.16(h): D1 = 30 if it is
  the last day of its month; D2 = 30 if it is the last day of its month,
  unless it is the termination date and in February.

30/360 counts are ``360 (Y2 - Y1) + 30 (M2 - M1) + (D2 - D1)`` days over 360.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError

__all__ = ["DAY_COUNTS", "year_fractions"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

#: The day counts dated flows accept, each with its rule in a few words.
DAY_COUNTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ACT/365F": "actual days / 365 (what spreadsheet XNPV and XIRR use)",
        "spreadsheet": "alias of ACT/365F: Excel, LibreOffice and Google Sheets XNPV/XIRR",
        "ACT/360": "actual days / 360",
        "ACT/365.25": "actual days / 365.25",
        "ACT/ACT ISDA": "days in leap years / 366 + days in other years / 365",
        "30/360 US": "30-day months, 360-day years, US (NASD) end-of-February rules",
        "30E/360 ISDA": "30-day months, month ends count as 30 except a February termination",
    }
)
_ACTUAL: Final = MappingProxyType(
    {"ACT/365F": 365.0, "spreadsheet": 365.0, "ACT/360": 360.0, "ACT/365.25": 365.25}
)


def date_sequence(dates: Any) -> list[dt.date]:
    """The dates as a list, or :class:`InvalidInputError` naming ``dates`` (not a sequence)."""
    if isinstance(dates, str | bytes) or not isinstance(dates, Sequence | np.ndarray):
        msg = "expected a sequence of datetime.date values"
        raise InvalidInputError(msg, field="dates", value=type(dates).__name__)
    return list(dates)


def year_fractions(
    dates: Sequence[dt.date], day_count: str = "ACT/365F", *, termination: dt.date | None = None
) -> Float:
    """Years from the first date to each date under ``day_count``.

    Parameters
    ----------
    dates : sequence of datetime.date
        The first date is the earliest (t = 0).
    day_count : str
        One of :data:`clientel.planning.DAY_COUNTS`.
    termination : datetime.date, optional
        The termination (maturity) date for ``"30E/360 ISDA"``, whose end of
        February is not moved to the 30th; defaults to the latest date. Other
        conventions ignore it.

    Returns
    -------
    ndarray
        One year fraction per date, 0 for the first.

    Raises
    ------
    InvalidInputError
        An unknown day count, no dates, a value that is not a date, or a date
        before the first one (named by position).

    Examples
    --------
    >>> d = [dt.date(2026, 1, 1), dt.date(2026, 7, 2)]
    >>> year_fractions(d).tolist()
    [0.0, 0.4986301369863014]
    >>> t = year_fractions([dt.date(2003, 11, 1), dt.date(2004, 5, 1)], "ACT/ACT ISDA")
    >>> round(float(t[1]), 12)   # ISDA's example, 61/365 + 121/366
    0.497724380567
    """
    if day_count not in DAY_COUNTS:
        msg = f"unknown day count; expected one of {sorted(DAY_COUNTS)}"
        raise InvalidInputError(msg, field="day_count", value=day_count)
    dates = date_sequence(dates)
    if len(dates) == 0:
        raise InvalidInputError("expected at least one date", field="dates")
    if not all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in dates):
        raise InvalidInputError("expected datetime.date values", field="dates")
    days = np.array(dates, dtype="datetime64[D]")
    offset = (days - days[0]).astype(np.int64)
    if (offset < 0).any():
        i = int(np.argmax(offset < 0))
        raise InvalidInputError(
            "dates must not precede the first date", field=f"dates[{i}]", value=str(dates[i])
        )
    if day_count in _ACTUAL:
        out: Float = offset / _ACTUAL[day_count]
        return out
    if day_count == "ACT/ACT ISDA":
        return _act_act_isda(days)
    end = days.max() if termination is None else np.datetime64(termination, "D")
    return _thirty_360(days, day_count, end)


def _parts(days: NDArray[np.datetime64]) -> tuple[Int, Int, Int, NDArray[np.bool_]]:
    """Year, month (1-12), day of month and whether each date is its month's last day."""
    months = days.astype("datetime64[M]")
    years = days.astype("datetime64[Y]")
    day = (days - months).astype(np.int64) + 1
    month = (months - years).astype(np.int64) + 1
    year = years.astype(np.int64) + 1970
    last = (days + 1).astype("datetime64[M]") != months
    return year, month, day, last


def _act_act_isda(days: NDArray[np.datetime64]) -> Float:
    """Whole calendar years plus each end's share of its own year (365 or 366 days)."""
    years = days.astype("datetime64[Y]")
    starts = years.astype("datetime64[D]")
    length = ((years + 1).astype("datetime64[D]") - starts).astype(np.float64)
    share = (days - starts).astype(np.float64) / length
    whole = (years - years[0]).astype(np.float64)
    out: Float = whole + share - share[0]
    return out


def _thirty_360(days: NDArray[np.datetime64], day_count: str, end: np.datetime64) -> Float:
    year, month, day, last = _parts(days)
    d1, d2 = np.full_like(day, day[0]), day.copy()
    if day_count == "30/360 US":
        feb = last & (month == 2)
        d2[feb[0] & feb] = 30
        if feb[0]:
            d1[:] = 30
        d2[(d2 == 31) & (d1 >= 30)] = 30
        d1[d1 == 31] = 30
    else:  # 30E/360 ISDA
        if last[0]:
            d1[:] = 30
        d2[last & ~((days == end) & (month == 2))] = 30
    counted = 360 * (year - year[0]) + 30 * (month - month[0]) + (d2 - d1)
    counted[days == days[0]] = 0  # the same date is 0 years away under every rule
    out: Float = counted / 360.0
    return out
