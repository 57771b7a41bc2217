"""Batched XIRR: equals the one-series XIRR, and is honest about several roots."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel import planning as pl
from clientel.errors import InvalidInputError, NoSolutionError
from clientel.planning import kernels

DATES = [
    dt.date(2026, 1, 1),
    dt.date(2026, 4, 15),
    dt.date(2026, 11, 2),
    dt.date(2027, 6, 30),
    dt.date(2028, 1, 10),
]


@given(
    st.lists(hnp.arrays(np.float64, 4, elements=st.floats(10, 1e5)), min_size=1, max_size=6),
    st.floats(0.3, 0.95),
)
def test_batch_equals_one_by_one(inflows: list[np.ndarray], share: float) -> None:
    F = np.array([np.concatenate(([-share * a.sum()], a)) for a in inflows])
    r = kernels.xirr(F, DATES)
    assert (r.status == kernels.IrrStatus.OK).all()
    for i, row in enumerate(F):
        assert r.rate[i] == pytest.approx(pl.xirr(row, DATES), abs=1e-9)
        assert abs(pl.xnpv(float(r.rate[i]), row, DATES)) <= 1e-7 * np.abs(row).sum()


def test_statuses_and_bad_input() -> None:
    two_roots = [-1600, 0, 10_000, 0, -10_000]
    dates = [
        dt.date(2026, 1, 1),
        dt.date(2026, 7, 1),
        dt.date(2027, 1, 1),
        dt.date(2027, 7, 1),
        dt.date(2028, 1, 1),
    ]
    r = kernels.xirr([[-100, 0, 0, 0, 110], [5, 5, 5, 5, 5], two_roots], dates)
    assert [kernels.IrrStatus(s).name for s in r.status] == ["OK", "NO_SIGN_CHANGE", "MULTIPLE"]
    assert len(r.roots(2)) == 2
    with pytest.raises(NoSolutionError, match="one date"):
        kernels.xirr([[-1, 2]], [dt.date(2026, 1, 1)] * 2)
    with pytest.raises(InvalidInputError, match="dates"):
        kernels.xirr([[-1, 2, 3]], DATES[:2])


def test_option_impact_matches_independent_npv() -> None:
    from clientel.models import Money

    eur = [Money(x, "EUR") for x in (2_000_000, 3_000_000, 4_000_000)]
    cost = [Money(x, "EUR") for x in (1_800_000, 2_400_000, 2_900_000)]
    fi = pl.option_impact("opt", eur, cost, 0.08, investment=Money(1_000_000, "EUR"))
    expected = -1_000_000 + 200_000 / 1.08 + 600_000 / 1.08**2 + 1_100_000 / 1.08**3
    assert float(fi.npv.amount) == pytest.approx(expected, abs=0.005)
    with pytest.raises(InvalidInputError):
        pl.option_impact("opt", eur, cost[:2], 0.08)


def test_several_roots_are_exact_roots_of_xnpv() -> None:
    # every listed root zeroes XNPV (checked with xnpv, an independent sum), to full precision
    dates = [dt.date(2026, 1, 1), dt.date(2026, 8, 17), dt.date(2028, 3, 3)]
    flows = np.array([[-1600.0, 10_000.0, -10_000.0], [-100.0, 230.0, -132.0]])
    r = kernels.xirr(flows, dates)
    for i, row in enumerate(flows):
        roots = r.roots(i)
        assert len(roots) == 2
        for root in roots:
            assert abs(pl.xnpv(root, row, dates)) <= 1e-9 * np.abs(row).sum()
