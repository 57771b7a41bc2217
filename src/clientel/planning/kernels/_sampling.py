"""Seeded driver sampling: distributions, chunk-invariant random blocks, Gaussian copula.

Random numbers are generated in fixed blocks of :data:`BLOCK` draws; block ``b``
uses its own stream ``SeedSequence(seed, spawn_key=(b,))``. Draw ``i`` therefore
depends only on ``seed`` and ``i``, whatever the chunk size used to evaluate the
model. Independent drivers are drawn directly from each block's stream, one driver
after the other (numpy's ``Generator.beta``, ``triangular``, ``normal``,
``lognormal``, ``uniform``); correlated drivers go through a Gaussian copula
(Cholesky factor of the correlation matrix applied to independent standard
normals, then each driver's quantile function).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal.validators import identifier
from clientel.errors import InvalidInputError

__all__ = [
    "BLOCK",
    "Distribution",
    "DistributionKind",
    "block_normals",
    "check_drivers",
    "copula_factor",
    "from_normal",
    "quantiles",
    "sample_drivers",
]

Float = NDArray[np.float64]
BLOCK = 4096  #: draws per random-number block (the unit of reproducibility)


class DistributionKind(enum.Enum):
    """Supported driver distributions."""

    TRIANGULAR = "triangular"
    PERT = "pert"
    NORMAL = "normal"
    LOGNORMAL = "lognormal"
    UNIFORM = "uniform"


@attrs.frozen(kw_only=True)
class Distribution:
    """An uncertain driver.

    ``low``/``mode``/``high`` for triangular and PERT, ``low``/``high`` for
    uniform, ``mean``/``sd`` for normal and lognormal (the lognormal's own mean
    and standard deviation, not those of its logarithm).

    Examples
    --------
    >>> Distribution.pert("volume", 0.7, 1.0, 1.2).mean
    0.9833333333333334
    """

    name: str = attrs.field(validator=identifier)
    kind: DistributionKind
    params: tuple[float, ...]

    def __attrs_post_init__(self) -> None:
        p, where = self.params, f"Distribution[{self.name}].params"
        if not all(np.isfinite(p)):
            raise InvalidInputError("parameters must be finite", field=where, value=p)
        k = self.kind
        if k in (DistributionKind.TRIANGULAR, DistributionKind.PERT):
            if len(p) != 3 or not p[0] <= p[1] <= p[2] or p[0] == p[2]:
                raise InvalidInputError("expected low <= mode <= high, low < high", field=where,
                                        value=p)  # fmt: skip
        elif k is DistributionKind.UNIFORM:
            if len(p) != 2 or not p[0] < p[1]:
                raise InvalidInputError("expected low < high", field=where, value=p)
        elif len(p) != 2 or p[1] < 0 or (k is DistributionKind.LOGNORMAL and p[0] <= 0):
            msg = "expected mean and sd >= 0 (mean > 0 for lognormal)"
            raise InvalidInputError(msg, field=where, value=p)

    @classmethod
    def triangular(cls, name: str, low: float, mode: float, high: float) -> Distribution:
        """Triangular on ``[low, high]`` with its peak at ``mode``."""
        return cls(name=name, kind=DistributionKind.TRIANGULAR, params=(low, mode, high))

    @classmethod
    def pert(cls, name: str, low: float, mode: float, high: float) -> Distribution:
        """Beta-PERT: Beta(1 + 4 (m - a)/(b - a), 1 + 4 (b - m)/(b - a)) on ``[a, b]``."""
        return cls(name=name, kind=DistributionKind.PERT, params=(low, mode, high))

    @classmethod
    def normal(cls, name: str, mean: float, sd: float) -> Distribution:
        """Normal with ``mean`` and standard deviation ``sd``."""
        return cls(name=name, kind=DistributionKind.NORMAL, params=(mean, sd))

    @classmethod
    def lognormal(cls, name: str, mean: float, sd: float) -> Distribution:
        """Lognormal with its own ``mean`` (> 0) and standard deviation ``sd``."""
        return cls(name=name, kind=DistributionKind.LOGNORMAL, params=(mean, sd))

    @classmethod
    def uniform(cls, name: str, low: float, high: float) -> Distribution:
        """Uniform on ``[low, high)``."""
        return cls(name=name, kind=DistributionKind.UNIFORM, params=(low, high))

    @property
    def mean(self) -> float:
        """The distribution's mean (triangular (a+m+b)/3, PERT (a+4m+b)/6)."""
        p = self.params
        if self.kind is DistributionKind.TRIANGULAR:
            return (p[0] + p[1] + p[2]) / 3.0
        if self.kind is DistributionKind.PERT:
            return (p[0] + 4.0 * p[1] + p[2]) / 6.0
        if self.kind is DistributionKind.UNIFORM:
            return (p[0] + p[1]) / 2.0
        return p[0]

    def _draw(self, rng: np.random.Generator, n: int) -> Float:
        """``n`` independent draws from the stream ``rng``."""
        p, k = self.params, self.kind
        if k is DistributionKind.NORMAL:
            return rng.normal(p[0], p[1], n)
        if k is DistributionKind.LOGNORMAL:
            s2 = float(np.log1p((p[1] / p[0]) ** 2))
            return rng.lognormal(float(np.log(p[0])) - s2 / 2.0, np.sqrt(s2), n)
        if k is DistributionKind.UNIFORM:
            return rng.uniform(p[0], p[1], n)
        a, m, b = p
        if k is DistributionKind.TRIANGULAR:
            return rng.triangular(a, m, b, n)
        q = rng.beta(1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a), n)
        q *= b - a
        q += a
        out: Float = np.clip(q, a, b, out=q)  # a + (b - a) * 1.0 may round above b
        return out


