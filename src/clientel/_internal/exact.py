"""Numbers as written, exactly: the Fraction a shortest float repr, a Decimal or an int stands for.

A float is read through its shortest repr (``0.1`` is one tenth and ``1.00001 - 1`` is
``0.00001``, not the binary difference with 21 decimals); a Decimal and an int are taken as
they are. Bools, NaN, infinities and other types are refused naming the field, so a split by
weights or by results never meets a TypeError or an excess of decimal places (issue 31).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from clientel.errors import InvalidInputError

__all__ = ["as_written"]


def as_written(value: object, field: str) -> Fraction:
    """``value`` (int, float or Decimal, finite) as an exact Fraction, read as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal) and value.is_finite():
        return Fraction(value)
    raise InvalidInputError("expected a finite number", field=field, value=value)
