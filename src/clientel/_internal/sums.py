"""Compensated (double-double) sums whose merges do not depend on the order of addition.

A sum is carried as two float arrays, ``high + low``: ``high`` is the sum
rounded to a float, ``low`` the rounding error (Knuth's two-sum, an error-free
transformation). Adding two such sums is accurate to about ``2**-104`` of the
result, so merging partial sums in any order or tree shape gives the same
rounded ``high`` (an exact tie at a rounding boundary is the only exception,
with probability of order ``1e-16``). Non-finite values propagate in ``high``
with a zero ``low``.

References
----------
Knuth, D. E. (1998). *The Art of Computer Programming*, vol. 2, 3rd ed.,
section 4.2.2 (two-sum). Dekker, T. J. (1971). A floating-point technique for
extending the available precision. *Numerische Mathematik* 18, 224-242.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["PAIRWISE_MAX", "dd_add", "row_sums_by_column", "two_sum"]

Float = NDArray[np.float64]


def two_sum(a: Float, b: Float) -> tuple[Float, Float]:
    """``s = fl(a + b)`` and the exact error ``e`` with ``a + b = s + e`` (symmetric in a, b).

    Examples
    --------
    >>> import numpy as np
    >>> s, e = two_sum(np.array([1.0]), np.array([1e-17]))
    >>> float(s[0]), float(e[0])
    (1.0, 1e-17)
    """
    s = a + b
    bb = s - a
    with np.errstate(invalid="ignore"):
        err = (a - (s - bb)) + (b - bb)
    out: Float = np.where(np.isfinite(s), err, 0.0)
    return s, out


def dd_add(a_high: Float, a_low: Float, b_high: Float, b_low: Float) -> tuple[Float, Float]:
    """The double-double sum of ``a_high + a_low`` and ``b_high + b_low`` (commutative).

    Examples
    --------
    >>> import numpy as np
    >>> one, tiny, zero = np.array([1.0]), np.array([1e-17]), np.zeros(1)
    >>> high, low = dd_add(one, zero, tiny, zero)
    >>> high, low = dd_add(high, low, tiny, zero)
    >>> float(high[0]), float(low[0])   # 2e-17 kept, not lost to rounding
    (1.0, 2e-17)
    """
    s, e = two_sum(a_high, b_high)
    e = e + (a_low + b_low)
    high = s + e
    with np.errstate(invalid="ignore"):
        low = e - (high - s)
    return high, np.where(np.isfinite(high), low, 0.0)


PAIRWISE_MAX = 128  #: numpy's pairwise-summation block: up to it, one unrolled pass of 8


def row_sums_by_column(vT: Float, out: Float) -> Float:
    """``np.add.reduce(vT.T, axis=1)`` bit for bit, computed a column of ``vT.T`` at a time.

    ``vT`` is (terms, rows), so each step adds two long contiguous vectors instead
    of reducing each row's few terms one row at a time (the slow inner loop of a
    reduction over a short axis). The order is numpy's pairwise summation of
    ``terms`` values (``pairwise_sum`` in numpy's loops): below 8 terms one after
    another; up to :data:`PAIRWISE_MAX` terms, eight running sums over strides of
    8, combined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))``, then
    the remaining terms one after another. Callers reduce more terms with numpy.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.random.default_rng(1).normal(size=(5, 11))
    >>> bool((row_sums_by_column(v.T.copy(), np.empty(5)) == v.sum(axis=1)).all())
    True
    """
    k = vT.shape[0]
    if not 1 <= k <= PAIRWISE_MAX:
        raise ValueError("expected 1 to PAIRWISE_MAX terms")  # a caller's bug, not user input
    if k < 8:
        np.copyto(out, vT[0])
        for j in range(1, k):  # terms, not rows
            out += vT[j]
        return out
    r = vT[:8].copy()
    full = k - k % 8
    for i in range(8, full, 8):  # terms, not rows
        r += vT[i : i + 8]
    np.add(r[0], r[1], out=out)
    out += r[2] + r[3]
    right = r[4] + r[5]
    right += r[6] + r[7]
    out += right
    for j in range(full, k):  # terms, not rows
        out += vT[j]
    return out
