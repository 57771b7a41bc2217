"""Quote lines: products and services, quantities, line discounts and bundles (step 2.5.4).

A :class:`QuoteLine` is what a CPQ quote line holds: a product or service, a
quantity in a unit, a unit list price, an optional volume schedule (Salesforce's
range or slab tiers), a line discount, an optional agreed price, the line's cost
and its tax rate. A *bundle* is a parent line with components, priced either as
a bundle (the parent's price, spread over the components) or by component (the
sum of the components' own prices).

:func:`price_lines` does the arithmetic, line by line, in exact Decimal, in the
order of the Salesforce CPQ price waterfall: list price, volume discount (the
regular price), line discount (the customer price), agreed price; each line's
price is then rounded half-even to the currency's minor unit ("round per line,
then sum"), so the line prices add up to the quote's price exactly. A bundle
priced as a bundle spreads its price over its components pro rata by their list
prices, in minor units with the largest-remainder method
(:meth:`Money.allocate <clientel.models.Money.allocate>`), so the components
add up to the bundle exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import (
    described,
    enum_member,
    frozen_mapping,
    identifier,
    non_empty,
    optional,
    where,
)
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models._money import Money, minor_unit
from clientel.models._money_checks import money_at_least_zero
from clientel.models._volume import (
    VolumeStyle,
    VolumeTier,
    as_decimal,
    check_tiers,
    fraction,
    volume_amount,
)

__all__ = [
    "BundlePricing",
    "LineKind",
    "PricedLine",
    "QuoteLine",
    "places",
    "price_lines",
]


class LineKind(enum.Enum):
    """What a quote line sells: a product, a service, or a bundle of components."""

    PRODUCT = "product"
    SERVICE = "service"
    BUNDLE = "bundle"


class BundlePricing(enum.Enum):
    """How a bundle is priced.

    ``bundle``: the parent line carries the price (its own list price, volume
    tiers, discount or agreed price) and the components share it pro rata by
    their list prices. ``components``: each component is priced as a line of
    its own and the bundle's price is their sum.
    """

    BUNDLE = "bundle"
    COMPONENTS = "components"


def _quantity(value: int | float | Decimal | str) -> Decimal:
    return as_decimal(value, "QuoteLine.quantity")


def _discount(value: float | Decimal | str) -> Decimal:
    return fraction(value, "QuoteLine.discount")


def _rate(value: float | Decimal | str | None) -> Decimal | None:
    return None if value is None else as_decimal(value, "QuoteLine.tax_rate")


_as_kind = enum_member(LineKind, "QuoteLine.kind")
_as_pricing = enum_member(BundlePricing, "QuoteLine.pricing")


def _kind(value: LineKind | str) -> LineKind:
    return _as_kind(value)


def _pricing(value: BundlePricing | str | None) -> BundlePricing | None:
    return None if value is None else _as_pricing(value)


def _at_least_zero(instance: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if value < 0:
        msg = f"line {instance.id}: expected a {attribute.name.replace('_', ' ')} >= 0"
        raise InvalidInputError(msg, field=where(instance, attribute), value=str(value))


def _style(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("range", "slab"):
        msg = "expected 'range' or 'slab' (Salesforce's two volume methods)"
        raise InvalidInputError(msg, field=where(instance, attribute), value=value)


def _pricing_fields(line: QuoteLine) -> dict[str, object]:
    """What prices a line on its own: those of its fields that are set."""
    own = {"price": line.price, "tax_rate": line.tax_rate, "tiers": line.tiers or None}
    own |= {"discount": line.discount or None}
    if line.kind is LineKind.BUNDLE:
        own["unit_price"] = line.unit_price
    return {k: v for k, v in own.items() if v is not None}


def _refuse(line: QuoteLine, prefix: str, found: dict[str, object], what: str) -> None:
    for name, value in found.items():
        raise _fail(line, prefix + name, what.format(name.replace("_", " ")), str(value))


described(_style, {})  # the Literal type gives the schema its enum


def _fail(line: QuoteLine, name: str, what: str, value: object = None) -> InvalidInputError:
    return InvalidInputError(f"line {line.id}: {what}", field=f"QuoteLine.{name}", value=value)


@attrs.frozen(kw_only=True, repr=False)
class QuoteLine(TableDisplay):
    """One line of a quote: a product or service, or a bundle of components (step 2.5.4).

    Parameters
    ----------
    id : str
        The line's id, unique within its quote (components included).
    quantity : Decimal, int or str
        How many units, at least 0 (days may be fractional; a line with volume
        tiers counts whole units).
    unit_price : Money, optional
        List price of one unit. Required on a product or service line; on a
        bundle priced as a bundle it is the bundle's own list price (default:
        the sum of its components' list prices); a bundle priced by
        components has none.
    kind : LineKind or str
        ``"product"`` (the default), ``"service"`` or ``"bundle"`` (a line
        with ``components``).
    description, unit : str
        What is sold and its unit (``"day"``, ``"licence"``, ``"month"``).
    discount : Decimal, float or str
        The line discount (Salesforce's additional discount), 0 to 1, off the
        price after volume tiers.
    tiers : tuple of VolumeTier
        A volume schedule (see :func:`clientel.pricing.volume_price`), priced
        by ``volume``: ``"range"`` (every unit at the tier of the last unit) or
        ``"slab"`` (each unit at its own tier).
    price : Money, optional
        The price agreed for the whole line (after negotiation), in place of
        the computed one; the waterfall shows the difference as ``agreed price``.
    cost : Money, optional
        The line's cost (all units). Bundles have none: their cost is their
        components' sum.
    tax_rate : Decimal, optional
        Tax on this line's price (``"0.21"`` for 21 %), rounded per line.
    components : tuple of QuoteLine
        A bundle's components (product or service lines; bundles do not nest).
    pricing : BundlePricing or str, optional
        How a bundle is priced: ``"bundle"`` or ``"components"``; required on a
        bundle and on nothing else.

    Raises
    ------
    InvalidInputError
        A negative quantity, unit price, price or cost; a discount outside 0 to
        1; a bundle without components (or components on another kind of
        line); a nested bundle; pricing set on a line that is not a bundle;
        price, discount, tiers or tax on a line whose price its bundle sets;
        tiers on a fractional quantity or beyond a closed last tier.
    CurrencyMismatchError
        Amounts of the line (and its components) in more than one currency.

    Examples
    --------
    Forty consultant days at 1,200 EUR, 5 % off:

    >>> line = QuoteLine(id="consulting", kind="service", quantity=40, unit="day",
    ...                  unit_price=Money(1200, "EUR"), discount="0.05",
    ...                  cost=Money(26000, "EUR"))
    >>> line
    <QuoteLine consulting: 40 day x 1200 EUR, 5.0% off>
    >>> QuoteLine(id="x", quantity=-1, unit_price=Money(1, "EUR"))
    Traceback (most recent call last):
    ...
    clientel.errors.InvalidInputError: QuoteLine.quantity: line x: expected a quantity >= 0 ...
    """

    id: str = attrs.field(validator=identifier)
    quantity: Decimal = attrs.field(converter=_quantity, validator=_at_least_zero)
    unit_price: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    kind: LineKind = attrs.field(default=LineKind.PRODUCT, converter=_kind)
    description: str = ""
    unit: str = attrs.field(default="unit", validator=non_empty)
    discount: Decimal = attrs.field(default=Decimal(0), converter=_discount)
    tiers: tuple[VolumeTier, ...] = attrs.field(default=(), converter=tuples.tiers)
    volume: VolumeStyle = attrs.field(default="range", validator=_style)
    price: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    cost: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    tax_rate: Decimal | None = attrs.field(
        default=None, converter=_rate, validator=optional(_at_least_zero)
    )
    components: tuple[QuoteLine, ...] = attrs.field(default=(), converter=tuples.lines)
    pricing: BundlePricing | None = attrs.field(default=None, converter=_pricing)

    _display_title = "Quote line"

    def __attrs_post_init__(self) -> None:
        if self.kind is LineKind.BUNDLE:
            self._check_bundle()
        else:
            if self.components:
                raise _fail(self, "components", f"a {self.kind.value} line has no components")
            if self.pricing is not None:
                raise _fail(self, "pricing", "only a bundle is priced as a bundle or by component")
            if self.unit_price is None:
                raise _fail(self, "unit_price", f"a {self.kind.value} line needs a unit price")
        if self.tiers:
            check_tiers(self.tiers, "QuoteLine.tiers")
            if self.unit_price is None:
                raise _fail(self, "tiers", "volume tiers need the line's own unit price")
            volume_amount(self.unit_price, self.quantity, self.tiers, self.volume,
                          field="QuoteLine.quantity")  # fmt: skip
        amounts = [self.unit_price, self.price, self.cost]
        amounts += [m for c in self.components for m in (c.unit_price, c.price, c.cost)]
        currencies = sorted({m.currency for m in amounts if m is not None})
        if len(currencies) > 1:
            msg = f"line {self.id}: amounts in {currencies}, expected one currency"
            raise CurrencyMismatchError(msg, field="QuoteLine.currency")

    def _check_bundle(self) -> None:
        if not self.components:
            raise _fail(self, "components", "a bundle without components (expected at least one)")
        if self.pricing is None:
            msg = "a bundle is priced as a 'bundle' or by 'components' (pricing)"
            raise _fail(self, "pricing", msg)
        if self.cost is not None:
            raise _fail(self, "cost", "a bundle's cost is its components' costs", str(self.cost))
        ids = [c.id for c in self.components]
        for i, comp in enumerate(self.components):
            if comp.components:
                raise _fail(self, f"components[{i}]", "bundles do not nest", comp.id)
            if comp.id in ids[:i] or comp.id == self.id:
                raise _fail(self, f"components[{i}].id", "ids are unique in a quote", comp.id)
        if self.pricing is BundlePricing.COMPONENTS:
            what = "a bundle priced by components has no {} of its own"
            _refuse(self, "", _pricing_fields(self), what)
            return
        for i, comp in enumerate(self.components):
            what = f"component {comp.id} is priced by its bundle: no {{}}"
            _refuse(self, f"components[{i}].", _pricing_fields(comp), what)

    @property
    def currency(self) -> str:
        """The line's currency (its first amount's)."""
        for item in (self.unit_price, self.price, self.cost):
            if item is not None:
                return item.currency
        return self.components[0].currency

    def walk(self) -> tuple[QuoteLine, ...]:
        """This line, then its components in order."""
        return (self, *self.components)

    def __repr__(self) -> str:
        if self.components:
            what = f"bundle of {len(self.components)} priced by {self.pricing.value}"  # type: ignore[union-attr]
        else:
            what = f"{self.quantity:f} {self.unit} x {self.unit_price}"
        off = f", {float(self.discount):.1%} off" if self.discount else ""
        agreed = f", agreed {self.price}" if self.price is not None else ""
        return f"<QuoteLine {self.id[:40]}: {what}{off}{agreed}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per line (this one, then its components) with its amounts."""
        return [row for priced in price_lines((self,)) for row in priced.to_records()]


