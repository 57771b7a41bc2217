"""NPV, IRR, seeded simulation and rank acceptability on a LocalCluster.

References: the single-process functions on the whole data; numpy's
percentile of all the draws (regenerated here from the same seeded blocks)
for the exact percentiles.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

da = pytest.importorskip("dask.array")
cd = pytest.importorskip("clientel.dask")

from clientel.errors import InvalidInputError  # noqa: E402
from clientel.planning import Distribution, npv, simulate  # noqa: E402
from clientel.planning.kernels import BLOCK, irr, sample_drivers  # noqa: E402
from clientel.scoring import Criterion, score_alternatives  # noqa: E402

pytestmark = pytest.mark.usefixtures("client")

SPLITS = [1, 3, 7, 16, (1, 0, 1_499, 13, 487)]


def rows(v: np.ndarray, split: Any) -> Any:
    n = v.shape[0]
    if isinstance(split, tuple):
        c = split
    else:
        c = tuple(np.diff(np.linspace(0, n, split + 1).round().astype(int)).tolist())
    return da.from_array(v, chunks=(c, *v.shape[1:]))


@pytest.fixture(scope="module")
def flows() -> np.ndarray:
    rng = np.random.default_rng(8)
    f = rng.normal(30, 20, size=(2_000, 8))
    f[:, 0] = -rng.uniform(50, 150, 2_000)
    f[::17, 3] = -400.0  # non-conventional series: several roots or none
    f[5] = 10.0  # no sign change
    return f


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_npv_and_irr_are_bit_identical(flows: np.ndarray, split: Any) -> None:
    rates = np.random.default_rng(1).uniform(0.0, 0.2, flows.shape[0])
    assert np.array_equal(cd.npv(0.08, rows(flows, split)).compute(), npv(0.08, flows))
    assert np.array_equal(cd.npv(rates, rows(flows, split), timing="end").compute(),
                          npv(rates, flows, timing="end"))  # fmt: skip
    whole = irr(flows)
    got = cd.irr_result(rows(flows, split))
    for name in ("rate", "status", "sign_changes", "root_series", "root_values"):
        assert np.array_equal(getattr(got, name), getattr(whole, name), equal_nan=True), name
    assert np.array_equal(cd.irr(rows(flows, split)).compute(), whole.rate, equal_nan=True)


def test_bad_flows_raise_as_single_process(flows: np.ndarray) -> None:
    bad = flows.copy()
    bad[1_234, 2] = np.nan
    with pytest.raises(InvalidInputError) as whole:
        npv(0.08, bad)
    with pytest.raises(InvalidInputError) as got:
        cd.npv(0.08, rows(bad, 7)).compute()
    assert type(got.value) is type(whole.value)
    with pytest.raises(InvalidInputError) as got:
        cd.npv(-1.5, rows(flows, 3))
    assert got.value.field == "rate"
    with pytest.raises(InvalidInputError) as got:
        cd.npv(np.zeros(5), rows(flows, 3))
    assert got.value.field == "rate"


def model(v: dict[str, np.ndarray]) -> np.ndarray:
    margin = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


DRIVERS = [Distribution.pert("volume", 0.7, 1.0, 1.2),
           Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]  # fmt: skip
QS = (0, 2.5, 5, 50, 90, 99.9, 100)


@pytest.mark.parametrize("partitions", [1, 3, 7, 16])
@pytest.mark.parametrize("draws", [BLOCK * 5 + 1_234, 777])  # not a multiple of the block
def test_seeded_simulation_is_bit_identical(partitions: int, draws: int) -> None:
    kwargs: dict[str, Any] = {"rate": 0.08, "draws": draws, "seed": 42, "percentiles": QS}
    got = cd.simulate(model, DRIVERS, partitions=partitions, **kwargs)  # exact: 3 passes
    assert got == simulate(model, DRIVERS, **kwargs)  # exact: every value kept
    approx = cd.simulate(model, DRIVERS, partitions=partitions, exact=False, **kwargs)
    assert approx == simulate(model, DRIVERS, exact=False, **kwargs)
    # exact percentiles: numpy's percentile of every draw, regenerated here
    values = sample_drivers(DRIVERS, draws, seed=42)
    f = model(values)
    for summary, x in ((got.npv, npv(0.08, f)), (got.margin, f.sum(axis=1))):
        assert list(summary.percentiles.values()) == np.percentile(x, QS).tolist()


def test_simulation_refuses_what_single_process_refuses() -> None:
    with pytest.raises(InvalidInputError) as whole:
        simulate(model, DRIVERS, rate=0.08, draws=0, seed=1)
    with pytest.raises(InvalidInputError) as got:
        cd.simulate(model, DRIVERS, rate=0.08, draws=0, seed=1)
    assert got.value.field == whole.value.field
    with pytest.raises(InvalidInputError) as got:
        cd.simulate(model, DRIVERS, rate=0.08, draws=10, seed=1, percentiles=(101,))
    assert got.value.field == "percentiles"
    with pytest.raises(InvalidInputError) as got:
        cd.simulate(model, DRIVERS, rate=0.08, draws=10, seed=1, partitions=0)
    assert got.value.field == "partitions"


@pytest.mark.parametrize("partitions", [1, 3, 7, 16])
def test_rank_acceptability_is_bit_identical(partitions: int) -> None:
    X = np.random.default_rng(3).uniform(1, 9, size=(40, 3))
    crit = [Criterion(name=n, weight=w) for n, w in (("a", 5), ("b", 3), ("c", 2))]
    ranking = score_alternatives(X, crit, ids=[f"c-{i:02d}" for i in range(40)],
                                 method="topsis")  # fmt: skip
    got = cd.acceptability(ranking, samples=2_500, seed=9, partitions=partitions)
    whole = ranking.acceptability(samples=2_500, seed=9)
    assert got.ids == whole.ids
    assert np.array_equal(got.acceptability, whole.acceptability)
