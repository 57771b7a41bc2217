"""The front door against its kernel: what a user calling score_alternatives gets (issue 12).

Run: ``nice -n 10 uv run python benchmarks/bench_front_door.py`` (``--quick`` for 1e5
rows and 1e6 ranks). The timings that a ratio compares are taken in the same
rounds (kernel, argsort, front door one after another, ``--repeat`` rounds).
Ratios are of process CPU time, best of the rounds: on a machine shared with
other jobs the wall clock mostly measures the wait for a core (the calls are
single-threaded numpy), and other jobs only ever add time (cache and page-fault
interference), so the least time is the cleanest measure of the work. Wall-clock
medians are printed beside them for information only.

Targets (issue 12), each a ratio measured in this one run:

* ``score_alternatives`` at 1e6 x 10 with string ids and Criterion objects:
  at most 2x (TOPSIS kernel + numpy's stable argsort of the scores) on complete
  data, at most 3x with a BOUNDS policy on one criterion whose cells are 5 %
  missing; peak memory at most 4x the input matrix;
* competition ranks with a tolerance and id tie-break on 1e7 scores rounded to
  4 decimals (many ties), string ids: at most 3x numpy's stable argsort;
* ``ranking.acceptability``: no slower than the same sampling in plain numpy.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from clientel.scoring import Criterion, MissingPolicy, score_alternatives
from clientel.scoring import kernels as sk


def rounds(
    fns: dict[str, Callable[[], Any]], repeat: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Best CPU and median wall seconds of each function, the functions taking turns."""
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    wall: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    return {k: min(v) for k, v in cpu.items()}, {k: statistics.median(v) for k, v in wall.items()}


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    out = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del out
    return peak / 2**20


def front_door(rows: int, repeat: int) -> None:
    n = 10
    X = np.random.default_rng(42).uniform(1, 100, size=(rows, n))
    ids = [f"c-{i:07d}" for i in np.random.default_rng(1).permutation(rows)]
    w = np.full(n, 1 / n)
    criteria = [Criterion(name=f"k{j}", weight=1) for j in range(n)]
    gappy = X.copy()
    gappy[np.random.default_rng(2).random(rows) < 0.05, 3] = np.nan
    bounded = list(criteria)
    bounded[3] = Criterion(name="k3", weight=1, missing=MissingPolicy.BOUNDS)
    scores = sk.topsis(X, w).closeness
    print(f"\n## score_alternatives, {rows:,} x {n}, string ids, TOPSIS\n")
    t, wall = rounds(
        {
            "kernel": lambda: sk.topsis(X, w),
            "argsort": lambda: np.argsort(-scores, kind="stable"),
            "complete": lambda: score_alternatives(X, criteria, ids=ids, method="topsis"),
            "bounds": lambda: score_alternatives(gappy, bounded, ids=ids, method="topsis"),
        },
        repeat,
    )
    base = t["kernel"] + t["argsort"]
    print("| call | CPU (ms) | wall (ms) | ratio to kernel + stable argsort (CPU) | target |")
    print("|---|---|---|---|---|")
    rows = [
        ("topsis kernel", "kernel", ""),
        ("numpy stable argsort of the scores", "argsort", ""),
        ("score_alternatives, complete data", "complete", "2x"),
        ("score_alternatives, BOUNDS, 5 % missing in one criterion", "bounds", "3x"),
    ]
    for label, key, target in rows:
        ratio = f"{t[key] / base:.2f}x" if target else ""
        print(f"| {label} | {t[key] * 1e3:.0f} | {wall[key] * 1e3:.0f} | {ratio} | {target} |")
    size = X.nbytes / 2**20
    peak = peak_mib(lambda: score_alternatives(X, criteria, ids=ids, method="topsis"))
    peak_b = peak_mib(lambda: score_alternatives(gappy, bounded, ids=ids, method="topsis"))
    print(f"\nPeak memory beyond the inputs ({size:.0f} MiB matrix): complete {peak:.0f} MiB "
          f"({peak / size:.2f}x, target 4x), "
          f"BOUNDS {peak_b:.0f} MiB ({peak_b / size:.2f}x).")  # fmt: skip
    ranking = score_alternatives(X, criteria, ids=ids, method="topsis")
    sample = ids[:10_000]
    start = time.perf_counter()
    ranking.item(sample[0])
    index = time.perf_counter() - start
    start = time.perf_counter()
    for i in sample:
        ranking.explain(i)
    explain = time.perf_counter() - start
    start = time.perf_counter()
    ranking.ids  # noqa: B018 - timing the property
    ids_time = time.perf_counter() - start
    try:
        import pandas  # noqa: F401 - imported before the timing
    except ImportError:
        frame = "pandas not installed"
    else:
        start = time.perf_counter()
        ranking.to_frame()
        frame = f"{(time.perf_counter() - start) * 1e3:.0f} ms"
    print(f"\nFirst item() (indexes the ids): {index * 1e3:.0f} ms; explain() of 10,000 items: "
          f"{explain * 1e3:.0f} ms ({explain / 10:.3f} ms each); ids in rank order: "
          f"{ids_time * 1e3:.0f} ms; to_frame(): {frame}.")  # fmt: skip


