"""Customer lifetime value in money (step 2.3.1): contractual CLV and BG/NBD-based CLV per client.

The arithmetic of money is exact: a margin (Money) times a lifetime multiple is
computed with fractions and rounded once, half-even, to the currency's minor
unit. The multiples come from :mod:`clientel.planning.kernels` (floats), except
the contractual one for Money, which is exact too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, cast, overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.arrays import as_floats, refuse_exact
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError, LimitExceededError, UnknownReferenceError
from clientel.models import Money
from clientel.models._money_checks import one_currency
from clientel.planning._exact import to_decimal
from clientel.planning.kernels._bgnbd import check_histories
from clientel.planning.kernels._bgnbd_fit import BgNbdModel
from clientel.planning.kernels._clv import (
    bgnbd_discounted_purchases,
    check_horizon_periods,
    margin_multiple,
)

__all__ = [
    "MAX_EXACT_PERIODS",
    "ClientValue",
    "ClientValues",
    "bgnbd_values",
    "contractual_clv",
    "contractual_values",
]

Float = NDArray[np.float64]
Number = Decimal | int | float

#: Longest finite horizon of the exact (Money) contractual CLV, in periods.
MAX_EXACT_PERIODS = 10_000


def _fraction(value: Any, field: str) -> Fraction:
    """An exact fraction from a Decimal, int or float (floats by their shortest repr)."""
    return Fraction(to_decimal(value, field))


def exact_multiple(retention: Any, discount_rate: Any, periods: int | None) -> Fraction:
    """Gupta and Lehmann's margin multiple as an exact fraction (see :func:`margin_multiple`)."""
    r = _fraction(retention, "retention")
    d = _fraction(discount_rate, "discount_rate")
    if not 0 <= r <= 1:
        msg = "expected a retention probability between 0 and 1"
        raise InvalidInputError(msg, field="retention", value=retention)
    if d <= -1:
        msg = "expected a discount rate greater than -1 (-100 %)"
        raise InvalidInputError(msg, field="discount_rate", value=discount_rate)
    if periods is None:
        if r >= 1 + d:
            msg = "retention >= 1 + discount rate: the value is unlimited; give periods"
            raise InvalidInputError(msg, field="retention", value=retention)
        return r / (1 + d - r)
    n = int(check_horizon_periods(periods))
    if n > MAX_EXACT_PERIODS:
        msg = f"at most MAX_EXACT_PERIODS = {MAX_EXACT_PERIODS} periods for exact money"
        raise LimitExceededError(msg, limit="MAX_EXACT_PERIODS", maximum=MAX_EXACT_PERIODS,
                                 field="periods", value=n)  # fmt: skip
    q = r / (1 + d)
    return Fraction(n) if q == 1 else q * (1 - q**n) / (1 - q)


def money_times(margin: Money, factor: Fraction, places: int | None = None) -> Money:
    """``margin * factor`` computed exactly and rounded once, half-even, to the minor unit."""
    digits = margin.minor_unit if places is None else places
    units = round(Fraction(margin.amount) * factor * Fraction(10) ** digits)
    return Money(Decimal(units).scaleb(-digits), margin.currency)


@overload
def contractual_clv(
    margin: Money,
    retention: Number,
    discount_rate: Number,
    *,
    periods: int | None = None,
    places: int | None = None,
) -> Money: ...


@overload
def contractual_clv(
    margin: Sequence[Money],
    retention: Number | Sequence[Number],
    discount_rate: Number | Sequence[Number],
    *,
    periods: int | None = None,
    places: int | None = None,
) -> tuple[Money, ...]: ...


@overload
def contractual_clv(
    margin: ArrayLike,
    retention: ArrayLike,
    discount_rate: ArrayLike,
    *,
    periods: ArrayLike | None = None,
    places: int | None = None,
) -> Float: ...


