"""Writes on sellers, split by use case. Import from here; each function's docstring says what it guarantees."""

from lapak.market.sellers.services.applications import (
    application_draft_save,
    application_start,
    application_submit,
    application_withdraw,
)
from lapak.market.sellers.services.bank_accounts import bank_account_review, bank_account_set
from lapak.market.sellers.services.consent import consent_grant, consent_withdraw
from lapak.market.sellers.services.corrections import data_correction_decide
from lapak.market.sellers.services.data_erasure import data_deletion_execute, data_deletion_request
from lapak.market.sellers.services.data_export import data_export_request
from lapak.market.sellers.services.data_rights import data_correction_request, data_request_note, data_request_refuse
from lapak.market.sellers.services.decisions import application_decide, application_review_start
from lapak.market.sellers.services.members import member_add, member_remove, member_role_change
from lapak.market.sellers.services.organisations import organisation_create, organisation_profile_update, seller_apply
from lapak.market.sellers.services.reveal import identity_reveal
from lapak.market.sellers.services.uploads import document_upload, image_sanitise, organisation_logo_set
from lapak.market.sellers.services.workflow import TRANSITIONS, allowed_targets, application_transition

__all__ = [
    "TRANSITIONS",
    "allowed_targets",
    "application_decide",
    "application_draft_save",
    "application_review_start",
    "application_start",
    "application_submit",
    "application_transition",
    "application_withdraw",
    "bank_account_review",
    "bank_account_set",
    "consent_grant",
    "consent_withdraw",
    "data_correction_decide",
    "data_correction_request",
    "data_deletion_execute",
    "data_deletion_request",
    "data_export_request",
    "data_request_note",
    "data_request_refuse",
    "document_upload",
    "identity_reveal",
    "image_sanitise",
    "member_add",
    "member_remove",
    "member_role_change",
    "organisation_create",
    "organisation_logo_set",
    "organisation_profile_update",
    "seller_apply",
]
