"""clientel.dask against the single-process calls, on a LocalCluster of two worker processes.

Run: ``uv run --group dask python benchmarks/bench_dask.py --draws 100000000`` on an idle
machine (``--rows``, ``--draws`` and ``--parquet-rows`` set the sizes; ``--quick``: small sizes
and a plain message without the dask extra). Each figure is the best of ``--repeat`` wall times
(the simulations: one run each); the single-process path is measured in the same run, as it
ships: the public array functions a user calls on numpy arrays
(``clientel.scoring.kernels.Scorer`` and ``ranks``, ``clientel.planning.kernels.irr``,
``clientel.pricing.kernels.band``, ``clientel.planning.simulate``), each timed with one and
with two BLAS threads and given the faster (the strongest single-process baseline).

* one distributed pass: ``fit_statistics`` over 1e6 persisted rows (10 blocks) against the
  numpy ``fit_stats`` of the same rows, and the fixed cost of a pass (10 blocks of 10 rows);
* fit + score (weighted sum, min-max), the same with ranks, IRR and price bands at ``--rows``
  rows: the data persisted on the workers first, results brought back (``compute``);
* a simulation of ``--draws`` draws with the default percentiles of both sides (exact up to
  2**24 draws, above that two passes and a histogram on both sides), and with ``exact=True``
  on the workers (three passes; one process keeps at most 2**24 draws);
* fit + score, IRR and price bands again on a LocalCluster of two *thread* workers in the
  caller's process (``processes=False``; the scores' matrix in dask's own 128 MiB blocks, IRR
  and bands in the blocks above): the kernels
  release the GIL, and nothing is pickled or sent between processes;
* ``--parquet-rows`` x 10 columns from parquet, fitted, scored and written by workers limited
  to 600 MiB (dask's default worker settings), with the peak resident memory of each worker
  process (sampled every 0.1 s).

The timing cluster starts its workers without distributed's ``MALLOC_TRIM_THRESHOLD_=65536``
(``--malloc-trim`` keeps it): that setting makes glibc map and unmap every numpy temporary
above 128 KiB, and the kernels ran 1.7x slower in a worker than in the client process
(docs/performance.md, *clientel.dask*).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import platform
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from _timing import best_of

PRE_SPAWN = "distributed.nanny.pre-spawn-environ"


def model(v: dict[str, np.ndarray]) -> np.ndarray:
    margin = 1.0 * v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


def _same(block: np.ndarray) -> np.ndarray:
    return block


_NAMES = itertools.count()


def fresh(x: Any) -> Any:
    """The persisted array ``x`` under new task names (no copy).

    Every task clientel.dask builds is named by its inputs, so a repeat over the same array
    could be served the results of the previous repeat still held by the workers; each
    timed call starts from a fresh name instead.
    """
    return x.map_blocks(_same, dtype=x.dtype, name=f"fresh-{next(_NAMES)}")


def _peak(client: Any, stop: threading.Event, peaks: dict[str, float]) -> None:
    import psutil

    def rss() -> int:
        return int(psutil.Process().memory_info().rss)

    while not stop.is_set():
        for worker, value in client.run(rss).items():
            peaks[worker] = max(peaks.get(worker, 0.0), value / 2**20)
        time.sleep(0.1)


@contextlib.contextmanager
def _blas(threads: int) -> Iterator[None]:
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # one BLAS setting only: the process's own
        yield
        return
    with threadpool_limits(limits=threads, user_api="blas"):
        yield


def _single(fn: Callable[[], Any], repeat: int) -> tuple[float, int]:
    """Best time of ``fn`` in this process with one and with two BLAS threads (and which)."""
    times = {}
    for threads in (1, 2):
        with _blas(threads):
            times[threads] = best_of(fn, repeat)[0]
    best = min(times, key=lambda k: times[k])
    return times[best], best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--draws", type=int, default=100_000_000)
    parser.add_argument("--parquet-rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    keep = "keep distributed's MALLOC_TRIM_THRESHOLD_ for the timings"
    parser.add_argument("--malloc-trim", action="store_true", help=keep)
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

    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; numpy "
          f"{np.__version__}, dask {dask.__version__}, distributed {distributed.__version__}; "
          f"sizes: rows {args.rows:,}, draws {args.draws:,}, parquet rows "
          f"{args.parquet_rows:,}, best of {args.repeat}")  # fmt: skip
    drivers = [Distribution.pert("volume", 0.7, 1.0, 1.2),
               Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90)]  # fmt: skip
    rows: list[tuple[str, int, float, int, float]] = []

    def pair(name: str, size: int, single: Any, split: Any, repeat: int) -> None:
        t_single, threads = _single(single, repeat)
        rows.append((name, size, t_single, threads, best_of(split, repeat)[0]))

    trim = {} if args.malloc_trim else {PRE_SPAWN + ".MALLOC_TRIM_THRESHOLD_": None}
    with (
        dask.config.set(trim),
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 memory_limit="4GiB", dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):  # fmt: skip
        n1 = min(1_000_000, args.rows)
        x1 = dask.persist(da.random.default_rng(1).uniform(1, 9, size=(n1, 10),
                                                           chunks=(n1 // 10, 10)))[0]  # fmt: skip
        X1 = x1.compute()
        tiny = dask.persist(da.ones((100, 10), chunks=(10, 10)))[0]
        cd.fit_statistics(x1)  # the workers import clientel on their first task
        t_pass, _ = best_of(lambda: cd.fit_statistics(fresh(x1)), args.repeat * 3)
        t_tiny, _ = best_of(lambda: cd.fit_statistics(fresh(tiny)), args.repeat * 3)
        t_np, _ = _single(lambda: fit_stats(X1), args.repeat * 3)
        print(f"one pass over {n1:,} x 10 rows: {t_pass:.3f} s (numpy, one process: "
              f"{t_np:.3f} s); a pass over 10 blocks of 10 rows: {t_tiny:.3f} s")  # fmt: skip

        n = args.rows
        blocks = max(4, n // 500_000)
        X = da.random.default_rng(2).uniform(1, 9, size=(n, 10), chunks=(n // blocks, 10))
        X = dask.persist(X)[0]
        Xn = X.compute()
        w = [1.0] * 10
        print(f"{n:,} x 10 rows in {blocks} blocks of {n // blocks:,}")

        def single_fit_score() -> Any:
            return Scorer(method="weighted_sum", weights=w).fit(Xn).score(Xn)

        def split_fit_score() -> Any:
            Y = fresh(X)
            return cd.score(cd.fit(Y, w, method="weighted_sum"), Y).compute()

        def split_kept() -> Any:  # the scores stay on the workers, for the next step there
            Y = fresh(X)
            return distributed.wait(cd.score(cd.fit(Y, w, method="weighted_sum"), Y).persist())

        def split_rank() -> Any:
            Y = fresh(X)
            return dask.compute(*cd.rank(cd.score(cd.fit(Y, w, method="weighted_sum"), Y)))

        pair("fit + score", n, single_fit_score, split_fit_score, args.repeat)
        pair("fit + score, scores kept on the workers", n, single_fit_score, split_kept,
             args.repeat)  # fmt: skip
        pair("fit + score + rank", n, lambda: ranks(single_fit_score()),
             split_rank, args.repeat)  # fmt: skip
        F = da.random.default_rng(3).normal(30, 20, size=(n // 4, 6), chunks=(n // 4 // blocks, 6))
        F[:, 0] = -100.0
        F = dask.persist(F)[0]
        Fn = F.compute()
        pair("IRR", n // 4, lambda: irr(Fn).rate, lambda: cd.irr(fresh(F)).compute(), args.repeat)
        m = BidResponseModel(a=-5.0, b=0.05, basis="price")
        C = dask.persist(da.random.default_rng(4).uniform(30, 90, n, chunks=n // blocks))[0]
        Cn = C.compute()
        pair("price bands", n, lambda: band(m, Cn), lambda: dask.compute(*cd.band(m, fresh(C))),
             args.repeat)  # fmt: skip
        kw: dict[str, Any] = {"rate": 0.08, "draws": args.draws, "seed": 5}
        pair("simulation, default percentiles", args.draws, lambda: simulate(model, drivers, **kw),
             lambda: cd.simulate(model, drivers, **kw), 1)  # fmt: skip
        kw["seed"] = 6  # new task names: no results of the run above to reuse
        exact = best_of(lambda: cd.simulate(model, drivers, exact=True, **kw), 1)[0]
        print(f"simulation of {args.draws:,} draws, exact percentiles on the workers "
              f"(three passes): {exact:.2f} s")  # fmt: skip
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                 dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):  # fmt: skip
        # Two thread workers in the caller's process: nothing is pickled or copied between
        # processes (the kernels release the GIL); the matrix in dask's own blocks (128 MiB).
        with warnings.catch_warnings():  # the arrays go into the graph once, on purpose
            warnings.simplefilter("ignore", UserWarning)
            X = dask.persist(da.from_array(Xn, chunks=("auto", 10)))[0]
            F = dask.persist(da.from_array(Fn, chunks=F.chunks))[0]
            C = dask.persist(da.from_array(Cn, chunks=C.chunks))[0]
        print(f"thread workers: {n:,} x 10 rows in {X.numblocks[0]} blocks, IRR in "
              f"{F.numblocks[0]}, bands in {C.numblocks[0]}")  # fmt: skip
        cd.fit_statistics(fresh(X))
        pair("fit + score, thread workers", n, single_fit_score, split_fit_score, args.repeat)
        pair("IRR, thread workers", n // 4, lambda: irr(Fn).rate,
             lambda: cd.irr(fresh(F)).compute(), args.repeat)  # fmt: skip
        pair("price bands, thread workers", n, lambda: band(m, Cn),
             lambda: dask.compute(*cd.band(m, fresh(C))), args.repeat)  # fmt: skip
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
    print("| work | size | one process (s) | BLAS threads | dask, 2 workers (s) | dask / one |")
    print("|---|---|---|---|---|---|")
    for name, size, single, threads, split in rows:
        print(f"| {name} | {size:,} | {single:.2f} | {threads} | {split:.2f} | "
              f"{split / single:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
