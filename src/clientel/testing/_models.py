"""Strategies for the value types and the core entities of clientel.models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from clientel import models as m

__all__ = [
    "account_plans",
    "account_teams",
    "business_groups",
    "business_units",
    "channels",
    "clients",
    "competitors",
    "contacts",
    "currencies",
    "entities",
    "fiscal_years",
    "identifiers",
    "influencers",
    "inquiries",
    "key_client_profiles",
    "key_success_factors",
    "money",
    "opportunities",
    "people",
    "periods",
    "reputation_goals",
    "segments",
    "strategic_options",
    "swots",
]

_SEGMENT_WORDS = ["banking", "insurance", "public", "retail", "energy", "health", "telecom"]
_COMPANY_WORDS = ["Nord", "Alp", "Vista", "Terra", "Quanta", "Helix", "Orbis", "Civic", "Lumen"]


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid entity ids, e.g. ``'c-17'``."""
    body = st.from_regex(r"[a-z][a-z0-9_\-]{0,11}", fullmatch=True)
    return body.map(lambda s: f"{prefix}{s}")


def currencies() -> st.SearchStrategy[str]:
    """A few realistic currencies, including ones with 0 and 3 minor digits."""
    return st.sampled_from(["EUR", "USD", "GBP", "CHF", "JPY", "KWD"])


def money(
    currency: str | st.SearchStrategy[str] | None = None,
    *,
    min_value: int = -(10**9),
    max_value: int = 10**9,
    places: int | None = None,
) -> st.SearchStrategy[m.Money]:
    """Money amounts on the currency's minor unit (or ``places`` decimals)."""
    cur = currencies() if currency is None else currency
    cur_st = cur if isinstance(cur, st.SearchStrategy) else st.just(cur)

    @st.composite
    def build(draw: st.DrawFn) -> m.Money:
        code = draw(cur_st)
        digits = m.minor_unit(code) if places is None else places
        units = draw(st.integers(min_value * 10**digits, max_value * 10**digits))
        return m.Money(Decimal(units).scaleb(-digits), code)

    return build()


def _amounts(currency: str, low: int = 0, high: int = 10**7) -> st.SearchStrategy[m.Money]:
    return money(currency, min_value=low, max_value=high)


def fiscal_years() -> st.SearchStrategy[m.FiscalYear]:
    """Fiscal years 2000-2050 with any start month."""
    return st.builds(m.FiscalYear, st.integers(2000, 2050), st.integers(1, 12))


def periods() -> st.SearchStrategy[m.Period]:
    """Date intervals with end on or after start."""
    day = st.dates(dt.date(2000, 1, 1), dt.date(2050, 12, 31))
    return st.tuples(day, st.integers(0, 800)).map(
        lambda t: m.Period(t[0], t[0] + dt.timedelta(days=t[1]), "P")
    )


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)
_name = st.builds(
    lambda a, b: f"{a} {b}".strip(),
    st.sampled_from(_COMPANY_WORDS),
    st.sampled_from(_SEGMENT_WORDS),
)
_notes = st.lists(_text, max_size=3).map(tuple)
_score = st.floats(0, 1, allow_nan=False)
_maybe_score = st.none() | _score
_criteria = st.dictionaries(
    st.sampled_from(["revenue_potential", "growth", "margin", "fit", "relationship", "access"]),
    st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    max_size=4,
)


def key_success_factors() -> st.SearchStrategy[m.KeySuccessFactor]:
    """Key success factors."""
    return st.builds(m.KeySuccessFactor, id=identifiers("ksf-"), name=_name, description=_text)


def segments(currency: str = "EUR") -> st.SearchStrategy[m.Segment]:
    """Segments with partly missing market data."""
    return st.builds(
        m.Segment,
        id=identifiers("s-"),
        name=_name,
        industry=st.sampled_from(_SEGMENT_WORDS),
        geography=st.sampled_from(["DE", "FR", "Nordics", "UK", ""]),
        size=st.none() | _amounts(currency),
        growth=st.none() | st.floats(-0.5, 1.0),
        price_trend=st.none() | st.floats(-0.5, 0.5),
        profit_trend=st.none() | st.floats(-0.5, 0.5),
        substitute_threat=_maybe_score,
        our_share=_maybe_score,
        key_success_factor_ids=st.lists(identifiers("ksf-"), max_size=3).map(tuple),
        factors=_criteria,
    )


