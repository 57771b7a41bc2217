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
    undefined (e.g. ``spi`` before anything was planned), never silently 0.

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
    a = np.atleast_1d(as_floats(x, "x"))
    if a.ndim != 1 or not np.isfinite(a).all() or (a < 0).any():
        raise InvalidInputError("expected finite amounts >= 0, one per project", field=field)
    return a


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
        Per project: SV, CV, SPI, CPI and the estimates at completion.

    Raises
    ------
    InvalidInputError
        Inputs without one value per project, or a non-finite or negative
        value (named by project).

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
    with np.errstate(divide="ignore", invalid="ignore"):
        spi, cpi = e / p, e / a
        eac_cpi = b / cpi
        eac_cs = a + (b - e) / (cpi * spi)
        tcpi = (b - e) / (b - a)
    return EarnedValue(bac=b.copy(), pv=p.copy(), ev=e.copy(), ac=a.copy(), sv=e - p, cv=e - a,
                       spi=spi, cpi=cpi, eac_cpi=eac_cpi, eac_atypical=a + b - e,
                       eac_cpi_spi=eac_cs, etc=eac_cpi - a, vac=b - eac_cpi,
                       tcpi=tcpi)  # fmt: skip
