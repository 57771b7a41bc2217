"""Amendments through the authority engine (issue 28, step 2.7.1).

An amendment is signed like a contract of the larger of its old and new value:
a value increase re-routes signing at the new value, anything else is signed as
the contract was. Reference chains come from the sample unit's matrix and the
engine's minimal-chain rule, worked out by hand below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clientel import models as m
from clientel import testing as t
from clientel.errors import AuthorityError, LifecycleError
from clientel.sample import load_sample
from clientel.workflow import (
    AmendmentAuthority,
    AuthorityMatrix,
    AuthorityRule,
    amend_contract,
    amendment_route,
    required_signers,
)

DAY = dt.date(2027, 6, 1)


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


def _signed(
    matrix: AuthorityMatrix, roles: tuple[str, ...], on: dt.date
) -> tuple[m.Signature, ...]:
    """Signatures by a holder of each role (the sample matrix names who holds which)."""
    if not matrix.holders:
        return t.signatures_for(roles, on)
    people = {role: min(p for p, r in matrix.holders.items() if r == role) for role in roles}
    return tuple(m.Signature(signer_id=people[r], role=m.Role(r), on=on) for r in roles)


def _contract(value: str, matrix: AuthorityMatrix, kind: str = "system_integration") -> m.Contract:
    chain = required_signers(matrix, eur(value), business_type=kind)
    return m.Contract(
        id="k-17",
        client_id="c-bank",
        proposal_id="pr-17",
        template_id="tpl-si",
        business_type=kind,
        value=eur(value),
        start_on=dt.date(2027, 4, 1),
        end_on=dt.date(2027, 12, 31),
        state=m.ContractState.SIGNED,
        signatures=_signed(matrix, chain.roles, dt.date(2027, 3, 10)),
    )


def test_a_raise_beyond_the_bu_gms_limit_reroutes_to_the_bg_gm_in_the_sample_matrix() -> None:
    """The sample matrix: the BU GM signs up to 500,000 EUR, the BG GM up to 2,000,000,
    four eyes above 250,000 (the account manager co-signs). A 440,000 contract is signed by
    account_manager + bu_gm; raised to 520,000 the BU GM's own limit no longer covers it, so
    the BG GM signs and the account manager stays as the four-eyes co-signer."""
    matrix = load_sample().authority
    k = _contract("440000", matrix)
    route = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur("520000")))
    assert route.before.roles == ("account_manager", "bu_gm")
    assert (route.chain.roles, route.rerouted, route.added) == (
        ("account_manager", "bg_gm"),
        True,
        ("bg_gm",),
    )
    text = str(route.explain())
    assert "value 440000 EUR -> 520000 EUR: re-routed to account_manager + bg_gm" in text
    assert "bg_gm: added because the value went up" in text
    with pytest.raises(AuthorityError, match="no signer's own limit covers 520000 EUR"):
        amend_contract(
            k,
            attrs.evolve(k.terms, value=eur("520000")),
            by="p-am01",
            on=DAY,
            signatures=_signed(matrix, ("account_manager", "bu_gm"), DAY),
            matrix=matrix,
        )


def test_a_decrease_or_a_change_of_dates_is_signed_as_the_contract_was() -> None:
    matrix = load_sample().authority
    k = _contract("440000", matrix)
    down = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur("40000")))
    assert (down.chain.roles, down.rerouted, down.added) == (
        ("account_manager", "bu_gm"),
        False,
        (),
    )
    assert "signed as the contract was" in down.explain().summary
    later = amendment_route(matrix, k, attrs.evolve(k.terms, end_on=dt.date(2028, 3, 31)))
    assert later.chain.roles == ("account_manager", "bu_gm")
    assert later.explain().summary.startswith("no value change")
    # the account manager alone may sign 40,000, but not an amendment of a 440,000 contract
    with pytest.raises(AuthorityError):
        amend_contract(
            k,
            attrs.evolve(k.terms, value=eur("40000")),
            by="p-am01",
            on=DAY,
            signatures=_signed(matrix, ("account_manager",), DAY),
            matrix=matrix,
        )


@given(t.authority_matrices(), st.integers(0, 3 * 10**6), st.integers(0, 3 * 10**6))
def test_a_value_increase_never_routes_to_fewer_or_more_junior_signers(
    matrix: AuthorityMatrix, low: int, high: int
) -> None:
    low, high = min(low, high), max(low, high)
    # A value nobody may sign has no contract to amend: halve it until someone may (0 last),
    # so that only matrices that can sign nothing are filtered out. Filtering every
    # unsignable draw failed hypothesis's filter health check on some seeds (issue 31).
    while True:
        try:
            k = _contract(str(low), matrix, kind="outsourcing")
            break
        except AuthorityError:
            assume(low > 0)
            low //= 2
    try:
        route = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur(high)))
    except AuthorityError as exc:  # refused, never signed by fewer
        refused: AuthorityError | None = exc
    else:
        refused = None
    if refused is not None:
        # nobody may sign the higher value (field "value"), or the higher value is above the
        # four-eyes threshold and fewer roles may sign than it needs
        assert refused.field in {"value", "AuthorityMatrix.min_signers"}, refused
        if refused.field == "value":
            assert "no role may sign" in str(refused)
        else:
            assert matrix.four_eyes_above is not None
            assert eur(high) > matrix.four_eyes_above
        return
    levels_before = sorted((s.level for s in route.before.signers), reverse=True)
    levels_after = sorted((s.level for s in route.chain.signers), reverse=True)
    assert len(levels_after) >= len(levels_before)
    assert all(a >= b for a, b in zip(levels_after, levels_before, strict=False))
    assert max(levels_after) >= max(levels_before)


_ROLES = ("account_manager", "segment_manager", "bu_gm", "bg_gm", "finance")


@st.composite
def signing_matrices(draw: st.DrawFn) -> AuthorityMatrix:
    """Matrices whose roles all sign: levels and limits drawn, limits rising with the level
    or not, a four-eyes threshold and a mandatory signer sometimes."""
    n = draw(st.integers(1, len(_ROLES)))
    levels = [draw(st.integers(0, 3)) for _ in range(n)]
    limits = [draw(st.integers(1, 40)) * 50_000 for _ in range(n)]
    rules = [
        AuthorityRule(role=_ROLES[i], level=levels[i], sign_limit=eur(limits[i])) for i in range(n)
    ]
    four = draw(st.none() | st.integers(0, 2_000_000).map(eur))
    mandatory = draw(st.lists(st.sampled_from(_ROLES[:n]), max_size=1, unique=True))
    return AuthorityMatrix(
        currency="EUR",
        rules=rules,
        four_eyes_above=four,
        mandatory=mandatory,
        min_signers=draw(st.integers(1, 2)),
    )


@given(signing_matrices(), st.integers(0, 2_000_000), st.integers(0, 2_000_000))
def test_a_value_increase_never_routes_to_fewer_or_more_junior_signers_when_both_sign(
    matrix: AuthorityMatrix, a: int, b: int
) -> None:
    low, high = min(a, b), max(a, b)
    try:
        before = required_signers(matrix, eur(low))
        after = required_signers(matrix, eur(high))
    except AuthorityError:
        assume(False)
        raise
    k = _contract(str(low), matrix, kind="system_integration")
    route = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur(high)))
    assert (route.before.roles, route.chain.roles) == (before.roles, after.roles)
    old = sorted((s.level for s in before.signers), reverse=True)
    new = sorted((s.level for s in after.signers), reverse=True)
    assert len(new) >= len(old)
    assert all(x >= y for x, y in zip(new, old, strict=False))  # never more junior, seat by seat
    down = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur(low // 2)))
    assert down.chain.roles == before.roles
    assert not down.rerouted


@given(t.contracts(max_steps=8))
def test_replay_of_any_valid_amendment_history_reproduces_the_contract(k: m.Contract) -> None:
    authority = AmendmentAuthority(matrix=t.SIGNING_MATRIX)
    assert k.replay(authority=authority) == k
    assert k.replay() == k
    assert m.loads(m.dumps(k), m.Contract).replay(authority=authority) == k


@given(t.contracts(max_steps=8))
# About one contract in eight has an amendment signed above 50,000 EUR: hypothesis discards
# the others (assume below) and keeps drawing until it has its examples, which its health
# check reports as filtering too much on some seeds; the examples kept are the same kind.
@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
def test_a_history_edited_outside_clientel_is_refused_on_replay(k: m.Contract) -> None:
    # the account manager alone signs up to 50,000 EUR: not an amendment signed for more
    beyond = [a for a in k.amendments if a.signing_value > eur(50_000)]
    assume(beyond)
    first = beyond[0]
    forged = attrs.evolve(first, signatures=t.signatures_for(("account_manager",), first.on))
    history = tuple(forged if a is first else a for a in k.amendments)
    edited = attrs.evolve(k, amendments=history)  # the stored document, signatures edited
    with pytest.raises(AuthorityError):
        edited.replay(authority=AmendmentAuthority(matrix=t.SIGNING_MATRIX))


def test_an_amendment_to_an_unsigned_contract_is_refused_before_anything_else() -> None:
    matrix = load_sample().authority
    k = attrs.evolve(_contract("440000", matrix), state=m.ContractState.CONFIRMED, signatures=())
    with pytest.raises(LifecycleError) as caught:
        amend_contract(
            k,
            attrs.evolve(k.terms, value=eur("520000")),
            by="p-am01",
            on=DAY,
            signatures=(),
            matrix=matrix,
        )
    assert (caught.value.field, caught.value.state, caught.value.transition) == (
        "state",
        "confirmed",
        "amend",
    )


def test_amendment_routes_show_as_tables(check_display: Any) -> None:
    matrix = load_sample().authority
    k = _contract("440000", matrix)
    route = amendment_route(matrix, k, attrs.evolve(k.terms, value=eur("520000")))
    check_display(route)
    check_display(route.explain())
    assert [r["added"] for r in route.to_records()] == [False, True]
