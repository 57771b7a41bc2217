"""Rate of an annuity for many loans at once, with a status per loan (no silent root).

The rate solving ``pv (1 + r)**n + pmt (1 + r w) ((1 + r)**n - 1) / r + fv = 0``
is the IRR of the annuity's flows: ``c_0 = pv + w pmt`` at t = 0, ``pmt`` at
t = 1 .. n - 1 and ``c_n = fv + (1 - w) pmt`` at t = n. The middle flows share
one sign, so the series changes sign at most twice (Descartes' rule of signs):

* no change: no rate (``NO_SIGN_CHANGE``);
* one change: exactly one rate above -100 %, found by Newton's method
  safeguarded by bisection, vectorised over the loans (``OK``);
* two changes (``pv`` and ``fv`` of one sign, ``pmt`` of the other): none, one
  (a double root) or two rates. The NPV has a single turning point, found
  exactly by bisection on a monotone function; its sign decides ``NO_ROOT``,
  ``OK`` or ``MULTIPLE`` (both rates listed), and each rate is then solved in
  its own bracket. No rate is chosen silently.

Everything is computed in ``u = log(1 + r)`` with the NPV in closed form
(``expm1``/``log1p``, scaled so that it never overflows: for ``u < 0`` the NPV
is multiplied by ``(1 + r)**n``, which keeps its sign and its roots).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.planning.kernels._annuity import When, as_amount, as_periods, as_when
from clientel.planning.kernels._irr import IrrResult, IrrStatus, record_roots, sign_changes

__all__ = ["rate"]

Float = NDArray[np.float64]
Bool = NDArray[np.bool_]
_FAR = 11  # a bracket end moves at most 2**10 = 1024 in u = log(1 + r)
_BISECT = 120  # halvings for the turning point (machine precision from any bracket)


class _Annuity:
    """The flows of a set of loans, scaled to a largest flow of 1: c0, pmt, cn and n."""

    def __init__(self, c0: Float, p: Float, cn: Float, n: Float) -> None:
        self.c0, self.p, self.cn, self.n = c0, p, cn, n
        self.m = n - 1.0

    def take(self, rows: NDArray[np.intp]) -> _Annuity:
        return _Annuity(self.c0[rows], self.p[rows], self.cn[rows], self.n[rows])

    def _sums(self, a: Float, *, slope: bool = True) -> tuple[Float, Float, Float]:
        """S = sum_{k<=m} e^{-ka}, T = sum_{k<=m} k e^{-ka} and e^{-na}, for a >= 0.

        T is not computed unless ``slope`` (only the derivative needs it).
        """
        m = self.m
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            em1 = np.expm1(-m * a)  # e^{-ma} - 1
            d = np.expm1(-a)  # e^{-a} - 1
            s = em1 / d * (1.0 + d)
            s[a == 0] = m[a == 0] if m.ndim else m
            e = np.exp(-self.n * a)
            if not slope:
                return s, s, e  # T unused
            t = (1.0 + d) * (1.0 - (m + 1.0) * (1.0 + em1) + m * e) / (d * d)
        small = m * a < 1e-2  # the closed form cancels: three terms of the series instead
        if small.any():
            ms, a_s = m[small], a[small]
            tri = ms * (ms + 1.0) / 2.0
            t[small] = tri - a_s * tri * (2.0 * ms + 1.0) / 3.0 + a_s * a_s * tri * tri / 2.0
        return s, t, e

    def value(self, u: Float) -> Float:
        """NPV at r = e^u - 1, times (1 + r)**n when u < 0 (same sign and roots)."""
        return self.value_and_slope(u, slope=False)[0]

    def value_and_slope(self, u: Float, *, slope: bool = True) -> tuple[Float, Float]:
        """:meth:`value` and its derivative in u (0 unless ``slope``)."""
        s, t, e = self._sums(np.abs(u), slope=slope)
        pos = u >= 0
        lead, tail = np.where(pos, self.c0, self.cn), np.where(pos, self.cn, self.c0)
        v: Float = lead + self.p * s + tail * e
        dv: Float = np.where(pos, -1.0, 1.0) * (self.p * t + self.n * tail * e)
        return v, dv

    def log_turning(self, u: Float) -> Float:
        """log of sum_{j<=m} (n - j) e^{ju}, increasing in u (its root gives the NPV's turn)."""
        a = np.abs(u)
        s, t, _ = self._sums(a)
        with np.errstate(divide="ignore"):
            out: Float = np.where(u >= 0, self.n * u + np.log(t), np.log(self.n * s - t))
        return out


def _grow(f: _Annuity, start: Float, direction: float, target: Float) -> tuple[Float, Bool]:
    """First u = start + direction * 2**k (k = 0..10) where the NPV has the sign ``target``."""
    d = np.ones_like(start)
    u = start + direction * d
    found = np.sign(f.value(u)) == target
    for _ in range(_FAR - 1):
        if found.all():
            break
        d = np.where(found, d, 2.0 * d)
        u = start + direction * d
        found = np.sign(f.value(u)) == target
    return u, found


def _guess(f: _Annuity) -> Float:
    """log(1 + r0) with r0 from the money multiple and the mean timing of in- and outflows."""
    mid_t = f.m * (f.m + 1.0) / 2.0  # sum of t = 1 .. m
    pos = np.maximum(f.c0, 0.0), np.maximum(f.p, 0.0) * f.m, np.maximum(f.cn, 0.0)
    neg = np.maximum(-f.c0, 0.0), np.maximum(-f.p, 0.0) * f.m, np.maximum(-f.cn, 0.0)
    b, a = sum(pos), sum(neg)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        t_pos = (pos[1] / np.maximum(f.m, 1.0) * mid_t + pos[2] * f.n) / b
        t_neg = (neg[1] / np.maximum(f.m, 1.0) * mid_t + neg[2] * f.n) / a
        span = np.abs(t_neg - t_pos)
        u0 = np.where(t_neg > t_pos, np.log(a / b), np.log(b / a)) / span
    out: Float = np.where(np.isfinite(u0), np.clip(u0, -3.0, 3.0), np.log1p(0.1))
    return out


def _solve(
    f: _Annuity, lo: Float, hi: Float, s_hi: Float, tol: float, maxiter: int
) -> tuple[Float, Bool]:
    """The root in each bracket [lo, hi] (NPV of sign ``s_hi`` at hi): safe Newton in u.

    Converged rows leave the working set, so late iterations cost little.
    """
    guess = _guess(f)
    u = np.where((lo < guess) & (guess < hi), guess, 0.5 * (lo + hi))
    done = np.zeros(u.shape, dtype=bool)
    idx = np.arange(u.size)
    g = f
    for _ in range(maxiter):
        if idx.size == 0:
            break
        x, a, b = u[idx], lo[idx], hi[idx]
        v, dv = g.value_and_slope(x)
        upper = np.sign(v) == s_hi[idx]
        a, b = np.where(upper, a, x), np.where(upper, x, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = v / dv
        newton = x - step
        small = (v == 0) | (np.isfinite(step) & (np.abs(step) <= tol))
        inside = np.isfinite(newton) & (newton > a) & (newton < b)
        nxt = np.where(small, np.clip(newton, a, b), np.where(inside, newton, 0.5 * (a + b)))
        u[idx], lo[idx], hi[idx] = np.where(v == 0, x, nxt), a, b
        conv = small | (b - a <= tol)
        done[idx[conv]] = True
        if conv.any():
            keep = np.flatnonzero(~conv)
            idx, g = idx[keep], g.take(keep)
    return u, done


def _turning_point(f: _Annuity) -> Float:
    """u where the NPV turns (two sign changes: pmt and cn of opposite signs, n >= 2)."""
    log_k = np.log(-f.n * f.cn / f.p)
    log_m = np.log(f.m)
    hi = log_k - log_m
    lo = log_k - 2.0 * log_m
    lo = np.where(lo <= 0, lo, lo / f.m)
    for _ in range(_BISECT):
        mid = 0.5 * (lo + hi)
        below = f.log_turning(mid) < log_k
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    out: Float = 0.5 * (lo + hi)
    return out


def _ends(S: Float) -> tuple[Float, Float]:
    """Signs of the first and last non-zero flow of each row (u -> +inf and u -> -inf)."""
    rows = np.arange(S.shape[0])
    first = S[rows, np.argmax(S != 0, axis=1)]
    last = S[rows, S.shape[1] - 1 - np.argmax(S[:, ::-1] != 0, axis=1)]
    return first, last


def rate(
    nper: ArrayLike,
    pmt: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0.0,
    when: When = "end",
    *,
    tol: float = 1e-14,
    maxiter: int = 200,
) -> IrrResult:
    """Rate per period of many annuities, with a status per loan (the batch ``RATE``).

    The scalar :func:`clientel.planning.rate` returns one loan's rate or
    raises; this kernel never raises for a loan without a unique rate: its
    status says why (:class:`IrrStatus`, as for the IRR, which this is).

    Parameters
    ----------
    nper : int or array_like
        Number of payments, positive whole numbers.
    pmt, pv, fv : float or array_like
        Payment per period, present value and final value (spreadsheet signs).
    when : {"end", "begin"}
        Payments at the end or the beginning of each period.
    tol : float
        Absolute tolerance on ``log(1 + r)`` (about a relative tolerance on ``1 + r``).
    maxiter : int
        Iteration cap; loans that did not meet the tolerance get ``NOT_CONVERGED``.

    Returns
    -------
    IrrResult
        ``rate`` (NaN unless ``OK``), ``status``, ``sign_changes`` of the flows
        (0, 1 or 2) and, for loans with two sign changes, every rate found.

    Raises
    ------
    InvalidInputError
        ``nper`` not a positive whole number, non-finite amounts or a bad ``when``.

    Examples
    --------
    A 48-month loan of 8,000 repaid at 200 a month (Excel's RATE example:
    0.77 % a month); the same loan paying 2,000 back to the borrower at the end
    (two rates solve it); and with 8,000 paid back (no rate does):

    >>> r = rate(48, -200, 8_000, [0, 2_000, 8_000])
    >>> r.rate.round(6).tolist()[:1], [IrrStatus(s).name for s in r.status]
    ([0.007701], ['OK', 'MULTIPLE', 'NO_ROOT'])
    >>> [round(x, 6) for x in r.roots(1)]
    [-0.096229, -0.002785]
    """
    n = as_periods(nper, whole=True)
    w = as_when(when)
    p, a, f = as_amount(pmt, "pmt"), as_amount(pv, "pv"), as_amount(fv, "fv")
    n, p, a, f = (x.reshape(-1) for x in np.broadcast_arrays(n, p, a, f))
    c0, cn = a + w * p, f + (1.0 - w) * p
    mid = np.where(n >= 2, p, 0.0)
    flows = np.column_stack([c0, mid, cn])
    scale = np.abs(flows).max(axis=1)
    scale[scale == 0] = 1.0
    flows /= scale[:, None]
    changes = sign_changes(flows)
    s_plus, s_minus = _ends(np.sign(flows))
    loans = _Annuity(flows[:, 0], flows[:, 1], flows[:, 2], n)
    out = np.full(n.size, np.nan)
    status = np.full(n.size, IrrStatus.NO_SIGN_CHANGE, dtype=np.int8)
    one = np.flatnonzero(changes == 1)
    if one.size:
        sub = loans.take(one)
        zero = np.zeros(one.size)
        hi, ok_hi = _grow(sub, zero, 1.0, s_plus[one])
        lo, ok_lo = _grow(sub, zero, -1.0, s_minus[one])
        u, done = _solve(sub, lo, hi, s_plus[one], tol, maxiter)
        done &= ok_hi & ok_lo
        out[one[done]] = np.expm1(u[done])
        status[one] = np.where(done, IrrStatus.OK, IrrStatus.NOT_CONVERGED)
    multiple: dict[int, tuple[float, ...]] = {}
    two = np.flatnonzero(changes == 2)
    if two.size:
        _two_changes(loans.take(two), two, s_plus[two], tol, maxiter, out, status, multiple)
    return IrrResult.build(rate=out, status=status, sign_changes=changes, multiple=multiple)


def _two_changes(
    f: _Annuity,
    rows: NDArray[np.intp],
    s_end: Float,
    tol: float,
    maxiter: int,
    out: Float,
    status: NDArray[np.int8],
    multiple: dict[int, tuple[float, ...]],
) -> None:
    """Rows whose NPV turns once: no rate, a double rate, or one rate on each side of the turn."""
    turn = _turning_point(f)
    v = f.value(turn)
    cross = (np.sign(v) != s_end) & (v != 0)
    both = np.flatnonzero(cross)
    found: dict[int, tuple[float, ...]] = {
        int(i): (float(np.expm1(turn[i])),) if v[i] == 0 else () for i in np.flatnonzero(~cross)
    }
    if both.size:
        g, t, s = f.take(both), turn[both], s_end[both]
        hi, ok_hi = _grow(g, t, 1.0, s)
        lo, ok_lo = _grow(g, t, -1.0, s)
        u_hi, done_hi = _solve(g, t, hi, s, tol, maxiter)
        u_lo, done_lo = _solve(g, lo, t, -s, tol, maxiter)
        done = ok_hi & ok_lo & done_hi & done_lo
        for j, i in enumerate(both.tolist()):
            if done[j]:
                found[i] = (float(np.expm1(u_lo[j])), float(np.expm1(u_hi[j])))
            else:
                status[rows[i]] = IrrStatus.NOT_CONVERGED
    for i, roots in found.items():  # rare rows: the per-row roots go into a mapping
        record_roots(int(rows[i]), roots, out, status, multiple)
