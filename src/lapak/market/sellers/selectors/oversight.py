"""Counts for the regulator's oversight portal: how many sellers, of which kind, where. Never a row, never a
name or number. The oversight package checks the regulator's jurisdiction and logs each query."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F
from django.db.models.functions import Substr

from lapak.market.sellers.models import (
    ApplicationTransition,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
    SellerType,
    UmkmClass,
)
from lapak.regions.models import Region, RegionLevel

ORGANISATION_DIMENSIONS = {"status": "status", "seller_type": "seller_type", "umkm_class": "umkm_class"}


def seller_counts(*, jurisdiction: str, by: str, status: str | None = None) -> list[dict]:
    """Seller organisations of a jurisdiction counted by "status", "seller_type", "umkm_class" or "province"
    (of the pickup address), optionally only those of one status: [{"key", "label", "count"}], keys sorted.
    Organisations without the attribute count under the key ""."""
    rows = SellerOrganisation.objects.filter(jurisdiction=jurisdiction)
    if status:
        rows = rows.filter(status=status)
    if by == "province":
        grouped = rows.annotate(key=Substr(F("pickup_region_id"), 1, 2)).values("key").annotate(count=Count("pk"))
        counts = {(row["key"] or ""): row["count"] for row in grouped}
        names = dict(Region.objects.filter(level=RegionLevel.PROVINCE, code__in=counts).values_list("code", "name"))
        return [{"key": key, "label": names.get(key, ""), "count": counts[key]} for key in sorted(counts)]
    if by not in ORGANISATION_DIMENSIONS:
        raise ValueError(f"count sellers by one of {sorted([*ORGANISATION_DIMENSIONS, 'province'])}")
    field = SellerOrganisation._meta.get_field(ORGANISATION_DIMENSIONS[by])
    labels = dict(field.choices or [])
    grouped = rows.values(field.name).annotate(count=Count("pk")).order_by(field.name)
    return [{"key": row[field.name], "label": str(labels.get(row[field.name], "")), "count": row["count"]}
            for row in grouped]


def application_counts(*, jurisdiction: str, by: str = "status") -> list[dict]:
    """Applications of a jurisdiction counted by "status" or by the organisation's "seller_type"."""
    rows = SellerApplication.objects.filter(organisation__jurisdiction=jurisdiction)
    path = {"status": "status", "seller_type": "organisation__seller_type"}.get(by)
    if path is None:
        raise ValueError("count applications by status or seller_type")
    grouped = rows.values(path).annotate(count=Count("pk")).order_by(path)
    return [{"key": row[path], "count": row["count"]} for row in grouped]


def rejection_counts(*, jurisdiction: str) -> list[dict]:
    """Rejected applications counted by reason code and rule (e.g. ID-SEL-5, ID-XB-3): rejections recorded."""
    counts: dict[tuple[str, str], int] = {}
    transitions = ApplicationTransition.objects.filter(
        to_status="rejected", application__organisation__jurisdiction=jurisdiction
    ).values_list("reasons", flat=True)
    for reasons in transitions:
        for item in reasons:
            key = (item.get("code", ""), item.get("rule_id", ""))
            counts[key] = counts.get(key, 0) + 1
    return [{"code": code, "rule_id": rule, "count": n} for (code, rule), n in sorted(counts.items())]


def organisation_facts(*, jurisdiction: str | None = None) -> Iterator[dict]:
    """Every seller organisation (of one jurisdiction, or all) as {"id", "jurisdiction", "status", "seller_type",
    "umkm_class", "province"}: the internal id (to join with other counts, never shown) and the province code of
    the pickup address ("" when none). Ordered by id, read in chunks."""
    rows = SellerOrganisation.objects.all()
    if jurisdiction:
        rows = rows.filter(jurisdiction=jurisdiction)
    facts = rows.order_by("pk").values("id", "jurisdiction", "status", "seller_type", "umkm_class",
                                        province=Substr(F("pickup_region_id"), 1, 2))
    for fact in facts.iterator(chunk_size=2000):
        fact["province"] = fact["province"] or ""
        yield fact


def organisation_ids(*, jurisdiction: str, seller_type: str) -> list[int]:
    """Internal ids of the jurisdiction's organisations of one seller type (e.g. first_party), in order."""
    return list(SellerOrganisation.objects.filter(jurisdiction=jurisdiction, seller_type=seller_type)
                .order_by("pk").values_list("pk", flat=True))


def organisation_labels() -> dict[str, dict[str, object]]:
    """The (translatable) labels of the organisation's coded attributes: status, seller_type, umkm_class."""
    return {"status": dict(OrganisationStatus.choices), "seller_type": dict(SellerType.choices),
            "umkm_class": dict(UmkmClass.choices)}


# Who counts as a local seller for ID-SEL-1: a verified individual micro-entrepreneur or registered business of the
# jurisdiction itself (never a foreign merchant, the platform's own first-party shop or an MLM company).
LOCAL_SELLER_TYPES = frozenset({SellerType.INDIVIDUAL.value, SellerType.BUSINESS.value})
VERIFIED = OrganisationStatus.VERIFIED.value
