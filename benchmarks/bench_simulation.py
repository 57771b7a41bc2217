"""Monte Carlo speed: ``clientel.planning.simulate`` against the same model in plain numpy.

Run: ``nice -n 10 uv run python benchmarks/bench_simulation.py`` (``--draws`` to change the
size, ``--repeat`` for the rounds; ``--quick``: 20,000 draws, one round, what the test suite
runs). The model is the renewal of ``simulate``'s docstring: 1.0 M a year for 3 years after a
0.4 M investment, volume PERT(0.7, 1.0, 1.2), cost ratio triangular(0.70, 0.75, 0.90), NPV at
8 % and the total margin, each summarised by mean, sd, the 5/10/50/90/95th percentiles and
the probability below zero.

* plain numpy (the baseline, written once here): one ``default_rng(seed)``, the drivers drawn
  with ``Generator.beta`` and ``Generator.triangular``, the cash flows built and discounted
  over all draws at once (one matrix-vector product), exact percentiles with
  ``np.percentile``;
* clientel, independent drivers: ``simulate(...)`` as a user calls it (chunk-invariant
  random blocks, two passes over the draws, memory flat in the draws);
* clientel, correlated drivers: the same with a correlation of 0.3 between the drivers
  (Gaussian copula: normals, then each driver's quantile function, the PERT's an inverse
  incomplete beta function).

Times are CPU seconds of the process, the least of ``--repeat`` rounds, so that a niced run on
a shared machine measures the work and not the wait for a core; BLAS runs on one thread
(``OPENBLAS_NUM_THREADS=1`` unless set), since idle BLAS threads spinning for work would count
as CPU time. The ratios are the times divided by plain numpy's in the same run.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # BLAS on one thread for every side

import numpy as np

from _timing import cpu_best_of
from clientel.planning import Distribution, simulate

RATE = 0.08
DRIVERS = [
    Distribution.pert("volume", 0.7, 1.0, 1.2),
    Distribution.triangular("cost_ratio", 0.70, 0.75, 0.90),
]
QS = (5, 10, 50, 90, 95)


def model(v: dict[str, np.ndarray]) -> np.ndarray:
    margin = 1.0 * v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(margin, -0.4), margin, margin, margin])


def plain_numpy(draws: int, seed: int) -> dict[str, tuple[float, ...]]:
    """The same model and summaries written directly in numpy (the baseline)."""
    rng = np.random.default_rng(seed)
    a, m, b = 0.7, 1.0, 1.2
    volume = a + (b - a) * rng.beta(1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a), draws)
    cost_ratio = rng.triangular(0.70, 0.75, 0.90, draws)
    flows = model({"volume": volume, "cost_ratio": cost_ratio})
    out = {}
    for name, x in (("npv", flows @ (1.0 + RATE) ** -np.arange(4.0)), ("margin", flows.sum(1))):
        out[name] = (x.mean(), x.std(ddof=1), *np.percentile(x, QS), (x < 0).mean())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="20,000 draws, one round")
    a = ap.parse_args()
    if a.quick:
        a.draws, a.repeat = 20_000, 1
    corr = [[1.0, 0.3], [0.3, 1.0]]
    t_np, ref = cpu_best_of(lambda: plain_numpy(a.draws, 42), a.repeat)
    t_ind, ind = cpu_best_of(
        lambda: simulate(model, DRIVERS, rate=RATE, draws=a.draws, seed=42, percentiles=QS),
        a.repeat,
    )
    t_cor, _ = cpu_best_of(
        lambda: simulate(model, DRIVERS, rate=RATE, draws=a.draws, seed=42, percentiles=QS,
                         correlation=corr),
        a.repeat,
    )  # fmt: skip
    for name, s in (("npv", ind.npv), ("margin", ind.margin)):
        mean, sd = ref[name][:2]  # other draws, same distribution: agree to sampling error
        assert abs(s.mean - mean) < 6 * sd / np.sqrt(a.draws), name
    print(f"{a.draws:,} draws, NPV mean {ind.npv.mean:.4f} (numpy {ref['npv'][0]:.4f}), "
          f"p50 {ind.npv.percentiles['p50']:.4f} (numpy {ref['npv'][4]:.4f})")  # fmt: skip
    print("| draws | plain numpy (CPU s) | clientel, independent (CPU s) | vs numpy "
          "| clientel, correlated (CPU s) | vs numpy |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    print(f"| {a.draws:.0e} | {t_np:.3f} | {t_ind:.3f} | {t_ind / t_np:.2f}x | {t_cor:.3f} "
          f"| {t_cor / t_np:.2f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