def contractual_clv(
    margin: Money | Sequence[Money] | ArrayLike,
    retention: Any,
    discount_rate: Any,
    *,
    periods: Any = None,
    places: int | None = None,
) -> Money | tuple[Money, ...] | Float:
    """Lifetime value of a client who renews each period with probability ``retention`` (2.3.1).

    ``CLV = m * r / (1 + d - r)`` (Gupta and Lehmann's margin multiple, unlimited
    horizon) or ``m * sum_{t=1..n} (r / (1 + d))**t`` (``periods = n``): the margin
    ``m`` of each period the client stays, received at the period's end and
    discounted at ``d`` per period.

    Parameters
    ----------
    margin : Money, sequence of Money, or array_like of float
        Margin per period. Money gives Money: the multiple is computed exactly
        from the decimal values of ``retention`` and ``discount_rate`` and the
        product rounded once, half-even, to the currency's minor unit (or
        ``places``). Floats give floats (vectorised, broadcast).
    retention : number or sequence/array of numbers
        Probability that the client stays another period, in [0, 1].
    discount_rate : number or sequence/array of numbers
        Per period, greater than -1.
    periods : int, optional
        A finite horizon; by default unlimited (needs ``retention < 1 + discount_rate``).
    places : int, optional
        Decimal places of Money results (default: the currency's minor unit).

    Returns
    -------
    Money, tuple of Money or ndarray
        Matching the kind of ``margin``.

    Raises
    ------
    InvalidInputError
        Retention outside [0, 1], a discount rate of -100 % or less, a
        negative or fractional horizon, an unlimited value, non-finite floats,
        or sequences of different lengths.
    CurrencyMismatchError
        Margins in more than one currency.
    LimitExceededError
        More than :data:`MAX_EXACT_PERIODS` periods with Money.

    Examples
    --------
    A key client with a yearly margin of 120,000 EUR renews its framework
    contract with probability 80 %; money costs 12 % a year:

    >>> from clientel.models import Money
    >>> contractual_clv(Money("120000", "EUR"), 0.8, 0.12)
    Money('300000.00', 'EUR')
    >>> contractual_clv(Money("120000", "EUR"), 0.8, 0.12, periods=3)
    Money('190670.55', 'EUR')

    Many clients at once, in floats:

    >>> contractual_clv([120_000.0, 50_000.0], [0.8, 0.6], 0.12).round(2).tolist()
    [300000.0, 57692.31]
    """
    if isinstance(margin, Money):
        return money_times(margin, exact_multiple(retention, discount_rate, periods), places)
    if isinstance(margin, Sequence) and margin and all(isinstance(m, Money) for m in margin):
        margin = cast("Sequence[Money]", margin)
        one_currency(margin, "margin")
        n = len(margin)
        rs, ds = _per_item(retention, n, "retention"), _per_item(discount_rate, n, "discount_rate")
        return tuple(
            money_times(m, exact_multiple(r, d, periods), places)
            for m, r, d in zip(margin, rs, ds, strict=True)
        )
    refuse_exact(margin, "margin")  # Decimal amounts are not turned into floats silently
    m = as_floats(margin, "margin")
    bad = ~np.isfinite(m)
    if bad.any():
        i = int(np.flatnonzero(bad.ravel())[0])
        raise InvalidInputError("expected a finite margin", field=f"margin[{i}]" if m.ndim
                                else "margin", value=float(m.ravel()[i]))  # fmt: skip
    multiple = margin_multiple(retention, discount_rate, periods=periods)
    try:
        np.broadcast_shapes(m.shape, np.shape(multiple))
    except ValueError as exc:
        msg = "expected one retention and discount rate, or one per margin"
        raise InvalidInputError(msg, field="retention", value=np.shape(multiple)) from exc
    out: Float = m * multiple
    return out


def _per_item(value: Any, n: int, field: str) -> list[Any]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != n:
            raise InvalidInputError(f"expected {n} values, one per margin", field=field,
                                    value=len(value))  # fmt: skip
        return list(value)
    return [value] * n


@attrs.frozen(kw_only=True)
class ClientValue:
    """One client's lifetime value and what it is made of.

    Attributes
    ----------
    id : str
        The client.
    value : Money
        Lifetime value: ``margin * multiple``, rounded once to the minor unit.
    margin : Money
        Margin per period (contractual) or per purchase (BG/NBD).
    multiple : float
        Discounted margins expected: the margin multiple (contractual) or the
        discounted expected purchases (BG/NBD).
    retention : float, optional
        The renewal probability (contractual).
    probability_alive : float, optional
        P(alive) today (BG/NBD).
    expected_purchases : float, optional
        Expected purchases over the horizon, undiscounted (BG/NBD).
    """

    id: str
    value: Money
    margin: Money
    multiple: float
    retention: float | None = None
    probability_alive: float | None = None
    expected_purchases: float | None = None


