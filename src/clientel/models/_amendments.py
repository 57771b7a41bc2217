"""Contract terms and amendments: versioned changes to a signed contract (steps 2.6.4, 2.7.1).

:class:`ContractTerms` is what an amendment may change: the value, the end of
the term, the billing schedule, the parts, the renewal terms, the obligations,
the service levels and the acceptance milestones. An :class:`Amendment` records
the terms before and after, who asked, when, why and who signed; a contract's
amendments are numbered 1, 2, ... and each starts from the terms the previous one
left, so the history replays to the contract (``Contract.replay``). Whether the
signatures suffice is the authority engine's call: an :class:`AmendmentCheck`
(:class:`clientel.workflow.AmendmentAuthority`) signs an amendment like a
contract of the larger of its old and new value, so a value increase re-routes
signing and nothing else asks for more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, identifier, unique_ids
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models._acceptance import AcceptanceMilestone
from clientel.models._contract_parts import Instalment, Signature
from clientel.models._money import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.models._obligations import Obligation, ServiceLevel, at_least_one
from clientel.models._renewals import RenewalTerms

if TYPE_CHECKING:
    from clientel.models._contracts import Contract

__all__ = ["Amendment", "AmendmentCheck", "ContractTerms", "check_terms"]


def check_terms(
    value: Money,
    billing: Iterable[Instalment],
    milestones: Iterable[AcceptanceMilestone],
    owner: str,
) -> None:
    """Instalments sum exactly to the value and name only milestones the terms define.

    Raises
    ------
    InvalidInputError
        Instalments that do not sum to the value.
    UnknownReferenceError
        An instalment gated by a milestone that is not among ``milestones``.
    """
    bills = tuple(billing)
    if bills:
        total = Money.sum((i.amount for i in bills), value.currency)
        if total != value:
            msg = f"instalments sum to {total}, not the contract value {value}"
            raise InvalidInputError(msg, field=f"{owner}.billing")
    known = {m.id for m in milestones}
    for i, bill in enumerate(bills):
        if bill.milestone is not None and bill.milestone not in known:
            msg = f"gated by a milestone the contract does not define ({sorted(known)})"
            raise UnknownReferenceError(
                msg, field=f"{owner}.billing[{i}].milestone", value=bill.milestone
            )


@attrs.frozen(kw_only=True, repr=False)
class ContractTerms(TableDisplay):
    """What an amendment may change in a contract (step 2.7.1).

    Build changed terms from a contract's own with :func:`attrs.evolve`:
    ``attrs.evolve(contract.terms, value=..., billing=...)``.
    """

    value: Money = attrs.field(validator=money_at_least_zero)
    end_on: dt.date
    billing: tuple[Instalment, ...] = attrs.field(default=(), converter=tuples.instalments)
    parts: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_mapping)
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

    _display_title = "Contract terms"

    def __attrs_post_init__(self) -> None:
        check_terms(self.value, self.billing, self.milestones, "ContractTerms")

    def __repr__(self) -> str:
        return (
            f"<ContractTerms {self.value} until {self.end_on}: {len(self.billing)} instalments, "
            f"{len(self.obligations)} obligations, {len(self.service_levels)} service levels, "
            f"{len(self.milestones)} milestones>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: value, end, and how many instalments, obligations, levels and milestones."""
        return [
            {
                "value": str(self.value),
                "end_on": self.end_on,
                "renewal": None if self.renewal is None else repr(self.renewal),
                "instalments": len(self.billing),
                "obligations": len(self.obligations),
                "service_levels": len(self.service_levels),
                "milestones": len(self.milestones),
            }
        ]

    def changes(self, other: ContractTerms) -> tuple[tuple[str, str, str], ...]:
        """What differs from ``self`` to ``other``: ``(field, before, after)`` in field order."""
        out = []
        for field in attrs.fields(ContractTerms):
            before, after = getattr(self, field.name), getattr(other, field.name)
            if before != after:
                out.append((field.name, _text(before), _text(after)))
        return tuple(out)


