"""Collections: aging of receivables and days sales outstanding, in exact money (step 2.6.6).

Both read invoices as finance holds them (:class:`~clientel.models.Invoice`,
with their payments) and only what was known on a date: an invoice issued
later owes nothing yet, a payment received later has not arrived. Amounts are
summed in integer minor units by the kernels (:func:`kernels.open_amounts`,
:func:`kernels.aging`) and turned back into Money, so the buckets sum exactly
to the open receivables.

Days sales outstanding (DSO) follows the activity-ratio definition used in
financial-analysis curricula (for example the CMA study guide's "receivables
turnover = net credit sales / average receivables; DSO = 365 / receivables
turnover"): over a period of ``d`` days from ``start`` (exclusive) to ``end``
(inclusive),

.. math:: \\mathrm{DSO} = d \\cdot \\frac{(AR_{start} + AR_{end}) / 2}{S}

where :math:`AR_t` is what the invoices still owe at the end of day ``t`` and
:math:`S` the amount invoiced in the period (every invoice is a credit sale).
``basis="closing"`` uses :math:`AR_{end}` alone (:math:`AR_{end} / S \\cdot d`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, first_items
from clientel.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    LimitExceededError,
    NoSolutionError,
    UnknownReferenceError,
)
from clientel.models import Invoice, Money, minor_unit
from clientel.workflow import kernels
from clientel.workflow._portfolio import check_as_of, day_array, each_once

__all__ = ["AgingReport", "SalesOutstanding", "aging", "days_sales_outstanding"]

#: Largest total, in minor units, the exact 64-bit sums accept (about 9.2e16 EUR).
MAX_UNITS = 2**63 - 1


class _Ledger:
    """Invoices as integer arrays: amounts and payments in minor units, dates as days."""

    def __init__(self, invoices: Iterable[Invoice]) -> None:
        items = each_once(invoices, Invoice, "number", "invoices")
        currencies = sorted({i.amount.currency for i in items})
        if len(currencies) > 1:
            msg = f"expected invoices in one currency, got {currencies}"
            raise CurrencyMismatchError(msg, field="invoices")
        self.items = items
        self.currency = currencies[0] if currencies else None
        self.places = minor_unit(currencies[0]) if currencies else 2
        amounts = [self.units(i.amount) for i in items]
        if sum(amounts) > MAX_UNITS:
            msg = "the invoices' total does not fit the exact 64-bit sums"
            raise LimitExceededError(msg, limit="MAX_UNITS", maximum=MAX_UNITS, field="invoices")
        self.amounts = np.array(amounts, dtype=np.int64)
        self.issued = day_array(i.issued_on for i in items)
        self.due = day_array(i.due_on for i in items)
        pays = [(k, p) for k, i in enumerate(items) for p in i.payments]
        self.invoice = np.array([k for k, _ in pays], dtype=np.int64)
        self.paid = np.array([self.units(p.amount) for _, p in pays], dtype=np.int64)
        self.paid_on = day_array(p.on for _, p in pays)

    def units(self, amount: Money) -> int:
        return int(amount.amount.scaleb(self.places))

    def money(self, units: int, currency: str | None = None) -> Money:
        code = currency or self.currency or "EUR"
        return Money(Decimal(int(units)).scaleb(-self.places), code)

    def open_on(self, day: dt.date) -> NDArray[np.int64]:
        return kernels.open_amounts(
            self.amounts, self.issued, self.invoice, self.paid, self.paid_on, day
        )


def _labels(bounds: Sequence[int]) -> tuple[str, ...]:
    lows = [0, *(b + 1 for b in bounds)]
    labels = [f"{lo}-{hi}" for lo, hi in zip(lows, bounds, strict=False)]
    return (*labels, f">{bounds[-1]}")


@attrs.frozen(kw_only=True, repr=False)
class AgingReport(TableDisplay):
    """Open receivables by client and aging bucket on an as-of date, in exact money (2.6.6).

    Attributes
    ----------
    as_of : datetime.date
    currency : str
    labels : tuple of str
        The buckets by days past due: ``0-30`` (not yet due included),
        ``31-60``, ``61-90``, ``>90`` with the default bounds.
    clients : tuple of str
        Clients with something open, by id.
    amounts : tuple of tuple of Money
        Per client, the open amount in each bucket.
    not_due : tuple of Money
        Per client, the part of the first bucket not yet due.
    invoices : tuple of tuple
        Per open invoice, oldest due first: ``(number, client, days past due, open amount)``.
    """

    as_of: dt.date
    currency: str
    labels: tuple[str, ...]
    clients: tuple[str, ...]
    amounts: tuple[tuple[Money, ...], ...]
    not_due: tuple[Money, ...]
    invoices: tuple[tuple[str, str, int, Money], ...]

    _display_title = "Aging of receivables"

    @property
    def bucket_totals(self) -> tuple[Money, ...]:
        """Each bucket's total over every client."""
        return tuple(
            Money.sum((row[b] for row in self.amounts), self.currency)
            for b in range(len(self.labels))
        )

    @property
    def total(self) -> Money:
        """The open receivables: what the invoices still owe on ``as_of``."""
        return Money.sum(self.bucket_totals, self.currency)

    def client_total(self, id: str) -> Money:  # noqa: A002 - id as everywhere
        """What client ``id`` still owes on ``as_of``."""
        return Money.sum(self.amounts[self._row(id)], self.currency)

    def _row(self, id: str) -> int:  # noqa: A002
        if id not in self.clients:
            msg = f"no open receivable for this client ({first_items(list(self.clients))})"
            raise UnknownReferenceError(msg, field="id", value=id)
        return self.clients.index(id)

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{label} {m.amount}" for label, m in zip(self.labels, self.bucket_totals, strict=True)
        )
        return f"<AgingReport {self.as_of} {self.currency}: {len(self.clients)} clients, {parts}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client, then a total row: each bucket, the total, the part not yet due."""
        rows = []
        for i, client in enumerate(self.clients):
            row: dict[str, Any] = {"client": client}
            row |= {label: str(m) for label, m in zip(self.labels, self.amounts[i], strict=True)}
            row |= {"total": str(self.client_total(client)), "not_due": str(self.not_due[i])}
            rows.append(row)
        total: dict[str, Any] = {"client": "total"}
        total |= {label: str(m) for label, m in zip(self.labels, self.bucket_totals, strict=True)}
        total |= {
            "total": str(self.total),
            "not_due": str(Money.sum(self.not_due, self.currency)),
        }
        return [*rows, total]

    def explain(self, id: str) -> Explanation:  # noqa: A002 - id as everywhere
        """Client ``id``'s open amount per bucket, and its open invoices oldest first.

        Examples
        --------
        See :func:`aging`.
        """
        i = self._row(id)
        factors = [
            Factor(criterion=label, effect=float(m.amount), value=str(m))
            for label, m in zip(self.labels, self.amounts[i], strict=True)
        ]
        notes = [
            f"invoice {n}: {owed} open, "
            + (f"{late} days past due" if late > 0 else f"due in {-late} days")
            for n, client, late, owed in self.invoices
            if client == id
        ]
        return Explanation(
            subject=f"receivables of {id}",
            summary=f"{self.client_total(id)} open on {self.as_of}",
            factors=factors,
            effect_kind=f"open amount ({self.currency})",
            notes=notes,
        )


