"""Portfolio selection: which opportunities to pursue (steps 2.3, 2.4.5-2.4.6, 2.5.2).

An exact 0/1 mixed integer program solved with :func:`scipy.optimize.milp`
(HiGHS): maximise expected value under the pursuit budget, each team's
capacity in person-days, at most N pursuits per client, must-include and
must-exclude lists.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._explanation import Explanation, Factor
from clientel._internal.display import TableDisplay
from clientel._internal.validators import frozen_mapping
from clientel.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    NoSolutionError,
    UnknownReferenceError,
)
from clientel.models import Money, Opportunity
from clientel.scoring.kernels._selection import marginal_gains, solve_binary

__all__ = ["BindingConstraint", "PortfolioSelection", "select_portfolio"]


@attrs.frozen(kw_only=True)
class BindingConstraint:
    """One resource constraint of the selection and how tight it is.

    ``marginal_value`` is the gain in optimal expected value from one more
    unit (1 currency unit of budget, 1 person-day, 1 more pursuit per client),
    found by re-solving; ``None`` for constraints that do not bind.
    """

    name: str
    limit: float
    used: float
    binding: bool
    marginal_value: float | None = None


@attrs.frozen(kw_only=True, repr=False)
class PortfolioSelection(TableDisplay):
    """The chosen pursuits, their expected value and the constraints that bind."""

    chosen: tuple[str, ...]
    value: float
    expected_values: Mapping[str, float] = attrs.field(converter=frozen_mapping)
    constraints: tuple[BindingConstraint, ...]

    def binding(self) -> tuple[BindingConstraint, ...]:
        """The constraints with no slack left."""
        return tuple(c for c in self.constraints if c.binding)

    def explain(self) -> Explanation:
        """The chosen pursuits by expected value (factors) and the binding constraints (notes)."""
        order = sorted(self.chosen, key=lambda i: (-self.expected_values[i], i))
        notes = []
        for c in self.binding():
            worth = "not computed" if c.marginal_value is None else f"{c.marginal_value:.2f}"
            notes.append(
                f"{c.name} binds ({c.used:g} of {c.limit:g}); one more unit is worth {worth}"
            )
        return Explanation(
            subject="portfolio",
            summary=f"pursue {len(order)}, expected value {self.value:.2f}",
            factors=[Factor(criterion=i, effect=self.expected_values[i]) for i in order],
            effect_kind="expected value of a chosen pursuit (win probability x value)",
            notes=notes,
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per opportunity: id, expected value, chosen."""
        return [
            {"id": i, "expected_value": v, "chosen": i in self.chosen}
            for i, v in sorted(self.expected_values.items())
        ]


def _expected_values(
    opps: Sequence[Opportunity], values: Mapping[str, float] | None
) -> NDArray[np.float64]:
    ev = np.empty(len(opps))
    for k, o in enumerate(opps):
        if o.win_probability is None:
            raise MissingDataError(
                "win_probability is needed", field=f"opportunities[{o.id!r}].win_probability"
            )
        if values is not None:
            if o.id not in values:
                raise MissingDataError("no value given", field=f"values[{o.id!r}]")
            v = float(values[o.id])
        else:
            v = float(sum((m.to_float() for m in o.margin()), 0.0))
        if not np.isfinite(v):
            raise InvalidInputError("value must be finite", field=f"values[{o.id!r}]", value=v)
        ev[k] = o.win_probability * v
    return ev


