"""Strategies that seek the edges: sub-cent money, mixed weights, near-ties, IRR roots, tiers.

The entity strategies draw realistic values; these draw the values where exact
arithmetic, tolerances and solvers break: amounts finer than the minor unit,
weights as Decimal and float (just above 1, tiny, large), scores that differ by
about a tie tolerance at magnitudes above 1, cash flows whose IRRs sit next to
-100 %, far beyond the first grid cell or next to each other, tier thresholds
that coincide, quantile fractions that sum to exactly 1 and tier counts of zero
(issue 31).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from clientel import models as m
from clientel.testing._values import currencies

__all__ = [
    "cash_flows_with_roots",
    "mixed_weights",
    "near_tie_scores",
    "quantile_fractions",
    "sub_cent_money",
    "tier_counts",
    "tier_thresholds",
]


@st.composite
def sub_cent_money(
    draw: st.DrawFn,
    currency: str | st.SearchStrategy[str] | None = None,
    *,
    extra_places: int = 3,
    max_value: int = 10**6,
) -> m.Money:
    """Money with up to ``extra_places`` more decimals than the currency's minor unit.

    .. versionadded:: 0.2.0

    Half of the draws are below one minor unit (0.004 EUR, 0.0005 KWD), and the
    draws include exact halves of a unit (0.005 EUR), where rounding modes differ.

    Parameters
    ----------
    currency : str or strategy, optional
        The currency, or a strategy of currencies (default: :func:`currencies`).
    extra_places : int
        How many decimals past the minor unit may be drawn (1 to 10).
    max_value : int
        Largest amount in whole units (the sign is drawn too).

    Returns
    -------
    strategy of Money

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(sub_cent_money("EUR"))
    ... def test_rounding_stays_within_half_a_cent(x):
    ...     assert abs((x.round() - x).amount) <= Decimal("0.005")
    >>> test_rounding_stays_within_half_a_cent()
    """
    if isinstance(currency, st.SearchStrategy):
        code = draw(currency)
    else:
        code = draw(currencies()) if currency is None else currency
    minor = m.minor_unit(code)
    extra = draw(st.integers(1, max(1, min(extra_places, 10))))
    digits = minor + extra
    unit = 10**extra  # one minor unit, in the drawn decimals
    units = draw(
        st.one_of(
            st.integers(-(unit - 1), unit - 1),  # below one minor unit
            st.sampled_from([unit // 2, -(unit // 2), 3 * unit // 2]),  # exact halves
            st.integers(-max_value * 10**digits, max_value * 10**digits),
        )
    )
    return m.Money(Decimal(units).scaleb(-digits), code)


def _weight() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(0, 1000),
        st.decimals(0, 1000, places=6),
        st.decimals(Decimal(1), Decimal("1.001"), places=12),  # just above 1, many decimals
        st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
        st.floats(1, 1 + 1e-9),  # just above 1 as binary floats
        st.sampled_from([1e-9, 5e-324, 0.1, 1 / 3, 1.00001]),
    )


@st.composite
def mixed_weights(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 8) -> list[Any]:
    """Non-negative weights mixing int, Decimal and float, not all zero.

    .. versionadded:: 0.2.0

    Includes values just above 1 written with many decimals (``Decimal``) or as
    binary floats, tiny floats (down to the smallest subnormal), thirds and
    zeros: what a split by weights must take exactly.

    Parameters
    ----------
    min_size, max_size : int
        Number of weights.

    Returns
    -------
    strategy of list
        Weights whose sum is positive.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(mixed_weights())
    ... def test_parts_sum_to_the_whole(w):
    ...     parts = Money("100", "EUR").allocate(w)
    ...     assert Money.sum(parts, "EUR") == Money("100", "EUR")
    >>> from clientel import Money
    >>> test_parts_sum_to_the_whole()
    """
    weights = draw(st.lists(_weight(), min_size=max(1, min_size), max_size=max_size))
    if not any(weights):
        weights[draw(st.integers(0, len(weights) - 1))] = draw(
            st.one_of(st.integers(1, 9), st.decimals(Decimal("0.000001"), 9, places=6))
        )
    return weights


@st.composite
def near_tie_scores(
    draw: st.DrawFn,
    *,
    tol: float = 1e-9,
    min_size: int = 2,
    max_size: int = 12,
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Scores in clusters whose members differ by about ``tol`` relative, at magnitudes above 1.

    .. versionadded:: 0.2.0

    Each cluster has a centre of magnitude 1 to 1e6 (either sign); its members
    sit at ``centre * (1 + k * tol)`` with ``k`` in 0, +-0.5, +-0.99, +-1.01, +-3:
    inside, at and just past a relative tie tolerance of ``tol``.

    Parameters
    ----------
    tol : float
        The relative tolerance to straddle.
    min_size, max_size : int
        Number of scores.

    Returns
    -------
    strategy of ndarray of float

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(near_tie_scores())
    ... def test_clustered(s):
    ...     assert s.size >= 2 and np.isfinite(s).all()
    >>> test_clustered()
    """
    size = draw(st.integers(max(1, min_size), max(min_size, max_size)))
    centres = draw(
        st.lists(
            st.floats(1.0, 1e6, allow_nan=False).flatmap(lambda c: st.sampled_from([c, -c])),
            min_size=1,
            max_size=max(1, size // 2),
        )
    )
    steps = st.sampled_from([0.0, 0.5, -0.5, 0.99, -0.99, 1.01, -1.01, 3.0, -3.0])
    values = [
        centres[draw(st.integers(0, len(centres) - 1))] * (1.0 + draw(steps) * tol)
        for _ in range(size)
    ]
    return np.array(values, dtype=np.float64)


@st.composite
def cash_flows_with_roots(
    draw: st.DrawFn, *, max_roots: int = 4
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], tuple[float, ...]]:
    """Cash flows built from chosen IRRs, with the IRRs (ascending).

    .. versionadded:: 0.2.0

    The flows are the coefficients of ``a * prod (y - (1 + r_i)) * g(y)``, the
    first at t = 0, where ``g`` has no positive root (a constant, ``y + c`` or
    ``y**2 + b y + c`` with ``b, c > 0``), so the drawn rates are exactly the
    series' IRRs above -100 %. Rates come from four kinds: near -100 % (-99.99 %
    to -95 %), ordinary (-50 % to 100 %), beyond the first cell of the solver's
    grid (1,000 % to 100,000 %, where ``1 / (1 + r)`` is below 1/64) and a pair
    1e-4 to 1e-3 apart relative (a near-double root). Roots are at least 1e-4
    apart relative, and a draw is kept only if
    the rounding of the flows moves no root by more than 1e-7 of ``1 + r``, so
    each IRR is fixed to that accuracy by the flows as stored.

    Parameters
    ----------
    max_roots : int
        Largest number of distinct IRRs (1 to 6).

    Returns
    -------
    strategy of (ndarray, tuple of float)
        The flows and their IRRs, ascending.

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(cash_flows_with_roots())
    ... def test_npv_is_zero_at_each_irr(case):
    ...     flows, rates = case
    ...     for r in rates:  # NPV times (1 + r)**n, by Horner's rule in y = 1 + r
    ...         value = np.polyval(flows, 1 + r)
    ...         assert abs(value) <= 1e-9 * np.polyval(np.abs(flows), 1 + r)
    >>> test_npv_is_zero_at_each_irr()
    """
    near_minus_one = st.floats(-0.9999, -0.95)
    ordinary = st.floats(-0.5, 1.0)
    far = st.floats(10.0, 1000.0)
    count = draw(st.integers(1, max(1, min(max_roots, 6))))
    rates: list[float] = []
    while len(rates) < count:
        kind = draw(st.sampled_from(["near -1", "ordinary", "far", "near-double"]))
        if kind == "near-double" and len(rates) + 2 <= count:
            r = draw(ordinary)
            gap = draw(st.floats(1e-4, 1e-3))
            pair = [r, (1.0 + r) * (1.0 + gap) - 1.0]
        else:
            pair = [draw({"near -1": near_minus_one, "far": far}.get(kind, ordinary))]
        ys = np.sort(np.array([1.0 + x for x in rates + pair]))
        if ys.size > 1 and (np.diff(ys) < 1e-4 * ys[1:]).any():
            continue  # keep every root apart from the others drawn
        rates.extend(pair)
    ys = np.array([1.0 + r for r in rates])
    poly = np.poly(ys)  # in y = 1 + r, highest power first
    extra = draw(st.sampled_from(["none", "linear", "quadratic"]))
    if extra == "linear":
        poly = np.convolve(poly, [1.0, draw(st.floats(0.01, 10.0))])
    elif extra == "quadratic":
        b, c = draw(st.floats(0.01, 10.0)), draw(st.floats(0.01, 10.0))
        poly = np.convolve(poly, [1.0, b, c])
    # Each root must be fixed by the rounded coefficients to 1e-7 of its size: a change of
    # the coefficients by k eps of their size moves a simple root y by about
    # k eps sum |c_t| y**(n - t) / |P'(y)| (P' from the product form, exact enough).
    n = poly.size - 1
    for i, y in enumerate(ys.tolist()):
        others = np.delete(ys, i)
        slope = abs(np.prod(y - others) * np.polyval(np.polydiv(poly, np.poly(ys))[0], y))
        size = np.polyval(np.abs(poly), y)
        assume(100 * (n + 1) * 2.2e-16 * size <= 1e-7 * y * slope)
    # NPV times (1 + r)**n is P(1 + r), highest power first: flow t is P's t-th coefficient
    scale = draw(st.sampled_from([1.0, -1.0, 1000.0, -0.001]))
    flows = np.asarray(scale * poly, dtype=np.float64)
    return flows, tuple(sorted(rates))


