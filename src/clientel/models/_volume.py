"""Exact decimals, discount fractions and volume schedules (steps 2.5.4-2.5.5).

The arithmetic a quote line needs, in exact :class:`~decimal.Decimal`: reading
a number without coercion (:func:`as_decimal`), a discount between 0 and 1
(:func:`fraction`), and the volume schedules of Salesforce (a
:class:`VolumeTier` per tier, priced by range or by slab) as an exact amount
(:func:`volume_amount`). :mod:`clientel.pricing` re-exports :class:`VolumeTier`
and rounds :func:`volume_amount` in :func:`~clientel.pricing.volume_price`;
:class:`~clientel.models.QuoteLine` keeps a line's tiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import attrs

from clientel.errors import InvalidInputError
from clientel.models._money import Money

__all__ = [
    "VolumeStyle",
    "VolumeTier",
    "as_decimal",
    "check_tiers",
    "fraction",
    "volume_amount",
    "whole_units",
]

VolumeStyle = Literal["range", "slab"]


def as_decimal(value: Any, field: str) -> Decimal:
    """A finite Decimal from an int, float (via its shortest repr), Decimal or numeric string."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise InvalidInputError("expected a number", field=field, value=value)
    try:
        dec = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise InvalidInputError("expected a number", field=field, value=value) from None
    if not dec.is_finite():
        raise InvalidInputError("expected a finite number", field=field, value=value)
    return dec


def fraction(value: object, field: str) -> Decimal:
    """A discount between 0 and 1 (100 %) as an exact Decimal."""
    dec = as_decimal(value, field)
    if not 0 <= dec <= 1:
        raise InvalidInputError("expected a discount between 0 and 1 (100 %)",
                                field=field, value=value)  # fmt: skip
    return dec


def _tier_discount(value: object) -> Decimal:
    return fraction(value, "VolumeTier.discount")


def _whole(value: Decimal, field: str, minimum: int) -> None:
    if not value.is_finite() or value != value.to_integral_value() or value < minimum:
        msg = f"expected a whole number of units >= {minimum}"
        raise InvalidInputError(msg, field=field, value=str(value))


@attrs.frozen(kw_only=True)
class VolumeTier:
    """One tier of a volume schedule: units ``lower`` to ``upper - 1`` get ``discount``.

    Bounds count units, as Salesforce's discount tiers do: the lower bound is
    the first unit of the tier, the upper bound is exclusive (the first unit of
    the next tier) and ``upper=None`` leaves the last tier open. A first tier
    may start at 1 (the first unit) or at 0, which means the same: there is
    no unit 0.

    .. versionchanged:: 0.1.0
       Bounds are whole numbers of units; the first tier may start at 1.

    Raises
    ------
    InvalidInputError
        A bound that is not a whole number, ``lower < 0``, ``upper <= lower``,
        a discount outside 0..1.
    """

    lower: Decimal = attrs.field(converter=Decimal)
    upper: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(Decimal))
    discount: Decimal = attrs.field(converter=_tier_discount)

    def __attrs_post_init__(self) -> None:
        _whole(self.lower, "VolumeTier.lower", 0)
        if self.upper is not None:
            _whole(self.upper, "VolumeTier.upper", 1)
            if self.upper <= self.lower:
                raise InvalidInputError("expected upper > lower", field="VolumeTier.upper",
                                        value=str(self.upper))  # fmt: skip

    @property
    def first_unit(self) -> int:
        """The first unit of the tier (1 for a tier that starts at 0)."""
        return max(int(self.lower), 1)

    def units(self, quantity: int) -> int:
        """How many of the units 1..``quantity`` fall in this tier."""
        last = quantity if self.upper is None else min(quantity, int(self.upper) - 1)
        return max(0, last - self.first_unit + 1)


def check_tiers(tiers: Sequence[VolumeTier], field: str = "tiers") -> None:
    """Tiers that are ordered, contiguous and start at the first unit, else InvalidInputError."""
    if not tiers:
        raise InvalidInputError("expected at least one tier", field=field)
    if tiers[0].lower > 1:
        msg = "the first tier must start at the first unit (1, or 0 which means the same)"
        raise InvalidInputError(msg, field=f"{field}[0].lower", value=str(tiers[0].lower))
    for i in range(1, len(tiers)):
        prev = tiers[i - 1].upper
        if prev is None or tiers[i].lower != prev:
            msg = "tiers must be ordered and contiguous: each lower equals the previous upper"
            raise InvalidInputError(msg, field=f"{field}[{i}].lower", value=str(tiers[i].lower))
        if tiers[i].lower <= 1:
            msg = "only the first tier may start at unit 0 or 1"
            raise InvalidInputError(msg, field=f"{field}[{i}].lower", value=str(tiers[i].lower))


def whole_units(quantity: int | Decimal, field: str = "quantity") -> int:
    """``quantity`` as a whole number of units >= 0, else InvalidInputError naming ``field``."""
    if isinstance(quantity, bool) or not isinstance(quantity, int | Decimal):
        raise InvalidInputError("expected a whole number of units", field=field,
                                value=quantity)  # fmt: skip
    q = Decimal(quantity)
    if not q.is_finite() or q < 0 or q != q.to_integral_value():
        raise InvalidInputError("expected a whole number of units >= 0", field=field,
                                value=str(quantity))  # fmt: skip
    return int(q)


def volume_amount(
    unit_price: Money,
    quantity: int | Decimal,
    tiers: Sequence[VolumeTier],
    style: VolumeStyle,
    *,
    field: str = "quantity",
) -> Money:
    """``quantity`` units under a volume schedule, exact (not rounded).

    ``"range"``: every unit at the discount of the tier of the last unit;
    ``"slab"``: each unit at the discount of its own tier (see
    :func:`clientel.pricing.volume_price`, which rounds this once).

    Raises
    ------
    InvalidInputError
        A fractional or negative quantity, one beyond a closed last tier, tiers
        that are empty, not contiguous or not from the first unit, an unknown style.

    Examples
    --------
    >>> tiers = [VolumeTier(lower=1, upper=10, discount=0),
    ...          VolumeTier(lower=10, discount="0.15")]
    >>> str(volume_amount(Money("99.99", "EUR"), 12, tiers, "slab"))  # 9 x 99.99 + 3 x 84.9915
    '1154.8845 EUR'
    """
    check_tiers(tiers)
    q = whole_units(quantity, field)
    last = tiers[-1].upper
    if last is not None and q >= last:
        msg = f"quantity is beyond the last tier (its upper bound {last} is exclusive)"
        raise InvalidInputError(msg, field=field, value=str(quantity))
    if style == "range":
        tier = next(t for t in tiers if t.upper is None or q < t.upper)  # the tier of unit q
        return unit_price * (q * (1 - tier.discount))
    if style == "slab":
        total = Money.zero(unit_price.currency)
        for t in tiers:
            total = total + unit_price * (t.units(q) * (1 - t.discount))
        return total
    raise InvalidInputError("expected 'range' or 'slab'", field="style", value=style)
