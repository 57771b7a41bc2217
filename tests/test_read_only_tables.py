"""Module-level tables are read-only: nobody can change a constant for everyone (issue 15).

Tables are ``MappingProxyType``, ``frozenset`` or tuples; a ``dict``, ``list``,
``set`` or ``bytearray`` bound at module level anywhere in the package fails here.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import clientel

HAS_DASK = importlib.util.find_spec("dask") is not None  # clientel[dask] installed

MUTABLE = (dict, list, set, bytearray)


def _modules() -> list[str]:
    found = pkgutil.walk_packages(clientel.__path__, prefix="clientel.")
    # importing __main__ runs the command line
    names = [
        info.name
        for info in found
        if not info.name.endswith("__main__")
        and (HAS_DASK or not info.name.startswith("clientel.dask"))
    ]  # an optional extra
    return sorted([clientel.__name__, *names])


def test_no_module_holds_a_mutable_table() -> None:
    offenders = []
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("__") or isinstance(value, type):
                continue
            if type(value) in MUTABLE:
                offenders.append(f"{name}.{attr} ({type(value).__name__})")
    assert not offenders, f"module-level tables must be read-only: {offenders}"
