"""Batch IRR in partitions: numbered by offset, concatenated into the whole, roots as columns."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from long_run import LONG_RUN_EXAMPLES

from clientel import models as m
from clientel import planning as pl
from clientel.errors import InvalidInputError
from clientel.planning import kernels as pk

# Flows of 4 periods with up to 3 sign changes: conventional series, several roots, none.
flows = st.integers(1, 40).flatmap(
    lambda n: hnp.arrays(np.float64, (n, 4), elements=st.integers(-50, 50).map(float))
)


def _cuts(m_: int, parts: int) -> list[int]:
    return [round(m_ * k / parts) for k in range(1, parts)]


@given(flows, st.data())
def test_partitioned_irr_concatenates_into_the_whole(f: np.ndarray, data: st.DataObject) -> None:
    whole = pk.irr(f)
    uneven = sorted(data.draw(st.lists(st.integers(0, f.shape[0]), max_size=5)))
    for cuts in [*(_cuts(f.shape[0], k) for k in (1, 3, 7, 16)), uneven]:
        bounds = [0, *cuts, f.shape[0]]
        parts = [pk.irr(f[a:b], offset=a) for a, b in itertools.pairwise(bounds) if b > a]
        parts.reverse()  # any order
        joined = pk.IrrResult.concat(parts)
        np.testing.assert_array_equal(joined.rate, whole.rate)
        np.testing.assert_array_equal(joined.status, whole.status)
        np.testing.assert_array_equal(joined.root_series, whole.root_series)
        np.testing.assert_array_equal(joined.root_values, whole.root_values)
        assert joined.multiple == whole.multiple
        for i in range(f.shape[0]):
            assert joined.roots(i) == whole.roots(i)


def test_roots_are_columns_keyed_by_series_number() -> None:
    """Series 2 of the batch numbered from 10 has the roots 25 % and 400 % (checked by hand:
    -1600 + 10000 x - 10000 x**2 = 0 at x = 0.8 and x = 0.2, x = 1 / (1 + r))."""
    r = pk.irr([[-100, 110, 0], [100, 50, 0], [-1600, 10000, -10000]], offset=10)
    assert r.root_series.tolist() == [12, 12]
    np.testing.assert_allclose(r.root_values, [0.25, 4.0], rtol=1e-12)
    assert r.roots(10) == pytest.approx((0.1,))
    assert r.roots(11) == ()
    assert r.to_records()[2]["series"] == 12
    with pytest.raises(InvalidInputError) as exc:
        r.roots(3)
    assert exc.value.field == "i"
    again = m.loads(m.dumps(r), pk.IrrResult)
    assert again.roots(12) == r.roots(12)
    assert again.offset == 10


def test_bad_offsets_and_gaps_between_batches_are_refused() -> None:
    with pytest.raises(InvalidInputError) as exc:
        pk.irr([[-1, 2]], offset=-1)
    assert exc.value.field == "offset"
    a, b = pk.irr([[-1, 2]]), pk.irr([[-1, 3]], offset=2)
    with pytest.raises(InvalidInputError, match="missing or repeated") as exc:
        pk.IrrResult.concat([a, b])
    assert exc.value.field == "results"


def _model(v: dict) -> np.ndarray:
    margin = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


DRIVERS = [
    pl.Distribution.pert("volume", 0.7, 1.0, 1.2),
    pl.Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90),
]


@settings(max_examples=LONG_RUN_EXAMPLES or 20, deadline=None)
@given(st.integers(1, 12), st.data())
def test_simulation_over_draw_ranges_equals_one_pass(blocks: int, data: st.DataObject) -> None:
    """Ranges starting on block boundaries, each pass merged in a random order: the same
    summary as simulate() over all draws, number for number, both with the values kept
    (one pass, exact percentiles) and with two passes (histogram percentiles)."""
    draws = blocks * pk.BLOCK - data.draw(st.integers(0, pk.BLOCK - 1))
    whole = pl.simulate(_model, DRIVERS, rate=0.08, draws=draws, seed=3, exact=False)
    exact = pl.simulate(_model, DRIVERS, rate=0.08, draws=draws, seed=3)
    starts = (
        sorted(set(data.draw(st.lists(st.integers(1, blocks - 1), max_size=6))))
        if blocks > 1
        else []
    )
    for cut_blocks in [*(_cuts(blocks, k) for k in (1, 3, 7, 16)), starts]:
        edges = sorted({0, *(c * pk.BLOCK for c in cut_blocks if 0 < c * pk.BLOCK < draws), draws})
        ranges = list(itertools.pairwise(edges))
        args = {"rate": 0.08, "seed": 3}
        sums = [pl.simulate_range(_model, DRIVERS, start=a, stop=b, **args) for a, b in ranges]
        merged = sums[-1]
        for s in reversed(sums[:-1]):
            merged = s.merge(merged)
        counts = [
            pl.simulate_range(_model, DRIVERS, start=a, stop=b, sums=merged, **args)
            for a, b in ranges
        ]
        total = counts[0]
        for c in counts[1:]:
            total = total.merge(c)
        assert pl.simulation_result(merged, total) == whole
        kept = [
            pl.simulate_range(_model, DRIVERS, start=a, stop=b, keep_values=True, **args)
            for a, b in ranges
        ]
        merged_kept = kept[-1]
        for s in reversed(kept[:-1]):
            merged_kept = s.merge(merged_kept)
        assert pl.simulation_result(merged_kept) == exact


def test_simulation_ranges_must_tile_the_draws() -> None:
    args = {"rate": 0.08, "seed": 3}
    with pytest.raises(InvalidInputError) as exc:
        pl.simulate_range(_model, DRIVERS, start=100, stop=5000, **args)
    assert exc.value.field == "start"
    first = pl.simulate_range(_model, DRIVERS, start=0, stop=2 * pk.BLOCK, **args)
    with pytest.raises(InvalidInputError, match="overlap"):
        first.merge(pl.simulate_range(_model, DRIVERS, start=pk.BLOCK, stop=3 * pk.BLOCK, **args))
    last = pl.simulate_range(_model, DRIVERS, start=3 * pk.BLOCK, stop=4 * pk.BLOCK, **args)
    gappy = first.merge(last)
    counts = pl.simulate_range(_model, DRIVERS, start=0, stop=2 * pk.BLOCK, sums=gappy, **args)
    with pytest.raises(InvalidInputError, match="missing") as exc:
        pl.simulation_result(gappy, counts)
    assert exc.value.field == "sums"
    kept = pl.simulate_range(_model, DRIVERS, start=0, stop=2 * pk.BLOCK, keep_values=True, **args)
    with pytest.raises(InvalidInputError, match="kept its values") as exc:
        kept.merge(last)
    assert exc.value.field == "values"
    with pytest.raises(InvalidInputError, match="counts are needed") as exc:
        pl.simulation_result(first)
    assert exc.value.field == "counts"
    with pytest.raises(InvalidInputError) as exc:
        pl.simulate_range(_model, DRIVERS, start=0, stop=10, keep_values=1, **args)  # type: ignore[arg-type]
    assert exc.value.field == "keep_values"


def test_a_series_irr_does_not_depend_on_its_batch() -> None:
    # Found by the random CI profile: the initial guess summed periods with a BLAS product,
    # which rounded the last series differently in a batch of six than alone (1 ulp apart).
    f = np.array([[0.0, 0.0, 1.0, -1.0]] * 2 + [[0.0] * 4] * 2 + [[0.0, 0.0, 1.0, -1.0],
                  [-9.0, 2.0, 35.0, 16.0]])  # fmt: skip
    whole = pk.irr(f)
    for a in range(f.shape[0]):
        np.testing.assert_array_equal(pk.irr(f[a:], offset=a).rate, whole.rate[a:])
    # -9 + 2 x + 35 x^2 + 16 x^3 = 0 at x = 1 / (1 + r): the root numpy finds agrees
    x = [z.real for z in np.roots([16.0, 35.0, 2.0, -9.0]) if abs(z.imag) < 1e-12 and z.real > 0]
    assert whole.rate[5] == pytest.approx(1 / x[0] - 1, rel=1e-12)


def test_a_series_xnpv_does_not_depend_on_its_batch() -> None:
    # xnpv summed the dated flows with a BLAS product: 770 of 1,000 rows differed in the last
    # bits from the same row valued alone. The definition, sum f_t (1 + r)^(-t), is the check.
    import datetime as dt

    rng = np.random.default_rng(0)
    days = np.sort(rng.choice(2000, 40, replace=False))
    dates = [dt.date(2025, 1, 1) + dt.timedelta(days=int(x)) for x in days]
    f = rng.normal(0, 100, (1000, 40))
    whole = pl.xnpv(0.09, f, dates)
    for a in range(0, 1000, 37):
        np.testing.assert_array_equal(pl.xnpv(0.09, f[a:], dates), whole[a:])
        assert pl.xnpv(0.09, f[a], dates) == whole[a]
    t = (days - days[0]) / 365.0  # actual/365 from the first date
    np.testing.assert_allclose(whole, f @ (1.09**-t), rtol=1e-9, atol=1e-9)