def competitors(currency: str = "EUR") -> st.SearchStrategy[m.Competitor]:
    """Competitors with shares and key-success-factor ratings."""
    return st.builds(
        m.Competitor,
        id=identifiers("comp-"),
        name=_name,
        segment_shares=st.dictionaries(identifiers("s-"), _score, max_size=3),
        revenue=st.none() | _amounts(currency),
        profit_margin=st.none() | st.floats(-0.5, 0.6),
        ratings=st.dictionaries(identifiers("ksf-"), st.floats(1, 5), max_size=3),
        strengths=_notes,
        weaknesses=_notes,
    )


def swots() -> st.SearchStrategy[m.Swot]:
    """SWOT records."""
    return st.builds(
        m.Swot,
        id=identifiers("swot-"),
        subject_id=identifiers(),
        strengths=_notes,
        weaknesses=_notes,
        opportunities=_notes,
        threats=_notes,
    )


def strategic_options() -> st.SearchStrategy[m.StrategicOption]:
    """Strategic options with criterion values."""
    return st.builds(
        m.StrategicOption,
        id=identifiers("opt-"),
        name=_name,
        description=_text,
        opportunities=_notes,
        challenges=_notes,
        values=_criteria,
    )


def business_groups(currency: str = "EUR") -> st.SearchStrategy[m.BusinessGroup]:
    """Business groups with up to three yearly targets."""
    target = st.builds(
        m.FinancialTarget,
        year=st.integers(2020, 2035),
        revenue=_amounts(currency),
        margin=st.none() | _amounts(currency),
    )
    return st.builds(
        m.BusinessGroup,
        id=identifiers("g-"),
        name=_name,
        targets=st.lists(target, max_size=3).map(tuple),
    )


def business_units() -> st.SearchStrategy[m.BusinessUnit]:
    """Business units."""
    return st.builds(
        m.BusinessUnit,
        id=identifiers("bu-"),
        name=_name,
        group_id=identifiers("g-"),
        code=st.from_regex(r"[A-Z]{2,4}", fullmatch=True),
        currency=currencies(),
        offerings=st.lists(st.sampled_from(["cloud", "erp", "security", "data"]), max_size=3).map(
            tuple
        ),
        target_segment_ids=st.lists(identifiers("s-"), max_size=3, unique=True).map(tuple),
    )


def people() -> st.SearchStrategy[m.Person]:
    """People with a role, segment coverage and a client capacity."""
    return st.builds(
        m.Person,
        id=identifiers("p-"),
        name=_name,
        role=st.sampled_from(m.Role),
        segment_ids=st.lists(identifiers("s-"), max_size=2).map(tuple),
        capacity=st.none() | st.integers(0, 30),
    )


def clients(currency: str = "EUR") -> st.SearchStrategy[m.Client]:
    """Clients and prospects with partly missing criterion values."""
    return st.builds(
        m.Client,
        id=identifiers("c-"),
        name=_name,
        segment_id=identifiers("s-"),
        status=st.sampled_from(m.ClientStatus),
        attributes=_criteria,
        geography=st.sampled_from(["DE", "FR", ""]),
        owner_id=st.none() | identifiers("p-"),
        tier=st.none() | st.sampled_from(["A", "B", "C"]),
        data_steward_id=st.none() | identifiers("p-"),
        annual_revenue=st.none() | _amounts(currency),
    )


def contacts() -> st.SearchStrategy[m.Contact]:
    """Decision makers."""
    return st.builds(
        m.Contact,
        id=identifiers("ct-"),
        client_id=identifiers("c-"),
        name=_name,
        level=st.sampled_from(m.DecisionLevel),
        title=_text,
        influence=_maybe_score,
    )


def key_client_profiles(currency: str = "EUR") -> st.SearchStrategy[m.KeyClientProfile]:
    """Key-client profiles."""
    return st.builds(
        m.KeyClientProfile,
        client_id=identifiers("c-"),
        strategy=_text,
        key_buying_factors=_notes,
        business_needs=_notes,
        challenges=_notes,
        revenue=st.none() | _amounts(currency),
        it_spend=st.none() | _amounts(currency),
    )


