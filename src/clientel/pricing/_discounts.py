"""Discounts, volume schedules and the pocket-price waterfall (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.models import Money
from clientel.pricing._cost import as_decimal

__all__ = ["VolumeTier", "Waterfall", "compound_discount", "price_waterfall", "volume_price"]


def _fraction(value: object, field: str) -> Decimal:
    dec = as_decimal(value, field)
    if not 0 <= dec <= 1:
        raise InvalidInputError("expected a discount between 0 and 1 (100 %)",
                                field=field, value=value)  # fmt: skip
    return dec


def compound_discount(discounts: Sequence[float | Decimal | str]) -> Decimal:
    """The single discount equivalent to stacked discounts: ``1 - prod(1 - d_i)``.

    Raises
    ------
    InvalidInputError
        A discount below 0 or above 1 (100 %).

    Examples
    --------
    10 % then 5 % is 14.5 %, not 15 %:

    >>> compound_discount(["0.10", "0.05"])
    Decimal('0.1450')
    """
    keep = Decimal(1)
    for i, d in enumerate(discounts):
        keep *= 1 - _fraction(d, f"discounts[{i}]")
    return 1 - keep


def _tier_discount(value: object) -> Decimal:
    return _fraction(value, "VolumeTier.discount")


@attrs.frozen(kw_only=True)
class VolumeTier:
    """One tier of a volume schedule: quantities in ``[lower, upper)`` get ``discount``.

    ``upper=None`` means no upper bound (the last tier).
    """

    lower: Decimal = attrs.field(converter=Decimal)
    upper: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(Decimal))
    discount: Decimal = attrs.field(converter=_tier_discount)

    def __attrs_post_init__(self) -> None:
        if not self.lower.is_finite() or self.lower < 0:
            raise InvalidInputError("expected lower >= 0", field="VolumeTier.lower",
                                    value=str(self.lower))  # fmt: skip
        if self.upper is not None and not (self.upper.is_finite() and self.upper > self.lower):
            raise InvalidInputError("expected upper > lower", field="VolumeTier.upper",
                                    value=str(self.upper))  # fmt: skip


def _check_tiers(tiers: Sequence[VolumeTier]) -> None:
    if not tiers:
        raise InvalidInputError("expected at least one tier", field="tiers")
    if tiers[0].lower != 0:
        raise InvalidInputError("the first tier must start at 0", field="tiers[0].lower")
    for i in range(1, len(tiers)):
        prev = tiers[i - 1].upper
        if prev is None or tiers[i].lower != prev:
            msg = "tiers must be ordered and contiguous: each lower equals the previous upper"
            raise InvalidInputError(msg, field=f"tiers[{i}].lower", value=str(tiers[i].lower))


def volume_price(
    unit_price: Money,
    quantity: int | Decimal,
    tiers: Sequence[VolumeTier],
    *,
    style: Literal["range", "slab"] = "range",
) -> Money:
    """Total price of ``quantity`` units under a volume schedule (rounded half-even).

    Parameters
    ----------
    unit_price : Money
        List price of one unit.
    quantity : int or Decimal
        Units bought, at least 0.
    tiers : sequence of VolumeTier
        Ordered, contiguous ``[lower, upper)`` tiers starting at 0; the last may be open.
    style : {"range", "slab"}
        ``"range"``: every unit gets the discount of the tier that contains
        ``quantity``. ``"slab"``: the units falling in each tier get that tier's
        discount (like income-tax brackets). These are the two discount-schedule
        types of Salesforce CPQ.

    Examples
    --------
    Licences at 100 EUR: 0-10 list, 10-50 at 10 % off, 50 and up at 20 % off; 60 licences:

    >>> tiers = [VolumeTier(lower=0, upper=10, discount=0),
    ...          VolumeTier(lower=10, upper=50, discount="0.1"),
    ...          VolumeTier(lower=50, discount="0.2")]
    >>> volume_price(Money(100, "EUR"), 60, tiers, style="range")
    Money('4800.00', 'EUR')
    >>> volume_price(Money(100, "EUR"), 60, tiers, style="slab")
    Money('5400.00', 'EUR')
    """
    _check_tiers(tiers)
    q = Decimal(quantity)
    if not q.is_finite() or q < 0:
        raise InvalidInputError("expected a quantity >= 0", field="quantity", value=str(quantity))
    if q > 0 and tiers[-1].upper is not None and q >= tiers[-1].upper:
        msg = f"quantity is beyond the last tier (upper bound {tiers[-1].upper}, exclusive)"
        raise InvalidInputError(msg, field="quantity", value=str(quantity))
    if style == "range":
        tier = next(t for t in tiers if t.upper is None or q < t.upper)
        return (unit_price * (q * (1 - tier.discount))).round()
    if style == "slab":
        total = Money.zero(unit_price.currency)
        for t in tiers:
            top = q if t.upper is None else min(q, t.upper)
            units = max(Decimal(0), top - t.lower)
            total = total + unit_price * (units * (1 - t.discount))
        return total.round()
    raise InvalidInputError("expected 'range' or 'slab'", field="style", value=style)


@attrs.frozen(kw_only=True, repr=False)
class Waterfall(TableDisplay):
    """A pocket-price waterfall (Marn and Rosiello 1992), every step in exact Money."""

    list_price: Money
    on_invoice: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    invoice_price: Money
    off_invoice: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    pocket_price: Money
    cost: Money | None
    pocket_margin: Money | None
    leakage: Money
    leakage_rate: Decimal

    _display_title = "Price waterfall"

    def __repr__(self) -> str:
        return (
            f"<Waterfall list {self.list_price} -> invoice {self.invoice_price} -> "
            f"pocket {self.pocket_price} (leakage {100 * self.leakage_rate:.1f} %)>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per step from list price to pocket price (and margin); deductions negative."""
        rows = [{"step": "list price", "kind": "price", "amount": str(self.list_price)}]
        rows += [{"step": k, "kind": "on-invoice", "amount": str(-v)}
                 for k, v in self.on_invoice.items()]  # fmt: skip
        rows.append({"step": "invoice price", "kind": "price", "amount": str(self.invoice_price)})
        rows += [{"step": k, "kind": "off-invoice", "amount": str(-v)}
                 for k, v in self.off_invoice.items()]  # fmt: skip
        rows.append({"step": "pocket price", "kind": "price", "amount": str(self.pocket_price)})
        if self.cost is not None and self.pocket_margin is not None:
            rows.append({"step": "cost", "kind": "cost", "amount": str(-self.cost)})
            rows.append({"step": "pocket margin", "kind": "margin",
                         "amount": str(self.pocket_margin)})  # fmt: skip
        return rows