@attrs.frozen(kw_only=True, repr=False)
class ClientValues(TableDisplay):
    """Lifetime values of clients, highest first (ties by id), ready to rank on (2.3.1).

    Use :func:`clientel.planning.with_clv` to put the values into clients'
    attributes (for :func:`clientel.scoring.rank_clients`) or into the mapping
    :func:`clientel.scoring.score_alternatives` takes.

    Attributes
    ----------
    method : {"contractual", "bgnbd"}
        How the values were found.
    currency : str
        Of every value.
    discount_rate : float
        Per period.
    periods : int or None
        The horizon in periods (None: unlimited, contractual only).
    period_length : float or None
        A period in the BG/NBD model's time unit (e.g. 52 weeks).
    items : tuple of ClientValue
        Highest value first, ties by id.
    model : BgNbdModel or None
        The purchase model behind BG/NBD values.
    """

    method: Literal["contractual", "bgnbd"]
    currency: str
    discount_rate: float
    periods: int | None
    items: tuple[ClientValue, ...]
    period_length: float | None = None
    model: BgNbdModel | None = None
    _display_title = "Client lifetime values"

    def __repr__(self) -> str:
        top = ", ".join(f"{it.id} ({it.value.amount:,.0f})" for it in self.items[:3])
        more = f", … {len(self.items) - 3} more" if len(self.items) > 3 else ""
        return f"<ClientValues {self.method}, {self.currency}: {top}{more}>"

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        """Client ids, highest value first."""
        return tuple(it.id for it in self.items)

    @property
    def total(self) -> Money:
        """The sum of the values (exact)."""
        return Money.sum((it.value for it in self.items), self.currency)

    def item(self, id: str) -> ClientValue:  # noqa: A002 - ids are called id everywhere
        """The value of client ``id``."""
        for it in self.items:
            if it.id == id:
                return it
        raise UnknownReferenceError("no value for this client", field="id", value=id)

    def explain(self, id: str) -> Explanation:  # noqa: A002
        """How client ``id``'s value is built: margin times the discounted margins expected."""
        it = self.item(id)
        horizon = "unlimited horizon" if self.periods is None else f"{self.periods} periods"
        summary = (
            f"CLV {it.value} = margin {it.margin} x {it.multiple:.4g} discounted margins "
            f"({self.method}, {self.discount_rate:.4g} per period, {horizon})"
        )
        factors = [
            Factor(criterion="margin", effect=it.margin.to_float(), value=str(it.margin)),
            Factor(criterion="multiple", effect=it.multiple),
        ]
        for name in ("retention", "probability_alive", "expected_purchases"):
            value = getattr(it, name)
            if value is not None:
                factors.append(Factor(criterion=name, effect=float(value)))
        return Explanation(subject=id, summary=summary, factors=factors,
                           effect_kind="driver value (CLV = margin x multiple)")  # fmt: skip

    def to_records(self) -> list[dict[str, Any]]:
        """One row per client, highest value first."""
        return [attrs.asdict(it, recurse=False) for it in self.items]

    def as_floats(self) -> dict[str, float]:
        """Each client's value as a float in currency units (for scoring)."""
        return {it.id: it.value.to_float() for it in self.items}


def _sorted(items: list[ClientValue]) -> tuple[ClientValue, ...]:
    return tuple(sorted(items, key=lambda it: (-it.value.amount, it.id)))


def contractual_values(
    margins: Mapping[str, Money],
    *,
    retention: Number | Mapping[str, Number],
    discount_rate: Number,
    periods: int | None = None,
) -> ClientValues:
    """Contractual lifetime value of each client (step 2.3.1), exact in money.

    Parameters
    ----------
    margins : mapping of client id to Money
        Margin per period (one currency).
    retention : number or mapping of client id to number
        Renewal probability, one for all or one per client.
    discount_rate : number
        Per period.
    periods : int, optional
        Horizon; unlimited by default.

    Returns
    -------
    ClientValues
        Highest value first.

    Raises
    ------
    InvalidInputError, CurrencyMismatchError, UnknownReferenceError
        As for :func:`contractual_clv`; a client without a retention.

    Examples
    --------
    >>> from clientel.models import Money
    >>> v = contractual_values({"nordbank": Money("120000", "EUR"),
    ...                         "vista": Money("50000", "EUR")},
    ...                        retention={"nordbank": 0.8, "vista": 0.9}, discount_rate=0.12)
    >>> [(it.id, str(it.value)) for it in v.items]
    [('nordbank', '300000.00 EUR'), ('vista', '204545.45 EUR')]
    """
    one_currency(margins.values(), "margins")
    if not margins:
        raise InvalidInputError("expected at least one client", field="margins")
    items = []
    for cid, margin in sorted(margins.items()):
        if isinstance(retention, Mapping):
            if cid not in retention:
                raise UnknownReferenceError("no retention for this client",
                                            field=f"retention[{cid!r}]")  # fmt: skip
            r = retention[cid]
        else:
            r = retention
        multiple = exact_multiple(r, discount_rate, periods)
        items.append(
            ClientValue(
                id=cid,
                value=money_times(margin, multiple),
                margin=margin,
                multiple=float(multiple),
                retention=float(_fraction(r, "retention")),
            )
        )
    return ClientValues(
        method="contractual",
        currency=next(iter(margins.values())).currency,
        discount_rate=float(_fraction(discount_rate, "discount_rate")),
        periods=periods,
        items=_sorted(items),
    )


