"""Discount and negotiation authority: who must approve a quote (steps 2.5.5, 2.5.6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Literal

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import at_least, between, finite, identifier, optional
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError
from clientel.models import Money
from clientel.models._money_checks import money_at_least_zero
from clientel.pricing._bands import PriceBand

__all__ = [
    "ApprovalCondition",
    "ApprovalStep",
    "Approvals",
    "AuthorityRule",
    "DiscountAuthority",
    "Quote",
    "QuoteStatus",
    "quote_status",
    "reapprovals",
    "required_approvals",
]

Colour = Literal["green", "amber", "red"]
Dimension = Literal["discount", "deal_value", "margin", "non_standard_terms"]
_RANK: Mapping[str, int] = MappingProxyType({"green": 0, "amber": 1, "red": 2})


@attrs.frozen(kw_only=True)
class Quote:
    """What an approval is judged on: deal value, discount off list, margin, terms.

    Examples
    --------
    >>> q = Quote.from_prices(list_price=Money(100000, "EUR"), price=Money(88000, "EUR"),
    ...                       cost=Money(66000, "EUR"))
    >>> q.discount, q.margin
    (0.12, 0.25)
    """

    value: Money = attrs.field(validator=money_at_least_zero)
    discount: float = attrs.field(validator=between(0.0, 1.0))
    margin: float = attrs.field(validator=finite)
    non_standard_terms: bool = False

    @classmethod
    def from_prices(
        cls, *, list_price: Money, price: Money, cost: Money, non_standard_terms: bool = False
    ) -> Quote:
        """Discount ``1 - price / list`` and margin ``(price - cost) / price``."""
        if list_price.amount <= 0 or price.amount <= 0:
            raise InvalidInputError("expected list price and price above 0", field="price")
        return cls(value=price, discount=float(1 - price / list_price),
                   margin=float((price - cost) / price),
                   non_standard_terms=non_standard_terms)  # fmt: skip


@attrs.frozen(kw_only=True)
class AuthorityRule:
    """One role's authority (step 2.5.6); ``None`` means no limit on that dimension.

    Parameters
    ----------
    role : str
        The role id (``"account_manager"``, ``"sales_director"``, ...).
    level : int
        Approval level: lower levels approve first (sequential steps);
        approvers on the same level approve in parallel.
    max_discount : float, optional
        Largest discount off list (fraction) the role may grant.
    max_deal_value : Money, optional
        Largest deal value.
    min_margin : float, optional
        Smallest margin (fraction of price).
    non_standard_terms : bool
        Whether the role may accept non-standard terms.
    inclusive : bool
        True: a quote exactly at a limit is within authority (``<=`` / ``>=``);
        False: limits are exclusive (``<`` / ``>``).
    """

    role: str = attrs.field(validator=identifier)
    level: int = attrs.field(validator=at_least(0))
    max_discount: float | None = attrs.field(default=None, validator=optional(between(0.0, 1.0)))
    max_deal_value: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    min_margin: float | None = attrs.field(default=None, validator=optional(finite))
    non_standard_terms: bool = False
    inclusive: bool = True

    def breaches(self, quote: Quote) -> tuple[Dimension, ...]:
        """The dimensions of ``quote`` beyond this rule, in a fixed order."""
        out: list[Dimension] = []
        inc = self.inclusive
        d = self.max_discount
        if d is not None and (quote.discount > d if inc else quote.discount >= d):
            out.append("discount")
        v = self.max_deal_value
        if v is not None:
            if v.currency != quote.value.currency:
                raise CurrencyMismatchError(f"rule for {self.role!r} is in {v.currency}, the "
                                            f"quote in {quote.value.currency}",
                                            field="max_deal_value")  # fmt: skip
            if quote.value > v if inc else quote.value >= v:
                out.append("deal_value")
        m = self.min_margin
        if m is not None and (quote.margin < m if inc else quote.margin <= m):
            out.append("margin")
        if quote.non_standard_terms and not self.non_standard_terms:
            out.append("non_standard_terms")
        return tuple(out)


@attrs.frozen(kw_only=True, repr=False)
class DiscountAuthority(TableDisplay):
    """Discount authority by role (step 2.5.6): who may grant which discount, value and margin.

    A role with several rules is bound by all (most restrictive wins); a role's
    level is the highest level among its rules.

    Notes
    -----
    Its JSON documents keep the type tag ``"AuthorityMatrix"`` (the class's name
    before 0.1.0), so stored documents keep loading.

    Examples
    --------
    >>> DiscountAuthority(rules=(AuthorityRule(role="am", level=0, max_discount=0.1),
    ...                          AuthorityRule(role="gm", level=1, max_discount=0.3)))
    <DiscountAuthority: 2 rules, roles am, gm>
    """

    rules: tuple[AuthorityRule, ...] = attrs.field(converter=tuples.rules)

    _display_title = "Discount authority"
    _document_type: ClassVar[str] = "AuthorityMatrix"

    def __attrs_post_init__(self) -> None:
        if not self.rules:
            raise InvalidInputError("expected at least one rule", field="DiscountAuthority.rules")

    def __repr__(self) -> str:
        return f"<DiscountAuthority: {len(self.rules)} rules, roles {first_items(self.roles)}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per rule: role, level and its limits (None: no limit)."""
        return [
            {
                "role": r.role,
                "level": r.level,
                "max_discount": r.max_discount,
                "max_deal_value": None if r.max_deal_value is None else str(r.max_deal_value),
                "min_margin": r.min_margin,
                "non_standard_terms": r.non_standard_terms,
                "inclusive": r.inclusive,
            }
            for r in self.rules
        ]

    @property
    def roles(self) -> tuple[str, ...]:
        """Roles sorted by level, then id."""
        return tuple(sorted({r.role for r in self.rules}, key=lambda r: (self.level(r), r)))

    def level(self, role: str) -> int:
        """The approval level of ``role``."""
        levels = [r.level for r in self.rules if r.role == role]
        if not levels:
            raise UnknownReferenceError(f"no rule for role {role!r}", field="role")
        return max(levels)

    def breaches(self, role: str, quote: Quote) -> tuple[Dimension, ...]:
        """Dimensions of ``quote`` beyond ``role``'s authority (union over its rules)."""
        self.level(role)
        found: set[Dimension] = set()
        for rule in self.rules:
            if rule.role == role:
                found.update(rule.breaches(quote))
        order: tuple[Dimension, ...] = ("discount", "deal_value", "margin", "non_standard_terms")
        return tuple(d for d in order if d in found)

    def can_approve(self, role: str, quote: Quote) -> bool:
        """Whether ``quote`` is within ``role``'s authority."""
        return not self.breaches(role, quote)


