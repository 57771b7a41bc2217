"""Contract templates, confirmations, signing lifecycle and archive records (step 2.6)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel.errors import InvalidInputError, LifecycleError
from clientel.testing import contract_templates

DAY = dt.date(2027, 4, 1)
K = m.ConfirmationKind
ROLE_FOR = {K.COMMERCIAL: m.Role.BU_GM, K.TECHNICAL: m.Role.BU_GM, K.LIABILITY: m.Role.LEGAL}


def contract(**kw: object) -> m.Contract:
    base: dict[str, object] = {
        "id": "k-1",
        "client_id": "c-1",
        "proposal_id": "pr-1",
        "template_id": "tpl-si",
        "business_type": "system_integration",
        "value": m.Money("456000", "EUR"),
        "start_on": DAY,
        "end_on": dt.date(2027, 12, 31),
        "parts": {"scope_of_work": "SOW v3"},
    }
    return m.Contract(**{**base, **kw})  # type: ignore[arg-type]


@given(st.lists(st.sampled_from([m.Role.BG_GM, m.Role.LEGAL, m.Role.BU_GM]), max_size=4))
def test_template_usable_only_after_bg_gm_then_legal(roles: list[m.Role]) -> None:
    t = m.ContractTemplate(id="t", business_type="si", name="SI", required_parts=("scope",))
    accepted: list[m.Role] = []
    for role in roles:
        expected = (m.Role.BG_GM, m.Role.LEGAL)[len(accepted)] if len(accepted) < 2 else None
        if role is expected:
            t = t.approve(role, "p-x", DAY)
            accepted.append(role)
        else:
            with pytest.raises(LifecycleError, match=f"approve:{role.value}"):
                t.approve(role, "p-x", DAY)
    assert t.usable == (accepted == [m.Role.BG_GM, m.Role.LEGAL])


@given(contract_templates())
def test_templates_round_trip(t: m.ContractTemplate) -> None:
    assert m.from_data(m.to_data(t), m.ContractTemplate) == t


def test_template_approval_dates_and_stored_order_checked() -> None:
    t = m.ContractTemplate(id="t", business_type="si", name="SI", required_parts=("scope",))
    t = t.approve(m.Role.BG_GM, "p-bg", DAY)
    with pytest.raises(InvalidInputError, match="before the previous"):
        t.approve(m.Role.LEGAL, "p-l", DAY - dt.timedelta(1))
    wrong = [m.TemplateApproval(role=m.Role.LEGAL, by="p-l", on=DAY)]
    with pytest.raises(InvalidInputError, match=r"ContractTemplate\.approvals"):
        m.ContractTemplate(
            id="t", business_type="si", name="SI", required_parts=("s",), approvals=wrong
        )


@given(st.permutations(list(K)))
def test_all_three_confirmations_in_any_order_are_needed_before_signing(order: list[K]) -> None:
    c = contract()
    sig = [m.Signature(signer_id="p-gm", role=m.Role.BU_GM, on=DAY)]
    for i, kind in enumerate(order):
        with pytest.raises(LifecycleError, match="confirmed by GM and legal first"):
            c.sign(sig)
        c = c.confirm(kind, ROLE_FOR[kind], "p-x", DAY)
        assert c.state is (m.ContractState.CONFIRMED if i == 2 else m.ContractState.DRAFT)
    signed = c.sign(sig)
    assert signed.state is m.ContractState.SIGNED
    assert m.from_data(m.to_data(signed), m.Contract) == signed


def test_confirmation_roles_and_repeats() -> None:
    with pytest.raises(InvalidInputError, match="liability is confirmed by legal"):
        contract().confirm(K.LIABILITY, m.Role.BU_GM, "p-gm", DAY)
    once = contract().confirm(K.COMMERCIAL, m.Role.BU_GM, "p-gm", DAY)
    with pytest.raises(LifecycleError, match="already has commercial"):
        once.confirm(K.COMMERCIAL, m.Role.BU_GM, "p-gm", DAY)


def test_lifecycle_order_archive_and_handover() -> None:
    c = contract()
    for step in ("archive", "hand_over"):
        with pytest.raises(LifecycleError, match=f"cannot '{step}' from state 'draft'"):
            c.archive("N-1", "p-adm") if step == "archive" else c.hand_over()
    for kind in K:
        c = c.confirm(kind, ROLE_FOR[kind], "p-x", DAY)
    c = c.sign([m.Signature(signer_id="p-gm", role=m.Role.BU_GM, on=DAY)])
    with pytest.raises(LifecycleError, match="cannot 'confirm:commercial' from state 'signed'"):
        c.confirm(K.COMMERCIAL, m.Role.BU_GM, "p", DAY)
    c = c.archive("NWIT-2027-C0001", "p-adm")
    assert (c.number, c.archived_by) == ("NWIT-2027-C0001", "p-adm")
    assert c.hand_over().state is m.ContractState.HANDED_OVER


def test_billing_must_sum_to_the_value() -> None:
    parts = [m.Instalment(due_on=DAY, amount=m.Money("456000", "EUR"))]
    assert contract(billing=parts).billing == tuple(parts)
    short = [m.Instalment(due_on=DAY, amount=m.Money("455999.99", "EUR"))]
    with pytest.raises(InvalidInputError, match=r"Contract\.billing"):
        contract(billing=short)
    with pytest.raises(InvalidInputError, match=r"Contract\.end_on"):
        contract(end_on=DAY - dt.timedelta(1))
    c = contract()
    for kind in K:
        c = c.confirm(kind, ROLE_FOR[kind], "p-x", DAY)
    with pytest.raises(InvalidInputError, match="signature is needed"):
        c.sign([])


def test_archive_record_round_trips() -> None:
    rec = m.ArchiveRecord(
        contract_id="k-1",
        number="NWIT-2027-C0001",
        archived_on=DAY,
        custodian_id="p-adm",
        documents=("contract", "proposal"),
        location="vault B",
    )
    assert m.from_data(m.to_data(rec), m.ArchiveRecord) == rec
    with pytest.raises(InvalidInputError, match=r"ArchiveRecord\.number"):
        m.ArchiveRecord(contract_id="k", number="", archived_on=DAY, custodian_id="p")


def test_every_pair_of_confirmers_is_checked() -> None:
    for kind, role in itertools.product(K, m.Role):
        if ROLE_FOR[kind] is role:
            assert m.Confirmation(kind=kind, role=role, by="p", on=DAY).role is role
        else:
            with pytest.raises(InvalidInputError, match=r"Confirmation\.role"):
                m.Confirmation(kind=kind, role=role, by="p", on=DAY)
