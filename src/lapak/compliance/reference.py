"""Reading the reference data in force on a day. One `ReferenceView` per decision or per sweep batch: each
table is read at most once through it, so a batch of thousands of decisions costs a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from lapak.compliance.models import (
    CertificateRequirement,
    ExchangeRate,
    FeatureSwitch,
    HsListVersion,
    VersionStatus,
)

# KMK rates are published weekly; an operator who loads this week's a day late should not send every
# cross-border listing to review. A dry run of a version starting months ahead passes a longer grace.
RATE_GRACE = timedelta(days=14)


def in_force(on: date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_until__isnull=True) | Q(effective_until__gte=on))


@dataclass(frozen=True)
class Rate:
    currency: str
    idr_per_unit: Decimal
    valid_from: date
    source: str


@dataclass(frozen=True)
class PositiveList:
    label: str
    source: str
    codes: frozenset[str]


@dataclass
class ReferenceView:
    jurisdiction: str
    on: date
    rate_grace: timedelta = RATE_GRACE
    _rates: dict[str, Rate | None] = field(default_factory=dict)
    _positive: list[PositiveList | None] = field(default_factory=list)
    _certificates: dict[str, set[str]] | None = None
    _switches: dict[str, FeatureSwitch] | None = None

    def rate(self, currency: str) -> Rate | None:
        """The KMK rate valid on the day; failing that (this week's rate not loaded yet) the latest one that ended
        at most `rate_grace` ago, whose dates the evidence shows; None when there is neither."""
        if currency not in self._rates:
            row = (ExchangeRate.objects.filter(currency=currency, valid_from__lte=self.on,
                                               valid_until__gte=self.on - self.rate_grace)
                   .order_by("-valid_from").first())
            self._rates[currency] = row and Rate(currency, row.idr_per_unit, row.valid_from, row.source)
        return self._rates[currency]

    def positive_list(self) -> PositiveList | None:
        """The positive list (ID-XB-2) in force on the day; None when no version is."""
        if not self._positive:
            version = (HsListVersion.objects.filter(in_force(self.on), jurisdiction=self.jurisdiction,
                                                    status=VersionStatus.ACTIVE).order_by("-effective_from").first())
            self._positive.append(version and PositiveList(
                version.label, version.source, frozenset(version.entries.values_list("hs_code", flat=True))))
        return self._positive[0]

    def certificates_required(self, category_slug: str) -> set[str]:
        """The certificate kinds dated requirements add to a category on the day."""
        if self._certificates is None:
            self._certificates = {}
            for slug, kind in CertificateRequirement.objects.filter(
                    in_force(self.on), jurisdiction=self.jurisdiction).values_list("category_slug", "kind"):
                self._certificates.setdefault(slug, set()).add(kind)
        return self._certificates.get(category_slug, set())

    def switch(self, feature: str) -> FeatureSwitch | None:
        if self._switches is None:
            self._switches = {s.feature: s for s in FeatureSwitch.objects.filter(jurisdiction=self.jurisdiction)}
        return self._switches.get(feature)
