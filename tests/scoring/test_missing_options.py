"""Method options reach the method through score_with_missing (SPOTIS's stated bounds included).

``score_with_missing`` has a ``bounds`` argument of its own (the plausible range of a missing
value), so SPOTIS's option of the same name goes in ``options=``. The reference values are
SPOTIS's definition (Dezert et al., 2020: ``d_i = sum_j w_j |x_ij - S*_j| / (max_j - min_j)``)
written out in numpy here, on the matrix filled by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clientel.errors import InvalidInputError
from clientel.scoring import Criterion, MissingPolicy, score_alternatives
from clientel.scoring import kernels as sk


def spotis_by_definition(X: np.ndarray, w: np.ndarray, d: np.ndarray, B: np.ndarray) -> np.ndarray:
    ideal = np.where(d > 0, B[:, 1], B[:, 0])
    return (np.abs(X - ideal) / (B[:, 1] - B[:, 0]) * (w / w.sum())).sum(axis=1)


@st.composite
def gappy_problems(draw: st.DrawFn) -> tuple:
    m = draw(st.integers(2, 10))
    n = draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (m, n), elements=st.integers(0, 20).map(float)))
    holes = draw(hnp.arrays(np.bool_, (m, n)))
    holes[0] = False  # every column keeps an observed value to fill from
    X[holes] = np.nan
    w = draw(hnp.arrays(np.float64, n, elements=st.integers(1, 9).map(float)))
    d = draw(hnp.arrays(np.int8, n, elements=st.sampled_from([1, -1])))
    lo = draw(hnp.arrays(np.float64, n, elements=st.integers(-5, 0).map(float)))
    hi = draw(hnp.arrays(np.float64, n, elements=st.integers(20, 25).map(float)))
    return X, w, d, np.column_stack([lo, hi])


@given(gappy_problems())
def test_spotis_with_gaps_is_its_definition_on_the_filled_matrix(problem: tuple) -> None:
    X, w, d, B = problem
    holes = np.isnan(X)
    mean = np.nanmean(X, axis=0)
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)  # the default plausible range
    r = sk.score_with_missing(X, w, d, "spotis", policies=MissingPolicy.BOUNDS,
                              options={"bounds": B.tolist()})  # fmt: skip
    point = np.where(holes, mean, X)
    np.testing.assert_allclose(r.score, spotis_by_definition(point, w, d, B), atol=1e-12)
    # lower is better: the best case puts a benefit gap at its high end, a cost gap at its low
    best = np.where(holes, np.where(d > 0, hi, lo), X)
    worst = np.where(holes, np.where(d > 0, lo, hi), X)
    np.testing.assert_allclose(r.low, spotis_by_definition(best, w, d, B), atol=1e-12)
    np.testing.assert_allclose(r.high, spotis_by_definition(worst, w, d, B), atol=1e-12)
    neutral = sk.score_with_missing(X, w, d, "spotis", policies=MissingPolicy.NEUTRAL,
                                    bounds=None, options={"bounds": B})  # fmt: skip
    np.testing.assert_allclose(neutral.score, r.score, atol=1e-12)


def test_stated_bounds_and_the_plausible_range_are_two_things() -> None:
    X = [[0.9, 5.0], [0.2, 1.0], [0.5, np.nan]]
    B = np.array([[0.0, 1.0], [0.0, 10.0]])
    r = sk.score_with_missing(X, [1, 1], method="spotis", policies=MissingPolicy.BOUNDS,
                              options={"bounds": B}, bounds=[(0, 1), (2, 6)])  # fmt: skip
    w, d = np.array([1.0, 1.0]), np.array([1, 1])
    third = [[0.5, 3.0], [0.5, 6.0], [0.5, 2.0]]  # observed mean; best; worst
    expected = spotis_by_definition(np.array(third), w, d, B)
    assert r.score[2] == pytest.approx(expected[0])
    assert (r.low[2], r.high[2]) == pytest.approx((expected[1], expected[2]))
    assert (r.best_rank.tolist(), r.worst_rank.tolist()) == ([1, 3, 2], [1, 3, 2])


@pytest.mark.parametrize(
    ("method", "options"),
    [("vikor", {"v": 0.2}), ("weighted_sum", {"normalisation": "none"}),
     ("topsis", {"normalisation": "max"}),
     ("promethee_ii", {"preference": "linear", "q": [0.0, 0.5], "p": [2.0, 3.0]})],
)  # fmt: skip
def test_options_reach_the_method_as_a_mapping_or_as_keywords(method: str, options: dict) -> None:
    X = np.array([[1.0, 4.0], [3.0, 1.0], [2.0, np.nan], [5.0, 2.0]])
    filled = np.where(np.isnan(X), np.nanmean(X, axis=0), X)
    expected = sk.score_matrix(filled, [2, 1], [1, -1], method, **options)
    default = sk.score_matrix(filled, [2, 1], [1, -1], method)
    assert not np.allclose(expected, default)  # the option changes the scores
    for kwargs in ({"options": options}, options):
        r = sk.score_with_missing(X, [2, 1], [1, -1], method, policies=MissingPolicy.NEUTRAL,
                                  **kwargs)  # fmt: skip
        np.testing.assert_allclose(r.score, expected, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "field", "match"),
    [
        ({"bounds": [(0, 5), (0, 5)]}, "options", "stated bounds go in options"),
        ({"options": {"bounds": [(0, 5), (0, 5)]}, "bounds": [(0, 9), (0, 9)]},
         "bounds of criterion 'b'", r"\(0.0, 9.0\) is outside the method's stated bounds"),
        ({"options": {"bounds": [(0, 5), (0, 5)]}, "bounds": [(0, 5), (-1, 4)]},
         "bounds of criterion 'b'", "outside the method's stated bounds"),
        ({"options": [("bounds", 1)]}, "options", "expected a mapping"),
        ({"options": "bounds"}, "options", "expected a mapping"),
        ({"options": {"bounds": [(0, 5), (0, 5)], "q": 1}}, "options", "no option 'q'"),
        ({"options": {"bounds": [(0, 5), (5, 0)]}}, "bounds of criterion 'b'", "lowest < highest"),
        ({"options": {"bounds": [(0, 5)]}}, "bounds", "2 .lowest, highest. pairs"),
    ],
)  # fmt: skip
def test_bad_options_are_named(kwargs: dict, field: str, match: str) -> None:
    X = [[1.0, 2.0], [3.0, 1.0], [2.0, np.nan]]
    with pytest.raises(InvalidInputError, match=match) as exc:
        sk.score_with_missing(X, [1, 1], method="spotis", policies=MissingPolicy.BOUNDS,
                              names=["a", "b"], **kwargs)  # fmt: skip
    assert exc.value.field == field


def test_an_option_given_twice_is_refused() -> None:
    X = [[1.0, 2.0], [3.0, 1.0], [2.0, np.nan]]
    with pytest.raises(InvalidInputError, match="both in options= and as a keyword") as exc:
        sk.score_with_missing(X, [1, 1], method="vikor", policies=MissingPolicy.NEUTRAL,
                              options={"v": 0.2}, v=0.3)  # fmt: skip
    assert (exc.value.field, exc.value.value) == ("options", "v")


def test_score_alternatives_refuses_a_plausible_range_beyond_the_stated_bounds() -> None:
    crit = [Criterion(name="a"), Criterion(name="b", missing="bounds", bounds=(0, 7))]
    X = [[1.0, 2.0], [3.0, 1.0], [2.0, np.nan]]
    with pytest.raises(InvalidInputError, match="stated bounds") as exc:
        score_alternatives(X, crit, ids=["x", "y", "z"], method="spotis",
                           bounds=[(0, 5), (0, 5)])  # fmt: skip
    assert exc.value.field == "bounds of criterion 'b'"
    inside = [Criterion(name="a"), Criterion(name="b", missing="bounds", bounds=(0, 5))]
    r = score_alternatives(X, inside, ids=["x", "y", "z"], method="spotis",
                           bounds=[(0, 5), (0, 5)])  # fmt: skip
    z = r.item("z")
    d = np.array([1, 1])
    ends = spotis_by_definition(np.array([[2.0, 5.0], [2.0, 0.0]]), np.ones(2), d,
                                np.array([[0.0, 5.0], [0.0, 5.0]]))  # fmt: skip
    assert (z.low, z.high) == pytest.approx(tuple(ends))


@pytest.mark.parametrize("gap", [False, True])
def test_a_value_outside_the_stated_bounds_is_named_by_its_id(gap: bool) -> None:
    crit = [Criterion(name="a"), Criterion(name="b", missing="bounds")]
    X = [[1.0, 2.0], [3.0, 1.0], [9.0, np.nan if gap else 2.0]]
    with pytest.raises(InvalidInputError, match=r"outside the stated bounds \(0.0, 5.0\)") as exc:
        score_alternatives(X, crit, ids=["x", "y", "z"], method="spotis",
                           bounds=[(0, 5), (0, 5)])  # fmt: skip
    assert (exc.value.field, exc.value.value) == ("'z', criterion 'a'", 9.0)


def test_an_infinite_value_keeps_the_methods_own_error() -> None:
    X = [[1.0, 2.0], [3.0, np.inf], [2.0, 2.0]]
    with pytest.raises(InvalidInputError) as exc:
        score_alternatives(X, [Criterion(name="a"), Criterion(name="b")], ids=["x", "y", "z"],
                           method="spotis", bounds=[(0, 5), (0, 5)])  # fmt: skip
    assert "stated bounds" not in str(exc.value)
    assert "criterion 'b'" in str(exc.value.field)