@attrs.frozen(kw_only=True, repr=False)
class ApprovalCondition(TableDisplay):
    """Why a role must approve: the dimension beyond the requester and the quote's value."""

    dimension: Dimension
    role: str
    value: str

    _display_title = "Approval condition"

    def __repr__(self) -> str:
        return f"<ApprovalCondition {self.role}: {self.dimension} {self.value}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, dimension and the quote's value on it."""
        return [{"role": self.role, "dimension": self.dimension, "value": self.value}]


@attrs.frozen(kw_only=True, repr=False)
class ApprovalStep(TableDisplay):
    """Roles that approve in parallel at one level."""

    level: int
    roles: tuple[str, ...]
    conditions: tuple[ApprovalCondition, ...]

    _display_title = "Approval step"

    def __repr__(self) -> str:
        return f"<ApprovalStep level {self.level}: {first_items(self.roles)}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per condition: level, role, dimension, value."""
        return [{"level": self.level, **row} for c in self.conditions for row in c.to_records()]


@attrs.frozen(kw_only=True, repr=False)
class Approvals(TableDisplay):
    """The approval route of a quote: steps in sequence, roles within a step in parallel.

    ``uncovered`` lists dimensions no role in the authority may approve.
    """

    requester: str
    steps: tuple[ApprovalStep, ...]
    uncovered: tuple[Dimension, ...] = ()

    _display_title = "Approvals"

    @property
    def roles(self) -> tuple[str, ...]:
        """Every approver, in routing order."""
        return tuple(r for s in self.steps for r in s.roles)

    def __repr__(self) -> str:
        route = (
            f"{len(self.steps)} step{'s' if len(self.steps) > 1 else ''}, approvers "
            f"{first_items(self.roles)}"
            if self.steps
            else "no approval needed"
        )
        gap = f"; no role may approve {', '.join(self.uncovered)}" if self.uncovered else ""
        return f"<Approvals for {self.requester}: {route}{gap}>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per condition in routing order, then one per uncovered dimension."""
        rows = [row for s in self.steps for row in s.to_records()]
        rows += [{"level": None, "role": None, "dimension": d, "value": "no role may approve"}
                 for d in self.uncovered]  # fmt: skip
        return rows


