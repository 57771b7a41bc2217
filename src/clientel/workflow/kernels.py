"""Workflow kernels: numpy-only combinatorics, no entities (step 2.6.4).

:func:`minimal_cover` finds the smallest set of signers whose combined
authority covers a value. It works on the limits of one signing authority (one
business type, one currency) in integer minor units, so that the comparison
is exact; :func:`clientel.workflow.required_signers` turns Money and roles into
those integers and back.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError

__all__ = ["MAX_ROLES", "minimal_cover"]

#: Largest number of roles searched exhaustively (2**20 subsets, about 10 MB).
MAX_ROLES: Final = 20


def minimal_cover(
    limits: NDArray[np.int64],
    value: int,
    *,
    mandatory: NDArray[np.bool_] | None = None,
    min_count: int = 1,
) -> NDArray[np.bool_] | None:
    """The subset of ``limits`` with the fewest members whose sum reaches ``value``.

    Parameters
    ----------
    limits : ndarray of int64, shape (n,)
        Authority of each role in minor units, ``0 <= limits < 2**58``, ``n <= 20``.
    value : int
        Amount to cover, in the same units.
    mandatory : ndarray of bool, shape (n,), optional
        Roles that must be in every chain.
    min_count : int
        Fewest members a chain may have (e.g. 2 for a four-eyes rule).

    Returns
    -------
    ndarray of bool, shape (n,), or None
        The chosen members, or ``None`` when no subset qualifies.

    Notes
    -----
    Every subset :math:`S` is enumerated by doubling (subset sums of the first
    :math:`k` roles, then those plus role :math:`k+1`), so all :math:`2^n` sums
    :math:`\\sum_{i \\in S} l_i` and sizes :math:`|S|` come from :math:`n`
    vectorised steps. Among the feasible subsets (sum :math:`\\ge` value, size
    :math:`\\ge` ``min_count``, all mandatory roles in) the result minimises, in
    order: the size, the combined authority (the least senior chain that
    suffices), and the subset's bit pattern (a stable tie-break by position).

    Examples
    --------
    >>> minimal_cover(np.array([100, 500, 2000]), 550)
    array([False, False,  True])
    >>> minimal_cover(np.array([100, 500, 2000]), 550, min_count=2)
    array([ True,  True, False])
    """
    arr = np.asarray(limits, dtype=np.int64)
    n = arr.shape[0]
    if arr.ndim != 1 or n > MAX_ROLES:
        msg = f"expected at most {MAX_ROLES} roles in one dimension"
        raise InvalidInputError(msg, field="limits", value=arr.shape)
    if n and (arr.min() < 0 or arr.max() >= 2**58):
        raise InvalidInputError("limits must be in [0, 2**58)", field="limits")
    sums = np.zeros(1, dtype=np.int64)
    counts = np.zeros(1, dtype=np.int64)
    for i in range(n):  # n doubling steps over roles, each vectorised over all subsets
        sums = np.concatenate((sums, sums + arr[i]))
        counts = np.concatenate((counts, counts + 1))
    masks = np.arange(sums.shape[0], dtype=np.int64)
    ok = (sums >= value) & (counts >= min_count)
    if mandatory is not None and n:
        need = int(np.sum(np.left_shift(np.int64(1), np.flatnonzero(mandatory))))
        ok &= (masks & need) == need
    candidates = np.flatnonzero(ok)
    if candidates.shape[0] == 0:
        return None
    candidates = candidates[counts[candidates] == counts[candidates].min()]
    candidates = candidates[sums[candidates] == sums[candidates].min()]
    best = int(candidates[0])  # masks are the indices, ascending
    return ((best >> np.arange(n)) & 1).astype(bool)
