"""Rate quotes from the couriers' rate tables.

Weight rule (documented in docs/api.md): each parcel is charged on the larger of its actual weight and its
volumetric weight (length x width x height in cm / the courier's divisor, i.e. mm³ / divisor grams), rounded
up to whole kilograms except that up to the courier's tolerance above a whole kilogram is not charged
(tolerance 300 g: 1.3 kg is charged as 1 kg, 1.301 kg as 2 kg), and never less than 1 kg. Parcels are
charged one by one and added up, as couriers charge per koli (piece).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.shipping.models import Courier, CourierService, Rate, ServiceLevel, Zone
from lapak.regions.codes import normalize_region_code
from lapak.regions.models import Region, RegionLevel
from lapak.regions.selectors import region_by_code

Parcel = tuple[int, int, int, int]  # weight_grams, length_mm, width_mm, height_mm
MAX_PARCELS = 50
MAX_PARCEL_GRAMS = 150_000  # above this it is cargo, not a parcel
MAX_SIDE_MM = 3_000


@dataclass(frozen=True)
class Quote:
    courier: str
    courier_name: str
    service: str
    service_name: str
    level: str
    price: int  # whole rupiah
    chargeable_grams: int
    eta_min_days: int
    eta_max_days: int


def chargeable_grams(parcel: Parcel, *, divisor: int, tolerance_grams: int) -> int:
    """The weight one parcel is charged on, in whole kilograms expressed as grams (see the module docstring)."""
    weight, length, width, height = parcel
    volumetric = -(-(length * width * height) // divisor)  # ceil(mm³ / divisor) grams
    grams = max(weight, volumetric)
    whole, rest = divmod(grams, 1000)
    kilograms = whole + (1 if rest > tolerance_grams else 0)
    return max(kilograms, 1) * 1000


def _village(code: object, field: str) -> str:
    if not isinstance(code, str) or normalize_region_code(code) is None:
        raise ValidationFailed(code="region_code_invalid",
                               fields={field: [_("Enter a village code such as 31.71.01.1001.")]})
    region = region_by_code(code)
    if region is None:
        raise ValidationFailed(code="region_not_found", fields={field: [_("There is no region with this code.")]})
    if region.level != RegionLevel.VILLAGE:
        raise ValidationFailed(code="region_not_village",
                               fields={field: [_("Choose a village (kelurahan or desa), not a larger region.")]})
    return region.code


def parcels_check(parcels: Sequence[Parcel]) -> list[Parcel]:
    """The parcels as integer tuples; raises ValidationFailed when there are none or one is out of range."""
    checked: list[Parcel] = []
    if not parcels or len(parcels) > MAX_PARCELS:
        raise ValidationFailed(fields={"parcels": [_("Send between 1 and 50 parcels.")]})
    for index, parcel in enumerate(parcels):
        ok = isinstance(parcel, tuple | list) and len(parcel) == 4 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in parcel)
        if not ok or not (0 < parcel[0] <= MAX_PARCEL_GRAMS and all(0 < side <= MAX_SIDE_MM for side in parcel[1:])):
            raise ValidationFailed(fields={f"parcels.{index}": [
                _("A parcel weighs 1 g to 150 kg and each side is 1 to 3000 mm.")]})
        checked.append(tuple(parcel))  # type: ignore[arg-type]
    return checked


def _zone_of(province: str) -> str | None:
    for code, provinces in Zone.objects.values_list("code", "provinces"):
        if province in provinces:
            return code
    return None


def _same_city(origin: str, destination: str) -> bool:
    return origin[:5] == destination[:5]  # "31.71": the regency or city


def shipping_quote(*, origin_region: str, destination_region: str, parcels: Sequence[Parcel]) -> list[Quote]:
    """Every active service that serves this route, cheapest first, with its price for these parcels.

    Both regions must be villages (so same-city and later pickup/delivery are exact); a service is offered only
    where its rate table has a row for the route, and a same-day service only within one regency or city.
    Raises ValidationFailed (per field) for malformed, unknown or non-village codes and bad parcels.
    """
    origin = _village(origin_region, "origin")
    destination = _village(destination_region, "destination")
    checked = parcels_check(parcels)
    same_city = _same_city(origin, destination)
    origin_zone, destination_zone = _zone_of(origin[:2]), _zone_of(destination[:2])
    rates = Rate.objects.filter(service__is_active=True, service__courier__is_active=True).select_related(
        "service__courier")
    city: dict[int, Rate] = {}
    zoned: dict[int, Rate] = {}
    for rate in rates:
        if rate.same_city:
            city[rate.service_id] = rate
        elif (rate.origin_zone_id, rate.destination_zone_id) == (origin_zone, destination_zone):
            zoned[rate.service_id] = rate
    # Within one city the same-city row applies; a service without one is priced on its zone row.
    by_service = {**zoned, **city} if same_city else zoned
    quotes = [_quote(rate, checked) for rate in by_service.values()
              if rate.service.level != ServiceLevel.SAME_DAY or same_city]
    return sorted(quotes, key=lambda q: (q.price, q.eta_max_days, q.courier, q.service))


def _quote(rate: Rate, parcels: list[Parcel]) -> Quote:
    service: CourierService = rate.service
    courier: Courier = service.courier
    grams = sum(chargeable_grams(p, divisor=courier.volumetric_divisor,
                                 tolerance_grams=courier.rounding_tolerance_grams) for p in parcels)
    return Quote(courier=courier.code, courier_name=courier.name, service=service.code, service_name=service.name,
                 level=service.level, price=rate.price_per_kg * grams // 1000, chargeable_grams=grams,
                 eta_min_days=rate.eta_min_days, eta_max_days=rate.eta_max_days)


def shipping_quotes_many(*, destination_region: str, routes: Mapping[Hashable, tuple[str, Sequence[Parcel]]],
                         known: Iterable[Region] = ()) -> dict[Hashable, list[Quote]]:
    """`shipping_quote` for several origins to one destination (checkout: one route per seller), in at most
    two queries whatever the number of routes: the regions not among `known` (regions the caller has loaded
    already), then the rate rows with their zones. `routes` maps a caller's key to (origin village code,
    parcels); the answer maps the same keys to their quotes, cheapest first. Raises ValidationFailed as
    `shipping_quote` does (fields `destination`, `origin.<key>`, `parcels`)."""
    codes = {normalize_region_code(code) if isinstance(code, str) else None
             for code in [destination_region, *(origin for origin, _parcels in routes.values())]}
    regions = {r.code: r for r in known}
    wanted = [c for c in codes if c and c not in regions]
    if wanted:
        regions.update({r.code: r for r in Region.objects.filter(code__in=wanted)})

    def village(code: object, field: str) -> str:
        dotted = normalize_region_code(code) if isinstance(code, str) else None
        if dotted is None:
            raise ValidationFailed(code="region_code_invalid",
                                   fields={field: [_("Enter a village code such as 31.71.01.1001.")]})
        region = regions.get(dotted)
        if region is None:
            raise ValidationFailed(code="region_not_found", fields={field: [_("There is no region with this code.")]})
        if region.level != RegionLevel.VILLAGE:
            raise ValidationFailed(code="region_not_village",
                                   fields={field: [_("Choose a village (kelurahan or desa), not a larger region.")]})
        return region.code

    destination = village(destination_region, "destination")
    checked = {key: (village(origin, f"origin.{key}"), parcels_check(parcels))
               for key, (origin, parcels) in routes.items()}
    rates = list(Rate.objects.filter(service__is_active=True, service__courier__is_active=True)
                 .select_related("service__courier", "origin_zone", "destination_zone"))
    # A zone no rate row names cannot price anything, so the zones the rows carry are all that matter.
    zones = {zone.code: zone.provinces for r in rates for zone in (r.origin_zone, r.destination_zone) if zone}

    def zone_of(province: str) -> str | None:
        return next((code for code, provinces in sorted(zones.items()) if province in provinces), None)

    answer: dict[Hashable, list[Quote]] = {}
    for key, (origin, parcels) in checked.items():
        same_city = _same_city(origin, destination)
        route = (zone_of(origin[:2]), zone_of(destination[:2]))
        city = {r.service_id: r for r in rates if r.same_city}
        zoned = {r.service_id: r for r in rates
                 if not r.same_city and (r.origin_zone_id, r.destination_zone_id) == route}
        by_service = {**zoned, **city} if same_city else zoned
        quotes = [_quote(rate, parcels) for rate in by_service.values()
                  if rate.service.level != ServiceLevel.SAME_DAY or same_city]
        answer[key] = sorted(quotes, key=lambda q: (q.price, q.eta_max_days, q.courier, q.service))
    return answer
