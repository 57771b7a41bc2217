"""IRRs where solvers break (issue 31): next to -100 %, far past the first grid cell, near-double.

The flows come from ``clientel.testing.cash_flows_with_roots``: the coefficients of a
polynomial built from the drawn rates (``np.poly``), times a factor with no positive root,
so the drawn rates are the reference (an independent construction, not clientel's output).
The strategy keeps a draw only if the rounding of its flows moves no root by more than
1e-7 of ``1 + r``, so 1e-6 below is a tolerance the flows as stored can meet.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from clientel.errors import NoSolutionError
from clientel.planning import irr, irr_roots
from clientel.planning.kernels import IrrStatus
from clientel.planning.kernels import irr as irr_batch
from clientel.testing import cash_flows_with_roots

Case = tuple[np.ndarray, tuple[float, ...]]


def _close(found: tuple[float, ...], rates: tuple[float, ...]) -> None:
    assert len(found) == len(rates), (found, rates)
    for got, want in zip(found, rates, strict=True):
        assert abs(got - want) <= 1e-6 * (1.0 + want), (got, want)


@given(cash_flows_with_roots())
def test_batch_solver_finds_every_drawn_irr(case: Case) -> None:
    flows, rates = case
    res = irr_batch(flows)
    if len(rates) == 1:
        assert res.status[0] == IrrStatus.OK
        _close((float(res.rate[0]),), rates)
    else:
        assert res.status[0] == IrrStatus.MULTIPLE
        _close(res.roots(0), rates)


@given(cash_flows_with_roots())
def test_scalar_functions_agree_with_the_drawn_irrs(case: Case) -> None:
    flows, rates = case
    _close(irr_roots(flows), rates)
    if len(rates) == 1:
        _close((irr(flows),), rates)
    else:
        with pytest.raises(NoSolutionError):
            irr(flows)


@given(cash_flows_with_roots(max_roots=3))
def test_series_solved_together_equal_each_alone(case: Case) -> None:
    # The same series in a batch gives the same numbers, bit for bit; copies scaled by 7
    # (rounded flows) and by -0.5 (exact) have the drawn IRRs too.
    flows, rates = case
    batch = np.vstack([7.0 * flows, flows, -0.5 * flows])
    together = irr_batch(batch)
    alone = irr_batch(flows)
    assert together.roots(1) == alone.roots(0)
    for i in range(3):
        assert together.status[i] == alone.status[0]
        _close(together.roots(i), rates)
