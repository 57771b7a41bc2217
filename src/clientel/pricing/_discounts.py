"""Discounts, volume schedules and the pocket-price waterfall (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, str_tuple
from clientel.errors import InvalidInputError, UnknownReferenceError
from clientel.models import Money
from clientel.models._volume import VolumeStyle, VolumeTier, fraction, volume_amount

__all__ = [
    "VolumeTier",
    "Waterfall",
    "WaterfallStage",
    "compound_discount",
    "price_waterfall",
    "volume_price",
    "waterfall_of",
]


def compound_discount(discounts: Sequence[float | Decimal | str]) -> Decimal:
    """The single discount equivalent to stacked discounts: ``1 - prod(1 - d_i)``.

    Parameters
    ----------
    discounts : sequence of float, Decimal or str
        The discounts applied one after the other, each a fraction in [0, 1]
        (step 2.5.6: the discounts granted in a negotiation).

    Returns
    -------
    Decimal
        The equivalent single discount, exact.

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
    if isinstance(discounts, str | bytes | Mapping) or not isinstance(discounts, Iterable):
        msg = "expected a list of discounts such as ['0.10', '0.05']"
        raise InvalidInputError(msg, field="discounts", value=type(discounts).__name__)
    keep = Decimal(1)
    for i, d in enumerate(discounts):
        keep *= 1 - fraction(d, f"discounts[{i}]")
    return 1 - keep


def volume_price(
    unit_price: Money,
    quantity: int | Decimal,
    tiers: Sequence[VolumeTier],
    *,
    style: VolumeStyle = "range",
) -> Money:
    """Total price of ``quantity`` units under a volume schedule, rounded half-even once.

    Parameters
    ----------
    unit_price : Money
        List price of one unit.
    quantity : int or Decimal
        Units bought, a whole number >= 0.
    tiers : sequence of VolumeTier
        Ordered, contiguous tiers from the first unit; the last may be open.
    style : {"range", "slab"}
        The two discount-schedule methods of Salesforce (CPQ discount schedules,
        ``PriceAdjustmentSchedule.AdjustmentMethod``): ``"range"``, "all items
        receive the discount of the highest tier the quantity falls in" (the
        tier of the last unit, unit number ``quantity``); ``"slab"``, "items
        receive the discount defined for the tier they fall in" (unit ``k``
        gets the discount of the tier with ``lower <= k < upper``).

    Returns
    -------
    Money
        ``unit price x units x (1 - discount)`` summed over the tiers (one tier
        for range), exact until the single half-even rounding to the minor unit.

    Raises
    ------
    InvalidInputError
        A fractional or negative quantity, a quantity beyond a closed last
        tier, tiers that are empty, not contiguous, or do not start at the first
        unit, an unknown style.

    Notes
    -----
    Both methods put a boundary unit in the same tier: with tiers 1-9 and
    10-49, the 10th unit is in the second tier, so 10 units cost ``10 x 0.9``
    list prices by range and ``9 + 0.9`` by slab.

    References
    ----------
    Salesforce, *Object Reference*: PriceAdjustmentSchedule (AdjustmentMethod:
    Range, Slab) and PriceAdjustmentTier (LowerBound, the first quantity of the
    tier; UpperBound, exclusive). Salesforce Help, "Custom Quantity Discount
    Schedules in Salesforce CPQ" (range and slab discount schedules).

    Examples
    --------
    Licences at 100 EUR: units 1-9 at list, 10-49 at 10 % off, 50 and up at 20 % off:

    >>> tiers = [VolumeTier(lower=1, upper=10, discount=0),
    ...          VolumeTier(lower=10, upper=50, discount="0.1"),
    ...          VolumeTier(lower=50, discount="0.2")]
    >>> volume_price(Money(100, "EUR"), 10, tiers, style="range")
    Money('900.00', 'EUR')
    >>> volume_price(Money(100, "EUR"), 10, tiers, style="slab")  # 9 x 100 + 1 x 90
    Money('990.00', 'EUR')
    >>> volume_price(Money(100, "EUR"), 60, tiers, style="slab")  # 900 + 3,600 + 11 x 80
    Money('5380.00', 'EUR')

    .. versionchanged:: 0.1.0
       Slab and range agree on the boundary unit (unit ``upper`` is in the next
       tier); quantities are whole units.
    """
    return volume_amount(unit_price, quantity, tiers, style).round()


