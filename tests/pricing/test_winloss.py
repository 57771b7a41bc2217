"""Win/loss analytics (step 2.5.7): win rates by segment, competitor and band position, Pareto."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.models import Money
from clientel.pricing import (
    DealRecord,
    loss_pareto,
    win_rates,
    win_rates_by_position,
)
from clientel.testing import deal_records

EUR = "EUR"


def _mk(i: int, seg: str, won: bool, comp: str | None = None, reason: str | None = None,
        price: int = 90) -> DealRecord:  # fmt: skip
    return DealRecord(id=f"d{i}", segment_id=seg, closed_on=dt.date(2026, 1, 1), won=won,
                      price=Money(price, EUR), list_price=Money(100, EUR), competitor_id=comp,
                      loss_reason=reason)  # fmt: skip


@given(st.lists(deal_records(), max_size=30))
def test_win_rates_match_counting(deals: list[DealRecord]) -> None:
    for by, key in (("segment", lambda d: d.segment_id),
                    ("competitor", lambda d: d.competitor_id or "(none)")):  # fmt: skip
        rows = win_rates(deals, by=by)  # type: ignore[arg-type]
        n = Counter(key(d) for d in deals)
        w = Counter(key(d) for d in deals if d.won)
        assert {r.key: (r.n, r.wins) for r in rows} == {k: (n[k], w[k]) for k in n}
        assert [r.key for r in rows] == sorted(n)


def test_win_rate_by_position_and_pareto() -> None:
    deals = [
        _mk(1, "a", True, price=80),
        _mk(2, "a", False, reason="price", price=85),
        _mk(3, "a", True, price=88),
        _mk(4, "a", False, reason="scope", price=93),
        _mk(5, "a", False, reason="price", price=96),
        _mk(6, "a", False, price=99),
    ]
    rows = win_rates_by_position(deals, floor=0.85, target=0.9, stretch=0.95)
    assert [(r.key, r.n, r.wins) for r in rows] == [
        ("1 below floor", 1, 1), ("2 floor-target", 2, 1), ("3 target-stretch", 1, 0),
        ("4 above stretch", 2, 0)]  # fmt: skip
    pareto = loss_pareto(deals)
    assert [(r.code, r.count) for r in pareto] == [("price", 2), ("(unknown)", 1), ("scope", 1)]
    assert pareto[-1].cumulative == 1.0
    assert loss_pareto([_mk(1, "a", True)]) == ()
    with pytest.raises(InvalidInputError, match="by"):
        win_rates(deals, by="region")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="floor"):
        win_rates_by_position(deals, floor=0.9, target=0.8, stretch=1.0)
