"""Smoothed naive-Bayes log-likelihood ratios of one categorical field (steps 2.3.5, 2.5.2)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["class_counts", "log_ratios", "naive_bayes"]

#: What Odoo adds to every won and lost count of its frequency table ("should be +1 but it
#: weights too much on small recordset": odoo/addons/crm/models/crm_lead.py).
ODOO_PLS_SMOOTHING = 0.1


def naive_bayes(
    codes: NDArray[np.int64],
    won: NDArray[np.bool_],
    n_codes: int,
    alpha: float,
    *,
    unseen_bucket: bool = False,
) -> NDArray[np.float64]:
    r"""Lidstone-smoothed ``log P(code | won) - log P(code | lost)`` for each category.

    Parameters
    ----------
    codes : ndarray of int, shape (m,)
        Category code ``0..n_codes - 1`` of each record (``-1`` = missing, not counted).
    won : ndarray of bool, shape (m,)
        Outcome of each record.
    n_codes : int
        Number of categories ``K`` of the field (at least the largest code + 1).
    alpha : float
        Additive smoothing, > 0: 1 is Laplace's rule, other values Lidstone's.
    unseen_bucket : bool
        Count one more category, code ``n_codes``, for values never seen in
        training (the scheme of clientel's first builds, kept for the models
        they stored); the result then has ``n_codes + 1`` entries.

    Returns
    -------
    ndarray, shape (n_codes,) (or ``n_codes + 1``)
        :math:`\log\frac{(n^W_k + \alpha) / (N^W + \alpha K)}{(n^L_k + \alpha) / (N^L + \alpha K)}`
        with :math:`n^W_k, n^L_k` the won and lost records of category
        :math:`k` and :math:`N^W, N^L` the won and lost records with a value.

    Examples
    --------
    >>> import numpy as np
    >>> llr = naive_bayes(np.array([0, 0, 1]), np.array([True, False, False]), 2, 1.0)
    >>> llr.round(4).tolist()  # (1+1)/(1+2) over (1+1)/(2+2), then 1/3 over 2/4
    [0.2877, -0.4055]
    """
    w, lost = class_counts(codes, won, n_codes)
    if unseen_bucket:
        w, lost = np.append(w, 0), np.append(lost, 0)
    return log_ratios(w, lost, alpha)


def class_counts(
    codes: NDArray[np.int64], won: NDArray[np.bool_], n_codes: int, *, stage: bool = False
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Won and lost records per category (``-1`` = missing, not counted).

    With ``stage=True`` the codes are stages in process order and a count is of the
    records that *reached* the stage, as Odoo's predictive lead scoring counts them
    (``_pls_prepare_frequencies`` in odoo/addons/crm/models/crm_lead.py): a won record
    passed every stage, a lost record every stage up to the one it was lost in.

    Parameters
    ----------
    codes : numpy.ndarray of int, shape (n,)
        Each record's category code, ``-1`` when missing.
    won : numpy.ndarray of bool, shape (n,)
        The outcomes.
    n_codes : int
        The number of categories.
    stage : bool
        Count the records that reached each stage (codes in process order).

    Returns
    -------
    won_counts, lost_counts : numpy.ndarray of int, shape (n_codes,)
        Won and lost records per category.

    Examples
    --------
    >>> import numpy as np
    >>> w, l = class_counts(np.array([0, 2, 1, 1]), np.array([True, False, False, True]), 3,
    ...                     stage=True)
    >>> w.tolist(), l.tolist()
    ([2, 2, 2], [2, 2, 1])
    """
    seen = codes >= 0
    w = np.bincount(codes[seen & won], minlength=n_codes).astype(np.int64)
    lost = np.bincount(codes[seen & ~won], minlength=n_codes).astype(np.int64)
    if stage:
        w = np.full(n_codes, w.sum(), dtype=np.int64)
        lost = np.cumsum(lost[::-1])[::-1].astype(np.int64)
    return w, lost


def log_ratios(
    won_counts: NDArray[np.int64],
    lost_counts: NDArray[np.int64],
    alpha: float,
    *,
    stage: bool = False,
    odoo: bool = False,
) -> NDArray[np.float64]:
    r"""``log P(value | won) - log P(value | lost)`` of each category from its counts.

    Lidstone (the default): :math:`\frac{n^W_k + \alpha}{N^W + \alpha K}` over the same for
    losses. For a stage field (``stage=True``, counts from :func:`class_counts` with
    ``stage=True``) the event is "reached stage k", a yes/no value, so
    :math:`\frac{n^W_k + \alpha}{N^W + 2 \alpha}` with :math:`N^W` the count of the first
    stage. ``odoo=True``: Odoo's frequencies, every count plus 0.1 and divided by the
    field's total of those (for a stage, by the first stage's count plus 0.1).

    Parameters
    ----------
    won_counts, lost_counts : numpy.ndarray of int, shape (K,)
        Won and lost records per category (:func:`class_counts`).
    alpha : float
        The smoothing added to every count.
    stage : bool
        The counts are of records that reached each stage.
    odoo : bool
        Odoo's frequencies instead of Lidstone's.

    Returns
    -------
    numpy.ndarray, shape (K,)
        The log likelihood ratio of each category (positive: more likely won).

    Examples
    --------
    >>> import numpy as np
    >>> log_ratios(np.array([1, 0]), np.array([1, 1]), 1.0).round(4).tolist()
    [0.2877, -0.4055]
    """
    w = won_counts.astype(np.float64)
    lost = lost_counts.astype(np.float64)
    if odoo:
        w, lost = w + ODOO_PLS_SMOOTHING, lost + ODOO_PLS_SMOOTHING
        w_total, l_total = (w[0], lost[0]) if stage else (w.sum(), lost.sum())
        out: NDArray[np.float64] = np.log(w / w_total) - np.log(lost / l_total)
        return out
    if stage:
        k_w, k_l = (w[0] + 2.0 * alpha, lost[0] + 2.0 * alpha) if w.size else (1.0, 1.0)
    else:
        k_w, k_l = w.sum() + alpha * w.size, lost.sum() + alpha * w.size
    return np.asarray(np.log((w + alpha) / k_w) - np.log((lost + alpha) / k_l), dtype=np.float64)
