"""The registered MCDA methods: one module per method, each declaring ``METHOD``.

Every module of this package that defines a module-level ``METHOD`` record
(:class:`clientel.scoring.kernels._method.Method`) is imported and registered
when the scoring kernels are imported, in alphabetical order of the module
names. Adding a method is a new module here (plus its name in ``MethodName``
and its tests); nothing else lists the methods. A method defined outside the
package is added with :func:`clientel.scoring.kernels.register_method` (or
:func:`~clientel.scoring.kernels.registered_method` for a ``with`` block); the
methods found here are built in: they cannot be replaced or unregistered.
"""

from __future__ import annotations

import importlib
import pkgutil

from clientel.scoring.kernels._method import REGISTRY, Method, register_builtin

__all__ = ["METHODS"]


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        record = getattr(module, "METHOD", None)
        if isinstance(record, Method) and record.name not in REGISTRY:
            register_builtin(record)


_discover()

#: The registry, read-only: method name -> :class:`Method` record.
METHODS = REGISTRY
