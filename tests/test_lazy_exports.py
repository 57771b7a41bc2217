"""Lazy package exports (issue 18): the run-time table of each lazy ``__init__`` agrees with
the imports type checkers read, every name resolves to what its module defines, and
importing the package loads none of its modules until a name is used."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

LAZY = ["clientel.models", "clientel.scoring", "clientel.planning", "clientel.pricing"]


def _declared(package: str) -> dict[str, str]:
    """Name -> module from the package's ``if TYPE_CHECKING:`` imports."""
    module = importlib.import_module(package)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for sub in node.body:
                if isinstance(sub, ast.ImportFrom):
                    for alias in sub.names:
                        name = alias.asname or alias.name
                        sub_package = sub.module == package
                        out[name] = f"{package}.{alias.name}" if sub_package else sub.module
    return out


@pytest.mark.parametrize("package", LAZY)
def test_table_matches_the_imports_and_all(package: str) -> None:
    module = importlib.import_module(package)
    assert _declared(package) == module._NAMES
    assert set(module.__all__) == set(module._NAMES)
    for name, home in module._NAMES.items():
        value = getattr(module, name)
        source = importlib.import_module(home)
        assert value is (source if home == f"{package}.{name}" else getattr(source, name))
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute"):
        module.no_such_name  # noqa: B018


# clientel itself offers Money, so importing any subpackage loads the money module
FRONT_DOOR = {"clientel.models": "['clientel.models._currencies', 'clientel.models._money']"}


@pytest.mark.parametrize("package", LAZY)
def test_import_loads_no_module_of_the_package(package: str) -> None:
    code = (
        f"import sys, {package}; "
        f"print(sorted(m for m in sys.modules if m.startswith('{package}.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == FRONT_DOOR.get(package, "[]")
