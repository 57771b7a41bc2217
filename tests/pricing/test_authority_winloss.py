"""Discount authority routing, re-approval, quote status (2.5.5-2.5.6) and win/loss analytics."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models import Money, from_data, to_data
from clientel.pricing import (
    Approvals,
    AuthorityRule,
    DealRecord,
    DiscountAuthority,
    PriceBand,
    Quote,
    loss_pareto,
    quote_status,
    reapprovals,
    required_approvals,
    win_rates,
    win_rates_by_position,
)
from clientel.testing import deal_records, discount_authorities, pricing_quotes

EUR = "EUR"
AUTHORITY = DiscountAuthority(
    rules=(
        AuthorityRule(role="am", level=0, max_discount=0.10, max_deal_value=Money(100000, EUR),
                      min_margin=0.25),
        AuthorityRule(role="director", level=1, max_discount=0.20,
                      max_deal_value=Money(500000, EUR), min_margin=0.15),
        AuthorityRule(role="finance", level=1, min_margin=0.05, max_discount=0.10),
        AuthorityRule(role="gm", level=2, max_discount=0.40, non_standard_terms=True,
                      min_margin=0.0),
    )
)  # fmt: skip


def _q(
    discount: float = 0.05, value: int = 50000, margin: float = 0.3, terms: bool = False
) -> Quote:
    return Quote(
        value=Money(value, EUR), discount=discount, margin=margin, non_standard_terms=terms
    )


def test_within_own_authority_needs_nobody() -> None:
    route = required_approvals(AUTHORITY, _q(), requester="am")
    assert route.steps == ()
    assert route.roles == ()


def test_routing_sequential_and_parallel() -> None:
    route = required_approvals(AUTHORITY, _q(discount=0.15, margin=0.1, terms=True), requester="am")
    # discount 0.15: director (level 1); margin 0.10: finance (level 1); terms: gm (level 2).
    assert [(s.level, s.roles) for s in route.steps] == [(1, ("director", "finance")), (2, ("gm",))]
    dims = {c.dimension: c.role for s in route.steps for c in s.conditions}
    assert dims == {"discount": "director", "margin": "finance", "non_standard_terms": "gm"}
    assert from_data(to_data(route), Approvals) == route


def test_inclusive_and_exclusive_limits() -> None:
    limits = {"max_discount": 0.1, "max_deal_value": Money(1000, EUR), "min_margin": 0.2}
    inc = DiscountAuthority(rules=(AuthorityRule(role="am", level=0, **limits),))  # type: ignore[arg-type]
    exc = DiscountAuthority(rules=(AuthorityRule(role="am", level=0, inclusive=False, **limits),))  # type: ignore[arg-type]
    at_limit = Quote(value=Money(1000, EUR), discount=0.1, margin=0.2)
    assert inc.can_approve("am", at_limit)
    assert exc.breaches("am", at_limit) == ("discount", "deal_value", "margin")


def test_most_restrictive_rule_wins() -> None:
    m = DiscountAuthority(rules=(AuthorityRule(role="am", level=0, max_discount=0.2),
                               AuthorityRule(role="am", level=0, max_discount=0.05)))  # fmt: skip
    assert not m.can_approve("am", _q(discount=0.1))
    assert m.can_approve("am", _q(discount=0.05))


def test_uncovered_dimension_is_red() -> None:
    status = quote_status(AUTHORITY, _q(discount=0.5), role="am")
    assert status.colour == "red"
    assert required_approvals(AUTHORITY, _q(discount=0.5), requester="am").uncovered == (
        "discount",
    )


def test_quote_status_combines_authority_and_band() -> None:
    band = PriceBand(floor=Money(45000, EUR), target=Money(48000, EUR), stretch=Money(52000, EUR),
                     method="percentile", n=10, segment_path=("a",), segment_used="a")  # fmt: skip
    assert quote_status(AUTHORITY, _q(value=50000), role="am", band=band).colour == "green"
    amber = quote_status(AUTHORITY, _q(value=46000), role="am", band=band)
    assert (amber.colour, amber.authority, amber.band) == ("amber", "green", "amber")
    red = quote_status(AUTHORITY, _q(value=44000), role="am", band=band)
    assert red.colour == "red"
    escalated = quote_status(AUTHORITY, _q(value=50000, discount=0.15), role="am", band=band)
    assert (escalated.colour, escalated.authority) == ("amber", "amber")


def test_reapproval_only_for_changed_steps() -> None:
    before = required_approvals(AUTHORITY, _q(discount=0.15, margin=0.1), requester="am")
    same = required_approvals(AUTHORITY, _q(discount=0.15, margin=0.1), requester="am")
    assert reapprovals(before, same).steps == ()
    deeper = required_approvals(AUTHORITY, _q(discount=0.18, margin=0.1), requester="am")
    assert reapprovals(before, deeper).roles == ("director",)
    terms = required_approvals(AUTHORITY, _q(discount=0.15, margin=0.1, terms=True), requester="am")
    assert reapprovals(before, terms).roles == ("gm",)


def test_authority_bad_input() -> None:
    with pytest.raises(UnknownReferenceError, match="intern"):
        required_approvals(AUTHORITY, _q(), requester="intern")
    with pytest.raises(CurrencyMismatchError):
        required_approvals(AUTHORITY, Quote(value=Money(1, "USD"), discount=0, margin=0.5),
                           requester="am")  # fmt: skip
    with pytest.raises(InvalidInputError, match=r"Quote\.discount"):
        _q(discount=1.2)
    with pytest.raises(InvalidInputError, match="at least one rule"):
        DiscountAuthority(rules=())


def _max_level(route: Approvals) -> int:
    return max((s.level for s in route.steps), default=-1)


@given(discount_authorities(), pricing_quotes(), st.floats(0, 1), st.integers(0, 10**6))
def test_routing_is_monotone_in_discount_and_value(
    m: DiscountAuthority, q: Quote, more: float, extra: int
) -> None:
    requester = m.roles[0]
    base = required_approvals(m, q, requester=requester)
    bigger_discount = Quote(value=q.value, discount=max(q.discount, more), margin=q.margin,
                            non_standard_terms=q.non_standard_terms)  # fmt: skip
    bigger_value = Quote(value=q.value + Money(extra, EUR), discount=q.discount, margin=q.margin,
                         non_standard_terms=q.non_standard_terms)  # fmt: skip
    for other in (bigger_discount, bigger_value):
        route = required_approvals(m, other, requester=requester)
        assert set(base.uncovered) <= set(route.uncovered)
        need_base = {c.dimension: m.level(c.role) for s in base.steps for c in s.conditions}
        need = {c.dimension: m.level(c.role) for s in route.steps for c in s.conditions}
        for dim, level in need_base.items():
            assert dim in route.uncovered or need[dim] >= level
        # Every approver that is routed to may approve its dimension; the requester may not.
        for s in route.steps:
            for c in s.conditions:
                assert c.dimension not in m.breaches(c.role, other)
                assert c.dimension in m.breaches(requester, other)


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
