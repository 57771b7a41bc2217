"""Invoices from a signed contract's billing schedule, gated by acceptance (step 2.6.6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from clientel.errors import InvalidInputError, LifecycleError, UnknownReferenceError
from clientel.models import LIVE_STATES, Contract, Instalment, Invoice

__all__ = ["issue_invoice"]


def _pick(contract: Contract, instalment: int | str) -> tuple[int, Instalment]:
    bills = contract.billing
    if isinstance(instalment, bool) or not isinstance(instalment, int | str):
        msg = "expected the instalment's number (1 for the first) or its label"
        raise InvalidInputError(msg, field="instalment", value=repr(instalment))
    if isinstance(instalment, int):
        if not 1 <= instalment <= len(bills):
            msg = f"contract {contract.id} has {len(bills)} instalments, numbered from 1"
            raise UnknownReferenceError(msg, field="instalment", value=instalment)
        return instalment, bills[instalment - 1]
    found = [i for i, b in enumerate(bills, start=1) if b.label == instalment]
    if len(found) != 1:
        labels = [b.label for b in bills]
        msg = f"expected one instalment labelled so (labels {labels}); give its number instead"
        raise UnknownReferenceError(msg, field="instalment", value=instalment)
    return found[0], bills[found[0] - 1]


def issue_invoice(
    contract: Contract,
    instalment: int | str,
    *,
    number: str,
    on: dt.date,
    payment_days: int = 30,
    issued: Iterable[Invoice] = (),
) -> Invoice:
    """Invoice one instalment of a signed contract, after the acceptance that gates it (2.6.6).

    Parameters
    ----------
    contract : Contract
        Signed (or archived, or handed over).
    instalment : int or str
        The instalment's number in the billing schedule (1 for the first) or its label.
    number : str
        The invoice number; not among ``issued``.
    on : datetime.date
        The issue date: not before signing, not before the acceptance of the
        instalment's milestone, not before the contract's latest invoice in ``issued``.
    payment_days : int
        Days to pay; the invoice is due ``on`` plus this many days.
    issued : iterable of Invoice
        Invoices issued so far (any contracts): numbers are not reused and an
        instalment is invoiced once.

    Returns
    -------
    Invoice
        With the acceptance date that gated it, so it never precedes its acceptance.

    Raises
    ------
    LifecycleError
        The contract is not signed; or (``field="on"``) the instalment's
        milestone is not accepted on ``on`` (not yet, or only later).
    UnknownReferenceError
        No such instalment.
    InvalidInputError
        A number already issued, an instalment invoiced before, dates going
        backwards, a negative ``payment_days``, an instalment of 0.

    Examples
    --------
    >>> import attrs
    >>> from clientel.models import (AcceptanceMilestone, ContractState, Money, Role,
    ...                              Signature)
    >>> from clientel.workflow import billing_schedule
    >>> day = dt.date(2027, 3, 10)
    >>> bills = billing_schedule(Money("440000.00", "EUR"),
    ...     [dt.date(2027, 4, 1), dt.date(2027, 9, 1)], [30, 70], labels=["signature", "go-live"])
    >>> bills = (bills[0], attrs.evolve(bills[1], milestone="go-live"))
    >>> k = Contract(id="k-17", client_id="c-bank", proposal_id="pr-17", template_id="tpl-si",
    ...     business_type="system_integration", value=Money("440000.00", "EUR"),
    ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2027, 12, 31), state=ContractState.SIGNED,
    ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)], billing=bills,
    ...     milestones=[AcceptanceMilestone(id="go-live", description="Live in production",
    ...                                     due_on=dt.date(2027, 9, 1), owner_id="p-pd01")])
    >>> issue_invoice(k, "go-live", number="INV-2027-0101", on=dt.date(2027, 9, 2))
    Traceback (most recent call last):
    ...
    clientel.errors.LifecycleError: on: instalment 2 (go-live) waits for the client's acceptance of go-live: cannot 'invoice' from state 'awaiting acceptance'
    >>> k = k.accept("go-live", "c-bank-cio", dt.date(2027, 9, 3))
    >>> inv = issue_invoice(k, "go-live", number="INV-2027-0101", on=dt.date(2027, 9, 3))
    >>> str(inv.amount), inv.due_on, inv.accepted_on
    ('308000.00 EUR', datetime.date(2027, 10, 3), datetime.date(2027, 9, 3))
    """  # noqa: E501
    if contract.state not in LIVE_STATES:
        raise LifecycleError(
            f"contract {contract.id} is not signed: nothing is invoiced before signing",
            state=contract.state.value,
            transition="invoice",
            field="state",
        )
    if isinstance(payment_days, bool) or not isinstance(payment_days, int) or payment_days < 0:
        raise InvalidInputError(
            "expected a whole number >= 0", field="payment_days", value=payment_days
        )
    k, bill = _pick(contract, instalment)
    gate = bill.milestone
    accepted = None if gate is None else contract.accepted_on(gate)
    if gate is not None and (accepted is None or accepted > on):
        when = "" if accepted is None else f" (accepted only on {accepted})"
        raise LifecycleError(
            f"instalment {k} ({bill.label or 'no label'}) waits for the client's acceptance of {gate}{when}",  # noqa: E501
            state="awaiting acceptance" if accepted is None else "accepted later",
            transition="invoice",
            field="on",
        )
    signed_on = contract.signed_on
    if signed_on is not None and on < signed_on:
        msg = f"dated before the contract was signed on {signed_on}"
        raise InvalidInputError(msg, field="on", value=str(on))
    before = list(issued)
    if any(i.number == number for i in before):
        raise InvalidInputError("already issued", field="number", value=number)
    mine = [i for i in before if i.contract_id == contract.id]
    if any(i.instalment == k for i in mine):
        msg = f"instalment {k} of contract {contract.id} is already invoiced"
        raise InvalidInputError(msg, field="instalment", value=instalment)
    last = max((i.issued_on for i in mine), default=None)
    if last is not None and on < last:
        msg = f"dated before the contract's latest invoice on {last}: dates go forward"
        raise InvalidInputError(msg, field="on", value=str(on))
    if bill.amount.is_zero() or bill.amount.round() != bill.amount:
        msg = "expected an instalment above 0 in whole minor units to invoice"
        raise InvalidInputError(msg, field="instalment", value=str(bill.amount))
    return Invoice(
        number=number,
        contract_id=contract.id,
        client_id=contract.client_id,
        instalment=k,
        label=bill.label,
        amount=bill.amount,
        issued_on=on,
        due_on=on + dt.timedelta(days=payment_days),
        milestone=gate,
        accepted_on=accepted,
    )
