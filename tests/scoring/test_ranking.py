"""The typed entry point: rankings that explain themselves, serialise and break ties by id."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel import scoring as sc
from clientel.errors import InvalidInputError
from clientel.sample import load_sample
from clientel.scoring import kernels as sk

CRITERIA = [
    sc.Criterion(name="revenue_potential", weight=3, group="attractiveness"),
    sc.Criterion(name="growth", weight=2, group="attractiveness"),
    sc.Criterion(
        name="relationship", weight=2, missing=sc.MissingPolicy.BOUNDS, group="feasibility"
    ),
    sc.Criterion(
        name="it_budget", weight=1, missing=sc.MissingPolicy.BOUNDS, group="attractiveness"
    ),
]


def test_sample_clients_rank_with_intervals_and_explanations() -> None:
    clients = load_sample().clients
    r = sc.score_alternatives(
        {c.id: c.attributes for c in clients}, CRITERIA, method="weighted_sum"
    )
    assert len(r) == 300
    ranks = [it.rank for it in r.items]
    assert ranks == sorted(ranks)
    incomplete = [it for it in r.items if None in it.values.values()]
    assert incomplete
    assert any(it.best_rank < it.worst_rank for it in incomplete)
    for it in r.items:
        assert it.best_rank <= it.rank <= it.worst_rank
        assert it.low <= it.score + 1e-12 <= it.high + 2e-12
        assert sum(it.contributions.values()) == pytest.approx(it.score)
    mean_score = np.mean([it.score for it in r.items])
    top = r.items[0]
    assert sum(f.effect for f in r.explain(top.id)) == pytest.approx(top.score - mean_score)
    positive, negative = r.top_factors(top.id, k=2)
    assert all(f.effect > 0 for f in positive)
    assert all(f.effect < 0 for f in negative)


@pytest.mark.parametrize(
    "method", ["weighted_sum", "weighted_product", "topsis", "vikor", "promethee_ii"]
)
def test_every_method_ranks_and_round_trips(method: str) -> None:
    alts = {"c3": {"a": 3.0, "b": 1.0}, "c1": {"a": 1.0, "b": 3.0}, "c2": {"a": 2.0, "b": 2.0}}
    crit = [sc.Criterion(name="a", weight=2), sc.Criterion(name="b", weight=1)]
    r = sc.score_alternatives(alts, crit, method=method)
    assert r.ids[0] == "c3"
    assert m.loads(m.dumps(r), sc.Ranking) == r
    assert "<table>" in r._repr_html_()
    assert repr(r).startswith(f"<Ranking {method}: c3")


def test_ties_are_broken_by_id_whatever_the_input_order() -> None:
    alts = {"zeta": {"a": 1.0}, "alpha": {"a": 1.0}, "mid": {"a": 2.0}}
    r = sc.score_alternatives(alts, [sc.Criterion(name="a")], method="weighted_product")
    assert r.ids == ("mid", "alpha", "zeta")
    assert [it.rank for it in r.items] == [1, 2, 2]


@given(st.permutations(range(6)))
def test_result_is_independent_of_input_order(perm: list[int]) -> None:
    base = {f"c{i}": {"a": float(i % 3), "b": float(i * 7 % 5)} for i in range(6)}
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", direction=sc.Direction.COST)]
    r1 = sc.score_alternatives(base, crit, method="topsis")
    keys = list(base)
    shuffled = {keys[p]: base[keys[p]] for p in perm}
    assert sc.score_alternatives(shuffled, crit, method="topsis") == r1


@given(st.floats(0.1, 5.0))
def test_improving_a_benefit_criterion_never_lowers_rank(delta: float) -> None:
    alts = {"a": {"x": 1.0, "y": 5.0}, "b": {"x": 3.0, "y": 2.0}, "c": {"x": 2.0, "y": 3.0}}
    crit = [sc.Criterion(name="x"), sc.Criterion(name="y")]
    before = sc.score_alternatives(alts, crit, method="weighted_sum").item("c").rank
    better = {**alts, "c": {"x": 2.0 + delta, "y": 3.0}}
    after = sc.score_alternatives(better, crit, method="weighted_sum").item("c").rank
    assert after <= before


def test_exclude_policy_lists_excluded_ids() -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", missing=sc.MissingPolicy.EXCLUDE)]
    r = sc.score_alternatives(
        {"x": {"a": 1, "b": None}, "y": {"a": 2, "b": 1}, "z": {"a": 3, "b": 2}},
        crit,
        method="weighted_sum",
    )
    assert r.excluded == ("x",)
    assert r.ids == ("z", "y")


def test_array_input_equals_mapping_input() -> None:
    """A 2-D array with ids (NaN = missing) ranks exactly like the equivalent mapping."""
    crit = [
        sc.Criterion(name="potential", weight=2),
        sc.Criterion(
            name="cost", direction=sc.Direction.COST, weight=1, missing=sc.MissingPolicy.BOUNDS
        ),
    ]
    X = np.array([[9.0, 2.0], [5.0, 5.0], [7.0, np.nan], [6.0, 1.0]])
    ids = ["nordbank", "vista", "civic", "alba"]
    mapping = {
        i: {c.name: (None if np.isnan(v) else float(v)) for c, v in zip(crit, row, strict=True)}
        for i, row in zip(ids, X, strict=True)
    }
    for method in ("weighted_sum", "topsis"):
        a = sc.score_alternatives(X, crit, ids=ids, method=method)
        b = sc.score_alternatives(mapping, crit, method=method)
        assert m.to_data(a) == m.to_data(b)


def test_array_input_bad_shapes_and_ids() -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b")]
    X = np.ones((3, 2)) + np.arange(3)[:, None]
    with pytest.raises(InvalidInputError, match="ids"):
        sc.score_alternatives(X, crit)
    with pytest.raises(InvalidInputError, match="unique"):
        sc.score_alternatives(X, crit, ids=["x", "y", "x"])
    with pytest.raises(InvalidInputError, match="one column per criterion"):
        sc.score_alternatives(X[:, :1], crit, ids=["x", "y", "z"])
    with pytest.raises(InvalidInputError, match="only for a 2-D array"):
        sc.score_alternatives({"x": {"a": 1.0, "b": 2.0}}, crit, ids=["x"])


def test_ranking_records_its_parameters_and_round_trips() -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", direction=sc.Direction.COST)]
    alts = {"x": {"a": 3.0, "b": 1.0}, "y": {"a": 1.0, "b": 2.0}, "z": {"a": 2.0, "b": 3.0}}
    r = sc.score_alternatives(alts, crit, method="vikor", v=0.25)
    assert dict(r.parameters) == {"tol": "1e-09", "v": "0.25"}
    r2 = sc.score_alternatives(alts, crit, method="topsis", normalisation="minmax")
    assert r2.parameters["normalisation"] == "minmax"
    assert m.from_data(m.to_data(r), sc.Ranking) == r


def test_fitted_stats_apply_to_new_rows_without_clipping() -> None:
    """Min-max stats fitted on last year's list, applied to a new client beyond that range:
    the score is the affine formula's true value (above 1), equal to its contributions' sum."""
    train = np.array([[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]])
    stats = sk.fit_stats(train)
    new = np.array([[5.0, 30.0], [1.0, 10.0]])
    w = [0.5, 0.5]
    scores = sk.weighted_sum(new, w, stats=stats)
    # by hand: (5 - 1) / 2 = 2 and (30 - 10) / 20 = 1, so 0.5 * 2 + 0.5 * 1 = 1.5
    np.testing.assert_allclose(scores, [1.5, 0.0], atol=1e-15)
    contributions = sk.weighted_sum_contributions(new, w, stats=stats)
    np.testing.assert_allclose(contributions.sum(axis=1), scores, atol=1e-15)
    own = sk.weighted_sum(train, w)
    assert own.min() >= 0.0
    assert own.max() <= 1.0


def test_neutral_cells_stay_at_the_mean_when_another_criterion_is_bounded() -> None:
    """Only BOUNDS cells move between the low and high scores; a NEUTRAL cell is the
    observed mean in all three (computed here by hand: the mean of 1, 3, 5 and 2 is 2.75)."""
    crit = [
        sc.Criterion(name="a", missing=sc.MissingPolicy.NEUTRAL),
        sc.Criterion(name="b", missing=sc.MissingPolicy.BOUNDS),
    ]
    alts = {
        "p": {"a": 1.0, "b": 1.0},
        "q": {"a": 3.0, "b": 4.0},
        "r": {"a": 5.0, "b": 2.0},
        "s": {"a": None, "b": 3.0},  # only its NEUTRAL cell is missing
        "t": {"a": 2.0, "b": None},
    }
    r = sc.score_alternatives(alts, crit, method="weighted_sum")
    s = r.item("s")
    assert s.low == s.high == s.score
    assert s.score == pytest.approx(0.5 * (2.75 - 1) / 4 + 0.5 * (3 - 1) / 3)
    t = r.item("t")
    assert t.low == pytest.approx(0.5 * (2 - 1) / 4)
    assert t.high == pytest.approx(0.5 * (2 - 1) / 4 + 0.5)


def test_vikor_and_promethee_take_their_options_with_missing_data() -> None:
    crit = [sc.Criterion(name="a"), sc.Criterion(name="b", missing=sc.MissingPolicy.NEUTRAL)]
    alts = {"x": {"a": 1.0, "b": None}, "y": {"a": 2.0, "b": 1.0}, "z": {"a": 3.0, "b": 3.0}}
    r = sc.score_alternatives(alts, crit, method="vikor", v=0.2)
    assert r.parameters["v"] == "0.2"
    filled = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])  # b's observed mean is 2
    np.testing.assert_allclose(
        [r.item(i).score for i in "xyz"], sk.vikor(filled, [0.5, 0.5], v=0.2).Q
    )
