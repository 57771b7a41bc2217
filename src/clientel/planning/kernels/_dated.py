"""Dated cash flows: XNPV and the batch XIRR (year fractions come from the day counts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows, as_number
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.planning.kernels._daycount import date_sequence, year_fractions
from clientel.planning.kernels._discount import Series, Table, weighted_columns
from clientel.planning.kernels._irr import (
    IrrResult,
    IrrStatus,
    bracketed_newton_step,
    grow_bracket,
    prepare,
    record_roots,
)

__all__ = ["check_spread", "dated_flows", "dated_roots", "xirr", "xnpv"]

Float = NDArray[np.float64]

_BLOCK = 4096  # series solved together
_SCAN_MAXITER = 300  # Newton steps per bracket when scanning for every root


def dated_flows(
    flows: ArrayLike, dates: Sequence[dt.date], day_count: str
) -> tuple[Float, bool, Float]:
    """Flows (series x dates), whether the input was 1-D, and the dates' year fractions."""
    f, one = as_flows(flows)
    dates = date_sequence(dates)
    if f.shape[1] != len(dates):
        msg = f"{f.shape[1]} flows per series but {len(dates)} dates"
        raise InvalidInputError(msg, field="dates")
    return f, one, year_fractions(dates, day_count)


def check_spread(t: Float) -> None:
    """Raise when every flow falls on one date: no rate can discount them."""
    if (t == 0).all():
        raise NoSolutionError(
            "all flows fall on one date: no rate can discount them", field="dates"
        )


@overload
def xnpv(
    rate: float, flows: Series, dates: Sequence[dt.date], *, day_count: str = "ACT/365F"
) -> float: ...
@overload
def xnpv(
    rate: float, flows: Table, dates: Sequence[dt.date], *, day_count: str = "ACT/365F"
) -> Float: ...
@overload
def xnpv(
    rate: float, flows: ArrayLike, dates: Sequence[dt.date], *, day_count: str = "ACT/365F"
) -> Float | float: ...
def xnpv(
    rate: float, flows: ArrayLike, dates: Sequence[dt.date], *, day_count: str = "ACT/365F"
) -> Float | float:
    """Net present value of dated flows: ``sum f_i / (1 + rate) ** ((d_i - d_0) / basis)``.

    ``flows`` is one series (returns a float) or a 2-D array of series sharing
    the same ``dates`` (returns one value per series, in one matrix product).

    Parameters
    ----------
    rate : float
        Annual discount rate (> -1).
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows, one per date.
    dates : sequence of datetime.date
        One date per flow, none before the first.
    day_count : str
        How days turn into years (:data:`clientel.planning.DAY_COUNTS`).

    Returns
    -------
    float or numpy.ndarray
        The NPV at the first date (a float for one series, one per series
        otherwise).

    Raises
    ------
    InvalidInputError
        ``rate <= -1``, mismatched lengths, dates before the first one, or an
        unknown day count.

    References
    ----------
    Microsoft, Excel XNPV documentation: rate 9 %, -10,000 on 2008-01-01, then
    2,750 (2008-03-01), 4,250 (2008-10-30), 3,250 (2009-02-15), 2,750 (2009-04-01):
    XNPV = 2,086.65.

    Examples
    --------
    >>> d = [dt.date(2008, 1, 1), dt.date(2008, 3, 1), dt.date(2008, 10, 30),
    ...      dt.date(2009, 2, 15), dt.date(2009, 4, 1)]
    >>> round(xnpv(0.09, [-10_000, 2_750, 4_250, 3_250, 2_750], d), 2)
    2086.65
    """
    rate = as_number(rate, "rate", finite=False)
    if not np.isfinite(rate) or rate <= -1:
        raise InvalidInputError("rate must be finite and greater than -1", field="rate", value=rate)
    f, one, t = dated_flows(flows, dates, day_count)
    out = weighted_columns(f, (1.0 + rate) ** -t)  # a row's value does not depend on its batch
    return float(out[0]) if one else out


def dated_roots(f: Float, t: Float, tol: float, maxiter: int) -> list[float]:
    """Every root r > -1 of sum f_i (1 + r)**-t_i, ascending: grid scan, then safe Newton.

    Raises
    ------
    ConvergenceError
        Newton's method safeguarded by bisection did not meet ``tol`` in a bracket.
    """
    g = f / np.abs(f).max()

    def value(x: Float) -> Float:
        out: Float = (g[None, :] * x[:, None] ** t[None, :]).sum(axis=1)
        return out

    # Scan x = 1/(1+r) on a log grid (r from about -99.99 % to 10^6 %) for sign changes.
    grid = np.concatenate((np.logspace(-6, 0, 400, endpoint=False), np.logspace(0, 4, 400)))
    vals = value(grid)
    flips = np.flatnonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) < 0)
    exact = np.flatnonzero(vals == 0)
    roots = [float(1.0 / grid[i] - 1.0) for i in exact]
    for i in flips:
        lo, hi = grid[i], grid[i + 1]
        s_lo = np.sign(vals[i])
        x = 0.5 * (lo + hi)
        for _ in range(maxiter):
            v = value(np.array([x]))[0]
            dv = float((g * t * x ** (t - 1)).sum())
            if v == 0:
                break
            if np.sign(v) == s_lo:
                lo = x
            else:
                hi = x
            nxt = x - v / dv if dv != 0 else 0.5 * (lo + hi)
            if not lo < nxt < hi:
                nxt = 0.5 * (lo + hi)
            if abs(nxt - x) <= tol * x:
                x = nxt
                break
            x = nxt
        else:
            raise ConvergenceError("XIRR did not converge", field="flows")
        roots.append(float(1.0 / x - 1.0))
    return sorted(roots)


