"""Shapes of the sellers API: what the seller side reads and writes, and how a row becomes that shape.

Identity numbers leave the server only as their masks (`3171••••••••0001`) through these renderers; the
full value is given by the operators' reveal endpoint and by the data subject's own export, nowhere else.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from lapak.core.schemas import StrictSchema
from lapak.market.sellers.api_common import reasons_out
from lapak.market.sellers.identity import IDENTITY_FIELDS, identity_masked
from lapak.market.sellers.models import (
    EDITABLE_STATUSES,
    ApplicationDocument,
    ApplicationTransition,
    BankAccount,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.selectors import application_missing_items, payouts_on_hold
from lapak.market.sellers.services import allowed_targets

MASK_EXAMPLE = "3171••••••••0001"
# The applicant's buttons: the workflow's targets, named as the endpoints that take them.
APPLICANT_ACTIONS = {"submitted": "submit", "withdrawn": "withdraw"}

# --- Input ------------------------------------------------------------------------------------------


class ApplyIn(StrictSchema):
    seller_type: str = Field(..., max_length=20, description="individual, business, foreign, first_party or mlm.")
    shop_name: str = Field(..., max_length=80, examples=["Toko Budi"])
    jurisdiction: str = Field("ID", max_length=2, description="Two-letter country code of the market.")
    umkm_class: str = Field("", max_length=10, description="micro, small, medium or large (declared).")
    declared_annual_sales: int | None = Field(None, ge=0, le=10**15, description="Yearly sales in whole rupiah.")


class DraftIn(StrictSchema):
    """Any subset of the application's fields; `null` or `""` clears a field. Checked for form at once."""

    id_document_kind: str | None = Field(None, max_length=10, description="ktp or passport.")
    full_name: str | None = Field(None, max_length=150)
    nik: str | None = Field(None, max_length=40, description="16 digits; stored encrypted, shown masked.")
    passport_number: str | None = Field(None, max_length=40)
    birth_date: str | None = Field(None, max_length=10, description="YYYY-MM-DD, as declared.")
    sex: str | None = Field(None, max_length=1, description="F or M, as declared.")
    phone: str | None = Field(None, max_length=32, examples=["0812-3456-7890"])
    address_line: str | None = Field(None, max_length=250)
    address_region_code: str | None = Field(None, max_length=20, description="The village's Kemendagri code.")
    address_postcode: str | None = Field(None, max_length=10)
    company_name: str | None = Field(None, max_length=200)
    nib: str | None = Field(None, max_length=40)
    npwp: str | None = Field(None, max_length=40)
    responsible_person_name: str | None = Field(None, max_length=150)
    responsible_nik: str | None = Field(None, max_length=40)
    origin_country: str | None = Field(None, max_length=10)
    origin_address: str | None = Field(None, max_length=300)
    shipping_origin: str | None = Field(None, max_length=200)
    bahasa_descriptions_declared: bool | None = None


class ProfileIn(StrictSchema):
    shop_name: str | None = Field(None, max_length=80)
    description: str | None = Field(None, max_length=5000)
    pickup_region_code: str | None = Field(None, max_length=20, description="The pickup village's code.")
    pickup_street: str | None = Field(None, max_length=200)
    pickup_postcode: str | None = Field(None, max_length=10)
    umkm_class: str | None = Field(None, max_length=10)
    declared_annual_sales: int | None = Field(None, ge=0, le=10**15)


class MemberIn(StrictSchema):
    email: str = Field(..., max_length=254, description="The e-mail address of an existing Lapak account.")
    role: str = Field(..., max_length=10, description="manager or staff.")


class MemberRoleIn(StrictSchema):
    role: str = Field(..., max_length=10, description="manager or staff.")


class BankAccountIn(StrictSchema):
    bank_code: str = Field(..., max_length=20, examples=["BCA"])
    account_number: str = Field(..., max_length=40, description="Stored encrypted; shown masked.")
    holder_name: str = Field(..., max_length=150, description="As the bank shows it.")


# --- Output -----------------------------------------------------------------------------------------


class ReasonOut(Schema):
    code: str
    rule_id: str
    part: str
    message: str = Field(..., description="In the request's language.")


class OrganisationRef(Schema):
    id: str
    shop_name: str
    shop_slug: str
    seller_type: str
    jurisdiction: str
    status: str


class DocumentOut(Schema):
    id: str
    kind: str
    content_type: str
    size_bytes: int
    width: int | None
    height: int | None
    uploaded_at: datetime
    erased: bool


