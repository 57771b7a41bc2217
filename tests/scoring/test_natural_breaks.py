"""Natural breaks (step 2.3.3): the divide-and-conquer DP against brute force and a full scan."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk


def _sse(values: np.ndarray, tiers: np.ndarray, k: int) -> float:
    return float(
        sum(((values[tiers == t] - values[tiers == t].mean()) ** 2).sum() for t in range(k))
    )


def _brute_force(values: np.ndarray, k: int) -> tuple[float, list[tuple[int, ...]]]:
    """Smallest SSE over every split of the sorted values into k non-empty runs, and every
    set of cut positions within 1e-9 of it."""
    x = np.sort(values)
    found = [
        (sum(float(((p - p.mean()) ** 2).sum()) for p in np.split(x, cuts)), cuts)
        for cuts in itertools.combinations(range(1, x.size), k - 1)
    ]
    best = min(sse for sse, _ in found)
    return best, [cuts for sse, cuts in found if sse <= best + 1e-9]


def _full_scan(values: np.ndarray, k: int) -> float:
    """The textbook O(k m^2) dynamic program (every split tried), in plain Python."""
    x = np.sort(values).tolist()
    m = len(x)

    def cost(i: int, j: int) -> float:
        part = x[i:j]
        mean = sum(part) / len(part)
        return sum((v - mean) ** 2 for v in part)

    D = [cost(0, j) if j else np.inf for j in range(m + 1)]
    for c in range(1, k):
        D = [
            min((D[i] + cost(i, j) for i in range(c, j)), default=np.inf) if j > c else np.inf
            for j in range(m + 1)
        ]
    return D[m]


@given(
    hnp.arrays(np.float64, st.integers(1, 11), elements=st.integers(0, 40).map(float)),
    st.integers(1, 5),
)
def test_equal_to_brute_force_on_small_inputs(values: np.ndarray, k: int) -> None:
    assume(np.unique(values).size >= k)
    tiers, breaks = sk.natural_breaks(values, k)
    best, optima = _brute_force(values, k)
    assert _sse(values, tiers, k) == pytest.approx(best, abs=1e-9)
    x = np.sort(values)
    if len(optima) == 1:  # a unique optimum: the same breaks (ties depend on rounding)
        assert breaks.tolist() == [float(x[c]) for c in reversed(optima[0])]
    for t in range(k - 1):  # tier 0 holds the largest values, every tier is used
        assert values[tiers == t].min() >= values[tiers == t + 1].max()
    assert sorted(set(tiers.tolist())) == list(range(k))


@settings(max_examples=LONG_RUN_EXAMPLES or 25, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(20, 120),
        elements=st.floats(-1e3, 1e6, allow_nan=False, allow_infinity=False),
    ),
    st.integers(2, 6),
)
def test_optimum_equals_the_full_scan_on_larger_inputs(values: np.ndarray, k: int) -> None:
    assume(np.unique(values).size >= k)
    tiers, _ = sk.natural_breaks(values, k)
    full = _full_scan(values, k)
    assert _sse(values, tiers, k) == pytest.approx(full, rel=1e-9, abs=1e-6)


def test_large_lognormal_input_beyond_the_former_cap() -> None:
    # 20,000 values (the former limit was 4,000); the classes are contiguous in sorted order
    # and no single move of a boundary value lowers the total SSE (a local check of the
    # optimum that needs no quadratic reference).
    values = np.random.default_rng(7).lognormal(size=20_000)
    tiers, breaks = sk.natural_breaks(values, 5)
    x = np.sort(values)
    order_tiers = tiers[np.argsort(values, kind="stable")]
    assert (np.diff(order_tiers) <= 0).all()
    bounds = [0, *[int(np.searchsorted(x, b)) for b in breaks[::-1]], x.size]

    def total(bs: list[int]) -> float:
        return sum(float(((x[a:b] - x[a:b].mean()) ** 2).sum()) for a, b in itertools.pairwise(bs))

    base = total(bounds)
    for k in range(1, len(bounds) - 1):
        for step in (-1, 1):
            moved = list(bounds)
            moved[k] += step
            assert total(moved) >= base * (1 - 1e-12)


def test_limit_and_classes_are_checked() -> None:
    with pytest.raises(InvalidInputError) as info:
        sk.natural_breaks([1.0, 1.0, 2.0], 3)
    assert info.value.field == "classes"
    with pytest.raises(InvalidInputError) as info:
        sk.natural_breaks([1.0, 2.0], 0)
    assert info.value.field == "classes"
    with pytest.raises(InvalidInputError) as info:
        sk.natural_breaks([1.0, np.nan], 1)
    assert info.value.field == "scores"
