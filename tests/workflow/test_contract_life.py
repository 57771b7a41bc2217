"""Acceptance and invoices, renewals, obligations and service levels (issue 28, 2.6.6-2.7.4).

Reference values are computed independently in the tests: renewal terms by
stepping through the terms one by one with ``add_months`` (the kernels solve
for the term in a few vectorised passes), statuses by if-chains per item.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientel import models as m
from clientel import testing as t
from clientel.errors import InvalidInputError, LifecycleError, UnknownReferenceError
from clientel.workflow import (
    issue_invoice,
    kernels,
    obligation_status,
    renewal_list,
    service_level_status,
)

SIGNED = dt.date(2027, 3, 10)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, the day clamped to the month's end (written out for the tests)."""
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


days = st.dates(dt.date(2023, 1, 1), dt.date(2034, 12, 31))


def eur(x: str | int) -> m.Money:
    return m.Money(x, "EUR")


def _contract(**changes: Any) -> m.Contract:
    return attrs.evolve(t.signed_contract(), **changes)


# -- acceptance gates invoices (2.6.6) ---------------------------------------------------------
def test_an_invoice_before_acceptance_is_refused_and_one_after_is_issued() -> None:
    k = _contract()
    with pytest.raises(LifecycleError) as caught:
        issue_invoice(k, "go-live", number="INV-1", on=dt.date(2027, 9, 2))
    assert (caught.value.field, caught.value.state, caught.value.transition) == (
        "on",
        "awaiting acceptance",
        "invoice",
    )
    k = k.accept("go-live", "c-bank-cio", dt.date(2027, 9, 10))
    with pytest.raises(LifecycleError) as early:
        issue_invoice(k, 2, number="INV-1", on=dt.date(2027, 9, 9))
    assert (early.value.field, early.value.state) == ("on", "accepted later")
    first = issue_invoice(k, "signature", number="INV-0", on=dt.date(2027, 4, 1))
    assert (first.milestone, first.accepted_on, first.due_on) == (None, None, dt.date(2027, 5, 1))
    inv = issue_invoice(
        k, 2, number="INV-1", on=dt.date(2027, 9, 10), payment_days=45, issued=[first]
    )
    assert (inv.amount, inv.instalment, inv.label) == (eur("220000.00"), 2, "go-live")
    assert (inv.accepted_on, inv.due_on) == (dt.date(2027, 9, 10), dt.date(2027, 10, 25))


def test_invoicing_bad_input_names_the_argument() -> None:
    k = _contract().accept("go-live", "c-bank-cio", dt.date(2027, 9, 10))
    first = issue_invoice(k, 2, number="INV-1", on=dt.date(2027, 9, 10))
    cases = [
        (
            lambda: issue_invoice(k, 2, number="INV-2", on=dt.date(2027, 9, 11), issued=[first]),
            InvalidInputError,
            "instalment",
        ),
        (
            lambda: issue_invoice(k, 1, number="INV-1", on=dt.date(2027, 9, 11), issued=[first]),
            InvalidInputError,
            "number",
        ),
        (
            lambda: issue_invoice(k, 1, number="INV-2", on=dt.date(2027, 9, 9), issued=[first]),
            InvalidInputError,
            "on",
        ),
        (
            lambda: issue_invoice(k, 1, number="INV-2", on=dt.date(2027, 3, 1)),
            InvalidInputError,
            "on",
        ),
        (
            lambda: issue_invoice(k, 4, number="INV-2", on=dt.date(2027, 9, 11)),
            UnknownReferenceError,
            "instalment",
        ),
        (
            lambda: issue_invoice(k, "kickoff", number="INV-2", on=dt.date(2027, 9, 11)),
            UnknownReferenceError,
            "instalment",
        ),
        (
            lambda: issue_invoice(k, True, number="INV-2", on=dt.date(2027, 9, 11)),
            InvalidInputError,
            "instalment",
        ),
        (
            lambda: issue_invoice(k, 1, number="INV-2", on=dt.date(2027, 9, 11), payment_days=-1),
            InvalidInputError,
            "payment_days",
        ),
        (
            lambda: issue_invoice(
                attrs.evolve(k, state=m.ContractState.CONFIRMED, signatures=(), acceptances=()),
                1,
                number="INV-2",
                on=dt.date(2027, 9, 11),
            ),
            LifecycleError,
            "state",
        ),
    ]
    for call, error, field in cases:
        with pytest.raises(error) as caught:
            call()
        assert caught.value.field == field


