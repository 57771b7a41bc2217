"""Sphinx configuration: MyST Markdown, autodoc with napoleon for numpydoc docstrings."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "clientel"
author = "The clientel developers"
copyright = "2026, The clientel developers"  # noqa: A001
release = _version("clientel")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_nb",  # MyST Markdown and notebooks (the tour runs in the test suite, not here)
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
nb_execution_mode = "off"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "perf/*.md", "jupyter_execute"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # attrs fields are documented once, as members
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
# ambiguous short names (e.g. an attribute "n" on several results) are not worth a failure
suppress_warnings = ["myst.xref_missing", "ref.python"]
nitpicky = False

html_theme = "alabaster"
html_title = f"clientel {release}"
