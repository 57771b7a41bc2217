"""Typed, frozen domain entities of the client-development process, and their JSON form.

Every entity is a frozen, keyword-only attrs class validated at construction;
change one with :func:`attrs.evolve` (validators run again). Identifiers are
strings and entities refer to each other by id. Optional fields are truly
optional: missing client data is normal (barrier of step 2.3).

Value types: :class:`Money` (exact Decimal with a currency), :class:`FiscalYear`
and :class:`Period`. Rates, shares and probabilities are plain floats written as
fractions (``0.15`` means 15 %).

JSON: :func:`to_data` / :func:`from_data` for JSON-compatible data, and
:func:`dumps` / :func:`loads` for versioned documents
(``{"schema_version": 1, "type": ..., "data": ...}``).
"""

from clientel.models._accounts import AccountPlan, Opportunity, OpportunityOrigin
from clientel.models._clients import (
    Client,
    ClientStatus,
    Contact,
    DecisionLevel,
    Inquiry,
    KeyClientProfile,
)
from clientel.models._money import MINOR_UNITS, Money, minor_unit
from clientel.models._people import AccountTeam, Person, Role, TeamMember
from clientel.models._periods import FiscalYear, Period
from clientel.models._reputation import (
    Channel,
    ChannelKind,
    Influencer,
    InfluencerKind,
    Message,
    ReputationGoal,
)
from clientel.models._schema import json_schema
from clientel.models._serialize import (
    SCHEMA_VERSION,
    dumps,
    from_data,
    from_document,
    loads,
    to_data,
    to_document,
)
from clientel.models._strategy import (
    BusinessGroup,
    BusinessUnit,
    Competitor,
    FinancialTarget,
    KeySuccessFactor,
    Segment,
    StrategicOption,
    Swot,
)

__all__ = [
    "MINOR_UNITS",
    "SCHEMA_VERSION",
    "AccountPlan",
    "AccountTeam",
    "BusinessGroup",
    "BusinessUnit",
    "Channel",
    "ChannelKind",
    "Client",
    "ClientStatus",
    "Competitor",
    "Contact",
    "DecisionLevel",
    "FinancialTarget",
    "FiscalYear",
    "Influencer",
    "InfluencerKind",
    "Inquiry",
    "KeyClientProfile",
    "KeySuccessFactor",
    "Message",
    "Money",
    "Opportunity",
    "OpportunityOrigin",
    "Period",
    "Person",
    "ReputationGoal",
    "Role",
    "Segment",
    "StrategicOption",
    "Swot",
    "TeamMember",
    "dumps",
    "from_data",
    "from_document",
    "json_schema",
    "loads",
    "minor_unit",
    "to_data",
    "to_document",
]