@given(t.contracts(max_steps=8), days, st.integers(1, 4))
def test_an_invoice_never_precedes_its_acceptance(
    k: m.Contract, on: dt.date, instalment: int
) -> None:
    if instalment > len(k.billing):
        return
    bill = k.billing[instalment - 1]
    accepted = {a.milestone_id: a.on for a in k.acceptances}.get(bill.milestone or "")
    gate_open = bill.milestone is None or (accepted is not None and accepted <= on)
    if not gate_open:
        with pytest.raises(LifecycleError) as caught:
            issue_invoice(k, instalment, number="INV-1", on=on)
        assert caught.value.field == "on"
        return
    signed = max(s.on for s in k.signatures)
    if on < signed:
        with pytest.raises(InvalidInputError) as early:
            issue_invoice(k, instalment, number="INV-1", on=on)
        assert early.value.field == "on"
        return
    inv = issue_invoice(k, instalment, number="INV-1", on=on)
    assert inv.accepted_on is None or inv.accepted_on <= inv.issued_on
    assert inv.accepted_on == accepted
    assert inv.amount == bill.amount
    assert inv.milestone == bill.milestone


# -- renewals (2.7.4) --------------------------------------------------------------------------
def _by_hand(k: m.Contract, as_of: dt.date) -> tuple[int, dt.date, dt.date, str]:
    """Step through the terms one by one: the term of ``as_of``, its end, deadline, status."""
    terms = k.renewal
    assert terms is not None
    term = 0
    while add_months(k.end_on, term * terms.term_months) < as_of:
        term += 1
    noticed: dict[int, bool] = {}
    for n in k.notices:
        at = 0
        while add_months(k.end_on, at * terms.term_months) < n.on:
            at += 1
        noticed[at] = True
    if terms.automatic:
        last = min(noticed) if noticed else None
    else:
        last = 0
        while noticed.get(last):
            last += 1
    ended = last is not None and term > last
    term = last if ended and last is not None else term
    end = add_months(k.end_on, term * terms.term_months)
    deadline = end - dt.timedelta(days=terms.notice_days)
    if ended:
        return term, end, deadline, "ended"
    given_now = noticed.get(term, False)
    past = as_of > deadline
    if terms.automatic:
        status = "ends" if given_now else ("renews" if past else "renews unless notice")
    else:
        status = "renews" if given_now else ("ends" if past else "ends unless renewed")
    return term, end, deadline, status


@given(st.lists(t.contracts(max_steps=10), min_size=1, max_size=4), days)
def test_the_renewal_list_matches_terms_stepped_through_by_hand(
    contracts: list[m.Contract], as_of: dt.date
) -> None:
    contracts = [attrs.evolve(k, id=f"k-{i}") for i, k in enumerate(contracts)]
    result = renewal_list(contracts, as_of)
    renewing = [k for k in contracts if k.renewal is not None]
    assert sorted(result.ids) == sorted(k.id for k in renewing)
    assert set(result.skipped) == {k.id for k in contracts if k.renewal is None}
    rows = {r["contract"]: r for r in result.to_records()}
    for k in renewing:
        term, end, deadline, status = _by_hand(k, as_of)
        row = rows[k.id]
        assert (row["term"], row["term_end"], row["notice_deadline"], row["status"]) == (
            term,
            end,
            deadline,
            status,
        ), k.id
        assert row["renews_on"] == (None if status == "ended" else end + dt.timedelta(days=1))
        assert row["days_to_deadline"] == (deadline - as_of).days
    dates = [r["renews_on"] or dt.date.max for r in result.to_records()]
    assert dates == sorted(dates)


def test_the_renewal_list_worked_example() -> None:
    """A yearly automatic renewal with 90 days' notice, first term ending 2027-12-31: on
    2028-02-01 the contract is in its second term (ending 2028-12-31, deadline 90 days
    before: 2028-10-02); after a non-renewal notice on 2028-09-30 it ends with that term."""
    k = _contract(renewal=m.RenewalTerms(automatic=True, term_months=12, notice_days=90))
    day = dt.date(2028, 2, 1)
    row = renewal_list([k], day).to_records()[0]
    assert (row["term"], row["term_end"], row["notice_deadline"], row["status"]) == (
        1,
        dt.date(2028, 12, 31),
        dt.date(2028, 10, 2),
        "renews unless notice",
    )
    k = k.give_notice("non_renewal", "c-bank", dt.date(2028, 9, 30))
    result = renewal_list([k], day)
    assert result.status == ("ends",)
    assert renewal_list([k], dt.date(2029, 1, 1)).status == ("ended",)
    text = str(result.explain("k-17"))
    assert "notice deadline 2028-10-02: 244 days left" in text
    assert "non_renewal by c-bank on 2028-09-30" in text
    assert result.due_within(300) == ("k-17",)
    assert result.due_within(30) == ()


def test_renewal_terms_kernel_agrees_with_add_months_on_month_ends() -> None:
    ends = np.array(["2027-01-31", "2028-02-29", "2027-08-31"], dtype="datetime64[D]")
    out = kernels.renewal_terms(
        ends,
        np.array([1, 12, 6]),
        np.array([0, 0, 0]),
        np.array([True, True, True]),
        np.array([-1, -1, -1]),
        np.datetime64("2029-03-15"),
    )
    expected = []
    for end, months in (
        (dt.date(2027, 1, 31), 1),
        (dt.date(2028, 2, 29), 12),
        (dt.date(2027, 8, 31), 6),
    ):
        k = 0
        while add_months(end, k * months) < dt.date(2029, 3, 15):
            k += 1
        expected.append(add_months(end, k * months))
    assert out.term_end.astype(object).tolist() == expected


