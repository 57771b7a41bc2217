"""Client expectation and satisfaction indices (step 2.7.2): NPS, CSAT, expectation index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import SatisfactionResponse

__all__ = [
    "DIMENSIONS",
    "CsatResult",
    "NpsResult",
    "csat",
    "expectation_index",
    "nps",
]

#: The three dimensions of step 2.7.2, as fields of SatisfactionResponse.
DIMENSIONS = ("execution", "after_sales", "people")


@attrs.frozen(kw_only=True)
class NpsResult:
    """Net Promoter Score in points (-100..100) with its standard error."""

    score: float
    standard_error: float
    promoters: int
    passives: int
    detractors: int


@attrs.frozen(kw_only=True)
class CsatResult:
    """Customer satisfaction on a 1..5 scale: top-two-box share (4 or 5) and mean."""

    top_two_box: float
    mean: float
    responses: int


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
    CsatResult(top_two_box=0.6666666666666666, mean=3.8333333333333335, responses=6)
    """
    a = _scores(scores, 1, 5, "scores")
    return CsatResult(top_two_box=float((a >= 4).mean()), mean=float(a.mean()), responses=a.size)


def expectation_index(
    responses: Iterable[SatisfactionResponse],
    weights: Mapping[str, float] | None = None,
) -> float:
    """Weighted expectation index over the three dimensions of step 2.7.2, 0..1.

    Notes
    -----
    Each dimension's mean answer ``m_k`` (1..5, skipped answers ignored) is
    rescaled to ``(m_k - 1) / 4``; the index is ``sum_k w_k (m_k - 1) / 4 / sum_k w_k``
    over ``k`` in execution, after-sales service and people (equal weights by
    default).

    Raises
    ------
    MissingDataError
        A weighted dimension without any answer.

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date(2027, 6, 30)
    >>> rs = [SatisfactionResponse(client_id="c1", respondent="CIO", answered_on=day,
    ...                            execution=4, after_sales=3, people=5),
    ...       SatisfactionResponse(client_id="c1", respondent="CFO", answered_on=day,
    ...                            execution=5, after_sales=2)]
    >>> round(expectation_index(rs, {"execution": 2, "after_sales": 1, "people": 1}), 4)
    0.7812
    """
    w = dict.fromkeys(DIMENSIONS, 1.0) if weights is None else dict(weights)
    unknown = sorted(set(w) - set(DIMENSIONS))
    if unknown:
        raise InvalidInputError(f"unknown dimensions {unknown}", field="weights")
    if any(not np.isfinite(v) or v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise InvalidInputError("weights must be >= 0 with a positive sum", field="weights")
    items: Sequence[SatisfactionResponse] = list(responses)
    total = 0.0
    for dim, wk in sorted(w.items()):
        if wk == 0:
            continue
        answers = [getattr(r, dim) for r in items if getattr(r, dim) is not None]
        if not answers:
            raise MissingDataError("no answers for a weighted dimension", field=dim)
        total += wk * (float(np.mean(answers)) - 1.0) / 4.0
    return total / sum(w.values())