def ranks(size: int, repeat: int) -> None:
    rng = np.random.default_rng(0)
    s = np.round(rng.random(size), 4)
    ids = [f"c{i:08d}" for i in rng.permutation(size)]
    t, wall = rounds(
        {
            "argsort": lambda: np.argsort(s, kind="stable"),
            "ranks": lambda: sk.ranks(s, tie_key=ids),
        },
        repeat,
    )
    print(f"\n## Competition ranks, {size:,} scores rounded to 4 decimals, string ids\n")
    print("| call | CPU (s) | wall (s) | ratio (CPU) | target |")
    print("|---|---|---|---|---|")
    print(f"| numpy stable argsort | {t['argsort']:.2f} | {wall['argsort']:.2f} | | |")
    print(f"| ranks(tol=1e-9, tie_key=ids) | {t['ranks']:.2f} | {wall['ranks']:.2f} "
          f"| {t['ranks'] / t['argsort']:.2f}x | 3x |")  # fmt: skip


def plain_smaa(N: np.ndarray, center: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """SMAA rank acceptability and central weights written in plain numpy (the same draws)."""
    m, n = N.shape
    counts = np.zeros(m * m, dtype=np.int64)
    first = np.zeros((m, n))
    alpha = np.maximum(center * 50.0, 1e-9)
    slot = np.arange(m)[:, None]
    for b in range(-(-samples // 1024)):
        W = np.random.default_rng([seed, b]).dirichlet(alpha, size=1024)[: samples - b * 1024]
        order = np.argsort(-(N @ W.T), axis=0, kind="stable")
        counts += np.bincount((order * m + slot).ravel(), minlength=m * m)
        for j in range(n):
            first[:, j] += np.bincount(order[0], weights=W[:, j], minlength=m)
    return counts.reshape(m, m) / samples


def acceptability(m: int, samples: int, repeat: int) -> None:
    n = 10
    X = np.random.default_rng(5).uniform(1, 100, size=(m, n))
    ids = [f"c-{i:05d}" for i in range(m)]
    criteria = [Criterion(name=f"k{j}", weight=1 + j % 3) for j in range(n)]
    ranking = score_alternatives(X, criteria, ids=ids, method="weighted_sum")
    center = np.asarray(ranking.weights)
    lo, hi = X.min(axis=0), X.max(axis=0)
    N = (X - lo) / (hi - lo)
    t, wall = rounds(
        {
            "plain": lambda: plain_smaa(N, center, samples, 7),
            "ranking": lambda: ranking.acceptability(samples=samples, seed=7),
        },
        repeat,
    )
    ours = ranking.acceptability(samples=samples, seed=7)
    theirs = plain_smaa(N, center, samples, 7)
    same = np.abs(ours.acceptability - theirs[[int(i[2:]) for i in ours.ids]]).max()
    print(f"\n## Rank acceptability, {m:,} alternatives x {n} criteria, {samples:,} samples\n")
    print("| call | CPU (ms) | wall (ms) | ratio (CPU) | target |")
    print("|---|---|---|---|---|")
    print(f"| the same sampling in plain numpy | {t['plain'] * 1e3:.0f} "
          f"| {wall['plain'] * 1e3:.0f} | | |")  # fmt: skip
    print(f"| ranking.acceptability(samples, seed) | {t['ranking'] * 1e3:.0f} "
          f"| {wall['ranking'] * 1e3:.0f} | {t['ranking'] / t['plain']:.2f}x | 1x |")  # fmt: skip
    print(f"\nLargest difference between the two acceptability matrices: {same:.2g}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    front_door(100_000 if args.quick else 1_000_000, args.repeat)
    ranks(1_000_000 if args.quick else 10_000_000, max(3, args.repeat // 2))
    acceptability(300, 20_000, args.repeat)
    acceptability(2_000, 5_000 if args.quick else 20_000, max(3, args.repeat // 2))


if __name__ == "__main__":
    main()
