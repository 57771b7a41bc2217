"""Money is exact at every size it accepts, and only clientel errors escape (issue 15).

Reference values are computed independently with :class:`fractions.Fraction`
(exact rational arithmetic, then one half-even rounding to 20 places).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import InvalidInputError, LimitExceededError
from clientel.models import Money

LIMIT = Fraction(10) ** 21
MONEY_SCHEMA = m.json_schema(Money)


@st.composite
def any_amount(draw: st.DrawFn) -> Decimal:
    """Any accepted amount: up to 21 integer digits and up to 20 places (41 digits)."""
    places = draw(st.integers(0, 20))
    units = draw(st.integers(-(10 ** (21 + places)) + 1, 10 ** (21 + places) - 1))
    return Decimal(f"{units}E-{places}")


def _half_even_20(value: Fraction) -> Fraction:
    return Fraction(round(value * 10**20), 10**20)


amounts = any_amount()
factors = st.one_of(
    st.integers(-(10**30), 10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: len(d.as_tuple().digits) <= 100
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)


def test_the_issue_examples() -> None:
    big = Money("123456789012345678901.123456789", "EUR")
    assert (-big).amount == Decimal("-123456789012345678901.123456789")
    assert abs(-big) == big
    widest = "123456789012345678901.12345678901234567890"  # 41 digits: valid
    assert str(Money(widest, "EUR")) == f"{widest} EUR"
    assert (Money(widest, "EUR") - Money(widest, "EUR")).is_zero()
    for call in (
        lambda: Money("1.5", "EUR").round(50),
        lambda: Money("1", "EUR") * Decimal("1e999999999"),
        lambda: Money("1", "EUR") / Decimal("1e-999999999"),
        lambda: Money("1", "EUR").round(-50),
        lambda: Money("1.5", "EUR").round(rounding="nearest"),
    ):
        with pytest.raises(InvalidInputError):
            call()
    parts = Money("1", "EUR").allocate([1, 2], places=20)
    assert sum(Fraction(p.amount) for p in parts) == 1
    assert Money("1", "EUR") * Decimal("1e-999999999") == Money("0", "EUR")


def test_split_and_allocate_refuse_part_counts_above_the_limit() -> None:
    with pytest.raises(LimitExceededError) as info:
        Money("100", "EUR").split(Money.MAX_PARTS + 1)
    assert (info.value.field, info.value.limit, info.value.maximum) == (
        "parts",
        "Money.MAX_PARTS",
        100_000,
    )
    with pytest.raises(LimitExceededError):
        Money("100", "EUR").allocate(iter(lambda: 1, 0))  # an endless iterator of weights
    assert len(Money("100000", "EUR").split(Money.MAX_PARTS)) == Money.MAX_PARTS


@given(amounts)
def test_negation_and_abs_are_exact(amount: Decimal) -> None:
    value = Money(amount, "EUR")
    assert Fraction((-value).amount) == -Fraction(amount)
    assert Fraction(abs(value).amount) == abs(Fraction(amount))
    assert (-value).__neg__() == value


@given(amounts, amounts)
def test_sums_are_exact_or_refused(a: Decimal, b: Decimal) -> None:
    exact = Fraction(a) + Fraction(b)
    if abs(exact) >= LIMIT:
        with pytest.raises(InvalidInputError):
            Money(a, "EUR") + Money(b, "EUR")
    else:
        assert Fraction((Money(a, "EUR") + Money(b, "EUR")).amount) == exact
        assert Fraction((Money(a, "EUR") - Money(b.copy_negate(), "EUR")).amount) == exact


@given(amounts, factors)
def test_products_are_exact_then_rounded_once(a: Decimal, factor: object) -> None:
    exact = Fraction(a) * Fraction(Decimal(str(factor)) if isinstance(factor, float) else factor)
    expected = _half_even_20(exact)
    if abs(expected) >= LIMIT:
        with pytest.raises(InvalidInputError):
            Money(a, "EUR") * factor  # type: ignore[operator]
    else:
        assert Fraction((Money(a, "EUR") * factor).amount) == expected  # type: ignore[operator]


@given(amounts, factors.filter(lambda f: f != 0))
def test_quotients_are_exact_then_rounded_once(a: Decimal, divisor: object) -> None:
    den = Fraction(Decimal(str(divisor)) if isinstance(divisor, float) else divisor)  # type: ignore[arg-type]
    expected = _half_even_20(Fraction(a) / den)
    if abs(expected) >= LIMIT:
        with pytest.raises(InvalidInputError):
            Money(a, "EUR") / divisor  # type: ignore[operator]
    else:
        assert Fraction((Money(a, "EUR") / divisor).amount) == expected  # type: ignore[operator]


@given(amounts, st.integers(-20, 20))
def test_rounding_is_exact_at_every_size(a: Decimal, places: int) -> None:
    exact = Fraction(a) * Fraction(10) ** places
    expected = Fraction(round(exact)) / Fraction(10) ** places  # half-even on Fractions
    if abs(expected) >= LIMIT:
        with pytest.raises(InvalidInputError):
            Money(a, "EUR").round(places, ROUND_HALF_EVEN)
    else:
        assert Fraction(Money(a, "EUR").round(places).amount) == expected


@given(amounts, st.lists(st.integers(0, 10**6), min_size=1, max_size=8).filter(any))
def test_allocation_at_twenty_places_sums_exactly(a: Decimal, weights: list[int]) -> None:
    parts = Money(a, "EUR").allocate(weights, places=20)
    assert sum(Fraction(p.amount) for p in parts) == Fraction(a)
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(Fraction(part.amount) - Fraction(a) * w / total) < Fraction(1, 10**20)


@given(amounts, st.integers(1, 50))
def test_split_sums_exactly_with_earlier_parts_larger(a: Decimal, parts: int) -> None:
    out = Money(a, "EUR").split(parts, places=20)
    assert sum(Fraction(p.amount) for p in out) == Fraction(a)
    sizes = [abs(Fraction(p.amount)) for p in out]
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) - min(sizes) <= Fraction(1, 10**20)


@given(amounts)
def test_text_is_plain_digits_and_round_trips(a: Decimal) -> None:
    value = Money(a, "EUR")
    text = str(value).removesuffix(" EUR")
    assert not set(text) & set("Ee")
    assert Decimal(text) == a
    data = m.to_data(value)
    assert "E" not in data["amount"]
    assert m.loads(m.dumps(value), Money) == value
    assert json.loads(m.dumps(value))["data"]["amount"] == text
    jsonschema.validate(json.loads(m.dumps(value)), MONEY_SCHEMA)  # every size validates


def test_plain_digits_for_tiny_amounts_and_zeros_with_places() -> None:
    assert m.to_data(Money("0.00000001", "EUR"))["amount"] == "0.00000001"
    assert m.to_data(Money("0E-7", "EUR"))["amount"] == "0.0000000"
    assert repr(Money("1E-8", "EUR")) == "Money('0.00000001', 'EUR')"
    assert m.to_data(Money("-0.00", "EUR"))["amount"] == "0.00"


@pytest.mark.parametrize(
    "text", ["١٢", "１２", "1_000", "0x10", "1e", "--1", " ", "1.2.3", "٣.٥", "1" * 101]
)
def test_amount_text_is_ascii_decimal_only(text: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Money(text, "EUR")
    assert info.value.field == "amount"


def test_currencies_are_iso_4217_codes() -> None:
    assert Money("1", "XAU").currency == "XAU"  # active, no minor unit
    for code in ("EUX", "ABC", "QQQ"):
        with pytest.raises(InvalidInputError, match="not an ISO 4217") as info:
            Money("1", code)
        assert info.value.field == "currency"
    with pytest.raises(InvalidInputError, match="withdrawn"):
        Money("1", "DEM")
    with pytest.raises(InvalidInputError, match=r"N\.A\."):
        Money("1.5", "XAU").round()
    assert Money("1.5", "XAU").round(0) == Money("2", "XAU")
    assert Money("1234.5", "XAU").format() == "1,234.5 XAU"


def test_withdrawn_codes_load_from_stored_documents_and_compute() -> None:
    text = '{"schema_version": 1, "type": "Money", "data": {"amount": "1.50", "currency": "DEM"}}'
    stored = m.loads(text, Money)
    assert stored.currency == "DEM"
    assert (stored + stored).amount == Decimal("3.00")
    assert Money.sum([stored, stored], "DEM") == stored * 2
    assert stored.round(1).amount == Decimal("1.5")
    with pytest.raises(InvalidInputError, match="withdrawn"):
        Money("1", "DEM")  # still refused for new values after loading


def test_module_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        m.MINOR_UNITS["EUR"] = 3  # type: ignore[index]
    assert isinstance(m.HISTORIC_CURRENCIES, frozenset)
