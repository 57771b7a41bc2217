"""Run by test_processes.py in a fresh interpreter: clientel.dask on worker processes.

Everything that travels to a worker (fitted scorers, a logit's standardised
blocks and sums, the simulation's model function, errors with their fields)
must pickle. Exits 0 when every check holds.
"""

from __future__ import annotations

import numpy as np


def margin_model(v: dict[str, np.ndarray]) -> np.ndarray:
    m = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(m, -0.4), m, m, m])


def main() -> None:
    import dask.array as da
    import distributed

    import clientel.dask as cd
    from clientel.errors import MissingDataError
    from clientel.planning import Distribution, simulate
    from clientel.pricing import kernels as pk
    from clientel.scoring.kernels import ranks, score_matrix

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,  # fmt: skip
        distributed.Client(cluster),
    ):
        X = np.random.default_rng(2).uniform(1, 9, size=(3_000, 3))
        x = da.from_array(X, chunks=(700, 3))
        scorer = cd.fit(x, [0.5, 0.3, 0.2], [1, -1, 1], method="vikor")
        got = cd.score(scorer, x).compute()
        whole = score_matrix(X, [0.5, 0.3, 0.2], [1, -1, 1], method="vikor")
        assert np.abs(got - whole).max() <= 1e-14
        s = np.round(got, 2)
        order, _ = cd.rank(da.from_array(s, chunks=700), higher_is_better=False)
        assert np.array_equal(order.compute(), ranks(s, higher_is_better=False)[0])
        bad = X.copy()
        bad[2_100, 1] = np.nan  # the error travels back with its class and field
        field = None
        try:
            cd.fit(da.from_array(bad, chunks=(700, 3)), [1, 1, 1])
        except MissingDataError as exc:
            field = exc.field
        assert field == "row 2100, criterion 1", field
        rng = np.random.default_rng(3)
        p = rng.uniform(0.6, 1.1, 3_000)
        won = (rng.random(3_000) < 1 / (1 + np.exp(-8 + 9 * p))).astype(float)
        model = cd.fit_bid_response(da.from_array(p, chunks=700), da.from_array(won, chunks=700))
        assert abs(model.b - pk.fit_bid_response(p, won).b) <= 1e-12 * model.b
        drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2),
                   Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]  # fmt: skip
        kw = {"rate": 0.08, "draws": 20_000, "seed": 4}
        split = cd.simulate(margin_model, drivers, partitions=3, **kw)  # type: ignore[arg-type]
        assert split == simulate(margin_model, drivers, **kw)  # type: ignore[arg-type]
    print("process workers: all checks passed")  # noqa: T201 - what the test reads


if __name__ == "__main__":
    main()
