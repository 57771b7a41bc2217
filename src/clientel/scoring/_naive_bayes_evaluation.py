"""Cross-validated quality of the naive-Bayes win model (steps 2.3.5, 2.4.5, 2.5.2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from clientel.scoring._evaluation import WinModelEvaluation, out_of_sample
from clientel.scoring._naive_bayes import (
    Category,
    NaiveBayesWinModel,
    Smoothing,
    _column,
    _encode,
    _prior,
    fit_naive_bayes,
)
from clientel.scoring.kernels._naive_bayes import class_counts, log_ratios

__all__ = ["evaluate_naive_bayes"]

F64 = NDArray[np.float64]


def _fold_log_odds(
    model: NaiveBayesWinModel,
    codes: dict[str, NDArray[np.int64]],
    fixed: set[str],
    y: NDArray[np.bool_],
    train: NDArray[np.bool_],
    test: NDArray[np.bool_],
) -> F64:
    """Log-odds of the test rows under the model :func:`fit_naive_bayes` fits on the train rows.

    Codes are those of the whole history; a field's categories on the train rows are the
    values seen there (unless declared, or a stage), as a fit on those rows would have them.
    """
    yt = y[train]
    n_won = int(yt.sum())
    out = np.full(int(test.sum()), _prior(n_won, yt.size - n_won, model.alpha, model.smoothing))
    for t in model.tables:
        c = codes[t.field]
        stage = t.field == model.stage_field
        w, lost = class_counts(c[train], yt, len(t.values), stage=stage)
        present = np.ones(len(t.values), bool) if t.field in fixed else (w + lost) > 0
        w, lost = w[present], lost[present]
        bucket = model.smoothing == "lidstone_unseen_bucket"
        if bucket:
            w, lost = np.append(w, 0), np.append(lost, 0)
        llr = log_ratios(w, lost, model.alpha, stage=stage, odoo=model.smoothing == "odoo_pls")
        by_code = np.full(len(t.values), llr[-1] if bucket else 0.0)
        by_code[present] = llr[: int(present.sum())]
        ct = c[test]
        out += np.where(ct >= 0, by_code[np.maximum(ct, 0)], 0.0)
    return out


def evaluate_naive_bayes(
    records: Sequence[Mapping[str, Category]],
    won: Sequence[bool],
    *,
    ids: Sequence[str],
    fields: Sequence[str],
    folds: int = 10,
    test_share: float | None = None,
    seed: int = 0,
    min_per_class: int = 10,
    alpha: float = 1.0,
    categories: Mapping[str, Sequence[Category]] | None = None,
    smoothing: Smoothing = "lidstone",
    stage_field: str | None = None,
    stages: Sequence[str] | None = None,
) -> WinModelEvaluation:
    """Out-of-sample AUC, Brier score, log loss, calibration and lift of the naive-Bayes model.

    Each record is scored by the model :func:`fit_naive_bayes` fits on the other folds
    (``folds`` stratified folds, seeded, ties by id), or only the held-out share
    ``test_share`` is, by the model fitted on the rest. The fit options are those of
    :func:`fit_naive_bayes`.

    Parameters
    ----------
    records, won : sequence
        The closed history, as for :func:`fit_naive_bayes`.
    ids : sequence of str
        Unique record ids (folds and ties are decided by them, not by the input order).
    fields : sequence of str
        The fields of the model.
    folds : int
        Number of folds, >= 2 (ignored with ``test_share``).
    test_share : float, optional
        Hold out this share of the wins and of the losses instead of k-fold.
    seed : int
        Seed of the shuffle (``numpy.random.default_rng``).
    min_per_class : int
        The minimum-data gate: at least this many won and this many lost records
        (and at least ``folds`` of each; a hold-out needs enough for ten bins).
    alpha, categories, smoothing, stage_field, stages
        As for :func:`fit_naive_bayes`.

    Returns
    -------
    WinModelEvaluation
        With ``method="k_fold"`` or ``"hold_out"``.

    Raises
    ------
    InsufficientDataError
        Too few won or lost records for the gate; the message says how many more.
    InvalidInputError
        Bad ``folds``, ``test_share``, ``seed``, duplicate ids, and every error of
        :func:`fit_naive_bayes`.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(7)
    >>> source = rng.choice(["referral", "tender", "web"], 200)
    >>> won = rng.random(200) < np.where(source == "referral", 0.7, 0.3)
    >>> ev = evaluate_naive_bayes([{"source": s} for s in source], won.tolist(),
    ...                           ids=[f"o{i:03d}" for i in range(200)], fields=["source"])
    >>> ev.method, ev.n, ev.auc > 0.6
    ('k_fold', 200, True)
    """
    options = {"alpha": alpha, "categories": categories, "smoothing": smoothing}
    model = fit_naive_bayes(records, won, fields=fields, stage_field=stage_field, stages=stages,
                            **options)  # type: ignore[arg-type]  # fmt: skip
    y = np.asarray([bool(v) for v in won], dtype=bool)
    codes = {t.field: _encode(_column(records, t.field), t.values, t.field)
             for t in model.tables}  # fmt: skip
    fixed = set(categories or {}) | ({stage_field} if stage_field else set())

    def predict(train: NDArray[np.bool_], test: NDArray[np.bool_]) -> F64:
        return np.asarray(
            expit(_fold_log_odds(model, codes, fixed, y, train, test)), dtype=np.float64
        )

    return out_of_sample(predict, y, ids, model="naive Bayes", folds=folds,
                         test_share=test_share, seed=seed,
                         min_per_class=min_per_class)  # fmt: skip
