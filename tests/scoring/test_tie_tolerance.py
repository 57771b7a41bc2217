"""The front door's default tie tolerance, scaled to the largest score (issue 27).

``score_alternatives`` ties sorted neighbours within ``tol * max(1, |score|)`` with
``tol = 1e-9 * min(1, max |score|)`` unless ``tol=`` is given. The references are written
here from that documented rule (a walk over the sorted scores), not taken from clientel's
ranks. The raw weighted sum of one criterion (``normalisation="none"``, weight 1) scores
each alternative by its value exactly, so the scores of these tests are the values given.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import clientel.scoring as sc
import clientel.scoring.kernels as sk
from clientel.errors import InvalidInputError

ONE = [sc.Criterion(name="value")]


def _reference_ranks(scores: list[float], tol: float) -> list[int]:
    """Competition ranks, higher first: neighbours within tol * max(1, |later|) share a group."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    ranks, rank = [0] * len(scores), 1
    for pos, i in enumerate(order):
        if pos and scores[order[pos - 1]] - scores[i] > tol * max(1.0, abs(scores[i])):
            rank = pos + 1
        ranks[i] = rank
    return ranks


def _raw(values: list[float], **kw: object) -> sc.Ranking:
    ids = [f"a{i:03d}" for i in range(len(values))]
    X = np.asarray(values, dtype=np.float64)[:, None]
    return sc.score_alternatives(X, ONE, ids=ids, method="weighted_sum",
                                 normalisation="none", **kw)  # type: ignore[arg-type]  # fmt: skip


def test_small_scores_a_tenth_of_a_nanometre_apart_are_not_tied_by_default() -> None:
    # scores near 1e-4 whose neighbours are 1e-10 apart: an absolute 1e-9 ties all five
    values = [1e-4 + k * 1e-10 for k in (0, 3, 1, 4, 2)]
    r = _raw(values)
    assert np.array_equal(r.scores, values)  # the raw weighted sum is the value itself
    assert r.ranks.tolist() == [5, 2, 4, 1, 3]
    tol = 1e-9 * max(values)  # the documented default: 1e-9 * min(1, max |score|)
    assert r.tol == tol
    assert r.parameters["tol"] == repr(tol)
    assert r.ranks.tolist() == _reference_ranks(values, tol)
    # the absolute tolerance of 0.1 (before 0.2.0) ties them all: still there on request
    assert _raw(values, tol=1e-9).ranks.tolist() == [1] * 5


def test_scores_reaching_one_keep_the_absolute_tolerance() -> None:
    values = [2.0, 0.5 + 4e-10, 0.5, 0.25]
    r = _raw(values)
    assert r.tol == 1e-9
    assert r.ranks.tolist() == [1, 2, 2, 4] == _reference_ranks(values, 1e-9)


def test_an_explicit_tolerance_is_used_as_given() -> None:
    values = [1e-4, 1e-4 + 1e-10, 5e-5]
    assert _raw(values, tol=0.0).ranks.tolist() == [2, 1, 3]
    assert _raw(values, tol=1e-9).ranks.tolist() == [1, 1, 3]
    assert _raw(values, tol=1e-9).tol == 1e-9


def test_all_zero_scores_are_one_tied_group() -> None:
    r = _raw([0.0, 0.0, 0.0])
    assert r.tol == 0.0
    assert r.ranks.tolist() == [1, 1, 1]
    assert r.ids == ("a000", "a001", "a002")  # tied: ordered by id


grid = st.lists(st.integers(-40, 40), min_size=1, max_size=25)


@given(grid, st.integers(0, 60), st.integers(0, 5))
def test_default_ranks_do_not_depend_on_the_unit_of_scores_below_one(
    steps: list[int], shift: int, spread: int
) -> None:
    # scores on a grid whose spacing is 1e-10 of the top score, scaled by 2**-shift (exact):
    # the default ties exactly the same neighbours at every scale
    base = [1.0 - 0.5 * 10.0**-spread + s * 2.0**-34 for s in steps]
    scaled = [math.ldexp(b, -shift) for b in base]
    a, b = _raw(base), _raw(scaled)
    assert np.array_equal(a.ranks, b.ranks)
    assert a.ids == b.ids
    assert b.ranks.tolist() == _reference_ranks(scaled, 1e-9 * min(1.0, max(map(abs, scaled))))


@given(
    st.lists(st.floats(-1e6, 1e6, allow_subnormal=False), max_size=30),
    st.sampled_from([0.0, 1e-12, 1e-9, 1e-3]),
)
def test_tie_tolerance_is_the_documented_formula(scores: list[float], tol: float) -> None:
    expected = tol * min(1.0, max(map(abs, scores))) if scores else 0.0
    assert sk.tie_tolerance(scores, tol) == expected
    assert sk.tie_tolerance(np.asarray(scores), tol) == expected


@pytest.mark.parametrize("method", ["moora", "topsis", "copras", "edas", "mabac", "vikor"])
def test_every_method_ranks_with_the_tolerance_of_its_own_scores(method: str) -> None:
    rng = np.random.default_rng(11)
    X = rng.uniform(1, 100, size=(400, 3))
    crit = [sc.Criterion(name=n) for n in "abc"]
    ids = [f"c-{i:03d}" for i in rng.permutation(400)]
    r = sc.score_alternatives(X, crit, ids=ids, method=method)  # type: ignore[arg-type]
    expected = 1e-9 * min(1.0, float(np.abs(r.scores).max()))
    assert r.tol == expected
    same = sc.score_alternatives(X, crit, ids=ids, method=method, tol=expected)  # type: ignore[arg-type]
    assert np.array_equal(r.ranks, same.ranks)
    assert r.ids == same.ids


@pytest.mark.parametrize("bad", [-1e-9, float("nan"), float("inf"), "1e-9", [1e-9]])
def test_a_bad_tolerance_is_refused_by_name(bad: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        _raw([1.0, 2.0], tol=bad)
    assert err.value.field == "tol"
    with pytest.raises(InvalidInputError) as err:
        sk.tie_tolerance([1.0], bad)  # type: ignore[arg-type]
    assert err.value.field == "tol"


def test_tie_tolerance_refuses_scores_that_are_not_finite() -> None:
    with pytest.raises(InvalidInputError) as err:
        sk.tie_tolerance([0.5, float("nan")])
    assert err.value.field == "scores[1]"
    assert sk.tie_tolerance([]) == 0.0
