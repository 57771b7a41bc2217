"""Blocked fits of a function of the values equal the fits of the function's values, bit for bit.

``fit_stats(X, transform=f)`` applies ``f`` block by block inside the reduction;
it must give exactly what ``fit_stats(f(X))`` gives (same blocks, same summation
order), for any row count (not only multiples of the 4096-row block and of the
64-row fold), NaN cells included. The fit stages built on it (MABAC's sums of
``ln(n_ij + 1)``) must equal their definitions computed on whole matrices.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

from clientel.errors import InvalidInputError
from clientel.scoring import kernels as sk

FIELDS = ("count", "min", "max", "sum", "sumsq", "sum_inv", "sum_low", "sumsq_low",
          "sum_inv_low")  # fmt: skip
ROWS = st.one_of(st.integers(0, 200), st.sampled_from([4095, 4096, 4097, 8191, 8256, 12_289]))


def assert_same_bits(got: sk.ColumnStats, want: sk.ColumnStats) -> None:
    """Equal values, NaN where NaN, and the same sign of every zero."""
    assert got.n == want.n
    for name in FIELDS:
        a, b = getattr(got, name), getattr(want, name)
        assert (a is None) == (b is None), name
        if a is None:
            continue
        assert a.shape == b.shape, name
        assert np.array_equal(a, b, equal_nan=True), name
        assert np.array_equal(np.signbit(a), np.signbit(b)), name


def _matrix(seed: int, rows: int, cols: int, nan: float, scale: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 5.0, size=(rows, cols)) * scale
    X[rng.random((rows, cols)) < nan] = np.nan
    return X


def _transforms(cols: int, seed: int) -> list[Callable[[np.ndarray], np.ndarray]]:
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(-3, 3, size=cols), rng.uniform(-1, 1, size=cols)
    return [
        np.log1p,  # NaN below -1: ignored like a NaN cell
        lambda x: x * a + b,  # per-column constants, broadcast
        lambda x: np.sqrt(np.abs(x)) / (np.abs(a) + 0.5),
        lambda x: np.ldexp(x, 700),  # extreme magnitudes: the scaled-copy path
    ]


@given(
    seed=st.integers(0, 2**32 - 1),
    rows=ROWS,
    cols=st.integers(1, 12),
    nan=st.sampled_from([0.0, 0.0, 0.02, 1.0]),
    scale=st.sampled_from([1.0, 1e-300, 1e300]),
    which=st.integers(0, 3),
    inverse=st.booleans(),
)
def test_transform_equals_fit_of_transformed(
    seed: int, rows: int, cols: int, nan: float, scale: float, which: int, inverse: bool
) -> None:
    X = _matrix(seed, rows, cols, nan, scale)
    f = _transforms(cols, seed)[which]
    with np.errstate(all="ignore"):
        want = sk.fit_stats(f(X), inverse=inverse)
        got = sk.fit_stats(X, transform=f, inverse=inverse)
    assert_same_bits(got, want)


def test_transform_sees_blocks_not_the_whole_matrix() -> None:
    X = np.arange(3.0 * 10_000).reshape(10_000, 3)
    seen: list[int] = []

    def f(block: np.ndarray) -> np.ndarray:
        seen.append(block.shape[0])
        out: np.ndarray = block * 2.0
        return out

    stats = sk.fit_stats(X, transform=f)
    assert max(seen) < X.shape[0]
    assert sum(seen) == X.shape[0]
    assert stats.sum.tolist() == (2.0 * X.sum(axis=0)).tolist()  # integers: exact sums


def test_transform_of_another_shape_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        sk.fit_stats(np.ones((5, 2)), transform=lambda b: b[:, :1])
    assert info.value.field == "transform"


def _mabac_logs(X: np.ndarray, lo: np.ndarray, hi: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The definition: ``ln(n_ij + 1)`` of min-max values, cost reversed (whole matrix)."""
    c = np.ldexp(1.0, -sk.column_exponent(lo, hi))
    low, high = lo * c, hi * c
    span = high - low
    n = np.where(d > 0, (X * c - low) / span, (high - X * c) / span)
    out: np.ndarray = np.log1p(n)
    return out


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=ROWS.filter(lambda r: r >= 2),
    cols=st.integers(1, 11),
    scale=st.sampled_from([1.0, 1e-300, 1e300, 1e-140]),
    nan=st.sampled_from([0.0, 0.05]),
)
def test_mabac_border_stage_equals_its_definition(
    seed: int, rows: int, cols: int, scale: float, nan: float
) -> None:
    rng = np.random.default_rng(seed)
    X = rng.uniform(1.0, 100.0, size=(rows, cols)) * scale
    X[0], X[1] = 1.0 * scale, 100.0 * scale  # no constant column
    d = rng.choice([-1, 1], size=cols)
    scorer = sk.Scorer(method="mabac", weights=np.ones(cols), directions=d)
    ranges = scorer.finalise(scorer.fit_partial(X))
    Y = X.copy()
    Y[rng.random(X.shape) < nan] = np.nan  # a later stage ignores NaN cells
    lo, hi = ranges.state[0].min, ranges.state[0].max  # type: ignore[union-attr]
    with np.errstate(all="ignore"):
        want = sk.fit_stats(_mabac_logs(Y, lo, hi, d))
    got = ranges.fit_partial(Y)
    assert isinstance(got, sk.ColumnStats)
    assert_same_bits(got, want)