def select_portfolio(
    opportunities: Sequence[Opportunity],
    *,
    budget: Money | None = None,
    team_capacity: Mapping[str, float] | None = None,
    max_per_client: int | None = None,
    must_include: Collection[str] = (),
    must_exclude: Collection[str] = (),
    values: Mapping[str, float] | None = None,
    marginal_values: bool = True,
) -> PortfolioSelection:
    r"""Choose the pursuits that maximise expected value under the unit's limits.

    Parameters
    ----------
    opportunities : sequence of Opportunity
        Candidates; each needs ``win_probability``, ``pursuit_cost`` when a
        budget is given and ``effort_days`` and ``team_id`` when team
        capacities are given.
    budget : Money, optional
        Pursuit budget (sum of chosen ``pursuit_cost``).
    team_capacity : mapping of team id to person-days, optional
        Capacity per team (sum of chosen ``effort_days`` of that team's pursuits).
    max_per_client : int, optional
        At most this many pursuits per client.
    must_include, must_exclude : collection of str
        Opportunity ids forced in or out.
    values : mapping of id to float, optional
        Financial impact per opportunity (e.g. NPV from :mod:`clientel.planning`);
        by default the undiscounted total margin (revenue minus cost).
    marginal_values : bool
        Compute the exact value of one more unit of every binding constraint
        (default); ``False`` skips that, leaving ``marginal_value`` as None.

    Returns
    -------
    PortfolioSelection
        Chosen ids (sorted), the optimal expected value, and every constraint
        with its use, whether it binds and the marginal value of one more unit.

    Raises
    ------
    MissingDataError
        An opportunity lacks a field a constraint needs (named).
    UnknownReferenceError
        A must-include/exclude id or a team that is not known.
    CurrencyMismatchError
        Pursuit costs in another currency than the budget.
    NoSolutionError
        The must-include set alone breaks a constraint.

    Notes
    -----
    .. math:: \max_x \sum_i p_i v_i x_i \quad\text{s.t.}\quad \sum_i c_i x_i \le B,\;
              \sum_{i \in T} e_i x_i \le E_T,\; \sum_{i \in C} x_i \le N,\; x_i \in \{0,1\}

    solved exactly (HiGHS branch and bound, relative gap 0) in one solve. Equal
    optima are resolved deterministically: among the optimal selections, the one
    maximising :math:`\sum_i (n - k_i) x_i`, where :math:`k_i` is the position of
    the id in sorted order (earlier ids preferred). The tie-break is a small
    perturbation of the objective, proven equivalent to that lexicographic rule
    whenever selections of different value differ by more than
    :math:`10^{-10} \tfrac{n(n+1)}{2} \max_i |p_i v_i|` (the proof is in the
    kernel's notes; a selection is never more than that below the optimum). The
    model is built in id order, so the result does not depend on input order.

    A marginal value is the exact gain of the optimum when one limit grows by
    one unit. An LP relaxation over the selections that use more than the old
    limit certifies most gains of 0; the others come from a 0/1 program over the
    opportunities the LP's reduced costs leave undecided, with the current
    optimum as a floor.

    Examples
    --------
    Three bids, a pursuit budget of 10 000 EUR: the two smaller bids together
    are worth more than the biggest one alone.

    >>> from clientel.models import Opportunity, OpportunityOrigin, Money
    >>> def opp(i, cost, margin):
    ...     return Opportunity(id=i, client_id="c-" + i, name=i, win_probability=0.5,
    ...         origin=OpportunityOrigin.CLIENT_IT_NEED, pursuit_cost=Money(cost, "EUR"),
    ...         revenue=[Money(margin, "EUR")], cost=[Money(0, "EUR")])
    >>> sel = select_portfolio([opp("big", 6000, 14000), opp("erp", 5000, 10000),
    ...     opp("crm", 5000, 10000)], budget=Money(10000, "EUR"))
    >>> sel.chosen, sel.value
    (('crm', 'erp'), 10000.0)
    >>> sel.binding()[0].name
    'budget'
    """
    opps = sorted(opportunities, key=lambda o: o.id)
    ids = [o.id for o in opps]
    if len(set(ids)) != len(ids):
        raise InvalidInputError("duplicate opportunity ids", field="opportunities")
    for name, group in (("must_include", must_include), ("must_exclude", must_exclude)):
        for i in sorted(set(group) - set(ids)):
            raise UnknownReferenceError("no such opportunity", field=f"{name}[{i!r}]")
    both = sorted(set(must_include) & set(must_exclude))
    if both:
        raise InvalidInputError("both included and excluded", field="must_include", value=both)
    n = len(opps)
    ev = _expected_values(opps, values)
    rows: list[NDArray[np.float64]] = []
    limits: list[float] = []
    names: list[str] = []
    if budget is not None:
        cost = np.empty(n)
        for k, o in enumerate(opps):
            if o.pursuit_cost is None:
                raise MissingDataError(
                    "pursuit_cost is needed with a budget",
                    field=f"opportunities[{o.id!r}].pursuit_cost",
                )
            if o.pursuit_cost.currency != budget.currency:
                raise CurrencyMismatchError(
                    f"expected {budget.currency}",
                    field=f"opportunities[{o.id!r}].pursuit_cost",
                    value=str(o.pursuit_cost),
                )
            cost[k] = o.pursuit_cost.to_float()
        rows.append(cost)
        limits.append(budget.to_float())
        names.append("budget")
    if team_capacity is not None:
        teams = sorted(team_capacity)
        effort = np.empty(n)
        team_of = np.empty(n, dtype=np.int64)
        for k, o in enumerate(opps):
            if o.effort_days is None or o.team_id is None:
                raise MissingDataError(
                    "effort_days and team_id are needed with team capacities",
                    field=f"opportunities[{o.id!r}]",
                )
            if o.team_id not in team_capacity:
                raise UnknownReferenceError(
                    "team without a capacity",
                    field=f"opportunities[{o.id!r}].team_id",
                    value=o.team_id,
                )
            effort[k] = o.effort_days
            team_of[k] = teams.index(o.team_id)
        onehot = (team_of[None, :] == np.arange(len(teams))[:, None]).astype(np.float64)
        rows.extend(onehot * effort[None, :])
        limits.extend(float(team_capacity[t]) for t in teams)
        names.extend(f"team {t}" for t in teams)
    if max_per_client is not None:
        if max_per_client < 0:
            raise InvalidInputError("must be >= 0", field="max_per_client", value=max_per_client)
        clients, inv = np.unique([o.client_id for o in opps], return_inverse=True)
        onehot = (inv[None, :] == np.arange(clients.size)[:, None]).astype(np.float64)
        rows.extend(onehot)
        limits.extend([float(max_per_client)] * clients.size)
        names.extend(f"client {c}" for c in clients)
    A = np.array(rows, dtype=np.float64).reshape(len(rows), n)
    ub = np.array(limits, dtype=np.float64)
    lo = np.array([1.0 if i in must_include else 0.0 for i in ids])
    hi = np.array([0.0 if i in must_exclude else 1.0 for i in ids])
    solved = solve_binary(ev, A, ub, lo, hi)
    if solved is None:
        raise NoSolutionError(
            "no selection satisfies the constraints with the must-include set",
            field="must_include",
            value=sorted(must_include),
        )
    value, x = solved
    used = A @ x
    binding = used >= ub - 1e-9 * np.maximum(1.0, np.abs(ub))
    gains = dict.fromkeys(range(len(names)))
    if marginal_values:
        tight = [int(j) for j in np.flatnonzero(binding)]
        gains.update(zip(tight, marginal_gains(ev, A, ub, lo, hi, x, tight).tolist(), strict=True))
    report = [
        BindingConstraint(
            name=name,
            limit=float(ub[j]),
            used=float(used[j]),
            binding=bool(binding[j]),
            marginal_value=gains[j],
        )
        for j, name in enumerate(names)
    ]
    return PortfolioSelection(
        chosen=tuple(i for i, xi in zip(ids, x, strict=True) if xi > 0.5),
        value=value,
        expected_values={i: float(v) for i, v in zip(ids, ev, strict=True)},
        constraints=tuple(report),
    )
