"""Signing-chain arithmetic: the role that covers a value, and the minimal chain (step 2.6.4).

In delegation-of-authority practice a contract above a signer's limit escalates
to someone whose own limit covers it; further signers are extra checks, never a
larger limit. :func:`covering_signer` finds, for many contract values at once,
the role that may sign each alone; :func:`signing_chain` adds the mandatory
roles and the co-signers a minimum count asks for. Both work on one matrix's
roles (one business type, one currency) in integer minor units, so comparisons
are exact; :func:`clientel.workflow.required_signers` turns Money and roles into
these arrays and back.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError
from clientel.workflow.kernels._checks import integers as _vector

__all__ = ["covering_signer", "signing_chain"]


def covering_signer(
    limits: NDArray[np.int64],
    levels: NDArray[np.int64],
    values: NDArray[np.int64],
    *,
    inclusive: NDArray[np.bool_] | None = None,
) -> NDArray[np.int64]:
    """For each value, the role whose own limit covers it at the lowest level; -1 if none.

    Parameters
    ----------
    limits : ndarray of int64, shape (n,)
        Each role's signing limit in minor units (``>= 0``).
    levels : ndarray of int64, shape (n,)
        Each role's seniority (0 for the most junior).
    values : ndarray of int64, shape (m,)
        Contract values in minor units.
    inclusive : ndarray of bool, shape (n,), optional
        Per role: a value equal to the limit is covered (default True).

    Returns
    -------
    ndarray of int64, shape (m,)
        The index of the covering role (ties: the smaller limit, then the
        lower index), or -1 when the value is above every limit.

    Examples
    --------
    >>> covering_signer(np.array([50, 500, 2000]), np.array([0, 1, 2]),
    ...                 np.array([40, 480, 2200, 550]))
    array([ 0,  1, -1,  2])
    """
    lim = _vector(limits, "limits")
    lev = _vector(levels, "levels")
    val = _vector(values, "values")
    if lim.shape != lev.shape or (lim.size and lim.min() < 0):
        raise InvalidInputError("one limit >= 0 and one level per role", field="limits")
    if lim.size == 0:
        return np.full(val.shape, -1, dtype=np.int64)
    inc = np.ones(lim.shape, dtype=bool) if inclusive is None else np.asarray(inclusive, dtype=bool)
    order = np.lexsort((np.arange(lim.size), lim, lev))
    rank = np.empty(lim.size, dtype=np.int64)
    rank[order] = np.arange(lim.size)
    covers = np.where(inc[None, :], val[:, None] <= lim[None, :], val[:, None] < lim[None, :])
    best = np.where(covers, rank[None, :], lim.size).min(axis=1, initial=lim.size)
    return np.where(best < lim.size, order[np.minimum(best, lim.size - 1)], -1)


def signing_chain(
    levels: NDArray[np.int64],
    covers: NDArray[np.bool_],
    *,
    mandatory: NDArray[np.bool_] | None = None,
    min_count: int = 1,
) -> NDArray[np.bool_] | None:
    """The minimal chain: fewest signers, then the lowest seniority (step 2.6.4).

    Parameters
    ----------
    levels : ndarray of int64, shape (n,)
        Each signing role's seniority, roles in a stable order (ties go to the
        lower index).
    covers : ndarray of bool, shape (n,)
        Whether each role's own limit covers the contract value.
    mandatory : ndarray of bool, shape (n,), optional
        Roles that must sign.
    min_count : int
        Fewest signers (2 for a four-eyes rule).

    Returns
    -------
    ndarray of bool, shape (n,), or None
        The chain: the mandatory roles, the lowest-level covering role unless
        a mandatory one covers, then the lowest-level other roles up to
        ``min_count``. None when no role covers the value or there are too few
        roles.

    Notes
    -----
    Every chain holds one covering role and the mandatory ones, so no chain is
    shorter than ``max(min_count, |M| + [no mandatory role covers])``, which
    this one reaches; taking the lowest-level coverer and co-signers makes its
    levels, sorted from the most senior, the smallest sequence among chains
    of that size.

    Examples
    --------
    >>> signing_chain(np.array([0, 1, 2]), np.array([False, False, True]), min_count=2)
    array([ True, False,  True])
    """
    lev = _vector(levels, "levels")
    cov = np.asarray(covers, dtype=bool)
    must = np.zeros(lev.shape, dtype=bool) if mandatory is None else np.asarray(mandatory, bool)
    if cov.shape != lev.shape or must.shape != lev.shape:
        raise InvalidInputError("one level, cover flag and mandatory flag per role", field="covers")
    if not cov.any():
        return None
    order = np.lexsort((np.arange(lev.size), lev))
    chosen = must.copy()
    if not (cov & chosen).any():
        chosen[order[cov[order]][0]] = True
    need = min_count - int(chosen.sum())
    if need > 0:
        rest = order[~chosen[order]]
        if rest.size < need:
            return None
        chosen[rest[:need]] = True
    return chosen
