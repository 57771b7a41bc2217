"""clientel: typed models and fast, deterministic algorithms for B2B client development.

The library follows a business unit's client-development process step by step
(2.1 strategy and value positioning to 2.7 ongoing client management). Its
subpackages are imported on first use, so ``import clientel`` stays light:

* :mod:`clientel.models` -- frozen entities, :class:`~clientel.models.Money`, JSON;
* :mod:`clientel.scoring` -- criteria, weights, MCDA methods, tiers, rankings;
* :mod:`clientel.pricing` -- cost build-up, price bands, discounts, authority;
* :mod:`clientel.planning` -- NPV/IRR kernels, financial impact, budgets, plans;
* :mod:`clientel.workflow` -- signing chains, contracts drafted from proposals, billing;
* :mod:`clientel.errors` -- the exception hierarchy.

Examples
--------
>>> import clientel
>>> clientel.Money("1200.00", "EUR").split(3)[0]
Money('400.00', 'EUR')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from clientel import errors
from clientel._explanation import Explanation, Factor
from clientel.models._money import Money

if TYPE_CHECKING:
    from clientel import models, planning, pricing, scoring, workflow

if TYPE_CHECKING:
    __version__: str

__all__ = [
    "Explanation",
    "Factor",
    "Money",
    "__version__",
    "errors",
    "models",
    "planning",
    "pricing",
    "scoring",
    "workflow",
]

_LAZY = frozenset({"models", "planning", "pricing", "scoring", "workflow"})


def _version() -> str:
    """The installed distribution's version (importlib.metadata is loaded only when asked)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clientel")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f"clientel.{name}")
    if name == "__version__":
        globals()["__version__"] = found = _version()
        return found
    msg = f"module 'clientel' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY | {"__version__"})