def _value(quote: Quote, dim: Dimension) -> str:
    if dim == "discount":
        return repr(quote.discount)
    if dim == "deal_value":
        return str(quote.value)
    if dim == "margin":
        return repr(quote.margin)
    return "yes"


def required_approvals(authority: DiscountAuthority, quote: Quote, *, requester: str) -> Approvals:
    """Route a quote to the approvers it needs beyond the requester's authority.

    Parameters
    ----------
    authority : DiscountAuthority
        Rules by role.
    quote : Quote
        Value, discount, margin and terms.
    requester : str
        The role that prepared the quote.

    Returns
    -------
    Approvals
        For each dimension the requester may not approve, the lowest-level role
        that may (ties: role id); steps ordered by level (sequential), roles on
        one level in parallel. No steps when the requester may approve alone.

    Notes
    -----
    Monotone: the roles that may approve a larger discount (value, lower margin)
    are a subset of those for a smaller one, so the lowest approving level never
    falls as the discount or value rises.

    Examples
    --------
    >>> m = DiscountAuthority(rules=(
    ...     AuthorityRule(role="am", level=0, max_discount=0.10, min_margin=0.25),
    ...     AuthorityRule(role="director", level=1, max_discount=0.20, min_margin=0.15),
    ...     AuthorityRule(role="finance", level=1, min_margin=0.05),
    ...     AuthorityRule(role="gm", level=2, max_discount=0.40, non_standard_terms=True)))
    >>> q = Quote(value=Money(90000, "EUR"), discount=0.15, margin=0.12)
    >>> [(s.level, s.roles) for s in required_approvals(m, q, requester="am").steps]
    [(1, ('director', 'finance'))]
    """
    dims = authority.breaches(requester, quote)
    by_level: dict[int, dict[str, list[ApprovalCondition]]] = {}
    uncovered: list[Dimension] = []
    for dim in dims:
        able = [r for r in authority.roles if dim not in authority.breaches(r, quote)]
        if not able:
            uncovered.append(dim)
            continue
        role = able[0]  # roles are sorted by (level, id)
        cond = ApprovalCondition(dimension=dim, role=role, value=_value(quote, dim))
        by_level.setdefault(authority.level(role), {}).setdefault(role, []).append(cond)
    steps = tuple(
        ApprovalStep(level=lv, roles=tuple(sorted(by_level[lv])),
                     conditions=tuple(c for r in sorted(by_level[lv]) for c in by_level[lv][r]))
        for lv in sorted(by_level)
    )  # fmt: skip
    return Approvals(requester=requester, steps=steps, uncovered=tuple(uncovered))


