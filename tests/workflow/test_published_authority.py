"""Worked examples from published delegation-of-authority policies and CPQ documentation.

Each matrix below transcribes a published policy as it was read (the excerpt read
is quoted in the test's docstring); the expected signer or approver is computed
in the test by a direct reading of the policy's words (an ``if`` ladder), not by
clientel. Where a policy gives no figure the engine needs (an upper limit for
the most senior signer), the test says so and uses a figure far above any value
tested.

Sources (read with the search tool, as stored excerpts of the pages):

* Lewis & Clark College, *Signature Authority and Delegation Policy*,
  https://www.lclark.edu/live/profiles/18075-signature-authority-and-delegation-policy
* Alcorn State University, *Delegation of Authority* (revised version 111413), section
  1.1.1, https://www.alcorn.edu/offices/finance/policies-procedures/delegation-of-authority/
* Furman University, Procurement Services, *Contract Review and Approval* (Policy 370.5),
  https://www.furman.edu/offices-services/procurement-services/contract-review-approval/
* Salesforce Help, *Smart Approvals* (Salesforce CPQ, Advanced Approvals 3.1 and later),
  https://help.salesforce.com/s/articleView?id=sales.cpq_smart_approvals.htm
* Salesforce Trailhead, *Advanced Approvals for Admins: Use Smart Approvals to Evaluate
  Changes*, https://trailhead.salesforce.com/content/learn/modules/advanced-approvals-for-admins/use-smart-approvals-to-evaluate-changes
  and *Advanced Approvals for Sales Reps and Approval Managers: Manage Resubmissions and
  Understand Smart Approvals*, https://trailhead.salesforce.com/content/learn/modules/advanced-approvals-for-sales-reps-and-approval-managers/manage-resubmissions-and-understand-smart-approvals
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from clientel.errors import AuthorityError
from clientel.models import ApprovalRecord, Decision, Money, Quote
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    RoutingPolicy,
    approval_state,
    reapprovals,
    record_decision,
    required_approvals,
    required_signers,
)

DAY = dt.date(2027, 1, 4)
#: No upper limit is stated for the most senior signers in the excerpts read.
NO_STATED_LIMIT = Money(10**12, "USD")


def usd(x: str | int) -> Money:
    return Money(x, "USD")


def test_lewis_and_clark_officers_below_50k_president_cfo_counsel_above() -> None:
    """Lewis & Clark: "Officers of the College (the president, vice presidents and deans) are
    authorized to sign contracts ... that have a total expected value less than $50,000 ...
    Only the President, Chief Financial Officer (CFO), or General Counsel/Chief of Staff ...
    are authorized to sign contracts with a value equal to or exceeding $50,000"; "Deans and
    vice presidents may further delegate authority ... up to an expected value of $25,000".
    (The term limits of the policy, three years and one year, are not modelled.)"""
    matrix = AuthorityMatrix(
        currency="USD",
        rules=[
            AuthorityRule(role="delegate", level=0, sign_limit=usd(25_000)),  # "up to"
            AuthorityRule(role="dean", level=1, sign_limit=usd(50_000), inclusive=False),
            AuthorityRule(role="vice_president", level=1, sign_limit=usd(50_000), inclusive=False),
            AuthorityRule(role="cfo", level=2, sign_limit=NO_STATED_LIMIT),
            AuthorityRule(role="general_counsel", level=2, sign_limit=NO_STATED_LIMIT),
            AuthorityRule(role="president", level=2, sign_limit=NO_STATED_LIMIT),
        ],
    )

    def policy(value: Decimal) -> set[str]:
        if value <= 25_000:
            return {"delegate"}
        if value < 50_000:
            return {"dean", "vice_president"}
        return {"cfo", "general_counsel", "president"}

    for amount in ("10000", "25000", "25000.01", "49999.99", "50000", "750000"):
        chain = required_signers(matrix, usd(amount))
        assert len(chain.roles) == 1
        assert chain.covering in policy(Decimal(amount)), amount


def test_alcorn_state_delegations_escalate_and_two_vps_do_not_add_up() -> None:
    """Alcorn State, 1.1.1: the President "is authorized to sign all contracts" and delegates
    to the "Executive Vice President/Provost ($99,999.99), Senior Vice President
    Operations/COO ($99,999.99), Vice President for Fiscal Affairs ($49,999.99), Vice
    President for Student Affairs ($49,999.99)" and further VPs at $49,999.99."""
    matrix = AuthorityMatrix(
        currency="USD",
        rules=[
            AuthorityRule(role="vp_fiscal_affairs", level=0, sign_limit=usd("49999.99")),
            AuthorityRule(role="vp_student_affairs", level=0, sign_limit=usd("49999.99")),
            AuthorityRule(role="provost", level=1, sign_limit=usd("99999.99")),
            AuthorityRule(role="coo", level=1, sign_limit=usd("99999.99")),
            AuthorityRule(role="president", level=2, sign_limit=NO_STATED_LIMIT),
        ],
        min_signers=1,
    )

    def policy(value: Decimal) -> set[str]:
        if value <= Decimal("49999.99"):
            return {"vp_fiscal_affairs", "vp_student_affairs"}
        if value <= Decimal("99999.99"):
            return {"provost", "coo"}
        return {"president"}

    for amount in ("49999.99", "50000.00", "99999.98", "99999.99", "100000.00"):
        assert required_signers(matrix, usd(amount)).covering in policy(Decimal(amount)), amount
    # two vice presidents together hold 99,999.98: a 60,000 contract still goes to a delegate
    # of the President whose own limit covers it, with a second signer if asked for
    two = AuthorityMatrix(currency="USD", rules=matrix.rules, min_signers=2)
    chain = required_signers(two, usd(60_000))
    assert chain.covering in {"provost", "coo"}
    assert len(chain.roles) == 2


