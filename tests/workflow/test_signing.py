"""Signing within each signer's own authority (step 2.6.4): escalation, never added limits.

Minimal chains are checked against a brute force over every subset of roles
(itertools), written here independently of the engine and its kernel.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import (
    AuthorityError,
    InvalidInputError,
    MissingDataError,
    UnknownReferenceError,
)
from clientel.testing import authority_matrices, money, rate_tables
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    Dimension,
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


# -- Pinned behaviour (issue 31): every error's whole text, every rule exercised ------------
# Written against the survivors of a mutation run (docs/quality.md): errors are compared by
# class and whole text (``field: message (got value)``); the chains are read off the matrices
# by hand (who covers the value alone, who is mandatory, how many must sign).

AM = AuthorityRule(role=R.ACCOUNT_MANAGER, level=0, sign_limit=eur(50_000))
BU = AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(500_000))
BG = AuthorityRule(role=R.BG_GM, level=2, sign_limit=eur(2_000_000))
LEGAL = AuthorityRule(role=R.LEGAL, level=1, sign_limit=eur(0))
LADDER = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG])


def _error(call: Callable[[], object]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_limits_are_inclusive_unless_a_rule_says_otherwise() -> None:
    assert required_signers(LADDER, eur(50_000)).roles == ("account_manager",)
    assert required_signers(LADDER, eur("50000.01")).roles == ("bu_gm",)
    assert required_signers(LADDER, eur(0)).roles == ("account_manager",)
    strict = AuthorityMatrix(
        currency="EUR",
        rules=[AuthorityRule(role=R.ACCOUNT_MANAGER, level=0, sign_limit=eur(50_000),
                             inclusive=False), BU],
    )  # fmt: skip
    assert required_signers(strict, eur(50_000)).roles == ("bu_gm",)
    assert required_signers(strict, eur("49999.99")).roles == ("account_manager",)
    assert check_signatures(contract(eur(50_000)), [sig(R.BU_GM)], strict)
    err = _error(lambda: check_signatures(contract(eur(50_000)), [sig(R.ACCOUNT_MANAGER)], strict))
    assert type(err) is AuthorityError
    assert str(err) == (
        "signatures: no signer's own limit covers 50000 EUR (account_manager 50000 EUR); limits "
        "are never added together: the minimal chain is ['bu_gm']"
    )


def test_business_type_rules_override_the_general_limit() -> None:
    outsourcing = AuthorityMatrix(
        currency="EUR",
        rules=[AM, BU, BG,
               AuthorityRule(role=R.BU_GM, level=1, business_type="outsourcing",
                             sign_limit=eur(250_000))],
    )  # fmt: skip
    # 300k: the BU GM signs it alone in general, not for outsourcing (his limit there is 250k)
    assert required_signers(outsourcing, eur(300_000)).roles == ("bu_gm",)
    chain = required_signers(outsourcing, eur(300_000), business_type="outsourcing")
    assert (chain.roles, chain.covering, chain.business_type) == (
        ("bg_gm",),
        "bg_gm",
        "outsourcing",
    )
    assert required_signers(outsourcing, eur(250_000), business_type="outsourcing").roles == (
        "bu_gm",
    )
    assert check_signatures(contract(eur(300_000)), [sig(R.BU_GM)], outsourcing)
    err = _error(
        lambda: check_signatures(contract(eur(300_000), "outsourcing"), [sig(R.BU_GM)], outsourcing)
    )
    assert str(err) == (
        "signatures: no signer's own limit covers 300000 EUR (bu_gm 250000 EUR); limits are never "
        "added together: the minimal chain is ['bg_gm']"
    )
    # a rule for the business type only: other types have no BU GM rule in that role
    only = AuthorityMatrix(
        currency="EUR",
        rules=[AM, AuthorityRule(role=R.BU_GM, level=1, business_type="outsourcing",
                                 sign_limit=eur(250_000))],
    )  # fmt: skip
    assert only.rule("bu_gm", "EUR", "outsourcing").sign_limit == eur(250_000)
    err = _error(lambda: only.rule("bu_gm", "EUR"))
    assert type(err) is AuthorityError
    assert str(err) == "role: bu_gm has no rule in EUR or EUR (got 'bu_gm')"
    err = _error(lambda: required_signers(only, eur(100_000)))
    assert str(err) == (
        "value: no role may sign 100000 EUR: the highest signing limit is 50000 EUR "
        "(account_manager) (got '100000 EUR')"
    )


def test_mandatory_roles_sign_with_their_reasons() -> None:
    matrix = AuthorityMatrix(
        currency="EUR", rules=[AM, BU, BG, LEGAL], mandatory=[R.LEGAL],
        mandatory_by_type={"outsourcing": [R.BG_GM]},
    )  # fmt: skip
    chain = required_signers(matrix, eur(10_000))
    assert chain.roles == ("account_manager", "legal")
    assert [s.reason for s in chain.signers] == [
        "own limit 50000 EUR covers the value",
        "mandatory on every contract",
    ]
    typed = required_signers(matrix, eur(10_000), business_type="outsourcing")
    assert typed.roles == ("legal", "bg_gm")
    assert typed.covering == "bg_gm"  # a mandatory coverer spares the account manager
    assert [s.reason for s in typed.signers] == [
        "mandatory on every contract",
        "mandatory for outsourcing contracts; own limit 2000000 EUR covers the value",
    ]
    # signed without the mandatory legal role: refused, naming who must sign
    err = _error(lambda: check_signatures(contract(eur(10_000)), [sig(R.ACCOUNT_MANAGER)], matrix))
    assert type(err) is AuthorityError
    assert str(err) == (
        "signatures: needs at least 1 signature(s) (the matrix's minimum) including ['legal'] "
        "(got ['legal'])"
    )
    assert err.field == "signatures"  # type: ignore[attr-defined]
    ok = [sig(R.ACCOUNT_MANAGER), sig(R.LEGAL)]
    assert check_signatures(contract(eur(10_000)), ok, matrix) == tuple(ok)
    err = _error(lambda: check_signatures(contract(eur(10_000), "outsourcing"), ok, matrix))
    assert str(err) == (
        "signatures: needs at least 1 signature(s) (the matrix's minimum) including "
        "['legal', 'bg_gm'] (got ['bg_gm'])"
    )


def test_four_eyes_and_minimum_counts() -> None:
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG], four_eyes_above=eur(250_000))
    assert required_signers(matrix, eur(250_000)).roles == ("bu_gm",)  # not above: one signer
    chain = required_signers(matrix, eur("250000.01"))
    assert chain.roles == ("account_manager", "bu_gm")
    assert chain.signers[0].reason == "co-signer: at least 2 signers (four-eyes above 250000 EUR)"
    err = _error(lambda: check_signatures(contract(eur(300_000)), [sig(R.BU_GM)], matrix))
    assert str(err) == (
        "signatures: needs at least 2 signature(s) (four-eyes above 250000 EUR) including [] "
        "(got [])"
    )
    three = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG], min_signers=3,
                            four_eyes_above=eur(1))  # fmt: skip
    assert required_signers(three, eur(10)).roles == ("account_manager", "bu_gm", "bg_gm")
    four = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG], min_signers=4)
    err = _error(lambda: required_signers(four, eur(10)))
    assert (type(err), str(err)) == (
        AuthorityError,
        "AuthorityMatrix.min_signers: a chain needs 4 signers (the matrix's minimum); only 3 "
        "roles may sign (got 4)",
    )


def test_conversions_and_highest_limit_across_currencies() -> None:
    usd_rule = AuthorityRule(role=R.BG_GM, level=2, sign_limit=m.Money(3_000_000, "USD"))
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, BU, usd_rule])
    rates = RateTable(as_of=DAY, base="EUR", rates={"USD": "0.8"})
    # 2.2M USD = 1.76M EUR: the BG GM's own 3M USD limit covers it, in USD
    assert required_signers(matrix, m.Money(2_200_000, "USD"), rates=rates).roles == ("bg_gm",)
    err = _error(lambda: required_signers(matrix, m.Money(3_100_000, "USD"), rates=rates))
    assert str(err) == (
        "value: no role may sign 3100000 USD: the highest signing limit is 3000000 USD (bg_gm) "
        "(got '3100000 USD')"
    )


def test_signing_errors_name_their_field() -> None:
    k = contract(eur(10_000))
    cases: list[tuple[Callable[[], object], type[BaseException], str]] = [
        (lambda: required_signers(LADDER, eur(-1)), InvalidInputError,
         "value: expected a value >= 0 (got '-1 EUR')"),
        (lambda: required_signers(AuthorityMatrix(currency="EUR", rules=[
            AuthorityRule(role="am", level=0, sign_limit=m.Money(1, "USD"))]), m.Money(1, "JPY")),
         AuthorityError,
         "value: no role may sign contracts in JPY or EUR (got '1 JPY')"),
        (lambda: required_signers(
            AuthorityMatrix(currency="EUR", rules=[AM, AuthorityRule(role=R.LEGAL, level=1)],
                            mandatory=[R.LEGAL]), eur(1)), AuthorityError,
         "AuthorityMatrix.mandatory: mandatory signers ['legal'] have no signing limit for EUR "
         "contracts (got ['legal'])"),
        (lambda: check_signatures(k, [], LADDER), InvalidInputError,
         "signatures: at least one signature is needed"),
        (lambda: check_signatures(k, [sig(R.BU_GM), sig(R.BU_GM, "p-2")], LADDER),
         InvalidInputError, "signatures: one signature per role"),
        (lambda: check_signatures(k, [sig(R.BU_GM), sig(R.LEGAL)], LADDER), AuthorityError,
         "signatures[1]: legal may not sign system_integration contracts in EUR (got 'p-legal')"),
        (lambda: check_signatures(k, [sig(R.BU_GM, legacy=True)], LADDER), InvalidInputError,
         "signatures[0]: legacy signatures come only from schema-1 documents"),
        (lambda: needs_ceremony(eur(1), m.Money(1, "USD")), InvalidInputError,
         "threshold: threshold in USD, contract in EUR"),
    ]  # fmt: skip
    for call, kind, text in cases:
        err = _error(call)
        assert (type(err), str(err)) == (kind, text)


def test_ceremony_threshold_is_inclusive() -> None:
    assert needs_ceremony(eur(1_000_000), eur(1_000_000))
    assert not needs_ceremony(eur("999999.99"), eur(1_000_000))
    assert not needs_ceremony(eur(10**9), None)
    signed = sign_contract(contract(eur(1_000_000)), [sig(R.BG_GM)], LADDER,
                           ceremony_over=eur(1_000_000))  # fmt: skip
    assert signed.ceremony
    plain = sign_contract(contract(eur(10)), [sig(R.ACCOUNT_MANAGER)], LADDER,
                          ceremony_over=eur(1_000_000))  # fmt: skip
    assert not plain.ceremony
    assert [s.role for s in plain.signatures] == [R.ACCOUNT_MANAGER]


def test_delegations_and_holders() -> None:
    away = Delegation(delegator="p-gm", delegate="p-sm", role=R.BU_GM,
                      valid_from=dt.date(2027, 3, 25), valid_until=DAY)  # fmt: skip
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG], delegations=[away],
                             holders={"p-gm": R.BU_GM, "p-am": R.ACCOUNT_MANAGER})  # fmt: skip
    k = contract(eur(100_000))
    ok = [sig(R.BU_GM, "p-sm", on_behalf_of="p-gm")]
    assert check_signatures(k, ok, matrix) == tuple(ok)
    cases: list[tuple[list[m.Signature], str]] = [
        ([sig(R.BU_GM, "p-am")],
         "signatures[0]: p-am does not hold the role bu_gm (holds account_manager) (got 'p-am')"),
        ([sig(R.BU_GM, "p-xx", on_behalf_of="p-gm")],
         "signatures[0]: no delegation of bu_gm from p-gm to p-xx (got 'p-xx')"),
        ([m.Signature(signer_id="p-sm", role=R.BU_GM, on=dt.date(2027, 4, 2),
                      on_behalf_of="p-gm")],
         "signatures[0]: the delegation of bu_gm from p-gm to p-sm holds 2027-03-25..2027-04-01, "
         "not on 2027-04-02 (got '2027-04-02')"),
    ]  # fmt: skip
    for sigs, text in cases:
        err = _error(lambda sigs=sigs: check_signatures(k, sigs, matrix))  # type: ignore[misc]
        assert (type(err), str(err)) == (AuthorityError, text)
    assert away.valid_on(dt.date(2027, 3, 25))
    assert away.valid_on(DAY)
    assert not away.valid_on(dt.date(2027, 3, 24))


def test_matrix_errors_name_their_field() -> None:
    cases: list[tuple[Callable[[], object], type[BaseException], str]] = [
        (lambda: AuthorityMatrix(currency="EUR", rules=[]), InvalidInputError,
         "AuthorityMatrix.rules: expected at least one rule"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], min_signers=0), InvalidInputError,
         "AuthorityMatrix.min_signers: must be at least 1 (got 0)"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], four_eyes_above=m.Money(1, "USD")),
         InvalidInputError, "AuthorityMatrix.four_eyes_above: expected EUR, the matrix's currency"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM, AM]), InvalidInputError,
         "AuthorityMatrix.rules[1]: one rule per role, business type and currency, one level "
         "per role (got 'account_manager')"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[
            AM, AuthorityRule(role=R.ACCOUNT_MANAGER, level=1, business_type="outsourcing")]),
         InvalidInputError,
         "AuthorityMatrix.rules[1]: one rule per role, business type and currency, one level "
         "per role (got 'account_manager')"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], mandatory=[R.LEGAL]),
         UnknownReferenceError,
         "AuthorityMatrix: names a role that has no rule in the matrix (got 'legal')"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], mandatory_by_type={"x": [R.BU_GM]}),
         UnknownReferenceError,
         "AuthorityMatrix: names a role that has no rule in the matrix (got 'bu_gm')"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], holders={"p-1": R.BU_GM}),
         UnknownReferenceError,
         "AuthorityMatrix: names a role that has no rule in the matrix (got 'bu_gm')"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], mandatory_by_type=[("x", ["a"])]),
         InvalidInputError,
         "AuthorityMatrix.mandatory_by_type: expected a mapping of business type to roles"),
        (lambda: AuthorityMatrix(currency="EUR", rules=[AM], holders=[("p-1", "a")]),
         InvalidInputError, "AuthorityMatrix.holders: expected a mapping of person to role"),
        (lambda: AuthorityMatrix(currency="eur", rules=[AM]), InvalidInputError,
         "AuthorityMatrix.currency: expected an ISO 4217 code of three capital letters "
         "(got 'eur')"),
        (lambda: LADDER.level("legal"), UnknownReferenceError,
         "role: no rule for the role 'legal' in the matrix (got 'legal')"),
        (lambda: AuthorityRule(role="am", level=0, max_value=eur(1),
                               sign_limit=m.Money(1, "USD")), InvalidInputError,
         "AuthorityRule.sign_limit: money limits of one rule share a currency, got EUR and USD"),
        (lambda: AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["discount"]),
         InvalidInputError,
         "AuthorityRule.unlimited: discount is either limited or unlimited, among "
         "['discount', 'margin', 'value', 'payment_days'] (got 'discount')"),
        (lambda: AuthorityRule(role="am", level=0, unlimited=["clauses"]), InvalidInputError,
         "AuthorityRule.unlimited: clauses is either limited or unlimited, among "
         "['discount', 'margin', 'value', 'payment_days'] (got 'clauses')"),
        (lambda: AuthorityRule(role="am", level=0, unlimited=["speed"]), InvalidInputError,
         "AuthorityRule.unlimited: expected dimensions among "
         "['discount', 'margin', 'value', 'payment_days']"),
        (lambda: Delegation(delegator="a", delegate="b", role="r", valid_from=DAY,
                            valid_until=dt.date(2027, 3, 31)), InvalidInputError,
         "Delegation.valid_until: ends 2027-03-31 before it starts 2027-04-01"),
        (lambda: Delegation(delegator="a", delegate="a", role="r", valid_from=DAY,
                            valid_until=DAY), InvalidInputError,
         "Delegation.delegate: a person does not delegate to themselves (got 'a')"),
    ]  # fmt: skip
    for call, kind, text in cases:
        err = _error(call)
        assert (type(err), str(err)) == (kind, text)


def test_rule_lookup_order_and_limit_texts() -> None:
    general = AuthorityRule(role="am", level=0, max_discount=0.1)
    usd = AuthorityRule(role="am", level=0, max_value=m.Money(10, "USD"))
    eur_rule = AuthorityRule(role="am", level=0, max_value=eur(20))
    typed = AuthorityRule(role="am", level=0, business_type="ppp", max_value=eur(30))
    matrix = AuthorityMatrix(currency="EUR", rules=[general, usd, eur_rule, typed])
    # a rule in the deal's currency, then one without money limits, then the matrix's currency
    assert matrix.rule("am", "USD") is usd
    assert matrix.rule("am", "GBP") is general
    assert matrix.rule("am", "EUR") is eur_rule
    assert matrix.rule("am", "EUR", "ppp") is typed
    assert matrix.rule("am", "USD", "ppp") is typed  # the business type first
    assert (general.currency, usd.currency) == (None, "USD")
    assert AuthorityRule(role="am", level=0, sign_limit=eur(5)).currency == "EUR"
    rule = AuthorityRule(role="am", level=0, max_discount=0.125, min_margin=-0.05,
                         max_payment_days=60, clauses=True, unlimited=["value"],
                         sign_limit=eur(5))  # fmt: skip
    assert [rule.limit_text(d) for d in Dimension] == [
        "12.5%", "-5.0%", "unlimited", "60 days", "may accept", "none"
    ]  # fmt: skip
    assert AuthorityRule(role="am", level=0).limit_text(Dimension.CLAUSES) == "none"
    assert repr(rule) == (
        "<AuthorityRule am level 0: discount 12.5%, margin -5.0%, value unlimited, "
        "payment 60 days, clauses, signs 5 EUR>"
    )
    assert repr(AuthorityRule(role="am", level=3, business_type="ppp")) == (
        "<AuthorityRule am (ppp) level 3: none>"
    )
    assert matrix.signers_required("ppp") == ()
    both = AuthorityMatrix(currency="EUR", rules=[AM, LEGAL], mandatory=[R.LEGAL],
                           mandatory_by_type={"ppp": [R.LEGAL, R.ACCOUNT_MANAGER]})  # fmt: skip
    assert both.signers_required("ppp") == ("legal", "account_manager")
    assert both.signers_required(None) == ("legal",)
    assert both.roles == ("account_manager", "legal")
    assert repr(both) == "<AuthorityMatrix EUR serial: 2 rules, roles account_manager, legal>"


def test_kernel_errors_and_edges() -> None:
    none = kernels.covering_signer(np.array([], dtype=np.int64), np.array([], dtype=np.int64),
                                   np.array([5, 0]))  # fmt: skip
    assert none.tolist() == [-1, -1]
    # equal levels: the smaller limit covers first, then the lower index
    got = kernels.covering_signer(np.array([500, 50, 50]), np.array([1, 1, 1]), np.array([40, 60]))
    assert got.tolist() == [1, 0]
    strict = kernels.covering_signer(np.array([50, 500]), np.array([0, 1]), np.array([50, 0]),
                                     inclusive=np.array([False, True]))  # fmt: skip
    assert strict.tolist() == [1, 0]
    for call, text in [
        (lambda: kernels.covering_signer(np.array([-1]), np.array([0]), np.array([1])),
         "limits: one limit >= 0 and one level per role"),
        (lambda: kernels.covering_signer(np.array([1, 2]), np.array([0]), np.array([1])),
         "limits: one limit >= 0 and one level per role"),
        (lambda: kernels.signing_chain(np.array([0, 1]), np.array([True])),
         "covers: one level, cover flag and mandatory flag per role"),
        (lambda: kernels.signing_chain(np.array([0]), np.array([True]), mandatory=np.array([])),
         "covers: one level, cover flag and mandatory flag per role"),
    ]:  # fmt: skip
        err = _error(call)
        assert (type(err), str(err)) == (InvalidInputError, text)
    assert kernels.signing_chain(np.array([0, 1]), np.array([False, False])) is None
    assert kernels.signing_chain(np.array([0, 1]), np.array([True, True]), min_count=3) is None
    exact = kernels.signing_chain(np.array([0, 1]), np.array([False, True]), min_count=2)
    assert exact is not None
    assert exact.tolist() == [True, True]
    # equal levels: the lower index covers
    tie = kernels.signing_chain(np.array([1, 1, 0]), np.array([True, True, False]))
    assert tie is not None
    assert tie.tolist() == [True, False, False]


def test_kernel_names_each_array_and_covers_a_value_at_its_limit() -> None:
    for args, field in [
        ((np.array([1.5]), np.array([0]), np.array([1])), "limits"),
        ((np.array([1]), np.array([0.5]), np.array([1])), "levels"),
        ((np.array([1]), np.array([0]), np.array([[1]])), "values"),
    ]:
        err = _error(lambda args=args: kernels.covering_signer(*args))  # type: ignore[misc]
        assert isinstance(err, InvalidInputError)
        assert err.field == field
    for levels in (np.array([0.5]), np.array([[0]])):
        with pytest.raises(InvalidInputError) as info:
            kernels.signing_chain(levels, np.array([True]))
        assert info.value.field == "levels"
    # a value equal to a limit is covered by default (inclusive)
    assert kernels.covering_signer(np.array([50, 500]), np.array([0, 1]),
                                   np.array([50, 500, 501])).tolist() == [0, 1, -1]  # fmt: skip
    empty = kernels.covering_signer(np.array([], dtype=np.int64), np.array([], dtype=np.int64),
                                    np.array([1]))  # fmt: skip
    assert empty.dtype == np.int64


def test_chains_explain_themselves() -> None:
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, BU], four_eyes_above=eur(250_000))
    chain = required_signers(matrix, eur(480_000))
    text = chain.explain()
    assert str(text) == (
        "contract of 480000 EUR: account_manager + bu_gm sign\n"
        "  account_manager  +0  (value 50000 EUR)\n"
        "  bu_gm            +1  (value 500000 EUR)\n"
        "  account_manager: co-signer: at least 2 signers (four-eyes above 250000 EUR)\n"
        "  bu_gm: own limit 500000 EUR covers the value\n"
        "  one signer's own limit covers the value; limits are never added together"
    )
    assert text.effect_kind == "seniority level"
    assert [(f.criterion, f.effect, f.value) for f in text] == [
        ("account_manager", 0.0, "50000 EUR"), ("bu_gm", 1.0, "500000 EUR")]  # fmt: skip
    assert repr(chain) == "<SigningChain 480000 EUR: account_manager, bu_gm (bu_gm covers)>"
    assert chain.to_records() == [
        {"role": "account_manager", "level": 0, "limit": "50000 EUR",
         "reason": "co-signer: at least 2 signers (four-eyes above 250000 EUR)"},
        {"role": "bu_gm", "level": 1, "limit": "500000 EUR",
         "reason": "own limit 500000 EUR covers the value"},
    ]  # fmt: skip


def test_rule_matrix_and_delegation_records() -> None:
    rule = AuthorityRule(role="am", level=0, business_type="ppp", max_value=eur(250_000),
                         max_discount=0.1, sign_limit=eur(50_000), inclusive=False)  # fmt: skip
    assert rule.to_records() == [{
        "role": "am", "level": 0, "business_type": "ppp", "discount": "10.0%", "margin": "none",
        "value": "250000 EUR", "payment_days": "none", "clauses": "none",
        "sign_limit": "50000 EUR", "inclusive": False}]  # fmt: skip
    assert AuthorityRule(role="am", level=0).to_records()[0]["sign_limit"] is None
    away = Delegation(delegator="p-gm", delegate="p-sm", role=R.BU_GM, valid_from=DAY,
                      valid_until=DAY)  # fmt: skip
    assert away.to_records() == [{"role": "bu_gm", "delegator": "p-gm", "delegate": "p-sm",
                                  "valid_from": DAY, "valid_until": DAY}]  # fmt: skip
    matrix = AuthorityMatrix(currency="EUR", min_signers=2, rules=[
        AuthorityRule(role="bu_gm", level=1, business_type="ppp"),
        AuthorityRule(role="bu_gm", level=1), AuthorityRule(role="am", level=0)])  # fmt: skip
    assert [(r["role"], r["business_type"]) for r in matrix.to_records()] == [
        ("am", None), ("bu_gm", None), ("bu_gm", "ppp")]  # fmt: skip
    # a role's default rule comes before its overrides, whatever the types are called
    typed = AuthorityMatrix(currency="EUR", rules=[
        AuthorityRule(role="bu_gm", level=1, business_type="ppp"),
        AuthorityRule(role="bu_gm", level=1, business_type="Audit"),
        AuthorityRule(role="bu_gm", level=1)])  # fmt: skip
    assert [r["business_type"] for r in typed.to_records()] == [None, "Audit", "ppp"]
    assert repr(matrix) == (
        "<AuthorityMatrix EUR serial: 3 rules, roles am, bu_gm; at least 2 signers>"
    )


def test_conversions_reach_every_check() -> None:
    rates = RateTable(as_of=DAY, base="EUR", rates={"USD": "0.8"})
    usd = AuthorityMatrix(currency="EUR", four_eyes_above=eur(400_000), rules=[
        AuthorityRule(role=R.ACCOUNT_MANAGER, level=0, sign_limit=eur(50_000)),
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(400_000)),
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=m.Money(600_000, "USD"))])  # fmt: skip
    # 550k USD: the BU GM's USD limit covers it (his EUR one would not: 440k EUR > 400k EUR);
    # 440k EUR is above the four-eyes threshold, so a co-signer joins
    deal = contract(m.Money(550_000, "USD"))
    both = [sig(R.ACCOUNT_MANAGER), sig(R.BU_GM)]
    assert check_signatures(deal, both, usd, rates=rates) == tuple(both)
    signed = sign_contract(deal, both, usd, rates=rates)
    assert len(signed.signatures) == 2
    err = _error(lambda: check_signatures(deal, [sig(R.BU_GM)], usd, rates=rates))
    assert str(err) == (
        "signatures: needs at least 2 signature(s) (four-eyes above 400000 EUR) including [] "
        "(got [])"
    )
    # the highest limit is compared in the matrix's currency (600k USD = 480k EUR < 500k EUR)
    mixed = AuthorityMatrix(currency="EUR", rules=[
        AuthorityRule(role=R.BU_GM, level=1, sign_limit=eur(500_000)),
        AuthorityRule(role=R.BG_GM, level=2, sign_limit=m.Money(600_000, "USD"))])  # fmt: skip
    err = _error(lambda: required_signers(mixed, eur(2_000_000), rates=rates))
    assert str(err) == (
        "value: no role may sign 2000000 EUR: the highest signing limit is 500000 EUR (bu_gm) "
        "(got '2000000 EUR')"
    )
    # a USD contract sees both limits (the BU GM's in the matrix's EUR): 600k USD is
    # 480k EUR, below the BU GM's 500k EUR, though 600,000 is the larger number
    err = _error(lambda: required_signers(mixed, m.Money(2_000_000, "USD"), rates=rates))
    assert str(err) == (
        "value: no role may sign 2000000 USD: the highest signing limit is 500000 EUR (bu_gm) "
        "(got '2000000 USD')"
    )
    # limits the table cannot convert are compared as written: the junior's 300 is highest
    dollars = AuthorityMatrix(currency="EUR", rules=[
        AuthorityRule(role="am", level=0, sign_limit=m.Money(300, "USD")),
        AuthorityRule(role="bu", level=1, sign_limit=m.Money(200, "USD"))])  # fmt: skip
    err = _error(lambda: required_signers(dollars, m.Money(500, "USD")))
    assert str(err) == (
        "value: no role may sign 500 USD: the highest signing limit is 300 USD (am) (got '500 USD')"
    )


def test_refusals_list_every_signer_and_every_span() -> None:
    two = [sig(R.ACCOUNT_MANAGER), sig(R.BU_GM)]
    err = _error(lambda: check_signatures(contract(eur(600_000)), two, LADDER))
    assert str(err) == (
        "signatures: no signer's own limit covers 600000 EUR (account_manager 50000 EUR, bu_gm "
        "500000 EUR); limits are never added together: the minimal chain is ['bg_gm']"
    )
    spans = [Delegation(delegator="p-gm", delegate="p-sm", role=R.BU_GM, valid_from=start,
                        valid_until=end)
             for start, end in [(dt.date(2027, 1, 1), dt.date(2027, 1, 9)),
                                (dt.date(2027, 2, 1), dt.date(2027, 2, 9))]]  # fmt: skip
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, BU, BG], delegations=spans)
    acting = [sig(R.BU_GM, "p-sm", on_behalf_of="p-gm")]
    err = _error(lambda: check_signatures(contract(eur(100_000)), acting, matrix))
    assert str(err) == (
        "signatures[0]: the delegation of bu_gm from p-gm to p-sm holds 2027-01-01..2027-01-09, "
        "2027-02-01..2027-02-09, not on 2027-04-01 (got '2027-04-01')"
    )
    assert (
        AuthorityRule(role="am", level=0, max_value=eur(250_000)).limit_text(Dimension.VALUE)
        == "250000 EUR"
    )


def test_a_mandatory_signer_that_covers_is_the_coverer() -> None:
    # Legal must sign and may sign up to 1M; two signatures are needed. The account manager
    # joins as the co-signer even though his own limit covers 10k too: the covering signer
    # named is legal (a mandatory coverer comes first), the manager a co-signer.
    legal = AuthorityRule(role=R.LEGAL, level=1, sign_limit=eur(1_000_000))
    matrix = AuthorityMatrix(currency="EUR", rules=[AM, legal], mandatory=[R.LEGAL],
                             min_signers=2)  # fmt: skip
    chain = required_signers(matrix, eur(10_000))
    assert (chain.roles, chain.covering) == (("account_manager", "legal"), "legal")
    assert [s.reason for s in chain.signers] == [
        "co-signer: at least 2 signers (the matrix's minimum)",
        "mandatory on every contract; own limit 1000000 EUR covers the value",
    ]
