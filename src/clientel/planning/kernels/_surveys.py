"""Net Promoter Score and customer satisfaction (CSAT) of survey answers (step 2.7.2).

Both take either the raw answers or a frequency table (answer -> how many gave
it), so a survey tool's summary export can be used as it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats, as_number
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, MissingDataError

__all__ = ["CsatResult", "NpsResult", "csat", "nps"]

#: Pseudo-observations of the adjusted-Wald NPS interval (Rocks 2016): added to the counts of
#: detractors, passives and promoters before the Wald interval is built (3 in all).
_PSEUDO: Final = (0.75, 1.5, 0.75)


@attrs.frozen(kw_only=True, repr=False)
class NpsResult(TableDisplay):
    """Net Promoter Score in points (-100..100) with its adjusted-Wald interval.

    ``score`` is the survey's NPS, ``100 (promoters - detractors) / n``.
    ``adjusted_score``, ``standard_error`` and ``low``/``high`` come from the
    adjusted-Wald method (see :func:`nps`); the standard error is above 0
    whenever there is at least one answer.

    .. versionchanged:: 0.1.0
       The adjusted-Wald interval and its standard error (schema 4; a stored
       earlier result is recomputed from its counts at 95 %).
    """

    score: float
    standard_error: float
    promoters: int
    passives: int
    detractors: int
    adjusted_score: float
    low: float
    high: float
    confidence: float
    method: str
    _display_title = "Net Promoter Score"

    @property
    def n(self) -> int:
        """Number of answers."""
        return self.promoters + self.passives + self.detractors

    def to_records(self) -> list[dict[str, Any]]:
        """One row: score, interval, standard error and the three groups' counts."""
        return [{**attrs.asdict(self), "n": self.n}]


