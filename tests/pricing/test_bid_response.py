"""Bid-response fit, win probability, closed-form optimal price and profit band (step 2.5.4).

The model and first-order condition follow R. L. Phillips, *Pricing and Revenue
Optimization*, Stanford University Press, 2005, ch. 11 (customized pricing, logit
bid-response). The book's numeric tables were not available to us, so every
reference value here comes from an independent computation inside the test: a
brute-force price grid, scipy.special.lambertw on the raw formula, and
scipy.optimize.minimize on the negative log-likelihood.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import lambertw

from clientel.errors import InvalidInputError, NoSolutionError
from clientel.pricing import BidResponseModel, kernels, optimal_price, win_probability
from clientel.testing import bid_response_models

costs = st.floats(0.0, 2000.0)


def _grid_optimum(a: float, b: float, c: float) -> float:
    grid = np.linspace(c, c + 60.0 / b + max(0.0, -a / b - c), 2_000_001)
    return float(grid[np.argmax(kernels.expected_profit(a, b, c, grid))])


def test_hand_checked_example_matches_brute_force_and_lambertw() -> None:
    # Our own numbers, not Phillips' (his tables were not available): w(p) = 1 / (1 + exp(-5 +
    # 0.05 p)), cost 60. At p = 100, u = 0 and b (p - c) = 2 = 1 + e^0: the first-order condition
    # holds exactly, checked by hand, by a 2-million-point grid and by lambertw on the formula.
    model = BidResponseModel(a=-5.0, b=0.05, basis="price")
    p = optimal_price(model, [60.0])[0]
    assert p == pytest.approx(100.0, abs=1e-9)
    assert p == pytest.approx(_grid_optimum(-5.0, 0.05, 60.0), abs=2e-4)
    raw = 60.0 + (1.0 + lambertw(np.exp(5.0 - 0.05 * 60.0 - 1.0)).real) / 0.05
    assert p == pytest.approx(raw, rel=1e-12)


@given(bid_response_models(), costs)
def test_optimum_satisfies_first_order_condition(model: BidResponseModel, c: float) -> None:
    p = optimal_price(model, [c])[0]
    w = win_probability(model, [p])[0]
    # d/dp (p - c) w = w (1 - b (p - c) (1 - w)) = 0.
    assert model.b * (p - c) * (1.0 - w) == pytest.approx(1.0, rel=1e-9)
    assert p > c


@given(bid_response_models(), costs)
def test_numerical_method_agrees_with_closed_form(model: BidResponseModel, c: float) -> None:
    closed = optimal_price(model, [c])[0]
    numeric = optimal_price(model, [c], method="numerical")[0]
    assert numeric == pytest.approx(closed, rel=1e-7, abs=1e-6 / model.b)


@given(bid_response_models(), costs, st.floats(0.0, 500.0))
def test_higher_cost_never_lowers_optimum_or_floor(
    model: BidResponseModel, c: float, extra: float
) -> None:
    lo1, s1, _ = kernels.profit_band(model.a, model.b, [c], 0.1)
    lo2, s2, _ = kernels.profit_band(model.a, model.b, [c + extra], 0.1)
    assert s2[0] >= s1[0] - 1e-9 * abs(s1[0])
    assert lo2[0] >= lo1[0] - 1e-9 * abs(lo1[0])


@given(bid_response_models(), costs, st.floats(0.01, 0.5))
def test_band_order_and_profit_levels(model: BidResponseModel, c: float, delta: float) -> None:
    lo, star, hi = kernels.profit_band(model.a, model.b, [c], delta)
    e = kernels.expected_profit(model.a, model.b, c, np.array([lo[0], star[0], hi[0]]))
    assert lo[0] <= star[0] <= hi[0]
    assert e[1] >= e[0]
    assert e[1] >= e[2]
    assert e[0] == pytest.approx((1 - delta) * e[1], rel=1e-6)
    assert e[2] == pytest.approx((1 - delta) * e[1], rel=1e-6)


@given(bid_response_models(), costs, st.floats(0.0, 3000.0), st.floats(0.0, 3000.0))
def test_guarded_band_is_ordered_and_target_is_best(
    model: BidResponseModel, c: float, fmin: float, cap: float
) -> None:
    f, t, s, flag = kernels.band(model, [c], floor_min=[fmin], ceiling=[cap])
    assert f[0] <= t[0] <= s[0]
    assert f[0] >= fmin
    if fmin <= cap:
        assert s[0] <= cap
    e = kernels.expected_profit(model.a, model.b, c, np.array([f[0], t[0], s[0]]))
    assert e[1] >= max(e[0], e[2]) - 1e-9 * abs(e[1])
    star = optimal_price(model, [c])[0]
    assert bool(flag[0]) == (star < fmin or fmin > cap)


@pytest.mark.parametrize("bound", ["floor_min", "ceiling"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_band_refuses_a_floor_or_ceiling_that_is_not_finite(bound: str, bad: float) -> None:
    # a NaN bound used to give a NaN band without a word (np.maximum propagates NaN)
    model = BidResponseModel(a=-5.0, b=0.05, basis="price")
    with pytest.raises(InvalidInputError) as err:
        kernels.band(model, [60.0, 60.0], **{bound: [100.0, bad]})
    assert err.value.field == f"{bound}[1]"


def test_vectorised_kernel_matches_scalar_calls() -> None:
    rng = np.random.default_rng(7)
    a, b, c = rng.uniform(-20, 5, 200), rng.uniform(0.01, 1, 200), rng.uniform(0, 100, 200)
    together = kernels.optimal_price(a, b, c)
    one_by_one = [kernels.optimal_price(a[i], b[i], c[i])[()] for i in range(200)]
    np.testing.assert_allclose(together, one_by_one, rtol=0, atol=0)


def test_extreme_arguments_do_not_overflow() -> None:
    # exp(-a - b c - 1) overflows a float for a = -1000; Wright omega does not.
    p = kernels.optimal_price(-1000.0, 1.0, 0.0)
    assert np.isfinite(p).all()
    assert p[()] > 0


def _simulate(n: int, a: float, b: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.6, 1.1, n)
    won = (rng.random(n) < 1 / (1 + np.exp(a + b * x))).astype(float)
    return x, won


def test_fit_matches_scipy_minimize_and_hessian() -> None:
    x, won = _simulate(5000, -9.0, 10.0, seed=1)
    model = kernels.fit_bid_response(x, won)
    X = np.column_stack([np.ones_like(x), x])

    def nll(beta: np.ndarray) -> float:
        eta = X @ beta
        return float(np.sum(won * np.logaddexp(0, eta) + (1 - won) * np.logaddexp(0, -eta)))

    ref = minimize(nll, np.zeros(2), method="BFGS", options={"gtol": 1e-10})
    assert [model.a, model.b] == pytest.approx(ref.x, rel=1e-5)
    assert model.log_likelihood == pytest.approx(-ref.fun, rel=1e-10)
    w = 1 / (1 + np.exp(X @ ref.x))
    info = (X * (w * (1 - w))[:, None]).T @ X  # observed information, written out here
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    assert [model.se_a, model.se_b] == pytest.approx(se, rel=1e-4)
    assert model.n == 5000
    assert model.wins == int(won.sum())
    r2 = model.mcfadden_r2
    assert r2 is not None
    assert 0 < r2 < 1


def test_fit_recovers_true_coefficients_on_many_deals() -> None:
    x, won = _simulate(200_000, -9.0, 10.0, seed=2)
    model = kernels.fit_bid_response(x, won)
    assert abs(model.a + 9.0) < 4 * model.se_a  # type: ignore[operator]
    assert abs(model.b - 10.0) < 4 * model.se_b  # type: ignore[operator]


def test_fit_with_covariate_matches_scipy() -> None:
    rng = np.random.default_rng(3)
    n = 3000
    x = rng.uniform(0.6, 1.1, n)
    size = rng.normal(5, 2, n)
    eta = -8 + 9 * x + 0.2 * size
    won = (rng.random(n) < 1 / (1 + np.exp(eta))).astype(float)
    X = np.column_stack([np.ones(n), x, size])
    beta, cov, ll, _ = kernels.fit_logit(X, won)

    def nll(bv: np.ndarray) -> float:
        e = X @ bv
        return float(np.sum(won * np.logaddexp(0, e) + (1 - won) * np.logaddexp(0, -e)))

    ref = minimize(nll, np.zeros(3), method="BFGS", options={"gtol": 1e-9})
    np.testing.assert_allclose(beta, ref.x, rtol=1e-4)
    assert ll == pytest.approx(-ref.fun, rel=1e-9)
    assert cov.shape == (3, 3)


def test_all_wins_all_losses_and_separation_raise() -> None:
    x = np.linspace(0.6, 1.0, 20)
    with pytest.raises(NoSolutionError, match="all 20 deals are wins"):
        kernels.fit_bid_response(x, np.ones(20))
    with pytest.raises(NoSolutionError, match="losses"):
        kernels.fit_bid_response(x, np.zeros(20))
    separated = (x < 0.8).astype(float)
    with pytest.raises(NoSolutionError, match="separated"):
        kernels.fit_bid_response(x, separated)


def test_bad_inputs() -> None:
    with pytest.raises(InvalidInputError, match="must be > 0"):
        BidResponseModel(a=1.0, b=-0.1)
    with pytest.raises(InvalidInputError, match="finite"):
        BidResponseModel(a=float("nan"), b=0.1)
    with pytest.raises(InvalidInputError, match=r"cost\[1\]"):
        kernels.optimal_price(-5.0, 0.05, [1.0, float("inf")])
    with pytest.raises(InvalidInputError, match="0 or 1"):
        kernels.fit_bid_response([0.7, 0.8, 0.9], [1.0, 0.5, 0.0])
    with pytest.raises(InvalidInputError, match="delta"):
        kernels.profit_band(-5.0, 0.05, 60.0, 1.0)
    rising = np.array([0.0, 0, 1, 0, 1, 1, 0, 1, 1, 1])
    with pytest.raises(InvalidInputError, match="rises with price"):
        kernels.fit_bid_response(np.linspace(0.5, 1.0, 10), rising)
    model = BidResponseModel(a=-5.0, b=0.05, basis="price")
    with pytest.raises(InvalidInputError) as numerical:  # no silent NaN from the search either
        optimal_price(model, [60.0, float("nan")], method="numerical")
    assert numerical.value.field == "cost[1]"
    with pytest.raises(InvalidInputError) as method:
        optimal_price(model, [60.0], method="newton")  # type: ignore[arg-type]
    assert method.value.field == "method"
    with pytest.raises(InvalidInputError) as slope:
        BidResponseModel(a=1.0, b=0.0)
    assert slope.value.field == "BidResponseModel.b"


def test_covariate_model_shifts_the_intercept() -> None:
    rng = np.random.default_rng(4)
    n = 4000
    x = rng.uniform(0.6, 1.1, n)
    size = rng.normal(0, 1, n)
    won = (rng.random(n) < 1 / (1 + np.exp(-8 + 9 * x + 0.5 * size))).astype(float)
    model = kernels.fit_bid_response(x, won, covariates={"size": size})
    beta, _, _, _ = kernels.fit_logit(np.column_stack([np.ones(n), x, size]), won)
    assert [model.a, model.b, *model.coefficients] == pytest.approx(beta.tolist(), rel=1e-12)
    assert model.covariates == ("size",)
    assert len(model.standard_errors) == 1
    # The optimum for a deal of size z is the one-variable optimum with a + g z.
    z = np.array([-1.0, 0.0, 2.0])
    got = optimal_price(model, [0.5, 0.5, 0.5], covariates={"size": z})
    for zi, p in zip(z, got, strict=True):
        plain = BidResponseModel(a=model.a + model.coefficients[0] * zi, b=model.b)
        assert p == pytest.approx(_grid_optimum(plain.a, plain.b, 0.5), abs=1e-4)
        assert optimal_price(model, [0.5], covariates={"size": [zi]}, method="numerical")[
            0
        ] == pytest.approx(p, rel=1e-7)
    with pytest.raises(Exception, match="size"):
        optimal_price(model, [0.5])
    with pytest.raises(InvalidInputError, match="not a covariate"):
        win_probability(model, [0.9], covariates={"size": [0.0], "region": [1.0]})
    with pytest.raises(InvalidInputError, match="one finite coefficient"):
        BidResponseModel(a=0.0, b=1.0, covariates=("size",))


def test_logit_sums_of_partitions_merge_to_the_whole() -> None:
    # The sums a partitioned fit adds up, against their definitions written out here:
    # l = sum(y eta - log(1 + e^eta)), gradient Z^T (y - p), information Z^T diag(p(1-p)) Z.
    rng = np.random.default_rng(4)
    X = np.column_stack([np.ones(50), rng.uniform(0.6, 1.2, 50)])
    y = (rng.random(50) < 0.4).astype(float)
    Zt = kernels.standardise(X, kernels.logit_moments(X, y).scaling())
    theta = np.array([0.3, -1.1])
    parts = [kernels.logit_sums(np.ascontiguousarray(Zt[:, a:b]), y[a:b], theta)
             for a, b in ((0, 17), (17, 18), (18, 50))]  # fmt: skip
    merged = parts[2].merge(parts[0]).merge(parts[1])
    eta = theta @ Zt
    p = 1 / (1 + np.exp(-eta))
    assert merged.log_likelihood == pytest.approx(np.sum(y * eta - np.log1p(np.exp(eta))),
                                                  rel=1e-12)  # fmt: skip
    np.testing.assert_allclose(merged.gradient, Zt @ (y - p), rtol=1e-12)
    np.testing.assert_allclose(merged.information, (Zt * (p * (1 - p))) @ Zt.T, rtol=1e-12)
