"""Team model (step 2.7.3): staffing against required roles, training, incentives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel._internal.exact import as_written
from clientel._internal.validators import as_mapping
from clientel.errors import InvalidInputError
from clientel.models import Money, Person, TeamModel, TrainingRecord
from clientel.models._money_checks import as_money
from clientel.planning._records import fields_row

__all__ = ["StaffingGap", "incentives", "staffing_gaps", "training_gaps"]


@attrs.frozen(kw_only=True, repr=False)
class StaffingGap(TableDisplay):
    """Required versus staffed head count of one role (negative gap: short)."""

    role: str
    required: float
    staffed: float
    gap: float
    _display_title = "Staffing gap"

    def to_records(self) -> list[dict[str, Any]]:
        """One row: role, required, staffed and gap."""
        return [fields_row(self)]


def staffing_gaps(model: TeamModel, people: Iterable[Person]) -> tuple[StaffingGap, ...]:
    """Head count per required role against the people staffed, largest shortfall first.

    Roles staffed but not required are reported with ``required = 0``.

    Parameters
    ----------
    model : TeamModel
        The head count required per role (step 2.4.1).
    people : iterable of Person
        The people staffed.

    Returns
    -------
    tuple of StaffingGap
        One row per role: required, staffed and the gap (negative: short).

    Examples
    --------
    >>> from clientel.models import Role
    >>> model = TeamModel(id="delivery", required={"project_manager": 2, "consultant": 5})
    >>> staff = [Person(id="ana", name="Ana", role=Role.PROJECT_MANAGER),
    ...          Person(id="bo", name="Bo", role=Role.CONSULTANT),
    ...          Person(id="cy", name="Cy", role=Role.CONSULTANT)]
    >>> [(g.role, g.gap) for g in staffing_gaps(model, staff)]
    [('consultant', -3.0), ('project_manager', -1.0)]
    """
    counts: dict[str, float] = {}
    for p in people:
        counts[p.role.value] = counts.get(p.role.value, 0.0) + 1.0
    roles = sorted(set(model.required) | set(counts))
    gaps = [
        StaffingGap(role=r, required=float(model.required.get(r, 0.0)),
                    staffed=counts.get(r, 0.0),
                    gap=counts.get(r, 0.0) - float(model.required.get(r, 0.0)))
        for r in roles
    ]  # fmt: skip
    return tuple(sorted(gaps, key=lambda g: (g.gap, g.role)))


def training_gaps(
    model: TeamModel, people: Iterable[Person], records: Iterable[TrainingRecord], as_of: dt.date
) -> dict[str, tuple[str, ...]]:
    """Required topics each person has not completed by ``as_of`` (people with gaps only).

    Parameters
    ----------
    model : TeamModel
        The training each team member needs (step 2.4.1).
    people : iterable of Person
        The team.
    records : iterable of TrainingRecord
        Completed trainings.
    as_of : datetime.date
        Trainings completed after it do not count.

    Returns
    -------
    dict of str to tuple of str
        Person id -> missing topics, for people with a gap only.

    Examples
    --------
    >>> from clientel.models import Role
    >>> model = TeamModel(id="t", required={}, required_training=["security", "pm-basics"])
    >>> staff = [Person(id="ana", name="Ana", role=Role.PROJECT_MANAGER)]
    >>> done = [TrainingRecord(person_id="ana", topic="security", completed_on=dt.date(2027, 2, 1))]
    >>> training_gaps(model, staff, done, dt.date(2027, 3, 1))
    {'ana': ('pm-basics',)}
    """
    done: dict[str, set[str]] = {}
    for rec in records:
        if rec.completed_on <= as_of:
            done.setdefault(rec.person_id, set()).add(rec.topic)
    out = {}
    for p in sorted(people, key=lambda x: x.id):
        missing = tuple(t for t in sorted(model.required_training) if t not in done.get(p.id, ()))
        if missing:
            out[p.id] = missing
    return out


def incentives(
    pool: Money, results: Mapping[str, float | Decimal], *, threshold: float | Decimal = 1.0
) -> dict[str, Money]:
    """Split an incentive pool by measured results (e.g. target attainment), exactly.

    Each person's share is proportional to ``max(result - threshold, 0)``, the
    attainment above the threshold; parts sum exactly to the pool (largest
    remainder, ties to the earlier id). Nobody above the threshold: all zero.
    Results and threshold may be int, float or Decimal, each taken exactly as
    written (a float by its shortest repr).

    Parameters
    ----------
    pool : Money
        The incentive pool to split (step 2.4.1: the key-account team).
    results : mapping of str to float
        Person id -> measured result, e.g. target attainment (1.0 = on target).
    threshold : float
        The result above which a share is earned.

    Returns
    -------
    dict of str to Money
        One part per person, in sorted order, summing exactly to ``pool``.

    Raises
    ------
    InvalidInputError
        No result, or a result that is not a finite number (named by person).

    Examples
    --------
    >>> out = incentives(Money("9000", "EUR"), {"ana": 1.3, "bo": 1.1, "cy": 0.9})
    >>> {k: str(v) for k, v in out.items()}
    {'ana': '6750.00 EUR', 'bo': '2250.00 EUR', 'cy': '0.00 EUR'}
    """
    pool = as_money(pool, "pool")
    results = as_mapping(results, "results")
    if not results:
        raise InvalidInputError("expected at least one result", field="results")
    ids: Sequence[str] = sorted(results)
    # Attainment above the threshold, exactly as written (1.00001 - 1.0 is 0.00001, not the
    # float difference): a weight just above the threshold has no excess of decimal places.
    written = [as_written(results[k], f"results[{k}]") for k in ids]
    bar = as_written(threshold, "threshold")
    above = [max(v - bar, Fraction(0)) for v in written]
    if sum(above) == 0:
        zero = Money.zero(pool.currency).round()
        return dict.fromkeys(ids, zero)
    return dict(zip(ids, pool.allocate(above), strict=True))
