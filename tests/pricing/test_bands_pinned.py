"""Price bands: the guards, the flags, the optimum and every error (step 2.5.4, issue 31).

The optimum and the profit band are checked against scipy's bounded scalar minimiser and
the expected-profit formula ``(p - c) / (1 + exp(a + b p))`` written here (Phillips 2005,
*Pricing and Revenue Optimization*, ch. 11, the logit bid-response curve); the guards
against the band's documented rules read by hand (the floor never below
``cost / (1 - min_margin)``, the stretch never above list or ceiling). Errors are pinned by
class and whole text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from clientel.errors import CurrencyMismatchError, InvalidInputError, MissingDataError
from clientel.models import Money, Segment
from clientel.pricing import (
    BidResponseModel,
    DealRecord,
    PriceBand,
    kernels,
    percentile_band,
    price_band,
)

DAY = dt.date(2026, 3, 1)
SEGS = [Segment(id="all", name="All"), Segment(id="ret", name="Retail", parent_id="all")]
ROWS = [(80, True), (85, True), (90, False), (88, True), (95, False), (92, True), (97, False),
        (83, False), (86, True), (91, False)]  # fmt: skip


def eur(x: object) -> Money:
    return Money(x, "EUR")  # type: ignore[arg-type]


def _deals(seg: str = "all", currency: str = "EUR") -> list[DealRecord]:
    return [DealRecord(id=f"d{i}", segment_id=seg, closed_on=DAY, won=w,
                       price=Money(r, currency), list_price=Money(100, currency))
            for i, (r, w) in enumerate(ROWS)]  # fmt: skip


def _profit(a: float, b: float, c: float, p: float) -> float:
    return (p - c) / (1.0 + np.exp(a + b * p))


@given(st.floats(-8.0, 2.0), st.floats(0.01, 3.0), st.floats(0.0, 20.0))
def test_optimum_matches_a_bounded_search(a: float, b: float, c: float) -> None:
    ref = minimize_scalar(lambda p: -_profit(a, b, c, p), bounds=(c, c + 60.0 / b + abs(a) / b),
                          method="bounded", options={"xatol": 1e-10})  # fmt: skip
    for method in ("lambertw", "numerical"):
        got = float(kernels.optimal_price(a, b, c, method=method)[()])  # type: ignore[arg-type]
        # the profit at the optimum is at least the bounded search's
        assert _profit(a, b, c, got) >= -ref.fun * (1 - 1e-9)
        assert abs(got - ref.x) <= 1e-4 * (1 + abs(ref.x))


@given(st.floats(-8.0, 2.0), st.floats(0.05, 3.0), st.floats(0.0, 20.0),
       st.sampled_from([0.01, 0.1, 0.5, 0.9]))  # fmt: skip
def test_band_edges_keep_the_share_of_the_best_profit(
    a: float, b: float, c: float, delta: float
) -> None:
    low, star, high = (float(x[()]) for x in kernels.profit_band(a, b, c, delta))
    best = _profit(a, b, c, star)
    assert c < low < star < high
    for edge in (low, high):
        assert _profit(a, b, c, edge) == pytest.approx((1 - delta) * best, rel=1e-8)
    assert kernels.expected_profit(a, b, c, [star]).tolist() == pytest.approx([best], rel=1e-12)


def test_zero_delta_and_the_guards_of_the_kernel_band() -> None:
    low, star, high = kernels.profit_band(-5.0, 0.05, 60.0, 0.0)
    assert float(low[()]) == float(star[()]) == float(high[()]) == pytest.approx(100.0, abs=1e-9)
    m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    raw = kernels.profit_band(-5.0, 0.05, 60.0, 0.1)
    floor, target, stretch, below = kernels.band(m, [60.0, 60.0, 60.0, 60.0],
                                                 floor_min=[0.0, 95.0, 120.0, 200.0],
                                                 ceiling=[500.0, 500.0, 110.0, 150.0])  # fmt: skip
    # no guard: the profit band; a floor inside it raises the floor only
    assert floor[0] == pytest.approx(float(raw[0][()]))
    assert stretch[0] == pytest.approx(float(raw[2][()]))
    assert (floor[1], target[1]) == (95.0, pytest.approx(100.0))
    # a floor above the optimum: the target is the floor, flagged
    assert (floor[2], target[2], stretch[2], bool(below[2])) == (120.0, 120.0, 120.0, True)
    # a floor above the ceiling: everything at the floor, flagged
    assert (floor[3], target[3], stretch[3], bool(below[3])) == (200.0, 200.0, 200.0, True)
    assert below.tolist()[:2] == [False, False]
    # a ceiling below the optimum caps target and stretch
    capped = kernels.band(m, [60.0], ceiling=[90.0])
    assert (float(capped[1][0]), float(capped[2][0])) == (90.0, 90.0)
    assert not bool(capped[3][0])
    assert kernels.percentile([80.0, 85.0, 90.0, 95.0], 50).tolist() == 87.5
    assert kernels.percentile([3.0], [0, 100]).tolist() == [3.0, 3.0]


def test_price_band_floor_respects_the_minimum_margin_and_flags() -> None:
    band = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                      cost=eur(30_000), min_margin=0.2, n_min=10)  # fmt: skip
    assert band.method == "bid_response"
    assert band.floor >= eur(37_500)  # 30,000 / (1 - 0.2)
    assert band.stretch <= eur(50_000)
    assert not band.needs_strategic_approval
    for level in ("floor", "target", "stretch"):
        p = float(getattr(band, level).amount) / 50_000
        w = 1 / (1 + np.exp(band.diagnostics["a"] + band.diagnostics["b"] * p))
        assert band.diagnostics[f"win_probability_{level}"] == pytest.approx(w, rel=1e-12)
        assert band.diagnostics[f"expected_profit_{level}"] == pytest.approx(
            (p * 50_000 - 30_000) * w, rel=1e-12
        )
    assert (band.diagnostics["list_price"], band.diagnostics["cost"]) == (50_000.0, 30_000.0)
    # a minimum margin whose floor is above list: everything at the floor, strategic approval
    high = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                      cost=eur(30_000), min_margin=0.5, n_min=10)  # fmt: skip
    assert (high.floor, high.target, high.stretch) == (eur(60_000), eur(60_000), eur(60_000))
    assert high.needs_strategic_approval
    assert high.notes[-1] == (
        "market price is below the minimum-margin floor 60000.00 EUR (or the floor is above "
        "list/ceiling): needs strategic approval"
    )
    # a ceiling below list caps the stretch
    capped = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                        cost=eur(30_000), ceiling=eur(44_000), n_min=10)  # fmt: skip
    assert capped.stretch <= eur(44_000)
    # too few deals for a fit: the percentile band, guarded the same way
    few = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                     cost=eur(30_000), min_margin=0.3, n_min=11)  # fmt: skip
    assert few.method == "percentile"
    assert few.floor >= eur("42857.15")  # 30,000 / 0.7 rounded up to the cent
    assert "too few closed deals for a fit: percentile band of won deals" in few.notes
    flagged = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                         cost=eur(40_000), min_margin=0.2, n_min=11)  # fmt: skip
    assert flagged.needs_strategic_approval  # floor 50,000 above every won-deal percentile
    assert (flagged.floor, flagged.target, flagged.stretch) == (eur(50_000),) * 3


def test_position_in_the_band() -> None:
    band = PriceBand(floor=eur(90), target=eur(100), stretch=eur(110), method="percentile",
                     n=12, segment_path=["all"], segment_used="all")  # fmt: skip
    assert [band.position(eur(x)) for x in (90, 100, 110, 80, 115)] == [0.0, 0.5, 1.0, -0.5, 1.25]
    flat = PriceBand(floor=eur(90), target=eur(90), stretch=eur(90), method="percentile", n=1,
                     segment_path=["all"], segment_used="all")  # fmt: skip
    assert [flat.position(eur(x)) for x in (90, 91, 89)] == [0.0, 1.0, -1.0]
    assert [r["price"] for r in band.to_records()] == ["90 EUR", "100 EUR", "110 EUR"]
    assert [r["level"] for r in band.to_records()] == ["floor", "target", "stretch"]
    assert repr(band) == (
        "<PriceBand percentile all: floor 90 EUR, target 100 EUR, stretch 110 EUR (n=12)>"
    )


def test_percentile_band_fallbacks_are_noted() -> None:
    deals = [DealRecord(id=f"d{r}", segment_id="ret", closed_on=DAY, won=True,
                        price=eur(r), list_price=eur(100)) for r in (80, 85, 90, 95)]  # fmt: skip
    band = percentile_band(deals, segment_id="ret", segments=SEGS, list_price=eur(1000), n_min=5)
    assert band.notes == (
        "segment 'ret' has 4 deals (< n_min=5): fell back to 'all'",
        "segment 'all' has 4 deals (< n_min=5): used the root anyway",
    )
    assert (band.segment_used, band.segment_path, band.n) == ("all", ("ret", "all"), 4)
    # numpy's linear percentiles of 0.80, 0.85, 0.90, 0.95: 0.8375, 0.875, 0.9125
    assert (band.floor, band.target, band.stretch) == (eur("837.50"), eur("875.00"),
                                                       eur("912.50"))  # fmt: skip
    assert band.diagnostics == {"ratio_p25": 0.8375, "ratio_p50": 0.875, "ratio_p75": 0.9125}
    exact = percentile_band(deals, segment_id="ret", segments=SEGS, list_price=eur(1000),
                            n_min=4, percentiles=(0.0, 50.0, 100.0))  # fmt: skip
    assert (exact.floor, exact.stretch, exact.notes) == (eur(800), eur(950), ())
    margin = percentile_band(
        [DealRecord(id=f"m{r}", segment_id="ret", closed_on=DAY, won=True, price=eur(100),
                    list_price=eur(100), cost=eur(r)) for r in (60, 70, 80)],
        segment_id="ret", segments=SEGS, list_price=eur(1000), n_min=3, measure="margin",
        cost=eur(600), percentiles=(0.0, 50.0, 100.0),
    )  # fmt: skip
    # margins 0.2, 0.3, 0.4: cost / (1 - m) = 750, 857.142..., 1000
    assert (margin.floor, margin.target, margin.stretch) == (eur(750), eur("857.14"), eur(1000))


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_errors_name_their_field() -> None:
    m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    won = [DealRecord(id="d1", segment_id="ret", closed_on=DAY, won=True, price=eur(90),
                      list_price=eur(100))]  # fmt: skip
    hundred = [DealRecord(id="d1", segment_id="ret", closed_on=DAY, won=True, price=eur(90),
                          list_price=eur(100), cost=eur(0))]  # fmt: skip
    common = {"segment_id": "ret", "segments": SEGS, "n_min": 1}
    cases: list[tuple[Callable[[], object], type[BaseException], str]] = [
        (lambda: kernels.optimal_price(-5.0, 0.0, 60.0), InvalidInputError,
         "b: price coefficient b must be > 0 (demand falls with price)"),
        (lambda: kernels.optimal_price(-5.0, 0.05, 60.0, method="newton"),  # type: ignore[arg-type]
         InvalidInputError, "method: expected 'lambertw' or 'numerical' (got 'newton')"),
        (lambda: kernels.profit_band(-5.0, 0.05, 60.0, 1.0), InvalidInputError,
         "delta: expected 0 <= delta < 1 (got 1.0)"),
        (lambda: kernels.profit_band(-5.0, 0.05, 60.0, -0.1), InvalidInputError,
         "delta: expected 0 <= delta < 1 (got -0.1)"),
        (lambda: kernels.percentile([], [50]), InvalidInputError,
         "values: expected at least one value"),
        (lambda: kernels.percentile([1.0], [101]), InvalidInputError,
         "q: expected one percentile or a list of them, each from 0 to 100 (got [101.0])"),
        (lambda: kernels.percentile([1.0], [-1]), InvalidInputError,
         "q: expected one percentile or a list of them, each from 0 to 100 (got [-1.0])"),
        (lambda: kernels.percentile([1.0], []), InvalidInputError,
         "q: expected one percentile or a list of them, each from 0 to 100 (got [])"),
        (lambda: kernels.percentile([1.0], [[50]]), InvalidInputError,
         "q: expected one percentile or a list of them, each from 0 to 100 (got [[50.0]])"),
        (lambda: kernels.band(m, [60.0], delta=1.5), InvalidInputError,
         "delta: expected 0 <= delta < 1 (got 1.5)"),
        (lambda: PriceBand(floor=eur(100), target=eur(90), stretch=eur(110), method="percentile",
                           n=1, segment_path=["all"], segment_used="all"), InvalidInputError,
         "PriceBand: expected floor <= target <= stretch, got 100 EUR, 90 EUR, 110 EUR"),
        (lambda: price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(1),
                            cost=Money(1, "USD")), CurrencyMismatchError,
         "cost: cost and list price differ in currency"),
        (lambda: price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(0),
                            cost=eur(0)), InvalidInputError,
         "list_price: expected list price > 0 and cost >= 0"),
        (lambda: price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(1),
                            cost=eur(-1)), InvalidInputError,
         "list_price: expected list price > 0 and cost >= 0"),
        (lambda: price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(1),
                            cost=eur(0), ceiling=Money(1, "USD")), CurrencyMismatchError,
         "ceiling: ceiling and list price differ in currency"),
        (lambda: price_band(_deals(currency="USD"), segment_id="all", segments=SEGS,
                            list_price=eur(10), cost=eur(5), n_min=10), CurrencyMismatchError,
         "list_price: deals and quote differ in currency"),
        (lambda: percentile_band(won, list_price=eur(1), percentiles=(50.0, 25.0, 75.0),
                                 **common), InvalidInputError,  # type: ignore[arg-type]
         "percentiles: expected 0 <= floor <= target <= stretch percentiles <= 100 "
         "(got (50.0, 25.0, 75.0))"),
        (lambda: percentile_band(won, list_price=eur(1), percentiles=(0.0, 50.0, 101.0),
                                 **common), InvalidInputError,  # type: ignore[arg-type]
         "percentiles: expected 0 <= floor <= target <= stretch percentiles <= 100 "
         "(got (0.0, 50.0, 101.0))"),
        (lambda: percentile_band(won, list_price=eur(1), measure="price",  # type: ignore[arg-type]
                                 **common), InvalidInputError,  # type: ignore[arg-type]
         "measure: expected 'list_ratio' or 'margin' (got 'price')"),
        (lambda: percentile_band(won, list_price=eur(1), measure="margin", cost=eur(0),
                                 **common), InvalidInputError,  # type: ignore[arg-type]
         "cost: the margin band needs the quote's cost, above 0, in the list price's currency"),
        (lambda: percentile_band(won, list_price=eur(1), measure="margin",
                                 cost=Money(1, "USD"), **common), InvalidInputError,  # type: ignore[arg-type]
         "cost: the margin band needs the quote's cost, above 0, in the list price's currency"),
        (lambda: percentile_band(won, list_price=eur(1), measure="margin", **common),  # type: ignore[arg-type]
         InvalidInputError,
         "cost: the margin band needs the quote's cost, above 0, in the list price's currency"),
        (lambda: percentile_band(hundred, list_price=eur(1), measure="margin", cost=eur(1),
                                 **common), InvalidInputError,  # type: ignore[arg-type]
         "deals: won deals' margins reach 100 %: no finite price"),
        (lambda: percentile_band([], list_price=eur(1), **common), MissingDataError,  # type: ignore[arg-type]
         "deals: no won deal in the segment or its ancestors (got 'ret')"),
        (lambda: percentile_band(won, list_price=Money(1, "USD"), **common),  # type: ignore[arg-type]
         CurrencyMismatchError, "list_price: deals are in EUR, the quote in USD"),
    ]  # fmt: skip
    for call, kind, text in cases:
        err = _error(call)
        assert (type(err), str(err)) == (kind, text)


def test_plot_draws_the_fitted_curves_from_cost_to_list_price() -> None:
    pytest.importorskip("matplotlib")
    band = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                      cost=eur(30_000), min_margin=0.2, n_min=10)  # fmt: skip
    ax = band.plot()
    d = band.diagnostics
    lo = min(30_000.0, float(band.floor.amount))
    hi = max(50_000.0, float(band.stretch.amount))
    prices = np.linspace(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo), 241)
    win = 1 / (1 + np.exp(d["a"] + d["b"] * prices / 50_000))
    (profit,) = [line for line in ax.lines if line.get_label() == "expected profit"]
    np.testing.assert_allclose(profit.get_xdata(), prices, rtol=1e-12)
    np.testing.assert_allclose(profit.get_ydata(), (prices - 30_000) * win, rtol=1e-9)
    (twin,) = [a for a in ax.figure.axes if a is not ax]
    np.testing.assert_allclose(twin.lines[0].get_ydata(), win, rtol=1e-9)
    assert (ax.get_title(), ax.get_xlabel()) == ("Price band: what to quote", "price (EUR)")
    # a percentile band has no fitted curves: the band alone
    flat = PriceBand(floor=eur(90), target=eur(100), stretch=eur(110), method="percentile",
                     n=12, segment_path=["all"], segment_used="all")  # fmt: skip
    axes = flat.plot()
    (target,) = [line for line in axes.lines if line.get_label() == "target"]
    assert list(target.get_xdata()) == [100.0, 100.0]
    # the levels are named where they are, on the axes given
    import matplotlib.pyplot as plt

    _, given = plt.subplots()
    assert flat.plot(ax=given) is given
    assert [(t.get_text(), t.xy[0]) for t in given.texts] == [
        ("floor 90", 90.0), ("target 100", 100.0), ("stretch 110", 110.0)]  # fmt: skip
    # a floor quoted below cost (a loss leader): the curves start at the floor, not the target
    leader = PriceBand(floor=eur(80), target=eur(100), stretch=eur(110), method="bid_response",
                       n=10, segment_path=["all"], segment_used="all",
                       diagnostics={"a": d["a"], "b": d["b"], "list_price": 100.0,
                                    "cost": 95.0})  # fmt: skip
    (curve,) = [line for line in leader.plot().lines if line.get_label() == "expected profit"]
    assert curve.get_xdata()[0] == pytest.approx(80 - 0.08 * (110 - 80), rel=1e-12)
    plt.close("all")


def _logit_fit(x: np.ndarray, won: np.ndarray) -> tuple[float, float, float]:
    """Maximum-likelihood ``a, b`` of ``P(win) = 1 / (1 + exp(a + b x))`` and McFadden's R²,
    by scipy's general minimiser (independent of clientel's solver)."""
    from scipy.optimize import minimize

    def nll(theta: np.ndarray) -> float:
        u = theta[0] + theta[1] * x
        return float(np.sum(np.where(won, np.logaddexp(0, u), np.logaddexp(0, -u))))

    fit = minimize(nll, np.zeros(2), method="BFGS", options={"gtol": 1e-10})
    p = won.mean()
    null = -len(won) * (p * np.log(p) + (1 - p) * np.log(1 - p))
    return float(fit.x[0]), float(fit.x[1]), 1 - fit.fun / null


def test_price_band_fits_price_over_list_and_reports_the_fit() -> None:
    band = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                      cost=eur(30_000), n_min=10)  # fmt: skip
    x = np.array([r / 100 for r, _ in ROWS])
    won = np.array([w for _, w in ROWS])
    a, b, r2 = _logit_fit(x, won)
    d = band.diagnostics
    assert d["a"] == pytest.approx(a, rel=1e-4)
    assert d["b"] == pytest.approx(b, rel=1e-4)
    assert d["mcfadden_r2"] == pytest.approx(r2, rel=1e-4)
    # the target is the optimum of (p - c) w(p) with c = cost / list, clipped into the band
    c = 0.6
    ref = minimize_scalar(lambda p: -(p - c) / (1 + np.exp(a + b * p)), bounds=(c, 3.0),
                          method="bounded", options={"xatol": 1e-9})  # fmt: skip
    assert float(band.target.amount) == pytest.approx(50_000 * ref.x, abs=1.0)
    rows = band.to_records()
    assert [set(r) for r in rows] == [{"level", "price", "win_probability", "expected_profit"}] * 3
    assert rows[1]["win_probability"] == d["win_probability_target"]
    assert rows[2]["expected_profit"] == d["expected_profit_stretch"]
    # thirty closed deals are enough by default; one is never an index error
    thirty = [DealRecord(id=f"e{k}-{d.id}", segment_id="all", closed_on=DAY, won=d.won,
                         price=d.price, list_price=d.list_price)
              for k in range(3) for d in _deals()]  # fmt: skip
    assert price_band(thirty, segment_id="all", segments=SEGS, list_price=eur(50_000),
                      cost=eur(30_000)).method == "bid_response"  # fmt: skip
    one = price_band(_deals()[:1], segment_id="all", segments=SEGS, list_price=eur(50_000),
                     cost=eur(30_000), n_min=1)  # fmt: skip
    assert one.method == "percentile"
    few = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                     cost=eur(30_000), n_min=11)  # fmt: skip
    assert "segment 'all' has 5 deals (< n_min=11): used the root anyway" in few.notes
    assert set(few.diagnostics) == {"ratio_p25", "ratio_p50", "ratio_p75"}


def test_kernel_band_without_guards_and_at_their_edges() -> None:
    m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    low, star, high = (float(v[()]) for v in kernels.profit_band(-5.0, 0.05, 60.0, 0.1))
    floor, target, stretch, below = kernels.band(m, [60.0])
    assert (floor.tolist(), target.tolist(), stretch.tolist(), below.tolist()) == (
        [pytest.approx(low)], [pytest.approx(star)], [pytest.approx(high)], [False])  # fmt: skip
    # a floor above the optimum but below the ceiling: flagged; a floor equal to the
    # ceiling below the optimum: not flagged (the market price is above it)
    _, _, _, flagged = kernels.band(m, [60.0, 60.0], floor_min=[110.0, 90.0],
                                    ceiling=[500.0, 90.0])  # fmt: skip
    assert flagged.tolist() == [True, False]
    for kwargs, field in [({"floor_min": [float("nan")]}, "floor_min"),
                          ({"ceiling": [float("inf")]}, "ceiling")]:  # fmt: skip
        with pytest.raises(InvalidInputError) as info:
            kernels.band(m, [60.0], **kwargs)  # type: ignore[arg-type]
        assert str(info.value.field).startswith(field)
    for call, field in [
        (lambda: kernels.expected_profit(-5.0, 0.05, 60.0, ["x"]), "price"),
        (lambda: kernels.expected_profit(-5.0, 0.05, ["x"], [100.0]), "cost"),
        (lambda: kernels.percentile(["x"], [50]), "values"),
        (lambda: kernels.percentile([1.0], ["x"]), "q"),
    ]:
        with pytest.raises(InvalidInputError) as info:
            call()
        assert str(info.value.field).startswith(field)


def test_coefficients_and_delta_are_named() -> None:
    for args, field in [((float("nan"), 0.05, 60.0), "a"), ((-5.0, float("inf"), 60.0), "b"),
                        ((-5.0, 0.05, float("nan")), "cost")]:  # fmt: skip
        with pytest.raises(InvalidInputError) as info:
            kernels.optimal_price(*args)
        assert str(info.value.field).startswith(field)
    for delta in (float("nan"), "x"):
        with pytest.raises(InvalidInputError) as info:
            kernels.profit_band(-5.0, 0.05, 60.0, delta)  # type: ignore[arg-type]
        assert info.value.field == "delta"
    with pytest.raises(InvalidInputError, match=r"^delta: expected 0 <= delta < 1 \(got nan\)$"):
        kernels.profit_band(-5.0, 0.05, 60.0, float("nan"))
    margin = percentile_band(
        [DealRecord(id=f"m{r}", segment_id="ret", closed_on=DAY, won=True, price=eur(100),
                    list_price=eur(100), cost=eur(r)) for r in (60, 70, 80)],
        segment_id="ret", segments=SEGS, list_price=eur(1000), n_min=3, measure="margin",
        cost=eur(600), percentiles=(0.0, 50.0, 100.0),
    )  # fmt: skip
    assert margin.diagnostics == {"margin_p0": 0.2, "margin_p50": 0.3, "margin_p100": 0.4}


# ---------------------------------------------------------------------------
# Survivors of the mutation run of 2026-11-27 (docs/quality.md): the profit band at its
# edges, the guards and flags at equality, and the arguments passed on. References are the
# first-order condition and the band's defining equation solved by scipy's brentq.


def _log_e(a: float, b: float, c: float, p: float) -> float:
    """log of the expected profit ``(p - c) / (1 + exp(a + b p))``."""
    return float(np.log(p - c) - np.logaddexp(0.0, a + b * p))


def _star(a: float, b: float, c: float) -> float:
    """The optimum from its first-order condition ``b (p - c) - 1 = exp(-(a + b p))``,
    as ``log(b (p - c) - 1) + a + b p = 0`` (increasing in ``p``), by brentq."""
    from scipy.optimize import brentq

    def foc(p: float) -> float:
        x = b * (p - c) - 1.0
        return float(np.log(x) + a + b * p) if x > 0 else -np.inf

    for eps in (1e-12, 1e-9, 1e-6):  # the first start above c + 1/b that floats resolve
        lo = c + (1.0 + eps) / b
        if np.isfinite(foc(lo)):
            break
    if foc(lo) >= 0:  # the root is within eps / b of c + 1/b
        return c + 1.0 / b
    hi = c + 2.0 / b
    while foc(hi) < 0:
        hi = c + 2.0 * (hi - c)
    return float(brentq(foc, lo, hi, xtol=1e-300, maxiter=500))


def _band_roots(a: float, b: float, c: float, delta: float) -> tuple[float, float, float]:
    """The prices where ``log E(p) = log((1 - delta) E(p*))``, each side of ``p*`` (brentq)."""
    from scipy.optimize import brentq

    s = _star(a, b, c)
    target = _log_e(a, b, c, s) + np.log1p(-delta)

    def g(p: float) -> float:
        return _log_e(a, b, c, p) - target

    span = 1.0 / b
    while g(s + span) > 0:
        span *= 2.0
    low = brentq(g, c + 1e-12 * (s - c), s, xtol=1e-300, maxiter=500)
    high = brentq(g, s, s + span, xtol=1e-300, maxiter=500)
    return float(low), s, float(high)


@pytest.mark.parametrize(("a", "b", "c", "delta"), [
    (-5.0, 0.05, -60.0, 0.5),
    (-9.661480282421728, 604.281746102724, -58.93993185657938, 0.762359429921123),
])  # fmt: skip
def test_profit_band_with_a_negative_cost_brackets_the_roots(
    a: float, b: float, c: float, delta: float
) -> None:
    # a negative cost (a rebate above the cost of delivery) moves the lower end's start
    low, star, high = (float(v) for v in kernels.profit_band(a, b, c, delta))
    ref_low, ref_star, ref_high = _band_roots(a, b, c, delta)
    scale = abs(ref_star) + 1.0 / b
    assert abs(star - ref_star) <= 1e-12 * scale
    assert abs(low - ref_low) <= 1e-11 * scale
    assert abs(high - ref_high) <= 1e-11 * scale


@pytest.mark.parametrize(("a", "b", "c", "delta"), [
    (-5.0, 0.05, 60.0, 1 - 4e-15),
    (6.825358732908057, 6.932328087257958, 278.5495038445479, 0.9999999999999964),
])  # fmt: skip
def test_a_delta_next_to_one_takes_the_low_end_to_the_cost_without_warnings(
    a: float, b: float, c: float, delta: float
) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division-by-zero or invalid-value warning
        low, star, high = (float(v) for v in kernels.profit_band(a, b, c, delta))
    s = _star(a, b, c)
    # (p - c) w(p) = (1 - delta) E(p*); over a gap this small w(p) = w(c) to 1e-12
    gap = (1.0 - delta) * np.exp(_log_e(a, b, c, s) + np.logaddexp(0.0, a + b * c))
    assert c <= low <= star
    assert abs(low - (c + gap)) <= 2 * np.spacing(c) + 1e-9 * gap
    _, _, ref_high = _band_roots(a, b, c, 0.999)  # a wider band than delta's: still inside
    assert high >= ref_high


def test_band_shifts_the_intercept_by_the_covariates() -> None:
    m = BidResponseModel(a=-5.0, b=0.05, basis="price", covariates=("size",), coefficients=(0.5,))
    floor, target, stretch, below = kernels.band(m, [60.0, 60.0], covariates={"size": [0.0, 2.0]})
    for k, a in enumerate((-5.0, -4.0)):  # a + 0.5 * size
        low, s, high = _band_roots(a, 0.05, 60.0, 0.1)
        assert target[k] == pytest.approx(s, rel=1e-12)
        assert floor[k] == pytest.approx(low, rel=1e-11)
        assert stretch[k] == pytest.approx(high, rel=1e-11)
    assert below.tolist() == [False, False]


def test_band_flags_an_optimum_strictly_below_the_floor_only() -> None:
    m = BidResponseModel(a=-5.0, b=0.05, basis="price")
    star = float(kernels.band(m, [60.0])[1][0])
    at = float(star)
    above = float(np.nextafter(star, np.inf))
    _, target, _, below = kernels.band(m, [60.0, 60.0], floor_min=[at, above])
    # a floor equal to the optimum is respected by the market price: no approval needed
    assert below.tolist() == [False, True]
    assert target.tolist() == [at, above]


def test_optimal_price_methods_against_the_first_order_condition() -> None:
    # the closed form is exact to rounding; the golden-section search to its resolution
    for a, b, c in [(-5.0, 0.05, 60.0), (-8.968696899031414, 128.00192386105851,
                                         -55.08805173985284)]:  # fmt: skip
        ref = _star(a, b, c)
        scale = abs(ref) + 1.0 / b
        assert abs(float(kernels.optimal_price(a, b, c)[()]) - ref) <= 1e-11 * scale
        numerical = float(kernels.optimal_price(a, b, c, method="numerical")[()])
        assert abs(numerical - ref) <= 1e-5 * scale
        # an independent check computes its own answer: a golden-section search resolves
        # the maximum of a flat curve to about the square root of the float precision,
        # so it never lands on the closed form's bits here
        assert numerical != float(kernels.optimal_price(a, b, c)[()])
    # a market that barely reacts to price below -a/b: the optimum is far above
    # cost + 50/b, inside the search's bracket [c, max(c, -a/b) + 50/b]
    for a, b, c in [(-100.0, 0.5, 0.0), (-100.0, 1.0, 0.0), (-60.0, 0.1, 5.0)]:
        ref = _star(a, b, c)
        assert ref > c + 50.0 / b
        numerical = float(kernels.optimal_price(a, b, c, method="numerical")[()])
        assert numerical == pytest.approx(ref, rel=1e-7)


def test_price_band_passes_delta_on() -> None:
    for delta in (0.05, 0.3):
        band = price_band(_deals(), segment_id="all", segments=SEGS, list_price=eur(50_000),
                          cost=eur(30_000), n_min=10, delta=delta)  # fmt: skip
        a, b = band.diagnostics["a"], band.diagnostics["b"]
        low, _, high = _band_roots(a, b, 0.6, delta)  # in fractions of list price
        assert 50_000 * high < 50_000  # below list: the stretch is the band's own end
        assert float(band.floor.amount) == pytest.approx(50_000 * low, abs=0.011)
        assert float(band.stretch.amount) == pytest.approx(50_000 * high, abs=0.011)


def test_floor_is_the_margin_floor_even_where_floats_cannot_hold_the_cents() -> None:
    from decimal import Decimal
    from fractions import Fraction
    from math import ceil

    # 3e15 EUR: a float ratio floor / list holds about 16 digits, fewer than the 18 of
    # the amount in cents, so list x ratio rounds up to a cent *below* the margin floor
    lst = 3 * 10**15
    deals = [DealRecord(id=f"d{i}", segment_id="all", closed_on=DAY, won=w,
                        price=eur(r * lst // 100), list_price=eur(lst))
             for i, (r, w) in enumerate(ROWS)]  # fmt: skip
    cost = 2_250_000_000_000_001
    floor_min = Decimal(cost) / Decimal("0.8")  # 2812500000000001.25, exact
    ratio = float(floor_min) / lst
    assert ceil(Fraction(lst) * Fraction(repr(ratio)) * 100) < floor_min * 100  # the premise
    band = price_band(deals, segment_id="all", segments=SEGS, list_price=eur(lst),
                      cost=eur(cost), min_margin=0.2, n_min=10)  # fmt: skip
    assert band.method == "bid_response"
    assert band.needs_strategic_approval  # the market's optimum is below 93.75 % of list
    assert (band.floor, band.target, band.stretch) == (eur(floor_min),) * 3


def test_percentile_path_flags_only_a_market_strictly_below_the_floor() -> None:
    # won ratios 80, 85, 86, 88, 92: the median, 86 % of list, is the target
    def band(cost: int, deals: list[DealRecord] | None = None) -> PriceBand:
        return price_band(deals or _deals(), segment_id="all", segments=SEGS,
                          list_price=eur(50_000), cost=eur(cost), min_margin=0.2,
                          n_min=11)  # fmt: skip

    at = band(34_400)  # margin floor 34,400 / 0.8 = 43,000 = the target
    assert (at.method, at.target, at.needs_strategic_approval) == ("percentile", eur(43_000), False)
    assert band(34_401).needs_strategic_approval  # floor 43,001.25 above the target
    # every deal won at list: target = list = margin floor = the cap (no ceiling)
    at_list = [DealRecord(id=f"l{i}", segment_id="all", closed_on=DAY, won=True,
                          price=eur(100), list_price=eur(100)) for i in range(5)]  # fmt: skip
    full = band(40_000, at_list)
    assert (full.floor, full.target, full.stretch) == (eur(50_000),) * 3
    assert not full.needs_strategic_approval


def test_percentile_band_defaults_equal_percentiles_and_the_measure() -> None:
    leaf = [DealRecord(id=f"r{i}", segment_id="ret", closed_on=DAY, won=True,
                       price=eur(80 + i % 10), list_price=eur(100), cost=eur(50))
            for i in range(30)]  # fmt: skip
    root = [DealRecord(id=f"o{i}", segment_id="all", closed_on=DAY, won=True,
                       price=eur(60), list_price=eur(100)) for i in range(40)]  # fmt: skip
    # thirty won deals in the leaf are enough by default
    band = percentile_band(leaf + root, segment_id="ret", segments=SEGS, list_price=eur(1000))
    assert (band.segment_used, band.n, band.notes) == ("ret", 30, ())
    # equal neighbouring percentiles are allowed: the levels coincide
    lows = percentile_band(leaf, segment_id="ret", segments=SEGS, list_price=eur(1000),
                           percentiles=(50.0, 50.0, 75.0))  # fmt: skip
    assert lows.floor == lows.target < lows.stretch
    highs = percentile_band(leaf, segment_id="ret", segments=SEGS, list_price=eur(1000),
                            percentiles=(25.0, 75.0, 75.0))  # fmt: skip
    assert highs.floor < highs.target == highs.stretch
    # the list-ratio measure ignores a cost given with it: prices 80..89 of list 100,
    # three of each; numpy's linear 25th percentile of them is 82 (h = 29 * 0.25 = 7.25)
    ratio = percentile_band(leaf, segment_id="ret", segments=SEGS, list_price=eur(1000),
                            cost=eur(500))  # fmt: skip
    assert set(ratio.diagnostics) == {"ratio_p25", "ratio_p50", "ratio_p75"}
    assert ratio.floor == eur(820)


def test_a_fit_that_explains_nothing_reports_a_zero_r2() -> None:
    # wins and losses at the same prices but one loss 1 EUR above a list price of 10 bn EUR:
    # the fitted price coefficient is positive (2e-8) and explains nothing
    lst = 10**10
    rows = [(9 * 10**9, True), (lst, True), (9 * 10**9, False), (lst + 1, False),
            (95 * 10**8, True), (95 * 10**8, False)]  # fmt: skip
    deals = [DealRecord(id=f"z{i}", segment_id="all", closed_on=DAY, won=w, price=eur(p),
                        list_price=eur(lst)) for i, (p, w) in enumerate(rows)]  # fmt: skip
    band = price_band(deals, segment_id="all", segments=SEGS, list_price=eur(lst),
                      cost=eur(6 * 10**9), n_min=6)  # fmt: skip
    _, _, r2 = _logit_fit(np.array([p / lst for p, _ in rows]), np.array([w for _, w in rows]))
    assert band.method == "bid_response"
    assert band.diagnostics["b"] > 0
    assert abs(r2) < 1e-9
    assert abs(band.diagnostics["mcfadden_r2"]) < 1e-9
