"""Typed tuple converters for attrs fields, in one place.

The attrs mypy plugin cannot type a generic ``Iterable[T] -> tuple[T, ...]``
converter (it leaves ``T`` unsolved in ``__init__``), so each element type has a
named alias here; every alias is :func:`tuple` at run time. The entity types are
imported for type checking only, so this module imports nothing at run time
but :mod:`clientel.errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from clientel.errors import InvalidInputError

if TYPE_CHECKING:
    from clientel.models._acceptance import Acceptance, AcceptanceMilestone
    from clientel.models._amendments import Amendment
    from clientel.models._approvals import ApprovalRecord
    from clientel.models._bidding import CriterionResult, PaymentTerm
    from clientel.models._contract_parts import Instalment, Signature
    from clientel.models._contracts import Confirmation, TemplateApproval
    from clientel.models._events import NegotiationRound, ProposalEvent
    from clientel.models._invoices import Payment
    from clientel.models._obligations import Fulfilment, Measurement, Obligation, ServiceLevel
    from clientel.models._outcomes import InquiryFollowUp
    from clientel.models._people import Role, TeamMember
    from clientel.models._plans import Action, Milestone, Resource, Risk
    from clientel.models._quote_lines import QuoteLine
    from clientel.models._renewals import RenewalNotice
    from clientel.models._strategy import FinancialTarget
    from clientel.models._volume import VolumeTier
    from clientel.pricing._cost import RoleRate
    from clientel.scoring._hierarchy import TierBand
    from clientel.workflow._authority._matrix import AuthorityRule, Delegation

__all__ = [
    "acceptance_milestones",
    "acceptances",
    "actions",
    "amendments",
    "approvals",
    "bands",
    "checked",
    "confirmations",
    "delegations",
    "events",
    "follow_ups",
    "fulfilments",
    "instalments",
    "lines",
    "measurements",
    "members",
    "milestones",
    "notices",
    "obligations",
    "payments",
    "rates",
    "records",
    "resources",
    "results",
    "risks",
    "roles",
    "rounds",
    "rules",
    "service_levels",
    "signatures",
    "targets",
    "terms",
    "tiers",
]


T = TypeVar("T")


def checked(kind: type[T], field: str) -> Callable[[Iterable[Any]], tuple[T, ...]]:
    """A converter to a tuple of ``kind`` that refuses any other item, naming ``field[i]``.

    The attrs mypy plugin takes only named functions as converters: call the
    returned function from one, ``def stages(v): return _stages(v)``.
    """

    def convert(value: Iterable[Any]) -> tuple[T, ...]:
        out = tuple(value)
        for i, item in enumerate(out):
            if not isinstance(item, kind):
                msg = f"expected a {kind.__name__}"
                raise InvalidInputError(msg, field=f"{field}[{i}]", value=type(item).__name__)
        return out

    return convert


def actions(value: Iterable[Action]) -> tuple[Action, ...]:
    """A tuple of :class:`Action` from any iterable."""
    return tuple(value)


def approvals(value: Iterable[TemplateApproval]) -> tuple[TemplateApproval, ...]:
    """A tuple of :class:`TemplateApproval` from any iterable."""
    return tuple(value)


def bands(value: Iterable[TierBand]) -> tuple[TierBand, ...]:
    """A tuple of :class:`TierBand` from any iterable."""
    return tuple(value)


def confirmations(value: Iterable[Confirmation]) -> tuple[Confirmation, ...]:
    """A tuple of :class:`Confirmation` from any iterable."""
    return tuple(value)


def delegations(value: Iterable[Delegation]) -> tuple[Delegation, ...]:
    """A tuple of :class:`Delegation` from any iterable."""
    return tuple(value)


def events(value: Iterable[ProposalEvent]) -> tuple[ProposalEvent, ...]:
    """A tuple of :class:`ProposalEvent` from any iterable."""
    return tuple(value)


def follow_ups(value: Iterable[InquiryFollowUp]) -> tuple[InquiryFollowUp, ...]:
    """A tuple of :class:`InquiryFollowUp` from any iterable."""
    return tuple(value)


def instalments(value: Iterable[Instalment]) -> tuple[Instalment, ...]:
    """A tuple of :class:`Instalment` from any iterable."""
    return tuple(value)


def lines(value: Iterable[QuoteLine]) -> tuple[QuoteLine, ...]:
    """A tuple of :class:`QuoteLine` from any iterable."""
    return tuple(value)


def members(value: Iterable[TeamMember]) -> tuple[TeamMember, ...]:
    """A tuple of :class:`TeamMember` from any iterable."""
    return tuple(value)


def milestones(value: Iterable[Milestone]) -> tuple[Milestone, ...]:
    """A tuple of :class:`Milestone` from any iterable."""
    return tuple(value)


def rates(value: Iterable[RoleRate]) -> tuple[RoleRate, ...]:
    """A tuple of :class:`RoleRate` from any iterable."""
    return tuple(value)


def records(value: Iterable[ApprovalRecord]) -> tuple[ApprovalRecord, ...]:
    """A tuple of :class:`ApprovalRecord` from any iterable."""
    return tuple(value)


def resources(value: Iterable[Resource]) -> tuple[Resource, ...]:
    """A tuple of :class:`Resource` from any iterable."""
    return tuple(value)


def results(value: Iterable[CriterionResult]) -> tuple[CriterionResult, ...]:
    """A tuple of :class:`CriterionResult` from any iterable."""
    return tuple(value)


def risks(value: Iterable[Risk]) -> tuple[Risk, ...]:
    """A tuple of :class:`Risk` from any iterable."""
    return tuple(value)


def roles(value: Iterable[Role]) -> tuple[Role, ...]:
    """A tuple of :class:`Role` from any iterable."""
    return tuple(value)


def rounds(value: Iterable[NegotiationRound]) -> tuple[NegotiationRound, ...]:
    """A tuple of :class:`NegotiationRound` from any iterable."""
    return tuple(value)


def rules(value: Iterable[AuthorityRule]) -> tuple[AuthorityRule, ...]:
    """A tuple of :class:`AuthorityRule` from any iterable."""
    return tuple(value)


def signatures(value: Iterable[Signature]) -> tuple[Signature, ...]:
    """A tuple of :class:`Signature` from any iterable."""
    return tuple(value)


def targets(value: Iterable[FinancialTarget]) -> tuple[FinancialTarget, ...]:
    """A tuple of :class:`FinancialTarget` from any iterable."""
    return tuple(value)


def terms(value: Iterable[PaymentTerm]) -> tuple[PaymentTerm, ...]:
    """A tuple of :class:`PaymentTerm` from any iterable."""
    return tuple(value)


def acceptances(value: Iterable[Acceptance]) -> tuple[Acceptance, ...]:
    """A tuple of :class:`Acceptance` from any iterable."""
    return tuple(value)


def acceptance_milestones(value: Iterable[AcceptanceMilestone]) -> tuple[AcceptanceMilestone, ...]:
    """A tuple of :class:`AcceptanceMilestone` from any iterable."""
    return tuple(value)


def amendments(value: Iterable[Amendment]) -> tuple[Amendment, ...]:
    """A tuple of :class:`Amendment` from any iterable."""
    return tuple(value)


def fulfilments(value: Iterable[Fulfilment]) -> tuple[Fulfilment, ...]:
    """A tuple of :class:`Fulfilment` from any iterable."""
    return tuple(value)


def measurements(value: Iterable[Measurement]) -> tuple[Measurement, ...]:
    """A tuple of :class:`Measurement` from any iterable."""
    return tuple(value)


def notices(value: Iterable[RenewalNotice]) -> tuple[RenewalNotice, ...]:
    """A tuple of :class:`RenewalNotice` from any iterable."""
    return tuple(value)


def obligations(value: Iterable[Obligation]) -> tuple[Obligation, ...]:
    """A tuple of :class:`Obligation` from any iterable."""
    return tuple(value)


def payments(value: Iterable[Payment]) -> tuple[Payment, ...]:
    """A tuple of :class:`Payment` from any iterable."""
    return tuple(value)


def service_levels(value: Iterable[ServiceLevel]) -> tuple[ServiceLevel, ...]:
    """A tuple of :class:`ServiceLevel` from any iterable."""
    return tuple(value)


def tiers(value: Iterable[VolumeTier]) -> tuple[VolumeTier, ...]:
    """A tuple of :class:`VolumeTier` from any iterable."""
    return tuple(value)