def inquiries(currency: str = "EUR") -> st.SearchStrategy[m.Inquiry]:
    """Inbound inquiries."""
    return st.builds(
        m.Inquiry,
        id=identifiers("inq-"),
        received_on=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
        company_name=_name,
        segment_id=st.none() | identifiers("s-"),
        offering=st.none() | st.sampled_from(["cloud", "erp", "security"]),
        description=_text,
        estimated_value=st.none() | _amounts(currency),
        attributes=_criteria,
    )


def influencers() -> st.SearchStrategy[m.Influencer]:
    """Influencer entities with influence and accessibility on a 1-5 scale."""
    return st.builds(
        m.Influencer,
        id=identifiers("inf-"),
        name=_name,
        kind=st.sampled_from(m.InfluencerKind),
        influence=st.floats(1, 5),
        accessibility=st.floats(1, 5),
        segment_ids=st.lists(identifiers("s-"), max_size=3).map(tuple),
        criteria=_criteria,
    )


def channels(currency: str = "EUR") -> st.SearchStrategy[m.Channel]:
    """Channels with suitability per decision level."""
    return st.builds(
        m.Channel,
        id=identifiers("ch-"),
        name=_name,
        kind=st.sampled_from(m.ChannelKind),
        cost=st.none() | _amounts(currency, 0, 10**5),
        reach=st.none() | st.integers(0, 10**4),
        suitability=st.dictionaries(st.sampled_from([v.value for v in m.DecisionLevel]), _score),
    )


def reputation_goals(currency: str = "EUR") -> st.SearchStrategy[m.ReputationGoal]:
    """Reputation goals with a budget."""
    return st.builds(
        m.ReputationGoal,
        id=identifiers("rg-"),
        unit_id=identifiers("bu-"),
        year=st.integers(2020, 2035),
        goal=_name,
        budget=_amounts(currency),
    )


def opportunities(currency: str = "EUR") -> st.SearchStrategy[m.Opportunity]:
    """Opportunities with revenue and cost over one to five years."""

    @st.composite
    def build(draw: st.DrawFn) -> m.Opportunity:
        years = draw(st.integers(0, 5))
        revenue = draw(st.lists(_amounts(currency), min_size=years, max_size=years))
        cost = draw(st.lists(_amounts(currency), min_size=years, max_size=years))
        return m.Opportunity(
            id=draw(identifiers("o-")),
            client_id=draw(identifiers("c-")),
            name=draw(_name),
            origin=draw(st.sampled_from(m.OpportunityOrigin)),
            first_year=draw(st.none() | st.integers(2020, 2035)),
            revenue=revenue,
            cost=cost,
            win_probability=draw(_maybe_score),
            effort_days=draw(st.none() | st.floats(0, 500)),
            pursuit_cost=draw(st.none() | _amounts(currency, 0, 10**5)),
            team_id=draw(st.none() | identifiers("t-")),
            phase=draw(st.none() | st.integers(1, 3)),
            attributes=draw(_criteria),
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
        objectives=_notes,
        opportunity_ids=st.lists(identifiers("o-"), max_size=3).map(tuple),
    )


def entities() -> st.SearchStrategy[Any]:
    """Any one of the core entities above (for round-trip tests)."""
    return st.one_of(
        segments(),
        competitors(),
        key_success_factors(),
        swots(),
        strategic_options(),
        business_groups(),
        business_units(),
        people(),
        clients(),
        contacts(),
        key_client_profiles(),
        inquiries(),
        influencers(),
        channels(),
        reputation_goals(),
        opportunities(),
        account_teams(),
        account_plans(),
        _workflow_entities(),
    )


def _workflow_entities() -> st.SearchStrategy[Any]:
    from clientel.testing import _workflow as w

    return st.one_of(
        w.rfps(),
        w.statements_of_work(),
        w.bid_decisions(),
        w.proposals(),
        w.contract_templates(),
        w.implementation_plans(),
        w.account_reviews(),
        w.satisfaction_responses(),
        w.follow_ups(),
        w.annual_reviews(),
    )