def test_furman_cabinet_up_to_25k_vp_finance_above_cio_signs_technology() -> None:
    """Furman, Policy 370.5: "Contracts valued at $25,000 or less ... Signed by a member of the
    President's Cabinet"; "Contracts exceeding $25,000 ... Signed by VP Finance &
    Administration"; "Technology related contracts ... Reviewed and signed by the Chief
    Information Officer"; "All lease agreements ... Signed by VP Finance & Administration"."""
    matrix = AuthorityMatrix(
        currency="USD",
        rules=[
            AuthorityRule(role="cabinet_member", level=0, sign_limit=usd(25_000)),
            AuthorityRule(role="cabinet_member", level=0, business_type="lease"),  # no signing
            AuthorityRule(role="vp_finance", level=1, sign_limit=NO_STATED_LIMIT),
            AuthorityRule(
                role="cio", level=1, business_type="technology", sign_limit=NO_STATED_LIMIT
            ),
        ],
        mandatory_by_type={"technology": ["cio"]},
    )

    def policy(value: Decimal, kind: str | None) -> tuple[str, ...]:
        if kind == "technology":
            return ("cio",)
        if kind == "lease" or value > 25_000:
            return ("vp_finance",)
        return ("cabinet_member",)

    cases = [
        ("25000", None),
        ("25000.01", None),
        ("5000", "technology"),
        ("400000", "technology"),
        ("1200", "lease"),
    ]
    for amount, kind in cases:
        chain = required_signers(matrix, usd(amount), business_type=kind)
        assert chain.roles == policy(Decimal(amount), kind), (amount, kind)


