"""Criterion weights: direct, AHP, entropy, CRITIC, standard deviation, rank-order centroid
and rank-sum.

AHP priorities come with Saaty's consistency ratio (an inconsistent comparison
matrix is reported, not hidden).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_matrix, as_weights, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError, LimitExceededError
from clientel.scoring.kernels._normalise import normalise
from clientel.scoring.kernels._stats import column_exponent

__all__ = [
    "RANDOM_INDEX",
    "AhpResult",
    "ahp_weights",
    "critic_weights",
    "direct_weights",
    "entropy_weights",
    "rank_sum_weights",
    "roc_weights",
    "std_weights",
]

Float = NDArray[np.float64]


def direct_weights(weights: ArrayLike, *, names: Sequence[str] | None = None) -> Float:
    """Validate directly entered weights and normalise them to sum to 1.

    Parameters
    ----------
    weights : array_like, shape (n,)
        Weights as entered (finite, non-negative, not all zero).
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The weights (step 2.3.1), summing to 1.

    Raises
    ------
    InvalidInputError
        Not a non-empty 1-D list, or a negative or non-finite weight (named).

    Examples
    --------
    >>> direct_weights([3, 1, 1]).tolist()
    [0.6, 0.2, 0.2]
    """
    w = as_floats(weights, "weights")
    if w.ndim != 1 or w.size == 0:
        raise InvalidInputError("expected a non-empty 1-D list of weights", field="weights")
    return as_weights(w, w.shape[0], names=names)


def entropy_weights(matrix: ArrayLike, *, names: Sequence[str] | None = None) -> Float:
    """Shannon-entropy weights: criteria that discriminate more weigh more.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite and non-negative.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The weights (step 2.3.1), summing to 1.

    Raises
    ------
    InvalidInputError
        A negative value, an all-zero column (named), or no column that
        discriminates.

    Notes
    -----
    ``p_ij = x_ij / sum_i x_ij``; ``E_j = -(1/ln m) sum_i p_ij ln p_ij`` with
    ``0 ln 0 = 0``; ``w_j = (1 - E_j) / sum_k (1 - E_k)``. Values must be
    non-negative (normalise cost criteria first if they should count reversed).

    References
    ----------
    Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill;
    Hwang and Yoon (1981), pp. 52-54.

    Examples
    --------
    >>> entropy_weights([[1.0, 5.0], [1.0, 1.0]]).tolist()
    [0.0, 1.0]
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    for j in range(X.shape[1]):
        if (X[:, j] < 0).any():
            raise InvalidInputError(
                "entropy weights need non-negative values", field=criterion_label(j, names)
            )
        if not X[:, j].any():
            raise InvalidInputError("all-zero column", field=criterion_label(j, names))
    exponent = column_exponent(X.min(axis=0), X.max(axis=0))
    if exponent.any():  # column sums would overflow: scale by a power of two (exact)
        X = X * np.ldexp(1.0, -exponent)
    P = X / X.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    E = -plogp.sum(axis=0) / np.log(X.shape[0])
    div = 1.0 - E
    if div.sum() <= 1e-15:
        raise InvalidInputError("no criterion discriminates (all columns uniform)", field="matrix")
    out: Float = np.clip(div, 0.0, None) / np.clip(div, 0.0, None).sum()
    return out


def critic_weights(
    matrix: ArrayLike, directions: ArrayLike | None = None, *, names: Sequence[str] | None = None
) -> Float:
    """CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, finite.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1) per criterion.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The weights (step 2.3.1), summing to 1.

    Raises
    ------
    InvalidInputError
        A constant column, or every column perfectly correlated with the others.

    Notes
    -----
    Values are min-max normalised (benefit-oriented); ``C_j = sigma_j sum_k (1 - r_jk)``
    with Pearson correlations ``r_jk``; ``w_j = C_j / sum C``. A constant column
    (no contrast, its correlations undefined) and a matrix whose columns are all
    perfectly correlated (every ``C_j = 0``) are refused with
    :class:`~clientel.errors.InvalidInputError`: the weights would be NaN.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
    objective weights in multiple criteria problems: the CRITIC method.
    *Computers & Operations Research*, 22(7), 763-770.

    Examples
    --------
    Three clients on three criteria; the second criterion varies most and
    conflicts most with the others:

    >>> critic_weights([[9.0, 2.0, 4.0], [6.0, 6.0, 5.0], [2.0, 9.0, 1.0]]).round(4).tolist()
    [0.2829, 0.4667, 0.2503]
    """
    X = as_matrix(matrix, names=names, min_rows=3)
    N = normalise(X, directions, "minmax", names=names)
    sigma = N.std(axis=0, ddof=1)
    corr = np.corrcoef(N, rowvar=False)
    C = sigma * (1.0 - np.atleast_2d(corr)).sum(axis=0)
    total = C.sum()
    if not (np.isfinite(C).all() and total > 0):  # no conflict anywhere: 0 / 0
        msg = (
            "no criterion conflicts with another (every pair perfectly correlated): "
            "CRITIC weights are undefined; use equal or direct weights"
        )
        raise InvalidInputError(msg, field="matrix")
    out: Float = C / total
    return out


