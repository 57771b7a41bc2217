"""Migration of stored contracts to the schema of contract life after signing (issue 28).

Contracts gained what happens after signing: renewal terms, obligations,
service levels, acceptance milestones, the records against them (acceptances,
fulfilments, measurements, renewal notices) and amendments; an instalment may
name the acceptance milestone that gates it. A contract stored before had none
of these, so the migration writes them out explicitly as empty (``null`` for
the renewal terms: it did not renew), and every instalment as ungated. Documents
of contracts, instalments and handovers (which carry the billing schedule) are
migrated; the data given is never written into.

Like ``_migrations``, this module works on JSON-compatible data only and
imports no entity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from clientel.models._migrations import _apply

__all__ = ["add_contract_life"]

Data = Any

#: The fields a stored contract lacks, with what not having them meant.
_CONTRACT_FIELDS: Mapping[str, Any] = MappingProxyType(
    {
        "renewal": None,
        "obligations": (),
        "service_levels": (),
        "milestones": (),
        "acceptances": (),
        "fulfilments": (),
        "measurements": (),
        "notices": (),
        "amendments": (),
    }
)


def _instalment(data: Data) -> Data:
    if not isinstance(data, dict):
        return data
    return {"milestone": None} | data


def _billing(data: Data) -> Data:
    if isinstance(data, dict) and isinstance(data.get("billing"), list):
        return data | {"billing": [_instalment(item) for item in data["billing"]]}
    return data


def _contract(data: Data) -> Data:
    if not isinstance(data, dict):
        return data
    added = {k: list(v) if isinstance(v, tuple) else v for k, v in _CONTRACT_FIELDS.items()}
    return _billing(added | data)  # a field the document holds is never overwritten


_STEPS: Mapping[str, Callable[[Data], Data]] = MappingProxyType(
    {"Contract": _contract, "Instalment": _instalment, "Handover": _billing}
)


def add_contract_life(type_name: str, data: Data) -> Data:
    """A stored contract, instalment or handover (or a list of them) with the new fields.

    Examples
    --------
    >>> bill = {"due_on": "2027-04-01", "amount": {"amount": "10", "currency": "EUR"}}
    >>> add_contract_life("Instalment", bill)["milestone"] is None
    True
    >>> sorted(add_contract_life("list[Contract]", [{"id": "k-1"}])[0])[:4]
    ['acceptances', 'amendments', 'fulfilments', 'id']
    >>> add_contract_life("Client", {"id": "c1"})
    {'id': 'c1'}
    """
    return _apply(_STEPS, type_name, data)
