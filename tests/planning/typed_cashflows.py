"""What type checkers see of the cash-flow functions, checked against what they return.

tests/planning/test_typed_cashflows.py type-checks this file with ``mypy --strict`` (every
``assert_type`` must hold) and runs it (every value must have the type mypy was told).
A sequence of numbers gives a float, a sequence of sequences an array; annuity arguments
that are all floats (or numpy scalars) give a float, an array or list among them an array,
Money amounts Money and Decimal ones a Decimal. A numpy array's number of dimensions is not
in its type, so an ndarray of flows gives ``ndarray | float``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import assert_type

import numpy as np
from numpy.typing import NDArray

from clientel.models import Money
from clientel.planning import (
    AmortisationSchedule,
    amortisation_schedule,
    discounted_payback_period,
    fv,
    ipmt,
    irr,
    kernels,
    mirr,
    nper,
    npv,
    payback_period,
    pmt,
    ppmt,
    profitability_index,
    pv,
    rate,
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
    scalar(assert_type(pmt(0.05, np.int64(10), 1000), float))
    scalar(assert_type(nper(0.01, -100, 1000), float))
    scalar(assert_type(rate(48, -200, 8000), float))
    scalar(assert_type(ipmt(0.01, 1, 12, 1000), float))
    scalar(assert_type(ppmt(0.01, np.int64(2), 12, 1000), float))
    array(assert_type(nper([0.01, 0.02], -100, 1000), Float), (2,))
    array(assert_type(ipmt(0.01, [1, 2, 3], 12, 1000), Float), (3,))
    array(assert_type(ppmt(0.01, 1, 12, [1000, 2000]), Float), (2,))
    # Not checked: a 0-d array among the annuity arguments is typed as an array but gives a
    # float today (its number of dimensions is not in its type).


def exact_annuities() -> None:
    eur = Money("10000", "EUR")
    assert_type(pmt(Decimal("0.08") / 12, 10, eur), Money)
    assert_type(pv(0.01, 12, Money("-100", "EUR")), Money)
    assert_type(fv(0.01, 12, 0, eur), Money)
    assert_type(ipmt(0.01, 1, 12, eur), Money)
    assert_type(ppmt(0.01, 1, 12, eur), Money)
    assert isinstance(ppmt(0.01, 1, 12, eur), Money)
    assert_type(pmt(0.01, 12, Decimal(1000)), Decimal)
    assert_type(pmt(Decimal("0.01"), 12, 1000.0), Decimal)
    assert_type(nper(0.01, Money("-100", "EUR"), Money("1000", "EUR")), Decimal)
    assert isinstance(rate(48, Money("-200", "EUR"), Money("8000", "EUR")), Decimal)
    assert_type(rate(48, Decimal(-200), Decimal(8000)), Decimal)
    schedule = assert_type(amortisation_schedule(0.01, 12, eur), AmortisationSchedule[Money])
    assert isinstance(schedule.payment[0], Money)
    fine = assert_type(
        amortisation_schedule(0.01, 12, Decimal(1000)), AmortisationSchedule[Decimal]
    )
    assert isinstance(fine.payment[0], Decimal)


def batch_solvers() -> None:
    result = assert_type(kernels.rate([48, 60], -200, 8000), kernels.IrrResult)
    array(result.rate, (2,))
    table = assert_type(kernels.amortisation([0.01, 0.02], 12, 1000.0), kernels.Amortisation)
    array(table.balance, (2, 12))


def check() -> None:
    one_series()
    many_series()
    numpy_arrays()
    annuities()
    exact_annuities()
    batch_solvers()


if __name__ == "__main__":
    check()
