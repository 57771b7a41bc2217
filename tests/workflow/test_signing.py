"""Signature authority routing (step 2.6.4): minimal chains proven by brute force."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import AuthorityError, InvalidInputError
from clientel.testing import money, signing_authorities
from clientel.workflow import (
    SigningAuthority,
    SigningLimit,
    check_signatures,
    needs_ceremony,
    required_signers,
    sign_contract,
)
from clientel.workflow.kernels import minimal_cover

R = m.Role
DAY = dt.date(2027, 4, 1)


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


AUTHORITY = SigningAuthority(
    limits=[
        SigningLimit(role=R.ACCOUNT_MANAGER, max_value=eur(50_000)),
        SigningLimit(role=R.BU_GM, max_value=eur(500_000)),
        SigningLimit(role=R.BG_GM, max_value=eur(2_000_000)),
        SigningLimit(role=R.BU_GM, max_value=eur(250_000), business_type="outsourcing"),
        SigningLimit(role=R.BU_GM, max_value=m.Money(600_000, "USD")),
    ]
)


def brute_force(authority: SigningAuthority, value: m.Money) -> tuple[int, m.Money] | None:
    """Fewest signers and, among those, least combined authority, over every subset."""
    limits = authority.for_deal(value.currency)
    best: tuple[int, m.Money] | None = None
    for k in range(len(limits) + 1):
        for combo in itertools.combinations(limits, k):
            total = m.Money.sum((limits[r] for r in combo), value.currency)
            if (
                k >= authority.min_signers
                and set(authority.mandatory) <= set(combo)
                and total >= value
                and (best is None or (k, total.amount) < (best[0], best[1].amount))
            ):
                best = (k, total)
    return best


@given(signing_authorities(max_roles=6), money("EUR", min_value=0, max_value=3 * 10**6))
def test_routing_covers_the_value_and_no_shorter_chain_exists(
    authority: SigningAuthority, value: m.Money
) -> None:
    expected = brute_force(authority, value)
    if expected is None:
        with pytest.raises(AuthorityError, match="no chain"):
            required_signers(authority, value)
        return
    chain = required_signers(authority, value)
    limits = authority.for_deal("EUR")
    assert chain.combined >= value
    assert chain.combined == m.Money.sum((limits[r] for r in chain.roles), "EUR")
    assert set(authority.mandatory) <= set(chain.roles)
    assert len(set(chain.roles)) == len(chain.roles) >= authority.min_signers
    assert (len(chain.roles), chain.combined) == expected
    # the chain it returns is accepted when those roles sign
    contract = _contract(value)
    sigs = [m.Signature(signer_id=f"p-{r.value}", role=r, on=DAY) for r in chain.roles]
    assert check_signatures(contract, sigs, authority) == tuple(sigs)


@given(signing_authorities(max_roles=5), st.data())
def test_routing_ignores_the_order_of_the_limits(
    authority: SigningAuthority, data: st.DataObject
) -> None:
    value = data.draw(money("EUR", min_value=0, max_value=2 * 10**6))
    shuffled = SigningAuthority(
        limits=data.draw(st.permutations(authority.limits)),
        min_signers=authority.min_signers,
        mandatory=authority.mandatory,
    )
    try:
        a = required_signers(authority, value)
    except AuthorityError:
        with pytest.raises(AuthorityError):
            required_signers(shuffled, value)
        return
    assert required_signers(shuffled, value) == a


@given(signing_authorities(max_roles=5), st.data())
def test_bigger_contracts_never_need_fewer_signers(
    authority: SigningAuthority, data: st.DataObject
) -> None:
    a, b = sorted(
        data.draw(st.lists(money("EUR", min_value=0, max_value=2 * 10**6), min_size=2, max_size=2))
    )
    try:
        big = required_signers(authority, b)
    except AuthorityError:
        return
    assert len(required_signers(authority, a).roles) <= len(big.roles)


def _contract(value: m.Money, business_type: str = "system_integration") -> m.Contract:
    c = m.Contract(
        id="k-1",
        client_id="c-1",
        proposal_id="pr-1",
        template_id="tpl",
        business_type=business_type,
        value=value,
        start_on=DAY,
        end_on=DAY,
    )
    for kind, role in [
        (m.ConfirmationKind.COMMERCIAL, R.BU_GM),
        (m.ConfirmationKind.TECHNICAL, R.BU_GM),
        (m.ConfirmationKind.LIABILITY, R.LEGAL),
    ]:
        c = c.confirm(kind, role, "p-x", DAY)
    return c


def test_worked_routing_examples() -> None:
    assert required_signers(AUTHORITY, eur(40_000)).roles == (R.ACCOUNT_MANAGER,)
    assert required_signers(AUTHORITY, eur(480_000)).roles == (R.BU_GM,)
    assert required_signers(AUTHORITY, eur(2_200_000)).roles == (R.BU_GM, R.BG_GM)
    assert required_signers(AUTHORITY, eur(2_550_000)).roles == (
        R.ACCOUNT_MANAGER,
        R.BU_GM,
        R.BG_GM,
    )
    # business-type limit overrides the general one: outsourcing BU GM signs only up to 250k
    assert required_signers(AUTHORITY, eur(480_000), business_type="outsourcing").roles == (
        R.BG_GM,
    )
    assert required_signers(AUTHORITY, m.Money(480_000, "USD")).roles == (R.BU_GM,)
    with pytest.raises(AuthorityError, match=r"all 3 roles together: 2550000 EUR"):
        required_signers(AUTHORITY, eur(2_550_001))
    with pytest.raises(AuthorityError, match="no chain"):
        required_signers(AUTHORITY, m.Money(1, "GBP"))
    four_eyes = SigningAuthority(limits=AUTHORITY.limits, min_signers=2, mandatory=[R.BU_GM])
    assert required_signers(four_eyes, eur(10_000)).roles == (R.ACCOUNT_MANAGER, R.BU_GM)


def test_signatures_beyond_authority_raise() -> None:
    c = _contract(eur(480_000))
    am = m.Signature(signer_id="p-am", role=R.ACCOUNT_MANAGER, on=DAY)
    gm = m.Signature(signer_id="p-gm", role=R.BU_GM, on=DAY)
    legal = m.Signature(signer_id="p-legal", role=R.LEGAL, on=DAY)
    with pytest.raises(
        AuthorityError, match=r"does not cover 480000 EUR; the minimal chain is \['bu_gm'\]"
    ):
        sign_contract(c, [am], AUTHORITY)
    with pytest.raises(AuthorityError, match="legal may not sign"):
        sign_contract(c, [gm, legal], AUTHORITY)
    with pytest.raises(InvalidInputError, match="one signature per role"):
        sign_contract(c, [gm, gm], AUTHORITY)
    signed = sign_contract(c, [am, gm], AUTHORITY, ceremony_over=eur(1_000_000))
    assert signed.state is m.ContractState.SIGNED
    assert signed.ceremony is False
    big = sign_contract(
        _contract(eur(2_200_000)),
        [gm, m.Signature(signer_id="p-bg", role=R.BG_GM, on=DAY)],
        AUTHORITY,
        ceremony_over=eur(1_000_000),
    )
    assert big.ceremony is True
    four_eyes = SigningAuthority(limits=AUTHORITY.limits, min_signers=2, mandatory=[R.BU_GM])
    with pytest.raises(AuthorityError, match="at least 2 signature"):
        check_signatures(c, [gm], four_eyes)


def test_ceremony_threshold() -> None:
    assert needs_ceremony(eur(1_000_000), eur(1_000_000))
    assert not needs_ceremony(eur(999_999), eur(1_000_000))
    assert not needs_ceremony(eur(10**9), None)
    with pytest.raises(InvalidInputError, match="threshold in USD"):
        needs_ceremony(eur(1), m.Money(1, "USD"))


def test_authority_and_kernel_input_checks() -> None:
    with pytest.raises(InvalidInputError, match=r"limits\[1\]"):
        SigningAuthority(
            limits=[
                SigningLimit(role=R.BU_GM, max_value=eur(1)),
                SigningLimit(role=R.BU_GM, max_value=eur(2)),
            ]
        )
    with pytest.raises(AuthorityError, match="mandatory signers"):
        required_signers(SigningAuthority(limits=AUTHORITY.limits, mandatory=[R.LEGAL]), eur(1))
    with pytest.raises(InvalidInputError, match="value"):
        required_signers(AUTHORITY, eur(-1))
    with pytest.raises(InvalidInputError, match="at most 20 roles"):
        minimal_cover(np.ones(21, dtype=np.int64), 1)
    with pytest.raises(InvalidInputError, match="limits"):
        minimal_cover(np.array([-1]), 1)


@given(st.lists(st.integers(0, 1000), max_size=8), st.integers(0, 5000), st.integers(1, 3))
def test_cover_kernel_against_itertools(limits: list[int], value: int, min_count: int) -> None:
    got = minimal_cover(np.array(limits, dtype=np.int64), value, min_count=min_count)
    feasible = [
        (k, sum(c), bits)
        for k in range(len(limits) + 1)
        for bits in itertools.combinations(range(len(limits)), k)
        for c in [[limits[i] for i in bits]]
        if k >= min_count and sum(c) >= value
    ]
    if not feasible:
        assert got is None
        return
    assert got is not None
    k, total, _ = min(feasible, key=lambda t: (t[0], t[1]))
    assert (int(got.sum()), int(np.array(limits)[got].sum())) == (k, total)


@given(signing_authorities())
def test_signing_authorities_round_trip_through_json(authority: SigningAuthority) -> None:
    assert m.from_data(m.to_data(authority), SigningAuthority) == authority
    if len(authority.limits) >= authority.min_signers:  # else no chain can exist at all
        chain = required_signers(authority, m.Money(0, "EUR"))
        assert m.from_data(m.to_data(chain), type(chain)) == chain
