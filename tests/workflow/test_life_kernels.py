"""The array arithmetic under contract life (issue 28): month shifts, terms, statuses, aging.

Each kernel is checked against a loop written out in the test, over many rows at once.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.workflow import kernels

days = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def d64(values: list[dt.date | None]) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


@given(
    st.lists(st.tuples(days, st.integers(1, 36), st.integers(0, 120)), min_size=1, max_size=20),
    days,
)
def test_renewal_terms_over_many_contracts_match_a_loop(
    rows: list[tuple[dt.date, int, int]], as_of: dt.date
) -> None:
    ends = d64([r[0] for r in rows])
    months = np.array([r[1] for r in rows])
    notice = np.array([r[2] for r in rows])
    auto = np.ones(len(rows), dtype=bool)
    out = kernels.renewal_terms(ends, months, notice, auto, np.full(len(rows), -1), as_of)
    for i, (end, step, _) in enumerate(rows):
        k = 0
        while add_months(end, k * step) < as_of:
            k += 1
        assert int(out.term[i]) == k
        assert out.term_end[i].astype(object) == add_months(end, k * step)


@given(
    st.lists(st.tuples(days, st.none() | days), min_size=1, max_size=30), days, st.integers(0, 30)
)
def test_obligation_status_over_many_rows_matches_a_loop(
    rows: list[tuple[dt.date, dt.date | None]], as_of: dt.date, warn: int
) -> None:
    codes, late = kernels.obligation_status(
        d64([r[0] for r in rows]), d64([r[1] for r in rows]), np.datetime64(as_of), warn_days=warn
    )
    for i, (due, done) in enumerate(rows):
        known = done is not None and done <= as_of
        end = done if known and done is not None else as_of
        if known:
            status = "met" if end <= due else "late"
        elif as_of > due:
            status = "overdue"
        else:
            status = "due soon" if (due - as_of).days <= warn else "open"
        assert kernels.OBLIGATION_STATUSES[codes[i]] == status
        assert int(late[i]) == max((end - due).days, 0)


@given(st.lists(st.tuples(st.integers(0, 10**12), days, st.integers(0, 4)), max_size=30), days)
def test_aging_totals_match_a_loop_and_sum_exactly(
    rows: list[tuple[int, dt.date, int]], as_of: dt.date
) -> None:
    owed = np.array([r[0] for r in rows], dtype=np.int64)
    out = kernels.aging(
        owed,
        d64([r[1] for r in rows]),
        np.datetime64(as_of),
        groups=np.array([r[2] for r in rows], dtype=np.int64),
        n_groups=5,
    )
    expected = [[0] * 4 for _ in range(5)]
    for amount, due, group in rows:
        late = (as_of - due).days
        bucket = 0 if late <= 30 else 1 if late <= 60 else 2 if late <= 90 else 3
        expected[group][bucket] += amount
    assert out.totals.tolist() == expected
    assert int(out.totals.sum()) == sum(r[0] for r in rows)


def test_kernels_refuse_arrays_of_the_wrong_kind() -> None:
    day = np.datetime64("2027-06-30")
    with pytest.raises(InvalidInputError) as caught:
        kernels.obligation_status(np.array(["2027-06-01"]), d64([None]), day)
    assert caught.value.field == "due"
    with pytest.raises(InvalidInputError) as nat:
        kernels.obligation_status(d64([None]), d64([None]), day)
    assert nat.value.field == "due[0]"
    with pytest.raises(InvalidInputError) as length:
        kernels.obligation_status(d64([dt.date(2027, 1, 1)]), d64([None, None]), day)
    assert length.value.field == "due"
    with pytest.raises(InvalidInputError) as negative:
        kernels.aging(np.array([-1]), d64([dt.date(2027, 1, 1)]), day)
    assert negative.value.field == "open_amount[0]"
    with pytest.raises(InvalidInputError) as months:
        kernels.renewal_terms(
            d64([dt.date(2027, 1, 1)]),
            np.array([0]),
            np.array([0]),
            np.array([True]),
            np.array([-1]),
            day,
        )
    assert months.value.field == "term_months[0]"
    with pytest.raises(InvalidInputError) as when:
        kernels.open_amounts(
            np.array([1]),
            d64([dt.date(2027, 1, 1)]),
            np.array([], dtype=int),
            np.array([], dtype=int),
            d64([]),
            "not a day",
        )
    assert when.value.field == "as_of"
