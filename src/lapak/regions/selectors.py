"""Reads on regions: the tree, one region, and what a NIK's first six digits say about where it was issued."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound, ValidationFailed
from lapak.regions.codes import ancestor_codes, normalize_region_code
from lapak.regions.models import HistoricalRegionCode, Region, RegionDataset, RegionLevel
from lapak.regions.nik import HistoricalRef, NikRegionLevel, NikRegionMatch, NikRegionStatus, RegionRef

__all__ = [
    "NikRegionLevel",
    "NikRegionMatch",
    "NikRegionStatus",
    "RegionRef",
    "ancestors_of",
    "children_of",
    "current_dataset",
    "nik_region_lookup",
    "province_by_code",
    "provinces",
    "region_by_code",
    "region_get",
]


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")


def province_by_code(code: str) -> Region | None:
    """The province with this 2-digit code ("32"), or None."""
    if not (isinstance(code, str) and len(code) == 2 and code.isascii() and code.isdigit()):
        return None
    return Region.objects.filter(code=code, level=RegionLevel.PROVINCE).first()


def region_by_code(code: str) -> Region | None:
    """The region with this code, dotted ("32.76") or bare digits ("3276"); None when unknown or malformed."""
    dotted = normalize_region_code(code)
    return Region.objects.filter(code=dotted).first() if dotted else None


def region_get(code: str) -> Region:
    """Like region_by_code, but a malformed code is ValidationFailed and an unknown one NotFound."""
    dotted = normalize_region_code(code)
    if dotted is None:
        raise ValidationFailed(
            _("A region code looks like 32, 32.76, 32.76.01 or 32.76.01.1001."),
            code="region_code_invalid",
            fields={"code": [_("Enter a region code such as 32.76.01.")]},
        )
    region = Region.objects.filter(code=dotted).first()
    if region is None:
        raise NotFound(_("There is no region with this code."), code="region_not_found")
    return region


def children_of(code: str, *, name_prefix: str = "") -> list[Region]:
    """The regions directly under `code`, sorted by code, optionally only those whose name starts with a prefix.

    Raises like region_get when `code` is malformed or unknown; a village has no children (an empty list).
    """
    parent = region_get(code)
    children = Region.objects.filter(parent=parent)
    if name_prefix:
        children = children.filter(name__istartswith=name_prefix)
    return list(children.order_by("code"))


def ancestors_of(region: Region) -> list[Region]:
    """The regions above this one, province first."""
    codes = ancestor_codes(region.code)
    return list(Region.objects.filter(code__in=codes).order_by("code")) if codes else []


def current_dataset() -> RegionDataset | None:
    """The vintage most recently loaded."""
    return RegionDataset.objects.order_by("-pk").first()


def _ref(region: Region | None) -> RegionRef | None:
    return RegionRef(code=region.code, name=region.name, kind=region.kind) if region else None


def _historical_match(prefix: str, old: HistoricalRegionCode) -> NikRegionMatch:
    successor = old.successor
    by_level = {r.level: r for r in [*ancestors_of(successor), successor]}
    return NikRegionMatch(
        prefix=prefix,
        status=NikRegionStatus.HISTORICAL,
        level=NikRegionLevel(old.level),
        province=_ref(by_level.get(RegionLevel.PROVINCE)),
        regency=_ref(by_level.get(RegionLevel.REGENCY)),
        district=_ref(by_level.get(RegionLevel.DISTRICT)),
        historical=HistoricalRef(
            code=old.code, name=old.name, changed_in=old.changed_in, source=old.source, successor=_ref(successor)
        ),
    )


def nik_region_lookup(six_digits: str) -> NikRegionMatch:
    """Where a NIK was first registered, from its first six digits (province, regency/city, district).

    Current codes are tried first, then the historical codes NIKs issued before a split still carry. The
    result names the deepest level recognised; for a historical code the regions named are its successors
    today. Raises ValueError unless given exactly six ASCII digits.
    """
    if not (isinstance(six_digits, str) and len(six_digits) == 6 and six_digits.isascii() and six_digits.isdigit()):
        raise ValueError("a NIK region prefix is exactly six digits")
    province, regency, district = six_digits[:2], six_digits[:4], six_digits
    current = {r.digits: r for r in Region.objects.filter(digits__in=[province, regency, district])}
    if district in current:
        return NikRegionMatch(
            prefix=six_digits,
            status=NikRegionStatus.CURRENT,
            level=NikRegionLevel.DISTRICT,
            province=_ref(current.get(province)),
            regency=_ref(current.get(regency)),
            district=_ref(current[district]),
        )
    # An old district code is the most precise answer; an old regency code only counts when the regency is not
    # a current one (the loader refuses historical codes that are also current codes).
    wanted = [district] if regency in current else [district, regency]
    old = {h.code: h for h in HistoricalRegionCode.objects.select_related("successor").filter(code__in=wanted)}
    if (match := old.get(district) or old.get(regency)) is not None:
        return _historical_match(six_digits, match)
    level = NikRegionLevel.REGENCY if regency in current else NikRegionLevel.PROVINCE
    if province not in current:
        return NikRegionMatch(prefix=six_digits, status=NikRegionStatus.UNKNOWN, level=NikRegionLevel.NONE)
    return NikRegionMatch(
        prefix=six_digits,
        status=NikRegionStatus.CURRENT,
        level=level,
        province=_ref(current[province]),
        regency=_ref(current.get(regency)),
    )
