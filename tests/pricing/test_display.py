"""Pricing results show as tables in a notebook and have short one-line reprs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pytest

from clientel.models import Money, Segment
from clientel.pricing import (
    BidResponseModel,
    CostBuildUp,
    DealRecord,
    RateCard,
    RoleRate,
    kernels,
    loss_pareto,
    percentile_band,
    price_waterfall,
    win_rates,
)

EUR = "EUR"
DAY = dt.date(2026, 1, 5)


def _deals() -> list[DealRecord]:
    rows = [(80, True, None), (85, True, None), (90, False, "price"), (95, False, "scope")]
    return [DealRecord(id=f"d{i}", segment_id="ret", closed_on=DAY, won=w, loss_reason=r,
                       price=Money(p, EUR), list_price=Money(100, EUR))
            for i, (p, w, r) in enumerate(rows)]  # fmt: skip


def _results() -> dict[str, object]:
    deals = _deals()
    segs = [Segment(id="ret", name="Retail")]
    band = percentile_band(deals, segment_id="ret", segments=segs, list_price=Money(1000, EUR),
                           n_min=1)  # fmt: skip
    card = RateCard(id="c", rates=[RoleRate(id="consultant", cost_rate=Money(600, EUR))])
    cost = CostBuildUp(rate_card=card, effort={"consultant": 10}, contingency_rate=0.1).summary()
    wf = price_waterfall(Money(1000, EUR), {"order": "0.1"}, {"rebate": Money(20, EUR)},
                         cost=Money(600, EUR))  # fmt: skip
    rng = np.random.default_rng(3)
    x = rng.uniform(0.7, 1.0, 400)
    size = rng.normal(0.0, 1.0, 400)
    won = (rng.random(400) < 1 / (1 + np.exp(-12 + 14 * x + 0.3 * size))).astype(float)
    model = kernels.fit_bid_response(x, won, covariates={"size": size})
    return {
        "PriceBand": band,
        "BidResponseModel": model,
        "CostSummary": cost,
        "Waterfall": wf,
        "WinRate": win_rates(deals)[0],
        "LossReasonShare": loss_pareto(deals)[0],
    }


@pytest.mark.parametrize("name", sorted(_results()))
def test_results_have_a_short_repr_and_render_as_a_table(
    name: str, check_display: Callable[[object], None]
) -> None:
    result = _results()[name]
    assert type(result).__name__ == name
    check_display(result)


def test_reprs_stay_short_for_large_results() -> None:
    names = [f"covariate_{k}" for k in range(40)]
    model = BidResponseModel(a=-1.0, b=2.0, covariates=names, coefficients=[0.1] * 40)
    assert len(repr(model)) <= 160
    assert len(model.to_records()) == 42


def test_cost_summary_rows_add_up_to_the_total() -> None:
    card = RateCard(id="c", rates=[RoleRate(id="a", cost_rate=Money(600, EUR)),
                                   RoleRate(id="b", cost_rate=Money(450, EUR))])  # fmt: skip
    s = CostBuildUp(rate_card=card, effort={"a": 3, "b": 2.5}, overhead_rate=0.15,
                    third_party=Money(99, EUR)).summary()  # fmt: skip
    rows = {r["category"]: Money(r["amount"].split()[0], EUR) for r in s.to_records()}
    parts = [v for k, v in rows.items() if k not in {"total"} and not k.startswith("labour:")]
    assert Money.sum(parts, EUR) == rows["total"] == s.total


def test_waterfall_rows_walk_from_list_to_pocket_price() -> None:
    w = price_waterfall(Money(1000, EUR), {"order": "0.1", "channel": "0.05"},
                        {"rebate": Money(20, EUR)})  # fmt: skip
    rows = w.to_records()
    steps = [Money(r["amount"].split()[0], EUR) for r in rows if r["kind"] != "price"]
    assert rows[0]["step"] == "list price"
    assert rows[-1]["step"] == "pocket price"
    assert w.list_price + Money.sum(steps, EUR) == w.pocket_price
