"""Exact money: a Decimal amount with an ISO 4217 currency code."""

from __future__ import annotations

import contextlib
import decimal
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from itertools import islice
from typing import ClassVar, Final, overload

import attrs

from clientel.errors import CurrencyMismatchError, InvalidInputError, LimitExceededError
from clientel.models._currencies import ACTIVE_CURRENCIES, HISTORIC_CURRENCIES

__all__ = ["HISTORIC_CURRENCIES", "MINOR_UNITS", "Money", "check_currency", "minor_unit"]

#: Every active ISO 4217 code (list one) -> decimal places of its minor unit;
#: ``None`` where ISO gives "N.A." (gold, SDR, ``XXX``, ...). Read-only.
MINOR_UNITS: Final[Mapping[str, int | None]] = ACTIVE_CURRENCIES

_MAX_INTEGER_DIGITS: Final = 21  # amounts below 10**21
_MAX_PLACES: Final = 20  # at most 20 decimal places
_MAX_PARTS: Final = 100_000
_MAX_FACTOR_DIGITS: Final = 100
_MAX_TEXT: Final = 100  # characters of an amount or factor given as text
# Sums and differences of two amounts have at most 42 digits: 60 is exact for them.
_CONTEXT: Final = decimal.Context(
    prec=60, rounding=ROUND_HALF_EVEN, traps=[decimal.InvalidOperation, decimal.Overflow]
)
_ROUNDINGS: Final = frozenset(
    {
        decimal.ROUND_CEILING, decimal.ROUND_DOWN, decimal.ROUND_FLOOR, decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN, decimal.ROUND_HALF_UP, decimal.ROUND_UP, decimal.ROUND_05UP,
    }
)  # fmt: skip
_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FINEST: Final = Decimal(1).scaleb(-_MAX_PLACES)

# True while a loader reads stored documents: withdrawn (historic) codes are accepted then.
_READING_STORED: ContextVar[bool] = ContextVar("clientel_reading_stored", default=False)


@contextlib.contextmanager
def reading_stored() -> Iterator[None]:
    """Within this block, withdrawn ISO 4217 codes are accepted (loaders use it)."""
    token = _READING_STORED.set(True)
    try:
        yield
    finally:
        _READING_STORED.reset(token)


def check_currency(value: object, field: str = "currency") -> str:
    """``value`` if it is an active ISO 4217 code (or a withdrawn one while loading).

    Raises
    ------
    InvalidInputError
        Not a string of three capitals, not an ISO 4217 code, or a withdrawn
        code outside a loader.

    Examples
    --------
    >>> check_currency("EUR")
    'EUR'
    >>> check_currency("EUX")
    Traceback (most recent call last):
    ...
    clientel.errors.InvalidInputError: currency: not an ISO 4217 currency code (got 'EUX')
    """
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()):
        msg = "expected an ISO 4217 code of three capital letters"
        raise InvalidInputError(msg, field=field, value=value)
    if value in ACTIVE_CURRENCIES:
        return value
    if value in HISTORIC_CURRENCIES:
        if _READING_STORED.get():
            return value
        msg = "withdrawn ISO 4217 code: accepted only when loading stored documents"
        raise InvalidInputError(msg, field=field, value=value)
    raise InvalidInputError("not an ISO 4217 currency code", field=field, value=value)


def minor_unit(currency: str) -> int:
    """Decimal places of ``currency``'s minor unit (ISO 4217 list one).

    Parameters
    ----------
    currency : str
        An ISO 4217 alphabetic code, e.g. ``"EUR"``.

    Returns
    -------
    int
        The number of decimal places amounts in ``currency`` are rounded to.

    Raises
    ------
    InvalidInputError
        For a code ISO gives no minor unit ("N.A.", e.g. ``XAU``), a withdrawn
        code or an unknown one: pass ``places`` explicitly to the rounding call.

    Examples
    --------
    >>> minor_unit("EUR"), minor_unit("JPY"), minor_unit("KWD")
    (2, 0, 3)
    """
    places = ACTIVE_CURRENCIES.get(currency) if isinstance(currency, str) else None
    if places is not None:
        return places
    if isinstance(currency, str) and currency in ACTIVE_CURRENCIES:
        msg = "ISO 4217 gives this currency no minor unit (N.A.); pass places"
    elif isinstance(currency, str) and currency in HISTORIC_CURRENCIES:
        msg = "no minor unit is recorded for a withdrawn currency; pass places"
    else:
        msg = "not an ISO 4217 currency code"
    raise InvalidInputError(msg, field="currency", value=currency)


