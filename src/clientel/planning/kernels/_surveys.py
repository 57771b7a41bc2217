"""Net Promoter Score and customer satisfaction (CSAT) of survey answers (step 2.7.2)."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError

__all__ = ["CsatResult", "NpsResult", "csat", "nps"]


@attrs.frozen(kw_only=True, repr=False)
class NpsResult(TableDisplay):
    """Net Promoter Score in points (-100..100) with its standard error."""

    score: float
    standard_error: float
    promoters: int
    passives: int
    detractors: int
    _display_title = "Net Promoter Score"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: score, standard error and the three groups' counts."""
        return [attrs.asdict(self)]


@attrs.frozen(kw_only=True, repr=False)
class CsatResult(TableDisplay):
    """Customer satisfaction on a 1..5 scale: top-two-box share (4 or 5) and mean."""

    top_two_box: float
    mean: float
    responses: int
    _display_title = "Customer satisfaction"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: top-two-box share, mean and the number of responses."""
        return [attrs.asdict(self)]


def _scores(values: ArrayLike, lo: int, hi: int, field: str) -> NDArray[np.float64]:
    a = np.asarray(values, dtype=np.float64).ravel()
    if a.size == 0:
        raise MissingDataError("expected at least one answer", field=field)
    bad = ~np.isfinite(a) | (a < lo) | (a > hi) | (a != np.round(a))
    if bad.any():
        i = int(np.argmax(bad))
        msg = f"expected whole scores {lo}..{hi}"
        raise InvalidInputError(msg, field=f"{field}[{i}]", value=float(a[i]))
    return a


def nps(recommend: ArrayLike) -> NpsResult:
    """Net Promoter Score of 0-10 "would you recommend us" answers.

    Notes
    -----
    Promoters answer 9-10, detractors 0-6 (Reichheld, "The One Number You Need
    to Grow", Harvard Business Review, December 2003). With shares ``p`` and
    ``d`` of ``n`` answers, ``NPS = 100 (p - d)``; as the mean of a variable
    worth +1, 0, -1 its standard error is ``100 sqrt((p + d - (p - d)**2) / n)``.

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 8])
    >>> r.score, round(r.standard_error, 1), (r.promoters, r.passives, r.detractors)
    (30.0, 24.7, (5, 3, 2))
    """
    a = _scores(recommend, 0, 10, "recommend")
    n = a.size
    pro, det = int((a >= 9).sum()), int((a <= 6).sum())
    p, d = pro / n, det / n
    var = max(p + d - (p - d) ** 2, 0.0) / n
    return NpsResult(score=100.0 * (p - d), standard_error=100.0 * float(np.sqrt(var)),
                     promoters=pro, passives=n - pro - det, detractors=det)  # fmt: skip


def csat(scores: ArrayLike) -> CsatResult:
    """Top-two-box share (answers 4 or 5 on 1..5) and mean score.

    Examples
    --------
    >>> csat([5, 4, 4, 3, 2, 5])
    CsatResult(top_two_box=0.6667, mean=3.833, responses=6)
    """
    a = _scores(scores, 1, 5, "scores")
    return CsatResult(top_two_box=float((a >= 4).mean()), mean=float(a.mean()), responses=a.size)
