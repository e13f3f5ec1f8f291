"""Reads: which sellers a reader may see named, the recorded legal requests, and the price rollup's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from lapak.compliance.access import is_regulator, readable_jurisdictions
from lapak.core.workdays import LOCAL_TIME
from lapak.oversight.models import RollupWatermark
from lapak.oversight.pricing.models import PRICE_ROLLUP, CategoryPriceStat, LegalRequest, PriceSignal
from lapak.oversight.pricing.stats import MIN_COMPARABLES


def local_today(jurisdiction: str) -> date:
    return timezone.now().astimezone(LOCAL_TIME.get(jurisdiction, LOCAL_TIME["ID"])).date()


def _in_force(on: date) -> Q:
    return Q(received_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def legal_request_is_in_force(request: LegalRequest) -> bool:
    on = local_today(request.jurisdiction)
    return request.received_on <= on and (request.expires_on is None or request.expires_on >= on)


def legal_request_named_sellers(*, user: object, jurisdiction: str) -> frozenset[str]:
    """The seller organisation ids (org_…) `user` may see named in `jurisdiction`'s figures: those a legal request
    of that jurisdiction names, on the days it is in force (its local dates, inclusive), and only for a regulator
    of that jurisdiction. Everyone else (operators included, who read what regulators see without a request)
    gets none."""
    if not is_regulator(user) or jurisdiction not in (readable_jurisdictions(user) or []):
        return frozenset()
    named = LegalRequest.objects.filter(_in_force(local_today(jurisdiction)), jurisdiction=jurisdiction)
    return frozenset(named.values_list("seller_id", flat=True))


def legal_requests_recent(*, limit: int = 200) -> QuerySet[LegalRequest]:
    return LegalRequest.objects.order_by("-recorded_at", "-id")[:limit]


@dataclass(frozen=True)
class RolledSignals:
    signals: list[PriceSignal]
    categories_compared: int
    refreshed_at: datetime | None


def price_signals_rolled(*, jurisdiction: str) -> RolledSignals:
    """The flagged listings of the jurisdiction as of the last refresh, how many categories had enough listings to
    compare (each category's latest day), and when the rollup last read the catalogue."""
    signals = list(PriceSignal.objects.filter(jurisdiction=jurisdiction).order_by("ratio", "product_id"))
    compared = CategoryPriceStat.objects.filter(jurisdiction=jurisdiction, current=True,
                                                listings__gt=MIN_COMPARABLES).count()
    mark = RollupWatermark.objects.filter(name=PRICE_ROLLUP).values_list("position", flat=True).first()
    return RolledSignals(signals, compared, mark)
