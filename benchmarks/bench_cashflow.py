"""Cash-flow kernels against numpy-financial (looped) and pyxirr (looped), in one run.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_cashflow.py`` (``--quick``:
300 series, a few seconds, what the test suite runs; ``--part irr`` or ``--part annuities``
for one table, ``--part irregular`` for flows without pattern; pyxirr, in the ``bench``
group, is skipped when not installed).

Irregular flows (issue 18): ``--series`` x 36 flows drawn N(0, 100), seeded; almost every
series has several sign changes. clientel finds every IRR above -100 % with a certificate
that no other exists; timed against pyxirr called once per series (the loop timed in full;
it returns one root or None) and the strongest vectorised numpy equivalent that finds all
roots: the eigenvalues of every series' companion matrix in one batched
``np.linalg.eigvals`` call. These are CPU times (all threads), so that a niced run on a
shared machine measures the work and not the wait. Every root pyxirr returns must be among
clientel's, and clientel's roots are compared with the eigenvalues' real roots.

Annuities (NPER, RATE, IPMT, PPMT over ``--series`` loans): seeded loans of 1,000 to 1,000,000
over 12 to 360 months at 0.05 % to 2 % a month, a quarter of them with a balloon (fv) and a
quarter paid at the beginning of each period; the payment comes from the loan's own rate, so
every RATE has one root. clientel's vectorised functions are timed against numpy-financial
called once per loan (the loop timed in full, every loan) and numpy-financial's own
vectorised call on the same arrays (the strongest numpy baseline); results are compared with
numpy-financial's. Seeded conventional series: an investment of -U(50, 150) x periods / 4 at
t = 0, then U(0, 20) a period, plus 1 % of the series with a trailing negative flow
(two sign changes). Timings are medians of ``--repeat`` runs; the peers' loops are timed
in full, every series. NPV also has its strongest vectorised equivalent, one numpy
matrix-vector product with the discount factors. Roots are compared with pyxirr's on the
conventional series.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import numpy_financial as npf

try:
    import pyxirr
except ImportError:  # the bench group is not installed: pyxirr's columns are skipped
    pyxirr = None

from _timing import cpu_best_of, timed
from clientel import planning as pl
from clientel.planning import kernels


def flows(m: int, n: int, seed: int = 20261127) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.0, 20.0, (m, n))
    f[:, 0] = -rng.uniform(50.0, 150.0, m) * n / 4
    odd = rng.choice(m, m // 100, replace=False)
    f[odd, -1] = -rng.uniform(100.0, 300.0, odd.size)
    return f


def _looped(fn: Any, rows: list[list[float]]) -> tuple[float, Any]:
    """A peer called once per series, every series timed (NaN when the peer is missing)."""
    if fn is None:
        return float("nan"), None
    return timed(lambda: [fn(r) for r in rows], 1)


def run(m: int, n: int, repeat: int) -> list[tuple[str, float, float, float, float]]:
    f = flows(m, n)
    rows = f.tolist()
    rate = 0.08
    t_npv, ours_npv = timed(lambda: pl.npv(rate, f), repeat, stop_after=5.0)
    t_npv_np, np_npv = timed(lambda: f @ (1.0 + rate) ** -np.arange(n), repeat)
    t_npv_px, px_npv = _looped(pyxirr and (lambda r: pyxirr.npv(rate, r)), rows)
    t_npv_npf, _ = _looped(lambda r: npf.npv(rate, r), rows)
    assert np.allclose(ours_npv, np_npv, rtol=1e-12, atol=1e-9)
    if px_npv is not None:
        assert np.allclose(ours_npv, px_npv, rtol=1e-12, atol=1e-9)
    t_irr, res = timed(lambda: kernels.irr(f), repeat, stop_after=5.0)
    t_irr_px, px_irr = _looped(pyxirr and pyxirr.irr, rows)
    t_irr_npf, _ = _looped(npf.irr, rows)
    conventional = f[res.sign_changes == 1]
    crows = conventional.tolist()
    t_irr_c, _ = timed(lambda: kernels.irr(conventional), repeat, stop_after=5.0)
    t_irr_c_px, _ = _looped(pyxirr and pyxirr.irr, crows)
    t_irr_c_npf, _ = _looped(npf.irr, crows)
    ok = res.status == kernels.IrrStatus.OK
    conv = ok & (res.sign_changes == 1)
    diff = float("nan")
    if px_irr is not None:
        px = np.array([np.nan if v is None else v for v in px_irr])
        diff = float(np.nanmax(np.abs(res.rate[conv] - px[conv]), initial=0.0))
    print(
        f"{m} x {n}: statuses {np.bincount(res.status, minlength=5).tolist()}, "
        f"max |IRR - pyxirr| on conventional series {diff:.1e}"
    )
    nan = float("nan")
    return [
        ("NPV", t_npv, t_npv_np, t_npv_px, t_npv_npf),
        ("IRR (all statuses)", t_irr, nan, t_irr_px, t_irr_npf),
        ("IRR (conventional rows only)", t_irr_c, nan, t_irr_c_px, t_irr_c_npf),
    ]


def companion_roots(f: np.ndarray) -> list[np.ndarray]:
    """Real IRRs above -1 of every series from one batched eigenvalue call (the baseline)."""
    monic = f[:, 1:] / f[:, :1]  # N(0, 100) draws: the first flow is never 0
    n = monic.shape[1]
    companion = np.zeros((f.shape[0], n, n))
    companion[:, 0, :] = -monic
    companion[:, np.arange(1, n), np.arange(n - 1)] = 1.0
    eig = np.linalg.eigvals(companion)
    real = (np.abs(eig.imag) <= 1e-9 * np.maximum(1.0, np.abs(eig))) & (eig.real > 0)
    return [np.sort(e.real[k]) - 1.0 for e, k in zip(eig, real, strict=True)]


def run_irregular(m: int, repeat: int) -> list[str]:
    """CPU times (best of ``repeat`` for clientel, one run of the others): see the notes."""
    f = np.random.default_rng(20261127).normal(0.0, 100.0, (m, 36))
    rows = f.tolist()
    t_ours, res = cpu_best_of(lambda: kernels.irr(f), repeat)
    t_eig, eig = cpu_best_of(lambda: companion_roots(f), 1)
    t_px, px = (float("nan"), None) if pyxirr is None else cpu_best_of(
        lambda: [pyxirr.irr(r) for r in rows], 1)  # fmt: skip
    missed = 0 if px is None else sum(
        not any(abs(v - r) <= 1e-6 * max(1.0, abs(r)) for r in res.roots(i))
        for i, v in enumerate(px) if v is not None)  # fmt: skip
    differ = sum(
        len(e) != len(res.roots(i)) or not np.allclose(e, res.roots(i), rtol=1e-6, atol=1e-9)
        for i, e in enumerate(eig) if res.sign_changes[i] > 1)  # fmt: skip
    found = sum(len(res.roots(i)) for i in range(m))
    statuses = np.bincount(res.status, minlength=5).tolist()
    print(f"{m} x 36 N(0, 100): statuses {statuses}, {found} roots; pyxirr roots not among "
          f"clientel's: {missed}; series whose eigenvalue roots differ: {differ}")  # fmt: skip
    return [
        "| flows | clientel, all roots (CPU s) | eigenvalues batched (CPU s) "
        "| pyxirr looped (CPU s) | vs eigenvalues | vs pyxirr |",
        "|---|---|---|---|---|---|",
        f"| {m:.0e} x 36 | {t_ours:.3f} | {t_eig:.2f} | {t_px:.2f} | {t_eig / t_ours:.1f}x "
        f"| {t_px / t_ours:.2f}x |",
    ]


def loans(m: int, seed: int = 20261127) -> dict[str, np.ndarray]:
    """Seeded loans: rate, nper, pv, fv, when (0/1), the payment and a period per loan."""
    rng = np.random.default_rng(seed)
    rate = rng.uniform(0.0005, 0.02, m)
    nper = rng.integers(12, 361, m).astype(np.float64)
    pv = rng.uniform(1e3, 1e6, m)
    fv = np.where(rng.random(m) < 0.25, -rng.uniform(0.0, 0.3, m) * pv, 0.0)
    when = (rng.random(m) < 0.25).astype(np.int64)
    payment = np.empty(m)
    for w, name in ((0, "end"), (1, "begin")):
        rows = when == w
        payment[rows] = pl.pmt(rate[rows], nper[rows], pv[rows], fv[rows], name)
    per = np.floor(rng.random(m) * nper).astype(np.int64) + 1
    return {"rate": rate, "nper": nper, "pv": pv, "fv": fv, "when": when, "pmt": payment,
            "per": per}  # fmt: skip


def _by_when(fn, groups: list[tuple[str, list[np.ndarray]]]) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """clientel's calls: one vectorised call per timing convention (``when`` is one per call)."""
    return [fn(*cols, when=label) for label, cols in groups]


