"""Polynomials of cash flows in x = 1 / (1 + r): evaluation, Newton steps, companion roots.

A series ``f_0 .. f_n`` has NPV ``P(x) = sum_t f_t x**t``; its IRRs are the roots
``x > 0``. Rows are coefficient rows (series x periods, constant term first)
unless a function says it takes them transposed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "all_roots",
    "bracketed_newton_step",
    "horner",
    "left_align",
    "shift_left",
]

Float = NDArray[np.float64]


def left_align(f: Float) -> Float:
    """Drop leading zeros of each series (they only shift the polynomial by x**k)."""
    lead = np.flatnonzero(f[:, 0] == 0)
    if lead.size == 0:
        return f
    out = f.copy()
    out[lead] = shift_left(f[lead])
    return out


def shift_left(f: Float) -> Float:
    first = np.argmax(f != 0, axis=1)
    cols = np.arange(f.shape[1])[None, :] + first[:, None]
    valid = cols < f.shape[1]
    out: Float = np.where(valid, np.take_along_axis(f, np.minimum(cols, f.shape[1] - 1), 1), 0.0)
    return out


def horner(CT: Float, x: Float) -> tuple[Float, Float]:
    """P(x) and P'(x) for coefficient rows CT (periods x series, constant term first).

    ``CT[t]`` and ``x`` broadcast: ``CT`` of shape (periods, series, 1) with ``x`` of
    shape (series, points) evaluates each series at its own points.
    """
    p = np.zeros(np.broadcast_shapes(CT.shape[1:], np.shape(x)))
    p += CT[-1]
    dp = np.zeros_like(p)
    for t in range(CT.shape[0] - 2, -1, -1):  # in place: no temporaries per period
        dp *= x
        dp += p
        p *= x
        p += CT[t]
    return p, dp


def bracketed_newton_step(
    p: Float, dp: Float, x: Float, lo: Float, hi: Float, sign0: Float, tol: float
) -> tuple[Float, Float, Float, NDArray[np.bool_]]:
    """One safeguarded Newton step for many roots at once (shared by IRR and XIRR).

    ``p``/``dp`` are the function and its derivative at ``x``; the bracket
    ``[lo, hi]`` is first narrowed by the sign of ``p`` (``sign0`` is the sign at
    the lower end). A step below the tolerance has converged, even when rounding
    puts it on the far side of the bracket; otherwise Newton is taken inside the
    bracket, else bisection. Returns the next points, the bracket and the
    converged mask.
    """
    same = np.sign(p) == sign0
    lo = np.where(same, x, lo)
    hi = np.where(same, hi, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = p / dp
    newton = x - step
    small = (p == 0) | (np.isfinite(step) & (np.abs(step) <= tol * np.abs(x)))
    ok = np.isfinite(newton) & (newton > lo) & (newton < hi)
    nxt = np.where(small, np.clip(newton, lo, hi), np.where(ok, newton, 0.5 * (lo + hi)))
    nxt = np.where(p == 0, x, nxt)
    conv: NDArray[np.bool_] = small | (hi - lo <= tol * hi)
    return nxt, lo, hi, conv


def all_roots(C: Float) -> list[tuple[float, ...]]:
    """All real roots r > -1 per row, from companion-matrix eigenvalues in y = 1 + r."""
    n = C.shape[1] - 1
    if n == 0:
        return [() for _ in range(C.shape[0])]
    # NPV(r) * y**n = sum_t c_t y**(n - t): monic after dividing by c_0 (non-zero: aligned).
    monic = C[:, 1:] / C[:, :1]
    companion = np.zeros((C.shape[0], n, n))
    companion[:, 0, :] = -monic
    if n > 1:
        companion[:, np.arange(1, n), np.arange(n - 1)] = 1.0
    eig = np.linalg.eigvals(companion)
    real = (np.abs(eig.imag) <= 1e-7 * np.maximum(1.0, np.abs(eig.real))) & (eig.real > 0)
    rows, _cols = np.nonzero(real)
    x = 1.0 / eig.real[real]  # candidate roots in x = 1 / (1 + r), all rows at once
    CT = C[rows].T.copy()
    for _ in range(3):  # polish every candidate with Newton, vectorised
        p, dp = horner(CT, x.copy())
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(dp != 0, p / dp, 0.0)
        x = np.where(np.isfinite(step), x - step, x)
    with np.errstate(divide="ignore"):
        r = 1.0 / x - 1.0
    keep = np.isfinite(r) & (r > -1)
    out: list[list[float]] = [[] for _ in range(C.shape[0])]
    for row, rate in zip(rows[keep].tolist(), r[keep].tolist(), strict=True):
        found = out[row]  # ragged lists only; the numerics above are batched
        if not any(abs(rate - q) <= 1e-9 * max(1.0, abs(q)) for q in found):
            found.append(rate)
    return [tuple(sorted(found)) for found in out]
