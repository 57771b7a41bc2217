"""Tiers by thresholds, counts, quantiles and capacity (step 2.3.3, issue 31).

Each kernel is compared with a plain-Python reading of its definition written here
(count the bounds a score reaches; walk the alternatives best first, ties in input
order, filling each tier up to its count), on drawn inputs that include scores equal to
a bound, zero counts and fractions summing to exactly 1. Errors are pinned by class and
whole text (``field: message (got value)``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk

small = st.integers(-5, 5).map(float)  # few distinct values: ties and equal bounds


def _by_thresholds(scores: list[float], bounds: list[float], inclusive: bool) -> list[int]:
    reached = (lambda s, t: s >= t) if inclusive else (lambda s, t: s > t)
    return [len(bounds) - sum(reached(s, t) for t in bounds) for s in scores]


def _by_counts(scores: list[float], counts: list[int]) -> list[int]:
    best_first = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    tiers = [len(counts)] * len(scores)
    tier, room = 0, counts[0] if counts else 0
    for i in best_first:
        while tier < len(counts) and room == 0:
            tier += 1
            room = counts[tier] if tier < len(counts) else 0
        if tier == len(counts):
            break
        tiers[i] = tier
        room -= 1
    return tiers


@given(
    st.lists(small, min_size=1, max_size=12),
    st.lists(small, min_size=1, max_size=4, unique=True).map(lambda t: sorted(t, reverse=True)),
    st.booleans(),
)
def test_thresholds_match_their_definition(
    scores: list[float], bounds: list[float], inclusive: bool
) -> None:
    got = sk.tiers_by_thresholds(scores, bounds, inclusive=inclusive)
    assert got.tolist() == _by_thresholds(scores, bounds, inclusive)
    assert got.dtype == np.intp


@given(st.lists(small, min_size=1, max_size=12), st.lists(st.integers(0, 4), max_size=4))
def test_counts_and_capacity_match_their_definition(scores: list[float], counts: list[int]) -> None:
    expected = _by_counts(scores, counts)
    assert sk.tiers_by_counts(scores, counts).tolist() == expected
    assert sk.tiers_by_capacity(scores, counts).tolist() == expected


@given(
    st.lists(small, min_size=1, max_size=12),
    st.lists(st.integers(0, 4), min_size=1, max_size=4),
)
def test_quantiles_round_half_up_cumulative_shares(scores: list[float], parts: list[int]) -> None:
    total = sum(parts) or 1
    fractions = [p / total for p in parts]  # sums to 1 (or 0), exactly or within rounding
    m = len(scores)
    edges = [math.floor(sum(fractions[: k + 1]) * m + 0.5) for k in range(len(fractions))]
    counts = [b - a for a, b in zip([0, *edges], edges, strict=False)]
    assert sk.tiers_by_quantiles(scores, fractions).tolist() == _by_counts(scores, counts)


def test_worked_examples() -> None:
    scores = [0.9, 0.7, 0.4, 0.1]
    assert sk.tiers_by_thresholds(scores, [0.7, 0.4]).tolist() == [0, 0, 1, 2]
    assert sk.tiers_by_thresholds(scores, [0.7, 0.4], inclusive=False).tolist() == [0, 1, 2, 2]
    assert sk.tiers_by_thresholds(scores, [1.0]).tolist() == [1, 1, 1, 1]
    assert sk.tiers_by_thresholds(scores, [0.1]).tolist() == [0, 0, 0, 0]
    # zero counts leave a tier empty; ties keep input order
    assert sk.tiers_by_counts([0.5, 0.5, 0.5], [0, 2]).tolist() == [1, 1, 2]
    assert sk.tiers_by_counts([0.5, 0.5, 0.5], []).tolist() == [0, 0, 0]
    assert sk.tiers_by_counts([0.2, 0.9], [5]).tolist() == [0, 0]
    assert sk.tiers_by_capacity([3.0, 1.0, 2.0], [1, 1]).tolist() == [0, 2, 1]
    # fractions summing to exactly 1: nobody is left for the last tier
    assert sk.tiers_by_quantiles([1.0, 2.0, 3.0, 4.0], [0.5, 0.5]).tolist() == [1, 1, 0, 0]
    # 0.3 * 5 + 0.5 = 2.0 -> 2 in tier 0; 0.6 * 5 + 0.5 = 3.5 -> 3 in tiers 0-1
    assert sk.tiers_by_quantiles([5.0, 4.0, 3.0, 2.0, 1.0], [0.3, 0.3]).tolist() == [0, 0, 1, 2, 2]
    # 0.1 * 5 + 0.5 = 1.0: half a place rounds up
    assert sk.tiers_by_quantiles([5.0, 4.0, 3.0, 2.0, 1.0], [0.1]).tolist() == [0, 1, 1, 1, 1]
    assert sk.tiers_by_quantiles([5.0, 4.0], [0.0, 0.0]).tolist() == [2, 2]
    # a sum a rounding error above 1 is accepted
    assert sk.tiers_by_quantiles([2.0, 1.0], [0.7, 0.3 + 1e-13]).tolist() == [0, 1]


ERRORS: list[tuple[str, Callable[[], object], str]] = [
    ("empty", lambda: sk.tiers_by_counts([], [1]),
     "scores: expected a non-empty 1-D array of scores"),
    ("2-d", lambda: sk.tiers_by_counts([[1.0]], [1]),
     "scores: expected a non-empty 1-D array of scores"),
    ("nan", lambda: sk.tiers_by_counts([1.0, float("nan")], [1]), "scores: scores must be finite"),
    ("inf", lambda: sk.tiers_by_thresholds([float("inf")], [1.0]),
     "scores: scores must be finite"),
    ("no thresholds", lambda: sk.tiers_by_thresholds([1.0], []),
     "thresholds: expected finite thresholds"),
    ("2-d thresholds", lambda: sk.tiers_by_thresholds([1.0], [[1.0]]),
     "thresholds: expected finite thresholds"),
    ("nan threshold", lambda: sk.tiers_by_thresholds([1.0], [2.0, float("nan")]),
     "thresholds: expected finite thresholds"),
    ("equal thresholds", lambda: sk.tiers_by_thresholds([1.0], [0.5, 0.5]),
     "thresholds: thresholds must be strictly decreasing (got [0.5, 0.5])"),
    ("rising thresholds", lambda: sk.tiers_by_thresholds([1.0], [0.2, 0.5]),
     "thresholds: thresholds must be strictly decreasing (got [0.2, 0.5])"),
    ("negative count", lambda: sk.tiers_by_counts([1.0], [1, -1]),
     "counts: expected non-negative whole counts"),
    ("2-d counts", lambda: sk.tiers_by_counts([1.0], [[1]]),
     "counts: expected non-negative whole counts"),
    ("negative capacity", lambda: sk.tiers_by_capacity([1.0], [-1]),
     "counts: expected non-negative whole counts"),
    ("negative fraction", lambda: sk.tiers_by_quantiles([1.0], [0.5, -0.1]),
     "fractions: expected non-negative fractions summing to <= 1"),
    ("fractions above 1", lambda: sk.tiers_by_quantiles([1.0], [0.7, 0.30001]),
     "fractions: expected non-negative fractions summing to <= 1"),
    ("2-d fractions", lambda: sk.tiers_by_quantiles([1.0], [[0.5]]),
     "fractions: expected non-negative fractions summing to <= 1"),
    ("classes 0", lambda: sk.natural_breaks([1.0, 2.0], 0),
     "classes: expected a whole number >= 1 (got 0)"),
    ("classes bool", lambda: sk.natural_breaks([1.0, 2.0], True),
     "classes: expected a whole number >= 1 (got True)"),
    ("classes float", lambda: sk.natural_breaks([1.0, 2.0], 2.0),
     "classes: expected a whole number >= 1 (got 2.0)"),
    ("classes distinct", lambda: sk.natural_breaks([1.0, 1.0, 2.0], 3),
     "classes: cannot make 3 classes from 2 distinct values"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "text"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_their_field(
    call: Callable[[], object], text: str, raises_exactly: Any
) -> None:
    raises_exactly(call, InvalidInputError, text)


def test_natural_breaks_edges() -> None:
    # one class: everything in tier 0, no breaks; as many classes as distinct values
    tiers, breaks = sk.natural_breaks([3.0, 1.0, 2.0], 1)
    assert (tiers.tolist(), breaks.tolist()) == ([0, 0, 0], [])
    tiers, breaks = sk.natural_breaks([3.0, 1.0, 2.0, 1.0], 3)
    assert (tiers.tolist(), breaks.tolist()) == ([0, 2, 1, 2], [3.0, 2.0])
    tiers, breaks = sk.natural_breaks(np.array([1, 2], dtype=np.int64), np.int64(2))
    assert (tiers.tolist(), breaks.tolist()) == ([1, 0], [2.0])


def test_inputs_are_named_and_the_sum_limit_is_inclusive(raises_exactly: Any) -> None:
    for call, field in [
        (lambda: sk.tiers_by_counts(["x"], [1]), "scores"),
        (lambda: sk.tiers_by_thresholds([1.0], ["x"]), "thresholds"),
        (lambda: sk.tiers_by_counts([1.0], [1.5]), "counts"),
        (lambda: sk.tiers_by_quantiles([1.0], ["x"]), "fractions"),
    ]:
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.field == field
    # a sum of exactly 1 + 1e-12 is accepted (a rounding error's allowance)
    assert sk.tiers_by_quantiles([1.0], [1 + 1e-12]).tolist() == [0]
    raises_exactly(lambda: sk.natural_breaks([1.0, 2.0, 2.0], 3), InvalidInputError,
                   "classes: cannot make 3 classes from 2 distinct values")  # fmt: skip
    raises_exactly(lambda: sk.natural_breaks(np.zeros(50_000_001), 1), InvalidInputError,
                   "values: at most 50000000 values for natural breaks (use quantiles) "
                   "(got 50000001)")  # fmt: skip


def test_the_natural_breaks_cap_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    """'At most N values': exactly N are accepted, N + 1 refused. Shown with the cap lowered
    to 7 (the real cap, 50,000,000, is tested one above it in the test before: a call at the
    cap itself would hold 400 MB of scores and sort them)."""
    from clientel.scoring.kernels import _tiers

    monkeypatch.setattr(_tiers, "_MAX_BREAKS_N", 7)
    values = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 30.0]
    assert sk.natural_breaks(values, 3)[0].tolist() == [2, 2, 2, 1, 1, 1, 0]  # by hand
    with pytest.raises(InvalidInputError) as info:
        sk.natural_breaks([*values, 31.0], 3)
    assert info.value.field == "values"
    assert info.value.value == 8


def test_natural_breaks_at_extreme_scales_and_offsets() -> None:
    # The docstring example (classes by hand: {1, 2, 3}, {10, 11, 12}, {30}) scaled beyond
    # 2**500, far out from zero, and with a class of one value at the bottom.
    base = np.array([1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 30.0])
    for values in (base * 1e200, base * 1e300 / 30, base + 1e12):
        tiers, breaks = sk.natural_breaks(values, 3)
        assert tiers.tolist() == [2, 2, 2, 1, 1, 1, 0]
        assert breaks.tolist() == [values[6], values[3]]
    tiers, breaks = sk.natural_breaks([1.0, 10.0, 11.0, 12.0], 2)
    assert (tiers.tolist(), breaks.tolist()) == ([1, 0, 0, 0], [10.0])
    assert (tiers.dtype, breaks.dtype) == (np.intp, np.float64)
