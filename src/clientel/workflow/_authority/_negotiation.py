"""The authority check of a proposal's approval (2.5.5) and negotiation rounds (2.5.6).

:class:`ProposalAuthority` is the :class:`~clientel.models.AuthorityCheck` that
:meth:`Proposal.approve <clientel.models.Proposal.approve>`,
:meth:`Proposal.negotiate <clientel.models.Proposal.negotiate>` and
:meth:`Proposal.replay <clientel.models.Proposal.replay>` call. Each round is
judged as a quote at the round's price, measured off list (so successive
concessions add up), against the negotiator's own authority, the band floor and
the approvals: those given with the round and the earlier ones, as long as the
quote is no worse than what they approved.
"""

from __future__ import annotations

import attrs

from clientel.errors import AuthorityError, UnknownReferenceError
from clientel.models import Proposal, ProposalEvent
from clientel.workflow._authority._matrix import AuthorityMatrix
from clientel.workflow._authority._rates import RateTable
from clientel.workflow._authority._routing import ApprovalCondition, required_approvals
from clientel.workflow._authority._state import ApprovalState, approval_state, record_decision

__all__ = ["ProposalAuthority"]


def _refusal(role: str, cond: ApprovalCondition, what: str) -> AuthorityError:
    if cond.role is None:
        msg = f"{what} by {role}: {cond.value}; nobody may approve a price below the floor"
    else:
        msg = (
            f"{what} by {role}: nobody may approve {cond.value}; the highest limit is "
            f"{cond.limit} ({cond.role})"
        )
    return AuthorityError(msg, field=cond.dimension.value, value=cond.value)


def _missing(state: ApprovalState, role: str, what: str) -> AuthorityError:
    own = state.route.quote
    rejected = [a for a in state.approvers if a.status == "rejected"]
    if rejected:
        a = rejected[0]
        msg = f"{what} was rejected by {a.role} ({a.decided_by}): {a.comment or 'no comment'}"
        return AuthorityError(msg, field="approvals", value=a.role)
    open_ = [a for a in state.approvers if a.status != "approved"]
    first = open_[0]
    step = state.route.steps[first.step - 1]
    cond = next(c for c in step.conditions if c.role == first.role)
    dims = ", ".join(d.value for d in first.dimensions)
    msg = (
        f"{what} at {own.price} is {cond.value}, beyond what {role} may agree alone: "
        f"needs {', '.join(a.role for a in open_)} ({first.role}: {dims}, limit {cond.limit})"
    )
    return AuthorityError(msg, field="approvals", value=first.role)


@attrs.frozen(kw_only=True)
class ProposalAuthority:
    """Check a proposal's approvals and negotiation rounds against a matrix (2.5.5-2.5.6).

    Parameters
    ----------
    matrix : AuthorityMatrix
        The delegation-of-authority matrix.
    rates : RateTable, optional
        For proposals in a currency the roles have no rules in.

    Notes
    -----
    For ``approve``, the requester is the proposal's ``lead_role`` (the lead
    may not approve); for ``negotiate``, the negotiator's role (they may not
    approve their own discount). The quote is :meth:`Proposal.quote` at the
    event's price; its route must be approvable (not below the floor, nothing
    beyond every limit) and every approver on it must have approved.

    Examples
    --------
    >>> import datetime as dt
    >>> from clientel.models import ApprovalRecord, Money
    >>> from clientel.workflow import AuthorityMatrix, AuthorityRule
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="am", level=0, max_discount=0.10, unlimited=["value"]),
    ...     AuthorityRule(role="gm", level=1, max_discount=0.20, unlimited=["value"])])
    >>> p = Proposal(id="pr-1", rfp_id="r", client_id="c", lead_id="p-am", lead_role="am",
    ...              deadline=dt.date(2027, 2, 1), price=Money(90000, "EUR"),
    ...              list_price=Money(100000, "EUR"))
    >>> day, auth = dt.date(2027, 1, 20), ProposalAuthority(matrix=m)
    >>> p = p.submit_for_review("p-am", day).approve("p-rev", day, authority=auth)
    >>> p = p.submit("p-am", day)
    >>> p.negotiate(Money(85500, "EUR"), "p-am", day, authority=auth)
    Traceback (most recent call last):
    ...
    clientel.errors.AuthorityError: approvals: round 1 at 85500 EUR is 14.5% off list, beyond what am may agree alone: needs gm (gm: discount, limit 20.0%) (got 'gm')
    >>> gm = ApprovalRecord(by="p-gm", role="gm", on=day, comment="strategic account")
    >>> p.negotiate(Money(85500, "EUR"), "p-am", day, authority=auth, approvals=[gm]).state.value
    'negotiating'
    """  # noqa: E501

    matrix: AuthorityMatrix
    rates: RateTable | None = None

    def __call__(self, proposal: Proposal, event: ProposalEvent) -> None:
        """Raise :class:`AuthorityError` when ``event`` is beyond authority for ``proposal``."""
        if event.action == "negotiate":
            role, asker = event.role, event.by
            quote = proposal.quote(event.price)
            what = f"round {len(proposal.rounds) + 1}"
        else:
            role, asker = proposal.lead_role, proposal.lead_id
            quote = proposal.quote()
            what = f"quote of {proposal.id}"
        if role is None:
            msg = f"the {event.action} names no role to judge its authority by"
            raise UnknownReferenceError(
                msg, field="role" if event.action == "negotiate" else "Proposal.lead_role"
            )
        self.matrix.acting(asker, role, event.on, None, "by")
        route = required_approvals(
            self.matrix, quote, requester=role, requested_by=asker, rates=self.rates
        )
        if route.uncovered:
            raise _refusal(role, route.uncovered[0], what)
        prior = tuple(r for r in proposal.approvals if not r.legacy)
        state = approval_state(self.matrix, route, prior, as_of=event.on, rates=self.rates)
        for record in event.approvals:
            state = record_decision(self.matrix, state, record, rates=self.rates)
        if not state.complete:
            raise _missing(state, role, what)
