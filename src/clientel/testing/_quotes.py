"""Strategies for quotes with lines: products, services, volume tiers, bundles (2.5.4)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import strategies as st

from clientel import models as m
from clientel.models._volume import VolumeTier
from clientel.testing._values import money

__all__ = ["quote_lines", "quotes"]

_types = st.none() | st.sampled_from(["system_integration", "outsourcing"])
_rates = st.sampled_from([Decimal("0"), Decimal("0.07"), Decimal("0.19"), Decimal("0.21")])
_percent = st.integers(0, 100).map(lambda k: Decimal(k) / 100)
_small = st.integers(0, 40).map(lambda k: Decimal(k) / 100)


def _share(amount: m.Money, ratio: Decimal) -> m.Money:
    return (amount * ratio).round()


def _tiers(draw: st.DrawFn) -> tuple[VolumeTier, ...]:
    cuts = sorted(draw(st.sets(st.integers(2, 200), min_size=1, max_size=3)))
    ds = sorted(draw(st.lists(_small, min_size=len(cuts) + 1, max_size=len(cuts) + 1)))
    bounds = [draw(st.sampled_from([0, 1])), *cuts]
    return tuple(
        VolumeTier(lower=lo, upper=bounds[i + 1] if i + 1 < len(bounds) else None, discount=ds[i])
        for i, lo in enumerate(bounds)
    )


def _plain(
    draw: st.DrawFn, key: str, cur: str, cost: bool, *, priced: bool = True, first: bool = False
) -> m.QuoteLine:
    """A product or service line; ``priced=False`` for a component its bundle prices."""
    kind = draw(st.sampled_from([m.LineKind.PRODUCT, m.LineKind.SERVICE]))
    low = 1 if first else 0
    unit_price = draw(money(cur, min_value=low, max_value=10**5))
    if draw(st.booleans()):
        quantity = Decimal(draw(st.integers(low, 400)))
    else:
        quantity = Decimal(draw(st.integers(max(low, 1) * 2, 800))) / 2
    tiers: tuple[VolumeTier, ...] = ()
    discount, price, tax = Decimal(0), None, None
    if priced:
        if quantity == quantity.to_integral_value() and draw(st.booleans()):
            tiers = _tiers(draw)
        discount = draw(_small if first else _percent)
        listed = unit_price * quantity
        if draw(st.booleans()) and not listed.is_zero():
            price = _share(listed, Decimal(draw(st.integers(50 if first else 0, 130))) / 100)
            price = max(price, m.Money("0.01", cur)) if first else price
        tax = draw(st.none() | _rates)
    line_cost = None
    if cost:
        line_cost = _share(unit_price * quantity, Decimal(draw(st.integers(0, 110))) / 100)
    return m.QuoteLine(id=key, kind=kind, quantity=quantity, unit=draw(st.sampled_from(
        ["unit", "day", "licence", "month"])), unit_price=unit_price, discount=discount,
        tiers=tiers, volume=draw(st.sampled_from(["range", "slab"])), price=price,
        cost=line_cost, tax_rate=tax)  # fmt: skip


def _bundle(draw: st.DrawFn, key: str, currency: str, cost: bool) -> m.QuoteLine:
    pricing = draw(st.sampled_from(list(m.BundlePricing)))
    by_bundle = pricing is m.BundlePricing.BUNDLE
    n = draw(st.integers(1, 3))
    parts = [_plain(draw, f"{key}.{k}", currency, cost, priced=not by_bundle) for k in range(n)]
    if not by_bundle:
        return m.QuoteLine(id=key, kind=m.LineKind.BUNDLE, quantity=1, unit="bundle",
                           components=parts, pricing=pricing)  # fmt: skip
    unit_price = draw(st.none() | money(currency, min_value=0, max_value=10**5))
    return m.QuoteLine(id=key, kind=m.LineKind.BUNDLE, quantity=1, unit="bundle",
                       unit_price=unit_price, discount=draw(_percent), components=parts,
                       pricing=pricing, tax_rate=draw(st.none() | _rates))  # fmt: skip


def quote_lines(
    currency: str = "EUR",
    *,
    cost: bool | None = None,
    bundles: bool = True,
    id: str = "l1",  # noqa: A002 - ``id`` names the line, as everywhere
) -> st.SearchStrategy[m.QuoteLine]:
    """Quote lines: products and services (volume tiers, discounts, agreed prices), bundles.

    Parameters
    ----------
    currency : str
        The line's currency.
    cost : bool, optional
        Whether the line (its components) has a cost; drawn when None.
    bundles : bool
        Whether a bundle may be drawn (priced as a bundle or by component).
    id : str
        The line's id; a bundle's components are ``id.0``, ``id.1``, ...
    """

    @st.composite
    def build(draw: st.DrawFn) -> m.QuoteLine:
        with_cost = draw(st.booleans()) if cost is None else cost
        if bundles and draw(st.integers(0, 3)) == 0:
            return _bundle(draw, id, currency, with_cost)
        return _plain(draw, id, currency, with_cost)

    return build()


def quotes(currency: str = "EUR", *, max_lines: int = 4) -> st.SearchStrategy[m.Quote]:
    """Quotes of one to ``max_lines`` lines (the first a product or service line priced above
    0), every line with a cost or none, tax on the total or per line, some with a floor,
    payment terms and clauses.
    """

    @st.composite
    def build(draw: st.DrawFn) -> m.Quote:
        with_cost = draw(st.booleans())
        first = _plain(draw, "l1", currency, with_cost, first=True)
        n = draw(st.integers(0, max_lines - 1))
        rest = [draw(quote_lines(currency, cost=with_cost, id=f"l{k + 2}")) for k in range(n)]
        lines = [first, *rest]
        tax_rate = None
        if draw(st.booleans()):  # tax on the total instead of per line
            lines = [_untaxed(line) for line in lines]
            tax_rate = draw(st.none() | _rates)
        listed = sum((p.list_price.amount for p in m.Quote(lines=lines).priced
                      if p.parent is None), Decimal(0))  # fmt: skip
        floor = None
        if draw(st.booleans()):
            ratio = Decimal(draw(st.integers(30, 100))) / 100
            floor = m.Money(listed * ratio, currency).round()
        return m.Quote(
            lines=lines,
            floor=floor,
            payment_days=draw(st.none() | st.integers(0, 120)),
            clauses=draw(
                st.dictionaries(
                    st.sampled_from(["liability_cap", "exclusivity"]),
                    st.sampled_from(["v1", "v2"]),
                    max_size=2,
                )
            ),
            business_type=draw(_types),
            tax_rate=tax_rate,
        )

    return build()


def _untaxed(line: m.QuoteLine) -> m.QuoteLine:
    parts = tuple(attrs.evolve(c, tax_rate=None) for c in line.components)
    return attrs.evolve(line, tax_rate=None, components=parts)
