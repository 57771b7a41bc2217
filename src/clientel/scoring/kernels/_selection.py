"""The 0/1 program behind portfolio selection (steps 2.4.5-2.4.6), solved exactly.

``solve_binary`` finds the optimum with its tie-break in one solve (a perturbed
objective); ``marginal_gains`` prices one more unit of each binding constraint
with LP certificates first and small re-solves only where those cannot decide.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence

import numpy as np
from numpy.typing import NDArray

__all__: list[str] = []

Float = NDArray[np.float64]

# HiGHS sees the objective scaled so that its largest coefficient is _SCALE; the
# tie-break adds _EPS per unit of preference weight in those units (100 times HiGHS's
# absolute optimality gap of 1e-6, so the solver resolves it).
_SCALE = 1e6
_EPS = 1e-4


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Keep HiGHS's C-level diagnostics (``HighsMipSolverData::...``) off stdout.

    scipy turns HiGHS's log off, but a few lines in its MIP heuristics are
    written with ``printf``. File descriptor 1 points to a temporary file during
    the solve; C buffers are flushed before it is restored, and any line that is
    not HiGHS's (another thread's output) is written back.
    """
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no usable fd 1 (embedded, closed)
        yield
        return
    try:
        libc: ctypes.CDLL | None = ctypes.CDLL(None)
    except (OSError, TypeError):  # pragma: no cover - platforms without a C library handle
        libc = None
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            if libc is not None:
                libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            kept = [ln for ln in sink.read().splitlines(keepends=True) if b"Highs" not in ln]
            if kept:
                os.write(1, b"".join(kept))


