"""Dated cash flows: XNPV and XIRR with named day-count conventions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_flows
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError
from clientel.planning._irr import IrrResult, IrrStatus, _sign_changes, bracketed_newton_step

__all__ = ["DAY_COUNTS", "xirr", "xirr_batch", "xnpv", "year_fractions"]

Float = NDArray[np.float64]

#: Day-count conventions: days between two dates -> years.
DAY_COUNTS: Final = {
    "ACT/365F": 365.0,  # actual days / 365 (fixed); what spreadsheet XNPV/XIRR use
    "spreadsheet": 365.0,  # alias: Excel, LibreOffice and Google Sheets XNPV/XIRR
    "ACT/360": 360.0,
    "ACT/365.25": 365.25,
}


def year_fractions(dates: Sequence[dt.date], day_count: str = "ACT/365F") -> Float:
    """Years from the first date to each date under ``day_count``.

    Examples
    --------
    >>> year_fractions([dt.date(2026, 1, 1), dt.date(2026, 7, 2)]).tolist()
    [0.0, 0.4986301369863014]
    """
    if day_count not in DAY_COUNTS:
        msg = f"unknown day count; expected one of {sorted(DAY_COUNTS)}"
        raise InvalidInputError(msg, field="day_count", value=day_count)
    if len(dates) == 0:
        raise InvalidInputError("expected at least one date", field="dates")
    if not all(isinstance(d, dt.date) for d in dates):
        raise InvalidInputError("expected datetime.date values", field="dates")
    first = dates[0]
    days = np.array([(d - first).days for d in dates], dtype=np.float64)
    if (days < 0).any():
        i = int(np.argmax(days < 0))
        raise InvalidInputError(
            "dates must not precede the first date", field=f"dates[{i}]", value=str(dates[i])
        )
    out: Float = days / DAY_COUNTS[day_count]
    return out


def _checked(flows: ArrayLike, dates: Sequence[dt.date], day_count: str) -> tuple[Float, Float]:
    f, one = as_flows(flows)
    if not one:
        raise InvalidInputError("expected one series of dated flows", field="flows")
    if f.shape[1] != len(dates):
        msg = f"{f.shape[1]} flows but {len(dates)} dates"
        raise InvalidInputError(msg, field="dates")
    return f[0], year_fractions(dates, day_count)


def xnpv(
    rate: float, flows: ArrayLike, dates: Sequence[dt.date], *, day_count: str = "ACT/365F"
) -> Float | float:
    """Net present value of dated flows: ``sum f_i / (1 + rate) ** ((d_i - d_0) / basis)``.

    ``flows`` is one series (returns a float) or a 2-D array of series sharing
    the same ``dates`` (returns one value per series, in one matrix product).

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
    if not np.isfinite(rate) or rate <= -1:
        raise InvalidInputError("rate must be finite and greater than -1", field="rate", value=rate)
    f, one = as_flows(flows)
    if f.shape[1] != len(dates):
        msg = f"{f.shape[1]} flows per series but {len(dates)} dates"
        raise InvalidInputError(msg, field="dates")
    out: Float = f @ ((1.0 + rate) ** -year_fractions(dates, day_count))
    return float(out[0]) if one else out


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
    rather than returning an arbitrary one.

    Raises
    ------
    NoSolutionError
        No sign change, all flows on one date (pyxirr silently returns 0.0), no
        root, or several roots (listed).
    ConvergenceError
        The tolerance was not met.

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
    f, t = _checked(flows, dates, day_count)
    if t[-1] == 0 and (t == 0).all():
        raise NoSolutionError(
            "all flows fall on one date: no rate can discount them", field="dates"
        )
    nz = f != 0
    signs = np.sign(f[nz][np.argsort(t[nz], kind="stable")])
    changes = int((signs[1:] != signs[:-1]).sum())
    if changes == 0:
        raise NoSolutionError("no IRR: the flows never change sign", field="flows")
    roots = _dated_roots(f, t, tol, maxiter)
    if not roots:
        raise NoSolutionError("no real root above -100 %", field="flows")
    if len(roots) > 1:
        listed = ", ".join(f"{r:.6g}" for r in roots)
        raise NoSolutionError(f"{len(roots)} rates solve XNPV = 0 ({listed})", field="flows")
    return roots[0]


