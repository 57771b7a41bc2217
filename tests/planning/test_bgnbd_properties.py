"""BG/NBD kernels: independent computations, properties (hypothesis) and bad input.

Independent references written here: the likelihood in natural space from gamma
and beta functions (equation 6 of Fader, Hardie and Lee 2005, no logs), and the
expectations as one-dimensional integrals over the dropout probability p of the
model's definition (E[X(t) | lambda, p] = (1 - exp(-lambda p t)) / p, the gamma
integral over lambda done by hand), computed with scipy.integrate.quad; neither
uses the hypergeometric function.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, optimize
from scipy import special as sp

from clientel.errors import ConvergenceError, InvalidInputError
from clientel.planning import BgNbdModel, fit_bgnbd
from clientel.planning.kernels import (
    bgnbd_conditional_expected_purchases,
    bgnbd_discounted_purchases,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_probability_alive,
    bgnbd_sample,
)
from clientel.testing import bgnbd_models, purchase_histories

CDNOW = (0.243, 4.414, 0.793, 2.426)


def natural_likelihood(r, alpha, a, b, x, t_x, T):
    g = math.gamma(r + x) * alpha**r / math.gamma(r)
    alive = sp.beta(a, b + x) / sp.beta(a, b) * g / (alpha + T) ** (r + x)
    dead = sp.beta(a + 1, b + x - 1) / sp.beta(a, b) * g / (alpha + t_x) ** (r + x) if x else 0
    return alive + dead, alive


def beta_pdf(p, a, b):
    return p ** (a - 1) * (1 - p) ** (b - 1) / sp.beta(a, b)


def quad_unconditional(r, alpha, a, b, t):
    def f(p):
        return (1 - (alpha / (alpha + p * t)) ** r) / p * beta_pdf(p, a, b)

    return integrate.quad(f, 0, 1, limit=200, epsabs=1e-13)[0]


def quad_conditional(r, alpha, a, b, t, x, t_x, T):
    # E[Y(t) | data] = int int (1 - e^{-lam p t}) / p * P(data, alive | lam, p) g f / P(data)
    def alive_part(p, extra):
        return (1 - p) ** x * ((alpha + T) / (alpha + T + extra)) ** (r + x) * beta_pdf(p, a, b)

    def numerator(p):
        return (alive_part(p, 0.0) - alive_part(p, p * t)) / p

    def evidence(p):
        dead = p * (1 - p) ** (x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x) if x else 0.0
        return ((1 - p) ** x + dead) * beta_pdf(p, a, b)

    num = integrate.quad(numerator, 0, 1, limit=200, epsabs=1e-14)[0]
    den = integrate.quad(evidence, 0, 1, limit=200, epsabs=1e-14)[0]
    return num / den


@pytest.mark.parametrize(("x", "t_x", "T"), [(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 12.5, 30.0)])
def test_log_likelihood_matches_the_natural_space_formula(x, t_x, T) -> None:
    ll = bgnbd_log_likelihood(*CDNOW, [x], [t_x], [T])
    like, alive = natural_likelihood(*CDNOW, x, t_x, T)
    assert ll[0] == pytest.approx(math.log(like), rel=1e-12)
    p_alive = bgnbd_probability_alive(*CDNOW, [x], [t_x], [T])
    assert p_alive[0] == pytest.approx(alive / like, rel=1e-12)


@pytest.mark.parametrize("t", [0.5, 5.0, 39.0, 78.0, 500.0])
def test_unconditional_expectation_matches_the_integral(t) -> None:
    value = bgnbd_expected_purchases(*CDNOW, t)
    assert float(value) == pytest.approx(quad_unconditional(*CDNOW, t), rel=1e-8)


@pytest.mark.parametrize(
    ("params", "history"),
    [
        (CDNOW, (2, 30.43, 38.86)),
        (CDNOW, (0, 0.0, 20.0)),
        (CDNOW, (15, 38.0, 38.5)),
        ((1.2, 10.0, 3.0, 1.5), (4, 10.0, 40.0)),
        ((0.5, 2.0, 1.0, 3.0), (3, 20.0, 30.0)),  # a = 1: the removable singularity
    ],
)
@pytest.mark.parametrize("t", [1.0, 39.0, 200.0])
def test_conditional_expectation_matches_the_integral(params, history, t) -> None:
    x, t_x, T = history
    value = bgnbd_conditional_expected_purchases(*params, t, x, t_x, T)
    assert float(value) == pytest.approx(quad_conditional(*params, t, x, t_x, T), rel=1e-7)


def test_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(5)
    age = rng.uniform(10, 50, 3000)
    x, t_x = bgnbd_sample(*CDNOW, age, rng)
    theta = np.log([0.3, 3.0, 0.6, 2.0])

    def mean_ll(th):
        return bgnbd_log_likelihood(*np.exp(th), x, t_x, age).mean()

    # the fit's optimum: the numerical gradient of the independent sum vanishes there
    model = fit_bgnbd(x, t_x, age)
    grad = optimize.approx_fprime(np.log(model.parameters), mean_ll, 1e-6)
    assert np.abs(grad).max() < 1e-6
    assert np.abs(optimize.approx_fprime(theta, mean_ll, 1e-6)).max() > 1e-3
    assert model.log_likelihood == pytest.approx(
        bgnbd_log_likelihood(*model.parameters, x, t_x, age).sum(), rel=1e-12
    )


def test_fit_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(11)
    age = rng.uniform(30, 52, 40_000)
    truth = (0.8, 6.0, 0.6, 3.0)
    x, t_x = bgnbd_sample(*truth, age, rng)
    model = fit_bgnbd(x, t_x, age)
    for est, true, se in zip(model.parameters, truth, model.standard_errors, strict=True):
        assert abs(est - true) < 4 * se


def test_weights_count_like_repeated_rows() -> None:
    # histories in whole weeks repeat; grouped with counts as weights, the fit is the same
    rng = np.random.default_rng(4)
    age = rng.integers(20, 40, 3000).astype(float)
    x, t_x = bgnbd_sample(*CDNOW, age, rng)
    rows = np.column_stack([x, np.floor(t_x), age])
    unique, counts = np.unique(rows, axis=0, return_counts=True)
    assert unique.shape[0] < rows.shape[0] / 3
    grouped = fit_bgnbd(*unique.T, weights=counts)
    full = fit_bgnbd(*rows.T)
    np.testing.assert_allclose(grouped.parameters, full.parameters, rtol=1e-7)
    assert grouped.log_likelihood == pytest.approx(full.log_likelihood, rel=1e-12)


@given(bgnbd_models(), purchase_histories())
def test_probability_alive_is_a_probability(model: BgNbdModel, histories) -> None:
    x, t_x, T = histories
    p = model.probability_alive(x, t_x, T)
    assert ((p >= 0) & (p <= 1)).all()
    assert (p[x == 0] == 1).all()


@given(bgnbd_models(), purchase_histories(), st.lists(st.floats(0, 500), min_size=2, max_size=6))
def test_expected_purchases_are_non_negative_and_grow_with_the_horizon(
    model: BgNbdModel, histories, horizons
) -> None:
    x, t_x, T = histories
    t = np.sort(np.array(horizons))
    uncond = model.expected_purchases(t)
    assert (uncond >= 0).all()
    assert (np.diff(uncond) >= -1e-9 * (1 + uncond[1:])).all()
    cond = bgnbd_conditional_expected_purchases(
        *model.parameters, t[None, :], x[:, None], t_x[:, None], T[:, None]
    )
    assert np.isfinite(cond).all()
    assert (cond >= -1e-12).all()
    assert (np.diff(cond, axis=1) >= -1e-9 * (1 + cond[:, 1:])).all()


@given(bgnbd_models(), purchase_histories())
def test_log_likelihood_is_finite_and_at_most_zero_for_unit_weights(model, histories) -> None:
    x, t_x, T = histories
    ll = model.log_likelihoods(x, t_x, T)
    assert np.isfinite(ll).all()


@given(purchase_histories(min_size=30), st.randoms(use_true_random=False))
def test_fit_is_permutation_invariant(histories, rnd) -> None:
    x, t_x, T = histories
    if not (x > 0).any():
        return
    order = list(range(x.size))
    rnd.shuffle(order)
    try:
        base = fit_bgnbd(x, t_x, T)
    except ConvergenceError:  # tiny random samples may not identify the model
        return
    other = fit_bgnbd(x[order], t_x[order], T[order])
    np.testing.assert_allclose(other.parameters, base.parameters, rtol=1e-6)


BAD = [
    ("frequency", [0, -1], [0, 0], [5, 5], "frequency[1]"),
    ("fractional frequency", [0, 1.5], [0, 2], [5, 5], "frequency[1]"),
    ("recency above age", [1, 2], [3, 6], [5, 5], "recency[1]"),
    ("recency without purchases", [0, 1], [2, 2], [5, 5], "recency[0]"),
    ("negative recency", [1, 1], [2, -1], [5, 5], "recency[1]"),
    ("nan", [1, np.nan], [2, 2], [5, 5], "frequency[1]"),
    ("inf age", [1, 1], [2, 2], [5, np.inf], "age[1]"),
]


@pytest.mark.parametrize(("case", "x", "t_x", "T", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_histories_name_the_customer_row(case, x, t_x, T, field) -> None:
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd(x, t_x, T)
    assert info.value.field == field
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd(x, t_x, T, ids=["c-1", "c-2"])
    assert info.value.field == f"{field} (customer 'c-{int(field[-2]) + 1}')"


def _kernel_calls(x, t_x, T):
    """Every public front door that reads histories: the kernels and the model's methods."""
    model = BgNbdModel(r=CDNOW[0], alpha=CDNOW[1], a=CDNOW[2], b=CDNOW[3])
    return {
        "bgnbd_log_likelihood": lambda: bgnbd_log_likelihood(*CDNOW, x, t_x, T),
        "bgnbd_probability_alive": lambda: bgnbd_probability_alive(*CDNOW, x, t_x, T),
        "bgnbd_conditional_expected_purchases": lambda: bgnbd_conditional_expected_purchases(
            *CDNOW, 10.0, x, t_x, T
        ),
        "bgnbd_discounted_purchases": lambda: bgnbd_discounted_purchases(
            *CDNOW, x, t_x, T, periods=2, period_length=52.0, discount_rate=0.1
        ),
        "BgNbdModel.log_likelihoods": lambda: model.log_likelihoods(x, t_x, T),
        "BgNbdModel.probability_alive": lambda: model.probability_alive(x, t_x, T),
        "BgNbdModel.conditional_expected_purchases": lambda: model.conditional_expected_purchases(
            10.0, x, t_x, T
        ),
    }


