"""The quote a price is built, approved and negotiated on (steps 2.5.4-2.5.6).

A :class:`Quote` is a list of :class:`~clientel.models.QuoteLine` (products,
services, bundles) with what a delegation-of-authority matrix looks at beyond
the lines: the band floor, the payment terms and any non-standard clauses. Its
list price, price and cost are the sums of its lines' (prices rounded per line,
then summed, so the lines add up to the total exactly); discount and margin are
derived from them exactly, so a second concession is always measured off list
together with the first. The authority engine judges the total *and the worst
line*: the largest discount off list and the lowest margin of any line that
carries a price decision of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from clientel._explanation import Explanation, Factor
from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import described, frozen_mapping, non_empty, optional, where
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._quote_lines import (
    BundlePricing,
    LineKind,
    PricedLine,
    QuoteLine,
    places,
    price_lines,
)
from clientel.models._volume import as_decimal

__all__ = ["Quote", "whole_number"]


def _whole_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number (not a bool) that is not negative."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            "expected a whole number >= 0", field=where(instance, attribute), value=value
        )


whole_number = described(_whole_number, {"minimum": 0})


def _clause_texts(instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    for key, text in value.items():
        if not isinstance(text, str) or not isinstance(key, str) or not key.strip():
            msg = "expected clause ids mapped to their wording (strings)"
            raise InvalidInputError(msg, field=f"{where(instance, attribute)}[{key!r}]")


def _tax_rate(value: float | Decimal | str | None) -> Decimal | None:
    if value is None:
        return None
    rate = as_decimal(value, "Quote.tax_rate")
    if rate < 0:
        raise InvalidInputError("expected a tax rate >= 0", field="Quote.tax_rate", value=value)
    return rate


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"


Measure = Literal["discount", "margin"]

#: The id of the one line of a single-value quote (:meth:`Quote.single`).
SINGLE_LINE = "deal"


@attrs.frozen(kw_only=True, repr=False)
class Quote(TableDisplay):
    """A quote of lines and the terms an approval is judged on (steps 2.5.4-2.5.6).

    Parameters
    ----------
    lines : tuple of QuoteLine
        At least one line, one currency, ids unique (components included).
        Every line has a cost or none does.
    floor : Money, optional
        The price band's floor (step 2.5.4); a total below it is never approved.
    payment_days : int, optional
        Days the client has to pay (``30`` for net 30); without it payment
        terms are not judged.
    clauses : mapping of str to str
        Non-standard clauses, id to wording; a new or changed one is worse for
        the company, a removed one better.
    business_type : str, optional
        Selects business-type rules of the authority matrix.
    tax_rate : Decimal, optional
        Tax on the total price, rounded half-even once; or give lines their own
        ``tax_rate`` (rounded per line, then summed), never both.

    Raises
    ------
    InvalidInputError
        No lines; an id used twice; some lines with a cost and others without;
        a tax rate on the quote and on lines; a total list price or price of 0.
    CurrencyMismatchError
        A line (or the floor) in another currency than the first line.

    Notes
    -----
    Rounding policy: each line's price is rounded half-even to the currency's
    minor unit (a bundle priced as a bundle is allocated in minor units), and
    the quote's price is the exact sum of the line prices; list prices and
    costs are exact sums. The discount off list is :math:`1 - p / l` and the
    margin :math:`(p - c) / p`, exact decimals: 10 % off and then 5 % off the
    result is a price of 85.5 % of list, 14.5 % off list. The *worst line* is
    the judged line (see :class:`~clientel.models.PricedLine`) with the largest
    discount off list (the lowest margin) when it is worse than the total.

    Examples
    --------
    >>> q = Quote.single(list_price=Money(100000, "EUR"), price=Money(85500, "EUR"),
    ...                  cost=Money(64125, "EUR"))
    >>> q.discount, q.margin
    (Decimal('0.145'), Decimal('0.25'))
    >>> q
    <Quote 85500 EUR: 14.5% off list 100000 EUR, margin 25.0%>

    Two lines: services at 5 % off, licences at 30 % off; the licences are the
    worst line:

    >>> eur = lambda x: Money(x, "EUR")
    >>> q = Quote(lines=[
    ...     QuoteLine(id="services", kind="service", quantity=50, unit="day",
    ...               unit_price=eur(1000), discount="0.05", cost=eur(35000)),
    ...     QuoteLine(id="licences", quantity=100, unit="licence", unit_price=eur(100),
    ...               discount="0.30", cost=eur(4000))])
    >>> q
    <Quote 2 lines, 54500.00 EUR: 9.2% off list 60000 EUR, margin 28.4%; worst line licences 30.0% off>
    >>> q.worst_discount, q.worst_line("discount").id
    (Decimal('0.30'), 'licences')
    """  # noqa: E501

    lines: tuple[QuoteLine, ...] = attrs.field(converter=tuples.lines)
    floor: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    payment_days: int | None = attrs.field(default=None, validator=optional(whole_number))
    clauses: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, validator=_clause_texts
    )
    business_type: str | None = attrs.field(default=None, validator=optional(non_empty))
    tax_rate: Decimal | None = attrs.field(default=None, converter=_tax_rate)

    _display_title = "Quote"

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise InvalidInputError("expected at least one line", field="Quote.lines")
        cur = self.lines[0].currency
        seen: set[str] = set()
        for i, line in enumerate(self.lines):
            if line.currency != cur:
                msg = f"line {line.id} is in {line.currency}, the quote in {cur}"
                raise CurrencyMismatchError(msg, field=f"Quote.lines[{i}]")
            for item in line.walk():
                if item.id in seen:
                    msg = "line ids are unique in a quote (components included)"
                    raise InvalidInputError(msg, field=f"Quote.lines[{i}].id", value=item.id)
                seen.add(item.id)
        if self.floor is not None and self.floor.currency != cur:
            msg = f"expected {cur} like the lines, got {self.floor.currency}"
            raise CurrencyMismatchError(msg, field="Quote.floor")
        leaves = [x for line in self.lines for x in line.walk() if not x.components]
        without = [x.id for x in leaves if x.cost is None]
        if without and len(without) < len(leaves):
            msg = f"every line has a cost or none does; without one: {', '.join(without)}"
            raise InvalidInputError(msg, field="Quote.lines")
        taxed = [x.id for line in self.lines for x in line.walk() if x.tax_rate is not None]
        if self.tax_rate is not None and taxed:
            msg = "tax either on the total (Quote.tax_rate) or per line, not both"
            raise InvalidInputError(msg, field="Quote.tax_rate", value=str(self.tax_rate))
        for name in ("list_price", "price"):
            total = getattr(self, name)
            if not total.amount > 0:
                msg = f"the lines' total {name.replace('_', ' ')} must be above 0"
                raise InvalidInputError(msg, field="Quote.lines", value=str(total))

    @classmethod
    def single(
        cls,
        list_price: Money,
        price: Money,
        *,
        cost: Money | None = None,
        floor: Money | None = None,
        payment_days: int | None = None,
        clauses: Mapping[str, str] | None = None,
        business_type: str | None = None,
        tax_rate: float | Decimal | str | None = None,
    ) -> Quote:
        """A single-value quote: one line, the whole deal at ``list_price``, agreed at ``price``.

        Raises
        ------
        InvalidInputError
            A list price or price of 0 or below, a negative cost.
        CurrencyMismatchError
            Amounts in more than one currency.

        Examples
        --------
        >>> q = Quote.single(list_price=Money(500000, "EUR"), price=Money(480000, "EUR"))
        >>> q.lines[0]
        <QuoteLine deal: 1 deal x 500000 EUR, agreed 480000 EUR>
        """
        line = QuoteLine(id=SINGLE_LINE, kind=LineKind.SERVICE, quantity=1, unit="deal",
                         unit_price=list_price, price=price, cost=cost)  # fmt: skip
        return cls(lines=(line,), floor=floor, payment_days=payment_days,
                   clauses=clauses or {}, business_type=business_type,
                   tax_rate=tax_rate)  # fmt: skip

    # -- amounts ------------------------------------------------------------------------------
    @functools.cached_property
    def priced(self) -> tuple[PricedLine, ...]:
        """Every line's amounts, each line followed by its components (see ``price_lines``)."""
        return price_lines(self.lines)

    def _tops(self) -> list[PricedLine]:
        return [p for p in self.priced if p.parent is None]

    @property
    def currency(self) -> str:
        """The quote's currency."""
        return self.lines[0].currency

    @property
    def list_price(self) -> Money:
        """The deal at list price, the sum of the lines' list prices (exact)."""
        return Money.sum((p.list_price for p in self._tops()), self.currency)

    @property
    def price(self) -> Money:
        """The price, the sum of the lines' rounded prices (before tax)."""
        return Money.sum((p.price for p in self._tops()), self.currency)

    @property
    def cost(self) -> Money | None:
        """The cost, the sum of the lines' costs; None when the lines have none."""
        costs = [p.cost for p in self._tops()]
        return None if None in costs else Money.sum(costs, self.currency)  # type: ignore[arg-type]

    @property
    def discount(self) -> Decimal:
        """Discount off list, ``1 - price / list_price`` (negative for a premium)."""
        return 1 - self.price / self.list_price

    @property
    def margin(self) -> Decimal | None:
        """Margin on price, ``(price - cost) / price``; None without a cost."""
        cost = self.cost
        return None if cost is None else (self.price - cost) / self.price

    @property
    def tax(self) -> Money | None:
        """The tax, at the quote's rate on the total (rounded once), or the lines' taxes summed.

        None when no tax rate is stated.
        """
        if self.tax_rate is not None:
            return (self.price * self.tax_rate).round()
        taxes = [p.tax for p in self.priced if p.judged and p.tax is not None]
        return Money.sum(taxes, self.currency) if taxes else None

    @property
    def price_with_tax(self) -> Money:
        """The price plus the tax (the price when no tax is stated)."""
        return self.price + (self.tax or Money.zero(self.currency))

    # -- the worst line -----------------------------------------------------------------------
    @property
    def judged(self) -> tuple[PricedLine, ...]:
        """The lines the authority engine judges one by one (see :class:`PricedLine`)."""
        return tuple(p for p in self.priced if p.judged)

    def worst_line(self, measure: Measure) -> PricedLine | None:
        """The judged line worse than the total on ``measure``, the worst one (ties by id).

        ``"discount"``: the largest discount off list; ``"margin"``: the lowest
        margin. None when no line is worse than the total (a single-line quote).
        """
        if measure == "discount":
            total = self.discount
            found = [(p.discount, p.id, p) for p in self.judged if p.discount is not None]
            worse = [x for x in found if x[0] > total]
            return min(worse, key=lambda x: (-x[0], x[1]))[2] if worse else None
        if measure == "margin":
            margin = self.margin
            found = [(p.margin, p.id, p) for p in self.judged if p.margin is not None]
            worse = [x for x in found if margin is None or x[0] < margin]
            return min(worse, key=lambda x: (x[0], x[1]))[2] if worse else None
        raise InvalidInputError("expected 'discount' or 'margin'", field="measure", value=measure)

    @property
    def worst_discount(self) -> Decimal:
        """The largest discount off list: the total's or a judged line's."""
        line = self.worst_line("discount")
        return self.discount if line is None else line.discount  # type: ignore[return-value]

    @property
    def worst_margin(self) -> Decimal | None:
        """The lowest margin: the total's or a judged line's (None without costs)."""
        line = self.worst_line("margin")
        return self.margin if line is None else line.margin

    # -- changes ------------------------------------------------------------------------------
    def line(self, id: str) -> QuoteLine:  # noqa: A002 - ``id`` names the line, as everywhere
        """The line (or component) ``id``.

        Raises
        ------
        UnknownReferenceError
            No line has that id.
        """
        for top in self.lines:
            for item in top.walk():
                if item.id == id:
                    return item
        raise UnknownReferenceError(f"no line {id!r} in the quote", field="id", value=id)

    def with_line(self, line: QuoteLine) -> Quote:
        """The same quote with the line (or component) of ``line.id`` replaced by ``line``.

        Raises
        ------
        UnknownReferenceError
            No line has that id (add a line with ``attrs.evolve(q, lines=...)``).

        Examples
        --------
        >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(90, "EUR"))
        >>> q.with_line(attrs.evolve(q.line("deal"), price=Money(95, "EUR"))).discount
        Decimal('0.05')
        """
        self.line(line.id)
        out = []
        for top in self.lines:
            if top.id == line.id:
                top = line
            elif any(c.id == line.id for c in top.components):
                parts = tuple(line if c.id == line.id else c for c in top.components)
                top = attrs.evolve(top, components=parts)
            out.append(top)
        return attrs.evolve(self, lines=out)

    def at(self, price: Money) -> Quote:
        """The same quote at another total price (a negotiation round).

        The new price is spread over the judged lines pro rata by their prices
        (by their list prices when every price is 0), in minor units with the
        largest-remainder method, and each becomes the line's agreed price, so
        the lines add up to ``price`` exactly. The same price returns the quote
        unchanged.

        Raises
        ------
        CurrencyMismatchError
            ``price`` in another currency.
        InvalidInputError
            A price of 0 or below.

        Examples
        --------
        >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(90, "EUR"))
        >>> q.at(Money("85.5", "EUR")).discount
        Decimal('0.145')
        """
        if price.currency != self.currency:
            msg = f"expected {self.currency} like the quote, got {price.currency}"
            raise CurrencyMismatchError(msg, field="price")
        if price == self.price:
            return self
        judged = self.judged
        weights = [p.price.amount for p in judged]
        if not any(weights):
            weights = [p.list_price.amount for p in judged]
        if not any(weights):
            weights = [Decimal(1)] * len(judged)
        if price.amount < 0:
            raise InvalidInputError("must not be negative", field="price", value=str(price))
        shares = price.allocate(weights, places=places(price))
        quote = self
        for part, share in zip(judged, shares, strict=True):
            quote = quote.with_line(attrs.evolve(quote.line(part.id), price=share))
        return quote

    # -- display ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        margin = "" if self.margin is None else f", margin {_percent(self.margin)}"
        n = len(self.lines)
        count = f"{n} lines, " if n > 1 else ""
        worst = self.worst_line("discount")
        tail = "" if worst is None else f"; worst line {worst.id[:24]}"
        tail += "" if worst is None else f" {_percent(worst.discount)} off"
        return (
            f"<Quote {count}{self.price}: {_percent(self.discount)} off list "
            f"{self.list_price}{margin}{tail}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per line (components indented under their bundle), then the total."""
        rows = [row for p in self.priced for row in p.to_records()]
        tax = self.tax
        rows.append(
            {
                "line": "total",
                "bundle": None,
                "kind": None,
                "quantity": None,
                "unit": None,
                "list_price": str(self.list_price),
                "discount": float(self.discount),
                "price": str(self.price),
                "cost": None if self.cost is None else str(self.cost),
                "margin": None if self.margin is None else float(self.margin),
                "tax": None if tax is None else str(tax),
            }
        )
        return rows

    def explain(self) -> Explanation:
        """How the price is made: what each judged line takes off list (step 2.5.4).

        One factor per judged line, its effect the amount it is below list
        (largest first, ties by id), its value the line's quantity, list price,
        price and discount; the notes state the rounding, the tax and how
        bundles are priced.

        Examples
        --------
        >>> q = Quote(lines=[
        ...     QuoteLine(id="a", quantity=2, unit_price=Money(50, "EUR"), discount="0.1"),
        ...     QuoteLine(id="b", quantity=1, unit_price=Money(100, "EUR"))], tax_rate="0.2")
        >>> print(q.explain())
        quote of 2 lines: 190.00 EUR, 5.0% off list 200 EUR; tax 38.00 EUR
          a  +10  (value 2 unit: list 100 EUR, price 90.00 EUR, 10.0% off)
          b  +0  (value 1 unit: list 100 EUR, price 100.00 EUR, 0.0% off)
          prices rounded half-even per line to the minor unit, then summed
          tax 20.0% on the total, rounded half-even once
          worst line on discount: a (10.0%)
        """
        factors = [
            Factor(
                criterion=p.id,
                effect=float(p.list_price - p.price),
                value=f"{p.quantity:f} {p.unit}: list {p.list_price}, price {p.price}, "
                f"{_percent(p.discount)} off",
            )
            for p in self.judged
        ]
        factors.sort(key=lambda f: (-f.effect, f.criterion))
        summary = (
            f"{self.price}, {_percent(self.discount)} off list {self.list_price}"
            + ("" if self.margin is None else f", margin {_percent(self.margin)}")
            + ("" if self.tax is None else f"; tax {self.tax}")
        )
        notes = ["prices rounded half-even per line to the minor unit, then summed"]
        if self.tax_rate is not None:
            notes.append(f"tax {_percent(self.tax_rate)} on the total, rounded half-even once")
        elif self.tax is not None:
            notes.append("tax per line at each line's rate, rounded half-even per line, summed")
        for line in self.lines:
            names = ", ".join(c.id for c in line.components)
            if line.pricing is BundlePricing.BUNDLE:
                notes.append(f"bundle {line.id} priced as a bundle: its price spread over "
                             f"{names} pro rata by list price, in minor units")  # fmt: skip
            elif line.pricing is BundlePricing.COMPONENTS:
                notes.append(f"bundle {line.id} priced by component: the sum of {names}")
        measures: tuple[Measure, ...] = ("discount", "margin")
        for measure in measures:
            worst = self.worst_line(measure)
            if worst is not None:
                value = worst.discount if measure == "discount" else worst.margin
                notes.append(f"worst line on {measure}: {worst.id} ({_percent(value)})")
        return Explanation(
            subject=f"quote of {len(self.lines)} line{'s' if len(self.lines) > 1 else ''}",
            summary=summary,
            factors=factors,
            effect_kind=f"amount below list ({self.currency})",
            notes=notes,
        )
