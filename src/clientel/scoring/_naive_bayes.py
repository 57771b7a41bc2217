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
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping, str_tuple
from clientel.errors import (
    InsufficientDataError,
    InvalidInputError,
    MissingDataError,
    UnknownReferenceError,
)
from clientel.scoring.kernels._naive_bayes import ODOO_PLS_SMOOTHING, class_counts, log_ratios

__all__ = ["FieldTable", "NaiveBayesWinModel", "WinEstimate", "fit_naive_bayes"]

Category = str | int | float | bool | None
Smoothing = Literal["lidstone", "lidstone_unseen_bucket", "odoo_pls"]
SMOOTHINGS = ("lidstone", "lidstone_unseen_bucket", "odoo_pls")


def _ints(value: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


@attrs.frozen(kw_only=True)
class FieldTable:
    """Contribution to the log-odds of each known value of one field.

    ``unseen`` is the contribution of a value outside ``values`` under the
    ``"lidstone_unseen_bucket"`` variant; under ``"lidstone"`` it is None and
    such a value contributes nothing (it is reported as unknown).

    ``won_counts`` and ``lost_counts`` are the won and lost records of each value (for a
    stage field: that reached the stage), from which :meth:`NaiveBayesWinModel.update`
    adds new outcomes; models stored before 0.1.0 have none (empty).
    """

    field: str
    values: tuple[str, ...]
    contributions: tuple[float, ...]
    unseen: float | None = None
    won_counts: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    lost_counts: tuple[int, ...] = attrs.field(default=(), converter=_ints)


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
    stored models load as this variant, schema 4) or ``"odoo_pls"`` (Odoo's
    predictive lead scoring). ``stage_field`` names the field holding the
    process stage, whose values are counted as stages reached (``None``: none).
    """

    _document_type: ClassVar[str] = "WinModel"  # its JSON tag before the rename

    fields: tuple[str, ...]
    alpha: float
    n_won: int
    n_lost: int
    prior: float
    tables: tuple[FieldTable, ...]
    smoothing: Smoothing
    stage_field: str | None = None

    def predict(self, record: Mapping[str, Category]) -> WinEstimate:
        """Win probability of one record, with per-field contributions.

        A field whose value is ``None`` is missing and contributes 0 (naive Bayes
        marginalises it out); a field absent from ``record`` raises
        :class:`MissingDataError`. A value the model has no category for
        contributes 0 too and is listed in the estimate's ``unknown`` (under the
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

    def update(
        self, records: Sequence[Mapping[str, Category]], won: Sequence[bool]
    ) -> NaiveBayesWinModel:
        """The model with new closed outcomes added to its counts (steps 2.3.5, 2.5.7).

        Equal to refitting on the old and the new records together (the counts are
        sums, and the contributions are computed from them the same way); values not
        yet known become new categories, as a refit would count them, except for the
        stage field, whose stages are fixed. The explanations stay exact log-odds.

        Raises
        ------
        InvalidInputError
            Lengths differ; the model was stored without counts (fitted before
            0.1.0: refit it); a stage outside the model's stages.
        UnknownReferenceError
            A record lacks a field (named with its row).

        Examples
        --------
        >>> model = fit_naive_bayes([{"source": "web"}, {"source": "fair"}], [True, False],
        ...                         fields=["source"])
        >>> model.update([{"source": "web"}], [False]) == fit_naive_bayes(
        ...     [{"source": "web"}, {"source": "fair"}, {"source": "web"}], [True, False, False],
        ...     fields=["source"])
        True
        """
        if len(won) != len(records):
            raise InvalidInputError(f"expected {len(records)} outcomes", field="won",
                                    value=len(won))  # fmt: skip
        y = np.asarray([bool(v) for v in won], dtype=bool)
        tables = []
        for t in self.tables:
            if t.values and not t.won_counts:
                msg = "the model was stored without counts (before 0.1.0); refit it"
                raise InvalidInputError(msg, field=f"tables[{t.field!r}]")
            raw = _column(records, t.field)
            stage = t.field == self.stage_field
            values = (
                list(t.values)
                if stage
                else sorted(set(t.values) | {v for v in raw if v is not None})
            )
            at = np.array([values.index(v) for v in t.values], dtype=np.int64)
            w, lost = class_counts(_encode(raw, values, "stages" if stage else t.field), y,
                                   len(values), stage=stage)  # fmt: skip
            w[at] += np.asarray(t.won_counts, dtype=np.int64)
            lost[at] += np.asarray(t.lost_counts, dtype=np.int64)
            tables.append(_table(t.field, values, (w, lost), self.alpha, self.smoothing, stage))
        n_won = self.n_won + int(y.sum())
        n_lost = self.n_lost + int((~y).sum())
        return attrs.evolve(self, n_won=n_won, n_lost=n_lost, tables=tuple(tables),
                            prior=_prior(n_won, n_lost, self.alpha, self.smoothing))  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per field value (and, in the bucket variant, per field's unseen value)."""
        rows = []
        for t in self.tables:
            rows += [{"field": t.field, "value": v, "log_odds": c}
                     for v, c in zip(t.values, t.contributions, strict=True)]  # fmt: skip
            if t.unseen is not None:
                rows.append({"field": t.field, "value": "(unseen)", "log_odds": t.unseen})
        return rows


def _column(records: Sequence[Mapping[str, Category]], field: str) -> list[str | None]:
    raw: list[str | None] = []
    for r, rec in enumerate(records):
        if field not in rec:
            raise UnknownReferenceError("record lacks the field", field=f"records[{r}].{field}")
        v = rec[field]
        raw.append(None if v is None else str(v))
    return raw


def _encode(raw: list[str | None], values: Sequence[str], field: str) -> NDArray[np.int64]:
    """Position of each value in ``values`` (``-1`` = missing); a value outside is refused."""
    lookup = {v: i for i, v in enumerate(values)}
    outside = sorted({v for v in raw if v is not None and v not in lookup})
    if outside:
        raise InvalidInputError("values that are not among the declared categories or stages",
                                field=field, value=outside)  # fmt: skip
    return np.array([-1 if v is None else lookup[v] for v in raw], dtype=np.int64)


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


def _table(
    field: str,
    values: Sequence[str],
    counts: tuple[NDArray[np.int64], NDArray[np.int64]],
    alpha: float,
    smoothing: Smoothing,
    stage: bool,
) -> FieldTable:
    """A field's contributions from its won and lost counts (the counts are kept too)."""
    w, lost = counts
    bucket = smoothing == "lidstone_unseen_bucket"
    if bucket:
        w, lost = np.append(w, 0), np.append(lost, 0)
    llr = log_ratios(w, lost, alpha, stage=stage, odoo=smoothing == "odoo_pls")
    return FieldTable(
        field=field,
        values=tuple(values),
        contributions=tuple(float(x) for x in llr[: len(values)]),
        unseen=float(llr[-1]) if bucket else None,
        won_counts=tuple(int(x) for x in counts[0]),
        lost_counts=tuple(int(x) for x in counts[1]),
    )


def _prior(n_won: int, n_lost: int, alpha: float, smoothing: Smoothing) -> float:
    if smoothing == "lidstone_unseen_bucket":
        return math.log((n_won + alpha) / (n_lost + alpha))
    if smoothing == "odoo_pls":
        return math.log((n_won + ODOO_PLS_SMOOTHING) / (n_lost + ODOO_PLS_SMOOTHING))
    return math.log(n_won / n_lost)


def _gate(n_won: int, n_lost: int, minimum: int, what: str) -> None:
    if n_won < minimum or n_lost < minimum:
        raise InsufficientDataError(what, won=n_won, lost=n_lost, needed=minimum, field="won")


def fit_naive_bayes(
    records: Sequence[Mapping[str, Category]],
    won: Sequence[bool],
    *,
    fields: Sequence[str],
    alpha: float = 1.0,
    categories: Mapping[str, Sequence[Category]] | None = None,
    smoothing: Smoothing = "lidstone",
    stage_field: str | None = None,
    stages: Sequence[str] | None = None,
    min_per_class: int | None = None,
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
    smoothing : {"lidstone", "lidstone_unseen_bucket", "odoo_pls"}
        ``"lidstone"``: the formula below. ``"lidstone_unseen_bucket"``: each
        field counts one extra category for values never seen (whose
        contribution they then get) and the prior is smoothed as
        :math:`\log\frac{W+\alpha}{L+\alpha}`; this is what clientel's first
        builds did, kept so that their stored models mean the same.
        ``"odoo_pls"``: Odoo's predictive lead scoring (see Notes); ``alpha`` and
        ``categories`` are not used.
    stage_field : str, optional
        One of ``fields`` that holds the process stage of each record (for a
        closed record: the stage it was won or lost in). Its values are counted
        as stages *reached*: a won record passed every stage, a lost record the
        stages up to its own (Odoo's rule). An open opportunity is then scored
        for the stage it is in.
    stages : sequence of str
        The stages in process order; needed with ``stage_field``.
    min_per_class : int, optional
        The minimum-data gate: fewer won or fewer lost records than this raise
        :class:`~clientel.errors.InsufficientDataError`. By default 1 (0 for
        ``"lidstone_unseen_bucket"``, whose smoothed prior needs no loss).

    Returns
    -------
    NaiveBayesWinModel
        Call :meth:`NaiveBayesWinModel.predict` for a :class:`WinEstimate`.

    Raises
    ------
    InsufficientDataError
        Fewer than ``min_per_class`` won or lost records (only wins or only
        losses, by default); the message says how many more of each are needed.
    InvalidInputError
        No records, lengths differ, duplicate fields, ``alpha <= 0``, history
        values outside the declared ``categories`` or ``stages``, an unknown
        ``smoothing``, a ``stage_field`` that is not fitted or has no ``stages``.
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

    A stage field's value is the yes/no event "reached stage :math:`s`", so its
    probability is :math:`(n^W_s + \alpha) / (W_f + 2\alpha)` with
    :math:`n^W_s` the won records that reached stage :math:`s`.

    ``"odoo_pls"`` is the formula of Odoo's predictive lead scoring
    (``_pls_get_naive_bayes_probabilities`` and ``_pls_prepare_frequencies`` in
    odoo/addons/crm/models/crm_lead.py): every won and lost count gets 0.1, a
    value's probability is its count over the field's total of counts (for the
    stage field, over the first stage's count), the prior is
    :math:`(W + 0.1) / (L + 0.1)`, and values the history has not seen are
    skipped. Odoo shows the probability in per cent rounded to two places and
    kept within 0.01-99.99; clientel keeps it unrounded.

    References
    ----------
    T. M. Mitchell, *Machine Learning*, McGraw-Hill, 1997, section 6.9 and
    Table 3.2 (the PlayTennis example the tests reproduce). Odoo S.A., Odoo CRM,
    ``addons/crm/models/crm_lead.py`` (predictive lead scoring), read at commit
    694f48a59a2d15e2655708d299329b33003e2c9f of github.com/odoo/odoo.

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
    if smoothing == "odoo_pls" and declared:
        raise InvalidInputError("Odoo's scoring counts the values seen; categories are not "
                                "used", field="categories")  # fmt: skip
    order = _stage_order(stage_field, stages, names, declared, smoothing)
    y = np.asarray([bool(v) for v in won], dtype=bool)
    n_won = int(y.sum())
    bucket = smoothing == "lidstone_unseen_bucket"
    minimum = (0 if bucket else 1) if min_per_class is None else min_per_class
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
        raise InvalidInputError("expected an integer >= 0", field="min_per_class",
                                value=min_per_class)  # fmt: skip
    _gate(n_won, n - n_won, max(minimum, 0 if bucket else 1), "fitting a win model")
    tables = []
    for f in names:
        raw = _column(records, f)
        stage = f == stage_field
        values = order if stage else _categories(f, raw, declared.get(f))
        codes = _encode(raw, values, "stages" if stage else f"categories[{f!r}]")
        counts = class_counts(codes, y, len(values), stage=stage)
        tables.append(_table(f, values, counts, alpha, smoothing, stage))
    return NaiveBayesWinModel(
        fields=tuple(names),
        alpha=float(alpha),
        n_won=n_won,
        n_lost=n - n_won,
        prior=_prior(n_won, n - n_won, alpha, smoothing),
        tables=tuple(tables),
        smoothing=smoothing,
        stage_field=stage_field,
    )


def _stage_order(
    stage_field: str | None,
    stages: Sequence[str] | None,
    names: list[str],
    declared: Mapping[str, Any],
    smoothing: Smoothing,
) -> list[str]:
    """The stages in process order, checked; empty without a stage field."""
    if stage_field is None:
        if stages is not None:
            raise InvalidInputError("stages without a stage_field", field="stages")
        return []
    if stage_field not in names:
        raise UnknownReferenceError("the stage field is not among the fields",
                                    field="stage_field", value=stage_field)  # fmt: skip
    if smoothing == "lidstone_unseen_bucket":
        raise InvalidInputError("the unseen-bucket variant has no stage field",
                                field="stage_field")  # fmt: skip
    if stage_field in declared:
        raise InvalidInputError("give the stages in `stages`, not in `categories`",
                                field=f"categories[{stage_field!r}]")  # fmt: skip
    order = [str(v) for v in (stages or ())]
    if not order or len(set(order)) != len(order):
        raise InvalidInputError("expected the distinct stages in process order",
                                field="stages", value=order)  # fmt: skip
    return order
