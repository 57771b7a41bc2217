"""The partitioned bid-response fit and price bands on a LocalCluster.

References: the single-process fit on the whole arrays (one process, one sum
per Newton step), and scipy's BFGS on the negative log-likelihood as an
independent optimiser.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.optimize import minimize

da = pytest.importorskip("dask.array")
cd = pytest.importorskip("clientel.dask")

from clientel.errors import InvalidInputError, NoSolutionError  # noqa: E402
from clientel.pricing import BidResponseModel  # noqa: E402
from clientel.pricing import kernels as pk  # noqa: E402

pytestmark = pytest.mark.usefixtures("client")

N = 4_000
SPLITS = [1, 3, 7, 16, (1, 0, 1_999, 13, 1_987)]


def rows(v: np.ndarray, split: Any) -> Any:
    if isinstance(split, tuple):
        return da.from_array(v, chunks=(split,))
    bounds = np.linspace(0, v.size, split + 1).round().astype(int)
    return da.from_array(v, chunks=(tuple(np.diff(bounds).tolist()),))


@pytest.fixture(scope="module")
def deals() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(21)
    x = rng.uniform(0.6, 1.1, N)
    size = rng.normal(5, 2, N)
    eta = -8 + 9 * x + 0.2 * size
    won = (rng.random(N) < 1 / (1 + np.exp(eta))).astype(float)
    return {"x": x, "size": size, "won": won}


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_coefficients_within_1e_12_and_errors_within_1e_10(deals: dict[str, np.ndarray],
                                                           split: Any) -> None:  # fmt: skip
    whole = pk.fit_bid_response(deals["x"], deals["won"], covariates={"size": deals["size"]})
    got = cd.fit_bid_response(rows(deals["x"], split), rows(deals["won"], split),
                              covariates={"size": rows(deals["size"], split)})  # fmt: skip
    coef = np.array([got.a, got.b, *got.coefficients])
    ref = np.array([whole.a, whole.b, *whole.coefficients])
    assert np.abs(coef - ref).max() <= 1e-12 * np.abs(ref).max()
    se = np.array([got.se_a, got.se_b, *got.standard_errors], dtype=float)
    ref_se = np.array([whole.se_a, whole.se_b, *whole.standard_errors], dtype=float)
    assert np.abs(se - ref_se).max() <= 1e-10 * np.abs(ref_se).max()
    assert (got.n, got.wins, got.covariates) == (whole.n, whole.wins, whole.covariates)
    assert got.log_likelihood == pytest.approx(whole.log_likelihood, rel=1e-13)


def test_the_partitioned_fit_is_the_maximum_likelihood(deals: dict[str, np.ndarray]) -> None:
    X = np.column_stack([np.ones(N), deals["x"]])
    y = deals["won"]

    def nll(b: np.ndarray) -> float:
        e = X @ b
        return float(np.sum(y * np.logaddexp(0, e) + (1 - y) * np.logaddexp(0, -e)))

    ref = minimize(nll, np.zeros(2), method="BFGS", options={"gtol": 1e-9})
    got = cd.fit_bid_response(rows(deals["x"], 7), rows(y, 7), basis="price")
    np.testing.assert_allclose([got.a, got.b], ref.x, rtol=1e-4)
    assert got.log_likelihood == pytest.approx(-ref.fun, rel=1e-9)
    assert got.basis == "price"


def test_newton_driver_is_shared_with_the_single_process_fit(
    deals: dict[str, np.ndarray],
) -> None:
    # the single-process fit is the driver on one partition's sums: call it by hand
    X = np.column_stack([np.ones(N), deals["x"]])
    scaling = pk.logit_moments(X, deals["won"]).scaling()
    Zt = pk.standardise(X, scaling)
    theta, cov, _ll, _ = pk.newton_logit(lambda t: pk.logit_sums(Zt, deals["won"], t), 2, N)
    beta, _ = scaling.coefficients(theta, cov)
    assert np.array_equal(beta, pk.fit_logit(X, deals["won"])[0])


@pytest.mark.parametrize("split", [1, 7], ids=str)
def test_bad_deals_raise_as_single_process(deals: dict[str, np.ndarray], split: int) -> None:
    x = deals["x"].copy()
    x[2_500] = np.nan
    with pytest.raises(InvalidInputError) as whole:
        pk.fit_bid_response(x, deals["won"])
    with pytest.raises(InvalidInputError) as got:
        cd.fit_bid_response(rows(x, split), rows(deals["won"], split))
    assert (type(got.value), got.value.field) == (type(whole.value), whole.value.field)
    won = deals["won"].copy()
    won[3] = 2.0
    with pytest.raises(InvalidInputError) as got:
        cd.fit_bid_response(rows(deals["x"], split), rows(won, split))
    assert got.value.field == "won"
    with pytest.raises(NoSolutionError, match="all 4000 deals are losses"):
        cd.fit_bid_response(rows(deals["x"], split), rows(np.zeros(N), split))
    with pytest.raises(InvalidInputError) as got:
        cd.fit_bid_response(rows(deals["x"], split), rows(deals["won"][:-1], 1))
    assert got.value.field == "won"
    with pytest.raises(InvalidInputError) as got:
        cd.fit_bid_response(rows(deals["x"], split), rows(deals["won"], split),
                            covariates={"flat": rows(np.ones(N), split)})  # fmt: skip
    assert got.value.field == "x"


def test_separated_deals_have_no_fit() -> None:
    x = np.linspace(0.6, 1.0, 40)
    won = (x < 0.8).astype(float)
    with pytest.raises(NoSolutionError):
        pk.fit_bid_response(x, won)
    with pytest.raises(NoSolutionError):
        cd.fit_bid_response(rows(x, 3), rows(won, 3), max_iter=25)


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_bands_from_a_given_model_are_bit_identical(split: Any) -> None:
    model = BidResponseModel(a=-5.0, b=0.05, basis="price", covariates=("size",),
                             coefficients=(0.01,))  # fmt: skip
    rng = np.random.default_rng(4)
    cost = rng.uniform(30, 90, N)
    floor_min = np.where(rng.random(N) < 0.1, 150.0, 0.0)
    ceiling = rng.uniform(110, 200, N)
    size = rng.uniform(0, 10, N)
    whole = pk.band(model, cost, delta=0.2, floor_min=floor_min, ceiling=ceiling,
                    covariates={"size": size})  # fmt: skip
    got = cd.band(model, rows(cost, split), delta=0.2, floor_min=rows(floor_min, split),
                  ceiling=rows(ceiling, split), covariates={"size": rows(size, split)})  # fmt: skip
    for a, b in zip(got, whole, strict=True):
        assert np.array_equal(a.compute(), b)
    plain = cd.band(model.__class__(a=-5.0, b=0.05, basis="price"), rows(cost, split))
    assert np.array_equal(
        plain[1].compute(), pk.band(model.__class__(a=-5.0, b=0.05, basis="price"), cost)[1]
    )
