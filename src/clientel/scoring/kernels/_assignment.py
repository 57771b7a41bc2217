"""Client-owner assignment (step 2.3.3): maximum total fit under owner capacities.

A transportation problem over the eligible (client, owner) pairs only, solved as
a linear program with scipy's HiGHS on a sparse matrix: its constraint matrix
is the incidence matrix of a bipartite graph (totally unimodular) and the
capacities are whole numbers, so the basic optimal solution HiGHS returns
(interior point with crossover) is a 0/1 assignment. Memory is O(pairs).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_count, as_floats, as_ints
from clientel.errors import ConvergenceError, InvalidInputError, LimitExceededError

__all__ = ["assignment", "sparse_assignment"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]


#: Most clients one assignment takes (one output row each).
MAX_CLIENTS: Final = 2**31 - 1


def assignment(
    fit: NDArray[np.float64], eligible: NDArray[np.bool_], capacity: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Owner index per client (``-1`` = cannot be served), maximising total fit.

    Parameters
    ----------
    fit : ndarray, shape (n, m)
        How well each of ``m`` owners suits each of ``n`` clients.
    eligible : ndarray of bool, shape (n, m)
        Whether an owner may take a client (e.g. covers its segment).
    capacity : ndarray of int, shape (m,)
        Clients each owner can take.

    Returns
    -------
    ndarray of int, shape (n,)
        The owner of each client, ``-1`` for clients no owner can take.

    Notes
    -----
    The dense form of :func:`sparse_assignment` (same result): the eligible
    pairs are read from ``eligible`` and solved over those pairs only.

    Examples
    --------
    >>> import numpy as np
    >>> fit = np.array([[3.0, 1.0], [2.0, 1.0]])
    >>> assignment(fit, np.ones((2, 2), bool), np.array([1, 1])).tolist()
    [0, 1]
    """
    F = as_floats(fit, "fit")
    E = np.asarray(eligible, dtype=bool)
    if F.ndim != 2 or E.shape != F.shape:
        raise InvalidInputError("expected fit and eligible of the same shape (n, m)", field="fit")
    client, owner = np.nonzero(E)
    return sparse_assignment(client, owner, F[client, owner], capacity, clients=F.shape[0])


def _solve(
    cost: Float, client: Int, owner: Int, cap: Float, n: int, *, all_served: bool
) -> tuple[Float, Float, Float, Float] | None:
    """``min cost x`` over the pairs; client rows ``= 1`` (``all_served``) or ``<= 1``.

    Returns x, the reduced costs, the client-row duals and the owner-row duals;
    None when the clients cannot all be served.
    """
    from scipy.optimize import linprog
    from scipy.sparse import csr_array, vstack

    p = cost.size
    cols = np.arange(p)
    C = csr_array((np.ones(p), (client, cols)), shape=(n, p))
    Own = csr_array((np.ones(p), (owner, cols)), shape=(cap.size, p))
    kw: dict[str, Any] = {"bounds": (0, None), "method": "highs-ipm"}
    if all_served:
        res = linprog(cost, A_ub=Own, b_ub=cap, A_eq=C, b_eq=np.ones(n), **kw)
        if res.status == 2:
            return None
    else:
        res = linprog(cost, A_ub=vstack((C, Own)), b_ub=np.concatenate((np.ones(n), cap)), **kw)
    if res.status != 0:
        raise ConvergenceError(f"the assignment LP failed: {res.message}", field="fit")
    if all_served:
        return res.x, res.lower.marginals, res.eqlin.marginals, res.ineqlin.marginals
    duals = res.ineqlin.marginals
    return res.x, res.lower.marginals, duals[:n], duals[n:]


def _integral(x: Float) -> Float:
    r: Float = np.round(x)
    if np.abs(x - r).max(initial=0.0) > 1e-6 or ((r != 0) & (r != 1)).any():
        raise ConvergenceError("the assignment LP returned a fractional solution", field="fit")
    return r


