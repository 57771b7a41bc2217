"""How a win estimate moved between two dates, term by term (steps 2.4.5, 2.4.8)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import attrs

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError
from clientel.scoring._naive_bayes import WinEstimate

__all__ = ["ScoreTrend", "score_trend"]


@attrs.frozen(kw_only=True, repr=False)
class ScoreTrend(TableDisplay):
    """The change of a win estimate from ``start`` to ``end`` (see :func:`score_trend`).

    ``changes`` holds the change of each term of the log-odds (``"prior"`` and one per
    field); they sum exactly to ``log_odds_change``.
    """

    start: dt.date
    end: dt.date
    before: float
    after: float
    change: float
    log_odds_change: float
    changes: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    values_before: Mapping[str, str | None] = attrs.field(factory=dict, converter=frozen_mapping)
    values_after: Mapping[str, str | None] = attrs.field(factory=dict, converter=frozen_mapping)

    _display_title = "Score trend"

    def __repr__(self) -> str:
        return (f"<ScoreTrend {self.start} -> {self.end}: {self.before:.3f} -> "
                f"{self.after:.3f}>")  # fmt: skip

    def explain(self, k: int = 3) -> Explanation:
        """The ``k`` terms whose change moved the log-odds most (by size, then name).

        Examples
        --------
        >>> from clientel.scoring import fit_naive_bayes
        >>> fitted = fit_naive_bayes([{"s": "a"}, {"s": "b"}], [True, False], fields=["s"])
        >>> was, now = fitted.predict({"s": "b"}), fitted.predict({"s": "a"})
        >>> print(score_trend(was, now, start=dt.date(2027, 1, 4), end=dt.date(2027, 2, 1)
        ...                   ).explain())
        win estimate 2027-01-04 to 2027-02-01: probability 0.333 -> 0.667 (+0.333; log-odds +1.39)
          s  +1.386  (value b -> a)
        """
        items = sorted(self.changes.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        shown = [(t, v) for t, v in items if v != 0.0][:k]
        return Explanation(
            subject=f"win estimate {self.start} to {self.end}",
            summary=(
                f"probability {self.before:.3g} -> {self.after:.3g} ({self.change:+.3g}; "
                f"log-odds {self.log_odds_change:+.3g})"
            ),
            factors=[Factor(criterion=t, effect=v, value=self._values(t)) for t, v in shown],
            effect_kind="change in the log-odds of winning",
        )

    def _values(self, term: str) -> str | None:
        if term == "prior":
            return "the model's history"
        before, after = self.values_before.get(term), self.values_after.get(term)
        return None if before == after else f"{before} -> {after}"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per term: its change in log-odds and the values before and after."""
        return [
            {"term": t, "before": self.values_before.get(t), "after": self.values_after.get(t),
             "log_odds_change": v}
            for t, v in sorted(self.changes.items())
        ]  # fmt: skip


def score_trend(
    before: WinEstimate, after: WinEstimate, *, start: dt.date, end: dt.date
) -> ScoreTrend:
    """How a win estimate moved between two dates, term by term (steps 2.4.5, 2.4.8).

    The estimates may come from the same model (the record changed: a new stage, a new
    value) or from the model before and after new outcomes were added
    (:meth:`NaiveBayesWinModel.update`), which moves the prior and the contributions;
    either way the log-odds change is the exact sum of the terms' changes.

    Parameters
    ----------
    before, after : WinEstimate
        The estimates at ``start`` and at ``end``.
    start, end : date
        When they were made; ``end`` not before ``start``.

    Returns
    -------
    ScoreTrend
        The probabilities, their change, and the change of each log-odds term.

    Raises
    ------
    InvalidInputError
        ``end`` before ``start``.

    Examples
    --------
    >>> from clientel.scoring import fit_naive_bayes
    >>> m = fit_naive_bayes([{"s": "a"}, {"s": "b"}], [True, False], fields=["s"])
    >>> t = score_trend(m.predict({"s": "b"}), m.predict({"s": "a"}),
    ...                 start=dt.date(2027, 1, 4), end=dt.date(2027, 2, 1))
    >>> round(t.change, 3), {k: round(v, 4) for k, v in t.changes.items()}  # s: log 4
    (0.333, {'prior': 0.0, 's': 1.3863})
    """
    if end < start:
        raise InvalidInputError("the end is before the start", field="end", value=str(end))
    terms = sorted(set(before.contributions) | set(after.contributions))
    changes = {"prior": after.prior - before.prior}
    changes |= {t: after.contributions.get(t, 0.0) - before.contributions.get(t, 0.0)
                for t in terms}  # fmt: skip
    return ScoreTrend(
        start=start,
        end=end,
        before=before.probability,
        after=after.probability,
        change=after.probability - before.probability,
        log_odds_change=math.fsum(changes.values()),
        changes=changes,
        values_before=before.values,
        values_after=after.values,
    )
