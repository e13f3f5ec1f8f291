"""Loading couriers, services, zones and rate tables from data (shipping/data/couriers.json): an upsert, all or nothing.

A rate table is replaced as a whole for each service the file names, so a row removed from the file stops
being offered; couriers and services the file does not name are left as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.shipping.models import Booking, Courier, CourierService, Rate, ServiceLevel, Zone

COURIERS_FILE = Path(__file__).resolve().parent / "data" / "couriers.json"
ACTOR = "system:shipping_load_couriers"
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SERVICE_CODE = re.compile(r"[A-Z0-9]{1,30}")
_PROVINCE = re.compile(r"[1-9][0-9]")


@dataclass(frozen=True)
class CourierLoadResult:
    created: int  # couriers, services and zones created
    updated: int  # ... changed (a rate table counts as a change of its service)
    unchanged: int


def couriers_file_read(path: Path = COURIERS_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _int(value: Any, *, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _rate_rows(service: Mapping, where: str, zones: set[str], errors: dict[str, list]) -> list[tuple]:
    rows: list[tuple] = []
    for index, raw in enumerate(service.get("rates") or []):
        here = f"{where}.rates.{index}"
        eta = raw.get("eta") if isinstance(raw, Mapping) else None
        if not isinstance(raw, Mapping) or not _int(raw.get("per_kg"), low=1, high=10_000_000) or not (
            isinstance(eta, list) and len(eta) == 2 and all(_int(d, low=0, high=60) for d in eta) and eta[0] <= eta[1]
        ):
            errors.setdefault(here, []).append("A rate needs per_kg (whole rupiah > 0) and eta [min, max] days.")
            continue
        if raw.get("same_city") is True:
            key = (True, None, None)
        elif raw.get("from") in zones and raw.get("to") in zones:
            key = (False, raw["from"], raw["to"])
        else:
            errors.setdefault(here, []).append("A rate is same_city, or goes from one known zone to another.")
            continue
        if service.get("level") == ServiceLevel.SAME_DAY and not key[0]:
            errors.setdefault(here, []).append("A same-day service only has a same-city rate.")
        if key in {row[:3] for row in rows}:
            errors.setdefault(here, []).append("This rate row appears twice.")
        rows.append((*key, raw["per_kg"], eta[0], eta[1]))
    return sorted(rows, key=lambda row: (not row[0], row[1] or "", row[2] or ""))


def couriers_file_check(data: Mapping[str, Any]) -> tuple[list[dict], list[dict]]:
    """The zones and couriers of the file, checked; raises ValidationFailed listing every problem."""
    errors: dict[str, list] = {}
    zones = [z for z in data.get("zones") or [] if isinstance(z, Mapping)]
    seen_provinces: dict[str, str] = {}
    for zone in zones:
        code = str(zone.get("code", ""))
        provinces = zone.get("provinces")
        if not _CODE.fullmatch(code) or not str(zone.get("name", "")).strip() or not isinstance(provinces, list):
            errors.setdefault(f"zones.{code or '?'}", []).append("A zone needs a code, a name and provinces.")
            continue
        for province in provinces:
            if not isinstance(province, str) or not _PROVINCE.fullmatch(province) or province in seen_provinces:
                errors.setdefault(f"zones.{code}", []).append(f"{province!r} is not a province code in one zone only.")
            seen_provinces[str(province)] = code
    zone_codes = {str(z.get("code")) for z in zones}
    couriers = []
    for raw in data.get("couriers") or []:
        code = str(raw.get("code", "")) if isinstance(raw, Mapping) else ""
        where = f"couriers.{code or '?'}"
        named = bool(str(raw.get("name", "")).strip()) if code else False
        if not _CODE.fullmatch(code) or not named or raw.get("booking") not in Booking.values:
            errors.setdefault(where, []).append("A courier needs a code, a name and a booking (sandbox, kiriminaja).")
            continue
        if not _int(raw.get("volumetric_divisor", 6000), low=1, high=100_000) or not _int(
                raw.get("rounding_tolerance_grams", 300), low=0, high=999):
            errors.setdefault(where, []).append("volumetric_divisor > 0; rounding_tolerance_grams 0-999.")
        services = []
        for service in raw.get("services") or []:
            scode = str(service.get("code", "")) if isinstance(service, Mapping) else ""
            swhere = f"{where}.services.{scode or '?'}"
            if not _SERVICE_CODE.fullmatch(scode) or service.get("level") not in ServiceLevel.values or not str(
                    service.get("name", "")).strip():
                errors.setdefault(swhere, []).append("A service needs a code (A-Z, 0-9), a name and a level.")
                continue
            if not isinstance(service.get("cod", False), bool):
                errors.setdefault(swhere, []).append("cod is true or false (the courier collects cash on delivery).")
            services.append({"code": scode, "name": str(service["name"]).strip(), "level": service["level"],
                             "cod": service.get("cod") is True,
                             "rates": _rate_rows(service, swhere, zone_codes, errors)})
        couriers.append({"code": code, "name": str(raw["name"]).strip(), "booking": raw["booking"],
                         "booking_code": str(raw.get("booking_code", "")),
                         "volumetric_divisor": raw.get("volumetric_divisor", 6000),
                         "rounding_tolerance_grams": raw.get("rounding_tolerance_grams", 300), "services": services})
    if not couriers:
        errors.setdefault("couriers", []).append("The file names no couriers.")
    if errors:
        raise ValidationFailed(fields=errors)
    return [{"code": str(z["code"]), "name": str(z["name"]).strip(), "provinces": sorted(z["provinces"])}
            for z in zones], couriers


def couriers_load(*, data: Mapping[str, Any] | None = None) -> CourierLoadResult:
    """Create or update every zone, courier, service and rate table of `data` (default: the shipped file).

    Guarantees: the whole file is checked before anything is written and the writes are one transaction, so a
    bad file changes nothing; running it twice changes nothing the second time (idempotent); a courier or
    service in the file is made active; each created or changed zone, courier or service (with its rate
    table) writes one audit event, as tariffs decide what buyers are charged.
    """
    zones, couriers = couriers_file_check(data if data is not None else couriers_file_read())
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for zone in zones:
            _upsert(Zone, {"code": zone["code"]}, {"name": zone["name"], "provinces": zone["provinces"]},
                    "zone", zone["code"], counts)
        for raw in couriers:
            fields = {k: raw[k] for k in ("name", "booking", "booking_code", "volumetric_divisor",
                                          "rounding_tolerance_grams")}
            courier = _upsert(Courier, {"code": raw["code"]}, {**fields, "is_active": True}, "courier", raw["code"],
                              counts)
            for service in raw["services"]:
                _service_upsert(courier, service, counts)
    return CourierLoadResult(**counts)


def _upsert(model: type, key: dict, wanted: dict, kind: str, subject: str, counts: dict) -> Any:
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        row = model.objects.create(**key, **wanted)
        counts["created"] += 1
        _audit(f"{kind}.created", kind, subject, before=None, after=wanted)
        return row
    before = {field: getattr(row, field) for field in wanted}
    if before == wanted:
        counts["unchanged"] += 1
        return row
    for field, value in wanted.items():
        setattr(row, field, value)
    row.save(update_fields=list(wanted))
    counts["updated"] += 1
    _audit(f"{kind}.updated", kind, subject, before=before, after=wanted)
    return row


def _rates_of(service: CourierService) -> list[tuple]:
    rows = service.rates.values_list("same_city", "origin_zone_id", "destination_zone_id", "price_per_kg",
                                     "eta_min_days", "eta_max_days")
    return sorted(rows, key=lambda row: (not row[0], row[1] or "", row[2] or ""))


def _service_upsert(courier: Courier, raw: dict, counts: dict) -> None:
    wanted = {"name": raw["name"], "level": raw["level"], "is_active": True, "cod": raw.get("cod", False)}
    service = CourierService.objects.select_for_update().filter(courier=courier, code=raw["code"]).first()
    subject = f"{courier.code}:{raw['code']}"
    rates = [list(row) for row in raw["rates"]]
    if service is None:
        service = CourierService.objects.create(courier=courier, code=raw["code"], **wanted)
        before = None
    else:
        before = {field: getattr(service, field) for field in wanted} | {
            "rates": [list(row) for row in _rates_of(service)]}
        if before == wanted | {"rates": rates}:
            counts["unchanged"] += 1
            return
        for field, value in wanted.items():
            setattr(service, field, value)
        service.save(update_fields=list(wanted))
        service.rates.all().delete()
    Rate.objects.bulk_create(
        Rate(service=service, same_city=row[0], origin_zone_id=row[1], destination_zone_id=row[2],
             price_per_kg=row[3], eta_min_days=row[4], eta_max_days=row[5]) for row in raw["rates"])
    counts["created" if before is None else "updated"] += 1
    _audit("service.created" if before is None else "service.updated", "courier_service", subject, before=before,
           after=wanted | {"rates": rates})


def _audit(action: str, subject_type: str, subject_id: str, *, before: dict | None, after: dict) -> None:
    audit_append(actor=ACTOR, action=f"shipping.{action}", subject_type=subject_type, subject_id=subject_id,
                 before=before, after=after)
