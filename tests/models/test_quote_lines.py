"""Quotes with lines (issue 30): line arithmetic, bundles, rounding, tax, bad input, JSON.

Reference values are computed independently in the tests: exact fractions, volume tiers
priced unit by unit, a largest-remainder allocation written out here, Python's
half-even ``round`` on exact fractions.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.pricing import VolumeTier
from clientel.testing import quotes

DATA = Path(__file__).with_name("data")


def eur(x: int | str) -> m.Money:
    return m.Money(x, "EUR")


# -- an independent reading of the line arithmetic ---------------------------------------------
def _half_even(x: Fraction, digits: int) -> Fraction:
    return Fraction(round(x * 10**digits), 10**digits)


def _tier_discount(tiers: Sequence[VolumeTier], unit: int) -> Fraction:
    for t in tiers:
        if max(int(t.lower), 1) <= unit and (t.upper is None or unit < int(t.upper)):
            return Fraction(t.discount)
    raise AssertionError("no tier")


def _regular(line: m.QuoteLine) -> Fraction:
    """Price after the volume tiers, unit by unit (range: every unit at the last unit's tier)."""
    unit = Fraction(line.unit_price.amount) if line.unit_price else Fraction(0)
    q = Fraction(line.quantity)
    if not line.tiers:
        return unit * q
    n = int(q)
    if n == 0:  # no units, so no last unit whose tier applies: nothing to pay
        return Fraction(0)
    if line.volume == "range":
        return unit * n * (1 - _tier_discount(line.tiers, n))
    return sum((unit * (1 - _tier_discount(line.tiers, k)) for k in range(1, n + 1)), Fraction(0))


def _own_price(line: m.QuoteLine, listed: Fraction, digits: int) -> Fraction:
    if line.price is not None:
        return Fraction(line.price.amount)
    regular = _regular(line) if line.unit_price is not None else listed
    return _half_even(regular * (1 - Fraction(line.discount)), digits)


def _largest_remainder(total: Fraction, weights: list[Fraction], digits: int) -> list[Fraction]:
    units = total * 10**digits
    assert units.denominator == 1
    if not any(weights):
        weights = [Fraction(1)] * len(weights)
    exact = [units * w / sum(weights) for w in weights]
    floors = [int(e.numerator // e.denominator) for e in exact]
    order = sorted(range(len(exact)), key=lambda k: (-(exact[k] - floors[k]), k))
    for k in order[: int(units) - sum(floors)]:
        floors[k] += 1
    return [Fraction(f, 10**digits) for f in floors]


def _reference(quote: m.Quote) -> dict[str, tuple[Fraction, Fraction]]:
    """Line id -> (list price, price), computed here without clientel's arithmetic."""
    digits = m.minor_unit(quote.currency)
    out: dict[str, tuple[Fraction, Fraction]] = {}
    for line in quote.lines:
        lists = [Fraction(c.unit_price.amount) * Fraction(c.quantity) for c in line.components
                 if c.unit_price is not None]  # fmt: skip
        if line.pricing is m.BundlePricing.COMPONENTS:
            for c, lp in zip(line.components, lists, strict=True):
                out[c.id] = (lp, _own_price(c, lp, digits))
            out[line.id] = (sum(lists, Fraction(0)), sum((out[c.id][1] for c in line.components),
                                                          Fraction(0)))  # fmt: skip
        elif line.pricing is m.BundlePricing.BUNDLE:
            own = (Fraction(line.unit_price.amount) * Fraction(line.quantity)
                   if line.unit_price is not None else sum(lists, Fraction(0)))  # fmt: skip
            price = _own_price(line, own, digits)
            out[line.id] = (own, price)
            places = digits
            if line.price is not None:
                places = max(digits, -int(line.price.amount.as_tuple().exponent))
            shares = _largest_remainder(price, lists, places)
            for c, lp, share in zip(line.components, lists, shares, strict=True):
                out[c.id] = (lp, share)
        else:
            lp = Fraction(line.unit_price.amount) * Fraction(line.quantity)  # type: ignore[union-attr]
            out[line.id] = (lp, _own_price(line, lp, digits))
    return out


# Found by the long run (seed 20261127): a tiered line of 0 units. The reference looked up the
# tier of "unit 0" for range pricing and found none; clientel prices 0 units at 0, as
# volume_price documents (a whole number >= 0), and so does the reference now.
_ZERO_UNITS = m.Quote(
    lines=(
        m.QuoteLine(id="l0", quantity=Decimal("1.5"), unit_price=eur("1.00")),
        m.QuoteLine(
            id="l1",
            quantity=Decimal(0),
            unit_price=eur("7.00"),
            tiers=(VolumeTier(lower=0, upper=2, discount=0), VolumeTier(lower=2, discount="0.1")),
        ),
    )
)


@given(quotes())
@example(_ZERO_UNITS)
def test_every_line_is_priced_as_an_independent_reading_prices_it(q: m.Quote) -> None:
    ref = _reference(q)
    for p in q.priced:
        assert (Fraction(p.list_price.amount), Fraction(p.price.amount)) == ref[p.id], p.id


@given(quotes())
def test_line_prices_sum_exactly_to_the_total_and_bundles_to_their_components(q: m.Quote) -> None:
    tops = [p for p in q.priced if p.parent is None]
    assert q.price == m.Money.sum([p.price for p in tops], q.currency)
    assert q.list_price == m.Money.sum([p.list_price for p in tops], q.currency)
    for top in tops:
        parts = [p for p in q.priced if p.parent == top.id]
        if parts:
            assert top.price == m.Money.sum([p.price for p in parts], q.currency)
    for p in q.priced:  # list = steps + rounding + price, exactly
        assert p.list_price == m.Money.sum([*p.steps.values(), p.rounding, p.price], q.currency)
        assert p.price == p.price.round(max(m.minor_unit(q.currency), p.price.minor_unit)) or (
            p.steps.get("agreed price") is not None
        )
    if q.cost is not None:
        assert q.cost == m.Money.sum([p.cost for p in tops if p.cost], q.currency)
    assert q.price_with_tax == q.price + (q.tax or m.Money.zero(q.currency))


@given(quotes(), st.randoms(use_true_random=False))
def test_permuting_the_lines_changes_nothing(q: m.Quote, rnd: random.Random) -> None:
    lines = list(q.lines)
    rnd.shuffle(lines)
    p = attrs.evolve(q, lines=lines)
    keys: list[Callable[[m.Quote], Any]] = [
        lambda x: x.list_price, lambda x: x.price, lambda x: x.cost, lambda x: x.tax,
        lambda x: x.discount, lambda x: x.margin, lambda x: x.worst_discount,
        lambda x: x.worst_margin, lambda x: x.worst_line("discount"),
        lambda x: x.worst_line("margin"), lambda x: sorted(x.priced, key=lambda r: r.id),
    ]  # fmt: skip
    for key in keys:
        assert key(p) == key(q)


@given(quotes())
def test_a_bundle_priced_by_component_is_the_sum_of_its_components_quoted_alone(
    q: m.Quote,
) -> None:
    """Unbundling a bundle priced by components (its components as lines of their own) leaves
    every total unchanged."""
    flat: list[m.QuoteLine] = []
    for line in q.lines:
        flat += line.components if line.pricing is m.BundlePricing.COMPONENTS else [line]
    unbundled = attrs.evolve(q, lines=flat)
    for name in ("list_price", "price", "cost", "tax", "worst_discount", "worst_margin"):
        assert getattr(unbundled, name) == getattr(q, name), name


@given(quotes(), st.integers(50, 150))
def test_a_new_total_is_spread_over_the_lines_exactly(q: m.Quote, percent: int) -> None:
    target = (q.price * Decimal(percent) / 100).round()
    if target.is_zero():
        return
    at = q.at(target)
    assert at.price == target
    assert at.list_price == q.list_price
    assert q.at(q.price) is q
    judged = {p.id: p.price for p in q.judged}
    for p in at.judged:  # pro rata by price: within one minor unit of the exact share
        exact = Fraction(target.amount) * Fraction(judged[p.id].amount) / Fraction(q.price.amount)
        assert abs(Fraction(p.price.amount) - exact) < Fraction(1, 10**target.minor_unit)


@given(quotes())
def test_quotes_round_trip_as_documents(q: m.Quote) -> None:
    again = m.loads(m.dumps(q), m.Quote)
    assert again == q
    assert again.priced == q.priced


# -- worked arithmetic ------------------------------------------------------------------------
def test_volume_tiers_then_line_discount_then_one_rounding() -> None:
    """12 licences at 99.99 EUR, units 1-9 at list and 10 on at 15 % off, slab: 9 x 99.99 +
    3 x 84.9915 = 1154.8845 exactly; 7 % line discount: 1074.042585, rounded once: 1074.04."""
    tiers = [VolumeTier(lower=1, upper=10, discount=0), VolumeTier(lower=10, discount="0.15")]
    line = m.QuoteLine(id="lic", quantity=12, unit="licence", unit_price=eur("99.99"),
                       tiers=tiers, volume="slab", discount="0.07")  # fmt: skip
    (p,) = m.Quote(lines=[line]).priced
    assert p.list_price == eur("1199.88")
    assert p.steps["volume discount"] == eur("44.9955")  # 1199.88 - 1154.8845
    assert p.steps["line discount"] == eur("80.841915")  # 7 % of 1154.8845
    assert p.rounding == eur("0.002585")
    assert p.price == eur("1074.04")
    ranged = m.Quote(lines=[attrs.evolve(line, volume="range")]).priced[0]
    assert ranged.price == eur("948.51")  # 12 x 84.9915 = 1019.898; x 0.93 = 948.50514


def test_round_per_line_then_sum_differs_from_rounding_the_sum_and_is_what_is_stated() -> None:
    """Three lines of 0.005 EUR exactly each (1 unit at 0.01, 50 % off): each rounds half-even
    to 0.00, so the quote's price is 0.00 + ... and the rounding is stated per line; a fourth
    line keeps the total above zero. Rounding the exact sum (0.015) would give 0.02."""
    half = [m.QuoteLine(id=f"h{k}", quantity=1, unit_price=eur("0.01"), discount="0.5")
            for k in range(3)]  # fmt: skip
    q = m.Quote(lines=[*half, m.QuoteLine(id="x", quantity=1, unit_price=eur(10))])
    assert [p.price for p in q.priced[:3]] == [eur("0.00")] * 3
    assert q.price == eur("10.00")
    assert sum((p.rounding.amount for p in q.priced), Decimal(0)) == Decimal("0.015")


def test_tax_on_the_total_or_per_line() -> None:
    """Two lines of 10.05 EUR at 5 %: per line 0.5025 -> 0.50 twice = 1.00; on the total 20.10
    x 5 % = 1.005 -> 1.00 (half-even), and at 15 %: per line 1.5075 -> 1.51 twice = 3.02, on
    the total 3.015 -> 3.02."""
    lines = [m.QuoteLine(id=k, quantity=1, unit_price=eur("10.05")) for k in ("a", "b")]
    per_line = m.Quote(lines=[attrs.evolve(x, tax_rate="0.05") for x in lines])
    on_total = m.Quote(lines=lines, tax_rate="0.05")
    assert (per_line.tax, on_total.tax) == (eur("1.00"), eur("1.00"))
    assert [p.tax for p in per_line.priced] == [eur("0.50"), eur("0.50")]
    per_line = m.Quote(lines=[attrs.evolve(x, tax_rate="0.15") for x in lines])
    assert per_line.tax == eur("3.02")
    assert m.Quote(lines=lines, tax_rate="0.15").tax == eur("3.02")
    assert per_line.price_with_tax == eur("23.12")
    assert m.Quote(lines=lines).tax is None


def test_a_bundle_priced_as_a_bundle_spreads_its_price_by_list_exactly() -> None:
    """A 1,000 EUR bundle of three components listed at 1, 1 and 1 EUR: shares of 333.33...,
    one cent left over goes to the first (largest remainder, ties to the earlier)."""
    parts = [m.QuoteLine(id=f"c{k}", quantity=1, unit_price=eur(1)) for k in range(3)]
    bundle = m.QuoteLine(id="b", kind="bundle", quantity=1, unit_price=eur(1000),
                         pricing="bundle", components=parts)  # fmt: skip
    q = m.Quote(lines=[bundle])
    assert [f"{p.price.amount}" for p in q.priced] == ["1000.00", "333.34", "333.33", "333.33"]
    assert [p.judged for p in q.priced] == [True, False, False, False]
    assert q.priced[1].steps == {"bundle discount": eur("-332.34")}


# -- bad input: a named error and nothing changed -------------------------------------------------
def _line(**kw: Any) -> m.QuoteLine:
    return m.QuoteLine(**({"id": "a", "quantity": 1, "unit_price": eur(100)} | kw))


@pytest.mark.parametrize(
    ("make", "error", "field"),
    [
        (lambda: _line(quantity=-1), InvalidInputError, "QuoteLine.quantity"),
        (lambda: _line(discount="1.01"), InvalidInputError, "QuoteLine.discount"),
        (lambda: _line(discount=-0.1), InvalidInputError, "QuoteLine.discount"),
        (lambda: _line(kind="bundle", pricing="bundle"), InvalidInputError,
         "QuoteLine.components"),
        (lambda: _line(kind="bundle"), InvalidInputError, "QuoteLine.components"),
        (lambda: _line(components=[_line(id="b")]), InvalidInputError, "QuoteLine.components"),
        (lambda: _line(pricing="bundle"), InvalidInputError, "QuoteLine.pricing"),
        (lambda: _line(unit_price=None), InvalidInputError, "QuoteLine.unit_price"),
        (lambda: _line(quantity="1.5", tiers=[VolumeTier(lower=1, discount=0)]),
         InvalidInputError, "QuoteLine.quantity"),
        (lambda: _line(quantity=20, tiers=[VolumeTier(lower=1, upper=10, discount=0)]),
         InvalidInputError, "QuoteLine.quantity"),
        (lambda: _line(tax_rate="-0.2"), InvalidInputError, "QuoteLine.tax_rate"),
        (lambda: _line(kind="widget"), InvalidInputError, "QuoteLine.kind"),
        (lambda: _line(volume="tiered"), InvalidInputError, "QuoteLine.volume"),
        (lambda: _line(cost=m.Money(5, "USD")), CurrencyMismatchError, "QuoteLine.currency"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="bundle", components=[
            _line(), _line(id="c", unit_price=m.Money(1, "USD"))]), CurrencyMismatchError,
         "QuoteLine.currency"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="components",
                             discount="0.1", components=[_line()]), InvalidInputError,
         "QuoteLine.discount"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="bundle",
                             components=[_line(discount="0.1")]), InvalidInputError,
         "QuoteLine.components[0].discount"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="bundle", cost=eur(1),
                             components=[_line()]), InvalidInputError, "QuoteLine.cost"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="bundle",
                             components=[m.QuoteLine(id="n", kind="bundle", quantity=1,
                                                     pricing="bundle", components=[_line()])]),
         InvalidInputError, "QuoteLine.components[0]"),
        (lambda: m.QuoteLine(id="b", kind="bundle", quantity=1, pricing="bundle",
                             components=[_line(), _line()]), InvalidInputError,
         "QuoteLine.components[1].id"),
    ],
)  # fmt: skip
def test_a_bad_line_gets_a_named_error(
    make: Callable[[], object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        make()
    assert raised.value.field == field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lines", "kw", "error", "field"),
    [
        ([_line(), _line(id="b", unit_price=m.Money(5, "USD"))], {}, CurrencyMismatchError,
         "Quote.lines[1]"),
        ([], {}, InvalidInputError, "Quote.lines"),
        ([_line(), _line()], {}, InvalidInputError, "Quote.lines[1].id"),
        ([_line(cost=eur(50)), _line(id="b")], {}, InvalidInputError, "Quote.lines"),
        ([_line(tax_rate="0.2")], {"tax_rate": "0.2"}, InvalidInputError, "Quote.tax_rate"),
        ([_line(discount=1)], {}, InvalidInputError, "Quote.lines"),
        ([_line(quantity=0)], {}, InvalidInputError, "Quote.lines"),
        ([_line()], {"floor": m.Money(5, "USD")}, CurrencyMismatchError, "Quote.floor"),
        ([_line()], {"tax_rate": "-1"}, InvalidInputError, "Quote.tax_rate"),
    ],
)  # fmt: skip
def test_a_bad_quote_gets_a_named_error(
    lines: list[m.QuoteLine], kw: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        m.Quote(lines=lines, **kw)
    assert raised.value.field == field  # type: ignore[attr-defined]


def test_a_refused_change_leaves_the_quote_as_it_was() -> None:
    q = m.Quote(lines=[_line(), _line(id="b", quantity=2, discount="0.1")])
    before = m.dumps(q)
    with pytest.raises(CurrencyMismatchError):
        q.with_line(_line(id="b", unit_price=m.Money(1, "USD")))
    with pytest.raises(CurrencyMismatchError):
        q.at(m.Money(250, "USD"))
    with pytest.raises(InvalidInputError):
        q.with_line(attrs.evolve(q.line("b"), quantity=-1))
    with pytest.raises(InvalidInputError):
        q.with_line(attrs.evolve(q.line("b"), discount=2))
    with pytest.raises(UnknownReferenceError):
        q.with_line(_line(id="zz"))
    with pytest.raises(InvalidInputError):
        q.at(eur(-1))
    assert m.dumps(q) == before
    assert q.price == eur("280.00")


# -- display and explanation ---------------------------------------------------------------------
def _shown() -> m.Quote:
    tiers = [VolumeTier(lower=1, upper=50, discount=0), VolumeTier(lower=50, discount="0.2")]
    return m.Quote(
        lines=[
            m.QuoteLine(id="services", kind="service", quantity=40, unit="day",
                        unit_price=eur(1200), discount="0.05", cost=eur(30000)),
            m.QuoteLine(id="licences", quantity=100, unit="licence", unit_price=eur(100),
                        tiers=tiers, volume="slab", discount="0.1", cost=eur(4000)),
            m.QuoteLine(id="support-" + "x" * 100, kind="bundle", quantity=1, unit="year",
                        pricing="bundle", discount="0.15", components=[
                            m.QuoteLine(id="helpdesk", quantity=12, unit="month",
                                        unit_price=eur(500), cost=eur(3000)),
                            m.QuoteLine(id="monitoring", quantity=12, unit="month",
                                        unit_price=eur(250), cost=eur(1200))]),
        ],
        tax_rate="0.21",
    )  # fmt: skip


def test_quote_and_lines_show_as_tables_with_a_total_row(
    check_display: Callable[[object], None],
) -> None:
    q = _shown()
    for shown in (q, q.lines[2], q.priced[0], q.priced[2]):
        check_display(shown)
    check_display(m.Quote(lines=q.lines[:2]).explain())
    rows = q.to_records()
    assert [r["line"] for r in rows] == ["services", "licences", q.lines[2].id, "  helpdesk",
                                         "  monitoring", "total"]  # fmt: skip
    assert (rows[-1]["price"], rows[-1]["tax"]) == (str(q.price), str(q.tax))
    assert repr(q).startswith("<Quote 3 lines, ")


def test_explain_says_what_each_line_gives_off_list_and_how_it_is_rounded() -> None:
    q = _shown()
    e = q.explain()
    assert [f.criterion for f in e] == ["services", "licences", q.lines[2].id]
    assert sum(Decimal(str(f.effect)) for f in e) == (q.list_price - q.price).amount
    assert e.notes[0] == "prices rounded half-even per line to the minor unit, then summed"
    assert any("pro rata by list price" in n for n in e.notes)
    assert "tax 21.0% on the total" in e.notes[1]


# -- stored documents (schemas 3 and 4, before lines) ----------------------------------------------
# data/v3 was written by clientel at schema 3, data/v4 by clientel at schema 4 (the release
# before lines) from the same quotes; both go through the migration to one line.
STORED = pytest.mark.parametrize("version", [3, 4])


def _doc(name: str, version: int) -> dict[str, Any]:
    path = DATA / f"v{version}" / name
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == version
    return doc


@STORED
def test_a_stored_single_value_quote_becomes_one_line_with_its_meaning(version: int) -> None:
    q = m.from_document(_doc("quote.json", version), m.Quote)
    (line,) = q.lines
    assert (line.id, line.kind, line.quantity, line.unit) == ("deal", m.LineKind.SERVICE, 1, "deal")
    assert (q.list_price, q.price, q.cost, q.floor) == (eur(500000), eur(440000), eur(352000),
                                                        eur(420000))  # fmt: skip
    assert (q.payment_days, dict(q.clauses), q.business_type) == (
        45, {"liability_cap": "capped at the contract value"}, "system_integration")  # fmt: skip
    assert q.discount == Decimal("0.12")
    assert q == m.Quote.single(list_price=eur(500000), price=eur(440000), cost=eur(352000),
                               floor=eur(420000), payment_days=45, clauses=dict(q.clauses),
                               business_type="system_integration")  # fmt: skip
    up = m.upgrade_document(_doc("quote.json", version))
    assert up["schema_version"] == m.SCHEMA_VERSION
    assert m.from_document(up, m.Quote) == q
    listed = m.from_document(_doc("quotes.json", version), list[m.Quote])
    assert [x.price for x in listed] == [eur(440000), eur(450000)]


@STORED
def test_quotes_inside_a_stored_proposal_get_their_line_too(version: int) -> None:
    p = m.from_document(_doc("proposal_quoted.json", version), m.Proposal)
    stamped = [r.quote for r in p.approvals]
    assert [len(s.lines) for s in stamped if s is not None] == [1, 1]
    assert [s.price for s in stamped if s is not None] == [eur(480000), eur(465000)]
    assert p.quote() == stamped[-1]  # the migrated records still match the proposal's quote
    assert p.replay() == p
    assert m.loads(m.dumps(p), m.Proposal) == p
