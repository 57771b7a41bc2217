"""The record that describes one MCDA method, and the registry that holds them.

Each method is declared once, in its own module of
``clientel/scoring/kernels/_methods/``, as a module-level ``METHOD`` record:
its name and reference, what kind of result it gives, its properties (higher is
better, chunkable, monotone in each criterion, linear in the weights, additive
contributions) and its unchecked core functions (fit, finalise, score,
contributions). Every table and branch that depends on the method reads this
record; the modules are found when the kernels package is imported, so adding
a method is one new module (plus its name in :data:`MethodName` and its tests).
A method defined outside the package is added with :func:`register_method`
and taken out with :func:`unregister_method`, or registered for the length of
a ``with`` block by :func:`registered_method`; the built-in methods can be
neither replaced nor removed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from clientel._internal.validators import frozen_mapping
from clientel.errors import InvalidInputError

if TYPE_CHECKING:
    from clientel.scoring.kernels._scorer import Scorer

__all__ = [
    "REGISTRY",
    "Method",
    "MethodName",
    "known_options",
    "linear_sampled",
    "lookup",
    "register_builtin",
    "register_method",
    "registered_method",
    "unregister_method",
]

Float = NDArray[np.float64]

#: Names of the registered methods (a test checks it against the registry).
MethodName = Literal[
    "copras",
    "edas",
    "electre_i",
    "mabac",
    "moora",
    "promethee_ii",
    "spotis",
    "topsis",
    "vikor",
    "weighted_product",
    "weighted_sum",
]

OptionsFn = Callable[[Mapping[str, Any], int, "Sequence[str] | None"], dict[str, Any]]
FitFn = Callable[[Float, "Scorer"], Any]
EmptyFn = Callable[["Scorer", int], Any]
FinaliseFn = Callable[["Scorer", Any], Any]
ScoreFn = Callable[[Float, "Scorer"], Float]
ContributionsFn = Callable[[Float, "Scorer"], tuple[Float, Float]]
UnitFn = Callable[[Float, "Scorer"], Any]
SampledFn = Callable[[Any, Float], Float]


def _no_fit(X: Float, scorer: Scorer) -> Any:  # pragma: no cover - methods without a fit
    raise AssertionError("this method has no fit stage")


@attrs.frozen(kw_only=True)
class Method:
    """One MCDA method: what it is, its properties and its unchecked core functions.

    Attributes
    ----------
    name : str
        The ``method=`` value, e.g. ``"topsis"``.
    title, reference : str
        Display name and the published source the implementation follows.
    kind : {"score", "relation"}
        A score per alternative, or an outranking relation between them
        (e.g. ELECTRE I) that gives no single score.
    higher_is_better : bool
        False where a lower score ranks first (VIKOR's Q).
    cost_criteria : bool
        Whether the method takes cost criteria (direction -1) as well as
        benefit criteria; a method that does not refuses them by criterion.
    chunkable : bool
        Whether the statistics over all rows can be fitted chunk by chunk and
        merged (:class:`clientel.scoring.kernels.Scorer`).
    monotone : bool
        Once fitted, the score is monotone in each criterion, so the worst and
        best values of a missing cell bound the score (BOUNDS policy).
    linear : bool
        The score (the log score for the weighted product) is linear in the
        weights, so weight-stability intervals are exact.
    additive : bool
        The contributions add up to the score (to its log for the weighted
        product), and the score is computed from them in the same pass.
    contribution_kind : str
        What a contribution means (shown by ``Ranking.explain``).
    stages : int
        Passes over the data to fit (VIKOR needs two: column ranges, then the
        ranges of S and R); 0 for a method without whole-data statistics.
    min_rows : int
        Fewest alternatives the method is defined for.
    defaults : mapping
        The method's options and their default values.
    options : callable
        ``options(given, n_criteria, names) -> dict``: checks the options once
        and fills in the defaults.
    fit, empty, finalise : callable
        ``fit(block, scorer)`` gives the partial statistics of the scorer's next
        stage, ``empty(scorer, n_criteria)`` their empty value and
        ``finalise(scorer, merged)`` checks the merged statistics and returns
        the state the scorer keeps.
    score, contributions : callable
        ``score(block, scorer)`` and ``contributions(block, scorer) -> (scores,
        contributions)`` of a fitted scorer on a checked block (one pass).
    unit, sampled : callable, optional
        The weight-free form of the scores (``unit(matrix, scorer)``) and the
        scores of many weight vectors at once (``sampled(unit, W)``, shape
        alternatives x samples), used by rank acceptability; without them each
        sampled weight vector is scored on its own.
    """

    name: str
    title: str
    reference: str
    kind: Literal["score", "relation"] = "score"
    higher_is_better: bool = True
    cost_criteria: bool = True
    chunkable: bool = True
    monotone: bool = False
    linear: bool = False
    additive: bool = False
    contribution_kind: str = ""
    stages: int = 1
    min_rows: int = 1
    defaults: Mapping[str, Any] = attrs.field(factory=dict, converter=frozen_mapping)
    options: OptionsFn
    fit: FitFn = _no_fit
    empty: EmptyFn | None = None
    finalise: FinaliseFn | None = None
    score: ScoreFn
    contributions: ContributionsFn
    unit: UnitFn | None = None
    sampled: SampledFn | None = None

    def __attrs_post_init__(self) -> None:
        """Refuse a record the scorers could not run (named field, nothing registered)."""
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            msg = "a method name is lower case letters, digits and _, starting with a letter"
            raise InvalidInputError(msg, field="name", value=self.name)
        if self.kind not in ("score", "relation"):
            raise InvalidInputError("expected 'score' or 'relation'", field="kind", value=self.kind)
        for field, least in (("stages", 0), ("min_rows", 1)):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                msg = f"expected a whole number >= {least}"
                raise InvalidInputError(msg, field=field, value=value)
        if self.stages and (self.fit is _no_fit or self.empty is None or self.finalise is None):
            msg = "a method with fit stages needs fit, empty and finalise"
            raise InvalidInputError(msg, field="fit", value=self.name)
        if (self.unit is None) != (self.sampled is None):
            raise InvalidInputError("give both unit and sampled, or neither", field="unit")
        for field in ("options", "score", "contributions"):
            if not callable(getattr(self, field)):
                raise InvalidInputError("expected a function", field=field, value=self.name)


_NAME = re.compile(r"[a-z][a-z0-9_]*")


class _Registry:
    """The registered methods: the built-in ones, found as the ``_methods`` modules are
    imported, and those a caller added (and may take out again)."""

    def __init__(self) -> None:
        self._methods: dict[str, Method] = {}
        self.view: Mapping[str, Method] = MappingProxyType(self._methods)
        self.builtin: frozenset[str] = frozenset()
        self._lock = threading.Lock()  # one change at a time; readers see a whole mapping

    def add(self, method: Method, *, builtin: bool = False) -> None:
        with self._lock:
            if method.name in self.builtin:
                msg = "is a built-in method; register yours under another name"
                raise InvalidInputError(msg, field="method", value=method.name)
            if method.name in self._methods:
                msg = "method registered twice (unregister_method takes it out first)"
                raise InvalidInputError(msg, field="method", value=method.name)
            self._methods[method.name] = method
            if builtin:
                self.builtin |= {method.name}

    def remove(self, name: str, expected: Method | None = None) -> Method:
        given: object = name  # checked at run time too: callers may not be type-checked
        if not isinstance(given, str):
            msg = f"expected a method's name, got {type(given).__name__}"
            raise InvalidInputError(msg, field="method")
        with self._lock:
            if name in self.builtin:
                msg = "is a built-in method and cannot be unregistered"
                raise InvalidInputError(msg, field="method", value=name)
            found = self._methods.get(name)
            if found is None:
                added = tuple(sorted(set(self._methods) - self.builtin))
                msg = f"no method of that name was registered (registered: {added})"
                raise InvalidInputError(msg, field="method", value=name)
            if expected is not None and found is not expected:
                msg = "another record was registered under this name in the meantime"
                raise InvalidInputError(msg, field="method", value=name)
            return self._methods.pop(name)


_REGISTRY = _Registry()
#: Read-only view of the registry: method name -> :class:`Method`.
REGISTRY: Mapping[str, Method] = _REGISTRY.view


def register_builtin(method: Method) -> None:
    """Register one of the package's own methods (``_methods``): never replaced or removed."""
    _REGISTRY.add(method, builtin=True)


def _checked(method: object) -> Method:
    if not isinstance(method, Method):
        msg = "expected a clientel.scoring.kernels.Method record"
        raise InvalidInputError(msg, field="method", value=type(method).__name__)
    return method


def register_method(method: Method) -> Method:
    """Add ``method`` to the registry, so every ``method=`` argument accepts its name.

    The built-in methods are registered this way as the kernels are imported
    (each module of ``clientel/scoring/kernels/_methods`` declares its
    ``METHOD``); call it for a method defined elsewhere. From then on
    :func:`score_matrix`, :class:`Scorer`, ``score_alternatives``, the
    ``rank_*`` functions (step 2.3.3), rank acceptability and weight stability
    use the record: its options, properties and core functions. Type checkers
    know only the built-in names (:data:`MethodName`); a name registered at run
    time is accepted at run time.

    Parameters
    ----------
    method : Method
        The record: name, reference, properties and the unchecked core
        functions (``options``, ``fit``/``empty``/``finalise`` for each fit
        stage, ``score``, ``contributions``, optionally ``unit``/``sampled``).

    Returns
    -------
    Method
        The same record (so a module can write ``METHOD = register_method(...)``).

    Raises
    ------
    InvalidInputError
        A name that is already registered, or the name of a built-in method
        (``field="method"``); a record is checked when it is built (``field``
        names its bad attribute).

    See Also
    --------
    registered_method : Register for the length of a ``with`` block only.
    unregister_method : Take a registered method out again.

    Notes
    -----
    The registry is the process's: a method registered stays registered for
    every caller (and every thread) until :func:`unregister_method` takes it
    out. Where a method is needed for one piece of work (a test, a notebook
    cell), :func:`registered_method` scopes it to a ``with`` block.

    Examples
    --------
    A weighted sum of values scaled by each column's largest value, for
    benefit criteria only (one fit stage: the column maxima, merged exactly):

    >>> import numpy as np
    >>> from clientel.scoring.kernels import (
    ...     METHODS, ColumnStats, Method, fit_stats, register_method, score_matrix)
    >>> def scaled(X, scorer):
    ...     parts = X / scorer.state[0].max * scorer.w
    ...     return parts.sum(axis=1), parts
    >>> record = register_method(Method(
    ...     name="doc_max_scaled_sum", title="max-scaled sum", reference="(example)",
    ...     cost_criteria=False, additive=True, contribution_kind="w_j x_ij / max_j",
    ...     options=lambda given, n, names: {},
    ...     fit=lambda X, scorer: fit_stats(X),
    ...     empty=lambda scorer, k: ColumnStats.empty(k),
    ...     finalise=lambda scorer, stats: stats,
    ...     score=lambda X, scorer: scaled(X, scorer)[0], contributions=scaled))
    >>> score_matrix([[2.0, 1.0], [4.0, 4.0]], [0.5, 0.5], method="doc_max_scaled_sum").tolist()
    [0.375, 1.0]
    >>> "doc_max_scaled_sum" in METHODS
    True

    The example takes its method out again, so nothing it did outlives it:

    >>> from clientel.scoring.kernels import unregister_method
    >>> unregister_method("doc_max_scaled_sum") is record
    True
    """
    given = _checked(method)  # checked at run time too: callers may not be type-checked
    _REGISTRY.add(given)
    return given


def unregister_method(name: str) -> Method:
    """Take a method registered with :func:`register_method` out of the registry.

    .. versionadded:: 0.2.0

    From then on ``method=name`` is an unknown method again everywhere (a
    fitted :class:`Scorer` of it is refused when it scores), and the name may be
    registered anew.

    Parameters
    ----------
    name : str
        The registered method's name.

    Returns
    -------
    Method
        The record taken out.

    Raises
    ------
    InvalidInputError
        A built-in method (they cannot be removed), or a name that is not
        registered, with ``field="method"`` and the name as its value.

    Examples
    --------
    >>> unregister_method("topsis")
    Traceback (most recent call last):
    ...
    clientel.errors.InvalidInputError: method: is a built-in method and cannot be unregistered (got 'topsis')
    """  # noqa: E501
    return _REGISTRY.remove(name)


@contextmanager
def registered_method(method: Method) -> Iterator[Method]:
    """Register ``method`` for the length of a ``with`` block, then take it out again.

    .. versionadded:: 0.2.0

    The scoped form of :func:`register_method` for a test, a notebook cell or
    one batch job: the method is taken out when the block ends, also when it
    ends with an exception, so nothing registered in it lingers. The registry
    stays the process's while the block runs (other threads see the method
    too); give a method one name per process.

    Parameters
    ----------
    method : Method
        The record to register.

    Yields
    ------
    Method
        The same record.

    Raises
    ------
    InvalidInputError
        As :func:`register_method` (the name is taken or built in); nothing is
        registered then.

    Examples
    --------
    >>> from clientel.scoring.kernels import ColumnStats, Method, METHODS, fit_stats, score_matrix
    >>> def scaled(X, scorer):
    ...     parts = X / scorer.state[0].max * scorer.w
    ...     return parts.sum(axis=1), parts
    >>> record = Method(
    ...     name="doc_scoped_sum", title="max-scaled sum", reference="(example)",
    ...     cost_criteria=False, additive=True, contribution_kind="w_j x_ij / max_j",
    ...     options=lambda given, n, names: {}, fit=lambda X, scorer: fit_stats(X),
    ...     empty=lambda scorer, k: ColumnStats.empty(k), finalise=lambda scorer, stats: stats,
    ...     score=lambda X, scorer: scaled(X, scorer)[0], contributions=scaled)
    >>> with registered_method(record):
    ...     score_matrix([[2.0, 1.0], [4.0, 4.0]], [0.5, 0.5], method="doc_scoped_sum").tolist()
    [0.375, 1.0]
    >>> "doc_scoped_sum" in METHODS
    False
    """
    given = _checked(method)
    _REGISTRY.add(given)
    try:
        yield given
    finally:
        if REGISTRY.get(given.name) is given:  # the block may have taken it out itself
            _REGISTRY.remove(given.name, given)


def lookup(name: str) -> Method:
    """The registered method called ``name``; InvalidInputError listing the known ones.

    Examples
    --------
    >>> lookup("vikor").higher_is_better
    False
    """
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        known = tuple(sorted(REGISTRY))
        msg = f"unknown method; expected one of {known}"
        raise InvalidInputError(msg, field="method", value=name) from None


def linear_sampled(unit: Float, W: Float) -> Float:
    """Scores of many weight vectors at once for a method linear in the weights."""
    out: Float = unit @ W.T
    return out


def known_options(given: Mapping[str, Any], method: str, allowed: Sequence[str]) -> None:
    """Raise naming the first option ``method`` does not take."""
    for key in sorted(given):
        if key not in allowed:
            expected = ", ".join(allowed) if allowed else "none"
            msg = f"{method} takes no option {key!r} (options: {expected})"
            raise InvalidInputError(msg, field="options", value=key)
