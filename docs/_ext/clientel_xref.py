"""Cross-references the nitpicky build (``sphinx-build -n``) would otherwise report as missing.

Napoleon writes a numpydoc type such as ``array_like, shape (m, n), optional`` into a typed
field, and Sphinx then tries to link every word of it as a Python class: ``array_like``,
``shape``, ``m``, ``n``, ``optional``. This handler of ``missing-reference`` settles what
neither the Python domain nor intersphinx resolved, in this order:

1. The words of the numpydoc type vocabulary that name something documented elsewhere link
   there, through the vendored inventories: ``array_like`` to NumPy's glossary, ``sequence``,
   ``mapping``, ``iterable`` and ``callable`` to Python's, ``ndarray`` to ``numpy.ndarray``,
   ``Decimal`` to ``decimal.Decimal`` and so on (``_ALIASES``).
2. A name that is exactly one public object of clientel (``minor_unit``) links to it,
   whatever module the page is about; so does a re-export (``clientel.Money``) to the page
   that documents the object (``clientel.models.Money``).
3. What is left of a *type field* (a ``py:class`` or ``py:obj`` reference) and is plainly
   prose, not a name (lower-case words such as ``shape`` or ``optional``, one- or two-letter
   dimension names, numbers, quoted literals, ``{"a", "b"}`` choices), stays plain text.

Anything else is reported as usual: with ``-n -W`` a capitalised name that resolves nowhere
(a class renamed, a typo) fails the build.
"""

from __future__ import annotations

import pydoc
import re
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.intersphinx import missing_reference as _intersphinx
from sphinx.util.nodes import make_refnode

# word -> (domain, role, target) in a vendored inventory (docs/_inventories)
_ALIASES: dict[str, tuple[str, str, str]] = {
    "array_like": ("std", "term", "array_like"),
    "array-like": ("std", "term", "array_like"),
    "sequence": ("std", "term", "sequence"),
    "sequences": ("std", "term", "sequence"),
    "mapping": ("std", "term", "mapping"),
    "mappings": ("std", "term", "mapping"),
    "iterable": ("std", "term", "iterable"),
    "callable": ("std", "term", "callable"),
    "ndarray": ("py", "class", "numpy.ndarray"),
    "array": ("py", "class", "numpy.ndarray"),
    "arrays": ("py", "class", "numpy.ndarray"),
    "Generator": ("py", "class", "numpy.random.Generator"),
    "datetime64": ("py", "class", "numpy.datetime64"),
    "int64": ("py", "class", "numpy.int64"),
    "Decimal": ("py", "class", "decimal.Decimal"),
    "decimal": ("py", "mod", "decimal"),
    "date": ("py", "class", "datetime.date"),
    "type": ("py", "class", "type"),
    "object": ("py", "class", "object"),
    "Axes": ("py", "class", "matplotlib.axes.Axes"),
    "Figure": ("py", "class", "matplotlib.figure.Figure"),
}
_PROSE = re.compile(r"^([a-z][a-z0-9_ -]*|[A-Za-z]{1,2}[0-9]?|[-+0-9./x ]+|.*[^A-Za-z0-9_.].*)$")


def _alias(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    domain, role, target = _ALIASES[node["reftarget"]]
    alias = node.deepcopy()
    alias["refdomain"], alias["reftype"], alias["reftarget"] = domain, role, target
    return _intersphinx(app, env, alias, contnode)


def _unique_public(env: BuildEnvironment, name: str, reftype: str) -> tuple[str, Any] | None:
    domain: Any = env.get_domain("py")
    objtypes = set(domain.objtypes_for_role(reftype) or ())
    found = [
        (full, entry)
        for full, entry in domain.objects.items()
        if full.startswith("clientel")
        and (full == name or full.endswith("." + name))
        and "._" not in full
        and (not objtypes or entry.objtype in objtypes)
    ]
    return found[0] if len(found) == 1 else None


def _same_object(env: BuildEnvironment, dotted: str) -> tuple[str, Any] | None:
    """A re-export (``clientel.Money``) to where the object is documented (``clientel.models``)."""
    obj = pydoc.locate(dotted)
    if obj is None or not dotted.startswith("clientel."):
        return None
    domain: Any = env.get_domain("py")
    last = dotted.rsplit(".", 1)[-1]
    found = [
        (full, entry)
        for full, entry in domain.objects.items()
        if full.endswith("." + last)
        and "._" not in full
        and full != dotted
        and pydoc.locate(full) is obj
    ]
    return found[0] if len(found) == 1 else None


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Node | None:
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip("~.")
    if target in _ALIASES:
        return _alias(app, env, node, contnode)
    match = _unique_public(env, target, node["reftype"]) or _same_object(env, target)
    if match is not None:
        full, entry = match
        return make_refnode(
            app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, full
        )
    if node["reftype"] in ("class", "obj") and _PROSE.match(target):
        return contnode  # a word of a type's description, not a name
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", resolve, priority=900)  # after intersphinx (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
