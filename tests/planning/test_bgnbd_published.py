"""BG/NBD against the published CDNOW results of Fader, Hardie and Lee (2005).

Values quoted from the sources we could read (the paper's PDF could not be read here):

* parameter estimates and log-likelihood "as reported in Fader, Hardie, Lee (2005)":
  CLVTools, tests/testthat/test_correctness_bgnbd.R (r = 0.243, alpha = 4.414,
  a = 0.793, b = 2.426; LL = -9582.4);
* the paper's example customer (x = 2, t_x = 30.43, T = 38.86) expects 1.226 purchases
  in the next 39 weeks, and the unconditional expectations E[X(t)] of Hardie's
  spreadsheet: lifetimes, tests/test_estimation.py (``..._Hardie_excel_sheet``).
"""

from __future__ import annotations

import numpy as np
import pytest

from clientel.planning import BgNbdModel, fit_bgnbd
from clientel.planning.kernels import (
    bgnbd_conditional_expected_purchases,
    bgnbd_expected_purchases,
)

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_LL = -9582.4


def test_cdnow_summary_is_the_papers_sample(cdnow) -> None:
    ids, x, t_x, T = cdnow
    assert len(ids) == 2357  # "2,357 customers" (FHL 2005, section 4)
    assert T.max() <= 39.0  # a 39-week calibration period
    assert (x[0], t_x[0], T[0]) == (2.0, 30.43, 38.86)  # the paper's example history


def test_fit_reproduces_the_published_estimates(cdnow) -> None:
    ids, x, t_x, T = cdnow
    model = fit_bgnbd(x, t_x, T, ids=ids)
    for name, value in PUBLISHED.items():  # published to three decimals
        assert round(getattr(model, name), 3) == value, name
    assert model.log_likelihood is not None
    assert round(model.log_likelihood, 1) == PUBLISHED_LL
    assert model.customers == 2357


def test_published_estimates_are_a_maximum_of_our_likelihood(cdnow) -> None:
    # the fit's log-likelihood is at least that of the published (rounded) estimates
    _ids, x, t_x, T = cdnow
    model = fit_bgnbd(x, t_x, T)
    published = BgNbdModel(**PUBLISHED).log_likelihoods(x, t_x, T).sum()
    assert model.log_likelihood is not None
    assert published <= model.log_likelihood
    assert model.log_likelihood - published < 0.05


def test_conditional_expectation_of_the_papers_customer(cdnow) -> None:
    _ids, x, t_x, T = cdnow
    model = fit_bgnbd(x, t_x, T)
    assert round(float(model.conditional_expected_purchases(39.0, 2, 30.43, 38.86)), 3) == 1.226
    # with the rounded published parameters too
    value = bgnbd_conditional_expected_purchases(*PUBLISHED.values(), 39.0, 2, 30.43, 38.86)
    assert round(float(value), 3) == 1.226


def test_unconditional_expectations_of_hardies_spreadsheet(cdnow) -> None:
    _ids, x, t_x, T = cdnow
    model = fit_bgnbd(x, t_x, T)
    times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
    expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
    np.testing.assert_allclose(model.expected_purchases(times), expected, atol=5e-4)
    direct = bgnbd_expected_purchases(*model.parameters, times)
    np.testing.assert_array_equal(direct, model.expected_purchases(times))


def test_standard_errors_are_small_against_the_estimates(cdnow) -> None:
    _ids, x, t_x, T = cdnow
    model = fit_bgnbd(x, t_x, T)
    se = np.array(model.standard_errors)
    assert se.shape == (4,)
    assert (se > 0).all()
    assert (se < np.array(model.parameters)).all()


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_fit_does_not_depend_on_customer_order(cdnow, order: str) -> None:
    _ids, x, t_x, T = cdnow
    base = fit_bgnbd(x, t_x, T)
    idx = (
        np.arange(x.size)[::-1]
        if order == "reversed"
        else np.random.default_rng(3).permutation(x.size)
    )
    other = fit_bgnbd(x[idx], t_x[idx], T[idx])
    np.testing.assert_allclose(other.parameters, base.parameters, rtol=1e-9)
    assert other.log_likelihood == pytest.approx(base.log_likelihood, rel=1e-12)
