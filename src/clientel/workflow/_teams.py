"""Key-account team reporting lines (step 2.4.1)."""

from __future__ import annotations

from typing import Any

import attrs

from clientel._internal.display import TableDisplay
from clientel.models import AccountTeam

__all__ = ["ReportingCheck", "check_reporting_lines"]


@attrs.frozen(kw_only=True, repr=False)
class ReportingCheck(TableDisplay):
    """Problems in a key-account team's reporting lines; each field lists person ids, sorted.

    Attributes
    ----------
    multiple_lines : tuple of str
        Members with more than one reporting line (the barrier step 2.4.1 names).
    cycles : tuple of str
        Members whose reporting chain inside the team loops back to them.
    outside : tuple of str
        Members reporting to someone who is not in the team (line managers
        elsewhere: allowed, but the team lead cannot steer them alone).
    unlinked : tuple of str
        Members other than the lead with no reporting line at all.
    """

    team_id: str
    multiple_lines: tuple[str, ...]
    cycles: tuple[str, ...]
    outside: tuple[str, ...]
    unlinked: tuple[str, ...]

    _display_title = "Reporting lines"
    _PROBLEMS = ("multiple_lines", "cycles", "outside", "unlinked")

    @property
    def ok(self) -> bool:
        """No member has several reporting lines and no chain loops."""
        return not self.multiple_lines and not self.cycles

    def __repr__(self) -> str:
        found = [f"{len(getattr(self, k))} {k.replace('_', ' ')}" for k in self._PROBLEMS
                 if getattr(self, k)]  # fmt: skip
        return (
            f"<ReportingCheck {self.team_id} {'ok' if self.ok else 'not ok'}: "
            + (", ".join(found) or "no findings")
            + ">"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per finding: the problem and the member it concerns."""
        return [{"problem": k.replace("_", " "), "member": m}
                for k in self._PROBLEMS for m in getattr(self, k)]  # fmt: skip


def check_reporting_lines(team: AccountTeam) -> ReportingCheck:
    """Check a key-account team's reporting lines (step 2.4.1).

    Parameters
    ----------
    team : AccountTeam
        The key-account team.

    Returns
    -------
    ReportingCheck
        Members with more than one line, lines outside the team, members linked
        to nobody, and ``ok`` when there are none.

    Examples
    --------
    >>> from clientel.models import TeamMember
    >>> team = AccountTeam(id="t1", client_id="c1", lead_id="ana", members=[
    ...     TeamMember(person_id="ana", team_role="key account manager"),
    ...     TeamMember(person_id="bo", team_role="architect", reports_to=["ana", "dev-lead"]),
    ...     TeamMember(person_id="cy", team_role="delivery"),
    ... ])
    >>> check = check_reporting_lines(team)
    >>> check.multiple_lines, check.outside, check.unlinked, check.ok
    (('bo',), ('bo',), ('cy',), False)
    """
    ids = {m.person_id for m in team.members}
    edges = {m.person_id: tuple(sorted(set(m.reports_to) & ids)) for m in team.members}
    in_cycle: set[str] = set()
    for start in sorted(ids):  # teams are small: a reachability walk per member
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node == start:
                in_cycle.add(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(edges[node])
    return ReportingCheck(
        team_id=team.id,
        multiple_lines=team.multiple_reporting_lines(),
        cycles=tuple(sorted(in_cycle)),
        outside=tuple(sorted(m.person_id for m in team.members if set(m.reports_to) - ids)),
        unlinked=tuple(
            sorted(
                m.person_id
                for m in team.members
                if not m.reports_to and m.person_id != team.lead_id
            )
        ),
    )