def std_weights(
    matrix: ArrayLike, directions: ArrayLike | None = None, *, names: Sequence[str] | None = None
) -> Float:
    """Standard-deviation weights: criteria whose values spread more weigh more (step 2.3.2).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives, no constant column.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1); a min-max normalised column has the
        same spread either way, so they change nothing but are checked.
    names : sequence of str, optional
        Criterion names for error messages.

    Returns
    -------
    ndarray, shape (n,)
        ``w_j = sigma_j / sum_k sigma_k``, summing to 1.

    Raises
    ------
    InvalidInputError
        Fewer than 2 alternatives, a NaN or infinite cell, a constant column
        (named: min-max normalisation is undefined).

    Notes
    -----
    Values are min-max normalised first (so the unit of a criterion does not
    decide its weight), then ``sigma_j`` is the sample standard deviation
    (``ddof=1``) of column j. This is CRITIC without the conflict term
    (Diakoulaki et al., 1995; Jahan et al., 2012). pymcdm's
    ``standard_deviation_weights`` takes the deviations of the raw values,
    which depend on each criterion's unit; give it normalised values for the
    same weights.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. and Papayannakis, L. (1995). Determining
    objective weights in multiple criteria problems: the CRITIC method.
    *Computers & Operations Research*, 22(7), 763-770. Jahan, A., Mustapha,
    F., Sapuan, S. M., Ismail, M. Y. and Bahraminasab, M. (2012). A framework
    for weighting of criteria in ranking stage of material selection process.
    *Int. J. Advanced Manufacturing Technology*, 58, 411-420.

    Examples
    --------
    >>> std_weights([[1.0, 10.0], [2.0, 10.0], [3.0, 40.0]]).round(4).tolist()
    [0.4641, 0.5359]
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    N = normalise(X, directions, "minmax", names=names)
    sigma = N.std(axis=0, ddof=1)
    out: Float = sigma / sigma.sum()
    return out


#: Most criteria a rank-order weighting takes (a decision with more is not ranked by hand).
MAX_RANKED_CRITERIA: Final = 10_000


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise InvalidInputError("expected a whole number >= 1 of criteria", field="n", value=n)
    if n > MAX_RANKED_CRITERIA:
        msg = f"at most MAX_RANKED_CRITERIA = {MAX_RANKED_CRITERIA} criteria"
        raise LimitExceededError(msg, limit="MAX_RANKED_CRITERIA", maximum=MAX_RANKED_CRITERIA,
                                 field="n", value=n if n < 10**30 else "more")  # fmt: skip


def roc_weights(n: int) -> Float:
    """Rank-order centroid weights for ``n`` criteria ordered from most to least important.

    ``w_k = (1/n) sum_{i=k}^{n} 1/i`` (Barron and Barrett, 1996, Management
    Science 42(11), 1515-1523).

    Parameters
    ----------
    n : int
        The number of criteria, ordered from most to least important.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The weights (step 2.3.1), summing to 1.

    Raises
    ------
    InvalidInputError
        ``n`` is not a whole number >= 1.
    LimitExceededError
        ``n`` above 10,000 (``MAX_RANKED_CRITERIA``).

    Examples
    --------
    >>> roc_weights(3).round(4).tolist()
    [0.6111, 0.2778, 0.1111]
    """
    _check_count(n)
    inv = 1.0 / np.arange(1, n + 1)
    out: Float = np.cumsum(inv[::-1])[::-1] / n
    return out


def rank_sum_weights(n: int) -> Float:
    """Rank-sum weights ``w_k = 2 (n + 1 - k) / (n (n + 1))`` (Stillwell et al., 1981).

    Parameters
    ----------
    n : int
        The number of criteria, ordered from most to least important.

    Returns
    -------
    numpy.ndarray, shape (n,)
        The weights (step 2.3.1), summing to 1.

    Raises
    ------
    InvalidInputError
        ``n`` is not a whole number >= 1.
    LimitExceededError
        ``n`` above 10,000 (``MAX_RANKED_CRITERIA``).

    Examples
    --------
    >>> rank_sum_weights(3).round(4).tolist()
    [0.5, 0.3333, 0.1667]
    """
    _check_count(n)
    k = np.arange(1, n + 1)
    out: Float = 2.0 * (n + 1 - k) / (n * (n + 1))
    return out


#: Random consistency indices by matrix size n (index n - 1), per published table.
RANDOM_INDEX: Final[Mapping[str, tuple[float, ...]]] = MappingProxyType(
    {
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
)


@attrs.frozen(kw_only=True, eq=False, repr=False)
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

    __repr__ = short_repr

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
    rtol : float
        Relative tolerance of the check that the diagonal is 1.
    names : sequence of str, optional
        Criterion names, used to name the criterion at fault in an error.

    Returns
    -------
    AhpResult
        The weights (step 2.3.1), the principal eigenvalue, CI, CR and whether the
        matrix is consistent.

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
    A = as_floats(comparisons, "comparisons")
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
