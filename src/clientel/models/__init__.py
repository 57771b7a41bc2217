"""Typed, frozen domain entities of the client-development process, and their JSON form.

Every entity is a frozen, keyword-only attrs class validated at construction;
change one with :func:`attrs.evolve` (validators run again). Identifiers are
strings and entities refer to each other by id. Optional fields are truly
optional: missing client data is normal (barrier of step 2.3).

Value types: :class:`Money` (exact Decimal with a currency), :class:`FiscalYear`
and :class:`Period`. Opportunities carry a dated stage history
(:class:`StageChange`, ending in :data:`WON` or :data:`LOST`) through the
stages of the unit's :class:`Pipeline`; a :class:`DatedRateTable` of
:class:`DatedRate` converts amounts into a reporting currency. Rates, shares and
probabilities are plain floats written as fractions (``0.15`` means 15 %).

JSON: :func:`dumps` / :func:`loads` for versioned documents
(``{"schema_version": 4, "type": ..., "data": ...}``), :func:`loads_data` for a
raw payload without the envelope, :func:`to_data` / :func:`from_data` for
JSON-compatible data already parsed, and :func:`json_schema` for the published
schema. The readers are strict (nothing is coerced) and total (only
:mod:`clientel.errors` exceptions escape); the caps :data:`MAX_DOCUMENT_SIZE`,
:data:`MAX_DEPTH`, :data:`MAX_STRING_LENGTH` and :data:`MAX_INT_DIGITS` bound
what they read.
"""

from clientel.models._accounts import AccountPlan, Opportunity, OpportunityOrigin
from clientel.models._approvals import ApprovalRecord, Decision
from clientel.models._bidding import (
    CriterionResult,
    PaymentTerm,
    ProposalReview,
    ReviewCriterion,
)
from clientel.models._clients import (
    Client,
    ClientStatus,
    Contact,
    DecisionLevel,
    Inquiry,
    KeyClientProfile,
)
from clientel.models._contracts import (
    ArchiveRecord,
    Confirmation,
    ConfirmationKind,
    Contract,
    ContractState,
    ContractTemplate,
    Handover,
    Instalment,
    Signature,
    TemplateApproval,
)
from clientel.models._events import AuthorityCheck, LossReason, NegotiationRound, ProposalEvent
from clientel.models._exchange import DatedRate, DatedRateTable
from clientel.models._money import HISTORIC_CURRENCIES, MINOR_UNITS, Money, minor_unit
from clientel.models._numbering import (
    NumberPattern,
    ParsedNumber,
    mod37_36_check,
    next_number,
    parse_number,
)
from clientel.models._outcomes import (
    InquiryDecision,
    InquiryFollowUp,
    InquiryOutcome,
    ProposalOutcome,
)
from clientel.models._people import AccountTeam, Person, Role, TeamMember
from clientel.models._periods import FiscalYear, Period
from clientel.models._pipeline import Pipeline, PipelineStage
from clientel.models._plans import (
    Action,
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Resource,
    ResourceKind,
    Risk,
    RiskCategory,
)
from clientel.models._proposals import PROPOSAL_TRANSITIONS, Proposal, ProposalState
from clientel.models._propositions import (
    PropositionCheck,
    PropositionGap,
    PropositionProblem,
    ValueProposition,
    check_value_propositions,
    value_proposition_gaps,
)
from clientel.models._quotes import Quote
from clientel.models._reputation import (
    Channel,
    ChannelKind,
    Influencer,
    InfluencerKind,
    Message,
    ReputationGoal,
)
from clientel.models._reviews import (
    AccountReview,
    AnnualReview,
    FollowUp,
    SatisfactionResponse,
    TeamModel,
    TrainingRecord,
)
from clientel.models._rfps import RFP, BidDecision, StatementOfWork
from clientel.models._schema import json_schema
from clientel.models._serialize import (
    MAX_DEPTH,
    MAX_DOCUMENT_SIZE,
    MAX_INT_DIGITS,
    MAX_STRING_LENGTH,
    SCHEMA_VERSION,
    document_type,
    dumps,
    from_data,
    from_document,
    loads,
    loads_data,
    to_data,
    to_document,
    upgrade_document,
)
from clientel.models._stages import END_STAGES, LOST, WON, StageChange
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
    "END_STAGES",
    "HISTORIC_CURRENCIES",
    "LOST",
    "MAX_DEPTH",
    "MAX_DOCUMENT_SIZE",
    "MAX_INT_DIGITS",
    "MAX_STRING_LENGTH",
    "MINOR_UNITS",
    "PROPOSAL_TRANSITIONS",
    "RFP",
    "SCHEMA_VERSION",
    "WON",
    "AccountPlan",
    "AccountReview",
    "AccountTeam",
    "Action",
    "AnnualReview",
    "ApprovalRecord",
    "ArchiveRecord",
    "AuthorityCheck",
    "BidDecision",
    "BusinessGroup",
    "BusinessUnit",
    "Channel",
    "ChannelKind",
    "Client",
    "ClientStatus",
    "Competitor",
    "Confirmation",
    "ConfirmationKind",
    "Contact",
    "Contract",
    "ContractState",
    "ContractTemplate",
    "CriterionResult",
    "DatedRate",
    "DatedRateTable",
    "Decision",
    "DecisionLevel",
    "FinancialTarget",
    "FiscalYear",
    "FollowUp",
    "Handover",
    "ImplementationPlan",
    "Influencer",
    "InfluencerKind",
    "Inquiry",
    "InquiryDecision",
    "InquiryFollowUp",
    "InquiryOutcome",
    "Instalment",
    "KeyClientProfile",
    "KeySuccessFactor",
    "LossReason",
    "Message",
    "Milestone",
    "MilestoneStatus",
    "Money",
    "NegotiationRound",
    "NumberPattern",
    "Opportunity",
    "OpportunityOrigin",
    "ParsedNumber",
    "PaymentTerm",
    "Period",
    "Person",
    "Pipeline",
    "PipelineStage",
    "Proposal",
    "ProposalEvent",
    "ProposalOutcome",
    "ProposalReview",
    "ProposalState",
    "PropositionCheck",
    "PropositionGap",
    "PropositionProblem",
    "Quote",
    "ReputationGoal",
    "Resource",
    "ResourceKind",
    "ReviewCriterion",
    "Risk",
    "RiskCategory",
    "Role",
    "SatisfactionResponse",
    "Segment",
    "Signature",
    "StageChange",
    "StatementOfWork",
    "StrategicOption",
    "Swot",
    "TeamMember",
    "TeamModel",
    "TemplateApproval",
    "TrainingRecord",
    "ValueProposition",
    "check_value_propositions",
    "document_type",
    "dumps",
    "from_data",
    "from_document",
    "json_schema",
    "loads",
    "loads_data",
    "minor_unit",
    "mod37_36_check",
    "next_number",
    "parse_number",
    "to_data",
    "to_document",
    "upgrade_document",
    "value_proposition_gaps",
]
