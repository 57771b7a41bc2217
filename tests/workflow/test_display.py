"""Workflow results show as tables in a notebook and have short one-line reprs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from clientel import models as m
from clientel.workflow import (
    SigningAuthority,
    SigningLimit,
    check_reporting_lines,
    required_signers,
)

R = m.Role


def _authority(n: int = 3) -> SigningAuthority:
    return SigningAuthority(
        limits=[
            SigningLimit(role=r, max_value=m.Money(10_000 * (k + 1), "EUR"))
            for k, r in enumerate(list(R)[:n])
        ],
        mandatory=list(R)[:n][-1:],
    )


def _results() -> dict[str, object]:
    team = m.AccountTeam(id="t1", client_id="c1", lead_id="ana", members=[
        m.TeamMember(person_id="ana", team_role="key account manager"),
        m.TeamMember(person_id="bo", team_role="architect", reports_to=["ana", "dev-lead"]),
        m.TeamMember(person_id="cy", team_role="delivery"),
    ])  # fmt: skip
    return {
        "SigningAuthority": _authority(),
        "SigningChain": required_signers(_authority(), m.Money(35_000, "EUR")),
        "ReportingCheck": check_reporting_lines(team),
    }


@pytest.mark.parametrize("name", sorted(_results()))
def test_results_have_a_short_repr_and_render_as_a_table(
    name: str, check_display: Callable[[object], None]
) -> None:
    result = _results()[name]
    assert type(result).__name__ == name
    check_display(result)


def test_a_long_signing_chain_keeps_a_short_repr() -> None:
    authority = _authority(len(R))
    total = m.Money.sum((lim.max_value for lim in authority.limits), "EUR")
    chain = required_signers(authority, total)
    assert len(chain.roles) == len(R)
    assert len(repr(chain)) <= 160
    assert f"{len(R)} in all" in repr(chain)
    assert [r["role"] for r in chain.to_records()] == [r.value for r in chain.roles]
