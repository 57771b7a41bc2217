"""AHP weights from a pairwise comparison matrix, with Saaty's consistency ratio."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError

__all__ = ["RANDOM_INDEX", "AhpResult", "ahp_weights"]

Float = NDArray[np.float64]

#: Random consistency indices by matrix size n (index n - 1), per published table.
RANDOM_INDEX: Final[Mapping[str, tuple[float, ...]]] = {
    # Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, p. 21.
    "saaty": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49),
    # Alonso, J. A. and Lamata, M. T. (2006). Consistency in the analytic hierarchy
    # process: a new approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based
    # Systems, 14(4), 445-459.
    "alonso-lamata": (
        0.0,
        0.0,
        0.5247,
        0.8816,
        1.1086,
        1.2479,
        1.3417,
        1.4057,
        1.4499,
        1.4854,
        1.5140,
        1.5365,
        1.5551,
        1.5713,
        1.5838,
    ),
}


@attrs.frozen(eq=False)
class AhpResult:
    """AHP priorities and consistency.

    Attributes
    ----------
    weights : ndarray
        Normalised principal eigenvector.
    lambda_max : float
        Principal eigenvalue.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``.
    cr : float
        Consistency ratio ``CI / RI(n)`` (0 for n <= 2).
    consistent : bool
        ``cr <= threshold`` (0.1 by Saaty's rule); an inconsistent matrix is
        reported here, not hidden.
    random_index : str
        The RI table used.
    """

    weights: Float
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    random_index: str


def ahp_weights(
    comparisons: ArrayLike,
    *,
    random_index: str = "saaty",
    threshold: float = 0.1,
    rtol: float = 1e-9,
    names: Sequence[str] | None = None,
) -> AhpResult:
    """Priorities from a reciprocal pairwise comparison matrix (principal eigenvector).

    Parameters
    ----------
    comparisons : array_like, shape (n, n)
        ``a_ij`` = how much more important criterion i is than j (Saaty's 1-9
        scale); positive, ``a_ii = 1`` and ``a_ji = 1 / a_ij``.
    random_index : {"saaty", "alonso-lamata"}
        Which published random-index table gives RI(n); they give different CR.
    threshold : float
        CR at or below which the matrix counts as consistent.

    Raises
    ------
    InvalidInputError
        Not square, non-positive entries, a diagonal other than 1, a
        non-reciprocal pair (named), or n beyond the RI table.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    Revenue potential is 3 times as important as growth and 5 times as
    important as strategic fit; growth is 2 times as important as fit:

    >>> r = ahp_weights([[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]])
    >>> r.weights.round(3).tolist(), round(r.cr, 4), r.consistent
    ([0.648, 0.23, 0.122], 0.0032, True)
    """
    A = np.asarray(comparisons, dtype=np.float64)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise InvalidInputError("expected a square matrix", field="comparisons", value=A.shape)
    n = A.shape[0]
    label = (lambda i: repr(names[i])) if names is not None else str
    if not np.isfinite(A).all() or (A <= 0).any():
        raise InvalidInputError("entries must be positive and finite", field="comparisons")
    if not np.allclose(np.diag(A), 1.0, rtol=rtol, atol=0):
        raise InvalidInputError("the diagonal must be 1", field="comparisons")
    bad = ~np.isclose(A * A.T, 1.0, rtol=1e-6, atol=0)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        msg = f"not reciprocal: a[{label(i)},{label(j)}] * a[{label(j)},{label(i)}] != 1"
        raise InvalidInputError(msg, field="comparisons", value=(A[i, j], A[j, i]))
    if random_index not in RANDOM_INDEX:
        msg = f"unknown table; expected one of {sorted(RANDOM_INDEX)}"
        raise InvalidInputError(msg, field="random_index", value=random_index)
    table = RANDOM_INDEX[random_index]
    if n > len(table):
        msg = f"the {random_index} table stops at n = {len(table)}"
        raise InvalidInputError(msg, field="comparisons", value=n)
    values, vectors = np.linalg.eig(A)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    vec = np.abs(vectors[:, k].real)
    weights = vec / vec.sum()
    ci = max(0.0, (lam - n) / (n - 1)) if n > 1 else 0.0
    ri = table[n - 1]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(
        weights=weights,
        lambda_max=lam,
        ci=ci,
        cr=cr,
        consistent=cr <= threshold,
        random_index=random_index,
    )
