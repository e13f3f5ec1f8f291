"""`/api/v1/sellers/me/organisations`, `/organisations/…`: the shops a person belongs to, their profile, people
and payout account.

Any member reads the shop and its member list; owners and managers change the profile and add staff; only
the owner changes roles and the payout account. Outside the shop everything is 404.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from lapak.core.errors import NotFound, ValidationFailed
from lapak.core.schemas import ErrorOut
from lapak.market.sellers.api_common import PageQuery, page_of, paginate, required_file
from lapak.market.sellers.api_schemas import (
    BankAccountIn,
    BankAccountOut,
    MemberIn,
    MemberRoleIn,
    OrganisationRef,
    ProfileIn,
    bank_account_out,
    organisation_ref,
)
from lapak.market.sellers.errors import UploadRefused
from lapak.market.sellers.models import Membership, SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import (
    application_current,
    bank_account_current,
    member_role_of,
    members_of,
    organisation_for,
    organisations_for,
    seller_can_sell,
)
from lapak.market.sellers.services import (
    bank_account_set,
    member_add,
    member_remove,
    member_role_change,
    organisation_logo_set,
    organisation_profile_update,
)

router = Router(tags=["sellers: organisations"])

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


class MyOrganisationOut(OrganisationRef):
    my_role: str = Field(..., description="owner, manager or staff.")


class PickupOut(Schema):
    region_code: str | None
    street: str
    postcode: str


class ApplicationRef(Schema):
    id: str
    status: str


class OrganisationOut(MyOrganisationOut):
    umkm_class: str
    declared_annual_sales: int | None
    description: str
    pickup: PickupOut
    has_logo: bool
    verified_at: datetime | None
    can_sell: bool = Field(..., description="Verified and open: may publish listings.")
    current_application: ApplicationRef | None = Field(None, description="Owners and managers only.")
    bank_account: BankAccountOut | None = Field(None, description="The current payout account; owners and "
                                                "managers only.")


class MemberOut(Schema):
    user_id: str
    email: str
    full_name: str
    role: str
    added_at: datetime


def _organisation(request: HttpRequest, organisation_id: str) -> SellerOrganisation:
    return organisation_for(user=request.auth, public_id=organisation_id)


def _organisation_out(organisation: SellerOrganisation, user: object) -> dict:
    role = member_role_of(organisation, user)
    out = {
        **organisation_ref(organisation), "my_role": role, "umkm_class": organisation.umkm_class,
        "declared_annual_sales": organisation.declared_annual_sales, "description": organisation.description,
        "pickup": {"region_code": organisation.pickup_region_id, "street": organisation.pickup_street,
                   "postcode": organisation.pickup_postcode},
        "has_logo": bool(organisation.logo), "verified_at": organisation.verified_at,
        "can_sell": seller_can_sell(organisation), "current_application": None, "bank_account": None,
    }
    if role in EDITORS:
        application = application_current(organisation=organisation, user=user)
        account = bank_account_current(organisation=organisation, user=user)
        if application is not None:
            out["current_application"] = {"id": application.public_id, "status": application.status}
        out["bank_account"] = bank_account_out(account, organisation) if account else None
    return out


def _member_out(membership: Membership) -> dict:
    user = membership.user
    return {"user_id": user.public_id, "email": user.email, "full_name": user.full_name, "role": membership.role,
            "added_at": membership.added_at}


def _member(request: HttpRequest, organisation: SellerOrganisation, member_id: str) -> Membership:
    membership = members_of(organisation=organisation, user=request.auth).filter(user__public_id=member_id).first()
    if membership is None:
        raise NotFound(_("This person is not a member of the shop."), code="member_not_found")
    return membership


def _account_by_email(email: str) -> object:
    # accounts has no selector for this yet; an inactive account cannot be added.
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        message = _("No Lapak account uses this e-mail address. Ask the person to sign up first.")
        raise ValidationFailed(message, code="account_not_found", fields={"email": [message]})
    return user


@router.get("/me/organisations", response={200: page_of(MyOrganisationOut), 422: E, **READ_ERRORS},
            summary="The shops I belong to, newest first")
def my_organisations(request: HttpRequest, page: Query[PageQuery]) -> dict:
    return paginate(organisations_for(user=request.auth), page,
                    lambda org: {**organisation_ref(org), "my_role": member_role_of(org, request.auth)})


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **READ_ERRORS},
            summary="Show one of my shops")
def organisation_detail(request: HttpRequest, organisation_id: str) -> dict:
    return _organisation_out(_organisation(request, organisation_id), request.auth)


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, **WRITE_ERRORS},
              summary="Change the shop profile (owner or manager)",
              description="Send only the fields to change. The pickup region must be a village (kelurahan/desa).")
def organisation_update(request: HttpRequest, organisation_id: str, payload: ProfileIn) -> dict:
    organisation = _organisation(request, organisation_id)
    updated = organisation_profile_update(organisation=organisation, actor=request.auth,
                                          data=payload.model_dump(exclude_unset=True))
    return _organisation_out(updated, request.auth)


@router.post("/organisations/{organisation_id}/logo", response={200: OrganisationOut, 413: E, **WRITE_ERRORS},
            summary="Replace the shop logo (owner or manager)",
            description="Multipart, the picture in the field `file` (JPEG, PNG or WebP); stored re-encoded as PNG.")
def organisation_logo(request: HttpRequest, organisation_id: str,
                      file: UploadedFile | None = File(None, description="The picture.")) -> dict:  # noqa: B008
    organisation = _organisation(request, organisation_id)
    file = required_file(file)
    try:
        updated = organisation_logo_set(organisation=organisation, actor=request.auth, data=file.read())
    except UploadRefused as exc:
        raise UploadRefused(exc.message, code=exc.code, fields={"file": list(exc.fields.get("logo", [exc.message]))}
                            ) from None
    return _organisation_out(updated, request.auth)


@router.get("/organisations/{organisation_id}/members", response={200: page_of(MemberOut), 422: E, **READ_ERRORS},
            summary="The shop's members, in the order they joined")
def member_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery]) -> dict:
    organisation = _organisation(request, organisation_id)
    return paginate(members_of(organisation=organisation, user=request.auth), page, _member_out)


@router.post("/organisations/{organisation_id}/members", response={201: MemberOut, **WRITE_ERRORS},
             summary="Add a manager or staff member",
             description="Owners add managers and staff; managers add staff. The person needs a Lapak account.")
def member_create(request: HttpRequest, organisation_id: str, payload: MemberIn) -> Status[dict]:
    organisation = _organisation(request, organisation_id)
    require_member(organisation, request.auth, EDITORS)  # before the lookup: staff may not probe for accounts
    user = _account_by_email(payload.email)
    membership = member_add(organisation=organisation, actor=request.auth, user=user, role=payload.role)
    return Status(201, _member_out(membership))


@router.patch("/organisations/{organisation_id}/members/{member_id}", response={200: MemberOut, **WRITE_ERRORS},
              summary="Change a member's role (owner only)")
def member_update(request: HttpRequest, organisation_id: str, member_id: str, payload: MemberRoleIn) -> dict:
    organisation = _organisation(request, organisation_id)
    membership = _member(request, organisation, member_id)
    changed = member_role_change(organisation=organisation, actor=request.auth, user=membership.user,
                                 role=payload.role)
    return _member_out(changed)


@router.delete(
    "/organisations/{organisation_id}/members/{member_id}", response={204: None, **WRITE_ERRORS},
    summary="Remove a member, or leave the shop",
    description="The owner removes anyone else, a manager removes staff; any member but the owner may leave.",
)
def member_delete(request: HttpRequest, organisation_id: str, member_id: str) -> Status[None]:
    organisation = _organisation(request, organisation_id)
    membership = _member(request, organisation, member_id)
    member_remove(organisation=organisation, actor=request.auth, user=membership.user)
    return Status(204, None)


@router.put(
    "/organisations/{organisation_id}/bank-account", response={200: BankAccountOut, **WRITE_ERRORS},
    summary="Set the payout bank account (owner only)",
    description=(
        "The number is stored encrypted and answered masked. The holder name is matched against the "
        "applicant's; a mismatch puts the account in review. Replacing an account holds payouts for 24 hours "
        "and e-mails the owner and managers."
    ),
)
def bank_account_put(request: HttpRequest, organisation_id: str, payload: BankAccountIn) -> dict:
    organisation = _organisation(request, organisation_id)
    account = bank_account_set(organisation=organisation, actor=request.auth, **payload.model_dump())
    return bank_account_out(account, _organisation(request, organisation_id))
