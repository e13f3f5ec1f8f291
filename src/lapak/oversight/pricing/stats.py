"""What counts as price dumping, in one place: the comparison of one category's listings, shared by the rollup and
the computation from scratch so the two cannot disagree.

- Comparable listings: active listings of the same (most specific) category whose sellers are of the same
  jurisdiction, each at its lowest active variant price.
- A category is compared only when a listing there has at least `MIN_COMPARABLES` other listings beside it.
- A listing is flagged when its price is strictly below `DUMPING_RATIO` times the category median (the median of
  all the category's listings, itself included). Compared exactly, as fractions: no rounding decides a flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MIN_COMPARABLES = 5
DUMPING_RATIO = Fraction(1, 2)
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Flag:
    product_id: int
    price: int
    ratio: Decimal  # price / median, to 4 places (for display; the flag itself was decided exactly)


@dataclass(frozen=True)
class CategoryComparison:
    listings: int
    median: Decimal | None  # whole rupiah or a half (the mean of the middle two)
    p25: int | None
    flags: tuple[Flag, ...]

    @property
    def compared(self) -> bool:
        return self.listings > MIN_COMPARABLES


def median_of(prices: Sequence[int]) -> Fraction:
    ordered = sorted(prices)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def p25_of(prices: Sequence[int]) -> int:
    """The first quartile by nearest rank: the smallest price with at least a quarter of the prices at or below."""
    ordered = sorted(prices)
    rank = -(-len(ordered) // 4)  # ceil(n / 4), at least 1 for n >= 1
    return ordered[max(rank, 1) - 1]


def category_compare(listings: Sequence[tuple[int, int]]) -> CategoryComparison:
    """Compare one category's listings, given as (product id, price). Flags are sorted by ratio, then product."""
    if not listings:
        return CategoryComparison(0, None, None, ())
    prices = [price for _product, price in listings]
    median = median_of(prices)
    flags: list[Flag] = []
    if len(listings) > MIN_COMPARABLES and median > 0:
        for product_id, price in listings:
            if Fraction(price) < DUMPING_RATIO * median:
                ratio = Decimal(price) / (Decimal(median.numerator) / Decimal(median.denominator))
                flags.append(Flag(product_id, price, ratio.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)))
    flags.sort(key=lambda flag: (flag.ratio, flag.product_id))
    exact_median = Decimal(median.numerator) / Decimal(median.denominator)
    return CategoryComparison(len(listings), exact_median, p25_of(prices), tuple(flags))


def whole_rupiah(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
