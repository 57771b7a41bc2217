"""Cost build-up, profitability, discounts, volume schedules and the price waterfall (2.5.4).

Volume schedules: the two styles are Salesforce CPQ's discount-schedule types
("Range": every unit priced at the tier the total quantity falls in; "Slab": the
units in each tier priced at that tier), Salesforce Help, "Discount Schedule
Fields" / "Slab and Range Discount Schedules". The vendor's page was not
available offline, so the reference totals are recomputed unit by unit here.
Waterfall: M. V. Marn and R. L. Rosiello, "Managing Price, Gaining Profit",
Harvard Business Review 70(5), Sept-Oct 1992, pp. 84-94, define list -> invoice
(on-invoice discounts) -> pocket price (off-invoice leakage); their exhibit's
figures were not available to us, so the test checks the definitions.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models import Money, from_data, to_data
from clientel.pricing import (
    CostBuildUp,
    RateCard,
    RoleRate,
    VolumeTier,
    compound_discount,
    margin_floor,
    margin_of_price,
    markup,
    price_for_margin,
    price_for_markup,
    price_waterfall,
    volume_price,
)
from clientel.testing import money, rate_cards, volume_schedules

EUR = "EUR"


def _card() -> RateCard:
    return RateCard(id="c", rates=(RoleRate(id="dev", cost_rate=Money("712.50", EUR)),
                                   RoleRate(id="pm", cost_rate=Money(950, EUR))))  # fmt: skip


def test_cost_build_up_by_hand() -> None:
    build = CostBuildUp(rate_card=_card(), effort={"dev": 12.5, "pm": 3},
                        third_party=Money(4000, EUR), procurement=Money("1250.40", EUR),
                        travel_expenses=Money(800, EUR), contingency_rate=0.05,
                        contingency_amount=Money(500, EUR), overhead_rate=0.12)  # fmt: skip
    s = build.summary()
    assert s.labour_by_role == {"dev": Money("8906.25", EUR), "pm": Money("2850.00", EUR)}
    assert s.labour == Money("11756.25", EUR)
    direct = Decimal("11756.25") + 4000 + Decimal("1250.40") + 800  # 17806.65
    assert s.contingency == Money((direct * Decimal("0.05") + 500).quantize(Decimal("0.01")), EUR)
    assert s.overhead == Money((direct * Decimal("0.12")).quantize(Decimal("0.01")), EUR)
    assert s.total == Money(direct, EUR) + s.contingency + s.overhead
    assert to_data(s)["total"] == {"amount": str(s.total.amount), "currency": EUR}


@given(rate_cards(), st.data())
def test_categories_add_up_exactly(card: RateCard, data: st.DataObject) -> None:
    effort = {r.id: data.draw(st.floats(0, 400).map(lambda v: round(v, 2))) for r in card.rates}
    b = CostBuildUp(rate_card=card, effort=effort, third_party=data.draw(money(EUR, min_value=0,
                    max_value=10**6)), contingency_rate=data.draw(st.floats(0, 0.5)),
                    overhead_rate=data.draw(st.floats(0, 0.5)))  # fmt: skip
    s = b.summary()
    parts = [s.labour, s.third_party, s.procurement, s.travel_expenses, s.contingency, s.overhead]
    assert Money.sum(parts, EUR) == s.total
    assert Money.sum(s.labour_by_role.values(), EUR) == s.labour


def test_cost_build_up_bad_input() -> None:
    with pytest.raises(UnknownReferenceError, match="qa") as unknown:
        CostBuildUp(rate_card=_card(), effort={"qa": 1})
    assert unknown.value.field == "CostBuildUp.effort['qa']"
    with pytest.raises(UnknownReferenceError, match="qa") as missing:
        _card().rate("qa")
    assert missing.value.field == "id"
    with pytest.raises(InvalidInputError, match=r"effort\['dev'\]"):
        CostBuildUp(rate_card=_card(), effort={"dev": -1})
    with pytest.raises(InvalidInputError, match=r"currency|USD"):
        CostBuildUp(rate_card=_card(), effort={}, third_party=Money(1, "USD"))
    with pytest.raises(InvalidInputError, match="must not be negative"):
        CostBuildUp(rate_card=_card(), effort={}, travel_expenses=Money(-1, EUR))
    with pytest.raises(InvalidInputError, match="one currency"):
        RateCard(id="x", rates=(RoleRate(id="a", cost_rate=Money(1, EUR)),
                                RoleRate(id="b", cost_rate=Money(1, "USD"))))  # fmt: skip


@given(money(EUR, min_value=0, max_value=10**7), st.decimals(Decimal("-0.5"), Decimal("0.95"),
       places=3))  # fmt: skip
def test_price_for_margin_round_trip(cost: Money, m: Decimal) -> None:
    price = price_for_margin(cost, m)
    if price.amount > 0:
        assert margin_of_price(price, cost) >= m  # rounded up: never below target
        assert margin_of_price(price - Money("0.01", EUR), cost) < m or price == cost
    assert margin_floor(cost, m) == price


@given(money(EUR, min_value=1, max_value=10**6), st.decimals(0, 5, places=2))
def test_markup_and_margin_relation(cost: Money, k: Decimal) -> None:
    price = price_for_markup(cost, k)
    exact = cost * (1 + k)
    assert abs((price - exact).amount) <= Decimal("0.005")
    # Independent identity: margin = markup / (1 + markup).
    assert float(margin_of_price(exact, cost)) == pytest.approx(float(k / (1 + k)), abs=1e-12)
    assert markup(exact, cost) == k


def test_profitability_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="below 1"):
        price_for_margin(Money(1, EUR), 1)
    with pytest.raises(InvalidInputError, match="price"):
        margin_of_price(Money(0, EUR), Money(1, EUR))
    with pytest.raises(CurrencyMismatchError):
        margin_of_price(Money(10, EUR), Money(1, "USD"))
    with pytest.raises(InvalidInputError, match="finite"):
        price_for_margin(Money(1, EUR), float("nan"))


def test_compound_discount_examples() -> None:
    assert compound_discount(["0.10", "0.05"]) == Decimal("0.145")
    assert compound_discount([]) == 0
    assert compound_discount([1, "0.3"]) == 1
    with pytest.raises(InvalidInputError, match=r"discounts\[1\]"):
        compound_discount([0.1, 1.2])
    with pytest.raises(InvalidInputError, match=r"discounts\[0\]"):
        compound_discount([-0.1])


@given(st.lists(st.decimals(0, 1, places=3), max_size=6))
def test_compound_discount_is_order_free_and_bounded(ds: list[Decimal]) -> None:
    total = compound_discount(ds)
    assert compound_discount(list(reversed(ds))) == total
    assert max(ds, default=0) <= total <= min(1, sum(ds, Decimal(0)))


def _unit_by_unit(unit: Decimal, q: int, tiers: list[VolumeTier], style: str) -> Decimal:
    if style == "range":
        d = next(t.discount for t in tiers if t.upper is None or q < t.upper)
        return sum((unit * (1 - d) for _ in range(q)), Decimal(0))
    total = Decimal(0)
    for k in range(q):  # the (k+1)-th unit occupies [k, k+1): it falls in the tier containing k
        d = next(t.discount for t in tiers if t.lower <= k and (t.upper is None or k < t.upper))
        total += unit * (1 - d)
    return total


@given(volume_schedules(), st.integers(0, 700), st.sampled_from(["range", "slab"]))
def test_volume_price_matches_unit_by_unit(tiers: list[VolumeTier], q: int, style: str) -> None:
    unit = Money("19.99", EUR)
    got = volume_price(unit, q, tiers, style=style)  # type: ignore[arg-type]
    ref = _unit_by_unit(unit.amount, q, tiers, style)
    assert got == Money(ref, EUR).round()
    assert got <= (unit * q).round()


def test_volume_schedule_example_and_boundaries() -> None:
    tiers = [VolumeTier(lower=0, upper=10, discount=0), VolumeTier(lower=10, upper=50,
             discount="0.1"), VolumeTier(lower=50, discount="0.2")]  # fmt: skip
    unit = Money(100, EUR)
    # Exactly 10 units: [10, 50) contains 10, so the range price is 10 x 90.
    assert volume_price(unit, 10, tiers) == Money(900, EUR)
    assert volume_price(unit, 9, tiers) == Money(900, EUR)
    assert volume_price(unit, 10, tiers, style="slab") == Money(1000, EUR)
    assert volume_price(unit, 11, tiers, style="slab") == Money(1090, EUR)


def test_volume_schedule_bad_tiers() -> None:
    with pytest.raises(InvalidInputError, match=r"tiers\[1\]"):
        volume_price(Money(1, EUR), 5, [VolumeTier(lower=0, upper=10, discount=0),
                                        VolumeTier(lower=5, discount=0)])  # fmt: skip
    with pytest.raises(InvalidInputError, match="start at 0"):
        volume_price(Money(1, EUR), 5, [VolumeTier(lower=1, discount=0)])
    with pytest.raises(InvalidInputError, match="upper > lower"):
        VolumeTier(lower=10, upper=5, discount=0)
    with pytest.raises(InvalidInputError, match=r"VolumeTier\.discount"):
        VolumeTier(lower=0, discount="1.5")
    with pytest.raises(InvalidInputError, match="beyond the last tier"):
        volume_price(Money(1, EUR), 10, [VolumeTier(lower=0, upper=10, discount=0)])
    with pytest.raises(InvalidInputError, match="style"):
        volume_price(Money(1, EUR), 1, [VolumeTier(lower=0, discount=0)], style="tiered")  # type: ignore[arg-type]


def test_waterfall_definitions() -> None:
    w = price_waterfall(Money(1000, EUR), {"order": "0.10", "channel": "0.05"},
                        {"rebate": Money(20, EUR), "payment_terms": Money("12.50", EUR)},
                        cost=Money(700, EUR))  # fmt: skip
    assert w.on_invoice == {"order": Money(100, EUR), "channel": Money(45, EUR)}
    assert w.invoice_price == Money(855, EUR)
    assert w.pocket_price == Money("822.50", EUR)
    assert w.pocket_margin == Money("122.50", EUR)
    assert w.leakage == Money("177.50", EUR)
    assert w.leakage_rate == Decimal("0.1775")
    off = price_waterfall(Money(1000, EUR), {"order": "0.10", "channel": "0.05"}, {},
                          sequence="off_list")  # fmt: skip
    assert off.invoice_price == Money(850, EUR)
    assert from_data(to_data(w), type(w)) == w


@given(money(EUR, min_value=0, max_value=10**6),
       st.lists(st.decimals(0, Decimal("0.3"), places=3), max_size=3),
       st.lists(money(EUR, min_value=0, max_value=1000), max_size=3))  # fmt: skip
def test_waterfall_adds_up(lst: Money, ds: list[Decimal], offs: list[Money]) -> None:
    w = price_waterfall(lst, {f"d{i}": d for i, d in enumerate(ds)},
                        {f"o{i}": o for i, o in enumerate(offs)})  # fmt: skip
    assert lst - Money.sum(w.on_invoice.values(), EUR) == w.invoice_price
    assert w.invoice_price - Money.sum(offs, EUR) == w.pocket_price
    assert w.leakage == lst - w.pocket_price
    # Compound on-invoice discounts equal the single compound discount, to rounding.
    exact = lst.amount * (1 - compound_discount(ds))
    assert abs(w.invoice_price.amount - exact) <= Decimal("0.005") * max(1, len(ds))


def test_waterfall_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="on_invoice"):
        price_waterfall(Money(100, EUR), {"x": "1.01"}, {})
    with pytest.raises(InvalidInputError, match="off_invoice"):
        price_waterfall(Money(100, EUR), {}, {"r": Money(-1, EUR)})
    with pytest.raises(CurrencyMismatchError):
        price_waterfall(Money(100, EUR), {}, {"r": Money(1, "USD")})
    with pytest.raises(InvalidInputError, match="sequence"):
        price_waterfall(Money(100, EUR), {}, {}, sequence="x")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["abc", "", "1e", float("nan"), True, None])
def test_margins_markups_and_discounts_reject_what_is_not_a_number(bad: object) -> None:
    # a malformed string used to escape as decimal.InvalidOperation
    with pytest.raises(InvalidInputError) as margin:
        price_for_margin(Money(100, EUR), bad)  # type: ignore[arg-type]
    assert margin.value.field == "margin"
    with pytest.raises(InvalidInputError) as markup_error:
        price_for_markup(Money(100, EUR), bad)  # type: ignore[arg-type]
    assert markup_error.value.field == "markup"
    with pytest.raises(InvalidInputError) as discount:
        compound_discount(["0.1", bad])  # type: ignore[list-item]
    assert discount.value.field == "discounts[1]"
