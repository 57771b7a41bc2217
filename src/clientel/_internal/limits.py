"""Caps on the work one call may ask for: sample counts, draws, seeds.

A count above its cap raises :class:`~clientel.errors.LimitExceededError`
naming the parameter and the cap before any work is done, so an endless loop
or a ``MemoryError`` is never what a caller gets. The caps are listed in
docs/reliability.md.

The policy: every cap on a count a caller asks for lives here, named
``MAX_<what is counted>`` after what it bounds, with the reason for its value
beside it; :func:`check_count` raises naming the parameter (``field``) and the
cap (``limit``, ``maximum``). A cap is fixed, not a parameter: work beyond it is
split by the caller (a simulation over draw ranges, a forecast per period), so
no call can be talked into unbounded time or memory. Two caps bound draws, for
two reasons: :data:`MAX_SIMULATION_DRAWS` bounds the time of a simulation that
streams its draws (memory stays flat), :data:`MAX_KEPT_DRAWS` the memory of a
result that keeps every draw's totals.
"""

from __future__ import annotations

from typing import Any, Final

from clientel.errors import InvalidInputError, LimitExceededError

__all__ = [
    "MAX_ACCEPTABILITY_CELLS",
    "MAX_KEPT_DRAWS",
    "MAX_PERIODS",
    "MAX_SAMPLES",
    "MAX_SEED",
    "MAX_SIMULATION_DRAWS",
    "MAX_TABLE_CELLS",
    "check_count",
    "check_seed",
]

#: Weight samples of one rank acceptability analysis (about a minute of work for 100 rows).
MAX_SAMPLES: Final = 10_000_000
#: Cells of one rank acceptability table, alternatives x ranks kept (800 MB of counts):
#: 10,000 alternatives with every rank, or a million with the first hundred.
MAX_ACCEPTABILITY_CELLS: Final = 100_000_000
#: Draws of one Monte Carlo simulation (``planning.simulate``): it keeps 16 bytes a draw up
#: to 2**24 draws (exact percentiles) and streams above, memory flat, so the cap bounds the
#: time (about an hour of work for a small model).
MAX_SIMULATION_DRAWS: Final = 1_000_000_000
#: Draws whose totals a result keeps, one per period and draw (the pipeline forecast, for
#: exact percentiles): (periods + 1) x draws x 8 bytes, 104 MB for a year of months.
MAX_KEPT_DRAWS: Final = 1_000_000
#: Periods of one history's recency weights (``planning.kernels.time_weights``): a
#: century of days; the weights are one array of this length.
MAX_PERIODS: Final = 100_000
#: Cells of one table of counts (``planning.kernels.answer_counts``: groups x periods x
#: points of the scale; 800 MB of int64 at the cap).
MAX_TABLE_CELLS: Final = 100_000_000
#: Seeds are whole numbers from 0 to 2**128 - 1 (numpy's SeedSequence takes them whole).
MAX_SEED: Final = 2**128 - 1


def check_count(value: Any, field: str, *, limit: str, maximum: int, low: int = 1) -> int:
    """A whole number from ``low`` to ``maximum`` (not a bool, not a float), as an int."""
    if isinstance(value, bool) or not isinstance(value, int):
        name = type(value).__name__
        raise InvalidInputError(f"expected a whole number, got a {name}", field=field)
    if value < low:
        raise InvalidInputError(f"expected at least {low}", field=field, value=value)
    if value > maximum:
        shown = value if value < 10**30 else f"a {len(str(value))}-digit number"
        msg = f"at most {limit} = {maximum:,}"
        raise LimitExceededError(msg, limit=limit, maximum=maximum, field=field, value=shown)
    return value


def check_seed(seed: Any, field: str = "seed") -> int:
    """A seed: a whole number from 0 to :data:`MAX_SEED` (not a bool, a float or text)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        msg = "expected a whole number from 0 to 2**128 - 1"
        shown = seed if isinstance(seed, int) and seed < 10**40 else type(seed).__name__
        raise InvalidInputError(msg, field=field, value=shown)
    return seed
