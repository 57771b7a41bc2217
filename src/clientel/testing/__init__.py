"""Hypothesis strategies for clientel's entities and value types.

Downstream apps can property-test their own code with realistic entities::

    from hypothesis import given
    from clientel.testing import clients

    @given(clients())
    def test_my_export(client): ...

Needs hypothesis (``pip install clientel[testing]``); importing this module
imports hypothesis, which ``import clientel`` never does.
"""

from clientel.testing._models import (
    account_plans,
    account_teams,
    business_groups,
    business_units,
    channels,
    clients,
    competitors,
    contacts,
    currencies,
    entities,
    fiscal_years,
    identifiers,
    influencers,
    inquiries,
    key_client_profiles,
    key_success_factors,
    money,
    opportunities,
    people,
    periods,
    reputation_goals,
    segments,
    strategic_options,
    swots,
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
