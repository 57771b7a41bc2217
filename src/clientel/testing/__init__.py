"""Hypothesis strategies for clientel's entities and value types.

Downstream apps can property-test their own code with realistic entities::

    from hypothesis import given
    from clientel.testing import clients

    @given(clients())
    def test_my_export(client): ...

Needs hypothesis (``pip install clientel[testing]``); importing this module
imports hypothesis, which ``import clientel`` never does. Without it, the
import fails with an :class:`ImportError` that names the extra.
"""

try:
    import hypothesis as _hypothesis  # noqa: F401 - checked first, for a message naming the extra
except ImportError as _missing:
    _msg = "clientel.testing needs hypothesis: pip install 'clientel[testing]'"
    raise ImportError(_msg, name=_missing.name) from _missing

from clientel.testing._authority import (
    approval_records,
    authority_matrices,
    authority_rules,
    delegations,
    rate_tables,
)
from clientel.testing._contracts import (
    SIGNING_MATRIX,
    contracts,
    invoices,
    signatures_for,
    signed_contract,
)
from clientel.testing._edges import (
    cash_flows_with_roots,
    mixed_weights,
    near_tie_scores,
    quantile_fractions,
    sub_cent_money,
    tier_counts,
    tier_thresholds,
)
from clientel.testing._entities import entities
from clientel.testing._health import (
    colour_schemes,
    health_histories,
    health_measures,
    health_scorecards,
)
from clientel.testing._models import (
    account_plans,
    account_teams,
    business_groups,
    business_units,
    channels,
    clients,
    competitors,
    contacts,
    influencers,
    inquiries,
    key_client_profiles,
    key_success_factors,
    opportunities,
    people,
    reputation_goals,
    segments,
    strategic_options,
    swots,
    value_propositions,
)
from clientel.testing._pipeline import (
    dated_rate_tables,
    pipeline_opportunities,
    pipelines,
    stage_conversions,
    stage_histories,
)
from clientel.testing._planning import (
    bgnbd_models,
    budget_lines,
    cash_flow_series,
    distributions,
    group_strategy_reviews,
    purchase_histories,
    team_models,
    training_records,
)
from clientel.testing._pricing import (
    bid_response_models,
    deal_records,
    rate_cards,
    volume_schedules,
)
from clientel.testing._quotes import quote_lines, quotes
from clientel.testing._scoring import (
    criteria_sets,
    decision_problems,
    naive_bayes_models,
    pairwise_matrices,
    win_histories,
    win_model_evaluations,
)
from clientel.testing._values import currencies, fiscal_years, identifiers, money, periods
from clientel.testing._workflow import (
    account_reviews,
    annual_reviews,
    bid_decisions,
    contract_templates,
    follow_ups,
    implementation_plans,
    inquiry_outcomes,
    number_patterns,
    proposal_reviews,
    proposals,
    rfps,
    satisfaction_responses,
    statements_of_work,
)

__all__ = [
    "SIGNING_MATRIX",
    "account_plans",
    "account_reviews",
    "account_teams",
    "annual_reviews",
    "approval_records",
    "authority_matrices",
    "authority_rules",
    "bgnbd_models",
    "bid_decisions",
    "bid_response_models",
    "budget_lines",
    "business_groups",
    "business_units",
    "cash_flow_series",
    "cash_flows_with_roots",
    "channels",
    "clients",
    "colour_schemes",
    "competitors",
    "contacts",
    "contract_templates",
    "contracts",
    "criteria_sets",
    "currencies",
    "dated_rate_tables",
    "deal_records",
    "decision_problems",
    "delegations",
    "distributions",
    "entities",
    "fiscal_years",
    "follow_ups",
    "group_strategy_reviews",
    "health_histories",
    "health_measures",
    "health_scorecards",
    "identifiers",
    "implementation_plans",
    "influencers",
    "inquiries",
    "inquiry_outcomes",
    "invoices",
    "key_client_profiles",
    "key_success_factors",
    "mixed_weights",
    "money",
    "naive_bayes_models",
    "near_tie_scores",
    "number_patterns",
    "opportunities",
    "pairwise_matrices",
    "people",
    "periods",
    "pipeline_opportunities",
    "pipelines",
    "proposal_reviews",
    "proposals",
    "purchase_histories",
    "quantile_fractions",
    "quote_lines",
    "quotes",
    "rate_cards",
    "rate_tables",
    "reputation_goals",
    "rfps",
    "satisfaction_responses",
    "segments",
    "signatures_for",
    "signed_contract",
    "stage_conversions",
    "stage_histories",
    "statements_of_work",
    "strategic_options",
    "sub_cent_money",
    "swots",
    "team_models",
    "tier_counts",
    "tier_thresholds",
    "training_records",
    "value_propositions",
    "volume_schedules",
    "win_histories",
    "win_model_evaluations",
]