@attrs.frozen(kw_only=True, repr=False)
class CsatResult(TableDisplay):
    """Customer satisfaction: the top-box share and the mean answer on a scale.

    ``top_box`` is the share of answers in the ``boxes`` highest points of the
    scale ``scale_low..scale_high`` (the top two of 1..5 by default).

    .. versionchanged:: 0.1.0
       Any scale and any number of top boxes; ``top_two_box`` is ``top_box``
       (schema 4; stored earlier results load as the top two of 1..5).
    """

    top_box: float
    mean: float
    responses: int
    boxes: int
    scale_low: int
    scale_high: int
    _display_title = "Customer satisfaction"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: top-box share, mean, responses and the scale."""
        return [attrs.asdict(self)]


def _whole(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _counts(
    answers: ArrayLike | None,
    frequencies: Mapping[Any, Any] | None,
    lo: int,
    hi: int,
    field: str,
) -> NDArray[np.int64]:
    """How many answers gave each point ``lo..hi``, from answers or a frequency table."""
    if (answers is None) == (frequencies is None):
        raise InvalidInputError(f"give either {field} or frequencies", field=field)
    if frequencies is not None:
        if not hasattr(frequencies, "items"):
            msg = "expected a mapping of answer to count"
            raise InvalidInputError(msg, field="frequencies", value=type(frequencies).__name__)
        out = np.zeros(hi - lo + 1, dtype=np.int64)
        for point, count in frequencies.items():
            if not _whole(point) or not lo <= point <= hi:
                msg = f"expected a whole answer {lo}..{hi}"
                raise InvalidInputError(msg, field=f"frequencies[{point!r}]", value=point)
            if not _whole(count) or count < 0:
                raise InvalidInputError("expected a whole count >= 0",
                                        field=f"frequencies[{point!r}]", value=count)  # fmt: skip
            out[int(point) - lo] += int(count)
        if out.sum() == 0:
            raise MissingDataError("expected at least one answer", field="frequencies")
        return out
    a = as_floats(answers, "answers").ravel()
    if a.size == 0:
        raise MissingDataError("expected at least one answer", field=field)
    bad = ~np.isfinite(a) | (a < lo) | (a > hi) | (a != np.round(a))
    if bad.any():
        i = int(np.argmax(bad))
        msg = f"expected whole scores {lo}..{hi}"
        raise InvalidInputError(msg, field=f"{field}[{i}]", value=float(a[i]))
    return np.bincount(a.astype(np.int64) - lo, minlength=hi - lo + 1)


def _z(confidence: float) -> float:
    if not 0 < as_number(confidence, "confidence") < 1:
        msg = "expected a confidence level strictly between 0 and 1"
        raise InvalidInputError(msg, field="confidence", value=confidence)
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def nps(
    recommend: ArrayLike | None = None,
    *,
    frequencies: Mapping[int, int] | None = None,
    confidence: float = 0.95,
) -> NpsResult:
    r"""Net Promoter Score of 0-10 "would you recommend us" answers, with its interval.

    Parameters
    ----------
    recommend : array_like of int, optional
        The answers, 0..10.
    frequencies : mapping of int to int, optional
        A frequency table instead: answer (0..10) -> number of respondents who
        gave it (for example a survey tool's summary or ``Series.value_counts()``).
    confidence : float
        Level of the interval, 0.95 by default.

    Returns
    -------
    NpsResult
        The score, the adjusted-Wald interval (``low``, ``high``, clipped to
        -100..100), its centre ``adjusted_score`` and ``standard_error``, and
        the three groups' counts.

    Raises
    ------
    InvalidInputError
        An answer outside 0..10 or not whole (named by position or by its key
        in ``frequencies``), a negative or fractional count, both or neither
        input, a confidence level outside (0, 1).
    MissingDataError
        No answer.

    Notes
    -----
    Promoters answer 9-10, detractors 0-6 (Reichheld, "The One Number You Need
    to Grow", Harvard Business Review, December 2003); with counts ``P``,
    ``D`` of ``n`` answers, ``NPS = 100 (P - D) / n``.

    The adjusted-Wald interval (Rocks 2016, the method MeasuringU recommends)
    adds 3/4 to the promoters, 3/4 to the detractors and 3/2 to the passives
    (3 pseudo-observations), then builds the
    Wald interval of a mean of +1/0/-1 scores on the adjusted counts:

    .. math::
        \tilde p = \frac{P + 3/4}{n + 3},\quad \tilde d = \frac{D + 3/4}{n + 3},\quad
        \widetilde{\mathrm{NPS}} = \tilde p - \tilde d,\quad
        \mathrm{SE} = \sqrt{\frac{\tilde p + \tilde d - (\tilde p - \tilde d)^2}{n + 3}}

    and ``low, high = 100 (NPS~ -/+ z SE)`` with ``z`` the normal quantile of
    the level. Since ``p~, d~ > 0`` the standard error is above 0 for every
    ``n >= 1``, even when every answer is a promoter (the plain Wald standard
    error is then 0 and its interval a single point).

    References
    ----------
    B. Rocks, "Interval Estimation for the 'Net Promoter Score'", *The American
    Statistician* 70(4), 2016, pp. 365-372 (and the author's R package NPS,
    ``nps_test(test="adjusted.wald")``). J. Sauro and J. R. Lewis, "Confidence
    Intervals for Net Promoter Scores", MeasuringU.

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 8])
    >>> r.score, (r.promoters, r.passives, r.detractors)
    (30.0, (5, 3, 2))
    >>> round(r.standard_error, 2), round(r.low, 1), round(r.high, 1)
    (21.49, -19.1, 65.2)
    >>> nps(frequencies={10: 2, 9: 3, 8: 2, 7: 1, 6: 1, 3: 1}).score
    30.0
    >>> nps([10]).standard_error > 0
    True

    .. versionchanged:: 0.1.0
       Adjusted-Wald interval and standard error; ``frequencies`` and
       ``confidence``.
    """
    z = _z(confidence)
    c = _counts(recommend, frequencies, 0, 10, "recommend")
    n = int(c.sum())
    det, pro = int(c[:7].sum()), int(c[9:].sum())
    a_det, a_pas, a_pro = _PSEUDO
    m = n + a_det + a_pas + a_pro
    p, d = (pro + a_pro) / m, (det + a_det) / m
    centre = p - d
    se = math.sqrt((p + d - centre**2) / m)
    return NpsResult(
        score=100.0 * (pro - det) / n,
        standard_error=100.0 * se,
        promoters=pro,
        passives=n - pro - det,
        detractors=det,
        adjusted_score=100.0 * centre,
        low=max(-100.0, 100.0 * (centre - z * se)),
        high=min(100.0, 100.0 * (centre + z * se)),
        confidence=float(confidence),
        method="adjusted_wald",
    )


def _scale(scale: tuple[int, int], boxes: int) -> tuple[int, int]:
    try:
        lo, hi = scale
    except (TypeError, ValueError):
        raise InvalidInputError("expected (low, high)", field="scale", value=scale) from None
    if not (_whole(lo) and _whole(hi) and lo < hi):
        msg = "expected whole (low, high) with low < high"
        raise InvalidInputError(msg, field="scale", value=scale)
    if not _whole(boxes) or not 1 <= boxes <= hi - lo + 1:
        msg = f"expected a whole number of top boxes 1..{hi - lo + 1}"
        raise InvalidInputError(msg, field="boxes", value=boxes)
    return int(lo), int(hi)


def csat(
    scores: ArrayLike | None = None,
    *,
    frequencies: Mapping[int, int] | None = None,
    scale: tuple[int, int] = (1, 5),
    boxes: int = 2,
) -> CsatResult:
    """Top-box share and mean answer of satisfaction scores on any scale (step 2.7.2).

    Parameters
    ----------
    scores : array_like of int, optional
        The answers, whole points of ``scale``.
    frequencies : mapping of int to int, optional
        A frequency table instead: answer -> number of respondents.
    scale : (int, int)
        Lowest and highest point, (1, 5) by default; (1, 7), (0, 10), ... work alike.
    boxes : int
        How many of the highest points count as satisfied: 2 (top-two box) by
        default, 1 for the top box alone.

    Returns
    -------
    CsatResult
        The top-box share, the mean answer and the number of responses.

    Raises
    ------
    InvalidInputError
        An answer outside the scale or not whole (named), a bad scale or number
        of boxes, a negative count, both or neither input.
    MissingDataError
        No answer.

    Examples
    --------
    >>> csat([5, 4, 4, 3, 2, 5])
    CsatResult(top_box=0.6667, mean=3.833, responses=6, boxes=2, scale_low=1, scale_high=5)
    >>> csat(frequencies={7: 10, 6: 20, 5: 5, 2: 5}, scale=(1, 7), boxes=1).top_box
    0.25

    .. versionchanged:: 0.1.0
       ``scale``, ``boxes`` and ``frequencies``; the share is ``top_box``.
    """
    lo, hi = _scale(scale, boxes)
    c = _counts(scores, frequencies, lo, hi, "scores")
    n = int(c.sum())
    points = np.arange(lo, hi + 1, dtype=np.float64)
    return CsatResult(
        top_box=float(c[-boxes:].sum() / n),
        mean=float(c @ points / n),
        responses=n,
        boxes=int(boxes),
        scale_low=lo,
        scale_high=hi,
    )
