"""Signing within each signer's own authority, and the minimal chain of signers (step 2.6.4).

A contract is signed by a chain that holds at least one signer whose *own*
signing limit covers the value: above a limit the contract escalates to a more
senior signer, it never adds limits together. Minimum signer counts (a four-eyes
rule above a value) and mandatory roles (on every contract, or per business
type) add co-signers; the minimal chain has the fewest signers, then the lowest
seniority, and says why each signer is on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, first_items
from clientel.errors import AuthorityError, InvalidInputError
from clientel.models import Contract, Money, Signature
from clientel.workflow._authority._matrix import AuthorityMatrix, AuthorityRule
from clientel.workflow._authority._rates import RateTable, in_currency
from clientel.workflow.kernels import signing_chain

__all__ = [
    "Signer",
    "SigningChain",
    "check_signatures",
    "needs_ceremony",
    "required_signers",
    "sign_contract",
    "signed_for",
]


@attrs.frozen(kw_only=True, repr=False)
class Signer(TableDisplay):
    """One signer of a chain: the role, its level, its own limit and why it signs."""

    role: str
    level: int
    limit: Money
    reason: str

    _display_title = "Signer"

    def __repr__(self) -> str:
        return f"<Signer {self.role} (limit {self.limit}): {self.reason}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, level, limit, reason."""
        return [
            {
                "role": self.role,
                "level": self.level,
                "limit": str(self.limit),
                "reason": self.reason,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class SigningChain(TableDisplay):
    """The signers a contract needs, from the most junior, and why (step 2.6.4).

    Attributes
    ----------
    value : Money
        The contract value.
    business_type : str, optional
        The contract's business type.
    signers : tuple of Signer
        In order of level, then role.
    covering : str
        The signer whose own limit covers the value.
    """

    value: Money
    business_type: str | None
    signers: tuple[Signer, ...]
    covering: str

    _display_title = "Signing chain"

    @property
    def roles(self) -> tuple[str, ...]:
        """The signing roles, from the most junior."""
        return tuple(s.role for s in self.signers)

    def __repr__(self) -> str:
        return (
            f"<SigningChain {self.value}: {first_items(list(self.roles))} ({self.covering} covers)>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per signer: role, level, own limit, reason."""
        return [row for s in self.signers for row in s.to_records()]

    def explain(self) -> Explanation:
        """Why each signer is on the chain (effect: the signer's level).

        Examples
        --------
        >>> m = AuthorityMatrix(currency="EUR", rules=[
        ...     AuthorityRule(role="account_manager", level=0, sign_limit=Money(50000, "EUR")),
        ...     AuthorityRule(role="bu_gm", level=1, sign_limit=Money(500000, "EUR"))],
        ...     four_eyes_above=Money(250000, "EUR"))
        >>> print(required_signers(m, Money(480000, "EUR")).explain())
        contract of 480000 EUR: account_manager + bu_gm sign
          account_manager  +0  (value 50000 EUR)
          bu_gm            +1  (value 500000 EUR)
          account_manager: co-signer: at least 2 signers (four-eyes above 250000 EUR)
          bu_gm: own limit 500000 EUR covers the value
          one signer's own limit covers the value; limits are never added together
        """
        factors = [
            Factor(criterion=s.role, effect=float(s.level), value=str(s.limit))
            for s in self.signers
        ]
        notes = [f"{s.role}: {s.reason}" for s in self.signers]
        notes.append("one signer's own limit covers the value; limits are never added together")
        return Explanation(
            subject=f"contract of {self.value}",
            summary=f"{' + '.join(self.roles)} sign",
            factors=factors,
            effect_kind="seniority level",
            notes=notes,
        )


def _signing_rules(
    matrix: AuthorityMatrix, currency: str, business_type: str | None
) -> dict[str, AuthorityRule]:
    found: dict[str, AuthorityRule] = {}
    for role in matrix.roles:
        try:
            rule = matrix.rule(role, currency, business_type)
        except AuthorityError:
            continue
        if rule.sign_limit is not None:
            found[role] = rule
    return found


def _limit(rule: AuthorityRule) -> Money:
    """The signing limit of a rule that has one (only signing rules are passed here)."""
    if rule.sign_limit is None:  # pragma: no cover - callers pass signing rules only
        raise AuthorityError(f"{rule.role} does not sign", field="sign_limit", value=rule.role)
    return rule.sign_limit


def _covers(rule: AuthorityRule, value: Money, rates: RateTable | None) -> bool:
    limit = _limit(rule)
    own = in_currency(value, limit.currency, rates)
    return own <= limit if rule.inclusive else own < limit


def _needed(matrix: AuthorityMatrix, value: Money, rates: RateTable | None) -> tuple[int, str]:
    above = matrix.four_eyes_above
    if above is not None and in_currency(value, matrix.currency, rates) > above:
        return max(2, matrix.min_signers), f"four-eyes above {above}"
    return matrix.min_signers, "the matrix's minimum"


def _highest(
    rules: dict[str, AuthorityRule], matrix: AuthorityMatrix, rates: RateTable | None
) -> AuthorityRule:
    def key(rule: AuthorityRule) -> tuple[Any, ...]:
        limit = _limit(rule)
        try:
            amount = in_currency(limit, matrix.currency, rates).amount
        except InvalidInputError:
            amount = limit.amount
        return (amount, rule.level, rule.role)

    return max(rules.values(), key=key)


def required_signers(
    matrix: AuthorityMatrix,
    value: Money,
    *,
    business_type: str | None = None,
    rates: RateTable | None = None,
) -> SigningChain:
    """The minimal chain of signers for a contract of ``value`` (step 2.6.4).

    Parameters
    ----------
    matrix : AuthorityMatrix
        Signing limits per role, the minimum count, the four-eyes threshold
        and the mandatory roles.
    value : Money
        The contract value; limits in another currency are compared with the
        value converted by ``rates``.
    business_type : str, optional
        Selects business-type rules and mandatory signers.
    rates : RateTable, optional
        For a contract in a currency a signer has no rule in.

    Returns
    -------
    SigningChain
        Fewest signers, then the lowest seniority: the mandatory roles, the
        lowest-level role whose own limit covers the value (unless a mandatory
        one does), then the most junior co-signers the minimum count needs.

    Raises
    ------
    AuthorityError
        The value is above every signing limit (the message names the value
        and the highest limit), a mandatory role may not sign, or too few
        roles may sign.
    InvalidInputError
        A negative value.
    MissingDataError
        A conversion the rate table has no rate for.

    Examples
    --------
    The account manager signs up to 50k, the BU GM up to 500k, the BG GM up to
    2M. A 2.2M contract is above every limit: it escalates, it does not add the
    BU GM's and the BG GM's limits together.

    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, sign_limit=Money(50000, "EUR")),
    ...     AuthorityRule(role="bu_gm", level=1, sign_limit=Money(500000, "EUR")),
    ...     AuthorityRule(role="bg_gm", level=2, sign_limit=Money(2000000, "EUR"))])
    >>> required_signers(m, Money(480000, "EUR")).roles
    ('bu_gm',)
    >>> required_signers(m, Money(2200000, "EUR"))
    Traceback (most recent call last):
    ...
    clientel.errors.AuthorityError: value: no role may sign 2200000 EUR: the highest signing limit is 2000000 EUR (bg_gm) (got '2200000 EUR')
    """  # noqa: E501
    if value.amount < 0:
        raise InvalidInputError("expected a value >= 0", field="value", value=str(value))
    rules = _signing_rules(matrix, value.currency, business_type)
    if not rules:
        msg = f"no role may sign contracts in {value.currency} or {matrix.currency}"
        raise AuthorityError(msg, field="value", value=str(value))
    roles = list(rules)
    required = matrix.signers_required(business_type)
    absent = [r for r in required if r not in rules]
    if absent:
        msg = f"mandatory signers {absent} have no signing limit for {value.currency} contracts"
        raise AuthorityError(msg, field="AuthorityMatrix.mandatory", value=absent)
    covers = np.array([_covers(rules[r], value, rates) for r in roles], dtype=bool)
    if not covers.any():
        top = _highest(rules, matrix, rates)
        msg = (
            f"no role may sign {value}: the highest signing limit is {top.sign_limit} ({top.role})"
        )
        raise AuthorityError(msg, field="value", value=str(value))
    count, why = _needed(matrix, value, rates)
    levels = np.array([rules[r].level for r in roles], dtype=np.int64)
    must = np.array([r in required for r in roles], dtype=bool)
    chosen = signing_chain(levels, covers, mandatory=must, min_count=count)
    if chosen is None:
        msg = f"a chain needs {count} signers ({why}); only {len(roles)} roles may sign"
        raise AuthorityError(msg, field="AuthorityMatrix.min_signers", value=count)
    picked = list(np.flatnonzero(chosen))
    coverer = min((i for i in picked if covers[i]), key=lambda i: (not must[i], levels[i], i))
    signers = []
    for i in sorted(picked, key=lambda i: (levels[i], roles[i])):
        rule = rules[roles[i]]
        reasons = []
        if must[i]:
            extra = business_type and roles[i] not in matrix.mandatory
            reasons.append(
                f"mandatory for {business_type} contracts"
                if extra
                else "mandatory on every contract"
            )
        if i == coverer:
            reasons.append(f"own limit {_limit(rule)} covers the value")
        if not reasons:
            reasons.append(f"co-signer: at least {count} signers ({why})")
        signers.append(
            Signer(role=roles[i], level=rule.level, limit=_limit(rule), reason="; ".join(reasons))
        )
    return SigningChain(
        value=value, business_type=business_type, signers=tuple(signers), covering=roles[coverer]
    )


def check_signatures(
    contract: Contract,
    signatures: Iterable[Signature],
    matrix: AuthorityMatrix,
    *,
    rates: RateTable | None = None,
) -> tuple[Signature, ...]:
    """Check that ``signatures`` may sign ``contract`` under ``matrix``; return them (2.6.4).

    Parameters
    ----------
    contract : Contract
        The contract to sign; its value and business type decide who may.
    signatures : iterable of Signature
        The signatures offered.
    matrix : AuthorityMatrix
        The signing authority (step 2.6.4).
    rates : RateTable, optional
        Converts the value when the matrix's limits are in another currency.

    Returns
    -------
    tuple of Signature
        The signatures, checked.

    Raises
    ------
    AuthorityError
        A signer's role may not sign this business type and currency; no
        signer's own limit covers the value (limits are never added); a
        mandatory role did not sign; too few signed; a signer acts in a role
        they do not hold or for a delegation outside its validity.
    InvalidInputError
        No signatures, two in the same role, or a legacy signature.

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
    >>> [s.role.value for s in check_signatures(k, [gm], matrix)]
    ['bu_gm']
    >>> check_signatures(k, [Signature(signer_id="p-am", role=Role.ACCOUNT_MANAGER, on=day)],
    ...                  matrix)
    Traceback (most recent call last):
    ...
    clientel.errors.AuthorityError: signatures: no signer's own limit covers 100000 EUR ...
    """
    return signed_for(contract.value, contract.business_type, signatures, matrix, rates=rates)


def signed_for(
    value: Money,
    kind: str | None,
    signatures: Iterable[Signature],
    matrix: AuthorityMatrix,
    *,
    rates: RateTable | None = None,
) -> tuple[Signature, ...]:
    """Check that ``signatures`` may sign a contract of ``value`` and business type ``kind``.

    What :func:`check_signatures` checks for a contract, for any value: an
    amendment is signed like a contract of the larger of its old and new value.
    """
    sigs = tuple(signatures)
    if not sigs:
        raise InvalidInputError("at least one signature is needed", field="signatures")
    roles = [s.role.value for s in sigs]
    if len(set(roles)) != len(roles):
        raise InvalidInputError("one signature per role", field="signatures")
    chain = required_signers(matrix, value, business_type=kind, rates=rates)
    rules = _signing_rules(matrix, value.currency, kind)
    for i, sig in enumerate(sigs):
        if sig.legacy:
            raise InvalidInputError(
                "legacy signatures come only from schema-1 documents", field=f"signatures[{i}]"
            )
        if roles[i] not in rules:
            msg = f"{roles[i]} may not sign {kind} contracts in {value.currency}"
            raise AuthorityError(msg, field=f"signatures[{i}]", value=sig.signer_id)
        matrix.acting(sig.signer_id, roles[i], sig.on, sig.on_behalf_of, f"signatures[{i}]")
    if not any(_covers(rules[r], value, rates) for r in roles):
        own = ", ".join(f"{r} {rules[r].sign_limit}" for r in roles)
        msg = (
            f"no signer's own limit covers {value} ({own}); limits are never added "
            f"together: the minimal chain is {list(chain.roles)}"
        )
        raise AuthorityError(msg, field="signatures")
    absent = [r for r in matrix.signers_required(kind) if r not in roles]
    count, why = _needed(matrix, value, rates)
    if absent or len(sigs) < count:
        msg = f"needs at least {count} signature(s) ({why}) including {list(matrix.signers_required(kind))}"  # noqa: E501
        raise AuthorityError(msg, field="signatures", value=absent)
    return sigs


def needs_ceremony(value: Money, threshold: Money | None) -> bool:
    """Whether a contract of ``value`` is major enough for a signing ceremony (2.6.4).

    ``threshold`` is inclusive; ``None`` means never.

    Parameters
    ----------
    value : Money
        The contract value.
    threshold : Money, optional
        The value from which a ceremony is held.

    Returns
    -------
    bool
        True when ``value`` reaches ``threshold``.

    Raises
    ------
    InvalidInputError
        ``threshold`` in another currency than ``value``.

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
    matrix: AuthorityMatrix,
    *,
    ceremony_over: Money | None = None,
    rates: RateTable | None = None,
) -> Contract:
    """Sign a confirmed contract within the signers' own authority (step 2.6.4).

    Checks the signatures with :func:`check_signatures`, records them, and flags
    the contract for a signing ceremony when its value reaches ``ceremony_over``.

    Parameters
    ----------
    contract : Contract
        A contract confirmed by the GM and legal (step 2.6.3).
    signatures : iterable of Signature
        The signatures.
    matrix : AuthorityMatrix
        The signing authority.
    ceremony_over : Money, optional
        Contracts of this value or more are flagged for a signing ceremony.
    rates : RateTable, optional
        Converts the value when the matrix's limits are in another currency.

    Returns
    -------
    Contract
        The contract in state ``signed``.

    Raises
    ------
    AuthorityError
        See :func:`check_signatures`.
    LifecycleError
        The contract is not confirmed by the GM and legal yet.

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
    >>> signed = sign_contract(k, [gm], matrix, ceremony_over=Money("1000000", "EUR"))
    >>> signed.state.value, signed.ceremony
    ('signed', False)
    """
    sigs = check_signatures(contract, signatures, matrix, rates=rates)
    flag = contract.ceremony or needs_ceremony(contract.value, ceremony_over)
    return attrs.evolve(contract.sign(sigs), ceremony=flag)
