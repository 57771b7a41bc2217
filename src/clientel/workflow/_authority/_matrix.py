"""The delegation-of-authority matrix: rules per role, delegations, signing rules (2.5.5-2.6.4).

One :class:`AuthorityMatrix` serves quote approval (2.5.5), negotiation (2.5.6)
and contract signing (2.6.4). Each :class:`AuthorityRule` is one row of the matrix:
a role's limits on discount off list, margin, deal value, payment terms and
non-standard clauses, and the largest contract it may sign, for one currency and
optionally one business type. A blank limit (``None``) means *no authority* on
that dimension; ``unlimited`` names the dimensions a role has no limit on.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final

import attrs

from clientel._internal import tuples
from clientel._internal.display import TableDisplay, first_items
from clientel._internal.validators import (
    between,
    frozen_mapping,
    identifier,
    non_empty,
    optional,
    where,
)
from clientel.errors import AuthorityError, InvalidInputError, UnknownReferenceError
from clientel.models import Money, Role
from clientel.models._money import check_currency
from clientel.models._money_checks import money_at_least_zero
from clientel.models._quotes import whole_number

__all__ = [
    "LIMITED",
    "AuthorityMatrix",
    "AuthorityRule",
    "Delegation",
    "Dimension",
    "RoutingPolicy",
    "role_id",
]


class Dimension(enum.Enum):
    """What a quote is judged on; the order is the order conditions are listed in."""

    DISCOUNT = "discount"
    MARGIN = "margin"
    VALUE = "value"
    PAYMENT_DAYS = "payment_days"
    CLAUSES = "clauses"
    FLOOR = "floor"


#: The dimensions a rule may declare ``unlimited``.
LIMITED: Final = (Dimension.DISCOUNT, Dimension.MARGIN, Dimension.VALUE, Dimension.PAYMENT_DAYS)


class RoutingPolicy(enum.Enum):
    """How a quote beyond the requester's authority is routed (step 2.5.5).

    ``serial``: a cumulative chain, every level above the requester up to the one
    whose authority covers the quote, in order. ``skip_level``: only the level
    needed, in order of level. ``parallel``: the approvers of ``skip_level``, all
    asked at once.
    """

    SERIAL = "serial"
    SKIP_LEVEL = "skip_level"
    PARALLEL = "parallel"


def role_id(value: object) -> str:
    """Converter: a role id from a :class:`~clientel.models.Role` or a string."""
    return value.value if isinstance(value, Role) else value  # type: ignore[return-value]


def _dimensions(value: Iterable[Dimension | str]) -> tuple[Dimension, ...]:
    try:
        found = {Dimension(v) for v in value}
    except ValueError as exc:
        msg = f"expected dimensions among {[d.value for d in LIMITED]}"
        raise InvalidInputError(msg, field="AuthorityRule.unlimited") from exc
    return tuple(d for d in Dimension if d in found)


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_currency(value, where(instance, attribute))


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1%}"
    return "-" if value is None else str(value)


@attrs.frozen(kw_only=True, repr=False)
class AuthorityRule(TableDisplay):
    """One row of the authority matrix: a role's limits (steps 2.5.5, 2.5.6, 2.6.4).

    Parameters
    ----------
    role : str or Role
        The role (``"account_manager"``, ``Role.BU_GM``).
    level : int
        Seniority: 0 for the most junior. Approval chains run from low to high
        levels; roles on one level approve in parallel.
    business_type : str, optional
        The rule holds for this business type only and overrides the role's
        general rule there.
    max_discount : float, optional
        Largest discount off list the role may grant (0.10 for 10 %).
    min_margin : float, optional
        Lowest margin on price the role may accept (-1 to 1).
    max_value : Money, optional
        Largest deal, at list price, the role may approve.
    max_payment_days : int, optional
        Longest payment term, in days, the role may accept.
    clauses : bool
        Whether the role may accept non-standard clauses.
    unlimited : tuple of Dimension or str
        Dimensions on which the role has no limit (``("value",)``).
    sign_limit : Money, optional
        Largest contract the role may sign (step 2.6.4); ``None``: it does not sign.
    inclusive : bool
        True: a quote exactly at a limit is within authority; False: limits
        are exclusive ("contracts of less than 50,000").

    Notes
    -----
    A blank limit means no authority: the role approves nothing on that
    dimension, and its own quotes need approval there. The money limits of one
    rule share a currency, the rule's :attr:`currency`; a rule without money
    limits holds in any currency.

    Examples
    --------
    >>> AuthorityRule(role="account_manager", level=0, max_discount=0.10, min_margin=0.25,
    ...               max_value=Money(250000, "EUR"), sign_limit=Money(50000, "EUR"))
    <AuthorityRule account_manager level 0: discount 10.0%, margin 25.0%, value 250000 EUR, signs 50000 EUR>
    """  # noqa: E501

    role: str = attrs.field(converter=role_id, validator=identifier)
    level: int = attrs.field(validator=whole_number)
    business_type: str | None = attrs.field(default=None, validator=optional(non_empty))
    max_discount: float | None = attrs.field(default=None, validator=optional(between(0, 1)))
    min_margin: float | None = attrs.field(default=None, validator=optional(between(-1, 1)))
    max_value: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    max_payment_days: int | None = attrs.field(default=None, validator=optional(whole_number))
    clauses: bool = False
    unlimited: tuple[Dimension, ...] = attrs.field(default=(), converter=_dimensions)
    sign_limit: Money | None = attrs.field(default=None, validator=optional(money_at_least_zero))
    inclusive: bool = True

    _display_title = "Authority rule"
    #: Schema-1 documents of the signing limit merged into this class (issue 13).
    _retired_tags: ClassVar[tuple[str, ...]] = ("SigningLimit",)

    def __attrs_post_init__(self) -> None:
        if (
            self.max_value
            and self.sign_limit
            and self.max_value.currency != self.sign_limit.currency
        ):
            msg = f"money limits of one rule share a currency, got {self.max_value.currency} and {self.sign_limit.currency}"  # noqa: E501
            raise InvalidInputError(msg, field="AuthorityRule.sign_limit")
        for dim in self.unlimited:
            if dim not in LIMITED or self.limit(dim) is not None:
                msg = f"{dim.value} is either limited or unlimited, among {[d.value for d in LIMITED]}"  # noqa: E501
                raise InvalidInputError(msg, field="AuthorityRule.unlimited", value=dim.value)

    @property
    def currency(self) -> str | None:
        """The currency of the rule's money limits (None: it has none)."""
        money = self.max_value or self.sign_limit
        return None if money is None else money.currency

    def limit(self, dimension: Dimension) -> float | int | Money | None:
        """The rule's limit on ``dimension`` (None: none is written)."""
        return {
            Dimension.DISCOUNT: self.max_discount,
            Dimension.MARGIN: self.min_margin,
            Dimension.VALUE: self.max_value,
            Dimension.PAYMENT_DAYS: self.max_payment_days,
        }.get(dimension)

    def limit_text(self, dimension: Dimension) -> str:
        """The limit as text: ``'10.0%'``, ``'500000 EUR'``, ``'unlimited'``, ``'none'``."""
        if dimension in self.unlimited or (dimension is Dimension.CLAUSES and self.clauses):
            return "unlimited" if dimension is not Dimension.CLAUSES else "may accept"
        limit = self.limit(dimension)
        if limit is None:
            return "none"
        return f"{limit} days" if dimension is Dimension.PAYMENT_DAYS else _fmt(limit)

    def __repr__(self) -> str:
        parts = [f"{d.value} {self.limit_text(d)}" for d in LIMITED if self.limit_text(d) != "none"]
        parts[:] = [p.replace("payment_days", "payment") for p in parts]
        if self.clauses:
            parts.append("clauses")
        if self.sign_limit is not None:
            parts.append(f"signs {self.sign_limit}")
        scope = f" ({self.business_type})" if self.business_type else ""
        return (
            f"<AuthorityRule {self.role}{scope} level {self.level}: {', '.join(parts) or 'none'}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, level, business type and every limit as text."""
        row: dict[str, Any] = {
            "role": self.role,
            "level": self.level,
            "business_type": self.business_type,
        }
        row |= {d.value: self.limit_text(d) for d in (*LIMITED, Dimension.CLAUSES)}
        row["sign_limit"] = None if self.sign_limit is None else str(self.sign_limit)
        row["inclusive"] = self.inclusive
        return [row]


@attrs.frozen(kw_only=True, repr=False)
class Delegation(TableDisplay):
    """A person acting in another's role for a period (steps 2.5.5, 2.6.4).

    The delegate decides in ``role`` on behalf of ``delegator`` from
    ``valid_from`` to ``valid_until`` (both included); their records and
    signatures name the delegator in ``on_behalf_of``.

    Examples
    --------
    >>> import datetime as dt
    >>> Delegation(delegator="p-gm", delegate="p-sm", role="bu_gm",
    ...            valid_from=dt.date(2027, 2, 1), valid_until=dt.date(2027, 2, 14))
    <Delegation bu_gm p-gm -> p-sm 2027-02-01..2027-02-14>
    """

    delegator: str = attrs.field(validator=identifier)
    delegate: str = attrs.field(validator=identifier)
    role: str = attrs.field(converter=role_id, validator=identifier)
    valid_from: dt.date
    valid_until: dt.date

    _display_title = "Delegation"

    def __attrs_post_init__(self) -> None:
        if self.valid_until < self.valid_from:
            msg = f"ends {self.valid_until} before it starts {self.valid_from}"
            raise InvalidInputError(msg, field="Delegation.valid_until")
        if self.delegate == self.delegator:
            raise InvalidInputError(
                "a person does not delegate to themselves",
                field="Delegation.delegate",
                value=self.delegate,
            )

    def valid_on(self, day: dt.date) -> bool:
        """Whether the delegation holds on ``day``."""
        return self.valid_from <= day <= self.valid_until

    def __repr__(self) -> str:
        return (
            f"<Delegation {self.role} {self.delegator} -> {self.delegate} "
            f"{self.valid_from}..{self.valid_until}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, delegator, delegate, validity."""
        return [
            {
                "role": self.role,
                "delegator": self.delegator,
                "delegate": self.delegate,
                "valid_from": self.valid_from,
                "valid_until": self.valid_until,
            }
        ]


def _role_lists(value: Mapping[str, Iterable[object]] | None) -> Mapping[str, tuple[str, ...]]:
    if value is not None and not isinstance(value, Mapping):
        raise InvalidInputError(
            "expected a mapping of business type to roles",
            field="AuthorityMatrix.mandatory_by_type",
        )
    return frozen_mapping({k: tuple(role_id(r) for r in v) for k, v in (value or {}).items()})


def _roles(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(role_id(r) for r in value)


def _people(value: Mapping[str, object] | None) -> Mapping[str, str]:
    if value is not None and not isinstance(value, Mapping):
        raise InvalidInputError(
            "expected a mapping of person to role", field="AuthorityMatrix.holders"
        )
    return frozen_mapping({k: role_id(v) for k, v in (value or {}).items()})


@attrs.frozen(kw_only=True, repr=False)
class AuthorityMatrix(TableDisplay):
    """A delegation-of-authority matrix: who may approve, negotiate and sign what (2.5.5-2.6.4).

    Parameters
    ----------
    currency : str
        The matrix's own currency: a deal in a currency no rule of a role is
        written in is converted into it with a :class:`RateTable`.
    rules : tuple of AuthorityRule
        At most one rule per role, business type and currency.
    policy : RoutingPolicy
        How quotes are routed (``serial`` by default).
    min_signers : int
        Fewest signatures on any contract.
    four_eyes_above : Money, optional
        Above this value (in ``currency``) a contract has at least two signers.
    mandatory : tuple of str
        Roles that sign every contract; ``mandatory_by_type`` adds roles per
        business type.
    delegations : tuple of Delegation
        Who may act in someone else's role, and when.
    holders : mapping of str to str
        Person id to the role they hold; when given, every approver and signer
        must hold the role they act in (or act for its holder by delegation).
    escalate_after_days : int, optional
        A pending approval escalates to the next level this many days after
        it was asked.

    Examples
    --------
    >>> m = AuthorityMatrix(currency="EUR", rules=[
    ...     AuthorityRule(role="account_manager", level=0, max_discount=0.10,
    ...                   max_value=Money(250000, "EUR"), sign_limit=Money(50000, "EUR")),
    ...     AuthorityRule(role="bu_gm", level=1, max_discount=0.30, unlimited=["value"],
    ...                   sign_limit=Money(500000, "EUR"))], min_signers=2)
    >>> m
    <AuthorityMatrix EUR serial: 2 rules, roles account_manager, bu_gm; at least 2 signers>
    >>> m.roles, m.level("bu_gm")
    (('account_manager', 'bu_gm'), 1)
    """

    currency: str = attrs.field(validator=_currency)
    rules: tuple[AuthorityRule, ...] = attrs.field(converter=tuples.rules)
    policy: RoutingPolicy = RoutingPolicy.SERIAL
    min_signers: int = attrs.field(default=1, validator=whole_number)
    four_eyes_above: Money | None = attrs.field(
        default=None, validator=optional(money_at_least_zero)
    )
    mandatory: tuple[str, ...] = attrs.field(default=(), converter=_roles)
    mandatory_by_type: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_role_lists
    )
    delegations: tuple[Delegation, ...] = attrs.field(default=(), converter=tuples.delegations)
    holders: Mapping[str, str] = attrs.field(factory=dict, converter=_people)
    escalate_after_days: int | None = attrs.field(default=None, validator=optional(whole_number))

    _display_title = "Authority matrix"
    #: Schema-1 documents of the per-person negotiation authority merged into this class.
    _retired_tags: ClassVar[tuple[str, ...]] = ("NegotiationAuthority",)

    def __attrs_post_init__(self) -> None:
        if not self.rules:
            raise InvalidInputError("expected at least one rule", field="AuthorityMatrix.rules")
        if self.min_signers < 1:
            raise InvalidInputError(
                "must be at least 1", field="AuthorityMatrix.min_signers", value=self.min_signers
            )
        if self.four_eyes_above is not None and self.four_eyes_above.currency != self.currency:
            msg = f"expected {self.currency}, the matrix's currency"
            raise InvalidInputError(msg, field="AuthorityMatrix.four_eyes_above")
        seen: dict[tuple[str, str | None, str | None], int] = {}
        levels: dict[str, int] = {}
        for i, rule in enumerate(self.rules):
            key = (rule.role, rule.business_type, rule.currency)
            if key in seen or levels.setdefault(rule.role, rule.level) != rule.level:
                msg = "one rule per role, business type and currency, one level per role"
                raise InvalidInputError(msg, field=f"AuthorityMatrix.rules[{i}]", value=rule.role)
            seen[key] = i
        named = [*self.mandatory, *(r for rs in self.mandatory_by_type.values() for r in rs)]
        named += [d.role for d in self.delegations] + list(self.holders.values())
        for role in named:
            if role not in levels:
                msg = "names a role that has no rule in the matrix"
                raise UnknownReferenceError(msg, field="AuthorityMatrix", value=role)

    def __repr__(self) -> str:
        signers = f"; at least {self.min_signers} signers" if self.min_signers > 1 else ""
        return (
            f"<AuthorityMatrix {self.currency} {self.policy.value}: {len(self.rules)} rules, "
            f"roles {first_items(self.roles)}{signers}>"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per rule (its role, level and limits), in order of level."""
        order = sorted(self.rules, key=lambda r: (r.level, r.role, r.business_type or ""))
        return [row for rule in order for row in rule.to_records()]

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role, from the most junior; roles on one level by id."""
        levels = {r.role: r.level for r in self.rules}
        return tuple(sorted(levels, key=lambda role: (levels[role], role)))

    def level(self, role: str) -> int:
        """The seniority level of ``role``.

        Raises
        ------
        UnknownReferenceError
            ``role`` has no rule in the matrix.
        """
        for rule in self.rules:
            if rule.role == role:
                return rule.level
        raise UnknownReferenceError(
            f"no rule for the role {role!r} in the matrix", field="role", value=role
        )

    def rule(self, role: str, currency: str, business_type: str | None = None) -> AuthorityRule:
        """The rule that holds for ``role`` on a deal in ``currency`` of ``business_type``.

        A rule for the business type overrides the general one; within each, a
        rule in ``currency``, then one without money limits, then one in the
        matrix's currency (the deal is converted to it).

        Raises
        ------
        UnknownReferenceError
            ``role`` has no rule in the matrix.
        AuthorityError
            No rule of ``role`` holds in ``currency`` or the matrix's currency.
        """
        self.level(role)
        mine = [r for r in self.rules if r.role == role]
        for scope in ((business_type,) if business_type else ()) + (None,):
            for cur in (currency, None, self.currency):
                for r in mine:
                    if r.business_type == scope and r.currency == cur:
                        return r
        msg = f"{role} has no rule in {currency} or {self.currency}"
        raise AuthorityError(msg, field="role", value=role)

    def signers_required(self, business_type: str | None) -> tuple[str, ...]:
        """Roles that sign every contract of ``business_type``, in matrix order, once each."""
        extra = self.mandatory_by_type.get(business_type, ()) if business_type else ()
        return tuple(dict.fromkeys((*self.mandatory, *extra)))

    def acting(
        self, person: str, role: str, on: dt.date, on_behalf_of: str | None, field: str
    ) -> None:
        """Check that ``person`` may act in ``role`` on ``on`` (holders and delegations).

        Raises
        ------
        UnknownReferenceError
            ``role`` has no rule in the matrix.
        AuthorityError
            No delegation from ``on_behalf_of`` to ``person`` for ``role``, one
            outside its validity, or (with ``holders``) a person acting in a
            role they do not hold.
        """
        self.level(role)
        holder = person if on_behalf_of is None else on_behalf_of
        if self.holders and self.holders.get(holder) != role:
            msg = f"{holder} does not hold the role {role} (holds {self.holders.get(holder)})"
            raise AuthorityError(msg, field=field, value=person)
        if on_behalf_of is None:
            return
        found = [
            d
            for d in self.delegations
            if (d.delegator, d.delegate, d.role) == (on_behalf_of, person, role)
        ]
        if not found:
            msg = f"no delegation of {role} from {on_behalf_of} to {person}"
            raise AuthorityError(msg, field=field, value=person)
        if not any(d.valid_on(on) for d in found):
            spans = ", ".join(f"{d.valid_from}..{d.valid_until}" for d in found)
            msg = f"the delegation of {role} from {on_behalf_of} to {person} holds {spans}, not on {on}"  # noqa: E501
            raise AuthorityError(msg, field=field, value=str(on))
