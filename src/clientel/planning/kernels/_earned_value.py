"""Earned-value measures of current projects (step 2.7.1), vectorised over projects."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.arrays import as_floats
from clientel._internal.display import TableDisplay
from clientel.errors import InvalidInputError

__all__ = ["EarnedValue", "earned_value"]

Float = NDArray[np.float64]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class EarnedValue(TableDisplay):
    """Earned-value measures, one entry per project (arrays of floats).

    Attributes follow the PMBOK names: ``sv = ev - pv``, ``cv = ev - ac``,
    ``spi = ev / pv``, ``cpi = ev / ac``; ``eac_cpi = bac / cpi`` (typical
    variance continues), ``eac_atypical = ac + bac - ev`` (variance will not
    recur), ``eac_cpi_spi = ac + (bac - ev) / (cpi spi)``; ``etc = eac_cpi - ac``,
    ``vac = bac - eac_cpi``, ``tcpi = (bac - ev) / (bac - ac)``. An index whose
    denominator is zero is ``inf`` or NaN only where the formula itself is
    undefined (e.g. ``spi`` before anything was planned), never silently 0;
    every other entry is finite (:func:`earned_value` refuses an overflow).

    The repr shows the indices and the typical estimate at completion; the
    notebook table and :meth:`to_records` show every measure, one row per project.
    """

    bac: Float = attrs.field(repr=False)
    pv: Float = attrs.field(repr=False)
    ev: Float = attrs.field(repr=False)
    ac: Float = attrs.field(repr=False)
    sv: Float = attrs.field(repr=False)
    cv: Float = attrs.field(repr=False)
    spi: Float
    cpi: Float
    eac_cpi: Float
    eac_atypical: Float = attrs.field(repr=False)
    eac_cpi_spi: Float = attrs.field(repr=False)
    etc: Float = attrs.field(repr=False)
    vac: Float = attrs.field(repr=False)
    tcpi: Float = attrs.field(repr=False)
    _display_title = "Earned value"

    def to_records(self) -> list[dict[str, Any]]:
        """One row per project (index from 0) with every measure."""
        names = [a.name for a in attrs.fields(type(self))]
        columns = [getattr(self, n).tolist() for n in names]
        return [
            {"project": i, **dict(zip(names, values, strict=True))}
            for i, values in enumerate(zip(*columns, strict=True))
        ]


def _arr(x: ArrayLike, field: str) -> Float:
    a = np.atleast_1d(as_floats(x, field))
    if a.ndim != 1:
        raise InvalidInputError("expected one amount per project", field=field, value=a.shape)
    bad = ~np.isfinite(a) | (a < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        msg = "expected a finite amount >= 0"
        raise InvalidInputError(msg, field=f"{field}[{i}]", value=float(a[i]))
    return a


def _ratio(numerators: tuple[Float, ...], denominators: tuple[Float, ...]) -> Float:
    """``prod(numerators) / prod(denominators)`` without an intermediate overflow or underflow.

    Each factor is split into mantissa and exponent (``frexp``); the mantissas
    (in [0.5, 1)) multiply and divide within range and the exponents add, so the
    result is inf or 0 only where the exact value is beyond a float's range.
    """
    mantissa, exponent = np.ones_like(numerators[0]), np.zeros(numerators[0].shape, np.int64)
    for values, sign in [(v, 1) for v in numerators] + [(v, -1) for v in denominators]:
        m, k = np.frexp(values)
        mantissa = mantissa * m if sign > 0 else mantissa / m
        exponent += sign * k.astype(np.int64)
    with np.errstate(over="ignore", under="ignore"):  # ldexp saturates to inf or 0 there
        limit = np.iinfo(np.int32).max  # ldexp takes a C int; beyond +-2**11 it saturates anyway
        out: Float = np.ldexp(mantissa, np.clip(exponent, -limit, limit).astype(np.int32))
    return out


def _overflow(measures: dict[str, Float], undefined: dict[str, NDArray[np.bool_]]) -> None:
    """Refuse a measure that is not finite where its formula is defined (a float overflow)."""
    for name, values in measures.items():
        bad = ~np.isfinite(values) & ~undefined.get(name, False)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            msg = f"{name} overflows a float (amounts up to about 1e308; use a larger unit)"
            raise InvalidInputError(msg, field=f"projects[{i}].{name}", value=float(values[i]))


def earned_value(
    bac: ArrayLike, planned_value: ArrayLike, earned: ArrayLike, actual_cost: ArrayLike
) -> EarnedValue:
    """Schedule and cost variances, performance indices and estimates at completion.

    Parameters
    ----------
    bac : array_like
        Budget at completion per project.
    planned_value : array_like
        Budgeted cost of the work scheduled to date (PV).
    earned : array_like
        Budgeted cost of the work performed (EV = percent complete x BAC).
    actual_cost : array_like
        Actual cost of the work performed (AC).

    Returns
    -------
    EarnedValue
        One entry per project. Where a formula divides by zero its result is
        defined as the IEEE quotient, and only there: ``spi`` with PV = 0,
        ``cpi`` with AC = 0, ``eac_cpi``, ``etc`` and ``vac`` with EV = 0 or
        AC = 0, ``eac_cpi_spi`` with EV, PV or AC = 0, ``tcpi`` with BAC = AC
        (the budget spent): ``inf`` when the numerator is above 0, NaN when it
        is 0 too (``spi`` before anything was planned or earned), ``-inf`` for
        ``etc`` and ``vac`` where ``eac_cpi`` is ``inf``. Every other entry is a
        finite number.

    Raises
    ------
    InvalidInputError
        An amount that is negative, infinite or NaN (``earned[2]``); planned
        or earned value above the budget (``projects[i]``); shapes that do not
        broadcast; a measure whose formula is defined but whose value does not
        fit in a float (amounts near 1e308, or an index of 1e308 / 5e-324),
        naming the project and the measure (``projects[0].eac_atypical``).

    References
    ----------
    Project Management Institute, A Guide to the Project Management Body of
    Knowledge (PMBOK Guide), 6th ed., 2017, section 7.4.2.2 and Table 7-1
    (earned value calculations summary).

    Examples
    --------
    A 1.2 M rollout, 50 % planned and 40 % done to date, 560 k spent:

    >>> m = earned_value(1_200_000, 600_000, 480_000, 560_000)
    >>> float(m.sv[0]), float(m.cv[0]), round(float(m.spi[0]), 3), round(float(m.cpi[0]), 4)
    (-120000.0, -80000.0, 0.8, 0.8571)
    >>> round(float(m.eac_cpi[0])), round(float(m.eac_atypical[0]))
    (1400000, 1280000)

    A project that has not started has no schedule index (0 / 0):

    >>> earned_value(1000, 0, 0, 0).spi
    array([nan])
    """
    b, p = _arr(bac, "bac"), _arr(planned_value, "planned_value")
    e, a = _arr(earned, "earned"), _arr(actual_cost, "actual_cost")
    try:
        b, p, e, a = np.broadcast_arrays(b, p, e, a)
    except ValueError as exc:
        raise InvalidInputError("inputs must have one value per project", field="bac") from exc
    if (e > b).any() or (p > b).any():
        i = int(np.argmax((e > b) | (p > b)))
        msg = "planned and earned value cannot exceed the budget at completion"
        raise InvalidInputError(msg, field=f"projects[{i}]")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        spi, cpi = e / p, e / a
        eac_cpi = _ratio((b, a), (e,))  # BAC / CPI = BAC AC / EV, without forming CPI
        eac_cs = a + _ratio((b - e, a, p), (e, e))  # (BAC - EV) / (CPI SPI)
        tcpi = (b - e) / (b - a)
        eac_atypical = a + (b - e)
        etc, vac = eac_cpi - a, b - eac_cpi
    no_cpi = (a == 0) | (e == 0)  # eac_cpi = b / cpi: cpi undefined or 0
    undefined = {"spi": p == 0, "cpi": a == 0, "eac_cpi": no_cpi, "etc": no_cpi, "vac": no_cpi,
                 "eac_cpi_spi": no_cpi | (p == 0), "tcpi": b == a}  # fmt: skip
    measures = {"spi": spi, "cpi": cpi, "eac_cpi": eac_cpi, "eac_atypical": eac_atypical,
                "eac_cpi_spi": eac_cs, "etc": etc, "vac": vac, "tcpi": tcpi}  # fmt: skip
    _overflow(measures, undefined)
    return EarnedValue(bac=b.copy(), pv=p.copy(), ev=e.copy(), ac=a.copy(), sv=e - p, cv=e - a,
                       spi=spi, cpi=cpi, eac_cpi=eac_cpi, eac_atypical=eac_atypical,
                       eac_cpi_spi=eac_cs, etc=etc, vac=vac, tcpi=tcpi)  # fmt: skip