def reapprovals(before: Approvals, after: Approvals) -> Approvals:
    """After a change to a quote, the steps that must approve again.

    A role approves again only if its conditions (dimensions and the quote's
    values on them) differ from those it approved; steps left empty are dropped.

    Examples
    --------
    >>> m = DiscountAuthority(rules=(AuthorityRule(role="am", level=0, max_discount=0.1,
    ...                                            min_margin=0.3),
    ...                              AuthorityRule(role="director", level=1, max_discount=0.3,
    ...                                            min_margin=0.25),
    ...                              AuthorityRule(role="cfo", level=1, max_discount=0.1,
    ...                                            min_margin=0.0)))
    >>> v = Money(50000, "EUR")
    >>> old = required_approvals(m, Quote(value=v, discount=0.2, margin=0.2), requester="am")
    >>> new = required_approvals(m, Quote(value=v, discount=0.25, margin=0.2), requester="am")
    >>> reapprovals(old, new).roles
    ('director',)
    """
    seen: dict[str, set[ApprovalCondition]] = {}
    for step in before.steps:
        for c in step.conditions:
            seen.setdefault(c.role, set()).add(c)
    steps: list[ApprovalStep] = []
    for step in after.steps:
        changed = tuple(
            r for r in step.roles
            if {c for c in step.conditions if c.role == r} != seen.get(r, set())
        )  # fmt: skip
        if changed:
            conds = tuple(c for c in step.conditions if c.role in changed)
            steps.append(ApprovalStep(level=step.level, roles=changed, conditions=conds))
    return Approvals(requester=after.requester, steps=tuple(steps), uncovered=after.uncovered)


@attrs.frozen(kw_only=True, repr=False)
class QuoteStatus(TableDisplay):
    """Traffic light of a quote: the worse of its authority and band colours."""

    colour: Colour
    authority: Colour
    band: Colour | None
    reasons: tuple[str, ...]

    _display_title = "Quote status"

    def __repr__(self) -> str:
        band = "" if self.band is None else f", band {self.band}"
        return f"<QuoteStatus {self.colour} (authority {self.authority}{band})>"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: the colour, the authority and band colours and the reasons."""
        return [{"colour": self.colour, "authority": self.authority, "band": self.band,
                 "reasons": self.reasons}]  # fmt: skip


def quote_status(
    authority: DiscountAuthority,
    quote: Quote,
    *,
    role: str,
    band: PriceBand | None = None,
) -> QuoteStatus:
    """Green, amber or red relative to a person's authority and to the band (step 2.5.6).

    Authority: green when ``role`` may approve alone, amber when ``authority`` routes
    it to other approvers, red when no role may approve some dimension.
    Band (on ``quote.value``): green at or above target, amber between floor
    and target, red below floor. The colour is the worse of the two.

    Examples
    --------
    >>> m = DiscountAuthority(rules=(AuthorityRule(role="am", level=0, max_discount=0.1),
    ...                              AuthorityRule(role="gm", level=1, max_discount=0.3)))
    >>> quote_status(m, Quote(value=Money(80000, "EUR"), discount=0.2, margin=0.3),
    ...              role="am").colour
    'amber'
    """
    route = required_approvals(authority, quote, requester=role)
    reasons: list[str] = []
    if route.uncovered:
        auth: Colour = "red"
        reasons.append(f"no role may approve: {', '.join(route.uncovered)}")
    elif route.steps:
        auth = "amber"
        reasons.append(f"needs approval from {', '.join(route.roles)}")
    else:
        auth = "green"
    band_colour: Colour | None = None
    if band is not None:
        if quote.value >= band.target:
            band_colour = "green"
        elif quote.value >= band.floor:
            band_colour = "amber"
            reasons.append(f"below target {band.target}")
        else:
            band_colour = "red"
            reasons.append(f"below floor {band.floor}")
    colours: Iterable[Colour] = (auth,) if band_colour is None else (auth, band_colour)
    worst = max(colours, key=lambda c: _RANK[c])
    return QuoteStatus(colour=worst, authority=auth, band=band_colour, reasons=tuple(reasons))
