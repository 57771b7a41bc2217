"""Money: construction, arithmetic laws, rounding and exact allocation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Money, minor_unit
from clientel.testing import money

eur = money("EUR")
weights = st.lists(st.integers(0, 1000), min_size=1, max_size=12).filter(any)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("nan", "EUR"),
        ("inf", "EUR"),
        (float("nan"), "EUR"),
        ("1e30", "EUR"),
        ("1e-30", "EUR"),
        ("12,5", "EUR"),
        (True, "EUR"),
        (None, "EUR"),
        ("1", "eur"),
        ("1", "EURO"),
        ("1", "E1R"),
    ],
)
def test_rejects_bad_values(amount: object, currency: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        Money(amount, currency)  # type: ignore[arg-type]
    assert info.value.field in {"amount", "currency"}


def test_accepts_float_through_shortest_repr() -> None:
    assert Money(0.1, "EUR").amount == Decimal("0.1")
    assert Money(0.1, "EUR") + Money(0.2, "EUR") == Money("0.3", "EUR")


def test_mixing_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatchError, match="EUR with USD"):
        Money(1, "EUR") + Money(1, "USD")
    with pytest.raises(CurrencyMismatchError):
        _ = Money(1, "EUR") < Money(2, "USD")
    with pytest.raises(CurrencyMismatchError):
        Money.sum([Money(1, "EUR")], "USD")


def test_money_times_money_is_rejected() -> None:
    with pytest.raises(InvalidInputError):
        Money(1, "EUR") * Money(2, "EUR")  # type: ignore[operator]


def test_division() -> None:
    assert Money("10", "EUR") / 4 == Money("2.5", "EUR")
    assert Money("10", "EUR") / Money("4", "EUR") == Decimal("2.5")
    with pytest.raises(InvalidInputError):
        Money("10", "EUR") / 0


def test_minor_units_follow_iso_4217() -> None:
    # ISO 4217 list one: JPY has no minor unit, KWD and BHD three, EUR two.
    assert (minor_unit("JPY"), minor_unit("KWD"), minor_unit("BHD"), minor_unit("EUR")) == (
        0,
        3,
        3,
        2,
    )
    assert Money("1234.5", "JPY").round() == Money("1234", "JPY")  # half-even: 4.5 -> 4
    assert Money("1.0005", "KWD").round() == Money("1.000", "KWD")


def test_rounding_modes() -> None:
    assert Money("0.125", "EUR").round() == Money("0.12", "EUR")
    assert Money("0.125", "EUR").round(rounding=ROUND_HALF_UP) == Money("0.13", "EUR")
    assert Money("-0.125", "EUR").round() == Money("-0.12", "EUR")


def test_allocate_known_cases() -> None:
    # Fowler, Patterns of Enterprise Application Architecture (2002), Money pattern,
    # "Foemmel's conundrum": 5 cents allocated 70:30 gives 4 and 1 cents (exact shares
    # 3.5 and 1.5; the tied remainder goes to the earlier part).
    assert Money("0.05", "USD").allocate([70, 30]) == (Money("0.04", "USD"), Money("0.01", "USD"))
    assert Money("100", "EUR").split(3) == (
        Money("33.34", "EUR"),
        Money("33.33", "EUR"),
        Money("33.33", "EUR"),
    )
    assert Money("-100", "EUR").split(3)[0] == Money("-33.34", "EUR")
    assert Money("7", "JPY").allocate([1, 1]) == (Money("4", "JPY"), Money("3", "JPY"))
    assert Money("1", "EUR").allocate([0, 1]) == (Money("0.00", "EUR"), Money("1.00", "EUR"))
    # By hand: 5 cents at 2:1 are exact shares of 3 1/3 and 1 2/3 cents; floors 3 and 1, and
    # the cent left goes to the larger remainder (2/3), not to the larger share.
    assert Money("0.05", "EUR").allocate([2, 1]) == (Money("0.03", "EUR"), Money("0.02", "EUR"))


def test_allocate_takes_fractions_exactly() -> None:
    # 1/3 : 2/3 is 1 : 2 exactly; as floats the weights would be binary approximations.
    thirds = [Fraction(1, 3), Fraction(2, 3)]
    assert Money("10", "EUR").allocate(thirds) == Money("10", "EUR").allocate([1, 2])
    with pytest.raises(InvalidInputError) as err:
        Money("10", "EUR").allocate([Fraction(1), Fraction(-1, 2)])
    assert err.value.field == "weights[1]"


@pytest.mark.parametrize("bad", [[], [0, 0], [-1, 2], [float("nan")], [float("inf")], ["x"]])
def test_allocate_rejects_bad_weights(bad: list[object]) -> None:
    with pytest.raises(InvalidInputError):
        Money("10", "EUR").allocate(bad)  # type: ignore[arg-type]


def test_allocate_needs_whole_minor_units() -> None:
    with pytest.raises(InvalidInputError, match="round"):
        Money("10.005", "EUR").allocate([1, 1])
    assert sum(p.amount for p in Money("10.005", "EUR").allocate([1, 1], places=3)) == Decimal(
        "10.005"
    )


@given(eur, eur, eur)
def test_addition_is_associative_and_commutative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a - a == Money.zero("EUR")
    assert a.__neg__().__neg__() == a
    assert a + Money.zero("EUR") == a


@given(eur, st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_multiplication_distributes(a: Money, k: int, j: int) -> None:
    assert a * (k + j) == a * k + a * j
    assert k * a == a * k


@given(eur, eur)
def test_ordering_is_consistent(a: Money, b: Money) -> None:
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (not a > b)
    assert max(a, b) >= min(a, b)


@given(money(), weights)
def test_allocation_sums_exactly_and_is_fair(total: Money, w: list[int]) -> None:
    parts = total.allocate(w)
    assert len(parts) == len(w)
    assert sum((p.amount for p in parts), Decimal(0)) == total.amount
    unit = Fraction(1, 10**total.minor_unit)
    for part, weight in zip(parts, w, strict=True):
        exact = Fraction(total.amount) * weight / sum(w)
        assert abs(Fraction(part.amount) - exact) < unit
        assert part.currency == total.currency


@given(money(), st.integers(1, 20), st.integers(1, 50))
def test_equal_weights_stay_in_order(total: Money, n: int, w: int) -> None:
    parts = total.split(n)
    assert list(parts) == sorted(parts, reverse=total.amount >= 0)
    assert total.allocate([w] * n) == parts


@given(money())
def test_rounding_is_idempotent_and_close(a: Money) -> None:
    r = a.round()
    assert r.round() == r
    assert abs(r.amount - a.amount) <= Decimal(1).scaleb(-a.minor_unit) / 2


def test_format_and_repr() -> None:
    assert Money("-1234567.891", "EUR").format() == "-1,234,567.89 EUR"
    assert repr(Money("1", "USD")) == "Money('1', 'USD')"
    assert eval(repr(Money("2.50", "GBP"))) == Money("2.50", "GBP")
