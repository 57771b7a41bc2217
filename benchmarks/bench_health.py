"""Account-health speed (issue 24): clientel's kernels against numpy/scipy baselines and ERPNext.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_health.py`` (``--accounts``,
``--periods``, ``--repeat``; ``--quick`` for a few seconds). Seeded data (seed 24): 1e5
accounts x 24 monthly periods of five measures (four numeric on their own scales, one
categorical with four answers), 2 % of the values missing, 12 segments.

What is timed, each side the best of ``--repeat`` runs in the same process (on a shared
machine the best run is the least disturbed one; ratios within one run are what to compare):

* ``health_scores`` end to end (points, weighted score, bands, recency weights, trend, rolling
  slopes, alerts) and ``segment_health``;
* each kernel against the strongest vectorised numpy/scipy baseline of the same arithmetic:
  the recency-weighted score against one matrix-vector product; the weighted score against a
  ``nansum`` expression; the trend against ``numpy.polyfit`` on the 2-D array (one least-squares
  solve for every account); the rolling slopes against a closed form over cumulative sums; the
  bands against ``numpy.searchsorted`` on the inner boundaries (exact when, as here, every band
  is ``[lower, upper)`` but the last); the roll-up against sorting by segment and
  ``numpy.add.reduceat`` / ``minimum.reduceat``; the top-box (Wilson) intervals against
  ``scipy.stats.binomtest(...).proportion_ci(method="wilson")`` called per cell, the loop
  timed in full on ``--peer-cells`` cells;
* the peer the issue names: ERPNext's supplier scorecard (Frappe Technologies), whose
  ``SupplierScorecard.calculate_total_score`` (erpnext/buying/doctype/supplier_scorecard/
  supplier_scorecard.py, read with the search tools) evaluates the weighting-function text
  for each period, newest first, after replacing ``{period_number}`` and ``{total_score}``
  (and once more with the score set to 100 for the maximum), then rounds
  ``100 * total / total_max`` to one decimal. ERPNext is a web application, not a library that
  can be installed here, so that loop is written out below the way ERPNext runs it (its
  formula text evaluated by Python's ``eval``, as its ``calculate_weighted_score`` does through
  frappe's safe-eval) and timed in full on ``--peer-accounts`` accounts.

Before any figure is printed the script checks that every baseline gives the same numbers
(1e-9, or ERPNext's one decimal).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

import numpy as np
import scipy
from scipy.stats import binomtest

from _timing import best_of
from clientel.models import Period
from clientel.planning import (
    Band,
    Category,
    ColourScheme,
    HealthHistory,
    HealthMeasure,
    HealthScorecard,
    health_scores,
    segment_health,
)
from clientel.planning.kernels import (
    band_index,
    health_composite,
    rolling_slope,
    time_weighted,
    time_weights,
    top_box_intervals,
    trend_slope,
    weighted_rollup,
)

ERPNEXT_DEFAULT = "{total_score} * max( 0, min ( 1 , (12 - {period_number}) / 12) )"


def scheme(*edges: float) -> ColourScheme:
    names = ("at risk", "watch", "healthy")
    return ColourScheme(bands=[
        Band(name=names[j], colour=("red", "amber", "green")[j], lower=edges[j],
             upper=edges[j + 1], upper_inclusive=j == len(edges) - 2)
        for j in range(len(edges) - 1)])  # fmt: skip


def scorecard() -> HealthScorecard:
    return HealthScorecard(id="bench", name="Benchmark", colours=scheme(0, 50, 75, 100),
                           horizon=12, trend_window=6, trend_tolerance=0.5, measures=[
        HealthMeasure(id="sla", name="SLA", weight=0.3, low=80, high=100,
                      colours=scheme(80, 95, 99, 100)),
        HealthMeasure(id="escalations", name="Escalations", weight=0.2, low=0, high=20,
                      higher_is_better=False, colours=scheme(0, 3, 8, 20)),
        HealthMeasure(id="sponsor", name="Sponsor", weight=0.2, categories=[
            Category(value=v, points=p, colour=c) for v, p, c in
            (("engaged", 100, "green"), ("neutral", 60, "amber"), ("distant", 30, "amber"),
             ("absent", 0, "red"))]),
        HealthMeasure(id="overdue", name="Days overdue", weight=0.15, low=0, high=90,
                      higher_is_better=False, colours=scheme(0, 15, 45, 90)),
        HealthMeasure(id="usage", name="Usage", weight=0.15, low=0, high=100,
                      colours=scheme(0, 40, 70, 100))])  # fmt: skip


def months(n: int) -> tuple[Period, ...]:
    out = []
    for k in range(n):
        y, m = divmod(k, 12)
        start = dt.date(2024 + y, m + 1, 1)
        y2, m2 = divmod(k + 1, 12)
        end = dt.date(2024 + y2, m2 + 1, 1) - dt.timedelta(days=1)
        out.append(Period(start, end, f"{start:%Y-%m}"))
    return tuple(out)


def history(card: HealthScorecard, a: int, p: int, rng: np.random.Generator) -> HealthHistory:
    drift = rng.normal(0.0, 0.04, (a, 1)) * np.arange(p)
    numbers = {}
    for m in card.measures:
        if m.categories:
            continue
        lo, hi = float(m.low or 0), float(m.high or 0)
        level = rng.uniform(0.2, 0.95, (a, 1)) + drift + rng.normal(0, 0.05, (a, p))
        vals = lo + (hi - lo) * np.clip(level, 0, 1)
        vals[rng.random((a, p)) < 0.02] = np.nan
        numbers[m.id] = np.round(vals, 1)
    answers = np.array(["engaged", "neutral", "distant", "absent", ""], dtype=object)
    sponsor = answers[rng.choice(5, size=(a, p), p=[0.4, 0.3, 0.15, 0.13, 0.02])]
    return HealthHistory(periods=months(p), accounts=[f"a{k:06d}" for k in range(a)],
                         numbers=numbers, categories={"sponsor": sponsor})  # fmt: skip


def erpnext_supplier_score(scores_newest_first: list[float]) -> float:
    """SupplierScorecard.calculate_total_score with the default weighting function, as it runs."""
    total = total_max = 0.0
    for period, score in enumerate(scores_newest_first):
        f = ERPNEXT_DEFAULT.replace("{period_number}", str(period))
        total_max += eval(f.replace("{total_score}", "100"), {"max": max, "min": min})
        total += eval(f.replace("{total_score}", str(score)), {"max": max, "min": min})
    return round(100.0 * (total / total_max), 1) if total_max > 0 else 100.0


# -- baselines ---------------------------------------------------------------------------------
def rolling_by_cumsum(y: np.ndarray, w: int) -> np.ndarray:
    p = np.arange(y.shape[-1], dtype=np.float64)
    zero = np.zeros((*y.shape[:-1], 1))
    s_y = np.concatenate([zero, np.cumsum(y, axis=-1)], axis=-1)
    s_py = np.concatenate([zero, np.cumsum(p * y, axis=-1)], axis=-1)
    sum_y = s_y[..., w:] - s_y[..., :-w]
    sum_py = s_py[..., w:] - s_py[..., :-w]
    start = np.arange(y.shape[-1] - w + 1, dtype=np.float64)
    mean_p = start + (w - 1) / 2
    sxx = w * (w * w - 1) / 12
    out: np.ndarray = (sum_py - mean_p * sum_y) / sxx
    return out


def rollup_by_reduceat(v: np.ndarray, g: np.ndarray, w: np.ndarray, n: int) -> tuple:
    order = np.argsort(g, kind="stable")
    gs, vs, ws = g[order], v[order], w[order]
    starts = np.flatnonzero(np.r_[True, gs[1:] != gs[:-1]])
    num = np.add.reduceat(ws[:, None] * vs, starts, axis=0)
    den = np.add.reduceat(ws, starts)
    return (num / den[:, None], np.minimum.reduceat(vs, starts, axis=0),
            np.maximum.reduceat(vs, starts, axis=0))  # fmt: skip


def composite_by_nansum(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    seen = ~np.isnan(points)
    out: np.ndarray = np.nansum(points * weights, axis=-1) / (seen * weights).sum(axis=-1)
    return out


def wilson_loop(counts: np.ndarray, boxes: int) -> np.ndarray:
    out = np.empty((counts.shape[0], 2))
    for i, row in enumerate(counts):
        ci = binomtest(int(row[-boxes:].sum()), int(row.sum())).proportion_ci(method="wilson")
        out[i] = ci.low, ci.high
    return out


def row(name: str, size: str, ours: float, other: float, who: str) -> str:
    return f"| {name} | {size} | {ours:.4f} | {other:.4f} | {who} | {other / ours:.1f}x |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--periods", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--peer-accounts", type=int, default=2_000)
    ap.add_argument("--peer-cells", type=int, default=5_000)
    ap.add_argument("--quick", action="store_true", help="2,000 accounts, one run each")
    args = ap.parse_args()
    if args.quick:
        args.accounts, args.repeat, args.peer_accounts, args.peer_cells = 2_000, 1, 100, 200
    a, p, rep = args.accounts, args.periods, args.repeat
    rng = np.random.default_rng(24)
    card = scorecard()
    hist = history(card, a, p, rng)
    size = f"{a:.0e} x {p}"
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, load average "
          f"{os.getloadavg()[0]:.1f} at the start on {os.cpu_count()} cores")  # fmt: skip
    lines = ["| step | accounts x periods | clientel (s) | other way (s) | other way | Nx faster |",
             "|---|---|---|---|---|---|"]  # fmt: skip

    t_all, health = best_of(lambda: health_scores(card, hist), rep)
    segments = {acc: f"s{k % 12:02d}" for k, acc in enumerate(hist.accounts)}
    revenue = dict(zip(hist.accounts, rng.uniform(1e4, 1e7, a).tolist(), strict=True))
    t_seg, _ = best_of(lambda: segment_health(health, segments, weights=revenue), rep)

    score, w_meas = health.score, card.weights
    t_comp, (ours_c, _) = best_of(lambda: health_composite(health.points, w_meas), rep)
    t_comp_b, base_c = best_of(lambda: composite_by_nansum(health.points, w_meas), rep)
    assert np.allclose(ours_c, base_c, atol=1e-9)
    lines.append(row("weighted score", size, t_comp, t_comp_b, "numpy nansum expression"))

    tw = time_weights(p, card.horizon)
    t_tw, ours_tw = best_of(lambda: time_weighted(score, tw), rep)
    t_tw_b, base_tw = best_of(lambda: score @ tw, rep)
    assert np.allclose(ours_tw, base_tw, atol=1e-9)
    lines.append(row("recency-weighted score", size, t_tw, t_tw_b, "one matrix-vector product"))

    win = card.trend_window
    x = np.arange(win, dtype=np.float64)
    last = np.ascontiguousarray(score[:, -win:])
    t_tr, ours_tr = best_of(lambda: trend_slope(last), rep)
    t_tr_b, base_tr = best_of(lambda: np.polyfit(x, last.T, 1)[0], rep)
    assert np.allclose(ours_tr, base_tr, atol=1e-9)
    lines.append(row("trend (slope of the last 6)", size, t_tr, t_tr_b, "numpy.polyfit, 2-D"))

    t_rs, ours_rs = best_of(lambda: rolling_slope(score, win), rep)
    t_rs_b, base_rs = best_of(lambda: rolling_by_cumsum(score, win), rep)
    assert np.allclose(ours_rs, base_rs, atol=1e-8)
    lines.append(row("rolling slopes (window 6)", size, t_rs, t_rs_b, "cumulative-sum form"))

    bands = card.colours.bands
    lo, hi = [b.lower for b in bands], [b.upper for b in bands]
    lo_in, hi_in = [b.lower_inclusive for b in bands], [b.upper_inclusive for b in bands]
    inner = np.array(hi[:-1])
    t_b, ours_b = best_of(lambda: band_index(score, lo, hi, lo_in, hi_in), rep)
    t_b_b, base_b = best_of(lambda: np.searchsorted(inner, score, side="right"), rep)
    assert (ours_b == base_b).all()
    lines.append(row("score bands", size, t_b, t_b_b, "numpy.searchsorted"))

    groups = np.array([int(segments[acc][1:]) for acc in hist.accounts])
    wts = np.array([revenue[acc] for acc in hist.accounts])
    t_r, ours_r = best_of(lambda: weighted_rollup(score, groups, wts, 12), rep)
    t_r_b, base_r = best_of(lambda: rollup_by_reduceat(score, groups, wts, 12), rep)
    assert all(np.allclose(o, b, atol=1e-9) for o, b in zip(ours_r, base_r, strict=True))
    lines.append(row("segment roll-up (12)", size, t_r, t_r_b, "sort + reduceat"))

    cells = args.peer_cells
    counts = rng.integers(0, 12, (cells, 5))
    counts[:, 0] += 1  # every cell has answers
    t_wi, ours_wi = best_of(lambda: top_box_intervals(counts, 2), rep)
    t_wi_b, base_wi = best_of(lambda: wilson_loop(counts, 2), 1)
    assert np.allclose(np.column_stack(ours_wi[2:]), base_wi, atol=1e-12)
    lines.append(row("top-two-box Wilson intervals", f"{cells} cells", t_wi, t_wi_b,
                     "scipy binomtest per cell, looped"))  # fmt: skip

    n_peer = min(args.peer_accounts, a)
    peer_scores = score[:n_peer]
    t_e, ours_e = best_of(lambda: time_weighted(peer_scores, time_weights(p, 12)), rep)
    t_e_b, base_e = best_of(
        lambda: [erpnext_supplier_score(r[::-1].tolist()) for r in peer_scores], 1
    )
    assert np.allclose(np.round(100 * ours_e) / 100, np.round(np.array(base_e) * 100) / 100,
                       atol=0.05 + 1e-9)  # ERPNext rounds to one decimal  # fmt: skip
    lines.append(row("recency-weighted score", f"{n_peer:.0e} x {p}", t_e, t_e_b,
                     "ERPNext's calculate_total_score loop"))  # fmt: skip

    print(f"health_scores end to end, {size}, 5 measures: {t_all:.3f} s "
          f"({len(health.alert_table)} alerts); segment_health: {t_seg:.4f} s")  # fmt: skip
    print("\n".join(lines))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
