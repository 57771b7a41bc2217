"""Timing helper shared by the benchmark scripts (run them as ``python benchmarks/<file>.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(
    fn: Callable[[], Any], repeat: int, *, stop_after: float | None = None
) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls and the last result.

    With ``stop_after``, a call slower than that many seconds ends the repeats
    early (for slow peers timed on big inputs).
    """
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        if stop_after is not None and times[-1] > stop_after:
            break
    return statistics.median(times), out
