"""A data-driven win probability: smoothed naive Bayes (steps 2.3.5, 2.4.5, 2.5.2).

For units with a won/lost history of opportunities or inquiries. The model's
log-odds is a sum of a prior and one contribution per field, which is the
explanation shown to the user.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.scoring.kernels._naive_bayes import naive_bayes

__all__ = ["FieldTable", "NaiveBayesWinModel", "WinEstimate", "fit_naive_bayes"]

Category = str | int | float | bool | None


@attrs.frozen(kw_only=True)
class FieldTable:
    """Contribution to the log-odds of each value of one field."""

    field: str
    values: tuple[str, ...]
    contributions: tuple[float, ...]
    unseen: float


@attrs.frozen(kw_only=True, repr=False)
class WinEstimate(TableDisplay):
    """A win probability with its exact log-odds decomposition.

    ``values`` holds the record's value of each field (as text; None = missing).
    """

    probability: float
    log_odds: float
    prior: float
    contributions: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    values: Mapping[str, str | None] = attrs.field(factory=dict, converter=frozen_mapping)

    def explain(self, k: int = 3) -> Explanation:
        """The ``k`` fields that move the log-odds most (by absolute size, then name).

        Examples
        --------
        >>> model = fit_naive_bayes([{"source": "referral"}, {"source": "web"}], [True, False],
        ...                         fields=["source"])
        >>> print(model.predict({"source": "referral"}).explain())
        win estimate: probability 0.667 (log-odds +0.693 = prior +0 + fields)
          source  +0.6931  (value referral)
        """
        items = sorted(self.contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        return Explanation(
            subject="win estimate",
            summary=(
                f"probability {self.probability:.3g} (log-odds {self.log_odds:+.3g} "
                f"= prior {self.prior:+.3g} + fields)"
            ),
            factors=[Factor(criterion=f, effect=v, value=self.values.get(f)) for f, v in items[:k]],
            effect_kind="contribution to the log-odds of winning",
        )

    def to_records(self) -> list[dict[str, Any]]:
        """Prior and one row per field."""
        rows: list[dict[str, Any]] = [{"term": "prior", "log_odds": self.prior}]
        return rows + [
            {"term": f, "value": self.values.get(f), "log_odds": v}
            for f, v in sorted(self.contributions.items())
        ]


@attrs.frozen(kw_only=True, repr=False)
class NaiveBayesWinModel(TableDisplay):
    """A fitted smoothed naive-Bayes win model (see :func:`fit_naive_bayes`)."""

    _document_type: ClassVar[str] = "WinModel"  # its JSON tag before the rename

    fields: tuple[str, ...]
    alpha: float
    n_won: int
    n_lost: int
    prior: float
    tables: tuple[FieldTable, ...]

    def predict(self, record: Mapping[str, Category]) -> WinEstimate:
        """Win probability of one record, with per-field contributions.

        A field whose value is ``None`` is missing and contributes 0 (naive Bayes
        marginalises it out); a field absent from ``record`` raises
        :class:`MissingDataError`. Values never seen in training get the
        smoothed "unseen" contribution.
        """
        contrib: dict[str, float] = {}
        values: dict[str, str | None] = {}
        for table in self.tables:
            if table.field not in record:
                msg = "field missing from the record (give None to mark it unknown)"
                raise MissingDataError(msg, field=table.field)
            v = record[table.field]
            values[table.field] = None if v is None else str(v)
            if v is None:
                contrib[table.field] = 0.0
                continue
            key = str(v)
            pos = table.values.index(key) if key in table.values else -1
            contrib[table.field] = table.contributions[pos] if pos >= 0 else table.unseen
        log_odds = self.prior + math.fsum(contrib.values())
        return WinEstimate(
            probability=1.0 / (1.0 + math.exp(-log_odds)),
            log_odds=log_odds,
            prior=self.prior,
            contributions=contrib,
            values=values,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per field value (and per field's unseen value): its log-odds contribution."""
        return [
            {"field": t.field, "value": v, "log_odds": c}
            for t in self.tables
            for v, c in [*zip(t.values, t.contributions, strict=True), ("(unseen)", t.unseen)]
        ]


