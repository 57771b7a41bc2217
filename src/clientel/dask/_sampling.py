"""Rank acceptability with its weight samples split over the workers (step 2.3.3)."""

from __future__ import annotations

from typing import Any

from clientel._internal.limits import MAX_SAMPLES, check_count
from clientel.dask._blocks import combine, one_pass
from clientel.scoring import Ranking
from clientel.scoring.kernels import AcceptabilityCounts, RankAcceptability

__all__ = ["acceptability"]


def _counts(start: int, stop: int, ranking: Ranking, kwargs: dict[str, Any]) -> AcceptabilityCounts:
    return ranking.acceptability_counts(start, stop, **kwargs)


def acceptability(
    ranking: Ranking,
    samples: int = 10_000,
    seed: int = 0,
    *,
    concentration: float = 50.0,
    ranks: int | None = None,
    partitions: int | None = None,
) -> RankAcceptability:
    """``ranking.acceptability(samples, seed, ...)`` with the samples split over the workers.

    Each range of samples counts ranks where a worker is free
    (:meth:`clientel.scoring.Ranking.acceptability_counts`); the counts merge
    exactly, so the result equals the single-process one.

    Parameters
    ----------
    ranking : Ranking
        A ranking (it travels to the workers: keep its rows to what one worker holds).
    samples, seed, concentration, ranks
        As :meth:`clientel.scoring.Ranking.acceptability`.
    partitions : int, optional
        Ranges of samples, one task each (default 16).

    Examples
    --------
    >>> from clientel.scoring import Criterion, score_alternatives
    >>> ranking = score_alternatives({"a": {"x": 9, "y": 2}, "b": {"x": 6, "y": 6},
    ...                               "c": {"x": 2, "y": 9}},
    ...                              [Criterion(name="x", weight=1), Criterion(name="y", weight=1)])
    >>> split = acceptability(ranking, samples=3_000, seed=7, partitions=3)
    >>> whole = ranking.acceptability(samples=3_000, seed=7)
    >>> split.ids == whole.ids, bool((split.acceptability == whole.acceptability).all())
    (True, True)
    """
    n = check_count(samples, "samples", limit="MAX_SAMPLES", maximum=MAX_SAMPLES)
    parts = check_count(16 if partitions is None else partitions, "partitions",
                        limit="MAX_SAMPLES", maximum=MAX_SAMPLES)  # fmt: skip
    parts = min(parts, n)
    cuts = sorted({round(n * i / parts) for i in range(parts + 1)})
    kwargs: dict[str, Any] = {"seed": seed, "concentration": concentration, "ranks": ranks}
    ranking.acceptability_counts(0, 1, **kwargs)  # every check, before any task
    counts = one_pass(_counts, cuts[:-1], cuts[1:], ranking=ranking, kwargs=kwargs)
    return ranking.acceptability_of(combine(counts))
