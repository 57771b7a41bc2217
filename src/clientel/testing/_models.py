"""Strategies for the core entities of clientel.models (strategy, clients, accounts)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from clientel import models as m
from clientel.testing._pipeline import stage_histories
from clientel.testing._values import (
    amounts,
    company_names,
    criterion_values,
    currencies,
    identifiers,
    maybe_scores,
    notes,
    scores,
    segment_words,
    texts,
)

__all__ = [
    "account_plans",
    "account_teams",
    "business_groups",
    "business_units",
    "channels",
    "clients",
    "competitors",
    "contacts",
    "influencers",
    "inquiries",
    "key_client_profiles",
    "key_success_factors",
    "opportunities",
    "people",
    "reputation_goals",
    "segments",
    "strategic_options",
    "swots",
    "value_propositions",
]


def key_success_factors() -> st.SearchStrategy[m.KeySuccessFactor]:
    """Key success factors."""
    return st.builds(
        m.KeySuccessFactor, id=identifiers("ksf-"), name=company_names, description=texts
    )


def segments(currency: str = "EUR") -> st.SearchStrategy[m.Segment]:
    """Segments with partly missing market data."""
    return st.builds(
        m.Segment,
        id=identifiers("s-"),
        name=company_names,
        industry=segment_words,
        geography=st.sampled_from(["DE", "FR", "Nordics", "UK", ""]),
        size=st.none() | amounts(currency),
        growth=st.none() | st.floats(-0.5, 1.0),
        price_trend=st.none() | st.floats(-0.5, 0.5),
        profit_trend=st.none() | st.floats(-0.5, 0.5),
        substitute_threat=maybe_scores,
        our_share=maybe_scores,
        key_success_factor_ids=st.lists(identifiers("ksf-"), max_size=3).map(tuple),
        factors=criterion_values,
    )


def competitors(currency: str = "EUR") -> st.SearchStrategy[m.Competitor]:
    """Competitors with shares and key-success-factor ratings."""
    return st.builds(
        m.Competitor,
        id=identifiers("comp-"),
        name=company_names,
        segment_shares=st.dictionaries(identifiers("s-"), scores, max_size=3),
        revenue=st.none() | amounts(currency),
        profit_margin=st.none() | st.floats(-0.5, 0.6),
        ratings=st.dictionaries(identifiers("ksf-"), st.floats(1, 5), max_size=3),
        strengths=notes,
        weaknesses=notes,
    )


def swots() -> st.SearchStrategy[m.Swot]:
    """SWOT records."""
    return st.builds(
        m.Swot,
        id=identifiers("swot-"),
        subject_id=identifiers(),
        strengths=notes,
        weaknesses=notes,
        opportunities=notes,
        threats=notes,
    )


def strategic_options() -> st.SearchStrategy[m.StrategicOption]:
    """Strategic options with criterion values."""
    return st.builds(
        m.StrategicOption,
        id=identifiers("opt-"),
        name=company_names,
        description=texts,
        opportunities=notes,
        challenges=notes,
        values=criterion_values,
    )


_OFFERINGS = ("cloud", "erp", "security", "data", "managed_services")
_PHRASES = st.sampled_from(
    ("lower run cost", "faster audits", "24x7 operations", "ISO 27001", "3 references",
     "direct sales", "partners", "outcome-based fee", "fixed price", "industry events")
)  # fmt: skip


def value_propositions(
    segment_ids: st.SearchStrategy[str] | None = None,
    offerings: tuple[str, ...] = _OFFERINGS,
) -> st.SearchStrategy[m.ValueProposition]:
    """Value propositions (step 2.1.5), some still without an offering.

    Parameters
    ----------
    segment_ids : strategy of str, optional
        Where the segment id comes from (default: any id ``s-...``).
    offerings : tuple of str
        The offerings drawn from (the unit's ``offerings`` to get only known ones).
    """
    texts_of = st.lists(_PHRASES, max_size=3, unique=True).map(tuple)
    return st.builds(
        m.ValueProposition,
        id=identifiers("vp-"),
        segment_id=identifiers("s-") if segment_ids is None else segment_ids,
        statement=texts,
        offerings=st.lists(st.sampled_from(offerings), max_size=3, unique=True).map(tuple),
        benefits=texts_of,
        proof_points=texts_of,
        delivery_channels=texts_of,
        product=texts,
        service=texts,
        technology=texts,
        price=texts,
        marketing=texts,
    )


def business_groups(currency: str = "EUR") -> st.SearchStrategy[m.BusinessGroup]:
    """Business groups with up to three yearly targets."""
    target = st.builds(
        m.FinancialTarget,
        year=st.integers(2020, 2035),
        revenue=amounts(currency),
        margin=st.none() | amounts(currency),
    )
    return st.builds(
        m.BusinessGroup,
        id=identifiers("g-"),
        name=company_names,
        targets=st.lists(target, max_size=3).map(tuple),
    )


def business_units() -> st.SearchStrategy[m.BusinessUnit]:
    """Business units."""
    return st.builds(
        m.BusinessUnit,
        id=identifiers("bu-"),
        name=company_names,
        group_id=identifiers("g-"),
        code=st.from_regex(r"[A-Z]{2,4}", fullmatch=True),
        currency=currencies(),
        offerings=st.lists(st.sampled_from(["cloud", "erp", "security", "data"]), max_size=3).map(
            tuple
        ),
        target_segment_ids=st.lists(identifiers("s-"), max_size=3, unique=True).map(tuple),
        fiscal_year_start=st.integers(1, 12),
    )


def people() -> st.SearchStrategy[m.Person]:
    """People with a role, segment coverage and a client capacity."""
    return st.builds(
        m.Person,
        id=identifiers("p-"),
        name=company_names,
        role=st.sampled_from(m.Role),
        segment_ids=st.lists(identifiers("s-"), max_size=2).map(tuple),
        capacity=st.none() | st.integers(0, 30),
    )


def clients(currency: str = "EUR") -> st.SearchStrategy[m.Client]:
    """Clients and prospects with partly missing criterion values."""
    return st.builds(
        m.Client,
        id=identifiers("c-"),
        name=company_names,
        segment_id=identifiers("s-"),
        status=st.sampled_from(m.ClientStatus),
        attributes=criterion_values,
        geography=st.sampled_from(["DE", "FR", ""]),
        owner_id=st.none() | identifiers("p-"),
        tier=st.none() | st.sampled_from(["A", "B", "C"]),
        data_steward_id=st.none() | identifiers("p-"),
        annual_revenue=st.none() | amounts(currency),
    )


def contacts() -> st.SearchStrategy[m.Contact]:
    """Decision makers."""
    return st.builds(
        m.Contact,
        id=identifiers("ct-"),
        client_id=identifiers("c-"),
        name=company_names,
        level=st.sampled_from(m.DecisionLevel),
        title=texts,
        influence=maybe_scores,
    )


def key_client_profiles(currency: str = "EUR") -> st.SearchStrategy[m.KeyClientProfile]:
    """Key-client profiles."""
    return st.builds(
        m.KeyClientProfile,
        client_id=identifiers("c-"),
        strategy=texts,
        key_buying_factors=notes,
        business_needs=notes,
        challenges=notes,
        revenue=st.none() | amounts(currency),
        it_spend=st.none() | amounts(currency),
    )


def inquiries(currency: str = "EUR") -> st.SearchStrategy[m.Inquiry]:
    """Inbound inquiries."""
    return st.builds(
        m.Inquiry,
        id=identifiers("inq-"),
        received_on=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
        company_name=company_names,
        segment_id=st.none() | identifiers("s-"),
        offering=st.none() | st.sampled_from(["cloud", "erp", "security"]),
        description=texts,
        estimated_value=st.none() | amounts(currency),
        attributes=criterion_values,
    )


def influencers() -> st.SearchStrategy[m.Influencer]:
    """Influencer entities with influence, interest (sometimes unassessed) and accessibility
    on a 1-5 scale."""
    return st.builds(
        m.Influencer,
        id=identifiers("inf-"),
        name=company_names,
        kind=st.sampled_from(m.InfluencerKind),
        influence=st.floats(1, 5),
        interest=st.none() | st.floats(1, 5),
        accessibility=st.floats(1, 5),
        segment_ids=st.lists(identifiers("s-"), max_size=3).map(tuple),
        criteria=criterion_values,
    )


def channels(currency: str = "EUR") -> st.SearchStrategy[m.Channel]:
    """Channels with suitability per decision level."""
    return st.builds(
        m.Channel,
        id=identifiers("ch-"),
        name=company_names,
        kind=st.sampled_from(m.ChannelKind),
        cost=st.none() | amounts(currency, 0, 10**5),
        reach=st.none() | st.integers(0, 10**4),
        suitability=st.dictionaries(st.sampled_from([v.value for v in m.DecisionLevel]), scores),
    )


def reputation_goals(currency: str = "EUR") -> st.SearchStrategy[m.ReputationGoal]:
    """Reputation goals with a budget."""
    return st.builds(
        m.ReputationGoal,
        id=identifiers("rg-"),
        unit_id=identifiers("bu-"),
        year=st.integers(2020, 2035),
        goal=company_names,
        budget=amounts(currency),
    )


def opportunities(currency: str = "EUR") -> st.SearchStrategy[m.Opportunity]:
    """Opportunities with revenue and cost over one to five years, and (often) a creation
    date, an expected close and a valid stage history over a few stage ids."""

    @st.composite
    def build(draw: st.DrawFn) -> m.Opportunity:
        years = draw(st.integers(0, 5))
        revenue = draw(st.lists(amounts(currency), min_size=years, max_size=years))
        cost = draw(st.lists(amounts(currency), min_size=years, max_size=years))
        created = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)))
        close: dt.date | None = None
        history: tuple[m.StageChange, ...] = ()
        if created is not None:
            close = draw(st.none() | st.integers(0, 900).map(lambda d: created + dt.timedelta(d)))
            stages = ("qualify", "propose", "negotiate")
            history = draw(st.just(()) | stage_histories(stages, created))
        return m.Opportunity(
            id=draw(identifiers("o-")),
            client_id=draw(identifiers("c-")),
            name=draw(company_names),
            origin=draw(st.sampled_from(m.OpportunityOrigin)),
            first_year=draw(st.none() | st.integers(2020, 2035)),
            revenue=revenue,
            cost=cost,
            win_probability=draw(maybe_scores),
            effort_days=draw(st.none() | st.floats(0, 500)),
            pursuit_cost=draw(st.none() | amounts(currency, 0, 10**5)),
            investment=draw(st.none() | amounts(currency, 0, 10**6)),
            team_id=draw(st.none() | identifiers("t-")),
            phase=draw(st.none() | st.integers(1, 3)),
            attributes=draw(criterion_values),
            created_on=created,
            expected_close_on=close,
            stage_history=history,
        )

    return build()


def account_teams() -> st.SearchStrategy[m.AccountTeam]:
    """Key-account teams whose lead is a member and nobody reports to themself."""

    @st.composite
    def build(draw: st.DrawFn) -> m.AccountTeam:
        ids = draw(st.lists(identifiers("p-"), min_size=1, max_size=5, unique=True))
        members = []
        for pid in ids:
            bosses = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
            members.append(
                m.TeamMember(
                    person_id=pid,
                    team_role=draw(st.sampled_from(["kam", "architect", "delivery"])),
                    reports_to=tuple(b for b in bosses if b != pid),
                )
            )
        return m.AccountTeam(
            id=draw(identifiers("t-")),
            client_id=draw(identifiers("c-")),
            lead_id=ids[0],
            members=members,
        )

    return build()


def account_plans() -> st.SearchStrategy[m.AccountPlan]:
    """Account plans."""
    return st.builds(
        m.AccountPlan,
        id=identifiers("ap-"),
        client_id=identifiers("c-"),
        year=st.integers(2020, 2035),
        objectives=notes,
        opportunity_ids=st.lists(identifiers("o-"), max_size=3).map(tuple),
    )