# -- obligations and service levels (2.7.1-2.7.2) ----------------------------------------------
def _obligation_by_hand(due: dt.date, done: dt.date | None, as_of: dt.date, warn: int) -> str:
    if done is not None and done <= as_of:
        return "met" if done <= due else "late"
    if as_of > due:
        return "overdue"
    return "due soon" if (due - as_of).days <= warn else "open"


@given(st.lists(t.contracts(max_steps=10), min_size=1, max_size=3), days, st.integers(0, 30))
def test_obligation_statuses_match_a_status_written_out_per_obligation(
    contracts: list[m.Contract], as_of: dt.date, warn: int
) -> None:
    contracts = [attrs.evolve(k, id=f"k-{i}") for i, k in enumerate(contracts)]
    report = obligation_status(contracts, as_of, warn_days=warn)
    done = {(k.id, f.obligation_id): f.on for k in contracts for f in k.fulfilments}
    expected = [
        (f"{k.id}/{o.id}", _obligation_by_hand(o.due_on, done.get((k.id, o.id)), as_of, warn))
        for k in contracts
        for o in k.obligations
    ]
    assert list(zip(report.keys, report.status, strict=True)) == expected
    breaches = tuple(key for key, s in expected if s in {"late", "overdue"})
    assert report.breaches == breaches
    for key in breaches:
        assert "a breach" in str(report.explain(key))


@given(st.lists(t.contracts(max_steps=10), min_size=1, max_size=3), days)
def test_service_level_breaches_match_periods_counted_by_hand(
    contracts: list[m.Contract], as_of: dt.date
) -> None:
    contracts = [attrs.evolve(k, id=f"k-{i}") for i, k in enumerate(contracts)]
    report = service_level_status(contracts, as_of)
    row = 0
    breached: list[str] = []
    for k in contracts:
        for level in k.service_levels:
            ended = 0
            while level.period_end(ended) <= as_of:
                ended += 1
            late = 0
            while (
                late < ended
                and level.period_end(late) + dt.timedelta(days=level.report_days) < as_of
            ):
                late += 1
            mine = {x.period_end: x.value for x in k.measurements if x.service_level_id == level.id}
            known = {d: v for d, v in mine.items() if d <= as_of}
            missed = sum(not level.met(v) for v in known.values())
            unreported = sum(level.period_end(i) not in mine for i in range(late))
            last = level.period_end(ended - 1) if ended else None
            if last is None:
                status = "not started"
            elif last in known:
                status = "met" if level.met(known[last]) else "breached"
            else:
                status = "unreported" if late == ended else "pending"
            got = (
                int(report.ended[row]),
                int(report.measured[row]),
                int(report.breaches[row]),
                int(report.unreported[row]),
                report.status[row],
            )
            assert got == (ended, len(known), missed, unreported, status), report.keys[row]
            if missed:
                breached.append(report.keys[row])
            row += 1
    assert row == len(report)
    assert report.breached == tuple(breached)  # the levels with a missed period, in row order


def test_unsigned_contracts_are_left_out_and_named() -> None:
    draft = _contract(id="k-draft", state=m.ContractState.DRAFT, signatures=())
    k = _contract(
        obligations=[
            m.Obligation(id="o", description="o", owner_id="p", due_on=dt.date(2027, 5, 1))
        ]
    )
    report = obligation_status([k, draft], dt.date(2027, 6, 1))
    assert (report.keys, report.skipped) == (("k-17/o",), ("k-draft",))
    with pytest.raises(InvalidInputError) as twice:
        obligation_status([k, k], dt.date(2027, 6, 1))
    assert twice.value.field == "contracts"
    with pytest.raises(UnknownReferenceError) as unknown:
        report.explain("nope")
    assert unknown.value.field == "id"


def test_reports_show_as_tables_with_short_reprs(check_display: Any) -> None:
    k = _contract(
        renewal=m.RenewalTerms(automatic=False, term_months=12, notice_days=60),
        obligations=[
            m.Obligation(id="o", description="o", owner_id="p", due_on=dt.date(2027, 5, 1))
        ],
        service_levels=[
            m.ServiceLevel(
                id="s",
                metric="availability",
                target=99.5,
                owner_id="p",
                starts_on=dt.date(2027, 4, 1),
            )
        ],
    ).measure("s", dt.date(2027, 4, 30), 99.0)
    day = dt.date(2027, 6, 1)
    for result in (
        obligation_status([k], day),
        service_level_status([k], day),
        renewal_list([k], day),
    ):
        check_display(result)
    check_display(service_level_status([k], day).explain("s"))
    check_display(renewal_list([k], day).explain("k-17"))
    check_display(obligation_status([k], day).explain("k-17/o"))
