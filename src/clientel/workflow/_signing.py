"""Signature authority: who may sign a contract, and the minimal chain of signers (2.6.4)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR
from typing import Any, ClassVar

import attrs
import numpy as np

from clientel._internal import tuples
from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import at_least, non_empty, optional
from clientel.errors import AuthorityError, InvalidInputError
from clientel.models import Contract, Money, Role, Signature
from clientel.models._money_checks import money_at_least_zero
from clientel.workflow.kernels import minimal_cover

__all__ = [
    "SigningAuthority",
    "SigningChain",
    "SigningLimit",
    "check_signatures",
    "needs_ceremony",
    "required_signers",
    "sign_contract",
]


@attrs.frozen(kw_only=True)
class SigningLimit:
    """The largest contract value a role may sign, optionally for one business type only."""

    role: Role
    max_value: Money = attrs.field(validator=money_at_least_zero)
    business_type: str | None = attrs.field(default=None, validator=optional(non_empty))


@attrs.frozen(kw_only=True, repr=False)
class SigningAuthority(TableDisplay):
    """Signature authority per role (step 2.6.4).

    Parameters
    ----------
    limits : tuple of SigningLimit
        One entry per role and currency, optionally per business type; an entry
        for a business type overrides the role's general entry for that type.
    min_signers : int
        Fewest signatures on any contract (2 for a four-eyes rule).
    mandatory : tuple of Role
        Roles that sign every contract (e.g. the BU GM).

    Notes
    -----
    Signers sign jointly: the combined authority of a chain is the sum of its
    members' limits, and a chain may sign a contract whose value it covers.
    Its JSON documents keep the type tag ``"AuthorityMatrix"`` (the class's
    name before 0.1.0), so stored documents keep loading.

    Examples
    --------
    >>> SigningAuthority(limits=[
    ...     SigningLimit(role=Role.ACCOUNT_MANAGER, max_value=Money("50000", "EUR")),
    ...     SigningLimit(role=Role.BU_GM, max_value=Money("500000", "EUR"))], min_signers=2)
    <SigningAuthority: 2 limits, at least 2 signers>
    """

    limits: tuple[SigningLimit, ...] = attrs.field(converter=tuples.limits)
    min_signers: int = attrs.field(default=1, validator=at_least(1))
    mandatory: tuple[Role, ...] = attrs.field(default=(), converter=tuples.roles)

    _display_title = "Signing authority"
    _document_type: ClassVar[str] = "AuthorityMatrix"

    def __repr__(self) -> str:
        must = (
            f", always {first_items([r.value for r in self.mandatory])}" if self.mandatory else ""
        )
        return (
            f"<SigningAuthority: {len(self.limits)} limits, at least {self.min_signers} "
            f"signer{'s' if self.min_signers > 1 else ''}{must}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per limit: role, business type (None: any), limit, mandatory."""
        return [
            {
                "role": lim.role.value,
                "business_type": lim.business_type,
                "max_value": str(lim.max_value),
                "mandatory": lim.role in self.mandatory,
            }
            for lim in self.limits
        ]

    @limits.validator
    def _check(self, attribute: attrs.Attribute[tuple[SigningLimit, ...]], value: object) -> None:
        seen: set[tuple[Role, str | None, str]] = set()
        for i, lim in enumerate(self.limits):
            key = (lim.role, lim.business_type, lim.max_value.currency)
            if key in seen:
                msg = "a role has one limit per business type and currency"
                raise InvalidInputError(
                    msg, field=f"SigningAuthority.limits[{i}]", value=key[0].value
                )
            seen.add(key)

    def for_deal(self, currency: str, business_type: str | None = None) -> dict[Role, Money]:
        """Each role's limit for contracts of ``business_type`` in ``currency``."""
        out: dict[Role, Money] = {}
        for lim in self.limits:
            if lim.max_value.currency == currency and lim.business_type is None:
                out[lim.role] = lim.max_value
        for lim in self.limits:
            if lim.max_value.currency == currency and lim.business_type == business_type:
                out[lim.role] = lim.max_value
        return out


@attrs.frozen(kw_only=True, repr=False)
class SigningChain(TableDisplay):
    """The signers a contract needs: roles from least to most authority."""

    value: Money
    roles: tuple[Role, ...]
    limits: tuple[Money, ...]
    combined: Money

    _display_title = "Signing chain"

    def __repr__(self) -> str:
        signers = first_items([r.value for r in self.roles])
        return f"<SigningChain {self.value}: {signers} (combined {self.combined})>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per signer: role and limit."""
        return [
            {"role": r.value, "limit": str(m)} for r, m in zip(self.roles, self.limits, strict=True)
        ]


def _units(amount: Money, rounding: str) -> int:
    scaled = amount.amount.scaleb(amount.minor_unit)
    return int(scaled.to_integral_value(rounding=rounding))


def _ordered(limits: dict[Role, Money]) -> list[tuple[Role, Money]]:
    return sorted(limits.items(), key=lambda kv: (kv[1].amount, kv[0].value))