def _generalised(CT: Float, t: Float, x: Float) -> tuple[Float, Float]:
    """P(x) = sum_i c_i x**t_i and P'(x) for coefficient rows CT (dates x series)."""
    powers = x[None, :] ** t[:, None]
    p: Float = (CT * powers).sum(axis=0)
    dp: Float = (CT * (t[:, None] * powers / x[None, :])).sum(axis=0)
    return p, dp


def _solve_dated(
    CT: Float, t: Float, s0: Float, tol: float, maxiter: int
) -> tuple[Float, NDArray[np.bool_]]:
    """Unique positive root x of each column (one sign change in date order)."""
    n = CT.shape[1]
    lo, hi = grow_bracket(CT, s0, lambda C, x: _generalised(C, t, x)[0])
    x = np.where((lo < 1 / 1.1) & (hi > 1 / 1.1), 1 / 1.1, 0.5 * (lo + hi))
    done = np.zeros(n, dtype=bool)
    for _ in range(maxiter):
        active = np.flatnonzero(~done)
        if active.size == 0:
            break
        xa, la, ha = x[active], lo[active], hi[active]
        p, dp = _generalised(CT[:, active], t, xa)
        nxt, la, ha, conv = bracketed_newton_step(p, dp, xa, la, ha, s0[active], tol)
        x[active], lo[active], hi[active] = nxt, la, ha
        done[active[conv]] = True
    with np.errstate(divide="ignore"):
        rate: Float = 1.0 / x - 1.0
    return rate, done


def xirr(
    flows: ArrayLike,
    dates: Sequence[dt.date],
    *,
    day_count: str = "ACT/365F",
    tol: float = 1e-12,
    maxiter: int = 200,
) -> IrrResult:
    """XIRR of many series sharing one set of dates, with a status per series (the batch solver).

    Series with one sign change (in date order) are solved together by a
    vectorised Newton method safeguarded by bisection in ``x = 1 / (1 + r)``, in
    blocks of 4,096 series; series with several sign changes are scanned for all
    their roots one by one (they are rare), exactly as the scalar
    :func:`clientel.planning.xirr` does. The scalar function returns one series'
    rate or raises; this kernel gives every series a status instead.

    Parameters
    ----------
    flows : array_like, shape (periods,) or (series, periods)
        Cash flows, one per date.
    dates : sequence of datetime.date
        The dates shared by every series.
    day_count : str
        How days turn into years (:data:`clientel.planning.DAY_COUNTS`).
    tol : float
        Relative tolerance on ``x = 1 / (1 + r)``.
    maxiter : int
        Iteration cap; rows that did not meet the tolerance get status
        ``NOT_CONVERGED``.

    Returns
    -------
    IrrResult
        The same result type as :func:`clientel.planning.kernels.irr`.

    Raises
    ------
    InvalidInputError
        Mismatched lengths, bad dates or an unknown day count.
    NoSolutionError
        All flows fall on one date.

    Examples
    --------
    >>> d = [dt.date(2008, 1, 1), dt.date(2008, 3, 1), dt.date(2008, 10, 30),
    ...      dt.date(2009, 2, 15), dt.date(2009, 4, 1)]
    >>> r = xirr([[-10_000, 2_750, 4_250, 3_250, 2_750],
    ...           [-10_000, 2_750, 4_250, 3_250, 2_750 * 2]], d)
    >>> r.rate.round(4).tolist(), [IrrStatus(s).name for s in r.status]
    ([0.3734, 0.6753], ['OK', 'OK'])
    """
    f, _, t = dated_flows(flows, dates, day_count)
    check_spread(t)
    order = np.argsort(t, kind="stable")
    f, t = f[:, order], t[order]
    changes, scale, rate, status = prepare(f)
    multiple: dict[int, tuple[float, ...]] = {}
    conv = np.flatnonzero(changes == 1)
    for start in range(0, conv.size, _BLOCK):
        rows = conv[start : start + _BLOCK]
        CT = np.ascontiguousarray((f[rows] / scale[rows, None]).T)
        first = np.argmax(CT != 0, axis=0)
        s0 = np.sign(CT[first, np.arange(rows.size)])
        r, ok = _solve_dated(CT, t, s0, tol, maxiter)
        rate[rows[ok]] = r[ok]
        status[rows] = np.where(ok, IrrStatus.OK, IrrStatus.NOT_CONVERGED)
    for i in np.flatnonzero(changes > 1).tolist():  # rare: the scalar scan, row by row
        record_roots(i, tuple(dated_roots(f[i], t, tol, _SCAN_MAXITER)), rate, status, multiple)
    return IrrResult.build(rate=rate, status=status, sign_changes=changes, multiple=multiple)