@st.composite
def tier_thresholds(
    draw: st.DrawFn, *, max_size: int = 4, allow_equal: bool = True
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Descending tier thresholds, with equal neighbours when ``allow_equal``.

    .. versionadded:: 0.2.0

    Equal thresholds make an empty tier (or, where the function wants strictly
    decreasing bounds, must be refused naming the thresholds). Values are on a
    0.1 grid from 0 to 1, so scores drawn on the same grid land on the bounds.

    Parameters
    ----------
    max_size : int
        Largest number of thresholds.
    allow_equal : bool
        Whether two neighbours may be equal.

    Returns
    -------
    strategy of ndarray of float
        Non-increasing (strictly decreasing without ``allow_equal``).

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(tier_thresholds())
    ... def test_non_increasing(t):
    ...     assert (np.diff(t) <= 0).all()
    >>> test_non_increasing()
    """
    grid = st.integers(0, 10).map(lambda k: k / 10)
    if allow_equal:
        values = draw(st.lists(grid, min_size=1, max_size=max_size))
    else:
        values = draw(st.lists(grid, min_size=1, max_size=max_size, unique=True))
    return np.array(sorted(values, reverse=True), dtype=np.float64)


@st.composite
def quantile_fractions(draw: st.DrawFn, *, max_size: int = 5) -> list[float]:
    """Tier fractions summing to at most 1, often to exactly 1, with zeros.

    .. versionadded:: 0.2.0

    Exact sums of 1 are drawn as tenths, fifths, quarters and thirds (whose float
    sum may be ``1 + eps`` or ``1 - eps``) and as the one-element ``[1.0]``.

    Parameters
    ----------
    max_size : int
        Largest number of fractions.

    Returns
    -------
    strategy of list of float

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(quantile_fractions())
    ... def test_at_most_one(f):
    ...     assert sum(f) <= 1 + 1e-12 and min(f) >= 0
    >>> test_at_most_one()
    """
    size = draw(st.integers(1, max(1, max_size)))
    denominator = draw(st.sampled_from([3, 4, 5, 10, 100]))
    parts = draw(st.lists(st.integers(0, denominator), min_size=size, max_size=size))
    exact = draw(st.booleans())
    total = sum(parts)
    if exact or total > denominator:
        # rescale into whole parts of the denominator that sum to it exactly
        cuts = sorted(draw(st.lists(st.integers(0, denominator), min_size=size - 1,
                                    max_size=size - 1)))  # fmt: skip
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, denominator], strict=True)]
    return [p / denominator for p in parts]


def tier_counts(*, max_size: int = 5, max_count: int = 6) -> st.SearchStrategy[list[int]]:
    """Tier sizes from 0 to ``max_count``, zeros drawn often (empty tiers).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    max_size : int
        Largest number of tiers with a count.
    max_count : int
        Largest count of one tier.

    Returns
    -------
    strategy of list of int

    Examples
    --------
    >>> from hypothesis import given
    >>> @given(tier_counts())
    ... def test_whole(c):
    ...     assert all(isinstance(k, int) and k >= 0 for k in c)
    >>> test_whole()
    """
    count = st.one_of(st.just(0), st.integers(0, max_count))
    return st.lists(count, min_size=1, max_size=max_size)
