"""The logit fit as mergeable sums and one Newton driver (step 2.5.4).

The maximum-likelihood logit needs, per Newton step, the log-likelihood, its
gradient and its Hessian at the current coefficients: sums over the deals. A
partition of the deals gives its share of each sum (:func:`logit_sums`); the
shares add up (:meth:`LogitSums.merge`), and the Newton driver
(:func:`newton_logit`) takes a function that returns the merged sums at any
coefficients, without caring where they come from. The single-process fit
(:func:`clientel.pricing.kernels.fit_logit`) passes one whole-data function;
``clientel.dask`` passes one that runs a distributed pass.

Before the Newton steps the columns are centred and scaled; their moments are
mergeable too (:func:`logit_moments`, :meth:`LogitMoments.merge`,
:meth:`LogitMoments.scaling`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from clientel._internal import arrays
from clientel.errors import ConvergenceError, InvalidInputError, NoSolutionError

__all__ = [
    "LogitMoments",
    "LogitScaling",
    "LogitSums",
    "logit_moments",
    "logit_sums",
    "newton_logit",
    "standardise",
]

F64 = NDArray[np.float64]


def _checked(x: ArrayLike, won: ArrayLike) -> tuple[F64, F64]:
    X = arrays.finite("x", x)
    y = arrays.finite("won", won)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise InvalidInputError("expected x of shape (n, k) and won of shape (n,)", field="x")
    if not np.all((y == 0.0) | (y == 1.0)):
        raise InvalidInputError("expected 0 or 1 for every deal", field="won")
    return X, y


@attrs.frozen(kw_only=True, eq=False)
class LogitScaling:
    """How the design columns are centred and scaled before the Newton steps.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    centre, scale : ndarray, shape (k,)
        Column ``j`` enters as ``(x_j - centre_j) / scale_j`` (0 and 1 for the constant).
    intercept : int
        The constant column (-1 if none).
    constant : float
        The constant column's value (1 for ones).
    """

    centre: F64
    scale: F64
    intercept: int
    constant: float

    def coefficients(self, theta: F64, cov_z: F64) -> tuple[F64, F64]:
        """Coefficients and covariance on the original columns, in the sign of ``fit_logit``.

        ``eta = sum_j theta_j (x_j - centre_j) / scale_j``; the constant column
        absorbs the centring, so ``beta = M theta`` exactly.
        """
        M = np.diag(1.0 / self.scale)
        if self.intercept >= 0:
            i = self.intercept
            M[i, :] = -self.centre / self.scale
            M[i, i] += 1.0
            M[i, :] /= self.constant
        beta = M @ theta
        return -beta, np.asarray(M @ cov_z @ M.T, dtype=np.float64)


@attrs.frozen(kw_only=True, eq=False)
class LogitMoments:
    """Mergeable column moments of a partition of the design matrix, and its wins.

    .. versionadded:: 0.2.0

    Attributes
    ----------
    n : int
        Deals.
    wins : float
        Deals won.
    minimum, maximum, mean, m2 : ndarray, shape (k,)
        Per column: extremes, mean and sum of squared deviations from the mean.
    """

    n: int
    wins: float
    minimum: F64
    maximum: F64
    mean: F64
    m2: F64

    def merge(self, other: LogitMoments) -> LogitMoments:
        """Moments of both partitions (Chan, Golub and LeVeque's pairwise update)."""
        if self.mean.shape != other.mean.shape:
            msg = "moments of designs with different columns"
            raise InvalidInputError(msg, field="x", value=(self.mean.size, other.mean.size))
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        delta = other.mean - self.mean
        mean = self.mean + delta * (other.n / n)
        m2 = self.m2 + other.m2 + delta * delta * (self.n * other.n / n)
        return LogitMoments(n=n, wins=self.wins + other.wins,
                            minimum=np.minimum(self.minimum, other.minimum),
                            maximum=np.maximum(self.maximum, other.maximum),
                            mean=mean, m2=m2)  # fmt: skip

    def scaling(self) -> LogitScaling:
        """The centring and scaling of the columns, after the whole-data checks.

        Raises
        ------
        NoSolutionError
            All wins or all losses (or no deals).
        InvalidInputError
            A non-constant column without spread.
        """
        n, wins = self.n, self.wins
        if wins == 0.0 or wins == n:
            word = "losses" if wins == 0.0 else "wins"
            raise NoSolutionError(f"all {n} deals are {word}: the logit has no finite fit",
                                  field="won")  # fmt: skip
        const = (self.minimum == self.maximum) & (self.minimum != 0.0)
        inter = int(np.flatnonzero(const)[0]) if np.any(const) else -1
        k = self.mean.size
        centre = np.where(const, 0.0, self.mean) if inter >= 0 else np.zeros(k)
        scale = np.where(const, 1.0, np.sqrt(self.m2 / n))
        if np.any(scale == 0.0):
            raise InvalidInputError("a covariate is constant (or zero)", field="x")
        value = float(self.minimum[inter]) if inter >= 0 else 1.0
        return LogitScaling(centre=centre, scale=scale, intercept=inter, constant=value)


def logit_moments(x: ArrayLike, won: ArrayLike) -> LogitMoments:
    """Column moments and wins of one partition (checked: finite, 0/1 outcomes).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    x : array_like, shape (n, k)
        The partition's design matrix (a constant column for the intercept).
    won : array_like, shape (n,)
        1 for won deals, 0 for lost.

    Returns
    -------
    LogitMoments
        Merge the partitions' moments, then call :meth:`LogitMoments.scaling`.

    Raises
    ------
    InvalidInputError
        A non-finite value, shapes that do not match, an outcome other than 0/1.

    Examples
    --------
    >>> X = np.array([[1.0, 0.8], [1.0, 0.9], [1.0, 1.0]])
    >>> m = logit_moments(X[:1], [1]).merge(logit_moments(X[1:], [0, 1]))
    >>> m.n, m.wins, m.mean.round(6).tolist()
    (3, 2.0, [1.0, 0.9])
    """
    X, y = _checked(x, won)
    n, k = X.shape
    if n == 0:
        empty = np.zeros(k)
        return LogitMoments(n=0, wins=0.0, minimum=np.full(k, np.inf),
                            maximum=np.full(k, -np.inf), mean=empty, m2=empty)  # fmt: skip
    mean = X.mean(axis=0)
    dev = X - mean
    return LogitMoments(n=n, wins=float(y.sum()), minimum=X.min(axis=0), maximum=X.max(axis=0),
                        mean=mean, m2=np.einsum("ij,ij->j", dev, dev))  # fmt: skip


def standardise(x: ArrayLike, scaling: LogitScaling) -> F64:
    """The centred and scaled design of one partition, transposed (k x n, rows contiguous).

    .. versionadded:: 0.2.0

    Parameters
    ----------
    x : array_like, shape (n, k)
        The partition's design matrix.
    scaling : LogitScaling
        From the merged moments of all partitions.

    Returns
    -------
    ndarray, shape (k, n)
        ``(x_j - centre_j) / scale_j`` per column, one row per column.

    Examples
    --------
    >>> X = np.array([[1.0, 0.8], [1.0, 1.0]])
    >>> standardise(X, logit_moments(X, [1, 0]).scaling()).tolist()
    [[1.0, 1.0], [-1.0, 1.0]]
    """
    Zt = np.array(np.asarray(x, dtype=np.float64).T, order="C")
    Zt -= scaling.centre[:, None]
    Zt /= scaling.scale[:, None]
    return Zt


@attrs.frozen(kw_only=True, eq=False)
class LogitSums:
    """One partition's log-likelihood, gradient and Hessian (negated) at given coefficients.

    .. versionadded:: 0.2.0
    """

    log_likelihood: float
    gradient: F64
    information: F64

    def merge(self, other: LogitSums) -> LogitSums:
        """The sums over both partitions."""
        return LogitSums(log_likelihood=self.log_likelihood + other.log_likelihood,
                         gradient=self.gradient + other.gradient,
                         information=self.information + other.information)  # fmt: skip


def logit_sums(Zt: F64, y: F64, theta: F64) -> LogitSums:
    """Log-likelihood ``sum(y eta) - sum(log(1 + e^eta))``, its gradient and information.

    .. versionadded:: 0.2.0

    One exp per deal, no overflow.

    Parameters
    ----------
    Zt : ndarray, shape (k, n)
        A standardised partition (:func:`standardise`).
    y : ndarray, shape (n,)
        Its 0/1 outcomes.
    theta : ndarray, shape (k,)
        Coefficients on the standardised columns: ``P(win) = expit(theta . z)``.

    Returns
    -------
    LogitSums
        The partition's sums; merge those of all partitions.

    Examples
    --------
    >>> s = logit_sums(np.array([[1.0, 1.0], [-1.0, 1.0]]), np.array([1.0, 0.0]), np.zeros(2))
    >>> round(s.log_likelihood, 6), s.gradient.tolist(), s.information.tolist()
    (-1.386294, [0.0, -1.0], [[0.5, 0.0], [0.0, 0.5]])
    """
    eta = theta @ Zt
    e = np.abs(eta)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = exp(-|eta|) in (0, 1]
    pos = eta > 0.0
    soft = float(np.maximum(eta, 0.0).sum() + np.log1p(e).sum())
    # P(win) = 1 / (1 + e) where eta > 0, e / (1 + e) elsewhere (no overflow either way).
    p = ((1.0 - e) * pos + e) / (1.0 + e)
    ll = float(eta @ y) - soft
    return LogitSums(log_likelihood=ll, gradient=Zt @ (y - p),
                     information=(Zt * (p * (1.0 - p))) @ Zt.T)  # fmt: skip


def newton_logit(
    sums: Callable[[F64], LogitSums], k: int, n: int, *, max_iter: int = 100, tol: float = 1e-10
) -> tuple[F64, F64, float, int]:
    """Maximise a logit likelihood by Newton steps on sums from anywhere.

    .. versionadded:: 0.2.0

    Parameters
    ----------
    sums : callable
        ``sums(theta) -> LogitSums`` over all the deals (one process, or a
        distributed pass merging the partitions' sums).
    k, n : int
        Coefficients and deals.
    max_iter : int
        Newton steps at most.
    tol : float
        Relative gain in log-likelihood at which the steps stop.

    Returns
    -------
    theta, covariance, log_likelihood, iterations
        On the standardised columns (map back with :meth:`LogitScaling.coefficients`).

    Raises
    ------
    InvalidInputError
        Collinear columns (the information at ``theta = 0`` is a quarter of the Gram matrix).
    NoSolutionError
        Separated data (singular information, or the likelihood's maximum at infinity).
    ConvergenceError
        No convergence in ``max_iter`` steps.

    Notes
    -----
    Each step halves until the log-likelihood does not decrease; the loop is
    over iterations, one call of ``sums`` per trial point.

    Examples
    --------
    >>> Zt = np.array([[1.0] * 6, [-1.5, -1.0, -0.5, 0.5, 1.0, 1.5]])
    >>> y = np.array([1.0, 1.0, 0.0, 1.0, 0.0, 0.0])
    >>> theta, cov, ll, steps = newton_logit(lambda t: logit_sums(Zt, y, t), 2, 6)
    >>> bool(theta[1] < 0), bool(np.allclose(logit_sums(Zt, y, theta).gradient, 0, atol=1e-9))
    (True, True)
    """
    theta = np.zeros(k)
    at = sums(theta)
    if np.linalg.matrix_rank(4.0 * at.information) < k:  # p = 1/2: exactly the Gram / 4
        raise InvalidInputError("design matrix columns are collinear", field="x")
    ll = at.log_likelihood
    iterations = 0
    converged = False
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported below
        try:
            step = np.linalg.solve(at.information, at.gradient)
        except np.linalg.LinAlgError:
            raise NoSolutionError("separated data: information matrix is singular",
                                  field="won") from None  # fmt: skip
        trial = sums(theta + step)
        for _ in range(30):
            if trial.log_likelihood >= ll - 1e-12 * abs(ll):
                break
            step = step / 2.0
            trial = sums(theta + step)
        theta, gain, ll, at = theta + step, trial.log_likelihood - ll, trial.log_likelihood, trial
        if abs(gain) <= tol * (1.0 + abs(ll)) and float(np.max(np.abs(step))) <= 1e-7 * (
            1.0 + float(np.max(np.abs(theta)))
        ):
            converged = True
            break
    if ll > -1e-6 * n or float(np.max(np.abs(theta))) > 30.0:
        raise NoSolutionError("perfectly or quasi-perfectly separated data: wins and losses are "
                              "split by the covariates, the maximum likelihood is at infinity",
                              field="won")  # fmt: skip
    if not converged:
        raise ConvergenceError(f"logit fit did not converge in {max_iter} Newton steps",
                               field="max_iter")  # fmt: skip
    try:
        cov = np.linalg.inv(at.information)
    except np.linalg.LinAlgError:
        raise NoSolutionError("separated data: information matrix is singular",
                              field="won") from None  # fmt: skip
    return theta, np.asarray(cov, dtype=np.float64), float(ll), iterations
