"""Back office for sellers: read-mostly, masked identity numbers only, and no decryption here at all.

Decisions go through the workflow services (the operator desk), never through admin edits: every model
here is read-only in admin except the shop profile's plain text fields.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lapak.core.admin import ReadOnlyAdmin
from lapak.market.sellers.models import (
    ApplicationDocument,
    ApplicationTransition,
    BankAccount,
    ConsentRecord,
    DataRequestEvent,
    DataSubjectRequest,
    Membership,
    SellerApplication,
    SellerOrganisation,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "added_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SellerOrganisation)
class SellerOrganisationAdmin(ReadOnlyAdmin):
    list_display = ("shop_name", "public_id", "seller_type", "jurisdiction", "status", "umkm_class", "created_at")
    list_filter = ("status", "seller_type", "jurisdiction", "umkm_class")
    search_fields = ("shop_name", "shop_slug", "public_id")
    exclude = ("logo",)
    inlines = [MembershipInline]


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ("public_id", "kind", "content_type", "size_bytes", "uploaded_at", "erased_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    fields = ("created_at", "from_status", "to_status", "actor_label", "actor_kind", "reasons", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SellerApplication)
class SellerApplicationAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "organisation", "status", "seller_type", "nik_masked", "nib_masked",
                    "submitted_at", "decided_at")
    list_filter = ("status", "organisation__seller_type", "organisation__jurisdiction")
    search_fields = ("public_id", "organisation__public_id", "organisation__shop_name")
    list_select_related = ("organisation",)
    # Ciphertexts and keyed hashes are never shown; searching by an identity number is deliberately impossible.
    fields = (
        "public_id", "organisation", "applicant", "status", "id_document_kind", "full_name", "nik_masked",
        "passport_masked", "company_name", "nib_masked", "npwp_masked", "responsible_person_name",
        "responsible_nik_masked", "origin_country", "shipping_origin", "bank_account", "review_flags", "reviewer",
        "created_at", "submitted_at", "decided_at", "erased_at", "retain_until",
    )
    inlines = [DocumentInline, TransitionInline]

    @admin.display(description=_("seller type"))
    def seller_type(self, obj: SellerApplication) -> str:
        return obj.organisation.get_seller_type_display()


@admin.register(BankAccount)
class BankAccountAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "organisation", "bank_code", "number_masked", "status", "holder_matched",
                    "is_current", "created_at")
    list_filter = ("status", "is_current")
    search_fields = ("public_id", "organisation__public_id")
    fields = ("public_id", "organisation", "bank_code", "number_masked", "holder_name", "holder_match_score",
              "holder_matched", "status", "is_current", "created_at", "replaced_at", "retain_until")


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "user", "purpose", "policy_version", "granted_at", "ended_at", "end_reason")
    list_filter = ("purpose", "policy_version", "end_reason")
    search_fields = ("public_id", "user__public_id")


class RequestEventInline(admin.TabularInline):
    model = DataRequestEvent
    extra = 0
    fields = ("created_at", "actor_label", "from_status", "to_status", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "subject", "kind", "status", "created_at", "due_at", "completed_at")
    list_filter = ("kind", "status")
    search_fields = ("public_id", "subject__public_id")
    ordering = ("status", "due_at")
    exclude = ("correction_encrypted",)
    inlines = [RequestEventInline]
