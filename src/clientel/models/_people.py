"""People and roles of the process, and key-account teams (steps 2.3.3, 2.4.1)."""

from __future__ import annotations

import enum

import attrs

from clientel._internal import tuples
from clientel._internal.validators import (
    at_least,
    identifier,
    non_empty,
    optional,
    str_tuple,
    unique_ids,
)
from clientel.errors import InvalidInputError

__all__ = ["AccountTeam", "Person", "Role", "TeamMember"]


class Role(enum.Enum):
    """Roles that recur in the process (PROCESS.md, "Roles that recur")."""

    BG_GM = "bg_gm"
    BU_GM = "bu_gm"
    SEGMENT_MANAGER = "segment_manager"
    ACCOUNT_MANAGER = "account_manager"
    KEY_ACCOUNT_MANAGER = "key_account_manager"
    SALES = "sales"
    MARKETING_LEAD = "marketing_lead"
    PROJECT_MANAGER = "project_manager"
    PROJECT_DIRECTOR = "project_director"
    PRESALES_ENGINEER = "presales_engineer"
    CONTRACT_ADMINISTRATOR = "contract_administrator"
    FINANCIAL_ANALYST = "financial_analyst"
    PROCUREMENT = "procurement"
    LEGAL = "legal"
    FINANCE = "finance"
    MARKETING_PR = "marketing_pr"
    HR = "hr"
    RESEARCHER = "researcher"
    CONSULTANT = "consultant"


@attrs.frozen(kw_only=True)
class Person:
    """Someone in the business unit who can own clients, approve or sign.

    Parameters
    ----------
    role : Role
        Main role.
    segment_ids : tuple of str
        Segments the person covers (owner assignment respects coverage; empty
        means any segment).
    capacity : int, optional
        Most target clients the person can own (step 2.3.3); ``None``: unlimited.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    role: Role
    segment_ids: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    capacity: int | None = attrs.field(default=None, validator=optional(at_least(0)))

    def covers(self, segment_id: str) -> bool:
        """True when the person covers ``segment_id`` (or covers every segment)."""
        return not self.segment_ids or segment_id in self.segment_ids


@attrs.frozen(kw_only=True)
class TeamMember:
    """A member of a key-account team with the people they report to."""

    person_id: str = attrs.field(validator=identifier)
    team_role: str = attrs.field(validator=non_empty)
    reports_to: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)


@attrs.frozen(kw_only=True)
class AccountTeam:
    """A key-account team: structure, roles and ways of working (step 2.4.1).

    Examples
    --------
    >>> team = AccountTeam(id="t1", client_id="c1", lead_id="ana", members=[
    ...     TeamMember(person_id="ana", team_role="key account manager"),
    ...     TeamMember(person_id="bo", team_role="architect", reports_to=["ana", "dev-lead"]),
    ... ])
    >>> team.multiple_reporting_lines()
    ('bo',)
    """

    id: str = attrs.field(validator=identifier)
    client_id: str = attrs.field(validator=identifier)
    lead_id: str = attrs.field(validator=identifier)
    members: tuple[TeamMember, ...] = attrs.field(converter=tuples.members)
    ways_of_working: str = ""

    @members.validator
    def _check_members(
        self, attribute: attrs.Attribute[tuple[TeamMember, ...]], value: tuple[TeamMember, ...]
    ) -> None:
        unique_ids(self, attribute, [m.person_id for m in value])
        if self.lead_id not in {m.person_id for m in value}:
            msg = "the team lead must be a member"
            raise InvalidInputError(msg, field="AccountTeam.lead_id", value=self.lead_id)
        for m in value:
            if m.person_id in m.reports_to:
                msg = "a member cannot report to themself"
                raise InvalidInputError(msg, field="AccountTeam.members", value=m.person_id)

    def multiple_reporting_lines(self) -> tuple[str, ...]:
        """Members with more than one reporting line, a barrier the process names (2.4.1)."""
        return tuple(sorted(m.person_id for m in self.members if len(set(m.reports_to)) > 1))
