"""How far a win model can be trusted: cross-validation, calibration, lift (2.3.5, 2.4.5, 2.5.2).

Out-of-sample win probabilities (k-fold or hold-out, seeded, ties by id) are scored by
AUC, the Brier score with its reliability / resolution decomposition, the log loss, a
calibration table over equal-frequency bins and the lift by decile; Platt scaling
fitted on them recalibrates a model's estimates and grades them A-D.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit, logit

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay, number_text
from clientel._internal.validators import str_tuple
from clientel.errors import InsufficientDataError, InvalidInputError
from clientel.scoring._naive_bayes import WinEstimate
from clientel.scoring.kernels import _evaluation as k

__all__ = [
    "GRADE_CUTS",
    "CalibrationBin",
    "LiftDecile",
    "PlattScaling",
    "WinModelEvaluation",
    "evaluate_predictions",
]

F64 = NDArray[np.float64]
Method = Literal["k_fold", "hold_out", "given"]

#: Calibrated probability at or above which an estimate gets grade A, B, C (below: D).
GRADE_CUTS = (0.75, 0.5, 0.25)
BINS = 10


def _floats(value: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@attrs.frozen(kw_only=True)
class CalibrationBin:
    """One of the equal-frequency bins: forecasts against the win rate observed in it."""

    bin: int
    count: int
    wins: int
    mean_probability: float
    win_rate: float
    low: float
    high: float


@attrs.frozen(kw_only=True)
class LiftDecile:
    """One tenth of the records, highest probabilities first: its win rate against the base."""

    decile: int
    count: int
    wins: int
    win_rate: float
    lift: float
    cumulative_lift: float


@attrs.frozen(kw_only=True, repr=False)
class PlattScaling(TableDisplay):
    """Calibrated log-odds ``a + b * log-odds``, fitted on out-of-sample estimates; grades A-D.

    Because the map is linear in the log-odds, a calibrated :class:`WinEstimate` is still
    an exact sum: the prior becomes ``a + b * prior`` and every contribution is
    multiplied by ``b``.

    Parameters
    ----------
    a, b : float
        Intercept and slope (``b`` near 1 and ``a`` near 0: the model was calibrated).
    cuts : tuple of float
        Calibrated probabilities at or above which grades A, B and C begin (D below).
    """

    a: float
    b: float
    cuts: tuple[float, ...] = attrs.field(default=GRADE_CUTS, converter=_floats)

    _display_title = "Platt scaling"

    def __attrs_post_init__(self) -> None:
        c = self.cuts
        if len(c) != 3 or not all(0 < x < 1 for x in c) or not c[0] > c[1] > c[2]:
            raise InvalidInputError("expected three falling probabilities in (0, 1)",
                                    field="PlattScaling.cuts", value=c)  # fmt: skip
        if not (math.isfinite(self.a) and math.isfinite(self.b)):
            raise InvalidInputError("expected finite a and b", field="PlattScaling.a")

    def __repr__(self) -> str:
        return f"<PlattScaling a={self.a:.4g}, b={self.b:.4g}>"

    def probability(self, probability: ArrayLike) -> F64:
        """Calibrated probabilities of raw ones (vectorised).

        Examples
        --------
        >>> PlattScaling(a=0.0, b=1.0).probability([0.2, 0.9]).round(6).tolist()
        [0.2, 0.9]
        """
        q = np.clip(np.asarray(probability, dtype=np.float64), k.EPS, 1.0 - k.EPS)
        return np.asarray(expit(self.a + self.b * logit(q)), dtype=np.float64)

    def grade(self, probability: float) -> str:
        """``"A"`` to ``"D"`` for a *calibrated* probability.

        Examples
        --------
        >>> [PlattScaling(a=0.0, b=1.0).grade(p) for p in (0.9, 0.6, 0.3, 0.1)]
        ['A', 'B', 'C', 'D']
        """
        return "ABCD"[sum(probability < c for c in self.cuts)]

    def calibrate(self, estimate: WinEstimate) -> WinEstimate:
        """The estimate with calibrated probability, prior and contributions (still exact).

        Examples
        --------
        >>> from clientel.scoring import fit_naive_bayes
        >>> est = fit_naive_bayes([{"s": "a"}, {"s": "b"}], [True, False], fields=["s"]
        ...                       ).predict({"s": "a"})
        >>> round(PlattScaling(a=0.0, b=0.5).calibrate(est).log_odds, 4)  # half of log 2
        0.3466
        """
        prior = self.a + self.b * estimate.prior
        contributions = {f: self.b * v for f, v in estimate.contributions.items()}
        log_odds = prior + math.fsum(contributions.values())
        return attrs.evolve(estimate, prior=prior, contributions=contributions,
                            log_odds=log_odds, probability=float(expit(log_odds)))  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """The two coefficients and the grade cuts."""
        rows: list[dict[str, Any]] = [
            {"term": "a", "value": self.a},
            {"term": "b", "value": self.b},
        ]
        return rows + [
            {"term": f"grade {g} from", "value": c} for g, c in zip("ABC", self.cuts, strict=True)
        ]


@attrs.frozen(kw_only=True, repr=False)
class WinModelEvaluation(TableDisplay):
    """Out-of-sample quality of a win model (see :func:`evaluate_predictions`).

    ``method`` says where the probabilities come from: ``"k_fold"`` (each record
    scored by the model fitted on the other folds), ``"hold_out"`` (the held-out
    share scored by the model fitted on the rest) or ``"given"``. ``ids`` and
    ``probabilities`` are the records scored and their out-of-sample probabilities;
    ``folds`` is 0 and ``test_share`` None where they do not apply.

    ``brier = reliability - resolution + uncertainty + within_bins`` (Murphy's
    decomposition over the calibration bins; ``within_bins`` is what the bins do
    not capture and is 0 when every bin holds one forecast value).
    """

    model: str
    method: Method
    folds: int
    test_share: float | None
    seed: int
    n: int
    wins: int
    auc: float
    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bins: float
    log_loss: float
    fold_auc: tuple[float, ...] = attrs.field(converter=_floats)
    calibration: tuple[CalibrationBin, ...]
    lift: tuple[LiftDecile, ...]
    platt: PlattScaling
    ids: tuple[str, ...] = attrs.field(converter=str_tuple)
    probabilities: tuple[float, ...] = attrs.field(converter=_floats)

    _display_title = "Win model evaluation (calibration table)"

    def __repr__(self) -> str:
        return (f"<WinModelEvaluation {self.model} {self.method}: n={self.n}, "
                f"AUC={self.auc:.3f}, Brier={self.brier:.4f}>")  # fmt: skip

    def explain(self) -> Explanation:
        """The measures, what they say, and warnings where the model is weak.

        Examples
        --------
        >>> import numpy as np
        >>> p = np.linspace(0.05, 0.95, 40)
        >>> ev = evaluate_predictions(p, p > 0.5, ids=[f"d{i:02d}" for i in range(40)])
        >>> print(ev.explain())
        given, probabilities as given: AUC 1 on 40 records (20 won), Brier 0.0902 (reliability
        0.08953, resolution 0.25, uncertainty 0.25)
          AUC               +1  (value 0.5 chance, 1 perfect)
          Brier score       +0.09019  (value 0.25 for the base rate alone)
          log loss          +0.3308  (value lower is better)
          lift, top decile  +2  (value win rate 1)
          reliability above 0.01: the probabilities are off; use `platt` to recalibrate them
          in-sample probabilities flatter the model; evaluate on folds
        """
        top = self.lift[0].lift
        notes = []
        if self.auc < 0.6:
            notes.append("AUC below 0.6: the model hardly ranks wins above losses")
        if self.reliability > 0.01:
            notes.append("reliability above 0.01: the probabilities are off; use `platt` "
                         "to recalibrate them")  # fmt: skip
        if self.method == "given":
            notes.append("in-sample probabilities flatter the model; evaluate on folds")
        return Explanation(
            subject=f"{self.model}, {self._how()}",
            summary=(
                f"AUC {self.auc:.3g} on {self.n} records ({self.wins} won), Brier "
                f"{self.brier:.3g} (reliability {self.reliability:.4g}, resolution "
                f"{self.resolution:.3g}, uncertainty {self.uncertainty:.3g})"
            ),
            factors=[
                Factor(criterion="AUC", effect=self.auc, value="0.5 chance, 1 perfect"),
                Factor(
                    criterion="Brier score",
                    effect=self.brier,
                    value=f"{self.uncertainty:.3g} for the base rate alone",
                ),
                Factor(criterion="log loss", effect=self.log_loss, value="lower is better"),
                Factor(
                    criterion="lift, top decile",
                    effect=top,
                    value=f"win rate {self.lift[0].win_rate:.3g}",
                ),
            ],
            effect_kind="measure",
            notes=notes,
        )

    def _how(self) -> str:
        if self.method == "k_fold":
            return f"{self.folds}-fold cross-validation (seed {self.seed})"
        if self.method == "hold_out":
            return f"hold-out of {self.test_share:.0%} (seed {self.seed})"
        return "probabilities as given"

    def to_records(self) -> list[dict[str, Any]]:
        """The calibration table: one row per bin."""
        return [attrs.asdict(b) for b in self.calibration]

    def summary(self) -> str:
        """One line: AUC, Brier score and log loss."""
        return (f"AUC {number_text(self.auc)}, Brier {number_text(self.brier)}, "
                f"log loss {number_text(self.log_loss)}")  # fmt: skip


def id_order(ids: Sequence[str], n: int) -> NDArray[np.int64]:
    """Each id's position among the sorted ids (the tie key); duplicates refused."""
    if len(ids) != n:
        raise InvalidInputError(f"expected {n} ids", field="ids", value=len(ids))
    names = [str(i) for i in ids]
    uniq, order = np.unique(np.asarray(names, dtype=object).astype(str), return_inverse=True)
    if uniq.size != n:
        raise InvalidInputError("ids must be unique", field="ids")
    return order.astype(np.int64)


