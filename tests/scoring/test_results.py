"""One shape for scoring results: every explain() gives an Explanation, every repr stays short.

Each result class of clientel.scoring is built once from a small worked input
(explanations) and once at 10,000 rows (reprs and notebook tables), through the
public functions where they are cheap at that size and directly otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest

import clientel
from clientel import scoring as sc
from clientel.models import (
    BusinessUnit,
    Channel,
    ChannelKind,
    Client,
    Competitor,
    DecisionLevel,
    Influencer,
    InfluencerKind,
    Inquiry,
    InquiryDecision,
    Money,
    Opportunity,
    OpportunityOrigin,
    Segment,
)
from clientel.scoring import kernels as sk

BIG = 10_000
CRIT = [
    sc.Criterion(name="potential", weight=2, group="attractiveness"),
    sc.Criterion(name="relationship", weight=1, group="feasibility"),
]


def _clients(n: int) -> list[Client]:
    rng = np.random.default_rng(n)
    values = rng.uniform(1, 9, size=(n, 2))
    return [
        Client(
            id=f"c{i:05d}",
            name=f"Client {i}",
            segment_id=("bank", "retail")[i % 2],
            attributes={"potential": float(v[0]), "relationship": float(v[1])},
        )
        for i, v in enumerate(values)
    ]


def _opportunities(n: int) -> list[Opportunity]:
    rng = np.random.default_rng(n)
    values = rng.uniform(1, 9, size=(n, 2))
    return [
        Opportunity(
            id=f"o{i:05d}",
            client_id="nordbank",
            name=f"Opportunity {i}",
            origin=OpportunityOrigin.CLIENT_IT_NEED,
            attributes={"margin": float(v[0]), "fit": float(v[1])},
        )
        for i, v in enumerate(values)
    ]


def _influencers(n: int) -> list[Influencer]:
    return [
        Influencer(
            id=f"i{i:05d}",
            name=f"Influencer {i}",
            kind=InfluencerKind.MEDIA,
            influence=float(i % 5),
            interest=float(i % 3),
            accessibility=float(i % 7),
        )
        for i in range(n)
    ]


def _channels(n: int) -> list[Channel]:
    return [
        Channel(
            id=f"ch{i:05d}",
            name=f"Channel {i}",
            kind=ChannelKind.OTHER,
            suitability={lv.value: ((i + k) % 10) / 10 for k, lv in enumerate(DecisionLevel)},
        )
        for i in range(n)
    ]


def _segments(n: int) -> list[Segment]:
    rng = np.random.default_rng(n)
    values = rng.uniform(1, 5, size=(n, 2))
    return [
        Segment(id=f"s{i:05d}", name=f"Segment {i}", factors={"growth": a, "share": b})
        for i, (a, b) in enumerate(values.tolist())
    ]


def _ranking(n: int) -> sc.Ranking:
    X = np.random.default_rng(n).uniform(1, 9, size=(n, 2))
    return sc.score_alternatives(X, CRIT, ids=[f"a{i:05d}" for i in range(n)])


def _client_ranking(n: int) -> sc.ClientRanking:
    return sc.rank_clients(_clients(n), CRIT)


def _target_list(n: int) -> sc.TargetList:
    tiers = [
        sc.ServiceTier(name="A", principle="quarterly review", min_score=0.7),
        sc.ServiceTier(name="B", principle="yearly review"),
    ]
    return sc.select_targets(_client_ranking(n), per_segment={"bank": n // 4}, tiers=tiers)


def _portfolio(n: int) -> sc.SegmentPortfolio:
    return sc.rank_segments(_segments(n), attractiveness={"growth": 1}, strength={"share": 1})


def _influencer_priorities(n: int) -> sc.InfluencerPriorities:
    return sc.rank_influencers(_influencers(n))


def _channel_choice(n: int) -> sc.ChannelChoice:
    return sc.rank_channels(_channels(max(1, n // len(DecisionLevel))), efficiency_weight=0)


def _opportunity_priorities(n: int) -> sc.OpportunityPriorities:
    crit = [sc.Criterion(name="margin", group="value"), sc.Criterion(name="fit", group="ease")]
    return sc.rank_opportunities(_opportunities(n), crit)


def _owner_assignment(n: int) -> sc.OwnerAssignment:
    if n <= 10:
        from clientel.models import Person, Role

        ada = Person(
            id="ada", name="Ada", role=Role.ACCOUNT_MANAGER, segment_ids=["bank"], capacity=n
        )
        clients = _clients(n)
        targets = [c.id for c in clients if c.segment_id == "bank"]
        return sc.assign_owners(clients, [ada], targets=targets)
    owners = {f"c{i:05d}": f"p{i % 50}" for i in range(n)}
    return sc.OwnerAssignment(
        owners=owners,
        total_fit=float(n),
        load={f"p{k}": n // 50 for k in range(50)},
        capacity={f"p{k}": n for k in range(50)},
    )


def _win_model(n: int) -> sc.NaiveBayesWinModel:
    records = [{"source": f"src{i % 997}", "segment": ("bank", "retail")[i % 2]} for i in range(n)]
    return sc.fit_naive_bayes(records, [i % 3 == 0 for i in range(n)], fields=["source", "segment"])


def _win_estimate(n: int) -> sc.WinEstimate:
    return _win_model(n).predict({"source": "src1", "segment": "bank"})


def _win_evaluation(n: int) -> sc.WinModelEvaluation:
    p = np.linspace(0.01, 0.99, max(n, 20))
    won = np.random.default_rng(0).random(p.size) < p
    return sc.evaluate_predictions(p, won, ids=[f"o{i:06d}" for i in range(p.size)])


def _score_trend(n: int) -> sc.ScoreTrend:
    model = _win_model(n)
    return sc.score_trend(
        model.predict({"source": "src1", "segment": "bank"}),
        model.predict({"source": "src2", "segment": "retail"}),
        start=dt.date(2027, 1, 4),
        end=dt.date(2027, 2, 1),
    )


def _bid_scorecard(n: int) -> sc.BidScorecard:
    crit = [sc.Criterion(name=f"k{j:05d}", bounds=(1, 5)) for j in range(min(n, 2_000))]
    values: dict[str, float | None] = {c.name: float(1 + j % 5) for j, c in enumerate(crit)}
    return sc.bid_decision("rfp-1", values, crit, threshold=0.5)


def _inquiry_triage(n: int) -> sc.InquiryTriage:
    bu = BusinessUnit(
        id="bu",
        name="IT Services",
        group_id="grp",
        code="ITS",
        currency="EUR",
        offerings=["cloud"],
        target_segment_ids=["bank"],
    )
    inq = Inquiry(
        id="inq-1",
        received_on=dt.date(2027, 3, 1),
        company_name="Toyland",
        segment_id="retail",
        offering="cloud",
        attributes={"budget": 7},
    )
    small = sc.triage_inquiry(
        inq, bu, criteria=[sc.Criterion(name="budget", bounds=(0, 10))], minimum_score=0.5
    )
    if n <= 10:
        return small
    return attrs.evolve(small, reasons=tuple(f"reason {i}" for i in range(n)))


def _change(n: int) -> sc.ChangeExplanation:
    names = [f"f{j:05d}" for j in range(n)]
    tree = sc.CriteriaTree(
        factors={f: ("g", 1.0 + j % 3) for j, f in enumerate(names)},
        groups={"g": ("axis", 1.0)},
        axes={"axis": 1.0},
    )
    before = {f: float(j % 5) for j, f in enumerate(names)}
    after = {f: float((j + 1) % 5) for j, f in enumerate(names)}
    return sc.explain_change(before, after, tree)


def _selection(n: int) -> sc.PortfolioSelection:
    opps = [
        Opportunity(
            id=f"o{i:05d}",
            client_id=f"c{i}",
            name=f"o{i}",
            win_probability=0.5,
            origin=OpportunityOrigin.CLIENT_IT_NEED,
            pursuit_cost=Money(1000 + 10 * i, "EUR"),
            revenue=[Money(5000 + 7 * (i % 13), "EUR")],
            cost=[Money(0, "EUR")],
        )
        for i in range(min(n, 300))
    ]
    small = sc.select_portfolio(opps, budget=Money(5000, "EUR"))
    if n <= 300:
        return small
    ev = {f"x{i:05d}": float(i) for i in range(n)}
    return attrs.evolve(small, chosen=tuple(ev), expected_values=ev)


def _profile(n: int) -> sc.CompetitiveProfile:
    factors = [f"k{j:05d}" for j in range(min(n, 2_000))]  # 5 rivals: 10,000 gaps
    ratings = [{f: 1 + (j + r) % 4 for j, f in enumerate(factors)} for r in range(6)]
    rivals = [Competitor(id=f"r{r}", name=f"Rival {r}", ratings=ratings[r]) for r in range(1, 6)]
    weights = dict.fromkeys(factors, 1 / len(factors))
    return sc.competitive_profile(ratings[0], rivals, weights)


def _evaluation(n: int) -> sc.FactorEvaluation:
    factors = [f"k{j:05d}" for j in range(n)]
    ratings = {f: 1 + j % 4 for j, f in enumerate(factors)}
    return sc.factor_evaluation(ratings, dict.fromkeys(factors, 1 / n), kind="internal")


def _forces(n: int) -> sc.FiveForces:
    return sc.five_forces({f: 1 + j for j, f in enumerate(sc.FORCES)})


def _comparison(n: int) -> sc.MethodComparison:
    X = np.random.default_rng(5).uniform(1, 9, size=(max(n, 3), 3))
    crit = [sc.Criterion(name=f"k{j}") for j in range(3)]
    ids = [f"a{i:06d}" for i in range(len(X))]
    return sc.compare_methods(X, crit, ids=ids, k=2)


# result class -> (builder of a result with about n rows, how to explain it)
RESULTS: dict[type, tuple[Callable[[int], Any], Callable[[Any], Any] | None]] = {
    sc.Ranking: (_ranking, lambda r: r.explain(r.ids[0])),
    sc.ClientRanking: (_client_ranking, lambda r: r.explain(r.items[0].id)),
    sc.TargetList: (_target_list, lambda r: r.explain(r.ids[0])),
    sc.SegmentPortfolio: (_portfolio, lambda r: r.explain(r.cells[0].id)),
    sc.InfluencerPriorities: (_influencer_priorities, lambda r: r.explain(r.items[0].id)),
    sc.ChannelChoice: (_channel_choice, lambda r: r.explain(DecisionLevel.BOARD)),
    sc.ChannelRanking: (
        lambda n: _channel_choice(n).for_level(DecisionLevel.BOARD),
        lambda r: r.explain(r.ids[0]),
    ),
    sc.OpportunityPriorities: (_opportunity_priorities, lambda r: r.explain(r.items[0].id)),
    sc.OwnerAssignment: (_owner_assignment, lambda r: r.explain(sorted(r.owners)[0])),
    sc.NaiveBayesWinModel: (_win_model, None),
    sc.WinEstimate: (_win_estimate, lambda r: r.explain()),
    sc.BidScorecard: (_bid_scorecard, lambda r: r.explain()),
    sc.WinModelEvaluation: (_win_evaluation, lambda r: r.explain()),
    sc.PlattScaling: (lambda n: _win_evaluation(n).platt, None),
    sc.ScoreTrend: (_score_trend, lambda r: r.explain()),
    sc.InquiryTriage: (_inquiry_triage, lambda r: r.explain()),
    sc.ChangeExplanation: (_change, lambda r: r.explain()),
    sc.PortfolioSelection: (_selection, lambda r: r.explain()),
    sc.CompetitiveProfile: (_profile, lambda r: r.explain()),
    sc.FactorEvaluation: (_evaluation, lambda r: r.explain()),
    sc.FiveForces: (_forces, lambda r: r.explain()),
    sc.MethodComparison: (_comparison, lambda r: r.explain(r.ids[0])),
}


def _public_result_classes() -> set[type]:
    found = set()
    for name in sc.__all__:
        obj = getattr(sc, name)
        if getattr(obj, "_is_protocol", False):
            continue  # Ranked: what results offer, not a result
        if isinstance(obj, type) and any(hasattr(obj, m) for m in ("explain", "_repr_html_")):
            found.add(obj)
    return found


def test_every_result_class_is_covered_here() -> None:
    assert _public_result_classes() == set(RESULTS)


EXPLAINED = sorted((c for c in RESULTS if hasattr(c, "explain")), key=lambda c: c.__name__)


def test_explained_classes_are_those_with_an_explain_method() -> None:
    assert [c for c in RESULTS if RESULTS[c][1] is not None] == [
        c for c in RESULTS if c in EXPLAINED
    ]


@pytest.mark.parametrize("cls", EXPLAINED, ids=lambda c: c.__name__)
def test_explain_returns_an_explanation(cls: type) -> None:
    build, explain = RESULTS[cls]
    assert explain is not None
    result = build(6)
    assert isinstance(result, cls)
    e = explain(result)
    assert isinstance(e, clientel.Explanation)
    assert e.subject
    assert str(e).startswith(e.subject)
    assert all(isinstance(f, clientel.Factor) and np.isfinite(f.effect) for f in e)
    assert e.factors or e.notes or e.summary
    assert "<table>" in e._repr_html_()


@pytest.mark.parametrize("cls", sorted(RESULTS, key=lambda c: c.__name__), ids=lambda c: c.__name__)
def test_result_is_keyword_only_frozen_with_short_repr_and_table(cls: type) -> None:
    assert all(a.kw_only for a in attrs.fields(cls)), f"{cls.__name__} is not keyword-only"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(RESULTS[cls][0](6), attrs.fields(cls)[0].name, None)
    big = RESULTS[cls][0](BIG)
    text = repr(big)
    assert len(text) < 300, text
    assert text.startswith(("<" + cls.__name__, cls.__name__ + "("))
    records = big.to_records()
    assert isinstance(records, list)
    assert all(isinstance(r, dict) for r in records)
    html = big._repr_html_()
    assert html.count("<tr>") <= 21  # header + at most 20 rows, then "… n more rows"


def test_id_is_the_identifier_parameter() -> None:
    r = _client_ranking(6)
    first = r.items[0].id
    assert r.item(id=first).id == first
    assert r.explain(id=first).subject == first
    assert _portfolio(6).cell(id="s00000").id == "s00000"
    opp = _opportunity_priorities(6)
    assert opp.phase_of(id=opp.items[0].id) == opp.items[0].phase


def test_explanations_keep_what_they_said_before() -> None:
    """The words of the former string and tuple explanations are still there."""
    assert "screened out" in _target_list(6).explain(_target_list(6).screened_out[0]).summary
    card = _bid_scorecard(6)
    assert card.explain().summary == card.reasons[0]
    assert card.explain().notes == card.reasons[1:]
    triage = _inquiry_triage(6)
    assert triage.explain().notes == triage.reasons
    assert triage.explain().summary == InquiryDecision.DECLINE.value
    assert "strengths: " in _profile(6).explain().notes[0]
    forces = _forces(6)
    assert next(f.criterion for f in forces.explain()) == forces.strongest


@pytest.mark.parametrize(
    "make",
    [
        lambda X, w: sk.topsis(X, w),
        lambda X, w: sk.vikor(X, w),
        lambda X, w: sk.promethee_ii(X[:500], w),
        lambda X, w: sk.fit_stats(X),
        lambda X, w: sk.score_with_missing(X, w),
        lambda X, w: sk.acceptability(X[:100], w, samples=50),
        lambda X, w: sk.ahp_weights(np.ones((3, 3))),
        lambda X, w: sk.copras(X, w),
        lambda X, w: sk.edas(X, w),
        lambda X, w: sk.mabac(X, w),
        lambda X, w: sk.electre_i(X[:300], w),
    ],
    ids=[
        "topsis",
        "vikor",
        "promethee",
        "stats",
        "missing",
        "acceptability",
        "ahp",
        "copras",
        "edas",
        "mabac",
        "electre",
    ],
)
def test_kernel_records_have_a_short_repr(make: Callable[[Any, Any], Any]) -> None:
    X = np.random.default_rng(1).uniform(1, 9, size=(BIG, 3))
    text = repr(make(X, np.ones(3)))
    assert len(text) < 400, text
    assert "..." not in text
    assert "\n" not in text