@attrs.frozen(kw_only=True)
class WaterfallStage:
    """One stage of a price waterfall: the step, the amount it takes off and the price after it.

    ``kind`` is ``"list"``, ``"on_invoice"``, ``"invoice"``, ``"off_invoice"``
    or ``"pocket"``. Prices are exact (Money keeps 20 decimal places) except
    where a step rounds: the invoice and pocket prices, and the on-invoice
    steps named in the waterfall's ``rounded_steps``. At the invoice and pocket
    stages ``amount`` is the rounding (rounded minus exact price).
    """

    name: str
    kind: str
    amount: Money
    price: Money


@attrs.frozen(kw_only=True, repr=False)
class Waterfall(TableDisplay):
    """A pocket-price waterfall (Marn and Rosiello 1992) with every stage's price.

    ``on_invoice`` holds each on-invoice discount's amount at full precision
    (rounded only for the steps in ``rounded_steps``); ``invoice_price`` and
    ``pocket_price`` are rounded half-even once to the minor unit; ``stages``
    lists every price from list to pocket.

    .. versionchanged:: 0.1.0
       Full precision until the invoice price, ``stages`` and ``rounded_steps``
       (schema 4; stored earlier waterfalls, which rounded every step, load
       with every on-invoice step in ``rounded_steps``).
    """

    list_price: Money
    on_invoice: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    invoice_price: Money
    off_invoice: Mapping[str, Money] = attrs.field(converter=frozen_mapping)
    pocket_price: Money
    cost: Money | None
    pocket_margin: Money | None
    leakage: Money
    leakage_rate: Decimal
    stages: tuple[WaterfallStage, ...] = ()
    rounded_steps: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)

    _display_title = "Price waterfall"

    def __repr__(self) -> str:
        return (
            f"<Waterfall list {self.list_price} -> invoice {self.invoice_price} -> "
            f"pocket {self.pocket_price} (leakage {100 * self.leakage_rate:.1f} %)>"
        )

    def price_after(self, name: str) -> Money:
        """The price after the step ``name`` (or at the stage ``"list price"``, ...)."""
        for stage in self.stages:
            if stage.name == name:
                return stage.price
        raise UnknownReferenceError("no such stage", field="name", value=name)

    def to_records(self) -> list[dict[str, Any]]:
        """One row per stage from list to pocket price (and margin); deductions negative."""
        rows = [
            {"step": st.name, "kind": st.kind, "amount": str(-st.amount), "price": str(st.price)}
            for st in self.stages
        ]
        if self.cost is not None and self.pocket_margin is not None:
            rows.append({"step": "cost", "kind": "cost", "amount": str(-self.cost),
                         "price": str(self.pocket_margin)})  # fmt: skip
        return rows


def _rounded_steps(round_steps: bool | Collection[str], names: Sequence[str]) -> tuple[str, ...]:
    if isinstance(round_steps, bool):
        return tuple(names) if round_steps else ()
    if isinstance(round_steps, str):
        raise InvalidInputError("expected True, False or a collection of step names",
                                field="round_steps", value=round_steps)  # fmt: skip
    unknown = sorted(set(round_steps) - set(names))
    if unknown:
        raise UnknownReferenceError("not an on-invoice step", field="round_steps", value=unknown)
    return tuple(n for n in names if n in set(round_steps))


