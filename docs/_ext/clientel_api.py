"""The API reference's pages, one per module, and the autodoc clean-ups they need.

``.. clientel-api:: clientel.scoring`` writes a module's page from its ``__all__``:
summary tables grouped as entry points (functions), results and entities (classes),
options (enums), errors and constants, then the functions in full, the documented
constants with their values, and the classes last. A name added to a package's
``__all__`` appears on its page without an edit here.

The hooks below keep the pages readable: no "Bases: object" (nor the display mix-in
every result shares), no empty heading per attrs field (fields are documented in the
class's Parameters or Attributes section), and a citation that starts with an author's
initials ("F. R. David, ...") stays a paragraph instead of an ordered list.
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import re
import typing
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

_HIDDEN_BASES = {"object", "TableDisplay"}
_INITIALS = re.compile(r"^(\s*)([A-Z])\. ")
_SECTION = re.compile(r"^\s*-{3,}\s*$")


def _kind(obj: Any) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "error"
        if issubclass(obj, enum.Enum):
            return "option"
        return "class"
    if callable(obj):
        return "function"
    return "constant"


_GROUPS = (
    ("function", "Entry points", "the functions you call"),
    ("class", "Results and entities", "what the functions take and return"),
    ("option", "Options", "enumerations a parameter accepts"),
    ("constant", "Constants", "the values a parameter accepts, and tables you can read"),
    ("error", "Errors", "what is raised, with the field at fault"),
    ("module", "Modules", "the array kernels and other sub-modules"),
)


def _constant_comment(module: Any, name: str) -> str:
    """The ``#:`` comment above ``name``'s assignment in its defining module, if any."""
    table = getattr(module, "_NAMES", None)  # a lazy package's name -> module table
    candidates = []
    if table is not None and name in table:
        candidates.append(table[name])
    candidates.append(module.__name__)
    for modname in candidates:
        try:
            source = Path(inspect.getfile(importlib.import_module(modname)))
        except (TypeError, ImportError):
            continue
        files = [source] if source.name != "__init__.py" else []
        files += sorted(source.parent.rglob("*.py"))
        for path in files:
            lines = path.read_text(encoding="utf-8").splitlines()
            for k, line in enumerate(lines):
                if re.match(rf"^{re.escape(name)}\b\s*[:=]", line):
                    doc = []
                    j = k - 1
                    while j >= 0 and lines[j].startswith("#:"):
                        doc.insert(0, lines[j][2:].strip())
                        j -= 1
                    if doc:
                        return " ".join(doc)
                    if "#:" in line:  # NAME = value  #: what it is
                        return line.split("#:", 1)[1].strip()
    return ""


def _value(obj: Any) -> str:
    if isinstance(obj, dict) or hasattr(obj, "keys"):
        keys = list(obj.keys())
        shown = ", ".join(repr(k) for k in keys[:12])
        return f"a read-only mapping with keys {shown}" + (", ..." if len(keys) > 12 else "")
    text = repr(obj)
    return text if len(text) <= 300 else text[:297] + "..."


def _title(text: str) -> str:
    return f"{text}\n{'-' * len(text)}"


