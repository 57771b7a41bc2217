"""What type checkers see of the cash-flow functions, checked against what they return.

tests/planning/test_typed_cashflows.py type-checks this file with ``mypy --strict`` (every
``assert_type`` must hold) and runs it (every value must have the type mypy was told).
A sequence of numbers gives a float, a sequence of sequences an array; annuity arguments
that are all floats give a float, an array or list among them an array. A numpy array's
number of dimensions is not in its type, so an ndarray of flows gives ``ndarray | float``.
"""

from __future__ import annotations

import datetime as dt
from typing import assert_type

import numpy as np
from numpy.typing import NDArray

from clientel.planning import (
    discounted_payback_period,
    fv,
    irr,
    mirr,
    npv,
    payback_period,
    pmt,
    profitability_index,
    pv,
    xirr,
    xnpv,
)

Float = NDArray[np.float64]
FLOWS = [-1000.0, 300.0, 400.0, 500.0]
TABLE: list[list[float]] = [FLOWS, [-500, 200, 200, 200]]
DATES = [dt.date(2026, 1, 1), dt.date(2026, 7, 1), dt.date(2027, 1, 1), dt.date(2027, 7, 1)]


def scalar(value: float) -> None:
    assert type(value) is float, type(value)


def array(value: Float, shape: tuple[int, ...]) -> None:
    assert isinstance(value, np.ndarray), type(value)
    assert value.shape == shape


def one_series() -> None:
    scalar(assert_type(npv(0.08, FLOWS), float))
    scalar(assert_type(npv(0.08, (-1000, 300, 400, 500), timing="end"), float))
    scalar(assert_type(mirr(FLOWS, 0.10, 0.12), float))
    scalar(assert_type(payback_period(FLOWS), float))
    scalar(assert_type(discounted_payback_period(FLOWS, rate=0.10), float))
    scalar(assert_type(profitability_index(0.10, FLOWS), float))
    scalar(assert_type(xnpv(0.09, FLOWS, DATES), float))
    scalar(assert_type(irr(FLOWS), float))
    scalar(assert_type(xirr(FLOWS, DATES), float))
    total: float = npv(0.08, FLOWS) + irr(FLOWS)  # no cast needed
    scalar(total)


def many_series() -> None:
    array(assert_type(npv(0.08, TABLE), Float), (2,))
    array(assert_type(npv([0.08, 0.09], TABLE), Float), (2,))
    array(assert_type(mirr(TABLE, 0.10, 0.12), Float), (2,))
    array(assert_type(payback_period(TABLE), Float), (2,))
    array(assert_type(discounted_payback_period(TABLE, rate=0.10), Float), (2,))
    array(assert_type(profitability_index(0.10, TABLE), Float), (2,))
    array(assert_type(xnpv(0.09, TABLE, DATES), Float), (2,))


def numpy_arrays() -> None:
    matrix: Float = np.asarray(TABLE, dtype=np.float64)
    both = assert_type(npv(0.08, matrix), Float | float)
    assert isinstance(both, np.ndarray)
    series: Float = np.asarray(FLOWS, dtype=np.float64)
    one = assert_type(npv(0.08, series), Float | float)
    assert isinstance(one, float)


def annuities() -> None:
    scalar(assert_type(pmt(0.08 / 12, 10, 10_000), float))
    scalar(assert_type(pv(0.08 / 12, 240, 500), float))
    scalar(assert_type(fv(0.06 / 12, 10, -200, -500, when="begin"), float))
    scalar(assert_type(pmt(np.float64(0.05), 10, 1000), float))
    array(assert_type(pmt(0.05, [10, 20, 30], 1000), Float), (3,))
    array(assert_type(pv(np.array([0.05, 0.06]), 10, 100), Float), (2,))
    # Not checked: a numpy integer scalar or a 0-d array among the annuity arguments is
    # typed as an array but gives a float today.


def check() -> None:
    one_series()
    many_series()
    numpy_arrays()
    annuities()


if __name__ == "__main__":
    check()
