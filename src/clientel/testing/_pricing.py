"""Strategies for pricing entities: deals, rate cards, volume tiers, bid response."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from clientel import pricing as p
from clientel.models import Money
from clientel.testing._values import identifiers, money

__all__ = [
    "bid_response_models",
    "deal_records",
    "rate_cards",
    "volume_schedules",
]

_days = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


def deal_records(
    currency: str = "EUR", segment_ids: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[p.DealRecord]:
    """Closed deals with a price at 50-110 % of a positive list price."""

    @st.composite
    def build(draw: st.DrawFn) -> p.DealRecord:
        lst = draw(money(currency, min_value=1, max_value=10**6))
        ratio = draw(st.decimals(Decimal("0.5"), Decimal("1.1"), places=3))
        price = Money(max(lst.amount * ratio, Decimal("0.01")), currency).round()
        won = draw(st.booleans())
        cost = draw(st.none() | st.just((price * Decimal("0.6")).round()))
        return p.DealRecord(
            id=draw(identifiers()),
            segment_id=draw(
                segment_ids if segment_ids is not None else st.sampled_from(["a", "b"])
            ),
            closed_on=draw(_days),
            price=price,
            list_price=lst,
            won=won,
            cost=cost,
            competitor_id=draw(st.none() | st.sampled_from(["c1", "c2", "c3"])),
            loss_reason=None if won else draw(st.none() | st.sampled_from(["price", "scope"])),
        )

    return build()


def rate_cards(currency: str = "EUR") -> st.SearchStrategy[p.RateCard]:
    """Rate cards with one to four roles."""
    roles = st.lists(st.sampled_from(["analyst", "consultant", "manager", "partner"]),
                     min_size=1, max_size=4, unique=True)  # fmt: skip
    return roles.flatmap(
        lambda names: st.tuples(*[money(currency, min_value=0, max_value=5000) for _ in names]).map(
            lambda rates: p.RateCard(id="card", rates=tuple(
                p.RoleRate(id=n, cost_rate=r) for n, r in zip(names, rates, strict=True)))
        )
    )  # fmt: skip


def volume_schedules() -> st.SearchStrategy[list[p.VolumeTier]]:
    """Ordered, contiguous tiers from the first unit (starting at 0 or 1, which mean the same)
    with non-decreasing discounts; the last is open."""

    @st.composite
    def build(draw: st.DrawFn) -> list[p.VolumeTier]:
        cuts = sorted(draw(st.sets(st.integers(2, 500), max_size=4)))
        ds = sorted(draw(st.lists(st.decimals(0, Decimal("0.5"), places=2),
                                  min_size=len(cuts) + 1, max_size=len(cuts) + 1)))  # fmt: skip
        bounds = [draw(st.sampled_from([0, 1])), *cuts]
        return [p.VolumeTier(lower=lo, upper=bounds[i + 1] if i + 1 < len(bounds) else None,
                             discount=ds[i]) for i, lo in enumerate(bounds)]  # fmt: skip

    return build()


def bid_response_models(basis: str = "price") -> st.SearchStrategy[p.BidResponseModel]:
    """Bid-response curves with a 50 % price between 10 and 1000 and a moderate slope."""
    return st.builds(
        lambda mid, b: p.BidResponseModel(a=-b * mid, b=b, basis=basis),  # type: ignore[arg-type]
        st.floats(10, 1000),
        st.floats(0.005, 0.5),
    )
