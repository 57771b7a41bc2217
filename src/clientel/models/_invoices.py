"""Invoices and payments: what finance bills and collects (step 2.6.6).

An :class:`Invoice` bills one instalment of a contract's billing schedule; it
keeps the date of the acceptance that gated it, so an invoice never precedes
its acceptance. Payments are recorded as dated :class:`Payment` items;
:meth:`Invoice.status` and :meth:`Invoice.open_on` read only what was known
on an as-of date. :func:`clientel.workflow.issue_invoice` issues one from a
contract; :func:`clientel.workflow.aging` and
:func:`clientel.workflow.days_sales_outstanding` summarise many.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import described, identifier, where
from clientel.errors import CurrencyMismatchError, InvalidInputError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._obligations import at_least_one

__all__ = ["Invoice", "InvoiceStatus", "Payment", "billable"]


def billable(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A Money amount above 0 in whole minor units of its currency (an amount one can bill)."""
    money_at_least_zero(instance, attribute, value)
    if value.is_zero() or value.round() != value:
        msg = f"expected an amount above 0 in whole {value.currency} minor units"
        raise InvalidInputError(msg, field=where(instance, attribute), value=str(value))


described(billable, vars(money_at_least_zero)["__json_schema__"])


class InvoiceStatus(enum.Enum):
    """Where an invoice stands on an as-of date."""

    OPEN = "open"
    PARTLY_PAID = "partly_paid"
    OVERDUE = "overdue"
    PAID = "paid"


@attrs.frozen(kw_only=True, repr=False)
class Payment(TableDisplay):
    """A payment received against an invoice."""

    on: dt.date
    amount: Money = attrs.field(validator=billable)
    reference: str = ""

    _display_title = "Payment"

    def __repr__(self) -> str:
        return f"<Payment {self.amount} on {self.on}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: date, amount, reference."""
        return [{"on": self.on, "amount": str(self.amount), "reference": self.reference}]