def _parse(value: object, field: str) -> Decimal:
    """A finite Decimal from a Decimal, int, float or ASCII decimal text (no coercion else)."""
    if isinstance(value, bool):
        raise InvalidInputError("expected a number, not a bool", field=field, value=value)
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, int):
        if value.bit_length() > 128:  # far beyond any accepted amount or factor
            raise InvalidInputError("number too large", field=field, value="<int>")
        dec = Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest repr that round-trips: 0.1 -> Decimal("0.1").
        dec = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_TEXT or not _NUMBER.fullmatch(text):
            msg = f"expected a decimal number in ASCII digits (at most {_MAX_TEXT} characters)"
            raise InvalidInputError(msg, field=field, value=value[:_MAX_TEXT])
        dec = Decimal(text)
    else:
        msg = f"expected Decimal, int, str or float, not {type(value).__name__}"
        raise InvalidInputError(msg, field=field)
    if not dec.is_finite():
        raise InvalidInputError("expected a finite number", field=field, value=value)
    return dec


def _bounded(dec: Decimal, field: str = "amount") -> Decimal:
    """``dec`` as an amount: below 10**21, at most 20 places, no negative zero."""
    if dec.is_zero():
        dec = dec.copy_abs()  # no negative zero
    elif dec.adjusted() >= _MAX_INTEGER_DIGITS:
        msg = f"too large (Money.MAX_INTEGER_DIGITS: below 10**{_MAX_INTEGER_DIGITS})"
        raise InvalidInputError(msg, field=field, value=f"{dec:E}")
    exponent = int(dec.as_tuple().exponent)
    if exponent < -_MAX_PLACES:
        msg = f"too many decimal places (Money.MAX_PLACES: at most {_MAX_PLACES})"
        raise InvalidInputError(msg, field=field, value=f"{dec:E}")
    if exponent > 0:
        dec = dec.quantize(Decimal(1), context=_CONTEXT)  # 1.2E+3 -> 1200
    return dec


def _to_amount(value: object) -> Decimal:
    return _bounded(_parse(value, "amount"))


def _factor(value: object, field: str = "factor") -> Decimal:
    if isinstance(value, Money):
        raise InvalidInputError("money can be multiplied by a number only", field=field)
    dec = _parse(value, field)
    if len(dec.as_tuple().digits) > _MAX_FACTOR_DIGITS:
        msg = f"at most {_MAX_FACTOR_DIGITS} significant digits"
        raise InvalidInputError(msg, field=field, value=f"{dec:E}")
    return dec


def _zero(exponent: int) -> Decimal:
    return Decimal(0).scaleb(max(min(exponent, 0), -_MAX_PLACES))


def _rounded(exact: Fraction) -> Decimal:
    """``exact`` rounded half-even to 20 places, exactly (no intermediate rounding)."""
    units = round(exact * 10**_MAX_PLACES)  # Fraction.__round__ rounds half to even
    return Decimal(f"{units}E-{_MAX_PLACES}")


def _finish(dec: Decimal) -> Decimal:
    """Round an exact result to at most 20 places, half-even (a single rounding)."""
    if int(dec.as_tuple().exponent) >= -_MAX_PLACES:
        return dec
    ctx = decimal.Context(prec=max(dec.adjusted(), 0) + _MAX_PLACES + 2, traps=[])
    return dec.quantize(_FINEST, rounding=ROUND_HALF_EVEN, context=ctx)


def _times(amount: Decimal, factor: Decimal) -> Decimal:
    """Exact product, rounded half-even to 20 places; too large raises."""
    if amount.is_zero() or factor.is_zero():
        return _zero(int(amount.as_tuple().exponent) + int(factor.as_tuple().exponent))
    size = amount.adjusted() + factor.adjusted()  # |product| >= 10**size
    if size >= _MAX_INTEGER_DIGITS:
        msg = f"product too large (below 10**{_MAX_INTEGER_DIGITS})"
        raise InvalidInputError(msg, field="factor", value=f"{factor:E}")
    if size + 2 <= -_MAX_PLACES - 1:  # |product| < 10**-21: rounds to zero
        return _zero(-_MAX_PLACES)
    digits = len(amount.as_tuple().digits) + len(factor.as_tuple().digits)
    ctx = decimal.Context(prec=digits, traps=[])
    return _finish(ctx.multiply(amount, factor))