@attrs.frozen(kw_only=True, repr=False)
class PricedLine(TableDisplay):
    """A quote line's amounts, from list price to the rounded price (step 2.5.4).

    Attributes
    ----------
    id, parent : str
        The line and, for a component, its bundle.
    kind : LineKind
        Product, service or bundle.
    quantity, unit : Decimal, str
        As on the line.
    list_price : Money
        Unit list price times quantity, exact (a bundle: see :class:`QuoteLine`).
    steps : mapping of str to Money
        What each on-invoice step takes off, exact and in order:
        ``volume discount``, ``line discount``, ``agreed price`` (plain lines),
        ``bundle discount`` (a component's share of its bundle's discount).
    rounding : Money
        Exact price minus the rounded price (0 for an agreed or allocated price).
    price : Money
        The line's price: list minus the steps minus the rounding.
    cost : Money, optional
        The line's cost.
    tax : Money, optional
        The line's tax, rounded half-even (only with a line tax rate).
    judged : bool
        Whether the line carries a price decision of its own, so the authority
        engine judges it: product and service lines, bundles priced as a
        bundle and the components of bundles priced by component (not the
        components of a bundle priced as one, nor a bundle priced by components).
    """

    id: str
    parent: str | None
    kind: LineKind
    quantity: Decimal
    unit: str
    list_price: Money
    steps: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    rounding: Money
    price: Money
    cost: Money | None
    tax: Money | None
    judged: bool

    _display_title = "Priced line"

    @property
    def discount(self) -> Decimal | None:
        """Discount off list, ``1 - price / list_price`` (None for a line at list 0)."""
        return None if self.list_price.is_zero() else 1 - self.price / self.list_price

    @property
    def margin(self) -> Decimal | None:
        """Margin on price, ``(price - cost) / price`` (None without a cost or at price 0)."""
        if self.cost is None or self.price.is_zero():
            return None
        return (self.price - self.cost) / self.price

    def __repr__(self) -> str:
        off = "" if self.discount is None else f", {float(self.discount):.1%} off list"
        margin = "" if self.margin is None else f", margin {float(self.margin):.1%}"
        return f"<PricedLine {self.id[:40]}: {self.price}{off}{margin}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the line's quantity, amounts, discount off list and margin."""
        return [
            {
                "line": self.id if self.parent is None else f"  {self.id}",
                "bundle": self.parent,
                "kind": self.kind.value,
                "quantity": f"{self.quantity:f}",
                "unit": self.unit,
                "list_price": str(self.list_price),
                "discount": None if self.discount is None else float(self.discount),
                "price": str(self.price),
                "cost": None if self.cost is None else str(self.cost),
                "margin": None if self.margin is None else float(self.margin),
                "tax": None if self.tax is None else str(self.tax),
            }
        ]