@pytest.mark.parametrize(("case", "x", "t_x", "T", "field"), BAD, ids=[b[0] for b in BAD])
def test_kernels_refuse_the_histories_the_fit_refuses(case, x, t_x, T, field) -> None:
    # before: NaN for a negative age or frequency, numbers without meaning for recency > age
    for name, call in _kernel_calls(x, t_x, T).items():
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.field == field, name


def test_kernels_name_a_value_by_its_index_in_the_broadcast_histories() -> None:
    horizons = np.array([[1.0], [2.0]])  # two horizons against two customers: shape (2, 2)
    with pytest.raises(InvalidInputError) as info:
        bgnbd_conditional_expected_purchases(*CDNOW, horizons, [2, 2], [3, 50], [38, 38])
    assert info.value.field == "recency[1]"  # the customer, not the cell of the grid
    with pytest.raises(InvalidInputError) as info:
        bgnbd_probability_alive(*CDNOW, [[2], [2]], [[3.0, 1.0], [3.0, 41.0]], 40.0)
    assert info.value.field == "recency[1, 1]"
    with pytest.raises(InvalidInputError) as info:
        bgnbd_probability_alive(*CDNOW, 2, 3.0, -1.0)  # one customer given as scalars
    assert info.value.field == "recency"


@given(
    st.lists(
        st.tuples(
            st.integers(-3, 20),
            st.floats(-5, 60, allow_nan=False),
            st.floats(-5, 60, allow_nan=False),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_kernels_give_a_finite_result_or_a_named_error(rows) -> None:
    x, t_x, T = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    valid = (x >= 0) & (t_x >= 0) & (t_x <= T) & ((x > 0) | (t_x == 0))
    for name, call in _kernel_calls(x, t_x, T).items():
        if valid.all():
            assert np.isfinite(call()).all(), name
        else:
            with pytest.raises(InvalidInputError) as info:
                call()
            assert info.value.field.split("[")[0] in {"frequency", "recency", "age"}, name
            i = int(info.value.field.split("[")[1].rstrip("]"))
            assert not valid[i], name


def test_other_bad_input() -> None:
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd([0, 0], [0, 0], [5, 6])
    assert info.value.field == "frequency"  # no repeat purchase: nothing to estimate
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd([1, 2], [1, 2], [5])
    assert info.value.field == "histories"
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd([1, 2], [1, 2], [5, 5], weights=[1, -1])
    assert info.value.field == "weights[1]"
    with pytest.raises(InvalidInputError) as info:
        fit_bgnbd([], [], [])
    assert info.value.field == "frequency"
    with pytest.raises(InvalidInputError) as info:
        BgNbdModel(r=0.2, alpha=-1.0, a=1.0, b=1.0)
    assert info.value.field == "BgNbdModel.alpha"
    with pytest.raises(InvalidInputError) as info:
        bgnbd_expected_purchases(*CDNOW, [1.0, -2.0])
    assert info.value.field == "t[1]"
    with pytest.raises(InvalidInputError) as info:
        bgnbd_log_likelihood(0.2, 1.0, np.nan, 1.0, [1], [1], [2])
    assert info.value.field == "a"


def test_non_convergence_is_a_named_error() -> None:
    rng = np.random.default_rng(2)
    age = rng.uniform(20, 40, 2000)
    x, t_x = bgnbd_sample(*CDNOW, age, rng)
    with pytest.raises(ConvergenceError) as info:
        fit_bgnbd(x, t_x, age, max_iter=2)
    assert info.value.field == "fit_bgnbd"
    assert isinstance(info.value, RuntimeError)


def test_unidentified_model_is_a_named_error() -> None:
    # everybody bought again right at the end: no sign of dropout, a/b run off
    x = np.array([1.0, 2.0, 3.0, 1.0] * 10)
    T = np.full(40, 10.0)
    with pytest.raises(ConvergenceError) as info:
        fit_bgnbd(x, T, T)
    assert info.value.field == "fit_bgnbd"
