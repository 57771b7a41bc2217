"""Snapshot of the public API: a change to the surface shows up as a reviewed diff.

After an intended change, regenerate the snapshot with
``CLIENTEL_UPDATE_API=1 uv run pytest tests/test_public_api.py`` and commit it.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("public_api.txt")
MODULES = (
    "clientel",
    "clientel.errors",
    "clientel.models",
    "clientel.models.kernels",
    "clientel.scoring",
    "clientel.scoring.kernels",
    "clientel.pricing",
    "clientel.pricing.kernels",
    "clientel.planning",
    "clientel.planning.kernels",
    "clientel.workflow",
    "clientel.workflow.kernels",
    "clientel.testing",
    "clientel.frames",
    "clientel.plots",
    "clientel.export",
    "clientel.sample",
    "clientel.cli",
)


def _surface() -> str:
    lines = []
    for name in MODULES:
        module = importlib.import_module(name)
        for public in sorted(module.__all__):
            assert hasattr(module, public), f"{name}.{public} is listed but missing"
            lines.append(f"{name}.{public}")
    return "\n".join(lines) + "\n"


def test_public_api_matches_the_snapshot() -> None:
    current = _surface()
    if os.environ.get("CLIENTEL_UPDATE_API") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    added = sorted(set(current.splitlines()) - set(expected.splitlines()))
    removed = sorted(set(expected.splitlines()) - set(current.splitlines()))
    assert not added, f"new public names (update the snapshot if intended): {added}"
    assert not removed, f"public names removed (deprecate first): {removed}"