def places(amount: Money) -> int:
    """Decimal places to allocate ``amount`` in: the minor unit, or more if it has more."""
    exponent = int(amount.amount.as_tuple().exponent)
    return max(minor_unit(amount.currency), -exponent)


def _tax(price: Money, rate: Decimal | None) -> Money | None:
    return None if rate is None else (price * rate).round()


def _own(line: QuoteLine, listed: Money, parent: str | None = None) -> PricedLine:
    """A line priced on its own: list, volume tiers, line discount, agreed price, rounding."""
    steps: dict[str, Money] = {}
    running = listed
    if line.tiers and line.unit_price is not None:  # tiers come with a unit price
        running = volume_amount(line.unit_price, line.quantity, line.tiers, line.volume)
        steps["volume discount"] = listed - running
    if line.discount:
        off = running * line.discount
        steps["line discount"] = off
        running = running - off
    if line.price is not None:
        steps["agreed price"] = running - line.price
        running = price = line.price
    else:
        price = running.round()
    return PricedLine(id=line.id, parent=parent, kind=line.kind, quantity=line.quantity,
                      unit=line.unit, list_price=listed, steps=steps, rounding=running - price,
                      price=price, cost=line.cost, tax=_tax(price, line.tax_rate),
                      judged=True)  # fmt: skip


