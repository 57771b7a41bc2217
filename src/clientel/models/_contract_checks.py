"""A contract's recorded state follows from its records (steps 2.6.3-2.6.6).

Checked whenever a contract is built, so also when it is loaded: a stored
contract edited to ``"state": "signed"`` without signatures, with a part
confirmed twice, or with a date that goes backwards is refused, naming the
record at fault. The authority behind the signatures is checked by
:func:`clientel.workflow.verify` (it needs the matrix).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clientel.errors import InvalidInputError

if TYPE_CHECKING:
    from clientel.models._contracts import Contract

__all__ = ["check_progress"]


def _expected_state(contract: Contract) -> set[str]:
    """The states the records allow (the last two differ by the hand-over alone).

    A contract confirmed or signed outside clientel may be recorded so without
    its confirmations; a signature, though, is what makes it signed, and all
    three confirmations make it at least confirmed.
    """
    if not contract.signatures:
        return {"confirmed"} if len(contract.confirmed_kinds) == 3 else {"draft", "confirmed"}
    if contract.archived_by is None or contract.number is None:
        return {"signed"}
    return {"archived", "handed_over"}


def check_progress(contract: Contract) -> None:
    """Raise :class:`InvalidInputError` where the records do not lead to the recorded state.

    Each part is confirmed once, confirmations are in date order, no signature
    predates the last confirmation, and ``state`` is what the records lead to
    (confirmed once all three parts are, signed once signed and only then,
    archived or handed over once archived under a number).
    """
    seen: set[str] = set()
    for i, item in enumerate(contract.confirmations):
        if item.kind.value in seen:
            msg = f"the {item.kind.value} part is confirmed twice"
            raise InvalidInputError(msg, field=f"Contract.confirmations[{i}]")
        seen.add(item.kind.value)
        before = contract.confirmations[i - 1] if i else None
        if before is not None and item.on < before.on:
            msg = (
                f"the {item.kind.value} confirmation by {item.by} is dated {item.on}, "
                f"before the {before.kind.value} confirmation on {before.on}"
            )
            raise InvalidInputError(msg, field=f"Contract.confirmations[{i}].on")
    last = contract.confirmations[-1].on if contract.confirmations else None
    for i, sig in enumerate(contract.signatures):
        if last is not None and sig.on < last and not sig.legacy:
            msg = f"the signature by {sig.signer_id} is dated {sig.on}, before the confirmation on {last}"  # noqa: E501
            raise InvalidInputError(msg, field=f"Contract.signatures[{i}].on")
    allowed = _expected_state(contract)
    if contract.state.value not in allowed:
        msg = f"the records lead to {' or '.join(sorted(allowed))}, not to what is recorded"
        raise InvalidInputError(msg, field="Contract.state", value=contract.state.value)
