"""The process map names every step 2.1.1-2.7.5 once, in order, and every name it links exists.

The same check covers the guide pages of the steps (docs/steps): a renamed or removed function
fails here instead of leaving a dead link on the site (the docs build does not fail on one).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
ROLE = re.compile(r"\{(?:func|class|meth|data|mod|attr)\}`([^`]+)`")
# The numbered steps of each sub-process (PROCESS.md): 2.1 has eight, 2.2 five, and so on.
STEPS = {1: 8, 2: 5, 3: 5, 4: 8, 5: 7, 6: 6, 7: 5}
PAGES = [DOCS / "process-map.md", *sorted((DOCS / "steps").glob("*.md"))]


def resolve(target: str) -> object:
    """The object a cross-reference names: ``~a.b.c`` or ``text <a.b.c>``."""
    if "<" in target:
        target = target.split("<", 1)[1].rstrip(">")
    parts = target.lstrip("~").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)  # AttributeError: the name does not exist
        return obj
    raise ImportError(target)


def test_every_step_has_one_row_in_process_order() -> None:
    text = (DOCS / "process-map.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (2\.\d\.\d) \|", text, re.M)
    expected = [f"2.{p}.{s}" for p, n in STEPS.items() for s in range(1, n + 1)]
    assert rows == expected


def test_every_step_has_a_guide_page() -> None:
    for p in STEPS:
        page = DOCS / "steps" / f"2-{p}.md"
        assert page.exists(), page
        assert f"2.{p}" in page.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_name_linked_exists(page: Path) -> None:
    targets = ROLE.findall(page.read_text(encoding="utf-8"))
    assert targets
    missing = []
    for target in targets:
        try:
            resolve(target)
        except (ImportError, AttributeError):
            missing.append(target)
    assert missing == []
