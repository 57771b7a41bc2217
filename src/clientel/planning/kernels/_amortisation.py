"""Amortisation in floats: interest and principal parts of each payment, whole schedules.

Spreadsheet sign convention (see :mod:`._annuity`). After ``k`` payments the
balance still owed is ``b_k = pv g_k / g_1**w + pmt (g_k - 1) / r`` with
``g_k = (1 + r) ** k`` (``b_0 = pv``; ``pv + pmt k`` at ``r = 0``). Payment
``k`` carries the interest of the period before it, ``-r b_{k-1}``, except the
first payment of an annuity due (``when="begin"``), which carries none; the
rest of the payment is principal. These are the spreadsheet ``IPMT`` and
``PPMT`` and numpy-financial's ``ipmt`` and ``ppmt``.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.display import TableDisplay, html_table, summarise
from clientel.errors import InvalidInputError
from clientel.planning.kernels._annuity import (
    When,
    as_amount,
    as_periods,
    as_rate_array,
    as_when,
    check_overflow,
    one_or_array,
    payment_of,
)

__all__ = ["Amortisation", "amortisation", "ipmt", "ppmt"]

Float = NDArray[np.float64]
_SHOWN = 24  # rows in the notebook table


def _balance(r: Float, k: Float, pv: Float, payment: Float, w: float, lr: Float) -> Float:
    """Balance owed after ``k >= 1`` payments (``k >= 0`` for payments at the end).

    ``lr`` is ``log(1 + r)``, computed once by the caller.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lead = np.exp((k - w) * lr)
        out: Float = np.where(r == 0, pv + payment * k, pv * lead + payment * np.expm1(k * lr) / r)
    return out


def _parts(
    rate: ArrayLike, per: ArrayLike, nper: ArrayLike, pv: ArrayLike, fv: ArrayLike, when: str
) -> tuple[Float, Float]:
    """The payment and its interest part for period ``per``, broadcast."""
    r, w = as_rate_array(rate), as_when(when)
    n, k = as_periods(nper), as_periods(per, "per", whole=True)
    a, f = as_amount(pv, "pv"), as_amount(fv, "fv")
    r, k, n, a, f = np.broadcast_arrays(r, k, n, a, f)
    late = k > n
    if late.any():
        i = int(np.flatnonzero(late.ravel())[0])
        where = "per" if k.ndim == 0 else f"per[{i}]"
        raise InvalidInputError("the period must be between 1 and nper", field=where,
                                value=float(k.ravel()[i]))  # fmt: skip
    lr = np.log1p(r)
    payment = payment_of(a, f, r, n, w, lr)
    check_overflow(payment)
    interest = -r * _balance(r, k - 1.0, a, payment, w, lr)
    if w:
        interest = np.where(k == 1, 0.0, interest)
    return payment, interest


def ipmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0.0,
    when: When = "end",
) -> Float | float:
    """Interest part of payment ``per`` (spreadsheet ``IPMT``); ``per`` runs from 1 to ``nper``.

    Examples
    --------
    Interest in the first month of an 8,000 loan over 3 years at 10 % a year:

    >>> round(ipmt(0.10 / 12, 1, 36, 8_000), 2)
    -66.67
    """
    _, interest = _parts(rate, per, nper, pv, fv, when)
    return one_or_array(interest)