def _listed(line: QuoteLine) -> Money:
    """Unit list price times quantity, exact (a line without a unit price lists at 0)."""
    if line.unit_price is None:
        return Money.zero(line.currency)
    return line.unit_price * line.quantity


def _total(items: Sequence[Money | None], currency: str) -> Money | None:
    present = [m for m in items if m is not None]
    return Money.sum(present, currency) if present else None


def _by_components(line: QuoteLine) -> list[PricedLine]:
    cur = line.currency
    parts = [_own(c, _listed(c), line.id) for c in line.components]
    steps: dict[str, Money] = {}
    for part in parts:
        for name, amount in part.steps.items():
            steps[name] = steps.get(name, Money.zero(cur)) + amount
    head = PricedLine(id=line.id, parent=None, kind=line.kind, quantity=line.quantity,
                      unit=line.unit, list_price=Money.sum((p.list_price for p in parts), cur),
                      steps=steps, rounding=Money.sum((p.rounding for p in parts), cur),
                      price=Money.sum((p.price for p in parts), cur),
                      cost=_total([p.cost for p in parts], cur),
                      tax=_total([p.tax for p in parts], cur), judged=False)  # fmt: skip
    return [head, *parts]


def _as_bundle(line: QuoteLine) -> list[PricedLine]:
    cur = line.currency
    lists = [_listed(c) for c in line.components]
    own = Money.sum(lists, cur) if line.unit_price is None else _listed(line)
    head = attrs.evolve(_own(line, own), cost=_total([c.cost for c in line.components], cur))
    weights = [m.amount for m in lists] if any(lists) else [1] * len(lists)
    shares = head.price.allocate(weights, places=places(head.price))
    parts = [
        PricedLine(id=c.id, parent=line.id, kind=c.kind, quantity=c.quantity, unit=c.unit,
                   list_price=listed, steps={"bundle discount": listed - share},
                   rounding=Money.zero(cur), price=share, cost=c.cost, tax=None, judged=False)
        for c, listed, share in zip(line.components, lists, shares, strict=True)
    ]  # fmt: skip
    return [head, *parts]


def price_lines(lines: Sequence[QuoteLine]) -> tuple[PricedLine, ...]:
    """Every line's amounts: each line, then its components (step 2.5.4).

    Notes
    -----
    A product or service line: ``list = unit price x quantity``; the volume
    tiers give the regular price, the line discount the customer price, an
    agreed price replaces it; the price is rounded half-even to the minor
    unit once, at the end. A bundle priced by components: each component
    so, and the bundle is their sum. A bundle priced as a bundle: its own
    list price (or its components' sum) through the same steps; its price is
    allocated to the components pro rata by their list prices, in minor units,
    the largest remainders first (equal shares when every component lists at
    0), so they add up to it exactly.

    Examples
    --------
    >>> bundle = QuoteLine(id="support", kind="bundle", quantity=1, unit="year",
    ...     pricing="bundle", discount="0.10", components=[
    ...         QuoteLine(id="helpdesk", quantity=1, unit_price=Money(200, "EUR")),
    ...         QuoteLine(id="monitoring", quantity=1, unit_price=Money(100, "EUR"))])
    >>> [(p.id, str(p.list_price), str(p.price)) for p in price_lines([bundle])]
    [('support', '300 EUR', '270.00 EUR'), ('helpdesk', '200 EUR', '180.00 EUR'), ('monitoring', '100 EUR', '90.00 EUR')]
    """  # noqa: E501
    out: list[PricedLine] = []
    for line in lines:
        if line.pricing is BundlePricing.COMPONENTS:
            out += _by_components(line)
        elif line.pricing is BundlePricing.BUNDLE:
            out += _as_bundle(line)
        else:
            out.append(_own(line, _listed(line)))
    return tuple(out)
