"""The scalar headline rates: IRR, all IRRs and XIRR of one series, or a clear error.

The batch solvers are :func:`clientel.planning.kernels.irr` and
:func:`clientel.planning.kernels.xirr`; they give every series a status where
these functions raise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, refuse_exact
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.planning.kernels import IrrStatus
from clientel.planning.kernels import irr as irr_kernel
from clientel.planning.kernels._dated import check_spread, dated_flows, dated_roots

__all__ = ["irr", "irr_roots", "xirr"]


def _one_series(flows: ArrayLike) -> NDArray[np.float64]:
    refuse_exact(flows, "flows")
    out: NDArray[np.float64] = as_floats(flows, "flows").reshape(1, -1)
    return out


def irr(flows: ArrayLike) -> float:
    """The internal rate of return of one series, or a clear error.

    Parameters
    ----------
    flows : array_like, shape (periods,)
        Cash flows per period, the first at t = 0. For many series at once, with
        a status per series instead of an error, use
        :func:`clientel.planning.kernels.irr`.

    Returns
    -------
    float
        The rate per period, e.g. 0.0866 for 8.66 %.

    Raises
    ------
    NoSolutionError
        No sign change (no IRR), no real root, or several IRRs (the message lists
        them; use :func:`irr_roots` to choose by a stated policy).
    ConvergenceError
        The safeguarded solver did not meet its tolerance.

    References
    ----------
    Microsoft, Excel IRR documentation: -70,000 then 12,000, 15,000, 18,000,
    21,000, 26,000 gives 8.66 %.

    Examples
    --------
    >>> round(irr([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]), 4)
    0.0866
    >>> irr([-1600, 10_000, -10_000])
    Traceback (most recent call last):
    ...
    clientel.errors.NoSolutionError: flows: 2 IRRs (0.25, 4); choose with irr_roots()
    """
    result = irr_kernel(_one_series(flows))
    status = IrrStatus(int(result.status[0]))
    if status is IrrStatus.OK:
        return float(result.rate[0])
    if status is IrrStatus.NOT_CONVERGED:
        raise ConvergenceError("IRR solver did not converge", field="flows")
    if status is IrrStatus.MULTIPLE:
        found = result.roots(0)
        listed = ", ".join(f"{r:.6g}" for r in found)
        msg = f"{len(found)} IRRs ({listed}); choose with irr_roots()"
        raise NoSolutionError(msg, field="flows")
    if status is IrrStatus.NO_ROOT:
        raise NoSolutionError("no real IRR above -100 %", field="flows")
    raise NoSolutionError("no IRR: the flows never change sign", field="flows")


def irr_roots(flows: ArrayLike) -> tuple[float, ...]:
    """Every real IRR above -100 % of one series, ascending (empty if none).

    Parameters
    ----------
    flows : array_like, shape (periods,)
        Cash flows per period, the first at t = 0.

    Returns
    -------
    tuple of float
        The rates at which the NPV is zero, ascending, rounded to 12 decimal places
        (so a root of exactly 25 % reads 0.25, not 0.25000000000000006).

    Raises
    ------
    InvalidInputError
        Flows that are not a finite 1-D series.

    Examples
    --------
    The classic two-root project (Brealey, Myers and Allen, Principles of
    Corporate Finance, ch. 5: -1,600, +10,000, -10,000 has IRRs of 25 % and 400 %):

    >>> irr_roots([-1600, 10_000, -10_000])
    (0.25, 4.0)
    """
    result = irr_kernel(_one_series(flows))
    return tuple(round(r, 12) for r in result.roots(0))


def xirr(
    flows: ArrayLike,
    dates: Sequence[dt.date],
    *,
    day_count: str = "ACT/365F",
    tol: float = 1e-12,
    maxiter: int = 300,
) -> float:
    """The rate at which :func:`xnpv` is zero, or a clear error.

    Flows with one sign change have exactly one root above -100 %; it is found
    by Newton's method safeguarded by bisection in ``x = 1 / (1 + r)``. Flows
    with several sign changes are scanned for every root; more than one raises
    rather than returning an arbitrary one. For many series sharing the dates,
    with a status per series, use :func:`clientel.planning.kernels.xirr`.

    Parameters
    ----------
    flows : array_like, shape (periods,)
        Cash flows, the first on the earliest date.
    dates : sequence of datetime.date
        One date per flow, none before the first.
    day_count : str
        How days turn into years (:data:`clientel.planning.DAY_COUNTS`).
    tol : float
        Tolerance on the rate.
    maxiter : int
        Most iterations of the solver.

    Returns
    -------
    float
        The annual rate, e.g. 0.3734 for 37.34 %.

    Raises
    ------
    NoSolutionError
        No sign change, all flows on one date (pyxirr silently returns 0.0), no
        root, or several roots (listed).
    ConvergenceError
        The tolerance was not met.
    InvalidInputError
        Not one series of dated flows, or mismatched lengths.

    References
    ----------
    Microsoft, Excel XIRR documentation (same flows as the XNPV example):
    XIRR = 37.34 %.

    Examples
    --------
    >>> d = [dt.date(2008, 1, 1), dt.date(2008, 3, 1), dt.date(2008, 10, 30),
    ...      dt.date(2009, 2, 15), dt.date(2009, 4, 1)]
    >>> round(xirr([-10_000, 2_750, 4_250, 3_250, 2_750], d), 4)
    0.3734
    """
    f2, one, t = dated_flows(flows, dates, day_count)
    if not one:
        raise InvalidInputError("expected one series of dated flows", field="flows")
    f = f2[0]
    check_spread(t)
    nz = f != 0
    signs = np.sign(f[nz][np.argsort(t[nz], kind="stable")])
    changes = int((signs[1:] != signs[:-1]).sum())
    if changes == 0:
        raise NoSolutionError("no IRR: the flows never change sign", field="flows")
    roots = dated_roots(f, t, tol, maxiter)
    if not roots:
        raise NoSolutionError("no real root above -100 %", field="flows")
    if len(roots) > 1:
        listed = ", ".join(f"{r:.6g}" for r in roots)
        raise NoSolutionError(f"{len(roots)} rates solve XNPV = 0 ({listed})", field="flows")
    return roots[0]
