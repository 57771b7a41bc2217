"""Every ```python example in docs/ runs as a doctest, so the docs cannot rot.

Blocks in one page share their names, top to bottom, like cells of a notebook.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(
    p
    for p in DOCS.rglob("*.md")
    if "_build" not in p.parts and ">>>" in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_examples_in_page_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    blocks = [b for b in FENCE.findall(text) if ">>>" in b]
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    source = "\n".join(blocks)
    test = parser.get_doctest(source, {"__name__": "__docs__"}, page.name, str(page), 0)
    failed, attempted = runner.run(test)
    assert attempted > 0
    assert failed == 0, f"{failed} example(s) failed in {page.name}; see the output above"


def test_readme_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    blocks = FENCE.findall(readme)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})
    assert capsys.readouterr().out.strip()
