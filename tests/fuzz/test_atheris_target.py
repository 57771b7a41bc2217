"""The atheris target runs clean on its seeds, so a long campaign starts from a sound harness."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from long_run import LONG_RUN_EXAMPLES

HERE = Path(__file__).parent
SEEDS = sorted((HERE.parent / "models" / "data" / "v1").glob("*.json"))


def _target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("atheris_loads", HERE / "atheris_loads.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGET = _target()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_documents_pass_through_the_target(path: Path) -> None:
    data = path.read_bytes()
    tag = TARGET.json.loads(data)["type"]
    assert tag in TARGET.TYPES
    TARGET.one_input(data)


@settings(max_examples=LONG_RUN_EXAMPLES or 60)
@given(st.sampled_from(SEEDS), st.binary(max_size=8), st.integers(0, 10**6))
def test_damaged_seeds_never_crash_the_target(path: Path, noise: bytes, at: int) -> None:
    data = path.read_bytes()
    at %= len(data) + 1
    TARGET.one_input(data[:at] + noise + data[at + len(noise) :])
