"""Migrations of stored documents from schema 3 to schema 4 (issue 14), on plain JSON data.

Schema 4 changed what these documents hold (documents of schemas 1 and 2 are first brought
to schema 3 by ``_migrations``, the steps of the authority engine and the opportunity
pipeline, which leave these types alone):

* ``WinModel`` (:class:`~clientel.scoring.NaiveBayesWinModel`): the model names its
  smoothing; earlier models were fitted with one extra category per field for unseen values
  and a smoothed prior, so they load as ``smoothing="lidstone_unseen_bucket"`` and predict as
  before.
* ``Influencer``: an ``interest`` (Mendelow's second axis); earlier influencers have none
  recorded (``null``).
* ``Waterfall``: every stage's price (``stages``) and the steps rounded (``rounded_steps``);
  earlier waterfalls rounded every on-invoice step, which their stored amounts record.
* ``NpsResult``: the adjusted-Wald interval; earlier results are recomputed from their counts
  at 95 % (the plain Wald standard error they held could be 0).
* ``CsatResult``: the top-box share on any scale; earlier results were the top two of 1..5.

The functions work on JSON-compatible data only and import no entity, so the converter can
use them without an import cycle. Each leaves schema-4 data as it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

__all__ = ["upgrade_v3"]

Data = Any

_Z95: Final = 1.959963984540054  # the standard normal quantile at 0.975


def _win_model(data: Data) -> Data:
    if isinstance(data, dict) and "smoothing" not in data:
        return data | {"smoothing": "lidstone_unseen_bucket"}
    return data


def _influencer(data: Data) -> Data:
    if isinstance(data, dict) and "interest" not in data:
        return data | {"interest": None}
    return data


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": f"{amount:f}", "currency": currency}


def _steps(start: Any, steps: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """One stage per deduction from ``start`` (a stored Money), each with the price after it."""
    price = Decimal(str(start["amount"]))
    out = []
    for name, amount in steps.items():
        price -= Decimal(str(amount["amount"]))
        out.append({"name": name, "kind": kind, "amount": amount,
                    "price": _money(price, start["currency"])})  # fmt: skip
    return out


def _stages(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The stage prices of an earlier waterfall, from the amounts it stored."""
    lst, invoice, pocket = data["list_price"], data["invoice_price"], data["pocket_price"]
    none = _money(Decimal(0), lst["currency"])
    return [
        {"name": "list price", "kind": "list", "amount": none, "price": lst},
        *_steps(lst, data["on_invoice"], "on_invoice"),
        {"name": "invoice price", "kind": "invoice", "amount": none, "price": invoice},
        *_steps(invoice, data["off_invoice"], "off_invoice"),
        {"name": "pocket price", "kind": "pocket", "amount": none, "price": pocket},
    ]


def _waterfall(data: Data) -> Data:
    if not isinstance(data, dict) or "stages" in data:
        return data
    try:
        stages = _stages(data)
    except (KeyError, TypeError, AttributeError, ArithmeticError, ValueError):
        return data  # malformed: the reader names what is wrong
    return data | {"stages": stages, "rounded_steps": list(data["on_invoice"])}


def _nps(data: Data) -> Data:
    if not isinstance(data, dict) or "low" in data:
        return data
    try:
        det, pas, pro = (int(data[k]) for k in ("detractors", "passives", "promoters"))
        n = det + pas + pro + 3
        p, d = (pro + 0.75) / n, (det + 0.75) / n
        se = math.sqrt((p + d - (p - d) ** 2) / n)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return data
    return data | {
        "standard_error": 100 * se,
        "adjusted_score": 100 * (p - d),
        "low": max(-100.0, 100 * (p - d - _Z95 * se)),
        "high": min(100.0, 100 * (p - d + _Z95 * se)),
        "confidence": 0.95,
        "method": "adjusted_wald",
    }


def _csat(data: Data) -> Data:
    if not isinstance(data, dict) or "top_two_box" not in data:
        return data
    out = {k: v for k, v in data.items() if k != "top_two_box"}
    return out | {"top_box": data["top_two_box"], "boxes": 2, "scale_low": 1, "scale_high": 5}


_STEPS: Final[Mapping[str, Callable[[Data], Data]]] = MappingProxyType(
    {
        "WinModel": _win_model,
        "Influencer": _influencer,
        "Waterfall": _waterfall,
        "NpsResult": _nps,
        "CsatResult": _csat,
    }
)


def upgrade_v3(type_name: str, data: Data) -> Data:
    """A schema-3 document's ``data`` as schema 4 (lists of one type item by item)."""
    if type_name.startswith("list[") and type_name.endswith("]") and isinstance(data, list):
        step = _STEPS.get(type_name[5:-1])
        return data if step is None else [step(item) for item in data]
    step = _STEPS.get(type_name)
    return data if step is None else step(data)
