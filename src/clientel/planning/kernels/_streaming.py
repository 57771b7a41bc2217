"""Summaries of simulated outputs in two passes over the draws, memory flat in the draws."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["TwoPassSummary"]

Float = NDArray[np.float64]
_BINS = 1 << 16  # histogram bins for the percentiles (memory flat in the draws)


class TwoPassSummary:
    """Mean, sd, extremes, percentiles and P(< 0) of a stream of draws, memory flat in the draws.

    Pass one (:meth:`first`, chunk by chunk) keeps sums per random-number block
    and the extremes; pass two (:meth:`second`, the same chunks again) fills a
    65,536-bin histogram between them. Block-wise sums make the result
    independent of the chunking. Each percentile (numpy's default "linear"
    definition) reads its order statistics from the histogram, so it is within
    (max - min) / 65536 of the exact sample percentile.
    """

    def __init__(self) -> None:
        self.sums: list[Float] = []
        self.lo, self.hi = np.inf, -np.inf
        self.counts = np.zeros(_BINS, dtype=np.int64)

    def first(self, x: Float, ends: NDArray[np.intp]) -> None:
        """Add a chunk; ``ends`` are the offsets of the random-number blocks in it."""
        s = np.add.reduceat(np.stack((x, x * x, (x < 0).astype(np.float64))), ends, axis=1)
        self.sums.append(s)
        self.lo, self.hi = min(self.lo, float(x.min())), max(self.hi, float(x.max()))

    def second(self, x: Float) -> None:
        """Add the same chunk again, to the histogram."""
        width = (self.hi - self.lo) or 1.0
        idx = np.minimum(((x - self.lo) / width * _BINS).astype(np.intp), _BINS - 1)
        self.counts += np.bincount(idx, minlength=_BINS)

    def result(self, n: int, qs: Sequence[float]) -> dict[str, Any]:
        """``mean``, ``sd``, ``minimum``, ``maximum``, ``percentiles`` (``"p5"``, ...) and
        ``probability_below_zero`` of the ``n`` draws."""
        s = np.concatenate(self.sums, axis=1).sum(axis=1)
        mean = s[0] / n
        var = max(s[1] / n - mean * mean, 0.0) * n / max(n - 1, 1)
        edges = np.linspace(self.lo, self.hi if self.hi > self.lo else self.lo + 1.0, _BINS + 1)
        cum = np.concatenate(([0], np.cumsum(self.counts)))
        width = edges[1] - edges[0]

        def order_stat(k: int) -> float:  # the k-th smallest draw (0-based), within a bin
            j = int(np.searchsorted(cum, k, side="right"))  # bin j - 1 holds it
            inside = int(self.counts[j - 1])
            return float(edges[j - 1] + (k - cum[j - 1] + 0.5) / inside * width)

        pct = {}
        for q in qs:
            h = q / 100.0 * (n - 1)  # numpy's default ("linear") definition
            k = int(np.floor(h))
            lo = order_stat(k)
            value = lo if k + 1 >= n else lo + (h - k) * (order_stat(k + 1) - lo)
            pct[f"p{q:g}"] = float(np.clip(value, self.lo, self.hi))
        return {"mean": float(mean), "sd": float(np.sqrt(var)), "minimum": self.lo,
                "maximum": self.hi, "percentiles": pct,
                "probability_below_zero": float(s[2] / n)}  # fmt: skip
