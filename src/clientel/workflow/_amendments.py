"""Amendments through the authority engine: who signs a change to a signed contract (2.7.1).

An amendment is signed like a contract of the larger of its old and new value
(:attr:`Amendment.signing_value <clientel.models.Amendment.signing_value>`): a
value increase re-routes signing at the new value, escalating to whoever's own
limit covers it; a decrease, or a change of dates, parts or obligations, is
signed by the chain the contract already needed and asks nobody more senior.
Since the minimal chain only grows with the value, an increase never routes to
fewer or more junior signers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, first_items
from clientel.errors import LifecycleError
from clientel.models import LIVE_STATES, Amendment, Contract, ContractTerms, Signature
from clientel.workflow._authority._matrix import AuthorityMatrix
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._signing import SigningChain, required_signers, signed_for

__all__ = ["AmendmentAuthority", "AmendmentRoute", "amend_contract", "amendment_route"]


@attrs.frozen(kw_only=True)
class AmendmentAuthority:
    """Checks an amendment's signatures against the matrix (an ``AmendmentCheck``, 2.7.1).

    The signatures must sign a contract of the amendment's signing value (the
    larger of the old and new value) of the contract's business type, by the
    rules of :func:`check_signatures <clientel.workflow.check_signatures>`.
    """

    matrix: AuthorityMatrix
    rates: RateTable | None = None

    def __call__(self, contract: Contract, amendment: Amendment) -> None:
        """Raise :class:`~clientel.errors.AuthorityError` when the signatures fall short."""
        signed_for(
            amendment.signing_value,
            contract.business_type,
            amendment.signatures,
            self.matrix,
            rates=self.rates,
        )


@attrs.frozen(kw_only=True, repr=False)
class AmendmentRoute(TableDisplay):
    """Who signs an amendment, and whether the change re-routed signing (2.7.1).

    Attributes
    ----------
    contract_id : str
    number : int
        The amendment's number (the contract's version plus one).
    before : SigningChain
        The chain the contract's current value needs.
    chain : SigningChain
        The chain the amendment needs (at its signing value).
    changes : tuple of (str, str, str)
        What changes: field, before, after.
    """

    contract_id: str
    number: int
    before: SigningChain
    chain: SigningChain
    changes: tuple[tuple[str, str, str], ...]

    _display_title = "Amendment route"

    @property
    def rerouted(self) -> bool:
        """Whether the value went up beyond what the contract's own chain covers."""
        return self.chain.value > self.before.value and self.chain.roles != self.before.roles

    @property
    def added(self) -> tuple[str, ...]:
        """Roles on the amendment's chain that the contract's own chain did not have."""
        return tuple(r for r in self.chain.roles if r not in self.before.roles)

    def __repr__(self) -> str:
        how = "re-routed" if self.rerouted else "as signed"
        return (
            f"<AmendmentRoute {self.contract_id} #{self.number} {how}: "
            f"{first_items(list(self.chain.roles))} sign {self.chain.value}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per signer of the amendment's chain, with whether the change added it."""
        return [row | {"added": row["role"] in self.added} for row in self.chain.to_records()]

    def explain(self) -> Explanation:
        """Why these signers: the value change and each signer's reason (effect: level).

        Examples
        --------
        See :func:`amendment_route`.
        """
        value = [c for c in self.changes if c[0] == "value"]
        if value and self.rerouted:
            head = (
                f"value {value[0][1]} -> {value[0][2]}: re-routed to {' + '.join(self.chain.roles)}"
            )
        elif value:
            head = f"value {value[0][1]} -> {value[0][2]}: signed as the contract was, by {' + '.join(self.chain.roles)}"  # noqa: E501
        else:
            head = f"no value change: signed as the contract was, by {' + '.join(self.chain.roles)}"
        notes = [f"changes {name}: {before} -> {after}" for name, before, after in self.changes]
        notes += [f"{s.role}: {s.reason}" for s in self.chain.signers]
        notes += [f"{r}: added because the value went up" for r in self.added]
        notes.append(
            "an amendment is signed like a contract of the larger of its old and new value"
        )
        factors = [
            Factor(criterion=s.role, effect=float(s.level), value=str(s.limit))
            for s in self.chain.signers
        ]
        return Explanation(
            subject=f"amendment {self.number} of {self.contract_id}",
            summary=head,
            factors=factors,
            effect_kind="seniority level",
            notes=notes,
        )


def amendment_route(
    matrix: AuthorityMatrix,
    contract: Contract,
    terms: ContractTerms,
    *,
    rates: RateTable | None = None,
) -> AmendmentRoute:
    """The signers an amendment of ``contract`` to ``terms`` needs (step 2.7.1).

    Parameters
    ----------
    matrix : AuthorityMatrix
    contract : Contract
        The signed contract as it stands.
    terms : ContractTerms
        The terms after the amendment (build them with
        ``attrs.evolve(contract.terms, ...)``).
    rates : RateTable, optional

    Returns
    -------
    AmendmentRoute
        The chain at the larger of the old and new value, and the chain the
        contract's current value needs, to compare.

    Raises
    ------
    AuthorityError
        Nobody may sign the new value.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import Money, Role, ContractState
    >>> from clientel.workflow import AuthorityRule
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, sign_limit=Money(50000, "EUR")),
    ...     AuthorityRule(role="bu_gm", level=1, sign_limit=Money(500000, "EUR")),
    ...     AuthorityRule(role="bg_gm", level=2, sign_limit=Money(2000000, "EUR"))])
    >>> k = Contract(id="k-17", client_id="c-bank", proposal_id="pr-17", template_id="tpl-si",
    ...     business_type="system_integration", value=Money(440000, "EUR"),
    ...     start_on=dt.date(2027, 4, 1), end_on=dt.date(2027, 12, 31), state=ContractState.SIGNED,
    ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=dt.date(2027, 3, 10))])
    >>> route = amendment_route(m, k, attrs.evolve(k.terms, value=Money(520000, "EUR")))
    >>> route.before.roles, route.chain.roles, route.rerouted
    (('bu_gm',), ('bg_gm',), True)
    >>> print(route.explain().summary)
    value 440000 EUR -> 520000 EUR: re-routed to bg_gm
    """
    current = contract.terms
    value = max(current.value, terms.value)
    kind = contract.business_type
    return AmendmentRoute(
        contract_id=contract.id,
        number=contract.version + 1,
        before=required_signers(matrix, current.value, business_type=kind, rates=rates),
        chain=required_signers(matrix, value, business_type=kind, rates=rates),
        changes=current.changes(terms),
    )


def amend_contract(
    contract: Contract,
    terms: ContractTerms,
    *,
    by: str,
    on: dt.date,
    signatures: Iterable[Signature],
    matrix: AuthorityMatrix,
    reason: str = "",
    rates: RateTable | None = None,
) -> Contract:
    """Amend a signed contract to ``terms``, signed within authority (step 2.7.1).

    Builds the next :class:`~clientel.models.Amendment` (number ``version + 1``,
    from the current terms) and applies it with an :class:`AmendmentAuthority`;
    the contract returned is at the next version, the one given is unchanged.

    Parameters
    ----------
    contract : Contract
        A signed contract (at any version).
    terms : ContractTerms
        The terms after the change (``attrs.evolve(contract.terms, ...)``).
    by : str
        Who asked for the change.
    on : datetime.date
        The amendment's date.
    signatures : iterable of Signature
        The signatures on the amendment.
    matrix : AuthorityMatrix
        The signing authority.
    reason : str
        Why the contract changes.
    rates : RateTable, optional
        Converts the value when the matrix's limits are in another currency.

    Returns
    -------
    Contract
        The contract at its next version, with the amendment recorded.

    Raises
    ------
    LifecycleError
        The contract is not signed.
    AuthorityError
        The signatures do not cover the amendment's signing value
        (:func:`amendment_route` says who must sign).
    InvalidInputError
        Terms that change nothing, in another currency, instalments that do
        not sum to the new value, a date before signing or the previous
        amendment, or a signature dated after ``on``.

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
    >>> import attrs
    >>> from clientel.workflow import sign_contract
    >>> k = sign_contract(k, [gm], matrix)
    >>> later = dt.date(2027, 6, 1)
    >>> bigger = attrs.evolve(k.terms, value=Money("120000.00", "EUR"),
    ...     billing=[attrs.evolve(k.billing[0], amount=Money("120000.00", "EUR"))])
    >>> k = amend_contract(k, bigger, by="p-am", on=later, reason="two more interfaces",
    ...     signatures=[Signature(signer_id="p-gm", role=Role.BU_GM, on=later)], matrix=matrix)
    >>> k.version, str(k.value)
    (1, '120000.00 EUR')
    """
    if contract.state not in LIVE_STATES:
        raise LifecycleError(
            f"contract {contract.id} is not signed: only a signed contract is amended",
            state=contract.state.value,
            transition="amend",
            field="state",
        )
    amendment = Amendment(
        number=contract.version + 1,
        on=on,
        by=by,
        reason=reason,
        previous=contract.terms,
        terms=terms,
        signatures=tuple(signatures),
    )
    return contract.amend(amendment, authority=AmendmentAuthority(matrix=matrix, rates=rates))
