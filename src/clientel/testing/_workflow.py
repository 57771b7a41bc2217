"""Strategies for proposals, contracts, plans and review records."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from hypothesis import strategies as st

from clientel import models as m
from clientel import workflow as w
from clientel.testing._values import amounts, identifiers

__all__ = [
    "account_reviews",
    "annual_reviews",
    "bid_decisions",
    "contract_templates",
    "follow_ups",
    "implementation_plans",
    "inquiry_outcomes",
    "number_patterns",
    "proposal_reviews",
    "proposals",
    "rfps",
    "satisfaction_responses",
    "statements_of_work",
]

_days = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))
_notes = st.lists(st.sampled_from(["scope", "risk", "price", "timeline", "team"]), max_size=3)


def rfps() -> st.SearchStrategy[m.RFP]:
    """RFPs with a due date on or after arrival."""
    return st.builds(
        lambda rid, cid, day, wait, value, attrs: m.RFP(
            id=rid,
            client_id=cid,
            title="Core system renewal",
            received_on=day,
            due_on=day + dt.timedelta(days=wait),
            estimated_value=value,
            attributes=attrs,
        ),
        identifiers("rfp-"),
        identifiers("c-"),
        _days,
        st.integers(0, 90),
        st.none() | amounts("EUR"),
        st.dictionaries(st.sampled_from(["fit", "margin"]), st.floats(0, 5)),
    )


def statements_of_work() -> st.SearchStrategy[m.StatementOfWork]:
    """Statements of work with effort by role."""
    return st.builds(
        m.StatementOfWork,
        id=identifiers("sow-"),
        rfp_id=identifiers("rfp-"),
        deliverables=st.lists(st.sampled_from(["design", "build", "test"]), min_size=1).map(tuple),
        effort_days=st.dictionaries(st.sampled_from(["architect", "developer"]), st.floats(0, 500)),
    )


def bid_decisions() -> st.SearchStrategy[m.BidDecision]:
    """Bid decisions by the marketing lead."""
    return st.builds(
        m.BidDecision,
        rfp_id=identifiers("rfp-"),
        bid=st.booleans(),
        decided_by=identifiers("p-"),
        decided_on=_days,
        reasons=_notes.map(tuple),
    )


#: The matrix behind :func:`proposals`: the lead (an account manager) concedes up to 20 %.
_LEAD_MATRIX = w.AuthorityMatrix(
    currency="EUR",
    rules=[
        w.AuthorityRule(
            role="account_manager", level=0, max_discount=0.2, unlimited=["margin", "value"]
        )
    ],
)
_LEAD_AUTHORITY = w.ProposalAuthority(matrix=_LEAD_MATRIX)


@st.composite
def proposals(draw: st.DrawFn, max_steps: int = 8) -> m.Proposal:
    """Proposals after a random sequence of *allowed* lifecycle steps.

    The lead ``p-lead`` (an account manager who may concede 20 % off list)
    drafts, submits and negotiates within that authority; ``p-rev`` reviews.
    """
    price = draw(amounts("EUR", 1000, 10**6))
    proposal = m.Proposal(
        id=draw(identifiers("pr-")),
        rfp_id=draw(identifiers("rfp-")),
        client_id=draw(identifiers("c-")),
        lead_id="p-lead",
        lead_role="account_manager",
        deadline=draw(_days),
        price=price,
    )
    day = draw(_days)
    for _ in range(draw(st.integers(0, max_steps))):
        allowed = proposal.allowed()
        if not allowed:
            break
        step = draw(st.sampled_from(allowed))
        if step == "negotiate":
            factor = Decimal(draw(st.integers(80, 100))) / 100
            # rounded up to the cent: rounding 80 % of the price down would concede a little
            # more than the lead's 20 % (10,054.33 EUR x 0.8 = 8,043.464 -> 8,043.46)
            proposal = proposal.negotiate(
                (price * factor).round(rounding=ROUND_CEILING),
                "p-lead",
                day,
                authority=_LEAD_AUTHORITY,
            )
        elif step == "lose":
            proposal = proposal.lose("p-lead", day, draw(st.sampled_from(m.LossReason)))
        elif step in {"approve", "reject"}:
            proposal = getattr(proposal, step)("p-rev", day)
        else:
            proposal = getattr(proposal, step)("p-lead", day)
        day += dt.timedelta(days=draw(st.integers(0, 10)))
    return proposal


def proposal_reviews() -> st.SearchStrategy[m.ProposalReview]:
    """Internal reviews judging some or all criteria, passed or failed."""
    results = st.lists(
        st.builds(
            m.CriterionResult, criterion=st.sampled_from(m.ReviewCriterion), passed=st.booleans()
        ),
        unique_by=lambda r: r.criterion,
    )
    return st.builds(m.ProposalReview, reviewer_id=identifiers("p-"), on=_days, results=results)


_CODES = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=5)


def number_patterns() -> st.SearchStrategy[m.NumberPattern]:
    """Numbering patterns over the layouts a business unit might choose."""
    return st.builds(
        m.NumberPattern,
        unit=_CODES,
        types=st.sampled_from(
            [
                {"proposal": "P", "contract": "C", "project": "J"},
                {"proposal": "PR", "contract": "CT"},
                {"contract": "K"},
            ]
        ),
        template=st.sampled_from(
            [
                "{unit}-{year}-{type}{seq}",
                "{type}/{unit}/{year}/{seq}",
                "{unit}{year}{type}{seq}",
                "{year}.{seq}.{type}",
                "{unit}-{seq}",
            ]
        ),
        width=st.integers(1, 6),
        year_digits=st.sampled_from([2, 4]),
        check=st.sampled_from([None, "mod37_36"]),
    )


def inquiry_outcomes() -> st.SearchStrategy[m.InquiryOutcome]:
    """Triage records of inbound inquiries with dated follow-ups."""

    @st.composite
    def build(draw: st.DrawFn) -> m.InquiryOutcome:
        decision = draw(st.sampled_from(m.InquiryDecision))
        day = draw(_days)
        out = m.InquiryOutcome(
            inquiry_id=draw(identifiers("inq-")),
            decision=decision,
            decided_by="p-mkt",
            decided_on=day,
            fits_strategy=True
            if decision is m.InquiryDecision.PURSUE
            else draw(st.none() | st.booleans()),
            owner_id="p-am" if decision is m.InquiryDecision.PURSUE else None,
            follow_up_due=draw(st.none() | st.integers(0, 30).map(lambda d: day + dt.timedelta(d))),
        )
        for _ in range(draw(st.integers(0, 3))):
            day += dt.timedelta(days=draw(st.integers(0, 20)))
            out = out.follow_up("p-am", day, "called back")
        if draw(st.booleans()):
            out = out.close(day + dt.timedelta(days=draw(st.integers(0, 5))))
        return out

    return build()


def contract_templates() -> st.SearchStrategy[m.ContractTemplate]:
    """Templates with zero, one or both approvals in order."""

    @st.composite
    def build(draw: st.DrawFn) -> m.ContractTemplate:
        template = m.ContractTemplate(
            id=draw(identifiers("tpl-")),
            business_type="system_integration",
            name="SI",
            required_parts=("scope_of_work", "financial_agreement"),
        )
        day = draw(_days)
        for role in (m.Role.BG_GM, m.Role.LEGAL)[: draw(st.integers(0, 2))]:
            template = template.approve(role, "p-x", day)
        return template

    return build()


def implementation_plans() -> st.SearchStrategy[m.ImplementationPlan]:
    """Plans whose milestones fall inside the plan's dates."""

    @st.composite
    def build(draw: st.DrawFn) -> m.ImplementationPlan:
        start = draw(_days)
        length = draw(st.integers(0, 720))
        end = start + dt.timedelta(days=length)
        n = draw(st.integers(0, 4))
        milestones = [
            m.Milestone(
                id=f"m{i}",
                name=f"Milestone {i}",
                owner_id="p-owner",
                due_on=start + dt.timedelta(days=draw(st.integers(0, length))),
            )
            for i in range(n)
        ]
        risks = [
            m.Risk(
                id=f"r{i}",
                description="risk",
                category=draw(st.sampled_from(m.RiskCategory)),
                probability=draw(st.floats(0, 1)),
                impact=draw(amounts("EUR", 0, 10**6)),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        return m.ImplementationPlan(
            id=draw(identifiers("plan-")),
            subject_id="bu",
            name="Plan",
            start_on=start,
            end_on=end,
            milestones=milestones,
            risks=risks,
        )

    return build()


def account_reviews() -> st.SearchStrategy[m.AccountReview]:
    """Semi-annual account reviews."""

    @st.composite
    def build(draw: st.DrawFn) -> m.AccountReview:
        planned = draw(st.integers(0, 20))
        targets = draw(st.dictionaries(st.sampled_from(["revenue", "margin"]), st.floats(0, 100)))
        return m.AccountReview(
            id=draw(identifiers("rev-")),
            client_id=draw(identifiers("c-")),
            period=m.FiscalYear(2027).halves()[0],
            planned_actions=planned,
            completed_actions=draw(st.integers(0, planned)),
            targets=targets,
            actuals={k: draw(st.floats(0, 100)) for k in targets},
            budget=draw(amounts("EUR")),
            spent=draw(amounts("EUR")),
            satisfaction=draw(st.none() | st.floats(0, 1)),
        )

    return build()


def satisfaction_responses() -> st.SearchStrategy[m.SatisfactionResponse]:
    """Survey answers, some left blank."""
    five = st.none() | st.integers(1, 5)
    return st.builds(
        m.SatisfactionResponse,
        client_id=identifiers("c-"),
        respondent=st.sampled_from(["CIO", "CFO", "IT lead"]),
        answered_on=_days,
        recommend=st.none() | st.integers(0, 10),
        execution=five,
        after_sales=five,
        people=five,
    )


def follow_ups() -> st.SearchStrategy[m.FollowUp]:
    """Post-project follow-ups."""
    return st.builds(
        m.FollowUp,
        id=identifiers("fu-"),
        project_id=identifiers("prj-"),
        client_id=identifiers("c-"),
        due_on=_days,
        owner_id=identifiers("p-"),
        checks=_notes.map(tuple),
    )


def annual_reviews() -> st.SearchStrategy[m.AnnualReview]:
    """Annual reviews with criteria updates for next year's ranking."""
    return st.builds(
        m.AnnualReview,
        client_id=identifiers("c-"),
        year=st.integers(2024, 2030),
        client_evaluation=st.none() | st.floats(0, 1),
        criteria_updates=st.dictionaries(
            st.sampled_from(["relationship", "access"]), st.none() | st.floats(1, 5)
        ),
    )