def required_signers(
    authority: SigningAuthority, value: Money, *, business_type: str | None = None
) -> SigningChain:
    """The minimal chain of signers whose combined authority covers ``value`` (step 2.6.4).

    Parameters
    ----------
    authority : SigningAuthority
        Limits per role, the minimum number of signers and mandatory roles.
    value : Money
        Contract value; its currency selects the limits.
    business_type : str, optional
        Selects business-type-specific limits where the authority has them.

    Returns
    -------
    SigningChain
        Fewest signers first; among chains of that size the one with the least
        combined authority (so senior people sign only when needed); remaining
        ties go to the roles ordered first by (limit, role name).

    Raises
    ------
    AuthorityError
        No chain of roles in the authority covers the value.

    Notes
    -----
    Limits are compared in whole minor units (limits rounded down, the value
    up), exactly. The search is exhaustive over the roles' subsets (at most
    :data:`~clientel.workflow.kernels.MAX_ROLES`), see
    :func:`~clientel.workflow.kernels.minimal_cover`.

    Examples
    --------
    The account manager signs up to 50k, the BU GM up to 500k, the BG GM up to 2M;
    a 480k deal needs the BU GM alone, a 2.2M deal the BU GM and the BG GM:

    >>> authority = SigningAuthority(limits=[
    ...     SigningLimit(role=Role.ACCOUNT_MANAGER, max_value=Money("50000", "EUR")),
    ...     SigningLimit(role=Role.BU_GM, max_value=Money("500000", "EUR")),
    ...     SigningLimit(role=Role.BG_GM, max_value=Money("2000000", "EUR")),
    ... ])
    >>> [r.value for r in required_signers(authority, Money("480000", "EUR")).roles]
    ['bu_gm']
    >>> [r.value for r in required_signers(authority, Money("2200000", "EUR")).roles]
    ['bu_gm', 'bg_gm']
    """
    if value.amount < 0:
        raise InvalidInputError("expected a value >= 0", field="value", value=str(value))
    ordered = _ordered(authority.for_deal(value.currency, business_type))
    roles = [r for r, _ in ordered]
    missing = [r.value for r in authority.mandatory if r not in roles]
    if missing:
        msg = f"mandatory signers {missing} have no limit in {value.currency}"
        raise AuthorityError(msg, field="SigningAuthority.mandatory")
    limits = np.array([_units(m, ROUND_FLOOR) for _, m in ordered], dtype=np.int64)
    mandatory = np.array([r in authority.mandatory for r in roles], dtype=bool)
    chosen = minimal_cover(
        limits, _units(value, ROUND_CEILING), mandatory=mandatory, min_count=authority.min_signers
    )
    if chosen is None:
        total = Money.sum((m for _, m in ordered), value.currency)
        msg = (
            f"no chain of at least {authority.min_signers} signer(s) covers {value}"
            f" (all {len(ordered)} roles together: {total})"
        )
        raise AuthorityError(msg, field="value")
    picked = [ordered[i] for i in np.flatnonzero(chosen)]
    return SigningChain(
        value=value,
        roles=tuple(r for r, _ in picked),
        limits=tuple(m for _, m in picked),
        combined=Money.sum((m for _, m in picked), value.currency),
    )


def check_signatures(
    contract: Contract, signatures: Iterable[Signature], authority: SigningAuthority
) -> tuple[Signature, ...]:
    """Check that ``signatures`` may sign ``contract`` under ``authority``; return them.

    Raises
    ------
    AuthorityError
        A signer's role has no authority for this business type and currency,
        a mandatory role did not sign, too few signed, or the signers' combined
        authority does not cover the contract value.
    InvalidInputError
        Two signatures in the same role.
    """
    sigs = tuple(signatures)
    limits = authority.for_deal(contract.value.currency, contract.business_type)
    roles = [s.role for s in sigs]
    if len(set(roles)) != len(roles):
        raise InvalidInputError("one signature per role", field="signatures")
    for i, sig in enumerate(sigs):
        if sig.role not in limits:
            msg = f"{sig.role.value} may not sign {contract.business_type} contracts in {contract.value.currency}"  # noqa: E501
            raise AuthorityError(msg, field=f"signatures[{i}]", value=sig.signer_id)
    absent = [r.value for r in authority.mandatory if r not in roles]
    if absent or len(sigs) < authority.min_signers:
        msg = f"needs at least {authority.min_signers} signature(s) including {[r.value for r in authority.mandatory]}"  # noqa: E501
        raise AuthorityError(msg, field="signatures", value=absent)
    combined = Money.sum((limits[r] for r in roles), contract.value.currency)
    if combined < contract.value:
        chain = required_signers(authority, contract.value, business_type=contract.business_type)
        msg = (
            f"the signers' combined authority {combined} does not cover {contract.value};"
            f" the minimal chain is {[r.value for r in chain.roles]}"
        )
        raise AuthorityError(msg, field="signatures")
    return sigs


def needs_ceremony(value: Money, threshold: Money | None) -> bool:
    """Whether a contract of ``value`` is major enough for a signing ceremony (2.6.4).

    ``threshold`` is inclusive; ``None`` means never.

    Examples
    --------
    >>> needs_ceremony(Money("2200000", "EUR"), Money("1000000", "EUR"))
    True
    """
    if threshold is None:
        return False
    if threshold.currency != value.currency:
        msg = f"threshold in {threshold.currency}, contract in {value.currency}"
        raise InvalidInputError(msg, field="threshold")
    return value >= threshold


def sign_contract(
    contract: Contract,
    signatures: Iterable[Signature],
    authority: SigningAuthority,
    *,
    ceremony_over: Money | None = None,
) -> Contract:
    """Sign a confirmed contract within the signers' authority (step 2.6.4).

    Checks the signatures with :func:`check_signatures`, records them, and flags
    the contract for a signing ceremony when its value reaches ``ceremony_over``.

    Raises
    ------
    AuthorityError
        See :func:`check_signatures`.
    LifecycleError
        The contract is not confirmed by the GM and legal yet.
    """
    sigs = check_signatures(contract, signatures, authority)
    flag = contract.ceremony or needs_ceremony(contract.value, ceremony_over)
    return attrs.evolve(contract.sign(sigs), ceremony=flag)
