"""The package as a whole: version, public surface, light import."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import clientel

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_single_sourced() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert clientel.__version__ == version("clientel") == meta


def test_import_does_not_load_scipy_or_optional_libraries() -> None:
    code = (
        "import sys, clientel, clientel.models; "
        "heavy = ('scipy', 'numpy', 'pandas', 'matplotlib', 'hypothesis'); "
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


def test_no_deprecation_outlives_its_removal_version() -> None:
    from clientel._deprecation import DEPRECATIONS, version_tuple

    current = version_tuple(clientel.__version__)
    for name, (since, removal) in DEPRECATIONS.items():
        assert version_tuple(since) < version_tuple(removal), name
        assert current < version_tuple(removal), f"{name} was due for removal in {removal}"