class IdentityNumbersOut(Schema):
    nik: str | None = Field(None, examples=[MASK_EXAMPLE], description="Masked; null when not given.")
    passport_number: str | None = None
    nib: str | None = None
    npwp: str | None = None
    responsible_nik: str | None = None


class DeclaredOut(Schema):
    id_document_kind: str
    full_name: str
    birth_date: date | None
    sex: str
    phone: str
    address_line: str
    address_region_code: str | None
    address_postcode: str
    company_name: str
    responsible_person_name: str
    origin_country: str
    origin_address: str
    shipping_origin: str
    bahasa_descriptions_declared: bool


class ApplicationOut(Schema):
    id: str = Field(..., examples=["kyc_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    status: str
    status_label: str
    organisation: OrganisationRef
    declared: DeclaredOut
    identity_numbers: IdentityNumbersOut
    documents: list[DocumentOut]
    missing: dict[str, list[str]] = Field(
        ..., description="While the application can be edited: what submission would still ask for."
    )
    allowed_actions: list[str] = Field(..., description="What the applicant may do now: submit, withdraw.")
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


class TransitionOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    by: str = Field(..., description="applicant, operator or system.")
    reasons: list[ReasonOut]
    note: str


class BankAccountOut(Schema):
    id: str
    bank_code: str
    number_masked: str = Field(..., examples=["••••••7890"])
    holder_name: str
    status: str
    holder_matched: bool | None
    created_at: datetime
    payout_hold_until: datetime | None
    payouts_on_hold: bool


def organisation_ref(organisation: SellerOrganisation) -> dict:
    return {"id": organisation.public_id, "shop_name": organisation.shop_name, "shop_slug": organisation.shop_slug,
            "seller_type": organisation.seller_type, "jurisdiction": organisation.jurisdiction,
            "status": organisation.status}


def document_out(document: ApplicationDocument) -> dict:
    return {"id": document.public_id, "kind": document.kind, "content_type": document.content_type,
            "size_bytes": document.size_bytes, "width": document.width, "height": document.height,
            "uploaded_at": document.uploaded_at, "erased": document.erased_at is not None}


def identity_numbers_out(application: SellerApplication) -> dict:
    return {name: identity_masked(application, name) or None for name in IDENTITY_FIELDS}


def declared_out(application: SellerApplication) -> dict:
    region = application.address_region
    return {
        "id_document_kind": application.id_document_kind, "full_name": application.full_name,
        "birth_date": application.birth_date, "sex": application.sex, "phone": application.phone,
        "address_line": application.address_line, "address_region_code": region.code if region else None,
        "address_postcode": application.address_postcode, "company_name": application.company_name,
        "responsible_person_name": application.responsible_person_name,
        "origin_country": application.origin_country, "origin_address": application.origin_address,
        "shipping_origin": application.shipping_origin,
        "bahasa_descriptions_declared": application.bahasa_descriptions_declared_at is not None,
    }


def application_out(application: SellerApplication) -> dict:
    editable = application.status in EDITABLE_STATUSES
    return {
        "id": application.public_id, "status": application.status,
        "status_label": str(application.get_status_display()),
        "organisation": organisation_ref(application.organisation),
        "declared": declared_out(application),
        "identity_numbers": identity_numbers_out(application),
        "documents": [document_out(d) for d in application.documents.order_by("kind")],
        "missing": _missing(application) if editable else {},
        "allowed_actions": [APPLICANT_ACTIONS[t] for t in allowed_targets(application.status, "applicant")
                            if t in APPLICANT_ACTIONS],
        "created_at": application.created_at, "updated_at": application.updated_at,
        "submitted_at": application.submitted_at, "decided_at": application.decided_at,
    }


def _missing(application: SellerApplication) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in application_missing_items(
        application=application).items()}


def transition_out(step: ApplicationTransition) -> dict:
    return {"from_status": step.from_status, "to_status": step.to_status, "at": step.created_at,
            "by": step.actor_kind, "reasons": reasons_out(step.reasons), "note": step.note}


def bank_account_out(account: BankAccount, organisation: SellerOrganisation) -> dict:
    """The account, masked, with the organisation's payout hold (a changed account holds payouts for 24 h)."""
    return {"id": account.public_id, "bank_code": account.bank_code, "number_masked": account.number_masked,
            "holder_name": account.holder_name, "status": account.status, "holder_matched": account.holder_matched,
            "created_at": account.created_at, "payout_hold_until": organisation.payout_hold_until,
            "payouts_on_hold": payouts_on_hold(organisation)}
