"""Exact money: a Decimal amount with an ISO 4217 currency code."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Final, overload

import attrs

from clientel.errors import CurrencyMismatchError, InvalidInputError

__all__ = ["MINOR_UNITS", "Money", "minor_unit"]

#: Decimal places of the minor unit for currencies whose minor unit is not 2
#: (ISO 4217, list one).  Every other three-letter code uses 2.
MINOR_UNITS: Final[dict[str, int]] = {
    "BHD": 3, "BIF": 0, "CLF": 4, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0,
    "JOD": 3, "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0,
    "RWF": 0, "TND": 3, "UGX": 0, "UYI": 0, "UYW": 4, "VND": 0, "VUV": 0, "XAF": 0,
    "XOF": 0, "XPF": 0,
}  # fmt: skip

_MAX_ADJUSTED: Final = 20  # amounts below 10**21
_MIN_EXPONENT: Final = -20  # at most 20 decimal places
_CONTEXT: Final = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


def minor_unit(currency: str) -> int:
    """Decimal places of ``currency``'s minor unit (ISO 4217; 2 unless listed).

    Examples
    --------
    >>> minor_unit("EUR"), minor_unit("JPY"), minor_unit("KWD")
    (2, 0, 3)
    """
    return MINOR_UNITS.get(currency, 2)


def _to_decimal(value: object, field: str = "amount") -> Decimal:
    if isinstance(value, bool):
        raise InvalidInputError("expected a number, not a bool", field=field, value=value)
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        dec = Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest repr that round-trips: 0.1 -> Decimal("0.1").
        dec = Decimal(str(value))
    elif isinstance(value, str):
        try:
            dec = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise InvalidInputError("expected a decimal number", field=field, value=value) from None
    else:
        msg = f"expected Decimal, int, str or float, not {type(value).__name__}"
        raise InvalidInputError(msg, field=field, value=value)
    if not dec.is_finite():
        raise InvalidInputError("expected a finite amount", field=field, value=value)
    if dec.is_zero():
        dec = dec.copy_abs()  # no negative zero
    if dec.adjusted() > _MAX_ADJUSTED:
        raise InvalidInputError("amount too large (at most 10**21)", field=field, value=value)
    if int(dec.as_tuple().exponent) < _MIN_EXPONENT:
        msg = f"too many decimal places (at most {-_MIN_EXPONENT})"
        raise InvalidInputError(msg, field=field, value=value)
    if int(dec.as_tuple().exponent) > 0:
        dec = dec.quantize(Decimal(1))  # 1.2E+3 -> 1200
    return dec


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()):
        msg = "expected an ISO 4217 code of three capital letters"
        raise InvalidInputError(msg, field="currency", value=value)
    if not value.isalpha():
        raise InvalidInputError("expected letters only", field="currency", value=value)


def _factor(value: object) -> Decimal:
    if isinstance(value, Money):
        raise InvalidInputError("money can be multiplied by a number only", field="factor")
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise InvalidInputError("expected a number", field="factor", value=value)
    try:
        dec = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except decimal.InvalidOperation:
        raise InvalidInputError("expected a number", field="factor", value=value) from None
    if not dec.is_finite():
        raise InvalidInputError("expected a finite number", field="factor", value=value)
    return dec


_FINEST: Final = Decimal(1).scaleb(_MIN_EXPONENT)


def _cap(value: Decimal) -> Decimal:
    """Keep at most 20 decimal places (half-even) so products stay valid amounts."""
    if int(value.as_tuple().exponent) < _MIN_EXPONENT:
        return value.quantize(_FINEST, context=_CONTEXT)
    return value


@attrs.frozen(eq=True, order=False, repr=False)
class Money:
    """An exact amount of money in one currency.

    Parameters
    ----------
    amount : Decimal, int, str or float
        The amount. Floats are read through their shortest decimal
        representation (``0.1`` becomes ``Decimal("0.1")``); pass a string or
        Decimal for full control. Must be finite, below 10**21 and have at most
        20 decimal places.
    currency : str
        ISO 4217 code in capitals, for example ``"EUR"``.

    Notes
    -----
    Amounts keep the precision they are given (products and quotients keep at
    most 20 decimal places, rounded half-even); :meth:`round` rounds to the
    currency's minor unit with an explicit rounding mode (banker's rounding,
    ``ROUND_HALF_EVEN``, by default). Arithmetic between two amounts requires
    the same currency and raises :class:`~clientel.errors.CurrencyMismatchError`
    otherwise. :meth:`allocate` splits an amount so that the parts sum exactly.

    Examples
    --------
    A fixed-price project of 100,000.00 EUR billed in three instalments:

    >>> fee = Money("100000.00", "EUR")
    >>> [str(part) for part in fee.split(3)]
    ['33333.34 EUR', '33333.33 EUR', '33333.33 EUR']
    >>> (fee * Decimal("0.175")).round()
    Money('17500.00', 'EUR')
    >>> Money("10", "EUR") + Money("5", "USD")
    Traceback (most recent call last):
    ...
    clientel.errors.CurrencyMismatchError: currency: cannot combine EUR with USD
    """

    amount: Decimal = attrs.field(converter=_to_decimal)
    currency: str = attrs.field(validator=_check_currency)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def sum(cls, items: Iterable[Money], currency: str) -> Money:
        """Exact sum of ``items``, all in ``currency`` (zero when empty).

        Examples
        --------
        >>> Money.sum([Money("1.10", "EUR"), Money("2.20", "EUR")], "EUR")
        Money('3.30', 'EUR')
        """
        total = cls.zero(currency)
        for item in items:
            total = total + item
        return total

    # -- helpers ------------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            msg = f"cannot combine {self.currency} with {other.currency}"
            raise CurrencyMismatchError(msg, field="currency")

    @property
    def minor_unit(self) -> int:
        """Decimal places of this currency's minor unit."""
        return minor_unit(self.currency)

    def to_float(self) -> float:
        """The amount as a float, for kernels and statistics (not for money maths)."""
        return float(self.amount)

    def __float__(self) -> float:
        return float(self.amount)

    # -- arithmetic ---------------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(_CONTEXT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(_CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int | float | str) -> Money:
        return Money(_cap(_CONTEXT.multiply(self.amount, _factor(factor))), self.currency)

    __rmul__ = __mul__

    @overload
    def __truediv__(self, divisor: Money) -> Decimal: ...

    @overload
    def __truediv__(self, divisor: Decimal | int | float | str) -> Money: ...

    def __truediv__(self, divisor: Money | Decimal | int | float | str) -> Money | Decimal:
        """Divide by a number (a Money, unrounded) or by Money (a Decimal ratio)."""
        if isinstance(divisor, Money):
            self._same(divisor)
            if divisor.amount.is_zero():
                raise InvalidInputError("division by a zero amount", field="divisor")
            return _CONTEXT.divide(self.amount, divisor.amount)
        den = _factor(divisor)
        if den.is_zero():
            raise InvalidInputError("division by zero", field="divisor")
        return Money(_cap(_CONTEXT.divide(self.amount, den)), self.currency)

    # -- comparison ---------------------------------------------------------------------------
    def _cmp(self, other: object) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other)
        return self.amount - other.amount

    def __lt__(self, other: Money) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Money) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Money) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Money) -> bool:
        return self._cmp(other) >= 0

    def __bool__(self) -> bool:
        return not self.amount.is_zero()

    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return self.amount.is_zero()

    # -- rounding and allocation --------------------------------------------------------------
    def round(self, places: int | None = None, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Round to ``places`` decimals (default: the currency's minor unit).

        Parameters
        ----------
        places : int, optional
            Decimal places to keep; defaults to :func:`minor_unit`.
        rounding : str
            A :mod:`decimal` rounding mode; banker's rounding by default.

        Examples
        --------
        >>> Money("2.345", "EUR").round(), Money("2.355", "EUR").round()
        (Money('2.34', 'EUR'), Money('2.36', 'EUR'))
        >>> from decimal import ROUND_HALF_UP
        >>> Money("2.345", "EUR").round(rounding=ROUND_HALF_UP)
        Money('2.35', 'EUR')
        """
        digits = self.minor_unit if places is None else places
        quantum = Decimal(1).scaleb(-digits)
        return Money(self.amount.quantize(quantum, rounding=rounding, context=_CONTEXT),
                     self.currency)  # fmt: skip

    def allocate(
        self, weights: Sequence[Decimal | int | float | str], *, places: int | None = None
    ) -> tuple[Money, ...]:
        """Split the amount by ``weights`` so that the parts sum exactly to it.

        Largest-remainder (Hamilton) method in units of ``10**-places``: each
        part first gets the floor of its exact share, then the units left over
        go one each to the parts with the largest remainders; equal remainders
        go to the earlier part. Every part is within one unit of its exact share.

        Parameters
        ----------
        weights : sequence of numbers
            Non-negative, finite, not all zero. Computed exactly (floats are
            taken at their exact binary value).
        places : int, optional
            Decimal places of the parts; defaults to the currency's minor unit.
            The amount itself must be a whole number of such units.

        Raises
        ------
        InvalidInputError
            Empty, negative, non-finite or all-zero weights; an amount with more
            decimals than ``places`` (round it first).

        Examples
        --------
        A 10,000 EUR reputation budget over three activities weighted 3:2:2:

        >>> [str(m) for m in Money("10000", "EUR").allocate([3, 2, 2])]
        ['4285.72 EUR', '2857.14 EUR', '2857.14 EUR']
        """
        digits = self.minor_unit if places is None else places
        if not weights:
            raise InvalidInputError("expected at least one weight", field="weights")
        fracs: list[Fraction] = []
        for i, w in enumerate(weights):
            if isinstance(w, float):
                if w != w or w in (float("inf"), float("-inf")):
                    raise InvalidInputError("weight must be finite", field=f"weights[{i}]", value=w)
                frac = Fraction(w)
            else:
                frac = Fraction(_to_decimal(w, field=f"weights[{i}]"))
            if frac < 0:
                raise InvalidInputError("weight must be >= 0", field=f"weights[{i}]", value=w)
            fracs.append(frac)
        total_w = sum(fracs, Fraction(0))
        if total_w == 0:
            raise InvalidInputError("weights must not all be zero", field="weights")
        units_exact = Fraction(self.amount) * 10**digits
        if units_exact.denominator != 1:
            msg = f"amount has more than {digits} decimal places; round() it first"
            raise InvalidInputError(msg, field="amount", value=self.amount)
        total_units = int(units_exact)
        sign = -1 if total_units < 0 else 1
        total_units = abs(total_units)
        shares = [total_units * f / total_w for f in fracs]
        floors = [s.numerator // s.denominator for s in shares]
        left = total_units - sum(floors)
        order = sorted(range(len(shares)), key=lambda k: (-(shares[k] - floors[k]), k))
        for k in order[:left]:
            floors[k] += 1
        quantum = Decimal(1).scaleb(-digits)
        return tuple(
            Money((Decimal(sign * u) * quantum).quantize(quantum), self.currency) for u in floors
        )

    def split(self, parts: int, *, places: int | None = None) -> tuple[Money, ...]:
        """Split into ``parts`` near-equal parts that sum exactly (earlier parts larger).

        Examples
        --------
        >>> [str(m) for m in Money("0.05", "USD").split(3)]
        ['0.02 USD', '0.02 USD', '0.01 USD']
        """
        if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
            raise InvalidInputError("expected a whole number >= 1", field="parts", value=parts)
        return self.allocate([1] * parts, places=places)

    # -- display ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def format(self, places: int | None = None) -> str:
        """Human-readable text with thousands separators: ``'1,234,567.50 EUR'``.

        Examples
        --------
        >>> Money("1234567.5", "EUR").format()
        '1,234,567.50 EUR'
        """
        rounded = self.round(places)
        digits = self.minor_unit if places is None else places
        return f"{rounded.amount:,.{digits}f} {self.currency}"
