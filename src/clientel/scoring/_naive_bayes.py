"""A data-driven win probability: naive Bayes with Lidstone smoothing (steps 2.3.5, 2.4.5, 2.5.2).

For units with a won/lost history of opportunities or inquiries. The model's
log-odds is a sum of a prior and one contribution per field, which is the
explanation shown to the user.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

import attrs
import numpy as np

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, str_tuple
from clientel.errors import InvalidInputError, MissingDataError, UnknownReferenceError
from clientel.scoring.kernels._naive_bayes import naive_bayes

__all__ = ["FieldTable", "NaiveBayesWinModel", "WinEstimate", "fit_naive_bayes"]

Category = str | int | float | bool | None
Smoothing = Literal["lidstone", "lidstone_unseen_bucket"]
SMOOTHINGS = ("lidstone", "lidstone_unseen_bucket")


@attrs.frozen(kw_only=True)
class FieldTable:
    """Contribution to the log-odds of each known value of one field.

    ``unseen`` is the contribution of a value outside ``values`` under the
    ``"lidstone_unseen_bucket"`` variant; under ``"lidstone"`` it is None and
    such a value contributes nothing (it is reported as unknown).
    """

    field: str
    values: tuple[str, ...]
    contributions: tuple[float, ...]
    unseen: float | None = None


@attrs.frozen(kw_only=True, repr=False)
class WinEstimate(TableDisplay):
    """A win probability with its exact log-odds decomposition.

    ``values`` holds the record's value of each field (as text; None = missing);
    ``unknown`` the fields whose value the model has no category for (they
    contribute 0, like a missing value).
    """

    probability: float
    log_odds: float
    prior: float
    contributions: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    values: Mapping[str, str | None] = attrs.field(factory=dict, converter=frozen_mapping)
    unknown: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)

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
        notes = [f"{f}: value {self.values.get(f)!r} not known to the model" for f in self.unknown]
        return Explanation(
            subject="win estimate",
            summary=(
                f"probability {self.probability:.3g} (log-odds {self.log_odds:+.3g} "
                f"= prior {self.prior:+.3g} + fields)"
            ),
            factors=[Factor(criterion=f, effect=v, value=self.values.get(f)) for f, v in items[:k]],
            effect_kind="contribution to the log-odds of winning",
            notes=notes,
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
    """A fitted naive-Bayes win model (see :func:`fit_naive_bayes`).

    ``smoothing`` names the variant: ``"lidstone"`` (the published formula) or
    ``"lidstone_unseen_bucket"`` (one extra category per field for unseen
    values and a smoothed prior: the scheme of clientel's first builds; their
    stored models load as this variant, schema 4).
    """

    _document_type: ClassVar[str] = "WinModel"  # its JSON tag before the rename

    fields: tuple[str, ...]
    alpha: float
    n_won: int
    n_lost: int
    prior: float
    tables: tuple[FieldTable, ...]
    smoothing: Smoothing

    def predict(self, record: Mapping[str, Category]) -> WinEstimate:
        """Win probability of one record, with per-field contributions.

        A field whose value is ``None`` is missing and contributes 0 (naive Bayes
        marginalises it out); a field absent from ``record`` raises
        :class:`MissingDataError`. A value the model has no category for
        contributes 0 too and is listed in :attr:`WinEstimate.unknown` (under the
        ``"lidstone_unseen_bucket"`` variant it gets the unseen bucket's
        contribution instead).
        """
        contrib: dict[str, float] = {}
        values: dict[str, str | None] = {}
        unknown: list[str] = []
        for table in self.tables:
            if table.field not in record:
                msg = "field missing from the record (give None to mark it unknown)"
                raise MissingDataError(msg, field=table.field)
            v = record[table.field]
            values[table.field] = None if v is None else str(v)
            if v is None:
                contrib[table.field] = 0.0
            elif str(v) in table.values:
                contrib[table.field] = table.contributions[table.values.index(str(v))]
            elif table.unseen is not None:
                contrib[table.field] = table.unseen
            else:
                contrib[table.field] = 0.0
                unknown.append(table.field)
        log_odds = self.prior + math.fsum(contrib.values())
        return WinEstimate(
            probability=1.0 / (1.0 + math.exp(-log_odds)),
            log_odds=log_odds,
            prior=self.prior,
            contributions=contrib,
            values=values,
            unknown=unknown,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per field value (and, in the bucket variant, per field's unseen value)."""
        rows = []
        for t in self.tables:
            rows += [{"field": t.field, "value": v, "log_odds": c}
                     for v, c in zip(t.values, t.contributions, strict=True)]  # fmt: skip
            if t.unseen is not None:
                rows.append({"field": t.field, "value": "(unseen)", "log_odds": t.unseen})
        return rows


