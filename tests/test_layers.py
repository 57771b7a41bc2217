"""The architecture as tests: layers import downward only, no cycles, tests use public modules.

Imports are read from the source (module level and inside functions; blocks
under ``if TYPE_CHECKING:`` are skipped, since they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
TESTS = Path(__file__).resolve().parent
PACKAGE = SRC / "clientel"
KERNEL_ALLOWED = ("numpy", "scipy", "clientel.errors", "clientel._internal")
# Kernels may also use attrs for their small result records (arrays inside, no entities).


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Absolute names of the modules ``path`` imports when it runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _internal_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def _is_package_init_edge(src: str, dst: str) -> bool:
    # ``from clientel.models._money import Money`` also runs clientel/models/__init__;
    # a package importing its own submodules is not a cycle.
    return dst.startswith(src + ".")


def test_no_import_cycles() -> None:
    graph = _internal_graph()
    pruned = {v: {w for w in ws if not _is_package_init_edge(v, w)} for v, ws in graph.items()}
    assert _cycles(pruned) == []


def _kernel_modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "kernels" in p.relative_to(PACKAGE).with_suffix("").parts
    )


@pytest.mark.parametrize("path", _kernel_modules(), ids=lambda p: _module_name(p))
def test_kernels_import_only_numpy_scipy_errors_and_internals(path: Path) -> None:
    bad = sorted(
        m
        for m in _imports(path)
        if m.split(".")[0] == "clientel"
        and not m.startswith(KERNEL_ALLOWED)
        and ".kernels" not in m
        and m != "clientel"
    )
    third = sorted(
        m
        for m in _imports(path)
        if m.split(".")[0] not in {"clientel", "numpy", "scipy", "attrs", "__future__"}
        and m.split(".")[0] not in _STDLIB
    )
    assert bad == []
    assert third == []


def test_kernel_modules_are_found_in_kernels_folders_and_kernels_py_files() -> None:
    # a kernels/ package (every module in it) and a single kernels.py module both count
    names = {_module_name(p) for p in _kernel_modules()}
    assert {
        "clientel.pricing.kernels",
        "clientel.pricing.kernels._bands",
        "clientel.pricing.kernels._response",
        "clientel.workflow.kernels",
    } <= names


def test_internal_package_imports_no_domain_module() -> None:
    for path in (PACKAGE / "_internal").rglob("*.py"):
        bad = [
            m
            for m in _imports(path)
            if m.startswith("clientel.") and not m.startswith(KERNEL_ALLOWED)
        ]
        assert bad == [], f"{_module_name(path)} imports {bad}"


def test_tests_import_only_public_modules() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}: {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in _imports_of_test(path)
        if name.startswith("clientel") and any(p.startswith("_") for p in name.split(".")[1:])
    ]
    assert offenders == []


def _imports_of_test(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


_STDLIB = frozenset(__import__("sys").stdlib_module_names)
