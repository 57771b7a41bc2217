"""Array kernels behind the models: numpy only, no entities.

:func:`mod37_36_check` is the vectorised form of
:func:`clientel.models.mod37_36_check`, used to check every issued number at once
when :func:`clientel.models.next_number` scans a year's numbers (step 2.6.5).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from clientel.errors import InvalidInputError

__all__ = ["mod37_36_check"]

_ALPHABET: Final = string.digits + string.ascii_uppercase
_SEPARATORS: Final = b"-/._ "


def mod37_36_check(texts: Sequence[str]) -> NDArray[np.str_]:
    """Check characters of many strings by ISO/IEC 7064 MOD 37,36, vectorised.

    The array version of :func:`clientel.models.mod37_36_check`: the same
    result for each string, computed one character position at a time over all
    strings of equal length.

    Parameters
    ----------
    texts : sequence of str
        Digits and upper-case letters; the separators ``-/._`` and space are skipped.

    Returns
    -------
    numpy.ndarray of str
        One check character per string, shape ``(len(texts),)``.

    Raises
    ------
    InvalidInputError
        A string holds another character (``field="texts[i]"``).

    Examples
    --------
    >>> mod37_36_check(["A1-2425G-ABC1234002", "NWIT-2027-P0001"]).tolist()
    ['M', 'O']
    """
    values, alphabet = _tables()
    out = np.empty(len(texts), dtype="<U1")
    if not len(texts):
        return out
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        chars = _bytes(texts, rows, int(length))
        bad = (values[chars] < 0) & ~np.isin(chars, np.frombuffer(_SEPARATORS, dtype=np.uint8))
        if bad.any():
            i = int(rows[np.flatnonzero(bad.any(axis=1))[0]])
            msg = "expected digits and upper-case letters A-Z"
            raise InvalidInputError(msg, field=f"texts[{i}]", value=texts[i])
        p = np.full(rows.shape[0], 36, dtype=np.int64)
        for j in range(int(length)):  # columns; each step is vectorised over all strings
            value = values[chars[:, j]]
            s = (p + value) % 36
            s[s == 0] = 36
            p = np.where(value < 0, p, (2 * s) % 37)
        out[rows] = alphabet[(37 - p) % 36]
    return out


def _bytes(texts: Sequence[str], rows: NDArray[np.intp], length: int) -> NDArray[np.uint8]:
    """The strings ``texts[rows]`` (all ``length`` long) as a byte matrix."""
    try:
        joined = "".join(texts[i] for i in rows).encode("ascii")
    except UnicodeEncodeError:
        i = next(int(i) for i in rows if not texts[i].isascii())
        msg = "expected digits and upper-case letters A-Z"
        raise InvalidInputError(msg, field=f"texts[{i}]", value=texts[i]) from None
    return np.frombuffer(joined, dtype=np.uint8).reshape(rows.shape[0], length)


@functools.cache
def _tables() -> tuple[NDArray[np.int64], NDArray[np.str_]]:
    """Character values by byte (-1 outside the alphabet) and the alphabet, built once."""
    values = np.full(256, -1, dtype=np.int64)
    values[np.frombuffer(_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(36)
    return values, np.array(list(_ALPHABET), dtype="<U1")
