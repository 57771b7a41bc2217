"""Ranks and tiers at their edges (issue 31): near-ties above 1, equal thresholds, exact sums.

The strategies are clientel.testing's edge-seeking ones. The references are plain Python
written here from the documented rules (a walk over the sorted scores), not clientel's
output.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import clientel.scoring.kernels as sk
from clientel.errors import InvalidInputError
from clientel.testing import near_tie_scores, quantile_fractions, tier_counts, tier_thresholds

# scores on the same 0.1 grid as the thresholds, so that scores land on the bounds
grid_scores = st.lists(st.integers(0, 10).map(lambda k: k / 10), min_size=1, max_size=12)


def _reference_ranks(scores: list[float], tol: float) -> list[int]:
    """Competition ranks: sorted neighbours within tol * max(1, |later|) share a group."""
    key = [-s for s in scores]
    order = sorted(range(len(scores)), key=lambda i: (key[i], i))
    ranks = [0] * len(scores)
    rank = 1
    for pos, i in enumerate(order):
        if pos and key[i] - key[order[pos - 1]] > tol * max(1.0, abs(key[i])):
            rank = pos + 1
        ranks[i] = rank
    return ranks


_TOLERANCES = st.sampled_from([1e-9, 1e-6])


@given(_TOLERANCES.flatmap(lambda t: st.tuples(st.just(t), near_tie_scores(tol=t))))
def test_ranks_of_near_ties_equal_the_reference(case: tuple[float, np.ndarray]) -> None:
    tol, scores = case
    order, ranks = sk.ranks(scores, tol=tol)
    assert ranks.tolist() == _reference_ranks(scores.tolist(), tol)
    # the order lists best first; inside a tied group, input order
    assert sorted(order.tolist(), key=lambda i: (ranks[i], i)) == order.tolist()
    # an exact tolerance of zero ties only equal scores
    _, exact = sk.ranks(scores, tol=0.0)
    assert exact.tolist() == [1 + int((scores > s).sum()) for s in scores]


@given(grid_scores, tier_thresholds())
def test_thresholds_equal_ones_are_refused_others_tier_by_bounds(
    scores: list[float], thresholds: np.ndarray
) -> None:
    if (np.diff(thresholds) == 0).any():
        with pytest.raises(InvalidInputError) as err:
            sk.tiers_by_thresholds(scores, thresholds)
        assert err.value.field == "thresholds"
        return
    upper = sk.tiers_by_thresholds(scores, thresholds)
    lower = sk.tiers_by_thresholds(scores, thresholds, inclusive=False)
    for s, a, b in zip(scores, upper.tolist(), lower.tolist(), strict=True):
        assert a == sum(1 for t in thresholds if s < t)  # on a bound: the upper tier
        assert b == sum(1 for t in thresholds if s <= t)  # on a bound: the lower tier


def _tiers_of_counts(scores: list[float], counts: list[int]) -> list[int]:
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    tiers = [len(counts)] * len(scores)
    start = 0
    for k, n in enumerate(counts):
        for i in order[start : start + n]:
            tiers[i] = k
        start += n
    return tiers


@given(grid_scores, tier_counts())
def test_counts_with_empty_tiers(scores: list[float], counts: list[int]) -> None:
    expected = _tiers_of_counts(scores, counts)
    assert sk.tiers_by_counts(scores, counts).tolist() == expected
    assert sk.tiers_by_capacity(scores, counts).tolist() == expected
    for k, n in enumerate(counts):  # a zero count leaves its tier empty
        if n == 0:
            assert k not in expected


@given(grid_scores, quantile_fractions())
def test_quantiles_summing_to_exactly_one_leave_no_rest(
    scores: list[float], fractions: list[float]
) -> None:
    m = len(scores)
    # counts from exact rational cumulative shares: floor(share * m + 1/2)
    cumulative = np.cumsum([Fraction(f).limit_denominator(100) for f in fractions])
    edges = [int(c * m + Fraction(1, 2)) for c in cumulative]
    counts = [b - a for a, b in zip([0, *edges[:-1]], edges, strict=True)]
    tiers = sk.tiers_by_quantiles(scores, fractions)
    assert tiers.tolist() == _tiers_of_counts(scores, counts)
    if cumulative[-1] == 1:
        assert len(fractions) not in tiers.tolist()  # the rest tier is empty
