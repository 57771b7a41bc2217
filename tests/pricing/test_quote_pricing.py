"""A quote of lines through the waterfall and the price band, per line and in total (issue 30).

Reference values are computed here, independently of clientel's line pricing: list prices
as unit price x quantity in fractions, off-invoice shares by the largest-remainder method
written out below, the single-line waterfall through ``price_waterfall`` (a different code
path, checked against Marn and Rosiello 1992 in tests/pricing), the minimum-margin floor as
cost / (1 - margin) in fractions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models import Money, Quote, QuoteLine, Segment
from clientel.pricing import (
    DealRecord,
    QuoteBands,
    price_band,
    price_waterfall,
    quote_bands,
    quote_waterfall,
)
from clientel.testing import quotes

SEGS = [Segment(id="all", name="All")]
ROWS = [(80, True), (85, True), (90, False), (88, True), (95, False), (92, True),
        (97, False), (83, False), (86, True), (91, False)]  # fmt: skip
DEALS = [
    DealRecord(id=f"d{i}", segment_id="all", closed_on=dt.date(2026, 1, 5), won=won,
               price=Money(r, "EUR"), list_price=Money(100, "EUR"))
    for i, (r, won) in enumerate(ROWS)
]  # fmt: skip


def eur(x: int | str) -> Money:
    return Money(x, "EUR")


def _two_lines() -> Quote:
    return Quote(lines=[
        QuoteLine(id="services", kind="service", quantity=50, unit="day",
                  unit_price=eur(1000), discount="0.05", cost=eur(35000)),
        QuoteLine(id="licences", quantity=100, unit="licence", unit_price=eur(100),
                  discount="0.30", cost=eur(4000)),
    ])  # fmt: skip


def _bundled() -> Quote:
    """A bundle priced as a bundle (10 % off 300), a bundle priced by component, a service."""
    return Quote(lines=[
        QuoteLine(id="support", kind="bundle", quantity=1, unit="year", pricing="bundle",
                  discount="0.10", components=[
                      QuoteLine(id="helpdesk", quantity=1, unit_price=eur(200), cost=eur(90)),
                      QuoteLine(id="monitoring", quantity=1, unit_price=eur(100),
                                cost=eur(40))]),
        QuoteLine(id="platform", kind="bundle", quantity=1, pricing="components", components=[
            QuoteLine(id="hosting", quantity=12, unit="month", unit_price=eur("99.99"),
                      discount="0.15", cost=eur(700)),
            QuoteLine(id="backup", quantity=12, unit="month", unit_price=eur(20),
                      cost=eur(100))]),
        QuoteLine(id="setup", kind="service", quantity="2.5", unit="day",
                  unit_price=eur("1234.57"), cost=eur(1500)),
    ])  # fmt: skip


def _hamilton(total: Fraction, weights: list[Fraction], unit: Fraction) -> list[Fraction]:
    """Largest remainders, written out: floors of the exact shares, then the units left over
    one each to the largest remainders (earlier first on ties)."""
    if not any(weights):
        weights = [Fraction(1)] * len(weights)
    exact = [total * w / sum(weights) / unit for w in weights]
    floors = [int(e) for e in exact]  # shares are >= 0
    left = int(total / unit) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f * unit for f in floors]


def _frac(m: Money) -> Fraction:
    return Fraction(m.amount)


# -- the waterfall ---------------------------------------------------------------------------------
def test_the_quote_waterfall_runs_from_the_lines_list_prices_to_the_pocket_price() -> None:
    q = _two_lines()
    w = quote_waterfall(q, {"rebate": eur(1000), "freight": eur(250)})
    listed = Fraction(50 * 1000) + Fraction(100 * 100)
    services, licences = Fraction(50_000) * Fraction(95, 100), Fraction(10_000) * Fraction(70, 100)
    assert _frac(w.list_price) == listed
    assert _frac(w.on_invoice["line discount"]) == listed - services - licences
    assert _frac(w.invoice_price) == services + licences == _frac(q.price)
    assert _frac(w.pocket_price) == services + licences - 1250
    assert _frac(w.pocket_margin) == services + licences - 1250 - 39_000  # type: ignore[arg-type]
    assert w.leakage_rate == Decimal(str(listed - (services + licences - 1250))) / 60000
    assert [s.name for s in w.stages] == ["list price", "line discount", "invoice price",
                                          "rebate", "freight", "pocket price"]  # fmt: skip


def test_each_line_gets_its_share_of_the_off_invoice_items_and_the_pockets_add_up() -> None:
    q = _two_lines()
    off = {"rebate": eur(1000), "freight": eur("250.01")}
    prices = [Fraction(47_500), Fraction(7_000)]
    cent = Fraction(1, 100)
    rebate = _hamilton(Fraction(1000), prices, cent)
    freight = _hamilton(Fraction(25001, 100), prices, cent)
    got = [quote_waterfall(q, off, line=x) for x in ("services", "licences")]
    for i, w in enumerate(got):
        assert _frac(w.invoice_price) == prices[i]
        assert (_frac(w.off_invoice["rebate"]), _frac(w.off_invoice["freight"])) == (
            rebate[i], freight[i])  # fmt: skip
        assert _frac(w.pocket_price) == prices[i] - rebate[i] - freight[i]
    assert sum(_frac(w.pocket_price) for w in got) == _frac(quote_waterfall(q, off).pocket_price)


def test_a_one_line_quote_has_the_waterfall_price_waterfall_gives_for_its_discount() -> None:
    line = QuoteLine(id="x", quantity=7, unit_price=eur("123.45"), discount="0.125",
                     cost=eur(500))  # fmt: skip
    off = {"rebate": eur("12.34")}
    ours = quote_waterfall(Quote(lines=[line]), off)
    theirs = price_waterfall(eur("864.15"), {"line discount": "0.125"}, off, cost=eur(500))
    for name in ("list_price", "invoice_price", "pocket_price", "pocket_margin", "leakage"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.on_invoice == theirs.on_invoice
    assert [(s.name, s.price) for s in ours.stages] == [(s.name, s.price) for s in theirs.stages]
    assert quote_waterfall(Quote(lines=[line]), off, line="x").pocket_price == ours.pocket_price


def test_bundles_components_take_their_bundles_share_and_their_own_steps() -> None:
    q = _bundled()
    off = {"rebate": eur(100)}
    tops = [p for p in q.priced if p.parent is None]
    top_shares = _hamilton(Fraction(100), [_frac(p.price) for p in tops], Fraction(1, 100))
    support = top_shares[0]
    parts = [p for p in q.priced if p.parent == "support"]
    expected = _hamilton(support, [_frac(p.price) for p in parts], Fraction(1, 100))
    for part, share in zip(parts, expected, strict=True):
        w = quote_waterfall(q, off, line=part.id)
        assert _frac(w.off_invoice["rebate"]) == share
        assert list(w.on_invoice) == ["bundle discount"]
        assert w.invoice_price == part.price
    hosting = quote_waterfall(q, line="hosting")  # priced by component: its own line discount
    exact = Fraction(12) * Fraction(9999, 100) * Fraction(85, 100)
    assert _frac(hosting.on_invoice["line discount"]) == Fraction(12) * Fraction(9999, 100) - exact
    assert _frac(hosting.invoice_price) == round(exact, 2)  # half-even, as Python's round
    backup = Fraction(12 * 20)
    platform = quote_waterfall(q, line="platform")  # the sum of its components
    assert _frac(platform.invoice_price) == round(exact, 2) + backup
    assert _frac(platform.list_price) == Fraction(12) * Fraction(9999, 100) + backup


@settings(max_examples=LONG_RUN_EXAMPLES or 60, deadline=None)
@given(quotes(), st.lists(st.integers(0, 10**7), min_size=0, max_size=3))
def test_lines_waterfalls_add_up_to_the_quotes(q: Quote, cents: list[int]) -> None:
    off = {f"item{i}": Money(Decimal(c) / 100, q.currency) for i, c in enumerate(cents)}
    total = quote_waterfall(q, off)
    assert total.invoice_price == q.price
    assert total.list_price - Money.sum(total.on_invoice.values(), q.currency) - q.price == sum(
        (p.rounding for p in q.priced if p.parent is None), Money.zero(q.currency))  # fmt: skip
    tops = [p for p in q.priced if p.parent is None]
    lines = [quote_waterfall(q, off, line=p.id) for p in tops]
    assert Money.sum((w.pocket_price for w in lines), q.currency) == total.pocket_price
    for name in off:
        assert Money.sum((w.off_invoice[name] for w in lines), q.currency) == off[name]
    for top, w in zip(tops, lines, strict=True):
        assert w.invoice_price == top.price
        assert w.list_price == top.list_price
        parts = [p for p in q.priced if p.parent == top.id]
        if parts:
            shares = [quote_waterfall(q, off, line=p.id).off_invoice for p in parts]
            for name in off:
                assert Money.sum((s[name] for s in shares), q.currency) == w.off_invoice[name]


def test_bad_off_invoice_items_and_unknown_lines_are_named() -> None:
    q = _two_lines()
    with pytest.raises(CurrencyMismatchError) as caught:
        quote_waterfall(q, {"rebate": Money(10, "USD")})
    assert caught.value.field == "off_invoice['rebate']"
    with pytest.raises(InvalidInputError) as caught:
        quote_waterfall(q, {"freight": eur(-1)})
    assert caught.value.field == "off_invoice['freight']"
    with pytest.raises(InvalidInputError) as caught:
        quote_waterfall(q, {"freight": 12})  # type: ignore[dict-item]
    assert caught.value.field == "off_invoice['freight']"
    with pytest.raises(UnknownReferenceError) as caught:
        quote_waterfall(q, line="hardware")
    assert caught.value.field == "id"


# -- the bands -----------------------------------------------------------------------------------
def test_every_judged_line_and_the_total_get_the_band_of_their_own_list_price_and_cost() -> None:
    q = _bundled()
    bands = quote_bands(DEALS, q, segment_id="all", segments=SEGS, min_margin=0.2, n_min=10)
    judged = [p for p in q.priced if p.judged]
    assert list(bands.lines) == [p.id for p in judged] == ["support", "hosting", "backup", "setup"]
    for p in judged:
        assert p.cost is not None
        alone = price_band(DEALS, segment_id="all", segments=SEGS, list_price=p.list_price,
                           cost=p.cost, min_margin=0.2, n_min=10)  # fmt: skip
        assert bands.lines[p.id] == alone
        # the minimum-margin floor, cost / (1 - 20 %), rounded up to the cent, independently
        margin_floor = Fraction(p.cost.amount) / (1 - Fraction(1, 5))
        assert _frac(bands.lines[p.id].floor) >= margin_floor - Fraction(1, 200)
    assert bands.total == price_band(DEALS, segment_id="all", segments=SEGS,
                                     list_price=q.list_price, cost=q.cost,  # type: ignore[arg-type]
                                     min_margin=0.2, n_min=10)  # fmt: skip
    below = [p.id for p in judged if p.price < bands.lines[p.id].floor]
    below += ["total"] if q.price < bands.total.floor else []
    assert bands.below_floor == tuple(below)


def test_the_bands_show_as_a_table_of_lines_and_the_total() -> None:
    q = _two_lines()
    bands = quote_bands(DEALS, q, segment_id="all", segments=SEGS, min_margin=0.2, n_min=10)
    assert isinstance(bands, QuoteBands)
    rows = bands.to_records()
    assert [r["line"] for r in rows] == ["services", "licences", "total"]
    assert rows[1]["position"] == "below floor"  # 70 % of list where the deals won at 80-92 %
    assert rows[-1]["price"] == "54500.00 EUR"
    assert repr(bands).startswith("<QuoteBands 2 lines and the total 54500.00 EUR")
    assert "licences" in repr(bands)
    assert len(repr(bands)) < 200


def test_a_quote_without_costs_gets_no_band() -> None:
    q = Quote(lines=[QuoteLine(id="x", quantity=1, unit_price=eur(100))])
    with pytest.raises(InvalidInputError) as caught:
        quote_bands(DEALS, q, segment_id="all", segments=SEGS, n_min=10)
    assert caught.value.field == "quote.lines"


def test_the_bands_round_trip_as_a_json_document() -> None:
    from clientel.models import dumps, loads

    bands = quote_bands(DEALS, _bundled(), segment_id="all", segments=SEGS, n_min=10)
    assert loads(dumps(bands), QuoteBands) == bands
