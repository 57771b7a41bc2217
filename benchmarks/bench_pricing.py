"""Pricing speed: fit a bid-response curve on 1e6 deals and price 1e5 quotes, in one run.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_pricing.py`` (``--quick``:
1e4 deals and 500 quotes, a few seconds, what the test suite runs). Peers are the
straightforward scipy code a data scientist would write:

* fit: ``scipy.optimize.minimize(method="BFGS")`` on the logistic negative
  log-likelihood with its analytic gradient, over the same arrays;
* pricing: per quote, ``scipy.optimize.minimize_scalar(method="bounded")`` for the
  optimum and two ``scipy.optimize.brentq`` calls for floor and stretch, the loop timed
  in full (every quote); and the strongest vectorised equivalent, the optimum in closed
  form over all quotes at once (``p* = c + (1 + W(exp(-1 - a - b c))) / b`` with the
  Lambert W function, ``scipy.special.wrightomega``) and floor and stretch by a
  vectorised bisection (60 halvings, to the last bit).

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


def numpy_band(
    a: float, b: float, c: np.ndarray, delta: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Floor, optimum and stretch of every quote at once (closed-form optimum, bisection)."""
    from scipy.special import wrightomega

    star = c + (1.0 + wrightomega(-1.0 - a - b * c).real) / b  # W(exp(z)) = omega(z)

    def e(p: np.ndarray) -> np.ndarray:
        return (p - c) / (1 + np.exp(a + b * p))

    target = (1 - delta) * e(star)
    bounds = []
    for lo, hi, rising in ((c.copy(), star.copy(), True),
                           (star.copy(), np.maximum(c, -a / b) + 50 / b, False)):  # fmt: skip
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            below = (e(mid) < target) == rising  # the crossing lies above mid
            lo = np.where(below, mid, lo)
            hi = np.where(below, hi, mid)
        bounds.append(0.5 * (lo + hi))
    return bounds[0], star, bounds[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n_deals, n_quotes = (10_000, 500) if args.quick else (1_000_000, 100_000)
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
    t0 = time.perf_counter()
    loop = np.array([scipy_band(m.a, m.b, c, 0.1) for c in costs])  # every quote
    t_loop = time.perf_counter() - t0
    assert np.allclose(loop[:, 1], t, rtol=1e-6)
    assert np.allclose(loop[:, 0], f, rtol=1e-6)
    assert np.allclose(loop[:, 2], s, rtol=1e-6)
    t_vec, (vf, vt, vs) = timed(lambda: numpy_band(m.a, m.b, costs, 0.1), args.repeat)
    assert np.allclose(vt, t, rtol=1e-9)
    assert np.allclose(vf, f, rtol=1e-9)
    assert np.allclose(vs, s, rtol=1e-9)
    t_guard, _ = timed(lambda: kernels.band(m, costs, delta=0.1, floor_min=floor_min,
                                            ceiling=np.ones_like(costs)), args.repeat)  # fmt: skip

    rows = [
        ("fit logit (IRLS)", f"{n_deals:,} deals", t_ours, ("scipy.optimize.minimize BFGS + "
         "analytic gradient"), t_peer, ""),
        ("band: floor, optimum, stretch", f"{n_quotes:,} quotes", t_band, ("per-quote "
         "minimize_scalar + 2 brentq"), t_loop, " (every quote)"),
        ("band: floor, optimum, stretch", f"{n_quotes:,} quotes", t_band, ("numpy: closed-form "
         "optimum (Lambert W), vectorised bisection"), t_vec, ""),
    ]  # fmt: skip
    out = ["| task | size | clientel (ms) | peer | peer (ms) | peer / clientel |",
           "|---|---|---|---|---|---|"]  # fmt: skip
    for task, size, ours, peer, theirs, note in rows:
        out.append(f"| {task} | {size} | {ours * 1e3:.1f} | {peer}{note} | {theirs * 1e3:.1f} | "
                   f"{theirs / ours:,.{0 if theirs > 10 * ours else 1}f}x |")  # fmt: skip
    out.append(f"\nGuarded bands (minimum-margin floor and list ceiling) for {n_quotes:,} quotes: "
               f"{t_guard * 1e3:.1f} ms.")  # fmt: skip
    print("\n".join(out))


if __name__ == "__main__":
    main()
