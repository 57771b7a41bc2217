"""Structure-aware fuzzing of ``loads`` for every document type (issue 15).

Valid documents come from :mod:`clientel.testing` (and the stored v1 documents);
each example applies one to three mutations a hostile or careless writer might
make: a value of another JSON type, a look-alike string, a number at an edge, a
key dropped or added, an array emptied or grown, another document's type tag,
or a damaged text. Every example checks that

* only :mod:`clientel.errors` exceptions escape ``loads``;
* what ``loads`` accepts validates against the published JSON Schema, so every
  schema-level violation (types, required fields, enums, patterns, bounds) is
  refused by the loader as well;
* what ``loads`` accepts holds no NaN or infinity and round-trips through ``dumps``;
* ``loads_untrusted`` gives the same verdict: trusted with the same entity where
  ``loads`` accepts, untrusted with the same problems (or the same error, for what
  is not a document of the type) where it refuses.

The example budget is fixed (``EXAMPLES`` per document type, drawn at random from the run's seed in
CI) so this stage stays well under 60 s; ``HYPOTHESIS_PROFILE=dev`` and the
atheris target (tests/fuzz/atheris_loads.py) run longer campaigns.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from clientel import models as m
from clientel import planning
from clientel import testing as t
from clientel.errors import ClientelError

# per document type (about 40 types) in CI; the dev profile's larger budget otherwise
EXAMPLES = 25 if settings.default.max_examples <= 100 else settings.default.max_examples

STORED = Path(__file__).parents[1] / "models" / "data" / "v1"

DOCUMENTS: dict[str, tuple[Any, Callable[[], st.SearchStrategy[Any]]]] = {
    "Segment": (m.Segment, t.segments),
    "Competitor": (m.Competitor, t.competitors),
    "KeySuccessFactor": (m.KeySuccessFactor, t.key_success_factors),
    "Swot": (m.Swot, t.swots),
    "StrategicOption": (m.StrategicOption, t.strategic_options),
    "BusinessGroup": (m.BusinessGroup, t.business_groups),
    "BusinessUnit": (m.BusinessUnit, t.business_units),
    "Person": (m.Person, t.people),
    "Client": (m.Client, t.clients),
    "Contact": (m.Contact, t.contacts),
    "KeyClientProfile": (m.KeyClientProfile, t.key_client_profiles),
    "Inquiry": (m.Inquiry, t.inquiries),
    "Influencer": (m.Influencer, t.influencers),
    "Channel": (m.Channel, t.channels),
    "ReputationGoal": (m.ReputationGoal, t.reputation_goals),
    "Opportunity": (m.Opportunity, t.opportunities),
    "Pipeline": (m.Pipeline, t.pipelines),
    "DatedRateTable": (m.DatedRateTable, t.dated_rate_tables),
    "AccountTeam": (m.AccountTeam, t.account_teams),
    "AccountPlan": (m.AccountPlan, t.account_plans),
    "RFP": (m.RFP, t.rfps),
    "StatementOfWork": (m.StatementOfWork, t.statements_of_work),
    "BidDecision": (m.BidDecision, t.bid_decisions),
    "Proposal": (m.Proposal, t.proposals),
    "ProposalReview": (m.ProposalReview, t.proposal_reviews),
    "InquiryOutcome": (m.InquiryOutcome, t.inquiry_outcomes),
    "ContractTemplate": (m.ContractTemplate, t.contract_templates),
    "ImplementationPlan": (m.ImplementationPlan, t.implementation_plans),
    "AccountReview": (m.AccountReview, t.account_reviews),
    "SatisfactionResponse": (m.SatisfactionResponse, t.satisfaction_responses),
    "FollowUp": (m.FollowUp, t.follow_ups),
    "AnnualReview": (m.AnnualReview, t.annual_reviews),
    "TeamModel": (m.TeamModel, t.team_models),
    "TrainingRecord": (m.TrainingRecord, t.training_records),
    "Money": (m.Money, t.money),
    "NumberPattern": (m.NumberPattern, t.number_patterns),
    "Quote": (m.Quote, t.quotes),
    "ApprovalRecord": (m.ApprovalRecord, t.approval_records),
    "Contract": (m.Contract, t.contracts),
    "Invoice": (m.Invoice, t.invoices),
    "list[Client]": (list[m.Client], lambda: st.lists(t.clients(), max_size=3)),
    "ValueProposition": (m.ValueProposition, t.value_propositions),
    "GroupStrategyReview": (planning.GroupStrategyReview, t.group_strategy_reviews),
}
_DAY = dt.date(2027, 3, 31)
_SEEDS: dict[str, Any] = {  # entities without a strategy: a valid seed, then mutations
    "ArchiveRecord": m.ArchiveRecord(
        contract_id="k-1", number="NWIT-2027-C0001", archived_on=_DAY, custodian_id="p-1"
    ),
    "Handover": m.Handover(
        contract_id="k-1", contract_number="NWIT-2027-C0001", on=_DAY,
        project_director_id="p-2", finance_id="p-3", scope=("erp",),
    ),
    "Message": m.Message(segment_id="s-1", text="We run ERP for banks", client_id="c-1"),
    "ProposalOutcome": m.ProposalOutcome(
        proposal_id="pr-1", client_id="c-1", owner_id="p-1", result=m.ProposalState.LOST,
        decided_on=_DAY, quoted=m.Money("100.00", "EUR"), final_price=m.Money("90.00", "EUR"),
        reason=m.LossReason.PRICE,
    ),
    "PropositionCheck": m.value_proposition_gaps(
        m.BusinessUnit(id="bu", name="IT", group_id="g", code="ITS", currency="EUR",
                       offerings=("cloud",), target_segment_ids=("s-1", "s-2")),
        [m.ValueProposition(id="vp-1", segment_id="s-1", offerings=("iot",))],
    ),
}  # fmt: skip
for _name, _seed in _SEEDS.items():
    DOCUMENTS[_name] = (type(_seed), functools.partial(st.just, _seed))
TAGS = [*sorted(DOCUMENTS), "Contract", "list", "list[Segment]", "Client ", "client"]

_TRICKY_STRINGS = [
    "", " ", "\n", "x" * 300, "c1\n", " c1", "١٢", "１２", "٣.٥", "1E-8", "0E-7", "-0", "+1",
    "1e999", "12,5", "NaN", "Infinity", "null", "true", "2026-02-30", "2026-W10-1", "20260302",
    "2026-3-2", "EUX", "DEM", "eur", "XAU", "won", "draft", "signed", "key_client", "bu_gm",
    "Client", "\u200b", "\ufeff1", "Ⅻ", "𝟙𝟚", "a\x00b", "\ud800",
]  # fmt: skip
_EDGE_NUMBERS = [
    0, -1, 1, 2, 5.0, -0.0, 0.5, 1e-320, 1e308, -1e308, 2**53 + 1, 10**21, -(10**21),
    10**29, 10**40, 1900, 2200, 2201, 1899, 13, 12,
]  # fmt: skip
_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(_EDGE_NUMBERS),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(_TRICKY_STRINGS),
    st.text(max_size=8),
    st.builds(list),
    st.builds(dict),
    st.lists(st.sampled_from(["x", 1, None]), min_size=1, max_size=2),
    st.sampled_from(["EUR", "EUX", "DEM", "eur"]).map(lambda c: {"amount": "1.00", "currency": c}),
)  # fresh containers each draw: a mutation never makes a document contain itself
_DIGITS = ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "०१२३४५६७८९")


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _look_alike(text: str, draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        table = draw(st.sampled_from(_DIGITS))
        return text.translate(str.maketrans("0123456789", table))
    if kind == 1:
        return text.swapcase()
    if kind == 2:
        return text + draw(st.sampled_from(["\n", " ", "\u00a0", "0"]))
    if kind == 3:
        return text.replace("-", "\u2010").replace(".", ",")
    return text[:-1]


def _mutate_once(doc: Any, draw: st.DrawFn) -> Any:
    paths = _paths(doc)
    path = draw(st.sampled_from(paths))
    target = _get(doc, path)
    kind = draw(st.sampled_from(range(12)))
    if kind <= 2:
        return _set(doc, path, draw(_JSON))
    if kind == 3 and isinstance(target, dict) and target:
        del target[draw(st.sampled_from(sorted(target)))]
        return doc
    if kind == 4 and isinstance(target, dict):
        target[draw(st.sampled_from(["zz", "id", "data", "type", "amount", "state"]))] = draw(_JSON)
        return doc
    if kind == 5 and isinstance(target, list):
        if target and draw(st.booleans()):
            target.append(copy.deepcopy(target[0]))
        else:
            target.clear()
        return doc
    if kind == 6 and isinstance(target, str):
        return _set(doc, path, _look_alike(target, draw))
    if kind == 7 and isinstance(target, int | float) and not isinstance(target, bool):
        factor = draw(st.sampled_from([-1, 10**6, 0.5, 1.0]))
        return _set(doc, path, target * factor)
    if kind == 8 and isinstance(doc, dict):
        doc["type"] = draw(st.sampled_from(TAGS))
        return doc
    return _set(doc, path, draw(_same_kind(target)))


def _same_kind(value: Any) -> st.SearchStrategy[Any]:
    """A plausible replacement: often still valid, so acceptance is exercised too."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-3, 3000)
    if isinstance(value, float):
        return st.floats(-2, 2, allow_nan=False)
    if isinstance(value, str):
        return st.text(st.characters(codec="utf-8"), min_size=1, max_size=12) | st.sampled_from(
            [value.upper(), value.lower(), value[::-1], value + "x"]
        )
    return _JSON