def price_waterfall(
    list_price: Money,
    on_invoice: Mapping[str, float | Decimal | str],
    off_invoice: Mapping[str, Money],
    *,
    cost: Money | None = None,
    sequence: Literal["compound", "off_list"] = "compound",
) -> Waterfall:
    """From list price to invoice price, pocket price and pocket margin (step 2.5.4).

    Parameters
    ----------
    list_price : Money
        The list price.
    on_invoice : mapping of name to fraction
        On-invoice discounts (order discount, channel discount, ...) in order.
    off_invoice : mapping of name to Money
        Off-invoice leakage (rebates, payment-term cost, freight, cost to serve), >= 0.
    cost : Money, optional
        Cost, for the pocket margin ``pocket price - cost``.
    sequence : {"compound", "off_list"}
        ``"compound"``: each on-invoice discount applies to the price after the
        previous ones; ``"off_list"``: each applies to the list price.

    Returns
    -------
    Waterfall
        Each on-invoice amount rounded half-even; invoice price = list minus
        them; pocket price = invoice minus off-invoice items; leakage = list
        minus pocket, and its rate of list.

    Examples
    --------
    A 100,000 EUR list price, 10 % order discount then 5 % channel discount,
    a 2,000 EUR volume rebate and 1,500 EUR of freight, 60,000 EUR cost:

    >>> w = price_waterfall(Money(100000, "EUR"), {"order": "0.10", "channel": "0.05"},
    ...                     {"rebate": Money(2000, "EUR"), "freight": Money(1500, "EUR")},
    ...                     cost=Money(60000, "EUR"))
    >>> str(w.invoice_price), str(w.pocket_price), str(w.pocket_margin), w.leakage_rate
    ('85500.00 EUR', '82000.00 EUR', '22000.00 EUR', Decimal('0.18'))
    """
    if list_price.amount < 0:
        raise InvalidInputError("must not be negative", field="list_price", value=str(list_price))
    if sequence not in ("compound", "off_list"):
        raise InvalidInputError("expected 'compound' or 'off_list'", field="sequence",
                                value=sequence)  # fmt: skip
    running = list_price
    steps: dict[str, Money] = {}
    for name, d in on_invoice.items():
        base = running if sequence == "compound" else list_price
        amount = (base * _fraction(d, f"on_invoice[{name!r}]")).round()
        steps[name] = amount
        running = running - amount
    if running.amount < 0:
        raise InvalidInputError("on-invoice discounts exceed the list price", field="on_invoice")
    invoice = running
    for name, item in off_invoice.items():
        if item.amount < 0:
            raise InvalidInputError("must not be negative", field=f"off_invoice[{name!r}]",
                                    value=str(item))  # fmt: skip
        running = running - item
    leakage = list_price - running
    rate = leakage.amount / list_price.amount if list_price.amount else Decimal(0)
    return Waterfall(list_price=list_price, on_invoice=steps, invoice_price=invoice,
                     off_invoice=dict(off_invoice), pocket_price=running, cost=cost,
                     pocket_margin=None if cost is None else running - cost,
                     leakage=leakage, leakage_rate=rate)  # fmt: skip
