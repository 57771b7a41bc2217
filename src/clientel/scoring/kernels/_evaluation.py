"""How good win probabilities are: folds, AUC, Brier, log loss, calibration, lift (2.3.5, 2.5.2).

Arrays in, arrays out; no loop over rows. ``order`` arguments are integer tie keys (for
example the position of each record's id in the sorted ids): rows with equal
probabilities are ordered by them, so every result is independent of the input order.
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.display import short_repr
from clientel.errors import InvalidInputError

__all__ = [
    "BinTable",
    "auc",
    "binned",
    "brier",
    "deciles",
    "holdout_mask",
    "log_loss",
    "platt",
    "stratified_folds",
]

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]

#: Probabilities are kept in [EPS, 1 - EPS] inside the log loss (a forecast of exactly 0 or
#: 1 that is wrong would cost infinitely much); the clip is the one scikit-learn applies.
EPS = 1e-15


def _shuffled(order: I64, seed: int) -> I64:
    """Row indices in id order, then permuted by a seeded generator: independent of input order."""
    by_id = np.argsort(order, kind="stable")
    return by_id[np.random.default_rng(seed).permutation(order.size)]


def stratified_folds(order: I64, won: B, k: int, seed: int) -> I64:
    """Fold ``0..k-1`` of each row: classes spread evenly, seeded, ties by id.

    The rows are put in id order (``order``), shuffled by ``numpy.random.default_rng(seed)``,
    and dealt out in turn, the wins first and the losses continuing where the wins
    stopped; so every fold has ``floor`` or ``ceil`` of ``W / k`` wins, of ``L / k``
    losses and of ``n / k`` rows.

    Parameters
    ----------
    order : numpy.ndarray of int, shape (n,)
        Each row's position in id order (the tie-break).
    won : numpy.ndarray of bool, shape (n,)
        The outcomes.
    k : int
        The number of folds.
    seed : int
        The seed of the shuffle.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        Each row's fold.

    Examples
    --------
    >>> import numpy as np
    >>> f = stratified_folds(np.arange(10), np.arange(10) < 4, 2, seed=0)
    >>> np.bincount(f).tolist(), np.bincount(f[:4]).tolist()
    ([5, 5], [2, 2])
    """
    perm = _shuffled(order, seed)
    w = won[perm]
    position = np.where(w, np.cumsum(w) - 1, int(w.sum()) + np.cumsum(~w) - 1)
    fold = np.empty(order.size, dtype=np.int64)
    fold[perm] = position % k
    return fold


def holdout_mask(order: I64, won: B, share: float, seed: int) -> B:
    """True for the rows held out: ``round(share * W)`` wins and ``round(share * L)`` losses.

    Parameters
    ----------
    order : numpy.ndarray of int, shape (n,)
        Each row's position in id order (the tie-break).
    won : numpy.ndarray of bool, shape (n,)
        The outcomes.
    share : float
        The share of wins and of losses held out.
    seed : int
        The seed of the draw.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True for the rows held out.

    Examples
    --------
    >>> import numpy as np
    >>> m = holdout_mask(np.arange(20), np.arange(20) < 8, 0.25, seed=1)
    >>> int(m.sum()), int(m[:8].sum())
    (5, 2)
    """
    perm = _shuffled(order, seed)
    w = won[perm]
    take_w = int(np.floor(share * w.sum() + 0.5))
    take_l = int(np.floor(share * (~w).sum() + 0.5))
    pick = np.where(w, np.cumsum(w) <= take_w, np.cumsum(~w) <= take_l)
    out = np.zeros(order.size, dtype=bool)
    out[perm] = pick
    return out


def auc(p: F64, won: B) -> float:
    """Area under the ROC curve: the Mann-Whitney statistic ``U / (W L)``, ties counted half.

    Parameters
    ----------
    p : numpy.ndarray of float, shape (n,)
        Predicted win probabilities.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes (True won).

    Returns
    -------
    float
        The AUC, 0.5 for no discrimination, 1 when every win outscores every loss.

    Raises
    ------
    InvalidInputError
        No win or no loss.

    Examples
    --------
    >>> import numpy as np
    >>> auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    0.75
    """
    n_w = int(won.sum())
    n_l = won.size - n_w
    if n_w == 0 or n_l == 0:
        raise InvalidInputError("the AUC needs at least one win and one loss", field="won")
    from scipy.stats import rankdata  # scipy.stats takes seconds to import: on first use

    r = rankdata(p)  # midranks: a tie between a win and a loss counts 1/2
    return float((r[won].sum() - n_w * (n_w + 1) / 2.0) / (n_w * n_l))


def brier(p: F64, won: B) -> float:
    """Mean squared difference between the probability and the outcome (1 won, 0 lost).

    Parameters
    ----------
    p : numpy.ndarray of float, shape (n,)
        Predicted win probabilities.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes (True won).

    Returns
    -------
    float
        The Brier score, 0 for perfect forecasts.

    Examples
    --------
    >>> import numpy as np
    >>> brier(np.array([0.1, 0.9, 0.8, 0.3]), np.array([False, True, True, False]))
    0.0375
    """
    return float(np.mean((p - won) ** 2))


def log_loss(p: F64, won: B) -> float:
    """Mean of ``-log p`` over wins and ``-log(1 - p)`` over losses (``p`` clipped to ``EPS``).

    Parameters
    ----------
    p : numpy.ndarray of float, shape (n,)
        Predicted win probabilities.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes (True won).

    Returns
    -------
    float
        The mean log loss (cross-entropy), 0 for perfect forecasts.

    Examples
    --------
    >>> import numpy as np
    >>> round(log_loss(np.array([0.9, 0.1, 0.2, 0.65]), np.array([True, False, False, True])), 6)
    0.216162
    """
    q = np.clip(p, EPS, 1.0 - EPS)
    return float(-np.mean(np.where(won, np.log(q), np.log1p(-q))))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class BinTable:
    """Rows split into groups by probability: per group, its rows and their statistics.

    ``group`` is each row's group; ``count``, ``wins``, ``mean`` (mean probability),
    ``low`` and ``high`` (smallest and largest probability) are per group.
    """

    __repr__ = short_repr

    group: I64
    count: I64
    wins: I64
    mean: F64
    low: F64
    high: F64


def binned(p: F64, won: B, order: I64, bins: int, *, descending: bool = False) -> BinTable:
    """Equal-frequency groups: rows sorted by probability (ties by ``order``), cut in ``bins``.

    Row ``r`` of the sorted list goes to group ``floor(r * bins / n)``, so the groups differ
    in size by at most one; ``descending=True`` puts the highest probabilities in group 0
    (deciles for lift).

    Parameters
    ----------
    p : numpy.ndarray of float, shape (n,)
        Predicted win probabilities.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes (True won).
    order : numpy.ndarray of int, shape (n,)
        Each row's position in id order (the tie-break).
    bins : int
        The number of groups.
    descending : bool
        Put the highest probabilities in group 0.

    Returns
    -------
    BinTable
        Each row's group and, per group, its rows, wins, mean probability and
        win rate.

    Raises
    ------
    InvalidInputError
        Fewer rows than groups.

    Examples
    --------
    >>> import numpy as np
    >>> t = binned(np.array([0.9, 0.1, 0.5, 0.5]), np.array([1, 0, 1, 0], bool), np.arange(4), 2)
    >>> t.group.tolist(), t.wins.tolist(), t.mean.tolist()
    ([1, 0, 0, 1], [1, 1], [0.3, 0.7])
    """
    n = p.size
    if n < bins:
        raise InvalidInputError(f"expected at least {bins} rows for {bins} groups", field="bins",
                                value=n)  # fmt: skip
    key = -p if descending else p
    sort = np.lexsort((order, key))
    in_sorted = (np.arange(n) * bins) // n  # sums run in sorted order: input order cannot matter
    group = np.empty(n, dtype=np.int64)
    group[sort] = in_sorted
    ps = p[sort]
    count = np.bincount(in_sorted, minlength=bins)
    wins = np.bincount(in_sorted, weights=won[sort].astype(np.float64), minlength=bins)
    mean = np.bincount(in_sorted, weights=ps, minlength=bins) / count
    starts = np.concatenate([[0], np.cumsum(count)[:-1]])
    first, last = ps[starts], ps[starts + count - 1]
    low, high = (np.minimum(first, last), np.maximum(first, last))
    return BinTable(group=group, count=count, wins=wins.astype(np.int64), mean=mean, low=low,
                    high=high)  # fmt: skip


def deciles(p: F64, won: B, order: I64, groups: int = 10) -> tuple[F64, F64]:
    """Lift of each group (highest probabilities first) and cumulative lift down to it.

    Lift is the group's win rate over the overall win rate; cumulative lift the win rate of
    the groups so far over the overall rate.

    Parameters
    ----------
    p : numpy.ndarray of float, shape (n,)
        Predicted win probabilities.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes (True won).
    order : numpy.ndarray of int, shape (n,)
        Each row's position in id order (the tie-break).
    groups : int
        The number of groups (10: deciles).

    Returns
    -------
    lift, cumulative_lift : numpy.ndarray, shape (groups,)
        Each group's lift and the cumulative lift down to it.

    Raises
    ------
    InvalidInputError
        No win, or fewer rows than groups.

    Examples
    --------
    >>> import numpy as np
    >>> lift, cum = deciles(np.array([0.9, 0.8, 0.2, 0.1]), np.array([1, 1, 0, 0], bool),
    ...                     np.arange(4), 2)
    >>> lift.tolist(), cum.tolist()
    ([2.0, 0.0], [2.0, 1.0])
    """
    t = binned(p, won, order, groups, descending=True)
    base = won.mean()
    if base == 0.0:
        raise InvalidInputError("lift needs at least one win", field="won")
    lift = t.wins / t.count / base
    cumulative = np.cumsum(t.wins) / np.cumsum(t.count) / base
    return lift.astype(np.float64), cumulative.astype(np.float64)


def platt(score: F64, won: B, *, max_iter: int = 100) -> tuple[float, float]:
    r"""Platt scaling: ``(a, b)`` with calibrated probability ``expit(a + b * score)``.

    Fitted by Newton's method on the cross-entropy against Platt's smoothed targets
    :math:`t_+ = (W + 1) / (W + 2)` for wins and :math:`t_- = 1 / (L + 2)` for losses,
    which keeps the fit finite even when ``score`` separates wins from losses.

    Parameters
    ----------
    score : numpy.ndarray of float, shape (n,)
        The scores to calibrate.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes.
    max_iter : int
        Most Newton steps.

    Returns
    -------
    a, b : float
        Intercept and slope of the calibration.

    References
    ----------
    J. Platt, "Probabilistic outputs for support vector machines and comparisons to
    regularized likelihood methods", in *Advances in Large Margin Classifiers*, MIT Press,
    1999 (the targets, section 2.2); H.-T. Lin, C.-J. Lin, R. C. Weng, "A note on Platt's
    probabilistic outputs for support vector machines", *Machine Learning* 68, 2007
    (Newton's method with a line search).

    Examples
    --------
    >>> import numpy as np
    >>> a, b = platt(np.array([-2.0, -1.0, 1.0, 2.0, 0.5, -0.5]),
    ...              np.array([0, 0, 1, 1, 0, 1], bool))
    >>> b > 0
    True
    """
    n_w = float(won.sum())
    n_l = won.size - n_w
    t = np.where(won, (n_w + 1.0) / (n_w + 2.0), 1.0 / (n_l + 2.0))
    centre = float(np.mean(score))
    spread = float(np.std(score))
    if not spread > 1e-12 * max(1.0, abs(centre)):  # one score value: only an intercept
        return float(np.log(t.mean() / (1.0 - t.mean()))), 0.0
    X = np.column_stack([np.ones_like(score), (score - centre) / spread])

    def loss(beta: F64) -> float:
        eta = X @ beta
        return float(np.sum(np.logaddexp(0.0, eta) - t * eta))

    from scipy.special import expit  # scipy.special takes about a second to import

    beta = np.array([np.log(t.mean() / (1.0 - t.mean())), 0.0])
    current = loss(beta)
    for _ in range(max_iter):
        q = expit(X @ beta)
        grad = X.T @ (q - t)
        hess = (X * (q * (1.0 - q))[:, None]).T @ X + 1e-12 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        new = loss(beta - step)
        while new > current and scale > 1e-10:
            scale /= 2.0
            new = loss(beta - scale * step)
        if new > current:
            break
        beta = beta - scale * step
        current = new
        if float(np.max(np.abs(scale * step))) < 1e-12 * (1.0 + float(np.max(np.abs(beta)))):
            break
    b = beta[1] / spread
    return float(beta[0] - b * centre), float(b)
