"""Cross-validated quality of the logit bid-response model (step 2.5.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

import clientel.pricing.kernels as kernels
from clientel.errors import InvalidInputError
from clientel.pricing._deals import DealRecord, deal_arrays
from clientel.pricing.kernels._response import Basis
from clientel.scoring._evaluation import WinModelEvaluation, out_of_sample

__all__ = ["evaluate_bid_response"]

F64 = NDArray[np.float64]


def evaluate_bid_response(
    deals: Sequence[DealRecord],
    *,
    basis: Basis = "list_ratio",
    covariates: Mapping[str, Sequence[float]] | None = None,
    folds: int = 10,
    test_share: float | None = None,
    seed: int = 0,
    min_per_class: int = 10,
) -> WinModelEvaluation:
    """Out-of-sample AUC, Brier score, log loss, calibration and lift of the bid response.

    Each deal's win probability at its quoted price comes from the curve
    :func:`fit_bid_response` fits on the other folds (``folds`` stratified folds, seeded,
    ties by deal id), or only the held-out share ``test_share`` is scored, by the curve
    fitted on the rest (step 2.5.4).

    Parameters
    ----------
    deals : sequence of DealRecord
        Closed deals in one currency.
    basis, covariates
        As for :func:`fit_bid_response` (covariates: one value per deal).
    folds, test_share, seed : int, float or None, int
        The split, as for :func:`clientel.scoring.evaluate_naive_bayes`: ``folds``
        stratified folds (default 10), or one hold-out share of the wins and of the
        losses, shuffled by ``numpy.random.default_rng(seed)`` after sorting by deal id.
    min_per_class : int
        The minimum-data gate: won and lost deals needed (each at least ``folds`` too).

    Returns
    -------
    WinModelEvaluation
        See :func:`clientel.scoring.evaluate_predictions` for the measures.

    Raises
    ------
    InsufficientDataError
        Too few won or lost deals for the gate; the message says how many more.
    NoSolutionError
        A training part whose wins and losses are separated by price.
    InvalidInputError
        Bad ``basis``, ``folds``, ``test_share``, ``seed``, covariates of the wrong
        length, duplicate deal ids.

    Examples
    --------
    >>> import datetime as dt
    >>> import numpy as np
    >>> from clientel.models import Money
    >>> rng = np.random.default_rng(3)
    >>> ratio = rng.uniform(0.75, 1.0, 120)
    >>> won = rng.random(120) < 1 / (1 + np.exp(-12 + 14 * ratio))
    >>> deals = [DealRecord(id=f"d{i:03d}", segment_id="ret", closed_on=dt.date(2026, 1, 5),
    ...                     won=bool(w), price=Money(f"{100 * r:.2f}", "EUR"),
    ...                     list_price=Money(100, "EUR"))
    ...          for i, (r, w) in enumerate(zip(ratio, won, strict=True))]
    >>> ev = evaluate_bid_response(deals, folds=5)
    >>> ev.model, ev.folds, ev.n
    ('bid response', 5, 120)
    """
    if basis not in ("list_ratio", "price"):
        raise InvalidInputError("expected 'list_ratio' or 'price'", field="basis", value=basis)
    price, lst, _, won = deal_arrays(deals)
    x = price / lst if basis == "list_ratio" else price
    y = won.astype(bool)
    extra = {name: np.asarray(v, dtype=np.float64) for name, v in (covariates or {}).items()}
    for name, col in extra.items():
        if col.shape != x.shape:
            raise InvalidInputError(f"expected {x.size} values", field=f"covariates[{name!r}]")

    def predict(train: NDArray[np.bool_], test: NDArray[np.bool_]) -> F64:
        fitted = {k: v[train] for k, v in extra.items()}
        model = kernels.fit_bid_response(x[train], y[train], basis=basis, covariates=fitted)
        a = model.intercept({k: v[test] for k, v in extra.items()})
        return kernels.win_probability(a, model.b, x[test])

    return out_of_sample(predict, y, [d.id for d in deals], model="bid response", folds=folds,
                         test_share=test_share, seed=seed,
                         min_per_class=min_per_class)  # fmt: skip
