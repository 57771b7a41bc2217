"""Scoring speed and memory against plain numpy, scikit-criteria and pymcdm, in one run.

Run: ``uv run --group bench python benchmarks/bench_scoring.py`` (add ``--quick`` for
1e3 and 2e4 rows, one run each: a few seconds, what the test suite runs; peers not
installed are skipped). The same seeded matrices (uniform 1..100, all criteria benefit,
equal weights) go to every library. Each timing is the median of ``--repeat`` runs (one run
for peers that take more than a few seconds). Peak memory is the tracemalloc peak of
the call beyond its input. The last section scores 1e7 rows in chunks generated on the
fly and reports the peak memory, which is bounded by the chunk size.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _timing import cpu_best_of, timed
from clientel.scoring import kernels as sk


def plain_topsis(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The straightforward numpy TOPSIS (vector normalisation, benefit criteria)."""
    V = X / np.sqrt((X**2).sum(axis=0)) * w
    dp = np.sqrt(((V - V.max(axis=0)) ** 2).sum(axis=1))
    dn = np.sqrt(((V - V.min(axis=0)) ** 2).sum(axis=1))
    return dn / (dp + dn)


def plain_wsum(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The straightforward numpy weighted sum (min-max normalisation)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    return ((X - lo) / (hi - lo) * w).sum(axis=1)


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def peers(n: int) -> dict[str, dict[str, Callable[[np.ndarray, np.ndarray], Any]]]:
    import skcriteria as skc
    from pymcdm import methods as pm
    from pymcdm import normalizations as pn
    from skcriteria.agg.similarity import TOPSIS as SK_TOPSIS
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.scalers import MinMaxScaler

    types = np.ones(n)

    def sk_topsis(X: np.ndarray, w: np.ndarray) -> Any:
        dm = skc.mkdm(X, objectives=[max] * n, weights=w)
        from skcriteria.preprocessing.scalers import VectorScaler

        return SK_TOPSIS().evaluate(VectorScaler(target="matrix").transform(dm))

    def sk_wsum(X: np.ndarray, w: np.ndarray) -> Any:
        dm = skc.mkdm(X, objectives=[max] * n, weights=w)
        return WeightedSumModel().evaluate(MinMaxScaler(target="matrix").transform(dm))

    return {
        "topsis": {
            "scikit-criteria": sk_topsis,
            "pymcdm": lambda X, w: pm.TOPSIS(pn.vector_normalization)(X, w, types),
        },
        "weighted_sum": {
            "scikit-criteria": sk_wsum,
            "pymcdm": lambda X, w: pm.WSM(pn.minmax_normalization)(X, w, types),
        },
    }


def one_pass(X: np.ndarray, w: np.ndarray, scorer: Any) -> None:
    """CPU time of each kernel over one pass over the input (``X @ w``), BLAS on one thread
    (threadpoolctl, from the bench group, when installed): the issue-18 targets."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("\n(threadpoolctl not installed: no one-pass ratios)")
        return
    with threadpool_limits(1):
        t_pass, _ = cpu_best_of(lambda: X @ w, 7)
        rows = [("weighted_sum", lambda: sk.weighted_sum(X, w)),
                ("topsis", lambda: sk.topsis(X, w)),
                ("topsis, fitted scorer's scores", lambda: scorer.score(X))]  # fmt: skip
        print(f"\nCPU time over one pass (X @ w: {t_pass * 1e3:.1f} ms), 1e6 x 10, best of 5:")
        for label, fn in rows:
            t, _ = cpu_best_of(fn, 5)
            print(f"- {label}: {t * 1e3:.1f} ms, {t / t_pass:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-pymcdm-above", type=int, default=1_000_000)
    parser.add_argument("--memory-only", action="store_true",
                        help="only the peak-memory section (no timings)")  # fmt: skip
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    n = 10
    sizes = [1_000, 20_000] if args.quick else [1_000, 100_000, 1_000_000]
    if args.memory_only:
        sizes = []
    repeat = 1 if args.quick else args.repeat
    try:
        peer_fns = peers(n)
    except ImportError:  # the bench group is not installed: peers' columns say so
        peer_fns = {"topsis": {}, "weighted_sum": {}}
    w = np.full(n, 1 / n)
    ours = {
        "topsis": (lambda X: sk.topsis(X, w).closeness, lambda X: plain_topsis(X, w)),
        "weighted_sum": (lambda X: sk.weighted_sum(X, w), lambda X: plain_wsum(X, w)),
    }
    faster = " | ".join(f"faster than {p}" for p in ("plain numpy", "scikit-criteria", "pymcdm"))
    if sizes:
        print(f"| method | rows | clientel (ms) | time over one pass (X @ w) | {faster} |")
        print("|---|---|---|---|---|---|---|")
    for method, (mine, plain) in ours.items():
        for m in sizes:
            X = np.random.default_rng(42).uniform(1, 100, size=(m, n))
            t_ours, s_ours = timed(lambda X=X, f=mine: f(X), repeat, stop_after=5.0)
            t_plain, s_plain = timed(lambda X=X, f=plain: f(X), repeat, stop_after=5.0)
            t_pass, _ = timed(lambda X=X: X @ w, repeat)  # one pass over the input: the floor
            assert np.allclose(s_ours, s_plain, rtol=1e-10)
            cells = [f"{t_ours * 1e3:.2f}", f"{t_ours / t_pass:.1f}x", f"{t_plain / t_ours:.1f}x"]
            if not peer_fns[method]:
                cells += ["not installed", "not installed"]
            for name, fn in peer_fns[method].items():
                if name == "pymcdm" and m > args.skip_pymcdm_above:
                    cells.append("skipped")
                    continue
                t_peer, _ = timed(
                    lambda X=X, fn=fn: fn(X, w), repeat if m < 10**6 else 1, stop_after=5.0
                )
                cells.append(f"{t_peer / t_ours:.0f}x")
            print(f"| {method} | {m:,} | " + " | ".join(cells) + " |")
    if not args.quick:
        X = np.random.default_rng(42).uniform(1, 100, size=(1_000_000, n))
        size = X.nbytes / 2**20
        scorer = sk.Scorer(method="topsis", weights=w).fit(X)
        one_pass(X, w, scorer)
        print(f"\nPeak memory beyond the {size:.0f} MiB input (1e6 x 10):")
        for label, fn in [
            ("clientel topsis (closeness and both distances)", lambda: sk.topsis(X, w)),
            ("clientel topsis, fitted scorer's scores", lambda: scorer.score(X)),
            ("plain numpy topsis", lambda: plain_topsis(X, w)),
            ("clientel weighted_sum", lambda: sk.weighted_sum(X, w)),
            ("plain numpy weighted_sum", lambda: plain_wsum(X, w)),
        ]:
            peak = peak_mib(fn)
            print(f"- {label}: {peak:.0f} MiB ({peak / size:.2f}x the input)")
        chunk, total = 250_000, 10_000_000

        def chunks() -> Any:
            for b in range(total // chunk):
                yield np.random.default_rng([42, b]).uniform(1, 100, size=(chunk, n))

        def chunked() -> float:
            scorer = sk.Scorer(method="topsis", weights=w)
            merged = sk.merge_partials(scorer.fit_partial(part) for part in chunks())
            fitted = scorer.finalise(merged)
            return max(float(fitted.score(part).max()) for part in chunks())

        start = time.perf_counter()
        peak = peak_mib(chunked)
        took = time.perf_counter() - start
        chunk_mib = chunk * n * 8 / 2**20
        print(
            f"\n1e7 x 10 TOPSIS in chunks of {chunk:,} rows ({chunk_mib:.0f} MiB): "
            f"{took:.1f} s, peak {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
