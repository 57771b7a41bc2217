"""BG/NBD speed: fit 1e5 customers with clientel, the lifetimes package and plain scipy, in one run.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_clv.py`` (``--customers``
to change the size, ``--repeat`` for clientel's repeats). The histories are simulated
from the CDNOW estimates of Fader, Hardie and Lee (2005) (r = 0.243, alpha = 4.414,
a = 0.793, b = 2.426) with ages uniform in 20..52 weeks, seed 2025, continuous
recency (no two customers share a history, so grouping rows does not help anyone).

Peers, each timed in full (one run each):

* ``lifetimes.BetaGeoFitter().fit`` (lifetimes 0.11.3: BFGS on autograd gradients,
  then the autograd Hessian for standard errors), default options;
* plain scipy: ``scipy.optimize.minimize(method="BFGS")`` on log-parameters over the
  vectorised per-customer log-likelihood (``clientel.planning.kernels.bgnbd_log_likelihood``)
  with a finite-difference gradient: the vectorised baseline without an analytic gradient.

Before timings are reported the script asserts that the peers' parameters equal
clientel's within 1e-4 (relative) and that the log-likelihoods (each evaluated with
the same kernel at each fit's parameters) agree within 1e-8 (relative).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md

import numpy as np
import scipy
from scipy.optimize import minimize

from _timing import timed
from clientel.planning import fit_bgnbd
from clientel.planning.kernels import bgnbd_log_likelihood, bgnbd_sample

CDNOW = (0.243, 4.414, 0.793, 2.426)


def lifetimes_fit(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> tuple[float, ...]:
    import pandas as pd
    from lifetimes import BetaGeoFitter

    fitter = BetaGeoFitter().fit(pd.Series(x), pd.Series(t_x), pd.Series(T))
    return tuple(float(fitter.params_[k]) for k in ("r", "alpha", "a", "b"))


def scipy_fit(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> tuple[float, ...]:
    def nll(theta: np.ndarray) -> float:
        return -float(bgnbd_log_likelihood(*np.exp(theta), x, t_x, T).mean())

    res = minimize(nll, np.zeros(4), method="BFGS", options={"gtol": 1e-9})
    return tuple(float(v) for v in np.exp(res.x))


def total_ll(params: tuple[float, ...], x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> float:
    return float(bgnbd_log_likelihood(*params, x, t_x, T).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="2,000 customers, one run")
    args = ap.parse_args()
    if args.quick:
        args.customers, args.repeat = 2_000, 1
    rng = np.random.default_rng(2025)
    T = rng.uniform(20.0, 52.0, args.customers)
    x, t_x = bgnbd_sample(*CDNOW, T, rng)

    t_ours, model = timed(lambda: fit_bgnbd(x, t_x, T), args.repeat)
    ours = model.parameters
    ll_ours = total_ll(ours, x, t_x, T)
    t_lt, lt = timed(lambda: lifetimes_fit(x, t_x, T), 1)
    t_sp, sp = timed(lambda: scipy_fit(x, t_x, T), 1)

    rows = []
    for name, params, seconds in (("lifetimes", lt, t_lt), ("scipy", sp, t_sp)):
        rel = float(np.max(np.abs(np.array(params) / np.array(ours) - 1)))
        ll = total_ll(params, x, t_x, T)
        ll_rel = abs(ll - ll_ours) / abs(ll_ours)
        rows.append((name, params, seconds, rel, ll, ll_rel))
    lt_row = rows[0]
    assert lt_row[3] <= 1e-4, f"lifetimes' parameters differ by {lt_row[3]:.2g} (relative)"
    assert lt_row[5] <= 1e-8, f"lifetimes' log-likelihood differs by {lt_row[5]:.2g} (relative)"

    print(
        f"numpy {np.__version__}, scipy {scipy.__version__}, lifetimes {md.version('lifetimes')}; "
        f"{args.customers:,} customers, {int((x > 0).sum()):,} with repeat purchases"
    )
    print(f"clientel: {t_ours * 1e3:.1f} ms (median of {args.repeat}), "
          f"{model.iterations} BFGS iterations, LL {ll_ours:.6f}")  # fmt: skip
    print("params (r, alpha, a, b): " + ", ".join(f"{v:.6f}" for v in ours))
    print()
    print("| fit | time (ms) | time / clientel | max rel. param diff | LL | LL diff (abs, rel) |")
    print("|---|---|---|---|---|---|")
    print(f"| clientel fit_bgnbd | {t_ours * 1e3:.1f} | 1x | 0 | {ll_ours:.6f} | 0 |")
    for name, _params, seconds, rel, ll, ll_rel in rows:
        print(f"| {name} | {seconds * 1e3:.1f} | {seconds / t_ours:.1f}x | {rel:.2g} | "
              f"{ll:.6f} | {ll - ll_ours:.2g}, {ll_rel:.2g} |")  # fmt: skip


if __name__ == "__main__":
    main()
