"""A contract's life after signing (issue 28): records, notices, amendments, stored documents.

Every bad input gets a named clientel error and leaves the contract as it was
(entities are frozen: the call raises and returns nothing).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

from clientel import models as m
from clientel import testing as t
from clientel.errors import (
    AuthorityError,
    CurrencyMismatchError,
    DeadlineError,
    InvalidInputError,
    LifecycleError,
    SerializationError,
    UnknownReferenceError,
)
from clientel.workflow import AmendmentAuthority, amend_contract, required_signers

DATA = Path(__file__).parent / "data"
SIGNED = dt.date(2027, 3, 10)
EUR = "EUR"


def eur(x: str | int) -> m.Money:
    return m.Money(x, EUR)


def _contract(**changes: Any) -> m.Contract:
    """The guide's signed contract with an obligation, a service level and yearly renewal."""
    base = attrs.evolve(
        t.signed_contract(),
        obligations=[
            m.Obligation(
                id="design", description="Design", owner_id="p-pd01", due_on=dt.date(2027, 5, 31)
            )
        ],
        service_levels=[
            m.ServiceLevel(
                id="avail",
                metric="availability",
                target=99.5,
                unit="%",
                owner_id="p-ops",
                starts_on=dt.date(2027, 4, 1),
            )
        ],
        renewal=m.RenewalTerms(automatic=True, term_months=12, notice_days=90),
    )
    return attrs.evolve(base, **changes)


def _refused(call: Any, error: type[Exception], field: str | None) -> Exception:
    with pytest.raises(error) as caught:
        call()
    assert getattr(caught.value, "field", None) == field
    return caught.value


