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

# F. R. David, Strategic Management: Concepts and Cases, ch. 3 "The External Assessment",
# Table 3-14 "Another Example Competitive Profile Matrix" (p. 82, "Part 2 - Strategy
# Formulation"). Read from two copies of the page: digilib.universitaspertamina.ac.id
# (ebook "Strategic management", basic-html page 116) and yumpu.com document 5059290 (page
# 230). Neither page shows the edition; the library's docstrings cite the 13th edition
# (Prentice Hall, 2011), which we could not confirm from a title page. Table 3-13, the first
# example CPM of the chapter, could NOT be read (only the sentence on p. 82 that its
# Company 1 totals 3.15), so it is not used here.
# Each row: weight, then rating and the printed weighted score for Companies 1, 2 and 3.
DAVID_3_14 = {
    "market_share": (0.15, 3, 0.45, 2, 0.30, 4, 0.60),
    "inventory_system": (0.08, 2, 0.16, 2, 0.16, 4, 0.32),
    "financial_position": (0.10, 2, 0.20, 3, 0.30, 4, 0.40),
    "product_quality": (0.08, 3, 0.24, 4, 0.32, 3, 0.24),
    "consumer_loyalty": (0.02, 3, 0.06, 3, 0.06, 4, 0.08),
    "sales_distribution": (0.10, 3, 0.30, 2, 0.20, 3, 0.30),
    "global_expansion": (0.15, 3, 0.45, 2, 0.30, 4, 0.60),
    "organization_structure": (0.05, 3, 0.15, 4, 0.20, 2, 0.10),
    "production_capacity": (0.04, 3, 0.12, 2, 0.08, 4, 0.16),
    "e_commerce": (0.10, 3, 0.30, 1, 0.10, 4, 0.40),
    "customer_service": (0.10, 3, 0.30, 2, 0.20, 4, 0.40),
    "price_competitive": (0.02, 4, 0.08, 1, 0.02, 3, 0.06),
    "management_experience": (0.01, 2, 0.02, 4, 0.04, 2, 0.02),
}
DAVID_TOTALS = {"company1": 2.83, "company2": 2.28, "company3": 3.68}  # the table's Total row
DAVID_WEIGHTS = {f: row[0] for f, row in DAVID_3_14.items()}
COMPANY1 = {f: row[1] for f, row in DAVID_3_14.items()}
COMPANY2 = {f: row[3] for f, row in DAVID_3_14.items()}
COMPANY3 = {f: row[5] for f, row in DAVID_3_14.items()}


def test_david_table_3_14_is_read_consistently() -> None:
    # the printed weighted scores are weight x rating, the weights sum to 1.00
    for weight, *cells in DAVID_3_14.values():
        for rating, printed in zip(cells[::2], cells[1::2], strict=True):
            assert weight * rating == pytest.approx(printed)
    assert sum(DAVID_WEIGHTS.values()) == pytest.approx(1.0)


def test_david_competitive_profile_matrix() -> None:
    rivals = [
        Competitor(id="company2", name="Company 2", ratings=COMPANY2),
        Competitor(id="company3", name="Company 3", ratings=COMPANY3),
    ]
    cpm = competitive_profile(COMPANY1, rivals, DAVID_WEIGHTS, us="company1")
    for firm, total in DAVID_TOTALS.items():
        assert cpm.totals[firm] == pytest.approx(total)
    # From the ratings, by hand: Company 1 beats both rivals only on price (4 against 1 and 3);
    # on sales distribution Company 3 ties it (3) and Company 2 is below (2), so that factor is
    # neither a strength nor a weakness; on every other factor a rival rates higher.
    assert cpm.strengths == ("price_competitive",)
    assert set(cpm.weaknesses) == set(DAVID_3_14) - {"price_competitive", "sales_distribution"}
    gap = next(g for g in cpm.gaps if g.factor == "e_commerce" and g.competitor == "company2")
    assert gap.gap == 3 - 1
    assert (cpm.explain()[0].criterion, cpm.explain()[0].effect) == (
        "company3",
        pytest.approx(3.68),
    )
    assert len(to_data(cpm)["gaps"]) == 2 * len(DAVID_3_14)


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
