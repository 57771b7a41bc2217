"""Competitive profile, EFE/IFE and five forces (steps 2.1.1-2.1.2, 2.4.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import Competitor, to_data
from clientel.scoring import (
    FORCES,
    competitive_profile,
    factor_evaluation,
    five_forces,
)

# F. R. David, Strategic Management: Concepts and Cases, 13th ed. (2011), ch. 3,
# "An Example Competitive Profile Matrix": eight critical success factors,
# totals 3.15 (Company 1), 2.60 (Company 2), 2.70 (Company 3).
DAVID_WEIGHTS = {
    "advertising": 0.20,
    "product_quality": 0.10,
    "price_competitiveness": 0.10,
    "management": 0.10,
    "financial_position": 0.15,
    "customer_loyalty": 0.10,
    "global_expansion": 0.20,
    "market_share": 0.05,
}
FACTORS = list(DAVID_WEIGHTS)
COMPANY1 = dict(zip(FACTORS, [1, 4, 3, 4, 4, 4, 4, 1], strict=True))
COMPANY2 = dict(zip(FACTORS, [4, 3, 2, 3, 2, 3, 1, 4], strict=True))
COMPANY3 = dict(zip(FACTORS, [3, 2, 4, 3, 3, 2, 2, 3], strict=True))


def test_david_competitive_profile_matrix():
    rivals = [
        Competitor(id="company2", name="Company 2", ratings=COMPANY2),
        Competitor(id="company3", name="Company 3", ratings=COMPANY3),
    ]
    cpm = competitive_profile(COMPANY1, rivals, DAVID_WEIGHTS, us="company1")
    assert cpm.totals["company1"] == pytest.approx(3.15)
    assert cpm.totals["company2"] == pytest.approx(2.60)
    assert cpm.totals["company3"] == pytest.approx(2.70)
    # By hand from the ratings: Company 1 beats both on management, financial
    # position, customer loyalty, global expansion and product quality.
    assert cpm.strengths == (
        "customer_loyalty",
        "financial_position",
        "global_expansion",
        "management",
        "product_quality",
    )
    assert cpm.weaknesses == ("advertising", "market_share", "price_competitiveness")
    gap = next(g for g in cpm.gaps if g.factor == "advertising" and g.competitor == "company2")
    assert gap.gap == -3
    assert (cpm.explain()[0].criterion, cpm.explain()[0].effect) == (
        "company1",
        pytest.approx(3.15),
    )
    assert len(to_data(cpm)["gaps"]) == 16


def test_factor_evaluation_and_five_forces_by_hand():
    ife = factor_evaluation(
        {"delivery": 4, "brand": 1, "price": 2},
        {"delivery": 0.5, "brand": 0.3, "price": 0.2},
        kind="internal",
    )
    assert ife.total == pytest.approx(0.5 * 4 + 0.3 * 1 + 0.2 * 2)
    assert ife.assessment == "strong"
    assert [(f.criterion, f.effect) for f in ife.explain(1)] == [("delivery", 2.0)]
    even = factor_evaluation({"a": 2, "b": 3}, {"a": 0.5, "b": 0.5})
    assert even.assessment == "average"
    ff = five_forces(
        dict.fromkeys(FORCES, 3) | {"buyer_power": 5},
        weights={
            "buyer_power": 0.4,
            "rivalry": 0.3,
            "new_entrants": 0.1,
            "substitutes": 0.1,
            "supplier_power": 0.1,
        },
    )
    assert ff.overall == pytest.approx(0.4 * 5 + 0.6 * 3)
    assert ff.attractiveness == pytest.approx((5 - 3.8) / 4)
    assert ff.strongest == "buyer_power"


def test_bad_input_names_the_factor():
    with pytest.raises(InvalidInputError, match="sum to 1"):
        factor_evaluation({"a": 2}, {"a": 0.9})
    with pytest.raises(InvalidInputError, match=r"ratings\['a'\]"):
        factor_evaluation({"a": 5}, {"a": 1.0})
    with pytest.raises(MissingDataError, match=r"ratings\['b'\]"):
        factor_evaluation({"a": 2}, {"a": 0.5, "b": 0.5})
    with pytest.raises(UnknownReferenceError, match=r"ratings\['c'\]"):
        factor_evaluation({"a": 2, "c": 1}, {"a": 1.0})
    with pytest.raises(InvalidInputError, match="kind"):
        factor_evaluation({"a": 2}, {"a": 1.0}, kind="both")
    with pytest.raises(UnknownReferenceError, match="politics"):
        five_forces({"politics": 3})
    with pytest.raises(MissingDataError, match="rivalry"):
        five_forces({f: 2 for f in FORCES if f != "rivalry"})
    rival = Competitor(id="x", name="X", ratings={"a": 2})
    with pytest.raises(MissingDataError, match=r"competitors\['x'\]"):
        competitive_profile({"a": 2, "b": 2}, [rival], {"a": 0.5, "b": 0.5})


ratings = st.integers(1, 4)


@given(
    st.lists(ratings, min_size=3, max_size=3),
    st.lists(ratings, min_size=3, max_size=3),
    st.integers(0, 2),
)
def test_raising_our_rating_never_lowers_our_total_and_gaps_are_differences(ours, theirs, j):
    names = ["f0", "f1", "f2"]
    w = {"f0": 0.5, "f1": 0.25, "f2": 0.25}
    rival = Competitor(id="rival", name="R", ratings=dict(zip(names, theirs, strict=True)))
    cpm = competitive_profile(dict(zip(names, ours, strict=True)), [rival], w)
    assert 1 <= cpm.totals["us"] <= 4
    for g in cpm.gaps:
        assert g.gap == g.ours - g.theirs
    assert set(cpm.strengths).isdisjoint(cpm.weaknesses)
    better = list(ours)
    better[j] = min(4, better[j] + 1)
    cpm2 = competitive_profile(dict(zip(names, better, strict=True)), [rival], w)
    assert cpm2.totals["us"] >= cpm.totals["us"]
