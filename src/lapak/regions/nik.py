"""What `nik_region_lookup` answers: how much of a NIK's region prefix is known, and from which list."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class NikRegionStatus(StrEnum):
    CURRENT = "current"  # the deepest level recognised is in today's Kemendagri list
    HISTORICAL = "historical"  # it is a code used before a split; the regions named are its successors
    UNKNOWN = "unknown"  # not even the province is known


class NikRegionLevel(IntEnum):
    NONE = 0
    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3


@dataclass(frozen=True, slots=True)
class RegionRef:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class HistoricalRef:
    code: str
    name: str
    changed_in: int
    source: str
    successor: RegionRef


@dataclass(frozen=True, slots=True)
class NikRegionMatch:
    prefix: str
    status: NikRegionStatus
    level: NikRegionLevel
    province: RegionRef | None = None
    regency: RegionRef | None = None
    district: RegionRef | None = None
    historical: HistoricalRef | None = None

    @property
    def district_known(self) -> bool:
        """Whether all six digits were recognised; a reviewer gets a warning otherwise (COMPLIANCE ID-SEL-2)."""
        return self.level == NikRegionLevel.DISTRICT

    @property
    def province_known(self) -> bool:
        return self.level >= NikRegionLevel.PROVINCE
