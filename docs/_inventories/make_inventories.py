"""Write the intersphinx inventories the docs link to, so the build needs no network.

Sphinx reads an inventory (objects.inv) to link a name such as ``decimal.Decimal`` to another
project's documentation. The projects' own inventories are downloaded from their sites, which a
build without network cannot do, so this script writes small ones holding the names clientel's
docs use, each with its page in that project's documentation. Each page and anchor was checked against the projects' published documentation (their
sources: numpy's doc/source/glossary.rst and reference/arrays.scalars.rst, Python's glossary;
links to them as other projects' docs write them). Run it after adding a name:
``python docs/_inventories/make_inventories.py``. The links point to the projects' sites;
nothing else about them is needed to build or read the docs offline.
"""

from __future__ import annotations

import zlib
from pathlib import Path

# project -> (version, [(name, role, uri)]); uri ending in "#$" takes the name as its anchor
PROJECTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "python": ("3", [
        ("decimal.Decimal", "py:class", "library/decimal.html#$"),
        ("fractions.Fraction", "py:class", "library/fractions.html#$"),
        ("datetime.date", "py:class", "library/datetime.html#$"),
        ("float", "py:class", "library/functions.html#$"),
        ("int", "py:class", "library/functions.html#$"),
        ("bool", "py:class", "library/functions.html#$"),
        ("str", "py:class", "library/stdtypes.html#$"),
        ("tuple", "py:class", "library/stdtypes.html#$"),
        ("dict", "py:class", "library/stdtypes.html#$"),
        ("list", "py:class", "library/stdtypes.html#$"),
        ("collections.abc.Mapping", "py:class", "library/collections.abc.html#$"),
        ("collections.abc.Sequence", "py:class", "library/collections.abc.html#$"),
        ("typing.Protocol", "py:class", "library/typing.html#$"),
        ("enum.Enum", "py:class", "library/enum.html#$"),
        ("enum.IntEnum", "py:class", "library/enum.html#$"),
        ("json.dumps", "py:function", "library/json.html#$"),
        ("ValueError", "py:exception", "library/exceptions.html#$"),
        ("DeprecationWarning", "py:exception", "library/exceptions.html#$"),
        ("type", "py:class", "library/functions.html#$"),
        ("object", "py:class", "library/functions.html#$"),
        ("None", "py:data", "library/constants.html#$"),
        ("decimal", "py:module", "library/decimal.html#module-decimal"),
        ("sequence", "std:term", "glossary.html#term-sequence"),
        ("mapping", "std:term", "glossary.html#term-mapping"),
        ("iterable", "std:term", "glossary.html#term-iterable"),
        ("callable", "std:term", "glossary.html#term-callable"),
    ]),
    "numpy": ("2", [
        ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#$"),
        ("numpy.random.Generator", "py:class", "reference/random/generator.html#$"),
        ("numpy.float64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.asarray", "py:function", "reference/generated/numpy.asarray.html#$"),
        ("numpy.datetime64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.int64", "py:class", "reference/arrays.scalars.html#$"),
        ("array_like", "std:term", "glossary.html#term-array_like"),
    ]),
    "scipy": ("1", [
        ("scipy.optimize.milp", "py:function", "reference/generated/scipy.optimize.milp.html#$"),
        ("scipy.optimize.linprog", "py:function",
         "reference/generated/scipy.optimize.linprog.html#$"),
        ("scipy.optimize.linear_sum_assignment", "py:function",
         "reference/generated/scipy.optimize.linear_sum_assignment.html#$"),
        ("scipy.optimize.brentq", "py:function",
         "reference/generated/scipy.optimize.brentq.html#$"),
    ]),
    "pandas": ("2", [
        ("pandas.DataFrame", "py:class", "reference/api/pandas.DataFrame.html#$"),
        ("pandas.Series", "py:class", "reference/api/pandas.Series.html#$"),
        ("pandas.read_csv", "py:function", "reference/api/pandas.read_csv.html#$"),
    ]),
    "attrs": ("25", [
        ("attrs.frozen", "py:function", "api.html#$"),
        ("attrs.define", "py:function", "api.html#$"),
        ("attrs.evolve", "py:function", "api.html#$"),
        ("attrs.field", "py:function", "api.html#$"),
    ]),
    "matplotlib": ("3", [
        ("matplotlib.axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html#$"),
        ("matplotlib.figure.Figure", "py:class", "api/_as_gen/matplotlib.figure.Figure.html#$"),
    ]),
    "polars": ("1", [
        ("polars.DataFrame", "py:class", "reference/dataframe/index.html"),  # class shown :noindex:
    ]),
}


def write(folder: Path) -> None:
    for project, (version, entries) in PROJECTS.items():
        header = (
            "# Sphinx inventory version 2\n"
            f"# Project: {project}\n"
            f"# Version: {version}\n"
            "# The remainder of this file is compressed using zlib.\n"
        )
        body = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in sorted(entries))
        (folder / f"{project}.inv").write_bytes(
            header.encode() + zlib.compress(body.encode(), 9)
        )


if __name__ == "__main__":
    write(Path(__file__).parent)
