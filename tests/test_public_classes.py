"""Every public attrs class: frozen, keyword-only, and writing a JSON type tag that never changes.

JSON type tags are part of the stored format: a rename must not change one silently.

Every public attrs class writes documents tagged document_type(cls). The
tags below are those of release 0.1.0's tree before the naming work of issue 11.
A class renamed since keeps its old tag with a class attribute, for example::

    @attrs.frozen(kw_only=True)
    class SigningAuthority:
        _document_type: ClassVar[str] = "AuthorityMatrix"

Removing a tag from this list means documents of that type no longer load: a
deliberate, reviewed change (and a migration in clientel.models). Issue 13 retired
two tags whose classes merged into the authority engine (RETIRED_TAGS): their
schema-1 documents are migrated and load into the class that replaced them.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from clientel import models as m

HAS_DASK = importlib.util.find_spec("dask") is not None  # clientel[dask] installed

DATA = Path(__file__).parent / "models" / "data"

TAGS_WRITTEN_TODAY = frozenset(
    {
        "AccountPlan",
        "AccountReview",
        "AccountTeam",
        "Action",
        "AhpResult",
        "AnnualReview",
        "ApprovalCondition",
        "ApprovalStep",
        "Approvals",
        "ArchiveRecord",
        "AuthorityMatrix",
        "AuthorityRule",
        "BidDecision",
        "BidScorecard",
        "BindingConstraint",
        "BudgetLine",
        "BusinessGroup",
        "BusinessUnit",
        "ChangeExplanation",
        "Channel",
        "ChannelChoice",
        "ChannelScore",
        "Client",
        "ClientRanking",
        "ClientScore",
        "ColumnStats",
        "CompetitiveProfile",
        "Competitor",
        "Confirmation",
        "Contact",
        "Contract",
        "ContractTemplate",
        "CostBuildUp",
        "CostSummary",
        "CriteriaTree",
        "Criterion",
        "CriterionResult",
        "CsatResult",
        "DealRecord",
        "Distribution",
        "EarnedValue",
        "Explanation",
        "Factor",
        "FactorEvaluation",
        "FactorGap",
        "FieldTable",
        "FinancialImpact",
        "FinancialTarget",
        "FiscalYear",
        "FiveForces",
        "FollowUp",
        "Gap",
        "Gate",
        "Handover",
        "ImplementationPlan",
        "Influencer",
        "InfluencerPriorities",
        "InfluencerPriority",
        "Inquiry",
        "InquiryFollowUp",
        "InquiryOutcome",
        "InquiryTriage",
        "Instalment",
        "IrrResult",
        "KeyClientProfile",
        "KeySuccessFactor",
        "LineVariance",
        "LossReason",
        "Message",
        "Milestone",
        "MissingResult",
        "Money",
        "NegotiationRound",
        "NineBoxCell",
        "NpsResult",
        "NumberPattern",
        "Opportunity",
        "OpportunityPriorities",
        "OpportunityPriority",
        "OwnerAssignment",
        "ParsedNumber",
        "PaymentTerm",
        "Period",
        "Person",
        "PlanStatus",
        "PortfolioSelection",
        "PriceBand",
        "PrometheeResult",
        "Proposal",
        "ProposalEvent",
        "ProposalOutcome",
        "ProposalReview",
        "Quote",
        "QuoteStatus",
        "RFP",
        "RankAcceptability",
        "RankedItem",
        "Ranking",
        "RateCard",
        "ReportingCheck",
        "ReputationGoal",
        "Resource",
        "ReviewOutcome",
        "Risk",
        "RoleRate",
        "SatisfactionResponse",
        "ScenarioResult",
        "Segment",
        "SegmentPortfolio",
        "ServiceTier",
        "Signature",
        "SigningChain",
        "SimulationResult",
        "StaffingGap",
        "StatementOfWork",
        "StrategicOption",
        "Summary",
        "Swot",
        "TargetChannel",
        "TargetClient",
        "TargetList",
        "TeamMember",
        "TeamModel",
        "TemplateApproval",
        "TierBand",
        "TierScheme",
        "TopsisResult",
        "TornadoBar",
        "TrainingRecord",
        "VikorResult",
        "VolumeTier",
        "Waterfall",
        "WeightInterval",
        "WinEstimate",
        "WinModel",
        "WinProbabilityModel",
        "WinRate",
        "YearImpact",
        "YearTotals",
        # issue 22: the pipeline's entities and results
        "AgingRow",
        "Contribution",
        "DatedRate",
        "DatedRateTable",
        "ForecastReview",
        "PeriodForecast",
        "PeriodReview",
        "Pipeline",
        "PipelineAging",
        "PipelineCoverage",
        "PipelineForecast",
        "PipelineStage",
        "PipelineVelocity",
        "StageChange",
        "StageConversion",
        "StageRate",
        "StageTime",
        "StageTimes",
        "YearCoverage",
    }
)


#: Tags no class writes any more (issue 13), with the class their schema-1 documents load into.
RETIRED_TAGS = {"NegotiationAuthority": "AuthorityMatrix", "SigningLimit": "AuthorityRule"}


def _public_modules() -> list[str]:
    """Every module of the package whose dotted name has no part starting with ``_``."""
    package = importlib.import_module("clientel")
    names = ["clientel"] + [
        info.name
        for info in pkgutil.walk_packages(package.__path__, "clientel.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and (HAS_DASK or not info.name.startswith("clientel.dask"))  # an optional extra
    ]
    return sorted(names)


def _public_attrs_classes() -> dict[str, type]:
    found = {}
    for name in _public_modules():
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", ()):
            obj = getattr(module, public)
            if isinstance(obj, type) and attrs.has(obj):
                found[f"{name}.{public}"] = obj
    return found


def test_every_tag_written_today_is_still_written_by_a_public_class() -> None:
    written = {m.document_type(cls) for cls in _public_attrs_classes().values()}
    lost = sorted(TAGS_WRITTEN_TODAY - written)
    assert lost == [], (
        f"no public class writes the document type(s) {lost} any more; a renamed class "
        "keeps its old tag: _document_type: ClassVar[str] = '<old name>'"
    )


def test_a_retired_tag_is_written_by_no_class_and_its_documents_load_into_the_new_one() -> None:
    by_tag = {m.document_type(cls): cls for cls in _public_attrs_classes().values()}
    v1 = {
        "NegotiationAuthority": {"limits": {"p-am01": 0.05, "p-gm": 0.15}, "default": 0.0},
        "SigningLimit": {
            "role": "bu_gm",
            "business_type": None,
            "max_value": {"amount": "500000", "currency": "EUR"},
        },
    }
    for old, new in RETIRED_TAGS.items():
        assert old not in by_tag
        loaded = m.from_document({"schema_version": 1, "type": old, "data": v1[old]}, by_tag[new])
        assert m.document_type(type(loaded)) == new
    matrix = m.from_document(
        {"schema_version": 1, "type": "NegotiationAuthority", "data": v1["NegotiationAuthority"]},
        by_tag["AuthorityMatrix"],
    )
    assert [(r.role, r.level, r.max_discount) for r in matrix.rules] == [
        ("p-am01", 0, 0.05),
        ("p-gm", 1, 0.15),
    ]


def test_a_class_that_is_not_renamed_writes_its_own_name() -> None:
    for path, cls in _public_attrs_classes().items():
        tag = m.document_type(cls)
        assert tag == cls.__name__ or tag in TAGS_WRITTEN_TODAY, path


def test_a_kept_tag_is_what_documents_carry_and_read_back() -> None:
    @attrs.frozen(kw_only=True)
    class Renamed:
        _document_type: ClassVar[str] = "OldName"
        value: int

    doc = m.to_document(Renamed(value=3))
    assert doc["type"] == "OldName"
    assert m.to_document([Renamed(value=1)])["type"] == "list[OldName]"
    assert m.from_document(doc, Renamed) == Renamed(value=3)
    assert m.json_schema(list[Renamed])["title"] == "clientel document: list[OldName]"


def _model_class(tag: str) -> Any:
    by_tag = {
        m.document_type(cls): cls
        for cls in _public_attrs_classes().values()
        if cls.__module__.startswith("clientel.models")
    }
    if tag.startswith("list[") and tag.endswith("]"):
        return list[by_tag[tag[5:-1]]]  # type: ignore[index]
    return by_tag[tag]


#: Stored documents whose types changed in schema 2 (issue 13), 3 (issue 22: opportunities
#: gained dates and a stage history), 5 (issue 30: quotes have lines) or 6 (issue 28: contracts
#: gained their life after signing, instalments, also those of handovers, a gating milestone):
#: their data is migrated.
MIGRATED = {
    "proposal.json",
    "contract.json",
    "opportunity.json",
    "quote.json",
    "quotes.json",
    "proposal_quoted.json",
    "handover.json",
}


@pytest.mark.parametrize("path", sorted(DATA.glob("v*/*.json")), ids=lambda p: p.name)
def test_stored_documents_are_read_by_their_tag(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    cls = _model_class(doc["type"])
    loaded = m.from_document(doc, cls)
    again = m.to_document(loaded)
    assert (again["type"], again["schema_version"]) == (doc["type"], m.SCHEMA_VERSION)
    assert m.from_document(json.loads(json.dumps(again)), cls) == loaded
    if path.name not in MIGRATED:
        assert again["data"] == doc["data"]  # the type did not change: nothing migrated


#: Value types read like numbers and dates (``Money("12.50", "EUR")``, ``FiscalYear(2027)``),
#: so their fields may be passed by position; every entity and result is keyword-only.
VALUE_TYPES = (m.Money, m.FiscalYear, m.Period)


def test_every_public_class_is_frozen_and_keyword_only() -> None:
    for path, cls in _public_attrs_classes().items():
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(object.__new__(cls), attrs.fields(cls)[0].name, None)
        if cls not in VALUE_TYPES:
            assert [f.name for f in attrs.fields(cls) if f.init and not f.kw_only] == [], path
