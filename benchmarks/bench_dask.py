"""clientel.dask against the single-process calls, on a LocalCluster of two worker processes.

Run: ``nice -n 15 uv run --group dask python benchmarks/bench_dask.py`` (``--rows``, ``--draws``
and ``--parquet-rows`` set the sizes; ``--quick``: small sizes, what the test suite runs, and a
plain message without the dask extra). Each figure is the best of ``--repeat`` wall times; the
single-process path is measured in the same run, as it ships (the kernels on numpy arrays).

* overhead of one distributed pass: ``fit_statistics`` over 1e6 persisted rows (10 blocks),
  less the numpy ``fit_stats`` of the same rows;
* fit + score (weighted sum, min-max) and rank, IRR and price bands at ``--rows`` rows: the
  data persisted on the workers first, results brought back (``compute``);
* a simulation of ``--draws`` draws with exact percentiles (three passes, 16 partitions),
  against ``clientel.planning.simulate``;
* ``--parquet-rows`` x 10 columns from parquet, scored and written by workers limited to
  600 MiB, with the peak resident memory of each worker process (sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from _timing import best_of


def model(v: dict[str, np.ndarray]) -> np.ndarray:
    margin = 1.0 * v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


def _peak(client: Any, stop: threading.Event, peaks: dict[str, float]) -> None:
    import psutil

    def rss() -> int:
        return int(psutil.Process().memory_info().rss)

    while not stop.is_set():
        for worker, value in client.run(rss).items():
            peaks[worker] = max(peaks.get(worker, 0.0), value / 2**20)
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--draws", type=int, default=20_000_000)
    parser.add_argument("--parquet-rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    try:
        import dask.array as da
        import dask.dataframe as dd
        import distributed

        import dask
    except ImportError:
        print("dask is not installed: uv run --group dask python benchmarks/bench_dask.py")
        return
    if args.quick:
        args.rows, args.draws, args.parquet_rows, args.repeat = 200_000, 100_000, 100_000, 1
    import clientel.dask as cd
    from clientel.planning import Distribution, simulate
    from clientel.planning.kernels import irr
    from clientel.pricing import BidResponseModel
    from clientel.pricing.kernels import band
    from clientel.scoring.kernels import Scorer, fit_stats, ranks

    drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2),
               Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]  # fmt: skip
    rng = np.random.default_rng(1)
    rows = []
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 memory_limit="4GiB", dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):  # fmt: skip
        n1 = min(1_000_000, args.rows)
        X1 = rng.uniform(1, 9, size=(n1, 10))
        x1 = dask.persist(da.from_array(X1, chunks=(n1 // 10, 10)))[0]
        cd.fit_statistics(x1)  # the workers import clientel on their first task
        t_pass, _ = best_of(lambda: cd.fit_statistics(x1), args.repeat)
        t_np, _ = best_of(lambda: fit_stats(X1), args.repeat)
        print(f"one pass over {n1:,} rows: {t_pass:.3f} s (numpy {t_np:.3f} s, "
              f"overhead {t_pass - t_np:.3f} s)")  # fmt: skip

        n = args.rows
        blocks = max(4, n // 500_000)
        X = da.random.default_rng(2).uniform(1, 9, size=(n, 10), chunks=(n // blocks, 10))
        X = dask.persist(X)[0]
        Xn = X.compute()
        w = [1.0] * 10

        def single_score() -> Any:
            s = Scorer(method="weighted_sum", weights=w).fit(Xn).score(Xn)
            return ranks(s)

        def split_score() -> Any:
            s = cd.score(cd.fit(X, w, method="weighted_sum"), X)
            return dask.compute(*cd.rank(s))

        rows.append(("fit + score + rank", n, *_pair(single_score, split_score, args.repeat)))
        F = da.random.default_rng(3).normal(30, 20, size=(n // 4, 6), chunks=(n // 4 // blocks, 6))
        F[:, 0] = -100.0
        F = dask.persist(F)[0]
        Fn = F.compute()
        rows.append(("IRR", n // 4, *_pair(lambda: irr(Fn).rate,
                                            lambda: cd.irr(F).compute(), args.repeat)))  # fmt: skip
        m = BidResponseModel(a=-5.0, b=0.05, basis="price")
        C = dask.persist(da.random.default_rng(4).uniform(30, 90, n, chunks=n // blocks))[0]
        Cn = C.compute()
        rows.append(("price bands", n, *_pair(lambda: band(m, Cn),
                                               lambda: dask.compute(*cd.band(m, C)),
                                               args.repeat)))  # fmt: skip
        kw: dict[str, Any] = {"rate": 0.08, "draws": args.draws, "seed": 5, "exact": True}
        rows.append(("simulation, exact percentiles", args.draws,
                     *_pair(lambda: simulate(model, drivers, **kw),
                            lambda: cd.simulate(model, drivers, **kw), 1)))  # fmt: skip
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 memory_limit="600MiB", dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        folder = Path(tempfile.mkdtemp())
        cols = [f"c{j}" for j in range(10)]
        frame = dd.from_dask_array(
            da.random.default_rng(6).uniform(1, 9, size=(args.parquet_rows, 10),
                                             chunks=(250_000, 10)), columns=cols)  # fmt: skip
        frame.to_parquet(folder / "in", write_index=False)
        peaks: dict[str, float] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=_peak, args=(client, stop, peaks))
        watcher.start()
        start = time.perf_counter()
        source = dd.read_parquet(folder / "in")
        scorer = cd.fit(source, w, method="weighted_sum", columns=cols)
        written = cd.score_parquet(scorer, folder / "in", folder / "out", columns=cols)
        took = time.perf_counter() - start
        stop.set()
        watcher.join()
        print(f"parquet: {written:,} rows x 10 fitted, scored and written in {took:.1f} s; "
              f"peak worker memory {max(peaks.values()):.0f} MiB (limit 600 MiB)")  # fmt: skip

    print()
    print("| work | size | single process (s) | dask, 2 workers (s) | dask / single |")
    print("|---|---|---|---|---|")
    for name, size, single, split in rows:
        print(f"| {name} | {size:,} | {single:.2f} | {split:.2f} | {split / single:.2f} |")


def _pair(single: Any, split: Any, repeat: int) -> tuple[float, float]:
    return best_of(single, repeat)[0], best_of(split, repeat)[0]


if __name__ == "__main__":
    main()
