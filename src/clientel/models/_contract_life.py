"""The checks of a contract's life after signing: events, notices and amendments (2.6.6-2.7).

One function per kind of record checks one new record against the contract and
the records of its kind before it. ``Contract``'s methods call them with the
argument names as fields (``on``, ``milestone_id``) before recording anything;
``Contract.__attrs_post_init__`` calls them on every stored record (fields such
as ``Contract.acceptances[2].on``), so a document edited outside clientel is
refused by the loader the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from clientel.errors import (
    DeadlineError,
    InvalidInputError,
    LifecycleError,
    UnknownReferenceError,
)
from clientel.models._acceptance import Acceptance
from clientel.models._amendments import Amendment
from clientel.models._contract_parts import LIVE_STATES
from clientel.models._obligations import Fulfilment, Measurement
from clientel.models._renewals import RenewalNotice

if TYPE_CHECKING:
    from clientel.models._contracts import Contract

__all__ = [
    "check_acceptance",
    "check_amendment",
    "check_amendments",
    "check_fulfilment",
    "check_live",
    "check_measurement",
    "check_notice",
    "check_records",
]


def check_live(contract: Contract, transition: str) -> None:
    """Raise :class:`LifecycleError` unless the contract is signed, archived or handed over."""
    if contract.state not in LIVE_STATES:
        raise LifecycleError(
            f"contract {contract.id} is not signed yet",
            state=contract.state.value,
            transition=transition,
            field="state",
        )


def _dated(contract: Contract, on: dt.date, earlier: dt.date | None, field: str, what: str) -> None:
    signed = contract.signed_on
    if signed is not None and on < signed:
        msg = f"dated before the contract was signed on {signed}"
        raise InvalidInputError(msg, field=field, value=str(on))
    if earlier is not None and on < earlier:
        msg = f"dated before the previous {what} on {earlier}: dates go forward"
        raise InvalidInputError(msg, field=field, value=str(on))


def _once(
    contract: Contract,
    record: tuple[str, dt.date],
    known: Sequence[str],
    earlier: Sequence[tuple[str, dt.date]],
    fields: tuple[str, str],
    words: tuple[str, str],
) -> None:
    """A record about a known item, the first about it, dated in order after signing.

    ``record`` and ``earlier`` are ``(item id, date)``; ``fields`` name the id
    and date fields in errors; ``words`` name the item and the record.
    """
    ref, on = record
    if ref not in known:
        msg = f"contract {contract.id} has no such {words[0]} ({sorted(known)})"
        raise UnknownReferenceError(msg, field=fields[0], value=ref)
    done = dict(earlier)
    if ref in done:
        msg = f"already has its {words[1]}, dated {done[ref]}"
        raise InvalidInputError(msg, field=fields[0], value=ref)
    _dated(contract, on, earlier[-1][1] if earlier else None, fields[1], words[1])


def check_acceptance(
    contract: Contract, item: Acceptance, earlier: Sequence[Acceptance], at: str = ""
) -> None:
    """A known milestone, not accepted before, dated in order after signing."""
    _once(
        contract,
        (item.milestone_id, item.on),
        [x.id for x in contract.milestones],
        [(a.milestone_id, a.on) for a in earlier],
        (f"{at}milestone_id", f"{at}on"),
        ("acceptance milestone", "acceptance"),
    )


def check_fulfilment(
    contract: Contract, item: Fulfilment, earlier: Sequence[Fulfilment], at: str = ""
) -> None:
    """A known obligation, not fulfilled before, dated in order after signing."""
    _once(
        contract,
        (item.obligation_id, item.on),
        [x.id for x in contract.obligations],
        [(f.obligation_id, f.on) for f in earlier],
        (f"{at}obligation_id", f"{at}on"),
        ("obligation", "fulfilment"),
    )


def check_measurement(
    contract: Contract, item: Measurement, earlier: Sequence[Measurement], at: str = ""
) -> None:
    """A known service level, a period it has, after the level's previous measured period."""
    levels = {s.id: s for s in contract.service_levels}
    level = levels.get(item.service_level_id)
    if level is None:
        msg = f"contract {contract.id} has no such service level ({sorted(levels)})"
        raise UnknownReferenceError(msg, field=f"{at}service_level_id", value=item.service_level_id)
    try:
        level.period_index(item.period_end)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.message, field=f"{at}period_end", value=exc.value) from None
    ends = [m.period_end for m in earlier if m.service_level_id == level.id]
    if ends and item.period_end <= ends[-1]:
        msg = f"{level.id} is measured up to {ends[-1]}: periods are recorded in order, once"
        raise InvalidInputError(msg, field=f"{at}period_end", value=str(item.period_end))


