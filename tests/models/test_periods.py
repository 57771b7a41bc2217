"""Fiscal years and periods."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given

from clientel.errors import InvalidInputError
from clientel.models import FiscalYear, Period
from clientel.testing import fiscal_years


def test_calendar_fiscal_year() -> None:
    fy = FiscalYear(2026)
    assert (fy.start, fy.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    h1, h2 = fy.halves()
    assert (h1.end, h2.start) == (dt.date(2026, 6, 30), dt.date(2026, 7, 1))


def test_april_fiscal_year_named_by_end_year() -> None:
    # UK government / Japanese convention: FY2026 runs 1 April 2025 - 31 March 2026.
    fy = FiscalYear(2026, start_month=4)
    assert fy.end == dt.date(2026, 3, 31)
    assert FiscalYear.containing(dt.date(2026, 3, 31), 4) == fy
    assert FiscalYear.containing(dt.date(2026, 4, 1), 4) == fy.next()


@pytest.mark.parametrize(("year", "month"), [(1800, 1), (2026, 0), (2026, 13), (True, 1)])
def test_bad_fiscal_year(year: int, month: int) -> None:
    with pytest.raises(InvalidInputError):
        FiscalYear(year, month)


def test_period_end_before_start() -> None:
    with pytest.raises(InvalidInputError, match=r"Period\.end"):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 31))


@given(fiscal_years())
def test_halves_and_quarters_tile_the_year(fy: FiscalYear) -> None:
    for parts in (fy.halves(), fy.quarters()):
        assert parts[0].start == fy.start
        assert parts[-1].end == fy.end
        assert sum(p.days for p in parts) == fy.period().days
        for a, b in itertools.pairwise(parts):
            assert b.start == a.end + dt.timedelta(days=1)
    assert FiscalYear.containing(fy.start, fy.start_month) == fy
    assert FiscalYear.containing(fy.end, fy.start_month) == fy