def _partials(part: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """One part's min, max, sum and sum of squares: down its rows, then across its fold."""
    squares = np.einsum("ij,ij->j", part, part)
    lanes = (part.min(axis=0), part.max(axis=0), part.sum(axis=0), squares)
    a, b, c, d = (lane.reshape(part.shape[1] // k, k) for lane in lanes)
    return a.min(axis=0), b.max(axis=0), c.sum(axis=0), d.sum(axis=0)


def _block_by_block(X: np.ndarray) -> tuple[np.ndarray, ...]:
    """The definition of the blocked reduction: blocks of 4096 rows, 64 rows folded side by side.

    Each part of a block (its rows folded 64 at a time, then the rows left over)
    gives its partials, taken into the running values part after part.
    """
    k = X.shape[1]
    lo, hi, total, sumsq = np.full(k, np.inf), np.full(k, -np.inf), np.zeros(k), np.zeros(k)
    for start in range(0, X.shape[0], 4096):
        block = X[start : start + 4096]
        cut = block.shape[0] // 64 * 64
        for part in (block[:cut].reshape(-1, 64 * k), block[cut:]):
            if part.shape[0]:
                a, b, c, d = _partials(part, k)
                lo, hi = np.minimum(lo, a), np.maximum(hi, b)
                total += c
                sumsq += d
    return lo, hi, total, sumsq


@settings(max_examples=LONG_RUN_EXAMPLES or 30)
@given(
    seed=st.integers(0, 2**32 - 1),
    blocks=st.integers(0, 40),
    extra=st.integers(0, 4096),
    cols=st.integers(1, 6),
    zeros=st.booleans(),
    fortran=st.booleans(),
)
def test_narrow_matrices_reduce_as_block_by_block(
    seed: int, blocks: int, extra: int, cols: int, zeros: bool, fortran: bool
) -> None:
    rows = blocks * 4096 + extra
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, cols)) * 10.0 ** rng.integers(-5, 5, size=cols)
    if zeros:  # minima and maxima at zero, of both signs
        X = np.abs(X)
        X[rng.random(X.shape) < 0.3] = 0.0
        X[rng.random(X.shape) < 0.3] = -0.0
    if fortran:
        X = np.asfortranarray(X)
    if rows == 0:
        return
    stats = sk.fit_stats(X)
    with np.errstate(over="ignore", invalid="ignore"):
        want = _block_by_block(X)
    for got, expected in zip((stats.min, stats.max, stats.sum, stats.sumsq), want, strict=True):
        assert np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))
