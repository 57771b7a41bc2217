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
from typing import Any

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import (
    frozen_mapping,
    identifier,
    non_empty,
    optional,
    str_tuple,
    unique_ids,
)
from clientel.errors import InvalidInputError, LifecycleError
from clientel.models import _contract_life as life
from clientel.models._acceptance import Acceptance, AcceptanceMilestone
from clientel.models._amendments import Amendment, AmendmentCheck, ContractTerms, check_terms
from clientel.models._contract_checks import check_progress
from clientel.models._contract_parts import ContractState, Instalment, Signature
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._obligations import Fulfilment, Measurement, Obligation, ServiceLevel
from clientel.models._people import Role
from clientel.models._renewals import NoticeKind, RenewalNotice, RenewalTerms

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


@attrs.frozen(kw_only=True, repr=False)
class Contract(TableDisplay):
    """A client contract from draft to the end of its life (steps 2.6.2-2.7.5).

    Parameters
    ----------
    value : Money
        Contract value, carried from the proposal's final price.
    parts : mapping of str to str
        Text or reference per contract part; must cover the template's required parts.
    billing : tuple of Instalment
        Payment schedule; instalments sum exactly to ``value``; an instalment
        may be gated by one of the ``milestones``.
    renewal : RenewalTerms, optional
        How the contract renews after ``end_on`` (step 2.7.4).
    obligations, service_levels, milestones : tuples
        What each party must do and by when, the measured promises, and the
        deliveries the client accepts (steps 2.6.6, 2.7.1).
    acceptances, fulfilments, measurements, notices : tuples
        What happened after signing, each in date order: the client's
        acceptances, obligations fulfilled, service levels measured, renewal
        notices. Recorded with :meth:`accept`, :meth:`fulfil`, :meth:`measure`
        and :meth:`give_notice`.
    amendments : tuple of Amendment
        The versioned changes since signing (:meth:`amend`); :attr:`version` counts them.

    Notes
    -----
    Every record is checked when the contract is built (also when it is loaded):
    references to known ids, one acceptance per milestone, dates in order and
    not before signing, notices by their deadline, amendments numbered and
    chained, the current terms those the last amendment left.
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
    renewal: RenewalTerms | None = None
    obligations: tuple[Obligation, ...] = attrs.field(
        default=(), converter=tuples.obligations, validator=unique_ids
    )
    service_levels: tuple[ServiceLevel, ...] = attrs.field(
        default=(), converter=tuples.service_levels, validator=unique_ids
    )
    milestones: tuple[AcceptanceMilestone, ...] = attrs.field(
        default=(), converter=tuples.acceptance_milestones, validator=unique_ids
    )
    acceptances: tuple[Acceptance, ...] = attrs.field(default=(), converter=tuples.acceptances)
    fulfilments: tuple[Fulfilment, ...] = attrs.field(default=(), converter=tuples.fulfilments)
    measurements: tuple[Measurement, ...] = attrs.field(default=(), converter=tuples.measurements)
    notices: tuple[RenewalNotice, ...] = attrs.field(default=(), converter=tuples.notices)
    amendments: tuple[Amendment, ...] = attrs.field(default=(), converter=tuples.amendments)

    _display_title = "Contract"

    def __attrs_post_init__(self) -> None:
        if self.end_on < self.start_on:
            raise InvalidInputError("ends before it starts", field="Contract.end_on")
        check_terms(self.value, self.billing, self.milestones, "Contract")
        life.check_records(self)
        check_progress(self)

    def __repr__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return (
            f"<Contract {self.id}{number} {self.state.value}: {self.value}, "
            f"{self.start_on}..{self.end_on}, version {self.version}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: id, number, client, state, value, term, version and what it holds."""
        return [
            {
                "id": self.id,
                "number": self.number,
                "client": self.client_id,
                "state": self.state.value,
                "value": str(self.value),
                "start_on": self.start_on,
                "end_on": self.end_on,
                "version": self.version,
                "instalments": len(self.billing),
                "obligations": len(self.obligations),
                "service_levels": len(self.service_levels),
                "milestones": len(self.milestones),
            }
        ]

    @property
    def confirmed_kinds(self) -> frozenset[ConfirmationKind]:
        """The parts confirmed so far."""
        return frozenset(c.kind for c in self.confirmations)

    @property
    def signed_on(self) -> dt.date | None:
        """The day the last signature was put on it (None: unsigned)."""
        return max((s.on for s in self.signatures), default=None)

    @property
    def version(self) -> int:
        """How many amendments the contract has had (0: as signed)."""
        return len(self.amendments)

    @property
    def terms(self) -> ContractTerms:
        """The terms an amendment may change, as they stand."""
        return ContractTerms(**_fields(self))

    def accepted_on(self, milestone_id: str) -> dt.date | None:
        """The day the client accepted ``milestone_id`` (None: not yet)."""
        return next((a.on for a in self.acceptances if a.milestone_id == milestone_id), None)

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

    # -- life after signing (2.6.6-2.7) --------------------------------------------------------
    def accept(self, milestone_id: str, by: str, on: dt.date, note: str = "") -> Contract:
        """Record the client's acceptance of a milestone (2.6.6); gated invoices may follow.

        Raises
        ------
        LifecycleError
            The contract is not signed.
        UnknownReferenceError
            No such milestone.
        InvalidInputError
            Accepted before; dated before signing or before the previous acceptance.

        Examples
        --------
        See :func:`clientel.workflow.issue_invoice`.
        """
        item = Acceptance(milestone_id=milestone_id, by=by, on=on, note=note)
        life.check_live(self, "accept")
        life.check_acceptance(self, item, self.acceptances)
        return attrs.evolve(self, acceptances=(*self.acceptances, item))

    def fulfil(self, obligation_id: str, by: str, on: dt.date, note: str = "") -> Contract:
        """Record that an obligation was done (2.7.1); same checks as :meth:`accept`."""
        item = Fulfilment(obligation_id=obligation_id, by=by, on=on, note=note)
        life.check_live(self, "fulfil")
        life.check_fulfilment(self, item, self.fulfilments)
        return attrs.evolve(self, fulfilments=(*self.fulfilments, item))

    def measure(
        self, service_level_id: str, period_end: dt.date, value: float, by: str | None = None
    ) -> Contract:
        """Record one period's value of a service level (2.7.1).

        Raises
        ------
        LifecycleError
            The contract is not signed.
        UnknownReferenceError
            No such service level.
        InvalidInputError
            No period of the level ends on ``period_end``; the period is not
            after the level's last measured one; a value that is not finite.
        """
        item = Measurement(
            service_level_id=service_level_id, period_end=period_end, value=value, by=by
        )
        life.check_live(self, "measure")
        life.check_measurement(self, item, self.measurements)
        return attrs.evolve(self, measurements=(*self.measurements, item))

    def give_notice(self, kind: NoticeKind | str, by: str, on: dt.date, note: str = "") -> Contract:
        """Record a renewal notice (2.7.4): stop an automatic renewal, or exercise an option.

        Raises
        ------
        DeadlineError
            After the notice deadline of the current term (the message names the
            deadline and what happens instead).
        LifecycleError
            The contract is not signed, already ends, or ended.
        InvalidInputError
            No renewal terms, the other kind of notice, dates going backwards.

        Examples
        --------
        >>> from clientel.models import RenewalTerms, Role, Signature
        >>> day = dt.date(2027, 3, 10)
        >>> k = Contract(id="k-1", client_id="c-1", proposal_id="pr-1", template_id="tpl-1",
        ...     business_type="managed_services", value=Money("120000", "EUR"),
        ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2028, 3, 31),
        ...     renewal=RenewalTerms(automatic=True, term_months=12, notice_days=90),
        ...     state=ContractState.SIGNED,
        ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)])
        >>> k.give_notice("non_renewal", "c-1-cio", dt.date(2028, 1, 15))
        Traceback (most recent call last):
        ...
        clientel.errors.DeadlineError: on: after the notice deadline 2028-01-01 (90 days before the term ends on 2028-03-31): it renews on 2028-04-01; the next deadline is 2028-12-31 (got '2028-01-15')
        >>> k.give_notice("non_renewal", "c-1-cio", dt.date(2027, 12, 20)).notices
        (<RenewalNotice non_renewal by c-1-cio on 2027-12-20>,)
        """  # noqa: E501
        item = RenewalNotice(kind=kind, by=by, on=on, note=note)
        life.check_live(self, "give_notice")
        life.check_notice(self, item, self.notices)
        return attrs.evolve(self, notices=(*self.notices, item))

    def amend(self, amendment: Amendment, *, authority: AmendmentCheck) -> Contract:
        """Apply an amendment signed within authority (2.7.1); a new contract at the next version.

        Parameters
        ----------
        amendment : Amendment
            Numbered ``version + 1``, drafted on the current :attr:`terms`,
            dated on or after signing and the previous amendment.
        authority : AmendmentCheck
            Checks the signatures (:class:`clientel.workflow.AmendmentAuthority`).

        Raises
        ------
        LifecycleError
            The contract is not signed (an amendment to an unsigned contract).
        AuthorityError
            The signatures do not cover the amendment.
        InvalidInputError
            Another number, other terms than the current ones, dates going
            backwards, or new terms that drop what was already recorded
            against them (an accepted milestone, a fulfilled obligation).
        """
        life.check_live(self, "amend")
        life.check_amendment(self, amendment)
        authority(self, amendment)
        amendments = (*self.amendments, amendment)
        return attrs.evolve(self, amendments=amendments, **_fields(amendment.terms))

    def replay(self, *, authority: AmendmentCheck | None = None) -> Contract:
        """Rebuild the contract from its terms as signed and its amendments, in order.

        With ``authority``, every amendment's signatures are checked again, so a
        history edited outside clientel (a value raised, a signature removed) is
        refused where it goes beyond authority. The records of what happened
        (acceptances, fulfilments, measurements, notices) are checked against
        the final terms.

        Raises
        ------
        AuthorityError, InvalidInputError
            See :meth:`amend`.
        """
        if not self.amendments:
            return self
        base: dict[str, Any] = _fields(self.amendments[0].previous)
        fresh = attrs.evolve(
            self,
            amendments=(),
            acceptances=(),
            fulfilments=(),
            measurements=(),
            notices=(),
            **base,
        )
        for item in self.amendments:
            fresh = fresh.amend(item, authority=authority or _unchecked)
        return attrs.evolve(
            fresh,
            acceptances=self.acceptances,
            fulfilments=self.fulfilments,
            measurements=self.measurements,
            notices=self.notices,
        )


def _fields(source: Contract | ContractTerms) -> dict[str, Any]:
    """The fields of :class:`ContractTerms`, read from a contract or from terms."""
    return {f.name: getattr(source, f.name) for f in attrs.fields(ContractTerms)}


def _unchecked(contract: Contract, amendment: Amendment) -> None:
    """Replay without an authority: the amendments are applied, not re-checked."""


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