# -- Salesforce CPQ Advanced Approvals ------------------------------------------------------
def test_salesforce_serial_chain_in_succession_and_a_rejection() -> None:
    """Trailhead (admins): "Approval Rule ... Approver: Chain, Step 1: Finance Team, Step 2:
    VP of Sales, Step 3: CEO, Condition 1: Net Total >= $60,000"; a quote "for $80,000,
    triggering the rule. The finance team and VP of Sales each approve the quote ... the CEO
    rejects". Trailhead (sales reps): the three "must approve a request in succession".

    Net Total is the deal's value here (list = price, no discount). The rep approves up to
    but not including 60,000 (exclusive limit); finance and the VP hold value authority of 0
    (they endorse, the CEO decides)."""
    matrix = AuthorityMatrix(
        currency="USD",
        policy=RoutingPolicy.SERIAL,
        rules=[
            AuthorityRule(role="sales_rep", level=0, max_value=usd(60_000), inclusive=False),
            AuthorityRule(role="finance_team", level=1, max_value=usd(0)),
            AuthorityRule(role="vp_sales", level=2, max_value=usd(0)),
            AuthorityRule(role="ceo", level=3, unlimited=["value"]),
        ],
    )

    def triggered(net_total: int) -> bool:  # the rule's condition, as written
        return net_total >= 60_000

    for total in (59_999, 60_000, 80_000):
        q = Quote.single(list_price=usd(total), price=usd(total))
        route = required_approvals(matrix, q, requester="sales_rep")
        expected = ("finance_team", "vp_sales", "ceo") if triggered(total) else ()
        assert route.roles == expected
        assert [len(s.roles) for s in route.steps] == [1] * len(expected)  # in succession
    q = Quote.single(list_price=usd(80_000), price=usd(80_000))
    route = required_approvals(matrix, q, requester="sales_rep", requested_by="p-rep", on=DAY)
    state = approval_state(matrix, route)
    with pytest.raises(AuthorityError, match="before step 1"):
        record_decision(matrix, state, ApprovalRecord(by="p-ceo", role="ceo", on=DAY))
    for who, role in (("p-fin", "finance_team"), ("p-vp", "vp_sales")):
        state = record_decision(matrix, state, ApprovalRecord(by=who, role=role, on=DAY))
    no = ApprovalRecord(
        by="p-ceo",
        role="ceo",
        on=DAY,
        decision=Decision.REJECTED,
        comment="net total too high for this account",
    )
    state = record_decision(matrix, state, no)
    assert state.status == "rejected"
    assert [a.status for a in state.approvers] == ["approved", "approved", "rejected"]


def test_salesforce_smart_approvals_ask_again_only_when_the_tested_value_got_worse() -> None:
    """Salesforce Help, Smart Approvals: "When the sales rep resubmits the quote, Advanced
    Approvals compares the snapshot value with the value of the new tested field, using the
    condition's logical operator. If the comparison still evaluates to true, the approval
    condition returns true." Its example: "Approver: Finance Team, Condition 1: Net Total >
    $60,000, Smart Approvals: true"; a quote "with a net total of $70,000" is approved by the
    finance team and revised to $75,000.

    The expected re-approval applies the documented rule (the condition's operator between
    the new value and the snapshot); clientel's own definition is "worse for the company",
    a larger deal for a value limit, which agrees with it on this condition."""
    matrix = AuthorityMatrix(
        currency="USD",
        rules=[
            AuthorityRule(role="sales_rep", level=0, max_value=usd(60_000)),  # > 60,000 triggers
            AuthorityRule(role="finance_team", level=1, unlimited=["value"]),
        ],
    )
    first = Quote.single(list_price=usd(70_000), price=usd(70_000))
    route = required_approvals(matrix, first, requester="sales_rep", requested_by="p-rep", on=DAY)
    state = record_decision(
        matrix,
        approval_state(matrix, route),
        ApprovalRecord(by="p-fin", role="finance_team", on=DAY),
    )
    assert state.complete

    def asked_again(new_total: int, snapshot: int = 70_000) -> bool:
        return new_total > 60_000 and new_total > snapshot  # condition and smart comparison

    for total in (75_000, 70_000, 65_000, 55_000):
        revised = Quote.single(list_price=usd(total), price=usd(total))
        after = reapprovals(matrix, state, revised)
        assert (after.asked_again == ("finance_team",)) == asked_again(total), total
        assert after.complete != asked_again(total), total