def price_waterfall(
    list_price: Money,
    on_invoice: Mapping[str, float | Decimal | str],
    off_invoice: Mapping[str, Money],
    *,
    cost: Money | None = None,
    sequence: Literal["compound", "off_list"] = "compound",
    round_steps: bool | Collection[str] = False,
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
    round_steps : bool or collection of str
        On-invoice steps whose amount is rounded half-even to the minor unit
        before the next step, for systems that print each discount line in
        cents (``True``: every step). By default nothing is rounded before the
        invoice price.

    Returns
    -------
    Waterfall
        The on-invoice amounts at full precision; the invoice price (list minus
        them) rounded half-even once; the pocket price (invoice price minus the
        off-invoice items) rounded half-even once; leakage = list minus pocket,
        and its rate of list; every stage's price in ``stages``.

    Raises
    ------
    InvalidInputError
        A negative list price or off-invoice item, a discount outside 0..1,
        on-invoice discounts above the list price, an unknown ``sequence``.
    UnknownReferenceError
        A name in ``round_steps`` that is not an on-invoice step.

    Examples
    --------
    A 100,000 EUR list price, 10 % order discount then 5 % channel discount,
    a 2,000 EUR volume rebate and 1,500 EUR of freight, 60,000 EUR cost:

    >>> w = price_waterfall(Money(100000, "EUR"), {"order": "0.10", "channel": "0.05"},
    ...                     {"rebate": Money(2000, "EUR"), "freight": Money(1500, "EUR")},
    ...                     cost=Money(60000, "EUR"))
    >>> str(w.invoice_price), str(w.pocket_price), str(w.pocket_margin), w.leakage_rate
    ('85500.00 EUR', '82000.00 EUR', '22000.00 EUR', Decimal('0.18'))

    Discounts of 5 %, 7.5 % and 5 % on 100 EUR: exactly 100 x 0.95 x 0.925 x 0.95 =
    83.48125, so one rounding gives 83.48; rounding each line (5.00, then 7.125 to
    7.12, then 4.394 to 4.39) gives 83.49:

    >>> d = {"a": "0.05", "b": "0.075", "c": "0.05"}
    >>> str(price_waterfall(Money(100, "EUR"), d, {}).invoice_price)
    '83.48 EUR'
    >>> str(price_waterfall(Money(100, "EUR"), d, {}, round_steps=True).invoice_price)
    '83.49 EUR'
    >>> [str(s.price) for s in price_waterfall(Money(100, "EUR"), d, {}).stages]
    ['100 EUR', '95.00 EUR', '87.87500 EUR', '83.4812500 EUR', '83.48 EUR', '83.48 EUR']

    .. versionchanged:: 0.1.0
       Full precision until the invoice price (``round_steps`` for the old
       per-step rounding) and every stage's price in ``stages``.
    """
    if list_price.amount < 0:
        raise InvalidInputError("must not be negative", field="list_price", value=str(list_price))
    if sequence not in ("compound", "off_list"):
        raise InvalidInputError("expected 'compound' or 'off_list'", field="sequence",
                                value=sequence)  # fmt: skip
    rounded = _rounded_steps(round_steps, list(on_invoice))
    running = list_price
    steps: dict[str, Money] = {}
    for name, d in on_invoice.items():
        base = running if sequence == "compound" else list_price
        amount = base * fraction(d, f"on_invoice[{name!r}]")
        if name in rounded:
            amount = amount.round()
        steps[name] = amount
        running = running - amount
    return waterfall_of(list_price, steps, off_invoice, cost=cost, rounded_steps=rounded)


def waterfall_of(
    list_price: Money,
    on_invoice: Mapping[str, Money],
    off_invoice: Mapping[str, Money],
    *,
    cost: Money | None = None,
    invoice: Money | None = None,
    rounded_steps: tuple[str, ...] = (),
) -> Waterfall:
    """The waterfall of on-invoice amounts already computed (exact), in order.

    The invoice price is ``invoice`` when given (a price rounded elsewhere,
    such as a quote line's), else the list price minus the amounts rounded
    half-even once; the rest as in :func:`price_waterfall`.
    """
    zero = Money.zero(list_price.currency)
    running = list_price
    stages = [WaterfallStage(name="list price", kind="list", amount=zero, price=list_price)]
    for name, amount in on_invoice.items():
        running = running - amount
        stages.append(WaterfallStage(name=name, kind="on_invoice", amount=amount, price=running))
    if running.amount < 0:
        raise InvalidInputError("on-invoice discounts exceed the list price", field="on_invoice")
    invoice = running.round() if invoice is None else invoice
    stages.append(WaterfallStage(name="invoice price", kind="invoice", amount=running - invoice,
                                 price=invoice))  # fmt: skip
    pocket = invoice
    for name, item in off_invoice.items():
        if item.amount < 0:
            raise InvalidInputError("must not be negative", field=f"off_invoice[{name!r}]",
                                    value=str(item))  # fmt: skip
        pocket = pocket - item
        stages.append(WaterfallStage(name=name, kind="off_invoice", amount=item, price=pocket))
    final = pocket.round()
    stages.append(WaterfallStage(name="pocket price", kind="pocket", amount=pocket - final,
                                 price=final))  # fmt: skip
    leakage = list_price - final
    rate = leakage.amount / list_price.amount if list_price.amount else Decimal(0)
    return Waterfall(list_price=list_price, on_invoice=on_invoice, invoice_price=invoice,
                     off_invoice=dict(off_invoice), pocket_price=final, cost=cost,
                     pocket_margin=None if cost is None else final - cost,
                     leakage=leakage, leakage_rate=rate, stages=tuple(stages),
                     rounded_steps=rounded_steps)  # fmt: skip