# -- stored documents of every earlier version keep loading --------------------------------------
# data/vN/contract.json was written by clientel at schema N (v5: the release with quote lines,
# the last before contract life, schema 6); data/v2 and data/v5 hold a handover as well.
@pytest.mark.parametrize("version", ["v1", "v2", "v3", "v4", "v5"])
def test_stored_contracts_load_with_their_life_written_out_empty(version: str) -> None:
    doc = json.loads((DATA / version / "contract.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == int(version[1:])
    contract = m.from_document(doc, m.Contract)
    assert contract.state is m.ContractState.HANDED_OVER
    assert (contract.renewal, contract.version, contract.amendments) == (None, 0, ())
    assert contract.obligations == contract.milestones == contract.acceptances == ()
    assert all(i.milestone is None for i in contract.billing)
    up = m.upgrade_document(doc)
    assert up["schema_version"] == m.SCHEMA_VERSION
    added = {"renewal", "obligations", "service_levels", "milestones", "acceptances"}
    added |= {"fulfilments", "measurements", "notices", "amendments"}
    assert set(up["data"]) - set(doc["data"]) == added
    assert [b["milestone"] for b in up["data"]["billing"]] == [None] * len(contract.billing)
    assert doc["data"] == json.loads((DATA / version / "contract.json").read_text())["data"]
    again = m.loads(m.dumps(contract), m.Contract)
    assert again == contract


@pytest.mark.parametrize("version", ["v2", "v5"])
def test_a_stored_handover_loads_with_ungated_instalments(version: str) -> None:
    doc = json.loads((DATA / version / "handover.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == int(version[1:])
    handover = m.from_document(doc, m.Handover)
    assert [(i.label, i.milestone) for i in handover.billing] == [
        ("signature", None),
        ("go-live", None),
        ("acceptance", None),
    ]
    assert sum(i.amount.amount for i in handover.billing) == 440000


def test_a_v2_list_of_instalments_migrates_item_by_item() -> None:
    doc = {
        "schema_version": 2,
        "type": "list[Instalment]",
        "data": [{"due_on": "2027-04-01", "amount": {"amount": "10", "currency": "EUR"}}],
    }
    assert m.from_document(doc, list[m.Instalment])[0].milestone is None


def test_a_stored_contract_edited_outside_clientel_is_refused_with_the_path() -> None:
    contract = _contract().accept("go-live", "c-bank-cio", dt.date(2027, 9, 3))
    doc = m.to_document(contract)
    doc["data"]["acceptances"][0]["on"] = "2027-03-01"  # before signing
    with pytest.raises(SerializationError, match=r"acceptances\[0\]\.on"):
        m.from_document(doc, m.Contract)
    doc = m.to_document(contract)
    doc["data"]["billing"][1]["milestone"] = "cutover"  # a milestone the contract does not define
    with pytest.raises(SerializationError, match=r"billing\[1\]\.milestone"):
        m.from_document(doc, m.Contract)


# -- records after signing: acceptance, fulfilment, measurement ----------------------------------
def test_records_are_kept_in_order_and_checked() -> None:
    k = _contract()
    k = k.accept("go-live", "c-bank-cio", dt.date(2027, 9, 3))
    assert k.accepted_on("go-live") == dt.date(2027, 9, 3)
    _refused(
        lambda: k.accept("go-live", "c-bank-cio", dt.date(2027, 9, 4)),
        InvalidInputError,
        "milestone_id",
    )
    _refused(
        lambda: k.accept("cutover", "c-bank-cio", dt.date(2027, 9, 4)),
        UnknownReferenceError,
        "milestone_id",
    )
    _refused(lambda: k.fulfil("design", "p-pd01", dt.date(2027, 3, 1)), InvalidInputError, "on")
    k = k.fulfil("design", "p-pd01", dt.date(2027, 6, 4))
    _refused(
        lambda: k.fulfil("design", "p-pd01", dt.date(2027, 6, 5)),
        InvalidInputError,
        "obligation_id",
    )
    k = k.measure("avail", dt.date(2027, 5, 31), 99.6)
    _refused(
        lambda: k.measure("avail", dt.date(2027, 4, 30), 99.6), InvalidInputError, "period_end"
    )
    _refused(
        lambda: k.measure("avail", dt.date(2027, 6, 15), 99.6), InvalidInputError, "period_end"
    )
    _refused(
        lambda: k.measure("speed", dt.date(2027, 6, 30), 1.0),
        UnknownReferenceError,
        "service_level_id",
    )
    _refused(
        lambda: k.measure("avail", dt.date(2027, 6, 30), float("nan")),
        InvalidInputError,
        "Measurement.value",
    )


def test_dates_going_backwards_are_refused() -> None:
    k = _contract()
    k = k.accept("final", "c-bank-cio", dt.date(2027, 9, 20))
    err = _refused(
        lambda: k.accept("go-live", "c-bank-cio", dt.date(2027, 9, 3)), InvalidInputError, "on"
    )
    assert "dates go forward" in str(err)


def test_nothing_is_recorded_on_a_contract_that_is_not_signed() -> None:
    draft = _contract(state=m.ContractState.CONFIRMED, signatures=())
    for call in (
        lambda: draft.accept("go-live", "c-bank-cio", dt.date(2027, 9, 3)),
        lambda: draft.fulfil("design", "p-pd01", dt.date(2027, 6, 4)),
        lambda: draft.measure("avail", dt.date(2027, 4, 30), 99.6),
        lambda: draft.give_notice("non_renewal", "c-bank", dt.date(2027, 6, 1)),
    ):
        err = _refused(call, LifecycleError, "state")
        assert isinstance(err, LifecycleError)
        assert err.state == "confirmed"


# -- renewal notices ---------------------------------------------------------------------------
def test_a_notice_after_the_deadline_is_refused_naming_the_deadline_and_what_happens() -> None:
    k = _contract()  # first term ends 2027-12-31, 90 days' notice: deadline 2027-10-02
    before = m.dumps(k)
    err = _refused(
        lambda: k.give_notice("non_renewal", "c-bank", dt.date(2027, 10, 3)), DeadlineError, "on"
    )
    assert isinstance(err, DeadlineError)
    assert err.deadline == dt.date(2027, 10, 2)
    nxt = dt.date(2028, 12, 31) - dt.timedelta(days=90)  # the second term ends 2028-12-31
    assert f"renews on 2028-01-01; the next deadline is {nxt}" in str(err)
    assert m.dumps(k) == before
    assert k.notices == ()
    k = k.give_notice(m.NoticeKind.NON_RENEWAL, "c-bank", dt.date(2027, 10, 2))  # on the day: ok
    _refused(
        lambda: k.give_notice("non_renewal", "c-bank", dt.date(2027, 10, 2)), LifecycleError, "on"
    )


def test_notices_of_the_wrong_kind_or_without_renewal_terms_are_refused() -> None:
    k = _contract()
    _refused(
        lambda: k.give_notice("renewal", "c-bank", dt.date(2027, 6, 1)), InvalidInputError, "kind"
    )
    _refused(
        lambda: k.give_notice("cancel", "c-bank", dt.date(2027, 6, 1)),
        InvalidInputError,
        "RenewalNotice.kind",
    )
    plain = _contract(renewal=None)
    _refused(
        lambda: plain.give_notice("non_renewal", "c-bank", dt.date(2027, 6, 1)),
        InvalidInputError,
        "kind",
    )


def test_an_option_is_exercised_term_by_term_by_its_deadline() -> None:
    k = _contract(renewal=m.RenewalTerms(automatic=False, term_months=12, notice_days=30))
    k = k.give_notice("renewal", "c-bank", dt.date(2027, 11, 1))  # renews into 2028
    _refused(lambda: k.give_notice("renewal", "c-bank", dt.date(2027, 11, 2)), LifecycleError, "on")
    k = k.give_notice("renewal", "c-bank", dt.date(2028, 6, 1))  # renews into 2029
    assert k.renewal is not None
    assert k.renewal.final_term(k.end_on, k.notices) == 2
    lapsed = _contract(renewal=m.RenewalTerms(automatic=False, term_months=12, notice_days=30))
    err = _refused(
        lambda: lapsed.give_notice("renewal", "c-bank", dt.date(2027, 12, 2)), DeadlineError, "on"
    )
    assert "the option lapsed: the contract ends on 2027-12-31" in str(err)
    err = _refused(
        lambda: lapsed.give_notice("renewal", "c-bank", dt.date(2028, 2, 1)), LifecycleError, "on"
    )
    assert isinstance(err, LifecycleError)
    assert err.state == "ended"


# -- amendments --------------------------------------------------------------------------------
def _raised(k: m.Contract, value: str) -> m.ContractTerms:
    """Terms at ``value``: the difference goes on the last instalment."""
    old = k.terms
    last = attrs.evolve(old.billing[-1], amount=old.billing[-1].amount + eur(value) - old.value)
    return attrs.evolve(old, value=eur(value), billing=(*old.billing[:-1], last))


def test_an_amendment_to_an_unsigned_contract_is_refused() -> None:
    draft = _contract(state=m.ContractState.CONFIRMED, signatures=())
    day = dt.date(2027, 6, 1)
    err = _refused(
        lambda: amend_contract(
            draft,
            _raised(draft, "520000.00"),
            by="p-am01",
            on=day,
            signatures=t.signatures_for(("bg_gm",), day),
            matrix=t.SIGNING_MATRIX,
        ),
        LifecycleError,
        "state",
    )
    assert isinstance(err, LifecycleError)
    assert err.transition == "amend"
    item = m.Amendment(
        number=1,
        on=day,
        by="p-am01",
        previous=draft.terms,
        terms=_raised(draft, "520000.00"),
        signatures=t.signatures_for(("bg_gm",), day),
    )
    auth = AmendmentAuthority(matrix=t.SIGNING_MATRIX)
    _refused(lambda: draft.amend(item, authority=auth), LifecycleError, "state")


def test_amendments_are_numbered_chained_dated_and_signed_within_authority() -> None:
    k = _contract()
    day = dt.date(2027, 6, 1)
    auth = AmendmentAuthority(matrix=t.SIGNING_MATRIX)
    terms = _raised(k, "1200000.00")  # above the BU GM's 1,000,000: the BG GM signs
    weak = t.signatures_for(("account_manager", "bu_gm"), day)
    item = m.Amendment(
        number=1, on=day, by="p-am01", previous=k.terms, terms=terms, signatures=weak
    )
    before = m.dumps(k)
    _refused(lambda: k.amend(item, authority=auth), AuthorityError, "signatures")
    assert m.dumps(k) == before
    chain = required_signers(t.SIGNING_MATRIX, terms.value, business_type=k.business_type)
    good = attrs.evolve(item, signatures=t.signatures_for(chain.roles, day))
    k2 = k.amend(good, authority=auth)
    assert (k2.version, k2.value, k.version) == (1, eur("1200000.00"), 0)
    _refused(lambda: k2.amend(good, authority=auth), InvalidInputError, "number")
    again = attrs.evolve(good, number=2)
    _refused(lambda: k2.amend(again, authority=auth), InvalidInputError, "previous")
    back = m.Amendment(
        number=2,
        on=dt.date(2027, 5, 1),
        by="p-am01",
        previous=k2.terms,
        terms=_raised(k2, "1300000.00"),
        signatures=t.signatures_for(chain.roles, dt.date(2027, 5, 1)),
    )
    _refused(lambda: k2.amend(back, authority=auth), InvalidInputError, "on")
    assert k2.replay(authority=auth) == k2


def test_an_amendment_must_change_something_in_one_currency_with_dated_signatures() -> None:
    k = _contract()
    day = dt.date(2027, 6, 1)
    sigs = t.signatures_for(("bg_gm",), day)
    _refused(
        lambda: m.Amendment(
            number=1, on=day, by="p", previous=k.terms, terms=k.terms, signatures=sigs
        ),
        InvalidInputError,
        "Amendment.terms",
    )
    usd = attrs.evolve(k.terms, value=m.Money("440000.00", "USD"), billing=())
    _refused(
        lambda: m.Amendment(number=1, on=day, by="p", previous=k.terms, terms=usd, signatures=sigs),
        CurrencyMismatchError,
        "Amendment.terms.value",
    )
    late = t.signatures_for(("bg_gm",), day + dt.timedelta(days=1))
    _refused(
        lambda: m.Amendment(
            number=1,
            on=day,
            by="p",
            previous=k.terms,
            terms=_raised(k, "500000.00"),
            signatures=late,
        ),
        InvalidInputError,
        "Amendment.signatures[0]",
    )


def test_new_terms_that_drop_what_was_recorded_against_them_are_refused() -> None:
    k = _contract().accept("go-live", "c-bank-cio", dt.date(2027, 9, 3))
    day = dt.date(2027, 9, 10)
    terms = attrs.evolve(
        k.terms, milestones=(), billing=tuple(attrs.evolve(b, milestone=None) for b in k.billing)
    )
    auth = AmendmentAuthority(matrix=t.SIGNING_MATRIX)
    item = m.Amendment(
        number=1,
        on=day,
        by="p-am01",
        previous=k.terms,
        terms=terms,
        signatures=t.signatures_for(("account_manager", "bu_gm"), day),
    )
    _refused(
        lambda: k.amend(item, authority=auth),
        UnknownReferenceError,
        "Contract.acceptances[0].milestone_id",
    )


@given(t.contracts())
def test_any_generated_contract_round_trips_and_replays(contract: m.Contract) -> None:
    assert m.loads(m.dumps(contract), m.Contract) == contract
    assert contract.replay(authority=AmendmentAuthority(matrix=t.SIGNING_MATRIX)) == contract
    assert contract.terms == (
        contract.amendments[-1].terms if contract.amendments else contract.terms
    )


# -- invoices ------------------------------------------------------------------------------------
def _invoice() -> m.Invoice:
    return m.Invoice(
        number="INV-1",
        contract_id="k-17",
        client_id="c-bank",
        instalment=2,
        amount=eur("308000.00"),
        issued_on=dt.date(2027, 9, 3),
        due_on=dt.date(2027, 10, 3),
        milestone="go-live",
        accepted_on=dt.date(2027, 9, 3),
    )


def test_payments_are_dated_forward_in_the_currency_and_never_above_what_is_owed() -> None:
    inv = _invoice().pay(eur("100000.00"), dt.date(2027, 9, 30))
    _refused(lambda: inv.pay(eur("1.00"), dt.date(2027, 9, 29)), InvalidInputError, "on")
    _refused(lambda: inv.pay(eur("208000.01"), dt.date(2027, 10, 1)), InvalidInputError, "amount")
    _refused(
        lambda: inv.pay(m.Money("1.00", "USD"), dt.date(2027, 10, 1)),
        CurrencyMismatchError,
        "Invoice.payments[1].amount",
    )
    _refused(
        lambda: inv.pay(eur("0.001"), dt.date(2027, 10, 1)), InvalidInputError, "Payment.amount"
    )
    assert inv.status(dt.date(2027, 9, 30)) is m.InvoiceStatus.PARTLY_PAID
    assert inv.status(dt.date(2027, 10, 4)) is m.InvoiceStatus.OVERDUE
    assert inv.status(dt.date(2027, 9, 10)) is m.InvoiceStatus.OPEN  # the payment is not known yet
    paid = inv.pay(eur("208000.00"), dt.date(2027, 10, 20))
    assert paid.status(dt.date(2027, 10, 20)) is m.InvoiceStatus.PAID
    _refused(lambda: paid.status(dt.date(2027, 9, 1)), InvalidInputError, "as_of")


def test_an_invoice_that_precedes_its_acceptance_cannot_be_built() -> None:
    _refused(
        lambda: attrs.evolve(_invoice(), accepted_on=dt.date(2027, 9, 4)),
        InvalidInputError,
        "Invoice.issued_on",
    )
    _refused(
        lambda: attrs.evolve(_invoice(), accepted_on=None), InvalidInputError, "Invoice.accepted_on"
    )
    _refused(
        lambda: attrs.evolve(_invoice(), due_on=dt.date(2027, 9, 1)),
        InvalidInputError,
        "Invoice.due_on",
    )


def test_contract_life_entities_show_as_tables_with_short_reprs(check_display: Any) -> None:
    k = _contract().accept("go-live", "c-bank-cio", dt.date(2027, 9, 3))
    k = k.give_notice("non_renewal", "c-bank", dt.date(2027, 9, 4))
    k = k.fulfil("design", "p-pd01", dt.date(2027, 9, 4)).measure(
        "avail", dt.date(2027, 4, 30), 99.9
    )
    day = dt.date(2027, 9, 5)
    amended = k.amend(
        m.Amendment(
            number=1,
            on=day,
            by="p-am01",
            previous=k.terms,
            terms=_raised(k, "500000.00"),
            signatures=t.signatures_for(("account_manager", "bu_gm"), day),
        ),
        authority=AmendmentAuthority(matrix=t.SIGNING_MATRIX),
    )
    items = [
        amended,
        amended.terms,
        amended.amendments[0],
        amended.renewal,
        _invoice(),
        *amended.billing,
        *amended.milestones,
        *amended.acceptances,
        *amended.obligations,
        *amended.fulfilments,
        *amended.service_levels,
        *amended.measurements,
        *amended.notices,
        _invoice().pay(eur("1.00"), dt.date(2027, 9, 4)).payments[0],
    ]
    for item in items:
        check_display(item)
    assert (
        repr(amended) == "<Contract k-17 signed: 500000.00 EUR, 2027-04-01..2027-12-31, version 1>"
    )
    assert amended.amendments[0].changes[0] == ("value", "440000.00 EUR", "500000.00 EUR")
