"""`/api/v1/auth/addresses`: the signed-in user's own address book.

Every path names one of the caller's addresses by its public id; another user's address answers 404 exactly
as a missing one does.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lapak.accounts import selectors, services
from lapak.accounts.models import Address
from lapak.core.schemas import ErrorOut, StrictSchema

router = Router(tags=["auth: addresses"])
E = ErrorOut
WRITE_ERRORS = {401: E, 404: E, 409: E, 422: E}


class AddressIn(StrictSchema):
    label: str = Field(..., max_length=200, description="Such as Rumah or Kantor (at most 40 characters).")
    recipient_name: str = Field(..., max_length=300)
    phone: str = Field(..., max_length=40, description="An Indonesian mobile number: 08…, 628… or +628….")
    region_code: str = Field(..., max_length=20, description="The village's Kemendagri code, e.g. 31.71.01.1001.")
    street: str = Field(..., max_length=600)
    postcode: str = Field("", max_length=10, description="Five digits; left blank, the village's own.")
    is_default: bool = False


class AddressPatchIn(StrictSchema):
    label: str | None = Field(None, max_length=200)
    recipient_name: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    region_code: str | None = Field(None, max_length=20)
    street: str | None = Field(None, max_length=600)
    postcode: str | None = Field(None, max_length=10)


class RegionOut(Schema):
    code: str
    name: str


class AddressOut(Schema):
    id: str
    label: str
    recipient_name: str
    phone: str
    street: str
    postcode: str
    village: RegionOut
    district: RegionOut
    regency: RegionOut
    province: RegionOut
    is_default: bool
    created_at: datetime
    updated_at: datetime


def address_out(address: Address) -> dict:
    regions = {level: {"code": getattr(address, level).code, "name": getattr(address, level).name}
               for level in ("village", "district", "regency", "province")}
    return {"id": address.public_id, "label": address.label, "recipient_name": address.recipient_name,
            "phone": address.phone, "street": address.street, "postcode": address.postcode, **regions,
            "is_default": address.is_default, "created_at": address.created_at, "updated_at": address.updated_at}


@router.get("", response={200: list[AddressOut], 401: E}, summary="My addresses, the default first")
def address_list(request: HttpRequest) -> list[dict]:
    return [address_out(a) for a in selectors.addresses_of(request.auth)]


@router.post("", response={201: AddressOut, **WRITE_ERRORS}, summary="Add an address",
             description="Only the village is sent; its district, regency and province come from the region "
                         "tree. The postcode must be the village's when the village has one. The first address "
                         "becomes the default. Up to 20 addresses (409 `address_book_full`).")
def address_add(request: HttpRequest, payload: AddressIn) -> Status[dict]:
    data = payload.model_dump()
    make_default = data.pop("is_default")
    address = services.address_create(user=request.auth, data=data, make_default=make_default)
    return Status(201, address_out(selectors.address_of(request.auth, address.public_id)))


@router.get("/{address_id}", response={200: AddressOut, 401: E, 404: E}, summary="One of my addresses")
def address_detail(request: HttpRequest, address_id: str) -> dict:
    return address_out(selectors.address_of(request.auth, address_id))


@router.patch("/{address_id}", response={200: AddressOut, **WRITE_ERRORS}, summary="Change some fields",
              description="Send only the fields to change; all or nothing, with per-field errors.")
def address_change(request: HttpRequest, address_id: str, payload: AddressPatchIn) -> dict:
    address = selectors.address_of(request.auth, address_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.address_update(address=address, actor=request.auth, data=data)
    return address_out(selectors.address_of(request.auth, address_id))


@router.delete("/{address_id}", response={204: None, 401: E, 404: E},
               summary="Delete an address (the newest other one becomes the default)")
def address_remove(request: HttpRequest, address_id: str) -> Status[None]:
    services.address_delete(address=selectors.address_of(request.auth, address_id), actor=request.auth)
    return Status(204, None)


@router.post("/{address_id}/default", response={200: AddressOut, 401: E, 404: E},
             summary="Make this address my default")
def address_default(request: HttpRequest, address_id: str) -> dict:
    address = services.address_set_default(address=selectors.address_of(request.auth, address_id),
                                           actor=request.auth)
    return address_out(selectors.address_of(request.auth, address.public_id))
