"""Criteria: name, direction, weight and missing-data policy (steps 2.3.1, 2.4.5, 2.5.2)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.validators import enum_member, identifier, optional
from clientel.errors import InvalidInputError
from clientel.scoring.kernels._missing import MissingPolicy

__all__ = ["Criterion", "Direction", "criteria_weights"]


class Direction(enum.Enum):
    """Whether more is better (benefit) or worse (cost)."""

    BENEFIT = "benefit"
    COST = "cost"

    @property
    def sign(self) -> int:
        """+1 for benefit, -1 for cost (the kernels' convention)."""
        return 1 if self is Direction.BENEFIT else -1


def _is_real(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _bounds(value: Iterable[float] | None) -> Any:
    """Two real numbers as a (low, high) tuple of floats; anything else as given (refused)."""
    if value is None or isinstance(value, str | bytes):
        return value
    try:
        lo, hi = value
    except (TypeError, ValueError):
        return value
    if not (_is_real(lo) and _is_real(hi)):
        return value
    try:
        return (float(lo), float(hi))
    except OverflowError:
        return value


def _check_bounds(instance: Criterion, attribute: object, value: Any) -> None:
    ok = value is None or (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, float) for v in value)
        and bool(np.isfinite(value).all())
        and value[0] <= value[1]
    )
    if not ok:
        msg = "expected two finite numbers (low, high) with low <= high"
        shown = value if isinstance(value, tuple) else type(value).__name__
        raise InvalidInputError(msg, field=f"Criterion[{instance.name}].bounds", value=shown)


def _check_weight(instance: Criterion, attribute: object, value: Any) -> None:
    if value is None:
        return
    if not _is_real(value):
        msg = "expected a number (or None), not text, a boolean or a list"
        shown = type(value).__name__
        raise InvalidInputError(msg, field=f"Criterion[{instance.name}].weight", value=shown)
    if (isinstance(value, float | np.floating) and not np.isfinite(value)) or value < 0:
        msg = "weight must be finite and >= 0"
        raise InvalidInputError(msg, field=f"Criterion[{instance.name}].weight", value=value)


_AS_DIRECTION = enum_member(Direction, "Criterion.direction")
_AS_MISSING = enum_member(MissingPolicy, "Criterion.missing")


def _direction(value: Direction | str) -> Direction:
    return _AS_DIRECTION(value)


def _missing(value: MissingPolicy | str) -> MissingPolicy:
    return _AS_MISSING(value)


@attrs.frozen(kw_only=True)
class Criterion:
    """One criterion of a scoring.

    Parameters
    ----------
    name : str
        Key of the value in each alternative's attributes (e.g. ``"it_budget"``).
    direction : Direction or str
        Benefit (more is better, default) or cost; ``"benefit"`` or ``"cost"``
        are accepted and anything else is refused at construction.
    weight : float, optional
        Relative weight; normalised over the criteria set. If no criterion has
        a weight, all weigh the same.
    missing : MissingPolicy or str
        What a missing value does: raise (default), exclude the alternative,
        neutral (column mean) or bounds (score and rank intervals); the values
        (``"bounds"``) are accepted as well.
    bounds : (float, float), optional
        Plausible (low, high) raw values for the BOUNDS policy.
    group : str, optional
        Group for two-axis views, e.g. ``"attractiveness"`` or ``"feasibility"``.

    Examples
    --------
    >>> from clientel.scoring import Criterion, MissingPolicy
    >>> Criterion(name="it_budget", weight=2, missing=MissingPolicy.BOUNDS)
    Criterion(name='it_budget', direction=<Direction.BENEFIT: 'benefit'>, weight=2, ...)
    """

    name: str = attrs.field(validator=identifier)
    direction: Direction = attrs.field(default=Direction.BENEFIT, converter=_direction)
    weight: float | None = attrs.field(default=None, validator=_check_weight)
    missing: MissingPolicy = attrs.field(default=MissingPolicy.RAISE, converter=_missing)
    bounds: tuple[float, float] | None = attrs.field(
        default=None, converter=_bounds, validator=_check_bounds
    )
    group: str | None = attrs.field(default=None, validator=optional(identifier))
    description: str = ""


def criteria_weights(
    criteria: Sequence[Criterion], weights: Sequence[float] | None = None
) -> NDArray[np.float64]:
    """Normalised weights: explicit ``weights``, else the criteria's own, else equal.

    Parameters
    ----------
    criteria : sequence of Criterion
        The selection criteria of step 2.3.1 (names unique).
    weights : sequence of float, optional
        One non-negative weight per criterion, overriding the criteria's own.

    Returns
    -------
    numpy.ndarray
        One weight per criterion, in the order of ``criteria``, summing to 1.

    Raises
    ------
    InvalidInputError
        Duplicate names, some but not all criteria weighted, or all-zero weights.

    Examples
    --------
    Revenue potential counts three times as much as relationship strength:

    >>> from clientel.scoring import Criterion
    >>> crit = [Criterion(name="potential", weight=3), Criterion(name="relationship", weight=1)]
    >>> criteria_weights(crit).tolist()
    [0.75, 0.25]
    >>> criteria_weights(crit, [1, 4]).tolist()
    [0.2, 0.8]
    """
    names = [c.name for c in criteria]
    if not names:
        raise InvalidInputError("expected at least one criterion", field="criteria")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise InvalidInputError(f"duplicate criterion names {dup}", field="criteria")
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)
    else:
        given = [c.weight is not None for c in criteria]
        if any(given) and not all(given):
            missing = [c.name for c in criteria if c.weight is None]
            raise InvalidInputError(f"criteria without a weight: {missing}", field="weight")
        w = np.array([c.weight if c.weight is not None else 1.0 for c in criteria], dtype=float)
    if w.shape != (len(names),) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise InvalidInputError(
            "expected one finite, non-negative weight per criterion, not all zero", field="weights"
        )
    out: NDArray[np.float64] = w / w.sum()
    return out
