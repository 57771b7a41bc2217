"""Strategic options (step 2.1.3) ranked against weighted criteria."""

from __future__ import annotations

from collections.abc import Sequence

from clientel.errors import InvalidInputError
from clientel.models import StrategicOption
from clientel.scoring._alternatives import score_alternatives
from clientel.scoring._criteria import Criterion
from clientel.scoring._ranking import Ranking
from clientel.scoring.kernels._method import MethodName

__all__ = ["rank_options"]


def rank_options(
    options: Sequence[StrategicOption],
    criteria: Sequence[Criterion],
    *,
    method: MethodName = "weighted_sum",
) -> Ranking:
    """Rank candidate strategic options on weighted criteria (step 2.1.3).

    Parameters
    ----------
    options : sequence of StrategicOption
        Values per criterion in ``option.values`` (``None`` = unknown, handled
        by each criterion's missing-data policy).
    criteria : sequence of Criterion
        Names, weights, directions (e.g. ``investment`` is a cost).
    method : str
        Any method of :func:`score_alternatives`; weighted sum by default.

    Returns
    -------
    Ranking
        Options in rank order (ties by id); ``explain(id)`` gives the
        per-criterion contributions.

    Raises
    ------
    InvalidInputError
        Duplicate option ids, or errors of :func:`score_alternatives`
        (unknown criterion values are named with the option id).

    Examples
    --------
    >>> from clientel.models import StrategicOption
    >>> from clientel.scoring import Criterion, Direction
    >>> crit = [Criterion(name="revenue_upside", weight=2),
    ...         Criterion(name="investment", weight=1, direction=Direction.COST)]
    >>> opts = [StrategicOption(id="enter-insurance", name="Enter insurance",
    ...                         values={"revenue_upside": 8, "investment": 6}),
    ...         StrategicOption(id="deepen-banking", name="Deepen banking",
    ...                         values={"revenue_upside": 6, "investment": 2}),
    ...         StrategicOption(id="exit-retail", name="Exit retail",
    ...                         values={"revenue_upside": 1, "investment": 1})]
    >>> r = rank_options(opts, crit)
    >>> r.ids, r.top_factors("enter-insurance")[1][0].criterion
    (('deepen-banking', 'enter-insurance', 'exit-retail'), 'investment')
    """
    ids = [o.id for o in options]
    if len(set(ids)) != len(ids):
        raise InvalidInputError("duplicate option ids", field="options")
    return score_alternatives(
        {o.id: o.values for o in sorted(options, key=lambda o: o.id)}, criteria, method=method
    )
