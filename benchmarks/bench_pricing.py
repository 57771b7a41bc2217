"""Pricing speed: fit a bid-response curve on 1e6 deals and price 1e5 quotes, in one run.

Run: ``uv run --group bench python benchmarks/bench_pricing.py`` (``--quick`` uses 1e5
deals and 1e4 quotes). Peers are the straightforward scipy code a data scientist
would write:

* fit: ``scipy.optimize.minimize(method="BFGS")`` on the logistic negative
  log-likelihood with its analytic gradient, over the same arrays;
* pricing: per quote, ``scipy.optimize.minimize_scalar(method="bounded")`` for the
  optimum and two ``scipy.optimize.brentq`` calls for floor and stretch. The
  per-quote loop is timed on a subsample (``--loop``, 2,000 quotes by default) and
  scaled linearly to the full count; the table says so.

The results are checked against each other (asserted) before timings are reported.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.optimize import brentq, minimize, minimize_scalar

from _timing import timed
from clientel.pricing import BidResponseModel, kernels


def scipy_fit(x: np.ndarray, won: np.ndarray) -> np.ndarray:
    X = np.column_stack([np.ones_like(x), x])

    def nll(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = X @ beta
        value = float(np.sum(won * np.logaddexp(0, eta) + (1 - won) * np.logaddexp(0, -eta)))
        w = 1 / (1 + np.exp(eta))  # P(win)
        return value, X.T @ (w - won) * -1.0

    res = minimize(nll, np.zeros(2), jac=True, method="BFGS", options={"gtol": 1e-6})
    return np.asarray(res.x)


def scipy_band(a: float, b: float, c: float, delta: float) -> tuple[float, float, float]:
    def e(p: float) -> float:
        return (p - c) / (1 + np.exp(a + b * p))

    hi = max(c, -a / b) + 50 / b
    star = minimize_scalar(lambda p: -e(p), bounds=(c, hi), method="bounded",
                           options={"xatol": 1e-9}).x  # fmt: skip
    target = (1 - delta) * e(star)
    low = brentq(lambda p: e(p) - target, c, star, xtol=1e-12)
    high = brentq(lambda p: e(p) - target, star, hi, xtol=1e-12)
    return low, star, high


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--loop", type=int, default=2000)
    args = ap.parse_args()
    n_deals, n_quotes = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
    rng = np.random.default_rng(20261127)

    x = rng.uniform(0.6, 1.1, n_deals)
    won = (rng.random(n_deals) < 1 / (1 + np.exp(-9.0 + 10.0 * x))).astype(np.float64)
    t_ours, model = timed(lambda: kernels.fit_bid_response(x, won), args.repeat)
    t_peer, beta = timed(lambda: scipy_fit(x, won), 1)
    assert np.allclose([model.a, model.b], beta, rtol=1e-3), (model, beta)

    costs = rng.uniform(0.3, 0.8, n_quotes)
    floor_min = costs / 0.9
    m = BidResponseModel(a=model.a, b=model.b)
    t_band, (f, t, s, _) = timed(lambda: kernels.band(m, costs, delta=0.1), args.repeat)
    k = min(args.loop, n_quotes)
    t0 = time.perf_counter()
    loop = np.array([scipy_band(m.a, m.b, c, 0.1) for c in costs[:k]])
    t_loop = (time.perf_counter() - t0) * n_quotes / k
    assert np.allclose(loop[:, 1], t[:k], rtol=1e-6)
    assert np.allclose(loop[:, 0], f[:k], rtol=1e-6)
    assert np.allclose(loop[:, 2], s[:k], rtol=1e-6)
    t_guard, _ = timed(lambda: kernels.band(m, costs, delta=0.1, floor_min=floor_min,
                                            ceiling=np.ones_like(costs)), args.repeat)  # fmt: skip

    rows = [
        ("fit logit (IRLS)", f"{n_deals:,} deals", t_ours, ("scipy.optimize.minimize BFGS + "
         "analytic gradient"), t_peer, ""),
        ("band: floor, optimum, stretch", f"{n_quotes:,} quotes", t_band, ("per-quote "
         "minimize_scalar + 2 brentq"), t_loop, f" (loop timed on {k:,}, scaled)"),
    ]  # fmt: skip
    out = ["| task | size | clientel (ms) | peer | peer (ms) | peer / clientel |",
           "|---|---|---|---|---|---|"]  # fmt: skip
    for task, size, ours, peer, theirs, note in rows:
        out.append(f"| {task} | {size} | {ours * 1e3:.1f} | {peer}{note} | {theirs * 1e3:.1f} | "
                   f"{theirs / ours:.0f}x |")  # fmt: skip
    out.append(f"\nGuarded bands (minimum-margin floor and list ceiling) for {n_quotes:,} quotes: "
               f"{t_guard * 1e3:.1f} ms.")  # fmt: skip
    print("\n".join(out))


if __name__ == "__main__":
    main()