def _one_function(
    name: str, ours_fn, npf_fn, names: tuple[str, ...], x: dict[str, np.ndarray], repeat: int
) -> tuple[str, float, float, float, float]:  # type: ignore[no-untyped-def]
    """clientel vectorised, numpy-financial looped (in full) and vectorised, on the same loans."""
    cols = [x[n] for n in names]
    # loans grouped by payment timing once, outside the timer (clientel takes one `when` a call)
    order = np.argsort(x["when"], kind="stable")
    groups = [(label, [c[order][x["when"][order] == w] for c in cols])
              for w, label in ((0, "end"), (1, "begin"))]  # fmt: skip
    t_ours, parts = timed(lambda: _by_when(ours_fn, groups), repeat)
    ours = np.empty(x["rate"].size)
    ours[order] = np.concatenate(parts)
    t_vec, vec = timed(lambda: npf_fn(*cols, x["when"]), repeat)
    scalars = list(zip(*(c.tolist() for c in cols), x["when"].tolist(), strict=True))
    t_loop, loop = timed(lambda: [npf_fn(*args) for args in scalars], 1)
    vec = np.asarray(vec, dtype=np.float64)
    assert np.allclose(np.array(loop, dtype=np.float64), vec, rtol=1e-9, atol=1e-9)
    if name == "RATE":  # ours solve each loan's annuity; numpy-financial stops at |step| < 1e-6
        assert np.allclose(ours, x["rate"], rtol=1e-9)
    diff = float(np.max(np.abs(ours - vec) / np.maximum(1.0, np.abs(ours))))
    print(f"{name}: max difference to numpy-financial {diff:.1e} (relative, at least 1 unit)")
    return name, t_ours, t_loop, t_vec, diff


