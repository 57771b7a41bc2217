"""Workflow results and authority entities show as tables in a notebook with short reprs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from clientel import models as m
from clientel.workflow import (
    AuthorityMatrix,
    AuthorityRule,
    Delegation,
    ProposalAuthority,
    RateTable,
    approval_state,
    check_reporting_lines,
    quote_status,
    record_decision,
    required_approvals,
    required_signers,
)

DAY = dt.date(2027, 1, 4)
ROLES = [f"role{k:02d}" for k in range(60)]


def eur(x: int) -> m.Money:
    return m.Money(x, "EUR")


def _matrix(n: int = 3) -> AuthorityMatrix:
    return AuthorityMatrix(
        currency="EUR",
        rules=[
            AuthorityRule(
                role=ROLES[k],
                level=k,
                max_discount=min(0.05 * (k + 1), 1.0),
                unlimited=["value"],
                sign_limit=eur(10_000 * (k + 1)),
            )
            for k in range(n)
        ],
        delegations=[
            Delegation(
                delegator="p-a", delegate="p-b", role=ROLES[n - 1], valid_from=DAY, valid_until=DAY
            )
        ],
        four_eyes_above=eur(15_000),
    )


def _results() -> dict[str, object]:
    team = m.AccountTeam(
        id="t1",
        client_id="c1",
        lead_id="ana",
        members=[
            m.TeamMember(person_id="ana", team_role="key account manager"),
            m.TeamMember(person_id="bo", team_role="architect", reports_to=["ana", "dev-lead"]),
            m.TeamMember(person_id="cy", team_role="delivery"),
        ],
    )
    matrix = _matrix()
    quote = m.Quote.single(list_price=eur(100_000), price=eur(92_000), cost=eur(60_000))
    route = required_approvals(matrix, quote, requester=ROLES[0], requested_by="p-req", on=DAY)
    record = m.ApprovalRecord(by="p-x", role=ROLES[1], on=DAY, comment="fine")
    state = record_decision(matrix, approval_state(matrix, route), record)
    chain = required_signers(matrix, eur(25_000))
    proposal = m.Proposal(
        id="pr-1",
        rfp_id="r",
        client_id="c",
        lead_id="p-req",
        lead_role=ROLES[0],
        deadline=DAY,
        price=eur(92_000),
        list_price=eur(100_000),
    ).submit_for_review("p-req", DAY)
    proposal = proposal.approve(
        "p-rev", DAY, authority=ProposalAuthority(matrix=matrix), approvals=[record]
    ).submit("p-req", DAY)
    proposal = proposal.negotiate(
        eur(93_000), "p-req", DAY, authority=ProposalAuthority(matrix=matrix)
    )
    return {
        "AuthorityMatrix": matrix,
        "AuthorityRule": matrix.rules[0],
        "Delegation": matrix.delegations[0],
        "RateTable": RateTable(as_of=DAY, base="EUR", rates={"USD": "0.92"}),
        "Quote": quote,
        "ApprovalRecord": record,
        "ApprovalRoute": route,
        "ApprovalStep": route.steps[0],
        "ApprovalCondition": route.steps[0].conditions[0],
        "ApprovalState": state,
        "ApproverStatus": state.approvers[0],
        "QuoteStatus": quote_status(matrix, quote, role=ROLES[0]),
        "SigningChain": chain,
        "Signer": chain.signers[0],
        "Proposal": proposal,
        "ProposalEvent": proposal.history[-1],
        "NegotiationRound": proposal.rounds[0],
        "ReportingCheck": check_reporting_lines(team),
    }


@pytest.mark.parametrize("name", sorted(_results()))
def test_results_have_a_short_repr_and_render_as_a_table(
    name: str, check_display: Callable[[object], None]
) -> None:
    result = _results()[name]
    assert type(result).__name__ == name
    check_display(result)


def test_large_matrices_routes_and_chains_keep_a_short_repr() -> None:
    big = _matrix(len(ROLES))
    assert len(repr(big)) <= 160
    assert "60 in all" in repr(big)
    deep = m.Quote.single(list_price=eur(100), price=eur(1))
    route = required_approvals(big, deep, requester=ROLES[0])
    assert len(route.roles) == 19
    assert len(repr(route)) <= 160
    assert len(route.to_records()) == 19
    big = AuthorityMatrix(currency="EUR", rules=big.rules, min_signers=60)
    chain = required_signers(big, eur(5_000))
    assert len(chain.roles) == 60
    assert len(repr(chain)) <= 160
    assert [r["role"] for r in chain.to_records()] == list(chain.roles)
    assert len(chain.explain()) == 60


@pytest.mark.parametrize("name", sorted(_results()))
def test_results_are_documents_that_round_trip_and_fit_their_schema(name: str) -> None:
    """Every result and entity of the engine is a versioned JSON document (schema 5)."""
    import json

    import jsonschema

    result = _results()[name]
    text = m.dumps(result)
    assert m.loads(text, type(result)) == result
    doc = json.loads(text)
    assert doc["schema_version"] == m.SCHEMA_VERSION
    jsonschema.validate(doc, m.json_schema(type(result)))
