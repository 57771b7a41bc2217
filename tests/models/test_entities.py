"""Entity invariants: each bad value raises InvalidInputError naming the field."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from clientel import models as m
from clientel.errors import CurrencyMismatchError, InvalidInputError, UnknownReferenceError

EUR = "EUR"


def eur(x: str | int) -> m.Money:
    return m.Money(x, EUR)


def opportunity(**kw: Any) -> m.Opportunity:
    base: dict[str, Any] = {
        "id": "o1",
        "client_id": "c1",
        "name": "Cloud migration",
        "origin": m.OpportunityOrigin.CLIENT_IT_NEED,
    }
    return m.Opportunity(**(base | kw))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: m.Segment(id="", name="x"), "Segment.id"),
        (lambda: m.Segment(id="a b", name="x"), "Segment.id"),
        (lambda: m.Segment(id="s", name="  "), "Segment.name"),
        (lambda: m.Segment(id="s", name="x", size=eur(-1)), "Segment.size"),
        (lambda: m.Segment(id="s", name="x", growth=-1.5), "Segment.growth"),
        (lambda: m.Segment(id="s", name="x", growth=float("nan")), "Segment.growth"),
        (lambda: m.Segment(id="s", name="x", our_share=1.2), "Segment.our_share"),
        (lambda: m.Segment(id="s", name="x", parent_id="s"), "Segment.parent_id"),
        (lambda: m.Segment(id="s", name="x", factors={"f": float("inf")}), "Segment.factors['f']"),
        (lambda: m.Competitor(id="k", name="x", segment_shares={"s": 2.0}), "segment_shares['s']"),
        (
            lambda: m.Client(id="c", name="x", segment_id="s", attributes={"a": "high"}),
            "attributes",
        ),
        (
            lambda: m.Contact(
                id="k", client_id="c", name="x", level=m.DecisionLevel.BOARD, influence=-0.1
            ),
            "Contact.influence",
        ),
        (
            lambda: m.Influencer(
                id="i", name="x", kind=m.InfluencerKind.MEDIA, influence=-1, accessibility=1
            ),
            "Influencer.influence",
        ),
        (lambda: opportunity(win_probability=1.5), "Opportunity.win_probability"),
        (lambda: opportunity(revenue=[eur(1)], cost=[]), "Opportunity.cost"),
        (lambda: opportunity(revenue=[eur(-1)], cost=[eur(0)]), "Opportunity.revenue[0]"),
        (lambda: opportunity(revenue=[eur(1)], cost=[m.Money(1, "USD")]), "Opportunity.revenue"),
        (lambda: opportunity(phase=0), "Opportunity.phase"),
        (lambda: m.Person(id="p", name="x", role=m.Role.SALES, capacity=-1), "Person.capacity"),
        (lambda: m.BusinessUnit(id="b", name="x", group_id="g", code="its", currency=EUR), "code"),
        (
            lambda: m.BusinessUnit(
                id="b",
                name="x",
                group_id="g",
                code="ITS",
                currency=EUR,
                target_segment_ids=["s", "s"],
            ),
            "target_segment_ids",
        ),
        (lambda: m.FinancialTarget(year=2026, revenue=eur(-5)), "FinancialTarget.revenue"),
        (
            lambda: m.ReputationGoal(id="r", unit_id="b", year=2026, goal="", budget=eur(1)),
            "ReputationGoal.goal",
        ),
    ],
)
def test_invalid_values_name_the_field(build: Any, field: str) -> None:
    with pytest.raises((InvalidInputError, ValueError)) as info:
        build()
    assert field in str(info.value)


def test_channel_suitability_levels_are_checked() -> None:
    with pytest.raises(UnknownReferenceError, match="suitability\\['ceo'\\]"):
        m.Channel(id="ch", name="Seminar", kind=m.ChannelKind.SEMINAR, suitability={"ceo": 1.0})


def test_account_team_checks_lead_and_self_reporting() -> None:
    member = m.TeamMember(person_id="a", team_role="kam")
    with pytest.raises(InvalidInputError, match="lead"):
        m.AccountTeam(id="t", client_id="c", lead_id="z", members=[member])
    with pytest.raises(InvalidInputError, match="themself"):
        m.AccountTeam(
            id="t",
            client_id="c",
            lead_id="a",
            members=[m.TeamMember(person_id="a", team_role="kam", reports_to=["a"])],
        )
    with pytest.raises(InvalidInputError, match="duplicate"):
        m.AccountTeam(id="t", client_id="c", lead_id="a", members=[member, member])


def test_entities_are_frozen_and_evolve_revalidates() -> None:
    seg = m.Segment(id="s", name="Banks", growth=0.05)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        seg.growth = 0.1  # type: ignore[misc]
    assert attrs.evolve(seg, growth=0.1).growth == 0.1
    with pytest.raises(InvalidInputError):
        attrs.evolve(seg, growth=-2.0)
    assert seg.growth == 0.05  # unchanged: no half-changed object


def test_mappings_are_read_only_copies() -> None:
    raw = {"growth": 0.1}
    client = m.Client(id="c", name="x", segment_id="s", attributes=raw)
    raw["growth"] = 0.9
    assert client.attributes["growth"] == 0.1
    with pytest.raises(TypeError):
        client.attributes["growth"] = 0.5  # type: ignore[index]


def test_missing_data_is_normal() -> None:
    client = m.Client(id="c", name="x", segment_id="s", attributes={"it_budget": None})
    assert client.attributes["it_budget"] is None
    assert client.owner_id is None
    assert client.tier is None


def test_opportunity_margin_and_currency() -> None:
    opp = opportunity(revenue=[eur(10), eur(20)], cost=[eur(4), eur(25)])
    assert opp.margin() == (eur(6), eur(-5))
    assert opp.currency == EUR
    assert opportunity().currency is None


def test_amounts_in_two_currencies_raise_currency_mismatch_naming_the_fields() -> None:
    half = m.FiscalYear(2027).halves()[0]
    with pytest.raises(CurrencyMismatchError) as info:
        m.AccountReview(id="r", client_id="c", period=half, planned_actions=1,
                        completed_actions=1, budget=eur(1), spent=m.Money(1, "USD"))  # fmt: skip
    assert info.value.field == "AccountReview.budget,spent"
    with pytest.raises(CurrencyMismatchError) as info:
        m.ProposalOutcome(proposal_id="p", client_id="c", owner_id="o",
                          result=m.ProposalState.WON, decided_on=half.start, quoted=eur(2),
                          final_price=m.Money(1, "USD"))  # fmt: skip
    assert info.value.field == "ProposalOutcome.quoted,final_price"
    with pytest.raises(CurrencyMismatchError) as info:
        opportunity(revenue=[eur(1)], cost=[m.Money(1, "USD")])
    assert info.value.field == "Opportunity.revenue,cost,pursuit_cost,investment"


def test_opportunity_amounts_must_be_money() -> None:
    with pytest.raises(InvalidInputError) as info:
        opportunity(revenue=[eur(1), 5], cost=[eur(0), eur(0)])
    assert info.value.field == "Opportunity.revenue[1]"
