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

__all__ = ["dd_add", "two_sum"]

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
