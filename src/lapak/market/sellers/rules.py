"""Sellers' regulatory parameters, kept as dated data rather than literals scattered through the code.

When a regulation changes a number, add a new dated entry here (or override the setting named beside it);
the services always ask for the parameter in force on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class UmkmThresholds:
    """Annual sales ceilings in whole rupiah; above `medium_max` a business is large (ID-SEL-4)."""

    effective_from: date
    source: str
    micro_max: int
    small_max: int
    medium_max: int


UMKM_THRESHOLDS: tuple[UmkmThresholds, ...] = (
    UmkmThresholds(date(2021, 2, 2), "PP 7/2021", 2_000_000_000, 15_000_000_000, 50_000_000_000),
)


def umkm_thresholds(on: date | None = None) -> UmkmThresholds:
    day = on or timezone.localdate()
    in_force = [t for t in UMKM_THRESHOLDS if t.effective_from <= day]
    return max(in_force, key=lambda t: t.effective_from) if in_force else UMKM_THRESHOLDS[0]


def umkm_class_for(annual_sales_idr: int, *, on: date | None = None) -> str:
    """The UMKM class ("micro", "small", "medium", "large") of a yearly turnover, under the rule in force."""
    if annual_sales_idr < 0:
        raise ValueError("annual sales cannot be negative")
    t = umkm_thresholds(on)
    if annual_sales_idr <= t.micro_max:
        return "micro"
    if annual_sales_idr <= t.small_max:
        return "small"
    if annual_sales_idr <= t.medium_max:
        return "medium"
    return "large"


@dataclass(frozen=True)
class RetentionClass:
    """How long a kind of record must be kept before it may be erased (ID-REC-1, PP 80/2019 Art. 25)."""

    name: str
    years: int
    rule_id: str

    def until(self, start: date) -> date:
        try:
            return start.replace(year=start.year + self.years)
        except ValueError:  # 29 February
            return start.replace(year=start.year + self.years, day=28)


RETENTION_TRADE = RetentionClass("trade", 5, "ID-REC-1")
RETENTION_FINANCIAL = RetentionClass("financial", 10, "ID-REC-1")

# ID-PDP-2: data-subject requests are answered within 3 × 24 hours.
DATA_REQUEST_DEADLINE = timedelta(hours=72)

# A changed payout account is held this long before money may go to it (fraud: account takeover).
PAYOUT_HOLD_AFTER_BANK_CHANGE = timedelta(hours=24)

# Consent purposes a seller application processes identity data for. The first two are needed to apply.
CONSENT_PURPOSES = ("kyc_verification", "payout_processing", "fraud_prevention")
REQUIRED_CONSENT_PURPOSES = ("kyc_verification", "payout_processing")


def consent_policy_version() -> str:
    """The privacy notice version applicants must have consented to (setting SELLER_CONSENT_POLICY_VERSION)."""
    return getattr(settings, "SELLER_CONSENT_POLICY_VERSION", "2026-01")


# Uploads: bytes in, pixels decoded, and the long side of the stored re-encoded photo.
def upload_max_bytes() -> int:
    return int(getattr(settings, "SELLER_UPLOAD_MAX_BYTES", 8 * 1024 * 1024))


def upload_max_pixels() -> int:
    return int(getattr(settings, "SELLER_UPLOAD_MAX_PIXELS", 40_000_000))


UPLOAD_MAX_SIDE = 2000
UPLOAD_JPEG_QUALITY = 85
