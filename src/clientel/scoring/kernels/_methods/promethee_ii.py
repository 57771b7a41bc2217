"""PROMETHEE II: net outranking flows with per-criterion preference functions."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_directions, as_matrix, as_weights, criterion_label
from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError

__all__ = ["PREFERENCE_FUNCTIONS", "PrometheeResult", "promethee_ii"]

Float = NDArray[np.float64]
PREFERENCE_FUNCTIONS = ("usual", "linear", "v-shape", "level")
_BLOCK = 512


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PrometheeResult:
    """Flows of PROMETHEE II (higher net flow is better).

    Attributes
    ----------
    net, positive, negative : ndarray, shape (m,)
        ``phi = phi+ - phi-``.
    criterion_flows : ndarray, shape (m, n)
        Each criterion's weighted net flow; rows sum to ``net``.
    """

    __repr__ = short_repr

    net: Float
    positive: Float
    negative: Float
    criterion_flows: Float


def _preference(diff: Float, kind: str, q: float, p: float) -> Float:
    """Preference degree P(d) in [0, 1] of a difference d (positive = better)."""
    if kind == "usual":
        out: Float = (diff > 0).astype(np.float64)
    elif kind == "v-shape":
        out = np.clip(diff / p, 0.0, 1.0)
    elif kind == "linear":
        out = np.clip((diff - q) / (p - q), 0.0, 1.0)
    else:  # level
        out = np.where(diff > p, 1.0, np.where(diff > q, 0.5, 0.0))
    return out


def promethee_ii(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike | None = None,
    *,
    preference: str | Sequence[str] = "usual",
    q: ArrayLike | None = None,
    p: ArrayLike | None = None,
    names: Sequence[str] | None = None,
) -> PrometheeResult:
    """PROMETHEE II net flows (Brans and Vincke, 1985).

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Alternatives x criteria, at least two alternatives.
    weights : array_like, shape (n,)
        Normalised to sum to 1.
    directions : array_like of +1/-1, optional
        Benefit (+1) or cost (-1).
    preference : str or sequence of str
        Per criterion: ``"usual"`` (any advantage is full preference),
        ``"v-shape"`` (linear up to ``p``), ``"linear"`` (indifference up to
        ``q``, linear to ``p``) or ``"level"`` (0 up to ``q``, 1/2 up to ``p``, 1 above).
    q, p : array_like, optional
        Indifference and preference thresholds per criterion (``0 <= q < p``
        where the function uses them).

    Notes
    -----
    ``pi(a, b) = sum_j w_j P_j(d_j (x_aj - x_bj))``; ``phi+(a) = sum_b pi(a,b)/(m-1)``,
    ``phi-(a) = sum_b pi(b,a)/(m-1)``. Pairs are processed in row blocks, so
    memory stays bounded for thousands of alternatives.

    References
    ----------
    Brans, J.-P. and Vincke, Ph. (1985). A preference ranking organisation
    method. *Management Science*, 31(6), 647-656.

    Examples
    --------
    >>> r = promethee_ii([[1.0, 5.0], [2.0, 3.0], [3.0, 1.0]], [0.5, 0.5], [1, -1])
    >>> r.net.tolist()
    [-1.0, 0.0, 1.0]
    """
    X = as_matrix(matrix, names=names, min_rows=2)
    m, n = X.shape
    w = as_weights(weights, n, names=names)
    d = as_directions(directions, n)
    kinds = [preference] * n if isinstance(preference, str) else list(preference)
    if len(kinds) != n:
        raise InvalidInputError(f"expected {n} preference functions", field="preference")
    qs = np.zeros(n) if q is None else np.asarray(q, dtype=np.float64)
    ps = np.zeros(n) if p is None else np.asarray(p, dtype=np.float64)
    if qs.shape != (n,) or ps.shape != (n,):
        raise InvalidInputError(f"expected {n} thresholds", field="q/p")
    for j, kind in enumerate(kinds):
        where = criterion_label(j, names)
        if kind not in PREFERENCE_FUNCTIONS:
            msg = f"unknown preference function; expected one of {PREFERENCE_FUNCTIONS}"
            raise InvalidInputError(msg, field=where, value=kind)
        if kind in {"v-shape", "linear", "level"} and not (0 <= qs[j] < ps[j]):
            msg = f"{kind} needs thresholds 0 <= q < p"
            raise InvalidInputError(msg, field=where, value=(float(qs[j]), float(ps[j])))
    flows = np.zeros((m, n))  # per-criterion weighted (phi+ - phi-) * (m - 1)
    positive = np.zeros(m)
    oriented = X * d
    for start in range(0, m, _BLOCK):
        stop = min(start + _BLOCK, m)
        for j in range(n):  # criteria, not rows: each step is vectorised over the block
            diff = oriented[start:stop, j, None] - oriented[None, :, j]
            pref_for = _preference(diff, kinds[j], qs[j], ps[j]).sum(axis=1)
            pref_against = _preference(-diff, kinds[j], qs[j], ps[j]).sum(axis=1)
            flows[start:stop, j] = w[j] * (pref_for - pref_against)
            positive[start:stop] += w[j] * pref_for
    flows /= m - 1
    positive /= m - 1
    net = flows.sum(axis=1)
    negative = positive - net
    return PrometheeResult(net=net, positive=positive, negative=negative, criterion_flows=flows)
