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

import itertools
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
        lower = price - Money("0.01", EUR)
        # One cent less falls below the target; a zero price has no margin at all, so at a
        # price of one cent there is no lower positive price to compare with.
        if lower.amount > 0:
            assert margin_of_price(lower, cost) < m or price == cost
    assert margin_floor(cost, m) == price


@pytest.mark.parametrize("bad", [1, "1.5", "abc", float("nan")])
def test_margin_floor_names_its_own_parameter(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        margin_floor(Money(8000, EUR), bad)  # type: ignore[arg-type]
    assert err.value.field == "min_margin"


@given(money(EUR, min_value=1, max_value=10**6), st.decimals(0, 5, places=2))
def test_markup_and_margin_relation(cost: Money, k: Decimal) -> None:
    price = price_for_markup(cost, k)
    exact = cost * (1 + k)
    assert abs((price - exact).amount) <= Decimal("0.005")
    # Independent identity: margin = markup / (1 + markup).
    assert float(margin_of_price(exact, cost)) == pytest.approx(float(k / (1 + k)), abs=1e-12)
    assert markup(exact, cost) == k


def test_price_for_margin_at_one_cent() -> None:
    # Regression (issue 31): cost 0.01 EUR at margin 0 prices at 0.01 EUR; the round-trip
    # property compared it with a zero price, whose margin is undefined.
    price = price_for_margin(Money("0.01", EUR), 0)
    assert price == Money("0.01", EUR)
    assert margin_of_price(price, Money("0.01", EUR)) == 0


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
    """The published definitions, unit by unit (Salesforce object reference,
    PriceAdjustmentSchedule.AdjustmentMethod and PriceAdjustmentTier): unit ``k`` (1, 2, ...)
    is in the tier with ``LowerBound <= k < UpperBound`` (the upper bound is exclusive);
    "Range: all items receive the discount of the highest tier the quantity falls in" (the
    tier of unit ``q``); "Slab: items receive the discount defined for the tier they fall in"."""

    def tier_of(k: int) -> VolumeTier:
        return next(t for t in tiers if t.lower <= k and (t.upper is None or k < t.upper))

    if style == "range":
        return sum((unit * (1 - tier_of(q).discount) for _ in range(q)), Decimal(0))
    return sum((unit * (1 - tier_of(k).discount) for k in range(1, q + 1)), Decimal(0))


@given(volume_schedules(), st.integers(0, 700), st.sampled_from(["range", "slab"]))
def test_volume_price_matches_unit_by_unit(tiers: list[VolumeTier], q: int, style: str) -> None:
    unit = Money("19.99", EUR)
    got = volume_price(unit, q, tiers, style=style)  # type: ignore[arg-type]
    ref = _unit_by_unit(unit.amount, q, tiers, style)
    assert got == Money(ref, EUR).round()
    assert got <= (unit * q).round()


def test_volume_schedule_example_and_boundaries() -> None:
    tiers = [VolumeTier(lower=1, upper=10, discount=0), VolumeTier(lower=10, upper=50,
             discount="0.1"), VolumeTier(lower=50, discount="0.2")]  # fmt: skip
    unit = Money(100, EUR)
    # The 10th unit is in the tier [10, 50) by both methods: range prices all 10 at 90,
    # slab prices units 1-9 at 100 and the 10th at 90 (the 900-versus-1000 case).
    assert volume_price(unit, 10, tiers) == Money(900, EUR)
    assert volume_price(unit, 9, tiers) == Money(900, EUR)
    assert volume_price(unit, 10, tiers, style="slab") == Money(990, EUR)
    assert volume_price(unit, 11, tiers, style="slab") == Money(1080, EUR)
    assert volume_price(unit, 0, tiers, style="slab") == Money(0, EUR)
    # a first tier from 0 means the same as one from 1: there is no unit 0
    from_zero = [VolumeTier(lower=0, upper=10, discount=0), *tiers[1:]]
    for q in (1, 9, 10, 49, 50, 51):
        for style in ("range", "slab"):
            assert volume_price(unit, q, from_zero, style=style) == volume_price(
                unit, q, tiers, style=style
            )


def test_volume_schedule_bad_tiers() -> None:
    with pytest.raises(InvalidInputError, match=r"tiers\[1\]"):
        volume_price(Money(1, EUR), 5, [VolumeTier(lower=0, upper=10, discount=0),
                                        VolumeTier(lower=5, discount=0)])  # fmt: skip
    with pytest.raises(InvalidInputError, match="first unit") as start:
        volume_price(Money(1, EUR), 5, [VolumeTier(lower=2, discount=0)])
    assert start.value.field == "tiers[0].lower"
    with pytest.raises(InvalidInputError, match="upper > lower"):
        VolumeTier(lower=10, upper=5, discount=0)
    with pytest.raises(InvalidInputError, match=r"VolumeTier\.discount"):
        VolumeTier(lower=0, discount="1.5")
    with pytest.raises(InvalidInputError, match="beyond the last tier"):
        volume_price(Money(1, EUR), 10, [VolumeTier(lower=0, upper=10, discount=0)])
    with pytest.raises(InvalidInputError, match="style"):
        volume_price(Money(1, EUR), 1, [VolumeTier(lower=0, discount=0)], style="tiered")  # type: ignore[arg-type]
    for bad in ("2.5", -1):
        with pytest.raises(InvalidInputError) as bound:
            VolumeTier(lower=bad, discount=0)
        assert bound.value.field == "VolumeTier.lower"
    with pytest.raises(InvalidInputError) as upper:
        VolumeTier(lower=1, upper="10.5", discount=0)
    assert upper.value.field == "VolumeTier.upper"
    for q in (Decimal("2.5"), -1, True, 2.0):
        with pytest.raises(InvalidInputError) as quantity:
            volume_price(Money(1, EUR), q, [VolumeTier(lower=1, discount=0)])  # type: ignore[arg-type]
        assert quantity.value.field == "quantity"


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
    names = {f"d{i}": d for i, d in enumerate(ds)}
    w = price_waterfall(lst, names, {f"o{i}": o for i, o in enumerate(offs)})
    exact_invoice = lst - Money.sum(w.on_invoice.values(), EUR)
    # full precision until the invoice price: one half-even rounding of the exact
    # compound price, which is the list price times (1 - the single compound discount)
    assert exact_invoice.amount == lst.amount * (1 - compound_discount(ds))
    assert w.invoice_price == exact_invoice.round()
    assert w.invoice_price - Money.sum(offs, EUR) == w.pocket_price
    assert w.leakage == lst - w.pocket_price
    # every stage's price: the list, one per step, invoice, one per off-invoice item, pocket
    assert [st.name for st in w.stages] == [
        "list price", *names, "invoice price", *(f"o{i}" for i in range(len(offs))),
        "pocket price"]  # fmt: skip
    prices = [st.price for st in w.stages]
    assert all(a >= b for a, b in itertools.pairwise(prices[: len(ds) + 1]))
    assert w.price_after("invoice price") == w.invoice_price
    # rounding every step (the old behaviour, an option now) stays within half a cent a step
    each = price_waterfall(lst, names, {}, round_steps=True)
    assert all(v == v.round() for v in each.on_invoice.values())
    assert abs(each.invoice_price.amount - exact_invoice.amount) <= Decimal("0.005") * (len(ds) + 1)
    assert each.rounded_steps == tuple(names)


def test_waterfall_rounds_once_where_per_step_rounding_gains_a_cent() -> None:
    """5 %, 7.5 % and 5 % off 100.00 EUR. Exactly: 100 x 0.95 x 0.925 x 0.95 = 83.48125,
    83.48 after one half-even rounding. Rounding each line (worked by hand): 5.00 -> 95.00;
    95.00 x 0.075 = 7.125 -> 7.12 (half to even) -> 87.88; 87.88 x 0.05 = 4.394 -> 4.39 ->
    83.49."""
    d = {"a": "0.05", "b": "0.075", "c": "0.05"}
    once = price_waterfall(Money(100, EUR), d, {})
    assert once.invoice_price == Money("83.48", EUR)
    assert once.price_after("c") == Money("83.48125", EUR)
    each = price_waterfall(Money(100, EUR), d, {}, round_steps=True)
    assert each.on_invoice == {"a": Money(5, EUR), "b": Money("7.12", EUR),
                               "c": Money("4.39", EUR)}  # fmt: skip
    assert each.invoice_price == Money("83.49", EUR)
    only_b = price_waterfall(Money(100, EUR), d, {}, round_steps=["b"])
    assert only_b.rounded_steps == ("b",)
    assert only_b.on_invoice["b"] == Money("7.12", EUR)
    assert only_b.on_invoice["c"] == Money("4.394", EUR)  # 87.88 x 0.05, not rounded


def test_waterfall_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="on_invoice"):
        price_waterfall(Money(100, EUR), {"x": "1.01"}, {})
    with pytest.raises(InvalidInputError, match="off_invoice"):
        price_waterfall(Money(100, EUR), {}, {"r": Money(-1, EUR)})
    with pytest.raises(CurrencyMismatchError):
        price_waterfall(Money(100, EUR), {}, {"r": Money(1, "USD")})
    with pytest.raises(InvalidInputError, match="sequence"):
        price_waterfall(Money(100, EUR), {}, {}, sequence="x")  # type: ignore[arg-type]
    with pytest.raises(UnknownReferenceError) as unknown:
        price_waterfall(Money(100, EUR), {"order": "0.1"}, {}, round_steps=["rebate"])
    assert unknown.value.field == "round_steps"
    with pytest.raises(InvalidInputError) as text:
        price_waterfall(Money(100, EUR), {"order": "0.1"}, {}, round_steps="order")  # type: ignore[arg-type]
    assert text.value.field == "round_steps"


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
