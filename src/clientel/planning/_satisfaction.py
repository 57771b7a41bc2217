"""Client expectation index over the three dimensions of step 2.7.2."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from clientel.errors import InvalidInputError, MissingDataError
from clientel.models import SatisfactionResponse

__all__ = ["DIMENSIONS", "expectation_index"]

#: The three dimensions of step 2.7.2, as fields of SatisfactionResponse.
DIMENSIONS = ("execution", "after_sales", "people")


def expectation_index(
    responses: Iterable[SatisfactionResponse],
    weights: Mapping[str, float] | None = None,
) -> float:
    """Weighted expectation index over the three dimensions of step 2.7.2, 0..1.

    Parameters
    ----------
    responses : iterable of SatisfactionResponse
        A client's survey answers (step 2.7.2).
    weights : mapping of str to float, optional
        Weight per dimension (``execution``, ``after_sales``, ``people``);
        equal by default.

    Returns
    -------
    float
        The index, from 0 (every answer 1) to 1 (every answer 5).

    Raises
    ------
    MissingDataError
        A weighted dimension without any answer.
    InvalidInputError
        An unknown dimension, or weights that are negative or sum to zero.

    Notes
    -----
    Each dimension's mean answer ``m_k`` (1..5, skipped answers ignored) is
    rescaled to ``(m_k - 1) / 4``; the index is ``sum_k w_k (m_k - 1) / 4 / sum_k w_k``
    over ``k`` in execution, after-sales service and people (equal weights by
    default).

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