def ppmt(
    rate: ArrayLike,
    per: ArrayLike,
    nper: ArrayLike,
    pv: ArrayLike,
    fv: ArrayLike = 0.0,
    when: When = "end",
) -> Float | float:
    """Principal part of payment ``per`` (spreadsheet ``PPMT``): the payment less its interest.

    Examples
    --------
    >>> round(ppmt(0.10 / 12, 1, 24, 2_000), 2)
    -75.62
    """
    payment, interest = _parts(rate, per, nper, pv, fv, when)
    return one_or_array(payment - interest)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Amortisation(TableDisplay):
    """Amortisation schedules of many loans in floats: one row per loan, one column per payment.

    Attributes
    ----------
    payment, interest, principal, balance : ndarray, shape (loans, periods)
        The payment, its interest and principal parts (``payment = interest +
        principal``) and the balance owed after it, in the spreadsheet sign
        convention. The last balance is ``-fv``; with payments at the beginning
        it is ``-fv / (1 + r)``, since ``fv`` falls due a period after the last
        payment.
    """

    payment: Float
    interest: Float
    principal: Float
    balance: Float
    _display_title = "Amortisation"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per loan and payment."""
        return self._rows(self.payment.size)

    def _rows(self, stop: int) -> list[dict[str, Any]]:
        periods = self.payment.shape[1]
        rows = []
        for j in range(min(stop, self.payment.size)):
            i, k = divmod(j, periods)
            rows.append({"loan": i, "period": k + 1, "payment": float(self.payment[i, k]),
                         "interest": float(self.interest[i, k]),
                         "principal": float(self.principal[i, k]),
                         "balance": float(self.balance[i, k])})  # fmt: skip
        return rows

    def __repr__(self) -> str:
        loans, periods = self.payment.shape
        return (f"Amortisation(loans={loans}, periods={periods}, "
                f"payment={summarise(self.payment[:, 0])})")  # fmt: skip

    def _repr_html_(self) -> str:
        loans, periods = self.payment.shape
        title = f"Amortisation of {loans:,} loan(s) over {periods} periods"
        return html_table(self._rows(_SHOWN), title=title, max_rows=_SHOWN)


def amortisation(
    rate: ArrayLike, nper: int, pv: ArrayLike, fv: ArrayLike = 0.0, when: When = "end"
) -> Amortisation:
    """Whole amortisation schedules of many loans at once, in floats (no loop over loans).

    Parameters
    ----------
    rate : float or array_like
        Rate per period, one for all loans or one per loan.
    nper : int
        Number of payments, the same for every loan.
    pv, fv : float or array_like
        Amount lent (positive for a loan received) and the balance left after
        the last payment (0 for a loan repaid in full), one or one per loan.
    when : {"end", "begin"}
        Payments at the end or the beginning of each period.

    Returns
    -------
    Amortisation
        Arrays of shape (loans, nper). For exact schedules in a currency, with
        instalments that add up to the loan, use
        :func:`clientel.planning.amortisation_schedule`.

    Raises
    ------
    InvalidInputError
        ``rate <= -1``, ``nper`` not a positive whole number, non-finite amounts.

    Examples
    --------
    >>> s = amortisation([0.01, 0.02], 3, 1_000)
    >>> s.balance.round(2).tolist()
    [[669.98, 336.66, 0.0], [673.25, 339.96, 0.0]]
    >>> bool(np.allclose(s.principal.sum(axis=1), -1_000))
    True
    """
    if isinstance(nper, bool) or not isinstance(nper, int | np.integer):
        raise InvalidInputError("expected a whole number of periods", field="nper", value=nper)
    as_periods(nper)
    r, w = as_rate_array(rate), as_when(when)
    a, f = as_amount(pv, "pv"), as_amount(fv, "fv")
    r, a, f = (x.reshape(-1) for x in np.broadcast_arrays(r, a, f))
    lr = np.log1p(r)
    payment = payment_of(a, f, r, np.full(r.shape, float(nper)), w, lr)
    check_overflow(payment)
    k = np.arange(1, nper + 1, dtype=np.float64)[None, :]
    rc, ac, pc = r[:, None], a[:, None], payment[:, None]
    balance = _balance(rc, k, ac, pc, w, lr[:, None])
    before = np.concatenate([ac, balance[:, :-1]], axis=1)
    interest = -rc * before
    if w:
        interest[:, 0] = 0.0
    payments = np.broadcast_to(pc, balance.shape).copy()
    return Amortisation(payment=payments, interest=interest, principal=payments - interest,
                        balance=balance)  # fmt: skip
