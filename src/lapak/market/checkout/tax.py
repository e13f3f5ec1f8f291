"""PPN (Indonesian VAT) contained in tax-inclusive consumer prices (ID-TAX-1), as dated data.

Consumer prices are shown tax-inclusive, so checkout shows the PPN component, never adds it. For ordinary goods
the rate is 12 % on a base of 11/12 of the price from 1 January 2025 (PMK 131/2024), i.e. 11 % in effect; it was
11 % on the full price from 1 April 2022 and 10 % before. A tax-inclusive price P at effective rate r contains
P × r / (1 + r) of PPN: P × 11/111 today. Luxury goods (12 % on the full price) are not sold here yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction


@dataclass(frozen=True)
class PpnRate:
    valid_from: date
    rate: Fraction  # the statutory rate
    base: Fraction  # the share of the price it applies to (DPP nilai lain)

    @property
    def effective(self) -> Fraction:
        return self.rate * self.base


# Newest first. Add a row when the law changes; never edit a past row (placed orders were taxed by it).
PPN_RATES: tuple[PpnRate, ...] = (
    PpnRate(date(2025, 1, 1), Fraction(12, 100), Fraction(11, 12)),
    PpnRate(date(2022, 4, 1), Fraction(11, 100), Fraction(1)),
    PpnRate(date(1985, 1, 1), Fraction(10, 100), Fraction(1)),
)


def ppn_rate_on(day: date) -> PpnRate:
    return next(rate for rate in PPN_RATES if rate.valid_from <= day)


def ppn_included(amount: int, *, on: date) -> int:
    """The PPN contained in a tax-inclusive `amount` of whole rupiah, rounded half up to whole rupiah."""
    effective = ppn_rate_on(on).effective
    share = Fraction(amount) * effective / (1 + effective)
    return int((share * 2 + 1) // 2)
