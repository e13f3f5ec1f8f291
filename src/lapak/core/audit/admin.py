"""Read-only admin views of the audit log: it is changed only by `audit_append` and the sealer."""

from __future__ import annotations

from django.contrib import admin

from lapak.core.admin import ReadOnlyAdmin
from lapak.core.audit.models import AuditEvent, PublicKey, TreeHead


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "public_id",
        "occurred_at",
        "actor",
        "action",
        "subject_type",
        "subject_id",
        "jurisdiction",
        "leaf_index",
    )
    list_filter = ("action", "jurisdiction", "subject_type")
    search_fields = ("public_id", "actor", "subject_id")
    date_hierarchy = "occurred_at"
    ordering = ("-id",)
    show_full_result_count = False  # a COUNT(*) over the whole log on every page is wasted work


@admin.register(TreeHead)
class TreeHeadAdmin(ReadOnlyAdmin):
    list_display = ("tree_size", "root_hash", "timestamp", "key_id")
    ordering = ("-tree_size",)


@admin.register(PublicKey)
class PublicKeyAdmin(ReadOnlyAdmin):
    list_display = ("key_id", "first_used_at", "retired_at")
    ordering = ("-first_used_at",)
