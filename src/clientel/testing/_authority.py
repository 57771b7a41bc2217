"""Strategies for the authority engine: quotes, approval records, rules, matrices, rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from clientel import models as m
from clientel import workflow as w
from clientel.testing._quotes import quotes
from clientel.testing._values import identifiers, money

__all__ = [
    "ROLES",
    "approval_records",
    "authority_matrices",
    "authority_rules",
    "delegations",
    "rate_tables",
]

#: Role ids the strategies draw from (all are :class:`~clientel.models.Role` values).
ROLES = ("account_manager", "segment_manager", "finance", "legal", "bu_gm", "bg_gm")
_days = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
_types = st.none() | st.sampled_from(["system_integration", "outsourcing"])
_fractions = st.integers(0, 100).map(lambda k: k / 100)


def _share(draw: st.DrawFn, amount: m.Money, low: int, high: int) -> m.Money:
    ratio = Decimal(draw(st.integers(low, high))) / 100
    return m.Money(max(amount.amount * ratio, Decimal("0.01")), amount.currency).round()


def approval_records(currency: str = "EUR") -> st.SearchStrategy[m.ApprovalRecord]:
    """Approval records by a person in one of ``ROLES``, some with the quote decided on."""
    return st.builds(
        m.ApprovalRecord,
        by=identifiers("p-"),
        role=st.sampled_from(ROLES),
        on=_days,
        decision=st.sampled_from(m.Decision),
        comment=st.sampled_from(["", "ok", "strategic account", "too low"]),
        quote=st.none() | quotes(currency),
    )


def _limits(draw: st.DrawFn, currency: str) -> dict[str, Any]:
    dims = ["discount", "margin", "value", "payment_days"]
    unlimited = draw(st.lists(st.sampled_from(dims), unique=True, max_size=2))
    out: dict[str, Any] = {"unlimited": unlimited}
    values = {
        "max_discount": ("discount", _fractions),
        "min_margin": ("margin", st.integers(-20, 60).map(lambda k: k / 100)),
        "max_value": ("value", money(currency, min_value=0, max_value=10**7)),
        "max_payment_days": ("payment_days", st.integers(0, 120)),
    }
    for key, (dim, strategy) in values.items():
        if dim not in unlimited:
            out[key] = draw(st.none() | strategy)
    out["clauses"] = draw(st.booleans())
    out["sign_limit"] = draw(st.none() | money(currency, min_value=0, max_value=5 * 10**6))
    out["inclusive"] = draw(st.booleans())
    return out


def authority_rules(currency: str = "EUR") -> st.SearchStrategy[w.AuthorityRule]:
    """Rules for a role of ``ROLES`` on levels 0-3 with random limits (some unlimited)."""

    @st.composite
    def build(draw: st.DrawFn) -> w.AuthorityRule:
        return w.AuthorityRule(
            role=draw(st.sampled_from(ROLES)),
            level=draw(st.integers(0, 3)),
            business_type=draw(_types),
            **_limits(draw, currency),
        )

    return build()


def delegations() -> st.SearchStrategy[w.Delegation]:
    """Delegations of a role between two people for 0-60 days."""

    @st.composite
    def build(draw: st.DrawFn) -> w.Delegation:
        start = draw(_days)
        return w.Delegation(
            delegator="p-holder",
            delegate=draw(identifiers("d-")),
            role=draw(st.sampled_from(ROLES)),
            valid_from=start,
            valid_until=start + dt.timedelta(days=draw(st.integers(0, 60))),
        )

    return build()


def authority_matrices(
    currency: str = "EUR",
    *,
    min_roles: int = 1,
    max_roles: int = 6,
    policy: w.RoutingPolicy | None = None,
) -> st.SearchStrategy[w.AuthorityMatrix]:
    """Matrices over distinct roles of ``ROLES``, one general rule each, random limits.

    Levels are drawn per role (several roles may share one), some roles have a
    second rule for the ``outsourcing`` business type, and signer counts, a
    four-eyes threshold, mandatory signers and an escalation period vary.
    """

    @st.composite
    def build(draw: st.DrawFn) -> w.AuthorityMatrix:
        roles = draw(
            st.lists(st.sampled_from(ROLES), min_size=min_roles, max_size=max_roles, unique=True)
        )
        levels = {r: draw(st.integers(0, 3)) for r in roles}
        rules = [w.AuthorityRule(role=r, level=levels[r], **_limits(draw, currency)) for r in roles]
        special = draw(st.lists(st.sampled_from(roles), unique=True, max_size=2))
        rules += [
            w.AuthorityRule(
                role=r, level=levels[r], business_type="outsourcing", **_limits(draw, currency)
            )
            for r in special
        ]
        signers = [r.role for r in rules if r.sign_limit is not None and r.business_type is None]
        return w.AuthorityMatrix(
            currency=currency,
            rules=rules,
            policy=draw(st.sampled_from(w.RoutingPolicy)) if policy is None else policy,
            min_signers=draw(st.integers(1, 3)),
            four_eyes_above=draw(st.none() | money(currency, min_value=0, max_value=10**6)),
            mandatory=draw(st.lists(st.sampled_from(signers), unique=True, max_size=1))
            if signers
            else (),
            escalate_after_days=draw(st.none() | st.integers(0, 10)),
        )

    return build()


def rate_tables(base: str = "EUR") -> st.SearchStrategy[w.RateTable]:
    """Rate tables into ``base`` for USD, GBP and CHF, some missing, as of a date."""
    rate = st.decimals(Decimal("0.2"), Decimal("5"), places=4)
    return st.builds(
        w.RateTable,
        as_of=_days,
        base=st.just(base),
        rates=st.dictionaries(st.sampled_from(["USD", "GBP", "CHF"]), rate, max_size=3),
    )