def sparse_assignment(
    client: ArrayLike,
    owner: ArrayLike,
    fit: ArrayLike,
    capacity: ArrayLike,
    *,
    clients: int,
) -> NDArray[np.int64]:
    r"""Owner index per client (``-1`` = cannot be served) from the eligible pairs only.

    Parameters
    ----------
    client, owner : array_like of int, shape (p,)
        The eligible pairs: client ``client[e]`` may be owned by owner ``owner[e]``
        (no pair twice).
    fit : array_like, shape (p,)
        How well the owner of each pair suits its client (finite).
    capacity : array_like of int, shape (m,)
        Clients each owner can take (``m`` owners).
    clients : int
        Number of clients ``n``; clients without a pair get ``-1``.

    Returns
    -------
    ndarray of int, shape (n,)
        The owner of each client, ``-1`` for clients that cannot be served.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, indices out of range, a pair twice, a fit that is
        not finite or a negative capacity (named).
    ConvergenceError
        HiGHS did not solve the LP (not expected for this problem).

    Notes
    -----
    Step 2.3.3. The number of clients served is maximised first, then the total
    fit: when every client can be served (checked by the LP itself) the
    program is :math:`\max \sum_e f_e x_e` subject to
    :math:`\sum_{e \ni c} x_e = 1` for each client, :math:`\sum_{e \ni o} x_e
    \le \mathrm{cap}_o` for each owner and :math:`x \ge 0`; otherwise client rows
    are :math:`\le 1` and each pair's value is raised by
    :math:`1 + 2 \sum_e |f_e|`, so serving one more client outweighs any fit.
    The matrix is a bipartite incidence matrix (totally unimodular), so the
    basic optimum that HiGHS's interior point method with crossover returns is
    a 0/1 assignment. Time is that of one sparse LP; memory O(p).

    **Ties**, by index (the caller's id order): among the optimal assignments,
    the one minimising :math:`\sum_c (n - c)\, o(c)`, so earlier clients get
    earlier owners. The optimal assignments are exactly the feasible ones that
    use only pairs of zero reduced cost and keep every row with a non-zero dual
    at its bound (complementary slackness), so a second LP over those pairs,
    usually about ``n`` of them, picks that one; it is kept only if its total
    fit equals the first optimum (within 1e-9 relative).

    Examples
    --------
    Two clients, two owners of one place each; client 0 suits owner 0 best.

    >>> sparse_assignment([0, 0, 1, 1], [0, 1, 0, 1], [3.0, 1.0, 2.0, 1.0], [1, 1],
    ...                   clients=2).tolist()
    [0, 1]
    """
    ci = as_ints(client, "client")
    oi = as_ints(owner, "owner")
    f = as_floats(fit, "fit")
    cap_in = as_ints(capacity, "capacity")
    n = as_count(clients, "clients")
    if n > MAX_CLIENTS:
        msg = f"at most MAX_CLIENTS = {MAX_CLIENTS} clients in one assignment"
        raise LimitExceededError(msg, limit="MAX_CLIENTS", maximum=MAX_CLIENTS, field="clients")
    if ci.ndim != 1 or oi.shape != ci.shape or f.shape != ci.shape:
        raise InvalidInputError("expected client, owner and fit of one length", field="fit")
    if ci.size and not (
        np.issubdtype(ci.dtype, np.integer) and np.issubdtype(oi.dtype, np.integer)
    ):
        raise InvalidInputError("expected whole-number indices", field="client")
    if cap_in.ndim != 1 or not np.issubdtype(cap_in.dtype, np.integer) or (cap_in < 0).any():
        raise InvalidInputError("expected non-negative whole capacities", field="capacity")
    m = cap_in.size
    ci = ci.astype(np.int64)
    oi = oi.astype(np.int64)
    if ci.size and (ci.min() < 0 or ci.max() >= n or oi.min() < 0 or oi.max() >= m):
        raise InvalidInputError("pair index out of range", field="client")
    if not np.isfinite(f).all():
        raise InvalidInputError("fit values must be finite", field="fit")
    out = np.full(n, -1, dtype=np.int64)
    cap = np.minimum(cap_in, n).astype(np.float64)
    keep = cap[oi] > 0
    order = np.lexsort((oi[keep], ci[keep]))  # pairs in (client, owner) order
    ci, oi, f = ci[keep][order], oi[keep][order], f[keep][order]
    if ci.size > 1 and bool(((np.diff(ci) == 0) & (np.diff(oi) == 0)).any()):
        raise InvalidInputError("a (client, owner) pair is given twice", field="client")
    if ci.size == 0:
        return out
    # clients with a pair, renumbered 0..k-1 (others cannot be served)
    present, cj = np.unique(ci, return_inverse=True)
    k = present.size
    cost = -f
    solved = _solve(cost, cj, oi, cap, k, all_served=True)
    everyone = solved is not None
    if solved is None:  # some cannot be served: serve as many as possible, then fit
        cost = -(f + 1.0 + 2.0 * float(np.abs(f).sum()))
        solved = _solve(cost, cj, oi, cap, k, all_served=False)
    if solved is None:  # pragma: no cover - the <= form is always feasible (x = 0)
        raise ConvergenceError("the assignment LP failed", field="fit")
    x, rc, du, dv = solved
    x = _integral(x)
    total = float(cost @ x)
    scale = max(1.0, float(np.abs(cost).max()))
    equal_rows = np.ones(k, dtype=bool) if everyone else np.abs(du) > 1e-9 * scale
    tight = np.abs(rc) <= 1e-7 * scale
    x = _tie_break(x, total, cost, cj, oi, cap, k, tight, equal_rows, np.abs(dv) > 1e-9 * scale)
    chosen = x > 0.5
    out[present[cj[chosen]]] = oi[chosen]
    return out


