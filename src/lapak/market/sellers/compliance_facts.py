"""What the compliance engine is told about a seller, and the trader details a listing shows (GB-TRD-1)."""

from __future__ import annotations

from lapak.market.sellers.identity import identity_present
from lapak.market.sellers.models import ApplicationStatus, BankAccount, SellerApplication, SellerOrganisation


def foreign_items_present(application: SellerApplication, documents: set[str], account: BankAccount | None) -> dict:
    """Each ID-XB-3 item of a foreign merchant's registration, and whether it was supplied."""
    return {
        "company_name": bool(application.company_name), "origin_address": bool(application.origin_address),
        "origin_country": bool(application.origin_country), "business_licence": "business_licence" in documents,
        "standards_proof": "standards_proof" in documents, "bank_account": account is not None,
        "bahasa_descriptions": application.bahasa_descriptions_declared_at is not None,
        "shipping_origin": bool(application.shipping_origin), "surveyor_report": "surveyor_report" in documents,
    }


def trader_details(application: SellerApplication | None) -> dict:
    """The trader's name, geographic address, e-mail and telephone as a buyer is shown them (GB-TRD-1)."""
    if application is None:
        return {"name": "", "address": "", "email": "", "phone": ""}
    address = application.address_line or application.origin_address
    if application.address_line and application.address_postcode:
        address = f"{application.address_line}, {application.address_postcode}"
    return {"name": application.company_name or application.full_name, "address": address,
            "email": application.applicant.email if application.applicant else "", "phone": application.phone}


def organisation_trader_details(organisation: SellerOrganisation) -> dict:
    """The trader details of the shop's verified application (empty strings where there is none)."""
    application = (SellerApplication.objects.filter(organisation=organisation, status=ApplicationStatus.VERIFIED)
                   .select_related("applicant").order_by("-decided_at").first())
    return trader_details(application)


def verification_facts(application: SellerApplication, *, source: str, to: str) -> dict:
    """The facts `seller.verify` is decided on (the caller holds the application's lock)."""
    organisation = application.organisation
    documents = set(application.documents.filter(erased_at__isnull=True).values_list("kind", flat=True))
    account = BankAccount.objects.filter(organisation=organisation, is_current=True).first()
    return {
        "from": source, "to": to, "seller_type": organisation.seller_type, "seller": organisation.public_id,
        "organisation": organisation.public_id, "umkm_class": organisation.umkm_class,
        "jurisdiction": organisation.jurisdiction, "review_flags": [f["code"] for f in application.review_flags],
        "id_document_kind": application.id_document_kind, "nib_present": identity_present(application, "nib"),
        "foreign_items": foreign_items_present(application, documents, account),
        "trader": {key: bool(value) for key, value in trader_details(application).items()},
    }
