"""From a won proposal to a handed-over contract (steps 2.6.2, 2.6.5, 2.6.6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from clientel.errors import (
    InvalidInputError,
    LifecycleError,
    MissingDataError,
    UnknownReferenceError,
)
from clientel.models import (
    AcceptanceMilestone,
    ArchiveRecord,
    Contract,
    ContractTemplate,
    Handover,
    Instalment,
    Money,
    NumberPattern,
    Obligation,
    Proposal,
    ProposalState,
    RenewalTerms,
    ServiceLevel,
    parse_number,
)
from clientel.workflow._authority._signing import needs_ceremony

__all__ = ["archive_contract", "billing_schedule", "draft_contract", "hand_over"]


def billing_schedule(
    value: Money,
    dates: Sequence[dt.date],
    weights: Sequence[Decimal | int | float | str] | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> tuple[Instalment, ...]:
    """Instalments that sum exactly to ``value``, due on ``dates`` (steps 2.6.2, 2.6.6).

    Parameters
    ----------
    value : Money
        Contract value, a whole number of minor units (``round()`` it first).
    dates : sequence of datetime.date
        Due dates in order (equal dates allowed).
    weights : sequence of numbers, optional
        Relative size of each instalment; equal instalments when omitted.
    labels : sequence of str, optional
        One label per instalment (``"signature"``, ``"acceptance"``).

    Returns
    -------
    tuple of Instalment

    Raises
    ------
    InvalidInputError
        No dates, dates out of order, lengths that differ, bad weights, a
        negative value or one with more decimals than the currency has.

    Notes
    -----
    The split is :meth:`Money.allocate` (largest remainder): each instalment is
    within one minor unit of :math:`v\\,w_i / \\sum_j w_j`, and the instalments
    sum to :math:`v` exactly.

    Examples
    --------
    456,000 EUR billed 30 % at signature, 50 % at go-live, 20 % at acceptance:

    >>> import datetime as dt
    >>> plan = billing_schedule(Money("456000", "EUR"),
    ...     [dt.date(2027, 4, 1), dt.date(2027, 9, 1), dt.date(2027, 12, 1)], [30, 50, 20])
    >>> [str(i.amount) for i in plan]
    ['136800.00 EUR', '228000.00 EUR', '91200.00 EUR']
    """
    days = tuple(dates)
    if not days:
        raise InvalidInputError("expected at least one due date", field="dates")
    for i in range(1, len(days)):
        if days[i] < days[i - 1]:
            msg = f"due dates must be in order ({days[i]} after {days[i - 1]})"
            raise InvalidInputError(msg, field=f"dates[{i}]")
    shares = [1] * len(days) if weights is None else list(weights)
    names = [""] * len(days) if labels is None else list(labels)
    for field, items in (("weights", shares), ("labels", names)):
        if len(items) != len(days):
            msg = f"expected {len(days)} (one per date)"
            raise InvalidInputError(msg, field=field, value=len(items))
    if value.amount < 0:
        raise InvalidInputError("expected a value >= 0", field="value", value=str(value))
    amounts = value.allocate(shares)
    return tuple(
        Instalment(due_on=d, amount=a, label=n)
        for d, a, n in zip(days, amounts, names, strict=True)
    )


def _template_state(template: ContractTemplate) -> str:
    return ("unapproved", "bg_gm_approved", "approved")[len(template.approvals)]


def draft_contract(
    proposal: Proposal,
    template: ContractTemplate,
    *,
    id: str,  # noqa: A002 - the new contract's id, as everywhere
    parts: Mapping[str, str],
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    ceremony_over: Money | None = None,
    milestones: Iterable[AcceptanceMilestone] = (),
    gates: Mapping[str, str] | None = None,
    obligations: Iterable[Obligation] = (),
    service_levels: Iterable[ServiceLevel] = (),
    renewal: RenewalTerms | None = None,
) -> Contract:
    """Draft a client contract from a won proposal and an approved template (step 2.6.2).

    Value and currency come from the proposal's final price, the term from the
    proposal (or ``start_on``/``end_on``), the billing schedule from its payment
    terms via :func:`billing_schedule`. What the contract promises after signing
    is written in at drafting: acceptance ``milestones`` and the instalments they
    gate (``gates``: instalment label to milestone id), ``obligations``,
    ``service_levels`` and ``renewal`` terms (steps 2.6.6, 2.7).

    Parameters
    ----------
    proposal : Proposal
        The won proposal.
    template : ContractTemplate
        An approved template of the proposal's business type.
    id : str
        The contract's id.
    parts : mapping of str to str
        The text (or reference) of each part; every required part of the template.
    start_on, end_on : datetime.date, optional
        The term, when the proposal does not give it.
    ceremony_over : Money, optional
        Contracts of this value or more are flagged for a signing ceremony.
    milestones : iterable of AcceptanceMilestone
        The acceptance milestones.
    gates : mapping of str to str, optional
        Instalment label -> the milestone that must be accepted before it is invoiced.
    obligations : iterable of Obligation
        What each party owes, with owners and due dates.
    service_levels : iterable of ServiceLevel
        The service levels promised.
    renewal : RenewalTerms, optional
        How the contract renews.

    Returns
    -------
    Contract
        The contract in state ``drafted``.

    Raises
    ------
    LifecycleError
        The proposal is not won, or the template is not approved by the BG GM
        and legal (2.6.1).
    InvalidInputError
        The template serves another business type than the proposal, or a part is blank.
    MissingDataError
        A required part of the template is missing, or the term is unknown.
    UnknownReferenceError
        A gate names an instalment label the payment terms do not have, or a
        milestone not among ``milestones``.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import PaymentTerm, Role
    >>> day = dt.date(2027, 3, 1)
    >>> tpl = ContractTemplate(id="tpl-si", business_type="system_integration", name="SI",
    ...                        required_parts=("scope_of_work", "financial_agreement"))
    >>> tpl = tpl.approve(Role.BG_GM, "p-bg", day).approve(Role.LEGAL, "p-legal", day)
    >>> won = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am01",
    ...     deadline=day, price=Money("100000", "EUR"), business_type="system_integration",
    ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2027, 12, 31), payment_terms=[
    ...         PaymentTerm(label="signature", weight=1, due_on=dt.date(2027, 4, 1)),
    ...         PaymentTerm(label="acceptance", weight=2, due_on=dt.date(2027, 12, 31))])
    >>> won = won.submit_for_review("p-am01", day).approve("p-gm", day).submit("p-am01", day)
    >>> won = won.win("p-am01", day)
    >>> c = draft_contract(won, tpl, id="k-1",
    ...                    parts={"scope_of_work": "SOW v3", "financial_agreement": "FA v1"})
    >>> [str(i.amount) for i in c.billing]
    ['33333.33 EUR', '66666.67 EUR']
    """
    if proposal.state is not ProposalState.WON:
        raise LifecycleError(
            f"proposal {proposal.id} is not won",
            state=proposal.state.value,
            transition="draft_contract",
        )
    if not template.usable:
        raise LifecycleError(
            f"template {template.id} needs approval by the BG GM and then legal",
            state=_template_state(template),
            transition="draft_contract",
        )
    if proposal.business_type is not None and proposal.business_type != template.business_type:
        msg = f"template for {template.business_type}, proposal for {proposal.business_type}"
        raise InvalidInputError(msg, field="template.business_type")
    missing = [p for p in template.required_parts if p not in parts]
    if missing:
        raise MissingDataError(f"required parts {missing} are missing", field="parts")
    blank = sorted(k for k, v in parts.items() if not isinstance(v, str) or not v.strip())
    if blank:
        raise InvalidInputError("parts must not be blank", field="parts", value=blank)
    start = start_on or proposal.start_on
    end = end_on or proposal.end_on
    if start is None or end is None:
        msg = "the contract term needs start_on and end_on (from the proposal or given)"
        raise MissingDataError(msg, field="start_on" if start is None else "end_on")
    value = proposal.current_price
    terms = proposal.payment_terms
    billing = (
        billing_schedule(
            value,
            [t.due_on for t in terms],
            [t.weight for t in terms],
            labels=[t.label for t in terms],
        )
        if terms
        else ()
    )
    gated = dict(gates or {})
    unknown = sorted(set(gated) - {b.label for b in billing})
    if unknown:
        msg = f"no instalment has these labels (labels {[b.label for b in billing]})"
        raise UnknownReferenceError(msg, field="gates", value=unknown)
    billing = tuple(attrs.evolve(b, milestone=gated.get(b.label)) for b in billing)
    return Contract(
        id=id,
        client_id=proposal.client_id,
        proposal_id=proposal.id,
        template_id=template.id,
        business_type=template.business_type,
        value=value,
        start_on=start,
        end_on=end,
        parts=parts,
        billing=billing,
        ceremony=needs_ceremony(value, ceremony_over),
        milestones=tuple(milestones),
        obligations=tuple(obligations),
        service_levels=tuple(service_levels),
        renewal=renewal,
    )


def archive_contract(
    contract: Contract,
    *,
    number: str,
    by: str,
    on: dt.date,
    pattern: NumberPattern | None = None,
    issued: Iterable[str] = (),
    doc_type: str = "contract",
    documents: Iterable[str] = (),
    location: str = "",
) -> tuple[Contract, ArchiveRecord]:
    """Archive a signed contract under its number with the contract admin (step 2.6.5).

    With ``pattern``, the number must parse under it as ``doc_type``; it must
    not be among the ``issued`` numbers.

    Parameters
    ----------
    contract : Contract
        A signed contract.
    number : str
        Its contract number (step 2.6.5).
    by : str
        The contract admin who keeps the originals.
    on : datetime.date
        The day of archiving.
    pattern : NumberPattern, optional
        The unit's numbering pattern; without it the number is not parsed.
    issued : iterable of str
        Numbers issued so far (the new one must not be among them).
    doc_type : str
        The document type the number must carry under ``pattern``.
    documents : iterable of str
        What is filed (e.g. ``["contract", "proposal"]``).
    location : str
        Where the originals are kept.

    Returns
    -------
    tuple of (Contract, ArchiveRecord)
        The contract in state ``archived`` and the archive record.

    Raises
    ------
    InvalidInputError
        A malformed number, a number of another document type, or a duplicate.
    LifecycleError
        The contract is not signed.

    Examples
    --------
    A confirmed 100,000 EUR contract, and a matrix in which the account manager signs up to
    50,000 EUR and the BU GM up to 500,000 EUR:

    >>> import datetime as dt
    >>> from clientel.models import (ConfirmationKind, ContractTemplate, Money, PaymentTerm,
    ...     Proposal, Role, Signature)
    >>> from clientel.workflow import AuthorityMatrix, AuthorityRule, draft_contract
    >>> day = dt.date(2027, 3, 1)
    >>> tpl = ContractTemplate(id="tpl", business_type="system_integration", name="SI",
    ...     required_parts=("scope_of_work",))
    >>> tpl = tpl.approve(Role.BG_GM, "p-bg", day).approve(Role.LEGAL, "p-legal", day)
    >>> won = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am", deadline=day,
    ...     price=Money("100000", "EUR"), business_type="system_integration", start_on=day,
    ...     end_on=dt.date(2027, 12, 31),
    ...     payment_terms=[PaymentTerm(label="signature", weight=1, due_on=day)])
    >>> won = won.submit_for_review("p-am", day).approve("p-gm", day).submit("p-am", day)
    >>> k = draft_contract(won.win("p-am", day), tpl, id="k-1", parts={"scope_of_work": "SOW"})
    >>> for kind, role, who in [(ConfirmationKind.COMMERCIAL, Role.BU_GM, "p-gm"),
    ...         (ConfirmationKind.TECHNICAL, Role.BU_GM, "p-gm"),
    ...         (ConfirmationKind.LIABILITY, Role.LEGAL, "p-legal")]:
    ...     k = k.confirm(kind, role, who, day)
    >>> matrix = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, sign_limit=Money(50_000, "EUR")),
    ...     AuthorityRule(role="bu_gm", level=1, sign_limit=Money(500_000, "EUR"))])
    >>> gm = Signature(signer_id="p-gm", role=Role.BU_GM, on=day)
    >>> from clientel.workflow import sign_contract
    >>> k, record = archive_contract(sign_contract(k, [gm], matrix), number="NWIT-2027-C0001",
    ...                              by="p-admin", on=day, documents=["contract", "proposal"])
    >>> k.state.value, record.number, record.custodian_id
    ('archived', 'NWIT-2027-C0001', 'p-admin')
    """
    if pattern is not None:
        parsed = parse_number(pattern, number)
        if parsed.doc_type is not None and parsed.doc_type != doc_type:
            msg = f"a {parsed.doc_type} number, expected a {doc_type} number"
            raise InvalidInputError(msg, field="number", value=number)
    if number in set(issued):
        raise InvalidInputError("already issued", field="number", value=number)
    archived = contract.archive(number, by)
    record = ArchiveRecord(
        contract_id=contract.id,
        number=number,
        archived_on=on,
        custodian_id=by,
        documents=tuple(documents),
        location=location,
    )
    return archived, record


def hand_over(
    contract: Contract,
    *,
    project_director_id: str,
    finance_id: str,
    on: dt.date,
    scope: Iterable[str] = (),
    milestones: Iterable[str] = (),
) -> tuple[Contract, Handover]:
    """Hand an archived contract to the project director and finance (step 2.6.6).

    The project director receives the delivery scope and milestones; finance
    receives the billing schedule, whose amounts sum exactly to the contract value.

    Parameters
    ----------
    contract : Contract
        An archived contract.
    project_director_id : str
        Who runs the delivery.
    finance_id : str
        Who collects the payments.
    on : datetime.date
        The day of the handover.
    scope : iterable of str
        The deliverables handed to the project director.
    milestones : iterable of str
        The delivery milestones.

    Returns
    -------
    tuple of (Contract, Handover)
        The contract in state ``handed_over`` and the handover record.

    Raises
    ------
    LifecycleError
        The contract is not archived yet.
    MissingDataError
        The contract has no billing schedule for finance to collect.

    Examples
    --------
    A confirmed 100,000 EUR contract, and a matrix in which the account manager signs up to
    50,000 EUR and the BU GM up to 500,000 EUR:

    >>> import datetime as dt
    >>> from clientel.models import (ConfirmationKind, ContractTemplate, Money, PaymentTerm,
    ...     Proposal, Role, Signature)
    >>> from clientel.workflow import AuthorityMatrix, AuthorityRule, draft_contract
    >>> day = dt.date(2027, 3, 1)
    >>> tpl = ContractTemplate(id="tpl", business_type="system_integration", name="SI",
    ...     required_parts=("scope_of_work",))
    >>> tpl = tpl.approve(Role.BG_GM, "p-bg", day).approve(Role.LEGAL, "p-legal", day)
    >>> won = Proposal(id="pr-1", rfp_id="rfp-1", client_id="c-1", lead_id="p-am", deadline=day,
    ...     price=Money("100000", "EUR"), business_type="system_integration", start_on=day,
    ...     end_on=dt.date(2027, 12, 31),
    ...     payment_terms=[PaymentTerm(label="signature", weight=1, due_on=day)])
    >>> won = won.submit_for_review("p-am", day).approve("p-gm", day).submit("p-am", day)
    >>> k = draft_contract(won.win("p-am", day), tpl, id="k-1", parts={"scope_of_work": "SOW"})
    >>> for kind, role, who in [(ConfirmationKind.COMMERCIAL, Role.BU_GM, "p-gm"),
    ...         (ConfirmationKind.TECHNICAL, Role.BU_GM, "p-gm"),
    ...         (ConfirmationKind.LIABILITY, Role.LEGAL, "p-legal")]:
    ...     k = k.confirm(kind, role, who, day)
    >>> matrix = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, sign_limit=Money(50_000, "EUR")),
    ...     AuthorityRule(role="bu_gm", level=1, sign_limit=Money(500_000, "EUR"))])
    >>> gm = Signature(signer_id="p-gm", role=Role.BU_GM, on=day)
    >>> from clientel.workflow import archive_contract, sign_contract
    >>> k, _ = archive_contract(sign_contract(k, [gm], matrix), number="NWIT-2027-C0001",
    ...                         by="p-admin", on=day)
    >>> k, handover = hand_over(k, project_director_id="p-pd", finance_id="p-fin", on=day)
    >>> k.state.value, [str(i.amount) for i in handover.billing]
    ('handed_over', ['100000.00 EUR'])
    """
    if contract.state.value == "archived" and not contract.billing:
        msg = "finance needs a billing schedule (use billing_schedule)"
        raise MissingDataError(msg, field="Contract.billing")
    done = contract.hand_over()
    record = Handover(
        contract_id=contract.id,
        contract_number=contract.number or "",
        on=on,
        project_director_id=project_director_id,
        finance_id=finance_id,
        scope=tuple(scope),
        milestones=tuple(milestones),
        billing=contract.billing,
    )
    return done, record