def _tie_break(
    x: Float,
    total: float,
    cost: Float,
    cj: Int,
    oi: Int,
    cap: Float,
    k: int,
    tight: NDArray[np.bool_],
    equal_rows: NDArray[np.bool_],
    full_owners: NDArray[np.bool_],
) -> Float:
    """The optimal assignment giving earlier clients earlier owners (see sparse_assignment)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    idx = np.flatnonzero(tight | (x > 0.5))  # the optimum's own pairs always qualify
    p = idx.size
    cols = np.arange(p)
    C = csr_array((np.ones(p), (cj[idx], cols)), shape=(k, p))
    Own = csr_array((np.ones(p), (oi[idx], cols)), shape=(cap.size, p))
    load = np.bincount(oi[x > 0.5], minlength=cap.size).astype(np.float64)
    served = np.bincount(cj[x > 0.5], minlength=k).astype(np.float64)
    # rows with a non-zero dual stay at the first optimum's level (complementary slackness)
    eq_c, eq_o = equal_rows, full_owners
    A_eq = _stack(C[np.flatnonzero(eq_c)], Own[np.flatnonzero(eq_o)])
    b_eq = np.concatenate((served[eq_c], load[eq_o]))
    A_ub = _stack(C[np.flatnonzero(~eq_c)], Own[np.flatnonzero(~eq_o)])
    b_ub = np.concatenate((np.ones(int((~eq_c).sum())), cap[~eq_o]))
    pref = (k - cj[idx]).astype(np.float64) * oi[idx]
    res = linprog(
        pref,
        A_ub=A_ub if A_ub.shape[0] else None,
        b_ub=b_ub if A_ub.shape[0] else None,
        A_eq=A_eq if A_eq.shape[0] else None,
        b_eq=b_eq if A_eq.shape[0] else None,
        bounds=(0, None),
        method="highs-ipm",
    )
    if res.status != 0:
        return x
    y = np.round(np.asarray(res.x, dtype=np.float64))
    if np.abs(res.x - y).max(initial=0.0) > 1e-6:
        return x
    z = np.zeros_like(x)
    z[idx] = y
    if float(cost @ z) > total + 1e-9 * max(1.0, abs(total)):  # not optimal after all
        return x
    return z


def _stack(a: Any, b: Any) -> Any:
    from scipy.sparse import vstack

    return vstack((a, b)).tocsr()