def _dated_roots(f: Float, t: Float, tol: float, maxiter: int) -> list[float]:
    """Every root r > -1 of sum f_i (1 + r)**-t_i, ascending: grid scan, then safe Newton."""
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
    lo, hi = np.zeros(n), np.ones(n)
    grow = np.flatnonzero(np.sign(CT.sum(axis=0)) == s0)  # P(1) = undiscounted total
    for _ in range(64):
        if grow.size == 0:
            break
        lo[grow] = hi[grow]
        hi[grow] *= 2.0
        p_hi, _dp = _generalised(CT[:, grow], t, hi[grow])
        grow = grow[np.sign(p_hi) == s0[grow]]
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


def xirr_batch(
    flows: ArrayLike,
    dates: Sequence[dt.date],
    *,
    day_count: str = "ACT/365F",
    tol: float = 1e-12,
    maxiter: int = 200,
) -> IrrResult:
    """XIRR of many series sharing one set of dates, with a status per series.

    Series with one sign change (in date order) are solved together by a
    vectorised Newton method safeguarded by bisection in ``x = 1 / (1 + r)``, in
    blocks of 4,096 series; series with several sign changes are scanned for all
    their roots one by one (they are rare), exactly as :func:`xirr` does.

    Returns
    -------
    IrrResult
        The same result type as :func:`~clientel.planning.irr_batch`.

    Examples
    --------
    >>> d = [dt.date(2008, 1, 1), dt.date(2008, 3, 1), dt.date(2008, 10, 30),
    ...      dt.date(2009, 2, 15), dt.date(2009, 4, 1)]
    >>> r = xirr_batch([[-10_000, 2_750, 4_250, 3_250, 2_750],
    ...                 [-10_000, 2_750, 4_250, 3_250, 2_750 * 2]], d)
    >>> r.rate.round(4).tolist(), [IrrStatus(s).name for s in r.status]
    ([0.3734, 0.6753], ['OK', 'OK'])
    """
    f, _ = as_flows(flows)
    t = year_fractions(dates, day_count)
    if f.shape[1] != t.size:
        raise InvalidInputError(f"{f.shape[1]} flows per series but {t.size} dates", field="dates")
    if (t == 0).all():
        raise NoSolutionError(
            "all flows fall on one date: no rate can discount them", field="dates"
        )
    order = np.argsort(t, kind="stable")
    f, t = f[:, order], t[order]
    m = f.shape[0]
    changes = _sign_changes(f)
    scale = np.maximum(f.max(axis=1), -f.min(axis=1))
    scale[scale == 0] = 1.0
    rate = np.full(m, np.nan)
    status = np.full(m, IrrStatus.NO_SIGN_CHANGE, dtype=np.int8)
    multiple: dict[int, tuple[float, ...]] = {}
    conv = np.flatnonzero(changes == 1)
    for start in range(0, conv.size, 4096):
        rows = conv[start : start + 4096]
        CT = np.ascontiguousarray((f[rows] / scale[rows, None]).T)
        first = np.argmax(CT != 0, axis=0)
        s0 = np.sign(CT[first, np.arange(rows.size)])
        r, ok = _solve_dated(CT, t, s0, tol, maxiter)
        rate[rows[ok]] = r[ok]
        status[rows] = np.where(ok, IrrStatus.OK, IrrStatus.NOT_CONVERGED)
    for i in np.flatnonzero(changes > 1).tolist():  # rare: the scalar scan, row by row
        try:
            rate[i] = xirr(f[i], [dates[k] for k in order], day_count=day_count, tol=tol)
            status[i] = IrrStatus.OK
            multiple[i] = (float(rate[i]),)
        except NoSolutionError as exc:
            found = tuple(
                float(v)
                for v in exc.message.split("(")[-1].rstrip(")").split(", ")
                if "rates solve" in exc.message
            )
            multiple[i] = found
            status[i] = IrrStatus.MULTIPLE if found else IrrStatus.NO_ROOT
    return IrrResult(rate=rate, status=status, sign_changes=changes, multiple=multiple)
