"""Quote approval (step 2.5.5): routing policies, records, escalation, delegation, re-approval.

Expected routes are worked out by hand from the matrix below in each test's
comments; the property tests check the engine's promises on random matrices.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import (
    AuthorityError,
    InvalidInputError,
    MissingDataError,
    UnknownReferenceError,
)
from clientel.models import ApprovalRecord, Decision, Money, Quote
from clientel.testing import authority_matrices, quotes
from clientel.workflow import (
    ApprovalState,
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    Dimension,
    RateTable,
    RoutingPolicy,
    approval_state,
    quote_status,
    reapprovals,
    record_decision,
    required_approvals,
)

DAY = dt.date(2027, 1, 4)


def eur(x: str | int) -> Money:
    return Money(x, "EUR")


def day(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


RULES = [
    AuthorityRule(
        role="account_manager",
        level=0,
        max_discount=0.10,
        min_margin=0.25,
        max_value=eur(250_000),
        max_payment_days=30,
    ),
    AuthorityRule(
        role="segment_manager",
        level=1,
        max_discount=0.15,
        min_margin=0.20,
        max_value=eur(1_000_000),
        max_payment_days=60,
    ),
    AuthorityRule(role="finance", level=1, min_margin=0.12, max_payment_days=90),
    AuthorityRule(role="legal", level=1, clauses=True),
    AuthorityRule(
        role="bu_gm",
        level=2,
        max_discount=0.25,
        min_margin=0.12,
        max_value=eur(5_000_000),
        max_payment_days=90,
        clauses=True,
    ),
    AuthorityRule(
        role="bg_gm",
        level=3,
        max_discount=0.40,
        min_margin=0.05,
        unlimited=["value"],
        max_payment_days=120,
        clauses=True,
    ),
]
HOLDERS = {
    "p-am": "account_manager",
    "p-sm": "segment_manager",
    "p-fin": "finance",
    "p-legal": "legal",
    "p-gm": "bu_gm",
    "p-bg": "bg_gm",
    "p-sm2": "segment_manager",
}
MATRIX = AuthorityMatrix(
    currency="EUR",
    rules=RULES,
    holders=HOLDERS,
    escalate_after_days=3,
    delegations=[
        Delegation(
            delegator="p-gm", delegate="p-sm2", role="bu_gm", valid_from=day(1), valid_until=day(10)
        )
    ],
)
PERSON = {role: person for person, role in HOLDERS.items() if person != "p-sm2"}


def quote(price: int, *, cost: int = 150_000, list_price: int = 240_000, **kw: object) -> Quote:
    return Quote.single(list_price=eur(list_price), price=eur(price), cost=eur(cost), **kw)  # type: ignore[arg-type]


def route_of(
    q: Quote, policy: RoutingPolicy = RoutingPolicy.SERIAL, matrix: AuthorityMatrix = MATRIX
) -> list[tuple[int, tuple[str, ...]]]:
    r = required_approvals(attrs.evolve(matrix, policy=policy), q, requester="account_manager")
    return [(s.level, s.roles) for s in r.steps]


def approve_all(matrix: AuthorityMatrix, state: ApprovalState, on: dt.date) -> ApprovalState:
    """Every pending approver approves, in chain order, until the state is complete."""
    for _ in range(10):
        if state.complete or not state.pending:
            return state
        for a in state.pending:
            who = PERSON.get(a.role, f"p-{a.role}")
            state = record_decision(matrix, state, ApprovalRecord(by=who, role=a.role, on=on))
    return state


def test_the_three_routing_policies() -> None:
    """30 % off a 240k deal (list) at a 28.6 % margin: beyond the AM's 10 %, the SM's 15 %
    and the BU GM's 25 %; the BG GM's 40 % covers it."""
    q = quote(168_000, cost=120_000)
    assert float(q.discount) == 0.30
    assert round(float(q.margin or 0), 3) == 0.286
    # serial: every level up to the one needed (SM endorses, BU GM endorses, BG GM approves)
    assert route_of(q) == [(1, ("segment_manager",)), (2, ("bu_gm",)), (3, ("bg_gm",))]
    # skip-level: only the level needed
    assert route_of(q, RoutingPolicy.SKIP_LEVEL) == [(3, ("bg_gm",))]
    # parallel: the skip-level approvers at once (here one)
    assert route_of(q, RoutingPolicy.PARALLEL) == [(3, ("bg_gm",))]
    # two roles on one level in parallel: 12 % off at an 18 % margin with 60 days to pay:
    # the SM takes the discount and payment terms (15 %, 60 days), finance the margin (12 %)
    q2 = quote(211_200, cost=173_184, payment_days=60)
    assert route_of(q2) == [(1, ("finance", "segment_manager"))]
    r = required_approvals(MATRIX, q2, requester="account_manager")
    assert {c.dimension.value: c.role for c in r.steps[0].conditions} == {
        "discount": "segment_manager",
        "margin": "finance",
        "payment_days": "segment_manager",
    }
    # a clause goes to legal; parallel puts all approvers in one step
    q3 = quote(211_200, cost=173_184, clauses={"cap": "liability capped"})
    assert route_of(q3, RoutingPolicy.PARALLEL) == [(1, ("finance", "legal", "segment_manager"))]
    assert route_of(quote(230_000)) == []  # 4.2 % off, 34.8 % margin: within the AM's authority


def test_premiums_route_like_any_quote_and_margin_rules_still_apply() -> None:
    premium = quote(260_000, cost=228_800)  # 8.3 % above list, but a 12 % margin
    assert premium.discount < 0
    r = required_approvals(MATRIX, premium, requester="account_manager")
    assert [c.dimension for s in r.steps for c in s.conditions if c.kind == "approves"] == [
        Dimension.MARGIN
    ]
    assert r.roles == ("finance",)
    assert quote_status(MATRIX, quote(260_000), role="account_manager").colour == "green"


def test_records_replay_serial_order_escalation_and_delegation() -> None:
    q = quote(168_000, cost=120_000)  # serial: SM, then BU GM, then BG GM
    route = required_approvals(MATRIX, q, requester="account_manager", requested_by="p-am", on=DAY)
    state = approval_state(MATRIX, route, as_of=DAY)
    assert [(a.role, a.status, a.due_on) for a in state.approvers] == [
        ("segment_manager", "pending", day(3)),
        ("bu_gm", "waiting", None),
        ("bg_gm", "waiting", None),
    ]
    with pytest.raises(AuthorityError, match="bg_gm is asked before step 1") as info:
        record_decision(MATRIX, state, ApprovalRecord(by="p-bg", role="bg_gm", on=day(1)))
    assert info.value.field == "records[0]"
    state = record_decision(
        MATRIX,
        state,
        ApprovalRecord(by="p-sm", role="segment_manager", on=day(1), comment="ok for SM"),
    )
    assert [a.status for a in state.approvers] == ["approved", "pending", "waiting"]
    assert state.approvers[1].due_on == day(4)  # asked when the SM approved
    # the BU GM is away: after three days the step escalates to the BG GM ...
    late = approval_state(MATRIX, route, state.records, as_of=day(5))
    assert (late.approvers[1].status, late.approvers[1].escalated_to) == ("escalated", ("bg_gm",))
    # the BG GM, the escalation target, decides for the BU GM's step and for its own
    bg = ApprovalRecord(by="p-bg", role="bg_gm", on=day(5), comment="BU GM away")
    escalated = record_decision(MATRIX, attrs.evolve(late, as_of=day(5)), bg)
    assert escalated.complete
    assert [a.decided_by for a in escalated.approvers] == ["p-sm", "p-bg", "p-bg"]
    with pytest.raises(AuthorityError, match="bg_gm is asked before step 2"):
        record_decision(MATRIX, state, attrs.evolve(bg, on=day(3)))  # not overdue yet
    # ... or a delegate decides for him within the delegation's validity
    proxy = ApprovalRecord(by="p-sm2", role="bu_gm", on=day(2), on_behalf_of="p-gm")
    state = record_decision(MATRIX, state, proxy)
    state = record_decision(
        MATRIX, state, ApprovalRecord(by="p-bg", role="bg_gm", on=day(3), comment="strategic")
    )
    assert state.complete
    assert state.status == "approved"
    # the records replay to the same state, also through JSON
    records = m.loads(m.dumps(list(state.records)), list[ApprovalRecord])
    assert approval_state(MATRIX, route, records, as_of=day(3)) == state
    assert [r.comment for r in state.records] == ["ok for SM", "", "strategic"]


def test_an_overdue_step_is_decided_by_the_level_it_escalated_to() -> None:
    q = quote(211_200, cost=185_856)  # 12 % off, 12 % margin: SM (discount), finance (margin)
    route = required_approvals(MATRIX, q, requester="account_manager", requested_by="p-am", on=DAY)
    state = approval_state(MATRIX, route, as_of=DAY)
    assert route.roles == ("finance", "segment_manager")
    early = ApprovalRecord(by="p-gm", role="bu_gm", on=day(2))
    with pytest.raises(AuthorityError, match="bu_gm is not on the route"):
        record_decision(MATRIX, state, early)
    state = record_decision(MATRIX, state, ApprovalRecord(by="p-fin", role="finance", on=day(1)))
    gm = ApprovalRecord(by="p-gm", role="bu_gm", on=day(4), comment="SM away, approved")
    done = record_decision(MATRIX, state, gm)  # the SM's step was due on day 3
    assert done.complete
    assert done.approvers[1].decided_by == "p-gm"


def test_a_rejection_stops_the_route_until_the_quote_improves() -> None:
    q = quote(211_200, cost=173_184)
    route = required_approvals(MATRIX, q, requester="account_manager", requested_by="p-am", on=DAY)
    no = ApprovalRecord(
        by="p-sm",
        role="segment_manager",
        on=day(1),
        decision=Decision.REJECTED,
        comment="too cheap",
    )
    state = record_decision(MATRIX, approval_state(MATRIX, route), no)
    assert state.status == "rejected"
    better = reapprovals(MATRIX, state, q.at(eur(213_600)), on=day(2))  # 11 % off
    assert better.status == "pending"
    assert [a.role for a in better.pending] == ["finance", "segment_manager"]
    assert better.approvers[1].comment == "too cheap"


def test_reapproval_only_where_the_quote_got_worse() -> None:
    """Journey 6.3: a price rise asks nobody; a price cut asks the approvers of the discount
    and the margin again, in chain order, with their comments kept; the value, payment and
    clause approvals stand."""
    q = quote(211_200, cost=173_184, payment_days=60, clauses={"cap": "liability capped"})
    route = required_approvals(MATRIX, q, requester="account_manager", requested_by="p-am", on=DAY)
    state = approve_all(MATRIX, approval_state(MATRIX, route), day(1))
    assert state.complete
    assert route.roles == ("finance", "legal", "segment_manager")
    up = reapprovals(MATRIX, state, q.at(eur(216_000)), on=day(2))
    assert (up.status, up.asked_again) == ("approved", ())
    down = reapprovals(MATRIX, state, q.at(eur(209_000)), on=day(2))  # 12.9 % off, 17.1 %
    assert down.asked_again == ("finance", "segment_manager")
    assert "legal" not in [a.role for a in down.pending]
    longer = reapprovals(MATRIX, state, attrs.evolve(q, payment_days=75), on=day(2))
    assert [a.role for a in longer.pending] == ["finance"]  # the SM's 60 days no longer cover
    changed = reapprovals(MATRIX, state, attrs.evolve(q, clauses={"cap": "uncapped"}), on=day(2))
    assert changed.asked_again == ("legal",)
    fewer = reapprovals(MATRIX, state, attrs.evolve(q, clauses={}), on=day(2))
    assert fewer.status == "approved"


def test_bad_approval_input_gets_a_named_error_and_changes_nothing() -> None:
    q = quote(211_200, cost=173_184)
    route = required_approvals(MATRIX, q, requester="account_manager", requested_by="p-am", on=DAY)
    state = approval_state(MATRIX, route)
    cases: list[tuple[ApprovalRecord, type[Exception], str]] = [
        (
            ApprovalRecord(by="p-am", role="segment_manager", on=day(1)),
            AuthorityError,
            "records[0].by",
        ),  # self-approval
        (
            ApprovalRecord(by="p-x", role="segment_manager", on=day(1), on_behalf_of="p-am"),
            AuthorityError,
            "records[0].by",
        ),  # self-approval through a delegate
        (ApprovalRecord(by="p-legal", role="legal", on=day(1)), AuthorityError, "records[0]"),
        (
            ApprovalRecord(by="p-fin", role="segment_manager", on=day(1)),
            AuthorityError,
            "records[0]",
        ),  # p-fin does not hold the role
        (
            ApprovalRecord(by="p-sm2", role="bu_gm", on=day(20), on_behalf_of="p-gm"),
            AuthorityError,
            "records[0]",
        ),  # delegate outside validity (and not on the route)
        (
            ApprovalRecord(by="p-sm", role="segment_manager", on=day(-1)),
            InvalidInputError,
            "records[0].on",
        ),  # before the request
        (
            ApprovalRecord(by="p-sm", role="segment_manager", on=day(1), quote=quote(100_000)),
            InvalidInputError,
            "records[0].quote",
        ),
        (ApprovalRecord(by="p-sm", on=day(1), legacy=True), InvalidInputError, "records[0]"),
        (ApprovalRecord(by="p-sm", role="cfo", on=day(1)), UnknownReferenceError, "role"),
    ]
    for record, error, field in cases:
        with pytest.raises(error) as info:
            record_decision(MATRIX, state, record)
        assert info.value.field == field, record  # type: ignore[attr-defined]
    assert state == approval_state(MATRIX, route)  # nothing changed
    with pytest.raises(AuthorityError, match=r"holds 2027-01-05\.\.2027-01-14, not on 2027-01-24"):
        MATRIX.acting("p-sm2", "bu_gm", day(20), "p-gm", "records[0]")
    with pytest.raises(UnknownReferenceError) as info:
        required_approvals(MATRIX, q, requester="intern")
    assert info.value.field == "role"
    with pytest.raises(InvalidInputError) as info:
        AuthorityRule(role="am", level=0, max_discount=-0.1)
    assert info.value.field == "AuthorityRule.max_discount"
    with pytest.raises(InvalidInputError) as info:
        AuthorityRule(role="am", level=0, max_value=eur(-1))
    assert info.value.field == "AuthorityRule.max_value"
    with pytest.raises(InvalidInputError, match="either limited or unlimited"):
        AuthorityRule(role="am", level=0, max_discount=0.1, unlimited=["discount"])
    with pytest.raises(InvalidInputError) as info:
        Delegation(delegator="a", delegate="b", role="bu_gm", valid_from=day(2), valid_until=day(1))
    assert info.value.field == "Delegation.valid_until"
    with pytest.raises(UnknownReferenceError):
        AuthorityMatrix(currency="EUR", rules=RULES, holders={"p-x": "cfo"})


def test_currencies_are_converted_with_the_dated_table_or_refused() -> None:
    usd = Quote.single(list_price=Money(300_000, "USD"), price=Money(280_000, "USD"))
    table = RateTable(as_of=DAY, base="EUR", rates={"USD": "0.9"})
    # 300k USD at 0.9 = 270k EUR: above the AM's 250k EUR value limit, within the SM's 1M
    r = required_approvals(MATRIX, usd, requester="account_manager", rates=table)
    assert [(c.dimension, c.role) for s in r.steps for c in s.conditions] == [
        (Dimension.VALUE, "segment_manager")
    ]
    at_par = RateTable(as_of=DAY, base="EUR", rates={"USD": "0.8"})  # 240k EUR: within
    assert required_approvals(MATRIX, usd, requester="account_manager", rates=at_par).steps == ()
    with pytest.raises(MissingDataError, match="no USD rate in the table as of 2027-01-04") as info:
        required_approvals(
            MATRIX,
            usd,
            requester="account_manager",
            rates=RateTable(as_of=DAY, base="EUR", rates={"GBP": "1.2"}),
        )
    assert (info.value.field, info.value.value) == ("rates", "USD")


def test_the_floor_and_dimensions_beyond_every_limit_are_refused() -> None:
    below = quote(200_000, floor=eur(205_000))
    r = required_approvals(MATRIX, below, requester="account_manager")
    assert [c.dimension for c in r.uncovered] == [Dimension.FLOOR]
    assert quote_status(MATRIX, below, role="account_manager").colour == "red"
    deep = quote(120_000, cost=60_000)  # 50 % off
    r = required_approvals(MATRIX, deep, requester="account_manager")
    assert [(c.dimension, c.role, c.limit) for c in r.uncovered] == [
        (Dimension.DISCOUNT, "bg_gm", "40.0%")
    ]
    state = approve_all(MATRIX, approval_state(MATRIX, r), day(1))
    assert state.status == "refused"
    assert not state.complete


# -- properties -----------------------------------------------------------------------------
def _requester(matrix: AuthorityMatrix, data: st.DataObject) -> str:
    return data.draw(
        st.sampled_from([r for r in matrix.roles if matrix.rule(r, "EUR").business_type is None])
    )


@given(authority_matrices(), quotes("EUR"), st.data())
def test_every_approver_is_within_its_own_authority_and_nothing_is_left_out(
    matrix: AuthorityMatrix, q: Quote, data: st.DataObject
) -> None:
    requester = _requester(matrix, data)
    route = required_approvals(matrix, q, requester=requester)
    rules = {r: matrix.rule(r, "EUR", q.business_type) for r in matrix.roles}
    own = rules[requester]
    decided = {c.dimension for s in route.steps for c in s.conditions if c.kind == "approves"}
    refused = {c.dimension for c in route.uncovered}
    for s in route.steps:
        assert [s.level] * len(s.roles) == [rules[r].level for r in s.roles] or (
            route.policy is RoutingPolicy.PARALLEL
        )
        for c in s.conditions:
            assert c.role != requester
            if c.kind == "approves":  # within its own authority: checked with the rule itself
                assert _within(rules[c.role or ""], q, c.dimension)
    for dim in (d for d in Dimension if d is not Dimension.FLOOR):
        if not _within(own, q, dim):
            assert (dim in decided) != (dim in refused)
            if dim in refused:
                assert not any(_within(r, q, dim) for k, r in rules.items() if k != requester)
        else:
            assert dim not in decided | refused
    below = q.floor is not None and q.price < q.floor
    assert (Dimension.FLOOR in refused) == below


def _within(rule: AuthorityRule, q: Quote, dim: Dimension) -> bool:
    """An independent reading of one rule against one quote (Fractions of the limits).

    Discount and margin are read on the total and on every judged line (issue 30): the
    quote is within a limit when each of them is.
    """
    from fractions import Fraction

    def le(a: Fraction, b: Fraction) -> bool:
        return a <= b if rule.inclusive else a < b

    pairs = [(q.list_price, q.price, q.cost)] + [(p.list_price, p.price, p.cost) for p in q.judged]
    if dim is Dimension.DISCOUNT:
        ds = [1 - Fraction(p.amount) / Fraction(lp.amount) for lp, p, _ in pairs if lp.amount]
        d = max(ds)
        return d <= 0 or (
            dim in rule.unlimited
            or (rule.max_discount is not None and le(d, Fraction(str(rule.max_discount))))
        )
    if dim is Dimension.MARGIN:
        if q.cost is None:
            return True
        mg = min(
            (Fraction(p.amount) - Fraction(c.amount)) / Fraction(p.amount)
            for _, p, c in pairs
            if c is not None and p.amount
        )
        return dim in rule.unlimited or (
            rule.min_margin is not None and le(Fraction(str(rule.min_margin)), mg)
        )
    if dim is Dimension.VALUE:
        return dim in rule.unlimited or (rule.max_value is not None and
                                         le(Fraction(q.list_price.amount), Fraction(rule.max_value.amount)))  # fmt: skip  # noqa: E501
    if dim is Dimension.PAYMENT_DAYS:
        return (
            not q.payment_days
            or dim in rule.unlimited
            or (
                rule.max_payment_days is not None
                and le(Fraction(q.payment_days), Fraction(rule.max_payment_days))
            )
        )
    return not q.clauses or rule.clauses


@given(authority_matrices(), quotes("EUR"), st.data())
def test_no_path_lets_a_quote_below_the_floor_or_beyond_authority_through(
    matrix: AuthorityMatrix, q: Quote, data: st.DataObject
) -> None:
    """Random people record random decisions in random roles; whatever the engine accepts,
    a complete state means every dimension beyond the requester is covered by an approval
    of someone whose own authority covers it, and the price is not below the floor."""
    requester = _requester(matrix, data)
    route = required_approvals(matrix, q, requester=requester, requested_by="p-req", on=DAY)
    state = approval_state(matrix, route)
    for k in range(data.draw(st.integers(0, 8))):
        role = data.draw(st.sampled_from(matrix.roles))
        who = data.draw(st.sampled_from(["p-req", "p-1", "p-2"]))
        decision = data.draw(st.sampled_from([Decision.APPROVED] * 3 + [Decision.REJECTED]))
        record = ApprovalRecord(by=who, role=role, on=day(k), decision=decision)
        try:
            state = record_decision(matrix, state, record)
        except (AuthorityError, InvalidInputError):
            continue
    assert all(r.by != "p-req" for r in state.records)
    if state.complete:
        assert route.approvable
        assert not (q.floor is not None and q.price < q.floor)
        rules = {r: matrix.rule(r, "EUR", q.business_type) for r in matrix.roles}
        latest = {r.role: r for r in state.records}
        for dim in (d for d in Dimension if d is not Dimension.FLOOR):
            if not _within(rules[requester], q, dim):
                assert any(
                    rec.approved and _within(rules[role], q, dim)
                    for role, rec in latest.items()
                    if role
                )
    assert approval_state(matrix, route, state.records, as_of=state.as_of) == state


# About 31 % of the drawn (matrix, quote) pairs have an approvable route (126 of 400 measured),
# so the filter health check can trip on an unlucky seed (CI's 3260270982: 9 kept, 50 filtered);
# hypothesis still runs the profile's number of kept examples.
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(authority_matrices(), quotes("EUR"), st.data())
def test_reapproval_is_monotone_improving_never_asks_more_than_worsening(
    matrix: AuthorityMatrix, q: Quote, data: st.DataObject
) -> None:
    requester = _requester(matrix, data)
    route = required_approvals(matrix, q, requester=requester, requested_by="p-req", on=DAY)
    assume(route.approvable)
    state = approval_state(matrix, route)
    for _ in range(6):  # everyone asked approves, in order, until complete
        if state.complete:
            break
        for a in state.pending:
            state = record_decision(
                matrix, state, ApprovalRecord(by=f"p-{a.role}", role=a.role, on=day(1))
            )
    assume(state.complete)
    up = Decimal_(data.draw(st.integers(100, 130)))
    down = Decimal_(data.draw(st.integers(70, 100)))
    better = attrs.evolve(
        q.at((q.price * up).round()),
        floor=None,
        payment_days=None if q.payment_days is None else q.payment_days // 2,
        clauses=dict(list(q.clauses.items())[:1]),
    )
    worse = attrs.evolve(q.at(max((q.price * down).round(), eur("0.01"))), floor=None)
    improved = reapprovals(matrix, state, better, on=day(2))
    worsened = reapprovals(matrix, state, worse, on=day(2))
    assert improved.status == "approved"
    assert improved.pending == ()
    asked = {a.role for a in improved.approvers if a.status != "approved"}
    assert asked <= {a.role for a in worsened.approvers if a.status != "approved"}
    same = reapprovals(matrix, state, attrs.evolve(q), on=day(2))
    assert same.status == "approved"


def Decimal_(percent: int) -> str:
    return f"{percent / 100:.2f}"