@attrs.frozen(kw_only=True, repr=False)
class Invoice(TableDisplay):
    """An invoice for one instalment of a contract (step 2.6.6).

    Parameters
    ----------
    number : str
        The invoice number.
    instalment : int
        Which instalment of the contract's billing schedule it bills (1 for the first).
    amount : Money
        The instalment's amount, in whole minor units.
    issued_on, due_on : datetime.date
        Issue date and payment due date (not before the issue).
    milestone, accepted_on : optional
        The acceptance milestone that gated the instalment and the day the
        client accepted it (never after ``issued_on``).
    payments : tuple of Payment
        In date order, none before the issue; together at most ``amount``.

    Examples
    --------
    >>> inv = Invoice(number="INV-1", contract_id="k-17", client_id="c-bank", instalment=2,
    ...               label="go-live", amount=Money("220000.00", "EUR"),
    ...               issued_on=dt.date(2027, 9, 3), due_on=dt.date(2027, 10, 3))
    >>> inv = inv.pay(Money("100000.00", "EUR"), dt.date(2027, 10, 1))
    >>> inv.status(dt.date(2027, 10, 2)).value, str(inv.open_on(dt.date(2027, 10, 2)))
    ('partly_paid', '120000.00 EUR')
    >>> inv.status(dt.date(2027, 11, 2)).value, inv.days_past_due(dt.date(2027, 11, 2))
    ('overdue', 30)
    """

    number: str = attrs.field(validator=identifier)
    contract_id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    instalment: int = attrs.field(validator=at_least_one)
    amount: Money = attrs.field(validator=billable)
    issued_on: dt.date
    due_on: dt.date
    label: str = ""
    milestone: str | None = None
    accepted_on: dt.date | None = None
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=tuples.payments)

    _display_title = "Invoice"

    def __attrs_post_init__(self) -> None:
        if self.due_on < self.issued_on:
            msg = f"due {self.due_on}, before the issue on {self.issued_on}"
            raise InvalidInputError(msg, field="Invoice.due_on")
        if (self.milestone is None) != (self.accepted_on is None):
            msg = "a gating milestone and its acceptance date come together"
            raise InvalidInputError(msg, field="Invoice.accepted_on")
        if self.accepted_on is not None and self.accepted_on > self.issued_on:
            msg = f"issued {self.issued_on}, before {self.milestone} was accepted on {self.accepted_on}"  # noqa: E501
            raise InvalidInputError(msg, field="Invoice.issued_on")
        last = self.issued_on
        for i, pay in enumerate(self.payments):
            if pay.amount.currency != self.amount.currency:
                msg = f"expected {self.amount.currency}, got {pay.amount.currency}"
                raise CurrencyMismatchError(msg, field=f"Invoice.payments[{i}].amount")
            if pay.on < last:
                msg = f"dated {pay.on}, before {last} (the issue or the previous payment)"
                raise InvalidInputError(msg, field=f"Invoice.payments[{i}].on")
            last = pay.on
        paid = self.paid_on(None)
        if paid > self.amount:
            msg = f"payments of {paid} exceed the invoice's {self.amount}"
            raise InvalidInputError(msg, field="Invoice.payments")

    def __repr__(self) -> str:
        return (
            f"<Invoice {self.number} {self.contract_id} #{self.instalment}: {self.amount}, "
            f"issued {self.issued_on}, due {self.due_on}, {len(self.payments)} payment(s)>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: number, contract, instalment, amount, dates, paid so far."""
        return [
            {
                "number": self.number,
                "contract": self.contract_id,
                "instalment": self.instalment,
                "label": self.label,
                "amount": str(self.amount),
                "issued_on": self.issued_on,
                "due_on": self.due_on,
                "paid": str(self.paid_on(None)),
            }
        ]

    def paid_on(self, as_of: dt.date | None) -> Money:
        """What was paid by ``as_of`` (None: every payment recorded)."""
        return Money.sum(
            (p.amount for p in self.payments if as_of is None or p.on <= as_of),
            self.amount.currency,
        )

    def _issued_by(self, as_of: dt.date) -> None:
        if as_of < self.issued_on:
            msg = f"invoice {self.number} is issued on {self.issued_on}, after the as-of date"
            raise InvalidInputError(msg, field="as_of", value=str(as_of))

    def open_on(self, as_of: dt.date) -> Money:
        """What is still owed on ``as_of`` (payments after it are not known yet).

        Raises
        ------
        InvalidInputError
            ``as_of`` is before the issue date.
        """
        self._issued_by(as_of)
        return self.amount - self.paid_on(as_of)

    def days_past_due(self, as_of: dt.date) -> int:
        """Days from the due date to ``as_of`` (negative while not yet due)."""
        return (as_of - self.due_on).days

    def status(self, as_of: dt.date) -> InvoiceStatus:
        """Paid, overdue (open after the due date), partly paid or open, on ``as_of``."""
        owed = self.open_on(as_of)
        if owed.is_zero():
            return InvoiceStatus.PAID
        if as_of > self.due_on:
            return InvoiceStatus.OVERDUE
        return InvoiceStatus.PARTLY_PAID if owed != self.amount else InvoiceStatus.OPEN

    def pay(self, amount: Money, on: dt.date, reference: str = "") -> Invoice:
        """Record a payment; a new invoice (this one is unchanged).

        Raises
        ------
        InvalidInputError
            A payment dated before the issue or the previous payment, more
            than is owed, or not in whole minor units.
        CurrencyMismatchError
            A payment in another currency.
        """
        last = self.payments[-1].on if self.payments else self.issued_on
        if on < last:
            msg = f"dated before {last} (the issue or the previous payment): dates go forward"
            raise InvalidInputError(msg, field="on", value=str(on))
        payment = Payment(on=on, amount=amount, reference=reference)
        if amount.currency == self.amount.currency and amount > self.open_on(on):
            msg = f"more than the {self.open_on(on)} still owed on invoice {self.number}"
            raise InvalidInputError(msg, field="amount", value=str(amount))
        return attrs.evolve(self, payments=(*self.payments, payment))
