"""Hierarchical criteria, tier schemes with hysteresis, change explained (across steps)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.models import to_data
from clientel.scoring import (
    CriteriaTree,
    TierBand,
    TierScheme,
    explain_change,
)

TREE = CriteriaTree(
    factors={
        "it_budget": ("size", 2),
        "headcount": ("size", 1),
        "growth": ("outlook", 1),
        "relationship": ("access", 1),
        "distance": ("access", 1),
    },
    groups={
        "size": ("attractiveness", 2),
        "outlook": ("attractiveness", 1),
        "access": ("feasibility", 1),
    },
    axes={"attractiveness": 3, "feasibility": 1},
)
NAMES = sorted(TREE.factors)  # distance, growth, headcount, it_budget, relationship


def by_hand(v):
    """Nested weighted means written out level by level."""
    size = (2 * v["it_budget"] + 1 * v["headcount"]) / 3
    outlook = v["growth"]
    access = (v["relationship"] + v["distance"]) / 2
    attractiveness = (2 * size + outlook) / 3
    return (3 * attractiveness + access) / 4


def test_tree_matches_nested_means_and_missing_rule():
    v = {"it_budget": 0.9, "headcount": 0.3, "growth": 0.5, "relationship": 1.0, "distance": 0.2}
    X = np.array([[v[n] for n in NAMES]])
    total, eff = TREE.scores(X)
    assert total[0] == pytest.approx(by_hand(v))
    assert eff.sum() == pytest.approx(1.0)
    # it_budget: 2/3 of size, size 2/3 of attractiveness, attractiveness 3/4.
    assert eff[0, NAMES.index("it_budget")] == pytest.approx(2 / 3 * 2 / 3 * 3 / 4)
    # Missing headcount: size = it_budget alone. Missing growth: attractiveness = size.
    X2 = X.copy()
    X2[0, NAMES.index("headcount")] = np.nan
    X2[0, NAMES.index("growth")] = np.nan
    t2, e2 = TREE.scores(X2)
    assert t2[0] == pytest.approx((3 * 0.9 + 0.6) / 4)
    assert e2[0, NAMES.index("growth")] == 0
    assert e2.sum() == pytest.approx(1.0)
    with pytest.raises(MissingDataError, match=r"rows\[0\]"):
        TREE.scores(np.full((1, 5), np.nan))
    with pytest.raises(UnknownReferenceError, match="it_budget"):
        CriteriaTree(factors={"it_budget": ("nope", 1)}, groups={}, axes={})


unit = st.floats(0, 1)


@given(
    st.lists(unit, min_size=5, max_size=5),
    st.lists(unit, min_size=5, max_size=5),
    st.lists(st.floats(0.1, 5), min_size=5, max_size=5),
)
def test_change_split_is_exact_and_order_free(x0, x1, w):
    t1 = CriteriaTree(
        factors={n: (TREE.factors[n][0], wi) for n, wi in zip(NAMES, w, strict=True)},
        groups=TREE.groups,
        axes=TREE.axes,
    )
    before, after = dict(zip(NAMES, x0, strict=True)), dict(zip(NAMES, x1, strict=True))
    ch = explain_change(before, after, TREE, t1)
    total = sum(ch.input_part.values()) + sum(ch.weight_part.values())
    assert total == pytest.approx(ch.after - ch.before, abs=1e-12)
    assert ch.before == pytest.approx(by_hand(before))
    # Shapley symmetry: average of "inputs first" and "weights first" paths.
    _, w0 = TREE.scores(np.array([x0]))
    _, w1 = t1.scores(np.array([x1]))
    inputs_first = w0[0] @ (np.array(x1) - x0)
    weights_first = w1[0] @ (np.array(x1) - x0)
    assert sum(ch.input_part.values()) == pytest.approx((inputs_first + weights_first) / 2)
    same = explain_change(before, after, TREE)
    assert sum(same.weight_part.values()) == 0


def test_change_bad_input_and_serialises():
    with pytest.raises(MissingDataError, match=r"after\['growth'\]"):
        explain_change(
            dict.fromkeys(NAMES, 1.0),
            dict.fromkeys(NAMES[:1], 1.0) | {n: 1.0 for n in NAMES if n != "growth"},
            TREE,
        )
    ch = explain_change(dict.fromkeys(NAMES, 0.0), dict.fromkeys(NAMES, 1.0), TREE)
    assert ch.after == pytest.approx(1.0)
    assert set(to_data(ch)) == {"before", "after", "input_part", "weight_part"}
    assert ch.explain(1)[0].criterion == "it_budget (input)"


BANDS = [
    TierBand(name="C", lower=0, upper=0.4),
    TierBand(name="B", lower=0.4, upper=0.7),
    TierBand(name="A", lower=0.7, upper=1, upper_inclusive=True),
]


def test_tier_boundaries_validated():
    s = TierScheme(bands=BANDS)
    assert [s.assign(x) for x in (0, 0.4, 0.6999, 0.7, 1)] == ["C", "B", "B", "A", "A"]
    with pytest.raises(InvalidInputError, match="gap"):
        TierScheme(bands=[BANDS[0], TierBand(name="B", lower=0.5, upper=1)])
    with pytest.raises(InvalidInputError, match="overlap"):
        TierScheme(bands=[BANDS[0], TierBand(name="B", lower=0.3, upper=1)])
    with pytest.raises(InvalidInputError, match="overlap"):
        TierScheme(bands=[TierBand(name="C", lower=0, upper=0.4, upper_inclusive=True), BANDS[1]])
    with pytest.raises(InvalidInputError, match="neither"):
        TierScheme(bands=[BANDS[0], TierBand(name="B", lower=0.4, upper=1, lower_inclusive=False)])
    with pytest.raises(InvalidInputError, match="score"):
        s.assign(1.5)
    with pytest.raises(UnknownReferenceError, match="previous"):
        s.assign(0.5, previous="Z")


@given(st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_hysteresis_flips_less_and_never_strays_beyond_margin(path):
    plain, sticky = TierScheme(bands=BANDS), TierScheme(bands=BANDS, hysteresis=0.05)
    prev_p = prev_s = None
    flips_p = flips_s = 0
    for x in path:
        p, s = plain.assign(x), sticky.assign(x, previous=prev_s)
        flips_p += prev_p is not None and p != prev_p
        flips_s += prev_s is not None and s != prev_s
        band = next(b for b in BANDS if b.name == s)
        assert band.lower - 0.05 <= x <= band.upper + 0.05
        prev_p, prev_s = p, s
    assert flips_s <= flips_p
