"""VIKOR: compromise ranking by group utility S, individual regret R and index Q."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, as_weights, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError

__all__ = ["VikorResult", "vikor"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VikorResult:
    """VIKOR's measures (all lower-is-better) and the compromise conditions.

    Attributes
    ----------
    S, R, Q : ndarray
        Group utility, individual regret and the compromise index.
    regrets : ndarray, shape (m, n)
        ``w_j (f*_j - f_ij) / (f*_j - f-_j)``: S is the row sum, R the row max.
    advantage : bool
        Condition C1, acceptable advantage: ``Q(a2) - Q(a1) >= 1 / (m - 1)``.
    stability : bool
        Condition C2, acceptable stability: the Q-best is also best by S or R.
    compromise : tuple of int
        Indices of the compromise solution(s): the Q-best when C1 and C2 hold,
        the two best when only C2 fails, and all alternatives with
        ``Q - Q(a1) < 1/(m-1)`` when C1 fails.
    """

    __repr__ = short_repr

    S: Float
    R: Float
    Q: Float
    regrets: Float
    advantage: bool
    stability: bool
    compromise: tuple[int, ...]


def _scaled(x: Float) -> Float:
    lo, hi = x.min(), x.max()
    if hi == lo:
        return np.zeros_like(x)  # every alternative alike on this measure: no preference
    out: Float = (x - lo) / (hi - lo)
    return out


def vikor(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    v: float = 0.5,
    names: Sequence[str] | None = None,
) -> VikorResult:
    """VIKOR ranking (Opricovic and Tzeng, 2004).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1, default) or cost (-1).
    v : float
        Weight of the strategy of maximum group utility, 0..1 (0.5 = consensus).

    Notes
    -----
    ``f*_j`` is the best value of criterion j (max for benefit, min for cost),
    ``f-_j`` the worst; ``S_i = sum_j w_j (f*_j - f_ij)/(f*_j - f-_j)``,
    ``R_i = max_j ...``, ``Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*)``.
    Lower Q is better. When every alternative has the same S (or R) that term
    is 0 (no preference), not NaN.

    References
    ----------
    Opricovic, S. and Tzeng, G.-H. (2004). Compromise solution by MCDM methods:
    A comparative analysis of VIKOR and TOPSIS. *European Journal of
    Operational Research*, 156(2), 445-455.

    Examples
    --------
    Three offers scored on quality (benefit) and price (cost); the first
    dominates, but not by the acceptable advantage ``1/(m-1) = 0.5`` in Q:

    >>> r = vikor([[5.0, 3000.0], [3.0, 3500.0], [1.0, 4500.0]], [0.5, 0.5], [1, -1])
    >>> r.Q.round(4).tolist(), r.advantage, r.compromise
    ([0.0, 0.4583, 1.0], False, (0, 1))
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    w = as_weights(weights, X.shape[1], names=names)
    d = as_directions(directions, X.shape[1])
    if not 0.0 <= v <= 1.0:
        raise InvalidInputError("must be between 0 and 1", field="v", value=v)
    col_max, col_min = X.max(axis=0), X.min(axis=0)
    best = np.where(d > 0, col_max, col_min)
    worst = np.where(d > 0, col_min, col_max)
    span = best - worst
    for j in np.flatnonzero(span == 0):
        msg = "constant column (best = worst): VIKOR cannot scale it; drop the criterion"
        raise InvalidInputError(msg, field=criterion_label(int(j), names))
    regrets = w * (best - X) / span
    S = regrets.sum(axis=1)
    R = regrets.max(axis=1)
    Q = v * _scaled(S) + (1 - v) * _scaled(R)
    m = X.shape[0]
    order = np.lexsort((np.arange(m), Q))
    a1, a2 = int(order[0]), int(order[1])
    dq = 1.0 / (m - 1)
    advantage = bool(Q[a2] - Q[a1] >= dq - 1e-12)
    stability = bool(S[a1] <= S.min() + 1e-12 or R[a1] <= R.min() + 1e-12)
    if not advantage:
        compromise = tuple(int(i) for i in order if Q[i] - Q[a1] < dq - 1e-12)
    elif not stability:
        compromise = (a1, a2)
    else:
        compromise = (a1,)
    return VikorResult(
        S=S,
        R=R,
        Q=Q,
        regrets=regrets,
        advantage=advantage,
        stability=stability,
        compromise=compromise,
    )