def aging(
    invoices: Iterable[Invoice], as_of: dt.date, *, bounds: Sequence[int] = (30, 60, 90)
) -> AgingReport:
    """Age the open receivables on ``as_of`` by days past due, per client (step 2.6.6).

    Parameters
    ----------
    invoices : iterable of Invoice
        In one currency, each once. Invoices issued after ``as_of`` and
        payments received after it are not counted.
    as_of : datetime.date
    bounds : sequence of int
        Upper bounds in days past due (inclusive) of every bucket but the last:
        ``(30, 60, 90)`` gives 0-30 (not yet due included), 31-60, 61-90, >90.

    Returns
    -------
    AgingReport
        The buckets sum exactly to the open receivables.

    Raises
    ------
    InvalidInputError
        Something that is not an invoice, an invoice twice, bounds not increasing.
    CurrencyMismatchError
        Invoices in two currencies.
    LimitExceededError
        A total above ``2**63 - 1`` minor units.

    Examples
    --------
    >>> def inv(n, client, amount, due, paid=()):
    ...     i = Invoice(number=n, contract_id="k-1", client_id=client, instalment=1,
    ...                 amount=Money(amount, "EUR"), issued_on=dt.date(2027, 1, 1), due_on=due)
    ...     for pay, on in paid:
    ...         i = i.pay(Money(pay, "EUR"), on)
    ...     return i
    >>> report = aging([inv("I-1", "c-a", "1000.00", dt.date(2027, 6, 20)),
    ...                 inv("I-2", "c-a", "500.00", dt.date(2027, 4, 1), [("200.00", dt.date(2027, 5, 2))]),
    ...                 inv("I-3", "c-b", "250.00", dt.date(2027, 2, 1))], dt.date(2027, 6, 30))
    >>> [str(m) for m in report.bucket_totals], str(report.total)
    (['1000.00 EUR', '0.00 EUR', '300.00 EUR', '250.00 EUR'], '1550.00 EUR')
    >>> print(report.explain("c-a"))
    receivables of c-a: 1300.00 EUR open on 2027-06-30
      0-30   +1000  (value 1000.00 EUR)
      31-60  +0  (value 0.00 EUR)
      61-90  +300  (value 300.00 EUR)
      >90    +0  (value 0.00 EUR)
      invoice I-2: 300.00 EUR open, 90 days past due
      invoice I-1: 1000.00 EUR open, 10 days past due
    """  # noqa: E501
    day = check_as_of(as_of)
    ledger = _Ledger(invoices)
    owed = ledger.open_on(day)
    clients = sorted({i.client_id for i, o in zip(ledger.items, owed.tolist(), strict=True) if o})
    group_of = {c: g for g, c in enumerate(clients)}
    keep = owed > 0
    groups = np.array([group_of.get(i.client_id, 0) for i in ledger.items], dtype=np.int64)
    result = kernels.aging(
        owed[keep],
        ledger.due[keep],
        day,
        bounds=bounds,
        groups=groups[keep],
        n_groups=max(len(clients), 1),
    )
    currency = ledger.currency or "EUR"
    labels = _labels([int(b) for b in bounds])
    order = np.lexsort((np.arange(int(keep.sum())), -result.days_past_due))
    open_items = [ledger.items[k] for k in np.flatnonzero(keep)]
    return AgingReport(
        as_of=day,
        currency=currency,
        labels=labels,
        clients=tuple(clients),
        amounts=tuple(
            tuple(ledger.money(int(u)) for u in result.totals[g]) for g in range(len(clients))
        ),
        not_due=tuple(ledger.money(int(result.not_due[g])) for g in range(len(clients))),
        invoices=tuple(
            (
                open_items[k].number,
                open_items[k].client_id,
                int(result.days_past_due[k]),
                ledger.money(int(owed[keep][k])),
            )
            for k in order
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class SalesOutstanding(TableDisplay):
    """Days sales outstanding over a period, with the figures behind it (step 2.6.6).

    Attributes
    ----------
    start, end : datetime.date
        The period runs from the day after ``start`` to ``end``.
    days : int
    opening, closing : Money
        Open receivables at the end of ``start`` and of ``end``.
    receivables : Money
        What the ratio uses: the average of the two (``basis="average"``) or the closing one.
    sales : Money
        Amount invoiced in the period (credit sales).
    value : Decimal
        DSO in days, rounded half-even to 2 places (``exact`` keeps the fraction).
    """

    start: dt.date
    end: dt.date
    days: int
    opening: Money
    closing: Money
    receivables: Money
    sales: Money
    basis: str
    exact: Fraction
    value: Decimal

    _display_title = "Days sales outstanding"

    def __repr__(self) -> str:
        return (
            f"<SalesOutstanding {self.start}..{self.end}: DSO {self.value} days "
            f"({self.basis} receivables {self.receivables}, sales {self.sales})>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: period, receivables, sales, DSO."""
        return [
            {
                "start": self.start,
                "end": self.end,
                "days": self.days,
                "opening": str(self.opening),
                "closing": str(self.closing),
                "receivables": str(self.receivables),
                "basis": self.basis,
                "sales": str(self.sales),
                "dso": str(self.value),
            }
        ]

    def explain(self) -> Explanation:
        """The formula with the figures (effects: the inputs, in days or money).

        Examples
        --------
        See :func:`days_sales_outstanding`.
        """
        turnover = (
            Fraction(self.sales.amount) / Fraction(self.receivables.amount)
            if self.receivables
            else None
        )
        notes = [
            f"DSO = days x receivables / credit sales = {self.days} x {self.receivables.amount} / {self.sales.amount}",  # noqa: E501
            f"receivables ({self.basis}): opening {self.opening}, closing {self.closing}",
        ]
        if turnover is not None:
            notes.append(f"receivables turnover {float(turnover):.4g}; DSO = days / turnover")
        return Explanation(
            subject=f"days sales outstanding {self.start}..{self.end}",
            summary=f"{self.value} days",
            factors=[
                Factor(criterion="days in period", effect=float(self.days), value=self.days),
                Factor(
                    criterion="receivables",
                    effect=float(self.receivables.amount),
                    value=str(self.receivables),
                ),
                Factor(
                    criterion="credit sales", effect=float(self.sales.amount), value=str(self.sales)
                ),
            ],
            effect_kind="input of the ratio",
            notes=notes,
        )


def days_sales_outstanding(
    invoices: Iterable[Invoice],
    *,
    start: dt.date,
    end: dt.date,
    basis: Literal["average", "closing"] = "average",
) -> SalesOutstanding:
    """Days sales outstanding from the invoices, over the period after ``start`` to ``end`` (2.6.6).

    Parameters
    ----------
    invoices : iterable of Invoice
        In one currency, each once; every invoice is a credit sale on its issue date.
    start, end : datetime.date
        The period: the ``end - start`` days after ``start`` up to ``end``
        (for a year: ``start`` = 31 December, ``end`` = the next 31 December).
    basis : {"average", "closing"}
        Average of the opening and closing receivables (the textbook activity
        ratio), or the closing receivables alone.

    Returns
    -------
    SalesOutstanding
        ``value`` in days, rounded half-even to 2 places; ``exact`` unrounded.

    Raises
    ------
    InvalidInputError
        ``end`` not after ``start`` (dates going backwards), an unknown ``basis``.
    NoSolutionError
        Nothing was invoiced in the period (DSO is undefined).

    Examples
    --------
    A 360-day year with credit sales of 2,000,000 and average receivables of
    250,000 has a DSO of 360 / (2,000,000 / 250,000) = 45 days:

    >>> def inv(n, amount, on, paid=None):
    ...     i = Invoice(number=n, contract_id="k-1", client_id="c-1", instalment=1,
    ...                 amount=Money(amount, "EUR"), issued_on=on, due_on=on)
    ...     return i if paid is None else i.pay(Money(amount, "EUR"), paid)
    >>> start = dt.date(2027, 1, 1)
    >>> end = start + dt.timedelta(days=360)
    >>> dso = days_sales_outstanding([inv("I-0", "250000", dt.date(2026, 12, 1), dt.date(2027, 2, 1)),
    ...                               inv("I-1", "1750000", dt.date(2027, 6, 1), dt.date(2027, 7, 1)),
    ...                               inv("I-2", "250000", dt.date(2027, 12, 1))], start=start, end=end)
    >>> dso.value, str(dso.receivables), str(dso.sales)
    (Decimal('45.00'), '250000.00 EUR', '2000000.00 EUR')
    """  # noqa: E501
    first, last = check_as_of(start), check_as_of(end)
    if last <= first:
        msg = f"the period must end after it starts ({first})"
        raise InvalidInputError(msg, field="end", value=str(last))
    if basis not in ("average", "closing"):
        raise InvalidInputError("expected 'average' or 'closing'", field="basis", value=basis)
    ledger = _Ledger(invoices)
    opening = int(ledger.open_on(first).sum())
    closing = int(ledger.open_on(last).sum())
    within = (ledger.issued > np.datetime64(first, "D")) & (
        ledger.issued <= np.datetime64(last, "D")
    )
    sales = int(ledger.amounts[within].sum())
    if sales == 0:
        msg = f"nothing was invoiced from {first} (exclusive) to {last}: DSO is undefined"
        raise NoSolutionError(msg, field="invoices")
    days = (last - first).days
    units = Fraction(opening + closing, 2) if basis == "average" else Fraction(closing)
    exact = days * units / sales
    value = Decimal(round(exact * 100)).scaleb(-2)
    amount = (Decimal(units.numerator) / units.denominator).scaleb(-ledger.places)
    receivables = Money(amount, ledger.currency or "EUR")
    return SalesOutstanding(
        start=first,
        end=last,
        days=days,
        opening=ledger.money(opening),
        closing=ledger.money(closing),
        receivables=receivables,
        sales=ledger.money(sales),
        basis=basis,
        exact=exact,
        value=value,
    )
