"""A quote of lines through the price waterfall and the price band, per line and in total.

Step 2.5.4 prices a deal; a :class:`~clientel.models.Quote` of lines (issue 30)
carries each line's cost (from its own cost build-up), list price, volume and
line discounts and price. :func:`quote_waterfall` draws the pocket-price
waterfall of the whole quote or of one line, with the deal's off-invoice items
shared over the lines so that the lines' pocket prices add up to the
quote's; :func:`quote_bands` puts the price band of the deal history on every
line that carries a price decision and on the total, and says which are below
their floor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models import Money, PricedLine, Quote, Segment
from clientel.models._quote_lines import places
from clientel.pricing._bands import PriceBand, price_band
from clientel.pricing._deals import DealRecord
from clientel.pricing._discounts import Waterfall, waterfall_of

__all__ = ["QuoteBands", "quote_bands", "quote_waterfall"]


def _shares(amount: Money, weights: Sequence[Money]) -> tuple[Money, ...]:
    """``amount`` split pro rata by ``weights`` in its own places (equal parts if all are 0)."""
    values = [w.amount for w in weights]
    return amount.allocate(values if any(values) else [1] * len(values), places=places(amount))


def _off_invoice_of(
    quote: Quote, line: PricedLine, off_invoice: Mapping[str, Money]
) -> dict[str, Money]:
    """The line's share of each off-invoice item: over the lines by price, then its bundle's."""
    tops = [p for p in quote.priced if p.parent is None]
    top = next(p for p in tops if p.id == (line.parent or line.id))
    parts = [p for p in quote.priced if p.parent == top.id]
    out: dict[str, Money] = {}
    for name, item in off_invoice.items():
        share = _shares(item, [p.price for p in tops])[tops.index(top)]
        if line.parent is not None:
            share = _shares(share, [p.price for p in parts])[parts.index(line)]
        out[name] = share
    return out


def _checked(quote: Quote, off_invoice: Mapping[str, Money] | None) -> dict[str, Money]:
    given: dict[str, object] = dict(off_invoice or {})
    items: dict[str, Money] = {}
    for name, item in given.items():
        if not isinstance(item, Money):
            msg = "expected Money"
            raise InvalidInputError(msg, field=f"off_invoice[{name!r}]", value=repr(item))
        items[name] = item
        if item.currency != quote.currency:
            msg = f"expected {quote.currency} like the quote, got {item.currency}"
            raise CurrencyMismatchError(msg, field=f"off_invoice[{name!r}]")
        if item.amount < 0:
            raise InvalidInputError("must not be negative", field=f"off_invoice[{name!r}]",
                                    value=str(item))  # fmt: skip
    return items


def quote_waterfall(
    quote: Quote, off_invoice: Mapping[str, Money] | None = None, *, line: str | None = None
) -> Waterfall:
    """The pocket-price waterfall of a quote of lines, or of one of its lines (step 2.5.4).

    Parameters
    ----------
    quote : Quote
        The quote; its lines' on-invoice steps (``volume discount``, ``line
        discount``, ``agreed price``, ``bundle discount``) are the waterfall's.
    off_invoice : mapping of name to Money, optional
        The deal's off-invoice items (rebates, freight, payment-term cost), at
        least 0, in the quote's currency.
    line : str, optional
        A line's (or component's) id: that line's waterfall, with its share of
        every off-invoice item (pro rata by the lines' prices, then by the
        components' prices within a bundle; in the item's decimal places, the
        largest remainders first). Without it, the whole quote's.

    Returns
    -------
    Waterfall
        List price, each on-invoice step (summed over the lines for the total,
        exact), the invoice price (the line's price, or the quote's: the lines'
        prices summed, so the invoice stage's amount is the lines' rounding),
        the off-invoice items and the pocket price and margin. When the items
        are whole minor units, the lines' pocket prices (and their off-invoice
        shares) add up to the quote's exactly.

    Raises
    ------
    UnknownReferenceError
        No line has the id ``line``.
    CurrencyMismatchError
        An off-invoice item in another currency than the quote.
    InvalidInputError
        A negative off-invoice item.

    Examples
    --------
    Licences 30 % off and services 5 % off, with a 1,000 EUR rebate:

    >>> from clientel.models import QuoteLine
    >>> eur = lambda x: Money(x, "EUR")
    >>> q = Quote(lines=[
    ...     QuoteLine(id="services", kind="service", quantity=50, unit="day",
    ...               unit_price=eur(1000), discount="0.05", cost=eur(35000)),
    ...     QuoteLine(id="licences", quantity=100, unit_price=eur(100), discount="0.30",
    ...               cost=eur(4000))])
    >>> w = quote_waterfall(q, {"rebate": eur(1000)})
    >>> str(w.invoice_price), str(w.pocket_price), str(w.pocket_margin)
    ('54500.00 EUR', '53500.00 EUR', '14500.00 EUR')
    >>> [str(quote_waterfall(q, {"rebate": eur(1000)}, line=x).pocket_price)
    ...  for x in ("services", "licences")]
    ['46628.44 EUR', '6871.56 EUR']
    """
    items = _checked(quote, off_invoice)
    if line is None:
        steps: dict[str, Money] = {}
        for p in quote.priced:
            if p.parent is None:
                for name, amount in p.steps.items():
                    steps[name] = steps.get(name, Money.zero(quote.currency)) + amount
        return waterfall_of(quote.list_price, steps, items, cost=quote.cost,
                            invoice=quote.price)  # fmt: skip
    quote.line(line)  # an unknown id raises UnknownReferenceError
    priced = next(p for p in quote.priced if p.id == line)
    return waterfall_of(priced.list_price, priced.steps, _off_invoice_of(quote, priced, items),
                        cost=priced.cost, invoice=priced.price)  # fmt: skip


def _position(price: Money, band: PriceBand) -> str:
    if price < band.floor:
        return "below floor"
    return "above stretch" if price > band.stretch else "in band"


@attrs.frozen(kw_only=True, repr=False)
class QuoteBands(TableDisplay):
    """The price band of the whole quote and of every line with a price of its own (2.5.4).

    Attributes
    ----------
    quote : Quote
        The quote the bands are for.
    total : PriceBand
        The band for the quote's list price and cost.
    lines : mapping of str to PriceBand
        The band for each judged line (see :class:`~clientel.models.PricedLine`)
        with a list price above 0, in the quote's order, from the same deal
        history with the line's own list price and cost.
    """

    quote: Quote
    total: PriceBand
    lines: Mapping[str, PriceBand] = attrs.field(converter=frozen_mapping)

    _display_title = "Quote bands"

    @property
    def below_floor(self) -> tuple[str, ...]:
        """The lines priced below their band's floor, then ``"total"`` if the quote is."""
        out = [p.id for p in self.quote.judged if p.id in self.lines
               and p.price < self.lines[p.id].floor]  # fmt: skip
        return (*out, "total") if self.quote.price < self.total.floor else tuple(out)

    def __repr__(self) -> str:
        below = ", ".join(self.below_floor) or "none"
        return (
            f"<QuoteBands {len(self.lines)} lines and the total {self.quote.price} "
            f"(floor {self.total.floor}); below floor: {below[:60]}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per banded line, then the total: price, floor, target, stretch, position."""
        priced = {p.id: p for p in self.quote.priced}
        rows = [(i, priced[i].price, priced[i].list_price, b) for i, b in self.lines.items()]
        rows.append(("total", self.quote.price, self.quote.list_price, self.total))
        return [
            {
                "line": name,
                "list_price": str(listed),
                "price": str(price),
                "floor": str(band.floor),
                "target": str(band.target),
                "stretch": str(band.stretch),
                "position": _position(price, band),
                "method": band.method,
            }
            for name, price, listed, band in rows
        ]


def quote_bands(
    deals: Sequence[DealRecord],
    quote: Quote,
    *,
    segment_id: str,
    segments: Sequence[Segment],
    min_margin: float = 0.0,
    delta: float = 0.1,
    n_min: int = 30,
) -> QuoteBands:
    """The price band per line and in total for a quote of lines (step 2.5.4).

    Each judged line with a list price above 0, and the whole quote, get
    :func:`price_band` from the same deal history (prices as fractions of list,
    so one history serves every line) with their own list price and cost: the
    minimum-margin floor and the profit-maximising target follow each line's
    cost-to-list ratio.

    Parameters
    ----------
    deals, segment_id, segments, min_margin, delta, n_min
        As for :func:`price_band`.
    quote : Quote
        A quote whose lines have costs.

    Returns
    -------
    QuoteBands
        The bands, with the lines (and the total) below their floor.

    Raises
    ------
    InvalidInputError
        The quote's lines have no cost.
    MissingDataError
        Neither a fit nor a won deal is available (as :func:`price_band`).

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import QuoteLine
    >>> segs = [Segment(id="all", name="All")]
    >>> rows = [(80, True), (85, True), (90, False), (88, True), (95, False), (92, True),
    ...         (97, False), (83, False), (86, True), (91, False)]
    >>> deals = [DealRecord(id=f"d{i}", segment_id="all", closed_on=dt.date(2026, 1, 5), won=w,
    ...          price=Money(r, "EUR"), list_price=Money(100, "EUR"))
    ...          for i, (r, w) in enumerate(rows)]
    >>> eur = lambda x: Money(x, "EUR")
    >>> q = Quote(lines=[
    ...     QuoteLine(id="services", kind="service", quantity=50, unit="day",
    ...               unit_price=eur(1000), discount="0.05", cost=eur(35000)),
    ...     QuoteLine(id="licences", quantity=100, unit_price=eur(100), discount="0.30",
    ...               cost=eur(4000))])
    >>> bands = quote_bands(deals, q, segment_id="all", segments=segs, min_margin=0.2, n_min=10)
    >>> list(bands.lines), bands.below_floor
    (['services', 'licences'], ('licences',))
    """
    cost = quote.cost
    if cost is None:
        msg = "a price band needs the lines' costs (every line has a cost)"
        raise InvalidInputError(msg, field="quote.lines")

    def band(list_price: Money, cost: Money) -> PriceBand:
        return price_band(deals, segment_id=segment_id, segments=segments, list_price=list_price,
                          cost=cost, min_margin=min_margin, delta=delta,
                          n_min=n_min)  # fmt: skip

    lines = {p.id: band(p.list_price, p.cost) for p in quote.judged
             if p.cost is not None and p.list_price.amount > 0}  # fmt: skip
    return QuoteBands(quote=quote, total=band(quote.list_price, cost), lines=lines)
