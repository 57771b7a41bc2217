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
        out = None  # the last call's result is freed here, outside the timing
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        if stop_after is not None and times[-1] > stop_after:
            break
    return statistics.median(times), out


def best_of(
    fn: Callable[[], Any], repeat: int, *, clock: Callable[[], float] = time.perf_counter
) -> tuple[float, Any]:
    """Shortest wall time (or time of ``clock``) of ``repeat`` calls and the last result.

    On a shared machine the shortest run is the one least disturbed by other jobs;
    compare two sides by the best of each, measured in the same run.
    """
    times, out = [], None
    for _ in range(repeat):
        out = None  # the last call's result is freed here, outside the timing
        start = clock()
        out = fn()
        times.append(clock() - start)
    return min(times), out


def peak_mib(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Peak memory allocated by a call (tracemalloc, numpy's buffers included), in MiB."""
    import tracemalloc

    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, out


def cpu_best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Least CPU time (all threads of the process) of ``repeat`` calls and the last result.

    On a machine whose cores are shared with other jobs, a niced benchmark waits for
    the CPU far longer than it computes; its CPU time measures the work itself.
    """
    return best_of(fn, repeat, clock=time.process_time)
