"""Day counts for dated flows: published examples and properties of each convention."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import planning as pl
from clientel.errors import InvalidInputError
from clientel.planning.kernels import year_fractions

D = dt.date


def _years(start: dt.date, end: dt.date, day_count: str, **kw: dt.date) -> float:
    return float(year_fractions([start, end], day_count, **kw)[1])


# --- published examples ------------------------------------------------------------------------


# ISDA, "EMU and market conventions: recent developments" (1998), the ACT/ACT ISDA column of
# its examples, as quoted in QuantLib's test-suite/daycounters.cpp (testActualActual).
ISDA_ACT_ACT = [
    (D(2003, 11, 1), D(2004, 5, 1), 0.497724380567),
    (D(1999, 2, 1), D(1999, 7, 1), 0.410958904110),
    (D(1999, 7, 1), D(2000, 7, 1), 1.001377348600),
    (D(2002, 8, 15), D(2003, 7, 15), 0.915068493151),
    (D(2003, 7, 15), D(2004, 1, 15), 0.504004790778),
    (D(1999, 7, 30), D(2000, 1, 30), 0.503892506924),
    (D(2000, 1, 30), D(2000, 6, 30), 0.415300546448),
]


@pytest.mark.parametrize(("start", "end", "expected"), ISDA_ACT_ACT)
def test_act_act_isda_examples(start: dt.date, end: dt.date, expected: float) -> None:
    assert _years(start, end, "ACT/ACT ISDA") == pytest.approx(expected, abs=1e-10)  # as QuantLib


def test_act_act_isda_across_a_leap_year_as_in_opengamma_strata() -> None:
    # OpenGamma Strata, DayCountTest.java (data_yearFraction, ACT_ACT_ISDA rows).
    start = D(2011, 12, 28)
    assert _years(start, D(2012, 2, 28), "ACT/ACT ISDA") == pytest.approx(4 / 365 + 58 / 366)
    assert _years(start, D(2016, 3, 1), "ACT/ACT ISDA") == pytest.approx(4 / 365 + 60 / 366 + 4)
    assert _years(D(2012, 2, 29), D(2012, 3, 29), "ACT/ACT ISDA") == pytest.approx(29 / 366)


# ISDA, "30/360 Day Count Conventions" (2008, isda.org/2008/12/22/30-360-day-count-conventions),
# the 30E/360 (ISDA) examples as quoted in QuantLib's testThirty360_ISDA: (start, end, days,
# termination date).
ISDA_30E_360 = [
    (D(2006, 8, 20), D(2007, 2, 20), 180, D(2009, 8, 20)),
    (D(2007, 2, 20), D(2007, 8, 20), 180, D(2009, 8, 20)),
    (D(2007, 8, 20), D(2008, 2, 20), 180, D(2009, 8, 20)),
    (D(2008, 2, 20), D(2008, 8, 20), 180, D(2009, 8, 20)),
    (D(2008, 8, 20), D(2009, 2, 20), 180, D(2009, 8, 20)),
    (D(2009, 2, 20), D(2009, 8, 20), 180, D(2009, 8, 20)),
    (D(2006, 2, 28), D(2006, 8, 31), 180, D(2012, 2, 29)),
    (D(2006, 8, 31), D(2007, 2, 28), 180, D(2012, 2, 29)),
    (D(2007, 2, 28), D(2007, 8, 31), 180, D(2012, 2, 29)),
    (D(2007, 8, 31), D(2008, 2, 29), 180, D(2012, 2, 29)),
    (D(2008, 2, 29), D(2008, 8, 31), 180, D(2012, 2, 29)),
    (D(2008, 8, 31), D(2009, 2, 28), 180, D(2012, 2, 29)),
    (D(2009, 2, 28), D(2009, 8, 31), 180, D(2012, 2, 29)),
    (D(2009, 8, 31), D(2010, 2, 28), 180, D(2012, 2, 29)),
    (D(2010, 2, 28), D(2010, 8, 31), 180, D(2012, 2, 29)),
    (D(2010, 8, 31), D(2011, 2, 28), 180, D(2012, 2, 29)),
    (D(2011, 2, 28), D(2011, 8, 31), 180, D(2012, 2, 29)),
    (D(2011, 8, 31), D(2012, 2, 29), 179, D(2012, 2, 29)),
    (D(2006, 1, 31), D(2006, 2, 28), 30, D(2008, 2, 29)),
    (D(2006, 1, 30), D(2006, 2, 28), 30, D(2008, 2, 29)),
    (D(2006, 2, 28), D(2006, 3, 3), 3, D(2008, 2, 29)),
    (D(2006, 2, 14), D(2006, 2, 28), 16, D(2008, 2, 29)),
    (D(2006, 9, 30), D(2006, 10, 31), 30, D(2008, 2, 29)),
    (D(2006, 10, 31), D(2006, 11, 28), 28, D(2008, 2, 29)),
    (D(2007, 8, 31), D(2008, 2, 28), 178, D(2008, 2, 29)),
    (D(2008, 2, 28), D(2008, 8, 28), 180, D(2008, 2, 29)),
    (D(2008, 2, 28), D(2008, 8, 30), 182, D(2008, 2, 29)),
    (D(2008, 2, 28), D(2008, 8, 31), 182, D(2008, 2, 29)),
    (D(2007, 2, 28), D(2008, 2, 28), 358, D(2008, 2, 29)),
    (D(2007, 2, 28), D(2008, 2, 29), 359, D(2008, 2, 29)),
    (D(2008, 2, 29), D(2009, 2, 28), 360, D(2008, 2, 29)),
    (D(2008, 2, 29), D(2008, 3, 30), 30, D(2008, 2, 29)),
    (D(2008, 2, 29), D(2008, 3, 31), 30, D(2008, 2, 29)),
]


@pytest.mark.parametrize(("start", "end", "days", "termination"), ISDA_30E_360)
def test_30e_360_isda_examples(
    start: dt.date, end: dt.date, days: int, termination: dt.date
) -> None:
    got = _years(start, end, "30E/360 ISDA", termination=termination)
    assert got * 360 == pytest.approx(days, abs=1e-9)


def _simple_360(a: dt.date, b: dt.date, d1: int | None = None, d2: int | None = None) -> int:
    """360 (Y2 - Y1) + 30 (M2 - M1) + (D2 - D1), days optionally replaced."""
    return (360 * (b.year - a.year) + 30 * (b.month - a.month)
            + ((b.day if d2 is None else d2) - (a.day if d1 is None else d1)))  # fmt: skip


# OpenGamma Strata, DayCountTest.java, data_30U360, the end-of-month column (30U/360 with the
# end-of-month rule, i.e. the US (NASD) rules with their February clauses): (start, end, D1, D2)
# with D1/D2 the adjusted days where Strata expects an adjustment (None: the simple formula).
STRATA_30U_360_EOM = [
    (D(2011, 12, 28), D(2012, 2, 28), None, None),
    (D(2011, 12, 28), D(2012, 2, 29), None, None),
    (D(2011, 12, 28), D(2012, 3, 1), None, None),
    (D(2011, 12, 28), D(2016, 2, 28), None, None),
    (D(2011, 12, 28), D(2016, 2, 29), None, None),
    (D(2011, 12, 28), D(2016, 3, 1), None, None),
    (D(2012, 2, 28), D(2012, 3, 28), None, None),
    (D(2012, 2, 29), D(2012, 3, 28), 30, None),
    (D(2012, 2, 29), D(2012, 3, 30), 30, None),
    (D(2012, 2, 29), D(2012, 3, 31), 30, 30),
    (D(2012, 2, 29), D(2013, 2, 28), 30, 30),
    (D(2011, 2, 28), D(2012, 2, 28), 30, None),
    (D(2011, 2, 28), D(2012, 2, 29), 30, 30),
    (D(2012, 2, 29), D(2016, 2, 29), 30, 30),
    (D(2012, 3, 1), D(2012, 3, 28), None, None),
    (D(2012, 5, 30), D(2013, 8, 29), None, None),
    (D(2012, 5, 29), D(2013, 8, 30), None, None),
    (D(2012, 5, 30), D(2013, 8, 30), None, None),
    (D(2012, 5, 29), D(2013, 8, 31), None, None),
    (D(2012, 5, 30), D(2013, 8, 31), 30, 30),
    (D(2012, 5, 31), D(2013, 8, 30), 30, 30),
    (D(2012, 5, 31), D(2013, 8, 31), 30, 30),
]


@pytest.mark.parametrize(("start", "end", "d1", "d2"), STRATA_30U_360_EOM)
def test_30_360_us_examples(start: dt.date, end: dt.date, d1: int | None, d2: int | None) -> None:
    expected = _simple_360(start, end, d1, d2) / 360
    assert _years(start, end, "30/360 US") == pytest.approx(expected, abs=1e-15)


def test_actual_day_counts_as_in_opengamma_strata() -> None:
    # OpenGamma Strata, DayCountTest.java: 62 days from 2011-12-28 to 2012-02-28.
    start, end = D(2011, 12, 28), D(2012, 2, 28)
    assert _years(start, end, "ACT/360") == 62 / 360
    assert _years(start, end, "ACT/365F") == 62 / 365
    assert _years(start, end, "spreadsheet") == 62 / 365
    assert _years(start, end, "ACT/365.25") == 62 / 365.25


# --- properties ------------------------------------------------------------------------------

dates = st.dates(dt.date(1950, 1, 1), dt.date(2150, 12, 31))


@given(st.integers(1950, 2150), st.integers(1, 40))
def test_act_act_isda_counts_whole_calendar_years_as_one(year: int, years: int) -> None:
    assert _years(D(year, 1, 1), D(year + years, 1, 1), "ACT/ACT ISDA") == pytest.approx(
        years, abs=1e-12
    )


@given(dates, st.integers(0, 4000), st.integers(0, 4000))
def test_act_act_isda_adds_up_over_consecutive_periods(start: dt.date, a: int, b: int) -> None:
    mid, end = start + dt.timedelta(days=a), start + dt.timedelta(days=a + b)
    t = year_fractions([start, mid, end], "ACT/ACT ISDA")
    assert t[2] == pytest.approx(t[1] + _years(mid, end, "ACT/ACT ISDA"), abs=1e-12)
    leap_days = sum(1 for k in range(a) if calendar.isleap((start + dt.timedelta(k)).year))
    assert t[1] == pytest.approx(leap_days / 366 + (a - leap_days) / 365, abs=1e-12)


@given(st.integers(1950, 2150), st.integers(1, 12), st.integers(1, 60))
def test_30_360_month_ends_are_whole_months(year: int, month: int, months: int) -> None:
    def month_end(index: int) -> dt.date:
        y, m = divmod(index, 12)
        return D(y, m + 1, calendar.monthrange(y, m + 1)[1])

    first = year * 12 + month - 1
    start, end = month_end(first), month_end(first + months)
    # 30/360 US: D1 is 30; D2 is 30 too, except a February end after a start outside February
    d2 = end.day if (end.month == 2 and start.month != 2) else 30
    assert _years(start, end, "30/360 US") * 360 == pytest.approx(30 * months - 30 + d2)
    # 30E/360 ISDA: every month end counts as the 30th unless it is a February termination date
    got = _years(start, end, "30E/360 ISDA", termination=end + dt.timedelta(days=1))
    assert got * 360 == pytest.approx(30 * months, abs=1e-9)
    if end.month == 2:
        at_termination = _years(start, end, "30E/360 ISDA") * 360  # termination: the last date
        assert at_termination == pytest.approx(30 * months - 30 + end.day)


@given(dates, dates)
def test_30_360_without_month_ends_is_the_simple_formula(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    start, end = start.replace(day=min(start.day, 27)), end.replace(day=min(end.day, 27))
    if end < start:
        start, end = end, start
    for day_count in ("30/360 US", "30E/360 ISDA"):
        assert _years(start, end, day_count) * 360 == pytest.approx(_simple_360(start, end))


@given(st.lists(dates, min_size=1, max_size=20), st.sampled_from(sorted(pl.DAY_COUNTS)))
def test_every_day_count_starts_at_zero_and_never_goes_back(
    days: list[dt.date], day_count: str
) -> None:
    days = sorted(days)
    t = year_fractions(days, day_count)
    assert t[0] == 0.0
    assert (np.diff(t) >= -1e-15).all()
    assert (np.abs(t - np.array([(d - days[0]).days for d in days]) / 365) < 0.1 + 0.02 * t).all()


def test_xnpv_and_xirr_use_the_named_day_count() -> None:
    days = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 8, 31), D(2027, 2, 28)]
    flows = [-1000.0, 50.0, 50.0, 1000.0]
    for day_count in ("30/360 US", "30E/360 ISDA", "ACT/ACT ISDA"):
        t = year_fractions(days, day_count)
        direct = sum(f / 1.07**ti for f, ti in zip(flows, t, strict=True))
        assert pl.xnpv(0.07, flows, days, day_count=day_count) == pytest.approx(direct)
        r = pl.xirr(flows, days, day_count=day_count)
        assert pl.xnpv(r, flows, days, day_count=day_count) == pytest.approx(0.0, abs=1e-8)


def test_bad_day_count_input_is_named() -> None:
    with pytest.raises(InvalidInputError) as err:
        year_fractions([D(2026, 1, 1)], "30/360 German")
    assert err.value.field == "day_count"
    with pytest.raises(InvalidInputError) as err:
        year_fractions([D(2026, 2, 1), D(2026, 1, 1)], "30/360 US")
    assert err.value.field == "dates[1]"
    with pytest.raises(InvalidInputError) as err:
        year_fractions([dt.datetime(2026, 1, 1, 12, 0)], "ACT/360")
    assert err.value.field == "dates"
    with pytest.raises(InvalidInputError) as err:
        year_fractions([], "ACT/360")
    assert err.value.field == "dates"