def _text(value: object) -> str:
    if isinstance(value, tuple):
        ids = [
            getattr(v, "id", None) or getattr(v, "label", "") or str(i + 1)
            for i, v in enumerate(value)
        ]
        return f"{len(value)}: {', '.join(ids)}" if value else "none"
    if isinstance(value, Mapping):
        return ", ".join(sorted(value)) or "none"
    return "none" if value is None else str(value)


class AmendmentCheck(Protocol):
    """What checks an amendment's signatures against an authority matrix.

    :class:`clientel.workflow.AmendmentAuthority` implements it; ``Contract.amend``
    and ``Contract.replay`` call it for each amendment, before recording it.
    It raises :class:`~clientel.errors.AuthorityError` when the signatures do not
    cover the amendment.
    """

    def __call__(self, contract: Contract, amendment: Amendment) -> None: ...


@attrs.frozen(kw_only=True, repr=False)
class Amendment(TableDisplay):
    """A versioned change to a signed contract (step 2.7.1): terms before and after, signed.

    Parameters
    ----------
    number : int
        1 for a contract's first amendment, then 2, 3, ...
    on : datetime.date
        The day it takes effect; no signature is dated after it.
    by : str
        Who asked for it (the account manager, usually).
    previous, terms : ContractTerms
        The terms before and after; they differ, in one currency.
    signatures : tuple of Signature
        At least one, one per role, none legacy.

    Examples
    --------
    >>> from clientel.models import Role
    >>> day = dt.date(2027, 6, 1)
    >>> before = ContractTerms(value=Money("440000", "EUR"), end_on=dt.date(2027, 12, 31))
    >>> after = attrs.evolve(before, value=Money("520000", "EUR"))
    >>> a = Amendment(number=1, on=day, by="p-am01", reason="two more interfaces",
    ...               previous=before, terms=after,
    ...               signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=day)])
    >>> a.changes, str(a.signing_value)
    ((('value', '440000 EUR', '520000 EUR'),), '520000 EUR')
    """

    number: int = attrs.field(validator=at_least_one)
    on: dt.date
    by: str = attrs.field(validator=identifier)
    previous: ContractTerms
    terms: ContractTerms
    signatures: tuple[Signature, ...] = attrs.field(converter=tuples.signatures)
    reason: str = ""

    _display_title = "Amendment"

    def __attrs_post_init__(self) -> None:
        if self.previous.value.currency != self.terms.value.currency:
            msg = f"expected {self.previous.value.currency}, the contract's currency"
            raise CurrencyMismatchError(msg, field="Amendment.terms.value")
        if self.terms == self.previous:
            raise InvalidInputError("changes nothing", field="Amendment.terms")
        if not self.signatures:
            raise InvalidInputError(
                "at least one signature is needed", field="Amendment.signatures"
            )
        roles: set[str] = set()
        for i, sig in enumerate(self.signatures):
            if sig.legacy or sig.on > self.on or sig.role.value in roles:
                msg = f"one signature per role, none legacy, none after the date {self.on}"
                raise InvalidInputError(
                    msg, field=f"Amendment.signatures[{i}]", value=sig.signer_id
                )
            roles.add(sig.role.value)

    @property
    def changes(self) -> tuple[tuple[str, str, str], ...]:
        """What the amendment changes: ``(field, before, after)``."""
        return self.previous.changes(self.terms)

    @property
    def signing_value(self) -> Money:
        """The value the amendment is signed for: the larger of the old and the new value."""
        return max(self.previous.value, self.terms.value)

    def __repr__(self) -> str:
        fields = ", ".join(name for name, _, _ in self.changes)
        return f"<Amendment {self.number} on {self.on} by {self.by}: {fields}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per change: field, before, after."""
        return [
            {"number": self.number, "field": name, "before": before, "after": after}
            for name, before, after in self.changes
        ]