def from_normal(distribution: Distribution, z: Float) -> Float:
    """The values of ``distribution`` at standard normal scores ``z`` (the copula's step).

    ``F^-1(Phi(z))`` for each ``z``: exact for the normal and lognormal, through the
    normal CDF and the distribution's inverse CDF for the others.
    """
    from scipy import special

    p, k = distribution.params, distribution.kind
    if k is DistributionKind.NORMAL:
        return p[0] + p[1] * z
    if k is DistributionKind.LOGNORMAL:
        s2 = np.log1p((p[1] / p[0]) ** 2)
        out: Float = np.exp(np.log(p[0]) - s2 / 2.0 + np.sqrt(s2) * z)
        return out
    u: Float = np.asarray(special.ndtr(z), dtype=np.float64)
    if k is DistributionKind.UNIFORM:
        return p[0] + (p[1] - p[0]) * u
    a, m, b = p
    if k is DistributionKind.PERT:
        alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
        q: Float = np.asarray(special.betaincinv(alpha, beta, u), dtype=np.float64)
        return a + (b - a) * q
    fc = (m - a) / (b - a)
    left = a + np.sqrt(u * (b - a) * (m - a))
    right = b - np.sqrt((1.0 - u) * (b - a) * (b - m))
    tri: Float = np.where(u < fc, left, right)
    return tri


def quantiles(distribution: Distribution, u: Float) -> Float:
    """The values of ``distribution`` at probabilities ``u`` in (0, 1): its inverse CDF.

    Computed as :func:`from_normal` of ``Phi^-1(u)``, the same arithmetic as the
    simulation's draws (the pipeline forecast reads a slip distribution this way).
    """
    from scipy import special

    return from_normal(distribution, np.asarray(special.ndtri(u), dtype=np.float64))


def copula_factor(correlation: ArrayLike | None, k: int) -> Float | None:
    """The Cholesky factor of a checked k x k correlation matrix (None: independent drivers)."""
    if correlation is None:
        return None
    c = np.asarray(correlation, dtype=np.float64)
    if c.shape != (k, k) or not np.isfinite(c).all():
        raise InvalidInputError(f"expected a finite {k} x {k} matrix", field="correlation")
    if not np.allclose(c, c.T) or not np.allclose(np.diag(c), 1.0) or (np.abs(c) > 1).any():
        msg = "expected a symmetric matrix with unit diagonal and entries in [-1, 1]"
        raise InvalidInputError(msg, field="correlation")
    try:
        out: Float = np.asarray(np.linalg.cholesky(c), dtype=np.float64)
    except np.linalg.LinAlgError as exc:
        msg = "correlation matrix is not positive definite"
        raise InvalidInputError(msg, field="correlation") from exc
    return out


