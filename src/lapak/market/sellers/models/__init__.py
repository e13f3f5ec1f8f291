"""Sellers' models, split by use case; import them from here."""

from lapak.market.sellers.models.applications import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    PHOTO_KINDS,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationTransition,
    DocumentKind,
    IdDocumentKind,
    IdentityClaim,
    SellerApplication,
    Sex,
)
from lapak.market.sellers.models.bank import BankAccount, BankAccountStatus
from lapak.market.sellers.models.consent import ConsentEnd, ConsentPurpose, ConsentRecord
from lapak.market.sellers.models.data_rights import DataRequestEvent, DataSubjectRequest, RequestKind, RequestStatus
from lapak.market.sellers.models.organisations import (
    MemberRole,
    Membership,
    OrganisationStatus,
    SellerOrganisation,
    SellerType,
    UmkmClass,
)

__all__ = [
    "EDITABLE_STATUSES",
    "OPEN_STATUSES",
    "PHOTO_KINDS",
    "ApplicationDocument",
    "ApplicationStatus",
    "ApplicationTransition",
    "BankAccount",
    "BankAccountStatus",
    "ConsentEnd",
    "ConsentPurpose",
    "ConsentRecord",
    "DataRequestEvent",
    "DataSubjectRequest",
    "DocumentKind",
    "IdDocumentKind",
    "IdentityClaim",
    "MemberRole",
    "Membership",
    "OrganisationStatus",
    "RequestKind",
    "RequestStatus",
    "SellerApplication",
    "SellerOrganisation",
    "SellerType",
    "Sex",
    "UmkmClass",
]