def _milp(
    obj: Float, A: Float, ub: Float, lo: Float, hi: Float, floor: float | None = None
) -> Float | None:
    """Maximise ``obj x`` over 0/1 x (optionally with ``obj x >= floor``); None if infeasible."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    cons = [LinearConstraint(A, -np.inf, ub)] if A.shape[0] else []
    if floor is not None:
        cons.append(LinearConstraint(obj[None, :], floor, np.inf))
    with _quiet_stdout():
        res = milp(
            -obj,
            constraints=cons,
            integrality=np.ones(obj.size),
            bounds=Bounds(lo, hi),
            options={"mip_rel_gap": 0.0},
        )
    if res.x is None:
        return None
    x: Float = np.asarray(res.x, dtype=np.float64).round()
    return x


def _scale(c: Float) -> float:
    top = float(np.abs(c).max()) if c.size else 0.0
    return _SCALE / top if top > 0 else 1.0


def solve_binary(c: Float, A: Float, ub: Float, lo: Float, hi: Float) -> tuple[float, Float] | None:
    r"""``max c x`` s.t. ``A x <= ub``, ``lo <= x <= hi``, x in {0, 1}; None when infeasible.

    One :func:`scipy.optimize.milp` solve (HiGHS, relative gap 0) of the
    perturbed objective :math:`s c + \epsilon w` with :math:`s = 10^6 / \max_i |c_i|`,
    :math:`\epsilon = 10^{-4}` and preference weights :math:`w_k = n - k` (earlier
    variables preferred).

    Notes
    -----
    Let :math:`F` be the feasible set, :math:`W = \sum_k w_k = n(n+1)/2` and
    :math:`x'` the maximiser of :math:`(s c + \epsilon w) x` over :math:`F`.

    1. For every :math:`x \in F`: :math:`s c x \le (s c + \epsilon w) x \le
       (s c + \epsilon w) x' \le s c x' + \epsilon W`, because
       :math:`0 \le w x \le W`. So :math:`c x'` is within
       :math:`\delta = \epsilon W / s` of the optimum.
    2. If two selections of different value always differ by more than
       :math:`\delta` (exact ties apart), then by 1. :math:`c x'` *is* the
       optimum, and for any other optimal :math:`x`, :math:`c x = c x'` and the
       perturbed inequality gives :math:`w x \le w x'`: :math:`x'` is the
       lexicographic optimum, maximum value first and then maximum preference,
       which is what the former second solve (maximise :math:`w x` subject to
       the optimal value) returned. :math:`\delta` is
       :math:`10^{-10} W \max_i |c_i|`: 3e-6 of the largest value at 250
       variables, 5e-5 at 1,000.
    """
    n = c.size
    if n == 0:
        return (0.0, np.zeros(0)) if bool((ub >= 0).all()) else None
    w = np.arange(n, 0, -1, dtype=np.float64)
    x = _milp(c * _scale(c) + _EPS * w, A, ub, lo, hi)
    if x is None:
        return None
    return float(c @ x), x


def _lp_bound(obj: Float, A: Float, ub: Float, lo: Float, hi: Float) -> tuple[float, Float] | None:
    """A valid upper bound of ``max obj x`` over the LP relaxation and the reduced costs.

    The bound is recomputed from the row duals ``y >= 0`` by weak duality,
    ``obj x <= y ub + sum(max(d, 0) hi + min(d, 0) lo)`` with ``d = obj - A^T y``,
    so it holds for any ``y >= 0`` whatever the solver's tolerances.
    ``(-inf, ...)`` when the relaxation is infeasible, None if the LP failed.
    """
    from scipy.optimize import linprog

    res = linprog(-obj, A_ub=A, b_ub=ub, bounds=np.column_stack((lo, hi)), method="highs")
    if res.status == 2:
        return -np.inf, obj
    if res.status != 0:
        return None
    y = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=np.float64), 0.0)
    d = obj - A.T @ y
    return float(y @ ub + np.where(d > 0, d * hi, d * lo).sum()), d


def _gain(c: Float, A: Float, ub: Float, lo: Float, hi: Float, x: Float, j: int) -> float:
    """The exact gain of ``max c x`` when ``ub[j]`` grows by one (``x`` optimal)."""
    s = _scale(c)
    obj = c * s
    value = float(obj @ x)
    raised = ub.copy()
    raised[j] += 1.0
    # A selection worth more than x under the raised limit breaks the old one:
    # a_j x > ub_j, i.e. >= ub_j + 1 when the row and limit are whole numbers.
    whole = bool(np.all(A[j] == np.round(A[j])) and ub[j] == np.round(ub[j]))
    need = ub[j] + 1.0 if whole else ub[j]
    A2 = np.vstack((A, -A[j]))
    b2 = np.append(raised, -need)
    tol = 1e-9 * max(1.0, abs(value))
    bound = _lp_bound(obj, A2, b2, lo, hi)
    lo2, hi2 = lo.copy(), hi.copy()
    if bound is not None:
        top, d = bound
        if top <= value + tol:  # certificate: nothing better than x exists
            return 0.0
        # reduced-cost fixing: flipping x_k away from its LP side costs |d_k| of the
        # bound; if that exceeds the room left above value, x_k is fixed there
        room = top - value + 1e-9 * (1.0 + abs(top))
        free = lo < hi
        lo2 = np.where(free & (d > room), hi, lo)
        hi2 = np.where(free & (-d > room), lo, hi)
    free = lo2 < hi2
    fixed = np.where(free, 0.0, lo2)
    rhs = b2 - A2 @ fixed
    if not free.any():
        ok = bool((rhs >= -1e-9).all()) and float(obj @ fixed) > value
        return max(0.0, float(c @ fixed) - float(c @ x)) if ok else 0.0
    sub = A2[:, free]
    rows = np.abs(sub).sum(axis=1) > 0
    if bool((rhs[~rows] < -1e-9).any()):
        return 0.0
    best = _milp(
        obj[free], sub[rows], rhs[rows], lo2[free], hi2[free], floor=value - float(obj @ fixed)
    )
    if best is None:  # no selection reaches the current value: one more unit is worth 0
        return 0.0
    fixed[free] = best
    return max(0.0, float(c @ fixed) - float(c @ x))


def marginal_gains(
    c: Float, A: Float, ub: Float, lo: Float, hi: Float, x: Float, rows: Sequence[int]
) -> Float:
    """Exact gain of the optimum of ``max c x`` from one more unit of each of ``rows``' limits.

    ``x`` is an optimal solution. For each row, an LP over the selections that
    use more than the current limit gives a bound; when it does not exceed the
    current value the gain is 0 (the cheap certificate). Otherwise the LP's
    reduced costs fix the variables that no better selection can flip, and a
    0/1 program over the rest, with the current value as a floor, gives the
    exact new optimum (or proves there is none above the current value).
    """
    return np.array([_gain(c, A, ub, lo, hi, x, j) for j in rows], dtype=np.float64)
