"""One strategy over every entity of clientel.models, for round-trip tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from clientel.testing import _authority as authority
from clientel.testing import _contracts as life
from clientel.testing import _models as core
from clientel.testing import _pipeline as pipe
from clientel.testing import _quotes as quoting
from clientel.testing import _workflow as flow

__all__ = ["entities"]


def entities() -> st.SearchStrategy[Any]:
    """Any one of the entities of :mod:`clientel.models` (for round-trip tests)."""
    return st.one_of(
        core.segments(),
        core.competitors(),
        core.key_success_factors(),
        core.swots(),
        core.strategic_options(),
        core.business_groups(),
        core.business_units(),
        core.people(),
        core.clients(),
        core.contacts(),
        core.key_client_profiles(),
        core.inquiries(),
        core.influencers(),
        core.channels(),
        core.reputation_goals(),
        core.opportunities(),
        pipe.pipelines(),
        pipe.dated_rate_tables(),
        core.account_teams(),
        core.account_plans(),
        core.value_propositions(),
        flow.rfps(),
        flow.statements_of_work(),
        flow.bid_decisions(),
        flow.proposals(),
        flow.contract_templates(),
        flow.implementation_plans(),
        flow.account_reviews(),
        flow.satisfaction_responses(),
        flow.follow_ups(),
        flow.annual_reviews(),
        quoting.quotes(),
        quoting.quote_lines(),
        authority.approval_records(),
        life.contracts(max_steps=3),
        life.invoices(),
    )
