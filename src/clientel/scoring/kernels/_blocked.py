"""Row-blocked sums of per-column affine terms, the inner loop of the additive methods.

MOORA, MABAC and SPOTIS each score a row as ``sum_j (x_ij c_j - ref_j) g_j``
once their statistics are fitted; the rows are processed in cache-sized blocks
so that nothing of the input's size is allocated beyond the scores (and the
contributions, when asked for).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["BLOCK", "FOLD", "affine_sum", "folded", "row_sums", "tiled"]

Float = NDArray[np.float64]
#: Rows per cache-sized block.
BLOCK = 8192
#: Rows laid side by side by :func:`folded`.
FOLD = 64


def folded(block: Float) -> tuple[Float, int]:
    """``block`` with ``FOLD`` rows side by side (a view) and that fold (1 if they do not divide).

    An elementwise operation with per-column constants on a tall block of few
    columns runs inner loops as short as a row; on the folded block (shape
    ``(m / FOLD, FOLD * k)``, constants repeated by :func:`tiled`) they are
    ``FOLD`` times longer, and the cells meet the same constants.

    Examples
    --------
    >>> import numpy as np
    >>> folded(np.zeros((128, 3)))[0].shape, folded(np.zeros((5, 3)))[0].shape
    ((2, 192), (5, 3))
    """
    m, k = block.shape
    fold = FOLD if m % FOLD == 0 else 1
    return block.reshape(m // fold, fold * k), fold


def tiled(values: Float) -> dict[int, Float]:
    """Per-column constants for an unfolded (1) and a folded (``FOLD``) block."""
    return {1: values, FOLD: np.tile(values, FOLD)}


def affine_sum(
    X: Float,
    c: Float,
    ref: Float,
    g: Float,
    *,
    add: Float | None = None,
    out: Float | None = None,
    check: Callable[[Float, int], None] | None = None,
) -> Float:
    """Row sums of ``(x_ij c_j - ref_j) g_j + add_j``, the terms written into ``out`` if given.

    ``c`` is the exact power-of-two prescale of each column (1 for ordinary
    magnitudes), so extreme columns are scaled before anything is subtracted.
    ``add`` is a per-column term added after scaling (none if omitted): a
    shift that would round away if folded into ``ref`` on a narrow column.
    ``check(block, start)``, if given, sees each block of rows (and its first
    row's number) while it is in cache, before it is scored, and may raise.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> affine_sum(X, np.ones(2), np.array([1.0, 0.0]), np.array([0.5, 0.25])).tolist()
    [0.5, 2.0]
    """
    m, k = X.shape
    scores = np.empty(m)
    buf = np.empty((min(BLOCK, m), k)) if out is None else None
    prescaled = bool((c != 1.0).any())
    for start in range(0, m, BLOCK):  # blocks of rows that stay in cache
        stop = min(start + BLOCK, m)
        if check is not None:
            check(X[start:stop], start)
        v = out[start:stop] if out is not None else buf[: stop - start]  # type: ignore[index]
        if prescaled:
            np.multiply(X[start:stop], c, out=v)
            v -= ref
        else:
            np.subtract(X[start:stop], ref, out=v)
        v *= g
        if add is not None:
            v += add
        row_sums(v, scores[start:stop])
    scores += 0.0  # no negative zero
    return scores


def row_sums(v: Float, out: Float, columns: Sequence[int] | None = None) -> Float:
    """Row sums of a block written into ``out``, added column by column from the left.

    The order of the additions is fixed (``((v_0 + v_1) + v_2) + ...``), whatever
    the block's length or numpy's own reduction, so a row sums to the same bits
    in any batch; it is also about 1.5 times faster than ``np.add.reduce(v,
    axis=1)`` on a tall block of ten columns, whose inner loops are ten long.
    ``columns`` sums those columns only, in that order (all if omitted), with
    no copy of them.

    Examples
    --------
    >>> import numpy as np
    >>> row_sums(np.array([[1.0, 2.0, 3.0], [0.5, 0.25, 0.0]]), np.empty(2)).tolist()
    [6.0, 0.75]
    >>> row_sums(np.array([[1.0, 2.0, 3.0], [0.5, 0.25, 0.0]]), np.empty(2), [2, 0]).tolist()
    [4.0, 0.5]
    """
    cols = range(v.shape[1]) if columns is None else columns
    k = len(cols)
    if k < 2:
        out[...] = v[:, cols[0]] if k else 0.0
        return out
    np.add(v[:, cols[0]], v[:, cols[1]], out=out)
    for j in cols[2:]:  # columns, not rows
        out += v[:, j]
    return out