@st.composite
def _mutated_text(draw: st.DrawFn, doc: dict[str, Any]) -> str:
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        doc = _mutate_once(doc, draw)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    damage = draw(st.sampled_from(["none"] * 5 + ["cut", "stray", "twice"]))
    if damage == "cut":
        return text[: len(text) - draw(st.integers(1, max(len(text), 1)))]
    if damage == "stray":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(list('{}[],:"\\\x00 é'))) + text[at:]
    if damage == "twice":  # a key written twice
        return text.replace('"data": ', '"data": null, "data": ', 1)
    return text


@functools.cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = m.json_schema(DOCUMENTS[name][0])
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def _finite(data: Any) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(_finite(v) for v in data.values())
    if isinstance(data, list):
        return all(_finite(v) for v in data)
    return True


def _check(name: str, text: str) -> None:
    cls = DOCUMENTS[name][0]
    try:
        value = m.loads(text, cls)
    except ClientelError as exc:
        accepted, refusal = False, exc
    else:
        accepted = True
    try:  # marked untrusted: the same verdict, the same problems, only clientel errors
        untrusted = m.loads_untrusted(text, cls)
    except ClientelError as exc:
        assert not accepted
        assert type(exc) is type(refusal)  # noqa: PT017 - compared with what loads raised
    else:
        assert untrusted.trusted == accepted
        if accepted:
            assert untrusted.value == value
        else:
            assert untrusted.value is None
            assert untrusted.problems == (refusal.errors or (str(refusal),))
    try:
        parsed = json.loads(text)
    except ValueError:
        assert not accepted
        event("not JSON: refused")
        return
    try:  # the schema describes the current version: an older document is checked migrated
        current = m.upgrade_document(parsed)
    except ClientelError:
        current = parsed
    valid = _validator(name).is_valid(current)
    if accepted:
        assert valid, f"loads accepted what the schema refuses: {text[:300]}"
        data = m.to_data(value)
        assert _finite(data)
        assert m.loads(m.dumps(value), cls) == value
        event("accepted by both")
    else:
        event("refused by both" if not valid else "refused by a rule only the loader checks")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_loads_is_total_and_never_looser_than_the_schema(name: str, data: st.DataObject) -> None:
    value = data.draw(DOCUMENTS[name][1]())
    doc = m.to_document(value)
    assert _validator(name).is_valid(json.loads(m.dumps(value)))  # dumps output validates
    _check(name, data.draw(_mutated_text(doc)))


