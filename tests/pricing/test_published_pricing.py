"""Pricing arithmetic against small published worked examples (cited per test)."""

from __future__ import annotations

from decimal import Decimal

from clientel.models import Money
from clientel.pricing import compound_discount, price_waterfall


def usd(x: int | str) -> Money:
    return Money(x, "USD")


def test_accountingtools_pocket_price_example() -> None:
    """AccountingTools (S. Bragg), "Pocket price": list price $100, discounts and rebates of
    $20 give a pocket price of $80; with a cost of goods sold of $50 the contribution is $30."""
    w = price_waterfall(usd(100), {}, {"discounts and rebates": usd(20)}, cost=usd(50))
    assert w.pocket_price == usd(80)
    assert w.pocket_margin == usd(30)
    assert w.leakage == usd(20)


def test_volume_discount_and_stacking_example() -> None:
    """Pryse, "Price waterfall formula" (2026): a 12 % volume discount on a $500 list price
    gives a $440 invoice price; a 10 % and a 5 % discount compound to 14.5 %, not 15 %."""
    w = price_waterfall(usd(500), {"volume": "0.12"}, {})
    assert w.invoice_price == usd(440)
    assert compound_discount(["0.10", "0.05"]) == Decimal("0.145")
