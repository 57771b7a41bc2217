"""Lazy public names for a package ``__init__``: each name loads its module on first use.

A package lists its public names with their modules under ``if TYPE_CHECKING:``
(what type checkers and readers see) and gives the same mapping at run time to
:func:`exports`, whose ``__getattr__`` imports the module of a name the first time
the name is asked for. Importing the package then defines no class it does not
need: ``import clientel.scoring`` costs little and ``from clientel.scoring import
select_portfolio`` loads the selection and the entities it uses, nothing else.
``tests/test_lazy_exports.py`` checks that the two listings agree.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["exports"]


def exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``, serving ``names`` (name -> module).

    Examples
    --------
    >>> getattr_, dir_ = exports("clientel.example", {"sqrt": "math"})
    >>> getattr_("sqrt")(4.0)
    2.0
    >>> "sqrt" in dir_()
    True
    """
    table = dict(names)

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module hook's required name
        module = table.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        loaded = importlib.import_module(module)
        value = loaded if module == f"{package}.{name}" else getattr(loaded, name)
        home = sys.modules.get(package)
        if home is not None:
            vars(home)[name] = value  # later lookups are ordinary attribute reads
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module hook's required name
        home = sys.modules.get(package)
        return sorted(set(vars(home) if home is not None else ()) | set(table))

    return __getattr__, __dir__