def _streams(seed: int, start: int, stop: int) -> tuple[int, list[np.random.Generator]]:
    """The first block's number and the streams of the blocks holding draws ``start..stop-1``."""
    first, last = start // BLOCK, (stop - 1) // BLOCK
    keys = [np.random.SeedSequence(seed, spawn_key=(b,)) for b in range(first, last + 1)]
    return first, [np.random.Generator(np.random.PCG64(key)) for key in keys]


def block_normals(seed: int, start: int, stop: int, k: int) -> Float:
    """Standard normals for draws ``start..stop-1``, from per-block streams."""
    first, streams = _streams(seed, start, stop)
    blocks = [rng.standard_normal((BLOCK, k)) for rng in streams]  # one call per block
    z = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    return z[start - first * BLOCK : stop - first * BLOCK]


def _independent(
    drivers: Sequence[Distribution], seed: int, start: int, stop: int
) -> dict[str, Float]:
    """Draws ``start..stop-1`` of independent drivers: each block's stream draws a whole
    block of every driver, in the drivers' order."""
    first, streams = _streams(seed, start, stop)
    cols: list[list[Float]] = [[] for _ in drivers]
    for rng in streams:
        for col, d in zip(cols, drivers, strict=True):
            col.append(d._draw(rng, BLOCK))
    lo, hi = start - first * BLOCK, stop - first * BLOCK
    return {d.name: np.concatenate(col)[lo:hi] for d, col in zip(drivers, cols, strict=True)}


def check_drivers(drivers: Sequence[Distribution], seed: int) -> None:
    """At least one driver, unique names, a non-negative integer seed."""
    if not drivers:
        raise InvalidInputError("expected at least one driver", field="drivers")
    names = [d.name for d in drivers]
    if len(set(names)) != len(names):
        raise InvalidInputError("driver names must be unique", field="drivers", value=names)
    if not isinstance(seed, int) or seed < 0:
        raise InvalidInputError("expected a non-negative integer seed", field="seed", value=seed)


def sample_drivers(
    drivers: Sequence[Distribution],
    n: int,
    *,
    seed: int,
    start: int = 0,
    correlation: ArrayLike | None = None,
) -> dict[str, Float]:
    """Draws ``start`` to ``start + n - 1`` of every driver (same numbers for any split).

    Parameters
    ----------
    drivers : sequence of Distribution
        The uncertain drivers (unique names).
    n : int
        Number of draws (>= 1).
    seed : int
        The simulation's seed.
    start : int
        The first draw's number (>= 0).
    correlation : array_like, optional
        Driver correlation matrix (Gaussian copula), in the order of ``drivers``.

    Returns
    -------
    dict of str to numpy.ndarray
        Driver name -> its n draws.

    Raises
    ------
    InvalidInputError
        ``n`` < 1 or ``start`` < 0, or a bad correlation matrix.

    Examples
    --------
    >>> d = [Distribution.uniform("price", 0.9, 1.1)]
    >>> whole = sample_drivers(d, 10, seed=7)["price"]
    >>> bool((whole[4:] == sample_drivers(d, 6, seed=7, start=4)["price"]).all())
    True
    """
    check_drivers(drivers, seed)
    if n < 1 or start < 0:
        raise InvalidInputError("expected n >= 1 and start >= 0", field="n", value=(n, start))
    chol = copula_factor(correlation, len(drivers))
    if chol is None:
        return _independent(drivers, seed, start, start + n)
    z = block_normals(seed, start, start + n, len(drivers)) @ chol.T
    return {d.name: from_normal(d, z[:, j]) for j, d in enumerate(drivers)}
