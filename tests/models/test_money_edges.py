"""Money at its edges (issue 31): amounts finer than the minor unit, weights of mixed types.

The strategies are clientel.testing's edge-seeking ones (sub_cent_money, mixed_weights);
the references are exact rational arithmetic written here (fractions.Fraction), not
clientel's own output.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given

from clientel.errors import InvalidInputError
from clientel.models import Money
from clientel.testing import mixed_weights, sub_cent_money


def _exact(weight: object) -> Fraction:
    """A weight as Money.allocate documents it: floats at their binary value."""
    return Fraction(weight) if isinstance(weight, float) else Fraction(str(weight))


def _places(x: Money) -> int:
    exponent = x.amount.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(-exponent, x.minor_unit)


@given(sub_cent_money(), mixed_weights())
def test_sub_cent_amounts_split_exactly_by_mixed_weights(x: Money, weights: list[object]) -> None:
    places = _places(x)
    parts = x.allocate(weights, places=places)
    assert Money.sum(parts, x.currency) == x
    total = sum(_exact(w) for w in weights)
    unit = Fraction(1, 10**places)
    for part, w in zip(parts, weights, strict=True):
        share = Fraction(x.amount) * _exact(w) / total
        assert abs(Fraction(part.amount) - share) < unit  # within one unit of its share
        assert Fraction(part.amount) % unit == 0  # on the unit


@given(sub_cent_money())
def test_sub_cent_amounts_need_places_to_be_split(x: Money) -> None:
    if x.amount == x.amount.quantize(Decimal(1).scaleb(-x.minor_unit)):  # whole units
        assert Money.sum(x.allocate([1, 1]), x.currency) == x
        return
    with pytest.raises(InvalidInputError) as err:
        x.allocate([1, 1])
    assert err.value.field == "amount"


@given(sub_cent_money())
def test_rounding_sub_cent_amounts_against_decimal(x: Money) -> None:
    # Reference: the decimal module's own quantize, with the modes named.
    unit = Decimal(1).scaleb(-x.minor_unit)
    for mode in (ROUND_HALF_EVEN, ROUND_HALF_UP):
        rounded = x.round(rounding=mode)
        assert rounded.amount == x.amount.quantize(unit, rounding=mode)
        assert abs(Fraction((rounded - x).amount)) <= Fraction(unit) / 2