def _over(amount: Decimal, divisor: Decimal) -> Decimal:
    """Quotient rounded half-even to 20 places (exact when it has no more places)."""
    if amount.is_zero():
        return _zero(int(amount.as_tuple().exponent) - int(divisor.as_tuple().exponent))
    spread = amount.adjusted() - divisor.adjusted()  # 10**(spread-1) < |q| < 10**(spread+1)
    if spread - 1 >= _MAX_INTEGER_DIGITS:
        msg = f"quotient too large (below 10**{_MAX_INTEGER_DIGITS})"
        raise InvalidInputError(msg, field="divisor", value=f"{divisor:E}")
    if spread + 1 <= -_MAX_PLACES - 1:
        return _zero(-_MAX_PLACES)
    ctx = decimal.Context(prec=_MAX_INTEGER_DIGITS + _MAX_PLACES + 8, traps=[])
    quotient = ctx.divide(amount, divisor)
    if not ctx.flags[decimal.Inexact]:
        return _finish(quotient)
    return _rounded(Fraction(amount) / Fraction(divisor))


def _places(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("expected a whole number of places", field="places", value=value)
    if not -_MAX_PLACES <= value <= _MAX_PLACES:
        msg = f"expected places from -{_MAX_PLACES} to {_MAX_PLACES}"
        raise InvalidInputError(msg, field="places", value=value)
    return value


def _weights(weights: object) -> list[Fraction]:
    if isinstance(weights, str | bytes) or not isinstance(weights, Iterable):
        raise InvalidInputError("expected a sequence of numbers", field="weights")
    items = list(islice(weights, _MAX_PARTS + 1))
    if len(items) > _MAX_PARTS:
        msg = f"at most Money.MAX_PARTS = {_MAX_PARTS} weights"
        raise LimitExceededError(msg, limit="Money.MAX_PARTS", maximum=_MAX_PARTS, field="weights")
    if not items:
        raise InvalidInputError("expected at least one weight", field="weights")
    fracs: list[Fraction] = []
    for i, w in enumerate(items):
        # floats are taken at their exact binary value, fractions as they are;
        # others read like amounts
        where = f"weights[{i}]"
        if isinstance(w, Fraction):
            frac: Fraction | None = w
        else:
            frac = None if isinstance(w, float) else Fraction(_bounded(_parse(w, where), where))
        if frac is None:
            if w != w or w in (float("inf"), float("-inf")):
                raise InvalidInputError("weight must be finite", field=where, value=w)
            frac = Fraction(w)
        if frac < 0:
            raise InvalidInputError("weight must be >= 0", field=where, value=w)
        fracs.append(frac)
    return fracs


@attrs.frozen(eq=True, order=False, repr=False)
class Money:
    """An exact amount of money in one currency.

    Parameters
    ----------
    amount : Decimal, int, str or float
        The amount. Floats are read through their shortest decimal
        representation (``0.1`` becomes ``Decimal("0.1")``); text must be a
        decimal number in ASCII digits (``"1234.50"``, ``"1.2E+3"``). Must be
        finite, below 10**21 in magnitude (:attr:`MAX_INTEGER_DIGITS`) and have
        at most 20 decimal places (:attr:`MAX_PLACES`): any amount of up to 41
        significant digits.
    currency : str
        An active ISO 4217 code, for example ``"EUR"`` (withdrawn codes such as
        ``"DEM"`` are accepted only when loading stored documents).

    Notes
    -----
    Every operation is exact at every size an amount may have: sums,
    differences, negation and ``abs`` are exact; products and quotients are
    computed exactly and then rounded once, half-even, to at most 20 decimal
    places. A result outside the bounds raises
    :class:`~clientel.errors.InvalidInputError`; no :mod:`decimal` signal ever
    escapes. :meth:`round` rounds to the currency's minor unit (or ``places``)
    with an explicit rounding mode (banker's rounding, ``ROUND_HALF_EVEN``, by
    default). Arithmetic between two amounts requires the same currency and
    raises :class:`~clientel.errors.CurrencyMismatchError` otherwise.
    :meth:`allocate` and :meth:`split` divide an amount so that the parts sum
    exactly, into at most :attr:`MAX_PARTS` parts.

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

    #: Amounts are below ``10**MAX_INTEGER_DIGITS`` in magnitude.
    MAX_INTEGER_DIGITS: ClassVar[int] = _MAX_INTEGER_DIGITS
    #: Amounts have at most this many decimal places.
    MAX_PLACES: ClassVar[int] = _MAX_PLACES
    #: :meth:`split` and :meth:`allocate` make at most this many parts.
    MAX_PARTS: ClassVar[int] = _MAX_PARTS

    amount: Decimal = attrs.field(converter=_to_amount)
    currency: str = attrs.field()

    @currency.validator
    def _check_currency(self, attribute: attrs.Attribute[str], value: str) -> None:
        check_currency(value)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def _of(cls, amount: Decimal, currency: str) -> Money:
        """A result of arithmetic on amounts of ``currency`` (already checked)."""
        new = object.__new__(cls)
        object.__setattr__(new, "amount", _bounded(amount))
        object.__setattr__(new, "currency", currency)
        return new

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
        total: Money | None = None
        for item in items:
            if total is None:
                if not isinstance(item, Money):
                    raise InvalidInputError("expected Money", field="items[0]")
                if item.currency != currency:
                    msg = f"cannot combine {currency} with {item.currency}"
                    raise CurrencyMismatchError(msg, field="currency")
                total = item
            else:
                total = total + item
        return cls.zero(currency) if total is None else total

    # -- helpers ------------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            msg = f"cannot combine {self.currency} with {other.currency}"
            raise CurrencyMismatchError(msg, field="currency")

    @property
    def minor_unit(self) -> int:
        """Decimal places of this currency's minor unit (see :func:`minor_unit`)."""
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
        return Money._of(_CONTEXT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money._of(_CONTEXT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money._of(self.amount.copy_negate(), self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money._of(self.amount.copy_abs(), self.currency)

    def __mul__(self, factor: Decimal | int | float | str) -> Money:
        return Money._of(_times(self.amount, _factor(factor)), self.currency)

    __rmul__ = __mul__

    @overload
    def __truediv__(self, divisor: Money) -> Decimal: ...

    @overload
    def __truediv__(self, divisor: Decimal | int | float | str) -> Money: ...

    def __truediv__(self, divisor: Money | Decimal | int | float | str) -> Money | Decimal:
        """Divide by a number (a Money rounded to 20 places) or by Money (a Decimal ratio
        to 60 significant digits)."""
        if isinstance(divisor, Money):
            self._same(divisor)
            if divisor.amount.is_zero():
                raise InvalidInputError("division by a zero amount", field="divisor")
            return _CONTEXT.divide(self.amount, divisor.amount)
        den = _factor(divisor, "divisor")
        if den.is_zero():
            raise InvalidInputError("division by zero", field="divisor")
        return Money._of(_over(self.amount, den), self.currency)

    # -- comparison ---------------------------------------------------------------------------
    def _key(self, other: object) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other)
        return other.amount

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._key(other)

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._key(other)

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._key(other)

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._key(other)

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
            Decimal places to keep, from -20 (multiples of 10**20) to 20;
            defaults to :func:`minor_unit`.
        rounding : str
            A :mod:`decimal` rounding mode; banker's rounding by default.

        Raises
        ------
        InvalidInputError
            ``places`` out of range or not a whole number; an unknown rounding
            mode; no ``places`` for a currency without a minor unit; a result of
            10**21 or more.

        Examples
        --------
        >>> Money("2.345", "EUR").round(), Money("2.355", "EUR").round()
        (Money('2.34', 'EUR'), Money('2.36', 'EUR'))
        >>> from decimal import ROUND_HALF_UP
        >>> Money("2.345", "EUR").round(rounding=ROUND_HALF_UP)
        Money('2.35', 'EUR')
        """
        digits = self.minor_unit if places is None else _places(places)
        if rounding not in _ROUNDINGS:
            msg = f"expected a decimal rounding mode such as {ROUND_HALF_EVEN!r}"
            raise InvalidInputError(msg, field="rounding", value=rounding)
        quantum = Decimal(1).scaleb(-digits)
        rounded = self.amount.quantize(quantum, rounding=rounding, context=_CONTEXT)
        return Money._of(rounded, self.currency)

    def allocate(
        self,
        weights: Sequence[Decimal | Fraction | int | float | str],
        *,
        places: int | None = None,
    ) -> tuple[Money, ...]:
        """Split the amount by ``weights`` so that the parts sum exactly to it.

        Largest-remainder (Hamilton) method in units of ``10**-places``: each
        part first gets the floor of its exact share, then the units left over
        go one each to the parts with the largest remainders; equal remainders
        go to the earlier part. Every part is within one unit of its exact share.

        Parameters
        ----------
        weights : sequence of numbers
            Non-negative, finite, not all zero; at most :attr:`MAX_PARTS` of
            them. Computed exactly: floats are taken at their exact binary
            value, :class:`fractions.Fraction` as it is, others (Decimal, int,
            text) read like amounts.
        places : int, optional
            Decimal places of the parts (-20 to 20); defaults to the currency's
            minor unit. The amount itself must be a whole number of such units.

        Raises
        ------
        InvalidInputError
            Empty, negative, non-finite or all-zero weights; an amount with more
            decimals than ``places`` (round it first).
        LimitExceededError
            More than :attr:`MAX_PARTS` weights.

        Examples
        --------
        A 10,000 EUR reputation budget over three activities weighted 3:2:2:

        >>> [str(m) for m in Money("10000", "EUR").allocate([3, 2, 2])]
        ['4285.72 EUR', '2857.14 EUR', '2857.14 EUR']
        """
        fracs = _weights(weights)
        digits = self.minor_unit if places is None else _places(places)
        total_w = sum(fracs, Fraction(0))
        if total_w == 0:
            raise InvalidInputError("weights must not all be zero", field="weights")
        sign, total_units = self._units(digits)
        shares = [total_units * f / total_w for f in fracs]
        floors = [s.numerator // s.denominator for s in shares]
        left = total_units - sum(floors)
        order = sorted(range(len(shares)), key=lambda k: (-(shares[k] - floors[k]), k))
        for k in order[:left]:
            floors[k] += 1
        return self._parts(sign, floors, digits)

    def _units(self, digits: int) -> tuple[int, int]:
        """Sign and the whole number of ``10**-digits`` units in the amount."""
        units_exact = Fraction(self.amount) * Fraction(10) ** digits
        if units_exact.denominator != 1:
            msg = f"amount has more than {digits} decimal places; round() it first"
            raise InvalidInputError(msg, field="amount", value=str(self))
        units = int(units_exact)
        return (-1 if units < 0 else 1), abs(units)

    def _parts(self, sign: int, units: list[int], digits: int) -> tuple[Money, ...]:
        return tuple(Money._of(Decimal(f"{sign * u}E{-digits}"), self.currency) for u in units)

    def split(self, parts: int, *, places: int | None = None) -> tuple[Money, ...]:
        """Split into ``parts`` near-equal parts that sum exactly (earlier parts larger).

        Raises
        ------
        InvalidInputError
            ``parts`` not a whole number >= 1; an amount with more decimals than
            ``places``.
        LimitExceededError
            ``parts`` above :attr:`MAX_PARTS`.

        Examples
        --------
        >>> [str(m) for m in Money("0.05", "USD").split(3)]
        ['0.02 USD', '0.02 USD', '0.01 USD']
        """
        if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
            raise InvalidInputError("expected a whole number >= 1", field="parts", value=parts)
        if parts > _MAX_PARTS:
            msg = f"at most Money.MAX_PARTS = {_MAX_PARTS} parts"
            raise LimitExceededError(
                msg, limit="Money.MAX_PARTS", maximum=_MAX_PARTS, field="parts", value=parts
            )
        digits = self.minor_unit if places is None else _places(places)
        sign, total_units = self._units(digits)
        each, left = divmod(total_units, parts)
        return self._parts(sign, [each + 1] * left + [each] * (parts - left), digits)

    # -- display ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Money('{self.amount:f}', '{self.currency}')"

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"

    def format(self, places: int | None = None) -> str:
        """Human-readable text with thousands separators: ``'1,234,567.50 EUR'``.

        Without ``places``, a currency that has no minor unit (or a withdrawn
        one) shows its exact amount.

        Examples
        --------
        >>> Money("1234567.5", "EUR").format()
        '1,234,567.50 EUR'
        """
        if places is None and MINOR_UNITS.get(self.currency) is None:
            return f"{self.amount:,f} {self.currency}"
        rounded = self.round(places)
        return f"{rounded.amount:,f} {self.currency}"
