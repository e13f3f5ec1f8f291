"""Money as integers in the currency's minor unit as the platform uses it.

IDR is counted in whole rupiah (Indonesian prices carry no sen), USD in cents. There are no floats on
any money path: amounts are `int`, arithmetic refuses mixed currencies, and division happens only
through `allocate`, which splits an amount into parts that add up exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

# Minor-unit exponents as Lapak uses them. IDR differs from ISO 4217 (2) on purpose: see module doc.
_UI_LOCALES = {"id": "id_ID", "en": "en_ID"}

CURRENCY_EXPONENTS: dict[str, int] = {"IDR": 0, "USD": 2, "GBP": 2, "EUR": 2, "SGD": 2, "CNY": 2, "JPY": 0}


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


def currency_exponent(currency: str) -> int:
    try:
        return CURRENCY_EXPONENTS[currency]
    except KeyError as exc:
        raise ValueError(f"Unsupported currency {currency!r}.") from exc


@dataclass(frozen=True, slots=True)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Money amounts are integers in minor units, not {type(self.amount).__name__}.")
        currency_exponent(self.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_major(cls, value: str | int | Decimal, currency: str) -> Money:
        """Parse a decimal string or Decimal in major units ("150000", "12.34"), refusing lost digits."""
        if isinstance(value, float):
            raise TypeError("Floats are not accepted on money paths; pass a string or Decimal.")
        scaled = Decimal(value).scaleb(currency_exponent(currency))
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more digits than {currency} allows.")
        return cls(int(scaled), currency)

    def to_major(self) -> Decimal:
        return Decimal(self.amount).scaleb(-currency_exponent(self.currency))

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}.")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an integer quantity.")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def allocate(self, ratios: Sequence[int]) -> list[Money]:
        """Split by integer ratios; remainders go one unit at a time to the first parts, so the sum is exact."""
        if not ratios or any(r < 0 for r in ratios) or sum(ratios) == 0:
            raise ValueError("Ratios must be non-negative with a positive sum.")
        total = sum(ratios)
        parts = [self.amount * r // total for r in ratios]
        remainder = self.amount - sum(parts)
        for i in range(abs(remainder)):
            parts[i % len(parts)] += 1 if remainder > 0 else -1
        return [Money(p, self.currency) for p in parts]

    def percent(self, basis_points: int) -> Money:
        """This amount times basis_points / 10,000, rounded half up to the minor unit."""
        numerator = self.amount * basis_points
        quotient, remainder = divmod(abs(numerator), 10_000)
        if remainder * 2 >= 10_000:
            quotient += 1
        return Money(quotient if numerator >= 0 else -quotient, self.currency)

    def format(self, locale: str = "id") -> str:
        """Display through Babel: `Rp150.000` in `id` (and in `en`, which Lapak shows with Indonesian
        number conventions, CLDR's `en_ID`); pass a full locale such as `en_GB` for other markets."""
        babel_locale = _UI_LOCALES.get(locale, locale)
        exponent = currency_exponent(self.currency)
        if exponent == get_currency_precision(self.currency):
            return format_currency(self.to_major(), self.currency, locale=babel_locale)
        # CLDR gives IDR two decimals; Lapak counts whole rupiah, so the pattern carries no fraction.
        return format_currency(
            self.to_major(), self.currency, format="¤#,##0", locale=babel_locale, currency_digits=False
        )

    def __str__(self) -> str:
        return self.format()
