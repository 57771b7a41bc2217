"""Routing a quote to its approvers under the matrix's policy (step 2.5.5).

For each dimension the requester may not approve, the *needed level* is the
lowest level with a role whose own authority covers the quote there. Dimensions
are given approvers from the highest needed level down: an approver already on
the route whose authority covers a dimension takes it too, otherwise the role on
the needed level with the narrowest sufficient authority does (ties by id), so
a quote has as few approvers as its dimensions allow. The policy then decides
who else is asked: ``serial`` adds, for every level between the requester and
an approver, one role there holding authority on the dimension, which endorses
it on the way up, in order; ``skip_level`` asks the approvers only, in order of
level; ``parallel`` asks the same approvers all at once. Roles on one level
approve in parallel. A dimension nobody may approve, and a price below the band
floor, make the quote *uncovered*: it can never be approved as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, first_items
from clientel.errors import AuthorityError
from clientel.models import Quote
from clientel.workflow._authority._limits import (
    breaches,
    engaged,
    holds,
    rank,
    value_text,
    within,
)
from clientel.workflow._authority._matrix import (
    AuthorityMatrix,
    AuthorityRule,
    Dimension,
    RoutingPolicy,
)
from clientel.workflow._authority._rates import RateTable

__all__ = ["ApprovalCondition", "ApprovalRoute", "ApprovalStep", "applicable", "required_approvals"]

Kind = Literal["approves", "endorses", "refused"]


@attrs.frozen(kw_only=True, repr=False)
class ApprovalCondition(TableDisplay):
    """Why a role is on the route: the dimension, the quote's value there and the role's limit.

    ``kind`` is ``"approves"`` (the role's own authority covers the quote),
    ``"endorses"`` (a serial chain passes through it on the way up) or
    ``"refused"`` (an uncovered dimension: ``role`` holds the highest limit,
    or is None for the band floor).
    """

    dimension: Dimension
    role: str | None
    value: str
    limit: str
    kind: Kind = "approves"

    _display_title = "Approval condition"

    def __repr__(self) -> str:
        return (
            f"<ApprovalCondition {self.role or '-'} {self.kind} {self.value} (limit {self.limit})>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, dimension, the quote's value, the role's limit, kind."""
        return [
            {
                "role": self.role,
                "dimension": self.dimension.value,
                "value": self.value,
                "limit": self.limit,
                "kind": self.kind,
            }
        ]


@attrs.frozen(kw_only=True, repr=False)
class ApprovalStep(TableDisplay):
    """Roles that approve in parallel at one level; steps follow each other."""

    level: int
    roles: tuple[str, ...]
    conditions: tuple[ApprovalCondition, ...]

    _display_title = "Approval step"

    def __repr__(self) -> str:
        return f"<ApprovalStep level {self.level}: {first_items(self.roles)}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per condition: level, role, dimension, value, limit, kind."""
        return [{"level": self.level, **row} for c in self.conditions for row in c.to_records()]

    def dimensions(self, role: str) -> tuple[Dimension, ...]:
        """The dimensions ``role`` decides on in this step."""
        return tuple(c.dimension for c in self.conditions if c.role == role)


@attrs.frozen(kw_only=True, repr=False)
class ApprovalRoute(TableDisplay):
    """Who must approve a quote, in which order, and why (step 2.5.5).

    Attributes
    ----------
    requester : str
        The role asking (the negotiator's role for a round).
    requested_by : str, optional
        The person asking; they never approve their own quote.
    submitted_on : datetime.date, optional
        When it was asked: escalation deadlines run from here.
    quote : Quote
        What is routed.
    steps : tuple of ApprovalStep
        In order; roles within a step in parallel. Empty: within the
        requester's own authority.
    uncovered : tuple of ApprovalCondition
        Dimensions nobody may approve, and a price below the band floor.

    Notes
    -----
    Its JSON documents keep the type tag ``"Approvals"`` (the name of the route
    before the authority engine).
    """

    _document_type = "Approvals"

    requester: str
    requested_by: str | None
    submitted_on: dt.date | None
    policy: RoutingPolicy
    quote: Quote
    steps: tuple[ApprovalStep, ...]
    uncovered: tuple[ApprovalCondition, ...] = ()

    _display_title = "Approval route"

    @property
    def roles(self) -> tuple[str, ...]:
        """Every approver, in routing order."""
        return tuple(r for s in self.steps for r in s.roles)

    @property
    def approvable(self) -> bool:
        """False when some dimension can never be approved (see ``uncovered``)."""
        return not self.uncovered

    def step_of(self, role: str) -> int | None:
        """The index of the step ``role`` is in (None: not on the route)."""
        return next((i for i, s in enumerate(self.steps) if role in s.roles), None)

    def __repr__(self) -> str:
        if self.steps:
            n = len(self.steps)
            route = f"{n} step{'s' if n > 1 else ''}, approvers {first_items(self.roles)}"
        else:
            route = "no approval needed"
        gap = ", ".join(c.dimension.value for c in self.uncovered)
        refused = f"; refused: {gap}" if gap else ""
        return f"<ApprovalRoute {self.requester} {self.policy.value}: {route}{refused}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per condition in routing order, then one per uncovered dimension."""
        rows = [{"step": i + 1, **row} for i, s in enumerate(self.steps) for row in s.to_records()]
        rows += [
            {"step": None, "level": None, **row} for c in self.uncovered for row in c.to_records()
        ]
        return rows

    def explain(self) -> Explanation:
        """Why each approver is on the route: one factor per condition, effect = its level.

        Examples
        --------
        >>> from clientel.models import Money
        >>> m = AuthorityMatrix(currency="EUR", rules=[
        ...     AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["value"]),
        ...     AuthorityRule(role="gm", level=1, max_discount=0.3, unlimited=["value"])])
        >>> q = Quote.single(list_price=Money(100, "EUR"), price=Money(85, "EUR"))
        >>> print(required_approvals(m, q, requester="am").explain())
        quote at 85 EUR for am: gm
          gm: discount  +1  (value 15.0% off list; limit 30.0%)
          serial policy
        """
        factors = [
            Factor(
                criterion=f"{c.role}: {c.dimension.value}"
                + ("" if c.kind == "approves" else f" ({c.kind})"),
                effect=float(s.level),
                value=f"{c.value}; limit {c.limit}",
            )
            for s in self.steps
            for c in s.conditions
        ]
        names = " then ".join(", ".join(s.roles) for s in self.steps)
        summary = names or "within the requester's own authority"
        notes = [f"{self.policy.value} policy"]
        notes += [
            f"nobody may approve the {c.dimension.value}: {c.value}, highest limit "
            f"{c.limit} ({c.role or 'the band floor'})"
            for c in self.uncovered
        ]
        return Explanation(
            subject=f"quote at {self.quote.price} for {self.requester}",
            summary=summary,
            factors=factors,
            effect_kind="approval level",
            notes=notes,
        )


def applicable(matrix: AuthorityMatrix, quote: Quote) -> dict[str, AuthorityRule]:
    """The rule holding for each role of ``matrix`` on ``quote`` (roles with none left out)."""
    found: dict[str, AuthorityRule] = {}
    for role in matrix.roles:
        try:
            found[role] = matrix.rule(role, quote.currency, quote.business_type)
        except AuthorityError:
            continue
    return found


def _refused(rules: dict[str, AuthorityRule], quote: Quote, dim: Dimension) -> ApprovalCondition:
    best = max(rules.values(), key=lambda r: (rank(r, dim), -r.level, r.role))
    role = best.role if holds(best, dim) else None
    limit = best.limit_text(dim) if role else "none"
    return ApprovalCondition(
        dimension=dim, role=role, value=value_text(quote, dim), limit=limit, kind="refused"
    )


def required_approvals(
    matrix: AuthorityMatrix,
    quote: Quote,
    *,
    requester: str,
    requested_by: str | None = None,
    on: dt.date | None = None,
    rates: RateTable | None = None,
) -> ApprovalRoute:
    """Route a quote to the approvers it needs beyond the requester's authority (step 2.5.5).

    Parameters
    ----------
    matrix : AuthorityMatrix
        Rules per role and the routing policy.
    quote : Quote
        List price, price, cost, floor, payment terms and clauses.
    requester : str
        The role asking for approval.
    requested_by : str, optional
        The person asking (they may not approve it themselves).
    on : datetime.date, optional
        When it is asked (escalation deadlines run from here).
    rates : RateTable, optional
        Converts a quote in a currency a role has no rule in into the matrix's.

    Returns
    -------
    ApprovalRoute
        Steps in order, the roles in a step in parallel; no steps when the
        requester may approve alone; ``uncovered`` lists what nobody may approve.

    Raises
    ------
    UnknownReferenceError
        ``requester`` has no rule in the matrix.
    AuthorityError
        No rule of the requester holds in the quote's currency.
    MissingDataError
        A currency conversion without a rate for it.

    Examples
    --------
    A 10 % + 5 % concession is 14.5 % off list, beyond the account manager's 10 %;
    under a serial policy the segment manager (20 %) is asked, and the margin of
    18 % below the account manager's 25 % goes up to finance as well:

    >>> from clientel.models import Money
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, max_discount=0.10,
    ...                   min_margin=0.25, unlimited=["value"]),
    ...     AuthorityRule(role="segment_manager", level=1, max_discount=0.20, min_margin=0.20),
    ...     AuthorityRule(role="finance", level=1, min_margin=0.15),
    ...     AuthorityRule(role="bu_gm", level=2, max_discount=0.35, min_margin=0.10)])
    >>> q = Quote.single(list_price=Money(100000, "EUR"), price=Money(85500, "EUR"),
    ...           cost=Money(70110, "EUR"))
    >>> route = required_approvals(m, q, requester="account_manager")
    >>> [(s.level, s.roles) for s in route.steps]
    [(1, ('finance', 'segment_manager'))]
    """
    rules = applicable(matrix, quote)
    own = matrix.rule(requester, quote.currency, quote.business_type)
    others = [r for role, r in rules.items() if role != requester]
    chosen: dict[str, list[tuple[Dimension, Kind]]] = {}
    uncovered: list[ApprovalCondition] = []
    able: dict[Dimension, list[AuthorityRule]] = {}
    for dim in breaches(own, quote, rates):
        able[dim] = [r for r in others if within(r, quote, dim, rates)]
        if not able[dim]:
            uncovered.append(_refused(rules, quote, dim))
    need = {d: min(r.level for r in rs) for d, rs in able.items() if rs}
    for dim in sorted(need, key=lambda d: (-need[d], _ORDER[d])):
        on_route = [r for r in able[dim] if r.role in chosen]
        pick = (
            min(on_route, key=lambda r: (r.level, rank(r, dim), r.role))
            if on_route
            else min(
                (r for r in able[dim] if r.level == need[dim]), key=lambda r: (rank(r, dim), r.role)
            )
        )
        chosen.setdefault(pick.role, []).append((dim, "approves"))
    if matrix.policy is RoutingPolicy.SERIAL:
        _endorsers(chosen, rules, others, own.level)
    by_level: dict[int, list[ApprovalCondition]] = {}
    for role, items in chosen.items():
        rule = rules[role]
        for dim, kind in items:
            by_level.setdefault(rule.level, []).append(
                ApprovalCondition(
                    dimension=dim,
                    role=role,
                    value=value_text(quote, dim),
                    limit=rule.limit_text(dim),
                    kind=kind,
                )
            )
    if engaged(quote, Dimension.FLOOR):
        uncovered.append(
            ApprovalCondition(
                dimension=Dimension.FLOOR,
                role=None,
                value=value_text(quote, Dimension.FLOOR),
                limit=str(quote.floor),
                kind="refused",
            )
        )
    if matrix.policy is RoutingPolicy.PARALLEL and by_level:
        by_level = {max(by_level): [c for lv in sorted(by_level) for c in by_level[lv]]}
    steps = tuple(_step(level, by_level[level]) for level in sorted(by_level))
    return ApprovalRoute(
        requester=requester,
        requested_by=requested_by,
        submitted_on=on,
        policy=matrix.policy,
        quote=quote,
        steps=steps,
        uncovered=tuple(uncovered),
    )


_ORDER: Mapping[Dimension, int] = MappingProxyType({d: i for i, d in enumerate(Dimension)})


def _endorsers(
    chosen: dict[str, list[tuple[Dimension, Kind]]],
    rules: dict[str, AuthorityRule],
    others: list[AuthorityRule],
    start: int,
) -> None:
    """Serial chains: one role per level between the requester and each approver endorses."""
    for role, items in list(chosen.items()):
        top = rules[role].level
        for dim, kind in list(items):
            if kind != "approves":
                continue
            for level in range(start + 1, top):
                holders = [r for r in others if r.level == level and holds(r, dim)]
                if not holders or any(
                    dim in (d for d, _ in chosen.get(r.role, ())) for r in holders
                ):
                    continue
                pick = min(holders, key=lambda r: (r.role not in chosen, -rank(r, dim), r.role))
                chosen.setdefault(pick.role, []).append((dim, "endorses"))


def _step(level: int, conditions: list[ApprovalCondition]) -> ApprovalStep:
    order = sorted(conditions, key=lambda c: (c.role or "", _ORDER[c.dimension]))
    roles = tuple(dict.fromkeys(c.role for c in order if c.role is not None))
    return ApprovalStep(level=level, roles=roles, conditions=tuple(order))