def bgnbd_values(
    model: BgNbdModel,
    ids: Sequence[str],
    frequency: ArrayLike,
    recency: ArrayLike,
    age: ArrayLike,
    *,
    margin: Money | Mapping[str, Money],
    discount_rate: float,
    periods: int,
    period_length: float,
) -> ClientValues:
    """Lifetime value of each client from its purchase history and a BG/NBD model (2.3.1).

    ``CLV = margin per purchase * sum_k (E[Y(k L)] - E[Y((k-1) L)]) / (1 + d)**k``:
    the purchases the model expects of the client in each future period (given
    its frequency, recency and age), discounted at the period's end.

    Parameters
    ----------
    model : BgNbdModel
        From :func:`fit_bgnbd`.
    ids : sequence of str
        Client ids, one per history.
    frequency, recency, age : array_like
        Histories in the model's time unit (see :func:`fit_bgnbd`).
    margin : Money or mapping of client id to Money
        Margin per purchase, one for all or one per client (one currency).
    discount_rate : float
        Per period.
    periods : int
        Horizon in periods.
    period_length : float
        One period in the model's time unit (52 for years of a weekly model).

    Returns
    -------
    ClientValues
        Highest value first, with P(alive) and the expected purchases.

    Raises
    ------
    InvalidInputError
        A bad history (named by row and id), duplicate ids, bad rates or horizon.
    UnknownReferenceError
        A client without a margin.

    Examples
    --------
    >>> from clientel.models import Money
    >>> m = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> v = bgnbd_values(m, ["c1", "c2"], [2, 0], [30.43, 0.0], [38.86, 38.86],
    ...                  margin=Money("40", "USD"), discount_rate=0.1, periods=2,
    ...                  period_length=52.0)
    >>> [(it.id, str(it.value), round(it.probability_alive, 3)) for it in v.items]
    [('c1', '93.39 USD', 0.727), ('c2', '15.84 USD', 1.0)]
    """
    names = [str(i) for i in ids]
    x, t_x, T = check_histories(frequency, recency, age, ids=names)
    if len(set(names)) != len(names):
        dup = sorted({i for i in names if names.count(i) > 1})
        raise InvalidInputError("ids must be unique", field="ids", value=dup)
    margins = dict.fromkeys(names, margin) if isinstance(margin, Money) else dict(margin)
    for cid in names:
        if cid not in margins:
            raise UnknownReferenceError("no margin for this client", field=f"margin[{cid!r}]")
    one_currency((margins[c] for c in names), "margin")
    p = model.parameters
    multiple = bgnbd_discounted_purchases(*p, x, t_x, T, periods=periods,
                                          period_length=period_length,
                                          discount_rate=discount_rate)  # fmt: skip
    alive = model.probability_alive(x, t_x, T)
    horizon = float(periods) * float(period_length)
    expected = model.conditional_expected_purchases(horizon, x, t_x, T)
    items = [
        ClientValue(
            id=cid,
            value=money_times(margins[cid], Fraction(float(multiple[i]))),
            margin=margins[cid],
            multiple=float(multiple[i]),
            probability_alive=float(alive[i]),
            expected_purchases=float(expected[i]),
        )
        for i, cid in enumerate(names)
    ]
    return ClientValues(
        method="bgnbd",
        currency=margins[names[0]].currency,
        discount_rate=float(discount_rate),
        periods=int(periods),
        period_length=float(period_length),
        items=_sorted(items),
        model=model,
    )
