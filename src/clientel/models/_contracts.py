"""Contract templates, contracts, confirmations, signatures and handover (step 2.6).

A template is usable only after approval, in order, by the business-group GM and
then legal (2.6.1). A contract is drafted from a won proposal and a template
(2.6.2), confirmed by the GM (commercial and technical parts) and legal
(liability) (2.6.3), signed within each signer's authority (2.6.4), archived
under its number (2.6.5) and handed over to delivery and finance (2.6.6).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from clientel._internal import tuples
from clientel._internal.validators import frozen_mapping, identifier, non_empty, optional, str_tuple
from clientel.errors import InvalidInputError, LifecycleError
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._people import Role

__all__ = [
    "ArchiveRecord",
    "Confirmation",
    "ConfirmationKind",
    "Contract",
    "ContractState",
    "ContractTemplate",
    "Handover",
    "Instalment",
    "Signature",
    "TemplateApproval",
]

#: The approval order a template needs before use (step 2.6.1).
TEMPLATE_APPROVERS: tuple[Role, ...] = (Role.BG_GM, Role.LEGAL)


@attrs.frozen(kw_only=True)
class TemplateApproval:
    """One approval of a contract template."""

    role: Role
    by: str = attrs.field(validator=identifier)
    on: dt.date


@attrs.frozen(kw_only=True)
class ContractTemplate:
    """A standard contract template for a business type (step 2.6.1).

    Parameters
    ----------
    business_type : str
        The kind of business it serves (e.g. ``"system_integration"``).
    required_parts : tuple of str
        Parts every contract from it must have, e.g. ``("scope_of_work",
        "financial_agreement", "confidentiality")``.

    Examples
    --------
    >>> t = ContractTemplate(id="tpl-si", business_type="system_integration", name="SI",
    ...                      required_parts=("scope_of_work", "financial_agreement"))
    >>> t.usable
    False
    >>> t.approve(Role.LEGAL, "p-legal", dt.date(2026, 1, 5))
    Traceback (most recent call last):
    ...
    clientel.errors.LifecycleError: template tpl-si needs bg_gm approval first: cannot 'approve:legal' from state 'unapproved'
    >>> t = t.approve(Role.BG_GM, "p-bg", dt.date(2026, 1, 5))
    >>> t.approve(Role.LEGAL, "p-legal", dt.date(2026, 1, 6)).usable
    True
    """  # noqa: E501

    id: str = attrs.field(validator=identifier)
    business_type: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    required_parts: tuple[str, ...] = attrs.field(converter=str_tuple, validator=non_empty)
    approvals: tuple[TemplateApproval, ...] = attrs.field(default=(), converter=tuples.approvals)

    def __attrs_post_init__(self) -> None:
        roles = tuple(a.role for a in self.approvals)
        if roles != TEMPLATE_APPROVERS[: len(roles)]:
            msg = f"approvals must come in the order {[r.value for r in TEMPLATE_APPROVERS]}"
            raise InvalidInputError(msg, field="ContractTemplate.approvals")

    @property
    def usable(self) -> bool:
        """Approved by every required approver, in order."""
        return len(self.approvals) == len(TEMPLATE_APPROVERS)

    def approve(self, role: Role, by: str, on: dt.date) -> ContractTemplate:
        """Record the next approval; out of order raises :class:`LifecycleError`."""
        done = len(self.approvals)
        state = "approved" if self.usable else ("unapproved" if done == 0 else "bg_gm_approved")
        if done >= len(TEMPLATE_APPROVERS) or TEMPLATE_APPROVERS[done] is not role:
            expected = TEMPLATE_APPROVERS[done].value if done < len(TEMPLATE_APPROVERS) else "none"
            raise LifecycleError(
                f"template {self.id} needs {expected} approval first",
                state=state,
                transition=f"approve:{role.value}",
            )
        if self.approvals and on < self.approvals[-1].on:
            raise InvalidInputError("approval dated before the previous one", field="on")
        approval = TemplateApproval(role=role, by=by, on=on)
        return attrs.evolve(self, approvals=(*self.approvals, approval))


class ConfirmationKind(enum.Enum):
    """What each confirmation covers (step 2.6.3)."""

    COMMERCIAL = "commercial"
    TECHNICAL = "technical"
    LIABILITY = "liability"


#: Who confirms what (step 2.6.3): the GM the commercial and technical parts, legal liability.
CONFIRMERS: Mapping[ConfirmationKind, Role] = MappingProxyType(
    {
        ConfirmationKind.COMMERCIAL: Role.BU_GM,
        ConfirmationKind.TECHNICAL: Role.BU_GM,
        ConfirmationKind.LIABILITY: Role.LEGAL,
    }
)


@attrs.frozen(kw_only=True)
class Confirmation:
    """A confirmation of part of a contract by the responsible role."""

    kind: ConfirmationKind
    role: Role
    by: str = attrs.field(validator=identifier)
    on: dt.date

    def __attrs_post_init__(self) -> None:
        if CONFIRMERS[self.kind] is not self.role:
            msg = f"{self.kind.value} is confirmed by {CONFIRMERS[self.kind].value}"
            raise InvalidInputError(msg, field="Confirmation.role", value=self.role.value)


@attrs.frozen(kw_only=True)
class Signature:
    """A signature by a person in a role (step 2.6.4).

    ``on_behalf_of`` names the person whose signing authority a delegate used
    (see ``Delegation`` in :mod:`clientel.workflow`). Signatures of schema-1
    documents are *legacy*: they were checked under the rule of that time
    (signers' limits added together) and are kept, never re-checked.
    """

    signer_id: str = attrs.field(validator=identifier)
    role: Role
    on: dt.date
    on_behalf_of: str | None = attrs.field(default=None, validator=optional(identifier))
    legacy: bool = False


@attrs.frozen(kw_only=True)
class Instalment:
    """One billing instalment: an amount due on a date."""

    due_on: dt.date
    amount: Money = attrs.field(validator=money_at_least_zero)
    label: str = ""


class ContractState(enum.Enum):
    """Contract lifecycle states."""

    DRAFT = "draft"
    CONFIRMED = "confirmed"
    SIGNED = "signed"
    ARCHIVED = "archived"
    HANDED_OVER = "handed_over"


@attrs.frozen(kw_only=True)
class Contract:
    """A client contract drafted from a won proposal and a template (steps 2.6.2-2.6.5).

    Parameters
    ----------
    value : Money
        Contract value, carried from the proposal's final price.
    parts : mapping of str to str
        Text or reference per contract part; must cover the template's required parts.
    billing : tuple of Instalment
        Payment schedule; instalments sum exactly to ``value``.
    """

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    proposal_id: str = attrs.field(validator=identifier)
    template_id: str = attrs.field(validator=identifier)
    business_type: str = attrs.field(validator=non_empty)
    value: Money = attrs.field(validator=money_at_least_zero)
    start_on: dt.date
    end_on: dt.date
    parts: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
    billing: tuple[Instalment, ...] = attrs.field(default=(), converter=tuples.instalments)
    number: str | None = None
    state: ContractState = ContractState.DRAFT
    confirmations: tuple[Confirmation, ...] = attrs.field(
        default=(), converter=tuples.confirmations
    )
    signatures: tuple[Signature, ...] = attrs.field(default=(), converter=tuples.signatures)
    ceremony: bool = False
    archived_by: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.end_on < self.start_on:
            raise InvalidInputError("ends before it starts", field="Contract.end_on")
        if self.billing:
            total = Money.sum((i.amount for i in self.billing), self.value.currency)
            if total != self.value:
                msg = f"instalments sum to {total}, not the contract value {self.value}"
                raise InvalidInputError(msg, field="Contract.billing")

    @property
    def confirmed_kinds(self) -> frozenset[ConfirmationKind]:
        """The parts confirmed so far."""
        return frozenset(c.kind for c in self.confirmations)

    def confirm(self, kind: ConfirmationKind, role: Role, by: str, on: dt.date) -> Contract:
        """Record a confirmation; the contract is confirmed once all three are in (2.6.3)."""
        if self.state is not ContractState.DRAFT:
            raise LifecycleError(
                f"contract {self.id}", state=self.state.value, transition=f"confirm:{kind.value}"
            )
        if kind in self.confirmed_kinds:
            raise LifecycleError(
                f"contract {self.id} already has {kind.value} confirmation",
                state=self.state.value,
                transition=f"confirm:{kind.value}",
            )
        confirmations = (*self.confirmations, Confirmation(kind=kind, role=role, by=by, on=on))
        done = {c.kind for c in confirmations} == set(ConfirmationKind)
        state = ContractState.CONFIRMED if done else ContractState.DRAFT
        return attrs.evolve(self, confirmations=confirmations, state=state)

    def sign(self, signatures: Iterable[Signature]) -> Contract:
        """Record the signatures (authority is checked by ``clientel.workflow``)."""
        if self.state is not ContractState.CONFIRMED:
            raise LifecycleError(
                f"contract {self.id} must be confirmed by GM and legal first",
                state=self.state.value,
                transition="sign",
            )
        sigs = tuple(signatures)
        if not sigs:
            raise InvalidInputError("at least one signature is needed", field="signatures")
        return attrs.evolve(self, signatures=sigs, state=ContractState.SIGNED)

    def archive(self, number: str, by: str) -> Contract:
        """Archive the signed original under its contract number (2.6.5)."""
        if self.state is not ContractState.SIGNED:
            raise LifecycleError(
                f"contract {self.id}", state=self.state.value, transition="archive"
            )
        return attrs.evolve(self, number=number, archived_by=by, state=ContractState.ARCHIVED)

    def hand_over(self) -> Contract:
        """Mark the contract handed over to delivery and finance (2.6.6)."""
        if self.state is not ContractState.ARCHIVED:
            raise LifecycleError(
                f"contract {self.id}", state=self.state.value, transition="hand_over"
            )
        return attrs.evolve(self, state=ContractState.HANDED_OVER)


@attrs.frozen(kw_only=True)
class Handover:
    """What delivery and finance receive (step 2.6.6)."""

    contract_id: str = attrs.field(validator=identifier)
    contract_number: str = attrs.field(validator=non_empty)
    on: dt.date
    project_director_id: str = attrs.field(validator=identifier)
    finance_id: str = attrs.field(validator=identifier)
    scope: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    milestones: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    billing: tuple[Instalment, ...] = attrs.field(default=(), converter=tuples.instalments)


@attrs.frozen(kw_only=True)
class ArchiveRecord:
    """Where a signed original is kept, under which number, by whom (step 2.6.5).

    The contract administrator keeps all originals; ``documents`` lists what was
    filed (the signed contract, the proposal, confirmations).
    """

    contract_id: str = attrs.field(validator=identifier)
    number: str = attrs.field(validator=non_empty)
    archived_on: dt.date
    custodian_id: str = attrs.field(validator=identifier)
    documents: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    location: str = ""
