"""The 0/1 program behind portfolio selection (steps 2.4.5-2.4.6), solved exactly."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__: list[str] = []

Float = NDArray[np.float64]


def solve_binary(
    c: Float, A: Float, ub: Float, lo: Float, hi: Float, *, tie_break: bool = True
) -> tuple[float, Float] | None:
    """``max c x`` s.t. ``A x <= ub``, ``lo <= x <= hi``, x in {0, 1}; None when infeasible.

    Solved with :func:`scipy.optimize.milp` (HiGHS, relative gap 0). With
    ``tie_break`` a second solve keeps the optimal value (within 1e-9
    relative) and prefers earlier variables, so equal optima resolve
    deterministically.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = c.size
    if n == 0:
        return (0.0, np.zeros(0)) if bool((ub >= 0).all()) else None
    opts = {"mip_rel_gap": 0.0}
    integ = np.ones(n)
    bounds = Bounds(lo, hi)
    cons = [LinearConstraint(A, -np.inf, ub)] if A.size else []
    first = milp(-c, constraints=cons, integrality=integ, bounds=bounds, options=opts)
    if first.x is None:
        return None
    best = float(c @ np.round(first.x))
    if not tie_break:
        return best, np.round(first.x)
    # Stage 2: among (numerically) optimal sets, prefer earlier variables.
    tol = 1e-9 * max(1.0, abs(best))
    pref = np.arange(n, 0, -1, dtype=np.float64)
    cons2 = [*cons, LinearConstraint(c[None, :], best - tol, np.inf)]
    second = milp(-pref, constraints=cons2, integrality=integ, bounds=bounds, options=opts)
    x = np.round(second.x if second.x is not None else first.x)
    return float(c @ x), x