def check_notice(
    contract: Contract, item: RenewalNotice, earlier: Sequence[RenewalNotice], at: str = ""
) -> None:
    """A notice the renewal terms provide for, given while the contract runs, by the deadline.

    Raises
    ------
    InvalidInputError
        No renewal terms; a notice of the other kind; dated before signing or
        before the previous notice.
    LifecycleError
        Automatic renewal already stopped by an earlier notice; an option
        exercised twice for one term; the contract already ended.
    DeadlineError
        The notice comes after the notice deadline of the term it is given in.
    """
    renewal = contract.renewal
    if renewal is None:
        msg = f"contract {contract.id} has no renewal terms"
        raise InvalidInputError(msg, field=f"{at}kind", value=item.kind.value)
    if item.kind is not renewal.notice_kind:
        how = "renews automatically" if renewal.automatic else "renews only by option"
        msg = f"contract {contract.id} {how}: expected a {renewal.notice_kind.value} notice"
        raise InvalidInputError(msg, field=f"{at}kind", value=item.kind.value)
    _dated(contract, item.on, earlier[-1].on if earlier else None, f"{at}on", "notice")
    end = contract.end_on
    term = renewal.term_index(end, item.on)
    if renewal.automatic and earlier:
        over = renewal.term_end(end, renewal.term_index(end, earlier[0].on))
        msg = f"notice already given on {earlier[0].on}: contract {contract.id} ends on {over}"
        raise LifecycleError(msg, state="ending", transition="give_notice", field=f"{at}on")
    if not renewal.automatic and term != len(earlier):
        over = renewal.term_end(end, len(earlier))
        state = "ended" if term > len(earlier) else "renewed"
        msg = f"contract {contract.id} {state}: it runs until {over}"
        raise LifecycleError(msg, state=state, transition="give_notice", field=f"{at}on")
    deadline = renewal.deadline(end, term)
    if item.on > deadline:
        ends = renewal.term_end(end, term)
        if renewal.automatic:
            nxt = renewal.deadline(end, term + 1)
            then = f"it renews on {ends + dt.timedelta(days=1)}; the next deadline is {nxt}"
        else:
            then = f"the option lapsed: the contract ends on {ends}"
        msg = (
            f"after the notice deadline {deadline} ({renewal.notice_days} days before the "
            f"term ends on {ends}): {then}"
        )
        raise DeadlineError(msg, deadline=deadline, field=f"{at}on", value=str(item.on))


def check_amendments(contract: Contract) -> None:
    """Numbered 1, 2, ...; each starts from the terms before it, in date order; the last is now."""
    items = contract.amendments
    for i, item in enumerate(items):
        at = f"Contract.amendments[{i}]"
        if item.number != i + 1:
            msg = f"expected amendment number {i + 1}"
            raise InvalidInputError(msg, field=f"{at}.number", value=item.number)
        if i and item.previous != items[i - 1].terms:
            msg = f"does not start from the terms amendment {i} left"
            raise InvalidInputError(msg, field=f"{at}.previous")
        _dated(contract, item.on, items[i - 1].on if i else None, f"{at}.on", "amendment")
    if items and items[-1].terms != contract.terms:
        msg = f"the contract's terms are not those amendment {len(items)} left"
        raise InvalidInputError(msg, field="Contract.amendments")


def check_amendment(contract: Contract, item: Amendment) -> None:
    """The next number, drafted on the contract's current terms, dated in order."""
    if item.number != contract.version + 1:
        msg = f"contract {contract.id} is at version {contract.version}: expected amendment number {contract.version + 1}"  # noqa: E501
        raise InvalidInputError(msg, field="number", value=item.number)
    if item.previous != contract.terms:
        msg = f"drafted on other terms than contract {contract.id}'s current ones (version {contract.version})"  # noqa: E501
        raise InvalidInputError(msg, field="previous")
    last = contract.amendments[-1].on if contract.amendments else None
    _dated(contract, item.on, last, "on", "amendment")


def check_records(contract: Contract) -> None:
    """Every stored record of a contract's life, in order (run on construction and loading)."""
    kinds: list[tuple[str, Sequence[object]]] = [
        ("acceptances", contract.acceptances),
        ("fulfilments", contract.fulfilments),
        ("measurements", contract.measurements),
        ("notices", contract.notices),
        ("amendments", contract.amendments),
    ]
    for name, items in kinds:
        if items:
            check_live(contract, f"record {name}")
    for i, acc in enumerate(contract.acceptances):
        check_acceptance(contract, acc, contract.acceptances[:i], f"Contract.acceptances[{i}].")
    for i, ful in enumerate(contract.fulfilments):
        check_fulfilment(contract, ful, contract.fulfilments[:i], f"Contract.fulfilments[{i}].")
    for i, mea in enumerate(contract.measurements):
        check_measurement(contract, mea, contract.measurements[:i], f"Contract.measurements[{i}].")
    for i, note in enumerate(contract.notices):
        check_notice(contract, note, contract.notices[:i], f"Contract.notices[{i}].")
    check_amendments(contract)
