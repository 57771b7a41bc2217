"""Signing within each signer's own authority (step 2.6.4): escalation, never added limits.

Minimal chains are checked against a brute force over every subset of roles
(itertools), written here independently of the engine and its kernel.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import AuthorityError, InvalidInputError, MissingDataError
from clientel.testing import authority_matrices, money, rate_tables
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    RateTable,
    check_signatures,
    kernels,
    needs_ceremony,
    required_signers,
    sign_contract,
)

R = m.Role
DAY = dt.date(2027, 4, 1)
CONFIRMED_ON = dt.date(2027, 3, 1)


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


#: The limits of issue 13: account manager 50k, BU GM 500k, BG GM 2M.
MATRIX = AuthorityMatrix(
    currency="EUR",
    rules=[
        AuthorityRule(role=R.ACCOUNT_MANAGER, level=0, sign_limit=eur(50_000)),
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(500_000)),
        AuthorityRule(role=R.BG_GM, level=2, sign_limit=eur(2_000_000)),
        AuthorityRule(role=R.BU_GM, level=1, business_type="outsourcing", sign_limit=eur(250_000)),
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=m.Money(600_000, "USD")),
    ],
)


def contract(value: m.Money, business_type: str = "system_integration") -> m.Contract:
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
        c = c.confirm(kind, role, "p-x", CONFIRMED_ON)  # before any signature
    return c


def sig(role: m.Role, who: str | None = None, **kw: object) -> m.Signature:
    return m.Signature(signer_id=who or f"p-{role.value}", role=role, on=DAY, **kw)  # type: ignore[arg-type]


def test_a_value_above_a_signers_limit_escalates_and_limits_are_never_added() -> None:
    """The three cases of issue 13, each against the reading of a DoA reviewer."""
    assert required_signers(MATRIX, eur(40_000)).roles == ("account_manager",)
    assert required_signers(MATRIX, eur(480_000)).roles == ("bu_gm",)
    assert required_signers(MATRIX, eur(2_000_000)).roles == ("bg_gm",)  # inclusive limit
    # 2.2M and 2.55M are above every limit: refused, naming the value and the highest limit
    for value in ("2200000", "2550000"):
        with pytest.raises(AuthorityError) as info:
            required_signers(MATRIX, eur(value))
        assert info.value.field == "value"
        assert f"no role may sign {value} EUR" in str(info.value)
        assert "the highest signing limit is 2000000 EUR (bg_gm)" in str(info.value)
    # two signers whose limits add up to the value do not cover it: one own limit must
    two = AuthorityMatrix(
        currency="EUR",
        rules=[
            AuthorityRule(role=R.ACCOUNT_MANAGER, level=0, sign_limit=eur(250_000)),
            AuthorityRule(role=R.SEGMENT_MANAGER, level=0, sign_limit=eur(250_000)),
            AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(500_000)),
        ],
    )
    signed = [sig(R.ACCOUNT_MANAGER), sig(R.SEGMENT_MANAGER)]
    with pytest.raises(AuthorityError, match=r"no signer's own limit covers 480000 EUR") as info:
        check_signatures(contract(eur(480_000)), signed, two)
    assert "the minimal chain is ['bu_gm']" in str(info.value)
    assert check_signatures(contract(eur(480_000)), [sig(R.BU_GM)], two) == (sig(R.BU_GM),)


def test_business_types_currencies_and_rates() -> None:
    # the outsourcing rule overrides the BU GM's general limit: 480k escalates to the BG GM
    assert required_signers(MATRIX, eur(480_000), business_type="outsourcing").roles == ("bg_gm",)
    # the BU GM has a USD rule of its own; the others are converted with the rate table
    table = RateTable(as_of=DAY, base="EUR", rates={"USD": "0.92"})
    usd = m.Money(580_000, "USD")
    assert required_signers(MATRIX, usd, rates=table).roles == ("bu_gm",)
    # 700k USD = 644,000 EUR at 0.92: above the BU GM's own 600k USD, the BG GM's 2M EUR covers
    chain = required_signers(MATRIX, m.Money(700_000, "USD"), rates=table)
    assert chain.roles == ("bg_gm",)
    with pytest.raises(MissingDataError, match="no GBP rate in the table as of 2027-04-01") as info:
        required_signers(MATRIX, m.Money(10, "GBP"), rates=table)
    assert info.value.field == "rates"
    with pytest.raises(MissingDataError, match="pass a RateTable"):
        required_signers(MATRIX, m.Money(700_000, "USD"))


def test_minimum_counts_four_eyes_and_mandatory_roles_add_co_signers() -> None:
    matrix = AuthorityMatrix(
        currency="EUR",
        rules=[*MATRIX.rules[:3], AuthorityRule(role=R.LEGAL, level=1, sign_limit=eur(0))],
        four_eyes_above=eur(250_000),
        mandatory_by_type={"outsourcing": [R.LEGAL]},
    )
    assert required_signers(matrix, eur(200_000)).roles == ("bu_gm",)
    four = required_signers(matrix, eur(480_000))
    assert four.roles == ("account_manager", "bu_gm")  # the most junior co-signer
    assert four.covering == "bu_gm"
    reasons = {s.role: s.reason for s in four.signers}
    assert reasons == {
        "account_manager": "co-signer: at least 2 signers (four-eyes above 250000 EUR)",
        "bu_gm": "own limit 500000 EUR covers the value",
    }
    legal = required_signers(matrix, eur(40_000), business_type="outsourcing")
    assert legal.roles == ("account_manager", "legal")
    assert [s.reason for s in legal.signers][1] == "mandatory for outsourcing contracts"
    text = str(four.explain())
    assert "limits are never added together" in text
    assert "bu_gm: own limit" in text
    with pytest.raises(AuthorityError, match=r"at least 2 signature") as info:
        check_signatures(contract(eur(480_000)), [sig(R.BU_GM)], matrix)
    assert info.value.field == "signatures"
    with pytest.raises(AuthorityError, match=r"including \['legal'\]"):
        check_signatures(contract(eur(40_000), "outsourcing"), [sig(R.ACCOUNT_MANAGER)], matrix)
    three = AuthorityMatrix(currency="EUR", rules=MATRIX.rules[:2], min_signers=3)
    with pytest.raises(AuthorityError, match="a chain needs 3 signers"):
        required_signers(three, eur(10))


def test_signing_records_delegations_and_ceremonies() -> None:
    matrix = AuthorityMatrix(
        currency="EUR",
        rules=MATRIX.rules[:3],
        holders={"p-am01": R.ACCOUNT_MANAGER, "p-gm": R.BU_GM, "p-bg": R.BG_GM},
        delegations=[
            Delegation(
                delegator="p-gm",
                delegate="p-am01",
                role=R.BU_GM,
                valid_from=dt.date(2027, 3, 1),
                valid_until=dt.date(2027, 3, 31),
            )
        ],
    )
    c = contract(eur(480_000))
    signed = sign_contract(c, [sig(R.BU_GM, "p-gm")], matrix, ceremony_over=eur(1_000_000))
    assert (signed.state, signed.ceremony) == (m.ContractState.SIGNED, False)
    with pytest.raises(AuthorityError, match="p-am01 does not hold the role bu_gm"):
        sign_contract(c, [sig(R.BU_GM, "p-am01")], matrix)
    out_of_time = sig(R.BU_GM, "p-am01", on_behalf_of="p-gm")  # signed on 2027-04-01
    with pytest.raises(AuthorityError, match=r"holds 2027-03-01\.\.2027-03-31, not on 2027-04-01"):
        sign_contract(c, [out_of_time], matrix)
    in_time = m.Signature(
        signer_id="p-am01", role=R.BU_GM, on=dt.date(2027, 3, 20), on_behalf_of="p-gm"
    )
    assert sign_contract(c, [in_time], matrix).signatures == (in_time,)
    big = sign_contract(
        contract(eur(1_500_000)), [sig(R.BG_GM, "p-bg")], matrix, ceremony_over=eur(1_000_000)
    )
    assert big.ceremony is True
    assert needs_ceremony(eur(1_000_000), eur(1_000_000))
    assert not needs_ceremony(eur(999_999), eur(1_000_000))
    assert not needs_ceremony(eur(10**9), None)
    with pytest.raises(InvalidInputError, match="threshold in USD"):
        needs_ceremony(eur(1), m.Money(1, "USD"))


def test_bad_signing_input_gets_a_named_error_and_changes_nothing() -> None:
    c = contract(eur(480_000))
    with pytest.raises(InvalidInputError) as info:
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(-1))
    assert info.value.field == "AuthorityRule.sign_limit"
    with pytest.raises(InvalidInputError) as info:
        AuthorityRule(role=R.BU_GM, level=-1)
    assert info.value.field == "AuthorityRule.level"
    with pytest.raises(InvalidInputError) as info:
        AuthorityMatrix(currency="EUR", rules=[MATRIX.rules[1], MATRIX.rules[1]])
    assert info.value.field == "AuthorityMatrix.rules[1]"
    with pytest.raises(AuthorityError, match="legal may not sign") as info:
        sign_contract(c, [sig(R.BU_GM), sig(R.LEGAL)], MATRIX)
    assert info.value.field == "signatures[1]"
    with pytest.raises(InvalidInputError, match="one signature per role"):
        sign_contract(c, [sig(R.BU_GM), sig(R.BU_GM, "p-other")], MATRIX)
    with pytest.raises(InvalidInputError, match="legacy"):
        sign_contract(c, [sig(R.BU_GM, legacy=True)], MATRIX)
    with pytest.raises(InvalidInputError, match="value"):
        required_signers(MATRIX, eur(-1))
    with pytest.raises(AuthorityError, match="mandatory signers"):
        required_signers(
            AuthorityMatrix(
                currency="EUR",
                rules=[*MATRIX.rules[:3], AuthorityRule(role=R.LEGAL, level=1)],
                mandatory=[R.LEGAL],
            ),
            eur(1),
        )
    assert c.state is m.ContractState.CONFIRMED
    assert c.signatures == ()


def _brute_force(matrix: AuthorityMatrix, value: m.Money) -> tuple[int, tuple[int, ...]] | None:
    """Fewest signers, then the lowest seniority (levels from the top), over every subset."""
    rules = {}
    for role in matrix.roles:
        rule = matrix.rule(role, "EUR")
        if rule.sign_limit is not None:
            rules[role] = rule
    need = matrix.min_signers
    if matrix.four_eyes_above is not None and value > matrix.four_eyes_above:
        need = max(need, 2)
    best: tuple[int, tuple[int, ...]] | None = None
    for k in range(1, len(rules) + 1):
        for combo in itertools.combinations(rules, k):
            ok = any(
                value <= rules[r].sign_limit
                if rules[r].inclusive  # type: ignore[operator]
                else value < rules[r].sign_limit
                for r in combo
            )  # type: ignore[operator]
            if ok and k >= need and set(matrix.mandatory) <= set(combo):
                key = (k, tuple(sorted((rules[r].level for r in combo), reverse=True)))
                best = key if best is None or key < best else best
    return best


@given(authority_matrices(), money("EUR", min_value=0, max_value=6 * 10**6))
def test_every_chain_holds_a_role_whose_own_limit_covers_the_value(
    matrix: AuthorityMatrix, value: m.Money
) -> None:
    expected = _brute_force(matrix, value)
    if expected is None:
        with pytest.raises(AuthorityError):
            required_signers(matrix, value)
        return
    chain = required_signers(matrix, value)
    own = {s.role: s.limit for s in chain.signers}
    rule = matrix.rule(chain.covering, "EUR")
    assert value <= own[chain.covering] if rule.inclusive else value < own[chain.covering]
    assert set(matrix.mandatory) <= set(chain.roles)
    levels = tuple(sorted((s.level for s in chain.signers), reverse=True))
    assert (len(chain.roles), levels) == expected
    signatures = [m.Signature(signer_id=f"p-{r}", role=m.Role(r), on=DAY) for r in chain.roles]
    assert check_signatures(contract(value), signatures, matrix) == tuple(signatures)


@given(authority_matrices(), st.data())
def test_signing_sets_without_an_own_covering_limit_are_refused(
    matrix: AuthorityMatrix, data: st.DataObject
) -> None:
    signers = [r for r in matrix.roles if matrix.rule(r, "EUR").sign_limit is not None]
    assume(signers)
    picked = data.draw(st.lists(st.sampled_from(signers), min_size=1, unique=True))
    limits = [matrix.rule(r, "EUR").sign_limit for r in picked]
    top = max(lim.amount for lim in limits if lim is not None)
    value = eur(top + 1)  # above every picked signer's own limit, below their sum perhaps
    signatures = [m.Signature(signer_id=f"p-{r}", role=m.Role(r), on=DAY) for r in picked]
    with pytest.raises(AuthorityError):
        check_signatures(contract(value), signatures, matrix)


@given(authority_matrices(max_roles=5), st.data())
def test_bigger_contracts_never_need_fewer_signers_or_a_more_junior_top_signer(
    matrix: AuthorityMatrix, data: st.DataObject
) -> None:
    a, b = sorted(
        data.draw(st.lists(money("EUR", min_value=0, max_value=3 * 10**6), min_size=2, max_size=2))
    )
    try:
        big = required_signers(matrix, b)
    except AuthorityError:
        return
    small = required_signers(matrix, a)
    assert len(small.roles) <= len(big.roles)
    assert max(s.level for s in small.signers) <= max(s.level for s in big.signers)


@given(authority_matrices(), rate_tables())
def test_matrices_and_rate_tables_round_trip_through_json(
    matrix: AuthorityMatrix, table: RateTable
) -> None:
    assert m.loads(m.dumps(matrix), AuthorityMatrix) == matrix
    assert m.loads(m.dumps(table), RateTable) == table
    assert m.to_document(matrix)["type"] == "AuthorityMatrix"
    assert pickle.loads(pickle.dumps(matrix)) == matrix
    assert pickle.loads(pickle.dumps(table)) == table


@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.booleans()), max_size=8),
    st.lists(st.integers(0, 2 * 10**6), max_size=20),
)
def test_covering_kernel_against_a_python_loop(
    roles: list[tuple[int, int, bool]], values: list[int]
) -> None:
    limits = np.array([r[0] for r in roles], dtype=np.int64)
    levels = np.array([r[1] for r in roles], dtype=np.int64)
    inclusive = np.array([r[2] for r in roles], dtype=bool)
    got = kernels.covering_signer(
        limits, levels, np.array(values, dtype=np.int64), inclusive=inclusive
    )
    for v, idx in zip(values, got.tolist(), strict=True):
        ok = [i for i, (lim, _, inc) in enumerate(roles) if (v <= lim if inc else v < lim)]
        want = min(ok, key=lambda i: (roles[i][1], roles[i][0], i)) if ok else -1
        assert idx == want


def test_kernel_input_checks() -> None:
    with pytest.raises(InvalidInputError, match="limit >= 0"):
        kernels.covering_signer(np.array([-1]), np.array([0]), np.array([1]))
    with pytest.raises(InvalidInputError, match="integer array"):
        kernels.covering_signer(np.array([1.5]), np.array([0]), np.array([1]))
    with pytest.raises(InvalidInputError, match="cover flag"):
        kernels.signing_chain(np.array([0, 1]), np.array([True]))
    assert kernels.signing_chain(np.array([0]), np.array([False])) is None
    assert kernels.covering_signer(
        np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([5])
    ).tolist() == [-1]
