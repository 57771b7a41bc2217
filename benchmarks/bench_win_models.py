"""Win-model evaluation (issue 23) against scikit-learn: the same numbers, and the time they take.

Run: ``nice -n 10 uv run --group bench python benchmarks/bench_win_models.py``
(``--quick``: small sizes, a few seconds, what the test suite runs). Each side is timed
``--repeat`` times in the same run and the best run of each is reported (the machine is
shared), so the ratios are what to read. scikit-learn is in the ``bench`` group only; without
it the script times clientel alone and says so.

- The measures (``kernels.auc``, ``brier``, ``log_loss``) on 1e6 seeded forecasts (a tenth of
  them tied) against ``sklearn.metrics.roc_auc_score``, ``brier_score_loss`` and
  ``log_loss``: they must agree to 1e-12, or the script fails.
- ``evaluate_naive_bayes`` (10 folds, 3 fields with declared categories) on 100,000 records
  against ``cross_val_predict(CategoricalNB(alpha=1, min_categories=K))`` on the *same* folds
  (``PredefinedSplit`` of clientel's stratified folds) plus the three sklearn metrics: the
  out-of-fold probabilities must agree to 1e-9. Time includes reading the records (clientel)
  but not encoding them to integers (scikit-learn is given codes).
- ``evaluate_bid_response`` (10 folds) on 100,000 deal records against
  ``cross_val_predict(LogisticRegression(C=inf))`` (no penalty) on the same folds on the price
  ratios: out-of-fold probabilities agree to 1e-5 (lbfgs stops at its own tolerance).

All inputs are seeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util

import numpy as np

from _timing import best_of
from clientel.models import Money
from clientel.pricing import DealRecord, evaluate_bid_response
from clientel.scoring import evaluate_naive_bayes
from clientel.scoring import kernels as sk

HAVE_SKLEARN = importlib.util.find_spec("sklearn") is not None


def _line(what: str, ours: float, theirs: float | None) -> None:
    if theirs is None:
        print(f"  {what}: clientel {ours:.4f} s (no scikit-learn side timed)")
    else:
        print(f"  {what}: clientel {ours:.4f} s, scikit-learn {theirs:.4f} s, "
              f"ratio {theirs / ours:.2f}x")  # fmt: skip


def bench_measures(n: int, repeat: int) -> None:
    rng = np.random.default_rng(1)
    p = rng.random(n)
    p[: n // 10] = np.round(p[: n // 10], 2)  # ties
    won = rng.random(n) < p
    order = np.arange(n)
    print(f"measures on {n:,} forecasts")
    ours = {
        "AUC": lambda: sk.auc(p, won),
        "Brier": lambda: sk.brier(p, won),
        "log loss": lambda: sk.log_loss(p, won),
        "calibration bins + lift": lambda: (
            sk.binned(p, won, order, 10),
            sk.deciles(p, won, order),
        ),
    }
    theirs: dict[str, object] = {}
    if HAVE_SKLEARN:
        from sklearn import metrics

        theirs = {
            "AUC": lambda: metrics.roc_auc_score(won, p),
            "Brier": lambda: metrics.brier_score_loss(won, p),
            "log loss": lambda: metrics.log_loss(won, p),
        }
    for name, fn in ours.items():
        t_ours, value = best_of(fn, repeat)
        if name in theirs:
            t_theirs, ref = best_of(theirs[name], repeat)  # type: ignore[arg-type]
            assert abs(value - ref) <= 1e-12 * max(1.0, abs(ref)), (name, value, ref)
            _line(f"{name} (agree: {value:.10f})", t_ours, t_theirs)
        else:
            _line(name, t_ours, None)


def _history(n: int) -> tuple[list[dict[str, str]], list[bool], list[str], dict[str, list[str]]]:
    rng = np.random.default_rng(2)
    cats = {"source": [f"s{i}" for i in range(6)], "segment": [f"g{i}" for i in range(8)],
            "band": [f"b{i}" for i in range(4)]}  # fmt: skip
    cols = {f: rng.integers(0, len(v), n) for f, v in cats.items()}
    logit = -0.5 + 0.4 * cols["source"] - 0.2 * cols["band"] + 0.1 * (cols["segment"] % 3)
    won = rng.random(n) < 1 / (1 + np.exp(-logit))
    records = [{f: cats[f][cols[f][i]] for f in cats} for i in range(n)]
    return records, won.tolist(), [f"o{i:07d}" for i in range(n)], cats


def bench_naive_bayes(n: int, repeat: int) -> None:
    records, won, ids, cats = _history(n)
    fields = list(cats)
    print(f"evaluate_naive_bayes, 10 folds, {n:,} records x {len(fields)} fields")
    t_ours, ev = best_of(lambda: evaluate_naive_bayes(records, won, ids=ids, fields=fields,
                                                      categories=cats), repeat)  # fmt: skip
    if not HAVE_SKLEARN:
        _line("evaluation", t_ours, None)
        return
    from sklearn import metrics
    from sklearn.model_selection import PredefinedSplit, cross_val_predict
    from sklearn.naive_bayes import CategoricalNB

    y = np.asarray(won)
    codes = np.column_stack([[sorted(cats[f]).index(r[f]) for r in records] for f in fields])
    fold = sk.stratified_folds(np.arange(n), y, 10, 0)  # ids are in sorted order here

    def theirs() -> np.ndarray:
        nb = CategoricalNB(alpha=1.0, min_categories=[len(cats[f]) for f in fields])
        q = cross_val_predict(nb, codes, y, cv=PredefinedSplit(fold), method="predict_proba")[:, 1]
        metrics.roc_auc_score(y, q), metrics.brier_score_loss(y, q), metrics.log_loss(y, q)
        return q

    t_theirs, q = best_of(theirs, repeat)
    gap = float(np.max(np.abs(np.asarray(ev.probabilities) - q)))
    assert gap < 1e-9, f"out-of-fold probabilities differ by {gap}"
    _line(f"evaluation (largest difference {gap:.1e}; AUC {ev.auc:.4f})", t_ours, t_theirs)


def bench_bid_response(n: int, repeat: int) -> None:
    rng = np.random.default_rng(3)
    ratio = np.round(rng.uniform(0.7, 1.0, n), 4)
    won = rng.random(n) < 1 / (1 + np.exp(-12 + 14 * ratio))
    day = dt.date(2026, 1, 5)
    deals = [DealRecord(id=f"d{i:07d}", segment_id="ret", closed_on=day, won=bool(w),
                        price=Money(f"{1000 * r:.1f}", "EUR"), list_price=Money(1000, "EUR"))
             for i, (r, w) in enumerate(zip(ratio, won, strict=True))]  # fmt: skip
    print(f"evaluate_bid_response, 10 folds, {n:,} deals")
    t_ours, ev = best_of(lambda: evaluate_bid_response(deals), repeat)
    if not HAVE_SKLEARN:
        _line("evaluation", t_ours, None)
        return
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import PredefinedSplit, cross_val_predict

    fold = sk.stratified_folds(np.arange(n), won, 10, 0)
    x = ratio.reshape(-1, 1)

    def theirs() -> np.ndarray:
        lr = LogisticRegression(C=np.inf, tol=1e-8, max_iter=1000)
        return cross_val_predict(lr, x, won, cv=PredefinedSplit(fold), method="predict_proba")[:, 1]

    t_theirs, q = best_of(theirs, repeat)
    gap = float(np.max(np.abs(np.asarray(ev.probabilities) - q)))
    assert gap < 1e-5, f"out-of-fold probabilities differ by {gap}"
    _line(f"evaluation (largest difference {gap:.1e}; AUC {ev.auc:.4f})", t_ours, t_theirs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    repeat = 1 if args.quick else args.repeat
    bench_measures(10_000 if args.quick else 1_000_000, repeat)
    bench_naive_bayes(2_000 if args.quick else 100_000, repeat)
    bench_bid_response(2_000 if args.quick else 100_000, repeat)


if __name__ == "__main__":
    main()
