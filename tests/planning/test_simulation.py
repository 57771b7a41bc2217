"""Seeded Monte Carlo: reproducibility, chunk invariance, distribution checks, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import InvalidInputError
from clientel.planning import Distribution, npv, simulate
from clientel.planning.kernels import BLOCK, sample_drivers

DRIVERS = [
    Distribution.pert("volume", 0.7, 1.0, 1.2),
    Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90),
    Distribution.normal("price", 1.0, 0.05),
    Distribution.lognormal("delay", 2.0, 0.5),
    Distribution.uniform("fx", 0.95, 1.05),
]


def _model(v: dict[str, np.ndarray]) -> np.ndarray:
    margin = v["volume"] * v["price"] * v["fx"] * (1 - v["cost_ratio"]) - 0.01 * v["delay"]
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


@given(st.integers(0, 2**32), st.integers(1, 3 * BLOCK), st.integers(0, 2 * BLOCK))
@settings(max_examples=LONG_RUN_EXAMPLES or 15)
def test_draws_depend_only_on_seed_and_index(seed: int, n: int, split: int) -> None:
    whole = sample_drivers(DRIVERS, n + split, seed=seed)
    tail = sample_drivers(DRIVERS, n, seed=seed, start=split)
    for name in whole:
        assert np.array_equal(whole[name][split:], tail[name])


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("chunk", [1, 5000, BLOCK, 3 * BLOCK + 7, 10**6])
def test_simulation_is_chunk_invariant(chunk: int, exact: bool) -> None:
    ref = simulate(_model, DRIVERS, rate=0.08, draws=3 * BLOCK + 123, seed=3, exact=exact)
    got = simulate(_model, DRIVERS, rate=0.08, draws=3 * BLOCK + 123, seed=3, chunk_size=chunk,
                   exact=exact)  # fmt: skip
    assert got == ref


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    a = simulate(_model, DRIVERS, rate=0.08, draws=5000, seed=11)
    assert a == simulate(_model, DRIVERS, rate=0.08, draws=5000, seed=11)
    assert a != simulate(_model, DRIVERS, rate=0.08, draws=5000, seed=12)


def test_marginals_match_their_published_moments() -> None:
    # Means: triangular (a+m+b)/3, PERT (a+4m+b)/6 (Malcolm, Roseboom, Clark and Fazar,
    # "Application of a technique for R&D program evaluation", Operations Research 7, 1959),
    # uniform (a+b)/2; lognormal parameterised by its own mean and sd.
    v = sample_drivers(DRIVERS, 200_000, seed=1)
    for d in DRIVERS:
        se = v[d.name].std() / np.sqrt(200_000)
        assert abs(v[d.name].mean() - d.mean) < 5 * se, d.name
    assert v["delay"].std() == pytest.approx(0.5, rel=0.02)
    assert v["price"].std() == pytest.approx(0.05, rel=0.02)
    assert v["volume"].min() >= 0.7
    assert v["volume"].max() <= 1.2
    assert v["cost_ratio"].min() >= 0.70
    assert v["cost_ratio"].max() <= 0.90


def test_correlation_is_imposed() -> None:
    corr = [[1.0, 0.8], [0.8, 1.0]]
    d = [Distribution.normal("a", 0, 1), Distribution.normal("b", 5, 2)]
    v = sample_drivers(d, 100_000, seed=5, correlation=corr)
    assert np.corrcoef(v["a"], v["b"])[0, 1] == pytest.approx(0.8, abs=0.01)


@pytest.mark.parametrize("exact", [None, True, False])
def test_summary_matches_the_stored_sample(exact: bool | None) -> None:
    """The draws written out and summarised by numpy: exact percentiles when the outputs
    are kept (the default at this size), within a histogram bin with two passes."""
    n = 20_000
    res = simulate(_model, DRIVERS, rate=0.08, draws=n, seed=9, exact=exact)
    flows = _model(sample_drivers(DRIVERS, n, seed=9))
    values = npv(0.08, flows)
    margins = flows.sum(axis=1)
    assert res.npv.mean == pytest.approx(values.mean(), rel=1e-12)
    assert res.npv.sd == pytest.approx(values.std(ddof=1), rel=1e-9)
    assert res.npv.probability_below_zero == (values < 0).mean()
    assert res.margin.mean == pytest.approx(margins.mean(), rel=1e-12)
    for x, summary in ((values, res.npv), (margins, res.margin)):
        want = np.percentile(x, [5, 10, 50, 90, 95])
        got = np.array([summary.percentiles[f"p{q}"] for q in (5, 10, 50, 90, 95)])
        if exact is False:
            np.testing.assert_allclose(got, want, rtol=0, atol=2 * (x.max() - x.min()) / 65536)
        else:  # the NPVs were computed in chunks here and at once in the test: rounding only
            np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


def test_one_pass_and_two_passes_agree_but_for_the_percentiles() -> None:
    one = simulate(_model, DRIVERS, rate=0.08, draws=3 * BLOCK + 5, seed=4, exact=True)
    two = simulate(_model, DRIVERS, rate=0.08, draws=3 * BLOCK + 5, seed=4, exact=False)
    for a, b in ((one.npv, two.npv), (one.margin, two.margin)):
        assert (a.mean, a.sd, a.minimum, a.maximum, a.probability_below_zero) == (
            b.mean, b.sd, b.minimum, b.maximum, b.probability_below_zero
        )  # fmt: skip
        width = (a.maximum - a.minimum) / 65536
        for q, value in a.percentiles.items():
            assert abs(value - b.percentiles[q]) <= 2 * width
    with pytest.raises(InvalidInputError) as exc:
        simulate(_model, DRIVERS, rate=0.08, draws=10, seed=4, exact=1)  # type: ignore[arg-type]
    assert exc.value.field == "exact"


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="low <= mode <= high"):
        Distribution.triangular("x", 2, 1, 3)
    with pytest.raises(InvalidInputError, match="mean > 0"):
        Distribution.lognormal("x", -1, 1)
    with pytest.raises(InvalidInputError, match="low < high"):
        Distribution.uniform("x", 1, 1)
    with pytest.raises(InvalidInputError, match="unique"):
        sample_drivers([DRIVERS[0], DRIVERS[0]], 10, seed=1)
    with pytest.raises(InvalidInputError, match="positive definite"):
        sample_drivers(DRIVERS[:2], 10, seed=1, correlation=[[1, 1.0], [1.0, 1]])
    with pytest.raises(InvalidInputError, match="symmetric"):
        sample_drivers(DRIVERS[:2], 10, seed=1, correlation=[[1, 0.5], [0.2, 1]])
    with pytest.raises(InvalidInputError, match="seed"):
        sample_drivers(DRIVERS, 10, seed=-1)
    with pytest.raises(InvalidInputError, match="rate"):
        simulate(_model, DRIVERS, rate=-1.0, draws=10, seed=1)
    with pytest.raises(InvalidInputError, match="model"):
        simulate(lambda v: np.ones(3), DRIVERS, rate=0.1, draws=10, seed=1)
    with pytest.raises(InvalidInputError, match="model"):
        simulate(lambda v: np.full((10, 2), np.nan), DRIVERS, rate=0.1, draws=10, seed=1)


@pytest.mark.parametrize("correlation", [None, [[1.0, 0.3], [0.3, 1.0]]])
@pytest.mark.parametrize(
    ("driver", "reference"),
    [
        # Beta-PERT as defined by Malcolm et al. (1959): Beta(1 + 4(m - a)/(b - a), ...) on [a, b]
        (Distribution.pert("x", 0.7, 1.0, 1.2), ("beta", (1 + 4 * 0.6, 1 + 4 * 0.4), 0.7, 0.5)),
        (Distribution.triangular("x", 0.70, 0.75, 0.90), ("triang", (0.25,), 0.70, 0.20)),
        (Distribution.normal("x", 1.0, 0.05), ("norm", (), 1.0, 0.05)),
        # a lognormal with mean 2 and sd 0.5: log-variance log(1 + 0.25**2)
        (Distribution.lognormal("x", 2.0, 0.5),
         ("lognorm", (np.sqrt(np.log1p(0.0625)),), 0.0, 2.0 / np.sqrt(1.0625))),
        (Distribution.uniform("x", 0.95, 1.05), ("uniform", (), 0.95, 0.10)),
    ],
)  # fmt: skip
def test_each_sampler_draws_its_distribution(
    driver: Distribution, reference: tuple[str, tuple[float, ...], float, float],
    correlation: list[list[float]] | None,
) -> None:  # fmt: skip
    # Both samplers (independent draws from each block's stream; the Gaussian copula with its
    # quantile functions) against scipy.stats' CDF of the same distribution: Kolmogorov-Smirnov
    from scipy import stats

    name, shape, loc, scale = reference
    other = Distribution.normal("y", 0.0, 1.0)
    x = sample_drivers([driver, other], 50_000, seed=17, correlation=correlation)["x"]
    cdf = getattr(stats, name)(*shape, loc=loc, scale=scale).cdf
    assert stats.kstest(x, cdf).pvalue > 1e-3


def test_three_passes_over_ranges_give_the_exact_percentiles_of_all_draws() -> None:
    # Pass three (the draws inside the bins holding each percentile) merged over two ranges,
    # each range itself merged over chunks of one block: the numbers of simulate(), whose
    # percentiles are np.percentile of every draw.
    from clientel.planning import simulate_range, simulation_result

    draws, cut = 3 * BLOCK + 123, 2 * BLOCK
    ranges = [(0, cut), (cut, draws)]
    kw = {"rate": 0.08, "seed": 5, "chunk_size": BLOCK}
    sums = [simulate_range(_model, DRIVERS, start=a, stop=b, **kw) for a, b in ranges]
    merged = sums[1].merge(sums[0])
    counts = [simulate_range(_model, DRIVERS, start=a, stop=b, sums=merged, **kw)
              for a, b in ranges]  # fmt: skip
    hist = counts[0].merge(counts[1])
    kept = [simulate_range(_model, DRIVERS, start=a, stop=b, sums=merged, counts=hist, **kw)
            for a, b in ranges]  # fmt: skip
    values = kept[1].merge(kept[0])
    assert values.draws == draws
    assert values.values.size < draws  # only the draws of the selected bins are kept
    got = simulation_result(merged, hist, values)
    assert got == simulate(_model, DRIVERS, rate=0.08, draws=draws, seed=5)