def splits(
    order: NDArray[np.int64],
    won: NDArray[np.bool_],
    *,
    folds: int,
    test_share: float | None,
    seed: int,
    min_per_class: int,
) -> list[tuple[NDArray[np.bool_], NDArray[np.bool_]]]:
    """(train, test) masks: ``folds`` stratified folds, or one stratified hold-out; gated."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInputError("expected an integer seed", field="seed", value=seed)
    if isinstance(min_per_class, bool) or not isinstance(min_per_class, int) or min_per_class < 1:
        raise InvalidInputError("expected an integer >= 1", field="min_per_class",
                                value=min_per_class)  # fmt: skip
    n_won = int(won.sum())
    n_lost = won.size - n_won
    if test_share is not None:
        if not (isinstance(test_share, float | int) and 0 < test_share < 1):
            raise InvalidInputError("expected a share in (0, 1)", field="test_share",
                                    value=test_share)  # fmt: skip
        short = min(test_share, 1 - test_share)
        needed = max(min_per_class, math.ceil(BINS / 2 / test_share), math.ceil(1.5 / short))
        if n_won < needed or n_lost < needed:
            raise InsufficientDataError("a hold-out evaluation", won=n_won, lost=n_lost,
                                        needed=needed, field="won")  # fmt: skip
        test = k.holdout_mask(order, won, float(test_share), seed)
        return [(~test, test)]
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 2:
        raise InvalidInputError("expected an integer number of folds >= 2", field="folds",
                                value=folds)  # fmt: skip
    needed = max(min_per_class, folds)
    if n_won < needed or n_lost < needed:
        raise InsufficientDataError(f"a {folds}-fold evaluation", won=n_won, lost=n_lost,
                                    needed=needed, field="won")  # fmt: skip
    fold = k.stratified_folds(order, won, folds, seed)
    return [(fold != f, fold == f) for f in range(folds)]


def assess(
    p: F64,
    won: NDArray[np.bool_],
    ids: Sequence[str],
    *,
    model: str,
    method: Method,
    folds: int = 0,
    test_share: float | None = None,
    seed: int = 0,
    fold_auc: Sequence[float] = (),
) -> WinModelEvaluation:
    """The measures of probabilities ``p`` of outcomes ``won`` (rows named by ``ids``)."""
    order = id_order(ids, p.size)
    n_won = int(won.sum())
    if n_won == 0 or n_won == won.size:
        raise InsufficientDataError("an evaluation", won=n_won, lost=won.size - n_won,
                                    needed=1, field="won")  # fmt: skip
    if p.size < BINS:
        raise InvalidInputError(f"expected at least {BINS} records for {BINS} calibration bins",
                                field="probabilities", value=p.size)  # fmt: skip
    t = k.binned(p, won, order, BINS)
    base = won.mean()
    rate = t.wins / t.count
    brier = k.brier(p, won)
    reliability = float(np.sum(t.count * (t.mean - rate) ** 2) / p.size)
    resolution = float(np.sum(t.count * (rate - base) ** 2) / p.size)
    uncertainty = float(base * (1.0 - base))
    lift, cumulative = k.deciles(p, won, order, BINS)
    d = k.binned(p, won, order, BINS, descending=True)
    a, b = k.platt(logit(np.clip(p, k.EPS, 1.0 - k.EPS)), won)
    return WinModelEvaluation(
        model=model,
        method=method,
        folds=folds,
        test_share=test_share,
        seed=seed,
        n=int(p.size),
        wins=n_won,
        auc=k.auc(p, won),
        brier=brier,
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        within_bins=brier - (reliability - resolution + uncertainty),
        log_loss=k.log_loss(p, won),
        fold_auc=fold_auc,
        calibration=tuple(
            CalibrationBin(
                bin=i + 1,
                count=int(t.count[i]),
                wins=int(t.wins[i]),
                mean_probability=float(t.mean[i]),
                win_rate=float(rate[i]),
                low=float(t.low[i]),
                high=float(t.high[i]),
            )
            for i in range(BINS)
        ),
        lift=tuple(
            LiftDecile(
                decile=i + 1,
                count=int(d.count[i]),
                wins=int(d.wins[i]),
                win_rate=float(d.wins[i] / d.count[i]),
                lift=float(lift[i]),
                cumulative_lift=float(cumulative[i]),
            )
            for i in range(BINS)
        ),
        platt=PlattScaling(a=a, b=b),
        ids=[str(i) for i in ids],
        probabilities=p.tolist(),
    )


def out_of_sample(
    predict: Any,
    won: NDArray[np.bool_],
    ids: Sequence[str],
    *,
    model: str,
    folds: int,
    test_share: float | None,
    seed: int,
    min_per_class: int,
) -> WinModelEvaluation:
    """Fit on each training part and score its test part with ``predict(train, test)``."""
    order = id_order(ids, won.size)
    parts = splits(order, won, folds=folds, test_share=test_share, seed=seed,
                   min_per_class=min_per_class)  # fmt: skip
    p = np.full(won.size, np.nan)
    fold_auc = []
    for train, test in parts:
        p[test] = predict(train, test)
        fold_auc.append(k.auc(p[test], won[test]))
    if test_share is not None:
        keep = np.flatnonzero(parts[0][1])
        return assess(p[keep], won[keep], [ids[int(i)] for i in keep], model=model,
                      method="hold_out", test_share=float(test_share), seed=seed,
                      fold_auc=fold_auc)  # fmt: skip
    return assess(p, won, ids, model=model, method="k_fold", folds=folds, seed=seed,
                  fold_auc=fold_auc)  # fmt: skip


def evaluate_predictions(
    probabilities: ArrayLike, won: ArrayLike, *, ids: Sequence[str], model: str = "given"
) -> WinModelEvaluation:
    """The measures of given win probabilities against the outcomes (steps 2.3.5, 2.5.2).

    For probabilities from elsewhere (another model, a salesperson's forecast) or from a
    hold-out you made yourself; :func:`evaluate_naive_bayes` and
    :func:`clientel.pricing.evaluate_bid_response` make out-of-sample ones.

    Parameters
    ----------
    probabilities : array_like of float in [0, 1]
        One per record.
    won : array_like of bool
        The outcome of each record.
    ids : sequence of str
        Unique record ids: ties in probability are ordered by them.
    model : str
        A name for the report.

    Returns
    -------
    WinModelEvaluation
        AUC, Brier score with its decomposition, log loss, a calibration table over
        ten equal-frequency bins, lift by decile and a Platt scaling.

    Raises
    ------
    InvalidInputError
        Lengths differ, probabilities outside [0, 1] or not finite, fewer than ten
        records, duplicate ids.
    InsufficientDataError
        Only wins or only losses.

    Notes
    -----
    AUC is the Mann-Whitney statistic (ties count one half); the Brier score
    :math:`\\frac1n\\sum (p_i - y_i)^2` is split as Murphy (1973) does over the ten
    bins :math:`k` (:math:`n_k` records, mean forecast :math:`\\bar p_k`, win rate
    :math:`\\bar o_k`, overall rate :math:`\\bar o`): reliability
    :math:`\\frac1n\\sum n_k(\\bar p_k - \\bar o_k)^2`, resolution
    :math:`\\frac1n\\sum n_k(\\bar o_k - \\bar o)^2`, uncertainty
    :math:`\\bar o(1-\\bar o)`. Bins are equal-frequency: records sorted by
    probability (ties by id), record :math:`r` in bin :math:`\\lfloor 10 r / n\\rfloor`.

    References
    ----------
    G. W. Brier, "Verification of forecasts expressed in terms of probability",
    *Monthly Weather Review* 78, 1950. A. H. Murphy, "A new vector partition of the
    probability score", *Journal of Applied Meteorology* 12, 1973. T. Fawcett, "An
    introduction to ROC analysis", *Pattern Recognition Letters* 27, 2006.

    Examples
    --------
    >>> ev = evaluate_predictions([0.1, 0.4, 0.35, 0.8] * 5, [False, False, True, True] * 5,
    ...                           ids=[f"d{i:02d}" for i in range(20)])
    >>> ev.auc, round(ev.brier, 4)
    (0.75, 0.1581)
    """
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(won)
    if p.ndim != 1 or y.shape != p.shape:
        raise InvalidInputError(f"expected {p.size} outcomes", field="won", value=y.shape)
    if not np.all(np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise InvalidInputError("expected probabilities in [0, 1]", field="probabilities")
    if y.dtype != np.bool_ and not np.all((y == 0) | (y == 1)):
        raise InvalidInputError("expected True/False (or 1/0) outcomes", field="won")
    return assess(p, y.astype(bool), ids, model=model, method="given")
