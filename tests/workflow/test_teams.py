"""Key-account team reporting lines (2.4.1) and inquiry follow-up (2.3.5)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.testing import inquiry_outcomes
from clientel.workflow import check_reporting_lines, overdue_inquiries

PEOPLE = ["ana", "bo", "cy", "di", "ed", "fa"]


@st.composite
def teams(draw: st.DrawFn) -> m.AccountTeam:
    ids = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=6, unique=True))
    members = []
    for pid in ids:
        bosses = draw(
            st.lists(st.sampled_from([*PEOPLE, "outside-1"]), max_size=3, unique=True).map(
                lambda xs, me=pid: [x for x in xs if x != me]
            )
        )
        members.append(m.TeamMember(person_id=pid, team_role="member", reports_to=bosses))
    return m.AccountTeam(id="t", client_id="c", lead_id=ids[0], members=members)


@given(teams())
def test_reporting_lines_against_a_transitive_closure(team: m.AccountTeam) -> None:
    ids = [x.person_id for x in team.members]
    n = len(ids)
    adj = np.zeros((n, n), dtype=bool)
    for i, mem in enumerate(team.members):
        for boss in mem.reports_to:
            if boss in ids:
                adj[i, ids.index(boss)] = True
    reach = adj.copy()
    for _ in range(n):  # Warshall-style closure by repeated boolean products
        reach = reach | ((reach.astype(int) @ adj.astype(int)) > 0)
    check = check_reporting_lines(team)
    assert set(check.cycles) == {ids[i] for i in range(n) if reach[i, i]}
    assert check.multiple_lines == tuple(
        sorted(x.person_id for x in team.members if len(x.reports_to) > 1)
    )
    assert set(check.outside) == {x.person_id for x in team.members if set(x.reports_to) - set(ids)}
    assert check.ok == (not check.multiple_lines and not check.cycles)
    assert m.to_data(check)["team_id"] == "t"


def test_worked_team_example() -> None:
    team = m.AccountTeam(
        id="kat-bank",
        client_id="c-bank",
        lead_id="ana",
        members=[
            m.TeamMember(person_id="ana", team_role="key account manager"),
            m.TeamMember(person_id="bo", team_role="architect", reports_to=["ana"]),
            m.TeamMember(person_id="cy", team_role="delivery", reports_to=["di"]),
            m.TeamMember(person_id="di", team_role="service", reports_to=["cy"]),
        ],
    )
    check = check_reporting_lines(team)
    assert check.cycles == ("cy", "di")
    assert check.multiple_lines == ()
    assert not check.ok


@given(
    st.lists(inquiry_outcomes(), max_size=6, unique_by=lambda o: o.inquiry_id),
    st.dates(dt.date(2024, 1, 1), dt.date(2031, 12, 31)),
)
def test_overdue_inquiries(outcomes: list[m.InquiryOutcome], on: dt.date) -> None:
    late = overdue_inquiries(outcomes, on)
    assert set(late) == {
        o.inquiry_id
        for o in outcomes
        if not o.closed
        and o.follow_up_due is not None
        and o.follow_up_due < on
        and not o.follow_ups
    }
    assert overdue_inquiries(reversed(outcomes), on) == late