@pytest.mark.parametrize("path", sorted(STORED.glob("*.json")), ids=lambda p: p.stem)
@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_stored_documents(path: Path, data: st.DataObject) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    name = doc["type"]
    if name not in DOCUMENTS:  # a stored document of a type without a strategy
        DOCUMENTS[name] = (getattr(m, name), lambda: st.nothing())
    _check(name, data.draw(_mutated_text(doc)))


def test_every_document_type_is_fuzzed() -> None:
    """Each public entity of clientel.models is fuzzed as a document or nested in one."""
    import attrs

    reached: set[type] = set()

    def walk(tp: Any) -> None:
        import typing

        for arg in typing.get_args(tp):
            walk(arg)
        if isinstance(tp, type) and attrs.has(tp) and tp not in reached:
            reached.add(tp)
            for hint in typing.get_type_hints(tp).values():
                walk(hint)

    for cls, _ in DOCUMENTS.values():
        walk(cls)
    public = {getattr(m, n) for n in m.__all__ if isinstance(getattr(m, n), type)}
    entities = {c for c in public if attrs.has(c)}
    missing = sorted(c.__name__ for c in entities - reached)
    # values, and what loads_untrusted gives: never stored
    assert missing == ["FiscalYear", "ParsedNumber", "UntrustedDocument"], missing
