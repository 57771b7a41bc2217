"""Migrations of stored documents from one schema version to the next (plain JSON data).

Schema 2 (the authority engine, issue 13) changed what approvals and authority
look like:

* proposals: an event's or a round's ``approved_by`` becomes a *legacy*
  :class:`~clientel.models.ApprovalRecord` (who approved, no role), and every
  schema-1 event is legacy (replayed, never re-checked);
* contracts: schema-1 signatures are legacy (checked when signed under the rule
  of that time, which added signers' limits together);
* the discount authority, the signing authority (both tagged ``AuthorityMatrix``)
  and the per-person negotiation authority become one ``AuthorityMatrix``; a
  schema-1 blank limit meant "no limit" and becomes ``unlimited``; the discount
  authority keeps its routing (``skip_level``); a signing limit becomes the
  role's ``sign_limit``, and roles are ranked by it;
* a schema-1 ``Quote`` (value, discount, margin) becomes list price, price and
  cost rounded to the cent;
* schema-1 approval routes and signing chains are results of rules that changed
  (signing limits were added together): they are refused with a message saying
  to compute them again.

Schema 3 (the opportunity pipeline, issue 22) only added fields:

* an ``Opportunity`` gained ``created_on``, ``expected_close_on`` and
  ``stage_history``; a schema-2 opportunity had none (``null``, ``null``, ``[]``);
* a ``BusinessUnit`` gained ``fiscal_year_start``; a schema-2 unit's fiscal year
  was the calendar year (``1``).

Schema 4 came with issue 14's rules (see ``_upgrades``). Schema 5 (quote lines, issue 30)
gave quotes lines:

* a schema-4 ``Quote`` (list price, price, cost) becomes a quote of one line,
  ``deal``: a service, quantity 1, unit ``deal``, at the list price as its unit
  price, agreed at the price, with the cost; floor, payment days, clauses and
  business type stay on the quote. So does every quote inside another document
  (an approval record's, a route's, a state's, a proposal's events and rounds).

The functions work on JSON-compatible data only and import no entity, so the
converter in ``_serialize`` can use them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Any

from clientel.errors import SerializationError

__all__ = ["upgrade_v1", "upgrade_v2", "upgrade_v4"]

Data = Any


def _legacy_record(by: str | None, on: str) -> list[dict[str, Any]]:
    if by is None:
        return []
    return [
        {
            "by": by,
            "role": None,
            "on": on,
            "decision": "approved",
            "comment": "",
            "on_behalf_of": None,
            "quote": None,
            "legacy": True,
        }
    ]


def _legacy(data: Data, **extra: Any) -> Data:
    """A schema-1 event or round: its ``approved_by`` becomes a legacy approval record."""
    if not isinstance(data, dict) or "approved_by" not in data:
        return data
    out = {k: v for k, v in data.items() if k != "approved_by"}
    records = _legacy_record(data["approved_by"], data.get("on", ""))
    return out | {"approvals": records, "role": None} | extra


def _event(data: Data) -> Data:
    return _legacy(data, legacy=True)


def _round(data: Data) -> Data:
    return _legacy(data)


def _items(data: Data, key: str, step: Callable[[Data], Data]) -> Data:
    if isinstance(data, dict) and isinstance(data.get(key), list):
        return data | {key: [step(item) for item in data[key]]}
    return data


def _proposal(data: Data) -> Data:
    return _items(_items(data, "history", _event), "rounds", _round)


def _signature(data: Data) -> Data:
    return data | {"legacy": True} if isinstance(data, dict) and "legacy" not in data else data


def _contract(data: Data) -> Data:
    return _items(data, "signatures", _signature)


def _money(value: Data) -> str | None:
    return value.get("currency") if isinstance(value, dict) else None


def _discount_rule(rule: dict[str, Any]) -> dict[str, Any]:
    unlimited = [
        dim
        for dim, key in (
            ("discount", "max_discount"),
            ("margin", "min_margin"),
            ("value", "max_deal_value"),
        )
        if rule.get(key) is None
    ]
    return {
        "role": rule.get("role"),
        "level": rule.get("level"),
        "business_type": None,
        "max_discount": rule.get("max_discount"),
        "min_margin": rule.get("min_margin"),
        "max_value": rule.get("max_deal_value"),
        "max_payment_days": None,
        "clauses": bool(rule.get("non_standard_terms")),
        "unlimited": unlimited,
        "sign_limit": None,
        "inclusive": rule.get("inclusive", True),
    }


def _tightest(rules: list[dict[str, Any]]) -> dict[str, Any]:
    """Several schema-1 rules of one role, merged: the most restrictive limit wins."""
    out = dict(rules[0])
    for rule in rules[1:]:
        for key, pick in (("max_discount", min), ("min_margin", max)):
            vals = [v for v in (out[key], rule[key]) if v is not None]
            out[key] = pick(vals) if vals else None
        values = [v for v in (out["max_value"], rule["max_value"]) if v is not None]
        out["max_value"] = min(values, key=lambda m: Decimal(str(m["amount"])), default=None)
        out["unlimited"] = [d for d in out["unlimited"] if d in rule["unlimited"]]
        out["clauses"] = out["clauses"] and rule["clauses"]
        out["inclusive"] = out["inclusive"] and rule["inclusive"]
        out["level"] = max(out["level"], rule["level"])
    return out


def _discount_matrix(data: dict[str, Any]) -> dict[str, Any]:
    by_role: dict[str, list[dict[str, Any]]] = {}
    for rule in data.get("rules") or []:
        if isinstance(rule, dict):
            by_role.setdefault(str(rule.get("role")), []).append(_discount_rule(rule))
    rules = [_tightest(rs) for rs in by_role.values()]
    currency = next((_money(r["max_value"]) for r in rules if r["max_value"]), None) or "EUR"
    return {"currency": currency, "rules": rules, "policy": "skip_level"}


def _signing_matrix(data: dict[str, Any]) -> dict[str, Any]:
    limits = [lim for lim in data.get("limits") or [] if isinstance(lim, dict)]
    currency = next((_money(lim.get("max_value")) for lim in limits), None) or "EUR"
    top: dict[str, Decimal] = {}
    for lim in limits:
        money = lim.get("max_value") or {}
        if money.get("currency") == currency:
            amount = Decimal(str(money.get("amount", "0")))
            top[str(lim.get("role"))] = max(top.get(str(lim.get("role")), amount), amount)
    ranks = {amount: i for i, amount in enumerate(sorted(set(top.values())))}
    rules = [
        {
            "role": lim.get("role"),
            "level": ranks.get(top.get(str(lim.get("role")), Decimal(-1)), 0),
            "business_type": lim.get("business_type"),
            "sign_limit": lim.get("max_value"),
        }
        for lim in limits
    ]
    return {
        "currency": currency,
        "rules": rules,
        "min_signers": data.get("min_signers", 1),
        "mandatory": data.get("mandatory", []),
    }


def _person_matrix(data: dict[str, Any]) -> dict[str, Any]:
    limits = dict(data.get("limits") or {})
    if data.get("default"):
        limits.setdefault("default", data["default"])
    ranks = {v: i for i, v in enumerate(sorted(set(limits.values())))}
    rules = [
        {
            "role": person,
            "level": ranks[limit],
            "max_discount": limit,
            "unlimited": ["margin", "value"],
        }
        for person, limit in limits.items()
    ]
    if not rules:
        rules = [
            {"role": "default", "level": 0, "max_discount": 0, "unlimited": ["margin", "value"]}
        ]
    return {"currency": "EUR", "rules": rules, "policy": "skip_level"}


def _matrix(data: Data) -> Data:
    if not isinstance(data, dict) or "currency" in data:
        return data
    if "limits" in data and isinstance(data["limits"], dict):
        return _person_matrix(data)
    return _signing_matrix(data) if "limits" in data else _discount_matrix(data)


def _rule(data: Data) -> Data:
    if not isinstance(data, dict) or "max_deal_value" not in data:
        return data
    return _discount_rule(data)


def _signing_limit(data: Data) -> Data:
    if not isinstance(data, dict):
        return data
    return {
        "role": data.get("role"),
        "level": 0,
        "business_type": data.get("business_type"),
        "sign_limit": data.get("max_value"),
    }


def _cents(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):f}"


def _quote(data: Data) -> Data:
    if not isinstance(data, dict) or "value" not in data:
        return data
    value = data["value"] if isinstance(data["value"], dict) else {}
    price = Decimal(str(value.get("amount", "0")))
    discount = Decimal(str(data.get("discount", 0)))
    margin = Decimal(str(data.get("margin", 0)))
    if discount >= 1 or price <= 0:
        raise SerializationError(
            "cannot read Quote",
            errors=[
                "$: a schema-1 quote at a price of 0 has no list price to measure a discount off"
            ],
        )
    cur = value.get("currency")
    clauses = (
        {"non_standard_terms": "non-standard terms (schema 1)"}
        if data.get("non_standard_terms")
        else {}
    )
    return {
        "list_price": {"amount": _cents(price / (1 - discount)), "currency": cur},
        "price": value,
        "cost": {"amount": _cents(price * (1 - margin)), "currency": cur},
        "clauses": clauses,
    }


def _recompute(name: str) -> Callable[[Data], Data]:
    def refuse(data: Data) -> Data:
        line = (
            f"$: a schema-1 {name} was computed under rules that changed (signers' limits "
            "were added together, routes had no policy): compute it again from the matrix"
        )
        raise SerializationError(f"cannot read {name}", errors=[line])

    return refuse


_STEPS: Mapping[str, Callable[[Data], Data]] = MappingProxyType(
    {
        "Proposal": _proposal,
        "ProposalEvent": _event,
        "NegotiationRound": _round,
        "Contract": _contract,
        "Signature": _signature,
        "AuthorityMatrix": _matrix,
        "NegotiationAuthority": _matrix,
        "AuthorityRule": _rule,
        "SigningLimit": _signing_limit,
        "Quote": _quote,
        "Approvals": _recompute("Approvals"),
        "ApprovalStep": _recompute("ApprovalStep"),
        "ApprovalCondition": _recompute("ApprovalCondition"),
        "SigningChain": _recompute("SigningChain"),
    }
)


def upgrade_v1(type_name: str, data: Data) -> Data:
    """Turn a schema-1 document's ``data`` of type ``type_name`` into schema 2.

    Examples
    --------
    >>> upgrade_v1("Signature", {"signer_id": "p-gm", "role": "bu_gm", "on": "2027-03-10"})
    {'signer_id': 'p-gm', 'role': 'bu_gm', 'on': '2027-03-10', 'legacy': True}
    >>> upgrade_v1("Client", {"id": "c1"})
    {'id': 'c1'}
    """
    return _apply(_STEPS, type_name, data)


def _apply(steps: Mapping[str, Callable[[Data], Data]], type_name: str, data: Data) -> Data:
    """The step for ``type_name`` (each item's for ``list[...]``), or ``data`` unchanged."""
    inner = type_name[5:-1] if type_name.startswith("list[") and type_name.endswith("]") else None
    step = steps.get(inner or type_name)
    if step is None:
        return data
    if inner is not None:
        return [step(item) for item in data] if isinstance(data, list) else data
    return step(data)


#: Fields schema 3 added, per type, with what a schema-2 document meant by not having them.
_ADDED_IN_3: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "Opportunity": MappingProxyType(
            {"created_on": None, "expected_close_on": None, "stage_history": ()}
        ),
        "BusinessUnit": MappingProxyType({"fiscal_year_start": 1}),
    }
)


