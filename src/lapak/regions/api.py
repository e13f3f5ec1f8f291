"""`/api/v1/regions/`: the Kemendagri region tree, public and cacheable (it changes only with a new decree)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from lapak.core.schemas import ErrorOut
from lapak.regions import selectors
from lapak.regions.models import Region

router = Router(tags=["regions"])

# The data is static between loads of a new vintage; errors are not cached.
CACHE_CONTROL = "public, max-age=86400"

_CODE_DESCRIPTION = "A Kemendagri code, dotted (`32.76.01`) or as bare digits (`327601`)."


class RegionOut(Schema):
    code: str = Field(..., description="Dotted Kemendagri code, e.g. `32.76`.", examples=["32.76"])
    name: str = Field(..., examples=["Kota Depok"])
    kind: str = Field(
        ...,
        description=(
            "provinsi, kabupaten, kabupaten_administrasi, kota, kota_administrasi, kecamatan, distrik, "
            "kelurahan, desa or desa_adat."
        ),
        examples=["kota"],
    )
    level: int = Field(..., description="1 province, 2 regency/city, 3 district, 4 village.", ge=1, le=4)


class RegionChildOut(RegionOut):
    postcode: str | None = Field(None, description="Kode pos; villages only.", examples=["16431"])


class RegionDetailOut(RegionChildOut):
    parent_code: str | None = Field(None, description="The code of the region directly above; null for a province.")
    path: list[RegionOut] = Field(..., description="The regions above this one, province first.")


def _out(region: Region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "kind": region.kind,
        "level": region.level,
        "postcode": region.postcode or None,
    }


@router.get(
    "/provinces",
    auth=None,
    response={200: list[RegionOut]},
    summary="List the provinces",
    description="All provinces, sorted by code. Cacheable for a day.",
)
def province_list(request: HttpRequest, response: HttpResponse) -> list[dict]:
    response["Cache-Control"] = CACHE_CONTROL
    return [_out(region) for region in selectors.provinces()]


@router.get(
    "/{code}/children",
    auth=None,
    response={200: list[RegionChildOut], 404: ErrorOut, 422: ErrorOut},
    summary="List the regions directly under a region",
    description=(
        f"{_CODE_DESCRIPTION} A province lists its regencies and cities, a regency its districts, a district its "
        "villages (with postcodes); a village has none. Sorted by code. Cacheable for a day."
    ),
)
def region_children(
    request: HttpRequest,
    code: str,
    response: HttpResponse,
    q: str = Query("", max_length=100, description="Only children whose name starts with this (case-insensitive)."),
) -> list[dict]:
    children = selectors.children_of(code, name_prefix=q.strip())
    response["Cache-Control"] = CACHE_CONTROL
    return [_out(region) for region in children]


@router.get(
    "/{code}",
    auth=None,
    response={200: RegionDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="Show one region with the regions above it",
    description=f"{_CODE_DESCRIPTION} Cacheable for a day.",
)
def region_detail(request: HttpRequest, code: str, response: HttpResponse) -> dict:
    region = selectors.region_get(code)
    response["Cache-Control"] = CACHE_CONTROL
    return {
        **_out(region),
        "parent_code": region.parent_id,
        "path": [_out(ancestor) for ancestor in selectors.ancestors_of(region)],
    }