def fit_naive_bayes(
    records: Sequence[Mapping[str, Category]],
    won: Sequence[bool],
    *,
    fields: Sequence[str],
    alpha: float = 1.0,
) -> NaiveBayesWinModel:
    r"""Fit a smoothed naive-Bayes win model from a won/lost history.

    Parameters
    ----------
    records : sequence of mapping of field to category
        Past opportunities or inquiries, e.g. ``{"source": "referral",
        "segment": "banking"}``; ``None`` marks a missing value (ignored in
        the counts). Values are compared as strings.
    won : sequence of bool
        Outcome of each record.
    fields : sequence of str
        The categorical fields to use.
    alpha : float
        Additive (Laplace) smoothing, > 0; 1 by default. Makes small data usable:
        a value seen only in won deals does not give probability 1.

    Returns
    -------
    NaiveBayesWinModel
        Call :meth:`NaiveBayesWinModel.predict` for a :class:`WinEstimate`.

    Raises
    ------
    InvalidInputError
        No records, lengths differ, duplicate fields or ``alpha <= 0``.
    UnknownReferenceError
        A record lacks a field (named with its row).

    Notes
    -----
    With :math:`W` won and :math:`L` lost records, :math:`K_f` distinct values
    of field :math:`f` plus one for unseen values, and counts :math:`n_{fv}^W`,
    :math:`n_{fv}^L`:

    .. math:: \log\frac{P(\text{won}\mid x)}{P(\text{lost}\mid x)}
        = \underbrace{\log\frac{W+\alpha}{L+\alpha}}_{\text{prior}}
        + \sum_f \log\frac{(n^W_{f x_f}+\alpha)/(W_f+\alpha K_f)}
                          {(n^L_{f x_f}+\alpha)/(L_f+\alpha K_f)}

    where :math:`W_f, L_f` count records with a value of :math:`f`. The sum is
    exact, so the contributions explain the estimate completely. This is the
    scheme of predictive lead scoring in open-source CRMs (e.g. Odoo).

    References
    ----------
    T. M. Mitchell, *Machine Learning*, McGraw-Hill, 1997, section 6.9.

    Examples
    --------
    Eight past deals by source; referrals win more often:

    >>> history = [{"source": s} for s in
    ...     ["referral", "referral", "referral", "tender", "tender", "tender", "web", "web"]]
    >>> won = [True, True, False, False, False, True, False, True]
    >>> model = fit_naive_bayes(history, won, fields=["source"])
    >>> est = model.predict({"source": "referral"})
    >>> round(est.probability, 3), round(est.prior + est.contributions["source"], 6) == round(
    ...     est.log_odds, 6)
    (0.6, True)
    """
    n = len(records)
    if n == 0:
        raise InvalidInputError("expected at least one record", field="records")
    if len(won) != n:
        raise InvalidInputError(f"expected {n} outcomes", field="won", value=len(won))
    if not (alpha > 0 and math.isfinite(alpha)):
        raise InvalidInputError("expected a finite alpha > 0", field="alpha", value=alpha)
    names = list(fields)
    if len(set(names)) != len(names) or not names:
        raise InvalidInputError("expected distinct field names", field="fields", value=names)
    y = np.asarray([bool(v) for v in won], dtype=bool)
    n_won = int(y.sum())
    prior = math.log((n_won + alpha) / (n - n_won + alpha))
    tables = []
    for f in names:
        raw: list[str | None] = []
        for r, rec in enumerate(records):
            if f not in rec:
                raise UnknownReferenceError("record lacks the field", field=f"records[{r}].{f}")
            v = rec[f]
            raw.append(None if v is None else str(v))
        values = sorted({v for v in raw if v is not None})
        lookup = {v: i for i, v in enumerate(values)}
        codes = np.array([-1 if v is None else lookup[v] for v in raw], dtype=np.int64)
        llr = naive_bayes(codes, y, len(values), alpha)
        tables.append(
            FieldTable(
                field=f,
                values=tuple(values),
                contributions=tuple(float(x) for x in llr[:-1]),
                unseen=float(llr[-1]),
            )
        )
    return NaiveBayesWinModel(
        fields=tuple(names),
        alpha=float(alpha),
        n_won=n_won,
        n_lost=n - n_won,
        prior=prior,
        tables=tuple(tables),
    )