def _with_added(fields: Mapping[str, Any]) -> Callable[[Data], Data]:
    def step(data: Data) -> Data:
        if not isinstance(data, dict):
            return data
        added = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
        return added | data  # a field the document holds is never overwritten

    return step


_STEPS_3: Mapping[str, Callable[[Data], Data]] = MappingProxyType(
    {name: _with_added(fields) for name, fields in _ADDED_IN_3.items()}
)


def upgrade_v2(type_name: str, data: Data) -> Data:
    """Turn a schema-2 document's ``data`` of type ``type_name`` into schema 3 (a new object;
    the data given is not written into).

    Examples
    --------
    >>> upgrade_v2("BusinessUnit", {"id": "bu"})
    {'fiscal_year_start': 1, 'id': 'bu'}
    >>> upgrade_v2("list[Opportunity]", [{"id": "o1"}])[0]["stage_history"]
    []
    """
    return _apply(_STEPS_3, type_name, data)


#: The fields of a schema-4 quote (all of them: a quote's data has nothing else).
_QUOTE_V4 = frozenset(
    {"list_price", "price", "cost", "floor", "payment_days", "clauses", "business_type"}
)


def _one_line(data: Data) -> Data:
    """A schema-4 single-value quote as a quote of one line (anything else unchanged)."""
    if not isinstance(data, dict) or "lines" in data:
        return data
    if not {"list_price", "price"} <= data.keys() <= _QUOTE_V4:
        return data
    line = {
        "id": "deal",
        "kind": "service",
        "quantity": "1",
        "unit": "deal",
        "unit_price": data["list_price"],
        "price": data["price"],
        "cost": data.get("cost"),
    }
    rest = {k: v for k, v in data.items() if k not in {"list_price", "price", "cost"}}
    return rest | {"lines": [line]}


def _quotes_within(data: Data) -> Data:
    """``data`` with every value under a ``"quote"`` key, at any depth, given its line."""
    if isinstance(data, list):
        return [_quotes_within(item) for item in data]
    if isinstance(data, dict):
        return {k: _one_line(v) if k == "quote" else _quotes_within(v) for k, v in data.items()}
    return data


def upgrade_v4(type_name: str, data: Data) -> Data:
    """Turn a schema-4 document's ``data`` into schema 5: single-value quotes get one line.

    Examples
    --------
    >>> old = {"list_price": {"amount": "100", "currency": "EUR"},
    ...        "price": {"amount": "90", "currency": "EUR"}, "payment_days": 30}
    >>> new = upgrade_v4("Quote", old)
    >>> new["payment_days"], [(x["id"], x["quantity"], x["price"]["amount"]) for x in new["lines"]]
    (30, [('deal', '1', '90')])
    >>> upgrade_v4("ApprovalRecord", {"by": "p-gm", "quote": old})["quote"]["lines"][0]["unit"]
    'deal'
    """
    data = _quotes_within(data)
    if type_name == "Quote":
        return _one_line(data)
    if type_name == "list[Quote]" and isinstance(data, list):
        return [_one_line(item) for item in data]
    return data
