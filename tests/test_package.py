"""The package as a whole: version, public surface, light import."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import clientel

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = (
    "clientel",
    "clientel.errors",
    "clientel.models",
    "clientel.models.kernels",
    "clientel.scoring",
    "clientel.scoring.kernels",
    "clientel.pricing",
    "clientel.planning",
    "clientel.planning.kernels",
    "clientel.workflow",
    "clientel.frames",
    "clientel.export",
    "clientel.sample",
    "clientel.cli",
)


def test_version_is_single_sourced() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert clientel.__version__ == version("clientel") == meta


def test_import_does_not_load_scipy_or_optional_libraries() -> None:
    code = (
        "import sys, clientel, clientel.models; "
        "heavy = ('scipy', 'numpy', 'pandas', 'polars', 'matplotlib', 'hypothesis'); "
        "bad = [m for m in heavy if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_are_sorted_and_exist() -> None:
    import importlib

    for name in ("clientel", "clientel.models", "clientel.errors", "clientel.testing"):
        module = importlib.import_module(name)
        names = list(module.__all__)
        assert names == sorted(names, key=lambda s: (not s.isupper(), s)) or names == sorted(names)
        for public in names:
            assert hasattr(module, public), f"{name}.{public}"


def test_ships_py_typed() -> None:
    assert (ROOT / "src" / "clientel" / "py.typed").exists()


def test_python_m_clientel_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "clientel", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"clientel {clientel.__version__}"


def test_importing_clientel_leaves_warning_filters_alone() -> None:
    # numpy and scipy set filters of their own on import; load them first, then clientel.
    imports = "; ".join(f"import {m}" for m in PUBLIC_MODULES)
    listing = "print(' '.join(m for m in sys.modules if m.startswith(('numpy', 'scipy'))))"
    probe = f"import sys; {imports}; {listing}"
    third = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    code = (
        "import importlib, warnings\n"
        f"for m in {third.stdout.split()!r}:\n"
        "    try:\n        importlib.import_module(m)\n    except ImportError:\n        pass\n"
        f"before = list(warnings.filters)\n{imports}\n"
        "assert warnings.filters == before, [f for f in warnings.filters if f not in before]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


_WITHOUT_HYPOTHESIS = """
import sys

class HideHypothesis:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "hypothesis":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, HideHypothesis())
import clientel, clientel.models, clientel.scoring  # the library itself needs no hypothesis
try:
    import clientel.testing
except ImportError as exc:
    print(type(exc).__name__, exc.name, exc, sep="|")
else:
    raise SystemExit("clientel.testing imported although hypothesis is hidden")
"""


def test_testing_without_hypothesis_names_the_extra() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _WITHOUT_HYPOTHESIS], capture_output=True, text=True, check=True
    )
    kind, missing, text = out.stdout.strip().split("|")
    assert (kind, missing) == ("ImportError", "hypothesis")
    assert text == "clientel.testing needs hypothesis: pip install 'clientel[testing]'"
