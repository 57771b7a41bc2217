"""Pipeline kernels (issue 22): learned conversion, time in stage, velocity, the forecast.

Reference values come from independent computations written here (loops over
the rows, scipy's beta distribution, enumeration of every outcome) or from the
published example cited where it is used.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from long_run import LONG_RUN_EXAMPLES
from scipy import stats

from clientel.errors import InvalidInputError, LimitExceededError
from clientel.planning import kernels as k

# -- learned conversion ------------------------------------------------------------------------
closed = st.integers(1, 6).flatmap(
    lambda s: st.tuples(
        st.just(s),
        st.lists(st.tuples(st.integers(-1, s - 1), st.booleans()), max_size=60),
        st.lists(st.floats(0, 1), min_size=s, max_size=s),
        st.floats(0.1, 100),
    )
)


@given(closed)
def test_conversion_counts_and_posterior_match_a_loop_and_scipy(case: Any) -> None:
    stages, deals, prior, weight = case
    far = np.asarray([f for f, _ in deals], dtype=np.int64)
    won = np.asarray([w for _, w in deals], dtype=bool)
    fit = k.smoothed_win_rates(far, won, prior, prior_weight=weight, level=0.8)
    for s in range(stages):
        reached = sum(1 for f, w in deals if w or f >= s)  # a loop over the deals
        n_won = sum(1 for f, w in deals if w)
        assert (fit.reached[s], fit.won[s]) == (reached, n_won)
        a, b = weight * prior[s] + n_won, weight * (1 - prior[s]) + reached - n_won
        smoothed = (n_won + weight * prior[s]) / (reached + weight)
        assert fit.probability[s] == pytest.approx(smoothed)
        if a > 0 and b > 0:
            posterior = stats.beta(a, b)
            # scipy's mean() computes all four moments; with a subnormal default (a = 2e-311)
            # the kurtosis, not used here, overflows: that warning is the reference's own
            with np.errstate(over="ignore"):
                mean = posterior.mean()
            assert fit.probability[s] == pytest.approx(mean, rel=1e-12, abs=1e-15)
            try:
                ends = posterior.ppf(0.1), posterior.ppf(0.9)
            except OverflowError:  # scipy's (boost's) Beta function overflows for a subnormal
                ends = None  # a: no reference there; the bounds below still hold
            if ends is not None:
                assert fit.low[s] == pytest.approx(ends[0], rel=1e-8, abs=1e-12)
                assert fit.high[s] == pytest.approx(ends[1], rel=1e-8, abs=1e-12)
        assert 0 <= fit.low[s] <= fit.high[s] <= 1
        assert 0 <= fit.probability[s] <= 1  # the mean of a very skewed Beta (little data, a
        # default near 0 or 1) may lie outside its central interval: not checked against it
        # between the default and the observed rate
        if reached:
            lo, hi = sorted((prior[s], n_won / reached))
            assert lo - 1e-12 <= fit.probability[s] <= hi + 1e-12
    assert (np.diff(fit.reached) <= 0).all()  # fewer reach later stages


@given(st.lists(st.floats(0, 1), min_size=1, max_size=6), st.floats(0.01, 1e6))
def test_without_history_the_defaults_are_learned(prior: list[float], weight: float) -> None:
    fit = k.smoothed_win_rates(np.zeros(0, np.int64), np.zeros(0, bool), prior,
                                 prior_weight=weight)  # fmt: skip
    assert fit.probability.tolist() == pytest.approx(prior, abs=1e-15)
    assert fit.reached.tolist() == [0] * len(prior)


def test_history_outweighs_the_default_as_it_grows() -> None:
    # 600 of 1,000 closed deals that reached the stage won; default 0.2, weight 10
    far = np.zeros(1000, dtype=np.int64)
    won = np.arange(1000) < 600
    fit = k.smoothed_win_rates(far, won, [0.2], prior_weight=10)
    assert fit.probability[0] == pytest.approx((600 + 2) / 1010)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"prior": [1.2]}, "prior"),
        ({"prior": [-0.1]}, "prior"),
        ({"prior": [float("nan")]}, "prior[0]"),
        ({"prior_weight": 0}, "prior_weight"),
        ({"prior_weight": float("inf")}, "prior_weight"),
        ({"level": 1.0}, "level"),
        ({"furthest": [3]}, "furthest"),
        ({"won": [1]}, "won"),
    ],
)
def test_bad_conversion_inputs_are_named(kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"furthest": [0], "won": [True], "prior": [0.5]} | kwargs
    with pytest.raises(InvalidInputError) as caught:
        k.smoothed_win_rates(**args)
    assert caught.value.field == field


# -- time in stage -----------------------------------------------------------------------------
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 400)), max_size=80))
def test_stage_times_match_a_loop(spells: list[tuple[int, int]]) -> None:
    t = k.spell_lengths([s for s, _ in spells], [d for _, d in spells], 4, (25.0, 50.0, 90.0))
    for s in range(4):
        days = [d for x, d in spells if x == s]
        assert t.count[s] == len(days)
        if days:
            assert t.mean[s] == pytest.approx(sum(days) / len(days))
            assert t.percentiles[s].tolist() == pytest.approx(np.percentile(days, [25, 50, 90]))
        else:
            assert math.isnan(t.mean[s])


def test_aging_counts_days() -> None:
    age, in_stage, late = k.aging_days([100, 150], [120, 150], [130, 400], 200)
    assert (age.tolist(), in_stage.tolist(), late.tolist()) == ([100, 50], [80, 50], [70, 0])
    with pytest.raises(InvalidInputError):
        k.aging_days([100], [90], [130], 200)  # entered before created


def test_velocity_reproduces_a_published_example() -> None:
    """Sales velocity, the CRM formula (number of opportunities x average deal value x win
    rate / length of the sales cycle) attributed to HubSpot: HubSpot's own page could not be
    read here; the formula as restated by insidea.com/glossary/revops-fundamentals/
    sales-velocity and kpitree.co/integrations/hubspot/sales-pipeline-velocity (read), on
    the worked example of winsabove.pages.dev/glossary/sales-velocity (read): 18 open
    opportunities, average deal $42K, win rate 24 %, cycle 78 days -> (18 x 42,000 x 0.24)
    / 78 = 181,440 / 78 = $2,326 per day. Six won of 25 closed is the 24 %."""
    v = k.sales_velocity(18, np.full(6, 42_000.0), np.full(6, 78), 19)
    assert (v.opportunities, v.win_rate, v.cycle_days) == (18, 0.24, 78.0)
    assert v.velocity == pytest.approx(181_440 / 78)
    assert round(v.velocity) == 2326
    with pytest.raises(InvalidInputError, match="no won opportunity"):
        k.sales_velocity(18, [], [], 19)


# -- the forecast ------------------------------------------------------------------------------
def _case(n: int, seed: int, fractional: bool = False) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    values = rng.lognormal(8, 1, n)
    return {
        "values": values if fractional else np.round(values),
        "probabilities": rng.uniform(0, 1, n),
        "close": rng.integers(-20, 380, n),
        "starts": np.array([0, 90, 181, 273]),
        "end": 364,
        "floor": 5,
        "slip": rng.integers(-15, 60, 25),
    }


@settings(max_examples=LONG_RUN_EXAMPLES or 15, deadline=None)
@given(
    st.integers(0, 700),
    st.integers(1, 9000),
    st.integers(0, 2**32),
    st.lists(st.sampled_from([1, 1 << 20, 3 << 20, 1 << 21, 1 << 40]), min_size=2, max_size=2),
    st.booleans(),
)
def test_results_do_not_depend_on_the_chunk_size(
    n: int, draws: int, seed: int, chunks: list[int], fractional: bool
) -> None:
    case = _case(n, seed % 1000, fractional)
    a, b = (k.simulate_pipeline(**case, draws=draws, seed=seed, chunk_size=c) for c in chunks)
    assert np.array_equal(a.totals, b.totals)  # bit for bit, fractional values included
    assert np.array_equal(a.expected, b.expected)


def test_a_longer_run_starts_with_the_same_draws() -> None:
    case = _case(300, 1)
    short = k.simulate_pipeline(**case, draws=5000, seed=11)
    long = k.simulate_pipeline(**case, draws=9000, seed=11)
    assert np.array_equal(long.totals[:, :5000], short.totals)
    other = k.simulate_pipeline(**case, draws=5000, seed=12)
    assert not np.array_equal(other.totals, short.totals)


@given(
    hnp.arrays(np.float64, st.integers(0, 40), elements=st.floats(0, 1e6)).flatmap(
        lambda v: st.tuples(
            st.just(v),
            hnp.arrays(np.float64, v.shape, elements=st.floats(0, 1)),
            hnp.arrays(np.int64, v.shape, elements=st.integers(-50, 500)),
            st.lists(st.integers(-30, 90), min_size=1, max_size=20),
            st.none() | st.integers(-10, 200),
        )
    )
)
def test_the_expectation_sums_the_weighted_values(case: Any) -> None:
    values, probs, close, slip, floor = case
    e = k.pipeline_expectation(values, probs, close, starts=[0, 100, 200], end=364,
                               floor=floor, slip=slip)  # fmt: skip
    assert e.sum() == pytest.approx(float(np.sum(probs * values)), rel=1e-12, abs=1e-6)
    assert (e >= -1e-9).all()
    # brute force: every opportunity, every slip day
    expected = np.zeros(4)
    for v, p, c in zip(values, probs, close, strict=True):
        for s in slip:
            day = c + s if floor is None else max(c + s, floor)
            j = 3 if day < 0 or day > 364 else (0 if day < 100 else 1 if day < 200 else 2)
            expected[j] += p * v / len(slip)
    assert e == pytest.approx(expected, rel=1e-9, abs=1e-6)


def test_three_deals_match_their_exact_distribution() -> None:
    """Three deals, fixed close dates: the 8 outcomes enumerated give the exact distribution
    of the period's total; 200,000 draws reproduce its probabilities within 4 standard errors
    and its 5th / 95th percentiles exactly (they fall inside wide atoms)."""
    values, probs = [100.0, 250.0, 400.0], [0.7, 0.4, 0.15]
    out = k.simulate_pipeline(values, probs, [10, 20, 30], starts=[0], end=99,
                              draws=200_000, seed=2026)  # fmt: skip
    exact: dict[float, float] = {}
    for wins in itertools.product([0, 1], repeat=3):
        total = sum(v for v, w in zip(values, wins, strict=True) if w)
        pr = math.prod(p if w else 1 - p for p, w in zip(probs, wins, strict=True))
        exact[total] = exact.get(total, 0.0) + pr
    draws = out.totals[0]
    for total, pr in exact.items():
        freq = float(np.mean(draws == total))
        assert abs(freq - pr) <= 4 * math.sqrt(pr * (1 - pr) / draws.size), total
    cdf = np.cumsum([exact[t] for t in sorted(exact)])
    atoms = sorted(exact)
    assert np.percentile(draws, 5) == atoms[int(np.searchsorted(cdf, 0.05))]
    assert np.percentile(draws, 95) == atoms[int(np.searchsorted(cdf, 0.95))]
    mean = sum(v * p for v, p in zip(values, probs, strict=True))
    assert out.expected[0] == pytest.approx(mean)


def test_close_dates_slip_as_the_distribution_says() -> None:
    # one certain deal expected on day 80; the slip is 0, 5, ..., 45 days: 2 of 10 slips stay
    # in the first period (day 80 and 85 < 90), 8 move to the second
    out = k.simulate_pipeline([1.0], [1.0], [80], starts=[0, 90], end=364, draws=50_000,
                              seed=3, slip=list(range(0, 50, 5)))  # fmt: skip
    share = out.totals[:2].mean(axis=1)
    assert share == pytest.approx([0.2, 0.8], abs=4 * math.sqrt(0.16 / 50_000))
    assert out.expected.tolist() == pytest.approx([0.2, 0.8, 0.0])


def test_the_simulated_mean_converges_to_the_expectation() -> None:
    case = _case(2000, 4)
    out = k.simulate_pipeline(**case, draws=20_000, seed=5)
    sd = out.totals.std(axis=1)
    assert (np.abs(out.totals.mean(axis=1) - out.expected) <= 5 * sd / math.sqrt(20_000)).all()


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"probabilities": [0.5, 1.5]}, InvalidInputError, "probabilities[1]"),
        ({"probabilities": [0.5, -0.1]}, InvalidInputError, "probabilities[1]"),
        ({"values": [-1.0, 2.0]}, InvalidInputError, "values"),
        ({"values": [np.nan, 2.0]}, InvalidInputError, "values[0]"),
        ({"close": [1.5, 2.0]}, InvalidInputError, "close"),
        ({"starts": [0, 0]}, InvalidInputError, "starts"),
        ({"draws": 0}, InvalidInputError, "draws"),
        ({"draws": 1_000_001}, LimitExceededError, "draws"),
        ({"seed": -1}, InvalidInputError, "seed"),
        ({"chunk_size": 0}, InvalidInputError, "chunk_size"),
        ({"values": [2.0**52, 2.0**52]}, LimitExceededError, "values"),
        ({"slip": [0.5]}, InvalidInputError, "slip"),
    ],
)
def test_bad_forecast_inputs_are_named(change: dict[str, Any], error: type, field: str) -> None:
    args: dict[str, Any] = {
        "values": [1.0, 2.0],
        "probabilities": [0.5, 0.5],
        "close": [1, 2],
        "starts": [0, 10],
        "end": 20,
        "draws": 10,
        "seed": 1,
    } | change
    with pytest.raises(error) as caught:  # type: ignore[call-overload]
        k.simulate_pipeline(**args)
    assert caught.value.field == field
