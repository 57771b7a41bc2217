"""Evaluation of win models (issue 23): published examples, independent computations, properties.

Published examples, read in scikit-learn's documentation:
- AUC: y = [1, 1, 2, 2] (2 positive), scores [0.1, 0.4, 0.35, 0.8] give an area of 0.75
  (scikit-learn 1.1, ``sklearn.metrics.auc``, Examples).
- Log loss: ``log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2],
  [.35, .65]])`` is 0.21616... (scikit-learn 0.16, ``sklearn.metrics.log_loss``, Examples;
  the columns are the classes in alphabetical order, ham then spam).
Everything else is checked against a computation written here: pairwise counts for the
AUC and scipy's Mann-Whitney U, explicit sums, sorting with Python's ``sorted``, scipy's
general-purpose minimiser for Platt scaling, and fitting each fold with the public
``fit_naive_bayes`` / ``fit_bid_response`` and predicting record by record.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES
from scipy.optimize import minimize
from scipy.stats import mannwhitneyu

from clientel.errors import InsufficientDataError, InvalidInputError
from clientel.models import Money, from_data, to_data
from clientel.pricing import DealRecord, evaluate_bid_response, fit_bid_response, win_probability
from clientel.scoring import (
    PlattScaling,
    WinModelEvaluation,
    evaluate_naive_bayes,
    evaluate_predictions,
    fit_naive_bayes,
)
from clientel.scoring import kernels as sk

IDS = [f"r{i:04d}" for i in range(400)]


def test_published_auc_and_log_loss() -> None:
    y = np.array([1, 1, 2, 2]) == 2
    assert sk.auc(np.array([0.1, 0.4, 0.35, 0.8]), y) == 0.75
    spam = np.array(["spam", "ham", "ham", "spam"]) == "spam"
    p_spam = np.array([0.9, 0.1, 0.2, 0.65])  # the second column of the published matrix
    assert f"{sk.log_loss(p_spam, spam):.5f}" == "0.21616"


def brute_auc(p, y):
    pos = [a for a, w in zip(p, y, strict=True) if w]
    neg = [b for b, w in zip(p, y, strict=True) if not w]
    return sum((a > b) + 0.5 * (a == b) for a in pos for b in neg) / (len(pos) * len(neg))


thousandths = st.integers(0, 1000).map(lambda i: i / 1000)
probs = st.lists(st.sampled_from([0.0, 0.05, 0.2, 0.5, 0.7, 0.9, 1.0]) | thousandths,
                 min_size=10, max_size=60)  # fmt: skip


@st.composite
def forecasts(draw):
    p = draw(probs)
    y = draw(st.lists(st.booleans(), min_size=len(p), max_size=len(p)))
    if all(y) or not any(y):
        y[0] = not y[0]
    return np.array(p), np.array(y)


@given(forecasts())
def test_measures_against_independent_formulas(case) -> None:
    p, y = case
    ev = evaluate_predictions(p, y, ids=IDS[: p.size])
    assert ev.auc == pytest.approx(brute_auc(p, y), abs=1e-12)
    u = mannwhitneyu(p[y], p[~y]).statistic
    assert ev.auc == pytest.approx(u / (y.sum() * (~y).sum()), abs=1e-12)
    assert ev.brier == pytest.approx(sum((a - b) ** 2 for a, b in zip(p, y, strict=True)) / p.size)
    clipped = [min(max(a, 1e-15), 1 - 1e-15) for a in p]
    ll = -sum(math.log(a) if w else math.log(1 - a) for a, w in zip(clipped, y, strict=True))
    assert ev.log_loss == pytest.approx(ll / p.size, rel=1e-9)
    # bins: sorted by probability then id, row r in bin floor(10 r / n)
    rows = sorted(range(p.size), key=lambda i: (p[i], IDS[i]))
    for b in range(10):
        members = [rows[r] for r in range(p.size) if (r * 10) // p.size == b]
        cell = ev.calibration[b]
        assert cell.count == len(members)
        assert cell.wins == sum(y[i] for i in members)
        assert cell.mean_probability == pytest.approx(sum(p[i] for i in members) / len(members))
        assert (cell.low, cell.high) == (min(p[i] for i in members), max(p[i] for i in members))
    # deciles: highest probability first, ties by id
    rows = sorted(range(p.size), key=lambda i: (-p[i], IDS[i]))
    base = y.mean()
    so_far = [0, 0]
    for d in range(10):
        members = [rows[r] for r in range(p.size) if (r * 10) // p.size == d]
        rate = sum(y[i] for i in members) / len(members)
        so_far = [so_far[0] + sum(y[i] for i in members), so_far[1] + len(members)]
        assert ev.lift[d].lift == pytest.approx(rate / base)
        assert ev.lift[d].cumulative_lift == pytest.approx(so_far[0] / so_far[1] / base)
    assert ev.lift[-1].cumulative_lift == pytest.approx(1.0)


@given(forecasts(), st.randoms())
def test_bounds_symmetry_and_input_order(case, rnd) -> None:
    p, y = case
    ev = evaluate_predictions(p, y, ids=IDS[: p.size])
    assert 0 <= ev.auc <= 1
    assert 0 <= ev.brier <= 1
    assert ev.reliability >= 0
    assert ev.resolution >= 0
    assert 0 <= ev.uncertainty <= 0.25
    assert ev.log_loss >= 0
    assert ev.brier == pytest.approx(ev.reliability - ev.resolution + ev.uncertainty
                                     + ev.within_bins, abs=1e-12)  # fmt: skip
    flipped = evaluate_predictions(1 - p, y, ids=IDS[: p.size])
    assert flipped.auc == pytest.approx(1 - ev.auc, abs=1e-12)
    order = list(range(p.size))
    rnd.shuffle(order)
    again = evaluate_predictions(p[order], y[order], ids=[IDS[i] for i in order])
    assert again.calibration == ev.calibration
    assert again.lift == ev.lift
    assert (again.auc, again.brier) == pytest.approx((ev.auc, ev.brier), abs=1e-15)
    assert again.platt.a == pytest.approx(ev.platt.a, rel=1e-6, abs=1e-9)


@given(st.lists(st.booleans(), min_size=10, max_size=50).filter(lambda y: 0 < sum(y) < len(y)))
def test_a_perfect_predictor_has_brier_0_and_auc_1(y) -> None:
    won = np.array(y)
    ev = evaluate_predictions(won.astype(float), won, ids=IDS[: won.size])
    assert ev.brier == 0.0
    assert ev.auc == 1.0
    assert ev.reliability == 0.0
    assert ev.log_loss == pytest.approx(0.0, abs=1e-12)
    assert ev.resolution == pytest.approx(ev.uncertainty, abs=1e-12) or ev.within_bins != 0


def test_decomposition_is_exact_when_each_bin_holds_one_forecast() -> None:
    """Murphy (1973): with one forecast value per bin, BS = REL - RES + UNC exactly."""
    p = np.repeat(np.linspace(0.05, 0.95, 10), 7)
    y = np.random.default_rng(4).random(70) < p
    ev = evaluate_predictions(p, y, ids=IDS[:70])
    rel = sum(7 * (p[7 * k] - y[7 * k : 7 * k + 7].mean()) ** 2 for k in range(10)) / 70
    res = sum(7 * (y[7 * k : 7 * k + 7].mean() - y.mean()) ** 2 for k in range(10)) / 70
    assert ev.reliability == pytest.approx(rel)
    assert ev.resolution == pytest.approx(res)
    assert ev.within_bins == pytest.approx(0.0, abs=1e-15)


@given(forecasts())
@settings(max_examples=LONG_RUN_EXAMPLES or 40)
def test_platt_scaling_minimises_the_cross_entropy_against_platts_targets(case) -> None:
    p, y = case
    s = np.log(np.clip(p, 0.01, 0.99) / (1 - np.clip(p, 0.01, 0.99)))
    a, b = sk.platt(s, y)
    n1, n0 = y.sum(), (~y).sum()
    t = np.where(y, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))  # Platt (1999), section 2.2

    def loss(beta):
        eta = beta[0] + beta[1] * s
        return float(np.sum(np.logaddexp(0, eta) - t * eta))

    ref = minimize(loss, np.zeros(2), method="Nelder-Mead",
                   options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20_000})  # fmt: skip
    assert loss(np.array([a, b])) <= ref.fun + 1e-7


def test_platt_grades_and_calibrated_explanations_stay_exact() -> None:
    scaling = PlattScaling(a=0.3, b=0.8)
    assert [scaling.grade(p) for p in (0.75, 0.7499, 0.5, 0.25, 0.2499)] == list("ABBCD")
    model = fit_naive_bayes([{"s": "a", "t": "x"}, {"s": "b", "t": "y"}, {"s": "a", "t": "y"}],
                            [True, False, False], fields=["s", "t"])  # fmt: skip
    est = model.predict({"s": "a", "t": "x"})
    cal = scaling.calibrate(est)
    assert cal.log_odds == pytest.approx(0.3 + 0.8 * est.log_odds)
    assert cal.log_odds == pytest.approx(cal.prior + sum(cal.contributions.values()), abs=1e-12)
    assert cal.probability == pytest.approx(1 / (1 + math.exp(-cal.log_odds)))
    assert scaling.probability([est.probability])[0] == pytest.approx(cal.probability)
    with pytest.raises(InvalidInputError) as exc:
        PlattScaling(a=0.0, b=1.0, cuts=(0.2, 0.5, 0.7))
    assert exc.value.field == "PlattScaling.cuts"


@given(st.integers(2, 7), st.integers(0, 2**32 - 1),
       st.lists(st.booleans(), min_size=14, max_size=80), st.randoms())  # fmt: skip
def test_stratified_folds_are_balanced_seeded_and_follow_the_ids(k, seed, y, rnd) -> None:
    won = np.array(y)
    order = np.arange(won.size)
    fold = sk.stratified_folds(order, won, k, seed)
    for part in (won, ~won, np.ones_like(won)):
        sizes = np.bincount(fold[part], minlength=k)
        assert sizes.max() - sizes.min() <= 1
    assert np.array_equal(fold, sk.stratified_folds(order, won, k, seed))
    perm = np.array(rnd.sample(range(won.size), won.size))
    # the same records in another order (their ids travel with them): the same folds
    assert np.array_equal(sk.stratified_folds(order[perm], won[perm], k, seed), fold[perm])
    mask = sk.holdout_mask(order, won, 0.3, seed)
    assert mask[won].sum() == math.floor(0.3 * won.sum() + 0.5)
    assert mask[~won].sum() == math.floor(0.3 * (~won).sum() + 0.5)


def history(n, seed=5):
    rng = np.random.default_rng(seed)
    src = rng.choice(["referral", "tender", "web", "fair"], n, p=[0.3, 0.3, 0.3, 0.1])
    seg = rng.choice(["bank", "retail", None], n)
    rate = np.where(src == "referral", 0.7, 0.3) + np.where(seg == "bank", 0.1, 0.0)
    won = rng.random(n) < rate
    records = [{"source": a, "segment": b} for a, b in zip(src, seg, strict=True)]
    return records, [bool(w) for w in won]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"alpha": 0.5, "categories": {"source": ["referral", "tender", "web", "fair", "expo"]}},
        {"smoothing": "lidstone_unseen_bucket"},
        {"smoothing": "odoo_pls"},
        {"test_share": 0.3},
    ],
    ids=["lidstone", "declared", "bucket", "odoo", "hold-out"],
)
def test_out_of_fold_probabilities_are_those_of_the_model_fitted_on_the_other_folds(options):
    records, won = history(90)
    ids = IDS[:90]
    fit_options = {k: v for k, v in options.items() if k != "test_share"}
    ev = evaluate_naive_bayes(records, won, ids=ids, fields=["source", "segment"], folds=5,
                              seed=11, **options)  # fmt: skip
    order = np.arange(90)
    y = np.array(won)
    if "test_share" in options:
        test = sk.holdout_mask(order, y, 0.3, 11)
        parts = [(~test, test)]
    else:
        fold = sk.stratified_folds(order, y, 5, 11)
        parts = [(fold != f, fold == f) for f in range(5)]
    expected = {}
    for train, test in parts:
        model = fit_naive_bayes([records[i] for i in np.flatnonzero(train)],
                                [won[i] for i in np.flatnonzero(train)],
                                fields=["source", "segment"], **fit_options)  # fmt: skip
        for i in np.flatnonzero(test):
            expected[ids[i]] = model.predict(records[i]).probability
    got = dict(zip(ev.ids, ev.probabilities, strict=True))
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-12)
    assert ev.method == ("hold_out" if "test_share" in options else "k_fold")


def test_evaluation_is_deterministic_and_independent_of_the_input_order() -> None:
    records, won = history(120)
    ids = IDS[:120]
    ev = evaluate_naive_bayes(records, won, ids=ids, fields=["source", "segment"], seed=3)
    perm = np.random.default_rng(0).permutation(120)
    again = evaluate_naive_bayes([records[i] for i in perm], [won[i] for i in perm],
                                 ids=[ids[i] for i in perm], fields=["source", "segment"],
                                 seed=3)  # fmt: skip
    assert dict(zip(ev.ids, ev.probabilities, strict=True)) == pytest.approx(
        dict(zip(again.ids, again.probabilities, strict=True)), rel=1e-15
    )
    assert ev.calibration == again.calibration
    other = evaluate_naive_bayes(records, won, ids=ids, fields=["source", "segment"], seed=4)
    assert other.probabilities != ev.probabilities


def deals_from(ratio, won):
    day = dt.date(2026, 1, 5)
    return [
        DealRecord(id=f"d{i:03d}", segment_id="ret", closed_on=day, won=bool(w),
                   price=Money(f"{100 * r:.2f}", "EUR"), list_price=Money(100, "EUR"))
        for i, (r, w) in enumerate(zip(ratio, won, strict=True))
    ]  # fmt: skip


def test_bid_response_out_of_fold_probabilities() -> None:
    rng = np.random.default_rng(8)
    ratio = rng.uniform(0.7, 1.0, 150)
    won = rng.random(150) < 1 / (1 + np.exp(-14 + 16 * ratio))
    deals = deals_from(ratio, won)
    ev = evaluate_bid_response(deals, folds=4, seed=2)
    fold = sk.stratified_folds(np.arange(150), won, 4, 2)
    got = dict(zip(ev.ids, ev.probabilities, strict=True))
    for f in range(4):
        model = fit_bid_response([d for d, g in zip(deals, fold, strict=True) if g != f])
        for d, g in zip(deals, fold, strict=True):
            if g == f:
                assert got[d.id] == pytest.approx(
                    float(win_probability(model, [d.price_ratio])[0]), rel=1e-9)  # fmt: skip
    assert ev.auc > 0.7
    assert len(ev.fold_auc) == 4


def test_minimum_data_gate_names_what_is_missing() -> None:
    records, won = history(40)
    won = [True] * 35 + [False] * 5
    with pytest.raises(InsufficientDataError) as exc:
        evaluate_naive_bayes(records, won, ids=IDS[:40], fields=["source"])
    err = exc.value
    assert (err.field, err.won, err.lost, err.needed) == ("won", 35, 5, 10)
    assert "5 more lost needed" in str(err)
    assert isinstance(err, InvalidInputError)
    with pytest.raises(InsufficientDataError) as exc:
        fit_naive_bayes(records, won, fields=["source"], min_per_class=8)
    assert exc.value.needed == 8
    assert "3 more lost" in str(exc.value)
    with pytest.raises(InsufficientDataError):
        evaluate_bid_response(deals_from([0.9] * 12, [True] * 6 + [False] * 6))
    with pytest.raises(InsufficientDataError) as exc:
        evaluate_naive_bayes(records, [True, False] * 20, ids=IDS[:40], fields=["source"],
                             test_share=0.1)  # fmt: skip
    assert exc.value.needed == 50  # ten bins need 10 held-out records: 5 of each at 10 %


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"folds": 1}, "folds"),
        ({"folds": True}, "folds"),
        ({"test_share": 1.5}, "test_share"),
        ({"seed": "x"}, "seed"),
        ({"min_per_class": 0}, "min_per_class"),
        ({"ids": [*IDS[:39], "r0000"]}, "ids"),
        ({"ids": IDS[:3]}, "ids"),
    ],
)  # fmt: skip
def test_bad_evaluation_options(options, field) -> None:
    records, won = history(40)
    kwargs = {"ids": IDS[:40], "fields": ["source"], "min_per_class": 5} | options
    with pytest.raises(InvalidInputError) as exc:
        evaluate_naive_bayes(records, won, **kwargs)
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("p", "won", "field"),
    [([0.5] * 10, [True] * 9, "won"), ([1.2] + [0.5] * 9, [True, False] * 5, "probabilities"),
     ([float("nan")] * 10, [True, False] * 5, "probabilities"),
     ([0.5] * 10, [2] * 10, "won"), ([0.5] * 9, [True, False] * 4 + [True], "probabilities")],
)  # fmt: skip
def test_bad_predictions(p, won, field) -> None:
    with pytest.raises(InvalidInputError) as exc:
        evaluate_predictions(p, won, ids=IDS[: len(p)])
    assert exc.value.field == field


def test_results_serialise_display_and_explain() -> None:
    records, won = history(100)
    ev = evaluate_naive_bayes(records, won, ids=IDS[:100], fields=["source", "segment"])
    assert from_data(to_data(ev), WinModelEvaluation) == ev
    assert len(repr(ev)) < 120
    assert len(ev.to_records()) == 10
    text = str(ev.explain())
    assert text.startswith("naive Bayes, 10-fold cross-validation (seed 0)")
    assert ev.explain().factors[0].criterion == "AUC"
    assert "<table>" in ev._repr_html_()
