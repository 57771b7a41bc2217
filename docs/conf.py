"""Sphinx configuration: MyST Markdown, autodoc with napoleon for numpydoc docstrings."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from importlib.metadata import version as _version
from pathlib import Path

project = "clientel"
author = "The clientel developers"
copyright = "2026, The clientel developers"  # noqa: A001
release = _version("clientel")
version = ".".join(release.split(".")[:2])

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
extensions = [
    "myst_nb",  # MyST Markdown and notebooks, executed at build (below)
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",  # the summary tables at the top of each API page
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
    "clientel_api",  # one API page per module (docs/_ext/clientel_api.py)
    "clientel_xref",  # type words and short names the nitpicky build checks (docs/_ext)
]
# The copy button copies code without the prompts and without the output lines.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
# Links to Python, numpy, scipy, pandas, attrs, matplotlib and polars read inventories kept
# in the repository (docs/_inventories, written by make_inventories.py there): the build
# needs no network.
_INV = str(Path(__file__).parent / "_inventories")
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", f"{_INV}/python.inv"),
    "numpy": ("https://numpy.org/doc/stable/", f"{_INV}/numpy.inv"),
    "scipy": ("https://docs.scipy.org/doc/scipy/", f"{_INV}/scipy.inv"),
    "pandas": ("https://pandas.pydata.org/docs/", f"{_INV}/pandas.inv"),
    "attrs": ("https://www.attrs.org/en/stable/", f"{_INV}/attrs.inv"),
    "matplotlib": ("https://matplotlib.org/stable/", f"{_INV}/matplotlib.inv"),
    "polars": ("https://docs.pola.rs/api/python/stable/", f"{_INV}/polars.inv"),
}
# MathJax is kept in the repository (docs/_static/mathjax, MathJax 3.2.2's es5/tex-svg.js
# from its npm package, Apache-2.0): formulas render offline and the build needs no network.
mathjax_path = "mathjax/tex-svg.js"
html_static_path = ["_static"]
html_css_files = ["clientel.css"]
# Executed pages: the tour (tour.ipynb, stored without outputs) and the chart gallery
# (gallery.md, a MyST notebook) run when the site is built, so the site shows their tables and
# charts. "cache" keeps each page's outputs in a jupyter-cache database and runs a page again
# only when its code changes: a fresh build (CI) runs both, about 25 s of CPU; a rebuild reruns
# nothing. jupyter-cache keys a page by its code only, so the cache lives in a folder named
# after a hash of the library's source and data (below): a change to how clientel draws runs
# the pages again instead of showing stale charts. A failing cell fails the build (-W turns
# the report into an error). Other .md pages are plain MyST and never run.


def _execution_cache() -> str:
    digest = hashlib.sha256(release.encode())
    source = Path(__file__).resolve().parents[1] / "src" / "clientel"
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(source).as_posix().encode())
            digest.update(path.read_bytes())
    return str(Path(tempfile.gettempdir()) / "clientel-docs-cache" / digest.hexdigest()[:16])


nb_execution_mode = "cache"
nb_execution_cache_path = _execution_cache()
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# The kernels draw with matplotlib's inline backend (what Jupyter uses), whatever MPLBACKEND
# the build runs under: CI sets Agg for the test suite, which would leave the pages without
# images. The variable is passed to the kernel processes; Sphinx itself draws nothing.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
exclude_patterns = [
    "_build", "**.ipynb_checkpoints", "perf/*.md", "jupyter_execute", "api/_*.md", "_static",
]
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # attrs fields are documented once, as members
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}  # bases: see _ext
autosummary_generate = False  # the summary tables link to the entries on the same page
# ambiguous short names (e.g. an attribute "n" on several results) are not worth a failure
suppress_warnings = ["myst.xref_missing", "ref.python"]
# Every cross-reference must resolve (-n): docs/_ext/clientel_xref.py settles the words of
# numpydoc types; a name that resolves nowhere fails the -W build.
nitpicky = True

html_theme = "furo"
html_title = f"clientel {release}"