class ClientelApi(SphinxDirective):
    """``.. clientel-api:: dotted.module``: summary tables, then the module's names in full."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        modname = self.arguments[0]
        module = importlib.import_module(modname)
        names = list(getattr(module, "__all__", []))
        grouped: dict[str, list[str]] = {key: [] for key, _, _ in _GROUPS}
        for name in names:
            grouped[_kind(getattr(module, name))].append(name)
        out = [f".. py:module:: {modname}", ""]
        comments = {n: _constant_comment(module, n) for n in grouped["constant"]}
        for key, title, blurb in _GROUPS:
            if not grouped[key]:
                continue
            out += [f".. rubric:: {title}: {blurb}", ""]
            if key == "module":
                out += [f"* :mod:`{modname}.{n}`" for n in grouped[key]]
            elif key == "constant":  # autosummary would show the value's type's docstring
                out += [".. list-table::", "   :widths: 30 70", ""]
                for n in grouped[key]:
                    first = comments[n].split(". ")[0].rstrip(".") if comments[n] else ""
                    out += [f"   * - :data:`{n}`", f"     - {first}"]
            else:
                out += [".. autosummary::", "   :nosignatures:", ""]
                out += [f"   {n}" for n in grouped[key]]
            out.append("")
        duplicates = set()
        if modname == "clientel":  # Money is documented under clientel.models as well
            duplicates = set(importlib.import_module("clientel.models").__all__)
        if grouped["function"]:
            out += [_title(f"{modname}: functions"), ""]
            for n in grouped["function"]:
                out += [f".. autofunction:: {n}", ""]
        if grouped["constant"]:
            out += [_title(f"{modname}: constants"), ""]
            for n in grouped["constant"]:
                obj = getattr(module, n)
                doc = comments[n] or "A value a parameter of this module accepts."
                out += [f".. py:data:: {n}", "", f"   {doc}", "", f"   Value: ``{_value(obj)}``", ""]
        classes = grouped["class"] + grouped["option"] + grouped["error"]
        if classes:
            out += [_title(f"{modname}: classes"), ""]
            for n in classes:
                out += [f".. autoclass:: {n}", "   :members:"]
                out += ["   :no-index:", ""] if n in duplicates else [""]
        node = nodes.section()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(out, source=modname), node)
        return list(node.children)


_REFERENCE_MODULES = (
    "clientel.models", "clientel.scoring", "clientel.scoring.kernels", "clientel.pricing",
    "clientel.pricing.kernels", "clientel.planning", "clientel.planning.kernels",
    "clientel.workflow", "clientel.workflow.kernels", "clientel.plots",
)
_REFERENCES = re.compile(r"References\n\s*-+\n(.*?)(?=\n\s*\n\s*[A-Z][a-z]+\n\s*-+|\Z)", re.S)
_LEADING_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.(?:-[A-Z]\.)?\s+)+")


def _sources() -> dict[str, list[str]]:
    """Each published source cited in a public docstring, with the names that cite it."""
    found: dict[str, list[str]] = {}
    for modname in _REFERENCE_MODULES:
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            docs = [(f"{modname}.{name}", inspect.getdoc(obj) or "")]
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and callable(member) and member.__doc__:
                        docs.append((f"{modname}.{name}.{attr}", inspect.getdoc(member) or ""))
            for where, doc in docs:
                match = _REFERENCES.search(doc)
                if match is None:
                    continue
                for para in re.split(r"\n\s*\n", match.group(1)):
                    text = " ".join(para.split())
                    if text and where not in found.setdefault(text, []):
                        found[text].append(where)
    return found


class ClientelReferences(SphinxDirective):
    """``.. clientel-references::``: every source the docstrings cite, by first author."""

    def run(self) -> list[nodes.Node]:
        found = _sources()
        out = []
        for text in sorted(found, key=lambda t: _LEADING_INITIALS.sub("", t).lower()):
            cited = ", ".join(f":obj:`~{w}`" for w in found[text])
            item = _INITIALS.sub(r"\1\2\\. ", text)  # "F. R. David": not an ordered list
            out += [f"* {item}", "", f"  Cited by {cited}.", ""]
        node = nodes.section()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(out, source="references"), node)
        return list(node.children)


def _skip_member(app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any) -> Any:
    """Skip an attrs field that has no docstring of its own: an empty heading otherwise."""
    if what != "class" or skip:
        return None
    if type(obj).__name__ == "member_descriptor":  # a slot: an attrs field
        return True
    return None


def _shown_base(base: Any) -> bool:
    """Whether "Bases:" names ``base``: not object or the display mix-in every result shares,
    not ``typing.Generic[...]``, and not a private helper class (``AxisView``) a reader
    cannot look up."""
    origin = getattr(base, "__origin__", base)
    if origin is typing.Generic or getattr(origin, "__name__", "") in _HIDDEN_BASES:
        return False
    module = getattr(origin, "__module__", "")
    if module.startswith("clientel") and "._" in module:
        package = importlib.import_module(module.split("._")[0])
        return origin.__name__ in getattr(package, "__all__", ())
    return True


def _bases(app: Sphinx, name: str, obj: Any, options: Any, bases: list[Any]) -> None:
    # Protocol[Item_co] reads as Protocol: the type variable is private to the module
    shown = [b for b in bases if _shown_base(b)]
    bases[:] = [typing.Protocol if getattr(b, "__origin__", None) is typing.Protocol else b
                for b in shown]  # fmt: skip


def _docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """In References sections, "F. R. David" would start an ordered list: escape the first dot."""
    in_refs = False
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if _SECTION.match(nxt):
            in_refs = line.strip() == "References"
            continue
        if in_refs:
            lines[k] = _INITIALS.sub(r"\1\2\\. ", line)


_LINKED_PACKAGES = (
    "clientel", "clientel.models", "clientel.scoring", "clientel.pricing", "clientel.planning",
    "clientel.workflow", "clientel.plots", "clientel.frames", "clientel.export", "clientel.sample",
    "clientel.errors",
)
_KERNELS = ("clientel.scoring.kernels", "clientel.pricing.kernels",
            "clientel.planning.kernels", "clientel.workflow.kernels", "clientel.models.kernels")
# Short names that are also parameter or attribute names in the guide's prose: never linked.
_NOT_LINKED = {"rate", "review", "n", "id", "ids", "items", "scale", "cuts", "kernels", "errors"}
_CODE_NAME = re.compile(r"^[A-Za-z_][\w.]*$")


@functools.cache
def _api_names() -> dict[str, str]:
    """Code text -> the public name it means: ``rank_clients``, ``scoring.rank_clients``,
    ``kernels.irr``, ``clientel.planning.irr``; a short name only where it is unambiguous."""
    short: dict[str, set[str]] = {}
    table: dict[str, str] = {}
    for modname in _LINKED_PACKAGES + _KERNELS:
        module = importlib.import_module(modname)
        for name in getattr(module, "__all__", []):
            if inspect.ismodule(getattr(module, name)) or name.startswith("_"):
                continue
            full = f"{modname}.{name}"
            table[full] = full
            table[f"{modname.rsplit('.', 1)[-1]}.{name}"] = full  # scoring.x, kernels.x
            if modname in _KERNELS:
                table[f"{modname.split('.')[1]}.kernels.{name}"] = full
            elif modname != "clientel":
                short.setdefault(name, set()).add(full)
    for name, fulls in short.items():
        if len(fulls) == 1 and name not in _NOT_LINKED:
            table.setdefault(name, next(iter(fulls)))
    table["Money"] = "clientel.models.Money"
    # other projects' names the guide writes in code, linked through intersphinx (conf.py)
    table.update({"Decimal": "decimal.Decimal", "Fraction": "fractions.Fraction",
                  "ndarray": "numpy.ndarray", "DataFrame": "pandas.DataFrame",
                  "Generator": "numpy.random.Generator"})
    for modname in _LINKED_PACKAGES + _KERNELS:
        table.setdefault(modname, modname)
    return table


def _link_code(app: Sphinx, doctree: nodes.document) -> None:
    """In the guide's prose, ``rank_clients`` links to its API entry like a role would."""
    from sphinx import addnodes

    docname = app.env.docname
    if docname.startswith("api/") or docname == "api":
        return
    names = _api_names()
    for literal in list(doctree.findall(nodes.literal)):
        if isinstance(literal.parent, (nodes.reference, addnodes.pending_xref)):
            continue
        text = literal.astext()
        key = text[:-2] if text.endswith("()") else text
        if not _CODE_NAME.match(key) or key not in names:
            continue
        target = names[key]
        kind = "mod" if target == key and key in (_LINKED_PACKAGES + _KERNELS) else "obj"
        ref = addnodes.pending_xref(
            "", refdomain="py", reftype=kind, reftarget=target, refexplicit=True,
            refwarn=False, refdoc=docname,
        )
        literal.replace_self(ref)
        ref += literal


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("clientel-api", ClientelApi)
    app.add_directive("clientel-references", ClientelReferences)
    app.connect("autodoc-skip-member", _skip_member)
    app.connect("autodoc-process-bases", _bases)
    app.connect("autodoc-process-docstring", _docstring, priority=400)
    app.connect("doctree-read", _link_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
