"""Cash-flow kernels against numpy-financial (looped) and pyxirr (looped), in one run.

Run: ``uv run --group bench python benchmarks/bench_cashflow.py`` (``--series 20000`` for a
quick run). Seeded conventional series: an investment of -U(50, 150) x periods / 4 at
t = 0, then U(0, 20) a period, plus 1 % of the series with a trailing negative flow
(two sign changes). Timings are medians of ``--repeat`` runs; numpy-financial IRR is
timed on ``--npf-sample`` series and scaled linearly to the full count (it takes about
0.4 ms a series). Roots are compared with pyxirr's on the conventional series.
"""

from __future__ import annotations

import argparse

import numpy as np
import numpy_financial as npf
import pyxirr

from _timing import timed
from clientel import planning as pl
from clientel.planning import kernels


def flows(m: int, n: int, seed: int = 20261127) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.0, 20.0, (m, n))
    f[:, 0] = -rng.uniform(50.0, 150.0, m) * n / 4
    odd = rng.choice(m, m // 100, replace=False)
    f[odd, -1] = -rng.uniform(100.0, 300.0, odd.size)
    return f


def run(m: int, n: int, repeat: int, sample: int) -> list[tuple[str, float, float, float]]:
    f = flows(m, n)
    rows = f.tolist()
    rate = 0.08
    t_npv, ours_npv = timed(lambda: pl.npv(rate, f), repeat, stop_after=5.0)
    t_npv_px, px_npv = timed(lambda: [pyxirr.npv(rate, r) for r in rows], 1)
    t_npv_npf, _ = timed(lambda: [npf.npv(rate, r) for r in rows], 1)
    assert np.allclose(ours_npv, px_npv, rtol=1e-12, atol=1e-9)
    t_irr, res = timed(lambda: kernels.irr(f), repeat, stop_after=5.0)
    t_irr_px, px_irr = timed(lambda: [pyxirr.irr(r) for r in rows], 1)
    t_irr_npf_s, _ = timed(lambda: [npf.irr(r) for r in rows[:sample]], 1)
    t_irr_npf = t_irr_npf_s * m / sample
    conventional = f[res.sign_changes == 1]
    crows = conventional.tolist()
    t_irr_c, _ = timed(lambda: kernels.irr(conventional), repeat, stop_after=5.0)
    t_irr_c_px, _ = timed(lambda: [pyxirr.irr(r) for r in crows], 1)
    t_irr_c_npf = t_irr_npf_s * conventional.shape[0] / sample
    ok = res.status == kernels.IrrStatus.OK
    conv = ok & (res.sign_changes == 1)
    px = np.array([np.nan if v is None else v for v in px_irr])
    diff = float(np.nanmax(np.abs(res.rate[conv] - px[conv])))
    print(
        f"{m} x {n}: statuses {np.bincount(res.status, minlength=5).tolist()}, "
        f"max |IRR - pyxirr| on conventional series {diff:.1e}"
    )
    return [
        ("NPV", t_npv, t_npv_px, t_npv_npf),
        ("IRR (all statuses)", t_irr, t_irr_px, t_irr_npf),
        ("IRR (conventional rows only)", t_irr_c, t_irr_c_px, t_irr_c_npf),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--npf-sample", type=int, default=2_000)
    a = ap.parse_args()
    head = "| kernel | shape | clientel (s) | pyxirr looped (s) | numpy-financial looped (s) |"
    lines = [head + " vs pyxirr | vs numpy-financial |", "|---|---|---|---|---|---|---|"]
    for n in (12, 36):
        for name, ours, px, nf in run(a.series, n, a.repeat, a.npf_sample):
            lines.append(f"| {name} | {a.series:.0e} x {n} | {ours:.4f} | {px:.3f} | {nf:.2f} "
                         f"| {px / ours:.1f}x | {nf / ours:.0f}x |")  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