def run_annuities(m: int, repeat: int) -> list[tuple[str, float, float, float, float]]:
    x = loans(m)

    def batch_rate(*args: np.ndarray, when: str) -> np.ndarray:
        return kernels.rate(*args, when=when).rate  # type: ignore[arg-type]

    return [
        _one_function("NPER", pl.nper, npf.nper, ("rate", "pmt", "pv", "fv"), x, repeat),
        _one_function("RATE", batch_rate, npf.rate, ("nper", "pmt", "pv", "fv"), x, repeat),
        _one_function("IPMT", pl.ipmt, npf.ipmt, ("rate", "per", "nper", "pv", "fv"), x, repeat),
        _one_function("PPMT", pl.ppmt, npf.ppmt, ("rate", "per", "nper", "pv", "fv"), x, repeat),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--series", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--part", choices=("all", "irr", "irregular", "annuities"), default="all")
    ap.add_argument("--quick", action="store_true", help="300 series, one run: a few seconds")
    a = ap.parse_args()
    if a.quick:
        a.series, a.repeat = 300, 1
    if a.part in ("all", "irr"):
        head = ("| kernel | shape | clientel (s) | numpy vectorised (s) | pyxirr looped (s) | "
                "numpy-financial looped (s) |")  # fmt: skip
        lines = [head + " vs numpy | vs pyxirr | vs numpy-financial |",
                 "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for n in (12, 36):
            for name, ours, vec, px, nf in run(a.series, n, a.repeat):
                vec_cell = "" if np.isnan(vec) else f"{vec:.4f}"
                vs_vec = "" if np.isnan(vec) else f"{vec / ours:.2f}x"
                lines.append(f"| {name} | {a.series:.0e} x {n} | {ours:.4f} | {vec_cell} "
                             f"| {px:.3f} | {nf:.2f} | {vs_vec} | {px / ours:.1f}x "
                             f"| {nf / ours:.0f}x |")  # fmt: skip
        print("\n".join(lines))
    if a.part in ("all", "irregular"):
        print("\n".join(run_irregular(a.series, a.repeat)))
    if a.part in ("all", "annuities"):
        head = "| function | loans | clientel (s) | numpy-financial looped (s) |"
        lines = [head + " numpy-financial vectorised (s) | vs looped | vs vectorised |",
                 "|---|---|---|---|---|---|---|"]  # fmt: skip
        for name, ours, loop, vec, _ in run_annuities(a.series, a.repeat):
            lines.append(f"| {name} | {a.series:.0e} | {ours:.4f} | {loop:.2f} | {vec:.4f} "
                         f"| {loop / ours:.0f}x | {vec / ours:.1f}x |")  # fmt: skip
        print("\n".join(lines))


if __name__ == "__main__":
    main()
