"""Budget and incentive splits with weights of mixed types (issue 31, found by mixed_weights).

Regressions: a Decimal weight next to a float one raised a TypeError (the sum of a Decimal
and a float); a tiny float weight (3e-184) was refused for having more than 20 decimals; a
Decimal result was refused by ``incentives``. References are exact fractions written here.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.models import Money
from clientel.planning import allocate_budget, incentives
from clientel.testing import mixed_weights


def _written(value: object) -> Fraction:
    """A number as written: a float by its shortest repr."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(str(value))


def test_decimal_and_float_weights_mix() -> None:
    parts = allocate_budget(Money("100", "EUR"), {"a": Decimal("1.5"), "b": 0.5})
    assert parts == {"a": Money("75.00", "EUR"), "b": Money("25.00", "EUR")}


def test_a_tiny_float_weight_keeps_its_value() -> None:
    # 3e-184 against 1: its share is 3e-182 cents of 100 EUR, so it gets nothing
    parts = allocate_budget(Money("100", "EUR"), {"a": 3e-184, "b": 1})
    assert parts == {"a": Money("0.00", "EUR"), "b": Money("100.00", "EUR")}


def test_incentives_take_decimal_results() -> None:
    # 1.2 and 1.05 above 1: 0.2 : 0.05 of 1,000 EUR is 800 : 200
    out = incentives(Money("1000", "EUR"), {"ana": Decimal("1.2"), "bo": Decimal("1.05")})
    assert out == {"ana": Money("800.00", "EUR"), "bo": Money("200.00", "EUR")}
    out = incentives(Money("1000", "EUR"), {"ana": 2, "bo": 3}, threshold=Decimal("1.5"))
    assert out == {"ana": Money("250.00", "EUR"), "bo": Money("750.00", "EUR")}


@pytest.mark.parametrize(
    ("results", "threshold", "field"),
    [
        ({"ana": Decimal("NaN")}, 1.0, "results[ana]"),
        ({"ana": Decimal("sNaN")}, 1.0, "results[ana]"),
        ({"ana": Decimal("Infinity")}, 1.0, "results[ana]"),
        ({"ana": "1.2"}, 1.0, "results[ana]"),
        ({"ana": 1.2}, Decimal("-Infinity"), "threshold"),
        ({"ana": 1.2}, None, "threshold"),
    ],
)
def test_incentives_refuse_what_is_not_a_finite_number(
    results: dict[str, object], threshold: object, field: str
) -> None:
    with pytest.raises(InvalidInputError) as err:
        incentives(Money("1000", "EUR"), results, threshold=threshold)  # type: ignore[arg-type]
    assert err.value.field == field


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({"a": Decimal("NaN"), "b": 1}, "weights[a]"),
        ({"a": Decimal("-0.5"), "b": 1}, "weights[a]"),
        ({"a": 1, "b": "2"}, "weights[b]"),
        ({"a": 1, "b": True}, "weights[b]"),
        ({"a": 0.0, "b": Decimal(0)}, "weights"),
    ],
)
def test_budget_weights_refused_by_name(weights: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate_budget(Money("100", "EUR"), weights)  # type: ignore[arg-type]
    assert err.value.field == field


@given(st.integers(0, 10**9), mixed_weights())
def test_budget_split_by_mixed_weights_sums_exactly(cents: int, weights: list[object]) -> None:
    total = Money(Decimal(cents) / 100, "EUR")
    named = {f"k{i:02d}": w for i, w in enumerate(weights)}
    parts = allocate_budget(total, named)  # type: ignore[arg-type]
    assert Money.sum(parts.values(), "EUR") == total
    whole = sum(_written(w) for w in weights)
    for name, w in named.items():  # each part within one cent of its exact share
        share = Fraction(total.amount) * _written(w) / whole
        assert abs(Fraction(parts[name].amount) - share) < Fraction(1, 100)


_RESULTS = st.one_of(
    st.floats(0, 3),
    st.decimals(0, 3, places=15),
    st.decimals(1, Decimal("1.000001"), places=18),  # just above the threshold
    st.integers(0, 3),
)


@given(st.integers(0, 10**8), st.lists(_RESULTS, min_size=1, max_size=6))
def test_incentives_of_mixed_results_sum_to_the_pool(cents: int, results: list[object]) -> None:
    pool = Money(Decimal(cents) / 100, "EUR")
    named = {f"p{i}": r for i, r in enumerate(results)}
    out = incentives(pool, named)  # type: ignore[arg-type]
    excess = {k: max(_written(v) - 1, Fraction(0)) for k, v in named.items()}
    whole = sum(excess.values())
    assert Money.sum(out.values(), "EUR") == (pool if whole else Money.zero("EUR"))
    for k, e in excess.items():
        share = Fraction(pool.amount) * e / whole if whole else Fraction(0)
        assert abs(Fraction(out[k].amount) - share) < Fraction(1, 100)
