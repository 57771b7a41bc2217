"""Price band, tornado and financial impact: currencies on the axes, every mark in the legend.

Reference values are computed here, independently: the logit win probability
``1 / (1 + exp(a + b x))`` with ``x = price / list``, NPV by discounting each
period's flow, the ends of the tornado's bars from the model run by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from matplotlib.colors import to_hex

from clientel import planning, plots, pricing
from clientel.errors import InvalidInputError
from clientel.models import Money, Opportunity, OpportunityOrigin, Segment

VERMILLION, BLUE = "#d55e00", "#0072b2"


# ---------------------------------------------------------------- price band


def test_price_band_names_both_curves_the_band_and_the_currency(look: Any) -> None:
    ax = plots.plot_price_band([90, 100, 110], [0.8, 0.5, 0.2], [8, 10, 6],
                               floor=95, target=100, stretch=105, currency="EUR")  # fmt: skip
    assert look.legend(ax) == [
        "expected profit",
        "win probability (right axis)",
        "price band: floor to stretch",
        "target",
    ]
    assert ax.get_xlabel() == "price (EUR)"
    assert ax.get_ylabel() == "expected profit (EUR)"
    twin = next(a for a in ax.figure.axes if a is not ax)
    assert twin.get_ylabel() == "probability of winning"
    assert twin.get_ylim() == (0, 1)
    renderer = look.draw(ax)
    assert [t.get_text() for t in twin.get_yticklabels()][-1] == "100%"
    levels = {t.get_text() for t in ax.texts}
    assert levels == {"floor 95", "target 100", "stretch 105"}
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_levels_at_one_price_do_not_overprint(look: Any) -> None:
    ax = plots.plot_price_band([], [], [], floor=1e5, target=1e5, stretch=1e5, currency="EUR")
    renderer = look.draw(ax)
    texts = look.texts(ax.figure)
    assert {"floor 100 k", "target 100 k", "stretch 100 k"} <= {t.get_text() for t in texts}
    assert look.overlaps(texts, renderer) == []


def test_a_percentile_band_draws_the_band_without_curves(look: Any) -> None:
    eur = lambda x: Money(x, "EUR")  # noqa: E731
    band = pricing.PriceBand(floor=eur(90_000), target=eur(100_000), stretch=eur(110_000),
                             method="percentile", n=40, segment_path=["all"],
                             segment_used="all")  # fmt: skip
    ax = band.plot()
    assert look.legend(ax) == ["price band: floor to stretch", "target"]
    assert ax.get_xlabel() == "price (EUR)"
    assert len(ax.figure.axes) == 1  # no win-probability axis


def _deals() -> list[pricing.DealRecord]:
    rng = np.random.default_rng(11)
    ratio = rng.uniform(0.75, 1.0, 200)
    won = rng.uniform(size=200) < 1 / (1 + np.exp(-12 + 14 * ratio))
    return [
        pricing.DealRecord(id=f"d{i}", segment_id="all", closed_on=dt.date(2026, 1, 5),
                           won=bool(w), price=Money(f"{1000 * r:.2f}", "EUR"),
                           list_price=Money(1000, "EUR"))
        for i, (r, w) in enumerate(zip(ratio, won, strict=True))
    ]  # fmt: skip


def test_a_fitted_band_draws_the_fitted_curves_from_cost_to_list(look: Any) -> None:
    band = pricing.price_band(_deals(), segment_id="all", segments=[Segment(id="all", name="All")],
                              list_price=Money(50_000, "EUR"), cost=Money(30_000, "EUR"),
                              n_min=30)  # fmt: skip
    assert band.method == "bid_response"
    ax = band.plot()
    profit_line = ax.get_lines()[0]
    twin = next(a for a in ax.figure.axes if a is not ax)
    win_line = twin.get_lines()[0]
    prices = win_line.get_xdata()
    assert prices.min() < 30_000
    assert prices.max() > 50_000
    a, b = band.diagnostics["a"], band.diagnostics["b"]
    expected = 1 / (1 + np.exp(a + b * prices / 50_000))
    assert win_line.get_ydata() == pytest.approx(expected)
    assert profit_line.get_ydata() == pytest.approx((prices - 30_000) * expected)
    # the band's target is the best expected profit inside the band (unimodal curve)
    inside = (prices >= band.floor.to_float()) & (prices <= band.stretch.to_float())
    best = prices[inside][np.argmax(profit_line.get_ydata()[inside])]
    assert best == pytest.approx(band.target.to_float(), abs=(prices[1] - prices[0]) * 1.01)
    assert look.legend(ax)[:2] == ["expected profit", "win probability (right axis)"]
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_price_band_refuses_a_band_out_of_order() -> None:
    with pytest.raises(InvalidInputError) as err:
        plots.plot_price_band([1], [0.5], [1], floor=3, target=2, stretch=4)
    assert err.value.field == "band"


# ---------------------------------------------------------------- tornado


def _model(v: dict[str, Any]) -> Any:
    m = v["volume"] * (1 - v["cost_ratio"])
    return np.column_stack([np.full_like(m, -0.4), m, m, m])


BASE = {"volume": 1.0, "cost_ratio": 0.75}
LOW = {"volume": 0.7, "cost_ratio": 0.7}
HIGH = {"volume": 1.2, "cost_ratio": 0.9}


def _npv(volume: float, cost_ratio: float) -> float:
    """Flows -0.4, m, m, m at t = 0, 1, 2, 3 discounted at 8 %, by hand."""
    m = volume * (1 - cost_ratio)
    return -0.4 + sum(m / 1.08**t for t in (1, 2, 3))


def test_tornado_marks_the_base_and_names_output_and_currency(look: Any) -> None:
    result = planning.tornado(_model, BASE, LOW, HIGH, rate=0.08, currency="EUR")
    assert result.base == pytest.approx(_npv(1.0, 0.75))
    assert [b.driver for b in result] == ["cost_ratio", "volume"]  # widest first
    assert len(result) == 2
    assert result[0] is result.bars[0]
    ax = result.plot()
    assert ax.get_xlabel() == "NPV (EUR)"
    assert look.straight(ax, True) == pytest.approx([result.base])
    base_text = f"base case: {result.base:.4g} EUR"
    assert look.legend(ax) == [
        "pessimistic: NPV below base",
        "optimistic: NPV above base",
        base_text,
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cost_ratio", "volume"]
    renderer = look.draw(ax)
    top = ax.get_yticklabels()[0].get_window_extent(renderer)
    bottom = ax.get_yticklabels()[1].get_window_extent(renderer)
    assert top.y0 > bottom.y0  # the widest bar is drawn on top
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_a_cost_driver_high_value_is_the_pessimistic_end(look: Any) -> None:
    result = planning.tornado(_model, BASE, LOW, HIGH, rate=0.08, currency="EUR")
    ax = result.plot()
    worst = _npv(1.0, 0.9)  # cost ratio at its HIGH value: the lowest NPV of that driver
    bars = {(round(p.get_y() + p.get_height() / 2), to_hex(p.get_facecolor())): p
            for p in ax.patches}  # fmt: skip
    pessimistic = bars[(0, VERMILLION)]  # row 0: cost_ratio
    assert pessimistic.get_x() == pytest.approx(worst)
    assert pessimistic.get_x() + pessimistic.get_width() == pytest.approx(result.base)
    optimistic = bars[(0, BLUE)]
    assert optimistic.get_x() + optimistic.get_width() == pytest.approx(_npv(1.0, 0.7))
    # the value written at the pessimistic end is the driver's high value, 0.9
    ends = {t.get_text(): t.get_position()[0] for t in ax.texts if t.get_position()[1] == 0}
    assert ends["0.9"] < result.base < ends["0.7"]


def test_where_less_is_better_the_colours_swap_sides(look: Any) -> None:
    ax = plots.plot_tornado(["rate"], [120.0], [80.0], 100.0, output="cost", currency="EUR",
                            higher_is_better=False)  # fmt: skip
    left = min(ax.patches, key=lambda p: p.get_x())
    right = max(ax.patches, key=lambda p: p.get_x())
    assert to_hex(left.get_facecolor()) == BLUE  # below the base: cheaper, optimistic
    assert to_hex(right.get_facecolor()) == VERMILLION
    assert look.legend(ax)[:2] == ["pessimistic: cost above base", "optimistic: cost below base"]


def test_tornado_result_shows_as_a_table(check_display: Any) -> None:
    result = planning.tornado(_model, BASE, LOW, HIGH, rate=0.08)
    check_display(result)
    assert result.to_records()[0]["npv_base"] == pytest.approx(_npv(1.0, 0.75))


def test_tornado_bad_input_is_named() -> None:
    with pytest.raises(InvalidInputError) as err:
        plots.plot_tornado(["a"], [1.0], [float("inf")], 0.0)
    assert err.value.field == "high[0]"
    with pytest.raises(InvalidInputError) as err:
        plots.plot_tornado(["a"], [1.0], [2.0], 0.0, low_labels=["x", "y"])
    assert err.value.field == "low_labels"


# ---------------------------------------------------------------- financial impact


def test_financial_impact_writes_npv_and_irr_with_the_currency(look: Any) -> None:
    eur = lambda x: Money(x, "EUR")  # noqa: E731
    opp = Opportunity(id="o1", client_id="c1", name="Cloud migration",
                      origin=OpportunityOrigin.CLIENT_IT_NEED, first_year=2027,
                      revenue=[eur(400_000), eur(300_000), eur(200_000)],
                      cost=[eur(300_000), eur(210_000), eur(130_000)],
                      pursuit_cost=eur(40_000))  # fmt: skip
    impact = planning.financial_impact(opp, 0.08)
    ax = impact.plot()
    assert ax.get_ylabel() == "amount per year (EUR)"
    assert look.legend(ax) == ["revenue", "delivery cost", "margin"]
    # NPV by hand: -40,000 now, margins 100,000, 90,000, 70,000 at the ends of years 1-3
    npv = -40_000 + 100_000 / 1.08 + 90_000 / 1.08**2 + 70_000 / 1.08**3
    headline = ax.texts[-1].get_text().splitlines()
    assert headline[0] == f"NPV at 8%: {npv:,.0f} EUR"
    assert headline[1] == f"IRR: {impact.irr:.1%}"
    heights = [p.get_height() for p in ax.patches]
    assert heights == [400_000, 300_000, 200_000, 300_000, 210_000, 130_000,
                       100_000, 90_000, 70_000]  # fmt: skip
    renderer = look.draw(ax)
    assert look.overlaps(look.texts(ax.figure), renderer) == []


def test_an_impact_without_irr_says_why(look: Any) -> None:
    eur = lambda x: Money(x, "EUR")  # noqa: E731
    impact = planning.option_impact("gain", [eur(10), eur(10)], [eur(5), eur(5)], 0.08)
    assert impact.irr is None
    ax = impact.plot()
    assert ax.texts[-1].get_text().splitlines()[1] == "IRR: none (the flows never change sign)"


def test_a_loss_year_is_a_bar_below_zero(look: Any) -> None:
    ax = plots.plot_financial_impact(["Y1", "Y2"], [10, 5], [7, 8], currency="CHF")
    margins = [p.get_height() for p in ax.patches][4:]
    assert margins == [3, -3]
    assert ax.get_ylim()[0] < -3
