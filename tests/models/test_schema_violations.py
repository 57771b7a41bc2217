"""Every schema-level violation is refused by both the schema and the loader (issue 15).

Schema-directed: for each document type, a valid document from
:mod:`clientel.testing` is broken field by field in each way its published
schema forbids (a value of another JSON type, a required field dropped, a value
outside an enum, a string against a pattern, a number past a bound). Each broken
document that the schema refuses must be refused by ``loads`` as well; each
category must occur.
"""

from __future__ import annotations

import collections
import copy
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel import models as m
from clientel import testing as t
from clientel.errors import ClientelError

STRATEGIES = {
    "Segment": t.segments, "Competitor": t.competitors, "Swot": t.swots,
    "StrategicOption": t.strategic_options, "BusinessGroup": t.business_groups,
    "BusinessUnit": t.business_units, "Person": t.people, "Client": t.clients,
    "Contact": t.contacts, "KeyClientProfile": t.key_client_profiles, "Inquiry": t.inquiries,
    "Influencer": t.influencers, "Channel": t.channels, "ReputationGoal": t.reputation_goals,
    "Opportunity": t.opportunities, "AccountTeam": t.account_teams,
    "AccountPlan": t.account_plans, "RFP": t.rfps, "StatementOfWork": t.statements_of_work,
    "BidDecision": t.bid_decisions, "Proposal": t.proposals,
    "ProposalReview": t.proposal_reviews, "InquiryOutcome": t.inquiry_outcomes,
    "ContractTemplate": t.contract_templates, "ImplementationPlan": t.implementation_plans,
    "AccountReview": t.account_reviews, "SatisfactionResponse": t.satisfaction_responses,
    "FollowUp": t.follow_ups, "AnnualReview": t.annual_reviews, "TeamModel": t.team_models,
    "TrainingRecord": t.training_records, "Money": t.money,
    "ValueProposition": t.value_propositions, "GroupStrategyReview": t.group_strategy_reviews,
    "Contract": t.contracts, "Invoice": t.invoices,
}  # fmt: skip
SEEN: collections.Counter[str] = collections.Counter()
_OTHER_TYPES = (42, "x", True, [], {}, 1.5, None, -7)
_BAD_STRINGS = ("", " ", "\n", "a b!", "١٢", "-", "zz", "1E+3", "2026-13-45", "x" * 200)


def _leaf_schemas(schema: dict[str, Any], defs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema and every branch of it, following $ref and combinators."""
    if "$ref" in schema:
        yield from _leaf_schemas(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    yield schema
    for key in ("anyOf", "allOf", "oneOf"):
        for branch in schema.get(key, []):
            yield from _leaf_schemas(branch, defs)


def _violations(prop: dict[str, Any], defs: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for value in _OTHER_TYPES:
        yield "types", value
    for leaf in _leaf_schemas(prop, defs):
        if "enum" in leaf:
            yield "enums", "not-a-member"
        if "const" in leaf:
            yield "enums", "not-the-constant"
        if "pattern" in leaf:
            for text in _BAD_STRINGS:
                yield "patterns", text
        for low in ("minimum", "exclusiveMinimum"):
            if low in leaf:
                yield "bounds", leaf[low] - 1
        for high in ("maximum", "exclusiveMaximum"):
            if high in leaf:
                yield "bounds", leaf[high] + 1
        if "maxLength" in leaf:
            yield "bounds", "x" * (leaf["maxLength"] + 1)
        if leaf.get("minItems"):
            yield "bounds", []


def _broken(doc: dict[str, Any], schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    defs = schema["$defs"]
    entity = next(_leaf_schemas(schema["properties"]["data"], defs))
    for key in entity.get("required", []):
        broken = copy.deepcopy(doc)
        del broken["data"][key]
        yield "required", broken
    for key, prop in entity.get("properties", {}).items():
        for category, value in _violations(prop, defs):
            broken = copy.deepcopy(doc)
            broken["data"][key] = value
            yield category, broken


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@settings(max_examples=LONG_RUN_EXAMPLES or 3)
@given(data=st.data())
def test_schema_violations_are_refused_by_the_loader(name: str, data: st.DataObject) -> None:
    value = data.draw(STRATEGIES[name]())
    cls = type(value)
    schema = m.json_schema(cls)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    doc = json.loads(m.dumps(value))
    assert validator.is_valid(doc)
    for category, broken in _broken(doc, schema):
        if validator.is_valid(broken):
            continue  # not a violation (e.g. null for an optional field)
        SEEN[category] += 1
        with pytest.raises(ClientelError):
            m.loads(json.dumps(broken), cls)


def test_every_category_of_violation_occurred() -> None:
    """Runs after the test above (file order): each category was generated and refused."""
    if not SEEN:
        pytest.skip("run with the test above")
    assert set(SEEN) == {"types", "required", "enums", "patterns", "bounds"}, SEEN