def _categories(
    field: str, raw: list[str | None], declared: Sequence[Category] | None
) -> list[str]:
    seen = sorted({v for v in raw if v is not None})
    if declared is None:
        return seen
    known = [str(v) for v in declared]
    if len(set(known)) != len(known):
        raise InvalidInputError("duplicate categories", field=f"categories[{field!r}]")
    outside = sorted(set(seen) - set(known))
    if outside:
        msg = "values in the history that are not among the declared categories"
        raise InvalidInputError(msg, field=f"categories[{field!r}]", value=outside)
    return sorted(known)


def fit_naive_bayes(
    records: Sequence[Mapping[str, Category]],
    won: Sequence[bool],
    *,
    fields: Sequence[str],
    alpha: float = 1.0,
    categories: Mapping[str, Sequence[Category]] | None = None,
    smoothing: Smoothing = "lidstone",
) -> NaiveBayesWinModel:
    r"""Fit a naive-Bayes win model with additive (Laplace/Lidstone) smoothing.

    Parameters
    ----------
    records : sequence of mapping of field to category
        Past opportunities or inquiries, e.g. ``{"source": "referral",
        "segment": "banking"}``; ``None`` marks a missing value (not counted).
        Values are compared as strings.
    won : sequence of bool
        Outcome of each record; the history needs at least one win and one loss.
    fields : sequence of str
        The categorical fields to use.
    alpha : float
        Additive smoothing, > 0: 1 (the default) is Laplace's rule, other values
        Lidstone's. It keeps a value seen only in won deals from giving
        probability 1.
    categories : mapping of field to values, optional
        The values a field can take, when the history has not seen them all
        (they count in :math:`K_f` and get the smoothed share); by default the
        values seen in the history.
    smoothing : {"lidstone", "lidstone_unseen_bucket"}
        ``"lidstone"``: the formula below. ``"lidstone_unseen_bucket"``: each
        field counts one extra category for values never seen (whose
        contribution they then get) and the prior is smoothed as
        :math:`\log\frac{W+\alpha}{L+\alpha}`; this is what clientel's first
        builds did, kept so that their stored models mean the same.

    Returns
    -------
    NaiveBayesWinModel
        Call :meth:`NaiveBayesWinModel.predict` for a :class:`WinEstimate`.

    Raises
    ------
    InvalidInputError
        No records, lengths differ, duplicate fields, ``alpha <= 0``, only wins
        or only losses, history values outside the declared ``categories``, an
        unknown ``smoothing``.
    UnknownReferenceError
        A record lacks a field (named with its row); ``categories`` for a field
        that is not fitted.

    Notes
    -----
    With :math:`W` won and :math:`L` lost records, :math:`K_f` categories of
    field :math:`f`, :math:`n^W_{fv}, n^L_{fv}` the won and lost records with
    value :math:`v` and :math:`W_f, L_f` those with any value of :math:`f`,
    the class-conditional probabilities are Lidstone's

    .. math:: P(x_f = v \mid \text{won}) = \frac{n^W_{fv} + \alpha}{W_f + \alpha K_f}

    (Laplace's rule for :math:`\alpha = 1`; it is also Mitchell's m-estimate
    :math:`(n_c + m p)/(n + m)` with the uniform prior :math:`p = 1/K_f` and
    :math:`m = \alpha K_f`), the class prior is the share of wins, and

    .. math:: \log\frac{P(\text{won}\mid x)}{P(\text{lost}\mid x)}
        = \underbrace{\log\frac{W}{L}}_{\text{prior}}
        + \sum_f \log\frac{P(x_f \mid \text{won})}{P(x_f \mid \text{lost})}

    The sum is exact, so the contributions explain the estimate completely.
    This is the categorical naive Bayes of scikit-learn's ``CategoricalNB``
    (``alpha``, ``fit_prior=True``), which the benchmarks check it against.

    References
    ----------
    T. M. Mitchell, *Machine Learning*, McGraw-Hill, 1997, section 6.9 and
    Table 3.2 (the PlayTennis example the tests reproduce).

    Examples
    --------
    Eight past deals by source; referrals win more often:

    >>> history = [{"source": s} for s in
    ...     ["referral", "referral", "referral", "tender", "tender", "tender", "web", "web"]]
    >>> won = [True, True, False, False, False, True, False, True]
    >>> model = fit_naive_bayes(history, won, fields=["source"])
    >>> est = model.predict({"source": "referral"})
    >>> round(est.probability, 3)  # 4/4 * (2+1)/(4+3) against (1+1)/(4+3)
    0.6
    >>> model.predict({"source": "fair"}).unknown
    ('source',)

    .. versionchanged:: 0.1.0
       Lidstone's formula with the categories seen (or declared) and the
       empirical prior; the former scheme is ``smoothing="lidstone_unseen_bucket"``.
    """
    n = len(records)
    if n == 0:
        raise InvalidInputError("expected at least one record", field="records")
    if len(won) != n:
        raise InvalidInputError(f"expected {n} outcomes", field="won", value=len(won))
    if isinstance(alpha, bool) or not (alpha > 0 and math.isfinite(alpha)):
        raise InvalidInputError("expected a finite alpha > 0", field="alpha", value=alpha)
    if smoothing not in SMOOTHINGS:
        raise InvalidInputError(f"expected one of {list(SMOOTHINGS)}", field="smoothing",
                                value=smoothing)  # fmt: skip
    names = list(fields)
    if len(set(names)) != len(names) or not names:
        raise InvalidInputError("expected distinct field names", field="fields", value=names)
    declared = dict(categories or {})
    for f in sorted(set(declared) - set(names)):
        raise UnknownReferenceError("categories for a field that is not fitted",
                                    field=f"categories[{f!r}]")  # fmt: skip
    y = np.asarray([bool(v) for v in won], dtype=bool)
    n_won = int(y.sum())
    bucket = smoothing == "lidstone_unseen_bucket"
    if bucket:
        prior = math.log((n_won + alpha) / (n - n_won + alpha))
    elif n_won in (0, n):
        msg = "the history needs at least one won and one lost record"
        raise InvalidInputError(msg, field="won", value=f"{n_won} won of {n}")
    else:
        prior = math.log(n_won / (n - n_won))
    tables = []
    for f in names:
        raw: list[str | None] = []
        for r, rec in enumerate(records):
            if f not in rec:
                raise UnknownReferenceError("record lacks the field", field=f"records[{r}].{f}")
            v = rec[f]
            raw.append(None if v is None else str(v))
        values = _categories(f, raw, declared.get(f))
        lookup = {v: i for i, v in enumerate(values)}
        codes = np.array([-1 if v is None else lookup[v] for v in raw], dtype=np.int64)
        llr = naive_bayes(codes, y, len(values), alpha, unseen_bucket=bucket)
        tables.append(
            FieldTable(
                field=f,
                values=tuple(values),
                contributions=tuple(float(x) for x in llr[: len(values)]),
                unseen=float(llr[-1]) if bucket else None,
            )
        )
    return NaiveBayesWinModel(
        fields=tuple(names),
        alpha=float(alpha),
        n_won=n_won,
        n_lost=n - n_won,
        prior=prior,
        tables=tuple(tables),
        smoothing=smoothing,
    )
