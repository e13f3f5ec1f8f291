"""Read-only view of stored idempotency keys (bodies are not shown: they may hold personal data)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lapak.core.idempotency.models import IdempotencyKey


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ("key", "scope", "method", "path", "state", "response_status", "created_at")
    list_filter = ("state", "method")
    search_fields = ("key", "scope")
    date_hierarchy = "created_at"
    fields = (
        "scope", "key", "fingerprint", "method", "path", "state", "created_at", "locked_at", "completed_at",
        "response_status", "response_headers", "response_size",
    )
    readonly_fields = fields

    @admin.display(description=_("response size (bytes)"))
    def response_size(self, obj: IdempotencyKey) -> int:
        return len(obj.response_body or b"")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IdempotencyKey | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IdempotencyKey | None = None) -> bool:
        return False
