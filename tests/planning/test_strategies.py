"""The public planning strategies produce valid inputs that the algorithms accept."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from long_run import LONG_RUN_EXAMPLES

from clientel.planning import budget_variance, npv
from clientel.planning.kernels import IrrStatus, sample_drivers
from clientel.planning.kernels import irr as irr_batch
from clientel.testing import budget_lines, cash_flow_series, distributions


@given(cash_flow_series(conventional=True))
def test_conventional_series_all_have_one_irr_with_zero_npv(f: np.ndarray) -> None:
    res = irr_batch(f)
    assert (res.status == IrrStatus.OK).all()
    scale = np.abs(f).sum(axis=1)
    assert (np.abs(npv(res.rate, f)) <= 1e-8 * scale).all()


@given(cash_flow_series())
def test_any_series_gets_an_explained_status(f: np.ndarray) -> None:
    res = irr_batch(f)
    ok = res.status == IrrStatus.OK
    assert np.isfinite(res.rate[ok]).all()
    assert np.isnan(res.rate[~ok]).all()
    for i in np.flatnonzero(res.status == IrrStatus.MULTIPLE):
        assert len(res.roots(int(i))) > 1


@given(distributions())
@settings(max_examples=LONG_RUN_EXAMPLES or 20)
def test_distributions_sample_finite_values(d) -> None:  # type: ignore[no-untyped-def]
    x = sample_drivers([d], 500, seed=0)[d.name]
    assert np.isfinite(x).all()
    if d.kind.value in ("triangular", "pert", "uniform"):
        assert x.min() >= d.params[0]
        assert x.max() <= d.params[-1]


@given(budget_lines(2026))
def test_budget_strategy_lines_compare_with_themselves(lines) -> None:  # type: ignore[no-untyped-def]
    assert all(v.change.is_zero() for v in budget_variance(lines, list(lines)))
